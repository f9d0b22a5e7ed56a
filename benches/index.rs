//! Indexing throughput into a RAM index (`Index::create_in_ram`), one writer
//! thread: `prepared` indexes articles extracted beforehand (tantivy's share of
//! the cost), `end_to_end` extracts, classifies and indexes pages from memory.

#[path = "common.rs"]
mod common;

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use polsearch::corpus::SourcePage;
use polsearch::extract::{Article, Rules};
use polsearch::facets::Classifier;
use polsearch::index::{process_source, to_document};
use polsearch::schema::{self, Fields};
use tantivy::{Index, IndexWriter};

const WRITER_BYTES: usize = 64 << 20;

fn ram_writer() -> (Index, Fields, IndexWriter) {
    let index = Index::create_in_ram(schema::build_schema());
    schema::register_tokenizers(&index);
    let fields = Fields::new(&index.schema()).unwrap();
    let writer = index.writer_with_num_threads(1, WRITER_BYTES).unwrap();
    (index, fields, writer)
}

fn prepare(pages: &[SourcePage], rules: &Rules, classifier: &Classifier) -> Vec<Article> {
    pages
        .iter()
        .filter_map(|p| process_source(p, rules, classifier).ok())
        .collect()
}

fn bench_index(c: &mut Criterion) {
    let limit = common::page_limit(300, 6);
    let pages = common::html_pages(limit);
    let rules = Rules::default();
    let classifier = Classifier::default();
    let articles = prepare(&pages, &rules, &classifier);
    eprintln!("index: {} pages, {} articles", pages.len(), articles.len());

    let mut g = c.benchmark_group("index_ram");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(15));
    g.throughput(Throughput::Elements(articles.len() as u64));
    g.bench_function("prepared", |b| {
        b.iter_batched(
            ram_writer,
            |(_index, fields, mut writer)| {
                for (i, a) in articles.iter().enumerate() {
                    let path = format!("page-{i}.html");
                    writer
                        .add_document(to_document(&fields, Path::new(&path), a))
                        .unwrap();
                }
                writer.commit().unwrap();
            },
            BatchSize::PerIteration,
        )
    });
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.bench_function("end_to_end", |b| {
        b.iter_batched(
            ram_writer,
            |(_index, fields, mut writer)| {
                common::add_pages(&writer, &fields, &pages, &rules, &classifier);
                writer.commit().unwrap();
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
