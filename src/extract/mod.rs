//! Turning a scraped page into an [`Article`]: decode, strip boilerplate, pick the
//! fields. HTML pages go through [`html`], plain-text scrapes through [`text`], PDF
//! documents through [`pdf`]; the first two
//! read their boilerplate patterns from [`Rules`], data embedded in the binary
//! (`rules.toml`) that a user can extend with a file of their own, compiled
//! once when the rules are loaded.

mod authors;
pub mod date;
pub mod decode;
pub mod html;
pub mod lang;
mod pattern;
pub mod pdf;
mod rules;
pub mod site;
pub mod text;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::corpus::{PageFormat, SourcePage};
use crate::error::{Error, Result};
pub use pattern::RuleError;
pub use rules::{RuleLists, Rules, DEFAULT_RULES};

/// The fields of one article, as extracted from a page and classified.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Headline.
    pub title: String,
    /// Standfirst / dek under the headline.
    pub subtitle: Option<String>,
    /// Author names, in byline order.
    pub authors: Vec<String>,
    /// Publication date (written `YYYY-MM-DD` in JSON).
    #[serde(default, with = "date::serde_ymd")]
    pub date: Option<NaiveDate>,
    /// Publishing site: the registrable domain of the page's URL, one key per
    /// site (`politico.com` for `www.politico.com` and `europe.politico.com`).
    pub site: Option<String>,
    /// The name the site calls itself (`og:site_name`, the JSON-LD publisher:
    /// `POLITICO`, `Le Monde`), shown to people.
    #[serde(default)]
    pub site_name: Option<String>,
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
    /// The body with its structure, for reading (`polsearch show`): an HTML
    /// fragment of the kept blocks (see [`html::markup`]); empty for text scrapes,
    /// whose body is its own structure. Not part of the JSON form.
    #[serde(skip)]
    pub markup: String,
    /// Photo captions and credits of the article's own images, kept apart from the body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<String>,
    /// The site's own labels (section, breadcrumbs, tags, the `Analysis | Africa`
    /// line), raw; the input of region/topic classification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// What kind of page this is (an article, a listing of teasers, a forum
    /// thread…). HTML pages are classified by a learned model; plain-text
    /// scrapes are articles.
    #[serde(default)]
    pub page_type: PageType,
    /// The language the article is written in, ISO 639-1 (`fr`), identified
    /// from its text with the page's declared language as evidence
    /// ([`lang::detect`]); `None` when neither says.
    #[serde(default)]
    pub lang: Option<String>,
}

/// The kind of a web page, as the WCXB benchmark labels them.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum PageType {
    /// A news story, analysis, blog post or report: one piece of prose.
    #[default]
    Article,
    /// A page of teasers for other pages (a section front, "Latest", a tag page).
    Listing,
    /// A curated collection (a gallery, a list of products or resources).
    Collection,
    /// A discussion thread or Q&A page.
    Forum,
    /// A product page of a shop.
    Product,
    /// Technical documentation (manuals, API references).
    Documentation,
    /// The page of a company, institution or service (about, pricing, contact…).
    Service,
}

impl PageType {
    /// Every page type, in the order of the page-type model's classes.
    pub const ALL: [PageType; 7] = [
        PageType::Article,
        PageType::Listing,
        PageType::Collection,
        PageType::Forum,
        PageType::Product,
        PageType::Documentation,
        PageType::Service,
    ];

    /// The lowercase name (`"article"`), as in JSON, the index and queries.
    pub fn name(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Listing => "listing",
            PageType::Collection => "collection",
            PageType::Forum => "forum",
            PageType::Product => "product",
            PageType::Documentation => "documentation",
            PageType::Service => "service",
        }
    }

    /// The page type of a name, case-insensitive (`"Listing"`); also accepts
    /// `docs` for documentation.
    pub fn parse(name: &str) -> Option<PageType> {
        let n = name.trim().to_ascii_lowercase();
        if n == "docs" {
            return Some(PageType::Documentation);
        }
        PageType::ALL.into_iter().find(|t| t.name() == n)
    }

    /// True for the teaser pages that `search` leaves out unless asked:
    /// listings and collections.
    pub fn is_teaser_page(self) -> bool {
        matches!(self, PageType::Listing | PageType::Collection)
    }
}

impl std::fmt::Display for PageType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a page's text could not become an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PageError {
    /// The file is empty.
    #[error("empty file")]
    Empty,
    /// The bytes are not text (an image named `.html`, say).
    #[error("binary content, not text")]
    Binary,
    /// The scrape holds no line of text.
    #[error("no text")]
    NoText,
}

/// Extracts an article from a page. Region, country and topic are left empty:
/// [`crate::facets::Classifier::classify`] fills them.
pub fn extract(page: &SourcePage, rules: &Rules) -> Result<Article> {
    let mut article = if page.format == PageFormat::Pdf {
        pdf::extract(&page.bytes, pdf::Limits::default()).map_err(|e| Error::Skipped {
            path: page.path.clone(),
            reason: e.to_string(),
        })?
    } else {
        extract_text(page, rules)?
    };
    article.title = crate::terminal::sanitize(article.title.trim(), false);
    article.date = article.date.filter(date::plausible);
    article.lang =
        lang::detect(&article.title, &article.body, article.lang.as_deref()).map(str::to_string);
    Ok(article)
}

/// An HTML page or a plain-text scrape: decoded, then extracted.
fn extract_text(page: &SourcePage, rules: &Rules) -> Result<Article> {
    let text = decode::decode(&page.bytes, page.format == PageFormat::Html).map_err(|e| {
        Error::Skipped {
            path: page.path.clone(),
            reason: e.to_string(),
        }
    })?;
    Ok(match page.format {
        PageFormat::Html => html::extract(&text, &rules.html),
        _ => text::extract(&text, &rules.text).map_err(|e| Error::Parse {
            path: page.path.clone(),
            reason: e.to_string(),
        })?,
    })
}
