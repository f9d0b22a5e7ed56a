//! The headline of an HTML page: the `<h1>` the page prints over its
//! article, checked against what the page says of itself (JSON-LD
//! `headline`, `og:title`, `<title>`), with the metadata as the fallback.
//!
//! Evidence, strongest first:
//! 1. an `<h1>` whose words agree with a metadata title (the printed
//!    headline, edited or not after the metadata was written);
//! 2. the page's one article `<h1>`, when it is not the site's logo (inside a
//!    link, a `nav`, an element classed `logo`/`brand`/`site-title`, or the
//!    site's name itself): readers and annotators take the printed headline,
//!    which SEO titles often reword;
//! 3. the JSON-LD headline, `og:title` or `<title>` without the site name.

use std::collections::HashSet;

use super::dom::{Dom, Tag};
use super::meta::Meta;

/// Separators between a headline and the site name in `<title>`.
pub(super) const TITLE_SEPS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];

/// Least share of words an `<h1>` must share with a metadata title to agree.
const AGREE: f64 = 0.5;

/// The chosen headline and, when it is one, its `<h1>` node.
#[derive(Debug, Clone, Default)]
pub(super) struct Title {
    /// The headline text.
    pub text: String,
    /// The `<h1>` it was read from.
    pub node: Option<usize>,
}

/// A page's `<h1>`: its text and node.
#[derive(Debug, Clone)]
pub(super) struct Heading {
    pub text: String,
    pub node: usize,
    /// Looks like the site's logo or name rather than an article headline.
    pub logo: bool,
}

/// The page's first few non-empty `<h1>`s.
pub(super) fn headings(dom: &Dom, meta: &Meta) -> Vec<Heading> {
    (0..dom.nodes.len())
        .filter(|&i| dom.nodes[i].tag == Tag::H1)
        .filter_map(|i| {
            let text = dom.text(i, |_| false);
            (!text.is_empty()).then(|| Heading {
                logo: is_logo(dom, i, &text, meta),
                text,
                node: i,
            })
        })
        .take(8)
        .collect()
}

/// An `<h1>` that is the site's logo: inside a link or a `nav`, classed as a
/// logo, brand or site title (on it or one of three ancestors), or the site's
/// own name.
fn is_logo(dom: &Dom, i: usize, text: &str, meta: &Meta) -> bool {
    const MARKS: [&str; 6] = [
        "logo",
        "brand",
        "site-title",
        "site-name",
        "sitename",
        "masthead",
    ];
    let site = meta.site_name.as_deref().map(words);
    if site.is_some_and(|s| !s.is_empty() && s == words(text)) {
        return true;
    }
    let mut at = i;
    for depth in 0..4 {
        let marked = ["class", "id"].iter().any(|a| {
            dom.attr(at, a)
                .is_some_and(|v| MARKS.iter().any(|m| v.to_ascii_lowercase().contains(m)))
        });
        if marked || (depth > 0 && dom.name(at) == "nav") {
            return true;
        }
        if at == 0 || dom.nodes[at].parent == at {
            break;
        }
        at = dom.nodes[at].parent;
    }
    // a link inside the heading, or the heading inside a link
    (i..dom.nodes[i].end).any(|j| dom.nodes[j].tag == Tag::A && link_home(dom, j))
        || dom.ancestors(i).any(|a| dom.nodes[a].tag == Tag::A)
}

/// A link to the site's home page (`/`, or an address with no path).
fn link_home(dom: &Dom, a: usize) -> bool {
    dom.attr(a, "href").is_some_and(|h| {
        let h = h.trim();
        h == "/"
            || h.split_once("://")
                .is_some_and(|(_, rest)| rest.trim_end_matches('/').split('/').count() == 1)
    })
}

/// The headline, by the evidence listed in the module docs.
pub(super) fn choose(meta: &Meta, h1s: &[Heading]) -> Title {
    // each metadata title whole and split at its separators ("Topic | Site")
    let refs: Vec<HashSet<String>> = [&meta.headline, &meta.og_title, &meta.title_tag]
        .into_iter()
        .flatten()
        .flat_map(|t| {
            let parts = t.split([' ', '\u{a0}']).collect::<Vec<_>>().join(" ");
            let mut v: Vec<String> = TITLE_SEPS
                .iter()
                .flat_map(|sep| parts.split(sep).map(str::to_string))
                .collect();
            v.push(t.clone());
            v
        })
        .map(|s| words(&s))
        .filter(|w| !w.is_empty())
        .collect();
    // a logo agrees with the site name in `<title>`; it is never the headline
    let best = h1s
        .iter()
        .filter(|h| !h.logo)
        .filter_map(|h| {
            let hw = words(&h.text);
            let agree = refs
                .iter()
                .map(|r| hw.intersection(r).count() as f64 / hw.len().max(r.len()) as f64)
                .fold(0.0, f64::max);
            (agree >= AGREE).then_some((agree, hw.len(), h))
        })
        // best agreement; on a tie the longer heading (a headline, not the
        // site name that also appears in `<title>`), then the first
        .fold(None::<(f64, usize, &Heading)>, |best, c| match best {
            Some(b) if (b.0, b.1) >= (c.0, c.1) => Some(b),
            _ => Some(c),
        });
    if let Some((_, _, h)) = best {
        return from_heading(h);
    }
    let articles: Vec<&Heading> = h1s.iter().filter(|h| !h.logo).collect();
    if let [h] = articles[..] {
        if words(&h.text).len() >= 2 || refs.is_empty() {
            return from_heading(h);
        }
    }
    let full = (meta.og_title.as_ref().or(meta.title_tag.as_ref()))
        .map(|t| strip_site_suffix(t, meta.site_name.as_deref()));
    let text = match (&meta.headline, full) {
        (Some(h), Some(f)) if is_cut_from(h, &f) => f,
        (Some(h), _) => h.clone(),
        (None, Some(f)) => f,
        (None, None) => h1s.first().map(|h| h.text.clone()).unwrap_or_default(),
    };
    Title { text, node: None }
}

/// A JSON-LD headline cut short of the full title (publishers' tools cut
/// `headline` to a fixed length, e.g. the 110 characters search engines
/// read): `full` begins with it and goes on. Only a cut of 50 characters or
/// more counts, so a short headline that opens a longer `<title>` stays.
fn is_cut_from(headline: &str, full: &str) -> bool {
    let cut = norm(headline);
    let cut = cut.trim_end_matches(['…', '.', ' ']);
    let full = norm(full);
    cut.chars().count() >= 50 && full.len() > cut.len() + 1 && full.starts_with(cut)
}

fn from_heading(h: &Heading) -> Title {
    Title {
        text: h.text.clone(),
        node: Some(h.node),
    }
}

/// The set of lowercase `\w+` words of a text.
pub(super) fn words(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// "Headline | Site" → "Headline" (the longest part when separators are present).
fn strip_site_suffix(t: &str, site: Option<&str>) -> String {
    for sep in TITLE_SEPS {
        if t.contains(sep) {
            let parts: Vec<&str> = t.split(sep).map(str::trim).collect();
            let site_n = site.map(norm);
            let kept: Vec<&str> = parts
                .iter()
                .copied()
                .filter(|p| site_n.as_deref() != Some(norm(p).as_str()))
                .collect();
            if kept.len() < parts.len() && !kept.is_empty() {
                return kept.join(sep);
            }
            return parts
                .iter()
                .max_by_key(|p| p.len())
                .unwrap_or(&t)
                .to_string();
        }
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title_of(html: &str) -> String {
        let doc = scraper::Html::parse_document(html);
        let dom = Dom::new(&doc);
        let meta = super::super::meta::collect(&dom);
        choose(&meta, &headings(&dom, &meta)).text
    }

    #[test]
    fn prefers_the_h1_agreeing_with_metadata() {
        let head = "<head><title>Port talks resume | The Review</title></head>";
        assert_eq!(
            title_of(&format!("{head}<h1>Port talks resume</h1>")),
            "Port talks resume"
        );
        assert_eq!(
            title_of(&format!(
                "{head}<h1>The Review</h1><h1>Port talks resume</h1>"
            )),
            "Port talks resume"
        );
    }

    #[test]
    fn the_printed_headline_beats_a_reworded_seo_title() {
        let html = r#"<head><title>Best ports 2025: 9 picks | Review</title>
            <meta property="og:site_name" content="The Review"></head><body>
            <header><h1 class="site-logo"><a href="/">The Review</a></h1></header>
            <article><h1>Nine ports to watch in the new year</h1><p>Text.</p></article></body>"#;
        assert_eq!(title_of(html), "Nine ports to watch in the new year");
    }

    #[test]
    fn a_cut_json_ld_headline_gives_way_to_the_full_title() {
        let full =
            "Harbour Talks Resume After Months of Delay (With Both Delegations Back at the Table)";
        let page = |headline: &str| {
            format!(
                r#"<html><head><title>{full} - Coastline Weekly</title>
                <meta property="og:site_name" content="Coastline Weekly">
                <script type="application/ld+json">{{"@type":"NewsArticle","headline":"{headline}"}}</script>
                </head><body><p>Delegates met again on Tuesday.</p></body></html>"#
            )
        };
        assert_eq!(title_of(&page(&full[..55])), full);
        assert_eq!(title_of(&page(&format!("{}…", &full[..60]))), full);
        // a headline that is not a cut of the title stays
        assert_eq!(
            title_of(&page("Harbour talks resume")),
            "Harbour talks resume"
        );
    }

    #[test]
    fn a_logo_h1_is_not_the_headline() {
        // Politico-style: the only <h1> is the site's logo
        let html = r#"<head><title>Senate passes the port bill - POLITICO</title>
            <meta property="og:site_name" content="POLITICO"></head><body>
            <h1><a href="https://www.politico.com/">Politico</a></h1>
            <h2>Senate passes the port bill</h2></body>"#;
        assert_eq!(title_of(html), "Senate passes the port bill");
        let html = r#"<head><title>Senate passes the port bill | Houstonia</title></head><body>
            <div class="brand"><h1>Houstonia Magazine</h1></div></body>"#;
        assert_eq!(title_of(html), "Senate passes the port bill");
    }
}
