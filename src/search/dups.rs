//! One hit per article: the copies of one article (reprints, re-scrapes) share
//! a group id decided at index time (`dup_group`, see
//! [`crate::index::groups`]). A collapsed search collects every matching
//! document with its group (`GroupedMatches`), keeps the best-ranked member
//! of each group as the hit and lists the group's other matching members in
//! its `also` (`Collapsed`); `total` and the facet counts then count groups
//! (`Engine::count_groups` corrects the per-document facet counts).
//! Paging is exact: page 2 starts after the groups of page 1.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::fastfield::FacetReader;
use tantivy::schema::{Facet, Value};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, TantivyDocument};

use super::{dates, facet, Engine, FacetCounts, Sort};
use crate::error::Result;
use crate::schema::field;

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

/// A map keyed by group id (already an xxh3 hash, so it hashes by itself).
type GroupMap<V> = crate::index::ByHash<V>;

/// A matching document: its group, its rank key (score, or date in seconds
/// with undated last) and its address.
#[derive(Debug, Clone, Copy)]
pub(super) struct Member {
    group: u64,
    rank: f64,
    score: Option<f32>,
    addr: DocAddress,
}

impl Member {
    /// Best first; ties by document address, as tantivy's top-docs.
    fn order(a: &Member, b: &Member) -> std::cmp::Ordering {
        b.rank.total_cmp(&a.rank).then_with(|| a.addr.cmp(&b.addr))
    }
}

/// Collects every matching document with its group, ranked by `sort`.
pub(super) struct GroupedMatches {
    pub(super) sort: Sort,
}

/// [`GroupedMatches`] on one segment.
pub(super) struct SegmentMembers {
    segment: SegmentOrdinal,
    groups: Option<Column<u64>>,
    dates: Option<Column<tantivy::DateTime>>,
    sort: Sort,
    members: Vec<Member>,
}

impl Collector for GroupedMatches {
    type Fruit = Vec<Member>;
    type Child = SegmentMembers;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMembers> {
        Ok(SegmentMembers {
            segment,
            groups: reader.fast_fields().u64(field::DUP_GROUP).ok(),
            dates: match self.sort {
                Sort::Date => reader.fast_fields().date(field::DATE).ok(),
                Sort::Relevance => None,
            },
            sort: self.sort,
            members: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort == Sort::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Member>>) -> tantivy::Result<Vec<Member>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentMembers {
    type Fruit = Vec<Member>;

    fn collect(&mut self, doc: DocId, score: Score) {
        // a document without a group (none is written so) is its own group
        let own = (u64::from(self.segment) << 32 | u64::from(doc)) | 1 << 63;
        let group = self.groups.as_ref().and_then(|c| c.first(doc));
        let (rank, score) = match self.sort {
            Sort::Relevance => (f64::from(score), Some(score)),
            Sort::Date => {
                let date = self.dates.as_ref().and_then(|c| c.first(doc));
                (
                    date.map_or(f64::NEG_INFINITY, |d| d.into_timestamp_secs() as f64),
                    None,
                )
            }
        };
        self.members.push(Member {
            group: group.unwrap_or(own),
            rank,
            score,
            addr: DocAddress::new(self.segment, doc),
        });
    }

    fn harvest(self) -> Vec<Member> {
        self.members
    }
}

/// The matching documents collapsed into groups: one page of hits (the best
/// member of each group) with the other matching members of their groups.
pub(super) struct Collapsed {
    /// Matching groups.
    pub groups: usize,
    /// The page: each hit's address and score (when ranked by relevance),
    /// and its group's other matching members, best first.
    pub page: Vec<(Option<f32>, DocAddress, Vec<DocAddress>)>,
    /// Every group with more than one matching member: its members.
    pub multi: Vec<Vec<DocAddress>>,
}

impl Collapsed {
    /// Collapses `members` and takes the page of `limit` groups after the
    /// first `offset`.
    pub fn new(mut members: Vec<Member>, offset: usize, limit: usize) -> Collapsed {
        let mut sizes: GroupMap<u32> = GroupMap::default();
        for m in &members {
            *sizes.entry(m.group).or_default() += 1;
        }
        let mut multi: GroupMap<Vec<Member>> = GroupMap::default();
        for m in members.iter().filter(|m| sizes[&m.group] > 1) {
            multi.entry(m.group).or_default().push(*m);
        }
        for list in multi.values_mut() {
            list.sort_by(Member::order);
        }
        // the best `want` groups: rank the first `k` documents, widening
        // until they hold enough groups (copies are few, so once is usual)
        let want = offset.saturating_add(limit);
        let mut k = want.saturating_mul(2).saturating_add(10).min(members.len());
        let reps = loop {
            if k < members.len() {
                members.select_nth_unstable_by(k, Member::order);
            }
            members[..k].sort_by(Member::order);
            let mut seen: GroupMap<()> = GroupMap::default();
            let reps: Vec<Member> = members[..k]
                .iter()
                .filter(|m| seen.insert(m.group, ()).is_none())
                .take(want)
                .copied()
                .collect();
            if reps.len() >= want || k == members.len() {
                break reps;
            }
            k = k.saturating_mul(4).min(members.len());
        };
        let page = reps
            .into_iter()
            .skip(offset)
            .map(|m| {
                let also = multi
                    .get(&m.group)
                    .map(|list| {
                        (list.iter())
                            .filter(|o| o.addr != m.addr)
                            .map(|o| o.addr)
                            .collect()
                    })
                    .unwrap_or_default();
                (m.score, m.addr, also)
            })
            .collect();
        let mut multi: Vec<Vec<DocAddress>> = multi
            .into_values()
            .map(|l| l.into_iter().map(|m| m.addr).collect())
            .collect();
        multi.sort();
        Collapsed {
            groups: sizes.len(),
            page,
            multi,
        }
    }
}

/// The values of a document that facet counts count: region, country, topic
/// and page-type names, site, kind and language (as their counts key them).
#[derive(Debug, Default)]
struct Counted {
    /// (which count, key)
    keys: Vec<(Which, String)>,
}

/// The fast-field readers of one segment that [`Engine::counted`] reads,
/// with the values of the ordinals decoded so far (decoding one costs a
/// dictionary block).
struct SegmentValues {
    /// Region (both levels), topic and page type.
    facets: Vec<(Which, FacetReader, BTreeMap<u64, String>)>,
    /// Site, kind and language.
    keywords: Vec<(Which, StrColumn, BTreeMap<u64, String>)>,
}

impl SegmentValues {
    fn open(reader: &SegmentReader) -> tantivy::Result<SegmentValues> {
        let mut facets = Vec::new();
        for (which, name) in [
            (Which::Region, field::REGION),
            (Which::Topic, field::TOPIC),
            (Which::PageType, field::PAGE_TYPE),
        ] {
            facets.push((which, reader.facet_reader(name)?, BTreeMap::new()));
        }
        let mut keywords = Vec::new();
        for (which, name) in [
            (Which::Site, field::SITE),
            (Which::Kind, field::KIND),
            (Which::Lang, field::LANG),
        ] {
            if let Some(column) = reader.fast_fields().str(name)? {
                keywords.push((which, column, BTreeMap::new()));
            }
        }
        Ok(SegmentValues { facets, keywords })
    }
}

/// The facet counts of [`FacetCounts`] (and of the listing's maps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Which {
    Region,
    Country,
    Topic,
    PageType,
    Site,
    Kind,
    Lang,
}

impl Engine {
    /// The `also` entries of these documents.
    pub(super) fn also_at(&self, addrs: &[DocAddress]) -> Result<Vec<AlsoAt>> {
        let searcher = self.searcher();
        let f = self.fields;
        let mut out = Vec::with_capacity(addrs.len());
        for &addr in addrs {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.ierr(e))?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(|s| crate::terminal::sanitize(s, false))
            };
            out.push(AlsoAt {
                path: text(f.path).unwrap_or_default(),
                url: text(f.url),
                site: text(f.site),
                date: doc
                    .get_first(f.date)
                    .and_then(|v| v.as_datetime())
                    .and_then(|d| dates::format_day(d.into_timestamp_secs())),
            });
        }
        Ok(out)
    }

    /// What of a document the facet counts count, keyed as `key` names a
    /// facet path (`/Africa/Mali`) for each count: read from the same fast
    /// fields as the counts (`values` holds their readers per segment).
    fn counted(
        &self,
        values: &mut BTreeMap<SegmentOrdinal, SegmentValues>,
        addr: DocAddress,
        key: &dyn Fn(Which, &str) -> String,
    ) -> Result<Counted> {
        let seg = match values.entry(addr.segment_ord) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let searcher = self.searcher();
                let reader = searcher.segment_reader(addr.segment_ord);
                e.insert(SegmentValues::open(reader).map_err(|e| self.ierr(e))?)
            }
        };
        let mut keys = Vec::new();
        for (which, reader, names) in &mut seg.facets {
            for ord in reader.facet_ords(addr.doc_id) {
                let path = match names.entry(ord) {
                    std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::btree_map::Entry::Vacant(e) => {
                        let mut facet = Facet::root();
                        reader
                            .facet_from_ord(ord, &mut facet)
                            .map_err(|e| self.ierr(e))?;
                        e.insert(facet.to_path_string())
                    }
                };
                let which = match (*which, facet::depth(path)) {
                    (Which::Region, 1) => Which::Region,
                    (Which::Region, 2) => Which::Country,
                    (Which::Region, _) => continue,
                    (other, _) => other,
                };
                keys.push((which, key(which, path)));
            }
        }
        for (which, column, names) in &mut seg.keywords {
            for ord in column.term_ords(addr.doc_id) {
                let value = match names.entry(ord) {
                    std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::btree_map::Entry::Vacant(e) => {
                        let mut v = String::new();
                        column
                            .ord_to_str(ord, &mut v)
                            .map_err(|e| self.ierr(e.into()))?;
                        e.insert(v.to_lowercase())
                    }
                };
                keys.push((*which, value.clone()));
            }
        }
        keys.sort();
        keys.dedup();
        Ok(Counted { keys })
    }

    /// How much each facet count (by document) exceeds the count by group:
    /// for each group of `multi` and each value, the members holding it less
    /// one. Keys are made by `key` from facet paths.
    pub(super) fn group_excess(
        &self,
        multi: &[Vec<DocAddress>],
        key: &dyn Fn(Which, &str) -> String,
    ) -> Result<BTreeMap<(Which, String), u64>> {
        let mut excess: BTreeMap<(Which, String), u64> = BTreeMap::new();
        let mut values = BTreeMap::new();
        for members in multi {
            let mut holding: BTreeMap<(Which, String), u64> = BTreeMap::new();
            for &addr in members {
                for k in self.counted(&mut values, addr, key)?.keys {
                    *holding.entry(k).or_default() += 1;
                }
            }
            for (k, n) in holding {
                if n > 1 {
                    *excess.entry(k).or_default() += n - 1;
                }
            }
        }
        Ok(excess)
    }

    /// Turns the per-document facet counts of a search into counts of groups.
    pub(super) fn count_groups(
        &self,
        counts: &mut FacetCounts,
        multi: &[Vec<DocAddress>],
    ) -> Result<()> {
        if multi.is_empty() {
            return Ok(());
        }
        let key = |_: Which, p: &str| facet::last(p).to_string();
        for ((which, k), n) in self.group_excess(multi, &key)? {
            let map = match which {
                Which::Region => &mut counts.region,
                Which::Country => &mut counts.country,
                Which::Topic => &mut counts.topic,
                Which::PageType => &mut counts.page_type,
                Which::Site => &mut counts.site,
                Which::Kind => &mut counts.kind,
                Which::Lang => &mut counts.lang,
            };
            subtract(map, &k, n);
        }
        Ok(())
    }
}

/// Lowers `map[key]` by `n`, dropping it at 0.
pub(super) fn subtract(map: &mut BTreeMap<String, u64>, key: &str, n: u64) {
    if let Some(v) = map.get_mut(key) {
        *v = v.saturating_sub(n);
        if *v == 0 {
            map.remove(key);
        }
    }
}
