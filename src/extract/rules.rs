//! The boilerplate and field rules: a rules file deserializes into
//! [`RuleLists`] (lists of patterns, selectors and names, as written), which
//! compile once into [`Rules`] (regexes, selectors, automata) when the rules
//! are loaded. The defaults are embedded (`rules.toml`); a user's file of the
//! same shape is appended to them before the one compilation.

use std::path::Path;

use serde::Deserialize;

use super::html::{HtmlRuleLists, HtmlRules};
use super::text::{TextRuleLists, TextRules};
use crate::error::{Error, Result};

/// The embedded default rules file.
pub const DEFAULT_RULES: &str = include_str!("rules.toml");

/// A rules file as written: the `[html]` and `[text]` lists.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleLists {
    /// Rules for HTML pages.
    #[serde(default)]
    pub html: HtmlRuleLists,
    /// Rules for plain-text scrapes.
    #[serde(default)]
    pub text: TextRuleLists,
}

impl RuleLists {
    /// The embedded defaults.
    pub fn defaults() -> RuleLists {
        RuleLists::parse(DEFAULT_RULES, Path::new("rules.toml"))
            .expect("embedded rules.toml is valid")
    }

    /// Parses a rules file's text; `path` is only used in the error.
    pub fn parse(text: &str, path: &Path) -> Result<RuleLists> {
        toml::from_str(text).map_err(|e| Error::toml(path, text, &e))
    }

    /// Appends the lists of `other` (a user's rules file) to these.
    pub fn extend(&mut self, other: RuleLists) {
        self.html.extend(other.html);
        self.text.extend(other.text);
    }

    /// Compiles the lists into matchers; a rule that does not compile is an
    /// [`Error::Config`] naming `path`, the list and the rule.
    pub fn compile(&self, path: &Path) -> Result<Rules> {
        let config = |e: super::pattern::RuleError| Error::Config {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        Ok(Rules {
            html: HtmlRules::compile(&self.html).map_err(config)?,
            text: TextRules::compile(&self.text).map_err(config)?,
        })
    }
}

/// The rules compiled into matchers: the embedded defaults
/// ([`Rules::default`]), optionally extended by a user's rules file
/// ([`Rules::with_file`]).
#[derive(Debug, Clone)]
pub struct Rules {
    /// Rules for HTML pages.
    pub html: HtmlRules,
    /// Rules for plain-text scrapes.
    pub text: TextRules,
}

impl Default for Rules {
    fn default() -> Self {
        RuleLists::defaults()
            .compile(Path::new("rules.toml"))
            .expect("embedded rules.toml compiles")
    }
}

impl Rules {
    /// Parses and compiles a rules file's text on its own, without the
    /// defaults; `path` is only used in the error.
    pub fn parse(text: &str, path: &Path) -> Result<Rules> {
        RuleLists::parse(text, path)?.compile(path)
    }

    /// The defaults extended with the rules in `path`, compiled once.
    pub fn with_file(path: &Path) -> Result<Rules> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut lists = RuleLists::defaults();
        lists.extend(RuleLists::parse(&text, path)?);
        lists.compile(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_rules_compile() {
        Rules::parse(DEFAULT_RULES, Path::new("rules.toml")).unwrap();
    }

    #[test]
    fn a_bad_rule_names_the_file_and_the_rule() {
        let path = Path::new("mine.toml");
        let err = |text: &str| Rules::parse(text, path).unwrap_err().to_string();
        assert_eq!(
            err("[html]\nsection_end = ['ok', 'a(b']\n"),
            "mine.toml: [html] section_end: bad pattern \"a(b\": unclosed group"
        );
        assert_eq!(
            err("[text]\n\nbylines = ['(?P<x']\n"),
            "mine.toml: [text] bylines: bad pattern \"(?P<x\": unclosed capture group name"
        );
        let unknown = err("[text]\ndrop_line = ['x']\n");
        assert!(
            unknown.starts_with("mine.toml: line 2: unknown field `drop_line`"),
            "{unknown}"
        );
    }
}
