//! `polsearch index`: build or update the index from folders of pages.

use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};
use polsearch::index::{self, IndexConfig, Progress};

use super::{DataArgs, EXIT_OK};

/// Arguments of `polsearch index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Folders or files to index.
    #[arg(value_name = "PATH", default_value = "corpus")]
    pub paths: Vec<PathBuf>,
    /// Index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch index`.
pub fn run(args: IndexArgs) -> anyhow::Result<u8> {
    let (rules, classifier) = args.data.load()?;
    let mut config = IndexConfig::new(args.paths.clone(), args.index.clone());
    config.rules = rules;
    config.classifier = classifier;
    let report = build_with_progress(&config)?;
    for skip in &report.skipped {
        eprintln!("polsearch: skipped {}: {}", skip.path.display(), polsearch::terminal::sanitize(&skip.reason, false));
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        eprintln!(
            "indexed {} of {} pages ({} skipped) into {}",
            report.indexed,
            report.seen,
            report.skipped.len(),
            args.index.display()
        );
    }
    Ok(EXIT_OK)
}

/// Builds the index with a spinner/progress bar on stderr.
pub fn build_with_progress(config: &IndexConfig) -> polsearch::Result<index::IndexReport> {
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template("{spinner} {pos} pages {elapsed} {wide_msg}").unwrap());
    let report = index::build(config, &|p| match p {
        Progress::Page { .. } => bar.inc(1),
    });
    bar.finish_and_clear();
    report
}
