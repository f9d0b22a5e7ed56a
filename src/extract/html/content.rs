//! Main-text extraction: boilerplate removal by rules, a readability-style
//! content scorer to find the article's container, conditional cleaning inside
//! it, and rendering to paragraphs. Every pass is a loop over the flat
//! [`Dom`], top-down or bottom-up, so deep nesting cannot overflow the stack.

use super::dom::{push_collapsed, Dom, Tag};
use super::markup;
use super::rules::{
    HtmlRules, CLASS_CAPTION, CLASS_DROP, CLASS_KEEP, CLASS_NEGATIVE, CLASS_POSITIVE,
};

/// Why a node is not body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Body text, as far as the rules know.
    Keep,
    /// Boilerplate.
    Drop,
    /// A caption or credit of the article's own images.
    Caption,
}

/// The main text of a page.
#[derive(Debug, Default)]
pub struct Content {
    /// Paragraphs separated by blank lines.
    pub body: String,
    /// Captions and credits found in the article's container.
    pub captions: Vec<String>,
    /// Index of the container chosen as the article (for bylines and dates).
    pub root: usize,
    /// The kept blocks as an HTML fragment with their structure (see [`markup`]).
    pub markup: String,
}

/// Switches that the fallback passes turn off.
#[derive(Clone, Copy)]
struct Pass {
    class_drops: bool,
    clean: bool,
}

/// What the rules and the readability scorer make of a page: the body they
/// would keep, and per node the facts the block model reads.
pub struct RuleView {
    /// The rules' body, captions and container.
    pub content: Content,
    /// Per node: dropped by tag, hidden or selector, or a caption (inherited).
    pub hard: Vec<Mark>,
    /// Per node: the final mark of the pass that made `content` (soft drops,
    /// section ends and cleaning applied).
    pub mark: Vec<Mark>,
    /// The containers the body was rendered from.
    pub roots: Vec<usize>,
    /// Per node: the class-name weight (+25 content hint, -25 boilerplate).
    pub weight: Vec<i32>,
    /// Per node: matched a soft-drop class or selector.
    pub soft: Vec<bool>,
}

/// Extracts the main text of `dom` by the rules alone. `title` is dropped
/// when the text starts with it.
#[cfg(test)]
pub fn extract(doc: &scraper::Html, dom: &Dom, rules: &HtmlRules, title: &str) -> Content {
    rule_view(doc, dom, rules, title).content
}

/// Runs the rules and the readability scorer (a second pass with fewer drops
/// when the first finds little) and returns what they found.
pub fn rule_view(doc: &scraper::Html, dom: &Dom, rules: &HtmlRules, title: &str) -> RuleView {
    let hints = Hints::new(doc, dom, rules);
    let mut best = (Content::default(), Vec::new(), Vec::new());
    let mut best_len = 0;
    for pass in [
        Pass {
            class_drops: true,
            clean: true,
        },
        Pass {
            class_drops: false,
            clean: false,
        },
    ] {
        let c = run(dom, rules, &hints, pass, title);
        let len = c.0.body.len();
        // a fallback pass must find clearly more, not just the boilerplate back
        if len > 2 * best_len || best_len == 0 && len > 0 || best.1.is_empty() {
            best = c;
            best_len = len;
        }
        // readability's rule: retry with fewer drops when the result is short
        if best_len >= 500 {
            break;
        }
    }
    let n = dom.nodes.len();
    let mut hard = vec![Mark::Keep; n];
    for i in 1..n {
        let p = dom.nodes[i].parent;
        hard[i] = if hard[p] != Mark::Keep {
            hard[p]
        } else {
            hints.hard[i]
        };
    }
    let (mut content, mark, roots) = best;
    if best_len == 0 {
        content = Content::default();
    }
    RuleView {
        content,
        hard,
        mark,
        roots,
        weight: hints.weight,
        soft: hints.soft,
    }
}

/// Per-element facts that do not depend on the pass.
struct Hints {
    /// Class-name weight: +25 content hint, -25 boilerplate hint.
    weight: Vec<i32>,
    /// Dropped by tag, hidden, selector or caption (always applied).
    hard: Vec<Mark>,
    /// Dropped by class/id pattern (the first pass only).
    soft: Vec<bool>,
    /// Matched a caption selector (a caption if it is short).
    caption: Vec<bool>,
}

impl Hints {
    fn new(doc: &scraper::Html, dom: &Dom, rules: &HtmlRules) -> Hints {
        let n = dom.nodes.len();
        let mut weight = vec![0; n];
        let mut hard = vec![Mark::Keep; n];
        let mut soft = vec![false; n];
        let mut caption = vec![false; n];
        let mut hint = String::new();
        for i in 0..n {
            let Some(el) = dom.nodes[i].el else { continue };
            let name = el.name();
            if rules.drop_tags.contains(name) {
                hard[i] = Mark::Drop;
                continue;
            }
            if is_hidden(el) {
                hard[i] = Mark::Drop;
                continue;
            }
            let tag = dom.nodes[i].tag;
            let elref = || dom.element_ref(doc, i);
            if matches!(tag, Tag::Body) || name == "html" {
                continue;
            }
            if name == "figcaption" {
                hard[i] = Mark::Caption;
                continue;
            }
            if rules
                .caption_sel
                .as_ref()
                .is_some_and(|s| elref().is_some_and(|e| s.matches(&e)))
            {
                caption[i] = true;
            }
            if rules
                .drop_sel
                .as_ref()
                .is_some_and(|s| elref().is_some_and(|e| s.matches(&e)))
            {
                hard[i] = Mark::Drop;
                continue;
            }
            if rules
                .soft_sel
                .as_ref()
                .is_some_and(|s| elref().is_some_and(|e| s.matches(&e)))
            {
                soft[i] = true;
            }
            hint.clear();
            if let Some(c) = el.attr("class") {
                hint.push_str(c);
            }
            if let Some(id) = el.attr("id") {
                hint.push(' ');
                hint.push_str(id);
            }
            for attr in ["role", "itemprop", "data-component", "data-testid"] {
                if let Some(v) = el.attr(attr) {
                    hint.push(' ');
                    hint.push_str(v);
                }
            }
            if hint.is_empty() {
                continue;
            }
            let hits = rules.class_hits(&hint);
            if hits & CLASS_CAPTION != 0 {
                caption[i] = true;
            }
            if hits & CLASS_POSITIVE != 0 {
                weight[i] += 25;
            }
            if hits & CLASS_NEGATIVE != 0 {
                weight[i] -= 25;
            }
            if hits & CLASS_DROP != 0
                && hits & CLASS_KEEP == 0
                && !matches!(tag, Tag::Body | Tag::A)
                && name != "html"
            {
                soft[i] = true;
            }
        }
        Hints {
            weight,
            hard,
            soft,
            caption,
        }
    }
}

fn is_hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    el.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Text metrics of every subtree, dropped nodes excluded.
struct Metrics {
    mark: Vec<Mark>,
    /// Non-whitespace characters.
    text: Vec<u32>,
    /// Non-whitespace characters inside links.
    link: Vec<u32>,
    commas: Vec<u32>,
    /// Characters of text directly in this block (not in a nested block).
    own: Vec<u32>,
    /// Characters of text inside `<p>` elements.
    para: Vec<u32>,
}

impl Metrics {
    fn new(dom: &Dom, mark: Vec<Mark>) -> Metrics {
        let n = dom.nodes.len();
        let (mut text, mut link, mut commas, mut own, mut para) = (
            vec![0u32; n],
            vec![0u32; n],
            vec![0u32; n],
            vec![0u32; n],
            vec![0u32; n],
        );
        // the nearest block ancestor of each node, top-down
        let mut owner = vec![0usize; n];
        for i in 1..n {
            let p = dom.nodes[i].parent;
            owner[i] = if dom.nodes[p].tag.is_block() {
                p
            } else {
                owner[p]
            };
        }
        for i in (1..n).rev() {
            if mark[i] != Mark::Keep {
                continue;
            }
            if let Some(t) = dom.nodes[i].text {
                let len = t.chars().filter(|c| !c.is_whitespace()).count() as u32;
                text[i] = len;
                commas[i] = t
                    .chars()
                    .filter(|c| matches!(c, ',' | '،' | '，' | '、'))
                    .count() as u32;
                own[owner[i]] += len;
            }
            match dom.nodes[i].tag {
                Tag::A => link[i] = text[i],
                Tag::P => para[i] = text[i],
                _ => {}
            }
            let p = dom.nodes[i].parent;
            para[p] += para[i];
            text[p] += text[i];
            link[p] += link[i];
            commas[p] += commas[i];
        }
        Metrics {
            mark,
            text,
            link,
            commas,
            own,
            para,
        }
    }

    fn link_density(&self, i: usize) -> f32 {
        if self.text[i] == 0 {
            0.0
        } else {
            self.link[i] as f32 / self.text[i] as f32
        }
    }
}

/// One pass: the body, the final marks and the containers it was rendered from.
fn run(
    dom: &Dom,
    rules: &HtmlRules,
    hints: &Hints,
    pass: Pass,
    title: &str,
) -> (Content, Vec<Mark>, Vec<usize>) {
    let n = dom.nodes.len();
    // effective marks, top-down; soft drops only for elements that do not hold
    // much of the page's paragraph text (a class like "layout-sidebar-left" must not
    // cost the article)
    let mut mark = vec![Mark::Keep; n];
    for i in 1..n {
        let p = dom.nodes[i].parent;
        mark[i] = if mark[p] != Mark::Keep {
            mark[p]
        } else {
            hints.hard[i]
        };
    }
    let pre = Metrics::new(dom, mark.clone());
    let total = pre.para[0].max(1) as f32;
    for i in 1..n {
        let p = dom.nodes[i].parent;
        if mark[p] != Mark::Keep {
            mark[i] = mark[p];
        } else if mark[i] == Mark::Keep && hints.caption[i] && pre.text[i] <= 400 {
            mark[i] = Mark::Caption;
        } else if pass.class_drops
            && mark[i] == Mark::Keep
            && hints.soft[i]
            && (pre.para[i] as f32) < 0.4 * total
        {
            mark[i] = Mark::Drop;
        }
    }
    section_ends(dom, rules, &pre, &mut mark);
    let m = Metrics::new(dom, mark);

    // readability-style scoring: paragraphs give points to their ancestors
    let mut score = vec![0f32; n];
    let mut scored = vec![false; n];
    let weight = |i: usize| {
        if pass.class_drops {
            hints.weight[i] as f32
        } else {
            0.0
        }
    };
    for i in 1..n {
        if m.mark[i] != Mark::Keep || dom.nodes[i].el.is_none() {
            continue;
        }
        let tag = dom.nodes[i].tag;
        let para = match tag {
            Tag::P | Tag::Pre | Tag::Cell => true,
            Tag::Div | Tag::Article | Tag::Block => m.own[i] >= 25,
            _ => false,
        };
        if !para || m.text[i] < 25 {
            continue;
        }
        let points = 1.0 + m.commas[i] as f32 + (m.text[i] as f32 / 100.0).floor().min(3.0);
        let mut a = dom.nodes[i].parent;
        for level in 0..5 {
            if a == 0 || dom.nodes[a].el.is_none() {
                break;
            }
            if !scored[a] {
                scored[a] = true;
                score[a] = base_score(dom.nodes[a].tag) + weight(a);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[a] += points / div;
            a = dom.nodes[a].parent;
        }
    }
    let fin = |i: usize| score[i] * (1.0 - m.link_density(i));
    let mut cands: Vec<usize> = (0..n).filter(|&i| scored[i]).collect();
    cands.sort_by(|&a, &b| fin(b).total_cmp(&fin(a)));
    let body = (0..n).find(|&i| dom.nodes[i].tag == Tag::Body).unwrap_or(0);
    let mut top = cands.first().copied().unwrap_or(body);
    if !cands.is_empty() {
        top = climb(dom, &cands, top, &scored, &fin, body);
        top = enclosing_article(dom, &m, top, body);
    }
    let roots = siblings(dom, &m, top, &scored, &fin, hints, pass);

    // conditional cleaning inside the chosen container
    let mut mark = m.mark.clone();
    if pass.clean {
        for &r in &roots {
            for i in r + 1..dom.nodes[r].end {
                if mark[i] != Mark::Keep || dom.nodes[i].el.is_none() {
                    continue;
                }
                let p = dom.nodes[i].parent;
                if mark[p] != Mark::Keep {
                    mark[i] = mark[p];
                    continue;
                }
                if should_clean(dom, &m, i, weight(i), score[i]) {
                    mark[i] = Mark::Drop;
                }
            }
        }
    }
    let mut c = render(dom, rules, &mark, &roots, title);
    c.root = top;
    (c, mark, roots)
}

fn base_score(tag: Tag) -> f32 {
    match tag {
        Tag::Div | Tag::Article => 5.0,
        Tag::Pre | Tag::Cell => 3.0,
        Tag::List | Tag::Li | Tag::Block => -3.0,
        Tag::H1 | Tag::Heading => -5.0,
        _ => 0.0,
    }
}

/// How many of the next-best candidates are compared with the top one.
const ALT_CANDIDATES: usize = 6;
/// Score ratio (to the top) at which a candidate counts as an alternative.
const ALT_RATIO: f32 = 0.7;

/// Readability's adjustments of the top candidate: move up to a common ancestor
/// of several near-top candidates, or to a parent that scores higher.
fn climb(
    dom: &Dom,
    cands: &[usize],
    mut top: usize,
    scored: &[bool],
    fin: &dyn Fn(usize) -> f32,
    body: usize,
) -> usize {
    let top_score = fin(top);
    let ancestors = |mut i: usize| {
        let mut v = std::collections::HashSet::new();
        while i != 0 {
            i = dom.nodes[i].parent;
            v.insert(i);
        }
        v
    };
    let alts: Vec<std::collections::HashSet<usize>> = cands[1..cands.len().min(ALT_CANDIDATES)]
        .iter()
        .filter(|&&c| fin(c) / top_score.max(1e-6) >= ALT_RATIO)
        .map(|&c| ancestors(c))
        .collect();
    if alts.len() >= 3 {
        let mut p = dom.nodes[top].parent;
        while p != 0 && p != body {
            if alts.iter().filter(|a| a.contains(&p)).count() >= 3 {
                top = p;
                break;
            }
            p = dom.nodes[p].parent;
        }
    }
    let mut last = fin(top);
    let threshold = last / 3.0;
    let mut p = dom.nodes[top].parent;
    while p != 0 && p != body {
        if scored[p] {
            let ps = fin(p);
            if ps < threshold {
                break;
            }
            if ps > last {
                top = p;
                break;
            }
            last = ps;
        }
        p = dom.nodes[p].parent;
    }
    loop {
        let p = dom.nodes[top].parent;
        if p == 0 || p == body || dom.nodes[p].el.is_none() {
            break;
        }
        let elems = dom
            .children(p)
            .filter(|&c| dom.nodes[c].el.is_some())
            .count();
        if elems != 1 {
            break;
        }
        top = p;
    }
    top
}

/// The `<article>` around the top candidate when it holds clearly more prose
/// with few links: long pages split into many sections otherwise lose all but one.
fn enclosing_article(dom: &Dom, m: &Metrics, top: usize, body: usize) -> usize {
    let mut a = dom.nodes[top].parent;
    while a != 0 && a != body {
        if dom.nodes[a].tag == Tag::Article {
            let more = m.para[a] as f32 >= 1.5 * m.para[top] as f32;
            if more && m.link_density(a) < 0.2 {
                return a;
            }
            break;
        }
        a = dom.nodes[a].parent;
    }
    top
}

/// The top candidate plus siblings that look like more of the article.
fn siblings(
    dom: &Dom,
    m: &Metrics,
    top: usize,
    scored: &[bool],
    fin: &dyn Fn(usize) -> f32,
    hints: &Hints,
    pass: Pass,
) -> Vec<usize> {
    let parent = dom.nodes[top].parent;
    if top == 0 || parent == 0 || dom.nodes[parent].tag == Tag::Block && dom.name(parent) == "html"
    {
        return vec![top];
    }
    let top_score = fin(top);
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.attr(top, "class").unwrap_or("");
    let mut roots = Vec::new();
    for s in dom.children(parent) {
        if s == top {
            roots.push(s);
            continue;
        }
        if dom.nodes[s].el.is_none() || m.mark[s] != Mark::Keep {
            continue;
        }
        let mut bonus = 0.0;
        if !top_class.is_empty() && dom.attr(s, "class") == Some(top_class) {
            bonus += top_score * 0.2;
        }
        if scored[s] && fin(s) + bonus >= threshold && (pass.clean || hints.weight[s] >= 0) {
            roots.push(s);
        } else if dom.nodes[s].tag == Tag::P {
            let len = m.text[s];
            let ld = m.link_density(s);
            if len > 80 && ld < 0.25 {
                roots.push(s);
            } else if len > 0 && len <= 80 && ld == 0.0 {
                let t = dom.text(s, |_| false);
                if t.ends_with('.') || t.contains(". ") {
                    roots.push(s);
                }
            }
        }
    }
    roots
}

/// Readability's "clean conditionally": containers inside the article that look
/// like link lists, widgets or teasers are dropped, unless they carry real prose.
fn should_clean(dom: &Dom, m: &Metrics, i: usize, weight: f32, score: f32) -> bool {
    let tag = dom.nodes[i].tag;
    if !matches!(
        tag,
        Tag::Div | Tag::List | Tag::Table | Tag::Block | Tag::Figure | Tag::Article
    ) {
        return false;
    }
    let ld = m.link_density(i);
    // prose (many commas, few links) stays whatever its class says: a
    // "media block" can hold a checklist or a table written as sentences
    if m.commas[i] >= 10 && ld < 0.2 {
        return false;
    }
    if weight + score < 0.0 {
        return true;
    }
    if m.commas[i] >= 10 {
        return false;
    }
    if m.text[i] == 0 {
        return false;
    }
    (weight < 25.0 && ld > 0.33) || ld > 0.5
}

/// Drops headings such as "Related articles" or "More from…" together with
/// everything after them in their container: the teaser lists they introduce.
fn section_ends(dom: &Dom, rules: &HtmlRules, metrics: &Metrics, mark: &mut [Mark]) {
    let Some(re) = rules.section_end.as_ref() else {
        return;
    };
    let n = dom.nodes.len();
    let mut i = 1;
    while i < n {
        if mark[i] != Mark::Keep || dom.nodes[i].el.is_none() {
            i += 1;
            continue;
        }
        let tag = dom.nodes[i].tag;
        let heading_like = matches!(
            tag,
            Tag::Heading | Tag::H1 | Tag::P | Tag::Div | Tag::Block | Tag::Inline
        ) && metrics.text[i] > 0
            && metrics.text[i] <= 40
            && (tag == Tag::Heading || m_is_leafish(dom, i));
        if heading_like {
            let t = dom.text(i, |j| mark[j] != Mark::Keep);
            if re.is_match(&t) {
                // climb out of wrappers that hold only this heading
                let mut x = i;
                loop {
                    let p = dom.nodes[x].parent;
                    if p == 0 || metrics.text[p] != metrics.text[x] || dom.nodes[p].tag == Tag::Body
                    {
                        break;
                    }
                    x = p;
                }
                let p = dom.nodes[x].parent;
                // the heading goes; what follows goes while it looks like a list
                // of teasers (linked or short), and stops at the first prose: a
                // subheading such as "More on the sanctions" inside an article
                // must not cost the rest of it
                mark[x..dom.nodes[x].end.max(x + 1)].fill(Mark::Drop);
                let kids: Vec<usize> = dom.children(p).skip_while(|&c| c != x).skip(1).collect();
                for c in kids {
                    let teaser_like = metrics.link_density(c) >= 0.2 || metrics.text[c] < 100;
                    if !teaser_like {
                        break;
                    }
                    mark[c..dom.nodes[c].end.max(c + 1)].fill(Mark::Drop);
                }
                i = dom.nodes[p].end.max(i + 1);
                continue;
            }
        }
        i += 1;
    }
}

/// True when node `i` holds no block elements (a heading-like line).
fn m_is_leafish(dom: &Dom, i: usize) -> bool {
    (i + 1..dom.nodes[i].end).all(|j| !dom.nodes[j].tag.is_block() || dom.nodes[j].el.is_none())
}

/// One rendered block of text.
struct Block {
    text: String,
    link: usize,
    heading: bool,
    kind: markup::Kind,
    html: String,
}

/// Renders the kept text under `roots` as paragraphs; collects captions.
fn render(dom: &Dom, rules: &HtmlRules, mark: &[Mark], roots: &[usize], title: &str) -> Content {
    let mut blocks: Vec<Block> = Vec::new();
    let mut captions = Vec::new();
    let mut cur = Block {
        text: String::new(),
        link: 0,
        heading: false,
        kind: markup::Kind::Para,
        html: String::new(),
    };
    let flush = |cur: &mut Block, blocks: &mut Vec<Block>| {
        let text = cur.text.trim();
        if !text.is_empty() {
            blocks.push(Block {
                text: text.to_string(),
                link: cur.link,
                heading: cur.heading,
                kind: cur.kind,
                html: cur.html.trim().to_string(),
            });
        }
        cur.text.clear();
        cur.html.clear();
        cur.link = 0;
        cur.heading = false;
        cur.kind = markup::Kind::Para;
    };
    for &r in roots {
        // (end, is_block, is_link, node, wrote `<a>`) of the open elements
        let mut open: Vec<(usize, bool, bool, usize, bool)> = Vec::new();
        let mut i = r;
        let end = dom.nodes[r].end.max(r + 1);
        while i < end {
            while open.last().is_some_and(|o| o.0 <= i) {
                let (_, block, _, _, wrote_link) = open.pop().unwrap();
                if wrote_link {
                    cur.html.push_str("</a>");
                }
                if block {
                    flush(&mut cur, &mut blocks);
                }
            }
            let node = &dom.nodes[i];
            match mark[i] {
                Mark::Drop => {
                    i = node.end.max(i + 1);
                    continue;
                }
                Mark::Caption => {
                    let t = dom.text(i, |j| mark[j] == Mark::Drop);
                    if !t.is_empty() && !captions.contains(&t) {
                        captions.push(t);
                    }
                    i = node.end.max(i + 1);
                    continue;
                }
                Mark::Keep => {}
            }
            if let Some(t) = node.text {
                let in_link = open.iter().any(|o| o.2);
                let before = cur.text.len();
                if cur.text.trim().is_empty() {
                    let nodes: Vec<usize> = open.iter().map(|o| o.3).collect();
                    cur.kind = markup::kind_of(dom, &nodes);
                }
                push_collapsed(&mut cur.text, t);
                markup::escape(&mut cur.html, &cur.text[before..]);
                if in_link {
                    cur.link += cur.text[before..]
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .count();
                }
            } else if node.el.is_some() {
                let tag = node.tag;
                if tag == Tag::Br {
                    flush(&mut cur, &mut blocks);
                } else {
                    if tag.is_block() {
                        flush(&mut cur, &mut blocks);
                        cur.heading = matches!(tag, Tag::H1 | Tag::Heading);
                    }
                    let link = (tag == Tag::A)
                        .then(|| markup::link_open(dom.attr(i, "href")))
                        .flatten();
                    if let Some(a) = &link {
                        cur.html.push_str(a);
                    }
                    open.push((node.end, tag.is_block(), tag == Tag::A, i, link.is_some()));
                }
            }
            i += 1;
        }
        flush(&mut cur, &mut blocks);
    }
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let title_n = norm(title);
    let mut out = String::new();
    let mut kept: Vec<(markup::Kind, String)> = Vec::new();
    let mut first = true;
    for b in blocks {
        let chars = b.text.chars().filter(|c| !c.is_whitespace()).count();
        if first && !title_n.is_empty() && norm(&b.text) == title_n {
            first = false;
            continue;
        }
        first = false;
        if rules.drops_text(&b.text) {
            continue;
        }
        if !b.heading && chars > 0 && b.link * 10 >= chars * 6 {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&b.text);
        kept.push((b.kind, b.html));
    }
    Content {
        body: out,
        captions,
        root: 0,
        markup: markup::to_html(kept.iter().map(|(k, h)| (*k, h.as_str()))),
    }
}

#[cfg(test)]
mod tests {
    use super::super::HtmlRules;
    use super::*;

    fn body_of(html: &str) -> String {
        let doc = scraper::Html::parse_document(html);
        let dom = Dom::new(&doc);
        let rules = crate::extract::Rules::default().html;
        extract(&doc, &dom, &rules, "").body
    }

    const PARA: &str = "The ministers met in the capital on Tuesday, and after long talks, \
        they agreed to extend the ceasefire, to open two crossings, and to exchange prisoners.";

    #[test]
    fn keeps_article_drops_teasers_and_nav() {
        let html = format!(
            "<body><nav><a href=/>Home</a> <a href=/w>World</a></nav><div class=main>\
             <article><h1>Truce</h1><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>\
             <div class=teaser-card><h3><a href=/x>Another story entirely</a></h3>\
             <p>Zebrafish thrive in the new aquarium.</p><a href=/x>keep reading</a></div></article>\
             <h2>Related articles</h2><ul><li><a href=/y>Other headline about penguins</a></li></ul></div>\
             <footer>Copyright Example News</footer></body>"
        );
        let body = body_of(&html);
        assert!(body.contains("extend the ceasefire"), "{body}");
        assert_eq!(body.matches("extend the ceasefire").count(), 3);
        for junk in [
            "Zebrafish",
            "keep reading",
            "penguins",
            "Related",
            "Copyright",
            "World",
        ] {
            assert!(!body.contains(junk), "{junk} leaked: {body}");
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 100_000;
        let html = format!(
            "{}<p>{PARA}</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        // through the pre-pass, which caps the depth the parser sees
        let body = super::super::extract(&html, &crate::extract::Rules::default().html).body;
        assert!(body.contains("ceasefire"));
    }

    #[test]
    fn a_subheading_like_a_teaser_heading_keeps_the_prose_after_it() {
        let html = format!(
            "<body><article><p>{PARA}</p><h2>More on the ceasefire</h2><p>{PARA} Walrus.</p>\
             <p>{PARA}</p></article></body>"
        );
        assert!(body_of(&html).contains("Walrus"));
    }

    #[test]
    fn captions_are_kept_apart() {
        let html = format!(
            "<body><article><p>{PARA}</p><figure><img src=a.jpg><figcaption>Delegates arrive. \
             Photo: Jane Roe</figcaption></figure><p>{PARA}</p></article></body>"
        );
        let doc = scraper::Html::parse_document(&html);
        let dom = Dom::new(&doc);
        let rules: HtmlRules = crate::extract::Rules::default().html;
        let c = extract(&doc, &dom, &rules, "");
        assert!(!c.body.contains("Delegates"));
        assert_eq!(c.captions, ["Delegates arrive. Photo: Jane Roe"]);
    }
}
