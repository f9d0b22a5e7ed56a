//! `polsearch eval`: extraction quality of the extractor on a gold folder.

use std::io::Write;
use std::path::PathBuf;

use polsearch::corpus::PageFormat;

use super::{DataArgs, EXIT_OK};

/// Arguments of `polsearch eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Gold folder: `html/<id>.html` (or `text/<id>.txt`) and `gold/<id>.txt`
    /// (+ optional `gold/<id>.json` with title, author, date); with
    /// `--fundus`, a folder of fundus pages and their `*.expected.json` parses.
    pub dir: PathBuf,
    /// Evaluate the plain-text scrapes in DIR/text instead of DIR/html.
    #[arg(long, conflicts_with = "fundus")]
    pub text: bool,
    /// DIR holds fundus pages (`fundus-*.html`) with expected parses
    /// (`fundus-*.expected.json`: body paragraphs, title, authors, publishing
    /// date), searched recursively, as in `../shared/corpus/real`.
    #[arg(long)]
    pub fundus: bool,
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
    let report = if args.fundus {
        polsearch::eval::evaluate_fundus(&args.dir, &rules)?
    } else {
        polsearch::eval::evaluate(&args.dir, format, &rules)?
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    let m = report.mean;
    writeln!(
        out,
        "{}: {} pages",
        report.pages_dir.display(),
        report.pages
    )?;
    writeln!(
        out,
        "mean  P {:.4}  R {:.4}  F1 {:.4}",
        m.precision, m.recall, m.f1
    )?;
    writeln!(out, "pages below F1 0.80: {}", report.below_080)?;
    for (name, acc) in [
        ("title", report.title),
        ("authors", report.authors),
        ("date", report.date),
    ] {
        writeln!(
            out,
            "{name:<8} {}/{} = {:.3}",
            acc.right,
            acc.total,
            acc.ratio()
        )?;
    }
    writeln!(
        out,
        "speed: {:.1} pages/s, {:.2} MB/s (one thread)",
        report.pages_per_sec, report.mb_per_sec
    )?;
    writeln!(out, "worst pages:")?;
    for r in report.results.iter().take(args.worst) {
        let s = r.score;
        let err = r
            .error
            .as_deref()
            .map(|e| format!("  error: {e}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {:<24} F1 {:.3}  P {:.3}  R {:.3}{err}",
            r.id, s.f1, s.precision, s.recall
        )?;
    }
    Ok(EXIT_OK)
}
