//! Handing the index to a distributed engine: every live document of an index,
//! streamed from its doc store one segment at a time (memory flat however big
//! the index), written as Elasticsearch/OpenSearch `_bulk` NDJSON, Quickwit
//! NDJSON or plain NDJSON (Meilisearch, Typesense), with the index definitions
//! that go with them ([`mapping`]). The fields come from the index's schema
//! ([`fields`]), so a field added to the schema is exported without a change
//! here. Each document keeps polsearch's stable `id` (a hash of its path),
//! which is the `_id` of the bulk format: exporting again updates in place.

pub mod fields;
pub mod mapping;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value as Json};
use tantivy::{Index, ReloadPolicy, Searcher, TantivyDocument};

use crate::error::{Error, Result};
use crate::schema::field;
pub use fields::{ExportField, Kind};

/// Doc-store blocks kept decompressed while reading a segment: reading in
/// order needs one; a few spare for the block boundaries.
const STORE_CACHE_BLOCKS: usize = 4;

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Elasticsearch/OpenSearch `_bulk`: an `index` action line with `_index`
    /// and `_id`, then the document.
    Elasticsearch,
    /// Quickwit: one document per line (Quickwit's ingest format).
    Quickwit,
    /// One plain JSON document per line.
    Ndjson,
}

impl Format {
    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Elasticsearch => "elasticsearch",
            Format::Quickwit => "quickwit",
            Format::Ndjson => "ndjson",
        }
    }
}

/// An exported document: its stable id and its fields.
#[derive(Debug, Clone)]
pub struct ExportDoc {
    /// polsearch's id of the document (also in `fields` as `id`).
    pub id: String,
    /// The document as JSON.
    pub fields: Map<String, Json>,
}

/// Reads the documents of an index for export.
pub struct Exporter {
    dir: PathBuf,
    index: Index,
    searcher: Searcher,
    fields: Vec<ExportField>,
}

impl Exporter {
    /// Opens the index at `dir` on its last commit.
    pub fn open(dir: &Path) -> Result<Exporter> {
        if !crate::index::exists(dir) {
            return Err(Error::NoIndex {
                path: dir.to_path_buf(),
            });
        }
        let index = crate::index::open(dir)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::index(dir, e))?;
        let fields = fields::export_fields(&index.schema());
        Ok(Exporter {
            dir: dir.to_path_buf(),
            searcher: reader.searcher(),
            index,
            fields,
        })
    }

    /// The exported fields.
    pub fn fields(&self) -> &[ExportField] {
        &self.fields
    }

    /// Live documents in the index.
    pub fn documents(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// The index definition for `format` as text: the Elasticsearch mapping
    /// (JSON), the Quickwit index config (YAML) for `index_name`, or for
    /// NDJSON the Typesense collection schema (JSON) named `index_name`.
    pub fn mapping(&self, format: Format, index_name: &str) -> String {
        match format {
            Format::Elasticsearch => pretty(&mapping::elasticsearch(&self.fields)),
            Format::Quickwit => mapping::quickwit(&self.fields, index_name),
            Format::Ndjson => pretty(&mapping::typesense(&self.fields, index_name)),
        }
    }

    /// Calls `f` on every live document, segment by segment in doc-store
    /// order; with `since` (nanoseconds since the epoch), only on documents
    /// whose file changed at or after it. Returns the number of documents
    /// passed to `f`; stops at `f`'s first error.
    pub fn for_each<E: From<Error>>(
        &self,
        since: Option<i64>,
        mut f: impl FnMut(&ExportDoc) -> std::result::Result<(), E>,
    ) -> std::result::Result<u64, E> {
        let ierr = |e| Error::index(&self.dir, e);
        let mut n = 0;
        for segment in self.searcher.segment_readers() {
            let store = segment
                .get_store_reader(STORE_CACHE_BLOCKS)
                .map_err(|e| Error::io(&self.dir, e))?;
            let mtime = match since {
                Some(_) => Some(segment.fast_fields().i64(field::MTIME).map_err(ierr)?),
                None => None,
            };
            let docs = store.iter::<TantivyDocument>(segment.alive_bitset());
            for (doc_id, doc) in segment.doc_ids_alive().zip(docs) {
                if let (Some(since), Some(col)) = (since, &mtime) {
                    if col.first(doc_id).unwrap_or(0) < since {
                        continue;
                    }
                }
                let doc = doc.map_err(ierr)?;
                let fields = fields::to_json(&self.fields, &doc);
                let id = fields
                    .get(field::ID)
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_string();
                f(&ExportDoc { id, fields })?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Writes every live document (see [`Exporter::for_each`]) to `out` in
    /// `format`; `index_name` is the `_index` of the bulk action lines, and
    /// `out_name` names `out` in errors. Returns the number of documents written.
    pub fn write(
        &self,
        format: Format,
        index_name: &str,
        since: Option<i64>,
        out: &mut dyn Write,
        out_name: &Path,
    ) -> Result<u64> {
        let io = |e| Error::io(out_name, e);
        self.for_each(since, |doc| {
            write_doc(format, index_name, doc, &mut *out).map_err(io)
        })
    }

    /// The index this exporter reads.
    pub fn index(&self) -> &Index {
        &self.index
    }
}

/// Writes one document in `format` (one or two lines, each ending in `\n`).
pub fn write_doc(
    format: Format,
    index_name: &str,
    doc: &ExportDoc,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if format == Format::Elasticsearch {
        let action = serde_json::json!({"index": {"_index": index_name, "_id": doc.id}});
        serde_json::to_writer(&mut *out, &action)?;
        out.write_all(b"\n")?;
    }
    serde_json::to_writer(&mut *out, &doc.fields)?;
    out.write_all(b"\n")
}

fn pretty(v: &Json) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Reads `--since`: a day (`2024-03-01`, midnight UTC) or an RFC 3339 time,
/// as nanoseconds since the epoch.
pub fn parse_since(text: &str) -> Result<i64> {
    let bad = |reason: String| Error::Option {
        option: "--since".into(),
        reason,
    };
    let secs = if let Ok(day) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        day.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .unwrap_or_default()
    } else if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        t.timestamp()
    } else {
        return Err(bad(format!(
            "'{text}' is not a day (2024-03-01) or an RFC 3339 time (2024-03-01T12:00:00Z)"
        )));
    };
    secs.checked_mul(1_000_000_000)
        .ok_or_else(|| bad(format!("'{text}' is out of range")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_a_day_or_a_time() {
        assert_eq!(parse_since("1970-01-02").unwrap(), 86_400_000_000_000);
        assert_eq!(
            parse_since("1970-01-01T00:00:01+00:00").unwrap(),
            1_000_000_000
        );
        let e = parse_since("yesterday").unwrap_err().to_string();
        assert!(e.starts_with("--since: 'yesterday' is not a day"), "{e}");
    }

    #[test]
    fn a_bulk_document_is_an_action_line_then_the_document() {
        let mut fields = Map::new();
        fields.insert("id".into(), "abc".into());
        fields.insert("title".into(), "T".into());
        let doc = ExportDoc {
            id: "abc".into(),
            fields,
        };
        let mut out = Vec::new();
        write_doc(Format::Elasticsearch, "pol", &doc, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<Json> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            lines,
            [
                serde_json::json!({"index": {"_index": "pol", "_id": "abc"}}),
                serde_json::json!({"id": "abc", "title": "T"}),
            ]
        );
        let mut out = Vec::new();
        write_doc(Format::Ndjson, "pol", &doc, &mut out).unwrap();
        assert_eq!(out.iter().filter(|b| **b == b'\n').count(), 1);
    }
}
