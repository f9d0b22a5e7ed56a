//! Reading a PDF with `pdf_oxide`: open (encrypted and broken files are errors),
//! then each page's positioned text spans, in column-aware reading order (XY-cut:
//! each column top to bottom, one after the other), become
//! [`Line`]s; pages past the caps, the deadline or a stop request are not read.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use pdf_oxide::layout::TextSpan;
use pdf_oxide::{PdfDocument, ReadingOrder};

use super::layout::Line;
use super::{meta, Document, Limits, PdfError};

/// Reads the document's pages as lines, and its Info dictionary.
pub(crate) fn document(
    data: Vec<u8>,
    limits: Limits,
    deadline: Instant,
    stop: &AtomicBool,
) -> Result<Document, PdfError> {
    let doc = PdfDocument::from_bytes(data).map_err(|e| broken(&e))?;
    if doc.is_encrypted() && !doc.authenticate(b"").unwrap_or(false) {
        return Err(PdfError::Encrypted);
    }
    let page_count = doc.page_count().map_err(|e| broken(&e))?;
    let mut out = Document {
        page_count,
        meta: meta::read(&doc),
        ..Document::default()
    };
    let mut chars = 0;
    let mut first_error = None;
    for page in 0..page_count.min(limits.pages) {
        if stop.load(Ordering::Relaxed) || Instant::now() > deadline {
            if out.pages.is_empty() {
                return Err(PdfError::Timeout(limits.seconds));
            }
            break;
        }
        let spans = match doc.extract_spans_with_reading_order(page, ReadingOrder::ColumnAware) {
            Ok(spans) => spans,
            Err(e) => {
                first_error.get_or_insert_with(|| broken(&e));
                out.pages.push(Vec::new());
                continue;
            }
        };
        let (_, bottom, _, top) = doc
            .get_page_media_box(page)
            .unwrap_or((0.0, 0.0, 612.0, 792.0));
        let lines = lines(&spans, bottom.min(top), bottom.max(top));
        chars += lines.iter().map(|l| l.text.len()).sum::<usize>();
        out.pages.push(lines);
        if chars > limits.chars {
            break;
        }
    }
    match first_error {
        Some(e) if out.pages.iter().all(Vec::is_empty) => Err(e),
        _ => Ok(out),
    }
}

/// A one-line reason from a parser error.
fn broken(e: &pdf_oxide::Error) -> PdfError {
    let reason = e.to_string();
    let reason = reason.lines().next().unwrap_or("").trim();
    PdfError::Broken(reason.chars().take(200).collect())
}

/// A gap between two spans wider than this many times the type size is a space
/// (a word space is about a quarter of it).
const GAP: f32 = 0.15;

/// Groups spans into lines: a span on the same baseline band as the previous one,
/// to its right, continues its line (with a space when there is a gap between them).
fn lines(spans: &[TextSpan], bottom: f32, top: f32) -> Vec<Line> {
    let height = (top - bottom).max(1.0);
    let mut out: Vec<Line> = Vec::new();
    // (x end, y low, y high) of the previous span on the current line
    let mut last: Option<(f32, f32, f32)> = None;
    let mut prev_line: Option<(f32, f32)> = None; // (y low, size) of the current line
    for span in spans {
        // Marked artifacts are running headers, footers and page numbers; a
        // blank span is a space, which the gap to the next span shows anyway.
        if span.artifact_type.is_some() || span.text.trim().is_empty() {
            continue;
        }
        let b = &span.bbox;
        let (x0, x1, y0, y1) = (
            b.x,
            b.x + b.width,
            b.y.min(b.y + b.height),
            b.y.max(b.y + b.height),
        );
        let size = span.font_size.abs().max(1.0);
        let same_line = last.is_some_and(|(end, lo, hi)| {
            let overlap = y1.min(hi) - y0.max(lo);
            overlap > 0.4 * (y1 - y0).min(hi - lo).max(1.0) && x0 >= end - size
        });
        if same_line {
            let line = out.last_mut().expect("a line is open");
            let (end, _, _) = last.expect("a span came before");
            if x0 - end > GAP * size
                && !line.text.ends_with(char::is_whitespace)
                && !span.text.starts_with(char::is_whitespace)
            {
                line.text.push(' ');
            }
            line.text.push_str(&span.text);
            line.size = line.size.max(size);
            last = last.map(|(_, lo, hi)| (x1, lo.min(y0), hi.max(y1)));
            continue;
        }
        if let Some(line) = out.last_mut() {
            line.text = line.text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        // A paragraph starts after a gap of more than a line and a half, in a
        // new column (the line is higher on the page) or at a change of type size.
        let para = prev_line.is_none_or(|(lo, s)| {
            let gap = lo - y1;
            gap > 0.75 * s.max(size) || gap < -2.0 * s || (s - size).abs() > 1.0
        });
        out.push(Line {
            text: span.text.clone(),
            top: ((top - y1) / height).clamp(0.0, 1.0),
            size,
            para,
        });
        last = Some((x1, y0, y1));
        prev_line = Some((y0, size));
    }
    if let Some(line) = out.last_mut() {
        line.text = line.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out.retain(|l| !l.text.is_empty());
    out
}
