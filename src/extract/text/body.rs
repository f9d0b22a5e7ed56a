//! Finding the article body among the blocks. Each block is first classed on its
//! own shape (as jusText does: length, stopword density and sentence punctuation,
//! with blank-line separation standing in for link density); headings and list
//! items between prose lines join the prose. Then the main run is the contiguous
//! stretch with the best score (paragraph prose counts for it, other lines
//! against it; list breaks, date lines and teaser cards weigh heavily against),
//! cut at a hard end (comments), plus further substantial stretches after
//! interruptions.

use super::blocks::Block;
use super::Role;

/// Class of a block in the body scorer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// Article prose.
    Good,
    /// Not prose: kept only as a heading or list item between prose lines.
    Short,
    /// Boilerplate.
    Bad,
}

/// Classes every block: prose is good; a heading is good when prose follows it
/// closely; everything else is bad. `roles` are the rule-based roles of the
/// blocks. Also returns which blocks are prose in their own right.
pub(super) fn classify(blocks: &[Block], roles: &[Role]) -> (Vec<Class>, Vec<bool>) {
    let has_stopwords = has_stopwords(blocks);
    let mut class: Vec<Class> = blocks
        .iter()
        .zip(roles)
        .map(|(b, role)| {
            // a quoted post's attribution is part of the text, not prose
            if (*role == Role::Text && is_prose(b, has_stopwords)) || *role == Role::Embed {
                Class::Good
            } else if *role == Role::Text {
                Class::Short
            } else {
                Class::Bad
            }
        })
        .collect();
    let prose: Vec<bool> = class
        .iter()
        .zip(roles)
        .map(|(&c, &r)| c == Class::Good && r == Role::Text)
        .collect();
    // headings and short lines: good when prose follows closely and the line
    // is a paragraph of its own (or sits between prose lines, as list items do)
    let snapshot = class.clone();
    for i in 0..class.len() {
        if snapshot[i] != Class::Short {
            continue;
        }
        let b = &blocks[i];
        let next_good = next_prose(&snapshot, roles, i);
        let prev_good = i > 0 && snapshot[i - 1] == Class::Good;
        let between_prose =
            prev_good && i + 1 < class.len() && snapshot[i + 1] == Class::Good && b.words >= 2;
        class[i] = if !b.repeated && ((is_heading(b) && next_good) || between_prose) {
            Class::Good
        } else {
            Class::Bad
        };
    }
    (class, prose)
}

/// The page's language is covered by the function-word lists: its long lines
/// hold some. Pages in a language they do not cover (Korean, Chinese…) are
/// judged on punctuation alone.
pub(super) fn has_stopwords(blocks: &[Block]) -> bool {
    let (long_stop, long_n) = blocks
        .iter()
        .filter(|b| b.chars >= 150)
        .fold((0.0f32, 0usize), |(s, n), b| (s + b.stop, n + 1));
    long_n == 0 || long_stop / long_n as f32 >= 0.08
}

/// Prose follows block `i` within two lines (headings may stack).
fn next_prose(class: &[Class], roles: &[Role], i: usize) -> bool {
    for j in i + 1..(i + 3).min(class.len()) {
        if class[j] == Class::Good {
            return true;
        }
        if roles[j] != Role::Text {
            return false;
        }
    }
    false
}

/// Running text: enough words, enough function words, sentence punctuation.
/// Scripts written without spaces (Chinese, Japanese) are judged on length and
/// punctuation, as are pages whose language the stopword list does not cover.
fn is_prose(b: &Block, has_stopwords: bool) -> bool {
    if b.repeated {
        return false;
    }
    let unspaced = b.words * 12 < b.chars;
    if unspaced {
        return b.chars >= 15 && (b.sentence || b.punct >= 2);
    }
    if b.words < MIN_PROSE_WORDS {
        return false;
    }
    let dense = !has_stopwords || b.stop >= MIN_STOP;
    let shaped = b.sentence || (b.punct >= 1 && b.chars >= 120);
    dense && shaped
}

/// Fewest words of a prose line.
const MIN_PROSE_WORDS: usize = 7;
/// Least stopword density of a prose line.
const MIN_STOP: f32 = 0.15;

/// A short, paragraph-separated line that reads like a heading.
pub(super) fn is_heading(b: &Block) -> bool {
    b.gap_before
        && b.gap_after
        && b.words >= 1
        && b.words <= 20
        && !b.repeated
        && !b.text.ends_with(['.', ','])
}

/// Cost of a boilerplate block inside the main run, in characters of prose.
const BAD_COST: f64 = 40.0;
/// Score (about characters of prose) a run must reach above a hard end marker
/// for the marker to close the article.
const HARD_END_MIN: f64 = 600.0;
/// A second stretch of prose joins the article when it scores this share of the first.
const EXTEND_SHARE: f64 = 0.5;
/// Prose shorter than this with no prose line next to it counts
/// [`ISOLATED_FACTOR`] of its length.
const ISOLATED_MAX: usize = 300;
/// Weight of an isolated short prose line relative to paragraph prose.
const ISOLATED_FACTOR: f64 = 0.25;
/// Characters a list-item prose line and its prose neighbour need to count
/// as a paragraph written without blank lines (other list-item prose counts
/// nothing).
const CHAIN_MIN: usize = 250;
/// Cost of a date line: inside a run of prose, dates head comments or teasers.
const DATE_COST: f64 = 150.0;
/// Cost of an end-of-article marker (`Related articles`, `More from…`).
const END_COST: f64 = 1500.0;
/// Cost of a teaser card's end marker (`keep reading`, `Show less`).
const TEASER_COST: f64 = 2_000.0;

/// Most lines of a quoted social post, its attribution line included.
const EMBED_REACH: usize = 4;

/// The main run: the `[start, end)` ranges of blocks that hold the article (the
/// range with the best score, cut at a hard end, and possibly a second
/// substantial stretch after an interruption), or `None` when there is no prose.
pub(super) fn main_run(
    blocks: &[Block],
    roles: &[Role],
    class: &[Class],
    prose: &[bool],
) -> Option<Vec<(usize, usize)>> {
    // prose that is one item of a list (no blank line around it) is most often
    // a teaser blurb in a menu or sidebar, unless the page has no paragraphs at all
    let paragraphs = (0..blocks.len())
        .any(|i| class[i] == Class::Good && blocks[i].gap_before && blocks[i].gap_after);
    let isolated = |i: usize| (i == 0 || !prose[i - 1]) && (i + 1 >= blocks.len() || !prose[i + 1]);
    // a list-item prose line in a chain of long prose lines reads like a
    // paragraph written without blank lines; menus and teaser lists
    // alternate short headlines with their blurbs instead
    let long_prose = |j: usize| prose[j] && blocks[j].chars >= CHAIN_MIN;
    let chained =
        |i: usize| (i > 0 && long_prose(i - 1)) || (i + 1 < blocks.len() && long_prose(i + 1));
    let weight = |i: usize| -> f64 {
        let b = &blocks[i];
        match roles[i] {
            Role::EndMarker | Role::Break => -END_COST,
            Role::Date => -DATE_COST,
            Role::TeaserEnd | Role::Teaser => -TEASER_COST,
            _ if class[i] == Class::Good && !prose[i] => 0.0,
            _ if class[i] == Class::Good && paragraphs && !b.gap_before && !b.gap_after => {
                if chained(i) && b.chars >= CHAIN_MIN {
                    b.chars as f64
                } else {
                    0.0
                }
            }
            // a short blurb between headlines, as teaser lists have them
            _ if class[i] == Class::Good && b.chars < ISOLATED_MAX && isolated(i) => {
                b.chars as f64 * ISOLATED_FACTOR
            }
            _ if class[i] == Class::Good => b.chars as f64,
            _ => -BAD_COST,
        }
    };
    let weights: Vec<f64> = (0..blocks.len()).map(weight).collect();
    // a hard end (comments, author box) closes the article once there is one
    // above it: the run is looked for above the first such marker that has a
    // substantial stretch of prose before it, and on the whole page otherwise
    let ends = (0..blocks.len()).filter(|&i| roles[i] == Role::EndMarker);
    let above_end = ends
        .map(|m| best_span(&weights, 0, m))
        .find(|s| s.is_some_and(|(sc, _, _)| sc >= HARD_END_MIN));
    let (score, start, end) = match above_end {
        Some(span) => span?,
        None => best_span(&weights, 0, blocks.len())?,
    };
    let mut runs = vec![(start, end)];
    // further stretches of prose after or before interruptions (product boxes,
    // galleries, spec tables) belong to the article when they are substantial;
    // they are looked for up to the next hard end and down to the header
    let stop = (end..blocks.len())
        .find(|&i| roles[i] == Role::EndMarker)
        .unwrap_or(blocks.len());
    let mut from = end;
    while let Some((more, s2, e2)) = best_span(&weights, from, stop) {
        if more < EXTEND_SHARE * score {
            break;
        }
        runs.push((s2, e2));
        from = e2;
    }
    let mut to = start;
    while let Some((more, s2, e2)) = best_span(&weights, 0, to) {
        if more < EXTEND_SHARE * score || (s2..e2).any(|i| roles[i] == Role::EndMarker) {
            break;
        }
        runs.insert(0, (s2, e2));
        to = s2;
    }
    for run in &mut runs {
        // a quoted post (a few lines of text and its attribution) right
        // after a run is the end of the article's text
        while let Some(j) = (run.1..(run.1 + EMBED_REACH).min(blocks.len()))
            .take_while(|&j| matches!(roles[j], Role::Text | Role::Embed))
            .find(|&j| roles[j] == Role::Embed)
        {
            run.1 = j + 1;
        }
        // a list of sentences that starts on the run's last line (no blank
        // line between them) continues the article
        while run.1 < blocks.len()
            && prose[run.1 - 1]
            && !blocks[run.1].gap_before
            && roles[run.1] == Role::Text
            && prose[run.1]
        {
            run.1 += 1;
        }
    }
    Some(runs)
}

/// The `[lo, hi)` sub-range with the highest total weight (Kadane), with that total.
fn best_span(weights: &[f64], lo: usize, hi: usize) -> Option<(f64, usize, usize)> {
    let (mut best, mut best_range) = (0.0, None);
    let (mut sum, mut start) = (0.0, lo);
    for (i, w) in weights.iter().enumerate().take(hi).skip(lo) {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += w;
        if sum > best {
            best = sum;
            best_range = Some((best, start, i + 1));
        }
    }
    best_range
}
