//! Article metadata through the real binary (`polsearch extract --json`,
//! `index` then `search --site`), on pages written here in the shapes that
//! went wrong on real sites (issue 18): malformed bylines, a teaser's date, a
//! modified date, a date only in the URL, dates no parser may panic on, kind
//! labels, and one site key per site.

use serde_json::Value;

use crate::util::*;

const PARA: &str = "The ministers met in the capital on Tuesday, and after long talks, they \
    agreed to extend the ceasefire, to open two crossings, and to exchange prisoners.";

/// A news page: `head` goes into `<head>`, `header` above the body text,
/// `after` after the article (teasers, author boxes).
fn page(head: &str, header: &str, after: &str) -> String {
    format!(
        "<!doctype html><html><head><title>Ceasefire holds | Policy Review</title>{head}</head>\
         <body><header class=site-header><a href=/>Policy Review</a></header><main><article>\
         {header}<p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></article>{after}</main>\
         <footer>© Policy Review</footer></body></html>"
    )
}

/// `polsearch extract --json` of one page.
fn extract(html: &str) -> Value {
    let t = TestDir::new();
    t.write("p.html", html);
    t.json(&["extract", "p.html", "--json"])
}

fn authors(v: &Value) -> Vec<String> {
    v["authors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

const CANONICAL: &str = r#"<link rel="canonical" href="https://www.policyreview.example/news/ceasefire-holds">
    <meta property="og:site_name" content="Policy Review">"#;

#[test]
fn bylines_give_every_author_as_a_clean_name() {
    let cases: &[(&str, &[&str])] = &[
        // a doubled "By" and a trailing dateline lose nobody
        (
            "Byby TOM HALE; DINA ROSS and PAUL KERR December 16, 2016, 4:19 PM",
            &["TOM HALE", "DINA ROSS", "PAUL KERR"],
        ),
        // a job title glued to the name by the scrape
        ("By Marta QuillStaff Writer", &["Marta Quill"]),
        // a weekday after the name
        ("By Ivo Brandt Tuesday", &["Ivo Brandt"]),
        // a social network's link text after the name
        (
            "By <a href=/ivo>Ivo Brandt</a> <a href=https://x.example/ivo>Twitter</a>",
            &["Ivo Brandt"],
        ),
        // a news agency after the last name
        (
            "By LENA MARSH and OTTO FEY Associated Press",
            &["LENA MARSH", "OTTO FEY"],
        ),
        // the site's own name glued after the name
        ("By Ivo Brandt Policy Review", &["Ivo Brandt"]),
        // credentials after a comma
        ("By Ana Souza, MS, RD", &["Ana Souza"]),
    ];
    for (byline, want) in cases {
        let html = page(
            CANONICAL,
            &format!("<h1>Ceasefire holds</h1><div class=byline>{byline}</div>"),
            "",
        );
        assert_eq!(authors(&extract(&html)), *want, "{byline}");
    }
}

#[test]
fn a_bio_or_the_site_name_is_no_author() {
    // the author box's bio is no byline: a word of it (`goats`) is no name
    let html = page(
        CANONICAL,
        "<h1>Ceasefire holds</h1>",
        "<div class=author-bio>Writes about farms and lives with her husband and goats.</div>",
    );
    assert_eq!(authors(&extract(&html)), Vec::<String>::new());
    // the site named as author beside a person: the person only
    let head = format!(r#"{CANONICAL}<meta name="author" content="Policy Review, Ivo Brandt">"#);
    let html = page(&head, "<h1>Ceasefire holds</h1>", "");
    assert_eq!(authors(&extract(&html)), ["Ivo Brandt"]);
    // a name written all in lower case is kept when it is all the byline says
    let html = page(
        CANONICAL,
        "<h1>Ceasefire holds</h1><p class=byline>by <a rel=author href=/u/jdoe>jdoe</a></p>",
        "",
    );
    assert_eq!(authors(&extract(&html)), ["jdoe"]);
}

#[test]
fn the_publication_date_follows_the_strongest_evidence() {
    let teaser = "<section class=related><h2>More</h2><div class=card>\
        <a href=/x>Harbour strikes</a><time datetime=\"2025-01-30\">Jan 30, 2025</time></div></section>";
    // JSON-LD's datePublished over a teaser's <time> and over dateModified
    let head = format!(
        r#"{CANONICAL}<script type="application/ld+json">{{"@type":"NewsArticle",
        "headline":"Ceasefire holds","datePublished":"2024-03-05T08:00:00+00:00",
        "dateModified":"2024-06-01T08:00:00+00:00"}}</script>"#
    );
    let v = extract(&page(&head, "<h1>Ceasefire holds</h1>", teaser));
    assert_eq!(v["date"], "2024-03-05");
    // article:published_time over article:modified_time, whatever the order
    let head = r#"<meta property="article:modified_time" content="2024-06-01T08:00:00Z">
        <meta property="article:published_time" content="2024-03-05T08:00:00Z">"#;
    let v = extract(&page(head, "<h1>Ceasefire holds</h1>", teaser));
    assert_eq!(v["date"], "2024-03-05");
    // only the URL says when: its /YYYY/MM/DD/, not the teaser's date
    let head =
        r#"<link rel="canonical" href="https://policyreview.example/2019/11/19/ceasefire/">"#;
    let v = extract(&page(head, "<h1>Ceasefire holds</h1>", teaser));
    assert_eq!(v["date"], "2019-11-19");
}

#[test]
fn no_written_date_loses_the_page_or_invents_a_year() {
    let t = TestDir::new();
    let odd = [
        "2023年11月14日",
        "March 2024",
        "2024-13-45",
        "٢٠٢٣-١١-١٤",
        "Published 31 February 2024",
        "99999999999999999999",
        "—",
    ];
    for (k, d) in odd.iter().enumerate() {
        let head = format!(
            r#"<meta property="article:published_time" content="{d}">
            <link rel="canonical" href="https://policyreview.example/news/{k}">"#
        );
        let header = format!(
            "<h1>Ceasefire holds</h1><time datetime=\"{d}\">{d}</time><p>Dispatch {k}.</p>"
        );
        t.write(&format!("pages/{k}.html"), page(&head, &header, ""));
    }
    let v = t.json(&["index", "pages", "--index", "idx", "--json"]);
    assert_eq!(v["indexed"], odd.len(), "{v}");
    let hits = t.json(&[
        "search",
        "ceasefire",
        "--index",
        "idx",
        "--json",
        "--limit",
        "20",
        // the pages share their boilerplate text: copies of one article
        "--no-collapse",
    ]);
    assert_eq!(hits["total"], odd.len());
    for h in hits["hits"].as_array().unwrap() {
        // no page gets a date it does not write (`March 2024` is no day);
        // the date written in CJK is read
        if h["path"] == "pages/0.html" {
            assert_eq!(h["date"], "2023-11-14", "{h}");
        } else {
            assert!(h["date"].is_null(), "{h}");
        }
    }
}

#[test]
fn kind_comes_from_the_page_s_labels_and_json_ld_type() {
    let v = extract(&page(
        CANONICAL,
        "<div class=kicker>Analysis | Africa</div><h1>Ceasefire holds</h1>",
        "",
    ));
    assert_eq!(v["kind"], "Analysis");
    let head = format!(
        r#"{CANONICAL}<script type="application/ld+json">{{"@type":"OpinionNewsArticle","headline":"Ceasefire holds"}}</script>"#
    );
    let v = extract(&page(&head, "<h1>Ceasefire holds</h1>", ""));
    assert_eq!(v["kind"], "Opinion");
    let v = extract(&page(
        CANONICAL,
        "<nav class=breadcrumb><a href=/>Home</a><a href=/commentary>Commentary</a></nav>\
         <h1>Ceasefire holds</h1>",
        "",
    ));
    assert_eq!(v["kind"], "Commentary");
}

#[test]
fn one_site_key_per_site_and_site_filter_by_name_or_domain() {
    let t = TestDir::new();
    let hosts = [
        ("a", "https://www.politico.com/news/a", "POLITICO"),
        ("b", "https://politico.com/news/b", "Politico"),
        ("c", "https://europe.politico.com/c", "POLITICO Europe"),
        ("d", "https://www.reuters.com/world/d", "Reuters"),
        ("e", "https://reuters.com/world/e", "Reuters"),
        ("f", "https://www.lemonde.fr/international/f", "Le Monde"),
        ("g", "https://news.bbc.co.uk/g", "BBC News"),
    ];
    for (id, url, name) in hosts {
        let head = format!(
            r#"<link rel="canonical" href="{url}"><meta property="og:site_name" content="{name}">"#
        );
        t.write(
            &format!("pages/{id}.html"),
            page(
                &head,
                &format!("<h1>Ceasefire holds</h1><p>Dispatch {id}.</p>"),
                "",
            ),
        );
    }
    polsearch(t.path())
        .args(["index", "pages", "--index", "idx"])
        .assert()
        .success();
    let sites = |filter: &str| -> Vec<String> {
        let v = t.json(&[
            "search",
            "ceasefire",
            "--index",
            "idx",
            "--json",
            "--limit",
            "20",
            "--no-collapse",
            "--site",
            filter,
        ]);
        let mut s: Vec<String> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| format!("{} {}", h["site"].as_str().unwrap(), h["site_name"]))
            .collect();
        s.sort();
        s
    };
    assert_eq!(
        sites("politico"),
        [
            "politico.com \"POLITICO Europe\"",
            "politico.com \"POLITICO\"",
            "politico.com \"Politico\""
        ]
    );
    assert_eq!(sites("reuters").len(), 2);
    assert_eq!(sites("reuters.com").len(), 2);
    assert_eq!(sites("le monde"), ["lemonde.fr \"Le Monde\""]);
    assert_eq!(sites("lemonde.fr"), ["lemonde.fr \"Le Monde\""]);
    assert_eq!(sites("bbc.co.uk"), ["bbc.co.uk \"BBC News\""]);
}

/// Title, authors and publication day on the wcxb-dev article pages,
/// tuning and validation split apart by the project's domain rule
/// (`polsearch_tools::split`: a domain is validation when
/// `sha1("polsearch-split-v1:" + domain) % 100 < 30`), with floors just under
/// what the extractor reaches (`polsearch-tools eval-meta --wcxb`), and the
/// fundus expected parses (authors 68/74, days 75/75 measured).
#[test]
fn metadata_meets_its_floors_on_both_splits() {
    use polsearch_tools::metadata;
    use polsearch_tools::split::Split;
    let Some(shared) = shared() else { return };
    let rules = polsearch::extract::Rules::default();
    let cases = metadata::wcxb_cases(&shared.join("data/wcxb-dev")).unwrap();
    let r = metadata::evaluate(&cases, &rules, Some("article"));
    // measured: tuning 0.901 / 0.866 / 0.887, validation 0.885 / 0.818 / 0.873
    for (split, title, authors, day) in [
        (Split::Tuning, 0.89, 0.85, 0.88),
        (Split::Validation, 0.87, 0.80, 0.86),
    ] {
        let p = &r.parts[&split];
        eprintln!(
            "{split:?}: title {:.3} authors {:.3} day {:.3}",
            p.title.ratio(),
            p.authors.ratio(),
            p.day.ratio()
        );
        assert!(p.pages >= 200, "{split:?}: {} pages", p.pages);
        assert!(
            p.title.ratio() >= title,
            "{split:?} title {:.3}",
            p.title.ratio()
        );
        assert!(
            p.authors.ratio() >= authors,
            "{split:?} authors {:.3}",
            p.authors.ratio()
        );
        assert!(p.day.ratio() >= day, "{split:?} day {:.3}", p.day.ratio());
    }
    let fundus = metadata::fundus_cases(&shared.join("corpus/real")).unwrap();
    let r = metadata::evaluate(&fundus, &rules, None);
    let (authors, days) = r
        .parts
        .values()
        .fold((0, 0), |(a, d), p| (a + p.authors.right, d + p.day.right));
    assert!(authors >= 68, "fundus authors {authors}/74");
    assert!(days >= 75, "fundus days {days}/75");
}
