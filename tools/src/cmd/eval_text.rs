//! `polsearch-tools eval-text SET...`: the plain-text scrapes of gold sets
//! extracted and scored per page type (word F1, `with` snippets found,
//! `without` snippets leaked).

use std::io::Write;
use std::path::PathBuf;

use polsearch::extract::text::BodyMethod;

use super::DataArgs;

/// Arguments of `polsearch-tools eval-text`.
#[derive(Debug, clap::Args)]
pub struct EvalTextArgs {
    /// Gold set folders (`text/<id>.txt`, `gold/<id>.txt`, `gold/<id>.json`).
    #[arg(required = true)]
    pub sets: Vec<PathBuf>,
    /// Which pages of each set, by the split rule on their domain.
    #[arg(long, value_enum, default_value = "all")]
    pub part: polsearch_tools::textset::Part,
    /// Print the full report (every page) as JSON.
    #[arg(long)]
    pub json: bool,
    /// How many of the worst pages to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub worst: usize,
    /// How the body is chosen (the rules file's `[text] body` by default).
    #[arg(long, value_enum)]
    pub body: Option<Body>,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// `--body`: the body method of text scrapes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Body {
    /// The rule-based main run.
    Rules,
    /// The learned line classifier.
    Learned,
}

/// Runs `polsearch-tools eval-text`.
pub fn run(args: EvalTextArgs) -> anyhow::Result<()> {
    let (mut rules, _) = args.data.load()?;
    match args.body {
        Some(Body::Rules) => rules.text.body = BodyMethod::Rules,
        Some(Body::Learned) => rules.text.body = BodyMethod::Learned,
        None => {}
    }
    let mut out = std::io::stdout().lock();
    for set in &args.sets {
        let report = polsearch_tools::textset::evaluate(set, args.part, &rules)?;
        if args.json {
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}", set.display())?;
            write!(out, "{}", report.table(args.worst))?;
        }
    }
    Ok(())
}
