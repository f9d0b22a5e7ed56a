//! Region and topic facets: the Reuters-21578 targets (region precision ≥ 0.90,
//! recall ≥ 0.85, through `polsearch-tools`), the seed page, and `--taxonomy`.
//! The `polsearch-tools eval-facets` command is tested in `tools/tests/`.

use polsearch::facets::Classifier;
use polsearch_tools::facets::eval_reuters;
use polsearch_tools::places::PlaceMap;

use crate::util::*;

#[test]
fn reuters_region_targets() {
    let Some(shared) = shared() else { return };
    let places = PlaceMap::load(&shared.join("data/country-region-gazetteer.csv")).unwrap();
    let r = eval_reuters(
        &shared.join("corpus/bulk/reuters21578"),
        &places,
        &Classifier::default(),
        true,
    )
    .unwrap();
    eprintln!(
        "reuters: {} stories; region P {:.3} R {:.3}; country P {:.3} R {:.3}",
        r.stories, r.region.precision, r.region.recall, r.country.precision, r.country.recall
    );
    assert!(r.stories > 15_000, "only {} stories parsed", r.stories);
    assert!(
        r.unmapped_places.is_empty(),
        "unmapped place codes: {:?}",
        r.unmapped_places
    );
    assert!(
        r.region.precision >= 0.90,
        "region precision {:.3} < 0.90",
        r.region.precision
    );
    assert!(
        r.region.recall >= 0.85,
        "region recall {:.3} < 0.85",
        r.region.recall
    );
}

#[test]
fn seed_page_is_africa_only() {
    let Some(shared) = shared() else { return };
    let page =
        polsearch::corpus::SourcePage::read(&shared.join("corpus/text/000_bb4308c7866b23c2.txt"))
            .unwrap();
    let mut a = polsearch::extract::extract(&page, &polsearch::extract::Rules::default()).unwrap();
    Classifier::default().classify(&mut a);
    assert_eq!(a.region, ["Africa"], "{:?} {:?}", a.region, a.country);
    assert!(
        a.country.contains(&"Africa/Mali".to_string()),
        "{:?}",
        a.country
    );
    assert!(
        a.country.iter().all(|c| c.starts_with("Africa/")),
        "{:?}",
        a.country
    );
}

#[test]
fn extract_uses_a_user_taxonomy() {
    let t = TestDir::new();
    t.write(
        "tax.toml",
        "[[topic]]\nname = \"Fisheries\"\nkeywords = [\"trawler\", \"fishing quota\"]\n",
    );
    t.write("page.txt", "Trawlers off Senegal\n\nTrawlers off Senegal\n\nForeign trawlers empty Senegalese waters as fishing quotas go unenforced near Dakar.\n");
    let out = polsearch(t.path())
        .args(["extract", "page.txt", "--json", "--taxonomy", "tax.toml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["region"][0], "Africa");
    assert_eq!(v["country"][0], "Africa/Senegal");
    assert_eq!(v["topic"][0], "Fisheries");
}

#[test]
fn bad_taxonomy_is_one_line_naming_the_file() {
    let t = TestDir::new();
    t.write("tax.toml", "[[region]\nname = 1\n");
    t.write("page.txt", "Title\n\nTitle\n\nBody.\n");
    let out = polsearch(t.path())
        .args(["extract", "page.txt", "--taxonomy", "tax.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tax.toml") && err.lines().count() == 1,
        "{err}"
    );
}
