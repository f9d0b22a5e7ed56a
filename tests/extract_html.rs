//! HTML extraction, field by field, on pages we write ourselves in the style of
//! real sites, plus hostile input and every page of the shared real corpus.

use polsearch::corpus::SourcePage;
use polsearch::extract::{extract, Rules};

use crate::util::*;

const PARA: &str = "The ministers met in the capital on Tuesday, and after long talks, they \
    agreed to extend the ceasefire, to open two crossings, and to exchange prisoners.";

fn article_of(html: &str) -> polsearch::Article {
    extract(
        &SourcePage::from_bytes("p.html", html.as_bytes().to_vec()),
        &Rules::default(),
    )
    .unwrap()
}

/// A think-tank style page: share bar, the article, teasers for other articles
/// with "keep reading", a newsletter pitch and a footer.
fn think_tank_page() -> String {
    format!(
        r##"<!doctype html><html><head><title>Ceasefire holds in the north | Policy Review</title>
        <meta property="og:site_name" content="Policy Review">
        <meta property="og:title" content="Ceasefire holds in the north">
        <meta property="article:section" content="Africa"><meta property="article:tag" content="Security">
        <link rel="canonical" href="https://policyreview.example/2024/03/05/ceasefire-holds/">
        <script type="application/ld+json">{{"@type":"AnalysisNewsArticle","headline":"Ceasefire holds in the north",
          "author":{{"@type":"Person","name":"Amara Diallo"}},"datePublished":"2024-03-05T08:00:00+00:00"}}</script>
        <style>.x{{color:red}}</style><script>var tracking = "Quokka";</script></head>
        <body><header class="site-header"><a href="/">Policy Review</a><nav><a href="/africa">Africa</a></nav></header>
        <div class="share-bar"><a href="#">Share on Facebook</a><a href="#">Tweet</a></div>
        <main><article class="post"><h1>Ceasefire holds in the north</h1>
        <p class="byline">By Amara Diallo</p>
        <figure><img src="a.jpg"><figcaption>Delegates arrive in the capital. Photo: Jo Lens</figcaption></figure>
        <p>{PARA}</p><p>{PARA}</p><h2>What comes next</h2><p>{PARA}</p>
        <div class="newsletter-signup"><p>Sign up for our weekly briefing on Narwhal diplomacy.</p></div>
        <p>For more reporting like this, please bookmark our homepage and sign up for our daily newsletter, The Okapi Brief, here.</p>
        <p>Do you have a story to tell? Email tips@policyreview.example</p>
        </article>
        <section class="more-articles"><h2>More from Policy Review</h2>
          <div class="card"><h3><a href="/x">Harbour strikes spread</a></h3><p>Dockworkers in Walrusport walked out.</p>
          <a href="/x">keep reading</a><span>Show less</span></div></section></main>
        <footer><p>© 2024 Policy Review. All rights reserved. Lemur Street 1.</p></footer></body></html>"##
    )
}

#[test]
fn body_keeps_the_article_and_drops_boilerplate_and_teasers() {
    let a = article_of(&think_tank_page());
    assert_eq!(
        a.body.matches("extend the ceasefire").count(),
        3,
        "{}",
        a.body
    );
    assert!(
        a.body.contains("What comes next"),
        "in-body heading kept: {}",
        a.body
    );
    for junk in [
        "Share on",
        "Narwhal",
        "Okapi",
        "story to tell",
        "Walrusport",
        "Harbour strikes",
        "keep reading",
        "Show less",
        "Lemur",
        "Quokka",
        "color:red",
    ] {
        assert!(
            !a.body.contains(junk),
            "{junk:?} leaked into the body: {}",
            a.body
        );
    }
    assert!(
        a.body.contains("\n\n"),
        "paragraphs separated by blank lines"
    );
    assert_eq!(
        a.captions,
        ["Delegates arrive in the capital. Photo: Jo Lens"]
    );
}

#[test]
fn fields_come_from_metadata() {
    let a = article_of(&think_tank_page());
    assert_eq!(a.title, "Ceasefire holds in the north");
    assert_eq!(a.authors, ["Amara Diallo"]);
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2024-03-05"));
    // the site is its registrable domain; the name it calls itself is kept apart
    assert_eq!(a.site.as_deref(), Some("policyreview.example"));
    assert_eq!(a.site_name.as_deref(), Some("Policy Review"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://policyreview.example/2024/03/05/ceasefire-holds/")
    );
    assert_eq!(a.kind.as_deref(), Some("Analysis"));
    assert!(
        a.labels.contains(&"Africa".to_string()) && a.labels.contains(&"Security".to_string()),
        "{:?}",
        a.labels
    );
}

#[test]
fn byline_time_and_breadcrumbs_without_metadata() {
    let html = format!(
        r#"<html><body><ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/asia">Asia</a></li></ol>
        <article><h1>Rice prices climb</h1><div class="author-name">By Lin Wei and Sam Ortiz</div>
        <time datetime="2023-07-27">July 27</time><p>{PARA}</p><p>{PARA}</p></article></body></html>"#
    );
    let a = article_of(&html);
    assert_eq!(a.title, "Rice prices climb");
    assert_eq!(a.authors, ["Lin Wei", "Sam Ortiz"]);
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-07-27"));
    assert_eq!(a.labels, ["Asia"]);
    assert!(!a.body.contains("Lin Wei"), "{}", a.body);
}

/// Which date is the publication day when the page gives several.
#[test]
fn publication_day_by_strength_of_evidence() {
    let page = |head: &str, body: &str| {
        format!(
            r#"<html><head><title>Ceasefire talks</title>{head}</head><body><article>
            <h1>Ceasefire talks</h1>{body}<p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></article>
            <aside><h3>More news</h3><time datetime="2021-01-01">Jan 1</time></aside></body></html>"#
        )
    };
    let day = |head: &str, body: &str| article_of(&page(head, body)).date.map(|d| d.to_string());
    let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-05-20T10:00:00Z"}</script>"#;
    // a visible time whose text does not write the day out yields to the
    // metadata's publication date
    assert_eq!(
        day(ld, r#"<time datetime="2024-05-02">May 2</time>"#).as_deref(),
        Some("2024-05-20")
    );
    // the publication day the header writes out for its readers, or marks
    // with `pubdate`, beats metadata the header does not show (measured on
    // wcxb-dev's tuning split: site builders and republished posts stamp the
    // day of the build) ...
    assert_eq!(
        day(ld, r#"<time datetime="2024-05-02">May 2, 2024</time>"#).as_deref(),
        Some("2024-05-02")
    );
    assert_eq!(
        day(ld, r#"<time pubdate datetime="2024-05-02">May 2</time>"#).as_deref(),
        Some("2024-05-02")
    );
    // ... but not when the header shows the metadata's day too
    assert_eq!(
        day(
            ld,
            r#"<time datetime="2024-05-20">May 20, 2024</time> <time datetime="2024-05-02">May 2, 2024</time>"#
        )
        .as_deref(),
        Some("2024-05-20")
    );
    // a generic DC.date that is only the last-modified date yields to the time shown
    let dc_modified = r#"<meta name="DC.date" content="2024-07-05T14:20:08Z">
        <meta property="og:updated_time" content="2024-07-05T14:20:08-04:00">"#;
    assert_eq!(
        day(
            dc_modified,
            r#"<time datetime="2024-03-01 05:00:00">March 1</time>"#
        )
        .as_deref(),
        Some("2024-03-01")
    );
    // a date shown at the headline outweighs a generic DC.date (measured on
    // wcxb-dev's tuning split: the header's dates are the better evidence);
    let dc = r#"<meta name="DC.date" content="2024-02-10">
        <meta property="og:updated_time" content="2024-07-05T14:20:08-04:00">"#;
    assert_eq!(
        day(dc, r#"<time datetime="2024-03-01">March 1</time>"#).as_deref(),
        Some("2024-03-01")
    );
}

#[test]
fn hostile_html_does_not_crash() {
    let deep = format!(
        "<html><body>{}<p>{PARA}</p></body></html>",
        "<div><span>".repeat(50_000)
    );
    assert!(article_of(&deep).body.contains("ceasefire"));
    let ansi = format!("<title>Evil\u{1b}[31m title\u{7}</title><p>{PARA} \u{1b}[2J</p>");
    let a = article_of(&ansi);
    assert!(!a.title.contains('\u{1b}'), "{:?}", a.title);
    let broken = "<html><p>unclosed <b><i>tags <table><td>cell</p></div></html><!-- open comment";
    let _ = article_of(broken);
    let huge = format!(
        "<html><body><article>{}</article></body></html>",
        format!("<p>{PARA}</p>").repeat(20_000)
    );
    assert!(article_of(&huge).body.len() > 1_000_000);
}

#[test]
fn a_users_rules_file_extends_the_defaults() {
    let t = TestDir::new();
    let rules_path = t.write(
        "rules.toml",
        "[html]\ndrop_class = [\"quokka-box\"]\ndrop_text = [\"zebra .*\"]\n",
    );
    let rules = Rules::with_file(&rules_path).unwrap();
    let html = format!(
        "<body><article><p>{PARA}</p><div class=quokka-box><p>Boxed words here.</p></div>\
         <p>zebra crossing notice</p><p>{PARA}</p></article></body>"
    );
    let a = extract(&SourcePage::from_bytes("p.html", html.into_bytes()), &rules).unwrap();
    assert!(
        !a.body.contains("Boxed") && !a.body.contains("zebra"),
        "{}",
        a.body
    );
    let bad = t.write("bad.toml", "[html]\ndrop_selectors = [\"[[[\"]\n");
    let err = Rules::with_file(&bad).unwrap_err().to_string();
    assert!(
        err.contains("bad.toml") && err.contains("selector"),
        "{err}"
    );
}

#[test]
fn every_real_corpus_page_extracts() {
    let Some(shared) = shared() else { return };
    let mut n = 0;
    for entry in walkdir::WalkDir::new(shared.join("corpus/real")) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "html") {
            let page = SourcePage::read(&path).unwrap();
            let a = extract(&page, &Rules::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(
                !a.title.is_empty() || !a.body.is_empty(),
                "{}: nothing extracted",
                path.display()
            );
            n += 1;
        }
    }
    assert!(n >= 200, "only {n} pages");
}

#[test]
fn a_bad_rules_file_is_one_line_naming_the_file_and_the_rule() {
    let t = TestDir::new();
    t.write("page.html", format!("<body><p>{PARA}</p></body>"));
    for (rules, expected) in [
        (
            "[html]\ndrop_text = ['Advertisement', '(unclosed']\n",
            "polsearch: bad.toml: [html] drop_text: bad pattern \"(unclosed\": unclosed group",
        ),
        (
            "[text]\nteaser_end = ['keep reading', 'a{2,1}']\n",
            "polsearch: bad.toml: [text] teaser_end: bad pattern \"a{2,1}\": invalid repetition count range, the start must be <= the end",
        ),
        (
            "[html]\ndrop_selectors = ['nav', '[[[']\n",
            "polsearch: bad.toml: [html] drop_selectors: bad selector \"[[[\": ",
        ),
        (
            "[html]\ndrop_clas = ['x']\n",
            "polsearch: bad.toml: line 2: unknown field `drop_clas`, expected one of ",
        ),
    ] {
        t.write("bad.toml", rules);
        let out = polsearch(t.path())
            .args(["extract", "page.html", "--rules", "bad.toml"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{rules}");
        assert!(out.stdout.is_empty(), "{rules}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(expected), "{rules}\n{err}");
    }
}
