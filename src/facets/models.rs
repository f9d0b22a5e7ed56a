//! The facet models: three gradient-boosted forests ([`crate::model`]) that
//! give each candidate region, country and topic of an article the
//! probability that the article is about it. They are data, trained by
//! `polsearch-tools train-facets` (which records in each file what it was
//! trained on) and embedded here; they are parsed once, when the first
//! [`super::Classifier`] is built.

use std::path::Path;
use std::sync::{Arc, LazyLock};

use super::features::{self, COUNTRY_FEATURES, REGION_FEATURES, TOPIC_FEATURES};
use crate::error::{Error, Result};
use crate::model::{Forest, ModelError};

/// The embedded region model (JSON).
pub const REGION_MODEL: &str = include_str!("data/region-model.json");
/// The embedded country model (JSON).
pub const COUNTRY_MODEL: &str = include_str!("data/country-model.json");
/// The embedded topic model (JSON).
pub const TOPIC_MODEL: &str = include_str!("data/topic-model.json");

/// Which of the three models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    /// Regions.
    Region,
    /// Countries.
    Country,
    /// Topics.
    Topic,
}

impl ModelKind {
    /// The three kinds.
    pub const ALL: [ModelKind; 3] = [ModelKind::Region, ModelKind::Country, ModelKind::Topic];

    /// The feature names of this model, in input order.
    pub fn feature_names(self) -> Vec<&'static str> {
        features::names(match self {
            ModelKind::Region => &REGION_FEATURES,
            ModelKind::Country => &COUNTRY_FEATURES,
            ModelKind::Topic => &TOPIC_FEATURES,
        })
    }

    /// The file name of the embedded model (`src/facets/data/…`).
    pub fn file_name(self) -> &'static str {
        match self {
            ModelKind::Region => "region-model.json",
            ModelKind::Country => "country-model.json",
            ModelKind::Topic => "topic-model.json",
        }
    }
}

/// The region, country and topic models.
#[derive(Debug, Clone)]
pub struct FacetModels {
    /// P(the article is about this region).
    pub region: Forest,
    /// P(the article is about this country).
    pub country: Forest,
    /// P(the article is about this topic).
    pub topic: Forest,
}

impl FacetModels {
    /// Parses the three models and checks them against the features the code
    /// computes.
    pub fn from_json(
        region: &str,
        country: &str,
        topic: &str,
    ) -> std::result::Result<FacetModels, ModelError> {
        let load = |text: &str, kind: ModelKind| Forest::from_json(text, &kind.feature_names());
        Ok(FacetModels {
            region: load(region, ModelKind::Region)?,
            country: load(country, ModelKind::Country)?,
            topic: load(topic, ModelKind::Topic)?,
        })
    }

    /// The embedded models, parsed once per process.
    pub fn embedded() -> Result<Arc<FacetModels>> {
        static EMBEDDED: LazyLock<std::result::Result<Arc<FacetModels>, String>> =
            LazyLock::new(|| {
                FacetModels::from_json(REGION_MODEL, COUNTRY_MODEL, TOPIC_MODEL)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            });
        EMBEDDED.clone().map_err(|reason| Error::Config {
            path: Path::new("<embedded facet models>").to_path_buf(),
            reason,
        })
    }

    /// The model of `kind`.
    pub fn get(&self, kind: ModelKind) -> &Forest {
        match kind {
            ModelKind::Region => &self.region,
            ModelKind::Country => &self.country,
            ModelKind::Topic => &self.topic,
        }
    }
}
