//! Counts of the keyword fields (site, kind) over every matching document:
//! a collector that reads each document's term ordinals from the field's
//! fast column and names only the ordinals that occur, once per segment.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Documents per value of the keyword fast fields named in `fields`
/// (the values as the keyword analyzer indexed them: lowercased).
pub struct KeywordCounts {
    fields: Vec<&'static str>,
}

impl KeywordCounts {
    /// Counts the values of these keyword fast fields.
    pub fn new(fields: &[&'static str]) -> KeywordCounts {
        KeywordCounts {
            fields: fields.to_vec(),
        }
    }
}

/// One segment's counts: per field, its column and a count per term ordinal.
pub struct KeywordSegment {
    columns: Vec<Option<(StrColumn, Vec<u64>)>>,
}

impl Collector for KeywordCounts {
    type Fruit = Vec<BTreeMap<String, u64>>;
    type Child = KeywordSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<KeywordSegment> {
        let mut columns = Vec::with_capacity(self.fields.len());
        for name in &self.fields {
            let column = reader.fast_fields().str(name)?;
            columns.push(column.map(|c| {
                let n = c.num_terms();
                (c, vec![0u64; n])
            }));
        }
        Ok(KeywordSegment { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut merged = vec![BTreeMap::new(); self.fields.len()];
        for fruit in fruits {
            for (into, from) in merged.iter_mut().zip(fruit) {
                for (value, n) in from {
                    *into.entry(value).or_insert(0) += n;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for KeywordSegment {
    type Fruit = Vec<BTreeMap<String, u64>>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in self.columns.iter_mut().flatten() {
            for ord in column.term_ords(doc) {
                if let Some(n) = counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = Vec::with_capacity(self.columns.len());
        for column in self.columns {
            let mut map = BTreeMap::new();
            if let Some((column, counts)) = column {
                let mut value = String::new();
                for (ord, &n) in counts.iter().enumerate() {
                    if n == 0 {
                        continue;
                    }
                    value.clear();
                    if column.ord_to_str(ord as u64, &mut value).unwrap_or(false) {
                        map.insert(value.clone(), n);
                    }
                }
            }
            out.push(map);
        }
        out
    }
}
