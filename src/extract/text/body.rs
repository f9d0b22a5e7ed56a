//! Finding the article body among the blocks. Each block is first classed on its
//! own shape (as jusText does: length and stopword density, with blank-line
//! separation standing in for link density), then short and borderline blocks
//! take the class of their neighbours, and finally the main run of prose is the
//! contiguous stretch with the best score (prose counts for, boilerplate against;
//! end-of-article markers and teaser cards weigh heavily against).

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
/// closely; everything else is bad. `roles` are the rule-based roles of the blocks.
pub(super) fn classify(blocks: &[Block], roles: &[Role]) -> Vec<Class> {
    // Pages in a language the stopword list does not cover (Korean, Chinese…)
    // are judged on punctuation alone.
    let (long_stop, long_n) =
        blocks.iter().filter(|b| b.chars >= 150).fold((0.0f32, 0usize), |(s, n), b| (s + b.stop, n + 1));
    let has_stopwords = long_n == 0 || long_stop / long_n as f32 >= 0.08;
    let mut class: Vec<Class> = blocks
        .iter()
        .zip(roles)
        .map(|(b, role)| {
            if *role == Role::Text && is_prose(b, has_stopwords) {
                Class::Good
            } else if *role == Role::Text {
                Class::Short
            } else {
                Class::Bad
            }
        })
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
        class[i] = if b.repeated {
            Class::Bad
        } else if is_heading(b) && next_good {
            Class::Good
        } else if prev_good && i + 1 < class.len() && snapshot[i + 1] == Class::Good && b.words >= 2 {
            Class::Good
        } else {
            Class::Bad
        };
    }
    class
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
fn is_prose(b: &Block, has_stopwords: bool) -> bool {
    if b.words < MIN_PROSE_WORDS && b.chars < 40 {
        return false;
    }
    let dense = if has_stopwords { b.stop >= MIN_STOP } else { true };
    let shaped = b.sentence || (b.punct >= 1 && b.chars >= 120);
    if b.repeated && b.chars < 200 {
        return false;
    }
    dense && shaped && (b.words >= MIN_PROSE_WORDS || (!has_stopwords && b.chars >= 40))
}

/// Fewest words of a prose line.
const MIN_PROSE_WORDS: usize = 7;
/// Least stopword density of a prose line.
const MIN_STOP: f32 = 0.2;

/// A short, paragraph-separated line that reads like a heading.
fn is_heading(b: &Block) -> bool {
    b.gap_before && b.gap_after && b.words >= 1 && b.words <= 20 && !b.repeated && !b.text.ends_with(['.', ','])
}

/// Cost of a boilerplate block inside the main run, in characters of prose.
const BAD_COST: f64 = 40.0;
/// Cost of an end-of-article marker (`Related articles`, `More from…`).
const END_COST: f64 = 600.0;
/// Cost of a teaser card's end marker (`keep reading`, `Show less`).
const TEASER_COST: f64 = 2_000.0;

/// The main run: the `[start, end)` range of blocks with the best score, or
/// `None` when there is no good block.
pub(super) fn main_run(blocks: &[Block], roles: &[Role], class: &[Class]) -> Option<(usize, usize)> {
    let weight = |i: usize| -> f64 {
        match roles[i] {
            Role::EndMarker => -END_COST,
            Role::TeaserEnd | Role::Teaser => -TEASER_COST,
            _ if class[i] == Class::Good => blocks[i].chars as f64,
            _ => -BAD_COST,
        }
    };
    let (mut best, mut best_range) = (0.0, None);
    let (mut sum, mut start) = (0.0, 0);
    for i in 0..blocks.len() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += weight(i);
        if sum > best {
            best = sum;
            best_range = Some((start, i + 1));
        }
    }
    best_range
}
