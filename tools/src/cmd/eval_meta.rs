//! `polsearch-tools eval-meta`: title, authors and publication day against
//! gold labels, tuning and validation split side by side
//! ([`polsearch_tools::metadata`] says when a field counts as right).

use std::io::Write;
use std::path::PathBuf;

use polsearch_tools::metadata::{self, Case};

use super::DataArgs;

/// Arguments of `polsearch-tools eval-meta`.
#[derive(Debug, clap::Args)]
pub struct EvalMetaArgs {
    /// wcxb-dev (`pages.tsv`, `ground-truth/`, `html/*.html.gz`), read in place.
    #[arg(long, value_name = "DIR")]
    pub wcxb: Option<PathBuf>,
    /// A gold folder (`html/` or, with `--text`, `text/` beside `gold/<id>.json`).
    #[arg(long, value_name = "DIR")]
    pub set: Vec<PathBuf>,
    /// Read the gold folders' text scrapes instead of their HTML pages.
    #[arg(long)]
    pub text: bool,
    /// The fundus pages of a `corpus/real` folder, against their expected parses.
    #[arg(long, value_name = "DIR")]
    pub fundus: Option<PathBuf>,
    /// Only pages of this gold page type (`all` for every type).
    #[arg(long, value_name = "TYPE", default_value = "article")]
    pub page_type: String,
    /// List up to N wrong fields of the tuning pages (never validation ones).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub errors: usize,
    /// Print the report (scores and every page) as JSON.
    #[arg(long)]
    pub json: bool,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch-tools eval-meta`.
pub fn run(args: EvalMetaArgs) -> anyhow::Result<()> {
    let (rules, _) = args.data.load()?;
    let mut cases: Vec<Case> = Vec::new();
    if let Some(dir) = &args.wcxb {
        cases.extend(metadata::wcxb_cases(dir)?);
    }
    for dir in &args.set {
        cases.extend(metadata::folder_cases(dir, args.text)?);
    }
    if let Some(dir) = &args.fundus {
        cases.extend(metadata::fundus_cases(dir)?);
    }
    anyhow::ensure!(
        !cases.is_empty(),
        "no labelled pages: give --wcxb, --set or --fundus"
    );
    let page_type = (args.page_type != "all").then_some(args.page_type.as_str());
    let report = metadata::evaluate(&cases, &rules, page_type);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report.table())?;
        if args.errors > 0 {
            write!(out, "\n{}", report.tuning_errors(args.errors))?;
        }
    }
    Ok(())
}
