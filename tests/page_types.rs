//! Page types through the real binary: `extract --json` carries `page_type`,
//! `index` counts documents per type, `search` leaves listing and collection
//! pages out unless asked (`--page-type`, `page_type:`, `--all-types`), and
//! the JSON output has a page-type facet count. The pages are our own, written
//! in the shape of a news site's article and of its section front.

use crate::util::*;

const PARA: &str = "The delegations met in Cartagena on Tuesday, and after three days of \
    talks, the government of Colombia and the rebel commanders agreed to extend the ceasefire \
    for six months, to open two humanitarian corridors in the south, and to let observers \
    from the region verify that both sides keep their troops away from the villages.";

/// An article page: JSON-LD NewsArticle, Open Graph article, a dated URL and
/// several paragraphs of prose.
fn article() -> String {
    let paras: String = (0..6)
        .map(|k| format!("<p>{PARA} In round {k}, the mediators said the text held.</p>"))
        .collect();
    format!(
        r#"<html><head><title>Colombia extends its ceasefire | The Ledger</title>
        <meta property="og:type" content="article">
        <link rel="canonical" href="https://ledger.example.org/2024/03/12/colombia-extends-ceasefire/">
        <script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
        "headline":"Colombia extends its ceasefire","datePublished":"2024-03-12"}}</script></head>
        <body><nav><a href="/">Home</a> <a href="/world/">World</a></nav>
        <main><article><h1>Colombia extends its ceasefire</h1>{paras}</article></main>
        <footer>© The Ledger</footer></body></html>"#
    )
}

/// A section front: a grid of teaser cards for other stories (one of them
/// mentions Colombia), JSON-LD CollectionPage, a category URL.
fn listing() -> String {
    let topics = [
        "Colombia", "Peru", "Chile", "Brazil", "Mexico", "Bolivia", "Ecuador", "Panama", "Uruguay",
        "Paraguay", "Honduras", "Cuba",
    ];
    let cards: String = topics
        .iter()
        .enumerate()
        .map(|(k, c)| {
            format!(
                r#"<div class="card"><a href="/2024/03/{k}/story-{k}/"><img src="/i/{k}.jpg">
                <h3>What comes next for {c}</h3></a><p class="teaser">A short look at {c} this week.</p>
                <span class="date">March {k}, 2024</span></div>"#
            )
        })
        .collect();
    format!(
        r#"<html><head><title>Latin America | The Ledger</title>
        <meta property="og:type" content="website">
        <link rel="canonical" href="https://ledger.example.org/category/latin-america/">
        <script type="application/ld+json">{{"@context":"https://schema.org","@type":"CollectionPage",
        "name":"Latin America"}}</script></head>
        <body class="archive category"><nav><a href="/">Home</a></nav>
        <main><h1>Latin America: Colombia and its neighbours</h1><div class="grid">{cards}</div>
        <div class="pager"><a href="?page=2">Next page</a></div></main>
        <footer>© The Ledger</footer></body></html>"#
    )
}

fn corpus() -> TestDir {
    let t = TestDir::new();
    t.write("pages/colombia-ceasefire.html", article());
    t.write("pages/latin-america.html", listing());
    t
}

fn paths(v: &serde_json::Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn extract_gives_the_page_type() {
    let t = corpus();
    let a = t.json(&["extract", "pages/colombia-ceasefire.html", "--json"]);
    assert_eq!(a["page_type"], "article");
    let l = t.json(&["extract", "pages/latin-america.html", "--json"]);
    assert_eq!(l["page_type"], "listing", "{l}");
    let out = polsearch(t.path())
        .args(["extract", "pages/latin-america.html"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("pagetype: listing"));
}

#[test]
fn index_counts_pages_per_type_and_search_leaves_listings_out() {
    let t = corpus();
    let report = t.json(&["index", "pages", "--index", "idx", "--json"]);
    assert_eq!(report["page_types"]["article"], 1, "{report}");
    assert_eq!(report["page_types"]["listing"], 1, "{report}");
    let out = polsearch(t.path())
        .args(["index", "pages", "--index", "idx"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("page types: 1 article, 1 listing"), "{err}");

    // "Colombia" is in a teaser of the listing: by default only the article
    let v = t.json(&["search", "colombia", "--index", "idx", "--json"]);
    assert_eq!(paths(&v), ["pages/colombia-ceasefire.html"], "{v}");
    assert_eq!(v["hits"][0]["page_type"], "article");
    assert_eq!(v["facets"]["page_type"]["article"], 1);
    assert!(v["facets"]["page_type"].get("listing").is_none());

    // asked for: by option, in the query, or every type
    let v = t.json(&[
        "search",
        "colombia",
        "--index",
        "idx",
        "--page-type",
        "listing",
        "--json",
    ]);
    assert_eq!(paths(&v), ["pages/latin-america.html"], "{v}");
    let v = t.json(&[
        "search",
        "colombia page_type:listing",
        "--index",
        "idx",
        "--json",
    ]);
    assert_eq!(paths(&v), ["pages/latin-america.html"], "{v}");
    let v = t.json(&[
        "search",
        "colombia",
        "--index",
        "idx",
        "--all-types",
        "--json",
    ]);
    assert_eq!(v["total"], 2, "{v}");
    assert_eq!(v["facets"]["page_type"]["listing"], 1);
    let v = t.json(&[
        "search",
        "colombia",
        "--index",
        "idx",
        "--page-type",
        "Article",
        "--json",
    ]);
    assert_eq!(paths(&v), ["pages/colombia-ceasefire.html"]);

    let s = t.json(&["stats", "--index", "idx", "--json"]);
    assert_eq!(s["page_types"]["listing"], 1, "{s}");
}

#[test]
fn an_unknown_page_type_is_a_one_line_error() {
    let t = corpus();
    t.json(&["index", "pages", "--index", "idx", "--json"]);
    for args in [
        vec![
            "search",
            "colombia",
            "--index",
            "idx",
            "--page-type",
            "blog",
        ],
        vec!["search", "colombia page_type:blog", "--index", "idx"],
    ] {
        let out = polsearch(t.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("unknown page type 'blog'"), "{err}");
    }
}
