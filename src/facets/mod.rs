//! Region, country and topic facets. A site's own labels win when they map
//! through the synonym tables; otherwise regions come from a gazetteer over the
//! title, lead and body, and topics from the keyword taxonomy.
//! (First version: site labels only.)

use std::path::Path;

use crate::error::Result;
use crate::extract::Article;

/// The seven world regions, in display order.
pub const REGIONS: [&str; 7] =
    ["Africa", "Asia-Pacific", "Europe", "Latin America", "Middle East", "North America", "Global"];

/// Assigns regions, countries and topics to articles; built once from the
/// embedded taxonomy (or a user's file) and shared by all indexing threads.
#[derive(Debug, Clone)]
pub struct Classifier {
    _private: (),
}

impl Default for Classifier {
    fn default() -> Self {
        Classifier { _private: () }
    }
}

impl Classifier {
    /// The default taxonomy extended/replaced by the user's file at `path`.
    pub fn with_file(_path: &Path) -> Result<Classifier> {
        Ok(Classifier::default())
    }

    /// Fills `article.region`, `article.country` and `article.topic`.
    pub fn classify(&self, article: &mut Article) {
        for label in &article.labels {
            for part in label.split(['|', '/']) {
                if let Some(r) = REGIONS.iter().find(|r| r.eq_ignore_ascii_case(part.trim())) {
                    if !article.region.iter().any(|x| x == r) {
                        article.region.push(r.to_string());
                    }
                }
            }
        }
    }

    /// The `Region/Country` path of a country name, if the gazetteer knows it.
    pub fn country_path(&self, _name: &str) -> Option<String> {
        None
    }
}
