//! What an index holds: document and segment counts, sites, date span, size on
//! disk ([`IndexStats`]), and every region, country and topic with its number of
//! articles ([`FacetListing`]).

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, ExistsQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{Order, Term};

use super::dups::Which;
use super::{dates, Engine};
use crate::error::{Error, Result};
use crate::schema::field;

/// Summary of an index.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStats {
    /// Index folder.
    pub index: String,
    /// Live documents.
    pub documents: u64,
    /// Deleted documents not yet merged away.
    pub deleted: u64,
    /// Searchable segments.
    pub segments: usize,
    /// Bytes of all files in the index folder.
    pub size_bytes: u64,
    /// Documents per site, for every site.
    pub sites: BTreeMap<String, u64>,
    /// Documents per content kind.
    pub kinds: BTreeMap<String, u64>,
    /// Documents per language (ISO 639-1).
    pub langs: BTreeMap<String, u64>,
    /// Documents per page type.
    pub page_types: BTreeMap<String, u64>,
    /// Earliest publication day.
    pub first_date: Option<String>,
    /// Latest publication day.
    pub last_date: Option<String>,
    /// Documents without a date.
    pub undated: u64,
}

/// Every region, country and topic in the index with its number of articles:
/// groups of copies (reprints, re-scrapes) count once, unless the listing
/// counts copies.
#[derive(Debug, Clone, Serialize)]
pub struct FacetListing {
    /// Live documents.
    pub documents: u64,
    /// Articles: groups of copies, each counted once (as `documents` when
    /// the listing counts copies).
    pub articles: u64,
    /// True when the counts below count every copy.
    pub copies_counted: bool,
    /// Documents per region.
    pub region: BTreeMap<String, u64>,
    /// Documents per country, keyed `Region/Country`.
    pub country: BTreeMap<String, u64>,
    /// Documents per topic.
    pub topic: BTreeMap<String, u64>,
    /// Documents per page type.
    pub page_type: BTreeMap<String, u64>,
    /// Documents per language (ISO 639-1).
    pub lang: BTreeMap<String, u64>,
}

impl Engine {
    /// Counts and spans of the index.
    pub fn stats(&self) -> Result<IndexStats> {
        let searcher = self.searcher();
        let ierr = |e| self.ierr(e);
        let f = &self.fields;
        let mut stats = IndexStats {
            index: self.dir.display().to_string(),
            documents: searcher.num_docs(),
            deleted: searcher
                .segment_readers()
                .iter()
                .map(|s| s.num_deleted_docs() as u64)
                .sum(),
            segments: self.index.searchable_segment_metas().map_err(ierr)?.len(),
            size_bytes: dir_size(&self.dir),
            sites: BTreeMap::new(),
            kinds: BTreeMap::new(),
            langs: BTreeMap::new(),
            page_types: crate::schema::page_type_counts(&searcher).map_err(ierr)?,
            first_date: None,
            last_date: None,
            undated: 0,
        };
        for (field, map) in [
            (f.site, &mut stats.sites),
            (f.kind, &mut stats.kinds),
            (f.lang, &mut stats.langs),
        ] {
            let mut values = std::collections::BTreeSet::new();
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field).map_err(ierr)?;
                let mut stream = inverted
                    .terms()
                    .stream()
                    .map_err(|e| Error::io(&self.dir, e))?;
                while stream.advance() {
                    values.insert(stream.key().to_vec());
                }
            }
            for v in values {
                let q = TermQuery::new(
                    Term::from_field_text(field, std::str::from_utf8(&v).unwrap_or_default()),
                    IndexRecordOption::Basic,
                );
                let n = searcher.search(&q, &Count).map_err(ierr)? as u64;
                if n > 0 {
                    map.insert(String::from_utf8_lossy(&v).into_owned(), n);
                }
            }
        }
        for (order, slot) in [
            (Order::Asc, &mut stats.first_date),
            (Order::Desc, &mut stats.last_date),
        ] {
            let top =
                TopDocs::with_limit(1).order_by_fast_field::<tantivy::DateTime>(field::DATE, order);
            let found = searcher
                .search(&ExistsQuery::new(field::DATE.into(), false), &top)
                .map_err(ierr)?;
            *slot = found
                .first()
                .and_then(|(d, _)| *d)
                .and_then(|d| dates::format_day(d.into_timestamp_secs()));
        }
        let dated = searcher
            .search(&ExistsQuery::new(field::DATE.into(), false), &Count)
            .map_err(ierr)? as u64;
        stats.undated = stats.documents.saturating_sub(dated);
        Ok(stats)
    }

    /// Every region, country and topic with its number of articles (groups
    /// of copies), or of documents when `copies` is set.
    pub fn facet_listing(&self, copies: bool) -> Result<FacetListing> {
        let searcher = self.searcher();
        let ((region, country, topic), roots) = self.facet_collectors();
        let grouped = super::dups::GroupedMatches {
            sort: super::Sort::Date,
        };
        let (regions, countries, topics, members) = if copies {
            let (r, c, t) = searcher
                .search(&AllQuery, &(region, country, topic))
                .map_err(|e| self.ierr(e))?;
            (r, c, t, Vec::new())
        } else {
            searcher
                .search(&AllQuery, &(region, country, topic, grouped))
                .map_err(|e| self.ierr(e))?
        };
        let list = |fc: &tantivy::collector::FacetCounts, root: Facet| -> BTreeMap<String, u64> {
            fc.get(root)
                .map(|(f, n)| (f.to_path_string().trim_start_matches('/').to_string(), n))
                .collect()
        };
        let mut country_counts = BTreeMap::new();
        for r in roots {
            country_counts.extend(list(&countries, r));
        }
        let mut listing = FacetListing {
            documents: searcher.num_docs(),
            articles: searcher.num_docs(),
            copies_counted: copies,
            region: list(&regions, Facet::root()),
            country: country_counts,
            topic: list(&topics, Facet::root()),
            page_type: crate::schema::page_type_counts(&searcher).map_err(|e| self.ierr(e))?,
            lang: self.stats()?.langs,
        };
        if !copies {
            let c = super::dups::Collapsed::new(members, 0, 0);
            listing.articles = c.groups as u64;
            let key = |_: Which, p: &str| p.trim_start_matches('/').to_string();
            for ((which, k), n) in self.group_excess(&c.multi, &key)? {
                let map = match which {
                    Which::Region => &mut listing.region,
                    Which::Country => &mut listing.country,
                    Which::Topic => &mut listing.topic,
                    Which::PageType => &mut listing.page_type,
                    Which::Lang => &mut listing.lang,
                    Which::Site | Which::Kind => continue,
                };
                super::dups::subtract(map, &k, n);
            }
        }
        Ok(listing)
    }
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
