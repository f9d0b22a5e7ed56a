//! Building the index: walk → read → extract → classify → tantivy. Returns an
//! [`IndexReport`] with the accounting of every page seen; nothing is printed here.
//! (First version: sequential, full rebuild.)

use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::schema::Facet;
use tantivy::{Index, IndexWriter, TantivyDocument};

use crate::corpus::{self, SourcePage};
use crate::error::{Error, Result};
use crate::extract::{self, Article, Rules};
use crate::facets::Classifier;
use crate::schema::{self, Fields};

/// What to index and how.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// Folders or files to index.
    pub roots: Vec<PathBuf>,
    /// Index folder (created if missing).
    pub index_dir: PathBuf,
    /// Boilerplate rules.
    pub rules: Rules,
    /// Region/topic classifier.
    pub classifier: Classifier,
    /// Memory budget of the tantivy writer, in bytes.
    pub memory_bytes: usize,
    /// Extraction threads (0 = one per core).
    pub threads: usize,
}

impl IndexConfig {
    /// A config with default rules, classifier and memory for `roots` → `index_dir`.
    pub fn new(roots: Vec<PathBuf>, index_dir: PathBuf) -> IndexConfig {
        IndexConfig {
            roots,
            index_dir,
            rules: Rules::default(),
            classifier: Classifier::default(),
            memory_bytes: 128 << 20,
            threads: 0,
        }
    }
}

/// One page that was not indexed, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct Skip {
    /// The page.
    pub path: PathBuf,
    /// Why it was skipped.
    pub reason: String,
}

/// The accounting of an indexing run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Pages seen by the walk.
    pub seen: usize,
    /// Pages indexed for the first time.
    pub indexed: usize,
    /// Pages skipped, each with its reason.
    pub skipped: Vec<Skip>,
    /// Bytes read.
    pub bytes: u64,
    /// Time spent per stage.
    pub timings: StageTimings,
}

/// Seconds spent in each stage of an indexing run. With several threads, the
/// per-page stages are summed over threads (CPU-seconds), `wall` is elapsed time.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct StageTimings {
    /// Walking the folders and reading files.
    pub walk_read: f64,
    /// Decoding and extracting articles.
    pub extract: f64,
    /// Region/topic classification.
    pub classify: f64,
    /// Handing documents to the tantivy writer.
    pub index: f64,
    /// The final commit (and merges it waits for).
    pub commit: f64,
    /// Elapsed wall-clock time of the whole run.
    pub wall: f64,
}

/// Progress events, for a progress bar.
#[derive(Debug, Clone)]
pub enum Progress {
    /// A page was processed.
    Page {
        /// Its path.
        path: PathBuf,
    },
}

/// Opens the index at `dir` (creating it when missing) with the tokenizers registered.
pub fn open_or_create(dir: &Path) -> Result<Index> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(|e| Error::Invalid(format!("{}: {e}", dir.display())))?;
    let index = Index::open_or_create(mmap, schema::build_schema()).map_err(|e| Error::index(dir, e))?;
    schema::register_tokenizers(&index);
    Ok(index)
}

/// Opens an existing index at `dir`.
pub fn open(dir: &Path) -> Result<Index> {
    let index = Index::open_in_dir(dir).map_err(|e| Error::index(dir, e))?;
    schema::register_tokenizers(&index);
    Ok(index)
}

/// True when `dir` holds an index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Reads, extracts and classifies one page.
pub fn process_page(path: &Path, rules: &Rules, classifier: &Classifier) -> Result<Article> {
    let page = SourcePage::read(path)?;
    let mut article = extract::extract(&page, rules)?;
    classifier.classify(&mut article);
    Ok(article)
}

/// Converts an article into a tantivy document.
pub fn to_document(fields: &Fields, path: &Path, article: &Article) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    let path_str = path.to_string_lossy();
    doc.add_text(fields.id, format!("{:016x}", xxhash_rust::xxh3::xxh3_64(path_str.as_bytes())));
    doc.add_text(fields.path, &path_str);
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    doc.add_text(fields.title, &article.title);
    if let Some(s) = &article.subtitle {
        doc.add_text(fields.subtitle, s);
    }
    for a in &article.authors {
        doc.add_text(fields.authors, a);
    }
    doc.add_text(fields.body, &article.body);
    for c in &article.captions {
        doc.add_text(fields.captions, c);
    }
    if let Some(s) = &article.site {
        doc.add_text(fields.site, s);
    }
    if let Some(k) = &article.kind {
        doc.add_text(fields.kind, k);
    }
    if let Some(d) = article.date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        let secs = d.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
        doc.add_date(fields.date, tantivy::DateTime::from_timestamp_secs(secs));
    }
    for r in &article.region {
        doc.add_facet(fields.region, Facet::from_path([r.as_str()]));
    }
    for c in &article.country {
        doc.add_facet(fields.region, Facet::from_path(c.split('/')));
    }
    for t in &article.topic {
        doc.add_facet(fields.topic, Facet::from_path([t.as_str()]));
    }
    doc.add_u64(fields.body_hash, xxhash_rust::xxh3::xxh3_64(article.body.as_bytes()));
    doc
}

/// Indexes every page under `config.roots` into a fresh index.
pub fn build(config: &IndexConfig, progress: &dyn Fn(Progress)) -> Result<IndexReport> {
    let index = open_or_create(&config.index_dir)?;
    let fields = Fields::new(&index.schema()).map_err(|e| Error::index(&config.index_dir, e))?;
    let mut writer: IndexWriter = index.writer(config.memory_bytes).map_err(|e| match e {
        tantivy::TantivyError::LockFailure(..) => Error::Locked { path: config.index_dir.clone() },
        e => Error::index(&config.index_dir, e),
    })?;
    writer.delete_all_documents().map_err(|e| Error::index(&config.index_dir, e))?;
    let mut report = IndexReport::default();
    for entry in corpus::walk(&config.roots) {
        report.seen += 1;
        let result = entry.and_then(|path| {
            let r = process_page(&path, &config.rules, &config.classifier);
            progress(Progress::Page { path: path.clone() });
            r.map(|a| (path, a))
        });
        match result {
            Ok((path, article)) => {
                report.bytes += std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                writer.add_document(to_document(&fields, &path, &article)).map_err(|e| Error::index(&config.index_dir, e))?;
                report.indexed += 1;
            }
            Err(e) => {
                let (path, reason) = match e {
                    Error::Skipped { path, reason } | Error::Parse { path, reason } => (path, reason),
                    Error::Io { path, source } => (path, source.to_string()),
                    other => return Err(other),
                };
                report.skipped.push(Skip { path, reason });
            }
        }
    }
    writer.commit().map_err(|e| Error::index(&config.index_dir, e))?;
    Ok(report)
}
