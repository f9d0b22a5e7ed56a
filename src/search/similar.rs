//! Related articles ("more like this"): the source article's most distinctive
//! terms (frequency in the article × rarity in the index) become a weighted
//! query over title and body; the source, its copies (its group) and exact
//! duplicates of its body are left out, and the usual filters apply.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

use super::highlight::Matcher;
use super::query::STOP_WORDS;
use super::snippet::Snippets;
use super::{Engine, Filters, Page, SearchResults, Sort};
use crate::error::{Error, Result};
use crate::extract::Article;

/// Number of distinctive terms that make up the query.
const MAX_TERMS: usize = 25;
/// Number of them highlighted in snippets.
const HIGHLIGHT_TERMS: usize = 10;

/// The article to find relatives of.
#[derive(Debug, Clone)]
pub enum SimilarTarget {
    /// An indexed page, by its path (as indexed, or a trailing part of it) or URL.
    Indexed(String),
    /// An article that need not be in the index (e.g. a page extracted on the fly).
    Article(Box<Article>),
}

/// A "similar articles" request.
#[derive(Debug, Clone)]
pub struct SimilarRequest {
    /// The source article.
    pub target: SimilarTarget,
    /// Filters on the related articles.
    pub filters: Filters,
    /// Number of hits.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Order of the hits.
    pub sort: Sort,
    /// One hit and one count per article (group of copies), as
    /// [`super::SearchRequest::collapse`].
    pub collapse: bool,
}

impl Engine {
    /// Finds an indexed page by path or URL: exact path, exact URL (with or
    /// without a trailing `/`), then the one indexed path that ends with `key`.
    pub fn find(&self, key: &str) -> Result<Option<DocAddress>> {
        let f = &self.fields;
        let searcher = self.searcher();
        let trimmed = key.trim().trim_start_matches("./");
        let mut candidates = vec![
            Term::from_field_text(f.path, key.trim()),
            Term::from_field_text(f.path, trimmed),
            Term::from_field_text(f.url, key.trim()),
        ];
        let alt = if trimmed.ends_with('/') {
            trimmed.trim_end_matches('/').to_string()
        } else {
            format!("{trimmed}/")
        };
        candidates.push(Term::from_field_text(f.url, &alt));
        for term in candidates {
            let q = TermQuery::new(term, IndexRecordOption::Basic);
            let top = searcher
                .search(
                    &q,
                    &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
                )
                .map_err(|e| self.ierr(e))?;
            if let Some((_, addr)) = top.first() {
                return Ok(Some(*addr));
            }
        }
        // a trailing part of an indexed path: "x.html" or "real/x.html"
        let suffix = format!("/{}", trimmed.trim_start_matches('/'));
        let mut found = Vec::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(f.path).map_err(|e| self.ierr(e))?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(|e| Error::io(&self.dir, e))?;
            while stream.advance() {
                if let Ok(path) = std::str::from_utf8(stream.key()) {
                    if path.ends_with(&suffix) || path == trimmed {
                        found.push(path.to_string());
                    }
                }
            }
        }
        found.sort();
        found.dedup();
        match found.len() {
            0 => Ok(None),
            1 => self.find(&found[0]),
            _ => Err(Error::AmbiguousPage {
                key: key.to_string(),
                matches: found,
            }),
        }
    }

    /// Lists the indexed articles most similar to the target.
    pub fn similar(&self, request: &SimilarRequest) -> Result<SearchResults> {
        let f = self.fields;
        let searcher = self.searcher();
        let (article, exclude_path, group) = match &request.target {
            SimilarTarget::Indexed(key) => {
                let addr = self.find(key)?.ok_or_else(|| Error::NotIndexed {
                    key: key.to_string(),
                })?;
                let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.ierr(e))?;
                let text = |field| {
                    doc.get_first(field)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_string()
                };
                let body = doc
                    .get_all(f.body)
                    .filter_map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n");
                let article = Article {
                    title: text(f.title),
                    subtitle: Some(text(f.subtitle)),
                    body,
                    ..Article::default()
                };
                let group = doc.get_first(f.dup_group).and_then(|v| v.as_u64());
                (article, Some(text(f.path)), group)
            }
            SimilarTarget::Article(a) => ((**a).clone(), None, None),
        };
        let terms =
            self.distinctive_terms(&article, if exclude_path.is_some() { 2.0 } else { 1.0 })?;
        if terms.is_empty() {
            return Err(Error::TooLittleText);
        }
        let top = terms[0].1;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (t, w) in &terms {
            let w = w / top;
            let per_field: Vec<(Occur, Box<dyn Query>)> = [(f.title, 2.0 * w), (f.body, w)]
                .into_iter()
                .map(|(field, b)| {
                    let q = TermQuery::new(
                        Term::from_field_text(field, t),
                        IndexRecordOption::WithFreqs,
                    );
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(q), b)) as Box<dyn Query>,
                    )
                })
                .collect();
            clauses.push((Occur::Should, Box::new(BooleanQuery::new(per_field))));
        }
        let min_match = clauses.len().div_ceil(3).clamp(1, 3);
        let query: Box<dyn Query> = Box::new(BooleanQuery::with_minimum_required_clauses(
            clauses, min_match,
        ));
        let mut exclude: Vec<Box<dyn Query>> = Vec::new();
        if let Some(p) = exclude_path {
            exclude.push(Box::new(TermQuery::new(
                Term::from_field_text(f.path, &p),
                IndexRecordOption::Basic,
            )));
        }
        // the article's own copies are the same article, not related ones
        if let Some(g) = group {
            exclude.push(Box::new(TermQuery::new(
                Term::from_field_u64(f.dup_group, g),
                IndexRecordOption::Basic,
            )));
        }
        // exact copies of its body, keyed as the indexer keys them
        exclude.push(Box::new(TermQuery::new(
            Term::from_field_u64(f.body_hash, crate::index::body_key(&article.body)),
            IndexRecordOption::Basic,
        )));
        let query = self.with_filters(query, &request.filters, exclude)?;
        let matchers = terms
            .iter()
            .take(HIGHLIGHT_TERMS)
            .map(|(t, _)| Matcher::Exact(t.clone()))
            .collect();
        let page = Page {
            limit: request.limit,
            offset: request.offset,
            sort: request.sort,
            collapse: request.collapse,
        };
        self.execute(
            &*query,
            &page,
            Snippets::new(matchers, self.analyzer.clone(), f.body),
        )
    }

    /// The article's terms by tf × idf, best first (at most [`MAX_TERMS`]); terms
    /// in fewer than `min_df` documents cannot relate it to another.
    fn distinctive_terms(&self, article: &Article, min_df: f32) -> Result<Vec<(String, f32)>> {
        let searcher = self.searcher();
        let mut tf: HashMap<String, f32> = HashMap::new();
        let mut analyzer = self.analyzer.clone();
        let title_weight = [
            (article.title.as_str(), 2.0),
            (article.subtitle.as_deref().unwrap_or(""), 1.5),
        ];
        for (text, weight) in title_weight
            .into_iter()
            .chain([(article.body.as_str(), 1.0)])
        {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                let t = &stream.token().text;
                if t.chars().count() >= 3
                    && !t.chars().all(|c| c.is_ascii_digit())
                    && !STOP_WORDS.contains(&t.as_str())
                {
                    *tf.entry(t.clone()).or_default() += weight;
                }
            }
        }
        let n = searcher.num_docs() as f32;
        let mut scored = Vec::with_capacity(tf.len());
        for (t, freq) in tf {
            let df = searcher
                .doc_freq(&Term::from_field_text(self.fields.body, &t))
                .map_err(|e| self.ierr(e))? as f32;
            if df < min_df || (n >= 20.0 && df > n * 0.5) {
                continue;
            }
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            scored.push((t, freq.sqrt() * idf));
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        scored.truncate(MAX_TERMS);
        Ok(scored)
    }
}
