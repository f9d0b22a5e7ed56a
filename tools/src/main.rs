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
    /// Precision and recall of the near-duplicate grouping on re-scrapes,
    /// reprints and same-topic pairs built from gold sets.
    EvalDups(cmd::eval_dups::EvalDupsArgs),
    /// Measure region/topic facets on Reuters-21578 places and fundus tags.
    EvalFacets(cmd::eval_facets::EvalFacetsArgs),
    /// Run the relevance benchmark (known-item queries: MRR@10, success@1/@10
    /// per split and query kind) beside plain-BM25 baselines; `--tune` tunes
    /// the ranking on the tuning part.
    Relevance(cmd::relevance::RelevanceArgs),
    /// Build the wcxb-dev tuning and validation gold folders (split by domain).
    GoldSets(cmd::gold_sets::GoldSetsArgs),
    /// Train the main-content block model on the tuning split.
    TrainBlocks(cmd::train_blocks::TrainBlocksArgs),
    /// Train the page-type model on the tuning split.
    TrainPageTypes(cmd::train_page_types::TrainPageTypesArgs),
    /// Show the facet candidates of pages, their features and probabilities.
    ExplainFacets(cmd::explain_facets::ExplainFacetsArgs),
    /// Train the region, country and topic models of the facets on the
    /// tuning parts of the labelled data.
    TrainFacets(cmd::train_facets::TrainFacetsArgs),
    /// Score the text-scrape extractor on gold sets, per page type.
    EvalText(cmd::eval_text::EvalTextArgs),
    /// Train the body classifier of text scrapes on tuning gold sets.
    TrainText(cmd::train_text::TrainTextArgs),
    /// Score title, authors and publication day against gold labels, tuning
    /// and validation split side by side.
    EvalMeta(cmd::eval_meta::EvalMetaArgs),
    /// Score PDF extraction against pdftotext's text (recall, precision, title,
    /// time, peak memory per PDF).
    EvalPdf(cmd::eval_pdf::EvalPdfArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::EvalFundus(args) => cmd::eval_fundus::run(args),
        Command::EvalFacets(args) => cmd::eval_facets::run(args),
        Command::Relevance(args) => cmd::relevance::run(args),
        Command::GoldSets(args) => cmd::gold_sets::run(args),
        Command::TrainBlocks(args) => cmd::train_blocks::run(args),
        Command::TrainPageTypes(args) => cmd::train_page_types::run(args),
        Command::TrainFacets(args) => cmd::train_facets::run(args),
        Command::ExplainFacets(args) => cmd::explain_facets::run(args),
        Command::EvalText(args) => cmd::eval_text::run(args),
        Command::TrainText(args) => cmd::train_text::run(args),
        Command::EvalDups(args) => cmd::eval_dups::run(args),
        Command::EvalMeta(args) => cmd::eval_meta::run(args),
        Command::EvalPdf(args) => cmd::eval_pdf::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("polsearch-tools: {err:#}");
            ExitCode::from(2)
        }
    }
}
