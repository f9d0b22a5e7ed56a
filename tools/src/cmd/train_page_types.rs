//! `polsearch-tools train-page-types`: trains the page-type model on the
//! tuning gold folder and writes `src/extract/html/page_type_model.json`.

use std::path::PathBuf;

use super::DataArgs;

/// Arguments of `polsearch-tools train-page-types`.
#[derive(Debug, clap::Args)]
pub struct TrainPageTypesArgs {
    /// The tuning gold folder (default: `target/gold-sets/wcxb-tune`, built from
    /// `../shared` when missing).
    #[arg(long, value_name = "DIR")]
    pub tune: Option<PathBuf>,
    /// Where to write the model (default: the library's `page_type_model.json`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write the tuning pages' out-of-fold teaser scores and features
    /// here (tab-separated), to see which teaser pages the stage misses.
    #[arg(long, value_name = "FILE")]
    pub dump: Option<PathBuf>,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch-tools train-page-types`.
pub fn run(args: TrainPageTypesArgs) -> anyhow::Result<()> {
    let (rules, _) = args.data.load()?;
    let tune = match args.tune {
        Some(t) => t,
        None => super::tuning_set()?,
    };
    let model = polsearch_tools::page_types::train_model(&tune, &rules, args.dump.as_deref())?;
    let out = args.out.unwrap_or_else(|| {
        polsearch_tools::shared::repository().join("src/extract/html/page_type_model.json")
    });
    std::fs::write(&out, serde_json::to_string(&model)? + "\n")?;
    println!("{}: {}", out.display(), model.forest.trained);
    Ok(())
}
