//! The one place the tantivy schema is defined. [`Fields`] holds every field
//! handle, resolved once, and is used by both indexing and search.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer,
};
use tantivy::Index;

/// Name of the English analyzer (lowercase, ASCII folding, Porter stemming)
/// used for the text fields.
pub const TEXT_TOKENIZER: &str = "polsearch_en";
/// Name of the unstemmed analyzer (lowercase, ASCII folding) of the
/// [`field::WORDS`] field.
pub const WORDS_TOKENIZER: &str = "polsearch_words";
/// Name of the keyword analyzer (whole value, lowercased) used for site and kind.
pub const KEYWORD_TOKENIZER: &str = "polsearch_keyword";

/// The name of every field. Use them where tantivy takes a field by name
/// (fast-field readers, facet collectors and readers, `ExistsQuery`, ordering
/// by a fast field); everywhere else use the [`Fields`] handles.
pub mod field {
    /// Stable document id (see [`super::Fields::id`]).
    pub const ID: &str = "id";
    /// The page's path.
    pub const PATH: &str = "path";
    /// Canonical URL.
    pub const URL: &str = "url";
    /// Headline.
    pub const TITLE: &str = "title";
    /// Dek.
    pub const SUBTITLE: &str = "subtitle";
    /// Authors.
    pub const AUTHORS: &str = "authors";
    /// Main text.
    pub const BODY: &str = "body";
    /// Photo captions.
    pub const CAPTIONS: &str = "captions";
    /// Site: the registrable domain (`politico.com`).
    pub const SITE: &str = "site";
    /// The site's own name (`POLITICO`).
    pub const SITE_NAME: &str = "site_name";
    /// Content kind.
    pub const KIND: &str = "kind";
    /// Publication day.
    pub const DATE: &str = "date";
    /// Region facet (regions and, one level down, countries).
    pub const REGION: &str = "region";
    /// Topic facet.
    pub const TOPIC: &str = "topic";
    /// Page-type facet (`/article`, `/listing`…).
    pub const PAGE_TYPE: &str = "page_type";
    /// File modification time.
    pub const MTIME: &str = "mtime";
    /// File size.
    pub const SIZE: &str = "size";
    /// Hash of the file's bytes.
    pub const FILE_HASH: &str = "file_hash";
    /// Hash of the normalised body.
    pub const BODY_HASH: &str = "body_hash";
    /// Hash of the normalised canonical URL.
    pub const URL_HASH: &str = "url_hash";
    /// The body's structure for reading (stored only).
    pub const MARKUP: &str = "markup";
    /// LSH band hashes of the body's MinHash signature (near-duplicates).
    pub const DUP_BAND: &str = "dup_band";
    /// The group of copies of one article the page belongs to.
    pub const DUP_GROUP: &str = "dup_group";
    /// The article's language, ISO 639-1.
    pub const LANG: &str = "lang";
    /// Every word of the title, dek and body unstemmed (lowercased and
    /// accent-folded), in any language: the words that prefix (`refug*`) and
    /// fuzzy (`refugeez~1`) query words expand into (indexed only, documents
    /// without frequencies or positions).
    pub const WORDS: &str = "words";
}

/// Which facet a name is resolved against: the region facet holds regions
/// (`/Africa`) and, one level down, countries (`/Africa/Mali`); the topic facet
/// holds topics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    /// A region or a `Region/Country` path.
    Region,
    /// A country only (the second level of the region facet).
    Country,
    /// A topic.
    Topic,
}

impl FacetKind {
    /// The word used in messages and in the query language.
    pub fn name(self) -> &'static str {
        match self {
            FacetKind::Region => "region",
            FacetKind::Country => "country",
            FacetKind::Topic => "topic",
        }
    }
}

/// Handles of every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable document id: hex hash of the page's path.
    pub id: Field,
    /// The page's path as given to `index` (raw string; also the deletion key).
    pub path: Field,
    /// Canonical URL (raw string).
    pub url: Field,
    /// Headline (analyzed, stored).
    pub title: Field,
    /// Dek (analyzed, stored).
    pub subtitle: Field,
    /// Authors, one value each (analyzed, stored).
    pub authors: Field,
    /// Main text (analyzed with positions, stored for snippets).
    pub body: Field,
    /// Photo captions of the article's own images (analyzed, stored).
    pub captions: Field,
    /// Site: the registrable domain (keyword, stored, fast).
    pub site: Field,
    /// The site's display name (keyword, stored, fast).
    pub site_name: Field,
    /// Content kind: Analysis, Opinion… (keyword, stored, fast).
    pub kind: Field,
    /// Publication day (date, indexed, stored, fast).
    pub date: Field,
    /// Region facet: `/Africa`, `/Africa/Mali`.
    pub region: Field,
    /// Topic facet: `/War & Conflict`.
    pub topic: Field,
    /// Page-type facet: `/article`, `/listing`… (see [`crate::PageType`]).
    pub page_type: Field,
    /// File modification time, nanoseconds since the epoch (incremental indexing).
    pub mtime: Field,
    /// File size in bytes (incremental indexing).
    pub size: Field,
    /// Hash of the file's bytes (incremental indexing).
    pub file_hash: Field,
    /// Hash of the normalised body (duplicate detection).
    pub body_hash: Field,
    /// Hash of the normalised canonical URL, 0 when there is none (duplicate detection).
    pub url_hash: Field,
    /// The body as an HTML fragment with its structure (headings, lists,
    /// quotes, tables, links) for `polsearch show`; stored only, and only for
    /// a body with structure beyond paragraphs (see [`crate::extract::Article::markup`]).
    pub markup: Field,
    /// LSH band hashes of the body's shingles, indexed only: documents that
    /// share one are candidate near-duplicates (see [`crate::index::minhash`]).
    pub dup_band: Field,
    /// The group id of the page's copies (reprints, re-scrapes; indexed,
    /// stored, fast): equal for the copies of one article, decided at index
    /// time (see [`crate::index::groups`]).
    pub dup_group: Field,
    /// The article's language, ISO 639-1 `fr` (keyword, stored, fast).
    pub lang: Field,
    /// The unstemmed words of title, dek and body ([`field::WORDS`]).
    pub words: Field,
    /// Per analysis language ([`crate::analysis::LANGUAGES`], same order), the
    /// fields that hold a page's title, dek and body analyzed in its own
    /// language (indexed only, with positions; English pages have none).
    pub langs: [LangFields; crate::analysis::LANGUAGE_COUNT],
}

/// The fields of one analysis language (see [`crate::analysis`]).
#[derive(Debug, Clone, Copy)]
pub struct LangFields {
    /// The analysis code (`fr`, `zh`, `other`).
    pub code: &'static str,
    /// The headline in this language's analysis.
    pub title: Field,
    /// The dek in this language's analysis.
    pub subtitle: Field,
    /// The main text in this language's analysis.
    pub body: Field,
}

impl Fields {
    /// The fields of an analysis code ([`crate::analysis::analysis_of`]).
    pub fn lang_fields(&self, code: &str) -> Option<&LangFields> {
        self.langs.iter().find(|l| l.code == code)
    }
}

/// The names of an analysis language's title, dek and body fields (`title_fr`…).
pub fn lang_field_names(code: &str) -> [String; 3] {
    [
        format!("{}_{code}", field::TITLE),
        format!("{}_{code}", field::SUBTITLE),
        format!("{}_{code}", field::BODY),
    ]
}

/// Builds the schema.
pub fn build_schema() -> Schema {
    let mut b = Schema::builder();
    let text = |positions: bool| {
        let record = if positions {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        };
        TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(TEXT_TOKENIZER)
                    .set_index_option(record),
            )
            .set_stored()
    };
    let keyword = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEYWORD_TOKENIZER)
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_stored()
        .set_fast(KEYWORD_TOKENIZER);
    let u64_opts = NumericOptions::default()
        .set_stored()
        .set_fast()
        .set_indexed();
    b.add_text_field(field::ID, STRING | STORED);
    b.add_text_field(field::PATH, STRING | STORED | FAST);
    b.add_text_field(field::URL, STRING | STORED);
    b.add_text_field(field::TITLE, text(true));
    b.add_text_field(field::SUBTITLE, text(true));
    b.add_text_field(field::AUTHORS, text(true));
    b.add_text_field(field::BODY, text(true));
    b.add_text_field(field::CAPTIONS, text(true));
    b.add_text_field(field::SITE, keyword.clone());
    b.add_text_field(field::SITE_NAME, keyword.clone());
    b.add_text_field(field::KIND, keyword.clone());
    b.add_date_field(
        field::DATE,
        DateOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    b.add_facet_field(field::REGION, FacetOptions::default().set_stored());
    b.add_facet_field(field::TOPIC, FacetOptions::default().set_stored());
    b.add_facet_field(field::PAGE_TYPE, FacetOptions::default().set_stored());
    b.add_i64_field(
        field::MTIME,
        NumericOptions::default().set_stored().set_fast(),
    );
    b.add_u64_field(
        field::SIZE,
        NumericOptions::default().set_stored().set_fast(),
    );
    b.add_u64_field(
        field::FILE_HASH,
        NumericOptions::default().set_stored().set_fast(),
    );
    b.add_u64_field(field::BODY_HASH, u64_opts.clone());
    b.add_u64_field(field::URL_HASH, u64_opts);
    b.add_text_field(field::MARKUP, STORED);
    b.add_u64_field(field::DUP_BAND, NumericOptions::default().set_indexed());
    b.add_u64_field(
        field::DUP_GROUP,
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    b.add_text_field(field::LANG, keyword);
    b.add_text_field(
        field::WORDS,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS_TOKENIZER)
                .set_index_option(IndexRecordOption::Basic),
        ),
    );
    for (code, _) in crate::analysis::LANGUAGES {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&crate::analysis::tokenizer_name(code))
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        for name in lang_field_names(code) {
            b.add_text_field(&name, options.clone());
        }
    }
    b.build()
}

impl Fields {
    /// Resolves every handle in `schema` (built by [`build_schema`]).
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: f(field::ID)?,
            path: f(field::PATH)?,
            url: f(field::URL)?,
            title: f(field::TITLE)?,
            subtitle: f(field::SUBTITLE)?,
            authors: f(field::AUTHORS)?,
            body: f(field::BODY)?,
            captions: f(field::CAPTIONS)?,
            site: f(field::SITE)?,
            site_name: f(field::SITE_NAME)?,
            kind: f(field::KIND)?,
            date: f(field::DATE)?,
            region: f(field::REGION)?,
            topic: f(field::TOPIC)?,
            page_type: f(field::PAGE_TYPE)?,
            mtime: f(field::MTIME)?,
            size: f(field::SIZE)?,
            file_hash: f(field::FILE_HASH)?,
            body_hash: f(field::BODY_HASH)?,
            url_hash: f(field::URL_HASH)?,
            markup: f(field::MARKUP)?,
            dup_band: f(field::DUP_BAND)?,
            dup_group: f(field::DUP_GROUP)?,
            lang: f(field::LANG)?,
            words: f(field::WORDS)?,
            langs: {
                let mut langs = Vec::with_capacity(crate::analysis::LANGUAGE_COUNT);
                for (code, _) in crate::analysis::LANGUAGES {
                    let [t, s, b] = lang_field_names(code);
                    langs.push(LangFields {
                        code,
                        title: f(&t)?,
                        subtitle: f(&s)?,
                        body: f(&b)?,
                    });
                }
                langs.try_into().expect("one entry per language")
            },
        })
    }
}

/// The facet of a page type by its name (`PageType::name`): `/listing`.
pub fn page_type_facet(name: &str) -> tantivy::schema::Facet {
    tantivy::schema::Facet::from_path([name])
}

/// Live documents per page type (`"article"` → n), over every document of
/// `searcher`; types without documents are left out.
pub fn page_type_counts(
    searcher: &tantivy::Searcher,
) -> tantivy::Result<std::collections::BTreeMap<String, u64>> {
    let mut c = tantivy::collector::FacetCollector::for_field(field::PAGE_TYPE);
    c.add_facet(tantivy::schema::Facet::root());
    let counts = searcher.search(&tantivy::query::AllQuery, &c)?;
    Ok(counts
        .get(tantivy::schema::Facet::root())
        .map(|(f, n)| (f.to_path_string().trim_start_matches('/').to_string(), n))
        .collect())
}

/// Registers polsearch's analyzers on an index; call after every create/open.
pub fn register_tokenizers(index: &Index) {
    let en = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build();
    let words = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let keyword = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .build();
    index.tokenizers().register(TEXT_TOKENIZER, en);
    index.tokenizers().register(WORDS_TOKENIZER, words);
    for (code, _) in crate::analysis::LANGUAGES {
        if let Some(a) = crate::analysis::text_analyzer(code) {
            index
                .tokenizers()
                .register(&crate::analysis::tokenizer_name(code), a);
        }
    }
    index
        .tokenizers()
        .register(KEYWORD_TOKENIZER, keyword.clone());
    index
        .fast_field_tokenizer()
        .register(KEYWORD_TOKENIZER, keyword);
}

/// The `date` field's value for a day given as seconds since the epoch, clamped
/// to what tantivy can represent (nanoseconds in an i64: years 1678–2261), so that
/// no page or query date can overflow.
pub fn date_value(secs: i64) -> tantivy::DateTime {
    const LIMIT: i64 = i64::MAX / 1_000_000_000 - 1;
    tantivy::DateTime::from_timestamp_secs(secs.clamp(-LIMIT, LIMIT))
}
