//! Compiling the rule lists of a rules file into matchers, for both the HTML
//! and the text rules: regular expressions (joined into one regex or a
//! [`RegexSet`]) and CSS selectors, with an error naming the list and the
//! pattern that does not compile. A leaf module: it knows nothing of pages.

use regex::{Regex, RegexSet};
use scraper::Selector;

/// A rule of a rules file that does not compile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RuleError {
    /// A regular expression that does not compile.
    #[error("[{table}] {list}: bad pattern {pattern:?}: {reason}")]
    Pattern {
        /// The table of the rules file (`html` or `text`).
        table: &'static str,
        /// The list the pattern is in (`drop_text`, `teaser_end`…).
        list: &'static str,
        /// The pattern as written.
        pattern: String,
        /// What the regex compiler objects to.
        reason: String,
    },
    /// A CSS selector that does not parse.
    #[error("[{table}] {list}: bad selector {selector:?}: {reason}")]
    Selector {
        /// The table of the rules file (`html`).
        table: &'static str,
        /// The list the selector is in (`drop_selectors`…).
        list: &'static str,
        /// The selector as written.
        selector: String,
        /// What the selector parser objects to.
        reason: String,
    },
    /// A list whose patterns compile one by one but not together (too large).
    #[error("[{table}] {list}: {reason}")]
    List {
        /// The table of the rules file.
        table: &'static str,
        /// The list.
        list: &'static str,
        /// What failed.
        reason: String,
    },
}

/// Where a list sits in the rules file, for errors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ListName {
    /// The table (`html` or `text`).
    pub table: &'static str,
    /// The key of the list in that table.
    pub list: &'static str,
}

impl ListName {
    fn pattern_error(self, pattern: &str, e: &regex::Error) -> RuleError {
        RuleError::Pattern {
            table: self.table,
            list: self.list,
            pattern: pattern.to_string(),
            reason: regex_reason(e),
        }
    }

    fn list_error(self, e: &regex::Error) -> RuleError {
        RuleError::List {
            table: self.table,
            list: self.list,
            reason: regex_reason(e),
        }
    }

    /// The error of a set that failed to compile: the first of `patterns`
    /// that fails on its own (as `prepare` makes it), else the set's error.
    fn set_error(
        self,
        patterns: &[String],
        prepare: impl Fn(&str) -> String,
        set: &regex::Error,
    ) -> RuleError {
        patterns
            .iter()
            .find_map(|p| {
                Regex::new(&prepare(p))
                    .err()
                    .map(|e| self.pattern_error(p, &e))
            })
            .unwrap_or_else(|| self.list_error(set))
    }
}

/// A regex error in one line: a syntax error's own last line ("unclosed
/// group"), without the multi-line picture of the pattern (the error names
/// the pattern already).
fn regex_reason(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(s) => s
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim().trim_start_matches("error: ").to_string())
            .unwrap_or_else(|| s.clone()),
        other => other.to_string(),
    }
}

/// `\b` made an ASCII word boundary: a Unicode one keeps the regex engine off
/// its fast DFA on any line with a non-ASCII character (curly quotes), which
/// made rule matching the bulk of the extraction time. Boundaries next to
/// non-ASCII letters are rare in boilerplate phrases.
pub(crate) fn ascii_boundaries(pattern: &str) -> String {
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

/// One selector matching any of `list`, or `None` for an empty list.
pub(crate) fn selector(name: ListName, list: &[String]) -> Result<Option<Selector>, RuleError> {
    let bad = |selector: &str, reason: String| RuleError::Selector {
        table: name.table,
        list: name.list,
        selector: selector.to_string(),
        reason,
    };
    for s in list {
        Selector::parse(s).map_err(|e| bad(s, e.to_string()))?;
    }
    if list.is_empty() {
        return Ok(None);
    }
    let joined = list.join(", ");
    Selector::parse(&joined)
        .map(Some)
        .map_err(|e| bad(&joined, e.to_string()))
}

/// A rule list compiled into one regex that only says whether a text
/// matches. It is a [`RegexSet`] of that one regex, which keeps no capture
/// slots: a [`Regex`] of a long list with groups (`(read|see) more.{0,120}`)
/// holds a PikeVM table of every NFA state times every group's slots in each
/// thread's cache (about 30 MB per thread for the `drop_text` list). The
/// same texts match (a set's `is_match` is the regex's).
#[derive(Debug, Clone)]
pub(crate) struct Matcher(RegexSet);

impl Matcher {
    /// True when `text` matches.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

/// One case-insensitive regex matching a whole text against any of `list`.
pub(crate) fn whole(name: ListName, list: &[String]) -> Result<Option<Matcher>, RuleError> {
    combined(name, list, |joined| format!("(?i)^(?:{joined})$"))
}

/// One case-insensitive regex searching a text for any of `list`.
pub(crate) fn containing(name: ListName, list: &[String]) -> Result<Option<Matcher>, RuleError> {
    combined(name, list, |joined| format!("(?i){joined}"))
}

/// Checks each pattern of `list` on its own (a pattern such as `a)|(b` would
/// otherwise change the meaning of the others), then compiles them joined by
/// `|` into the frame `wrap` gives, with ASCII word boundaries (they keep the
/// regex on its fast automaton for non-ASCII text); `None` for an empty list.
fn combined(
    name: ListName,
    list: &[String],
    wrap: impl Fn(&str) -> String,
) -> Result<Option<Matcher>, RuleError> {
    for p in list {
        Regex::new(p).map_err(|e| name.pattern_error(p, &e))?;
    }
    if list.is_empty() {
        return Ok(None);
    }
    let joined = ascii_boundaries(&list.join("|"));
    RegexSet::new([wrap(&joined)])
        .map(|set| Some(Matcher(set)))
        .map_err(|e| name.list_error(&e))
}

/// Cache size of each rule set's lazy DFA, in bytes.
const DFA_SIZE_LIMIT: usize = 32 << 20;

/// A set of the patterns of `list` (ASCII word boundaries).
pub(crate) fn regex_set(name: ListName, list: &[String]) -> Result<RegexSet, RuleError> {
    regex::RegexSetBuilder::new(list.iter().map(|p| ascii_boundaries(p)))
        // room for the lazy DFA of many case-insensitive Unicode patterns, so
        // that it does not thrash and fall back to the slow engines
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| name.set_error(list, ascii_boundaries, &e))
}

/// Each pattern of `list` as a regex of its own (ASCII word boundaries).
pub(crate) fn regexes(name: ListName, list: &[String]) -> Result<Vec<Regex>, RuleError> {
    list.iter()
        .map(|p| Regex::new(&ascii_boundaries(p)).map_err(|e| name.pattern_error(p, &e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: ListName = ListName {
        table: "text",
        list: "teaser_end",
    };

    #[test]
    fn a_bad_pattern_is_named_with_its_list() {
        let list = ["keep reading".to_string(), "(unclosed".to_string()];
        let err = regex_set(NAME, &list).unwrap_err();
        assert_eq!(
            err.to_string(),
            "[text] teaser_end: bad pattern \"(unclosed\": unclosed group"
        );
        assert_eq!(whole(NAME, &list).unwrap_err(), err);
        assert_eq!(regexes(NAME, &list).unwrap_err(), err);
    }

    #[test]
    fn a_bad_selector_is_named_with_its_list() {
        let list = ["nav".to_string(), "[[[".to_string()];
        let err = selector(NAME, &list).unwrap_err().to_string();
        assert!(
            err.starts_with("[text] teaser_end: bad selector \"[[[\": "),
            "{err}"
        );
    }

    /// A matcher answers as the one regex of the list would, with and
    /// without groups, anchored (`whole`) or not (`containing`).
    #[test]
    fn a_matcher_matches_what_the_joined_regex_matches() {
        let list: Vec<String> = [
            r"(read|see) (more|also)\b.{0,20}",
            "ad",
            r"\d+ min(ute)?s? read",
        ]
        .map(String::from)
        .into();
        let whole_re =
            Regex::new(&format!("(?i)^(?:{})$", ascii_boundaries(&list.join("|")))).unwrap();
        let within_re = Regex::new(&format!("(?i){}", ascii_boundaries(&list.join("|")))).unwrap();
        let (w, c) = (
            whole(NAME, &list).unwrap().unwrap(),
            containing(NAME, &list).unwrap().unwrap(),
        );
        let texts = [
            "Read more",
            "SEE ALSO: the “war” in Mali",
            "ad",
            "bad",
            "5 minutes read",
            "1 min read",
            "readmore",
            "Read more about this long story here now",
            "",
        ];
        for t in texts {
            assert_eq!(w.is_match(t), whole_re.is_match(t), "{t:?}");
            assert_eq!(c.is_match(t), within_re.is_match(t), "{t:?}");
        }
        assert!(w.is_match("Read more") && !w.is_match("bad") && c.is_match("bad"));
        assert!(whole(NAME, &[]).unwrap().is_none());
    }

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(
            ascii_boundaries(r"\bby\b \\b \d"),
            r"(?-u:\b)by(?-u:\b) \\b \d"
        );
    }
}
