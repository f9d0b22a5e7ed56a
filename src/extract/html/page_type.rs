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
    "url_pagination",
    "url_tag",
    "log_linked_headings",
    "log_blockquotes",
    "log_cart_marks",
    "log_post_marks",
    "log_card_marks",
    "log_doc_marks",
    "log_pager_marks",
    "log_itemprop_offer",
    "log_itemprop_comment",
    "log_teaser_items",
    "log_teaser_groups",
    "teaser_text_share",
    "teaser_mean_chars",
    "teaser_media_share",
    "linked_heading_share",
    "log_number_links",
    "rel_next",
];

/// The embedded model file.
pub const PAGE_TYPE_MODEL_JSON: &str = include_str!("page_type_model.json");

static MODEL: LazyLock<PageTypeModel> = LazyLock::new(|| {
    load(PAGE_TYPE_MODEL_JSON).expect("the embedded page_type_model.json is valid")
});

/// [`MODEL`]'s seven-class forest laid out for prediction (the same probabilities).
static FLAT: LazyLock<FlatForest> = LazyLock::new(|| MODEL.forest.flat());

/// [`MODEL`]'s teaser stage laid out for prediction (the same probabilities).
static FLAT_TEASER: LazyLock<Option<FlatForest>> =
    LazyLock::new(|| MODEL.teaser.as_ref().map(Forest::flat));

/// The page-type model: the seven-class forest, the teaser stage and the
/// teaser threshold.
#[derive(Debug, Clone)]
pub struct PageTypeModel {
    /// Seven-class forest over [`PAGE_FEATURES`].
    pub forest: Forest,
    /// Binary forest over [`PAGE_FEATURES`]: the probability that a page is
    /// a teaser page (listing or collection). Without it, the teaser score is
    /// the seven-class forest's probability of those two types together.
    pub teaser: Option<Forest>,
    /// A page is a listing or a collection only when its teaser score reaches
    /// this (set by cross-validation on the tuning split, so that few other
    /// pages are left out of a default search): teaser pages are searched
    /// only when asked for, and an article taken for one would be lost.
    pub teaser_min: f32,
}

#[derive(serde::Deserialize)]
struct Threshold {
    teaser_min: f32,
    #[serde(default)]
    teaser: Option<serde_json::Value>,
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
    let teaser = match t.teaser {
        Some(v) => {
            let stage = Forest::from_json(&v.to_string(), PAGE_FEATURES)?;
            if stage.classes.len() != 2 {
                return Err(ModelError::Invalid(format!(
                    "the teaser stage has {} classes, expected 2",
                    stage.classes.len()
                )));
            }
            Some(stage)
        }
        None => None,
    };
    Ok(PageTypeModel {
        forest,
        teaser,
        teaser_min: t.teaser_min,
    })
}

impl PageTypeModel {
    /// The teaser score of a page whose seven-class probabilities are `p`
    /// and whose teaser stage (when the model has one) gives `stage`: that
    /// probability, else the teaser types' probabilities together.
    fn teaser_score(stage: Option<f32>, types: &[PageType], p: &[f32]) -> f32 {
        stage.unwrap_or_else(|| {
            types
                .iter()
                .zip(p)
                .filter(|(t, _)| t.is_teaser_page())
                .map(|(_, &q)| q)
                .sum()
        })
    }

    /// The page type of a feature row: the most probable teaser type when
    /// the teaser score reaches [`PageTypeModel::teaser_min`], else the most
    /// probable other type.
    pub fn classify(&self, row: &[f32]) -> PageType {
        let stage = self.teaser.as_ref().map(|s| s.probability(row));
        self.decide(&self.forest.probabilities(row), stage)
    }

    /// The page type of a page whose class probabilities are `p` (in the
    /// order of the forest's classes) and whose teaser stage gives `stage`,
    /// as [`PageTypeModel::classify`] decides it.
    fn decide(&self, p: &[f32], stage: Option<f32>) -> PageType {
        let types: Vec<PageType> = self
            .forest
            .classes
            .iter()
            .map(|c| PageType::parse(c).unwrap_or_default())
            .collect();
        let want_teaser = Self::teaser_score(stage, &types, p) >= self.teaser_min;
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
    let stage = FLAT_TEASER.as_ref().map(|s| s.probability(row));
    MODEL.decide(&FLAT.probabilities(row), stage)
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
    v.extend(url_extra(url));
    let marks = markers(dom);
    v.extend(marks.iter().map(|&c| ln1(c as f32)));
    let (all, link) = text_sums(dom);
    v.extend(teaser_grid(dom, (&all, &link)));
    v.push(marks[0] as f32 / counts[5].max(1) as f32);
    v.extend(pager(dom, &all));
    debug_assert_eq!(v.len(), PAGE_FEATURES.len());
    v
}

/// Whether a URL is a later page of a series (`/page/2`, `?page=3`,
/// `/p2`) and whether its path has a tag or category segment.
fn url_extra(url: Option<&str>) -> [f32; 2] {
    let Some(url) = url else {
        return [-1.0; 2];
    };
    let lower = url.to_ascii_lowercase();
    let rest = lower.split("://").nth(1).unwrap_or(&lower);
    let segs: Vec<&str> = rest
        .split(['/', '?', '&', '#', '='])
        .skip(1)
        .filter(|s| !s.is_empty())
        .collect();
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let pagination = segs
        .windows(2)
        .any(|w| matches!(w[0], "page" | "p" | "pg" | "paged") && numeric(w[1]))
        || segs.iter().any(|s| {
            s.strip_prefix("page")
                .is_some_and(|n| numeric(n.trim_start_matches(['-', '_'])))
        });
    let tag = segs
        .iter()
        .any(|s| matches!(*s, "tag" | "tags" | "category" | "categories" | "label"));
    [f32::from(u8::from(pagination)), f32::from(u8::from(tag))]
}

/// Class and id words that mark, in order: a shopping cart, a post of a
/// thread, a card of a grid, a documentation page, a pager.
const MARKS: [&[&str]; 5] = [
    &[
        "cart", "basket", "add-to", "addto", "checkout", "quantity", "sku", "variant",
    ],
    &[
        "reply",
        "replies",
        "comment",
        "message",
        "post-body",
        "postbody",
        "thread",
        "answer",
    ],
    &[
        "card",
        "teaser",
        "tile",
        "grid-item",
        "item-list",
        "listing",
        "promo",
    ],
    &[
        "toc",
        "highlight",
        "docs",
        "sidebar",
        "breadcrumb",
        "api-",
        "headerlink",
    ],
    &[
        "pagination",
        "pager",
        "page-numbers",
        "load-more",
        "next-page",
    ],
];

/// Counts of page structures: headings (`h2`–`h4`) holding a link,
/// block quotes, elements whose class or id has a word of each of
/// [`MARKS`], and elements with an offer/price or a comment/answer
/// `itemprop`.
fn markers(dom: &Dom) -> [u32; 9] {
    let mut c = [0u32; 9];
    let mut lower = String::new();
    for i in 0..dom.nodes.len() {
        let Some(el) = dom.nodes[i].el else { continue };
        match el.name() {
            "h2" | "h3" | "h4" => {
                let linked = (i + 1..dom.nodes[i].end.min(dom.nodes.len()))
                    .any(|j| dom.nodes[j].el.is_some_and(|e| e.name() == "a"));
                c[0] += u32::from(linked);
            }
            "blockquote" => c[1] += 1,
            _ => {}
        }
        lower.clear();
        for a in ["class", "id"] {
            if let Some(v) = el.attr(a) {
                lower.push_str(v);
                lower.push(' ');
            }
        }
        if !lower.is_empty() {
            lower.make_ascii_lowercase();
            for (k, words) in MARKS.iter().enumerate() {
                c[2 + k] += u32::from(words.iter().any(|w| lower.contains(w)));
            }
        }
        if let Some(p) = el.attr("itemprop") {
            let p = p.to_ascii_lowercase();
            c[7] += u32::from(["offers", "price", "sku"].iter().any(|w| p.contains(w)));
            c[8] += u32::from(
                ["comment", "answer", "suggestedanswer"]
                    .iter()
                    .any(|w| p.contains(w)),
            );
        }
    }
    c
}

/// Per node, the non-whitespace characters of text it holds directly, and
/// how many of them are inside a link (text of `<script>`, `<style>` and
/// `<noscript>` counts nothing), as prefix sums over the pre-order: the
/// characters of node `i`'s subtree are `sum[end] - sum[i]`.
fn text_sums(dom: &Dom) -> (Vec<u32>, Vec<u32>) {
    let n = dom.nodes.len();
    let (mut all, mut link) = (vec![0u32; n + 1], vec![0u32; n + 1]);
    let (mut skip_until, mut link_until) = (0usize, 0usize);
    for j in 0..n {
        let node = &dom.nodes[j];
        let (mut c, mut l) = (0, 0);
        match node.el.map(|e| e.name()) {
            Some("script" | "style" | "noscript" | "template") if j >= skip_until => {
                skip_until = node.end;
            }
            Some("a") if j >= link_until => link_until = node.end,
            _ => {}
        }
        if let (Some(text), true) = (node.text, j >= skip_until) {
            c = text.chars().filter(|ch| !ch.is_whitespace()).count() as u32;
            l = if j < link_until { c } else { 0 };
        }
        all[j + 1] = all[j] + c;
        link[j + 1] = link[j] + l;
    }
    (all, link)
}

/// What one repeated sibling element holds: a link, a heading holding a
/// link, an image, a `<time>`.
fn item_parts(dom: &Dom, i: usize) -> (bool, bool, bool, bool) {
    let (mut link, mut heading_link, mut media, mut time) = (false, false, false, false);
    let end = dom.nodes[i].end.min(dom.nodes.len());
    for j in i..end {
        let Some(el) = dom.nodes[j].el else { continue };
        match el.name() {
            "a" if el.attr("href").is_some() => {
                link = true;
                heading_link |= dom
                    .ancestors(j)
                    .take_while(|&a| a >= i)
                    .any(|a| matches!(dom.name(a), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"));
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                heading_link |= (j + 1..dom.nodes[j].end).any(|k| dom.name(k) == "a")
                    || dom
                        .ancestors(j)
                        .take_while(|&a| a >= i)
                        .any(|a| dom.name(a) == "a");
            }
            "img" | "picture" | "video" => media = true,
            "time" => time = true,
            _ => {}
        }
    }
    (link, heading_link, media, time)
}

/// Most characters of text in a teaser (a headline, a date and an excerpt
/// of a few sentences).
const TEASER_MAX: u32 = 1200;

/// Least number of siblings of one tag and class that make a grid.
const GRID_MIN: usize = 4;

/// The teaser grid of a page: groups of at least [`GRID_MIN`] element
/// siblings sharing a tag and class whose members are teasers (a link, at
/// most [`TEASER_MAX`] characters of text, a tenth of them in links, and a
/// heading in or around a link, an image or a `<time>`). Returns, in order: the most teasers in one group, the groups
/// with at least [`GRID_MIN`] teasers (both as `ln(1 + x)`), the share of
/// the page's text inside teasers, their mean length (`ln(1 + chars)`), and
/// the share of them with an image.
fn teaser_grid(dom: &Dom, (all, link): (&[u32], &[u32])) -> [f32; 5] {
    let total = all[dom.nodes.len()].max(1);
    let (mut best, mut groups) = (0usize, 0usize);
    let (mut items, mut chars, mut media_items) = (0u32, 0u32, 0u32);
    let mut covered_until = 0usize;
    let mut seen: Vec<(&str, &str, Vec<usize>)> = Vec::new();
    for i in 0..dom.nodes.len() {
        if dom.nodes[i].el.is_none() || dom.nodes[i].end <= i + 1 {
            continue;
        }
        seen.clear();
        for c in dom.children(i) {
            let Some(el) = dom.nodes[c].el else { continue };
            let key = (el.name(), el.attr("class").unwrap_or(""));
            if matches!(
                key.0,
                "br" | "script" | "meta" | "link" | "style" | "option"
            ) {
                continue;
            }
            if let Some(s) = seen.iter_mut().find(|s| s.0 == key.0 && s.1 == key.1) {
                s.2.push(c);
            } else if seen.len() < 16 {
                seen.push((key.0, key.1, vec![c]));
            }
        }
        for (_, _, members) in seen.iter().filter(|s| s.2.len() >= GRID_MIN) {
            let mut teasers = 0usize;
            for &m in members {
                let end = dom.nodes[m].end;
                let c = all[end] - all[m];
                let (has_link, heading_link, media, time) = item_parts(dom, m);
                let linked = link[end] - link[m];
                let teaser = has_link
                    && (10..=TEASER_MAX).contains(&c)
                    && linked * 10 >= c
                    && (heading_link || media || time);
                if !teaser {
                    continue;
                }
                teasers += 1;
                if m >= covered_until {
                    covered_until = end;
                    items += 1;
                    chars += c;
                    media_items += u32::from(media);
                }
            }
            best = best.max(teasers);
            groups += usize::from(teasers >= GRID_MIN);
        }
    }
    [
        ln1(best as f32),
        ln1(groups as f32),
        chars as f32 / total as f32,
        ln1(chars as f32 / items.max(1) as f32),
        media_items as f32 / items.max(1) as f32,
    ]
}

/// Signs of a series of pages: links whose text is a page number (one to
/// three digits, as `ln(1 + count)`), and whether the page links its next
/// page (`rel="next"`).
fn pager(dom: &Dom, all: &[u32]) -> [f32; 2] {
    let (mut numbers, mut next) = (0u32, false);
    for i in 0..dom.nodes.len() {
        let Some(el) = dom.nodes[i].el else { continue };
        if matches!(el.name(), "a" | "link") {
            next |= el
                .attr("rel")
                .is_some_and(|r| r.split_whitespace().any(|w| w.eq_ignore_ascii_case("next")));
        }
        let chars = all[dom.nodes[i].end] - all[i];
        if el.name() == "a" && (1..=3).contains(&chars) {
            let t = dom.text(i, |_| false);
            numbers +=
                u32::from((1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()));
        }
    }
    [ln1(numbers as f32), f32::from(u8::from(next))]
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
            m.teaser_min >= 0.3 && m.teaser_min < 1.0,
            "{}",
            m.teaser_min
        );
        if let Some(stage) = &m.teaser {
            assert_eq!(stage.classes, ["other", "teaser"]);
            assert_eq!(stage.features, PAGE_FEATURES);
        }
        assert!(f.trained.contains("tuning split"), "{}", f.trained);
        let mut bad: serde_json::Value = serde_json::from_str(PAGE_TYPE_MODEL_JSON).unwrap();
        bad["classes"][0] = "blog".into();
        assert!(matches!(
            load(&bad.to_string()),
            Err(ModelError::Invalid(_))
        ));
        // a teaser stage must be a binary forest over the same features
        let mut bad: serde_json::Value = serde_json::from_str(PAGE_TYPE_MODEL_JSON).unwrap();
        let mut stage = bad.clone();
        stage.as_object_mut().unwrap().remove("teaser");
        bad["teaser"] = stage;
        assert!(matches!(
            load(&bad.to_string()),
            Err(ModelError::Invalid(_))
        ));
    }

    #[test]
    fn the_teaser_stage_decides_which_group_of_types() {
        let m = load(PAGE_TYPE_MODEL_JSON).unwrap();
        let row = vec![0.0; PAGE_FEATURES.len()];
        let p = m.forest.probabilities(&row);
        let types: Vec<PageType> = m
            .forest
            .classes
            .iter()
            .map(|c| PageType::parse(c).unwrap())
            .collect();
        let stage = m.teaser.as_ref().map(|s| s.probability(&row));
        let score = PageTypeModel::teaser_score(stage, &types, &p);
        let mut always = m.clone();
        always.teaser_min = 0.0;
        assert!(always.classify(&row).is_teaser_page());
        let mut never = m.clone();
        never.teaser_min = score + 1e-3;
        assert!(!never.classify(&row).is_teaser_page());
    }

    #[test]
    fn teaser_grids_are_counted_and_text_lists_are_not() {
        let item = |k: usize| {
            format!(
                "<li class=\"c\"><h3><a href=\"/n/{k}\">Headline number {k} of the list</a></h3>\
                 <time>2025-01-0{k}</time><p>An excerpt of a few words.</p></li>"
            )
        };
        let grid: String = (1..=6).map(item).collect();
        let html = format!(
            "<html><body><ul>{grid}</ul><a href=\"?p=2\">2</a><a rel=\"next\" href=\"?p=2\">Next</a></body></html>"
        );
        let doc = scraper::Html::parse_document(&html);
        let dom = Dom::new(&doc);
        let (all, link) = text_sums(&dom);
        let g = teaser_grid(&dom, (&all, &link));
        assert_eq!(g[0], ln1(6.0), "{g:?}");
        assert_eq!(g[1], ln1(1.0));
        assert!(g[2] > 0.8, "{g:?}");
        assert_eq!(g[4], 0.0);
        assert_eq!(pager(&dom, &all), [ln1(1.0), 1.0]);
        // a list of plain paragraphs (no links) is no grid
        let text: String = (0..6)
            .map(|k| format!("<li class=\"c\">Point {k} of the text.</li>"))
            .collect();
        let doc = scraper::Html::parse_document(&format!("<ul>{text}</ul>"));
        let dom = Dom::new(&doc);
        let (all, link) = text_sums(&dom);
        assert_eq!(teaser_grid(&dom, (&all, &link))[0], 0.0);
    }

    #[test]
    fn url_shape() {
        let v = url_features(Some("https://x.org/forum/thread/123-how-to-fix?page=2"));
        assert_eq!(v[0], 3.0); // depth
        assert_eq!(v[5], 1.0); // query
        assert_eq!(v[8], 1.0); // forum token
        assert_eq!(url_features(None).len(), 13);
        assert_eq!(prices("Now $19.99, was 25€, from € 3"), 2);
        assert_eq!(url_extra(Some("https://x.org/blog/page/2/")), [1.0, 0.0]);
        assert_eq!(url_extra(Some("https://x.org/tag/iran?page=3")), [1.0, 1.0]);
        assert_eq!(
            url_extra(Some("https://x.org/2024/05/pages-of-history")),
            [0.0, 0.0]
        );
        assert_eq!(url_extra(None), [-1.0, -1.0]);
    }
}
