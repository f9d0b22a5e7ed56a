//! `polsearch-tools train-blocks`: trains the main-content block model on the
//! tuning gold folder and writes `src/extract/html/block_model.json`.

use std::path::PathBuf;

use super::DataArgs;

/// Arguments of `polsearch-tools train-blocks`.
#[derive(Debug, clap::Args)]
pub struct TrainBlocksArgs {
    /// Gold folders to train on (repeatable; only their tuning-split pages are
    /// read). Default: `target/gold-sets/wcxb-tune` (built from `../shared`
    /// when missing) and `../shared/data/extraction-dev`.
    #[arg(long, value_name = "DIR")]
    pub tune: Vec<PathBuf>,
    /// Where to write the model (default: the library's `block_model.json`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch-tools train-blocks`.
pub fn run(args: TrainBlocksArgs) -> anyhow::Result<()> {
    let (rules, _) = args.data.load()?;
    let tune = if args.tune.is_empty() {
        let shared = polsearch_tools::shared::dir()
            .ok_or_else(|| anyhow::anyhow!("../shared is missing; pass --tune DIR"))?;
        vec![super::tuning_set()?, shared.join("data/extraction-dev")]
    } else {
        args.tune
    };
    let file = polsearch_tools::blocks::train_model(&tune, &rules)?;
    let out = args.out.unwrap_or_else(|| {
        polsearch_tools::shared::repository().join("src/extract/html/block_model.json")
    });
    std::fs::write(&out, serde_json::to_string(&file)? + "\n")?;
    println!(
        "{}: thresholds {:?}; {}",
        out.display(),
        file.threshold,
        file.about
    );
    Ok(())
}
