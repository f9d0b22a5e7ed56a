//! The `polsearch-tools` commands through the real binary, on small data sets
//! of our own written in the shape of the shared ones.

use std::path::Path;
use std::process::{Command, Output};

fn tools(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_polsearch-tools"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = tools(dir, args);
    assert!(
        out.status.success(),
        "polsearch-tools {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON from {args:?}: {e}"))
}

fn write(dir: &Path, rel: &str, contents: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, contents).unwrap();
}

const GAZETTEER: &str = "iso2,iso3,m49,name,official_name,alt_names,capital,demonym,m49_region,m49_subregion,m49_intermediate_region,facet_region,facet_region_secondary\n\
    ML,MLI,466,Mali,Mali,,Bamako,Malian,Africa,Sub-Saharan Africa,Western Africa,Africa,\n\
    US,USA,840,US,United States of America,,Washington,American,Americas,Northern America,,North America,\n";

#[test]
fn eval_facets_reports_json() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "reuters/reut2-000.sgm",
        "<REUTERS NEWID=\"1\"><PLACES><D>mali</D></PLACES><TEXT><TITLE>MALI COTTON CROP UP</TITLE>\
         <DATELINE>BAMAKO, March 3 - </DATELINE><BODY>Mali's cotton crop rose.\n Reuter\n</BODY></TEXT></REUTERS>\n\
         <REUTERS NEWID=\"2\"><PLACES><D>usa</D></PLACES><TEXT><TITLE>ACME &lt;ACM> NET</TITLE>\
         <DATELINE>NEW YORK, March 3 - </DATELINE><BODY>Shr 10 cts.\n Reuter\n</BODY></TEXT></REUTERS>\n",
    );
    write(t.path(), "gaz.csv", GAZETTEER);
    let v = json(
        t.path(),
        &["eval-facets", "reuters", "--gazetteer", "gaz.csv", "--json"],
    );
    assert_eq!(v["reuters"]["stories"], 2);
    assert_eq!(v["reuters"]["region"]["tp"], 2);
    assert_eq!(v["reuters"]["region"]["fp"], 0);
    assert_eq!(v["fundus"], serde_json::json!([]));
}

#[test]
fn eval_facets_without_a_gazetteer_is_a_one_line_error() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "reuters/reut2-000.sgm", "");
    let out = tools(t.path(), &["eval-facets", "reuters"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--gazetteer") && err.contains("country-region-gazetteer.csv"),
        "{err}"
    );
}

/// A fundus page and its expected parse, in the shape of `../shared/corpus/real`.
fn fundus_folder(dir: &Path) {
    let para = "Officials from both countries met in Nairobi on Tuesday, and after long talks \
                they agreed to reopen the border crossings and to share customs data.";
    write(
        dir,
        "real/example.org/fundus-border.html",
        &format!(
            "<html><head><title>Border deal reached</title>\
             <meta property=\"article:published_time\" content=\"2024-03-05T10:00:00Z\"></head>\
             <body><nav><a href=/>Home</a></nav><article><h1>Border deal reached</h1>\
             <p class=byline>By Ann Lee</p><p>{para}</p><p>{para}</p></article></body></html>"
        ),
    );
    let expected = serde_json::json!({
        "V1": {
            "title": "Border deal reached",
            "authors": ["Ann Lee"],
            "publishing_date": "2024-03-05 10:00:00+00:00",
            "topics": ["Africa", "Trade"],
            "body": {"summary": [], "sections": [{"headline": [], "paragraphs": [para, para]}]}
        }
    });
    write(
        dir,
        "real/example.org/fundus-border.expected.json",
        &expected.to_string(),
    );
}

#[test]
fn eval_fundus_scores_pages_against_their_expected_parses() {
    let t = tempfile::tempdir().unwrap();
    fundus_folder(t.path());
    let v = json(t.path(), &["eval-fundus", "real", "--json"]);
    assert_eq!(v["pages"], 1);
    let id = v["results"][0]["id"].as_str().unwrap();
    assert!(id.ends_with("fundus-border.expected.json#V1"), "{id}");
    assert!(v["mean"]["f1"].as_f64().unwrap() > 0.99, "{v:#}");
    assert_eq!(v["title"]["right"], 1);
    assert_eq!(v["date"]["right"], 1);

    let out = tools(t.path(), &["eval-fundus", "real", "--worst", "1"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("real: 1 pages\n"), "{text}");
    assert!(text.contains("title    1/1"), "{text}");
    assert!(text.contains("pages/s"), "{text}");
}

#[test]
fn eval_facets_reads_the_fundus_tags() {
    let t = tempfile::tempdir().unwrap();
    fundus_folder(t.path());
    write(t.path(), "reuters/reut2-000.sgm", "<REUTERS NEWID=\"1\"><PLACES><D>mali</D></PLACES><TEXT><TITLE>MALI</TITLE><BODY>Mali's cotton crop rose.\n</BODY></TEXT></REUTERS>\n");
    write(t.path(), "gaz.csv", GAZETTEER);
    let v = json(
        t.path(),
        &[
            "eval-facets",
            "reuters",
            "--gazetteer",
            "gaz.csv",
            "--fundus",
            "real",
            "--json",
        ],
    );
    let inputs: Vec<&str> = v["fundus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["input"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, ["expected", "extracted", "extracted+labels"]);
    for f in v["fundus"].as_array().unwrap() {
        assert_eq!(f["docs"], 1, "{f:#}");
        assert_eq!(f["pages"][0]["gold_regions"], serde_json::json!(["Africa"]));
    }
}
