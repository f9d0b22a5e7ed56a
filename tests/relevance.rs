//! The relevance benchmark's validation part (`polsearch-tools relevance
//! --split validation`): known-item queries of `../shared/data/relevance-dev`
//! whose target page's domain the project's split rule sends to validation
//! (`int(sha1("polsearch-split-v1:" + domain), 16) % 100 < 30`, in
//! `polsearch_tools::relevance::Split::of`), never used to tune the ranking.
//! Floors just under what the tuned defaults reach, and above the plain-BM25
//! baseline over the full page text computed in the same run.

use polsearch::search::RankParams;
use polsearch_tools::relevance::baseline::{self, Bm25, Input};
use polsearch_tools::relevance::{self, corpus, Metrics, Split};

use crate::util::*;

#[test]
fn ranking_meets_the_floors_on_the_validation_queries() {
    let Some(shared) = shared() else { return };
    let work = relevance::default_work_dir();
    let root = work.join("corpus");
    corpus::build_corpus(&shared, &root).unwrap();
    let queries: Vec<_> = corpus::load_queries(&shared)
        .unwrap()
        .into_iter()
        .filter(|q| q.split == Split::Validation)
        .collect();
    assert!(queries.len() >= 50, "{} validation queries", queries.len());
    // a fresh index, so that no index left by another version counts
    let t = TestDir::new();
    let engine = relevance::index_corpus(&root, &t.path().join("idx")).unwrap();
    let ranks = relevance::run_polsearch(&engine, &root, &queries, &RankParams::default());
    let table = relevance::table(&queries, &ranks);
    let ours = &table[&Split::Validation];
    let files = corpus::pages(&root).unwrap();
    let docs = baseline::documents(
        &root,
        &files,
        Input::FullPage,
        &work.join("trafilatura.jsonl"),
    )
    .unwrap();
    let bm25 = relevance::table(
        &queries,
        &Bm25::new(&docs).unwrap().ranks(&queries).unwrap(),
    );
    let bm25 = &bm25[&Split::Validation];
    let show = |m: &Metrics| format!("MRR {:.3} s@1 {:.2} s@10 {:.2}", m.mrr, m.s1, m.s10);
    for kind in ["all", "entity", "topic"] {
        eprintln!(
            "{kind}: polsearch {} | BM25 full page {}",
            show(&ours[kind]),
            show(&bm25[kind])
        );
    }
    // reached with the defaults: all 0.913, entity 0.962, topic 0.864 / s@10 1.00
    // (BM25 over the full page 0.789)
    let (all, entity, topic) = (&ours["all"], &ours["entity"], &ours["topic"]);
    assert!(all.mrr >= 0.90, "MRR@10 {:.3} below 0.90", all.mrr);
    assert!(
        entity.mrr >= 0.95,
        "entity MRR@10 {:.3} below 0.95",
        entity.mrr
    );
    assert!(
        topic.mrr >= 0.85,
        "topic MRR@10 {:.3} below 0.85",
        topic.mrr
    );
    assert!(topic.s10 >= 0.96, "topic s@10 {:.2} below 0.96", topic.s10);
    assert!(
        all.mrr >= bm25["all"].mrr + 0.05,
        "MRR@10 {:.3} not above BM25 over the full page ({:.3})",
        all.mrr,
        bm25["all"].mrr
    );
}
