//! PDF reports: text, title, authors and date out of a `.pdf` file, with the
//! `pdf-extract` parser (pure Rust, over `lopdf`). Lines are rebuilt from the
//! positioned glyphs of each page in reading order (`read`), then `layout` removes
//! running headers, footers and page numbers, moves footnotes after the text,
//! joins hyphenated words and finds the title; ligatures (`ﬁ`, `ﬂ`…) are
//! decomposed by NFKC.
//!
//! A PDF is never a panic or a hang: a scan with no text layer, an encrypted
//! file that needs a password and a broken file are [`PdfError`]s with their
//! reason; extraction runs in a worker thread with a deadline
//! ([`Limits::seconds`]) and reads at most [`Limits::pages`] pages and
//! [`Limits::chars`] characters, so a huge document is bounded in time and memory.

mod layout;
mod meta;
mod read;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use unicode_normalization::UnicodeNormalization;

use super::Article;

/// The `kind` of every PDF document.
pub const KIND: &str = "Report";

/// Why a PDF gives no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// Pages of images only: a scan without an OCR text layer.
    #[error("scanned PDF with no text layer ({pages} pages, {words} words of text)")]
    NoTextLayer {
        /// Pages in the document.
        pages: usize,
        /// Words of text found on them.
        words: usize,
    },
    /// Encrypted with a user password.
    #[error("encrypted PDF (needs a password)")]
    Encrypted,
    /// The file cannot be parsed.
    #[error("broken PDF: {0}")]
    Broken(String),
    /// Extraction went past its deadline.
    #[error("PDF extraction took over {0} s (time budget); skipped")]
    Timeout(u64),
}

/// Bounds on the work one PDF may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Pages read, from the first; the rest of a longer document is not indexed.
    pub pages: usize,
    /// Characters of text kept; reading stops there.
    pub chars: usize,
    /// Seconds of wall time before the document is given up.
    pub seconds: u64,
}

impl Default for Limits {
    /// 2,000 pages, 4 million characters, 60 seconds.
    fn default() -> Limits {
        Limits {
            pages: 2000,
            chars: 4_000_000,
            seconds: 60,
        }
    }
}

/// Fewer words than this per page on average (and in all) is a scan.
const MIN_WORDS_PER_PAGE: usize = 5;
const MIN_WORDS: usize = 20;

/// Extracts an article from a PDF's bytes within `limits`. `kind` is
/// [`KIND`]; region, country and topic are left to the classifier.
pub fn extract(bytes: &[u8], limits: Limits) -> Result<Article, PdfError> {
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = crossbeam_channel::bounded(1);
    let data = bytes.to_vec();
    let flag = Arc::clone(&stop);
    let deadline = Instant::now() + Duration::from_secs(limits.seconds);
    let spawned = std::thread::Builder::new()
        .name("polsearch-pdf".into())
        // PDF object graphs nest; a deep one must not overflow the stack.
        .stack_size(64 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                read::document(&data, limits, deadline, &flag)
            }));
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        return Err(PdfError::Broken(format!(
            "cannot start the PDF reader: {e}"
        )));
    }
    let grace = Duration::from_secs(limits.seconds) + Duration::from_millis(500);
    match rx.recv_timeout(grace) {
        Ok(Ok(read)) => read.and_then(assemble),
        Ok(Err(panic)) => Err(PdfError::Broken(panic_message(&*panic))),
        Err(_) => {
            // The reader is stuck inside one page: tell it to stop at the
            // next one and leave it; the document is skipped.
            stop.store(true, Ordering::Relaxed);
            Err(PdfError::Timeout(limits.seconds))
        }
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let msg = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("the PDF reader crashed: {msg}")
}

/// What [`read::document`] got out of the file.
#[derive(Debug, Default)]
pub(crate) struct Document {
    /// Each page's lines, in reading order.
    pub pages: Vec<Vec<layout::Line>>,
    /// Pages in the file (more than `pages.len()` past the page cap).
    pub page_count: usize,
    /// The Info dictionary's fields.
    pub meta: meta::Info,
}

/// Text, title, authors and date from the lines of a document.
fn assemble(doc: Document) -> Result<Article, PdfError> {
    let words: usize = doc
        .pages
        .iter()
        .flatten()
        .map(|l| l.text.split_whitespace().count())
        .sum();
    if words < MIN_WORDS || words < MIN_WORDS_PER_PAGE * doc.pages.len() {
        return Err(PdfError::NoTextLayer {
            pages: doc.page_count,
            words,
        });
    }
    let running = layout::running_keys(&doc.pages);
    let body_size = layout::body_size(&doc.pages);
    let mut body = Vec::new();
    let mut notes = Vec::new();
    for page in &doc.pages {
        let split = layout::split_page(page, &running, body_size);
        if let Some(first) = split.body.first() {
            body.push(layout::Line {
                para: true,
                ..first.clone()
            });
            body.extend(split.body.into_iter().skip(1));
        }
        for (i, note) in split.notes.into_iter().enumerate() {
            notes.push(layout::Line {
                para: i == 0 || note.para,
                ..note
            });
        }
    }
    let mut text = layout::paragraphs(&body);
    if !notes.is_empty() {
        text.push_str("\n\n");
        text.push_str(&layout::paragraphs(&notes));
    }
    let page_title = doc
        .pages
        .first()
        .and_then(|p| layout::first_page_title(p, &running, body_size));
    let title = doc
        .meta
        .title
        .clone()
        .filter(|t| meta::good_title(t))
        .or(page_title)
        .unwrap_or_default();
    let first_page: Vec<&str> = doc
        .pages
        .first()
        .map(|p| p.iter().map(|l| l.text.as_str()).collect())
        .unwrap_or_default();
    let date = first_page
        .iter()
        .take(60)
        .find_map(|l| super::date::find_in_line(l))
        .or(doc.meta.date);
    Ok(Article {
        title: nfkc(&title),
        authors: doc.meta.authors.clone(),
        date,
        kind: Some(KIND.into()),
        page_type: super::PageType::Article,
        body: nfkc(&text),
        ..Article::default()
    })
}

/// NFKC: ligatures (`ﬁ` → `fi`), full-width forms and the like become plain letters.
fn nfkc(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    text.nfkc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_are_decomposed() {
        assert_eq!(nfkc("e\u{FB03}cient \u{FB02}ow"), "efficient flow");
    }

    #[test]
    fn not_a_pdf_is_broken_not_a_panic() {
        match extract(b"hello, not a PDF", Limits::default()) {
            Err(PdfError::Broken(reason)) => assert!(!reason.is_empty()),
            other => panic!("{other:?}"),
        }
    }

    const REPORT: &[u8] = include_bytes!("../../../tests/fixtures/pdf/report.pdf");

    #[test]
    fn a_report_is_read_within_its_limits() {
        let a = extract(REPORT, Limits::default()).unwrap();
        assert_eq!(a.title, "Grain Corridors Across the Sahel");
        assert_eq!(a.kind.as_deref(), Some(KIND));
        assert!(a.body.contains("quokkaberry"));
        let first = Limits {
            pages: 1,
            ..Limits::default()
        };
        let a = extract(REPORT, first).unwrap();
        assert!(a.body.contains("single permit valid across borders"));
        assert!(!a.body.contains("quokkaberry"), "{}", a.body);
    }

    #[test]
    fn past_the_time_budget_a_pdf_is_given_up() {
        let none = Limits {
            seconds: 0,
            ..Limits::default()
        };
        assert_eq!(extract(REPORT, none).unwrap_err(), PdfError::Timeout(0));
    }

    #[test]
    fn a_page_of_few_words_is_a_scan() {
        let doc = Document {
            pages: vec![vec![layout::Line {
                text: "Page 1".into(),
                top: 0.5,
                size: 10.0,
                para: false,
            }]],
            page_count: 1,
            meta: meta::Info::default(),
        };
        assert_eq!(
            assemble(doc).unwrap_err(),
            PdfError::NoTextLayer { pages: 1, words: 2 }
        );
    }
}
