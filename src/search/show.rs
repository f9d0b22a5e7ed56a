//! One indexed article in full, for reading (`polsearch show`): its fields and
//! its body, with the body's structure when the page had one, all read from
//! what the index stores, so the source folder may have moved or changed.

use serde::Serialize;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::snippet::Snippets;
use super::Engine;
use crate::error::Result;

/// An indexed article as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Stable document id (hex hash of the path).
    pub id: String,
    /// Path of the indexed page, as given to `index`.
    pub path: String,
    /// Headline.
    pub title: String,
    /// Dek, when there is one.
    pub subtitle: Option<String>,
    /// Authors, in byline order.
    pub authors: Vec<String>,
    /// Publication day `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// Site, when known.
    pub site: Option<String>,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// Content kind, when known.
    pub kind: Option<String>,
    /// Regions.
    pub region: Vec<String>,
    /// Countries, by name.
    pub country: Vec<String>,
    /// Topics.
    pub topic: Vec<String>,
    /// The body as indexed: paragraphs separated by blank lines.
    pub body: String,
    /// The body as an HTML fragment with its structure (headings, lists,
    /// quotes, tables, links); `None` when the body has no structure beyond
    /// its paragraphs (text scrapes, plain pages): they are the body's blocks.
    pub markup: Option<String>,
}

impl Engine {
    /// The article that `key` names: its document id, indexed path (or a
    /// trailing part of it, as [`Engine::find`]) or URL.
    pub fn document(&self, key: &str) -> Result<Option<Document>> {
        let f = self.fields;
        let searcher = self.searcher();
        let by_id = TermQuery::new(
            Term::from_field_text(f.id, &key.trim().to_ascii_lowercase()),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(
                &by_id,
                &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
            )
            .map_err(|e| self.ierr(e))?;
        let addr = match top.first() {
            Some((_, addr)) => *addr,
            None => match self.find(key)? {
                Some(addr) => addr,
                None => return Ok(None),
            },
        };
        let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.ierr(e))?;
        let mut no_snippets = Snippets::new(Vec::new(), self.analyzer.clone(), f.body);
        let hit = self.hit(&doc, 0.0, &mut no_snippets);
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let body = doc
            .get_all(f.body)
            .filter_map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        Ok(Some(Document {
            id: text(f.id).unwrap_or_default(),
            path: hit.path,
            title: hit.title,
            subtitle: text(f.subtitle).map(|s| crate::terminal::sanitize(&s, false)),
            authors: hit.authors,
            date: hit.date,
            site: hit.site,
            url: hit.url,
            kind: hit.kind,
            region: hit.region,
            country: hit.country,
            topic: hit.topic,
            body,
            markup: text(f.markup),
        }))
    }
}
