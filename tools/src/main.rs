//! `polsearch-tools`: the evaluations of polsearch on the labelled data sets of
//! `../shared` (development tools, not part of the `polsearch` command).

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Development tools for polsearch: evaluations on labelled data sets.
#[derive(Debug, Parser)]
#[command(name = "polsearch-tools", version, about)]
struct Cli {
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
// the variants are the subcommands eval-fundus, eval-facets, eval-dups
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Score the extractor against the fundus expected parses (body P/R/F1,
    /// title, authors, publishing day).
    EvalFundus(cmd::eval_fundus::EvalFundusArgs),
    /// Precision and recall of the near-duplicate grouping on re-scrapes,
    /// reprints and same-topic pairs built from gold sets.
    EvalDups(cmd::eval_dups::EvalDupsArgs),
    /// Measure region/topic facets on Reuters-21578 places and fundus tags.
    EvalFacets(cmd::eval_facets::EvalFacetsArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::EvalFundus(args) => cmd::eval_fundus::run(args),
        Command::EvalFacets(args) => cmd::eval_facets::run(args),
        Command::EvalDups(args) => cmd::eval_dups::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("polsearch-tools: {err:#}");
            ExitCode::from(2)
        }
    }
}
