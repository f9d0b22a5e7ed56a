//! `polsearch-tools eval-fundus DIR`: the extractor scored against the fundus
//! expected parses, reported as `polsearch eval` reports a gold folder.

use std::io::Write;
use std::path::PathBuf;

use super::DataArgs;

/// Arguments of `polsearch-tools eval-fundus`.
#[derive(Debug, clap::Args)]
pub struct EvalFundusArgs {
    /// A folder of fundus pages (`fundus-*.html`) with their expected parses
    /// (`fundus-*.expected.json`: body paragraphs, title, authors, publishing
    /// date), searched recursively, as in `../shared/corpus/real`.
    pub dir: PathBuf,
    /// Print the full report (every page) as JSON.
    #[arg(long)]
    pub json: bool,
    /// How many of the worst pages to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub worst: usize,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch-tools eval-fundus`.
pub fn run(args: EvalFundusArgs) -> anyhow::Result<()> {
    let (rules, _) = args.data.load()?;
    let report = polsearch_tools::fundus::evaluate(&args.dir, &rules)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report.summary(args.worst))?;
    }
    Ok(())
}
