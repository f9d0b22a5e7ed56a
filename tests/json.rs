//! The command line's output modes and exit codes: `--json` and `--jsonl` are
//! deserialized into mirror types declared here (pinning the wire format),
//! human output, colour, `similar`, `stats`, `facets`, completions and man page.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::search::fixture_index;
use crate::util::{polsearch, TestDir};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Results {
    /// Matching articles (copies of one article count once).
    pub(crate) total: usize,
    /// Matching documents (every copy).
    pub(crate) documents: usize,
    pub(crate) hits: Vec<Hit>,
    pub(crate) facets: Facets,
    pub(crate) relaxed: Option<Relaxed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Relaxed {
    pub(crate) words: usize,
    pub(crate) with_all_words: usize,
    pub(crate) min_words: usize,
    pub(crate) notice: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Hit {
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) url: Option<String>,
    pub(crate) date: Option<String>,
    pub(crate) site: Option<String>,
    pub(crate) site_name: Option<String>,
    pub(crate) kind: Option<String>,
    /// The page's language (ISO 639-1), when identified.
    pub(crate) lang: Option<String>,
    #[allow(dead_code)] // pins the wire format (page_types.rs reads it)
    pub(crate) page_type: Option<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) region: Vec<String>,
    pub(crate) country: Vec<String>,
    pub(crate) topic: Vec<String>,
    pub(crate) score: f32,
    pub(crate) snippet: String,
    pub(crate) highlights: Vec<(usize, usize)>,
    // pins the wire format (checked as data in `read::reprints_are_one_hit_with_also`)
    #[allow(dead_code)]
    pub(crate) also: Vec<Also>,
}

/// Another copy of a hit's article (a reprint, a re-scrape).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct Also {
    pub(crate) path: String,
    pub(crate) url: Option<String>,
    pub(crate) site: Option<String>,
    pub(crate) date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Facets {
    pub(crate) region: BTreeMap<String, u64>,
    pub(crate) country: BTreeMap<String, u64>,
    pub(crate) topic: BTreeMap<String, u64>,
    #[allow(dead_code)] // pins the wire format (page_types.rs reads it)
    pub(crate) page_type: BTreeMap<String, u64>,
    /// Documents per site.
    pub(crate) site: BTreeMap<String, u64>,
    /// Documents per content kind (lowercased).
    pub(crate) kind: BTreeMap<String, u64>,
    /// Documents per language.
    pub(crate) lang: BTreeMap<String, u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stats {
    index: String,
    documents: u64,
    deleted: u64,
    segments: usize,
    size_bytes: u64,
    sites: BTreeMap<String, u64>,
    kinds: BTreeMap<String, u64>,
    #[allow(dead_code)] // pins the wire format (page_types.rs reads it)
    page_types: BTreeMap<String, u64>,
    langs: BTreeMap<String, u64>,
    first_date: Option<String>,
    last_date: Option<String>,
    undated: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Listing {
    documents: u64,
    /// Groups of copies, each counted once.
    articles: u64,
    copies_counted: bool,
    region: BTreeMap<String, u64>,
    country: BTreeMap<String, u64>,
    topic: BTreeMap<String, u64>,
    #[allow(dead_code)] // pins the wire format (page_types.rs reads it)
    page_type: BTreeMap<String, u64>,
    lang: BTreeMap<String, u64>,
}

struct Cli {
    t: TestDir,
}

impl Cli {
    fn new() -> Cli {
        let t = TestDir::new();
        fixture_index(t.path());
        Cli { t }
    }

    /// Runs polsearch with `args` (plus `--index idx`); returns (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let mut all: Vec<&str> = args.to_vec();
        if !matches!(args.first(), Some(&"completions") | Some(&"man")) {
            all.extend(["--index", "idx"]);
        }
        let out = polsearch(self.t.path()).args(&all).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    fn results(&self, args: &[&str]) -> Results {
        let (code, out, err) = self.run(args);
        assert!(code <= 1, "{args:?}: exit {code}: {err}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
    }
}

#[test]
fn search_json_has_the_documented_shape() {
    let cli = Cli::new();
    let r = cli.results(&["search", "refug* mauritania", "--json"]);
    assert_eq!((r.total, r.documents), (1, 1));
    assert!(r.relaxed.is_none(), "every word found: not relaxed");
    let relaxed = cli
        .results(&["search", "wagner gold mauritania refugees", "--json"])
        .relaxed
        .expect("no article has all 4 words: relaxed");
    assert_eq!(
        (relaxed.words, relaxed.with_all_words, relaxed.min_words),
        (4, 0, 3)
    );
    assert!(relaxed.notice.starts_with("no article has all 4 words"));
    let h = &r.hits[0];
    assert_eq!(h.path, "pages/wagner-mali.html");
    assert_eq!(h.title, "Wagner's retreat from northern Mali");
    assert_eq!(
        h.url.as_deref(),
        Some("https://crisisgroup.org/wagner-mali.html")
    );
    assert_eq!(h.date.as_deref(), Some("2023-11-14"));
    assert_eq!(h.site.as_deref(), Some("crisisgroup.org"));
    // the fixture's articles carry no language (they are built, not extracted)
    assert_eq!(h.lang, None);
    assert!(r.facets.lang.is_empty(), "{:?}", r.facets.lang);
    // the name the site calls itself is kept apart from the domain
    assert!(h
        .site_name
        .as_deref()
        .is_none_or(|n| !n.is_empty() && n != "crisisgroup.org"));
    assert_eq!(h.kind.as_deref(), Some("Analysis"));
    assert_eq!(h.authors, ["Jane Doe"]);
    assert_eq!(
        (
            h.region.as_slice(),
            h.country.as_slice(),
            h.topic.as_slice()
        ),
        (
            &["Africa".to_string()][..],
            &["Mali".to_string()][..],
            &["War & Conflict".to_string()][..]
        )
    );
    assert!(h.score > 0.0);
    let marked: Vec<&str> = h
        .highlights
        .iter()
        .map(|&(s, e)| &h.snippet[s..e])
        .collect();
    assert_eq!(marked, ["refugees", "Mauritania"]);
    assert_eq!(r.facets.region, BTreeMap::from([("Africa".to_string(), 1)]));
    assert_eq!(r.facets.country, BTreeMap::from([("Mali".to_string(), 1)]));
    assert_eq!(
        r.facets.topic,
        BTreeMap::from([("War & Conflict".to_string(), 1)])
    );
    // site and kind counts over every match, not only the page shown
    let all = cli.results(&["search", "*", "--json", "--limit", "1"]);
    assert_eq!(all.facets.site.get("crisisgroup.org"), Some(&2));
    assert_eq!(all.facets.kind.get("analysis"), Some(&2));
    assert_eq!(all.facets.site.values().sum::<u64>(), all.total as u64);
}

#[test]
fn jsonl_prints_one_hit_per_line() {
    let cli = Cli::new();
    let (code, out, _) = cli.run(&["search", "*", "--jsonl", "--sort", "date", "--limit", "3"]);
    assert_eq!(code, 0);
    let hits: Vec<Hit> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let dates: Vec<_> = hits.iter().map(|h| h.date.as_deref().unwrap()).collect();
    assert_eq!(dates, ["2024-02-20", "2023-11-14", "2023-09-01"]);
    let (_, out, _) = cli.run(&[
        "search", "*", "--jsonl", "--sort", "date", "--limit", "3", "--offset", "3",
    ]);
    assert_eq!(out.lines().count(), 2);
}

#[test]
fn filters_on_the_command_line() {
    let cli = Cli::new();
    let paths = |args: &[&str]| {
        let mut v: Vec<String> = cli.results(args).hits.into_iter().map(|h| h.path).collect();
        v.sort();
        v
    };
    assert_eq!(
        paths(&[
            "search",
            "*",
            "--json",
            "--country",
            "Mali",
            "--since",
            "2023-10"
        ]),
        ["pages/wagner-mali.html"]
    );
    assert_eq!(
        paths(&["search", "*", "--json", "--region", "Africa/Niger"]),
        ["pages/sahel-refugees.txt"]
    );
    assert_eq!(
        paths(&["search", "*", "--json", "--region", "Africa"]).len(),
        3
    );
    assert_eq!(
        paths(&["search", "*", "--json", "--topic", "migration"]),
        ["pages/sahel-refugees.txt"]
    );
    assert_eq!(
        paths(&[
            "search",
            "*",
            "--json",
            "--site",
            "crisisgroup",
            "--kind",
            "opinion"
        ]),
        ["pages/brussels-sanctions.html"]
    );
    assert_eq!(
        paths(&["search", "mali", "--json", "--author", "Jane Doe"]),
        ["pages/wagner-mali.html"]
    );
    assert_eq!(
        paths(&["search", "*", "--json", "--until", "2023-06"]),
        ["pages/sahel-refugees.txt"]
    );
}

#[test]
fn exit_codes_and_one_line_errors() {
    let cli = Cli::new();
    assert_eq!(cli.run(&["search", "wagner"]).0, 0);
    let (code, out, _) = cli.run(&["search", "zebra"]);
    assert_eq!((code, out.trim()), (1, "0 matching articles"));
    for (args, expected) in [
        (
            &["search", "wagner \"mali"][..],
            "query: unclosed '\"' at column 8 of 'wagner \"mali'",
        ),
        (&["search", "the"], "only very common words"),
        (&["search", ""], "the query is empty"),
        (
            &["search", "*", "--since", "yesterday"],
            "--since: bad date 'yesterday'",
        ),
        (
            &["search", "*", "--region", "Afrca"],
            "unknown region 'Afrca'; did you mean 'Africa'?",
        ),
        (
            &["similar", "nowhere.html"],
            "nowhere.html: not in the index",
        ),
    ] {
        let (code, out, err) = cli.run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("polsearch: ") && err.contains(expected),
            "{args:?}: {err}"
        );
    }
    let t = TestDir::new();
    for cmd in ["stats", "facets"] {
        let mut args: Vec<&str> = cmd.split(' ').collect();
        args.extend(["--index", "missing"]);
        let out = polsearch(t.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with("polsearch: missing: no index there"),
            "{err}"
        );
    }
}

#[test]
fn human_output_and_colour() {
    let cli = Cli::new();
    let (code, out, _) = cli.run(&["search", "refugees", "--limit", "1"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("2 matching articles, showing 1–1\n"),
        "{out}"
    );
    assert!(out.contains(" 1. Refugee flows across the Sahel"), "{out}");
    assert!(
        out.contains(
            "www.example.org · 2023-06-02 · Report · Omar Diallo · Africa (Niger) · Migration"
        ),
        "{out}"
    );
    assert!(
        out.contains("https://www.example.org/sahel-refugees.txt"),
        "{out}"
    );
    assert!(out.contains("region: Africa (2)"), "{out}");
    assert!(out.contains("country: Mali (1), Niger (1)"), "{out}");
    assert!(
        !out.contains('\x1b'),
        "NO_COLOR and a pipe mean no colour: {out}"
    );
    let (_, out, _) = cli.run(&["search", "refugees", "--color", "always"]);
    assert!(out.contains("\x1b[1;31mrefugees\x1b[0m"), "{out}");
    let (_, out, _) = cli.run(&["search", "refugees", "--offset", "1"]);
    assert!(out.contains(" 2. "), "{out}");
}

#[test]
fn similar_on_the_command_line() {
    let cli = Cli::new();
    let r = cli.results(&["similar", "wagner-mali.html", "--json"]);
    assert_eq!(r.hits[0].path, "pages/wagner-after-prigozhin.html");
    assert!(r.hits.iter().all(|h| h.path != "pages/wagner-mali.html"));
    // a page file that is not indexed is extracted on the fly
    cli.t.write("new.txt", "Gold and mercenaries\n\nWagner mercenaries guard the junta in Bamako and gold mines near Kidal.\n");
    let r = cli.results(&["similar", "new.txt", "--json"]);
    assert_eq!(r.hits[0].path, "pages/wagner-after-prigozhin.html");
    // an unindexed copy of an indexed page: the page itself is the same
    // article, not a related one
    cli.t.write(
        "copy.txt",
        "Wagner's retreat from northern Mali\n\nRussian mercenaries of the Wagner group withdrew from \
         bases near Kidal. Thousands of refugees crossed into Mauritania as the fighting spread.\n\n\
         Diplomats say security assistance from Moscow will change shape but not end. The junta in \
         Bamako insists the mercenaries were only instructors.\n",
    );
    let r = cli.results(&["similar", "copy.txt", "--json"]);
    assert_eq!(r.hits[0].path, "pages/wagner-after-prigozhin.html");
    assert!(r.hits.iter().all(|h| h.path != "pages/wagner-mali.html"));
    let (code, _, _) = cli.run(&["similar", "wagner-mali.html", "--country", "Colombia"]);
    assert_eq!(code, 1);
}

#[test]
fn stats_and_facets_json() {
    let cli = Cli::new();
    let (code, out, _) = cli.run(&["stats", "--json"]);
    assert_eq!(code, 0);
    let s: Stats = serde_json::from_str(&out).unwrap();
    assert_eq!((s.documents, s.deleted, s.undated), (5, 0, 1));
    assert_eq!(
        (s.first_date.as_deref(), s.last_date.as_deref()),
        (Some("2023-06-02"), Some("2024-02-20"))
    );
    assert_eq!(s.sites.len(), 3);
    assert_eq!(s.kinds.get("report"), Some(&1));
    assert!(s.langs.is_empty(), "{:?}", s.langs);
    assert!(s.segments >= 1 && s.size_bytes > 1000 && s.index.ends_with("idx"));
    let (_, out, _) = cli.run(&["stats"]);
    assert!(
        out.contains("documents  5")
            && out.contains("dates      2023-06-02 to 2024-02-20 (1 undated)"),
        "{out}"
    );
    let (code, out, _) = cli.run(&["facets", "--json"]);
    assert_eq!(code, 0);
    let l: Listing = serde_json::from_str(&out).unwrap();
    assert_eq!(l.documents, 5);
    assert_eq!((l.articles, l.copies_counted), (5, false), "no copies here");
    assert_eq!(l.region.get("Latin America"), Some(&1));
    assert_eq!(l.country.get("Africa/Mali"), Some(&2));
    assert_eq!(l.topic.get("Economy"), Some(&1));
    assert!(l.lang.is_empty(), "{:?}", l.lang);
    let (_, out, _) = cli.run(&["facets"]);
    assert!(
        out.contains("       3  Africa\n       2    Mali\n       1    Niger\n"),
        "{out}"
    );
}

#[test]
fn completions_and_man_page() {
    let cli = Cli::new();
    for (shell, marker) in [
        ("bash", "_polsearch()"),
        ("zsh", "#compdef polsearch"),
        ("fish", "complete -c polsearch"),
    ] {
        let (code, out, _) = cli.run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(out.contains(marker), "{shell}");
        assert!(out.contains("similar") && out.contains("since"), "{shell}");
    }
    let (code, out, _) = cli.run(&["man"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(".ie") || out.contains(".TH polsearch"),
        "{}",
        &out[..80.min(out.len())]
    );
    let out = polsearch(cli.t.path())
        .args(["man", "--dir", "man"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(cli.t.path().join("man/polsearch-search.1").is_file());
    let out = polsearch(cli.t.path())
        .args(["search", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("refug*") && help.contains("date:[2023-01 TO 2023-06]"),
        "{help}"
    );
}
