//! HTML pages: metadata (`<title>`, `og:*`, `article:*`, JSON-LD), then the main
//! text with boilerplate removed, rendered to text with html2text.
//! (First version: whole-page rendering; the content scorer replaces it.)

use serde::Deserialize;

use super::Article;

/// Boilerplate rules for HTML pages (the `[html]` table of the rules file).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HtmlRules {
    /// CSS selectors of elements that are never article text.
    #[serde(default)]
    pub drop_selectors: Vec<String>,
}

impl HtmlRules {
    /// Validates and precompiles the rules; returns a reason on error.
    pub fn compile(&mut self) -> Result<(), String> {
        for s in &self.drop_selectors {
            scraper::Selector::parse(s).map_err(|e| format!("bad selector {s:?}: {e}"))?;
        }
        Ok(())
    }

    /// Appends the rules of `other` (a user's rules file) to these.
    pub fn extend(&mut self, other: HtmlRules) {
        self.drop_selectors.extend(other.drop_selectors);
    }
}

/// Extracts an article from decoded HTML.
pub fn extract(html: &str, _rules: &HtmlRules) -> Result<Article, String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("title").unwrap();
    let title = doc.select(&sel).next().map(|t| t.text().collect::<String>()).unwrap_or_default();
    let body = html2text::from_read(html.as_bytes(), 10_000).map_err(|e| e.to_string())?;
    Ok(Article { title: title.trim().to_string(), body, ..Article::default() })
}
