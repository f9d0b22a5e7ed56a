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

use std::collections::HashSet;

use regex::{Regex, RegexSet};
use serde::Deserialize;

use super::Article;
use blocks::{Block, MAX_PATTERN_LINE};

/// Boilerplate rules for text scrapes (the `[text]` table of the rules file).
/// Patterns are regexes matched against one whole line (whitespace collapsed).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextRules {
    /// Lines that are dropped wherever they occur (compared on their lowercased
    /// words, so punctuation and case do not matter).
    #[serde(default)]
    pub drop_lines: Vec<String>,
    /// Regexes of boilerplate lines (share bars, sign-up pitches, credits…).
    #[serde(default)]
    pub drop_patterns: Vec<String>,
    /// Regexes of the line that closes a teaser for another article (`keep
    /// reading`, `Show less`): it and the teaser card above it are dropped.
    #[serde(default)]
    pub teaser_end: Vec<String>,
    /// Regexes of headings of lists that interrupt or follow the article
    /// (`Related articles`, `More from…`): a run of prose rarely goes on past one.
    #[serde(default)]
    pub breaks: Vec<String>,
    /// Regexes of lines after which the article is over (`Comments`, `Leave a
    /// reply`): the body ends there once it has some text.
    #[serde(default)]
    pub end_markers: Vec<String>,
    /// Regexes of photo captions and credits; kept apart in `Article::captions`.
    #[serde(default)]
    pub captions: Vec<String>,
    /// Regexes of the attribution line under a quoted social post
    /// (`— Name (@handle) May 2, 2024`): part of the article's text.
    #[serde(default)]
    pub embeds: Vec<String>,
    /// Regexes of bylines; capture group 1 holds the author names.
    #[serde(default)]
    pub bylines: Vec<String>,
    /// Content kinds (`Analysis`, `Opinion`…) recognised at the head of a label line.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Words that make a capitalised line a section name rather than a
    /// person's (`World News` beside a date is not a byline).
    #[serde(default)]
    pub not_names: Vec<String>,
    #[serde(skip)]
    compiled: Option<Compiled>,
}

/// The rules, compiled once.
#[derive(Debug, Clone)]
struct Compiled {
    drop_lines: HashSet<String>,
    drop: RegexSet,
    teaser_end: RegexSet,
    breaks: RegexSet,
    end_markers: RegexSet,
    captions: RegexSet,
    embeds: RegexSet,
    bylines: Vec<Regex>,
    kinds: HashSet<String>,
    not_names: HashSet<String>,
}

/// Cache size of each rule set's lazy DFA, in bytes.
const DFA_SIZE_LIMIT: usize = 32 << 20;

fn regex_set(what: &str, patterns: &[String]) -> Result<RegexSet, String> {
    regex::RegexSetBuilder::new(patterns.iter().map(|p| ascii_boundaries(p)))
        // room for the lazy DFA of many case-insensitive Unicode patterns, so
        // that it does not thrash and fall back to the slow engines
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| format!("[text] {what}: {e}"))
}

/// `\b` made an ASCII word boundary: a Unicode one keeps the regex engine off
/// its fast DFA on any line with a non-ASCII character (curly quotes), which
/// made rule matching the bulk of the extraction time. Boundaries next to
/// non-ASCII letters are rare in boilerplate phrases.
pub(super) fn ascii_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some(n) => {
                    out.push(c);
                    out.push(n);
                }
                None => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl TextRules {
    /// Validates and precompiles the rules; returns a reason on error.
    pub fn compile(&mut self) -> Result<(), String> {
        let bylines = self
            .bylines
            .iter()
            .map(|p| Regex::new(&ascii_boundaries(p)).map_err(|e| format!("[text] bylines: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        self.compiled = Some(Compiled {
            drop_lines: self.drop_lines.iter().map(|l| blocks::key(l)).collect(),
            drop: regex_set("drop_patterns", &self.drop_patterns)?,
            teaser_end: regex_set("teaser_end", &self.teaser_end)?,
            breaks: regex_set("breaks", &self.breaks)?,
            end_markers: regex_set("end_markers", &self.end_markers)?,
            captions: regex_set("captions", &self.captions)?,
            embeds: regex_set("embeds", &self.embeds)?,
            bylines,
            kinds: self.kinds.iter().map(|k| blocks::key(k)).collect(),
            not_names: self.not_names.iter().map(|k| blocks::key(k)).collect(),
        });
        Ok(())
    }

    /// Appends the rules of `other` (a user's rules file) to these.
    pub fn extend(&mut self, other: TextRules) {
        self.drop_lines.extend(other.drop_lines);
        self.drop_patterns.extend(other.drop_patterns);
        self.teaser_end.extend(other.teaser_end);
        self.breaks.extend(other.breaks);
        self.end_markers.extend(other.end_markers);
        self.captions.extend(other.captions);
        self.embeds.extend(other.embeds);
        self.bylines.extend(other.bylines);
        self.kinds.extend(other.kinds);
        self.not_names.extend(other.not_names);
        // both halves compiled on their own already, so the union compiles too
        if let Err(e) = self.compile() {
            debug_assert!(false, "extended rules do not compile: {e}");
        }
    }

    /// The compiled rules; compiles a copy when `compile` was never called
    /// (rules built by hand).
    fn compiled(&self) -> Result<std::borrow::Cow<'_, Compiled>, String> {
        match &self.compiled {
            Some(c) => Ok(std::borrow::Cow::Borrowed(c)),
            None => {
                let mut copy = self.clone();
                copy.compile()?;
                Ok(std::borrow::Cow::Owned(
                    copy.compiled.expect("just compiled"),
                ))
            }
        }
    }
}

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

/// Extracts an article from a decoded text scrape.
pub fn extract(text: &str, rules: &TextRules) -> Result<Article, String> {
    let rules = rules.compiled()?;
    let blocks = blocks::segment(text);
    if blocks.is_empty() {
        return Err("no text".into());
    }
    let mut roles: Vec<Role> = blocks.iter().map(|b| role(b, &rules)).collect();
    mark_teasers(&blocks, &mut roles);
    let (class, prose) = body::classify(&blocks, &roles);
    let runs = body::main_run(&blocks, &roles, &class, &prose).unwrap_or_default();
    let head = header::read(
        &blocks,
        &roles,
        &prose,
        runs.first().map(|r| r.0),
        runs.last().map(|r| r.1),
        &rules,
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
    let skip = |i: usize| {
        if cut {
            i < head.end
        } else {
            (head.start..head.end).contains(&i)
        }
    };

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
    for &(start, end) in &runs {
        // captions of the article's own images sit in the body or right below it
        let caption_end = (end + CAPTION_REACH).min(blocks.len());
        for i in start..caption_end.max(start) {
            match roles[i] {
                Role::Caption => article.captions.push(blocks[i].text.clone()),
                _ if i < end
                    && !skip(i)
                    && (class[i] == body::Class::Good
                        || in_run_paragraph(&blocks[i], roles[i])) =>
                {
                    body.push(&blocks[i].text)
                }
                _ => {}
            }
        }
    }
    // a page too short for a run of prose (a stub, a one-paragraph note): its
    // sentences below the title are the body
    if runs.is_empty() {
        body.extend(
            (head.end..blocks.len())
                .filter(|&i| roles[i] == Role::Text && !blocks[i].repeated)
                .filter(|&i| blocks[i].words >= STUB_MIN_WORDS && blocks[i].sentence)
                .map(|i| blocks[i].text.as_str()),
        );
    }
    article.body = body.join("\n\n");
    article.title = head.title;
    article.subtitle = head.subtitle;
    article.kind = head.kind;
    article.labels = head.labels;
    article.authors = head.authors;
    article.date = head.date;
    article.url = head.url;
    article.site = head.site;
    Ok(article)
}

/// A line inside the main run that is not prose but part of the text: a list
/// item, a table row, a reference (boilerplate lines have a role of their own).
fn in_run_paragraph(b: &Block, role: Role) -> bool {
    role == Role::Text && !b.repeated && (b.words >= IN_RUN_MIN_WORDS || body::is_heading(b))
}

/// Fewest words of a non-prose line kept inside the main run.
const IN_RUN_MIN_WORDS: usize = 3;

/// The rule-based role of one line.
fn role(b: &Block, rules: &Compiled) -> Role {
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
