//! The `[html]` rules: the lists as a rules file writes them
//! ([`HtmlRuleLists`]) and the matchers they compile into ([`HtmlRules`]).

use std::collections::HashSet;

use aho_corasick::AhoCorasick;
use scraper::Selector;
use serde::Deserialize;

use crate::extract::pattern::{self, ListName, Matcher, RuleError};

/// Boilerplate rules for HTML pages (the `[html]` table of the rules file),
/// as written. Class lists are case-insensitive substrings of an element's
/// `class`, `id`, `role`, `itemprop` and `data-component` attributes; text
/// lists are case-insensitive regular expressions that must match a whole block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HtmlRuleLists {
    /// Elements (by tag name) that are never article text.
    #[serde(default)]
    pub drop_tags: Vec<String>,
    /// CSS selectors of elements that are never article text.
    #[serde(default)]
    pub drop_selectors: Vec<String>,
    /// CSS selectors of elements dropped unless they hold most of the page's text.
    #[serde(default)]
    pub soft_drop_selectors: Vec<String>,
    /// CSS selectors of image captions and credits (kept apart from the body).
    #[serde(default)]
    pub caption_selectors: Vec<String>,
    /// Class/id substrings of image captions and credits.
    #[serde(default)]
    pub caption_class: Vec<String>,
    /// Class/id substrings of boilerplate elements (share bars, teasers, newsletters…).
    #[serde(default)]
    pub drop_class: Vec<String>,
    /// Class/id substrings that veto a `drop_class` match.
    #[serde(default)]
    pub keep_class: Vec<String>,
    /// Class/id substrings of likely article containers (scorer bonus).
    #[serde(default)]
    pub positive_class: Vec<String>,
    /// Class/id substrings of unlikely article containers (scorer penalty).
    #[serde(default)]
    pub negative_class: Vec<String>,
    /// Regexes of whole blocks that are dropped ("Advertisement", "Sign up for…").
    #[serde(default)]
    pub drop_text: Vec<String>,
    /// Regexes searched inside short blocks (at most [`PITCH_MAX_CHARS`]
    /// characters): a block with a match is dropped (pitches that vary around
    /// a fixed phrase, "…please sign up for our daily newsletter, …").
    #[serde(default)]
    pub drop_containing: Vec<String>,
    /// Regexes of headings that open a trailing teaser section ("Related articles").
    #[serde(default)]
    pub section_end: Vec<String>,
    /// CSS selectors of bylines (author names), tried when metadata has none.
    #[serde(default)]
    pub byline_selectors: Vec<String>,
    /// CSS selectors of breadcrumb trails (their link texts become labels).
    #[serde(default)]
    pub breadcrumb_selectors: Vec<String>,
    /// Content kinds a page may label itself with (Analysis, Opinion…).
    #[serde(default)]
    pub kinds: Vec<String>,
    /// How the main text is chosen (`body = "rules"`, `"model"` or `"auto"`
    /// in a rules file); unset means [`BodyExtractor::Auto`].
    #[serde(default)]
    pub body: Option<BodyExtractor>,
}

/// How the main text of an HTML page is chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyExtractor {
    /// The boilerplate rules and the readability-style container scorer
    /// alone.
    Rules,
    /// The learned block model (`block_model.rs`) over every block of the
    /// page, the rules' decision being one of its features.
    Model,
    /// The rules on pages the page-type model calls articles (what the
    /// readability scorer is made for) when they keep some text, the block
    /// model on every other page (the default: the rules are the better of
    /// the two on news articles and on the leak probe, the model on the
    /// other page types).
    #[default]
    Auto,
}

impl HtmlRuleLists {
    /// Appends the lists of `other` (a user's rules file) to these.
    pub fn extend(&mut self, other: HtmlRuleLists) {
        self.drop_tags.extend(other.drop_tags);
        self.drop_selectors.extend(other.drop_selectors);
        self.soft_drop_selectors.extend(other.soft_drop_selectors);
        self.caption_selectors.extend(other.caption_selectors);
        self.caption_class.extend(other.caption_class);
        self.drop_class.extend(other.drop_class);
        self.keep_class.extend(other.keep_class);
        self.positive_class.extend(other.positive_class);
        self.negative_class.extend(other.negative_class);
        self.drop_text.extend(other.drop_text);
        self.drop_containing.extend(other.drop_containing);
        self.section_end.extend(other.section_end);
        self.byline_selectors.extend(other.byline_selectors);
        self.breadcrumb_selectors.extend(other.breadcrumb_selectors);
        self.kinds.extend(other.kinds);
        if other.body.is_some() {
            self.body = other.body;
        }
    }
}

/// The `[html]` rules compiled into matchers (see [`HtmlRules::compile`]).
#[derive(Debug, Clone)]
pub struct HtmlRules {
    pub(super) drop_tags: HashSet<String>,
    pub(super) drop_sel: Option<Selector>,
    pub(super) soft_sel: Option<Selector>,
    pub(super) caption_sel: Option<Selector>,
    pub(super) byline_sel: Option<Selector>,
    pub(super) breadcrumb_sel: Option<Selector>,
    /// All class lists in one automaton; `class_kind[pattern]` says which list.
    classes: Option<AhoCorasick>,
    class_kind: Vec<u8>,
    drop_text: Option<Matcher>,
    drop_containing: Option<Matcher>,
    pub(super) section_end: Option<Matcher>,
    pub(super) kinds: Vec<String>,
    /// How the main text is chosen.
    pub body: BodyExtractor,
}

/// Longest block that a `drop_containing` match drops: a longer one is a
/// paragraph of the article that mentions the phrase.
pub const PITCH_MAX_CHARS: usize = 400;

/// Bits of [`HtmlRules::class_hits`]: a `drop_class` pattern matched.
pub(super) const CLASS_DROP: u8 = 1;
/// A `keep_class` pattern matched.
pub(super) const CLASS_KEEP: u8 = 2;
/// A `positive_class` pattern matched.
pub(super) const CLASS_POSITIVE: u8 = 4;
/// A `negative_class` pattern matched.
pub(super) const CLASS_NEGATIVE: u8 = 8;
/// A `caption_class` pattern matched.
pub(super) const CLASS_CAPTION: u8 = 16;

const fn list(list: &'static str) -> ListName {
    ListName {
        table: "html",
        list,
    }
}

/// The class lists in one ASCII case-insensitive automaton, with the
/// `CLASS_*` bit of each pattern.
fn class_matcher(r: &HtmlRuleLists) -> Result<(Option<AhoCorasick>, Vec<u8>), RuleError> {
    let mut patterns = Vec::new();
    let mut kinds = Vec::new();
    for (list, bit) in [
        (&r.drop_class, CLASS_DROP),
        (&r.keep_class, CLASS_KEEP),
        (&r.positive_class, CLASS_POSITIVE),
        (&r.negative_class, CLASS_NEGATIVE),
        (&r.caption_class, CLASS_CAPTION),
    ] {
        for p in list.iter().filter(|p| !p.is_empty()) {
            patterns.push(p.to_ascii_lowercase());
            kinds.push(bit);
        }
    }
    if patterns.is_empty() {
        return Ok((None, kinds));
    }
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&patterns)
        .map_err(|e| RuleError::List {
            table: "html",
            list: "drop_class",
            reason: e.to_string(),
        })?;
    Ok((Some(ac), kinds))
}

impl HtmlRules {
    /// Compiles the lists; the error names the list and the pattern or
    /// selector that does not compile.
    pub fn compile(r: &HtmlRuleLists) -> Result<HtmlRules, RuleError> {
        let (classes, class_kind) = class_matcher(r)?;
        Ok(HtmlRules {
            drop_tags: r.drop_tags.iter().map(|t| t.to_ascii_lowercase()).collect(),
            drop_sel: pattern::selector(list("drop_selectors"), &r.drop_selectors)?,
            soft_sel: pattern::selector(list("soft_drop_selectors"), &r.soft_drop_selectors)?,
            caption_sel: pattern::selector(list("caption_selectors"), &r.caption_selectors)?,
            byline_sel: pattern::selector(list("byline_selectors"), &r.byline_selectors)?,
            breadcrumb_sel: pattern::selector(
                list("breadcrumb_selectors"),
                &r.breadcrumb_selectors,
            )?,
            classes,
            class_kind,
            drop_text: pattern::whole(list("drop_text"), &r.drop_text)?,
            drop_containing: pattern::containing(list("drop_containing"), &r.drop_containing)?,
            section_end: pattern::whole(list("section_end"), &r.section_end)?,
            kinds: r.kinds.clone(),
            body: r.body.unwrap_or_default(),
        })
    }

    /// Which class lists (`CLASS_*` bits) have a pattern inside `hint`.
    pub(super) fn class_hits(&self, hint: &str) -> u8 {
        let Some(ac) = &self.classes else { return 0 };
        ac.find_overlapping_iter(hint)
            .fold(0, |bits, m| bits | self.class_kind[m.pattern().as_usize()])
    }

    /// True when the block `text` is boilerplate by the text rules.
    pub(super) fn drops_text(&self, text: &str) -> bool {
        self.drop_text.as_ref().is_some_and(|r| r.is_match(text))
            || (text.len() <= PITCH_MAX_CHARS * 4
                && text.chars().count() <= PITCH_MAX_CHARS
                && self
                    .drop_containing
                    .as_ref()
                    .is_some_and(|r| r.is_match(text)))
    }
}
