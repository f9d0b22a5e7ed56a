//! `polsearch index` through the real binary: incremental runs and their
//! accounting, duplicates, `--full`, locking, and `kill -9` at random points.

use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::*;

fn page(title: &str, body: &str) -> String {
    format!("{title}\n\nAnalysis | Africa\n\n{body}\n")
}

/// Runs `index pages --index idx` plus `extra` with `--json`; returns the report.
fn index(t: &TestDir, extra: &[&str]) -> Value {
    let mut args = vec![
        "index",
        "pages",
        "--index",
        "idx",
        "--json",
        "--threads",
        "2",
    ];
    args.extend_from_slice(extra);
    t.json(&args)
}

/// Runs polsearch with `args`, which must fail with exit code 2 and one line
/// on standard error; returns that line.
fn one_line_error(t: &TestDir, args: &[&str]) -> String {
    let out = polsearch(t.path()).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "{err}");
    err
}

fn n(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .or_else(|| v[key].as_array().map(|a| a.len() as u64))
        .unwrap_or_else(|| panic!("{key} in {v}"))
}

/// Asserts the accounting identity and the counts `[new, updated, unchanged, duplicates, skipped, removed]`.
fn assert_counts(v: &Value, expected: [u64; 6]) {
    let keys = [
        "indexed",
        "updated",
        "unchanged",
        "duplicates",
        "skipped",
        "removed",
    ];
    let got: Vec<u64> = keys.iter().map(|k| n(v, k)).collect();
    assert_eq!(got, expected, "{keys:?} in {v:#}");
    assert_eq!(
        n(v, "seen"),
        got.iter().sum::<u64>(),
        "seen must be the sum: {v:#}"
    );
}

fn total(t: &TestDir, query: &str) -> u64 {
    let v = t.json(&["search", query, "--index", "idx", "--json", "--limit", "1"]);
    v["total"].as_u64().unwrap()
}

/// Moves the file's modification time 10 s later, bytes untouched (set
/// explicitly: a rewrite may keep the same mtime on a coarse clock).
fn set_mtime_later(path: &Path) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    let mtime = file.metadata().unwrap().modified().unwrap();
    file.set_modified(mtime + Duration::from_secs(10)).unwrap();
}

fn touch_later(path: &Path, contents: &str) {
    // Same size, new contents: only the hash can tell (mtime may not move on coarse clocks).
    std::fs::write(path, contents).unwrap();
}

#[test]
fn incremental_runs_add_update_remove_and_never_duplicate() {
    let t = TestDir::new();
    for i in 0..5 {
        t.write(
            &format!("pages/p{i}.txt"),
            page(
                &format!("Port talks {i}"),
                &format!("Officials met operators zz{i}."),
            ),
        );
    }
    let v = index(&t, &[]);
    assert_counts(&v, [5, 0, 0, 0, 0, 0]);
    assert_eq!(v["full"], true);
    let v = index(&t, &[]);
    assert_counts(&v, [0, 0, 5, 0, 0, 0]);
    assert_eq!(v["full"], false);
    assert_eq!(v["bytes"], 0, "an unchanged re-run reads no page");

    // One new, one changed (same size), one deleted.
    t.write(
        "pages/new.txt",
        page("Harbour tariffs", "A new page about tariffs."),
    );
    touch_later(
        &t.path().join("pages/p1.txt"),
        &page("Port talks 1", "Officials met operators yy1."),
    );
    std::fs::remove_file(t.path().join("pages/p2.txt")).unwrap();
    let v = index(&t, &[]);
    assert_counts(&v, [1, 1, 3, 0, 0, 1]);
    assert_eq!(v["documents"], 5);
    assert_eq!(total(&t, "operators"), 4);
    assert_eq!(total(&t, "zz1"), 0, "the old version of p1 is gone");
    assert_eq!(total(&t, "yy1"), 1);
    assert_eq!(total(&t, "zz2"), 0, "the deleted page is gone");

    // Same bytes, new mtime: unchanged, and not read again the time after.
    set_mtime_later(&t.path().join("pages/p0.txt"));
    let v = index(&t, &[]);
    assert_counts(&v, [0, 0, 5, 0, 0, 0]);
    assert!(n(&v, "bytes") > 0);
    let v = index(&t, &[]);
    assert_eq!(v["bytes"], 0);
    assert_eq!(total(&t, "zz0"), 1);

    // --full re-extracts everything, and the result is the same.
    let v = index(&t, &["--full"]);
    assert_counts(&v, [5, 0, 0, 0, 0, 0]);
    assert_eq!(total(&t, "operators"), 4);
}

#[test]
fn duplicates_are_indexed_once_and_the_first_path_wins() {
    let t = TestDir::new();
    let body = "Kenyan officials met port operators to discuss tariffs.";
    t.write("pages/b.txt", page("Harbour talks", body));
    let v = index(&t, &[]);
    assert_counts(&v, [1, 0, 0, 0, 0, 0]);
    // The same article (case, quotes, spacing differ) under a path that sorts first takes over.
    t.write(
        "pages/a.txt",
        page(
            "Harbour talks",
            &body
                .replace("Kenyan", "KENYAN")
                .replace("tariffs.", "\"tariffs\".  "),
        ),
    );
    t.write("pages/c.txt", page("Harbour talks", body));
    let v = index(&t, &[]);
    assert_eq!(n(&v, "documents"), 1);
    assert_eq!(n(&v, "seen"), 3);
    let dups: Vec<(String, String)> = v["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["of"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        dups,
        [
            ("pages/b.txt".into(), "pages/a.txt".into()),
            ("pages/c.txt".into(), "pages/a.txt".into())
        ]
    );
    let hits = t.json(&["search", "tariffs", "--index", "idx", "--json"]);
    assert_eq!(hits["total"], 1);
    assert_eq!(hits["hits"][0]["path"], "pages/a.txt");
    // Unchanged re-run: still listed as duplicates, nothing read.
    let v = index(&t, &[]);
    assert_counts(&v, [0, 0, 1, 2, 0, 0]);
    assert_eq!(v["bytes"], 0);
    // The winner is deleted: the next path takes over.
    std::fs::remove_file(t.path().join("pages/a.txt")).unwrap();
    let v = index(&t, &[]);
    assert_counts(&v, [1, 0, 0, 1, 0, 1]);
    assert_eq!(v["duplicates"][0]["of"], "pages/b.txt");
    assert_eq!(
        t.json(&["search", "tariffs", "--index", "idx", "--json"])["hits"][0]["path"],
        "pages/b.txt"
    );
    // The winner changes into another article: its duplicate is indexed on its own.
    t.write(
        "pages/b.txt",
        page("Other talks", "Something else entirely, about fisheries."),
    );
    let v = index(&t, &[]);
    assert_counts(&v, [1, 1, 0, 0, 0, 0]);
    assert_eq!(total(&t, "tariffs"), 1);
    assert_eq!(total(&t, "fisheries"), 1);
}

#[test]
fn same_canonical_url_is_a_duplicate() {
    let t = TestDir::new();
    let html = |body: &str| {
        format!(
            "<html><head><title>Mali talks</title><link rel=\"canonical\" href=\"https://example.org/2024/mali-talks/\">\
             <meta property=\"og:url\" content=\"https://example.org/2024/mali-talks/\"></head>\
             <body><article><h1>Mali talks</h1><p>{body}</p></article></body></html>"
        )
    };
    t.write(
        "pages/one.html",
        html("Negotiators met in Bamako on Tuesday."),
    );
    t.write(
        "pages/two.html",
        html("Negotiators met in Bamako on Tuesday, officials said."),
    );
    let v = index(&t, &[]);
    assert_eq!(n(&v, "duplicates"), 1, "{v:#}");
    assert_eq!(v["duplicates"][0]["of"], "pages/one.html");
    let hits = t.json(&["search", "Bamako", "--index", "idx", "--json"]);
    assert_eq!(hits["total"], 1);
    assert_eq!(
        hits["hits"][0]["url"],
        "https://example.org/2024/mali-talks/"
    );
}

#[test]
fn a_missing_root_is_an_error_and_the_index_is_kept() {
    let t = TestDir::new();
    t.write(
        "pages/a.txt",
        page(
            "Harbour talks",
            "Kenyan officials met port operators to discuss tariffs.",
        ),
    );
    index(&t, &[]);
    let err = one_line_error(&t, &["index", "pagez", "--index", "idx"]);
    assert!(
        err.contains("pagez") && err.contains("No such file"),
        "{err}"
    );
    assert_eq!(total(&t, "operators"), 1);
}

#[test]
fn a_second_writer_fails_at_once_and_search_still_works() {
    let t = TestDir::new();
    t.write(
        "pages/a.txt",
        page(
            "Harbour talks",
            "Kenyan officials met port operators to discuss tariffs.",
        ),
    );
    index(&t, &[]);
    // Hold the writer lock as a running `index` would.
    let idx = polsearch::index::open(&t.path().join("idx")).unwrap();
    let _writer: tantivy::IndexWriter = idx.writer(50_000_000).unwrap();
    let start = Instant::now();
    let out = polsearch(t.path())
        .args(["index", "pages", "--index", "idx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("another `polsearch index` is writing to it"),
        "{err}"
    );
    assert!(err.contains("idx"), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "must fail at once, not wait"
    );
    assert_eq!(total(&t, "operators"), 1);
}

#[test]
fn similar_refuses_a_page_file_the_indexer_skips() {
    let t = TestDir::new();
    t.write(
        "pages/a.txt",
        page(
            "Harbour talks",
            "Kenyan officials met port operators to discuss tariffs.",
        ),
    );
    let menu =
        "<html><head><title>Menu</title></head><body><nav><a href=/>Home</a></nav></body></html>";
    t.write("menu.html", menu);
    t.write("pages/menu.html", menu);
    let v = index(&t, &[]);
    let reason = v["skipped"][0]["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("no article text"), "{v:#}");
    let out = polsearch(t.path())
        .args(["similar", "menu.html", "--index", "idx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("menu.html") && err.contains(&reason), "{err}");
}

/// A tiny deterministic generator (seed printed, so a failure can be replayed).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

/// Waits until the index at `meta` (its `meta.json`) has been rewritten
/// `commits` times by `child`, or until `child` exits; true when it still runs.
fn wait_for_commits(child: &mut Child, meta: &Path, commits: u64) -> bool {
    let mut last = std::fs::read_to_string(meta).ok();
    let mut seen = 0;
    let deadline = Instant::now() + Duration::from_secs(60);
    while seen < commits {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        let now = std::fs::read_to_string(meta).ok();
        if now.is_some() && now != last {
            seen += 1;
            last = now;
        }
        assert!(Instant::now() < deadline, "no commit within 60 s");
        std::thread::sleep(Duration::from_millis(2));
    }
    true
}

/// Searches the index while an `index` run may be writing it: must never fail.
fn search_ok(t: &TestDir, query: &str) -> Value {
    let out = polsearch(t.path())
        .args(["search", query, "--index", "idx", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.code().unwrap_or(9) <= 1,
        "search during or after an index run: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Starts `index --full` with frequent commits, kills it after a random one
/// (1–3), and checks that every page is still searchable and that the last
/// commit names the file of the pages the rebuild had extracted; returns
/// that file's name (in `idx/`).
fn kill_full_rebuild(t: &TestDir, rng: &mut Lcg, pages: u64) -> String {
    let meta = t.path().join("idx/meta.json");
    let meta_before = std::fs::read_to_string(&meta).unwrap();
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_polsearch"))
        .args(["index", "pages", "--index", "idx", "--full"])
        .args(["--commit-every", "10", "--threads", "2", "-q"])
        .current_dir(t.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let running = wait_for_commits(&mut child, &meta, 1 + rng.next(3));
    if running {
        child.kill().unwrap();
    }
    child.wait().unwrap();
    assert!(running, "the --full run finished before its kill");
    assert_eq!(total(t, "delegates OR fisheries"), pages);
    let meta_after = std::fs::read_to_string(&meta).unwrap();
    // the last commit's payload says it was an intermediate one of the rebuild
    let meta: serde_json::Value = serde_json::from_str(&meta_after).unwrap();
    let payload: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().unwrap_or("{}")).unwrap();
    let cut_short = meta_after != meta_before && payload["rebuilding"] == true;
    assert!(
        cut_short,
        "the --full run was killed after a commit: {payload}"
    );
    let rebuilt = payload["rebuilt"].as_str().unwrap_or_default().to_string();
    assert!(
        t.path().join("idx").join(&rebuilt).is_file(),
        "the payload names no rebuilt file: {payload}"
    );
    rebuilt
}

/// A page alive twice in the index is read again by the next run, which
/// leaves one document for it. (That should never happen, but a delete lost
/// in a merge racing a commit has left a page's old version beside its new
/// one; here the second copy is written straight through tantivy.)
#[test]
fn a_page_indexed_twice_is_read_again_and_kept_once() {
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::IndexRecordOption;
    let t = TestDir::new();
    for i in 0..3 {
        let body = format!("Delegates weighed harbour tariffs, note {i}. ").repeat(20);
        t.write(
            &format!("pages/p{i}.txt"),
            page(&format!("Report {i}"), &body),
        );
    }
    index(&t, &[]);
    let alive = || {
        let idx = polsearch::index::open(&t.path().join("idx")).unwrap();
        idx.reader().unwrap().searcher().num_docs()
    };
    {
        let idx = polsearch::index::open(&t.path().join("idx")).unwrap();
        let payload = idx.load_metas().unwrap().payload.expect("a payload");
        let searcher = idx.reader().unwrap().searcher();
        let path = idx.schema().get_field("path").unwrap();
        let key = tantivy::Term::from_field_text(path, "pages/p1.txt");
        let query = TermQuery::new(key, IndexRecordOption::Basic);
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .unwrap();
        let (_, addr) = *top.first().expect("p1 is indexed under pages/p1.txt");
        let doc: tantivy::TantivyDocument = searcher.doc(addr).unwrap();
        let mut writer: tantivy::IndexWriter = idx.writer(50_000_000).unwrap();
        writer.add_document(doc).unwrap();
        let mut commit = writer.prepare_commit().unwrap();
        commit.set_payload(&payload);
        commit.commit().unwrap();
    }
    assert_eq!(alive(), 4, "the copy is in the index");
    let v = index(&t, &[]);
    assert_counts(&v, [0, 1, 2, 0, 0, 0]);
    assert_eq!(n(&v, "repaired"), 1);
    assert_eq!(n(&v, "documents"), 3);
    assert_eq!(alive(), 3);
    assert_eq!(total(&t, "delegates"), 3);
    let v = index(&t, &[]);
    assert_counts(&v, [0, 0, 3, 0, 0, 0]);
}

#[test]
fn kill_dash_nine_at_random_points_loses_nothing() {
    let t = TestDir::new();
    let pages = 400;
    for i in 0..pages {
        let body = format!("Delegates discussed harbour tariffs and grain corridors, item w{i}. ")
            .repeat(40);
        t.write(
            &format!("pages/d{}/p{i:04}.txt", i % 7),
            page(&format!("Report {i}"), &body),
        );
    }
    let seed = std::env::var("KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("kill test seed: {seed} (set KILL_SEED to replay)");
    let mut rng = Lcg(seed);
    let bin = env!("CARGO_BIN_EXE_polsearch");
    // an `index` run with frequent commits, in the background
    let spawn_index = |extra: &[&str]| {
        StdCommand::new(bin)
            .args(["index", "pages", "--index", "idx"])
            .args(extra)
            .args(["--commit-every", "10", "--threads", "2", "-q"])
            .current_dir(t.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // Each run is killed at a random point after a random number of its
    // commits (each run has far more commits to make than that, so the kill
    // lands mid-run), plus a random few milliseconds: between commits, during
    // one, or during a merge.
    let meta = t.path().join("idx/meta.json");
    let mut kills = 0;
    for round in 0..6 {
        if round == 3 {
            // Finish the killed first build in one go: it resumes, extracting
            // only the pages no killed run committed. Then change a third of
            // the pages: the later kills hit incremental update runs.
            let committed = total(&t, "delegates");
            let v = index(&t, &[]);
            assert_eq!(n(&v, "documents"), pages);
            assert_eq!(v["full"], false, "{v:#}");
            assert_eq!(n(&v, "unchanged"), committed, "{v:#}");
            assert_eq!(n(&v, "indexed"), pages - committed, "{v:#}");
            for i in (0..pages).step_by(3) {
                let path = t.path().join(format!("pages/d{}/p{i:04}.txt", i % 7));
                std::fs::write(
                    &path,
                    page(
                        &format!("Report {i}"),
                        &format!("Revised text about fisheries v{i}."),
                    ),
                )
                .unwrap();
            }
        }
        let mut child = spawn_index(&[]);
        let commits = 1 + rng.next(3);
        if wait_for_commits(&mut child, &meta, commits) {
            search_ok(&t, "delegates");
            std::thread::sleep(Duration::from_millis(rng.next(30)));
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
        let v = search_ok(&t, "delegates OR fisheries");
        eprintln!(
            "round {round}: killed after {commits} writes of meta.json, {} documents committed",
            v["total"]
        );
    }
    eprintln!("killed {kills} of 6 runs");
    assert!(kills > 0, "no kill landed while an index run was going");
    let v = index(&t, &[]);
    assert_eq!(n(&v, "seen"), pages);
    assert_eq!(
        n(&v, "indexed") + n(&v, "updated") + n(&v, "unchanged"),
        pages,
        "{v:#}"
    );
    assert_eq!(n(&v, "documents"), pages);
    let changed = (0..pages).step_by(3).count() as u64;
    assert_eq!(total(&t, "fisheries"), changed);
    assert_eq!(total(&t, "delegates"), pages - changed);
    // And a further run has nothing left to do.
    let v = index(&t, &[]);
    assert_counts(&v, [0, 0, pages, 0, 0, 0]);
    // A killed --full rebuild keeps every page searchable (old documents stay
    // until replaced); the next run resumes it, re-reading only the pages it
    // had not committed, unless the file naming those pages is gone.
    for resume in [false, true] {
        let rebuilt = kill_full_rebuild(&t, &mut rng, pages);
        let file = t.path().join("idx").join(&rebuilt);
        let done = std::fs::metadata(&file).unwrap().len() / 8;
        if !resume {
            std::fs::remove_file(&file).unwrap();
        }
        let v = index(&t, &[]);
        assert_eq!(n(&v, "documents"), pages);
        if resume {
            assert!(done > 0, "the killed rebuild named no page: {v:#}");
            assert_eq!(v["full"], false, "{v:#}");
            // a page found twice (see a_page_indexed_twice_…) is read again
            let unchanged = n(&v, "unchanged");
            assert!(
                unchanged <= done && unchanged + n(&v, "repaired") >= done,
                "{v:#}"
            );
            assert_eq!(n(&v, "updated"), pages - unchanged, "{v:#}");
        } else {
            assert_eq!(v["full"], true, "{v:#}");
            assert_eq!(n(&v, "indexed"), pages);
        }
        let left = std::fs::read_dir(t.path().join("idx")).unwrap().flatten();
        let left: Vec<_> = left
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("rebuilt"))
            .collect();
        assert!(left.is_empty(), "a finished run leaves {left:?}");
    }
    let v = index(&t, &[]);
    assert_counts(&v, [0, 0, pages, 0, 0, 0]);
}

#[test]
fn an_index_of_another_version_is_named_and_rebuilt() {
    let t = TestDir::new();
    t.write(
        "pages/a.txt",
        page(
            "Harbour talks",
            "Kenyan officials met port operators to discuss tariffs.",
        ),
    );
    // an index whose fields are not this version's (one field only)
    let mut b = tantivy::schema::Schema::builder();
    b.add_text_field("title", tantivy::schema::TEXT);
    std::fs::create_dir_all(t.path().join("idx")).unwrap();
    tantivy::Index::create_in_dir(t.path().join("idx"), b.build()).unwrap();
    let err = one_line_error(&t, &["search", "operators", "--index", "idx"]);
    assert!(
        err.contains("another version") && err.contains("polsearch index"),
        "{err}"
    );
    index(&t, &[]);
    assert_eq!(total(&t, "operators"), 1);
}
