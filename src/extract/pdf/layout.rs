//! From positioned lines to an article's text: running headers, footers and
//! page numbers removed (lines repeated across pages in the top or bottom band),
//! footnotes (small type at the foot of a page under a marker) moved after the
//! text, words hyphenated across lines joined, the title read from page 1's
//! largest type. Pure functions over [`Line`]s, so they are tested without PDFs.

use std::collections::{HashMap, HashSet};

/// One line of text as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// The line's text, words separated by single spaces.
    pub text: String,
    /// Distance of the line's top from the page's top, as a fraction of the page's height.
    pub top: f32,
    /// The largest font size on the line, in points.
    pub size: f32,
    /// True when vertical space above it (or a new column) starts a paragraph.
    pub para: bool,
}

/// Lines whose top lies in the first or last `BAND` of the page can be running
/// headers or footers.
const BAND: f32 = 0.12;
/// A margin line repeated on at least this share of the pages (and on two
/// pages at least) is a running header or footer.
const REPEATED: f64 = 0.3;
/// Type at most this fraction of the body's size is small (footnotes).
const SMALL: f32 = 0.88;
/// A footnote block lies below this fraction of the page's height.
const FOOT: f32 = 0.5;

/// A page's lines with its running lines and footnotes set apart.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Split {
    /// The text lines, in reading order.
    pub body: Vec<Line>,
    /// The footnote lines at the foot of the page.
    pub notes: Vec<Line>,
}

/// The text of a line with its digits generalised, lowercased and without
/// spaces, so that "Page 4 GAO-07-283" and "Page 5 GAO-07-283" are one running line.
fn key(text: &str) -> String {
    let mut k = String::with_capacity(text.len());
    let mut last_digit = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !last_digit {
                k.push('#');
            }
            last_digit = true;
        } else {
            last_digit = false;
            if !c.is_whitespace() {
                k.extend(c.to_lowercase());
            }
        }
    }
    k
}

/// A page number alone: `7`, `- 7 -`, `Page 7`, `7 of 12`, `vii`.
fn is_page_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let t = t.to_lowercase();
    let t = t.strip_prefix("page").map(str::trim).unwrap_or(&t);
    let mut words = t.split_whitespace();
    let number = |w: &str| {
        !w.is_empty()
            && w.len() <= 6
            && (w.chars().all(|c| c.is_ascii_digit())
                || w.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l' | 'c')))
    };
    match (words.next(), words.next(), words.next(), words.next()) {
        (Some(a), None, _, _) => number(a),
        (Some(a), Some("of" | "/"), Some(b), None) => number(a) && number(b),
        _ => false,
    }
}

fn in_band(line: &Line) -> bool {
    line.top < BAND || line.top > 1.0 - BAND
}

/// The keys of the margin lines that repeat across pages: running headers and footers.
pub(crate) fn running_keys(pages: &[Vec<Line>]) -> HashSet<String> {
    let mut counts: HashMap<(String, bool), usize> = HashMap::new();
    for page in pages {
        let keys: HashSet<(String, bool)> = page
            .iter()
            .filter(|&l| in_band(l))
            .map(|l| (key(&l.text), l.top < 0.5))
            .collect();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    let need = ((pages.len() as f64 * REPEATED).ceil() as usize).max(2);
    counts
        .into_iter()
        .filter(|(_, n)| *n >= need)
        .map(|((k, _), _)| k)
        .collect()
}

/// The body's font size: the size that carries the most characters.
pub(crate) fn body_size(pages: &[Vec<Line>]) -> f32 {
    let mut chars: HashMap<i32, usize> = HashMap::new();
    for line in pages.iter().flatten() {
        *chars.entry((line.size * 2.0).round() as i32).or_default() += line.text.len();
    }
    chars
        .into_iter()
        .max_by_key(|&(size, n)| (n, -size))
        .map_or(10.0, |(size, _)| size as f32 / 2.0)
}

/// Drops a page's running lines and page numbers and sets its footnotes apart:
/// the run of small-type lines at the foot of the page whose first line starts
/// with a note marker (a number or `*`, `†`).
pub(crate) fn split_page(page: &[Line], running: &HashSet<String>, body: f32) -> Split {
    let kept: Vec<&Line> = page
        .iter()
        .filter(|&l| !(in_band(l) && (running.contains(&key(&l.text)) || is_page_number(&l.text))))
        .collect();
    let small = |l: &Line| l.size <= body * SMALL && l.top > FOOT;
    // The footnote block: the small lines below the lowest body-size line.
    let floor = kept
        .iter()
        .copied()
        .filter(|&l| !small(l))
        .map(|l| l.top)
        .fold(0.0, f32::max);
    let mut notes: Vec<usize> = (0..kept.len())
        .filter(|&i| small(kept[i]) && kept[i].top > floor)
        .collect();
    notes.sort_by(|&a, &b| kept[a].top.total_cmp(&kept[b].top));
    let marked = notes.first().is_some_and(|&i| {
        kept[i].text.trim_start().starts_with(|c: char| {
            c.is_ascii_digit() || matches!(c, '*' | '†' | '‡' | '¹' | '²' | '³')
        })
    });
    if !marked {
        notes.clear();
    }
    Split {
        body: (0..kept.len())
            .filter(|i| !notes.contains(i))
            .map(|i| kept[i].clone())
            .collect(),
        notes: notes.iter().map(|&i| kept[i].clone()).collect(),
    }
}

/// Joins lines into paragraphs (a blank line between paragraphs), joining a word
/// hyphenated across two lines (`inter-` + `national`).
pub(crate) fn paragraphs<'a>(lines: impl IntoIterator<Item = &'a Line>) -> String {
    let mut out = String::new();
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            if line.para {
                out.push_str("\n\n");
            } else if hyphenated(&out, text) {
                out.pop();
            } else {
                out.push('\n');
            }
        }
        out.push_str(text);
    }
    out
}

/// `before` ends in a letter and a hyphen and `next` starts with a lower-case letter.
fn hyphenated(before: &str, next: &str) -> bool {
    let mut tail = before.chars().rev();
    tail.next() == Some('-')
        && tail.next().is_some_and(char::is_alphabetic)
        && next.chars().next().is_some_and(char::is_lowercase)
}

/// The title printed on page 1: the lines in its largest type (running lines
/// excluded, in the top two thirds of the page, at least 1.2 times the body's
/// size), joined; `None` when page 1 has no such type.
pub(crate) fn first_page_title(
    page: &[Line],
    running: &HashSet<String>,
    body: f32,
) -> Option<String> {
    let candidates: Vec<&Line> = page
        .iter()
        .filter(|l| l.top < 0.67 && l.text.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .filter(|&l| !(in_band(l) && running.contains(&key(&l.text))))
        .collect();
    let largest = candidates.iter().map(|l| l.size).fold(0.0, f32::max);
    if largest < body * 1.2 {
        return None;
    }
    let mut title: Vec<&str> = Vec::new();
    let mut last_top = None;
    for line in candidates.iter().filter(|l| (l.size - largest).abs() < 0.5) {
        // A second block of the same size further down is another heading.
        if last_top.is_some_and(|t: f32| line.top - t > 3.0 * largest / 792.0 + 0.02) {
            break;
        }
        title.push(line.text.trim());
        last_top = Some(line.top);
    }
    let title = title.join(" ");
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then(|| title.chars().take(300).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, top: f32, size: f32) -> Line {
        Line {
            text: text.into(),
            top,
            size,
            para: false,
        }
    }

    fn page(n: usize) -> Vec<Line> {
        vec![
            line("Sahel Review | Report 7", 0.04, 8.0),
            line(&format!("Body text of page {n} goes on."), 0.2, 10.0),
            line("and ends here.", 0.22, 10.0),
            line(
                &format!(
                    "1 {}",
                    ["A note on grain.", "On roads.", "On ports."][n - 1]
                ),
                0.9,
                7.0,
            ),
            line(&n.to_string(), 0.96, 8.0),
        ]
    }

    #[test]
    fn running_headers_and_page_numbers_go_and_footnotes_are_set_apart() {
        let pages: Vec<_> = (1..=3).map(page).collect();
        let running = running_keys(&pages);
        assert!(running.contains(&key("Sahel Review | Report 7")));
        assert!(!running.contains(&key("Body text of page 1 goes on.")));
        let body = body_size(&pages);
        assert_eq!(body, 10.0);
        let split = split_page(&pages[1], &running, body);
        let texts: Vec<_> = split.body.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Body text of page 2 goes on.", "and ends here."]);
        assert_eq!(split.notes.len(), 1);
        assert_eq!(split.notes[0].text, "1 On roads.");
    }

    #[test]
    fn a_header_on_one_page_only_stays() {
        let pages = vec![page(1), vec![line("Other", 0.3, 10.0)]];
        let mut only = pages.clone();
        only[1].push(line("Different header", 0.04, 8.0));
        let running = running_keys(&only);
        assert!(!running.contains(&key("Sahel Review | Report 7")));
        let split = split_page(&only[0], &running, 10.0);
        assert_eq!(split.body[0].text, "Sahel Review | Report 7");
    }

    #[test]
    fn small_type_without_a_marker_is_not_a_footnote() {
        let p = vec![
            line("Body.", 0.3, 10.0),
            line("Source: a survey.", 0.9, 7.0),
        ];
        let split = split_page(&p, &HashSet::new(), 10.0);
        assert!(split.notes.is_empty());
        assert_eq!(split.body.len(), 2);
    }

    #[test]
    fn page_numbers() {
        for t in ["7", "- 7 -", "Page 7", "7 of 12", "vii", "page 3 / 9"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["7 trucks", "Chapter 7", "Figure 2", ""] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn hyphenated_words_are_joined_paragraphs_kept() {
        let mut lines = vec![
            line("The board's inter-", 0.2, 10.0),
            line("national partners met. A well-", 0.22, 10.0),
            line("Known name.", 0.24, 10.0),
            line("New paragraph.", 0.3, 10.0),
        ];
        lines[3].para = true;
        assert_eq!(
            paragraphs(&lines),
            "The board's international partners met. A well-\nKnown name.\n\nNew paragraph."
        );
    }

    #[test]
    fn the_title_is_the_largest_type_on_page_one() {
        let p = vec![
            line("Sahel Review | Report 7", 0.04, 8.0),
            line("Grain Corridors Across", 0.1, 22.0),
            line("the Sahel", 0.135, 22.0),
            line("A subtitle", 0.18, 12.0),
            line("Body text.", 0.3, 10.0),
        ];
        let running = HashSet::from([key("Sahel Review | Report 7")]);
        assert_eq!(
            first_page_title(&p, &running, 10.0).as_deref(),
            Some("Grain Corridors Across the Sahel")
        );
        let flat = vec![line("Body text.", 0.3, 10.0)];
        assert_eq!(first_page_title(&flat, &running, 10.0), None);
    }
}
