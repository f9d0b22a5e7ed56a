//! One indexing run. A walker thread feeds paths into a bounded channel; worker
//! threads (one per core, big stacks) stat, read, extract and classify each page
//! ([`super::worker`]); this thread applies their outcomes to the tantivy writer
//! (which has threads and a memory budget of its own), decides duplicates, and
//! commits every [`IndexConfig::commit_every`] documents and at the end. Channels
//! are bounded, so memory stays flat however big the corpus.
//!
//! Duplicates: the same article under several paths (same normalised body, or
//! same canonical URL) is indexed under the path that sorts first; the others are
//! recorded as duplicates of it. So the index depends only on the files, never on
//! the order they were found or on the history of runs: when the indexed path is
//! deleted or changes, its duplicates are re-read and the first of them takes over.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crossbeam_channel::{bounded, Receiver, Sender};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, Searcher, TantivyDocument, Term};

use super::groups::{own_group, Grouper, Signature};
use super::state::{self, ByHash, DocState, FileMeta, PathTable, Payload, Record, Status};
use super::timing::PageTimes;
use super::worker::{self, Outcome};
use super::{
    article_document, body_key, open_or_create, url_key, Duplicate, IndexConfig, IndexReport,
    Progress, Skip,
};
use crate::corpus::{self, PageFormat};
use crate::error::{Error, Result};
use crate::extract::Article;
use crate::schema::Fields;

/// Stack of the worker threads: extractors may recurse over the DOM, whose depth
/// the HTML pre-pass caps.
const WORKER_STACK: usize = 64 << 20;

/// tantivy's minimum writer memory per thread (15 MB; not exported).
const MEMORY_PER_THREAD_MIN: usize = 15_000_000;

/// Work for the workers.
enum Task {
    /// Pages to process: a batch of the walk, so that a worker reads the
    /// clock once for the stats of the batch (most of an unchanged re-run).
    Pages(Vec<PathBuf>),
    /// A walk error (symlink loop, unreadable folder…) to report as a skip.
    Error(PathBuf, String),
}

/// What became of a path in this run.
#[derive(Debug, Clone, PartialEq)]
enum Cat {
    New,
    Updated,
    Unchanged,
    Duplicate,
    Skipped(String),
}

/// A [`Cat`] as the collector keeps it, one byte per path (the reasons of the
/// few skipped pages are kept apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CatCode {
    New,
    Updated,
    Unchanged,
    Duplicate,
    Skipped,
}

/// What the workers know of the pages of the last commit: their file metadata
/// by path (read-only while the run goes on).
struct Known<'k> {
    paths: &'k PathTable,
    /// By path id; empty in a full run (every page is read again), None for
    /// the pages a resumed rebuild must read again.
    meta: Vec<Option<FileMeta>>,
}

impl Known<'_> {
    fn get(&self, path: &Path) -> Option<FileMeta> {
        if self.meta.is_empty() {
            return None;
        }
        let id = self.paths.get(path.to_string_lossy().as_ref())?;
        self.meta.get(id as usize).copied().flatten()
    }
}

/// Indexes the pages under `config.roots`, updating the index at
/// `config.index_dir` (see the module docs of [`crate::index`]).
pub fn build(config: &IndexConfig, progress: &dyn Fn(Progress)) -> Result<IndexReport> {
    let wall = Instant::now();
    let dir = &config.index_dir;
    for root in &config.roots {
        std::fs::metadata(root).map_err(|e| Error::io(root, e))?;
    }
    let ierr = |e| Error::index(dir, e);
    let index = open_or_create(dir)?;
    let fields = Fields::new(&index.schema()).map_err(ierr)?;
    let threads = match config.threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let writer_threads = (threads / 2).clamp(1, 4);
    let memory = config
        .memory_bytes
        .max(MEMORY_PER_THREAD_MIN * writer_threads);
    let writer: IndexWriter = index
        .writer_with_num_threads(writer_threads, memory)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Locked { path: dir.clone() },
            e => Error::index(dir, e),
        })?;
    // Read the state only once we hold the lock: nobody else can change it now.
    let state::Prior {
        mut paths,
        docs,
        doubled,
        payload,
        searcher,
    } = state::load(&index).map_err(ierr)?;
    // A rebuild cut short after an intermediate commit resumes when that
    // commit named the pages it had extracted; otherwise it starts again.
    let resumed = payload
        .as_ref()
        .filter(|p| !config.full && p.tag == config.tag && p.rebuilding)
        .and_then(|p| p.rebuilt.as_deref())
        .and_then(|name| state::read_rebuilt(dir, name));
    let full = config.full
        || payload
            .as_ref()
            .is_none_or(|p| p.tag != config.tag || p.rebuilding && resumed.is_none());
    // A full run re-reads every page but keeps the old documents until each is
    // replaced, so that an interrupted rebuild still leaves a complete index.
    let records = match payload {
        Some(p) if !full => p.records,
        _ => BTreeMap::new(),
    };
    // Which indexed pages hold an extraction of the current rebuild.
    let fresh = |path: &str| {
        resumed
            .as_ref()
            .is_none_or(|r| r.binary_search(&state::path_hash(path)).is_ok())
    };
    let mut meta: Vec<Option<FileMeta>> = Vec::new();
    if !full {
        meta = (docs.iter().enumerate())
            .map(|(id, d)| fresh(paths.path(id as u32)).then_some(d.meta))
            .collect();
        for (path, r) in &records {
            let id = paths.intern(path) as usize;
            if id == meta.len() {
                meta.push(Some(r.meta));
            } else {
                meta[id] = Some(r.meta);
            }
        }
        for &id in &doubled {
            meta[id as usize] = None; // re-read: its update deletes both documents
        }
    }
    let known = Known {
        paths: &paths,
        meta,
    };
    let mut col = Collector::new(config, fields, writer, searcher, &paths);
    col.report.full = full;
    col.report.repaired = doubled.len();
    // An interrupted full run over an empty index leaves only documents of
    // its own: the next run just adds the rest. Over documents of an earlier
    // run, its commits say which pages it has extracted.
    col.rebuilding = full && !docs.is_empty() || resumed.is_some();
    col.records = records;
    for (id, st) in docs.into_iter().enumerate() {
        let id = id as u32;
        let e = col.entry(id);
        e.prior = true;
        e.fresh = resumed.is_some() && known.meta[id as usize].is_some();
        col.insert_indexed(id, st);
    }
    drop(resumed);

    let (walk_time, times, result) = run_pipeline(config, threads, &known, &mut col, progress);
    result?;

    col.finish()?;
    col.maybe_commit(true)?;
    let mut report = col.into_report()?;
    let reader = index.reader().map_err(ierr)?;
    report.page_types = crate::schema::page_type_counts(&reader.searcher()).map_err(ierr)?;
    let t = &mut report.timings;
    t.walk_read += walk_time;
    for w in &times {
        t.walk_read += w.read;
        t.extract += w.extract;
        t.classify += w.classify;
        report.bytes += w.bytes;
    }
    report.timings.wall = wall.elapsed().as_secs_f64();
    Ok(report)
}

/// Runs the walker and `threads` workers over `config.roots`, applying each
/// outcome to `col` as it arrives. Returns the walker's and the workers' stage
/// times, and the first error of `col` (which stops the run).
fn run_pipeline(
    config: &IndexConfig,
    threads: usize,
    known: &Known<'_>,
    col: &mut Collector<'_>,
    progress: &dyn Fn(Progress),
) -> (f64, Vec<PageTimes>, Result<()>) {
    let (task_tx, task_rx) = bounded::<Task>(threads * 64);
    let (out_tx, out_rx) = bounded::<(PathBuf, Outcome)>(threads * 64);
    std::thread::scope(|s| {
        let walker = s.spawn(move || walk(config, task_tx));
        let mut workers = Vec::new();
        for i in 0..threads {
            let (rx, tx) = (task_rx.clone(), out_tx.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("polsearch-extract-{i}"))
                .stack_size(WORKER_STACK)
                .spawn_scoped(s, move || work(config, known, rx, tx));
            match spawned {
                Ok(h) => workers.push(h),
                Err(e) if workers.is_empty() => {
                    return (0.0, Vec::new(), Err(Error::Thread { source: e }))
                }
                Err(_) => break,
            }
        }
        drop((task_rx, out_tx));
        let mut result = Ok(());
        for (path, outcome) in &out_rx {
            progress(Progress::Page { path: path.clone() });
            result = col
                .apply(&path, outcome)
                .and_then(|()| col.maybe_commit(false));
            if result.is_err() {
                break;
            }
        }
        drop(out_rx);
        let times: Vec<PageTimes> = workers
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect();
        (walker.join().unwrap_or(0.0), times, result)
    })
}

/// Walk entries timed together: reading the clock per entry would cost as much
/// as the walk step itself on an unchanged re-run (the CPU clock is a system call).
const WALK_BATCH: usize = 64;

/// The walker thread: sends every page (or walk error) under `config.roots` to
/// the workers; returns the time spent walking, by `config.clock` (the time
/// spent waiting for the workers to take a batch is not counted).
fn walk(config: &IndexConfig, tasks: Sender<Task>) -> f64 {
    let mut spent = 0.0;
    let mut walk = corpus::walk(&config.roots);
    let clock = &*config.clock;
    let mut batch = Vec::with_capacity(WALK_BATCH);
    loop {
        let start = clock.now();
        batch.extend(walk.by_ref().take(WALK_BATCH));
        spent += clock.now() - start;
        if batch.is_empty() {
            break;
        }
        let mut pages = Vec::with_capacity(batch.len());
        let mut errors = Vec::new();
        for entry in batch.drain(..) {
            match entry {
                Ok(path) => pages.push(path),
                Err(Error::Skipped { path, reason }) => errors.push(Task::Error(path, reason)),
                Err(e) => errors.push(Task::Error(PathBuf::new(), e.to_string())),
            }
        }
        let tasks_of_batch = (!pages.is_empty()).then_some(Task::Pages(pages));
        for task in tasks_of_batch.into_iter().chain(errors) {
            if tasks.send(task).is_err() {
                return spent;
            }
        }
    }
    spent
}

/// A worker thread: processes the tasks it receives ([`worker::stat`] for a
/// whole batch, timed once, then [`worker::process_checked`] for each page) and
/// sends their outcomes back; returns its stage times.
fn work(
    config: &IndexConfig,
    known: &Known<'_>,
    tasks: Receiver<Task>,
    outcomes: Sender<(PathBuf, Outcome)>,
) -> PageTimes {
    let mut t = PageTimes::default();
    for task in tasks {
        let paths = match task {
            Task::Pages(paths) => paths,
            Task::Error(path, reason) => {
                if outcomes
                    .send((path, Outcome::Skip { reason, meta: None }))
                    .is_err()
                {
                    break;
                }
                continue;
            }
        };
        let clock = &*config.clock;
        let start = clock.now();
        let checked: Vec<_> = (paths.iter())
            .map(|path| {
                let k = known.get(path);
                (k, worker::stat(path, k, config))
            })
            .collect();
        t.read += clock.now() - start;
        for (path, (k, checked)) in paths.into_iter().zip(checked) {
            let outcome = worker::process_checked(&path, checked, k, config, &mut t);
            if outcomes.send((path, outcome)).is_err() {
                return t;
            }
        }
    }
    t
}

/// The paths of a run, in one id space: those the index knew at the start
/// (ids `0..prior.len()`, shared read-only with the workers) and those first
/// seen in this run.
struct Paths<'p> {
    prior: &'p PathTable,
    fresh: PathTable,
}

impl Paths<'_> {
    fn offset(&self) -> u32 {
        self.prior.len() as u32
    }

    fn get(&self, path: &str) -> Option<u32> {
        self.prior
            .get(path)
            .or_else(|| self.fresh.get(path).map(|id| id + self.offset()))
    }

    fn intern(&mut self, path: &str) -> u32 {
        match self.prior.get(path) {
            Some(id) => id,
            None => self.fresh.intern(path) + self.offset(),
        }
    }

    fn path(&self, id: u32) -> &str {
        match id.checked_sub(self.offset()) {
            Some(fresh) => self.fresh.path(fresh),
            None => self.prior.path(id),
        }
    }
}

/// What the collector knows of one path (by id).
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    /// In the index (as it will be after the next commit).
    state: Option<DocState>,
    /// What became of it in this run; None: not seen (yet).
    cat: Option<CatCode>,
    /// Indexed at the start of the run.
    prior: bool,
    /// Its document holds an extraction of the rebuild under way (a resumed
    /// rebuild's commits name these pages, [`state::write_rebuilt`]).
    fresh: bool,
}

/// Applies outcomes to the writer and keeps the accounting. Pages are named by
/// path ids ([`Paths`]): one copy of each path, one [`Entry`] per path.
struct Collector<'a> {
    config: &'a IndexConfig,
    fields: Fields,
    writer: IndexWriter,
    /// The last commit, to copy stored documents from.
    searcher: Searcher,
    paths: Paths<'a>,
    entries: Vec<Entry>,
    /// How many entries have a state (documents after the next commit).
    documents: u64,
    /// Indexed pages by body hash and by URL hash, built at the first page
    /// placed ([`Collector::ensure_twins`]): an unchanged re-run never needs them.
    by_body: ByHash<u32>,
    by_url: ByHash<u32>,
    twins_built: bool,
    /// Duplicate and skipped pages (few), by path.
    records: BTreeMap<String, Record>,
    /// The reasons of the pages skipped in this run.
    reasons: HashMap<u32, String>,
    /// Indexed pages deleted or changed in this run (their duplicates must be re-read).
    changed: HashSet<u32>,
    /// Pages to process again at the end (see [`Collector::finish`]).
    redo: Vec<PathBuf>,
    since_commit: usize,
    dirty: bool,
    /// This run is (part of) a rebuild of documents of an earlier run: its
    /// intermediate commits name the pages it has extracted.
    rebuilding: bool,
    report: IndexReport,
    /// Group ids of copies ([`super::groups`]).
    grouper: Grouper,
}

impl<'a> Collector<'a> {
    fn new(
        config: &'a IndexConfig,
        fields: Fields,
        writer: IndexWriter,
        searcher: Searcher,
        prior: &'a PathTable,
    ) -> Self {
        Collector {
            config,
            fields,
            writer,
            grouper: Grouper::new(fields, searcher.clone()),
            searcher,
            paths: Paths {
                prior,
                fresh: PathTable::default(),
            },
            entries: Vec::with_capacity(prior.len()),
            documents: 0,
            by_body: ByHash::default(),
            by_url: ByHash::default(),
            twins_built: false,
            records: BTreeMap::new(),
            reasons: HashMap::new(),
            changed: HashSet::new(),
            redo: Vec::new(),
            since_commit: 0,
            dirty: false,
            rebuilding: false,
            report: IndexReport::default(),
        }
    }

    fn ierr(&self, e: tantivy::TantivyError) -> Error {
        Error::index(&self.config.index_dir, e)
    }

    /// The entry of `id`, created when first asked for.
    fn entry(&mut self, id: u32) -> &mut Entry {
        let i = id as usize;
        if i >= self.entries.len() {
            self.entries.resize(i + 1, Entry::default());
        }
        &mut self.entries[i]
    }

    fn state(&self, id: u32) -> Option<DocState> {
        self.entries.get(id as usize).and_then(|e| e.state)
    }

    fn cat(&self, id: u32) -> Option<CatCode> {
        self.entries.get(id as usize).and_then(|e| e.cat)
    }

    fn set_cat(&mut self, id: u32, cat: Option<Cat>) {
        let code = cat.map(|cat| match cat {
            Cat::New => CatCode::New,
            Cat::Updated => CatCode::Updated,
            Cat::Unchanged => CatCode::Unchanged,
            Cat::Duplicate => CatCode::Duplicate,
            Cat::Skipped(reason) => {
                self.reasons.insert(id, reason);
                CatCode::Skipped
            }
        });
        if code != Some(CatCode::Skipped) {
            self.reasons.remove(&id);
        }
        self.entry(id).cat = code;
    }

    fn insert_indexed(&mut self, id: u32, st: DocState) {
        if self.twins_built {
            self.add_twin_keys(id, st);
        }
        let e = self.entry(id);
        let new = e.state.is_none();
        e.state = Some(st);
        self.documents += u64::from(new);
    }

    fn add_twin_keys(&mut self, id: u32, st: DocState) {
        self.by_body.entry(st.body_hash).or_insert(id);
        if st.url_hash != 0 {
            self.by_url.entry(st.url_hash).or_insert(id);
        }
    }

    /// Builds `by_body` and `by_url` from the indexed pages, once.
    fn ensure_twins(&mut self) {
        if self.twins_built {
            return;
        }
        self.twins_built = true;
        for id in 0..self.entries.len() as u32 {
            if let Some(st) = self.entries[id as usize].state {
                self.add_twin_keys(id, st);
            }
        }
    }

    /// Deletes `id` from the index if it is there; `changed` marks its duplicates for re-reading.
    fn remove_indexed(&mut self, id: u32, changed: bool) {
        let Some(st) = self
            .entries
            .get_mut(id as usize)
            .and_then(|e| e.state.take())
        else {
            return;
        };
        self.documents -= 1;
        self.writer
            .delete_term(Term::from_field_text(self.fields.path, self.paths.path(id)));
        self.dirty = true;
        if self.by_body.get(&st.body_hash) == Some(&id) {
            self.by_body.remove(&st.body_hash);
        }
        if self.by_url.get(&st.url_hash) == Some(&id) {
            self.by_url.remove(&st.url_hash);
        }
        if changed {
            self.changed.insert(id);
        }
    }

    /// What a path that was not re-read stands for: indexed, duplicate or skipped.
    fn cat_of_known(&self, id: u32, key: &str) -> Option<Cat> {
        if self.state(id).is_some() {
            return Some(Cat::Unchanged);
        }
        match &self.records.get(key)?.status {
            Status::Duplicate { .. } => Some(Cat::Duplicate),
            Status::Skipped { reason } => Some(Cat::Skipped(reason.clone())),
        }
    }

    fn apply(&mut self, path: &Path, outcome: Outcome) -> Result<()> {
        let key = path.to_string_lossy();
        let id = self.paths.intern(&key);
        if self.cat(id).is_some() {
            return Ok(()); // found twice (overlapping roots)
        }
        let cat = match outcome {
            Outcome::Unchanged => match self.cat_of_known(id, &key) {
                Some(cat) => cat,
                None => {
                    self.redo.push(path.to_path_buf());
                    return Ok(());
                }
            },
            Outcome::Touched(meta) => {
                if self.state(id).is_some() {
                    self.refresh(id, meta)?;
                } else if let Some(r) = self.records.get_mut(key.as_ref()) {
                    r.meta = meta;
                }
                match self.cat_of_known(id, &key) {
                    Some(cat) => cat,
                    None => {
                        self.redo.push(path.to_path_buf());
                        return Ok(());
                    }
                }
            }
            Outcome::Skip { reason, meta } => {
                self.remove_indexed(id, true);
                self.records.remove(key.as_ref());
                if let Some(meta) = meta {
                    self.records.insert(
                        key.clone().into_owned(),
                        Record {
                            meta,
                            status: Status::Skipped {
                                reason: reason.clone(),
                            },
                        },
                    );
                }
                Cat::Skipped(reason)
            }
            Outcome::Page(meta, article) => {
                let prior = self.entries.get(id as usize).is_some_and(|e| e.prior);
                let cat = if prior && !self.report.full {
                    Cat::Updated
                } else {
                    Cat::New
                };
                self.remove_indexed(id, true);
                self.records.remove(key.as_ref());
                self.place(id, &key, path, meta, &article, cat)?
            }
        };
        self.set_cat(id, Some(cat));
        Ok(())
    }

    /// Indexes a new or changed page, or records it as a duplicate; returns its category.
    fn place(
        &mut self,
        id: u32,
        key: &str,
        path: &Path,
        meta: FileMeta,
        article: &Article,
        cat: Cat,
    ) -> Result<Cat> {
        let sig = Signature::of(&article.body);
        let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            article_document(&self.fields, path, article, Some(&sig))
        }));
        let Ok(mut doc) = built else {
            return Ok(Cat::Skipped(
                "cannot build its index document (a bug: please report)".into(),
            ));
        };
        let body_hash = body_key(&article.body);
        let url_hash = url_key(article.url.as_deref());
        self.ensure_twins();
        let mut twins: Vec<(String, u32)> = [
            self.by_body.get(&body_hash),
            self.by_url.get(&url_hash).filter(|_| url_hash != 0),
        ]
        .into_iter()
        .flatten()
        .filter(|&&t| t != id)
        .map(|&t| (self.paths.path(t).to_string(), t))
        .collect();
        twins.sort();
        twins.dedup();
        if let Some((first, _)) = twins.first().filter(|(f, _)| f.as_str() < key) {
            let of = first.clone();
            self.records.insert(
                key.to_string(),
                Record {
                    meta,
                    status: Status::Duplicate { of },
                },
            );
            return Ok(Cat::Duplicate);
        }
        // This page sorts first: it replaces its twins, which become its duplicates.
        for (twin, twin_id) in &twins {
            let Some(st) = self.state(*twin_id) else {
                continue;
            };
            self.remove_indexed(*twin_id, false);
            self.records.insert(
                twin.clone(),
                Record {
                    meta: st.meta,
                    status: Status::Duplicate { of: key.into() },
                },
            );
            for r in self.records.values_mut() {
                if matches!(&r.status, Status::Duplicate { of } if of == twin) {
                    r.status = Status::Duplicate { of: key.into() };
                }
            }
            if self.cat(*twin_id).is_some() {
                self.set_cat(*twin_id, Some(Cat::Duplicate));
            }
        }
        let (paths, entries) = (&self.paths, &self.entries);
        let live = |p: &str| {
            paths
                .get(p)
                .and_then(|i| entries.get(i as usize))
                .is_some_and(|e| e.state.is_some())
        };
        let group = self
            .grouper
            .group_of(key, &sig, own_group(key, body_hash), &live)
            .map_err(|e| self.ierr(e))?;
        doc.add_u64(self.fields.dup_group, group);
        add_file_meta(&self.fields, &mut doc, meta);
        let start = Instant::now();
        self.writer.add_document(doc).map_err(|e| self.ierr(e))?;
        self.grouper.add(key, group, sig);
        self.report.timings.index += start.elapsed().as_secs_f64();
        self.insert_indexed(
            id,
            DocState {
                meta,
                body_hash,
                url_hash,
            },
        );
        self.entry(id).fresh = true;
        self.since_commit += 1;
        self.dirty = true;
        Ok(cat)
    }

    /// Rewrites the stored document of an indexed page whose bytes did not change
    /// but whose `mtime` did, so that the next run need not read it again.
    fn refresh(&mut self, id: u32, meta: FileMeta) -> Result<()> {
        let key = self.paths.path(id);
        let query = TermQuery::new(
            Term::from_field_text(self.fields.path, key),
            IndexRecordOption::Basic,
        );
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(|e| self.ierr(e))?;
        let Some((_, addr)) = top.first() else {
            return Ok(());
        };
        let old: TantivyDocument = self.searcher.doc(*addr).map_err(|e| self.ierr(e))?;
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        for (field, value) in old.field_values() {
            if field != f.mtime && field != f.size && field != f.file_hash {
                doc.add_field_value(field, value);
            }
        }
        super::restore_unstored(&f, &mut doc);
        add_file_meta(&f, &mut doc, meta);
        self.writer.delete_term(Term::from_field_text(f.path, key));
        self.writer.add_document(doc).map_err(|e| self.ierr(e))?;
        if let Some(st) = self.entries[id as usize].state.as_mut() {
            st.meta = meta;
        }
        self.since_commit += 1;
        self.dirty = true;
        Ok(())
    }

    /// After the walk: removes the pages whose files are gone, and re-reads the
    /// duplicates whose indexed twin was deleted or changed (one of them takes over).
    fn finish(&mut self) -> Result<()> {
        let gone: Vec<u32> = (0..self.entries.len() as u32)
            .filter(|&id| {
                let e = &self.entries[id as usize];
                e.prior && e.cat.is_none()
            })
            .collect();
        for &id in &gone {
            self.remove_indexed(id, true);
        }
        self.report.removed = gone.len();
        let redo: HashSet<String> = self
            .redo
            .iter()
            .map(|r| r.to_string_lossy().into_owned())
            .collect();
        let seen = |c: &Collector<'_>, p: &str| c.paths.get(p).and_then(|id| c.cat(id)).is_some();
        let stale: Vec<String> = self
            .records
            .keys()
            .filter(|p| !seen(self, p) && !redo.contains(*p))
            .cloned()
            .collect();
        for p in stale {
            self.records.remove(&p);
        }
        // A re-read page can displace another; two rounds settle any chain we create.
        for _ in 0..3 {
            let mut again: Vec<PathBuf> = std::mem::take(&mut self.redo);
            for (p, r) in &self.records {
                if let Status::Duplicate { of } = &r.status {
                    let of = self.paths.get(of);
                    let twin_changed = of.is_some_and(|id| self.changed.contains(&id));
                    if twin_changed || of.and_then(|id| self.state(id)).is_none() {
                        again.push(PathBuf::from(p));
                    }
                }
            }
            if again.is_empty() {
                break;
            }
            again.sort();
            again.dedup();
            self.changed.clear();
            for path in again {
                self.reprocess(&path)?;
            }
        }
        Ok(())
    }

    /// Reads `path` again at the end of the run ([`Collector::finish`]).
    fn reprocess(&mut self, path: &Path) -> Result<()> {
        let mut t = PageTimes::default();
        let outcome = worker::process(path, None, self.config, &mut t);
        self.report.timings.walk_read += t.read;
        self.report.timings.extract += t.extract;
        self.report.timings.classify += t.classify;
        self.report.bytes += t.bytes;
        if matches!(outcome, Outcome::Unchanged | Outcome::Touched(_)) {
            return Ok(()); // cannot happen without a known state; keep the old category
        }
        // A page that was a duplicate counts as new when it takes over.
        let key = path.to_string_lossy();
        let id = self.paths.intern(&key);
        self.set_cat(id, None);
        self.records.remove(key.as_ref());
        self.apply(path, outcome)
    }

    /// Commits when `commit_every` documents were added since the last commit, or
    /// at the end (`last`) when anything changed.
    fn maybe_commit(&mut self, last: bool) -> Result<()> {
        let due =
            self.since_commit >= self.config.commit_every.max(1) || self.grouper.over_budget();
        if !(due || last && (self.dirty || self.report.full)) {
            return Ok(());
        }
        let start = Instant::now();
        let dir = &self.config.index_dir;
        let mut prepared = self
            .writer
            .prepare_commit()
            .map_err(|e| Error::index(dir, e))?;
        let rebuilding = self.rebuilding && !last;
        let rebuilt = if rebuilding {
            let (paths, entries) = (&self.paths, &self.entries);
            let hashes = (entries.iter().enumerate())
                .filter(|(_, e)| e.fresh && e.state.is_some())
                .map(|(id, _)| state::path_hash(paths.path(id as u32)))
                .collect();
            let name = state::write_rebuilt(dir, prepared.opstamp(), hashes)
                .map_err(|e| Error::io(dir, e))?;
            Some(name)
        } else {
            None
        };
        let payload = Payload::to_json(
            &self.config.tag,
            rebuilding,
            rebuilt.as_deref(),
            &self.records,
            self.config.classifier.taxonomy(),
        );
        prepared.set_payload(&payload);
        prepared.commit().map_err(|e| Error::index(dir, e))?;
        state::remove_rebuilt(dir, rebuilt.as_deref());
        self.report.timings.commit += start.elapsed().as_secs_f64();
        self.report.commits += 1;
        // the pages indexed since the last commit are now found through the index
        let reader: tantivy::IndexReader = (self.writer.index().reader_builder())
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::index(&self.config.index_dir, e))?;
        self.searcher = reader.searcher();
        self.grouper.committed(reader.searcher());
        self.since_commit = 0;
        self.dirty = false;
        Ok(())
    }

    fn into_report(mut self) -> Result<IndexReport> {
        let mut r = std::mem::take(&mut self.report);
        let mut seen = 0;
        for (id, e) in self.entries.iter().enumerate() {
            let Some(cat) = e.cat else { continue };
            seen += 1;
            let id = id as u32;
            let path = self.paths.path(id);
            if PageFormat::of(Path::new(path)) == Some(PageFormat::Pdf) {
                r.pdfs += 1;
                r.pdfs_skipped += usize::from(cat == CatCode::Skipped);
            }
            match cat {
                CatCode::New => r.indexed += 1,
                CatCode::Updated => r.updated += 1,
                CatCode::Unchanged => r.unchanged += 1,
                CatCode::Duplicate => {
                    let of = match self.records.get(path).map(|rec| &rec.status) {
                        Some(Status::Duplicate { of }) => PathBuf::from(of),
                        _ => PathBuf::new(),
                    };
                    r.duplicates.push(Duplicate {
                        path: path.into(),
                        of,
                    });
                }
                CatCode::Skipped => r.skipped.push(Skip {
                    path: path.into(),
                    reason: self.reasons.get(&id).cloned().unwrap_or_default(),
                }),
            }
        }
        r.seen = seen + r.removed;
        r.duplicates
            .sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
        r.skipped
            .sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
        r.documents = self.documents;
        // Wait for merges so that the folder is tidy when we return.
        let start = Instant::now();
        self.writer
            .wait_merging_threads()
            .map_err(|e| Error::index(&self.config.index_dir, e))?;
        r.timings.commit += start.elapsed().as_secs_f64();
        Ok(r)
    }
}

/// Adds the file's `mtime`, `size` and `file_hash` to a document.
fn add_file_meta(f: &Fields, doc: &mut TantivyDocument, meta: FileMeta) {
    doc.add_i64(f.mtime, meta.mtime);
    doc.add_u64(f.size, meta.size);
    doc.add_u64(f.file_hash, meta.file_hash);
}
