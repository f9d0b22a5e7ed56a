//! One module per subcommand of `polsearch-tools`, and the options they share.

pub mod eval_dups;
pub mod eval_facets;
pub mod eval_fundus;
pub mod eval_meta;
pub mod eval_pdf;
pub mod eval_text;
pub mod explain_facets;
pub mod gold_sets;
pub mod relevance;
pub mod train_blocks;
pub mod train_facets;
pub mod train_page_types;
pub mod train_text;

use std::path::PathBuf;

use anyhow::Context;
use polsearch::extract::Rules;
use polsearch::facets::models::{FacetModels, ModelKind};
use polsearch::facets::Classifier;

/// The rules and taxonomy options, as `polsearch` has them.
#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// Extra boilerplate rules (TOML, same shape as the embedded rules.toml).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Region/topic taxonomy file that extends the embedded one.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Facet models to apply instead of the embedded ones: a folder with
    /// `region-model.json`, `country-model.json` and `topic-model.json` (as
    /// `train-facets --out DIR` writes them). They decide what the
    /// taxonomy's `[settings]` give to `"model"` (`place_method`,
    /// `topic_method`, `method`).
    #[arg(long, value_name = "DIR")]
    pub models: Option<PathBuf>,
}

impl DataArgs {
    /// Loads the rules and the classifier.
    pub fn load(&self) -> anyhow::Result<(Rules, Classifier)> {
        let rules = match &self.rules {
            Some(p) => Rules::with_file(p)?,
            None => Rules::default(),
        };
        let classifier = match &self.taxonomy {
            Some(p) => Classifier::with_file(p)?,
            None => Classifier::default(),
        };
        let classifier = match &self.models {
            Some(dir) => {
                let read = |kind: ModelKind| {
                    let path = dir.join(kind.file_name());
                    std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))
                };
                let models = FacetModels::from_json(
                    &read(ModelKind::Region)?,
                    &read(ModelKind::Country)?,
                    &read(ModelKind::Topic)?,
                )
                .with_context(|| format!("{}: facet models", dir.display()))?;
                classifier.with_models(models)
            }
            None => classifier,
        };
        Ok((rules, classifier))
    }
}

/// The tuning gold folder of the wcxb-dev pool, built under `target/` from
/// `../shared` when missing.
pub fn tuning_set() -> anyhow::Result<PathBuf> {
    let shared = polsearch_tools::shared::dir()
        .ok_or_else(|| anyhow::anyhow!("../shared is missing; pass the gold folder"))?;
    let out = polsearch_tools::wcxb::ensure(&shared)?;
    Ok(polsearch_tools::wcxb::set_dir(
        &out,
        polsearch_tools::split::Split::Tuning,
    ))
}
