//! `polsearch bench`: index folders into a temporary index and report the
//! figures (throughput, peak memory, time per stage, index size, query latency).
//! The measuring is in [`report`], the JSON-lines dump for the side-by-side
//! benchmark in [`jsonl`]; this module turns the arguments into a run and
//! prints it.

mod jsonl;
mod report;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use polsearch::index::{IndexConfig, Progress};

use self::report::{BenchConfig, BenchReport, QueryLatency};
use crate::measure::ThreadCpuClock;
use crate::{DataArgs, EXIT_OK};

/// Arguments of `polsearch bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Folders or files to index.
    #[arg(
        value_name = "PATH",
        required_unless_present = "index",
        conflicts_with = "index"
    )]
    pub paths: Vec<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Time these queries (one per line, `#` comments) on the built index and
    /// report latency percentiles.
    #[arg(long, value_name = "FILE")]
    pub queries: Option<PathBuf>,
    /// Timed runs of each query (after one warm-up run).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub query_runs: usize,
    /// Time the --queries as `polsearch search` runs them, copies of one
    /// article collapsed into one hit (by default every copy is a hit).
    #[arg(long)]
    pub collapse: bool,
    /// Indexing threads (0 = one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Build the index in DIR and keep it, instead of a temporary index
    /// (DIR must not hold an index yet).
    #[arg(long, value_name = "DIR", conflicts_with = "temp_dir")]
    pub keep_index: Option<PathBuf>,
    /// Build nothing: time the --queries on the existing index in DIR.
    #[arg(long, value_name = "DIR", requires = "queries")]
    pub index: Option<PathBuf>,
    /// Create the temporary index inside DIR instead of the system temp folder.
    #[arg(long, value_name = "DIR")]
    pub temp_dir: Option<PathBuf>,
    /// Write polsearch's extracted articles as JSON lines to FILE and exit
    /// (input for the side-by-side run of a bare tantivy indexer).
    #[arg(long, value_name = "FILE", hide = true)]
    pub dump_jsonl: Option<PathBuf>,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch bench`.
pub fn run(args: BenchArgs) -> anyhow::Result<u8> {
    let mut queries = match &args.queries {
        Some(path) => report::read_queries(path, 10)?,
        None => Vec::new(),
    };
    for q in &mut queries {
        q.collapse = args.collapse;
    }
    if let Some(dir) = &args.index {
        let report = report::query_report(dir, &queries, args.query_runs)?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            println!(
                "index         {} documents, {}",
                report.documents,
                mb(report.index_bytes)
            );
            print_latency(&report.query_latency);
        }
        return Ok(EXIT_OK);
    }
    let (rules, classifier) = args.data.load()?;
    let temp = temp_index_dir(args.temp_dir.as_deref())?;
    let index_dir = match &args.keep_index {
        Some(dir) if polsearch::index::exists(dir) => {
            anyhow::bail!(
                "{}: already holds an index; give --keep-index a new folder",
                dir.display()
            )
        }
        Some(dir) => dir.clone(),
        None => temp.path().join("index"),
    };
    let mut index = IndexConfig::new(args.paths.clone(), index_dir);
    index.rules = rules;
    index.classifier = classifier;
    index.threads = args.threads;
    index.clock = Arc::new(ThreadCpuClock);
    if let Some(out_path) = &args.dump_jsonl {
        let file =
            std::fs::File::create(out_path).with_context(|| format!("{}", out_path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        let (written, skipped) = jsonl::dump_jsonl(&index, &mut out, out_path)?;
        eprintln!(
            "wrote {written} articles to {} ({skipped} pages skipped)",
            out_path.display()
        );
        return Ok(EXIT_OK);
    }
    let config = BenchConfig {
        index,
        queries,
        query_runs: args.query_runs,
    };
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} pages {elapsed} {per_sec}").unwrap(),
    );
    let report = report::run(&config, &|p| match p {
        Progress::Page { .. } => bar.inc(1),
    });
    bar.finish_and_clear();
    let report = report?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_human(&report);
    }
    Ok(EXIT_OK)
}

/// A fresh temporary folder for a bench index, removed when dropped. Created
/// inside `near` when given (so that it is on the disk the user chose), else in
/// the system's temp folder.
fn temp_index_dir(near: Option<&Path>) -> anyhow::Result<tempfile::TempDir> {
    let parent: PathBuf = near
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    tempfile::Builder::new()
        .prefix("polsearch-bench-")
        .tempdir_in(&parent)
        .with_context(|| format!("{}", parent.display()))
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn print_human(r: &BenchReport) {
    let s = &r.stages;
    println!(
        "pages         {} ({} indexed, {} duplicates, {} skipped)",
        r.pages, r.indexed, r.duplicates, r.skipped
    );
    println!("read          {}", mb(r.bytes));
    println!("wall time     {:.2} s", r.wall_secs);
    println!(
        "throughput    {:.0} pages/s, {:.1} MB/s",
        r.pages_per_sec, r.mb_per_sec
    );
    if let (Some(c), Some(p)) = (r.cpu_secs, r.pages_per_cpu_sec) {
        println!("cpu time      {c:.2} s ({p:.0} pages per CPU-second)");
    }
    match r.peak_rss_bytes {
        Some(b) => println!("peak memory   {}", mb(b)),
        None => println!("peak memory   (not available on this platform)"),
    }
    println!("index size    {}", mb(r.index_bytes));
    println!(
        "stages (s)    walk/read {:.2}  extract {:.2}  classify {:.2}  index {:.2}  commit {:.2}",
        s.walk_read, s.extract, s.classify, s.index, s.commit
    );
    match r.extract {
        Some(e) => println!(
            "extraction    {:.0} pages/s, {:.1} MB/s per core",
            e.pages_per_sec, e.mb_per_sec
        ),
        None => println!("extraction    (the indexer reported no extraction time)"),
    }
    if let Some(q) = &r.query_latency {
        print_latency(q);
    }
}

fn print_latency(q: &QueryLatency) {
    println!(
        "queries       {} queries x {} runs: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms (max {:.2} ms)",
        q.queries,
        q.samples / q.queries.max(1),
        q.p50_ms,
        q.p95_ms,
        q.p99_ms,
        q.max_ms
    );
}
