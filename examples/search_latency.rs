//! In-process query latency on an existing index, against a peer measured in
//! the same run: tantivy's own QueryParser + TopDocs + Count (no snippets, no
//! facets, no stored documents). `Engine::search` reuses one reader;
//! `search_index` sets one up per call. The first line times a cold start.
//!
//! ```text
//! cargo run --example search_latency -- INDEX_DIR [ROUNDS]
//! ```

use std::time::{Duration, Instant};

use polsearch::search::{Engine, SearchRequest};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;

const QUERIES: &[&str] = &[
    "refugees",
    "wagner mali",
    "\"security assistance\"",
    "sanctions OR embargo",
    "china -taiwan",
    "refug*",
    "sanctons~1",
    "title:russia date:[2015 TO 2020]",
];

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() - 1) as f64 * p).round() as usize]
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(
        args.next()
            .expect("usage: search_latency INDEX_DIR [ROUNDS]"),
    );
    let rounds: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(200);
    let t = Instant::now();
    let engine = Engine::open(&dir)?;
    let opened = t.elapsed();
    let t = Instant::now();
    engine.search(&SearchRequest {
        query: "refugees".into(),
        limit: 0,
        ..SearchRequest::default()
    })?;
    let counted = t.elapsed();
    let t = Instant::now();
    engine.search(&SearchRequest {
        query: "refugees".into(),
        limit: 1,
        ..SearchRequest::default()
    })?;
    let one = t.elapsed();
    let t = Instant::now();
    engine.search(&SearchRequest {
        query: "refugees".into(),
        limit: 10,
        ..SearchRequest::default()
    })?;
    println!("cold: Engine::open {opened:?}, first search without hits {counted:?}, then 1 hit {one:?}, then 10 hits {:?}", t.elapsed());
    let index = polsearch::index::open(&dir)?;
    let fields = polsearch::schema::Fields::new(&index.schema())?;
    let reader = index.reader()?;
    let mut parser =
        QueryParser::for_index(&index, vec![fields.title, fields.subtitle, fields.body]);
    parser.set_conjunction_by_default();
    println!(
        "{} documents; {rounds} rounds per query; times are p50 / p90 in µs",
        engine.searcher().num_docs()
    );
    println!(
        "{:<36} {:>7} {:>16} {:>16} {:>16} {:>6}",
        "query", "hits", "Engine::search", "search_index", "tantivy peer", "ratio"
    );
    for q in QUERIES {
        let request = SearchRequest {
            query: q.to_string(),
            limit: 10,
            ..SearchRequest::default()
        };
        let total = engine.search(&request)?.total;
        let mut ours = Vec::with_capacity(rounds);
        let mut fresh = Vec::with_capacity(rounds);
        let mut peer = Vec::with_capacity(rounds);
        let peer_query = parser.parse_query(q).ok();
        for _ in 0..rounds {
            let t = Instant::now();
            std::hint::black_box(engine.search(&request)?);
            ours.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(polsearch::search::search_index(&index, &request)?);
            fresh.push(t.elapsed());
            if let Some(pq) = &peer_query {
                let t = Instant::now();
                let searcher = reader.searcher();
                std::hint::black_box(
                    searcher.search(pq, &(TopDocs::with_limit(10).order_by_score(), Count))?,
                );
                peer.push(t.elapsed());
            }
        }
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        let (o50, o90) = (percentile(&mut ours, 0.5), percentile(&mut ours, 0.9));
        let (f50, f90) = (percentile(&mut fresh, 0.5), percentile(&mut fresh, 0.9));
        let peer_text = if peer.is_empty() {
            "parse error".to_string()
        } else {
            let (p50, p90) = (percentile(&mut peer, 0.5), percentile(&mut peer, 0.9));
            format!("{:.0} / {:.0}", us(p50), us(p90))
        };
        let ratio = if peer.is_empty() {
            "-".to_string()
        } else {
            format!("{:.1}x", us(o50) / us(percentile(&mut peer, 0.5)))
        };
        println!(
            "{:<36} {:>7} {:>16} {:>16} {:>16} {:>6}",
            q,
            total,
            format!("{:.0} / {:.0}", us(o50), us(o90)),
            format!("{:.0} / {:.0}", us(f50), us(f90)),
            peer_text,
            ratio
        );
    }
    Ok(())
}
