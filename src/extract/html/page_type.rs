//! What kind of page an HTML page is ([`PageType`]): a multi-class
//! gradient-boosted forest over page-level features ([`PAGE_FEATURES`]): the
//! page's structured-data and Open Graph types, the shape of its URL and
//! title, counts of links, forms, prices, code blocks and repeated sibling
//! structures (teaser grids), the classes of `<body>`, and what the rules
//! kept of the page (how much of it is main content, in how many runs).
//! Trained by `polsearch-tools train-page-types` on the tuning split of the
//! wcxb-dev pool and shipped as data (`page_type_model.json`), parsed once.

use std::sync::LazyLock;

use super::blocks::{main_run, Block};
use super::dom::{Dom, Tag};
use crate::extract::PageType;
use crate::model::{FlatForest, Forest, ModelError};

/// The names of the page features, in the order of `page_features`.
pub const PAGE_FEATURES: &[&str] = &[
    "ld_article",
    "ld_product",
    "ld_forum",
    "ld_collection",
    "ld_docs",
    "ld_service",
    "ld_breadcrumb",
    "ld_other",
    "og_article",
    "og_product",
    "og_website",
    "url_depth",
    "url_trailing_slash",
    "url_date",
    "url_slug_words",
    "url_digits",
    "url_query",
    "url_listing",
    "url_product",
    "url_forum",
    "url_docs",
    "url_service",
    "url_article",
    "url_html",
    "log_links",
    "log_forms",
    "log_inputs",
    "log_prices",
    "log_code",
    "log_headings",
    "log_paragraphs",
    "log_list_items",
    "log_images",
    "log_times",
    "log_tables",
    "log_articles",
    "log_repeat_max",
    "log_repeat_groups",
    "log_text",
    "link_density",
    "paragraph_share",
    "body_single",
    "body_archive",
    "body_page",
    "body_product",
    "body_forum",
    "body_docs",
    "title_words",
    "title_separator",
    "title_question",
    "main_share",
    "main_blocks",
    "main_mean_chars",
    "main_link_density",
    "main_runs",
    "run_share",
    "any_kept",
];

/// The embedded model file.
pub const PAGE_TYPE_MODEL_JSON: &str = include_str!("page_type_model.json");

static MODEL: LazyLock<PageTypeModel> = LazyLock::new(|| {
    load(PAGE_TYPE_MODEL_JSON).expect("the embedded page_type_model.json is valid")
});

/// [`MODEL`]'s forest laid out for prediction (the same probabilities).
static FLAT: LazyLock<FlatForest> = LazyLock::new(|| MODEL.forest.flat());

/// The page-type model: the forest and the teaser threshold.
#[derive(Debug, Clone)]
pub struct PageTypeModel {
    /// Seven-class forest over [`PAGE_FEATURES`].
    pub forest: Forest,
    /// A page is a listing or a collection only when those two types have at
    /// least this probability together (set by cross-validation on the
    /// tuning split, so that few other pages are left out of a default
    /// search): teaser pages are searched only when asked for, and an
    /// article taken for one would be lost.
    pub teaser_min: f32,
}

#[derive(serde::Deserialize)]
struct Threshold {
    teaser_min: f32,
}

/// Parses a page-type model and checks its features, classes and threshold.
pub fn load(text: &str) -> Result<PageTypeModel, ModelError> {
    let forest = Forest::from_json(text, PAGE_FEATURES)?;
    if forest.classes.len() != PageType::ALL.len() {
        return Err(ModelError::Invalid(format!(
            "{} classes, expected {}",
            forest.classes.len(),
            PageType::ALL.len()
        )));
    }
    if let Some(c) = forest.classes.iter().find(|c| PageType::parse(c).is_none()) {
        return Err(ModelError::Invalid(format!("unknown page type {c:?}")));
    }
    let t: Threshold = serde_json::from_str(text)?;
    if !(0.0..=1.0).contains(&t.teaser_min) {
        return Err(ModelError::Invalid(format!(
            "teaser_min {} is not a probability",
            t.teaser_min
        )));
    }
    Ok(PageTypeModel {
        forest,
        teaser_min: t.teaser_min,
    })
}

impl PageTypeModel {
    /// The page type of a feature row: the most probable teaser type when
    /// the teaser types reach [`PageTypeModel::teaser_min`] together, else
    /// the most probable other type.
    pub fn classify(&self, row: &[f32]) -> PageType {
        self.decide(&self.forest.probabilities(row))
    }

    /// The page type of the class probabilities `p` (in the order of the
    /// forest's classes), as [`PageTypeModel::classify`] decides it.
    fn decide(&self, p: &[f32]) -> PageType {
        let types: Vec<PageType> = self
            .forest
            .classes
            .iter()
            .map(|c| PageType::parse(c).unwrap_or_default())
            .collect();
        let teaser: f32 = types
            .iter()
            .zip(p)
            .filter(|(t, _)| t.is_teaser_page())
            .map(|(_, &q)| q)
            .sum();
        let want_teaser = teaser >= self.teaser_min;
        types
            .iter()
            .zip(p)
            .filter(|(t, _)| t.is_teaser_page() == want_teaser)
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map_or(PageType::Article, |(&t, _)| t)
    }
}

/// The page type of a feature row, by the embedded model.
pub fn classify(row: &[f32]) -> PageType {
    MODEL.decide(&FLAT.probabilities(row))
}

fn ln1(x: f32) -> f32 {
    (1.0 + x).ln()
}

/// Which group of structured-data types a JSON-LD `@type` belongs to.
fn ld_group(t: &str) -> usize {
    match t.to_ascii_lowercase().as_str() {
        "article"
        | "newsarticle"
        | "blogposting"
        | "report"
        | "scholarlyarticle"
        | "reportagenewsarticle"
        | "analysisnewsarticle"
        | "opinionnewsarticle"
        | "liveblogposting"
        | "backgroundnewsarticle"
        | "reviewnewsarticle" => 0,
        "product" | "offer" | "aggregateoffer" | "productgroup" | "individualproduct" => 1,
        "discussionforumposting"
        | "qapage"
        | "question"
        | "answer"
        | "comment"
        | "socialmediaposting" => 2,
        "collectionpage" | "itemlist" | "imagegallery" | "searchresultspage" | "listitem"
        | "mediagallery" => 3,
        "techarticle" | "apireference" | "softwaresourcecode" | "howto" | "softwareapplication" => {
            4
        }
        "organization"
        | "localbusiness"
        | "service"
        | "aboutpage"
        | "contactpage"
        | "faqpage"
        | "corporation"
        | "professionalservice"
        | "medicalbusiness"
        | "store" => 5,
        "breadcrumblist" => 6,
        _ => 7,
    }
}

/// The `"@type"` values in a JSON-LD script's text.
fn ld_types(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("\"@type\"") {
        rest = &rest[at + 7..];
        let v = rest.trim_start().trim_start_matches(':').trim_start();
        let v = v.trim_start_matches('[').trim_start();
        if let Some(body) = v.strip_prefix('"') {
            if let Some(end) = body.find('"') {
                out.push(&body[..end]);
            }
        }
    }
    out
}

/// Tokens of a URL's path that mark each group, by [`url_flags`] order.
const URL_TOKENS: [&[&str]; 6] = [
    &[
        "tag",
        "tags",
        "category",
        "categories",
        "topic",
        "topics",
        "section",
        "archive",
        "page",
        "search",
        "author",
        "latest",
        "news",
    ],
    &[
        "product", "products", "shop", "store", "item", "p", "dp", "buy", "sku",
    ],
    &[
        "forum",
        "forums",
        "thread",
        "threads",
        "t",
        "questions",
        "q",
        "community",
        "discussion",
        "discussions",
        "topic",
        "r",
        "comments",
    ],
    &[
        "docs",
        "doc",
        "documentation",
        "api",
        "reference",
        "guide",
        "guides",
        "manual",
        "learn",
        "wiki",
        "tutorial",
    ],
    &[
        "about",
        "contact",
        "services",
        "service",
        "pricing",
        "solutions",
        "company",
        "team",
        "careers",
        "support",
        "features",
    ],
    &[
        "blog", "article", "articles", "story", "post", "posts", "opinion", "analysis",
    ],
];

fn url_features(url: Option<&str>) -> Vec<f32> {
    let Some(url) = url else {
        return vec![-1.0; 13];
    };
    let rest = url.split("://").nth(1).unwrap_or(url);
    let (path, query) = match rest.find(['?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let path = path.split_once('/').map_or("", |(_, p)| p);
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let lower: Vec<String> = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
    let last = lower.last().map_or("", String::as_str);
    let date = lower.windows(2).any(|w| {
        w[0].len() == 4
            && w[0].starts_with("20")
            && w[1].len() <= 2
            && w[1].bytes().all(|b| b.is_ascii_digit())
    });
    let mut v = vec![
        segs.len() as f32,
        path.ends_with('/') as u8 as f32,
        date as u8 as f32,
        last.split(['-', '_']).filter(|s| !s.is_empty()).count() as f32,
        last.bytes().filter(u8::is_ascii_digit).count().min(20) as f32,
        (!query.is_empty()) as u8 as f32,
    ];
    for toks in URL_TOKENS {
        v.push(
            lower
                .iter()
                .any(|s| toks.contains(&s.trim_end_matches(".html"))) as u8 as f32,
        );
    }
    v.push((last.ends_with(".html") || last.ends_with(".htm")) as u8 as f32);
    v
}

/// The page features of a parsed page, whose blocks are `blocks` (with the
/// rules' keep decisions).
pub(super) fn page_features(
    dom: &Dom,
    url: Option<&str>,
    title: &str,
    blocks: &[Block],
) -> Vec<f32> {
    let n = dom.nodes.len();
    let mut ld = [0f32; 8];
    let mut og = [0f32; 3];
    let mut counts = [0u32; 12];
    let mut body_flags = [0f32; 6];
    for i in 0..n {
        let Some(el) = dom.nodes[i].el else { continue };
        let name = el.name();
        match name {
            "script" if el.attr("type").is_some_and(|t| t.contains("ld+json")) => {
                let text = dom.text(i, |_| false);
                for ty in ld_types(&text) {
                    ld[ld_group(ty)] = 1.0;
                }
            }
            "meta" if el.attr("property") == Some("og:type") => {
                match el
                    .attr("content")
                    .unwrap_or("")
                    .to_ascii_lowercase()
                    .as_str()
                {
                    "article" => og[0] = 1.0,
                    "product" | "og:product" | "product.item" => og[1] = 1.0,
                    "website" => og[2] = 1.0,
                    _ => {}
                }
            }
            "a" => counts[0] += 1,
            "form" => counts[1] += 1,
            "input" | "select" | "textarea" | "button" => counts[2] += 1,
            "pre" | "code" => counts[4] += 1,
            "h2" | "h3" | "h4" => counts[5] += 1,
            "p" => counts[6] += 1,
            "li" => counts[7] += 1,
            "img" => counts[8] += 1,
            "time" => counts[9] += 1,
            "table" => counts[10] += 1,
            "article" => counts[11] += 1,
            "body" | "html" => {
                let c = el.attr("class").unwrap_or("").to_ascii_lowercase();
                for (k, words) in [
                    &["single", "post-template", "article"][..],
                    &["archive", "category", "tag-", "blog", "home", "search"],
                    &["page-template", "page-id", "page "],
                    &["product", "woocommerce", "shop"],
                    &["forum", "topic", "thread", "bbpress", "discourse"],
                    &["docs", "documentation", "api", "sphinx", "mkdocs"],
                ]
                .iter()
                .enumerate()
                {
                    if words.iter().any(|w| c.contains(w)) {
                        body_flags[k] = 1.0;
                    }
                }
            }
            _ => {}
        }
    }
    // prices and repeated sibling structures
    let mut text_chars = 0u32;
    let mut link_chars = 0u32;
    let mut para_chars = 0u32;
    for b in blocks {
        text_chars += b.chars;
        link_chars += b.link_chars;
        if dom.nodes[b.owner].tag == Tag::P {
            para_chars += b.chars;
        }
        counts[3] += prices(&b.text);
    }
    let (repeat_max, repeat_groups) = repeats(dom);
    let mut v = ld.to_vec();
    v.extend(og);
    v.extend(url_features(url));
    v.extend(counts.iter().map(|&c| ln1(c as f32)));
    v.push(ln1(repeat_max as f32));
    v.push(ln1(repeat_groups as f32));
    v.push(ln1(text_chars as f32));
    v.push(link_chars as f32 / text_chars.max(1) as f32);
    v.push(para_chars as f32 / text_chars.max(1) as f32);
    v.extend(body_flags);
    let tw = title.split_whitespace().count();
    v.push(tw as f32);
    v.push(title.contains(['|', '–', '—', '·']) as u8 as f32);
    v.push(title.trim_end().ends_with('?') as u8 as f32);
    v.extend(main_stats(blocks));
    debug_assert_eq!(v.len(), PAGE_FEATURES.len());
    v
}

/// Price-like tokens in a text: a currency sign next to a number.
fn prices(text: &str) -> u32 {
    let b = text.as_bytes();
    let mut n = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '$' | '€' | '£' | '¥' | '₹') {
            let after = b.get(i + c.len_utf8()).is_some_and(u8::is_ascii_digit);
            let before = i > 0 && b[i - 1].is_ascii_digit();
            n += u32::from(after || before);
        }
    }
    n
}

/// The largest number of element siblings sharing a tag and class, and how
/// many parents have at least five such siblings (teaser grids, product
/// lists, comment threads).
fn repeats(dom: &Dom) -> (usize, usize) {
    let (mut max, mut groups) = (0usize, 0usize);
    let mut seen: Vec<(&str, &str, usize)> = Vec::new();
    for i in 0..dom.nodes.len() {
        if dom.nodes[i].el.is_none() || dom.nodes[i].end <= i + 1 {
            continue;
        }
        seen.clear();
        for c in dom.children(i) {
            let Some(el) = dom.nodes[c].el else { continue };
            let key = (el.name(), el.attr("class").unwrap_or(""));
            if let Some(s) = seen.iter_mut().find(|s| s.0 == key.0 && s.1 == key.1) {
                s.2 += 1;
            } else if seen.len() < 16 {
                seen.push((key.0, key.1, 1));
            }
        }
        let best = seen
            .iter()
            .filter(|s| !matches!(s.0, "p" | "br" | "span" | "script" | "meta" | "link"))
            .map(|s| s.2)
            .max()
            .unwrap_or(0);
        max = max.max(best);
        groups += usize::from(best >= 5);
    }
    (max, groups)
}

/// What the rules kept: the share of text that is main content, how many
/// blocks and runs of it, its mean block length and link density, the share
/// of the main run (the longest stretch of kept text, see [`main_run`]), and
/// whether anything was kept.
fn main_stats(blocks: &[Block]) -> [f32; 7] {
    let total: u32 = blocks.iter().map(|b| b.chars).sum();
    let (mut chars, mut links, mut kept, mut runs) = (0u32, 0u32, 0u32, 0u32);
    let mut prev = false;
    for b in blocks {
        if b.kept {
            chars += b.chars;
            links += b.link_chars;
            kept += 1;
            runs += u32::from(!prev);
        }
        prev = b.kept;
    }
    let p: Vec<f32> = blocks.iter().map(|b| f32::from(u8::from(b.kept))).collect();
    let (a, e) = main_run(blocks, &p, 0.5);
    let run_chars: u32 = blocks[a..e.min(blocks.len())].iter().map(|b| b.chars).sum();
    [
        chars as f32 / total.max(1) as f32,
        ln1(kept as f32),
        ln1(chars as f32 / kept.max(1) as f32),
        links as f32 / chars.max(1) as f32,
        ln1(runs as f32),
        run_chars as f32 / total.max(1) as f32,
        f32::from(u8::from(kept > 0)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_types_are_found_in_objects_and_lists() {
        let t = r#"{"@context":"https://schema.org","@graph":[{"@type":"Product"},{"@type": ["QAPage","X"]}]}"#;
        assert_eq!(ld_types(t), ["Product", "QAPage"]);
        assert_eq!(ld_group("NewsArticle"), 0);
        assert_eq!(ld_group("Offer"), 1);
    }

    #[test]
    fn the_embedded_model_loads_with_seven_types() {
        let m = load(PAGE_TYPE_MODEL_JSON).unwrap();
        let f = &m.forest;
        assert_eq!(f.classes.len(), 7);
        assert_eq!(f.features, PAGE_FEATURES);
        assert!(!f.trees.is_empty());
        assert!(
            m.teaser_min >= 0.5 && m.teaser_min < 1.0,
            "{}",
            m.teaser_min
        );
        assert!(f.trained.contains("tuning split"), "{}", f.trained);
        let mut bad: serde_json::Value = serde_json::from_str(PAGE_TYPE_MODEL_JSON).unwrap();
        bad["classes"][0] = "blog".into();
        assert!(matches!(
            load(&bad.to_string()),
            Err(ModelError::Invalid(_))
        ));
    }

    #[test]
    fn url_shape() {
        let v = url_features(Some("https://x.org/forum/thread/123-how-to-fix?page=2"));
        assert_eq!(v[0], 3.0); // depth
        assert_eq!(v[5], 1.0); // query
        assert_eq!(v[8], 1.0); // forum token
        assert_eq!(url_features(None).len(), 13);
        assert_eq!(prices("Now $19.99, was 25€, from € 3"), 2);
    }
}
