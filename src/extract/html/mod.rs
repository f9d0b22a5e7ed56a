//! HTML pages: a byte-level pre-pass drops scripts, styles and SVG; html5ever
//! (via scraper) parses the rest; the tree is flattened (`dom`) so that every
//! pass is a loop, not a recursion. Metadata comes first from JSON-LD, `<meta>`
//! and the canonical link (`meta`); the main text comes from a readability-style
//! content scorer with boilerplate rules as data (`content`, `rules.toml`).

pub mod block_model;
pub mod blocks;
mod byline;
mod content;
mod dom;
mod kind;
pub mod markup;
mod meta;
pub mod page_type;
mod prepass;
mod pubdate;
mod rules;
mod title;

use std::collections::HashSet;

use super::{site, Article, PageType};
use block_model::BlockModel;
use blocks::{PageBlocks, TokenWeights};
use dom::{Dom, Tag};
pub use rules::{BodyExtractor, HtmlRuleLists, HtmlRules, PITCH_MAX_CHARS};

/// A parsed page: the document, its flat view, its metadata and headline.
struct Parsed<'a> {
    doc: &'a scraper::Html,
    dom: Dom<'a>,
    meta: meta::Meta,
    title: title::Title,
}

/// Cleans and parses `html`, then hands the parsed page to `f`.
fn with_parsed<R>(html: &str, f: impl FnOnce(Parsed) -> R) -> R {
    let cleaned = prepass::strip(html);
    let doc = scraper::Html::parse_document(&cleaned);
    let dom = Dom::new(&doc);
    let meta = meta::collect(&dom);
    let title = title::choose(&meta, &title::headings(&dom, &meta));
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
        let view = content::rule_view(doc, &dom, rules, &title.text);
        let blocks = blocks::segment(&dom, &view);
        let page_type = page_type::classify(&page_type::page_features(
            &dom,
            meta.url.as_deref(),
            &title.text,
            &blocks,
        ));
        let rules_empty = view.content.body.trim().is_empty();
        let model = BlockModel::embedded();
        // the block model's body: alone (`model`, and `auto` off articles),
        // or as a second opinion on the rules' blocks (`auto` on articles)
        let hybrid = match rules.body {
            BodyExtractor::Rules => None,
            BodyExtractor::Model => Some(None),
            BodyExtractor::Auto if page_type != PageType::Article || rules_empty => Some(None),
            BodyExtractor::Auto => model.hybrid.map(Some),
        };
        let model_body = hybrid.map(|h| {
            if h.is_some_and(|h| !blocks::may_change(&blocks, h)) {
                return blocks::rules_body_as_is(&view.content.body);
            }
            let page = blocks::page_blocks(&dom, &view, blocks, &model.tokens);
            let p = model.predict(&page);
            let t = model.thresholds(page_type);
            match h {
                Some(h) => {
                    blocks::render_hybrid(&page, &p, h, t, rules, &title.text, &view.content.body)
                }
                None => blocks::render(&page, &p, t, rules, &title.text),
            }
        });
        let mut content = view.content;
        // the model's text, unless it kept nothing where the rules kept some;
        // the rules' markup stays only when it describes the same text (else
        // `show` shows the model's paragraphs)
        if let Some(body) = model_body.filter(|b| !b.trim().is_empty()) {
            let same = |a: &str, b: &str| a.split_whitespace().eq(b.split_whitespace());
            if !same(&body, &content.body) {
                content.markup.clear();
            }
            content.body = body;
        }
        let url = meta.url.clone();
        let site = url.as_deref().and_then(site::site_of_url);
        let labels = labels(doc, &dom, rules, &meta);
        let dates = pubdate::evidence(
            &dom,
            &meta,
            title.node,
            &title.text,
            dom.nodes[content.root].end,
        );
        Article {
            subtitle: meta
                .description
                .clone()
                .filter(|d| !d.eq_ignore_ascii_case(&title.text)),
            authors: byline::authors(doc, &dom, rules, &meta, site.as_deref()),
            date: pubdate::choose(&dates),
            kind: kind::kind(&dom, &meta, title.node, &labels, &rules.kinds),
            labels,
            page_type,
            title: title.text,
            site,
            site_name: meta.site_name.clone(),
            // the declared language; `extract::extract` weighs it against the text
            lang: meta.declared_lang.clone(),
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
        let view = content::rule_view(pg.doc, &pg.dom, rules, &pg.title.text);
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
        let view = content::rule_view(pg.doc, &pg.dom, rules, &pg.title.text);
        let blocks = blocks::segment(&pg.dom, &view);
        page_type::page_features(&pg.dom, pg.meta.url.as_deref(), &pg.title.text, &blocks)
    })
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
