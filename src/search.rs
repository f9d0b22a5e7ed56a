//! Searching the index: a [`SearchRequest`] (query text, filters, limit) becomes
//! [`SearchResults`] (ranked hits with snippets, facet counts over all matches).
//! (First version: query parser + region/topic filters.)

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::schema::Fields;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Query text in polsearch's query language.
    pub query: String,
    /// Only articles in any of these regions (`Africa`, or `Africa/Mali`).
    pub regions: Vec<String>,
    /// Only articles with any of these topics.
    pub topics: Vec<String>,
    /// Number of hits to return.
    pub limit: usize,
}

/// One ranked hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Path of the indexed page.
    pub path: String,
    /// Headline.
    pub title: String,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// Publication day `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// Site, when known.
    pub site: Option<String>,
    /// Regions.
    pub region: Vec<String>,
    /// Topics.
    pub topic: Vec<String>,
    /// BM25 score.
    pub score: f32,
    /// Body excerpt with the matched terms between `[[` and `]]`... see `highlights`.
    pub snippet: String,
    /// Byte ranges of the matched terms in `snippet`.
    pub highlights: Vec<(usize, usize)>,
}

/// Facet counts over all matching documents.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FacetCounts {
    /// Documents per region.
    pub region: BTreeMap<String, u64>,
    /// Documents per topic.
    pub topic: BTreeMap<String, u64>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Number of matching documents.
    pub total: usize,
    /// The top hits, best first.
    pub hits: Vec<Hit>,
    /// Facet counts over all matching documents.
    pub facets: FacetCounts,
}

/// Runs `request` against the index at `index_dir`.
pub fn search(index_dir: &Path, request: &SearchRequest) -> Result<SearchResults> {
    let index = crate::index::open(index_dir)?;
    search_index(&index, request).map_err(|e| match e {
        Error::Index { source, .. } => Error::index(index_dir, source),
        e => e,
    })
}

/// Runs `request` against an open index.
pub fn search_index(index: &Index, request: &SearchRequest) -> Result<SearchResults> {
    let ierr = |e| Error::index("", e);
    let fields = Fields::new(&index.schema()).map_err(ierr)?;
    let reader = index.reader().map_err(ierr)?;
    let searcher = reader.searcher();
    let mut parser = QueryParser::for_index(index, vec![fields.title, fields.subtitle, fields.body]);
    parser.set_field_boost(fields.title, 3.0);
    parser.set_field_boost(fields.subtitle, 1.5);
    parser.set_conjunction_by_default();
    let text_query = parser.parse_query(&request.query).map_err(|e| Error::Query(e.to_string()))?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query.box_clone())];
    for (values, field) in [(&request.regions, fields.region), (&request.topics, fields.topic)] {
        if values.is_empty() {
            continue;
        }
        let any: Vec<(Occur, Box<dyn Query>)> = values
            .iter()
            .map(|v| {
                let facet = Facet::from_path(v.split('/').filter(|s| !s.is_empty()));
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(Term::from_facet(field, &facet), IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    let query = BooleanQuery::new(clauses);
    let mut region_facets = FacetCollector::for_field("region");
    region_facets.add_facet("/");
    let mut topic_facets = FacetCollector::for_field("topic");
    topic_facets.add_facet("/");
    let limit = request.limit.max(1);
    let (top, total, regions, topics) = searcher
        .search(&query, &(TopDocs::with_limit(limit).order_by_score(), Count, region_facets, topic_facets))
        .map_err(ierr)?;
    let mut snippets = SnippetGenerator::create(&searcher, &*text_query, fields.body).map_err(ierr)?;
    snippets.set_max_num_chars(240);
    let mut hits = Vec::new();
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr).map_err(ierr)?;
        let text = |f| doc.get_first(f).and_then(|v| v.as_str()).map(str::to_string);
        let facets = |f| {
            doc.get_all(f)
                .filter_map(|v| v.as_facet().map(|s| s.trim_start_matches('/').to_string()))
                .filter(|s| !s.contains('/'))
                .collect::<Vec<_>>()
        };
        let snippet = snippets.snippet_from_doc(&doc);
        let date = doc
            .get_first(fields.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .map(|d| d.date_naive().to_string());
        hits.push(Hit {
            path: text(fields.path).unwrap_or_default(),
            title: crate::terminal::sanitize(&text(fields.title).unwrap_or_default(), false),
            url: text(fields.url),
            date,
            site: text(fields.site),
            region: facets(fields.region),
            topic: facets(fields.topic),
            score,
            snippet: crate::terminal::sanitize(snippet.fragment(), false),
            highlights: snippet.highlighted().iter().map(|r| (r.start, r.end)).collect(),
        });
    }
    let counts = |fc: tantivy::collector::FacetCounts| {
        fc.get("/").map(|(f, n)| (f.to_path_string().trim_start_matches('/').to_string(), n)).collect()
    };
    Ok(SearchResults { total, hits, facets: FacetCounts { region: counts(regions), topic: counts(topics) } })
}
