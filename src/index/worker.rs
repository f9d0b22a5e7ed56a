//! The per-page work of the indexer, run on every core: stat, compare with
//! what the index knows, read, hash, then the per-page pipeline every caller
//! shares ([`super::page`]: extract, check, classify). A page never stops the
//! run: every problem becomes an [`Outcome::Skip`] with a reason, including a
//! panic in the extractor or the classifier.

use std::path::Path;

use super::page;
use super::state::FileMeta;
use super::timing::PageTimes;
use super::IndexConfig;
use crate::corpus::SourcePage;
use crate::error::Error;
use crate::extract::Article;

/// What became of one page.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// `mtime` and `size` are those the index knows: not even read.
    Unchanged,
    /// Read because `mtime` or `size` changed, but the bytes are the same.
    Touched(FileMeta),
    /// New or changed contents, extracted and classified.
    Page(FileMeta, Box<Article>),
    /// Not indexed. `meta` is set when the reason depends on the file's bytes
    /// only, so that the outcome can be remembered until the file changes.
    Skip {
        /// Why.
        reason: String,
        /// The file, when the reason can be remembered.
        meta: Option<FileMeta>,
    },
}

/// Processes the page at `path`; `known` is what the index holds for it.
pub(crate) fn process(
    path: &Path,
    known: Option<FileMeta>,
    config: &IndexConfig,
    t: &mut PageTimes,
) -> Outcome {
    let clock = &*config.clock;
    let start = clock.now();
    let checked = stat(path, known, config);
    t.read += clock.now() - start;
    process_checked(path, checked, known, config, t)
}

/// What [`stat`] found: the page is done with (unchanged, or a skip), or its
/// bytes must be read.
#[derive(Debug)]
pub(crate) enum Checked {
    /// Nothing more to do: this is the outcome.
    Done(Outcome),
    /// To read; the metadata has no hash yet.
    Read(FileMeta),
}

/// Stats the file and compares it with what the index knows: the only work an
/// unchanged page costs, which the caller may time over a batch of pages (the
/// clock can cost as much as the stat).
pub(crate) fn stat(path: &Path, known: Option<FileMeta>, config: &IndexConfig) -> Checked {
    let md = match std::fs::metadata(path) {
        Ok(md) => md,
        Err(e) => {
            return Checked::Done(Outcome::Skip {
                reason: io_reason(path, &e),
                meta: None,
            })
        }
    };
    if !md.is_file() {
        return Checked::Done(Outcome::Skip {
            reason: "not a regular file".into(),
            meta: None,
        });
    }
    let meta = FileMeta::of(&md);
    if known.is_some_and(|k| k.same_stat(&meta)) {
        return Checked::Done(Outcome::Unchanged);
    }
    if meta.size == 0 {
        return Checked::Done(Outcome::Skip {
            reason: "empty file".into(),
            meta: Some(meta),
        });
    }
    if meta.size > config.max_file_size {
        // Not remembered: the cap is a flag and may be raised next time.
        return Checked::Done(Outcome::Skip {
            reason: too_large(meta.size, config.max_file_size),
            meta: None,
        });
    }
    Checked::Read(meta)
}

/// The rest of [`process`] once the page is [`stat`]ed: reads, hashes,
/// extracts and classifies it (each timed per page, by `config.clock`).
pub(crate) fn process_checked(
    path: &Path,
    checked: Checked,
    known: Option<FileMeta>,
    config: &IndexConfig,
    t: &mut PageTimes,
) -> Outcome {
    let meta = match checked {
        Checked::Done(outcome) => return outcome,
        Checked::Read(meta) => meta,
    };
    let clock = &*config.clock;
    let start = clock.now();
    let outcome = read(path, meta, known, config, t);
    t.read += clock.now() - start;
    let (meta, page) = match outcome {
        Ok(Ok(read)) => read,
        Ok(Err(outcome)) => return outcome,
        Err(reason) => return Outcome::Skip { reason, meta: None },
    };
    let timed = page::process_timed(&page, &config.rules, &config.classifier, clock, t);
    match timed {
        Ok(article) => Outcome::Page(meta, Box::new(article)),
        Err(Error::Skipped { reason, .. } | Error::Parse { reason, .. }) => Outcome::Skip {
            reason,
            meta: Some(meta),
        },
        Err(e) => Outcome::Skip {
            reason: e.to_string(),
            meta: Some(meta),
        },
    }
}

/// Reads and hashes the file [`stat`] passed: `Ok(Ok(page))` to extract,
/// `Ok(Err(outcome))` when done already, `Err(reason)` for an I/O problem (not
/// remembered).
#[allow(clippy::type_complexity)]
fn read(
    path: &Path,
    mut meta: FileMeta,
    known: Option<FileMeta>,
    config: &IndexConfig,
    t: &mut PageTimes,
) -> Result<Result<(FileMeta, SourcePage), Outcome>, String> {
    let bytes = std::fs::read(path).map_err(|e| io_reason(path, &e))?;
    t.bytes += bytes.len() as u64;
    if bytes.len() as u64 > config.max_file_size {
        return Ok(Err(Outcome::Skip {
            reason: too_large(bytes.len() as u64, config.max_file_size),
            meta: None,
        }));
    }
    meta.file_hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    if known.is_some_and(|k| k.file_hash == meta.file_hash && k.size == bytes.len() as u64) {
        return Ok(Err(Outcome::Touched(meta)));
    }
    Ok(Ok((meta, SourcePage::from_bytes(path, bytes))))
}

fn too_large(size: u64, cap: u64) -> String {
    format!(
        "file is {}, over the size cap of {} (--max-file-size)",
        mb(size),
        mb(cap)
    )
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A short reason for an I/O error, naming a dangling symlink as such.
pub(crate) fn io_reason(path: &Path, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound
        && path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
    {
        return "broken symlink (its target does not exist)".into();
    }
    let s = e.to_string();
    // "Permission denied (os error 13)" → "permission denied"
    let s = s.split(" (os error").next().unwrap_or(&s);
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}
