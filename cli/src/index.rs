//! `polsearch index`: build or update the index from folders of pages.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use polsearch::index::{self, IndexConfig, IndexReport, Progress};
use polsearch::terminal::sanitize;

use super::measure::ThreadCpuClock;
use super::{DataArgs, EXIT_OK};

/// Arguments of `polsearch index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Folders or files to index. The index mirrors them: pages it holds that are
    /// no longer found under these paths are removed.
    #[arg(value_name = "PATH", default_value = "corpus")]
    pub paths: Vec<PathBuf>,
    /// Index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// Rebuild the index from scratch instead of updating it.
    #[arg(long)]
    pub full: bool,
    /// Extraction threads (0 = one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Memory budget of the index writer, in MB.
    #[arg(long, value_name = "MB", default_value_t = index::DEFAULT_MEMORY >> 20)]
    pub memory: usize,
    /// Skip files larger than this many MB (with a reason).
    #[arg(long, value_name = "MB", default_value_t = index::DEFAULT_MAX_FILE_SIZE as f64 / 1e6)]
    pub max_file_size: f64,
    /// Commit every N new documents (and at the end).
    #[arg(long, value_name = "N", default_value_t = index::DEFAULT_COMMIT_EVERY)]
    pub commit_every: usize,
    /// Don't list skipped and duplicate pages on stderr (the summary stays).
    #[arg(short, long)]
    pub quiet: bool,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch index`.
pub fn run(args: IndexArgs) -> anyhow::Result<u8> {
    anyhow::ensure!(args.max_file_size > 0.0, "--max-file-size must be positive");
    anyhow::ensure!(args.memory > 0, "--memory must be positive");
    let mut config = config_for(args.paths.clone(), args.index.clone(), &args.data)?;
    config.full = args.full;
    config.threads = args.threads;
    config.memory_bytes = args.memory << 20;
    config.max_file_size = (args.max_file_size * 1e6) as u64;
    config.commit_every = args.commit_every;
    let report = build_with_progress(&config)?;
    if !args.quiet {
        for skip in &report.skipped {
            eprintln!(
                "polsearch: skipped {}: {}",
                shown(&skip.path),
                sanitize(&skip.reason, false)
            );
        }
        for dup in &report.duplicates {
            eprintln!(
                "polsearch: duplicate {}: same article as {}",
                shown(&dup.path),
                shown(&dup.of)
            );
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        eprintln!("{}", summary(&report, &args.index));
    }
    Ok(EXIT_OK)
}

/// The index config for `paths` → `index` with the user's rules and taxonomy; the
/// config tag changes when either file's contents do, which forces a re-extraction.
/// The per-page stages are timed in thread CPU time (the report's `timings`).
pub fn config_for(
    paths: Vec<PathBuf>,
    index: PathBuf,
    data: &DataArgs,
) -> anyhow::Result<IndexConfig> {
    let (rules, classifier) = data.load()?;
    let mut config = IndexConfig::with_data(paths, index, rules, classifier);
    config.clock = Arc::new(ThreadCpuClock);
    for file in [&data.rules, &data.taxonomy].into_iter().flatten() {
        let bytes = std::fs::read(file).with_context(|| format!("{}", file.display()))?;
        config
            .tag
            .push_str(&format!(" {:016x}", xxhash_rust::xxh3::xxh3_64(&bytes)));
    }
    Ok(config)
}

/// One summary line.
fn summary(r: &IndexReport, index: &Path) -> String {
    format!(
        "{} pages{}: {} new, {} updated, {} unchanged, {} duplicates, {} skipped, {} removed; \
         {} documents in {} ({:.2} s{})",
        r.seen,
        if r.pdfs > 0 {
            format!(" ({} PDFs, {} skipped)", r.pdfs, r.pdfs_skipped)
        } else {
            String::new()
        },
        r.indexed,
        r.updated,
        r.unchanged,
        r.duplicates.len(),
        r.skipped.len(),
        r.removed,
        r.documents,
        shown(index),
        r.timings.wall,
        if r.full { ", full rebuild" } else { "" }
    ) + &repaired_line(r.repaired)
        + &page_types_line(&r.page_types)
}

/// `\nrepaired: 2 pages were in the index twice, read again` or nothing.
fn repaired_line(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "\nrepaired: 1 page was in the index twice (an old version beside the new), read again".into(),
        n => format!("\nrepaired: {n} pages were in the index twice (an old version beside the new), read again"),
    }
}

/// `\npage types: 28 article, 2 listing` (most first), or nothing.
fn page_types_line(counts: &std::collections::BTreeMap<String, u64>) -> String {
    if counts.is_empty() {
        return String::new();
    }
    let mut list: Vec<(&String, &u64)> = counts.iter().collect();
    list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let parts: Vec<String> = list.iter().map(|(t, n)| format!("{n} {t}")).collect();
    format!("\npage types: {}", parts.join(", "))
}

/// A path made safe for the terminal (file names may hold escape sequences).
fn shown(path: &Path) -> String {
    sanitize(&path.to_string_lossy(), false)
}

/// Builds or updates the index with a progress counter on stderr (when it is a terminal).
pub fn build_with_progress(config: &IndexConfig) -> polsearch::Result<index::IndexReport> {
    let bar = ProgressBar::new_spinner();
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} pages {elapsed} {wide_msg}").unwrap(),
    );
    let report = index::build(config, &|p| match p {
        Progress::Page { .. } => bar.inc(1),
    });
    bar.finish_and_clear();
    report
}
