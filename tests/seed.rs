//! The seed page (a Responsible Statecraft text scrape, `../shared/corpus/text`):
//! its fields through `polsearch extract --json`, and what an index of it plus
//! `../shared/corpus/real` returns for words of its body and of its boilerplate.

use serde_json::Value;

use crate::util::*;

const SEED: &str = "corpus/text/000_bb4308c7866b23c2.txt";
const TITLE: &str = "Wagner, Mali, and prospects for peace in Africa";

fn extract_seed() -> Option<Value> {
    let shared = shared()?;
    let t = TestDir::new();
    Some(t.json(&["extract", "--json", shared.join(SEED).to_str().unwrap()]))
}

#[test]
fn seed_fields() {
    let Some(a) = extract_seed() else { return };
    assert_eq!(a["title"], TITLE);
    assert_eq!(
        a["subtitle"],
        "Why the path to stability in Bamako may have to run through Moscow"
    );
    assert_eq!(a["kind"], "Analysis");
    assert_eq!(a["labels"][0], "Analysis | Africa");
    assert_eq!(a["region"], serde_json::json!(["Africa"]));
    let body = a["body"].as_str().unwrap();
    assert!(
        body.starts_with("Since the death of Yevgeny Prigozhin"),
        "body starts with {:?}",
        &body[..80.min(body.len())]
    );
    assert!(
        body.ends_with("rather than competition."),
        "body ends with {:?}",
        &body[body.len().saturating_sub(80)..]
    );
}

#[test]
fn seed_body_has_no_boilerplate() {
    let Some(a) = extract_seed() else { return };
    let body = a["body"].as_str().unwrap();
    for junk in [
        "keep reading",
        "Show less",
        "Top image credit",
        "LATEST",
        "QIOSK",
        "Newsletter",
        "Subscribe now",
        "Follow us on social",
        "Colombia",
        "USMCA",
        "decertify",
        "Defence Imagery",
        TITLE,
    ] {
        assert!(!body.contains(junk), "body holds {junk:?}");
    }
    // the photo caption is kept apart
    let captions = a["captions"].as_array().expect("captions");
    assert!(
        captions
            .iter()
            .any(|c| c.as_str().unwrap().contains("Defence Imagery")),
        "captions: {captions:?}"
    );
}

/// Paths of the hits of `query` (plus `args`) in the index `idx`.
fn hits(t: &TestDir, query: &str, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["search", query, "--index", "idx", "--json", "--limit", "50"];
    all.extend_from_slice(args);
    let v = t.json(&all);
    v["hits"].as_array().cloned().unwrap_or_default()
}

fn is_seed(hit: &Value) -> bool {
    hit["path"]
        .as_str()
        .is_some_and(|p| p.ends_with("000_bb4308c7866b23c2.txt"))
}

#[test]
fn seed_in_an_index_of_real_pages() {
    let Some(shared) = shared() else { return };
    let t = TestDir::new();
    let seed = shared.join(SEED);
    let real = shared.join("corpus/real");
    polsearch(t.path())
        .args([
            "index",
            seed.to_str().unwrap(),
            real.to_str().unwrap(),
            "--index",
            "idx",
        ])
        .assert()
        .success();
    for word in ["Prigozhin", "Kidal"] {
        let found = hits(&t, word, &[]);
        let seed_hit = found
            .iter()
            .find(|h| is_seed(h))
            .unwrap_or_else(|| panic!("{word}: seed not returned"));
        assert_eq!(seed_hit["title"], TITLE);
        assert_eq!(
            seed_hit["region"],
            serde_json::json!(["Africa"]),
            "{word}: region"
        );
    }
    // words of the teasers for other articles and of the newsletter pitch
    for word in ["Colombia", "USMCA", "decertify", "newsletter"] {
        assert!(
            !hits(&t, word, &[]).iter().any(is_seed),
            "{word} returns the seed page"
        );
    }
    assert!(
        !hits(&t, "Wagner", &["--region", "Latin America"])
            .iter()
            .any(is_seed),
        "Latin America filter returns it"
    );
    assert!(
        hits(&t, "Wagner", &["--region", "Africa"])
            .iter()
            .any(is_seed),
        "Africa filter misses it"
    );
}
