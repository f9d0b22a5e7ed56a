//! HTML pages: a byte-level pre-pass drops scripts, styles and SVG; html5ever
//! (via scraper) parses the rest; the tree is flattened (`dom`) so that every
//! pass is a loop, not a recursion. Metadata comes first from JSON-LD, `<meta>`
//! and the canonical link (`meta`); the main text comes from a readability-style
//! content scorer with boilerplate rules as data (`content`, `rules.toml`).

mod byline;
mod content;
mod dom;
mod kind;
mod meta;
mod prepass;
mod pubdate;
mod rules;
mod title;

use std::collections::HashSet;

use super::{site, Article};
use dom::{Dom, Tag};
pub use rules::{HtmlRuleLists, HtmlRules, PITCH_MAX_CHARS};

/// Extracts an article from decoded HTML.
pub fn extract(html: &str, rules: &HtmlRules) -> Article {
    let cleaned = prepass::strip(html);
    let doc = scraper::Html::parse_document(&cleaned);
    let dom = Dom::new(&doc);
    let meta = meta::collect(&dom);
    let title = title::choose(&meta, &title::headings(&dom, &meta));
    let content = content::extract(&doc, &dom, rules, &title.text);
    let url = meta.url.clone();
    let site = url.as_deref().and_then(site::site_of_url);
    let labels = labels(&doc, &dom, rules, &meta);
    let dates = pubdate::evidence(&dom, &meta, title.node, dom.nodes[content.root].end);
    Article {
        subtitle: meta
            .description
            .clone()
            .filter(|d| !d.eq_ignore_ascii_case(&title.text)),
        authors: byline::authors(&doc, &dom, rules, &meta, site.as_deref()),
        date: pubdate::choose(&dates),
        kind: kind::kind(&dom, &meta, title.node, &labels, &rules.kinds),
        labels,
        title: title.text,
        site,
        site_name: meta.site_name.clone(),
        url,
        body: content.body,
        captions: content.captions,
        ..Article::default()
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn labels(doc: &scraper::Html, dom: &Dom, c: &HtmlRules, meta: &meta::Meta) -> Vec<String> {
    let mut labels = meta.labels.clone();
    if let Some(sel) = &c.breadcrumb_sel {
        for i in 0..dom.nodes.len() {
            if dom.nodes[i].el.is_none()
                || !dom.element_ref(doc, i).is_some_and(|e| sel.matches(&e))
            {
                continue;
            }
            for j in i + 1..dom.nodes[i].end {
                if dom.nodes[j].tag == Tag::A {
                    let t = dom.text(j, |_| false);
                    if !t.is_empty() && t.len() < 60 && !t.eq_ignore_ascii_case("home") {
                        labels.push(t);
                    }
                }
            }
            break;
        }
    }
    let mut seen = HashSet::new();
    labels.retain(|l| seen.insert(norm(l)));
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_fields_from_metadata() {
        let html = r#"<html><head><title>Port talks | The Review</title>
            <meta property="og:site_name" content="The Review">
            <meta property="article:section" content="Analysis">
            <link rel="canonical" href="https://www.review.org/2023/11/14/port-talks/">
            <meta name="author" content="By Ann Lee and Bo Chen"></head>
            <body><h1>Port talks</h1><p>Officials met in Mombasa, Kenya, to discuss tariffs, quotas, and the
            future of the port, which handles most of the region's trade.</p></body></html>"#;
        let a = extract(html, &crate::extract::Rules::default().html);
        assert_eq!(a.title, "Port talks");
        assert_eq!(a.authors, ["Ann Lee", "Bo Chen"]);
        assert_eq!(a.date, chrono::NaiveDate::from_ymd_opt(2023, 11, 14));
        assert_eq!(a.site.as_deref(), Some("review.org"));
        assert_eq!(a.site_name.as_deref(), Some("The Review"));
        assert_eq!(a.kind.as_deref(), Some("Analysis"));
        assert_eq!(a.labels, ["Analysis"]);
        assert!(a.body.starts_with("Officials met"), "{}", a.body);
    }
}
