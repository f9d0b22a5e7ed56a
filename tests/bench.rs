//! `polsearch bench`: the JSON report on a tiny corpus has every field and the
//! figures agree with each other (not timings: no speed is asserted here).

use serde::Deserialize;

use crate::util::{polsearch, run_ok, TestDir};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    pages: usize,
    indexed: usize,
    duplicates: usize,
    skipped: usize,
    documents: u64,
    bytes: u64,
    wall_secs: f64,
    pages_per_sec: f64,
    mb_per_sec: f64,
    cpu_secs: Option<f64>,
    pages_per_cpu_sec: Option<f64>,
    peak_rss_bytes: Option<u64>,
    stages: Stages,
    extract: Option<Rate>,
    index_bytes: u64,
    query_latency: Option<Latency>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stages {
    walk_read: f64,
    extract: f64,
    classify: f64,
    index: f64,
    commit: f64,
    wall: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rate {
    pages_per_sec: f64,
    mb_per_sec: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Latency {
    queries: usize,
    samples: usize,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    mean_ms: f64,
    max_ms: f64,
}

fn page(title: &str, region: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav>\
         <article><p>Analysis | {region}</p><h1>{title}</h1><p>{body}</p><p>{body} Second paragraph.</p></article>\
         <footer>Sign up for our newsletter</footer></body></html>"
    )
}

fn tiny_corpus() -> TestDir {
    let t = TestDir::new();
    t.write(
        "corpus/a.html",
        page(
            "Grain deal talks resume",
            "Europe",
            "Ministers discussed grain exports and shipping.",
        ),
    );
    t.write(
        "corpus/sub/b.html",
        page(
            "Sahel truce holds",
            "Africa",
            "A ceasefire in Mali held for a third week.",
        ),
    );
    t.write(
        "corpus/c.txt",
        "Coffee tariffs\n\nAnalysis | Latin America\n\nColombia raised coffee tariffs on Monday.\n",
    );
    t.write("corpus/notes.md", "not a page");
    t.write(
        "queries.txt",
        "# two queries\ngrain\n\n\"coffee tariffs\"\n",
    );
    t
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 + 1e-3 * b.abs()
}

#[test]
fn json_report_is_complete_and_consistent() {
    let t = tiny_corpus();
    std::fs::create_dir(t.path().join("tmp")).unwrap();
    let out = run_ok(polsearch(t.path()).args([
        "bench",
        "corpus",
        "--json",
        "--queries",
        "queries.txt",
        "--query-runs",
        "3",
        "--temp-dir",
        "tmp",
    ]));
    let r: Report = serde_json::from_slice(&out.stdout).expect("bench --json prints one report");

    let on_disk: u64 = ["corpus/a.html", "corpus/sub/b.html", "corpus/c.txt"]
        .iter()
        .map(|p| std::fs::metadata(t.path().join(p)).unwrap().len())
        .sum();
    assert_eq!(r.pages, 3, "the walk sees the three pages, not notes.md");
    assert_eq!(r.indexed + r.duplicates + r.skipped, r.pages);
    assert_eq!(
        r.documents, r.indexed as u64,
        "a fresh index holds the indexed pages"
    );
    assert_eq!(r.bytes, on_disk, "bytes read are the pages' sizes");
    assert!(r.wall_secs > 0.0 && close(r.stages.wall, r.wall_secs));
    assert!(
        close(r.pages_per_sec, r.pages as f64 / r.wall_secs),
        "pages/s = pages / wall"
    );
    assert!(
        close(r.mb_per_sec, r.bytes as f64 / 1e6 / r.wall_secs),
        "MB/s = bytes / wall"
    );
    let s = &r.stages;
    for (name, v) in [
        ("walk_read", s.walk_read),
        ("extract", s.extract),
        ("classify", s.classify),
        ("index", s.index),
        ("commit", s.commit),
    ] {
        assert!(v >= 0.0 && v.is_finite(), "stage {name} = {v}");
    }
    match &r.extract {
        Some(e) => {
            assert!(s.extract > 0.0);
            assert!(close(e.pages_per_sec, r.pages as f64 / s.extract));
            assert!(close(e.mb_per_sec, r.bytes as f64 / 1e6 / s.extract));
        }
        None => assert_eq!(
            s.extract, 0.0,
            "an extraction time must come with an extraction rate"
        ),
    }
    if cfg!(target_os = "linux") {
        assert!(
            r.peak_rss_bytes.unwrap() > 1 << 20,
            "peak RSS is read from /proc"
        );
        let cpu = r.cpu_secs.expect("CPU time is read from /proc");
        assert!(cpu >= 0.0);
        if cpu > 0.0 {
            assert!(close(r.pages_per_cpu_sec.unwrap(), r.pages as f64 / cpu));
        }
    }
    assert!(r.index_bytes > 0, "the index was written");

    let q = r.query_latency.expect("--queries gives latencies");
    assert_eq!(
        (q.queries, q.samples),
        (2, 6),
        "two queries (comments and blank lines ignored) x 3 runs"
    );
    assert!(0.0 < q.p50_ms && q.p50_ms <= q.p95_ms && q.p95_ms <= q.p99_ms && q.p99_ms <= q.max_ms);
    assert!(q.mean_ms <= q.max_ms);

    let left: Vec<_> = std::fs::read_dir(t.path().join("tmp")).unwrap().collect();
    assert!(left.is_empty(), "the temporary index is removed: {left:?}");
}

#[test]
fn without_queries_there_is_no_latency() {
    let t = tiny_corpus();
    let r: Report = serde_json::from_value(t.json(&["bench", "corpus", "--json"])).unwrap();
    assert!(r.query_latency.is_none());
    assert_eq!(r.pages, 3);
}

#[test]
fn human_report_names_every_figure() {
    let t = tiny_corpus();
    let out = polsearch(t.path())
        .args(["bench", "corpus"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for label in [
        "pages",
        "wall time",
        "throughput",
        "peak memory",
        "index size",
        "stages",
        "extraction",
    ] {
        assert!(text.contains(label), "missing {label:?} in:\n{text}");
    }
}

#[test]
fn dump_jsonl_writes_one_article_per_line() {
    let t = tiny_corpus();
    run_ok(polsearch(t.path()).args(["bench", "corpus", "--dump-jsonl", "docs.jsonl"]));
    let text = std::fs::read_to_string(t.path().join("docs.jsonl")).unwrap();
    let docs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 3);
    for d in &docs {
        for key in ["path", "url", "title", "subtitle", "authors", "body"] {
            assert!(d[key].is_string(), "{key} missing in {d}");
        }
    }
    assert!(docs
        .iter()
        .any(|d| d["body"].as_str().unwrap().contains("ceasefire")));
}

#[test]
fn dump_jsonl_skips_what_the_indexer_skips() {
    let t = tiny_corpus();
    t.write(
        "corpus/menu.html",
        "<html><head><title>Menu</title></head><body><nav><a href=/>Home</a></nav></body></html>",
    );
    let out = polsearch(t.path())
        .args(["bench", "corpus", "--dump-jsonl", "docs.jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("wrote 3 articles") && err.contains("(1 pages skipped)"),
        "{err}"
    );
    let text = std::fs::read_to_string(t.path().join("docs.jsonl")).unwrap();
    assert!(!text.contains("menu.html"), "{text}");
}

#[test]
fn missing_query_file_is_a_one_line_error() {
    let t = tiny_corpus();
    let out = polsearch(t.path())
        .args(["bench", "corpus", "--queries", "nope.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("nope.txt"), "{err}");
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryReport {
    documents: u64,
    index_bytes: u64,
    query_latency: Latency,
}

#[test]
fn kept_index_can_be_queried_without_rebuilding() {
    let t = tiny_corpus();
    let built: Report =
        serde_json::from_value(t.json(&["bench", "corpus", "--json", "--keep-index", "kept"]))
            .unwrap();
    assert!(
        t.path().join("kept/meta.json").is_file(),
        "--keep-index keeps the index"
    );
    let q: QueryReport = serde_json::from_value(t.json(&[
        "bench",
        "--index",
        "kept",
        "--queries",
        "queries.txt",
        "--query-runs",
        "2",
        "--json",
    ]))
    .unwrap();
    assert_eq!(q.documents, built.indexed as u64);
    assert_eq!(q.index_bytes, built.index_bytes);
    assert_eq!((q.query_latency.queries, q.query_latency.samples), (2, 4));

    let again = polsearch(t.path())
        .args(["bench", "corpus", "--keep-index", "kept"])
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(2),
        "an existing index is not overwritten"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("kept"));
}
