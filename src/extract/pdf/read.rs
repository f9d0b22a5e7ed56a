//! Reading a PDF with `pdf-extract` (over `lopdf`): open (encrypted and broken
//! files are errors), then each page's positioned glyphs, received through its
//! [`OutputDev`] trait, become words; the words are put in column-aware
//! reading order (XY-cut: each column top to bottom, one after the other) and
//! grouped into [`Line`]s. Pages past the caps, the deadline or a stop request
//! are not read; a page the parser fails or panics on is lost alone.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::layout::Line;
use super::{meta, Document, Limits, PdfError};

/// Reads the document's pages as lines, and its Info dictionary.
pub(crate) fn document(
    data: &[u8],
    limits: Limits,
    deadline: Instant,
    stop: &AtomicBool,
) -> Result<Document, PdfError> {
    let mut doc = pdf_extract::Document::load_mem(data).map_err(|e| load_error(data, &e))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(PdfError::Encrypted);
    }
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut out = Document {
        page_count: numbers.len(),
        meta: meta::read(&doc),
        ..Document::default()
    };
    let mut chars = 0;
    let mut first_error = None;
    for &number in numbers.iter().take(limits.pages) {
        if stop.load(Ordering::Relaxed) || Instant::now() > deadline {
            if out.pages.is_empty() {
                return Err(PdfError::Timeout(limits.seconds));
            }
            break;
        }
        let mut page = Glyphs::new(deadline, stop);
        let read = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut page, number)
        }));
        if page.out_of_time {
            if out.pages.is_empty() {
                return Err(PdfError::Timeout(limits.seconds));
            }
            break;
        }
        match read {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                first_error.get_or_insert_with(|| broken(&e.to_string()));
            }
            Err(panic) => {
                first_error.get_or_insert_with(|| PdfError::Broken(super::panic_message(&*panic)));
            }
        }
        let lines = page.lines();
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

/// The error of a file that does not load: encrypted when its trailer names an
/// `/Encrypt` dictionary the parser cannot use, else broken.
fn load_error(data: &[u8], e: &pdf_extract::Error) -> PdfError {
    let tail = &data[data.len().saturating_sub(4096)..];
    if tail.windows(8).any(|w| w == b"/Encrypt") {
        return PdfError::Encrypted;
    }
    broken(&e.to_string())
}

/// A one-line reason from a parser error.
fn broken(reason: &str) -> PdfError {
    let reason = reason.lines().next().unwrap_or("").trim();
    let reason = if reason.is_empty() {
        "unreadable"
    } else {
        reason
    };
    PdfError::Broken(reason.chars().take(200).collect())
}

/// A gap between two glyphs wider than this many times the type size is a
/// space (pdf-extract's own threshold; a word space is about a quarter of it).
const GAP: f64 = 0.1;
/// A word space, in times the type size (left before a run placed inside a
/// run whose advances were too wide, see `rescale_previous_run`).
const SPACE: f64 = 0.25;
/// A glyph that starts within this many times the type size of where the
/// previous one's advance ended continues its run (TJ kerning and word
/// spacing included); farther, the PDF placed it anew.
const RUN_SLACK: f64 = 0.6;
/// A vertical band of white at least this many times the type size wide,
/// running through the whole of a block, separates two columns.
const GUTTER: f64 = 1.5;
/// Pages with more words than this are read line by line without the XY-cut
/// (a map or a chart of scattered labels; the cut is quadratic).
const MAX_CUT_WORDS: usize = 20_000;

/// A word as the page shows it; coordinates in points from the page's top left.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    text: String,
    x0: f64,
    x1: f64,
    /// The baseline.
    base: f64,
    size: f64,
}

impl Word {
    fn top(&self) -> f64 {
        self.base - 0.75 * self.size
    }
    fn bottom(&self) -> f64 {
        self.base + 0.25 * self.size
    }
}

/// An [`OutputDev`] that collects one page's glyphs into words.
struct Glyphs<'a> {
    deadline: Instant,
    stop: &'a AtomicBool,
    out_of_time: bool,
    /// The page's height, in points.
    height: f64,
    /// Words on horizontal baselines, in page coordinates.
    words: Vec<Word>,
    /// Words of rotated text, in their own baseline's frame.
    rotated: Vec<Word>,
    /// Whether the last glyph went to `rotated`, and the word it continues may be extended.
    open: Option<bool>,
    glyphs: usize,
    /// Where the last horizontal glyph's advance ended (x, baseline).
    pen: Option<(f64, f64)>,
    /// The index in `words` of the first word of the current horizontal run
    /// (glyphs that follow each other's advances, since the last placement).
    run_first: usize,
}

impl<'a> Glyphs<'a> {
    fn new(deadline: Instant, stop: &'a AtomicBool) -> Glyphs<'a> {
        Glyphs {
            deadline,
            stop,
            out_of_time: false,
            height: 792.0,
            words: Vec::new(),
            rotated: Vec::new(),
            open: None,
            glyphs: 0,
            pen: None,
            run_first: 0,
        }
    }

    /// A run that the PDF places (by `Td`, `Tm`…) on the baseline of the
    /// previous run but inside it, more than half an em before its end: the
    /// previous run's glyph advances are too wide (a font whose widths the
    /// parser cannot read advances every glyph by a default width), so its
    /// words drift over the text placed after them, and sorting by position
    /// would shuffle and glue them ("growtheuroinisthearea"). The new run's
    /// start is true (the content stream set it); the previous run is scaled
    /// about its start so that it ends a word space before it.
    fn rescale_previous_run(&mut self, x: f64, base: f64, size: f64) {
        let Some(run) = self.words.get(self.run_first..).filter(|r| !r.is_empty()) else {
            return;
        };
        let start = run[0].x0;
        let end = run.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max);
        let last = &run[run.len() - 1];
        let same_line = (last.base - base).abs() < 0.5 * last.size.min(size);
        let target = x - SPACE * size;
        if !same_line || x >= end - 0.5 * size || target <= start + 0.5 * size {
            return;
        }
        let f = (target - start) / (end - start);
        for w in &mut self.words[self.run_first..] {
            w.x0 = start + (w.x0 - start) * f;
            w.x1 = start + (w.x1 - start) * f;
        }
    }

    /// The page's lines: horizontal text in reading order, then rotated text.
    fn lines(self) -> Vec<Line> {
        let height = self.height.max(1.0);
        let mut out = lines(reading_order(self.words), height);
        let mut rotated = lines(by_lines(self.rotated), height);
        for line in &mut rotated {
            // Not in a margin band: rotated text is never a running header.
            line.top = 0.5;
        }
        out.extend(rotated);
        out
    }
}

impl OutputDev for Glyphs<'_> {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = (media_box.ury - media_box.lly).abs();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs % 1024 == 0
            && (Instant::now() > self.deadline || self.stop.load(Ordering::Relaxed))
        {
            self.out_of_time = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let scale_x = trm.m11.hypot(trm.m12);
        let size = (font_size * trm.m21.hypot(trm.m22)).abs();
        if !size.is_finite() || size < 0.5 || !scale_x.is_finite() || scale_x == 0.0 {
            self.open = None;
            return Ok(());
        }
        let advance = width * font_size * scale_x;
        let rotated = trm.m12.abs() > 0.1 * trm.m11.abs() || trm.m11 < 0.0;
        let (x, base) = if rotated {
            // Along the baseline and across it, in the text's own frame.
            let (dx, dy) = (trm.m11 / scale_x, trm.m12 / scale_x);
            (trm.m31 * dx + trm.m32 * dy, -(trm.m32 * dx - trm.m31 * dy))
        } else {
            (trm.m31, self.height - trm.m32)
        };
        if !rotated {
            // a glyph that does not start where the last one's advance ended
            // (beyond TJ's kerning) was placed anew: a run begins
            let placed = self.pen.is_none_or(|(px, pb)| {
                (pb - base).abs() >= 0.5 * size || (x - px).abs() > RUN_SLACK * size
            });
            if placed {
                self.rescale_previous_run(x, base, size);
                self.run_first = self.words.len();
            }
            let spacing = if spacing.is_finite() { spacing } else { 0.0 };
            self.pen = Some((x + advance + spacing * scale_x, base));
        }
        if text.trim().is_empty() {
            self.open = None;
            return Ok(());
        }
        let words = if rotated {
            &mut self.rotated
        } else {
            &mut self.words
        };
        let continues = self.open == Some(rotated)
            && words.last().is_some_and(|w| {
                (w.base - base).abs() < 0.5 * w.size.min(size)
                    && x >= w.x1 - 0.5 * size
                    && x <= w.x1 + GAP * size
            });
        match words.last_mut() {
            Some(w) if continues => {
                w.text.push_str(text);
                w.x1 = w.x1.max(x + advance);
                w.size = w.size.max(size);
            }
            _ => words.push(Word {
                text: text.to_string(),
                x0: x,
                x1: x + advance.max(0.0),
                base,
                size,
            }),
        }
        self.open = Some(rotated);
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// The words in reading order: XY-cut, a block split at the widest gutter
/// between columns (left column first), else at its widest horizontal gap (top
/// part first), until a block is one line.
fn reading_order(words: Vec<Word>) -> Vec<Vec<Word>> {
    if words.len() > MAX_CUT_WORDS {
        return by_lines(words);
    }
    let mut out = Vec::new();
    cut(words, &mut out);
    out
}

fn cut(mut words: Vec<Word>, out: &mut Vec<Vec<Word>>) {
    if words.len() <= 1 {
        if !words.is_empty() {
            out.push(words);
        }
        return;
    }
    let size = words.iter().map(|w| w.size).sum::<f64>() / words.len() as f64;
    // A gutter: the widest vertical gap through every word of the block.
    words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    if let Some((at, gap)) = widest_gap(&words, |w| (w.x0, w.x1)) {
        if gap >= GUTTER * size {
            let right = words.split_off(at);
            cut(words, out);
            cut(right, out);
            return;
        }
    }
    words.sort_by(|a, b| a.top().total_cmp(&b.top()));
    if let Some((at, _)) = widest_gap(&words, |w| (w.top(), w.bottom())) {
        let below = words.split_off(at);
        cut(words, out);
        cut(below, out);
        return;
    }
    out.extend(by_lines(words));
}

/// Over items sorted by their start, the widest gap between the end of all the
/// items before one and its start: the index of the item after the gap, and its width.
fn widest_gap(words: &[Word], span: impl Fn(&Word) -> (f64, f64)) -> Option<(usize, f64)> {
    let mut end = span(&words[0]).1;
    let mut best: Option<(usize, f64)> = None;
    for (i, w) in words.iter().enumerate().skip(1) {
        let (start, stop) = span(w);
        let gap = start - end;
        if gap > 0.0 && best.is_none_or(|(_, g)| gap > g) {
            best = Some((i, gap));
        }
        end = end.max(stop);
    }
    best
}

/// Words grouped into lines by their baselines (top to bottom), each line left to right.
fn by_lines(mut words: Vec<Word>) -> Vec<Vec<Word>> {
    words.sort_by(|a, b| a.base.total_cmp(&b.base));
    let mut out: Vec<Vec<Word>> = Vec::new();
    for w in words {
        match out.last_mut() {
            Some(line) if (w.base - line[0].base).abs() < 0.5 * line[0].size.min(w.size) => {
                line.push(w)
            }
            _ => out.push(vec![w]),
        }
    }
    for line in &mut out {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    out
}

/// Blocks of words in reading order become lines: a block (one line of a
/// column) is a line; a paragraph starts after a gap of more than a line and a
/// half, in a new column (the line is higher on the page) or at a change of type size.
fn lines(blocks: Vec<Vec<Word>>, height: f64) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut prev: Option<(f64, f64)> = None; // (bottom, size) of the previous line
    for block in blocks {
        let mut text = String::new();
        let mut end = f64::NEG_INFINITY;
        for w in &block {
            if !text.is_empty() && w.x0 - end > GAP * w.size {
                text.push(' ');
            }
            text.push_str(&w.text);
            end = end.max(w.x1);
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            continue;
        }
        let size = block.iter().map(|w| w.size).fold(0.0, f64::max);
        let top = block.iter().map(Word::top).fold(f64::INFINITY, f64::min);
        let bottom = block
            .iter()
            .map(Word::bottom)
            .fold(f64::NEG_INFINITY, f64::max);
        let para = prev.is_none_or(|(last, s)| {
            let gap = top - last;
            gap > 0.75 * s.max(size) || gap < -2.0 * s || (s - size).abs() > 1.0
        });
        out.push(Line {
            text,
            top: (top / height).clamp(0.0, 1.0) as f32,
            size: size as f32,
            para,
        });
        prev = Some((bottom, size));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f64, base: f64) -> Word {
        Word {
            text: text.into(),
            x0,
            x1: x0 + 5.0 * text.len() as f64,
            base,
            size: 10.0,
        }
    }

    fn texts(blocks: &[Vec<Word>]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| {
                b.iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn two_columns_under_a_title_are_read_one_after_the_other() {
        let title = Word {
            x1: 400.0,
            ..word("A title across the columns", 72.0, 80.0)
        };
        let mut words = vec![title];
        for (i, y) in [120.0, 133.0, 146.0].into_iter().enumerate() {
            words.push(word(&format!("left{i}"), 72.0, y));
            words.push(word("text", 110.0, y));
            words.push(word(&format!("right{i}"), 320.0, y));
        }
        let order = texts(&reading_order(words));
        assert_eq!(
            order,
            [
                "A title across the columns",
                "left0 text",
                "left1 text",
                "left2 text",
                "right0",
                "right1",
                "right2"
            ]
        );
    }

    #[test]
    fn one_column_is_read_line_by_line() {
        let words = vec![
            word("second", 72.0, 113.0),
            word("line", 112.0, 113.0),
            word("first", 72.0, 100.0),
            word("line", 102.0, 100.0),
        ];
        assert_eq!(texts(&reading_order(words)), ["first line", "second line"]);
    }
}
