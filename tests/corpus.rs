//! The demo corpus (`corpus/`, described row by row in `corpus/MANIFEST.tsv`):
//! its shape, the uniqueness of its probe words, and the acceptance checks that
//! run the real binary over it (indexing without skips, body words found,
//! teaser/chrome words not found, titles extracted as written).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use polsearch::facets::REGIONS;
use polsearch::schema::{build_schema, register_tokenizers, TEXT_TOKENIZER};

use crate::util::*;

/// One row of `corpus/MANIFEST.tsv`.
#[derive(Debug)]
struct Row {
    path: String,
    template: String,
    title: String,
    date: String,
    regions: Vec<String>,
    topics: Vec<String>,
    body_probes: Vec<String>,
    chrome_probes: Vec<String>,
    /// The page this one reprints (`copy_of`), when it is a reprint.
    copy_of: Option<String>,
}

fn corpus_dir() -> PathBuf {
    root().join("corpus")
}

fn list(field: &str) -> Vec<String> {
    field
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn manifest() -> Vec<Row> {
    let text = std::fs::read_to_string(corpus_dir().join("MANIFEST.tsv"))
        .expect("corpus/MANIFEST.tsv is readable");
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .expect("MANIFEST has a header")
        .split('\t')
        .collect();
    assert_eq!(
        header,
        [
            "path",
            "site",
            "template",
            "kind",
            "title",
            "date",
            "regions",
            "countries",
            "topics",
            "body_probe_words",
            "chrome_probe_words",
            "copy_of"
        ]
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(
                f.len(),
                header.len(),
                "MANIFEST row has {} fields: {l}",
                f.len()
            );
            Row {
                path: f[0].to_string(),
                template: f[2].to_string(),
                title: f[4].to_string(),
                date: f[5].to_string(),
                regions: list(f[6]),
                topics: list(f[8]),
                body_probes: list(f[9]),
                chrome_probes: list(f[10]),
                copy_of: Some(f[11].to_string()).filter(|s| !s.is_empty()),
            }
        })
        .collect()
}

/// Every indexable page under `corpus/`, relative to it, as the indexer's walk sees them.
fn pages() -> BTreeSet<String> {
    let dir = corpus_dir();
    polsearch::corpus::walk(std::slice::from_ref(&dir))
        .map(|p| p.expect("corpus walk has no errors"))
        .map(|p| {
            p.strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// The search analyzer's terms (lowercased, folded, stemmed) for `text`.
fn terms(analyzer: &mut tantivy::tokenizer::TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[test]
fn corpus_has_the_required_shape() {
    let rows = manifest();
    let on_disk = pages();
    let listed: BTreeSet<String> = rows.iter().map(|r| r.path.clone()).collect();
    assert_eq!(listed.len(), rows.len(), "MANIFEST lists a page twice");
    assert_eq!(
        listed, on_disk,
        "MANIFEST and the pages under corpus/ differ"
    );

    assert!(rows.len() >= 30, "only {} pages", rows.len());
    let txt = rows.iter().filter(|r| r.path.ends_with(".txt")).count();
    assert!(txt >= 3, "only {txt} plain-text scrapes");
    let html_templates: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.path.ends_with(".html"))
        .map(|r| r.template.as_str())
        .collect();
    assert!(
        html_templates.len() >= 4,
        "only {} HTML templates: {html_templates:?}",
        html_templates.len()
    );

    let mut per_region: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        for region in &r.regions {
            assert!(
                REGIONS.contains(&region.as_str()),
                "{}: unknown region {region:?}",
                r.path
            );
            *per_region.entry(region.as_str()).or_default() += 1;
        }
        assert!(!r.topics.is_empty(), "{}: no topic", r.path);
        assert!(
            r.date.len() == 10 && ("2022".."2026").contains(&&r.date[..4]),
            "{}: date {:?} outside 2022-2025",
            r.path,
            r.date
        );
        assert!(
            r.body_probes.len() >= 3,
            "{}: fewer than 3 body probe words",
            r.path
        );
        assert!(
            r.chrome_probes.len() >= 2,
            "{}: fewer than 2 chrome probe words",
            r.path
        );
    }
    for region in REGIONS {
        assert!(
            per_region.get(region).copied().unwrap_or(0) >= 3,
            "region {region} has fewer than 3 pages: {per_region:?}"
        );
    }
    let topics: BTreeSet<&str> = rows
        .iter()
        .flat_map(|r| r.topics.iter().map(String::as_str))
        .collect();
    assert!(
        topics.len() >= 12,
        "only {} topics covered: {topics:?}",
        topics.len()
    );

    let bytes: u64 = walkdir::WalkDir::new(corpus_dir())
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    assert!(bytes < 2 << 20, "corpus/ is {bytes} bytes, over 2 MB");
}

/// The MANIFEST's promise, checked on raw files with the search analyzer: each
/// probe word's stemmed term occurs in its own page's file and in no other file,
/// except a reprint of the page or the page a reprint copies (`copy_of`).
/// (That it sits in the body, not the chrome, of its page is checked by
/// `corpus/.gen/verify.py` when the corpus is rebuilt, and end to end below.)
#[test]
fn probe_words_occur_in_exactly_one_page() {
    let index = tantivy::Index::create_in_ram(build_schema());
    register_tokenizers(&index);
    let mut analyzer = index.tokenizers().get(TEXT_TOKENIZER).unwrap();
    let rows = manifest();
    let file_terms: BTreeMap<&str, BTreeSet<String>> = rows
        .iter()
        .map(|r| {
            let text = std::fs::read_to_string(corpus_dir().join(&r.path)).unwrap();
            (
                r.path.as_str(),
                terms(&mut analyzer, &text).into_iter().collect(),
            )
        })
        .collect();
    let copies = |path: &str| -> BTreeSet<String> {
        let mut own: BTreeSet<String> = rows
            .iter()
            .filter(|o| o.copy_of.as_deref() == Some(path))
            .map(|o| o.path.clone())
            .collect();
        own.extend(
            rows.iter()
                .filter(|o| o.path == path)
                .flat_map(|o| o.copy_of.clone()),
        );
        own.insert(path.to_string());
        own
    };
    let mut problems = Vec::new();
    for r in &rows {
        let allowed = copies(&r.path);
        for (kind, word) in r
            .body_probes
            .iter()
            .map(|w| ("body", w))
            .chain(r.chrome_probes.iter().map(|w| ("chrome", w)))
        {
            let t = terms(&mut analyzer, word);
            assert_eq!(
                t.len(),
                1,
                "{}: probe {word:?} is not a single term: {t:?}",
                r.path
            );
            let holders: Vec<&str> = file_terms
                .iter()
                .filter(|(_, ts)| ts.contains(&t[0]))
                .map(|(p, _)| *p)
                .collect();
            let ok = holders.contains(&r.path.as_str())
                && (kind == "body" || holders.len() == 1)
                && holders.iter().all(|h| allowed.contains(*h));
            if !ok {
                problems.push(format!(
                    "{} {kind} probe {word:?} (term {:?}) is in {holders:?}",
                    r.path, t[0]
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "probe words that are not unique to their page:\n{}",
        problems.join("\n")
    );
}

/// Builds an index of the whole corpus in a temp dir; returns the dir and the JSON report.
fn index_corpus() -> (TestDir, serde_json::Value) {
    let t = TestDir::new();
    let corpus = corpus_dir();
    let report = t.json(&[
        "index",
        corpus.to_str().unwrap(),
        "--index",
        "idx",
        "--json",
    ]);
    (t, report)
}

#[test]
fn every_corpus_page_indexes_without_a_skip() {
    let (_t, report) = index_corpus();
    let skipped = report["skipped"]
        .as_array()
        .expect("report has a skipped list");
    assert!(skipped.is_empty(), "skipped pages: {skipped:#?}");
    assert_eq!(report["seen"].as_u64(), Some(manifest().len() as u64));
    assert_eq!(report["indexed"].as_u64(), Some(manifest().len() as u64));
}

/// The pages that a search for `word` lists: each hit and the copies listed
/// under it (`also`, a reprint of the hit's article).
fn hit_paths(t: &TestDir, word: &str) -> Vec<String> {
    let v = t.json(&["search", word, "--index", "idx", "--json", "--limit", "50"]);
    v["hits"]
        .as_array()
        .expect("hits is a list")
        .iter()
        .flat_map(|h| {
            std::iter::once(&h["path"]).chain(
                h["also"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| &c["path"]),
            )
        })
        .map(|p| p.as_str().unwrap().replace('\\', "/"))
        .collect()
}

fn is_page(hit: &str, page: &str) -> bool {
    Path::new(hit).ends_with(page)
}

/// Acceptance test for boilerplate removal: a word of the article body finds its
/// page; a word that occurs only in that page's teasers for other articles, nav
/// or newsletter pitch must not.
#[test]
fn body_words_find_their_page_and_chrome_words_do_not() {
    let (t, _) = index_corpus();
    let mut problems = Vec::new();
    for r in manifest() {
        for w in &r.body_probes {
            let hits = hit_paths(&t, w);
            if !hits.iter().any(|h| is_page(h, &r.path)) {
                problems.push(format!(
                    "{}: body word {w:?} does not find the page (hits: {hits:?})",
                    r.path
                ));
            }
        }
        for w in &r.chrome_probes {
            let hits = hit_paths(&t, w);
            if hits.iter().any(|h| is_page(h, &r.path)) {
                problems.push(format!("{}: chrome word {w:?} finds the page", r.path));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} probe failures:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Acceptance test for title extraction: `polsearch extract --json` gives the
/// headline as written, without the site name of `<title>` or the label lines.
#[test]
fn extracted_titles_match_the_manifest() {
    let mut problems = Vec::new();
    let dir = corpus_dir();
    for r in manifest() {
        let out = polsearch(&dir)
            .args(["extract", &r.path, "--json"])
            .output()
            .unwrap();
        if !out.status.success() {
            problems.push(format!(
                "{}: extract failed: {}",
                r.path,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("extract --json prints JSON");
        let title = v["title"].as_str().unwrap_or_default();
        if title != r.title {
            problems.push(format!(
                "{}: extracted {title:?}, expected {:?}",
                r.path, r.title
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} title mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Acceptance test for classification: each page's main region (the first one
/// in the MANIFEST) is among the regions `polsearch extract --json` assigns,
/// whether the page labels it, shows it only in its URL, or leaves it to the text.
#[test]
fn main_region_is_classified() {
    let mut problems = Vec::new();
    let dir = corpus_dir();
    for r in manifest() {
        let out = polsearch(&dir)
            .args(["extract", &r.path, "--json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        let regions: Vec<&str> = v["region"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        if !regions.contains(&r.regions[0].as_str()) {
            problems.push(format!(
                "{}: main region {:?} not in {regions:?}",
                r.path, r.regions[0]
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} pages without their main region:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The README's one-command demo: the Wagner/Mali analysis is the top hit.
#[test]
fn readme_demo_query_finds_the_wagner_page() {
    let (t, _) = index_corpus();
    let v = t.json(&[
        "search",
        "Wagner AND Mali",
        "--region",
        "Africa",
        "--index",
        "idx",
        "--json",
    ]);
    let top = v["hits"][0]["path"].as_str().unwrap_or_default();
    assert!(
        is_page(
            top,
            "meridian-review/2025/wagner-leaves-mali-africa-corps.html"
        ),
        "top hit is {top:?}: {v:#}"
    );
}
