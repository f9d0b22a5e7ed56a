//! Plain-text scrapes (a page's visible text, one block per line, blank lines
//! around paragraphs): the header (title, dek, `Analysis | Africa` label line,
//! byline, date), then the body with menus, share bars, teasers for other
//! articles, captions and footers removed.
//!
//! The pipeline is general; what is site boilerplate is data ([`TextRules`]):
//! 1. `blocks` splits the scrape into lines with shape features;
//! 2. each line gets a `Role` from the rules (boilerplate, teaser end, end of
//!    article, caption, label line, byline, date);
//! 3. `body` classes the lines as prose or boilerplate and picks the main run;
//! 4. `header` reads the title, dek, labels and byline above the main run.

mod blocks;
mod body;
mod header;
mod learned;
mod lines;
mod rules;

use super::{Article, PageError};
use blocks::{Block, MAX_PATTERN_LINE};
pub use lines::{context_rows, CONTEXT_FEATURES, LINE_FEATURES};
pub use rules::{BodyMethod, TextRuleLists, TextRules};

/// What the rules say a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Nothing special: prose, heading or unknown.
    Text,
    /// Boilerplate line (drop list or pattern).
    Drop,
    /// Closes a teaser for another article.
    TeaserEnd,
    /// Part of a teaser card (the lines above a teaser end).
    Teaser,
    /// Heads a list of other articles (related, most popular).
    Break,
    /// Announces the end of the article.
    EndMarker,
    /// Photo caption or credit.
    Caption,
    /// A `Kind | Region` label line.
    Label,
    /// A byline (`By Jane Doe`).
    Byline,
    /// A line holding only a date.
    Date,
    /// The attribution line of a quoted social post.
    Embed,
    /// A line holding only a URL.
    Url,
}

/// Fewest words of a sentence kept as the body of a page without a run of prose.
const STUB_MIN_WORDS: usize = 2;

/// How many lines below the body a caption still belongs to the article.
const CAPTION_REACH: usize = 3;

/// A scrape's lines with what the rules and the rule-based scorer say of them.
struct Page {
    blocks: Vec<Block>,
    roles: Vec<Role>,
    class: Vec<body::Class>,
    prose: Vec<bool>,
    runs: Vec<(usize, usize)>,
    /// Lines the rule-based selection keeps: in a run, prose or part of the text.
    kept: Vec<bool>,
    has_stopwords: bool,
}

impl Page {
    fn read(text: &str, rules: &TextRules) -> Result<Page, PageError> {
        let blocks = blocks::segment(text);
        if blocks.is_empty() {
            return Err(PageError::NoText);
        }
        let mut roles: Vec<Role> = blocks.iter().map(|b| role(b, rules)).collect();
        mark_teasers(&blocks, &mut roles);
        let (class, prose) = body::classify(&blocks, &roles);
        let runs = body::main_run(&blocks, &roles, &class, &prose).unwrap_or_default();
        let mut kept = vec![false; blocks.len()];
        for &(start, end) in &runs {
            for i in start..end {
                kept[i] = class[i] == body::Class::Good || in_run_paragraph(&blocks[i], roles[i]);
            }
        }
        let has_stopwords = body::has_stopwords(&blocks);
        Ok(Page {
            blocks,
            roles,
            class,
            prose,
            runs,
            kept,
            has_stopwords,
        })
    }

    fn analysis(&self) -> lines::Analysis<'_> {
        lines::Analysis {
            blocks: &self.blocks,
            roles: &self.roles,
            class: &self.class,
            prose: &self.prose,
            runs: &self.runs,
            kept: &self.kept,
            has_stopwords: self.has_stopwords,
        }
    }
}

/// The lines of a scrape as the learned body classifier sees them: for
/// training it (`polsearch-tools train-text`) with the very features that
/// extraction computes.
#[derive(Debug, Clone)]
pub struct LineTable {
    /// Each line's text (whitespace collapsed), in page order.
    pub lines: Vec<String>,
    /// The first stage's features, [`LINE_FEATURES`] numbers per line.
    pub rows: Vec<f32>,
}

/// The line table of a decoded scrape (`None` when it holds no line of text).
pub fn line_table(text: &str, rules: &TextRules) -> Option<LineTable> {
    let page = Page::read(text, rules).ok()?;
    let rows = lines::line_rows(&page.analysis());
    Some(LineTable {
        lines: page.blocks.into_iter().map(|b| b.text).collect(),
        rows,
    })
}

/// Extracts an article from a decoded text scrape.
pub fn extract(text: &str, rules: &TextRules) -> Result<Article, PageError> {
    let page = Page::read(text, rules)?;
    Ok(match rules.body {
        BodyMethod::Rules => by_rules(&page, rules),
        BodyMethod::Learned => learned_body(&page, rules),
    })
}

/// Where the header ends up relative to the body: whether everything above
/// the header's end is cut (`cut`), else only the header's own lines.
fn skipper(head: &header::Header, cut: bool) -> impl Fn(usize) -> bool {
    let (start, end) = (head.start, head.end);
    move |i| {
        if cut {
            i < end
        } else {
            (start..end).contains(&i)
        }
    }
}

/// The rule-based body: the main run(s) the scorer finds.
fn by_rules(page: &Page, rules: &TextRules) -> Article {
    let (blocks, roles, prose, runs) = (&page.blocks, &page.roles, &page.prose, &page.runs);
    let head = header::read(
        blocks,
        roles,
        prose,
        runs.first().map(|r| r.0),
        runs.last().map(|r| r.1),
        rules,
    );

    // the body starts below the title and dek; when the title sits inside the
    // run, what precedes it is kept only if it is a real part of the text
    let run_start = runs.first().map_or(blocks.len(), |r| r.0);
    let prose_in = |lo: usize, hi: usize| {
        (lo..hi)
            .filter(|&i| prose[i])
            .map(|i| blocks[i].chars)
            .sum::<usize>()
    };
    let total: usize = runs.iter().map(|&(s, e)| prose_in(s, e)).sum();
    let cut = head.start < run_start || prose_in(run_start, head.start) * 4 < total;
    let skip = skipper(&head, cut);

    let mut article = Article::default();
    let mut body: Vec<&str> = Vec::new();
    // paragraphs between the header and the run (a lead cut off from the rest
    // by an inline box of links) belong to the article
    if cut && head.end < run_start {
        body.extend(
            (head.end..run_start)
                .filter(|&i| prose[i] && roles[i] == Role::Text)
                .filter(|&i| blocks[i].gap_before && blocks[i].gap_after && blocks[i].sentence)
                .filter(|&i| {
                    !roles[i + 1..run_start]
                        .iter()
                        .take(2)
                        .any(|&r| r == Role::Caption)
                })
                .map(|i| blocks[i].text.as_str()),
        );
    }
    for &(start, end) in runs {
        // captions of the article's own images sit in the body or right below it
        let caption_end = (end + CAPTION_REACH).min(blocks.len());
        for i in start..caption_end.max(start) {
            match roles[i] {
                Role::Caption => article.captions.push(blocks[i].text.clone()),
                _ if i < end && !skip(i) && page.kept[i] => body.push(&blocks[i].text),
                _ => {}
            }
        }
    }
    if runs.is_empty() {
        stub_body(page, head.end, &mut body);
    }
    article.body = body.join("\n\n");
    with_header(article, head)
}

/// The learned body: the lines [`learned::body_lines`] keeps.
fn learned_body(page: &Page, rules: &TextRules) -> Article {
    let keep = learned::body_lines(&page.analysis());
    let (blocks, roles, prose) = (&page.blocks, &page.roles, &page.prose);
    let first = keep.iter().position(|&k| k);
    let last = keep.iter().rposition(|&k| k);
    let head = header::read(blocks, roles, prose, first, last.map(|l| l + 1), rules);

    // the body starts below the title and dek; when the title sits inside the
    // body, what precedes it is kept only if it is a real part of the text
    let body_start = first.unwrap_or(blocks.len());
    let prose_in = |lo: usize, hi: usize| {
        (lo..hi)
            .filter(|&i| keep[i] && prose[i])
            .map(|i| blocks[i].chars)
            .sum::<usize>()
    };
    let total = prose_in(0, blocks.len());
    let cut = head.start < body_start || prose_in(body_start, head.start) * 4 < total;
    let skip = skipper(&head, cut);

    let mut article = Article::default();
    let mut body: Vec<&str> = Vec::new();
    if let (Some(first), Some(last)) = (first, last) {
        // captions of the article's own images sit in the body or right below it
        let caption_end = (last + 1 + CAPTION_REACH).min(blocks.len());
        for i in first..caption_end {
            if roles[i] == Role::Caption {
                article.captions.push(blocks[i].text.clone());
            } else if keep[i] && !skip(i) {
                body.push(&blocks[i].text);
            }
        }
    } else {
        stub_body(page, head.end, &mut body);
    }
    article.body = body.join("\n\n");
    with_header(article, head)
}

/// A page too short for a run of prose (a stub, a one-paragraph note): its
/// sentences below the title (which ends at `head_end`) are the body.
fn stub_body<'a>(page: &'a Page, head_end: usize, body: &mut Vec<&'a str>) {
    let (blocks, roles) = (&page.blocks, &page.roles);
    body.extend(
        (head_end..blocks.len())
            .filter(|&i| roles[i] == Role::Text && !blocks[i].repeated)
            .filter(|&i| blocks[i].words >= STUB_MIN_WORDS && blocks[i].sentence)
            .map(|i| blocks[i].text.as_str()),
    );
}

/// The article with the header's fields.
fn with_header(mut article: Article, head: header::Header) -> Article {
    article.title = head.title;
    article.subtitle = head.subtitle;
    article.kind = head.kind;
    article.labels = head.labels;
    article.authors = head.authors;
    article.date = head.date;
    article.url = head.url;
    article.site = head.site;
    article
}

/// A line inside the main run that is not prose but part of the text: a list
/// item, a table row, a reference (boilerplate lines have a role of their own).
fn in_run_paragraph(b: &Block, role: Role) -> bool {
    role == Role::Text && !b.repeated && (b.words >= IN_RUN_MIN_WORDS || body::is_heading(b))
}

/// Fewest words of a non-prose line kept inside the main run.
const IN_RUN_MIN_WORDS: usize = 3;

/// The rule-based role of one line.
fn role(b: &Block, rules: &TextRules) -> Role {
    if b.chars > MAX_PATTERN_LINE {
        return Role::Text;
    }
    let t = b.text.as_str();
    if rules.teaser_end.is_match(t) {
        Role::TeaserEnd
    } else if rules.drop_lines.contains(&b.key()) || rules.drop.is_match(t) {
        Role::Drop
    } else if rules.end_markers.is_match(t) {
        Role::EndMarker
    } else if rules.breaks.is_match(t) {
        Role::Break
    } else if rules.embeds.is_match(t) {
        Role::Embed
    } else if rules.captions.is_match(t) {
        Role::Caption
    } else if header::is_label_line(t) {
        Role::Label
    } else if b.words <= 24
        && rules
            .bylines
            .iter()
            .any(|r| r.is_match(&header::without_date(t)))
    {
        Role::Byline
    } else if header::url_in(t).is_some() {
        Role::Url
    } else if b.words <= 8 && !b.sentence && header::is_timestamp(t) {
        Role::Date
    } else {
        Role::Text
    }
}

/// Most prose a teaser card holds above its end marker, in words.
const TEASER_MAX_WORDS: usize = 160;

/// Marks the teaser card above each teaser end: first the prose paragraphs
/// right above it (at most [`TEASER_MAX_WORDS`]), then the short lines above
/// those (the teaser's headline, label and image credit).
fn mark_teasers(blocks: &[Block], roles: &mut [Role]) {
    for end in 0..blocks.len() {
        if roles[end] != Role::TeaserEnd {
            continue;
        }
        let mut i = end;
        let mut words = 0;
        // the teaser's paragraphs
        while i > 0
            && roles[i - 1] == Role::Text
            && is_prose(&blocks[i - 1])
            && words < TEASER_MAX_WORDS
        {
            i -= 1;
            words += blocks[i].words;
            roles[i] = Role::Teaser;
        }
        // its headline, label, credit
        while i > 0 && roles[i - 1] != Role::TeaserEnd && !is_prose(&blocks[i - 1]) {
            i -= 1;
            if roles[i] == Role::Text || roles[i] == Role::Label {
                roles[i] = Role::Teaser;
            }
        }
    }
}

/// A line that reads as running text rather than a headline or a label.
fn is_prose(b: &Block) -> bool {
    b.words >= 12 && (b.sentence || b.punct >= 2)
}
