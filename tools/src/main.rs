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
// the variants name the `eval-*` subcommands, so they share their prefix
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Score the extractor against the fundus expected parses (body P/R/F1,
    /// title, authors, publishing day).
    EvalFundus(cmd::eval_fundus::EvalFundusArgs),
    /// Measure region/topic facets on Reuters-21578 places and fundus tags.
    EvalFacets(cmd::eval_facets::EvalFacetsArgs),
    /// Score title, authors and publication day against gold labels, tuning
    /// and validation split side by side.
    EvalMeta(cmd::eval_meta::EvalMetaArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::EvalFundus(args) => cmd::eval_fundus::run(args),
        Command::EvalFacets(args) => cmd::eval_facets::run(args),
        Command::EvalMeta(args) => cmd::eval_meta::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("polsearch-tools: {err:#}");
            ExitCode::from(2)
        }
    }
}
