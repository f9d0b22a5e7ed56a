//! End-to-end: `index` then `search` through the real binary.

use crate::util::*;

#[test]
fn index_then_search_finds_the_page() {
    let t = TestDir::new();
    t.write("pages/a.txt", "Harbour talks in Mombasa\n\nAnalysis | Africa\n\nKenyan officials met port operators to discuss tariffs.\n");
    polsearch(t.path())
        .args(["index", "pages", "--index", "idx"])
        .assert()
        .success();
    let v = t.json(&["search", "tariffs", "--index", "idx", "--json"]);
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["title"], "Harbour talks in Mombasa");
    polsearch(t.path())
        .args(["search", "zebra", "--index", "idx"])
        .assert()
        .code(1);
}
