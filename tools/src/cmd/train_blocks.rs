//! `polsearch-tools train-blocks`: trains the main-content block model on the
//! tuning gold folder and writes `src/extract/html/block_model.json`.

use std::path::PathBuf;

use super::DataArgs;

/// Arguments of `polsearch-tools train-blocks`.
#[derive(Debug, clap::Args)]
pub struct TrainBlocksArgs {
    /// The tuning gold folder (default: `target/gold-sets/wcxb-tune`, built from
    /// `../shared` when missing).
    #[arg(long, value_name = "DIR")]
    pub tune: Option<PathBuf>,
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
    let tune = match args.tune {
        Some(t) => t,
        None => super::tuning_set()?,
    };
    let file = polsearch_tools::blocks::train_model(&tune, &rules)?;
    let out = args.out.unwrap_or_else(|| {
        polsearch_tools::shared::repository().join("src/extract/html/block_model.json")
    });
    std::fs::write(&out, serde_json::to_string(&file)? + "\n")?;
    println!("{}: threshold {}; {}", out.display(), file.threshold, file.about);
    Ok(())
}
