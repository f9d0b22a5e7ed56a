//! Collapsing near-duplicate copies in a hit list: a shown hit's copies are the
//! matching documents that share an LSH band term with it (indexed at index
//! time, [`crate::index::minhash`]) *and* whose shingle sets, recomputed from
//! the stored bodies, are similar enough ([`crate::index::minhash::is_copy`]).

use std::collections::HashSet;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::{dates, Engine, Hit};
use crate::error::Result;
use crate::index::minhash::{band_keys_of, is_copy, shingles};

/// Most candidates examined per shown hit.
const MAX_CANDIDATES: usize = 50;

/// Another copy of a hit's article, listed under it ("also at").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlsoAt {
    /// Path of the indexed copy.
    pub path: String,
    /// Its URL, when known.
    pub url: Option<String>,
    /// Its site, when known.
    pub site: Option<String>,
    /// Its publication day, when known.
    pub date: Option<String>,
}

impl Engine {
    /// Collapses ranked `hits` (the first hits of `query`, best first) into one
    /// hit per article: each hit not already listed as a copy keeps its place
    /// and lists in `also` the documents matching `query` that are copies of
    /// it. Returns the hits in rank order with their copies removed.
    pub(super) fn collapse(&self, query: &dyn Query, hits: Vec<Hit>) -> Result<Vec<Hit>> {
        let searcher = self.searcher();
        let f = self.fields;
        let mut claimed: HashSet<String> = HashSet::new();
        let mut out = Vec::with_capacity(hits.len());
        for mut hit in hits {
            if claimed.contains(&hit.path) {
                continue;
            }
            claimed.insert(hit.path.clone());
            let Some(body) = self.stored_body(&hit.path)? else {
                out.push(hit);
                continue;
            };
            let own = shingles(&body);
            let keys = band_keys_of(&own);
            if keys.is_empty() {
                out.push(hit);
                continue;
            }
            let bands: Vec<(Occur, Box<dyn Query>)> = keys
                .iter()
                .map(|&k| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_u64(f.dup_band, k),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            let candidates = BooleanQuery::new(vec![
                (Occur::Must, query.box_clone()),
                (Occur::Must, Box::new(BooleanQuery::new(bands))),
            ]);
            let top = searcher
                .search(
                    &candidates,
                    &TopDocs::with_limit(MAX_CANDIDATES).order_by_score(),
                )
                .map_err(|e| self.ierr(e))?;
            for (_, addr) in top {
                let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.ierr(e))?;
                let text = |field| {
                    doc.get_first(field)
                        .and_then(|v| v.as_str())
                        .map(|s| crate::terminal::sanitize(s, false))
                };
                let path = text(f.path).unwrap_or_default();
                if claimed.contains(&path) {
                    continue;
                }
                let other: String = doc
                    .get_all(f.body)
                    .filter_map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n");
                if !is_copy(&own, &shingles(&other)) {
                    continue;
                }
                claimed.insert(path.clone());
                hit.also.push(AlsoAt {
                    path,
                    url: text(f.url),
                    site: text(f.site),
                    date: doc
                        .get_first(f.date)
                        .and_then(|v| v.as_datetime())
                        .and_then(|d| dates::format_day(d.into_timestamp_secs())),
                });
            }
            out.push(hit);
        }
        Ok(out)
    }

    /// The stored body of the document at `path`.
    fn stored_body(&self, path: &str) -> Result<Option<String>> {
        let searcher = self.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.path, path),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())
            .map_err(|e| self.ierr(e))?;
        let Some((_, addr)) = top.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(*addr).map_err(|e| self.ierr(e))?;
        Ok(Some(
            doc.get_all(self.fields.body)
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join("\n\n"),
        ))
    }
}
