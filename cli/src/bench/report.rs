//! What `polsearch bench` measures: it indexes a corpus and reports pages,
//! bytes, wall time, throughput, CPU time, peak memory, time per stage and
//! index size, then (optionally) query latency percentiles on the built index.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use polsearch::index::{self, IndexConfig, Progress, StageTimings};
use polsearch::search::{Engine, SearchRequest};
use serde::Serialize;

use crate::measure::{cpu_secs, peak_rss_bytes};

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchConfig {
    /// Indexing configuration; `index_dir` is where the index is built.
    pub index: IndexConfig,
    /// Queries to time on the built index (empty: no query timing).
    pub queries: Vec<SearchRequest>,
    /// How many times each query is run (after one warm-up run).
    pub query_runs: usize,
}

/// Throughput of the extraction stage alone, per core: pages (or bytes) divided
/// by the CPU-seconds spent extracting.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ExtractRate {
    /// Pages extracted per CPU-second.
    pub pages_per_sec: f64,
    /// Megabytes (10^6 bytes) of page extracted per CPU-second.
    pub mb_per_sec: f64,
}

/// Latency of in-process searches through one [`Engine`] (top hits, snippets,
/// facet counts).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct QueryLatency {
    /// Distinct queries.
    pub queries: usize,
    /// Timed searches (queries × runs).
    pub samples: usize,
    /// Median, in milliseconds.
    pub p50_ms: f64,
    /// 95th percentile, in milliseconds.
    pub p95_ms: f64,
    /// 99th percentile, in milliseconds.
    pub p99_ms: f64,
    /// Mean, in milliseconds.
    pub mean_ms: f64,
    /// Slowest search, in milliseconds.
    pub max_ms: f64,
}

/// The figures of one bench run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BenchReport {
    /// Pages seen by the walk.
    pub pages: usize,
    /// Pages indexed.
    pub indexed: usize,
    /// Pages not indexed because they hold the same article as an indexed page.
    pub duplicates: usize,
    /// Pages skipped (unreadable, empty, not an article…).
    pub skipped: usize,
    /// Documents in the index after the run.
    pub documents: u64,
    /// Bytes of the pages read.
    pub bytes: u64,
    /// Elapsed wall-clock seconds of the indexing run (walk to commit).
    pub wall_secs: f64,
    /// Pages seen per wall-clock second.
    pub pages_per_sec: f64,
    /// Megabytes (10^6 bytes) read per wall-clock second.
    pub mb_per_sec: f64,
    /// CPU-seconds (user + system, all threads) this process spent indexing;
    /// `None` where the platform does not tell. Steadier than wall time on a
    /// busy machine.
    pub cpu_secs: Option<f64>,
    /// Pages seen per CPU-second.
    pub pages_per_cpu_sec: Option<f64>,
    /// Peak resident memory of this process after indexing (Linux `VmHWM`), in
    /// bytes; `None` where the platform does not tell.
    pub peak_rss_bytes: Option<u64>,
    /// Seconds per stage, as reported by the indexer (CPU-seconds summed over
    /// threads for the per-page stages).
    pub stages: StageTimings,
    /// Extraction throughput per core; `None` when the indexer reported no
    /// extraction time.
    pub extract: Option<ExtractRate>,
    /// Size of the finished index on disk, in bytes.
    pub index_bytes: u64,
    /// Query latency on the built index, when queries were given.
    pub query_latency: Option<QueryLatency>,
}

/// Indexes `config.index.roots` into `config.index.index_dir` (which should be new
/// or empty) and measures the run, then times the queries on the result.
pub fn run(config: &BenchConfig, progress: &dyn Fn(Progress)) -> anyhow::Result<BenchReport> {
    let start = Instant::now();
    let cpu_start = cpu_secs();
    let report = index::build(&config.index, progress)?;
    let measured_wall = start.elapsed().as_secs_f64();
    let cpu = cpu_start.zip(cpu_secs()).map(|(a, b)| b - a);
    let peak_rss_bytes = peak_rss_bytes();
    let mut stages = report.timings;
    if stages.wall <= 0.0 {
        stages.wall = measured_wall;
    }
    let wall = stages.wall.max(1e-9);
    let mb = report.bytes as f64 / 1e6;
    let extract = (stages.extract > 0.0).then(|| ExtractRate {
        pages_per_sec: report.seen as f64 / stages.extract,
        mb_per_sec: mb / stages.extract,
    });
    let query_latency = if config.queries.is_empty() {
        None
    } else {
        let engine = Engine::open(&config.index.index_dir)?;
        Some(query_latency(&engine, &config.queries, config.query_runs)?)
    };
    Ok(BenchReport {
        pages: report.seen,
        indexed: report.indexed,
        duplicates: report.duplicates.len(),
        skipped: report.skipped.len(),
        documents: report.documents,
        bytes: report.bytes,
        wall_secs: stages.wall,
        pages_per_sec: report.seen as f64 / wall,
        mb_per_sec: mb / wall,
        cpu_secs: cpu,
        pages_per_cpu_sec: cpu.filter(|&c| c > 0.0).map(|c| report.seen as f64 / c),
        peak_rss_bytes,
        stages,
        extract,
        index_bytes: dir_size(&config.index.index_dir),
        query_latency,
    })
}

/// Query latency on an index that already exists (nothing is built).
#[derive(Debug, Clone, Default, Serialize)]
pub struct QueryReport {
    /// Documents in the index.
    pub documents: u64,
    /// Size of the index on disk, in bytes.
    pub index_bytes: u64,
    /// Latency of the queries.
    pub query_latency: QueryLatency,
}

/// Times `queries` (`runs` times each, after a warm-up) on the existing index at `dir`.
pub fn query_report(
    dir: &Path,
    queries: &[SearchRequest],
    runs: usize,
) -> anyhow::Result<QueryReport> {
    let engine = Engine::open(dir)?;
    let documents = engine.searcher().num_docs();
    let query_latency = query_latency(&engine, queries, runs)?;
    Ok(QueryReport {
        documents,
        index_bytes: dir_size(dir),
        query_latency,
    })
}

/// Runs every request once to warm up, then `runs` more times, and returns the
/// latency distribution of the timed runs. The engine (reader, analyzers, facet
/// dictionary) is set up once, as in a long-running process.
pub fn query_latency(
    engine: &Engine,
    requests: &[SearchRequest],
    runs: usize,
) -> polsearch::Result<QueryLatency> {
    for request in requests {
        engine.search(request)?;
    }
    let mut samples = Vec::with_capacity(requests.len() * runs);
    for _ in 0..runs.max(1) {
        for request in requests {
            let t = Instant::now();
            std::hint::black_box(engine.search(request)?);
            samples.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    Ok(latency_of(requests.len(), samples))
}

fn latency_of(queries: usize, mut samples: Vec<f64>) -> QueryLatency {
    samples.sort_by(f64::total_cmp);
    let n = samples.len();
    QueryLatency {
        queries,
        samples: n,
        p50_ms: percentile(&samples, 50.0),
        p95_ms: percentile(&samples, 95.0),
        p99_ms: percentile(&samples, 99.0),
        mean_ms: if n == 0 {
            0.0
        } else {
            samples.iter().sum::<f64>() / n as f64
        },
        max_ms: samples.last().copied().unwrap_or(0.0),
    }
}

/// The `p`-th percentile (0–100) of `sorted` (ascending), by the nearest-rank
/// method; 0 for an empty slice.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Total size in bytes of the files under `dir` (0 when it does not exist).
pub fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Reads a query file: one query per line; blank lines and lines starting with
/// `#` are ignored. Each query asks for `limit` hits (with snippets and facets).
pub fn read_queries(path: &Path, limit: usize) -> anyhow::Result<Vec<SearchRequest>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let queries: Vec<SearchRequest> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|q| SearchRequest {
            query: q.to_string(),
            limit,
            ..SearchRequest::default()
        })
        .collect();
    if queries.is_empty() {
        anyhow::bail!("{}: no queries in the file", path.display());
    }
    Ok(queries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 95.0), 95.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&v, 100.0), 100.0);
        assert_eq!(percentile(&v, 0.0), 1.0);
        assert_eq!(percentile(&[3.0], 99.0), 3.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
        let small = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&small, 50.0), 2.0);
        assert_eq!(percentile(&small, 95.0), 4.0);
    }

    #[test]
    fn latency_summary_is_ordered() {
        let l = latency_of(2, vec![5.0, 1.0, 3.0, 2.0, 4.0, 10.0]);
        assert_eq!((l.queries, l.samples), (2, 6));
        assert_eq!(l.p50_ms, 3.0);
        assert_eq!(l.max_ms, 10.0);
        assert!(l.p50_ms <= l.p95_ms && l.p95_ms <= l.p99_ms && l.p99_ms <= l.max_ms);
        assert!((l.mean_ms - 25.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn dir_size_sums_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), [0u8; 10]).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b"), [0u8; 32]).unwrap();
        assert_eq!(dir_size(dir.path()), 42);
        assert_eq!(dir_size(&dir.path().join("missing")), 0);
    }
}
