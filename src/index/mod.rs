//! Building and updating the index: walk → read → extract → classify → tantivy,
//! connected by bounded channels (memory stays flat however big the corpus) with
//! the per-page work on every core. Runs are incremental: a page whose `mtime` and
//! `size` (or, failing those, its content hash) are unchanged is not re-extracted;
//! pages whose files are gone are removed; the same article under several paths is
//! indexed once. The state this needs lives in the index itself (fast fields and
//! the commit payload), so it is always that of the last commit: a run killed at
//! any point leaves the last commit intact and the next run finishes the work.
//! Returns an [`IndexReport`] with the accounting of every page; nothing is printed.

mod build;
pub mod groups;
mod keys;
pub mod minhash;
mod page;
mod state;
pub(crate) use state::ByHash;
mod timing;
mod worker;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use tantivy::schema::Facet;
use tantivy::{Index, TantivyDocument};

use crate::error::{Error, Result};
use crate::extract::{Article, Rules};
use crate::facets::Classifier;
use crate::schema::{self, Fields};

pub use build::build;
pub use keys::{body_key, url_key};
pub use page::{process_page, process_source};
pub use state::{taxonomy_names, CountryNames, TaxonomyNames};
pub use timing::{StageClock, WallClock};

/// Default size cap: larger files are skipped with a reason.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 50_000_000;
/// Default memory budget of the tantivy writer.
pub const DEFAULT_MEMORY: usize = 128 << 20;
/// Default number of documents between two intermediate commits.
pub const DEFAULT_COMMIT_EVERY: usize = 20_000;

/// What to index and how.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// Folders or files to index. The index mirrors them: pages it holds that
    /// are not found under them any more are removed.
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
    /// Rebuild from scratch instead of updating.
    pub full: bool,
    /// Files larger than this many bytes are skipped with a reason.
    pub max_file_size: u64,
    /// Commit after this many new documents (and at the end), so that a long run
    /// that is interrupted keeps most of its work.
    pub commit_every: usize,
    /// Identifies the extraction setup (version, rules, taxonomy). When it differs
    /// from the tag of the last run, every page is re-extracted.
    pub tag: String,
    /// The clock of the per-page stage timings ([`StageTimings`]): wall time by
    /// default ([`WallClock`]).
    pub clock: Arc<dyn StageClock>,
}

impl IndexConfig {
    /// A config with default rules, classifier and memory for `roots` → `index_dir`.
    pub fn new(roots: Vec<PathBuf>, index_dir: PathBuf) -> IndexConfig {
        IndexConfig::with_data(roots, index_dir, Rules::default(), Classifier::default())
    }

    /// A config with the given rules and classifier (each compiled once, by the
    /// caller) and default memory and threads for `roots` → `index_dir`.
    pub fn with_data(
        roots: Vec<PathBuf>,
        index_dir: PathBuf,
        rules: Rules,
        classifier: Classifier,
    ) -> IndexConfig {
        IndexConfig {
            roots,
            index_dir,
            rules,
            classifier,
            memory_bytes: DEFAULT_MEMORY,
            threads: 0,
            full: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            commit_every: DEFAULT_COMMIT_EVERY,
            tag: concat!("polsearch ", env!("CARGO_PKG_VERSION")).to_string(),
            clock: Arc::new(WallClock),
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

/// One page not indexed because it holds the same article as an indexed one.
#[derive(Debug, Clone, Serialize)]
pub struct Duplicate {
    /// The page.
    pub path: PathBuf,
    /// The indexed page it duplicates.
    pub of: PathBuf,
}

/// The accounting of an indexing run: every path looked at is counted exactly
/// once, `seen = indexed + updated + unchanged + duplicates + skipped + removed`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Paths looked at: the files found by the walk plus the indexed pages whose
    /// files are gone.
    pub seen: usize,
    /// Pages indexed for the first time.
    pub indexed: usize,
    /// Indexed pages whose contents changed, re-indexed.
    pub updated: usize,
    /// Indexed pages whose contents did not change.
    pub unchanged: usize,
    /// Pages holding the same article as an indexed page, not indexed.
    pub duplicates: Vec<Duplicate>,
    /// Pages skipped, each with its reason.
    pub skipped: Vec<Skip>,
    /// Indexed pages whose files are gone, removed from the index.
    pub removed: usize,
    /// Indexed pages found in more than one document (an old version left
    /// beside the new one), read again so that one document remains; they
    /// are also counted as updated (or indexed in a full run).
    pub repaired: usize,
    /// Of the files seen (the gone ones aside), how many are PDFs.
    pub pdfs: usize,
    /// Of those PDFs, how many were skipped (scans, encrypted, broken…).
    pub pdfs_skipped: usize,
    /// True when every page was re-extracted (`--full`, a new index, or a change
    /// of version, rules or taxonomy).
    pub full: bool,
    /// Documents in the index after the run.
    pub documents: u64,
    /// Documents in the index after the run per page type (`"article"` → n).
    pub page_types: std::collections::BTreeMap<String, u64>,
    /// Commits made (intermediate ones included).
    pub commits: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Time spent per stage.
    pub timings: StageTimings,
}

/// Seconds spent in each stage of an indexing run. The per-page stages
/// (`walk_read`, `extract`, `classify`) are measured on the working threads by
/// [`IndexConfig::clock`] and summed over threads (with a clock of thread CPU
/// time, they are CPU-seconds); `index` and `commit` are the wall time the
/// pipeline spends handing documents to tantivy and waiting for its commits
/// (tantivy's own threads do that work); `wall` is the elapsed time of the
/// whole run.
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
///
/// An index built by another version of polsearch (other fields) is removed
/// first, so the caller's run rebuilds it in full (it is derived data).
pub fn open_or_create(dir: &Path) -> Result<Index> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    if exists(dir) && matches!(open(dir), Err(Error::OldSchema { .. })) {
        remove_index_files(dir)?;
    }
    let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(|source| Error::IndexDir {
        path: dir.to_path_buf(),
        source,
    })?;
    let index = Index::builder()
        .schema(schema::build_schema())
        .settings(index_settings())
        .open_or_create(mmap)
        .map_err(|e| Error::index(dir, e))?;
    schema::register_tokenizers(&index);
    Ok(index)
}

/// The settings of a new index: the stored fields compressed by zstd (level
/// 3) instead of lz4, in tantivy's default 16 KB blocks. The stored body and
/// its `markup` (the same text with its tags) compress together; zstd's
/// entropy coding makes the doc store much smaller (see README "Index size").
/// Each segment records its compressor, so an index written with lz4 reads.
fn index_settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor {
            compression_level: Some(3),
        }),
        ..tantivy::IndexSettings::default()
    }
}

/// Opens an existing index at `dir`.
///
/// An index whose fields are not this version's is [`Error::OldSchema`].
pub fn open(dir: &Path) -> Result<Index> {
    let index = Index::open_in_dir(dir).map_err(|e| Error::index(dir, e))?;
    if index.schema() != schema::build_schema() {
        return Err(Error::OldSchema {
            path: dir.to_path_buf(),
        });
    }
    schema::register_tokenizers(&index);
    Ok(index)
}

/// Removes the files of the index at `dir`: those tantivy lists as its own
/// (`.managed.json`), then `meta.json` and that list; nothing else in `dir`.
fn remove_index_files(dir: &Path) -> Result<()> {
    let managed = dir.join(".managed.json");
    let listed: Vec<String> = std::fs::read_to_string(&managed)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    for name in listed
        .iter()
        .map(String::as_str)
        .chain(["meta.json", ".managed.json"])
    {
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, e)),
        }
    }
    Ok(())
}

/// True when `dir` holds an index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// The stable id of the document indexed from `path` (the path as stored):
/// the hex xxh3 hash of the path, as in the `id` field.
pub fn document_id(path: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(path.as_bytes()))
}

/// Converts an article into a tantivy document (without the file's `mtime`,
/// `size` and `file_hash`, which [`build`] adds), in a group of its own
/// ([`groups::own_group`]; [`build`] gives a copy its copies' group instead).
pub fn to_document(fields: &Fields, path: &Path, article: &Article) -> TantivyDocument {
    let mut doc = article_document(fields, path, article, None);
    let own = groups::own_group(&path.to_string_lossy(), body_key(&article.body));
    doc.add_u64(fields.dup_group, own);
    doc
}

/// [`to_document`] without the group id, with the band terms of `sig` (or of
/// the body when `None`).
pub(crate) fn article_document(
    fields: &Fields,
    path: &Path,
    article: &Article,
    sig: Option<&groups::Signature>,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    let path_str = path.to_string_lossy();
    doc.add_text(fields.id, document_id(&path_str));
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
    // the unstemmed words, for prefix and fuzzy query words
    doc.add_text(fields.words, &article.title);
    if let Some(s) = &article.subtitle {
        doc.add_text(fields.words, s);
    }
    doc.add_text(fields.words, &article.body);
    for c in &article.captions {
        doc.add_text(fields.captions, c);
    }
    if let Some(s) = &article.site {
        doc.add_text(fields.site, s);
    }
    if let Some(s) = &article.site_name {
        doc.add_text(fields.site_name, s);
    }
    if let Some(k) = &article.kind {
        doc.add_text(fields.kind, k);
    }
    if let Some(l) = &article.lang {
        doc.add_text(fields.lang, l);
    }
    // a page in another language than English: its text in its own analysis too
    let analysis = crate::analysis::analysis_of(article.lang.as_deref());
    if let Some(lf) = analysis.and_then(|code| fields.lang_fields(code)) {
        doc.add_text(lf.title, &article.title);
        if let Some(s) = &article.subtitle {
            doc.add_text(lf.subtitle, s);
        }
        doc.add_text(lf.body, &article.body);
    }
    if let Some(d) = article.date {
        let secs = d.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
        doc.add_date(fields.date, schema::date_value(secs));
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
    doc.add_facet(
        fields.page_type,
        schema::page_type_facet(article.page_type.name()),
    );
    // only a body with structure beyond paragraphs needs its markup: `show`
    // rebuilds the paragraphs of the others from the body (a smaller index)
    if crate::extract::html::markup::has_structure(&article.markup) {
        doc.add_text(fields.markup, &article.markup);
    }
    let bands = match sig {
        Some(sig) => sig.bands().to_vec(),
        None => minhash::band_keys(&article.body),
    };
    for key in bands {
        doc.add_u64(fields.dup_band, key);
    }
    doc.add_u64(fields.body_hash, body_key(&article.body));
    doc.add_u64(fields.url_hash, url_key(article.url.as_deref()));
    doc
}

/// Adds back to a document copied from the stored fields of the index what
/// is indexed but not stored: the band terms of its body, and its text in its
/// own language's analysis.
pub(crate) fn restore_unstored(fields: &Fields, doc: &mut TantivyDocument) {
    use tantivy::schema::Value;
    let text = |field| -> Vec<String> {
        doc.get_all(field)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let body = text(fields.body).join("\n\n");
    let (title, subtitle) = (text(fields.title), text(fields.subtitle));
    let lang = text(fields.lang).into_iter().next();
    for key in minhash::band_keys(&body) {
        doc.add_u64(fields.dup_band, key);
    }
    let analysis = crate::analysis::analysis_of(lang.as_deref());
    if let Some(lf) = analysis.and_then(|code| fields.lang_fields(code)) {
        for t in &title {
            doc.add_text(lf.title, t);
        }
        for s in &subtitle {
            doc.add_text(lf.subtitle, s);
        }
        doc.add_text(lf.body, &body);
    }
}
