//! The `polsearch` command: clap definitions and one module per subcommand,
//! over the `polsearch` library. The library never sees a clap type: each
//! subcommand turns its args into a library request.

mod bench;
mod completions;
mod eval;
mod export;
mod extract;
mod facets;
mod index;
mod measure;
mod output;
mod push;
mod search;
mod serve;
mod show;
mod similar;
mod stats;
mod table;
mod timeline;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: success with results.
pub const EXIT_OK: u8 = 0;
/// Exit code: ran fine but found nothing.
pub const EXIT_NO_HITS: u8 = 1;
/// Exit code: error.
pub const EXIT_ERROR: u8 = 2;

/// Full-text search for scraped policy and foreign-affairs articles.
#[derive(Debug, Parser)]
#[command(name = "polsearch", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index folders of scraped pages (HTML and plain-text scrapes).
    Index(index::IndexArgs),
    /// Search the index.
    Search(search::SearchArgs),
    /// Show what the extractor keeps from one page, field by field.
    Extract(extract::ExtractArgs),
    /// Index folders into a temporary index and report speed, memory and index size.
    Bench(bench::BenchArgs),
    /// Print one indexed article for reading: its fields, then its body as the page structured it.
    Show(show::ShowArgs),
    /// Saved searches: `watch add NAME QUERY`, `watch list`, `watch rm NAME`; alone, what is new.
    Watch(watch::WatchArgs),
    /// List the indexed articles most similar to one article.
    Similar(similar::SimilarArgs),
    /// Show what the index holds: documents, sites, date span, size, segments.
    Stats(stats::StatsArgs),
    /// List every region, country and topic with its number of articles.
    Facets(facets::FacetsArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Print the man page (or write all pages with --dir).
    Man(completions::ManArgs),
    /// Score the extractor against a gold folder (bag-of-words P/R/F1, fields, speed).
    Eval(eval::EvalArgs),
    /// Export the index for Elasticsearch/OpenSearch, Quickwit or Typesense (or push it to a running server).
    Export(export::ExportArgs),
    /// Serve a local web page (and a JSON API) over the index: search, facets, timeline, articles.
    Serve(serve::ServeArgs),
}

/// Options shared by the commands that read rules and the taxonomy.
#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// Extra boilerplate rules (TOML, same shape as the embedded rules.toml).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Region/topic taxonomy file that extends the embedded one.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
}

impl DataArgs {
    /// Loads the rules and the classifier.
    pub fn load(
        &self,
    ) -> polsearch::Result<(polsearch::extract::Rules, polsearch::facets::Classifier)> {
        let rules = match &self.rules {
            Some(p) => polsearch::extract::Rules::with_file(p)?,
            None => polsearch::extract::Rules::default(),
        };
        let classifier = match &self.taxonomy {
            Some(p) => polsearch::facets::Classifier::with_file(p)?,
            None => polsearch::facets::Classifier::default(),
        };
        Ok((rules, classifier))
    }
}

/// Runs the command line; prints errors as one line and returns the exit code.
fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Index(args) => {
            let dir = args.index.clone();
            let done = index::run(args);
            // then one line per saved search with new matches
            if done.is_ok() {
                for line in watch::summary_lines(&dir) {
                    eprintln!("polsearch: {line}");
                }
            }
            done
        }
        Command::Search(args) => search::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Show(args) => show::run(args),
        Command::Watch(args) => watch::run(args),
        Command::Similar(args) => similar::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Facets(args) => facets::run(args),
        Command::Completions(args) => completions::run_completions(args),
        Command::Man(args) => completions::run_man(args),
        Command::Eval(args) => eval::run(args),
        Command::Export(args) => export::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::from(EXIT_OK);
            }
            eprintln!(
                "polsearch: {}",
                polsearch::terminal::sanitize(&one_line(&err), false)
            );
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The error and its causes on one line, joined by `: `. The library's errors
/// leave their cause to the chain, so each cause is printed once.
fn one_line(err: &anyhow::Error) -> String {
    err.chain()
        .map(|cause| cause.to_string())
        .collect::<Vec<_>>()
        .join(": ")
}

/// True when the error comes from writing to a closed pipe (`… | head -1`),
/// whether it was raised by a plain write or inside serde_json's writer
/// (which keeps the io error out of the source chain).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
    })
}
