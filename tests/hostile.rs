//! Hostile input through the real binary: every junk file is either indexed or
//! skipped with a one-line reason naming it, nothing panics, nothing raw reaches
//! the terminal. Ends with property tests ("fuzzing") of `extract`.

use std::process::Output;

use proptest::prelude::*;
use serde_json::Value;

use crate::util::*;

fn good_page(t: &TestDir) {
    t.write(
        "pages/good.txt",
        "Harbour talks\n\nAnalysis | Africa\n\nKenyan officials met port operators.\n",
    );
}

/// Runs `index` and returns (report, stderr); exit code must be 0.
fn run_index(t: &TestDir, extra: &[&str]) -> (Value, String) {
    let mut args = vec!["index", "pages", "--index", "idx", "--json"];
    args.extend_from_slice(extra);
    let out: Output = polsearch(t.path()).args(&args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{err}");
    (serde_json::from_slice(&out.stdout).unwrap(), err)
}

fn skip_reason(v: &Value, path: &str) -> Option<String> {
    v["skipped"]
        .as_array()?
        .iter()
        .find(|s| s["path"] == path)
        .map(|s| s["reason"].as_str().unwrap().to_string())
}

fn search_total(t: &TestDir, q: &str) -> u64 {
    t.json(&["search", q, "--index", "idx", "--json"])["total"]
        .as_u64()
        .unwrap()
}

/// The skip is reported in the report and as one stderr line naming the file.
fn assert_skipped(v: &Value, err: &str, path: &str, reason_part: &str) {
    let reason = skip_reason(v, path).unwrap_or_else(|| panic!("{path} not skipped: {v:#}"));
    assert!(reason.contains(reason_part), "{path}: {reason}");
    let line = format!("polsearch: skipped {path}: ");
    assert_eq!(
        err.lines().filter(|l| l.starts_with(&line)).count(),
        1,
        "{err}"
    );
}

#[test]
fn binary_empty_and_oversized_files_are_skipped_with_reasons() {
    let t = TestDir::new();
    good_page(&t);
    t.write(
        "pages/image.html",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
    );
    t.write("pages/empty.html", b"");
    let big = std::fs::File::create(t.path().join("pages/huge.html")).unwrap();
    big.set_len(200_000_000).unwrap(); // sparse: instant, never read
    t.write(
        "pages/medium.txt",
        format!(
            "Medium page\n\n{}",
            "Grain corridor talks. ".repeat(100_000)
        ),
    );
    let (v, err) = run_index(&t, &["--max-file-size", "1"]);
    assert_skipped(&v, &err, "pages/image.html", "binary");
    assert_skipped(&v, &err, "pages/empty.html", "empty file");
    assert_skipped(&v, &err, "pages/huge.html", "size cap");
    assert_skipped(&v, &err, "pages/medium.txt", "size cap");
    assert_eq!(v["indexed"], 1);
    assert!(
        v["bytes"].as_u64().unwrap() < 1_000_000,
        "the big files are never read"
    );
    // Raising the cap indexes the medium page (the flag is in MB).
    let (v, _) = run_index(&t, &["--max-file-size", "5"]);
    assert_eq!(v["indexed"], 1, "{v:#}");
    assert_eq!(search_total(&t, "corridor"), 1);
    // Skips are remembered: an unchanged re-run reports them again without reading.
    let (v, err) = run_index(&t, &["--max-file-size", "5"]);
    assert_eq!(v["bytes"], 0);
    assert_skipped(&v, &err, "pages/image.html", "binary");
}

#[test]
fn wrong_charsets_and_invalid_utf8_are_decoded_not_dropped() {
    let t = TestDir::new();
    // windows-1252 bytes in a page that declares UTF-8.
    let mut html =
        b"<html><head><meta charset=\"utf-8\"><title>N\xe9gociations \xe0 Gen\xe8ve</title></head>"
            .to_vec();
    html.extend_from_slice(
        b"<body><p>Les n\xe9gociations \xe0 Gen\xe8ve ont \xe9chou\xe9 mardi.</p></body></html>",
    );
    t.write("pages/latin.html", html);
    // UTF-8 bytes in a page that declares ISO-8859-1.
    t.write("pages/utf8.html", "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><title>Zürich summit</title></head><body><p>Delegates in Zürich agreed.</p></body></html>");
    // Undeclared windows-1251 text scrape, and a text file with stray invalid bytes.
    let (cyr, _, _) = encoding_rs::WINDOWS_1251
        .encode("Переговоры в Москве\n\nПереговоры в Москве завершились без соглашения.\n");
    t.write("pages/cyrillic.txt", &*cyr);
    t.write(
        "pages/broken.txt",
        b"Broken bytes\n\nValid words \xff\xfe\xc3 then more valid words about fisheries.\n",
    );
    let (v, _) = run_index(&t, &[]);
    assert_eq!(v["indexed"], 4, "{v:#}");
    assert_eq!(v["skipped"].as_array().unwrap().len(), 0);
    let hit = t.json(&["search", "gen\u{e8}ve", "--index", "idx", "--json"]);
    assert_eq!(hit["total"], 1);
    assert!(
        hit["hits"][0]["title"]
            .as_str()
            .unwrap()
            .contains("Négociations"),
        "{hit:#}"
    );
    assert_eq!(search_total(&t, "zürich"), 1);
    assert_eq!(search_total(&t, "Москве"), 1);
    assert_eq!(search_total(&t, "fisheries"), 1);
}

#[test]
fn html_nested_100000_levels_is_indexed_without_stack_overflow() {
    let t = TestDir::new();
    let deep = format!(
        "<html><head><title>Deep page</title></head><body>{}<p>Buried text about hydropower.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    t.write("pages/deep.html", deep);
    t.write(
        "pages/unclosed.html",
        format!(
            "<html><body>{}Unclosed spans about irrigation.",
            "<span><b>".repeat(50_000)
        ),
    );
    let (v, _) = run_index(&t, &[]);
    assert_eq!(v["indexed"], 2, "{v:#}");
    assert_eq!(search_total(&t, "hydropower"), 1);
    assert_eq!(search_total(&t, "irrigation"), 1);
    // `extract` (in the main thread's stack) survives it too.
    let out = polsearch(t.path())
        .args(["extract", "pages/deep.html"])
        .output()
        .unwrap();
    assert!(
        out.status.code().unwrap_or(9) <= 1,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_broken_links_fifos_and_unreadable_files_are_skipped() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let t = TestDir::new();
    good_page(&t);
    std::fs::create_dir_all(t.path().join("pages/sub")).unwrap();
    symlink("..", t.path().join("pages/sub/up")).unwrap();
    symlink("nowhere.html", t.path().join("pages/dangling.html")).unwrap();
    let fifo = t.path().join("pages/pipe.html");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let locked = t.write(
        "pages/locked.txt",
        "Locked\n\nThe negotiators kept the text of the agreement secret until Friday.\n",
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root_can_read = std::fs::read(&locked).is_ok();
    let (v, err) = run_index(&t, &[]);
    assert_skipped(&v, &err, "pages/sub/up", "symlink loop");
    assert_skipped(&v, &err, "pages/dangling.html", "broken symlink");
    // A FIFO is never opened (that would block forever).
    assert_skipped(&v, &err, "pages/pipe.html", "not a regular file");
    if root_can_read {
        eprintln!("note: running as root, chmod 000 does not make a file unreadable; covered by the cases above");
    } else {
        assert_skipped(&v, &err, "pages/locked.txt", "permission denied");
    }
    assert_eq!(v["indexed"], if root_can_read { 2 } else { 1 });
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn pages_without_article_text_are_skipped_with_a_reason() {
    let t = TestDir::new();
    good_page(&t);
    t.write("pages/title-only.txt", "Just a headline\n");
    t.write(
        "pages/blank.html",
        "<html><head><title>Menu</title></head><body>\n \n</body></html>",
    );
    t.write("pages/spaces.txt", "   \n\n\t\n");
    let (v, err) = run_index(&t, &[]);
    assert_skipped(&v, &err, "pages/title-only.txt", "no article text");
    assert_skipped(&v, &err, "pages/blank.html", "no article text");
    assert!(skip_reason(&v, "pages/spaces.txt").is_some(), "{v:#}");
    assert_eq!(v["indexed"], 1);
}

#[test]
fn escape_sequences_never_reach_the_terminal() {
    let t = TestDir::new();
    t.write(
        "pages/evil.txt",
        "Evil \u{1b}[2J\u{1b}]0;owned\u{7} title\n\nAnalysis | Africa\n\nBody with \u{1b}[31mred\u{1b}[0m text about sanctions \u{9b}31m and a bell \u{7}.\n",
    );
    t.write("pages/bad\u{1b}[31mname.html", b"\0\0binary");
    let (_, err) = run_index(&t, &[]);
    assert!(!err.contains('\u{1b}'), "escape in stderr: {err:?}");
    assert!(err.contains("polsearch: skipped pages/bad"), "{err}");
    let out = polsearch(t.path())
        .args(["search", "sanctions", "--index", "idx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("sanctions"), "{shown}");
    for c in shown.chars() {
        assert!(
            c == '\n' || !c.is_control(),
            "control char {c:?} in search output: {shown:?}"
        );
    }
    let json = t.json(&["search", "sanctions", "--index", "idx", "--json"]);
    for field in ["title", "snippet"] {
        let s = json["hits"][0][field].as_str().unwrap();
        assert!(!s.chars().any(char::is_control), "{field}: {s:?}");
    }
}

// ---- property tests ("fuzzing") of extract ----
//
// `PROPTEST_CASES` scales them up for a long run, e.g.
// `PROPTEST_CASES=200000 cargo test --release --test integration hostile::fuzz`.

fn rules() -> &'static polsearch::extract::Rules {
    static RULES: std::sync::OnceLock<polsearch::extract::Rules> = std::sync::OnceLock::new();
    RULES.get_or_init(polsearch::extract::Rules::default)
}

fn extract_both(bytes: Vec<u8>) {
    for name in ["x.html", "x.txt"] {
        let page = polsearch::corpus::SourcePage::from_bytes(name, bytes.clone());
        if let Ok(mut a) = polsearch::extract::extract(&page, rules()) {
            polsearch::facets::Classifier::default().classify(&mut a);
            assert!(
                !a.title.chars().any(|c| c.is_control()),
                "control char in title {:?}",
                a.title
            );
        }
    }
}

/// HTML-ish token soup: tags that matter to parsers, entities, charsets, junk bytes.
fn html_soup() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just(b"<div>".to_vec()),
        Just(b"</div>".to_vec()),
        Just(b"<p>".to_vec()),
        Just(b"<table><tr><td>".to_vec()),
        Just(b"<script>var a='</scr'+'ipt>';".to_vec()),
        Just(b"</script>".to_vec()),
        Just(b"<style>p{}</style>".to_vec()),
        Just(b"<!-- c -->".to_vec()),
        Just(b"<!--".to_vec()),
        Just(b"<title>".to_vec()),
        Just(b"<h1>".to_vec()),
        Just(b"<article>".to_vec()),
        Just(b"<nav><a href='/'>Home</a></nav>".to_vec()),
        Just(b"<meta charset=\"shift_jis\">".to_vec()),
        Just(b"<meta property=\"og:title\" content=\"T\">".to_vec()),
        Just(b"<time datetime=\"2024-13-45\">".to_vec()),
        Just(b"&amp;&#0;&#x110000;&bogus;".to_vec()),
        Just(b"<![CDATA[x]]>".to_vec()),
        Just(b"\x1b[31m\x07".to_vec()),
        Just(b"\xff\xfe\xc3".to_vec()),
        Just("Analysis | Africa".as_bytes().to_vec()),
        Just("Niger Mali Ukraine".as_bytes().to_vec()),
        "[a-z ]{0,20}".prop_map(String::into_bytes),
        any::<u8>().prop_map(|b| vec![b]),
    ];
    proptest::collection::vec(token, 0..200).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fuzz_extract_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        extract_both(bytes);
    }

    #[test]
    fn fuzz_extract_never_panics_on_html_soup(bytes in html_soup()) {
        extract_both(bytes);
    }

    #[test]
    fn fuzz_extract_never_panics_on_text_lines(lines in proptest::collection::vec("[^\n]{0,80}", 0..60)) {
        extract_both(lines.join("\n").into_bytes());
    }
}
