//! Plain-text scrapes (a page's visible text, one block per line): the header
//! block (title, dek, `Analysis | Africa` label line), then the body with share
//! bars, teasers for other articles and footers removed.
//! (First version: first line is the title, the rest is the body.)

use serde::Deserialize;

use super::Article;

/// Boilerplate rules for text scrapes (the `[text]` table of the rules file).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextRules {
    /// Lines that are dropped wherever they occur (exact match, case-insensitive).
    #[serde(default)]
    pub drop_lines: Vec<String>,
}

impl TextRules {
    /// Validates and precompiles the rules; returns a reason on error.
    pub fn compile(&mut self) -> Result<(), String> {
        Ok(())
    }

    /// Appends the rules of `other` (a user's rules file) to these.
    pub fn extend(&mut self, other: TextRules) {
        self.drop_lines.extend(other.drop_lines);
    }
}

/// Extracts an article from a decoded text scrape.
pub fn extract(text: &str, rules: &TextRules) -> Result<Article, String> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().ok_or("no text")?.to_string();
    let body: Vec<&str> = lines
        .filter(|l| !rules.drop_lines.iter().any(|d| d.eq_ignore_ascii_case(l)))
        .filter(|l| *l != title)
        .collect();
    Ok(Article { title, body: body.join("\n\n"), ..Article::default() })
}
