//! Groups of copies, decided at index time: every indexed page gets a group id
//! (`dup_group`, a fast field), shared by the near-duplicate copies of one
//! article (reprints, re-scrapes), so that search collapses, counts and pages
//! by group exactly without comparing bodies.
//!
//! When a page is indexed, its candidate copies are the documents that share
//! a MinHash band term with it ([`super::minhash`]): those of the last commit
//! (found through the `dup_band` terms of the index) and those indexed since
//! (kept in memory with their shingles until the next commit). A candidate is
//! a copy when the Jaccard similarity of the two bodies' word 4-shingles is
//! at least [`super::minhash::THRESHOLD`] (0.5, as measured by `polsearch-tools eval-dups`).
//! The page takes the group of its most similar copy (ties: the smaller group
//! id); without a copy it founds a group whose id is [`own_group`] of its path
//! and body.
//!
//! Soundness across runs: a group id is only a label. A removed page leaves
//! its id to the copies that carry it; a re-indexed page is grouped afresh
//! (its new body gives it a new own id, so an edited page that is no longer a
//! copy does not stay in its old group's label). A new page that is a copy of
//! members of two groups joins the one of its most similar copy; the two
//! groups are not merged (no document already indexed is rewritten), so
//! search lists each group's best member apart, as it would two articles.

use std::collections::{HashMap, HashSet};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use super::minhash::{band_keys_of_sorted, jaccard_sorted, sorted_shingles, MIN_SHINGLES};
use crate::schema::Fields;

/// Most committed candidates compared per page (those sharing most bands first).
const MAX_CANDIDATES: usize = 50;
/// Shingles (8 bytes each) kept in memory for the pages indexed since the
/// last commit; beyond it the indexer commits early ([`Grouper::over_budget`]).
const SHINGLE_BUDGET: usize = 8 << 20;

/// The group id of a page that founds its own group: the xxh3 hash of its
/// path and its body's key ([`super::body_key`]).
pub fn own_group(path: &str, body_key: u64) -> u64 {
    let mut bytes = Vec::with_capacity(path.len() + 8);
    bytes.extend_from_slice(path.as_bytes());
    bytes.extend_from_slice(&body_key.to_le_bytes());
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// A page indexed since the last commit.
struct Pending {
    key: String,
    group: u64,
    shingles: Vec<u64>,
}

/// A page's shingles and band terms, computed once.
pub struct Signature {
    shingles: Vec<u64>,
    bands: Vec<u64>,
}

impl Signature {
    /// The signature of a body.
    pub fn of(body: &str) -> Signature {
        let shingles = sorted_shingles(body);
        let bands = band_keys_of_sorted(&shingles);
        Signature { shingles, bands }
    }

    /// Its LSH band terms (empty for a body under [`MIN_SHINGLES`] shingles).
    pub fn bands(&self) -> &[u64] {
        &self.bands
    }
}

/// Assigns group ids during one indexing run.
pub struct Grouper {
    fields: Fields,
    /// The last commit.
    searcher: Searcher,
    /// Pages indexed since the last commit.
    pending: Vec<Pending>,
    /// Their band terms → indexes into `pending`.
    bands: HashMap<u64, Vec<u32>>,
    /// Their keys (a committed document under one of them is stale).
    keys: HashSet<String>,
    shingles: usize,
}

impl Grouper {
    /// A grouper over the committed index `searcher`.
    pub fn new(fields: Fields, searcher: Searcher) -> Grouper {
        Grouper {
            fields,
            searcher,
            pending: Vec::new(),
            bands: HashMap::new(),
            keys: HashSet::new(),
            shingles: 0,
        }
    }

    /// The group of a page about to be indexed under `key`: that of its most
    /// similar copy, else `own`. `live(path)` says whether a committed
    /// document is still in the index (not deleted or replaced in this run).
    pub fn group_of(
        &self,
        key: &str,
        sig: &Signature,
        own: u64,
        live: &dyn Fn(&str) -> bool,
    ) -> tantivy::Result<u64> {
        if sig.shingles.len() < MIN_SHINGLES {
            return Ok(own);
        }
        // (similarity, group): the best copy wins, the smaller id on ties
        let mut best: Option<(f64, u64)> = None;
        let mut consider = |j: f64, group: u64| {
            if j < super::minhash::THRESHOLD {
                return;
            }
            let better = match best {
                None => true,
                Some((bj, bg)) => j > bj || (j == bj && group < bg),
            };
            if better {
                best = Some((j, group));
            }
        };
        let mut seen: HashSet<u32> = HashSet::new();
        for band in &sig.bands {
            for &i in self.bands.get(band).into_iter().flatten() {
                let p = &self.pending[i as usize];
                if seen.insert(i) && p.key != key {
                    consider(jaccard_sorted(&sig.shingles, &p.shingles), p.group);
                }
            }
        }
        for (path, group, body) in self.committed_candidates(sig)? {
            if path == key || self.keys.contains(&path) || !live(&path) {
                continue;
            }
            let other = sorted_shingles(&body);
            if other.len() >= MIN_SHINGLES {
                consider(jaccard_sorted(&sig.shingles, &other), group);
            }
        }
        Ok(best.map_or(own, |(_, g)| g))
    }

    /// The committed documents sharing a band with `sig`: path, group, body.
    fn committed_candidates(&self, sig: &Signature) -> tantivy::Result<Vec<(String, u64, String)>> {
        let f = &self.fields;
        let bands: Vec<(Occur, Box<dyn Query>)> = sig
            .bands
            .iter()
            .map(|&k| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_u64(f.dup_band, k),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        let top = self.searcher.search(
            &BooleanQuery::new(bands),
            &TopDocs::with_limit(MAX_CANDIDATES).order_by_score(),
        )?;
        let mut out = Vec::with_capacity(top.len());
        for (_, addr) in top {
            let doc: TantivyDocument = self.searcher.doc(addr)?;
            let path = doc.get_first(f.path).and_then(|v| v.as_str());
            let group = doc.get_first(f.dup_group).and_then(|v| v.as_u64());
            let (Some(path), Some(group)) = (path, group) else {
                continue;
            };
            let body = doc
                .get_all(f.body)
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join("\n\n");
            out.push((path.to_string(), group, body));
        }
        Ok(out)
    }

    /// Records a page just indexed under `key` in `group`, so that the pages
    /// indexed after it, before the next commit, find it.
    pub fn add(&mut self, key: &str, group: u64, sig: Signature) {
        self.keys.insert(key.to_string());
        if sig.shingles.len() < MIN_SHINGLES {
            return;
        }
        let i = self.pending.len() as u32;
        for &band in &sig.bands {
            self.bands.entry(band).or_default().push(i);
        }
        self.shingles += sig.shingles.len();
        self.pending.push(Pending {
            key: key.to_string(),
            group,
            shingles: sig.shingles,
        });
    }

    /// The document of `article` under `path` in its group, recorded so that
    /// the documents made after it find it: for a program that writes
    /// documents itself (as [`super::to_document`], which puts each document
    /// in a group of its own).
    pub fn document(
        &mut self,
        path: &std::path::Path,
        article: &crate::extract::Article,
    ) -> tantivy::Result<TantivyDocument> {
        let key = path.to_string_lossy();
        let sig = Signature::of(&article.body);
        let mut doc = super::article_document(&self.fields, path, article, Some(&sig));
        let own = own_group(&key, super::body_key(&article.body));
        let group = self.group_of(&key, &sig, own, &|_| true)?;
        doc.add_u64(self.fields.dup_group, group);
        self.add(&key, group, sig);
        Ok(doc)
    }

    /// After a commit: the pages indexed since are found through the index.
    pub fn committed(&mut self, searcher: Searcher) {
        self.searcher = searcher;
        self.pending.clear();
        self.bands.clear();
        self.keys.clear();
        self.shingles = 0;
    }

    /// True when the pages kept in memory hold more shingles than the budget:
    /// time to commit.
    pub fn over_budget(&self) -> bool {
        self.shingles > SHINGLE_BUDGET
    }
}
