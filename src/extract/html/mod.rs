//! HTML pages: a byte-level pre-pass drops scripts, styles and SVG; html5ever
//! (via scraper) parses the rest; the tree is flattened (`dom`) so that every
//! pass is a loop, not a recursion. Metadata comes first from JSON-LD, `<meta>`
//! and the canonical link (`meta`); the main text comes from a readability-style
//! content scorer with boilerplate rules as data (`content`, `rules.toml`).

pub mod block_model;
pub mod blocks;
mod content;
mod dom;
pub mod markup;
mod meta;
pub mod page_type;
mod prepass;
mod rules;

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{authors, date, Article, PageType};
use block_model::BlockModel;
use blocks::{PageBlocks, TokenWeights};
use dom::{Dom, Tag};
pub use rules::{BodyExtractor, HtmlRuleLists, HtmlRules, PITCH_MAX_CHARS};

/// A parsed page: the document, its flat view, its metadata and headline.
struct Parsed<'a> {
    doc: &'a scraper::Html,
    dom: Dom<'a>,
    meta: meta::Meta,
    title: String,
}

/// Cleans and parses `html`, then hands the parsed page to `f`.
fn with_parsed<R>(html: &str, f: impl FnOnce(Parsed) -> R) -> R {
    let cleaned = prepass::strip(html);
    let doc = scraper::Html::parse_document(&cleaned);
    let dom = Dom::new(&doc);
    let meta = meta::collect(&dom);
    let h1s: Vec<String> = (0..dom.nodes.len())
        .filter(|&i| dom.nodes[i].tag == Tag::H1)
        .map(|i| dom.text(i, |_| false))
        .filter(|t| !t.is_empty())
        .take(8)
        .collect();
    let title = choose_title(&meta, &h1s);
    f(Parsed {
        doc: &doc,
        dom,
        meta,
        title,
    })
}

/// Extracts an article from decoded HTML.
pub fn extract(html: &str, rules: &HtmlRules) -> Article {
    with_parsed(html, |pg| {
        let Parsed {
            doc,
            dom,
            meta,
            title,
        } = pg;
        let view = content::rule_view(doc, &dom, rules, &title);
        let blocks = blocks::segment(&dom, &view);
        let page_type = page_type::classify(&page_type::page_features(
            &dom,
            meta.url.as_deref(),
            &title,
            &blocks,
        ));
        let use_model = match rules.body {
            BodyExtractor::Rules => false,
            BodyExtractor::Model => true,
            BodyExtractor::Auto => {
                page_type != PageType::Article || view.content.body.trim().is_empty()
            }
        };
        let model_body = use_model.then(|| {
            let model = BlockModel::embedded();
            let page = blocks::page_blocks(&dom, &view, blocks, &model.tokens);
            let p = model.predict(&page);
            blocks::render(&page, &p, model.threshold, rules, &title)
        });
        let mut content = view.content;
        // the model's text, unless it kept nothing where the rules kept some
        // (the rules' markup does not describe the model's text: `show` then
        // shows its paragraphs)
        if let Some(body) = model_body.filter(|b| !b.trim().is_empty()) {
            content.body = body;
            content.markup.clear();
        }
        let url = meta.url.clone();
        let site = meta
            .site_name
            .clone()
            .or_else(|| url.as_deref().and_then(host));
        Article {
            subtitle: meta
                .description
                .clone()
                .filter(|d| !d.eq_ignore_ascii_case(&title)),
            authors: authors(doc, &dom, rules, &meta),
            date: pub_date(&dom, &meta, dom.nodes[content.root].end),
            kind: kind(&meta, &rules.kinds),
            labels: labels(doc, &dom, rules, &meta),
            page_type,
            title,
            site,
            url,
            body: content.body,
            markup: content.markup,
            captions: content.captions,
            ..Article::default()
        }
    })
}

/// A page's blocks as the block model sees them, for training: the blocks
/// with their feature rows (with the class/id token weights `tokens`), and per
/// block the class/id tokens of its element and of the element's ancestors
/// (the vocabulary the weights are learned from).
pub fn training_blocks(
    html: &str,
    rules: &HtmlRules,
    tokens: &TokenWeights,
) -> (PageBlocks, Vec<Vec<String>>) {
    with_parsed(html, |pg| {
        let view = content::rule_view(pg.doc, &pg.dom, rules, &pg.title);
        let page = blocks::page_blocks(&pg.dom, &view, blocks::segment(&pg.dom, &view), tokens);
        let toks = page
            .blocks
            .iter()
            .map(|b| {
                let mut v: Vec<String> = Vec::new();
                let mut a = b.owner;
                while a != 0 {
                    for val in blocks::class_values(&pg.dom, a) {
                        v.extend(blocks::class_tokens(val));
                    }
                    a = pg.dom.nodes[a].parent;
                }
                v.sort();
                v.dedup();
                v
            })
            .collect();
        (page, toks)
    })
}

/// The page-type features of a page ([`page_type::PAGE_FEATURES`]), for
/// training the page-type model.
pub fn page_type_features(html: &str, rules: &HtmlRules) -> Vec<f32> {
    with_parsed(html, |pg| {
        let view = content::rule_view(pg.doc, &pg.dom, rules, &pg.title);
        let blocks = blocks::segment(&pg.dom, &view);
        page_type::page_features(&pg.dom, pg.meta.url.as_deref(), &pg.title, &blocks)
    })
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The headline: the `<h1>` that best agrees with the metadata (most shared
/// words relative to the longer of the two, at least half), else the JSON-LD
/// headline, `og:title` or `<title>` without the site-name suffix, else the
/// first `<h1>`. Word overlap rather than equality tolerates a headline edited
/// after the metadata was written, and a site-name `<h1>` loses to the real one.
fn choose_title(meta: &meta::Meta, h1s: &[String]) -> String {
    // Each metadata title whole and split at its separators ("Topic | Site").
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
    let best = h1s
        .iter()
        .filter_map(|h| {
            let hw = words(h);
            let agree = refs
                .iter()
                .map(|r| hw.intersection(r).count() as f64 / hw.len().max(r.len()) as f64)
                .fold(0.0, f64::max);
            (agree >= 0.5).then_some((agree, hw.len(), h))
        })
        // Best agreement; on a tie the longer heading (a headline, not the
        // site name that also appears in `<title>`), then the first.
        .fold(None::<(f64, usize, &String)>, |best, c| match best {
            Some(b) if (b.0, b.1) >= (c.0, c.1) => Some(b),
            _ => Some(c),
        });
    if let Some((_, _, h)) = best {
        return h.clone();
    }
    if let Some(h) = &meta.headline {
        return h.clone();
    }
    match meta.og_title.as_ref().or(meta.title_tag.as_ref()) {
        Some(t) => strip_site_suffix(t, meta.site_name.as_deref()),
        None => h1s.first().cloned().unwrap_or_default(),
    }
}

/// The set of lowercase `\w+` words of a text.
fn words(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Separators between a headline and the site name in `<title>`.
const TITLE_SEPS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];

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

fn authors(doc: &scraper::Html, dom: &Dom, c: &HtmlRules, meta: &meta::Meta) -> Vec<String> {
    let mut names: Vec<String> = meta.ld_authors.clone();
    if names.is_empty() {
        names = meta
            .meta_authors
            .iter()
            .flat_map(|a| authors::split(a))
            .collect();
    }
    if names.is_empty() {
        if let Some(sel) = &c.byline_sel {
            for i in 0..dom.nodes.len() {
                if dom.nodes[i].el.is_none()
                    || !dom.element_ref(doc, i).is_some_and(|e| sel.matches(&e))
                {
                    continue;
                }
                let found = authors::split(&dom.text(i, |_| false));
                if !found.is_empty() {
                    names = found;
                    break;
                }
            }
        }
    }
    let mut seen = HashSet::new();
    names.retain(|n| seen.insert(norm(n)));
    names
}

/// The publication day, by the strength of the evidence:
/// 1. a `<time pubdate>`, the page's own mark on the date it shows its
///    reader as the publication date (metadata is often rewritten when the
///    page is edited);
/// 2. JSON-LD / `<meta>` publication dates;
/// 3. dates under generic names (`DC.date`), unless they are only the
///    last-modified date and the article's header shows another one;
/// 4. the first `<time>`, else an element classed as a date, else the URL.
///
/// A URL date within a day of the chosen date wins: it is the publisher's
/// local day where the metadata is often in UTC.
fn pub_date(dom: &Dom, meta: &meta::Meta, article_end: usize) -> Option<NaiveDate> {
    let from_url = meta.url.as_deref().and_then(date::in_url);
    let visible = time_dates(dom, article_end);
    let modified: Vec<NaiveDate> = meta
        .modified
        .iter()
        .filter_map(|d| date::parse(d))
        .collect();
    let generic = meta.generic_dates.iter().filter_map(|d| date::parse(d));
    let chosen = visible
        .marked
        .or_else(|| meta.dates.iter().find_map(|d| date::parse(d)))
        .or_else(|| {
            let mut generic = generic.peekable();
            let first = generic.peek().copied();
            generic
                .find(|d| !modified.contains(d) || visible.headed.is_none())
                .or(visible.headed)
                .or(first)
        });
    match chosen {
        Some(d) => Some(match from_url {
            Some(u) if date::days_apart(u, d) <= 1 => u,
            _ => d,
        }),
        None => visible.shown.or_else(|| classed_date(dom)).or(from_url),
    }
}

/// The `<time>` elements of the page.
struct TimeDates {
    /// The first `<time pubdate>`.
    marked: Option<NaiveDate>,
    /// The first `<time>`.
    shown: Option<NaiveDate>,
    /// The first `<time>` above the end of the article's container (in its
    /// header or text, not in the teasers below it).
    headed: Option<NaiveDate>,
}

/// The date of element `i`: its `datetime` or `content`, else its text.
fn date_of(dom: &Dom, i: usize) -> String {
    dom.attr(i, "datetime")
        .or_else(|| dom.attr(i, "content"))
        .map(str::to_string)
        .unwrap_or_else(|| dom.text(i, |_| false))
}

/// Scans the page's `<time>` elements for [`TimeDates`].
fn time_dates(dom: &Dom, article_end: usize) -> TimeDates {
    let mut v = TimeDates {
        marked: None,
        shown: None,
        headed: None,
    };
    for i in (0..dom.nodes.len()).filter(|&i| dom.name(i) == "time") {
        // only the HTML `pubdate` attribute: `itemprop`s and classes also
        // mark the dates of teaser cards and of stale theme markup
        if v.marked.is_none() && dom.attr(i, "pubdate").is_some() {
            let r = date_of(dom, i);
            if r.len() <= 80 {
                v.marked = date::parse(&r);
            }
        }
        if v.shown.is_none() {
            v.shown = date::parse(&date_of(dom, i));
            if i < article_end {
                v.headed = v.shown;
            }
        }
        if v.marked.is_some() && v.shown.is_some() {
            break;
        }
    }
    v
}

/// The first date found in an element (not a `<time>` or `<meta>`) whose
/// `itemprop` or class names a published date rather than a modified one.
fn classed_date(dom: &Dom) -> Option<NaiveDate> {
    let not_modified = |s: &str| !s.contains("update") && !s.contains("modif");
    (0..dom.nodes.len()).find_map(|i| {
        if matches!(dom.name(i), "time" | "meta") {
            return None;
        }
        let prop = dom.attr(i, "itemprop").unwrap_or("").to_ascii_lowercase();
        let class = dom.attr(i, "class").unwrap_or("").to_ascii_lowercase();
        let is_pub = (prop.contains("date") && not_modified(&prop))
            || class.split_whitespace().any(|c| {
                (c.ends_with("date") || c.contains("publish") || c.contains("dateline"))
                    && not_modified(c)
            });
        if !is_pub {
            return None;
        }
        let r = date_of(dom, i);
        (r.len() <= 80).then(|| date::parse(&r)).flatten()
    })
}

fn kind(meta: &meta::Meta, kinds: &[String]) -> Option<String> {
    for t in &meta.types {
        let k = match t.as_str() {
            "opinionnewsarticle" => "Opinion",
            "analysisnewsarticle" => "Analysis",
            "reviewnewsarticle" => "Review",
            "backgroundnewsarticle" => "Background",
            "reportagenewsarticle" => "Report",
            _ => continue,
        };
        return Some(k.to_string());
    }
    meta.labels
        .iter()
        .find_map(|l| kinds.iter().find(|k| k.eq_ignore_ascii_case(l)).cloned())
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

/// The host of an absolute URL, without `www.`.
fn host(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .split('@')
        .next_back()?
        .split(':')
        .next()?;
    (!host.is_empty()).then(|| host.trim_start_matches("www.").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_prefers_h1_agreeing_with_metadata() {
        let m = meta::Meta {
            title_tag: Some("Port talks resume | The Review".into()),
            ..Default::default()
        };
        assert_eq!(
            choose_title(&m, &["Port talks resume".to_string()]),
            "Port talks resume"
        );
        assert_eq!(
            choose_title(&m, &["Subscribe".to_string()]),
            "Port talks resume"
        );
        let h1s = ["The Review".to_string(), "Port talks resume".to_string()];
        assert_eq!(choose_title(&m, &h1s), "Port talks resume");
    }

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
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2023, 11, 14));
        assert_eq!(a.site.as_deref(), Some("The Review"));
        assert_eq!(a.kind.as_deref(), Some("Analysis"));
        assert_eq!(a.labels, ["Analysis"]);
        assert!(a.body.starts_with("Officials met"), "{}", a.body);
        assert_eq!(host("https://www.x.org:80/a").as_deref(), Some("x.org"));
    }
}
