//! `polsearch eval`: extraction quality of the extractor on a gold folder.

use std::io::Write;
use std::path::PathBuf;

use polsearch::corpus::PageFormat;

use super::{DataArgs, EXIT_OK};

/// Arguments of `polsearch eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Gold folder: `html/<id>.html` (or `text/<id>.txt`) and `gold/<id>.txt`
    /// (+ optional `gold/<id>.json` with title, author, date).
    pub dir: PathBuf,
    /// Evaluate the plain-text scrapes in DIR/text instead of DIR/html.
    #[arg(long)]
    pub text: bool,
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

/// Runs `polsearch eval`.
pub fn run(args: EvalArgs) -> anyhow::Result<u8> {
    let (rules, _) = args.data.load()?;
    let format = if args.text {
        PageFormat::Text
    } else {
        PageFormat::Html
    };
    let report = polsearch::eval::evaluate(&args.dir, format, &rules)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report.summary(args.worst))?;
    }
    Ok(EXIT_OK)
}
