//! Facet counts of a search, counted as tantivy's `FacetCollector` counts
//! them — under each parent facet, the documents holding each child (a
//! document counts once per child, whether it holds the child or facets
//! below it) — but with each segment's facet dictionary streamed once, when
//! the segment is opened. `FacetCollector` looks each counted facet up by its
//! ordinal when it harvests, which decodes a dictionary block (with a fresh
//! zstd context) per facet and per segment: a quarter of the CPU of a search
//! at a million documents.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts the children of `parents` in a facet field: the fruit maps each
/// child's path (`/Africa/Mali`) to its number of documents.
pub(super) struct ChildCounts {
    field: &'static str,
    /// The parents, encoded as the dictionary holds them (the root: empty).
    parents: Vec<Vec<u8>>,
}

impl ChildCounts {
    /// The children of `parents` in `field`.
    pub(super) fn new(field: &'static str, parents: &[Facet]) -> ChildCounts {
        ChildCounts {
            field,
            parents: parents
                .iter()
                .map(|f| f.encoded_str().as_bytes().to_vec())
                .collect(),
        }
    }

    /// The child of one of the parents that `key` (an encoded facet) is or
    /// lies under, as a prefix of `key`; None when it is under none of them.
    fn child_of<'k>(&self, key: &'k [u8]) -> Option<&'k [u8]> {
        self.parents.iter().find_map(|p| {
            let start = match p.len() {
                0 => 0,
                n if key.len() > n && key.starts_with(p) && key[n] == 0 => n + 1,
                _ => return None,
            };
            let end = (key[start..].iter().position(|&b| b == 0)).map_or(key.len(), |i| start + i);
            Some(&key[..end])
        })
    }
}

/// One segment of [`ChildCounts`].
pub(super) struct ChildSegment {
    reader: FacetReader,
    /// Ordinal → child, by index into `children`.
    child: Vec<Option<u32>>,
    /// The children's paths.
    children: Vec<String>,
    counts: Vec<u64>,
}

impl Collector for ChildCounts {
    type Fruit = BTreeMap<String, u64>;
    type Child = ChildSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<ChildSegment> {
        let reader = reader.facet_reader(self.field)?;
        let mut child = Vec::new();
        let mut children: Vec<String> = Vec::new();
        let mut last: Vec<u8> = Vec::new();
        let mut stream = reader.facet_dict().stream()?;
        // the dictionary is sorted, so the facets under one child follow each other
        while stream.advance() {
            let Some(bytes) = self.child_of(stream.key()) else {
                child.push(None);
                continue;
            };
            if children.is_empty() || bytes != last.as_slice() {
                last = bytes.to_vec();
                let facet = Facet::from_encoded(last.clone())
                    .map_err(|e| tantivy::TantivyError::InvalidArgument(e.to_string()))?;
                children.push(facet.to_path_string());
            }
            child.push(Some(children.len() as u32 - 1));
        }
        let counts = vec![0; children.len()];
        Ok(ChildSegment {
            reader,
            child,
            children,
            counts,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut merged = BTreeMap::new();
        for fruit in fruits {
            for (path, n) in fruit {
                *merged.entry(path).or_insert(0) += n;
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for ChildSegment {
    type Fruit = BTreeMap<String, u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        // a document's ordinals are sorted: those under one child are adjacent
        let mut previous = None;
        for ord in self.reader.facet_ords(doc) {
            let child = self.child.get(ord as usize).copied().flatten();
            if let Some(c) = child.filter(|_| child != previous) {
                self.counts[c as usize] += 1;
            }
            previous = child;
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.children.into_iter().zip(self.counts))
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_facet_stands_for_the_child_of_its_parent_it_lies_under() {
        let f = |p: &str| Facet::from_text(p).unwrap();
        let roots = ChildCounts::new("region", &[Facet::root()]);
        let enc = |p: &str| f(p).encoded_str().as_bytes().to_vec();
        assert_eq!(
            roots.child_of(&enc("/Africa/Mali")),
            Some(enc("/Africa").as_slice())
        );
        assert_eq!(
            roots.child_of(&enc("/Africa")),
            Some(enc("/Africa").as_slice())
        );
        let countries = ChildCounts::new("region", &[f("/Africa"), f("/Europe")]);
        assert_eq!(countries.child_of(&enc("/Africa")), None);
        assert_eq!(countries.child_of(&enc("/Asia/China")), None);
        assert_eq!(countries.child_of(&enc("/Africana/X")), None);
        assert_eq!(
            countries.child_of(&enc("/Europe/France/Paris")),
            Some(enc("/Europe/France").as_slice())
        );
    }
}
