//! Throughput of the plain-text extractor (pages/s), measured against peers in
//! the same run: the HTML extractor on the HTML form of the same pages, and a
//! floor that only decodes and splits the text into lines.
//!
//! Inputs: `../shared/data/extraction-dev/{text,html}` when present (120 pages in
//! both forms), else the plain-text scrapes of the demo corpus (`corpus/scrapes`).
//!
//! Run: `cargo bench --bench extract_text`

#[path = "common.rs"]
mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use polsearch::corpus::SourcePage;
use polsearch::extract::{extract, Rules};

fn pages(dir: &Path, ext: &str) -> Vec<SourcePage> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| SourcePage::read(p).ok())
        .collect()
}

fn bench(c: &mut Criterion) {
    let (text, html) = match common::shared() {
        Some(shared) => {
            let dev = shared.join("data/extraction-dev");
            (
                pages(&dev.join("text"), "txt"),
                pages(&dev.join("html"), "html"),
            )
        }
        None => {
            let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
            (pages(&root.join("corpus/scrapes"), "txt"), Vec::new())
        }
    };
    assert!(!text.is_empty(), "no text pages to measure");
    let rules = Rules::default();
    let mut group = c.benchmark_group("extract_text");
    group.sample_size(10);
    group.throughput(Throughput::Elements(text.len() as u64));
    group.bench_function("text_extractor", |b| {
        b.iter(|| {
            for p in &text {
                black_box(extract(p, &rules).ok());
            }
        })
    });
    group.bench_function("floor_decode_split", |b| {
        b.iter(|| {
            for p in &text {
                let s = String::from_utf8_lossy(&p.bytes);
                black_box(s.lines().filter(|l| !l.trim().is_empty()).count());
            }
        })
    });
    if !html.is_empty() {
        group.throughput(Throughput::Elements(html.len() as u64));
        group.bench_function("peer_html_extractor", |b| {
            b.iter(|| {
                for p in &html {
                    black_box(extract(p, &rules).ok());
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
