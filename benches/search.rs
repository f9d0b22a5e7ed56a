//! In-process query latency with facet counts and snippets (top 10) on a RAM
//! index of the real pages and the BBC stories of `../shared`: group `search`
//! through one [`Engine`] (set up once, as a long-running process would), group
//! `search_fresh` through `search_index`, which sets up a reader per call.

#[path = "common.rs"]
mod common;

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use polsearch::extract::Rules;
use polsearch::facets::Classifier;
use polsearch::schema::{self, Fields};
use polsearch::search::{search_index, Engine, SearchRequest};
use tantivy::Index;

fn build_index() -> Index {
    let full = common::full_run();
    let mut pages = common::html_pages(if full { usize::MAX } else { 10 });
    pages.extend(common::shared_pages(
        "corpus/bulk/bbc",
        if full { usize::MAX } else { 40 },
    ));
    let rules = Rules::default();
    let classifier = Classifier::default();
    let index = Index::create_in_ram(schema::build_schema());
    schema::register_tokenizers(&index);
    let fields = Fields::new(&index.schema()).unwrap();
    let mut writer = index.writer_with_num_threads(1, 64 << 20).unwrap();
    let n = common::add_pages(&writer, &fields, &pages, &rules, &classifier);
    writer.commit().unwrap();
    eprintln!("search: RAM index of {n} articles");
    index
}

fn request(query: &str, regions: &[&str]) -> SearchRequest {
    SearchRequest {
        query: query.to_string(),
        regions: regions.iter().map(|r| r.to_string()).collect(),
        limit: 10,
        ..SearchRequest::default()
    }
}

fn bench_search(c: &mut Criterion) {
    let index = build_index();
    let cases = [
        ("term", request("government", &[])),
        ("two_terms", request("election minister", &[])),
        ("phrase", request("\"prime minister\"", &[])),
        (
            "boolean",
            request("(trade OR tariffs) AND NOT football", &[]),
        ),
        ("region_filter", request("security", &["Europe"])),
        ("rare", request("cocoa", &[])),
    ];
    let mut g = c.benchmark_group("search");
    g.warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let engine = Engine::new(index.clone(), Path::new("ram")).unwrap();
    for (name, req) in &cases {
        g.bench_function(*name, |b| b.iter(|| engine.search(req).unwrap()));
    }
    g.finish();
    let mut g = c.benchmark_group("search_fresh");
    g.warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, req) in cases.iter().take(2) {
        g.bench_function(*name, |b| b.iter(|| search_index(&index, req).unwrap()));
    }
    g.finish();
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
