//! The `[text]` rules: the lists as a rules file writes them
//! ([`TextRuleLists`]) and the matchers they compile into ([`TextRules`]).

use std::collections::HashSet;

use regex::{Regex, RegexSet};
use serde::Deserialize;

use super::blocks;
use crate::extract::pattern::{self, ListName, RuleError};

/// Boilerplate rules for text scrapes (the `[text]` table of the rules file),
/// as written. Patterns are regexes matched against one whole line
/// (whitespace collapsed).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextRuleLists {
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
    /// How the body is chosen (`body = "rules"` or `"learned"`); unset, the
    /// default [`BodyMethod`].
    #[serde(default)]
    pub body: Option<BodyMethod>,
}

/// How the body of a text scrape is chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyMethod {
    /// The rule-based scorer's main run of prose (`body.rs`).
    #[default]
    Rules,
    /// The learned line classifier (`learned.rs`, `model/*.json`).
    Learned,
}

impl TextRuleLists {
    /// Appends the lists of `other` (a user's rules file) to these.
    pub fn extend(&mut self, other: TextRuleLists) {
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
        if other.body.is_some() {
            self.body = other.body;
        }
    }
}

/// The `[text]` rules compiled into matchers (see [`TextRules::compile`]).
#[derive(Debug, Clone)]
pub struct TextRules {
    pub(super) drop_lines: HashSet<String>,
    pub(super) drop: RegexSet,
    pub(super) teaser_end: RegexSet,
    pub(super) breaks: RegexSet,
    pub(super) end_markers: RegexSet,
    pub(super) captions: RegexSet,
    pub(super) embeds: RegexSet,
    pub(super) bylines: Vec<Regex>,
    pub(super) kinds: HashSet<String>,
    pub(super) not_names: HashSet<String>,
    /// How the body is chosen.
    pub body: BodyMethod,
}

const fn list(list: &'static str) -> ListName {
    ListName {
        table: "text",
        list,
    }
}

impl TextRules {
    /// Compiles the lists; the error names the list and the pattern that
    /// does not compile.
    pub fn compile(r: &TextRuleLists) -> Result<TextRules, RuleError> {
        Ok(TextRules {
            drop_lines: r.drop_lines.iter().map(|l| blocks::key(l)).collect(),
            drop: pattern::regex_set(list("drop_patterns"), &r.drop_patterns)?,
            teaser_end: pattern::regex_set(list("teaser_end"), &r.teaser_end)?,
            breaks: pattern::regex_set(list("breaks"), &r.breaks)?,
            end_markers: pattern::regex_set(list("end_markers"), &r.end_markers)?,
            captions: pattern::regex_set(list("captions"), &r.captions)?,
            embeds: pattern::regex_set(list("embeds"), &r.embeds)?,
            bylines: pattern::regexes(list("bylines"), &r.bylines)?,
            kinds: r.kinds.iter().map(|k| blocks::key(k)).collect(),
            not_names: r.not_names.iter().map(|k| blocks::key(k)).collect(),
            body: r.body.unwrap_or_default(),
        })
    }
}
