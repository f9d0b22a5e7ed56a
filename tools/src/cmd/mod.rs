//! One module per subcommand of `polsearch-tools`, and the options they share.

pub mod eval_facets;
pub mod eval_fundus;
pub mod eval_meta;

use std::path::PathBuf;

use polsearch::extract::Rules;
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
}

impl DataArgs {
    /// Loads the rules and the classifier.
    pub fn load(&self) -> polsearch::Result<(Rules, Classifier)> {
        let rules = match &self.rules {
            Some(p) => Rules::with_file(p)?,
            None => Rules::default(),
        };
        let classifier = match &self.taxonomy {
            Some(p) => Classifier::with_file(p)?,
            None => Classifier::default(),
        };
        Ok((rules, classifier))
    }
}
