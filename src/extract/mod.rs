//! Turning a scraped page into an [`Article`]: decode, strip boilerplate, pick the
//! fields. HTML pages go through [`html`], plain-text scrapes through [`text`]; both
//! read their boilerplate patterns from [`Rules`], data embedded in the binary
//! (`rules.toml`) that a user can extend with a file of their own.

pub mod date;
pub mod decode;
pub mod html;
pub mod text;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::corpus::{PageFormat, SourcePage};
use crate::error::{Error, Result};

/// The fields of one article, as extracted from a page and classified.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Headline.
    pub title: String,
    /// Standfirst / dek under the headline.
    pub subtitle: Option<String>,
    /// Author names, in byline order.
    pub authors: Vec<String>,
    /// Publication date as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Publishing site, e.g. `responsiblestatecraft.org` or the site name.
    pub site: Option<String>,
    /// Canonical URL of the page.
    pub url: Option<String>,
    /// Content type as the site labels it: Analysis, Opinion, Report…
    pub kind: Option<String>,
    /// World regions (see [`crate::facets::REGIONS`]), filled by [`crate::facets`].
    pub region: Vec<String>,
    /// Countries as `Region/Country` paths (e.g. `Africa/Mali`), filled by [`crate::facets`].
    pub country: Vec<String>,
    /// Topics of the taxonomy, filled by [`crate::facets`].
    pub topic: Vec<String>,
    /// Main text, boilerplate removed; paragraphs separated by blank lines.
    pub body: String,
    /// Photo captions and credits of the article's own images, kept apart from the body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<String>,
    /// The site's own labels (section, breadcrumbs, tags, the `Analysis | Africa`
    /// line), raw; the input of region/topic classification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
}

/// Boilerplate and field-extraction rules: the embedded defaults, optionally
/// extended by user rule files (same TOML shape, lists are appended).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Rules for HTML pages.
    #[serde(default)]
    pub html: html::HtmlRules,
    /// Rules for plain-text scrapes.
    #[serde(default)]
    pub text: text::TextRules,
}

/// The embedded default rules file.
pub const DEFAULT_RULES: &str = include_str!("rules.toml");

impl Default for Rules {
    fn default() -> Self {
        Rules::parse(DEFAULT_RULES, Path::new("rules.toml")).expect("embedded rules.toml is valid")
    }
}

impl Rules {
    /// Parses a rules file's text; `path` is only used in the error.
    pub fn parse(text: &str, path: &Path) -> Result<Rules> {
        let mut rules: Rules = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            reason: e.message().to_string(),
        })?;
        rules.html.compile().map_err(|reason| Error::Config {
            path: path.to_path_buf(),
            reason,
        })?;
        rules.text.compile().map_err(|reason| Error::Config {
            path: path.to_path_buf(),
            reason,
        })?;
        Ok(rules)
    }

    /// The defaults extended with the rules in `path`.
    pub fn with_file(path: &Path) -> Result<Rules> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let extra = Rules::parse(&text, path)?;
        let mut rules = Rules::default();
        rules.html.extend(extra.html);
        rules.text.extend(extra.text);
        Ok(rules)
    }
}

/// Extracts an article from a page. Region, country and topic are left empty:
/// [`crate::facets::Classifier::classify`] fills them.
pub fn extract(page: &SourcePage, rules: &Rules) -> Result<Article> {
    let text = decode::decode(&page.bytes, page.format == PageFormat::Html).map_err(|reason| {
        Error::Skipped {
            path: page.path.clone(),
            reason,
        }
    })?;
    let article = match page.format {
        PageFormat::Html => html::extract(&text, &rules.html),
        PageFormat::Text => text::extract(&text, &rules.text),
    };
    let mut article = article.map_err(|reason| Error::Parse {
        path: page.path.clone(),
        reason,
    })?;
    article.title = crate::terminal::sanitize(article.title.trim(), false);
    // A year outside this span is a parsing accident, not a publication date.
    article.date = article.date.filter(|d| {
        d.get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .is_some_and(|y| (1800..=2200).contains(&y))
    });
    Ok(article)
}
