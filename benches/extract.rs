//! Extraction throughput, single-threaded: polsearch's `extract()` next to
//! dom_smoothie (a Rust port of Mozilla Readability) on the same real pages
//! (`../shared/data/extraction-dev/html` and `../shared/corpus/real`).
//!
//! `cargo bench --bench extract` reports MB/s (group `extract_bytes`) and pages/s
//! (group `extract_pages`) for both; compare the two lines of a group, which ran
//! in the same process on the same pages.

#[path = "common.rs"]
mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use polsearch::corpus::SourcePage;
use polsearch::extract::{extract, Rules};

fn polsearch_all(pages: &[SourcePage], rules: &Rules) -> usize {
    pages
        .iter()
        .filter_map(|p| extract(p, rules).ok())
        .map(|a| black_box(a.body.len()))
        .sum()
}

fn dom_smoothie_all(pages: &[SourcePage]) -> usize {
    pages
        .iter()
        .filter_map(|p| {
            let html = String::from_utf8_lossy(&p.bytes);
            let mut r = dom_smoothie::Readability::new(html.as_ref(), None, None).ok()?;
            r.parse().ok()
        })
        .map(|a| black_box(a.text_content.len()))
        .sum()
}

fn bench_extract(c: &mut Criterion) {
    let limit = common::page_limit(usize::MAX, 8);
    let pages = common::html_pages(limit);
    let rules = Rules::default();
    eprintln!(
        "extract: {} pages, {:.1} MB",
        pages.len(),
        common::total_bytes(&pages) as f64 / 1e6
    );
    for (group, throughput) in [
        (
            "extract_bytes",
            Throughput::Bytes(common::total_bytes(&pages)),
        ),
        ("extract_pages", Throughput::Elements(pages.len() as u64)),
    ] {
        let mut g = c.benchmark_group(group);
        g.sample_size(10)
            .warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(20));
        g.throughput(throughput);
        g.bench_function("polsearch", |b| b.iter(|| polsearch_all(&pages, &rules)));
        g.bench_function("dom_smoothie", |b| b.iter(|| dom_smoothie_all(&pages)));
        g.finish();
    }
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
