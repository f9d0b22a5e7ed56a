//! Reading and exploring (issue 14): the defects found trying the CLI, then
//! `show`, `--timeline`, `--csv`/`--tsv`. Every test drives the real binary.

use std::process::Stdio;

use crate::util::*;

/// Three short text scrapes in `pages/`, indexed into `idx`.
fn indexed() -> TestDir {
    let t = TestDir::new();
    t.write(
        "pages/tariffs.txt",
        "Tariffs on steel return\n\nAnalysis | Europe\n\nJanuary 5, 2024\n\n\
         The trade ministers met in Brussels. Trade talks ended without a deal.\n\n\
         Economists warn that a trade war between the blocs would hurt exporters.\n",
    );
    t.write(
        "pages/ports.txt",
        "Harbour talks in Mombasa\n\nAnalysis | Africa\n\nMarch 2, 2024\n\n\
         Kenyan officials met port operators to discuss tariffs and trade.\n",
    );
    t.write(
        "pages/sahel.txt",
        "Refugees in the Sahel\n\nReport | Africa\n\n\
         Humanitarian agencies counted more refugees in Niger than at any time since 2012.\n",
    );
    polsearch(t.path())
        .args(["index", "pages", "--index", "idx"])
        .assert()
        .success();
    t
}

/// `search … --json | head -1` with the reader gone: exit 0, nothing on stderr.
#[test]
fn a_closed_pipe_ends_json_output_quietly() {
    let t = indexed();
    for format in ["--json", "--jsonl"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("polsearch"))
            .current_dir(t.path())
            .args(["search", "*", "--index", "idx", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // close the read end before the first write
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Only the default index folder is built on first use; a folder named by
/// `--index` that holds no index is an error, and nothing is created.
#[test]
fn a_named_index_folder_is_never_built_implicitly() {
    let t = indexed();
    t.write(
        "corpus/a.txt",
        "Harbour talks in Mombasa\n\nAnalysis | Africa\n\nKenyan officials met port operators.\n",
    );
    let out = polsearch(t.path())
        .args(["search", "harbour", "--index", "idnex"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no index at idnex"), "{err}");
    assert!(!t.path().join("idnex").exists());
    let out = polsearch(t.path())
        .args(["similar", "a.txt", "--index", "idnex"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // without --index, `index/` is built from corpus/
    let v = t.json(&["search", "harbour", "--json"]);
    assert_eq!(v["total"], 1);
    assert!(t.path().join("index/meta.json").is_file());
}

/// `"trade war"` highlights the phrase as one range, never a lone "trade".
#[test]
fn a_phrase_is_highlighted_as_a_phrase() {
    let t = indexed();
    let v = t.json(&["search", "\"trade war\"", "--index", "idx", "--json"]);
    assert_eq!(v["total"], 1);
    let hit = &v["hits"][0];
    let snippet = hit["snippet"].as_str().unwrap();
    let marked: Vec<&str> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(marked, vec!["trade war"], "{snippet}");
    // a phrase and a word: the word is marked wherever it is
    let v = t.json(&[
        "search",
        "\"trade war\" ministers",
        "--index",
        "idx",
        "--json",
    ]);
    let hit = &v["hits"][0];
    let snippet = hit["snippet"].as_str().unwrap();
    let marked: Vec<&str> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(marked, vec!["ministers", "trade war"], "{snippet}");
}

/// The query-language table keeps its columns in the man page: it is set
/// unfilled, one table row per output line.
#[test]
fn the_man_page_keeps_the_query_table() {
    let t = TestDir::new();
    polsearch(t.path())
        .args(["man", "--dir", "man"])
        .assert()
        .success();
    let page = std::fs::read_to_string(t.path().join("man/polsearch-search.1")).unwrap();
    let extra = &page[page.find(".SH EXTRA").expect("an EXTRA section")..];
    assert!(extra.starts_with(".SH EXTRA\n.nf\n"), "{extra}");
    assert!(
        extra.lines().any(|l| l.starts_with("  sahel \\-france ")),
        "{extra}"
    );
    assert!(extra.contains("\n.fi\n"), "{extra}");
    // the top page too
    let out = polsearch(t.path()).arg("man").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(".SH SUBCOMMANDS"));
}

/// A page with structure: headings, a list, a quote, a table and links.
const STRUCTURED: &str = r#"<!doctype html><html><head><title>Grain corridor reopens | Atlas Forum</title>
<meta property="og:url" content="https://atlas.example.org/grain-corridor">
<meta property="og:site_name" content="Atlas Forum"></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>Grain corridor reopens</h1>
<p>The Black Sea grain corridor reopened on Monday after weeks of talks between the shipping
insurers, the port authorities in Odesa and the navies that escort the convoys through the
western approaches, according to the <a href="https://atlas.example.org/report">monthly shipping report</a>.</p>
<h2>What changed</h2>
<ul><li>Insurers cut the war-risk premium by a third.</li><li>Escorts now leave twice a day.</li></ul>
<blockquote>We can plan a season again, not a week, said a grain trader in Izmail who ships to Egypt.</blockquote>
<table><tr><td>Port</td><td>Ships</td></tr><tr><td>Odesa</td><td>41</td></tr></table>
<p>Exporters expect volumes to recover by the spring, although the insurers warned that premiums
would rise again at the first attack on a merchant ship in the corridor.</p>
</article><footer>Copyright Atlas Forum</footer></body></html>"#;

/// `show` renders the stored structure at the given width, plain when piped,
/// from the index alone (the source folder is gone).
#[test]
fn show_renders_the_stored_structure_at_a_width() {
    let t = TestDir::new();
    t.write("pages/grain.html", STRUCTURED);
    // the rules extractor's markup is what `show` renders; a page the block
    // model extracts differently (the page-type model calls this short page
    // a service page) shows as paragraphs
    t.write("rules.toml", "[html]\nbody = \"rules\"\n");
    polsearch(t.path())
        .args(["index", "pages", "--index", "idx", "--rules", "rules.toml"])
        .assert()
        .success();
    std::fs::remove_dir_all(t.path().join("pages")).unwrap();
    let out = polsearch(t.path())
        .args(["show", "grain.html", "--index", "idx", "--width", "44"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b'), "piped output has no colour: {text}");
    for line in text.lines() {
        assert!(
            line.chars().count() <= 44,
            "{line:?} is wider than 44\n{text}"
        );
    }
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Grain corridor reopens");
    assert!(
        lines.contains(&"https://atlas.example.org/grain-corridor"),
        "{text}"
    );
    assert!(text.contains("## What changed"), "{text}");
    assert!(
        text.contains("* Insurers cut the war-risk premium"),
        "{text}"
    );
    assert!(text.contains("> We can plan a season again"), "{text}");
    assert!(text.contains("Odesa") && text.contains("41"), "{text}");
    // the link is a numbered reference, listed at the end
    assert!(text.contains("[monthly shipping report][1]"), "{text}");
    assert!(
        text.contains("[1]: https://atlas.example.org/report"),
        "{text}"
    );
    assert!(
        !text.contains("Copyright") && !text.contains("About"),
        "{text}"
    );
}

/// `show -n K` is the K-th hit of the last search; `--json` gives the stored
/// fields; a text scrape shows as paragraphs; an unknown key is an error.
#[test]
fn show_the_kth_hit_of_the_last_search() {
    let t = indexed();
    let out = polsearch(t.path())
        .args(["show", "-n", "1", "--index", "idx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no search run yet"));
    let v = t.json(&["search", "refugees OR tariffs", "--index", "idx", "--json"]);
    let second = v["hits"][1]["path"].as_str().unwrap().to_string();
    let doc = t.json(&["show", "-n", "2", "--index", "idx", "--json"]);
    assert_eq!(doc["path"], second.as_str());
    assert!(doc["markup"].is_null(), "a text scrape has no markup");
    let by_id = t.json(&[
        "show",
        doc["id"].as_str().unwrap(),
        "--index",
        "idx",
        "--json",
    ]);
    assert_eq!(by_id["path"], second.as_str());
    let out = polsearch(t.path())
        .args(["show", "tariffs.txt", "--index", "idx", "--width", "60"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("The trade ministers met in Brussels. Trade talks ended\nwithout a deal.\n\nEconomists warn"),
        "{text}"
    );
    let out = polsearch(t.path())
        .args(["show", "-n", "9", "--index", "idx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("listed hits 1–"));
    let out = polsearch(t.path())
        .args(["show", "nowhere.html", "--index", "idx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere.html: not in the index"));
}

/// `--timeline`: the buckets add up to the total with the undated ones, in
/// JSON and in the chart, with filters.
#[test]
fn the_timeline_adds_up_to_the_hits() {
    let t = indexed();
    let v = t.json(&["search", "*", "--index", "idx", "--json", "--timeline"]);
    let tl = &v["timeline"];
    assert_eq!(tl["granularity"], "month");
    let buckets: Vec<(String, u64)> = tl["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["period"].as_str().unwrap().to_string(),
                b["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        buckets,
        vec![
            ("2024-01".into(), 1),
            ("2024-02".into(), 0),
            ("2024-03".into(), 1)
        ]
    );
    let sum: u64 = buckets.iter().map(|b| b.1).sum::<u64>() + tl["undated"].as_u64().unwrap();
    assert_eq!(sum, v["total"].as_u64().unwrap());
    assert_eq!(tl["undated"], 1);
    // with a filter, by year
    let v = t.json(&[
        "search",
        "*",
        "--index",
        "idx",
        "--region",
        "Africa",
        "--json",
        "--timeline",
        "year",
    ]);
    let tl = &v["timeline"];
    assert_eq!(tl["buckets"][0]["period"], "2024");
    assert_eq!(
        tl["buckets"][0]["count"].as_u64().unwrap() + tl["undated"].as_u64().unwrap(),
        v["total"].as_u64().unwrap()
    );
    // the chart: one line per month, the fullest bar 40 blocks wide
    let out = polsearch(t.path())
        .args([
            "search",
            "*",
            "--index",
            "idx",
            "--timeline",
            "--limit",
            "0",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("timeline by month: 2 dated, 1 undated"),
        "{text}"
    );
    let line = text.lines().find(|l| l.starts_with("2024-01")).unwrap();
    assert_eq!(line.matches('█').count(), 40, "{line}");
    assert!(line.ends_with(" 1"), "{line}");
    let line = text.lines().find(|l| l.starts_with("2024-02")).unwrap();
    assert!(!line.contains('█') && line.ends_with(" 0"), "{line}");
}

/// `--csv` and `--tsv` parse back with a CSV reader: header, one row per hit,
/// values with commas and quotes intact.
#[test]
fn csv_and_tsv_parse_back() {
    let t = TestDir::new();
    t.write(
        "pages/q.txt",
        "Guns, \"butter\" and tariffs\n\nAnalysis | Africa\n\nMarch 2, 2024\n\n\
         Kenyan officials met port operators to discuss tariffs and the price of grain.\n",
    );
    t.write(
        "pages/r.txt",
        "Harbour tariffs in Mombasa\n\nReport | Africa\n\n\
         Port operators in Mombasa raised tariffs on transit cargo for Uganda.\n",
    );
    polsearch(t.path())
        .args(["index", "pages", "--index", "idx"])
        .assert()
        .success();
    let v = t.json(&["search", "tariffs", "--index", "idx", "--json"]);
    for (flag, delimiter) in [("--csv", b','), ("--tsv", b'\t')] {
        let out = polsearch(t.path())
            .args(["search", "tariffs", "--index", "idx", flag])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(out.stdout.as_slice());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            header,
            [
                "title", "date", "site", "authors", "region", "country", "topic", "url", "path",
                "score"
            ]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2, "{flag}");
        for (row, hit) in rows.iter().zip(v["hits"].as_array().unwrap()) {
            assert_eq!(&row[0], hit["title"].as_str().unwrap(), "{flag}");
            assert_eq!(&row[8], hit["path"].as_str().unwrap(), "{flag}");
            assert_eq!(&row[1], hit["date"].as_str().unwrap_or(""), "{flag}");
            assert_eq!(&row[4], "Africa", "{flag}");
            let score: f64 = row[9].parse().unwrap();
            assert!((score - hit["score"].as_f64().unwrap()).abs() < 1e-3);
        }
        assert!(rows.iter().any(|r| &r[0] == "Guns, \"butter\" and tariffs"));
    }
}

/// The grain article as a site prints it: its own chrome, teasers for other
/// pieces, and the article (plus a credit line when it is a reprint).
fn grain_page(site: &str, url: &str, date: &str, credit: &str) -> String {
    format!(
        r#"<!doctype html><html><head><title>Grain corridor reopens | {site}</title>
<meta property="og:url" content="{url}"><meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{date}"></head><body>
<nav><a href="/">{site}</a> <a href="/regions">Regions</a> <a href="/subscribe">Subscribe</a></nav>
<article><h1>Grain corridor reopens</h1>
<p>The Black Sea grain corridor reopened on Monday after weeks of talks between the shipping
insurers, the port authorities in Odesa and the navies that escort the convoys through the
western approaches. The first convoy of nine bulk carriers left at dawn.</p>
<p>Insurers cut the war-risk premium by a third, and escorts now leave twice a day instead of
once, according to traders in Izmail who ship wheat and barley to Egypt and Turkey.</p>
<p>Exporters expect volumes to recover by the spring, although the insurers warned that premiums
would rise again at the first attack on a merchant ship anywhere in the corridor.</p>
{credit}</article>
<aside><h3>More from {site}</h3><ul><li><a href="/x">Why Moldova's vote mattered</a></li>
<li><a href="/y">The Sahel after the coups</a></li></ul></aside>
<footer>Copyright {site}. All rights reserved.</footer></body></html>"#
    )
}

/// Another article on the same event: same subject and words, other sentences.
const GRAIN_OTHER: &str = r#"<!doctype html><html><head><title>Odesa exports resume | Harbor Notes</title>
<meta property="og:site_name" content="Harbor Notes"></head><body><article><h1>Odesa exports resume</h1>
<p>Grain exports through Odesa resumed this week. Shipping insurers and port authorities had
negotiated for weeks, and the navies escorting the convoys agreed on a new schedule for the
western approaches of the Black Sea.</p>
<p>Traders welcomed lower war-risk premiums but doubted that volumes would recover before the
spring; several warned that a single attack on a merchant ship would undo the deal.</p>
</article></body></html>"#;

/// A reprint in another site's chrome is one hit, "also at" the other site;
/// `--no-collapse` lists each copy; a different article on the same event
/// stays a hit of its own.
#[test]
fn reprints_are_one_hit_with_also() {
    let t = TestDir::new();
    t.write(
        "pages/atlas/grain.html",
        grain_page(
            "Atlas Forum",
            "https://atlas.example.org/grain",
            "2024-03-04",
            "",
        ),
    );
    t.write(
        "pages/harbor/grain-reprint.html",
        grain_page(
            "Compass Brief",
            "https://compass.example.net/grain",
            "2024-03-06",
            "<p>This article first appeared in the Atlas Forum and is republished with permission.</p>",
        ),
    );
    t.write("pages/notes/odesa.html", GRAIN_OTHER);
    polsearch(t.path())
        .args(["index", "pages", "--index", "idx"])
        .assert()
        .success();
    let v = t.json(&["search", "grain insurers", "--index", "idx", "--json"]);
    assert_eq!(v["total"], 2, "the total counts articles");
    assert_eq!(v["documents"], 3, "every copy is a matching document");
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2, "{v}");
    let grouped: Vec<&serde_json::Value> = (hits.iter())
        .filter(|h| !h["also"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(grouped.len(), 1, "{v}");
    let also = grouped[0]["also"].as_array().unwrap();
    assert_eq!(also.len(), 1);
    let sites = [
        grouped[0]["site"].as_str().unwrap(),
        also[0]["site"].as_str().unwrap(),
    ];
    assert!(
        sites.contains(&"example.org") && sites.contains(&"example.net"),
        "{sites:?}"
    );
    for key in ["path", "url", "site", "date"] {
        assert!(also[0][key].is_string(), "also has {key}: {}", also[0]);
    }
    assert!(hits
        .iter()
        .any(|h| h["title"] == "Odesa exports resume" && h["also"] == serde_json::json!([])));
    let v = t.json(&[
        "search",
        "grain insurers",
        "--index",
        "idx",
        "--json",
        "--no-collapse",
    ]);
    assert_eq!(v["hits"].as_array().unwrap().len(), 3);
    assert_eq!(v["total"], 3, "--no-collapse counts copies");
    let out = polsearch(t.path())
        .args(["search", "grain insurers", "--index", "idx"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("also at: example.net") || text.contains("also at: example.org"),
        "{text}"
    );
}

/// Groups are decided at index time and kept sound across runs: a reprint
/// indexed in a later run joins the committed original's group (also after
/// the original's file was only touched, which rewrites its document); pages
/// are exact (a copy on page 1 never comes back on page 2); `total`, the
/// search facets, `facets` and `similar` count articles unless
/// `--no-collapse`; a removed original leaves its copy as the article.
#[test]
fn groups_hold_across_runs_pages_and_counts() {
    let t = TestDir::new();
    let index = || {
        polsearch(t.path())
            .args(["index", "pages", "--index", "idx"])
            .assert()
            .success();
    };
    let atlas = grain_page(
        "Atlas Forum",
        "https://atlas.example.org/grain",
        "2024-03-04",
        "",
    );
    t.write("pages/atlas/grain.html", &atlas);
    t.write("pages/notes/odesa.html", GRAIN_OTHER);
    index();
    // same bytes, new mtime: the indexed document is rewritten, not re-read
    std::thread::sleep(std::time::Duration::from_millis(20));
    t.write("pages/atlas/grain.html", &atlas);
    index();
    for (i, site) in ["Compass Brief", "Delta Wire"].iter().enumerate() {
        t.write(
            &format!("pages/copy{i}/grain.html"),
            grain_page(
                site,
                &format!("https://copy{i}.example.com/grain"),
                "2024-03-06",
                &format!("<p>First published by the Atlas Forum; {site} reprints it.</p>"),
            ),
        );
    }
    index();
    let v = t.json(&["search", "grain insurers", "--index", "idx", "--json"]);
    assert_eq!(
        (v["total"].as_u64(), v["documents"].as_u64()),
        (Some(2), Some(4)),
        "{v}"
    );
    let hits = v["hits"].as_array().unwrap();
    let grouped = hits
        .iter()
        .find(|h| h["title"] == "Grain corridor reopens")
        .unwrap();
    assert_eq!(grouped["also"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v["facets"]["region"]["Europe"].as_u64(), Some(2), "{v}");
    // one article per page, every article once
    let mut seen = Vec::new();
    for offset in ["0", "1", "2"] {
        let args = [
            "search",
            "grain insurers",
            "--index",
            "idx",
            "--json",
            "-n",
            "1",
        ];
        let v = t.json(&[&args[..], &["--offset", offset]].concat());
        for h in v["hits"].as_array().unwrap() {
            seen.push(h["title"].as_str().unwrap().to_string());
        }
    }
    seen.sort();
    assert_eq!(seen, ["Grain corridor reopens", "Odesa exports resume"]);
    let v = t.json(&["facets", "--index", "idx", "--json"]);
    assert_eq!(
        (v["documents"].as_u64(), v["articles"].as_u64()),
        (Some(4), Some(2)),
        "{v}"
    );
    // a facet every page has (the language): 2 articles, 4 documents
    assert_eq!(v["lang"]["en"].as_u64(), Some(2), "{v}");
    let v = t.json(&["facets", "--index", "idx", "--json", "--no-collapse"]);
    assert_eq!(v["lang"]["en"].as_u64(), Some(4), "{v}");
    // the original's copies are not "related" to it: only the other article
    let v = t.json(&[
        "similar",
        "pages/notes/odesa.html",
        "--index",
        "idx",
        "--json",
    ]);
    assert_eq!(
        (v["total"].as_u64(), v["documents"].as_u64()),
        (Some(1), Some(3)),
        "{v}"
    );
    let out = polsearch(t.path())
        .args([
            "similar",
            "pages/atlas/grain.html",
            "--index",
            "idx",
            "--json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("copy0") && !text.contains("copy1"), "{text}");
    std::fs::remove_file(t.path().join("pages/atlas/grain.html")).unwrap();
    index();
    let v = t.json(&["search", "grain insurers", "--index", "idx", "--json"]);
    assert_eq!(
        (v["total"].as_u64(), v["documents"].as_u64()),
        (Some(2), Some(3)),
        "{v}"
    );
}

/// A saved search reports a newly indexed page once; it survives re-indexing;
/// `index` ends with a line for it; list and rm manage it.
#[test]
fn a_saved_search_reports_a_new_page_once() {
    let t = indexed();
    let out = polsearch(t.path())
        .args([
            "watch",
            "--index",
            "idx",
            "add",
            "africa-ports",
            "port OR refugees",
            "--region",
            "Africa",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 matching now"));
    // nothing new yet
    let out = polsearch(t.path())
        .args(["watch", "--index", "idx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    t.write(
        "pages/lamu.txt",
        "A new port at Lamu\n\nAnalysis | Africa\n\nApril 9, 2024\n\n\
         Kenya opened the second berth of the Lamu port to transit cargo for Ethiopia.\n",
    );
    let out = polsearch(t.path())
        .args(["index", "pages", "--index", "idx"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("watch africa-ports: 1 new"), "{err}");
    let v = t.json(&["watch", "--index", "idx", "--json"]);
    let new = v["watches"][0]["new"].as_array().unwrap();
    assert_eq!(new.len(), 1, "{v}");
    assert_eq!(new[0]["title"], "A new port at Lamu");
    // shown once: the next check has nothing, also after a full rebuild
    polsearch(t.path())
        .args(["index", "pages", "--index", "idx", "--full"])
        .assert()
        .success();
    let v = t.json(&["watch", "africa-ports", "--index", "idx", "--json"]);
    assert_eq!(v["watches"][0]["new"].as_array().unwrap().len(), 0, "{v}");
    let out = polsearch(t.path())
        .args(["watch", "--index", "idx", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("africa-ports\tport OR refugees"));
    assert!(!t.path().join("idx/watches.json.tmp").exists());
    polsearch(t.path())
        .args(["watch", "--index", "idx", "rm", "africa-ports"])
        .assert()
        .success();
    let out = polsearch(t.path())
        .args(["watch", "--index", "idx", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = polsearch(t.path())
        .args(["watch", "--index", "idx", "rm", "africa-ports"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
