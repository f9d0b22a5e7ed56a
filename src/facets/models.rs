//! The facet models: three gradient-boosted forests ([`crate::model`]) that
//! give each candidate region, country and topic of an article the
//! probability that the article is about it. They are data, trained by
//! `polsearch-tools train-facets` (which records in each file what it was
//! trained on) and embedded here; they are parsed once, when the first
//! [`super::Classifier`] is built.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use serde::Deserialize;

use super::features::{self, COUNTRY_FEATURES, REGION_FEATURES, TOPIC_FEATURES};
use crate::error::{Error, Result};
use crate::model::{FlatForest, Forest, ModelError};

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

/// The probabilities a candidate needs to be kept, as training chose them
/// (each model file's `threshold`); a taxonomy's `*_threshold` settings
/// override them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Regions.
    pub region: f64,
    /// Countries.
    pub country: f64,
    /// Topics (those of [`FacetModels::topic_thresholds`] have their own).
    pub topic: f64,
    /// A topic is kept only when its probability is at least this share of
    /// the most probable topic's (0: no such cap).
    pub topic_dominance: f64,
}

/// What a facet model file holds beside its forest.
#[derive(Debug, Deserialize)]
struct ModelMeta {
    /// The threshold training chose.
    threshold: Option<f64>,
    /// [`super::taxonomy::tables_fingerprint`] of the tables it was trained on.
    #[serde(default)]
    fingerprint: String,
    /// Topic model: the share of the best topic's probability a topic needs.
    #[serde(default)]
    dominance: f64,
    /// Topic model: thresholds of topics (by name) that have their own.
    #[serde(default)]
    thresholds: BTreeMap<String, f64>,
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
    /// The thresholds training chose.
    pub thresholds: Thresholds,
    /// Topics (by name) whose own threshold training chose, in place of
    /// [`Thresholds::topic`].
    pub topic_thresholds: BTreeMap<String, f64>,
    /// The fingerprint of the data tables the models were trained on
    /// ([`super::taxonomy::tables_fingerprint`] at training time).
    pub fingerprint: String,
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
        let meta = |text: &str, kind: ModelKind| -> std::result::Result<ModelMeta, ModelError> {
            let m: ModelMeta = serde_json::from_str(text)?;
            match m.threshold {
                Some(t) if (0.0..=1.0).contains(&t) => Ok(m),
                _ => Err(ModelError::Invalid(format!(
                    "{}: no \"threshold\" between 0 and 1 (retrain with `polsearch-tools train-facets`)",
                    kind.file_name()
                ))),
            }
        };
        let (r, c, t) = (
            meta(region, ModelKind::Region)?,
            meta(country, ModelKind::Country)?,
            meta(topic, ModelKind::Topic)?,
        );
        if !(0.0..=1.0).contains(&t.dominance)
            || t.thresholds.values().any(|v| !(0.0..=1.0).contains(v))
        {
            return Err(ModelError::Invalid(format!(
                "{}: \"dominance\" and \"thresholds\" must be between 0 and 1",
                ModelKind::Topic.file_name()
            )));
        }
        if r.fingerprint != c.fingerprint || r.fingerprint != t.fingerprint {
            return Err(ModelError::Invalid(
                "the three facet models were trained on different tables (their fingerprints differ)"
                    .into(),
            ));
        }
        Ok(FacetModels {
            region: load(region, ModelKind::Region)?,
            country: load(country, ModelKind::Country)?,
            topic: load(topic, ModelKind::Topic)?,
            thresholds: Thresholds {
                region: r.threshold.unwrap_or_default(),
                country: c.threshold.unwrap_or_default(),
                topic: t.threshold.unwrap_or_default(),
                topic_dominance: t.dominance,
            },
            topic_thresholds: t.thresholds,
            fingerprint: r.fingerprint,
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

/// The three forests of a [`FacetModels`] laid out for prediction
/// ([`FlatForest`]): the same probabilities as the forests, to the bit.
#[derive(Debug, Clone)]
pub(crate) struct FlatModels {
    /// [`FacetModels::region`], flat.
    pub(crate) region: FlatForest,
    /// [`FacetModels::country`], flat.
    pub(crate) country: FlatForest,
    /// [`FacetModels::topic`], flat.
    pub(crate) topic: FlatForest,
}

impl FlatModels {
    /// The flat forests of `models`.
    pub(crate) fn new(models: &FacetModels) -> FlatModels {
        FlatModels {
            region: models.region.flat(),
            country: models.country.flat(),
            topic: models.topic.flat(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded region, country and topic forests and their flat
    /// layouts give the same probabilities to the bit, on 400 rows each
    /// drawn around the models' own thresholds (fixed seed).
    #[test]
    fn the_flat_facet_models_give_the_forests_probabilities_to_the_bit() {
        let m = FacetModels::embedded().unwrap();
        for (seed, kind) in ModelKind::ALL.into_iter().enumerate() {
            let f = m.get(kind);
            crate::model::assert_flat_same(f, &crate::model::probe_rows(f, 400, 7 + seed as u64));
        }
    }
}
