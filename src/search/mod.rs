//! Searching the index: a [`SearchRequest`] (query text in polsearch's query
//! language, filters, order, page) becomes [`SearchResults`] (ranked hits with
//! highlighted snippets, facet counts over every match).
//!
//! [`Engine`] opens a reader once and answers any number of requests; stored
//! documents are only loaded, and snippets only made, for the hits returned.
//! Submodules: [`query`] (the query language), [`facet`] (region/country/topic
//! names resolved against the index), [`dates`], [`snippet`] (with the
//! [`highlight`] matchers it looks for), [`distance`], plus
//! [`Engine::similar`] (related articles) and [`Engine::stats`].

pub mod dates;
pub mod distance;
pub mod dups;
pub mod facet;
mod facet_counts;
pub mod highlight;
pub mod keywords;
pub mod lang;
pub mod query;
pub mod rank;
mod show;
mod similar;
pub mod snippet;
mod stats;
pub mod timeline;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, RegexQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, Order, ReloadPolicy, Searcher, TantivyDocument, Term,
};

pub use rank::RankParams;
pub use show::Document;
pub use similar::{SimilarRequest, SimilarTarget};
pub use stats::{FacetListing, IndexStats};
pub use timeline::{Granularity, Timeline};

use crate::error::{Error, Result};
use crate::schema::{field, Fields, TEXT_TOKENIZER};
use crate::PageType;
use facet::{FacetDict, FacetKind};
use facet_counts::ChildCounts;
use highlight::Matcher;
use snippet::Snippets;

/// Order of the hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (BM25 with field boosts).
    #[default]
    Relevance,
    /// Newest first; undated articles last.
    Date,
}

/// Filters that narrow a search (or a list of similar articles). Within one
/// filter the values are alternatives (OR); different filters must all hold.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Regions or `Region/Country` paths (`Africa`, `Africa/Mali`, `mali`).
    pub regions: Vec<String>,
    /// Countries (`Mali`).
    pub countries: Vec<String>,
    /// Topics (`War & Conflict`).
    pub topics: Vec<String>,
    /// Sites: a whole site value or a dot-separated part of it (`crisisgroup`).
    pub sites: Vec<String>,
    /// Authors: a name or a part of it (`Jane Doe`, `doe`).
    pub authors: Vec<String>,
    /// Content kinds (`analysis`), case-insensitive.
    pub kinds: Vec<String>,
    /// Published on or after this date (`2023`, `2023-11`, `2023-11-14`).
    pub since: Option<String>,
    /// Published on or before the end of this date's period.
    pub until: Option<String>,
    /// Page types (`listing`, `forum`…). When empty, every type but the
    /// teaser pages (listings and collections) is searched, unless
    /// `all_page_types` is set or the query names a `page_type:`.
    pub page_types: Vec<String>,
    /// Search every page type, listings and collections included.
    pub all_page_types: bool,
    /// Languages: ISO 639-1 codes or names (`fr`, `French`).
    pub langs: Vec<String>,
}

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Query text in polsearch's query language (see [`query`]).
    pub query: String,
    /// Only articles in any of these regions (`Africa`, or `Africa/Mali`).
    pub regions: Vec<String>,
    /// Only articles with any of these topics.
    pub topics: Vec<String>,
    /// Number of hits to return (0 = only count).
    pub limit: usize,
    /// Number of hits to skip (paging).
    pub offset: usize,
    /// Order of the hits.
    pub sort: Sort,
    /// Further filters (countries, sites, authors, kinds, dates); its `regions`
    /// and `topics` add to the ones above.
    pub filters: Filters,
    /// One hit per article: near-duplicate copies (reprints, re-scrapes) of a
    /// listed hit go into its `also` instead of being hits of their own, and
    /// `total` and the facets count articles (groups of copies), see [`dups`].
    /// Otherwise every copy is a hit and is counted.
    pub collapse: bool,
}

/// One ranked hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Path of the indexed page, as given to `index`.
    pub path: String,
    /// Headline.
    pub title: String,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// Publication day `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// Site (the registrable domain, `politico.com`), when known.
    pub site: Option<String>,
    /// The site's own name (`POLITICO`), when the page gives one.
    pub site_name: Option<String>,
    /// Content kind (Analysis, Opinion…), when known.
    pub kind: Option<String>,
    /// Language, ISO 639-1 (`fr`), when identified.
    pub lang: Option<String>,
    /// Page type (`article`, `listing`…), when indexed.
    pub page_type: Option<String>,
    /// Authors, in byline order.
    pub authors: Vec<String>,
    /// Regions (`Africa`).
    pub region: Vec<String>,
    /// Countries, by name (`Mali`); their region is in `region`.
    pub country: Vec<String>,
    /// Topics.
    pub topic: Vec<String>,
    /// Relevance score (BM25 with boosts), also when sorted by date.
    pub score: f32,
    /// Best passage of the body, one line, plain text.
    pub snippet: String,
    /// Byte ranges `[start, end)` of the matched terms in `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// Other copies of this article (reprints, re-scrapes) when the search
    /// collapses them ([`SearchRequest::collapse`]); empty otherwise.
    pub also: Vec<dups::AlsoAt>,
}

/// Facet counts over all matching documents.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FacetCounts {
    /// Documents per region.
    pub region: BTreeMap<String, u64>,
    /// Documents per country (by name).
    pub country: BTreeMap<String, u64>,
    /// Documents per topic.
    pub topic: BTreeMap<String, u64>,
    /// Documents per page type (of the types searched).
    pub page_type: BTreeMap<String, u64>,
    /// Documents per site (the registrable domain).
    pub site: BTreeMap<String, u64>,
    /// Documents per content kind (lowercased: `analysis`).
    pub kind: BTreeMap<String, u64>,
    /// Documents per language (ISO 639-1 code).
    pub lang: BTreeMap<String, u64>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Number of matching articles: groups of copies when the search
    /// collapses them ([`SearchRequest::collapse`]), else documents.
    pub total: usize,
    /// Number of matching documents, every copy counted.
    pub documents: usize,
    /// The hits of the requested page, best (or newest) first.
    pub hits: Vec<Hit>,
    /// Facet counts over all matching articles (counted as `total` is).
    pub facets: FacetCounts,
    /// When a natural query was relaxed from "every word" to "most words":
    /// how (and [`Relaxed::notice`] says it in one line).
    pub relaxed: Option<Relaxed>,
}

/// How a natural query was relaxed: too few articles had all its words, so
/// the results are the articles with at least `min_words` of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relaxed {
    /// Distinct words of the query that count (stop words left out).
    pub words: usize,
    /// Articles that have every word.
    pub with_all_words: usize,
    /// The fewest words a shown article has.
    pub min_words: usize,
    /// The one-line notice: `no article has all 5 words; showing articles with 4 of them`.
    pub notice: String,
}

impl Relaxed {
    /// The relaxation from `words` to `min_words`, with `with_all_words`
    /// articles having them all.
    pub fn new(words: usize, with_all_words: usize, min_words: usize) -> Relaxed {
        let which = if min_words + 1 == words {
            format!("{min_words} of them")
        } else {
            format!("at least {min_words} of them")
        };
        let notice = match with_all_words {
            0 => format!("no article has all {words} words; showing articles with {which}"),
            1 => {
                format!("only 1 article has all {words} words; also showing articles with {which}")
            }
            n => format!(
                "only {n} articles have all {words} words; also showing articles with {which}"
            ),
        };
        Relaxed {
            words,
            with_all_words,
            min_words,
            notice,
        }
    }
}

/// The languages (analysis codes) of the index's pages besides English, with
/// their fields and analyzers: the terms of the `lang` field over every segment.
fn index_languages(
    searcher: &Searcher,
    fields: &Fields,
) -> tantivy::Result<Vec<query::LangSearch>> {
    let mut codes = std::collections::BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(fields.lang)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let lang = String::from_utf8_lossy(stream.key()).into_owned();
            codes.extend(crate::analysis::analysis_of(Some(&lang)));
        }
    }
    Ok(codes
        .into_iter()
        .filter_map(|code| {
            Some(query::LangSearch {
                fields: *fields.lang_fields(code)?,
                analyzer: crate::analysis::Analyzer::new(code)?,
            })
        })
        .collect())
}

/// An open index, ready to answer searches: reader, field handles, analyzers
/// and facet dictionary are set up once.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: TextAnalyzer,
    normalizer: TextAnalyzer,
    facets: FacetDict,
    rank: RankParams,
    dir: PathBuf,
    /// The languages the index holds pages in, besides English.
    langs: Vec<query::LangSearch>,
}

impl Engine {
    /// Opens the index folder `dir`.
    pub fn open(dir: &Path) -> Result<Engine> {
        if !crate::index::exists(dir) {
            return Err(Error::NoIndex {
                path: dir.to_path_buf(),
            });
        }
        let index = crate::index::open(dir)?;
        Engine::new(index, dir)
    }

    /// Wraps an open index; `dir` only names it in errors.
    pub fn new(index: Index, dir: &Path) -> Result<Engine> {
        let ierr = |e| Error::index(dir, e);
        let fields = Fields::new(&index.schema()).map_err(ierr)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(ierr)?;
        let analyzer = index
            .tokenizers()
            .get(TEXT_TOKENIZER)
            .ok_or_else(|| Error::Tokenizer {
                path: dir.to_path_buf(),
                name: TEXT_TOKENIZER.to_string(),
            })?;
        let normalizer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let taxonomy = crate::index::taxonomy_names(&index).map_err(ierr)?;
        let facets = FacetDict::load(&reader.searcher(), taxonomy).map_err(ierr)?;
        let langs = index_languages(&reader.searcher(), &fields).map_err(ierr)?;
        Ok(Engine {
            index,
            reader,
            fields,
            analyzer,
            normalizer,
            facets,
            rank: RankParams::default(),
            dir: dir.to_path_buf(),
            langs,
        })
    }

    /// The searcher of the current reader.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The index's facet dictionary.
    pub fn facet_dict(&self) -> &FacetDict {
        &self.facets
    }

    fn ierr(&self, e: tantivy::TantivyError) -> Error {
        Error::index(&self.dir, e)
    }

    /// Parses a query of the query language into a tantivy query (every word
    /// of a natural query required) and its highlight terms.
    pub fn parse(&self, text: &str) -> Result<(Box<dyn Query>, Vec<Matcher>)> {
        let compiled = self.compile(text, &self.rank)?;
        Ok((compiled.query, compiled.matchers))
    }

    fn compile(&self, text: &str, rank: &RankParams) -> Result<query::Compiled> {
        let searcher = self.searcher();
        let mut ctx = query::Context {
            searcher: &searcher,
            fields: &self.fields,
            analyzer: self.analyzer.clone(),
            normalizer: self.normalizer.clone(),
            facets: &self.facets,
            rank,
            langs: self.langs.clone(),
        };
        query::compile(text, &mut ctx).map_err(Error::Query)
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.search_ranked(request, &self.rank)
    }

    /// Runs a search with these ranking parameters instead of the built-in
    /// ones (for tuning them).
    ///
    /// A natural query first requires every word; when fewer than
    /// [`RankParams::relax_threshold`] articles have them all, it shows the
    /// articles with the most of them that reach that number (down to one
    /// word), and [`SearchResults::relaxed`] says so.
    pub fn search_ranked(
        &self,
        request: &SearchRequest,
        rank: &RankParams,
    ) -> Result<SearchResults> {
        let compiled = self.compile(&request.query, rank)?;
        let mut filters = request.filters.clone();
        filters.regions.extend(request.regions.iter().cloned());
        filters.topics.extend(request.topics.iter().cloned());
        // a query that names a page type has asked for it
        filters.all_page_types |= compiled.names_page_type;
        let snippets = || {
            let mut s = Snippets::new(
                compiled.matchers.clone(),
                self.analyzer.clone(),
                self.fields.body,
            );
            for (code, matchers) in &compiled.lang_matchers {
                if let Some(a) = crate::analysis::text_analyzer(code) {
                    s.add_language(code, Snippets::new(matchers.clone(), a, self.fields.body));
                }
            }
            s
        };
        let query = self.with_filters(compiled.query.box_clone(), &filters, Vec::new())?;
        let Some(words) = compiled.words.as_ref().filter(|w| w.query.len() >= 2) else {
            return self.run_page(&*query, request, snippets());
        };
        let n = words.query.len();
        let searcher = self.searcher();
        let threshold = rank.relax_threshold(searcher.num_docs());
        // counted first, so that a relaxed query is collected (top hits,
        // facets, snippets) only once; the choice below only compares counts
        // under `threshold`, so counting stops there
        let count = |q: &dyn Query| count_up_to(&searcher, q, threshold).map_err(|e| self.ierr(e));
        let with_all = count(&*query)?;
        if with_all >= threshold {
            return self.run_page(&*query, request, snippets());
        }
        let mut chosen = None;
        for min in (1..n).rev() {
            let q = self.with_filters(words.with_min_match(min), &filters, Vec::new())?;
            let found = count(&*q)?;
            if found > with_all && (found >= threshold || min == 1) {
                chosen = Some((min, q));
                break;
            }
        }
        let Some((min, q)) = chosen else {
            return self.run_page(&*query, request, snippets());
        };
        let mut results = self.run_page(&*q, request, snippets())?;
        results.relaxed = Some(Relaxed::new(n, with_all, min));
        Ok(results)
    }

    /// The requested page of `query`'s hits; with `request.collapse`, copies of
    /// one article are one hit and one count (see [`dups`]).
    fn run_page(
        &self,
        query: &dyn Query,
        request: &SearchRequest,
        snippets: Snippets,
    ) -> Result<SearchResults> {
        let page = Page {
            limit: request.limit,
            offset: request.offset,
            sort: request.sort,
            collapse: request.collapse,
        };
        self.execute(query, &page, snippets)
    }

    /// `query` restricted by `filters` and with the `exclude` queries ruled out.
    fn with_filters(
        &self,
        query: Box<dyn Query>,
        filters: &Filters,
        exclude: Vec<Box<dyn Query>>,
    ) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        let any = |subs: Vec<Box<dyn Query>>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                subs.into_iter().map(|q| (Occur::Should, q)).collect(),
            ))
        };
        for (values, kind) in [
            (&filters.regions, FacetKind::Region),
            (&filters.countries, FacetKind::Country),
            (&filters.topics, FacetKind::Topic),
        ] {
            if values.is_empty() {
                continue;
            }
            let field = if kind == FacetKind::Topic {
                f.topic
            } else {
                f.region
            };
            let mut subs: Vec<Box<dyn Query>> = Vec::new();
            for v in values {
                let facets = self.facets.resolve(kind, v).map_err(Error::Facet)?;
                for facet in facets {
                    subs.push(Box::new(TermQuery::new(
                        Term::from_facet(field, &facet),
                        IndexRecordOption::Basic,
                    )));
                }
            }
            clauses.push((Occur::Must, any(subs)));
        }
        if !filters.sites.is_empty() {
            let mut subs: Vec<Box<dyn Query>> = Vec::new();
            for s in &filters.sites {
                // the domain or a dot-separated part of it (`reuters` finds
                // `reuters.com`), or whole words of the site's name (`le monde`)
                let value = regex::escape(&s.trim().to_lowercase());
                let q = RegexQuery::from_pattern(&format!("(.*\\.)?{value}(\\..*)?"), f.site)
                    .map_err(|e| self.ierr(e))?;
                subs.push(Box::new(q));
                let words = format!("(.*[^a-z0-9])?{value}([^a-z0-9].*)?");
                let q = RegexQuery::from_pattern(&words, f.site_name).map_err(|e| self.ierr(e))?;
                subs.push(Box::new(q));
            }
            clauses.push((Occur::Must, any(subs)));
        }
        if !filters.kinds.is_empty() {
            let subs = filters
                .kinds
                .iter()
                .map(|k| -> Box<dyn Query> {
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.kind, &k.trim().to_lowercase()),
                        IndexRecordOption::Basic,
                    ))
                })
                .collect();
            clauses.push((Occur::Must, any(subs)));
        }
        if !filters.langs.is_empty() {
            let mut subs: Vec<Box<dyn Query>> = Vec::new();
            for l in &filters.langs {
                subs.push(query::lang_query(f.lang, l).map_err(Error::Facet)?);
            }
            clauses.push((Occur::Must, any(subs)));
        }
        if !filters.authors.is_empty() {
            let mut subs: Vec<Box<dyn Query>> = Vec::new();
            for a in &filters.authors {
                let text = format!("author:\"{}\"", a.replace('"', " "));
                let (q, _) = self.parse(&text).map_err(|_| Error::Option {
                    option: "--author".into(),
                    reason: format!("no name in '{a}'"),
                })?;
                subs.push(q);
            }
            clauses.push((Occur::Must, any(subs)));
        }
        clauses.extend(self.page_type_clauses(filters)?);
        if filters.since.is_some() || filters.until.is_some() {
            let since = filters.since.as_deref().unwrap_or("*");
            let until = filters.until.as_deref().unwrap_or("*");
            let q = query::date_range(f.date, since, until, true, true).map_err(|e| {
                let flag = if dates::parse_period(since).is_err() && since != "*" {
                    "--since"
                } else {
                    "--until"
                };
                Error::Option {
                    option: flag.into(),
                    reason: e.to_string(),
                }
            })?;
            clauses.push((Occur::Must, q));
        }
        clauses.extend(exclude.into_iter().map(|q| (Occur::MustNot, q)));
        if clauses.len() == 1 {
            return Ok(clauses.pop().unwrap().1);
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// The page-type part of the filters: any of the types asked for, else
    /// no listing or collection page (unless every type is asked for).
    fn page_type_clauses(&self, filters: &Filters) -> Result<Vec<(Occur, Box<dyn Query>)>> {
        let term = |t: PageType| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_facet(
                    self.fields.page_type,
                    &crate::schema::page_type_facet(t.name()),
                ),
                IndexRecordOption::Basic,
            ))
        };
        if !filters.page_types.is_empty() {
            let mut subs = Vec::new();
            for name in &filters.page_types {
                let t = PageType::parse(name).ok_or_else(|| Error::Option {
                    option: "--page-type".into(),
                    reason: format!(
                        "unknown page type '{}' (article, listing, collection, forum, \
                         product, documentation, service)",
                        name.trim()
                    ),
                })?;
                subs.push((Occur::Should, term(t)));
            }
            let q: Box<dyn Query> = Box::new(BooleanQuery::new(subs));
            return Ok(vec![(Occur::Must, q)]);
        }
        if filters.all_page_types {
            return Ok(Vec::new());
        }
        Ok(PageType::ALL
            .into_iter()
            .filter(|t| t.is_teaser_page())
            .map(|t| (Occur::MustNot, term(t)))
            .collect())
    }

    /// Collectors for the region, country (children of each region present in
    /// the index) and topic counts, and those region roots.
    fn facet_collectors(&self) -> ((FacetCollector, FacetCollector, FacetCollector), Vec<Facet>) {
        let mut region = FacetCollector::for_field(field::REGION);
        region.add_facet(Facet::root());
        let mut country = FacetCollector::for_field(field::REGION);
        let roots = self.facets.region_roots();
        for r in &roots {
            country.add_facet(r.clone());
        }
        let mut topic = FacetCollector::for_field(field::TOPIC);
        topic.add_facet(Facet::root());
        ((region, country, topic), roots)
    }

    /// Runs `query`: the requested page of hits, total and facet counts.
    fn execute(
        &self,
        query: &dyn Query,
        page: &Page,
        mut snippets: Snippets,
    ) -> Result<SearchResults> {
        let searcher = self.searcher();
        let roots = self.facets.region_roots();
        let region = ChildCounts::new(field::REGION, &[Facet::root()]);
        let country = ChildCounts::new(field::REGION, &roots);
        let topic = ChildCounts::new(field::TOPIC, &[Facet::root()]);
        let top = TopDocs::with_limit(page.limit.max(1)).and_offset(page.offset);
        let page_type = ChildCounts::new(field::PAGE_TYPE, &[Facet::root()]);
        let keywords = keywords::KeywordCounts::new(&[field::SITE, field::KIND, field::LANG]);
        let counts = (Count, region, country, (topic, page_type, keywords));
        let mut collapsed = None;
        let (addrs, (total, regions, countries, (topics, page_types, mut keyword_counts))): (
            Vec<(Option<f32>, DocAddress)>,
            _,
        ) = match page.sort {
            _ if page.collapse => {
                let grouped = dups::GroupedMatches { sort: page.sort };
                let (members, rest) = searcher
                    .search(query, &(grouped, counts))
                    .map_err(|e| self.ierr(e))?;
                let c = dups::Collapsed::new(members, page.offset, page.limit);
                let addrs = c.page.iter().map(|(s, a, _)| (*s, *a)).collect();
                collapsed = Some(c);
                (addrs, rest)
            }
            Sort::Relevance => {
                let (top, rest) = searcher
                    .search(query, &(top.order_by_score(), counts))
                    .map_err(|e| self.ierr(e))?;
                (top.into_iter().map(|(s, a)| (Some(s), a)).collect(), rest)
            }
            Sort::Date => {
                let collector =
                    top.order_by_fast_field::<tantivy::DateTime>(field::DATE, Order::Desc);
                let (top, rest) = searcher
                    .search(query, &(collector, counts))
                    .map_err(|e| self.ierr(e))?;
                (top.into_iter().map(|(_, a)| (None, a)).collect(), rest)
            }
        };
        let addrs = if page.limit == 0 { Vec::new() } else { addrs };
        let weight = if addrs.iter().any(|(s, _)| s.is_none()) {
            Some(
                query
                    .weight(EnableScoring::enabled_from_searcher(&searcher))
                    .map_err(|e| self.ierr(e))?,
            )
        } else {
            None
        };
        let mut hits = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs {
            let score = match (score, &weight) {
                (Some(s), _) => s,
                (None, Some(w)) => {
                    let mut scorer = w
                        .scorer(searcher.segment_reader(addr.segment_ord), 1.0)
                        .map_err(|e| self.ierr(e))?;
                    if scorer.seek(addr.doc_id) == addr.doc_id {
                        scorer.score()
                    } else {
                        0.0
                    }
                }
                (None, None) => 0.0,
            };
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.ierr(e))?;
            hits.push(self.hit(&doc, score, &mut snippets));
        }
        if let Some(c) = &collapsed {
            for (hit, (_, _, also)) in hits.iter_mut().zip(&c.page) {
                hit.also = self.also_at(also)?;
            }
        }
        // counts keyed by the last name of their facet (`Mali`), countries
        // of the same name under two regions added up
        let by_name = |fc: &BTreeMap<String, u64>| -> BTreeMap<String, u64> {
            let mut out = BTreeMap::new();
            for (path, n) in fc {
                *out.entry(facet::last(path).to_string()).or_insert(0) += n;
            }
            out
        };
        let mut facets = FacetCounts {
            region: by_name(&regions),
            country: by_name(&countries),
            topic: by_name(&topics),
            page_type: by_name(&page_types),
            lang: keyword_counts.pop().unwrap_or_default(),
            kind: keyword_counts.pop().unwrap_or_default(),
            site: keyword_counts.pop().unwrap_or_default(),
        };
        if let Some(c) = &collapsed {
            self.count_groups(&mut facets, &c.multi)?;
        }
        Ok(SearchResults {
            total: collapsed.as_ref().map_or(total, |c| c.groups),
            documents: total,
            hits,
            facets,
            relaxed: None,
        })
    }

    /// Turns a stored document into a [`Hit`] with its snippet.
    fn hit(&self, doc: &TantivyDocument, score: f32, snippets: &mut Snippets) -> Hit {
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(|s| crate::terminal::sanitize(s, false))
        };
        let all = |field| {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(|s| crate::terminal::sanitize(s, false)))
                .collect()
        };
        let facet_paths = |field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| {
                    v.as_facet()
                        .map(|s| Facet::from_path(s.split('\0')).to_path_string())
                })
                .collect()
        };
        let regions = facet_paths(f.region);
        let mut region: Vec<String> = regions
            .iter()
            .filter(|p| facet::depth(p) == 1)
            .map(|p| facet::last(p).to_string())
            .collect();
        for p in regions.iter().filter(|p| facet::depth(p) == 2) {
            let parent = p
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or_default()
                .to_string();
            if !region.contains(&parent) {
                region.push(parent);
            }
        }
        let body: String = doc
            .get_all(f.body)
            .filter_map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        let lang = text(f.lang);
        let snip = snippets.make_in(crate::analysis::analysis_of(lang.as_deref()), &body);
        Hit {
            path: text(f.path).unwrap_or_default(),
            title: text(f.title).unwrap_or_default(),
            url: text(f.url),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .and_then(|d| dates::format_day(d.into_timestamp_secs())),
            site: text(f.site),
            site_name: text(f.site_name),
            kind: text(f.kind),
            lang,
            page_type: facet_paths(f.page_type)
                .first()
                .map(|p| facet::last(p).to_string()),
            authors: all(f.authors),
            region,
            country: regions
                .iter()
                .filter(|p| facet::depth(p) == 2)
                .map(|p| facet::last(p).to_string())
                .collect(),
            topic: facet_paths(f.topic)
                .iter()
                .map(|p| facet::last(p).to_string())
                .collect(),
            score,
            snippet: snip.text,
            highlights: snip
                .highlights
                .into_iter()
                .map(|r| (r.start, r.end))
                .collect(),
            also: Vec::new(),
        }
    }
}

/// Which slice of the ranked hits to return.
#[derive(Debug, Clone, Copy)]
struct Page {
    limit: usize,
    offset: usize,
    sort: Sort,
    /// One hit and one count per group of copies.
    collapse: bool,
}

/// Runs `request` against the index at `index_dir`.
pub fn search(index_dir: &Path, request: &SearchRequest) -> Result<SearchResults> {
    Engine::open(index_dir)?.search(request)
}

/// Runs `request` against an open index. Sets up a reader each call: to run
/// many requests, make one [`Engine`] and call [`Engine::search`].
pub fn search_index(index: &Index, request: &SearchRequest) -> Result<SearchResults> {
    Engine::new(index.clone(), Path::new(""))?.search(request)
}

/// The number of documents matching `query`, counted up to `cap` (a count
/// that reaches `cap` stops there: the matches of a common word need not all
/// be visited to know there are at least `cap`).
fn count_up_to(searcher: &Searcher, query: &dyn Query, cap: usize) -> tantivy::Result<usize> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut n = 0;
    for segment in searcher.segment_readers() {
        let mut scorer = weight.scorer(segment, 1.0)?;
        let alive = segment.alive_bitset();
        let mut doc = scorer.doc();
        while doc != tantivy::TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                n += 1;
                if n >= cap {
                    return Ok(n);
                }
            }
            doc = scorer.advance();
        }
    }
    Ok(n)
}
