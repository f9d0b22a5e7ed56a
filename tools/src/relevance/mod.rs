//! The relevance benchmark: known-item queries of `../shared/data/relevance-dev`
//! run through polsearch's real search on the corpus that README names, scored
//! by MRR@10 and success@1/@10 per query kind, beside plain-BM25 baselines
//! computed in the same run ([`baseline`]).
//!
//! - [`corpus`] builds the corpus (every page of `corpus/real/` and the
//!   gunzipped `data/wcxb-dev/html/`) under a cache folder and reads the queries;
//! - the queries are split by the target page's domain with the project's rule
//!   ([`Split::of`]): tune on [`Split::Tuning`], report [`Split::Validation`]
//!   without ever tuning on it;
//! - [`run_polsearch`] indexes the corpus with the library's indexer and runs every
//!   query through [`polsearch::search::Engine`], as `polsearch search` does.

pub mod baseline;
pub mod corpus;
pub mod tune;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use polsearch::index::IndexConfig;
use polsearch::search::{Engine, RankParams, SearchRequest};
use serde::Serialize;

pub use corpus::{build_corpus, load_queries, Query};

/// Hits looked at per query.
pub const DEPTH: usize = 10;

pub use crate::split::Split;

/// MRR@10 and success@1/@10 over a set of queries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Queries.
    pub queries: usize,
    /// Mean reciprocal rank of the target in the top 10 (0 when missing).
    pub mrr: f64,
    /// Share of queries whose target is first.
    pub s1: f64,
    /// Share of queries whose target is in the top 10.
    pub s10: f64,
}

impl Metrics {
    /// The metrics of these ranks (1-based; `None` = not in the top 10).
    pub fn of<'a>(ranks: impl IntoIterator<Item = &'a Option<usize>>) -> Metrics {
        let mut m = Metrics::default();
        for r in ranks {
            m.queries += 1;
            if let Some(r) = *r {
                m.mrr += 1.0 / r as f64;
                m.s1 += f64::from(u8::from(r == 1));
                m.s10 += 1.0;
            }
        }
        if m.queries > 0 {
            let n = m.queries as f64;
            m.mrr /= n;
            m.s1 /= n;
            m.s10 /= n;
        }
        m
    }
}

/// One system's metrics per split and per query kind (`all`, `entity`, `topic`).
pub type Table = BTreeMap<Split, BTreeMap<String, Metrics>>;

/// The metrics of `ranks` (one per query of `queries`) per split and kind.
pub fn table(queries: &[Query], ranks: &[Option<usize>]) -> Table {
    let mut groups: BTreeMap<Split, BTreeMap<String, Vec<Option<usize>>>> = BTreeMap::new();
    for (q, r) in queries.iter().zip(ranks) {
        let split = groups.entry(q.split).or_default();
        split.entry("all".to_string()).or_default().push(*r);
        split.entry(q.kind.clone()).or_default().push(*r);
    }
    groups
        .into_iter()
        .map(|(s, kinds)| {
            let m = kinds
                .into_iter()
                .map(|(k, v)| (k, Metrics::of(&v)))
                .collect();
            (s, m)
        })
        .collect()
}

/// The 1-based rank of `target` among `hits` (paths relative to the corpus root).
pub fn rank_of(hits: &[String], target: &str) -> Option<usize> {
    hits.iter().position(|h| h == target).map(|i| i + 1)
}

/// Indexes `corpus` into `index_dir` (incrementally: unchanged pages are not
/// re-read) with the library's indexer, and opens it.
pub fn index_corpus(corpus: &Path, index_dir: &Path) -> anyhow::Result<Engine> {
    let mut config = IndexConfig::new(vec![corpus.to_path_buf()], index_dir.to_path_buf());
    config.threads = 2;
    polsearch::index::build(&config, &|_| {})
        .with_context(|| format!("indexing {}", corpus.display()))?;
    Ok(Engine::open(index_dir)?)
}

/// Runs every query through `engine` (top 10, ranking `params`) and returns the
/// target's rank for each. A query that is an error counts as a miss.
pub fn run_polsearch(
    engine: &Engine,
    corpus: &Path,
    queries: &[Query],
    params: &RankParams,
) -> Vec<Option<usize>> {
    let prefix = corpus.to_string_lossy().into_owned();
    queries
        .iter()
        .map(|q| {
            let request = SearchRequest {
                query: q.text.clone(),
                limit: DEPTH,
                ..SearchRequest::default()
            };
            let hits: Vec<String> = match engine.search_ranked(&request, params) {
                Ok(r) => r
                    .hits
                    .into_iter()
                    .map(|h| relative(&h.path, &prefix))
                    .collect(),
                Err(_) => Vec::new(),
            };
            rank_of(&hits, &q.page)
        })
        .collect()
}

fn relative(path: &str, prefix: &str) -> String {
    path.strip_prefix(prefix)
        .unwrap_or(path)
        .trim_start_matches('/')
        .to_string()
}

/// Where the benchmark keeps its corpus, indexes and extractor cache:
/// `target/relevance` of the repository unless given.
pub fn default_work_dir() -> PathBuf {
    crate::shared::repository().join("target/relevance")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_rule_matches_the_python_one() {
        // int(sha1(b"polsearch-split-v1:" + d).hexdigest(), 16) % 100, by python3
        assert_eq!(Split::of("bbc.com"), Split::of("BBC.com"));
        let cases = [
            ("bbc.com", 21),
            ("aljazeera.com", 28),
            ("apnews.com", 65),
            ("cbc.ca", 31),
        ];
        for (d, rest) in cases {
            let want = if rest < 30 {
                Split::Validation
            } else {
                Split::Tuning
            };
            assert_eq!(Split::of(d), want, "{d}");
        }
    }

    #[test]
    fn metrics_count_ranks_and_misses() {
        let m = Metrics::of(&[Some(1), Some(2), None, Some(10)]);
        assert_eq!(m.queries, 4);
        assert!((m.mrr - (1.0 + 0.5 + 0.1) / 4.0).abs() < 1e-9);
        assert_eq!((m.s1, m.s10), (0.25, 0.75));
    }
}
