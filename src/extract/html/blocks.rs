//! The page as a sequence of text blocks, each with the numeric features the
//! block model reads ([`BLOCK_FEATURES`]). A block is a run of text between
//! two block-level boundaries (a paragraph, a list item, a heading, a table
//! cell, the text of a `<div>` between its child blocks), in document order;
//! nodes the rules drop outright (scripts, hidden elements, `nav`, the
//! `drop_selectors`) and captions are not part of any block.
//!
//! The same code computes the features when the model is trained
//! (`polsearch-tools train-blocks`, through `page_blocks`) and when a page
//! is extracted.

use std::collections::HashMap;

use super::content::{Mark, RuleView};
use super::dom::{push_collapsed, Dom, Tag};
use super::rules::HtmlRules;

/// One block of text.
#[derive(Debug, Clone)]
pub struct Block {
    /// The text, whitespace collapsed.
    pub text: String,
    /// The innermost block element holding the text.
    pub owner: usize,
    /// Non-whitespace characters.
    pub chars: u32,
    /// Non-whitespace characters inside links.
    pub link_chars: u32,
    /// Heading level 1–6, 0 when not a heading.
    pub heading: u8,
    /// The rules' own extraction kept this block's element.
    pub kept: bool,
}

/// The ancestor facts that become block features, one bit each.
mod flag {
    pub const ARTICLE: u32 = 1;
    pub const MAIN: u32 = 1 << 1;
    pub const HEADER: u32 = 1 << 2;
    pub const FORM: u32 = 1 << 3;
    pub const LIST: u32 = 1 << 4;
    pub const TABLE: u32 = 1 << 5;
    pub const FIGURE: u32 = 1 << 6;
    pub const QUOTE: u32 = 1 << 7;
    pub const PRE: u32 = 1 << 8;
    pub const SOFT: u32 = 1 << 9;
    pub const ROOT: u32 = 1 << 10;
    pub const LINK: u32 = 1 << 11;
    pub const ADDRESS: u32 = 1 << 12;
    pub const CODE: u32 = 1 << 13;
    pub const DETAILS: u32 = 1 << 14;
    pub const STRONG: u32 = 1 << 15;
}

/// The names of the block features, in the order of the rows of `page_blocks`.
pub const BLOCK_FEATURES: &[&str] = &[
    "log_chars",
    "words",
    "link_density",
    "stop_ratio",
    "commas_per_word",
    "sentence_ends",
    "ends_with_stop",
    "starts_upper",
    "digit_share",
    "upper_word_share",
    "mean_word_len",
    "separators",
    "heading",
    "tag_p",
    "tag_li",
    "tag_cell",
    "tag_pre",
    "tag_div",
    "tag_other",
    "in_article",
    "in_main",
    "in_header",
    "in_form",
    "in_list",
    "in_table",
    "in_figure",
    "in_quote",
    "in_pre",
    "in_soft_drop",
    "in_rule_root",
    "all_link",
    "in_address",
    "in_code",
    "in_details",
    "in_strong",
    "depth",
    "kept_by_rules",
    "class_own",
    "class_min",
    "class_max",
    "class_near",
    "rule_weight",
    "position",
    "chars_before",
    "container_log_chars",
    "container_link_density",
    "container_share",
    "container_blocks",
    "grand_log_chars",
    "grand_link_density",
    "prev_log_chars",
    "prev_link_density",
    "prev_stop_ratio",
    "prev_kept",
    "next_log_chars",
    "next_link_density",
    "next_stop_ratio",
    "next_kept",
    "page_log_chars",
    "page_link_density",
    "page_kept_share",
    "same_owner_class_run",
    "kept_distance",
    "kept_before",
    "kept_after",
];

/// A page's blocks and their feature rows.
pub struct PageBlocks {
    /// The blocks, in document order.
    pub blocks: Vec<Block>,
    /// One feature row per block ([`BLOCK_FEATURES`]).
    pub rows: Vec<Vec<f32>>,
    /// For each block, its container (the parent of its owner element).
    pub container: Vec<usize>,
    /// For each block, the container's parent.
    pub grand: Vec<usize>,
}

/// The class/id token weights learned on the tuning split: each token's
/// log-odds of marking main content.
pub type TokenWeights = HashMap<String, f32>;

/// Splits the block boundaries of the page (outside hard drops) into blocks.
pub(super) fn segment(dom: &Dom, view: &RuleView) -> Vec<Block> {
    let n = dom.nodes.len();
    let body = (0..n).find(|&i| dom.nodes[i].tag == Tag::Body).unwrap_or(0);
    let mut in_root = vec![false; n];
    for &r in &view.roots {
        in_root[r..dom.nodes[r].end.max(r + 1)].fill(true);
    }
    let mut blocks = Vec::new();
    let mut cur = Block {
        text: String::new(),
        owner: body,
        chars: 0,
        link_chars: 0,
        heading: 0,
        kept: false,
    };
    let flush = |cur: &mut Block, blocks: &mut Vec<Block>| {
        let t = cur.text.trim();
        if !t.is_empty() {
            let chars = t.chars().filter(|c| !c.is_whitespace()).count() as u32;
            blocks.push(Block {
                text: t.to_string(),
                owner: cur.owner,
                chars,
                link_chars: cur.link_chars.min(chars),
                heading: cur.heading,
                kept: cur.kept,
            });
        }
        cur.text.clear();
        cur.link_chars = 0;
    };
    // (end, is_block, is_link, heading level, node) of the open elements
    let mut open: Vec<(usize, bool, bool, u8, usize)> = Vec::new();
    let end = dom.nodes[body].end.max(body + 1);
    let mut i = body;
    while i < end {
        while open.last().is_some_and(|o| o.0 <= i) {
            let (_, block, _, _, _) = open.pop().unwrap();
            if block {
                flush(&mut cur, &mut blocks);
            }
        }
        let node = &dom.nodes[i];
        if view.hard[i] != Mark::Keep {
            i = node.end.max(i + 1);
            continue;
        }
        if let Some(t) = node.text {
            if cur.text.is_empty() {
                cur.owner = open.iter().rev().find(|o| o.1).map_or(body, |o| o.4);
                cur.heading = open.iter().rev().find(|o| o.3 > 0).map_or(0, |o| o.3);
                cur.kept = in_root[cur.owner] && view.mark[cur.owner] == Mark::Keep;
            }
            let before = cur.text.len();
            push_collapsed(&mut cur.text, t);
            if open.iter().any(|o| o.2) {
                cur.link_chars += cur.text[before..]
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count() as u32;
            }
        } else if node.el.is_some() {
            let tag = node.tag;
            if tag == Tag::Br {
                flush(&mut cur, &mut blocks);
            } else {
                if tag.is_block() {
                    flush(&mut cur, &mut blocks);
                }
                let level = heading_level(dom, i);
                open.push((node.end, tag.is_block(), tag == Tag::A, level, i));
            }
        }
        i += 1;
    }
    flush(&mut cur, &mut blocks);
    blocks
}

fn heading_level(dom: &Dom, i: usize) -> u8 {
    match dom.name(i) {
        "h1" => 1,
        "h2" => 2,
        "h3" => 3,
        "h4" => 4,
        "h5" => 5,
        "h6" => 6,
        _ => 0,
    }
}

/// Per-node facts propagated from the root down.
struct NodeFacts {
    flags: Vec<u32>,
    depth: Vec<u16>,
    class_own: Vec<f32>,
    class_min: Vec<f32>,
    class_max: Vec<f32>,
    class_near: Vec<f32>,
    rule_weight: Vec<f32>,
    /// Text and link characters of each subtree (hard drops excluded).
    text: Vec<u32>,
    link: Vec<u32>,
}

/// The lowercase alphanumeric tokens of a class or id value
/// (`article-body__text` → `article`, `body`, `text`).
pub fn class_tokens(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| is_token(t))
        .map(str::to_ascii_lowercase)
}

/// A piece of a class value that counts as a token: 2–30 characters, not
/// only digits.
fn is_token(t: &str) -> bool {
    t.len() >= 2 && t.len() <= 30 && !t.bytes().all(|b| b.is_ascii_digit())
}

/// The class, id and role values of node `i`.
pub(super) fn class_values<'a>(dom: &'a Dom<'a>, i: usize) -> impl Iterator<Item = &'a str> {
    ["class", "id", "role", "itemprop"]
        .into_iter()
        .filter_map(move |a| dom.attr(i, a))
}

fn node_facts(dom: &Dom, view: &RuleView, tokens: &TokenWeights) -> NodeFacts {
    let n = dom.nodes.len();
    let mut f = NodeFacts {
        flags: vec![0; n],
        depth: vec![0; n],
        class_own: vec![0.0; n],
        class_min: vec![0.0; n],
        class_max: vec![0.0; n],
        class_near: vec![0.0; n],
        rule_weight: vec![0.0; n],
        text: vec![0; n],
        link: vec![0; n],
    };
    let mut buf = String::new();
    for i in 1..n {
        let p = dom.nodes[i].parent;
        let mut flags = f.flags[p];
        f.depth[i] = f.depth[p].saturating_add(1);
        f.class_min[i] = f.class_min[p];
        f.class_max[i] = f.class_max[p];
        f.class_near[i] = f.class_near[p];
        f.rule_weight[i] = f.rule_weight[p] + view.weight[i] as f32 / 25.0;
        if dom.nodes[i].el.is_none() {
            f.flags[i] = flags;
            continue;
        }
        flags |= match dom.name(i) {
            "article" => flag::ARTICLE,
            "main" => flag::MAIN,
            "header" | "hgroup" => flag::HEADER,
            "form" | "fieldset" => flag::FORM,
            "ul" | "ol" | "dl" | "menu" => flag::LIST,
            "table" => flag::TABLE,
            "figure" => flag::FIGURE,
            "blockquote" | "q" => flag::QUOTE,
            "pre" => flag::PRE,
            "a" => flag::LINK,
            "address" => flag::ADDRESS,
            "code" | "kbd" | "samp" => flag::CODE,
            "details" | "summary" => flag::DETAILS,
            "strong" | "b" | "em" => flag::STRONG,
            _ => 0,
        };
        if dom.attr(i, "role").is_some_and(|r| r == "main") {
            flags |= flag::MAIN;
        }
        if view.soft[i] {
            flags |= flag::SOFT;
        }
        if view.roots.contains(&i) {
            flags |= flag::ROOT;
        }
        f.flags[i] = flags;
        let (mut sum, mut k) = (0f32, 0u32);
        for v in class_values(dom, i) {
            for t in v.split(|c: char| !c.is_ascii_alphanumeric()) {
                if !is_token(t) {
                    continue;
                }
                buf.clear();
                buf.extend(t.chars().map(|c| c.to_ascii_lowercase()));
                if let Some(w) = tokens.get(buf.as_str()) {
                    sum += w;
                    k += 1;
                }
            }
        }
        if k > 0 {
            let own = sum / k as f32;
            f.class_own[i] = own;
            f.class_min[i] = f.class_min[i].min(own);
            f.class_max[i] = f.class_max[i].max(own);
            f.class_near[i] = own;
        }
    }
    for i in (1..n).rev() {
        if view.hard[i] != Mark::Keep {
            continue;
        }
        if let Some(t) = dom.nodes[i].text {
            f.text[i] = t.chars().filter(|c| !c.is_whitespace()).count() as u32;
        }
        if dom.nodes[i].tag == Tag::A {
            f.link[i] = f.text[i];
        }
        let p = dom.nodes[i].parent;
        f.text[p] += f.text[i];
        f.link[p] += f.link[i];
    }
    f
}

/// Function words of many languages (see `stopwords.txt`), for the share of
/// a block's words that are function words: running prose has many, menus
/// and link lists few.
static STOPWORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        include_str!("stopwords.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect()
    });

/// Shape of a block's text.
#[derive(Default, Clone, Copy)]
struct TextShape {
    words: f32,
    stop_ratio: f32,
    commas: f32,
    sentence_ends: f32,
    ends_with_stop: bool,
    starts_upper: bool,
    digit_share: f32,
    upper_words: f32,
    mean_word_len: f32,
    separators: f32,
}

fn shape(text: &str) -> TextShape {
    let mut s = TextShape::default();
    let (mut words, mut stop, mut upper, mut word_chars) = (0u32, 0u32, 0u32, 0u32);
    let (mut digits, mut chars) = (0u32, 0u32);
    let mut lower = String::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        words += 1;
        word_chars += w.chars().count() as u32;
        if w.chars().next().is_some_and(char::is_uppercase) {
            upper += 1;
        }
        lower.clear();
        lower.extend(w.chars().flat_map(char::to_lowercase));
        if STOPWORDS.contains(lower.as_str()) {
            stop += 1;
        }
    }
    for c in text.chars() {
        if c.is_whitespace() {
            continue;
        }
        chars += 1;
        if c.is_ascii_digit() {
            digits += 1;
        }
        match c {
            ',' | '،' | '，' | '、' => s.commas += 1.0,
            '.' | '!' | '?' | '。' | '！' | '？' => s.sentence_ends += 1.0,
            '|' | '•' | '·' | '»' | '›' | '/' => s.separators += 1.0,
            _ => {}
        }
    }
    let wf = words.max(1) as f32;
    s.words = words as f32;
    s.stop_ratio = stop as f32 / wf;
    s.commas /= wf;
    s.sentence_ends /= wf;
    s.upper_words = upper as f32 / wf;
    s.mean_word_len = word_chars as f32 / wf;
    s.digit_share = digits as f32 / chars.max(1) as f32;
    let t = text.trim_end();
    s.ends_with_stop = t.ends_with(['.', '!', '?', ':', '。', '"', '”', ')']);
    s.starts_upper = text
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic());
    s
}

fn ln1(x: f32) -> f32 {
    (1.0 + x).ln()
}

fn density(link: u32, text: u32) -> f32 {
    if text == 0 {
        0.0
    } else {
        link as f32 / text as f32
    }
}

/// The blocks of a page and their features. `view` is the rules' reading of
/// the page, `tokens` the learned class/id token weights.
pub(super) fn page_blocks(
    dom: &Dom,
    view: &RuleView,
    blocks: Vec<Block>,
    tokens: &TokenWeights,
) -> PageBlocks {
    let facts = node_facts(dom, view, tokens);
    let nb = blocks.len();
    let shapes: Vec<TextShape> = blocks.iter().map(|b| shape(&b.text)).collect();
    let total_chars: u32 = blocks.iter().map(|b| b.chars).sum();
    let total_link: u32 = blocks.iter().map(|b| b.link_chars).sum();
    let kept_chars: u32 = blocks.iter().filter(|b| b.kept).map(|b| b.chars).sum();
    let container: Vec<usize> = blocks.iter().map(|b| dom.nodes[b.owner].parent).collect();
    let grand: Vec<usize> = container.iter().map(|&c| dom.nodes[c].parent).collect();
    let mut per_container: HashMap<usize, u32> = HashMap::new();
    for &c in &container {
        *per_container.entry(c).or_insert(0) += 1;
    }
    // distance in blocks to the nearest block the rules kept, and whether
    // kept text lies before and after
    let mut kept_dist = vec![f32::INFINITY; nb];
    let mut last: Option<usize> = None;
    for k in 0..nb {
        if blocks[k].kept {
            last = Some(k);
        }
        if let Some(l) = last {
            kept_dist[k] = (k - l) as f32;
        }
    }
    let mut next_kept: Option<usize> = None;
    let mut kept_after = vec![false; nb];
    for k in (0..nb).rev() {
        if blocks[k].kept {
            next_kept = Some(k);
        }
        if let Some(nk) = next_kept {
            kept_dist[k] = kept_dist[k].min((nk - k) as f32);
            kept_after[k] = nk > k;
        }
    }
    let first_kept = blocks.iter().position(|b| b.kept);
    let mut rows = Vec::with_capacity(nb);
    let mut before = 0u32;
    let mut run = 0f32;
    for (k, b) in blocks.iter().enumerate() {
        let s = shapes[k];
        let fl = facts.flags[b.owner];
        let bit = |f: u32| (fl & f != 0) as u8 as f32;
        let tag = dom.nodes[b.owner].tag;
        let c = container[k];
        let g = grand[k];
        let neighbour = |j: Option<usize>| match j {
            Some(j) => [
                ln1(blocks[j].chars as f32),
                density(blocks[j].link_chars, blocks[j].chars),
                shapes[j].stop_ratio,
                blocks[j].kept as u8 as f32,
            ],
            None => [-1.0, -1.0, -1.0, -1.0],
        };
        let prev = neighbour(k.checked_sub(1));
        let next = neighbour((k + 1 < nb).then_some(k + 1));
        let same_class = k > 0
            && dom.attr(blocks[k - 1].owner, "class") == dom.attr(b.owner, "class")
            && dom.nodes[blocks[k - 1].owner].tag == tag;
        run = if same_class { run + 1.0 } else { 0.0 };
        let mut row = vec![
            ln1(b.chars as f32),
            s.words.min(500.0),
            density(b.link_chars, b.chars),
            s.stop_ratio,
            s.commas,
            s.sentence_ends,
            s.ends_with_stop as u8 as f32,
            s.starts_upper as u8 as f32,
            s.digit_share,
            s.upper_words,
            s.mean_word_len,
            s.separators,
            b.heading as f32,
            (tag == Tag::P) as u8 as f32,
            (tag == Tag::Li) as u8 as f32,
            (tag == Tag::Cell) as u8 as f32,
            (tag == Tag::Pre) as u8 as f32,
            matches!(tag, Tag::Div | Tag::Article) as u8 as f32,
            (!matches!(
                tag,
                Tag::P | Tag::Li | Tag::Cell | Tag::Pre | Tag::Div | Tag::Article
            )) as u8 as f32,
        ];
        for f in [
            flag::ARTICLE,
            flag::MAIN,
            flag::HEADER,
            flag::FORM,
            flag::LIST,
            flag::TABLE,
            flag::FIGURE,
            flag::QUOTE,
            flag::PRE,
            flag::SOFT,
            flag::ROOT,
        ] {
            row.push(bit(f));
        }
        row.extend([
            (b.link_chars >= b.chars) as u8 as f32,
            bit(flag::ADDRESS),
            bit(flag::CODE),
            bit(flag::DETAILS),
            bit(flag::STRONG),
            facts.depth[b.owner] as f32,
            b.kept as u8 as f32,
            facts.class_own[b.owner],
            facts.class_min[b.owner],
            facts.class_max[b.owner],
            facts.class_near[b.owner],
            facts.rule_weight[b.owner],
            k as f32 / nb.max(1) as f32,
            before as f32 / total_chars.max(1) as f32,
            ln1(facts.text[c] as f32),
            density(facts.link[c], facts.text[c]),
            b.chars as f32 / facts.text[c].max(1) as f32,
            ln1(per_container[&c] as f32),
            ln1(facts.text[g] as f32),
            density(facts.link[g], facts.text[g]),
        ]);
        row.extend(prev);
        row.extend(next);
        row.extend([
            ln1(total_chars as f32),
            density(total_link, total_chars),
            kept_chars as f32 / total_chars.max(1) as f32,
            run.min(50.0),
            ln1(kept_dist[k].min(1000.0)),
            first_kept.is_some_and(|f| f < k) as u8 as f32,
            kept_after[k] as u8 as f32,
        ]);
        debug_assert_eq!(row.len(), BLOCK_FEATURES.len());
        rows.push(row);
        before += b.chars;
    }
    PageBlocks {
        blocks,
        rows,
        container,
        grand,
    }
}

/// The names of the second-stage features, in the order of [`smooth_row`].
pub const SMOOTH_FEATURES: &[&str] = &[
    "p",
    "p_prev1",
    "p_prev2",
    "p_next1",
    "p_next2",
    "p_container",
    "p_grand",
    "p_page_max",
    "p_page_mean",
    "log_chars",
    "link_density",
    "heading",
    "kept_by_rules",
    "p_near_long",
];

/// The second-stage row of block `k`: its first-stage probability beside its
/// neighbours', its container's and its page's (character-weighted), so that
/// a block is judged with the text around it. (For all the rows of a page,
/// [`SmoothRows`] computes the page-wide parts once.)
pub fn smooth_row(page: &PageBlocks, p: &[f32], k: usize) -> Vec<f32> {
    SmoothRows::new(page, p).row(k).to_vec()
}

/// The second-stage rows of a page ([`smooth_row`]), with what they share
/// (the page's mean and maximum, the character-weighted sums of each run of
/// blocks of one container) computed once per page, in the same order of
/// additions, so the rows are the same to the bit.
pub struct SmoothRows<'a> {
    page: &'a PageBlocks,
    p: &'a [f32],
    /// Per block, the summed `p × chars` and `chars` of the contiguous run
    /// of blocks of its container, and of its container's parent.
    container_sums: Vec<(f32, f32)>,
    grand_sums: Vec<(f32, f32)>,
    page_max: f32,
    page_mean: f32,
}

impl<'a> SmoothRows<'a> {
    /// The shared parts of the rows of `page` under first-stage
    /// probabilities `p`.
    pub fn new(page: &'a PageBlocks, p: &'a [f32]) -> SmoothRows<'a> {
        let total: f32 = page.blocks.iter().map(|b| b.chars as f32).sum();
        let page_mean = page
            .blocks
            .iter()
            .zip(p)
            .map(|(b, &q)| b.chars as f32 * q)
            .sum::<f32>()
            / total.max(1.0);
        SmoothRows {
            page,
            p,
            container_sums: run_sums(page, p, &page.container),
            grand_sums: run_sums(page, p, &page.grand),
            page_max: p.iter().copied().fold(0.0, f32::max),
            page_mean,
        }
    }

    /// The row of block `k` (in the order of [`SMOOTH_FEATURES`]).
    pub fn row(&self, k: usize) -> [f32; SMOOTH_FEATURES.len()] {
        let (page, p) = (self.page, self.p);
        let nb = p.len();
        let at = |j: isize| -> f32 {
            if j < 0 || j as usize >= nb {
                -1.0
            } else {
                p[j as usize]
            }
        };
        let k_i = k as isize;
        // blocks of one container are contiguous: the weighted mean of k's run
        let mean_of = |(s, w): (f32, f32)| if w == 0.0 { p[k] } else { s / w };
        // the nearest long block (≥ 80 characters) on either side, within 5 blocks
        let near_long = (1..=5)
            .flat_map(|d| [k_i - d, k_i + d])
            .filter(|&j| j >= 0 && (j as usize) < nb && page.blocks[j as usize].chars >= 80)
            .map(|j| p[j as usize])
            .next()
            .unwrap_or(-1.0);
        let b = &page.blocks[k];
        [
            p[k],
            at(k_i - 1),
            at(k_i - 2),
            at(k_i + 1),
            at(k_i + 2),
            mean_of(self.container_sums[k]),
            mean_of(self.grand_sums[k]),
            self.page_max,
            self.page_mean,
            ln1(b.chars as f32),
            density(b.link_chars, b.chars),
            b.heading as f32,
            b.kept as u8 as f32,
            near_long,
        ]
    }
}

/// Per block, the summed `p × chars` and `chars` (added in page order) of the
/// contiguous run of blocks that share its `group` entry.
fn run_sums(page: &PageBlocks, p: &[f32], group: &[usize]) -> Vec<(f32, f32)> {
    let nb = p.len();
    let mut out = vec![(0f32, 0f32); nb];
    let mut a = 0;
    while a < nb {
        let (mut s, mut w) = (0f32, 0f32);
        let mut b = a;
        while b < nb && group[b] == group[a] {
            let c = page.blocks[b].chars as f32;
            s += p[b] * c;
            w += c;
            b += 1;
        }
        out[a..b].fill((s, w));
        a = b;
    }
    out
}

/// The keep thresholds of the final probabilities.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Thresholds {
    /// Inside the main run of text.
    pub inside: f32,
    /// Outside it.
    pub outside: f32,
}

/// The second opinion of the block model on the rules' extraction of an
/// article page: a block the rules kept stays unless its final probability
/// is below `keep` (a teaser, a pitch or a credit inside the rules'
/// container), and a block they left out joins when its probability reaches
/// `add` inside the model's main run (a lead or a first paragraph outside
/// their container). With `add_only` the rules' body text stays as it is
/// (their text filters went further than their blocks) and only the blocks
/// they left out are added. Chosen on the tuning split by `train-blocks`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hybrid {
    /// A block the rules kept is dropped below this.
    pub keep: f32,
    /// A block the rules left out is added from this on (inside the main run).
    pub add: f32,
    /// Blocks of fewer words than this are short: the model never adds one
    /// (a short line outside the rules' container is a menu entry, a
    /// heading of a teaser box, a button far more often than article text)
    /// and a short one the rules kept stays only from `keep_short` on.
    #[serde(default)]
    pub short: u32,
    /// A short block the rules kept is dropped below this.
    #[serde(default)]
    pub keep_short: f32,
    /// Start from the rules' body text unchanged and only add the blocks
    /// they left out (`keep` and `keep_short` unused).
    #[serde(default)]
    pub add_only: bool,
}

/// The main run of a page: the contiguous blocks `a..b` whose summed
/// `(p - inside) × characters` is largest (the article as one stretch of
/// likely text; a teaser far below it, past a stretch of unlikely blocks, is
/// outside).
pub fn main_run(blocks: &[Block], p: &[f32], inside: f32) -> (usize, usize) {
    let (mut best, mut best_range) = (f32::MIN, (0, 0));
    let (mut sum, mut start) = (0f32, 0usize);
    for (k, (b, &q)) in blocks.iter().zip(p).enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = k;
        }
        sum += (q - inside) * b.chars.max(1) as f32;
        if sum > best {
            best = sum;
            best_range = (start, k + 1);
        }
    }
    best_range
}

/// Keeps the blocks of a page whose final probability reaches the inside
/// threshold in the [`main_run`], the outside one elsewhere, joined as
/// paragraphs; the rules' text filters (`drop_text`) and the headline at the
/// top still apply.
pub fn render(
    page: &PageBlocks,
    p: &[f32],
    t: Thresholds,
    rules: &HtmlRules,
    title: &str,
) -> String {
    let (a, b_end) = main_run(&page.blocks, p, t.inside);
    let keep: Vec<bool> = p
        .iter()
        .enumerate()
        .map(|(k, &q)| {
            q >= if (a..b_end).contains(&k) {
                t.inside
            } else {
                t.outside
            }
        })
        .collect();
    join_kept(page, &keep, rules, title)
}

/// The rules' blocks of a page under the block model's second opinion
/// ([`Hybrid`]): a kept block stays when its final probability reaches
/// `h.keep` (`h.keep_short` when it is short), a block the rules left out
/// joins when it is not short and reaches `h.add` inside the [`main_run`] at
/// `t.inside`; joined as paragraphs as [`render`] does. With `h.add_only`
/// the rules' body `rules_body` stays as it is and the added blocks go in
/// around it (`add_to_body`).
pub fn render_hybrid(
    page: &PageBlocks,
    p: &[f32],
    h: Hybrid,
    t: Thresholds,
    rules: &HtmlRules,
    title: &str,
    rules_body: &str,
) -> String {
    let (a, b_end) = main_run(&page.blocks, p, t.inside);
    let keep: Vec<bool> = page
        .blocks
        .iter()
        .zip(p)
        .enumerate()
        .map(|(k, (b, &q))| match b.kept {
            // unused when only adding
            true if h.add_only => true,
            true if is_short(b, h) => q >= h.keep_short,
            true => q >= h.keep,
            false => (a..b_end).contains(&k) && q >= h.add && !is_short(b, h),
        })
        .collect();
    if h.add_only {
        let add: Vec<bool> = page
            .blocks
            .iter()
            .zip(&keep)
            .map(|(b, &k)| k && !b.kept)
            .collect();
        return add_to_body(page, &add, rules, title, rules_body);
    }
    join_kept(page, &keep, rules, title)
}

/// Whether the block model's second opinion `h` could change the rules'
/// body of a page of `blocks`. An add-only opinion adds only blocks the
/// rules left out that are not short, so on a page without one its body is
/// the rules' body as it is ([`rules_body_as_is`]), whatever the
/// probabilities: the model need not run.
pub fn may_change(blocks: &[Block], h: Hybrid) -> bool {
    !h.add_only || blocks.iter().any(|b| !b.kept && !is_short(b, h))
}

/// The body [`render_hybrid`] gives when it adds nothing to `rules_body`.
pub fn rules_body_as_is(rules_body: &str) -> String {
    rules_body.trim().to_string()
}

/// A block of fewer words than `h.short`.
fn is_short(b: &Block, h: Hybrid) -> bool {
    (b.text.split_whitespace().count() as u32) < h.short
}

/// The rules' body `body` with the blocks `add` marks put in as paragraphs:
/// each after the paragraph of `body` holding the nearest block before it
/// that the rules kept and `body` holds (at the start when there is none). A block whose text `body` already
/// holds, the headline and the blocks the rules' text filters drop are left
/// out.
fn add_to_body(
    page: &PageBlocks,
    add: &[bool],
    rules: &HtmlRules,
    title: &str,
    body: &str,
) -> String {
    // the blocks past the last one added only move the anchor
    let Some(last) = add.iter().rposition(|&a| a) else {
        return rules_body_as_is(body);
    };
    let title_n = norm(title);
    let body_n = norm(body);
    // (byte offset in `body`, block) in page order
    let mut inserts: Vec<(usize, &str)> = Vec::new();
    let mut anchor: Option<usize> = None;
    for (b, &added) in page.blocks[..=last].iter().zip(add) {
        if b.kept {
            if let Some(at) = body.find(b.text.as_str()) {
                let end = at + b.text.len();
                let para_end = body[end..].find("\n\n").map_or(body.len(), |e| end + e);
                anchor = Some(para_end.max(anchor.unwrap_or(0)));
            }
            continue;
        }
        if !added {
            continue;
        }
        let text_n = norm(&b.text);
        if text_n.is_empty()
            || text_n == title_n
            || body_n.contains(&text_n)
            || rules.drops_text(&b.text)
        {
            continue;
        }
        inserts.push((anchor.unwrap_or(0), b.text.as_str()));
    }
    let mut pieces: Vec<&str> = Vec::with_capacity(2 * inserts.len() + 1);
    let mut from = 0;
    for (at, text) in inserts {
        pieces.push(body[from..at].trim());
        pieces.push(text);
        from = at;
    }
    pieces.push(body[from..].trim());
    pieces.retain(|p| !p.is_empty());
    pieces.join("\n\n")
}

/// The text of the blocks `keep` marks, as paragraphs, without the headline
/// at the top and the blocks the rules' text filters drop.
fn join_kept(page: &PageBlocks, keep: &[bool], rules: &HtmlRules, title: &str) -> String {
    let title_n = norm(title);
    let mut out = String::new();
    let mut first = true;
    for (b, _) in page.blocks.iter().zip(keep).filter(|(_, &k)| k) {
        if first && !title_n.is_empty() && norm(&b.text) == title_n {
            first = false;
            continue;
        }
        first = false;
        if rules.drops_text(&b.text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&b.text);
    }
    out
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of one container whose blocks are `(text, kept by the rules)`,
    /// without feature rows (for the rendering tests).
    fn page_of(blocks: &[(&str, bool)]) -> PageBlocks {
        let blocks: Vec<Block> = blocks
            .iter()
            .map(|&(text, kept)| Block {
                text: text.to_string(),
                owner: 0,
                chars: text.chars().filter(|c| !c.is_whitespace()).count() as u32,
                link_chars: 0,
                heading: 0,
                kept,
            })
            .collect();
        let n = blocks.len();
        PageBlocks {
            blocks,
            rows: Vec::new(),
            container: vec![0; n],
            grand: vec![0; n],
        }
    }

    /// The second-stage row of block `k` computed on its own, as it was
    /// before [`SmoothRows`] shared the page-wide parts: the reference the
    /// shared rows must equal to the bit.
    fn smooth_row_alone(page: &PageBlocks, p: &[f32], k: usize) -> Vec<f32> {
        let nb = p.len();
        let at = |j: isize| {
            if j < 0 || j as usize >= nb {
                -1.0
            } else {
                p[j as usize]
            }
        };
        let k_i = k as isize;
        let mean_in = |group: &[usize], of: usize| -> f32 {
            let (mut s, mut w) = (0f32, 0f32);
            let mut j = k;
            while j > 0 && group[j - 1] == of {
                j -= 1;
            }
            while j < nb && group[j] == of {
                let c = page.blocks[j].chars as f32;
                s += p[j] * c;
                w += c;
                j += 1;
            }
            if w == 0.0 {
                p[k]
            } else {
                s / w
            }
        };
        let total: f32 = page.blocks.iter().map(|b| b.chars as f32).sum();
        let page_mean = page
            .blocks
            .iter()
            .zip(p)
            .map(|(b, &q)| b.chars as f32 * q)
            .sum::<f32>()
            / total.max(1.0);
        let page_max = p.iter().copied().fold(0.0, f32::max);
        let near_long = (1..=5)
            .flat_map(|d| [k_i - d, k_i + d])
            .filter(|&j| j >= 0 && (j as usize) < nb && page.blocks[j as usize].chars >= 80)
            .map(|j| p[j as usize])
            .next()
            .unwrap_or(-1.0);
        let b = &page.blocks[k];
        vec![
            p[k],
            at(k_i - 1),
            at(k_i - 2),
            at(k_i + 1),
            at(k_i + 2),
            mean_in(&page.container, page.container[k]),
            mean_in(&page.grand, page.grand[k]),
            page_max,
            page_mean,
            ln1(b.chars as f32),
            density(b.link_chars, b.chars),
            b.heading as f32,
            b.kept as u8 as f32,
            near_long,
        ]
    }

    #[test]
    fn the_shared_second_stage_rows_equal_the_rows_computed_alone() {
        let texts: Vec<String> = (0..40)
            .map(|k| "word ".repeat(1 + (k * 7) % 30) + if k % 9 == 0 { "" } else { "end." })
            .collect();
        let blocks: Vec<(&str, bool)> = texts
            .iter()
            .enumerate()
            .map(|(k, t)| (t.as_str(), k % 3 != 0))
            .collect();
        let mut page = page_of(&blocks);
        // runs of containers and grand-containers of several lengths, one
        // container met again after another (a separate run), empty blocks
        page.container = (0..40)
            .map(|k| [1, 1, 2, 3, 3, 3, 1][k % 7] + k / 7 * 10)
            .collect();
        page.grand = (0..40).map(|k| k / 13).collect();
        page.blocks[5].chars = 0;
        page.blocks[6].chars = 0;
        let p: Vec<f32> = (0..40).map(|k| ((k * 37) % 101) as f32 / 101.0).collect();
        let rows = SmoothRows::new(&page, &p);
        for k in 0..p.len() {
            let (shared, alone) = (rows.row(k), smooth_row_alone(&page, &p, k));
            let bits = |r: &[f32]| r.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&shared), bits(&alone), "block {k}");
            assert_eq!(smooth_row(&page, &p, k), alone);
        }
    }

    #[test]
    fn blocks_follow_block_boundaries_and_count_links() {
        let html = "<html><body><nav><a href=/>Home</a></nav><div>Intro <b>text</b>\
                    <p>One <a href=/x>link</a> here.</p><ul><li>a</li><li>b</li></ul>tail</div>\
                    <script>var x;</script></body></html>";
        let doc = scraper::Html::parse_document(html);
        let dom = Dom::new(&doc);
        let rules = crate::extract::Rules::default().html;
        let view = super::super::content::rule_view(&doc, &dom, &rules, "");
        let page = page_blocks(&dom, &view, segment(&dom, &view), &TokenWeights::new());
        let texts: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Intro text", "One link here.", "a", "b", "tail"]);
        assert_eq!(page.blocks[1].link_chars, 4);
        assert!(page.rows.iter().all(|r| r.len() == BLOCK_FEATURES.len()));
        assert_eq!(dom.name(page.blocks[1].owner), "p");
        let p = vec![0.9; page.blocks.len()];
        let s = smooth_row(&page, &p, 0);
        assert_eq!(s.len(), SMOOTH_FEATURES.len());
    }

    #[test]
    fn the_second_opinion_drops_and_adds_blocks() {
        let lead = "The ministers met in the capital on Tuesday to talk about the truce.";
        let body = "They agreed to extend the ceasefire and to open two crossings soon.";
        let pitch = "Sign up for our daily newsletter and get the news first every day.";
        let page = page_of(&[
            (lead, false),
            (body, true),
            ("Ankara talks", true),
            (pitch, true),
            ("Istanbul notes", false),
        ]);
        let p = [0.9, 0.95, 0.3, 0.02, 0.9];
        let t = Thresholds {
            inside: 0.35,
            outside: 0.75,
        };
        let h = Hybrid {
            keep: 0.05,
            add: 0.7,
            short: 3,
            keep_short: 0.5,
            add_only: false,
        };
        let rules = crate::extract::Rules::default().html;
        let out = render_hybrid(&page, &p, h, t, &rules, "", "");
        assert_eq!(out, format!("{lead}\n\n{body}"));
        // without a second opinion on short blocks the rules' short line stays;
        // the line past the pitch is outside the main run and is not added
        let h = Hybrid {
            short: 0,
            keep_short: 0.0,
            ..h
        };
        let out = render_hybrid(&page, &p, h, t, &rules, "", "");
        assert_eq!(out, format!("{lead}\n\n{body}\n\nAnkara talks"));
    }

    #[test]
    fn the_add_only_opinion_keeps_the_rules_body_and_adds_long_blocks() {
        let lead = "The ministers met in the capital on Tuesday to talk about the truce.";
        let body = "They agreed to extend the ceasefire and to open two crossings soon.";
        let middle = "Aid groups said the crossings would let convoys reach the north.";
        let end = "The talks resume next week in the same city, officials said today.";
        let pitch = "Sign up for our daily newsletter and get the news first every day.";
        let page = page_of(&[
            (lead, false),
            (body, true),
            (middle, false),
            ("Read more", false),
            (pitch, true),
            (end, true),
        ]);
        let p = [0.95, 0.95, 0.95, 0.95, 0.02, 0.9];
        let t = Thresholds {
            inside: 0.35,
            outside: 0.75,
        };
        let h = Hybrid {
            keep: 0.0,
            add: 0.9,
            short: 8,
            keep_short: 0.0,
            add_only: true,
        };
        let rules = crate::extract::Rules::default().html;
        // the rules' body (their filters dropped the pitch) stays as it is: the
        // lead goes before it, the long block after the paragraph before it,
        // the short line never
        let rules_body = format!("{body}\n\n{end}");
        let out = render_hybrid(&page, &p, h, t, &rules, "", &rules_body);
        assert_eq!(out, format!("{lead}\n\n{body}\n\n{middle}\n\n{end}"));
        // a block the body already holds is not added twice; below `add` none is
        let p = [0.95, 0.95, 0.5, 0.95, 0.02, 0.9];
        let rules_body = format!("{lead}\n\n{body}\n\n{end}");
        let out = render_hybrid(&page, &p, h, t, &rules, "", &rules_body);
        assert_eq!(out, rules_body);
        // the model need not run when no block it could add is there: all
        // the blocks the rules left out are short
        assert!(may_change(&page.blocks, h));
        let short = page_of(&[(body, true), ("Read more", false), (end, true)]);
        assert!(!may_change(&short.blocks, h));
        assert!(may_change(
            &short.blocks,
            Hybrid {
                add_only: false,
                ..h
            }
        ));
        let out = render_hybrid(&short, &[0.99; 3], h, t, &rules, "", &rules_body);
        assert_eq!(out, rules_body_as_is(&rules_body));
    }

    #[test]
    fn the_main_run_skips_a_far_teaser() {
        let mk = |chars| Block {
            text: String::new(),
            owner: 0,
            chars,
            link_chars: 0,
            heading: 0,
            kept: false,
        };
        let page = PageBlocks {
            blocks: vec![mk(100), mk(100), mk(400), mk(100), mk(500), mk(500)],
            rows: Vec::new(),
            container: vec![0; 6],
            grand: vec![0; 6],
        };
        let p = [0.6, 0.1, 0.1, 0.1, 0.9, 0.8];
        assert_eq!(main_run(&page.blocks, &p, 0.4), (4, 6));
    }
}
