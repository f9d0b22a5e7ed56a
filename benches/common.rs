//! Inputs shared by the criterion benches: the real pages of `../shared` (or a
//! few pages of our own when it is missing), loaded into memory once.

#![allow(dead_code)]

use std::path::PathBuf;

use polsearch::corpus::{self, SourcePage};

/// True under `cargo bench` (criterion gets `--bench`); under `cargo test
/// --all-targets` each bench runs once, so the setup is kept small.
pub fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// `full` pages under `cargo bench` (at most `POLSEARCH_BENCH_PAGES` when that is
/// set, for a quicker run), `quick` under `cargo test`.
pub fn page_limit(full: usize, quick: usize) -> usize {
    if !full_run() {
        return quick;
    }
    match std::env::var("POLSEARCH_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(n) => full.min(n),
        None => full,
    }
}

/// `../shared` beside the repository; panics when it is missing and CI=true
/// (the tests' lookup, `polsearch_tools::shared::dir`).
pub fn shared() -> Option<PathBuf> {
    let dir = polsearch_tools::shared::dir();
    if dir.is_none() {
        eprintln!("benching on built-in pages only");
    }
    dir
}

/// Pages under `rel` in `../shared` with one of our extensions, sorted, at most `limit`.
pub fn shared_pages(rel: &str, limit: usize) -> Vec<SourcePage> {
    let Some(shared) = shared() else {
        return fallback_pages();
    };
    corpus::walk(&[shared.join(rel)])
        .filter_map(Result::ok)
        .take(limit)
        .map(|p| SourcePage::read(&p).expect("readable page"))
        .collect()
}

/// The real HTML pages: `data/extraction-dev/html` then `corpus/real`.
pub fn html_pages(limit: usize) -> Vec<SourcePage> {
    let mut pages = shared_pages("data/extraction-dev/html", limit);
    if pages.len() < limit && shared().is_some() {
        pages.extend(shared_pages("corpus/real", limit - pages.len()));
    }
    pages
}

/// Total bytes of `pages`.
pub fn total_bytes(pages: &[SourcePage]) -> u64 {
    pages.iter().map(|p| p.bytes.len() as u64).sum()
}

/// A few article pages of our own, used when `../shared` is absent.
pub fn fallback_pages() -> Vec<SourcePage> {
    let topics = [
        (
            "Sanctions and the grain corridor",
            "Europe",
            "Ministers met in Brussels to weigh new sanctions on shipping.",
        ),
        (
            "Elections in the Sahel",
            "Africa",
            "Voters in Mali and Niger face a crowded calendar and a fragile truce.",
        ),
        (
            "Andean trade talks stall",
            "Latin America",
            "Colombia and Peru could not agree on tariffs for copper and coffee.",
        ),
        (
            "Naval drills near the strait",
            "Asia-Pacific",
            "Coast guards shadowed each other for three days of exercises.",
        ),
    ];
    topics
        .iter()
        .enumerate()
        .map(|(i, (title, region, lede))| {
            let body: String = (0..12)
                .map(|k| format!("<p>{lede} Paragraph {k} adds detail on diplomacy, budgets and security.</p>\n"))
                .collect();
            let html = format!(
                "<!DOCTYPE html><html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav>\
                 <article><p class=\"label\">Analysis | {region}</p><h1>{title}</h1>{body}</article>\
                 <footer>Subscribe to our newsletter</footer></body></html>"
            );
            SourcePage::from_bytes(format!("fallback-{i}.html"), html.into_bytes())
        })
        .collect()
}

/// Extracts, classifies and adds every page that is an article to `writer`,
/// through the indexer's per-page pipeline; returns how many were added (the
/// others are skipped, as the indexer skips them).
pub fn add_pages(
    writer: &tantivy::IndexWriter,
    fields: &polsearch::schema::Fields,
    pages: &[SourcePage],
    rules: &polsearch::extract::Rules,
    classifier: &polsearch::facets::Classifier,
) -> usize {
    let mut n = 0;
    for p in pages {
        if let Ok(a) = polsearch::index::process_source(p, rules, classifier) {
            writer
                .add_document(polsearch::index::to_document(fields, &p.path, &a))
                .unwrap();
            n += 1;
        }
    }
    n
}
