//! Line features of the learned body classifier. Each line of a scrape is
//! described by numbers a model can weigh: its own shape (length, function
//! words, sentence punctuation, capitals, digits, separators), what the rules
//! say of it (its [`Role`], the rule-based class, whether the rule-based main
//! run holds it), its neighbours' shape, the density of prose around it, the
//! menu-like runs of short lines it sits in, and its place on the page.
//!
//! Two stages read them: [`line_rows`] gives the first model's input, and
//! [`context_rows`] turns the first model's probabilities into the second's
//! (the probabilities around each line: a learned smoothing that keeps the
//! article in one piece). The same functions serve training
//! (`polsearch-tools train-text`) and extraction, so the features cannot drift.

use super::blocks::Block;
use super::body::Class;
use super::Role;

/// Names of the first stage's features, in row order.
pub const LINE_FEATURES: &[&str] = &[
    "ln_chars",
    "words",
    "stop",
    "sentence",
    "punct",
    "punct_per_word",
    "copies",
    "gap_before",
    "gap_after",
    "cap_share",
    "upper_share",
    "digit_share",
    "separators",
    "ends_colon",
    "question",
    "bullet",
    "url_or_at",
    "unspaced",
    "glued",
    "role_drop",
    "role_teaser_end",
    "role_teaser",
    "role_break",
    "role_end_marker",
    "role_caption",
    "role_label",
    "role_byline",
    "role_date",
    "role_embed",
    "role_url",
    "class_good",
    "class_short",
    "prose",
    "rule_kept",
    "in_run",
    "before_run",
    "after_run",
    "ln_run_distance",
    "position",
    "chars_before",
    "ln_short_run",
    "ln_group_lines",
    "group_mean_words",
    "prose_share_3",
    "prose_share_10",
    "stop_mean_3",
    "ln_since_end_marker",
    "ln_since_break",
    "date_near",
    "prose_before_share",
    "prev1_ln_chars",
    "prev1_stop",
    "prev1_sentence",
    "prev1_good",
    "prev1_kept",
    "prev2_ln_chars",
    "prev2_stop",
    "prev2_sentence",
    "prev2_good",
    "prev2_kept",
    "next1_ln_chars",
    "next1_stop",
    "next1_sentence",
    "next1_good",
    "next1_kept",
    "next2_ln_chars",
    "next2_stop",
    "next2_sentence",
    "next2_good",
    "next2_kept",
    "page_ln_lines",
    "page_ln_chars",
    "page_prose_share",
    "page_run_share",
    "page_has_stopwords",
];

/// Number of first-stage features.
pub const N_LINE: usize = LINE_FEATURES.len();

// Positions of the first-stage features the second stage copies.
const F_LN_CHARS: usize = 0;
const F_WORDS: usize = 1;
const F_STOP: usize = 2;
const F_SENTENCE: usize = 3;
const F_COPIES: usize = 6;
const F_GAP_BEFORE: usize = 7;
const F_GAP_AFTER: usize = 8;
const F_ROLE_DROP: usize = 19;
const F_ROLE_TEASER: usize = 21;
const F_CLASS_GOOD: usize = 30;
const F_RULE_KEPT: usize = 33;
const F_IN_RUN: usize = 34;
const F_POSITION: usize = 38;
const F_SHORT_RUN: usize = 40;
const F_GLUED: usize = 18;
const F_SINCE_END: usize = 46;
const F_SINCE_BREAK: usize = 47;

/// Names of the second stage's features, in row order.
pub const CONTEXT_FEATURES: &[&str] = &[
    "p",
    "p_prev1",
    "p_next1",
    "p_prev2",
    "p_next2",
    "p_mean_3",
    "p_mean_8",
    "p_mean_20",
    "p_max_3",
    "p_words_before",
    "p_words_after",
    "ln_prose_before",
    "ln_prose_after",
    "page_p_mean",
    "page_ln_kept",
    "ln_chars",
    "words",
    "stop",
    "sentence",
    "copies",
    "gap_before",
    "gap_after",
    "role_drop",
    "role_teaser",
    "class_good",
    "rule_kept",
    "in_run",
    "position",
    "ln_short_run",
    "glued",
    "ln_since_end_marker",
    "ln_since_break",
];

/// Number of second-stage features.
pub const N_CONTEXT: usize = CONTEXT_FEATURES.len();

/// What the rules and the rule-based scorer say of a page's lines.
pub(super) struct Analysis<'a> {
    pub blocks: &'a [Block],
    pub roles: &'a [Role],
    pub class: &'a [Class],
    pub prose: &'a [bool],
    /// The rule-based main run(s), `[start, end)`.
    pub runs: &'a [(usize, usize)],
    /// The lines the rule-based selection keeps as body.
    pub kept: &'a [bool],
    /// The page's language is covered by the function-word lists.
    pub has_stopwords: bool,
}

/// Shape features of one line's text.
struct Shape {
    cap_share: f32,
    upper_share: f32,
    digit_share: f32,
    separators: f32,
    bullet: bool,
    url_or_at: bool,
    glued: bool,
}

fn shape(t: &str) -> Shape {
    let (mut letters, mut upper, mut digits, mut seps, mut chars) = (0u32, 0u32, 0u32, 0u32, 0u32);
    for c in t.chars() {
        chars += 1;
        if c.is_alphabetic() {
            letters += 1;
            upper += u32::from(c.is_uppercase());
        } else if c.is_numeric() {
            digits += 1;
        } else if matches!(c, '|' | '·' | '•' | '»' | '›' | '/' | '>' | '→') {
            seps += 1;
        }
    }
    let (mut words, mut capped) = (0u32, 0u32);
    for w in t.split(' ') {
        if let Some(c) = w.chars().find(|c| c.is_alphanumeric()) {
            words += 1;
            capped += u32::from(c.is_uppercase());
        }
    }
    let bullet = t.starts_with(['-', '*', '•', '·', '►', '▪', '–', '—'])
        || t.split_once(['.', ')']).is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
        });
    Shape {
        cap_share: ratio(capped, words),
        upper_share: ratio(upper, letters),
        digit_share: ratio(digits, chars),
        separators: seps as f32,
        bullet,
        url_or_at: t.contains("http") || t.contains("www.") || t.contains('@'),
        glued: glued(t),
    }
}

/// A headline run into the text below it without a space, as innerText
/// renders a teaser card whose headline and summary are inline elements
/// ("Police Make Arrest After Student-AthleteA 24-year-old woman…"): a word
/// in which a lowercase letter, a digit or closing punctuation is directly
/// followed by a capital that starts a word, after at least two words of
/// which most are capitalised.
fn glued(t: &str) -> bool {
    let (mut words, mut capped) = (0usize, 0usize);
    for w in t.split(' ').take(30) {
        if words >= 2 && capped * 2 >= words && glue_in(w) {
            return true;
        }
        if let Some(c) = w.chars().find(|c| c.is_alphanumeric()) {
            words += 1;
            capped += usize::from(c.is_uppercase() || c.is_numeric());
        }
    }
    false
}

/// `w` holds a glue point: `aB` or `1B` or `?B` followed by a lowercase
/// letter or the word's end ("SteakhouseA", "250,000The", "Rise?Violence").
fn glue_in(w: &str) -> bool {
    let c: Vec<char> = w.chars().collect();
    (1..c.len()).any(|k| {
        let (a, b) = (c[k - 1], c[k]);
        let before = a.is_lowercase()
            || a.is_ascii_digit()
            || matches!(a, '?' | '!' | '’' | '"' | '”' | ')');
        let after = c.get(k + 1).is_none_or(|n| n.is_lowercase());
        // a word of its own before the glue (not "iPhone", "McDonald")
        before
            && b.is_uppercase()
            && after
            && k >= 3
            && c[..k].iter().filter(|x| x.is_uppercase()).count() >= 1
    })
}

fn ratio(a: u32, b: u32) -> f32 {
    if b == 0 {
        0.0
    } else {
        a as f32 / b as f32
    }
}

fn ln1(x: f32) -> f32 {
    (1.0 + x).ln()
}

fn flag(b: bool) -> f32 {
    f32::from(u8::from(b))
}

/// Where each line sits relative to the rule-based runs: (inside, before the
/// first, after the last, distance in lines to the nearest).
fn run_places(n: usize, runs: &[(usize, usize)]) -> Vec<(bool, bool, bool, usize)> {
    (0..n)
        .map(|i| {
            if runs.is_empty() {
                return (false, false, false, n);
            }
            let inside = runs.iter().any(|&(s, e)| (s..e).contains(&i));
            let d = runs
                .iter()
                .map(|&(s, e)| {
                    if i < s {
                        s - i
                    } else if i >= e {
                        i + 1 - e
                    } else {
                        0
                    }
                })
                .min()
                .unwrap_or(n);
            (inside, i < runs[0].0, i >= runs[runs.len() - 1].1, d)
        })
        .collect()
}

/// Length of the stretch of consecutive short lines (at most 4 words) each
/// line belongs to (0 for a longer line): menus and link lists.
fn short_runs(blocks: &[Block]) -> Vec<usize> {
    let mut out = vec![0; blocks.len()];
    let mut i = 0;
    while i < blocks.len() {
        if blocks[i].words > 4 {
            i += 1;
            continue;
        }
        let start = i;
        while i < blocks.len() && blocks[i].words <= 4 {
            i += 1;
        }
        out[start..i].fill(i - start);
    }
    out
}

/// The lines and mean words of the blank-line-delimited group of each line.
fn groups(blocks: &[Block]) -> Vec<(usize, f32)> {
    let mut out = vec![(0, 0.0); blocks.len()];
    let mut start = 0;
    for i in 0..blocks.len() {
        if blocks[i].gap_after || i + 1 == blocks.len() {
            let n = i + 1 - start;
            let words: usize = blocks[start..=i].iter().map(|b| b.words).sum();
            out[start..=i].fill((n, words as f32 / n as f32));
            start = i + 1;
        }
    }
    out
}

/// Prefix sums of `f` over the lines.
fn prefix(n: usize, f: impl Fn(usize) -> f32) -> Vec<f32> {
    let mut p = Vec::with_capacity(n + 1);
    p.push(0.0);
    for i in 0..n {
        p.push(p[i] + f(i));
    }
    p
}

/// Sum of `p` (prefix sums) over the lines `[i - r, i + r]`.
fn window(p: &[f32], i: usize, r: usize) -> f32 {
    let n = p.len() - 1;
    p[(i + r + 1).min(n)] - p[i.saturating_sub(r)]
}

/// The first stage's rows, `N_LINE` numbers per line, one line after another.
pub(super) fn line_rows(a: &Analysis) -> Vec<f32> {
    let (blocks, n) = (a.blocks, a.blocks.len());
    let places = run_places(n, a.runs);
    let short = short_runs(blocks);
    let group = groups(blocks);
    let chars = prefix(n, |i| blocks[i].chars as f32);
    let prose_chars = prefix(n, |i| {
        if a.prose[i] {
            blocks[i].chars as f32
        } else {
            0.0
        }
    });
    let stops = prefix(n, |i| blocks[i].stop);
    let run_chars: f32 = a.runs.iter().map(|&(s, e)| chars[e] - chars[s]).sum();
    let total = chars[n].max(1.0);
    let since = |r: Role| {
        let mut last = None;
        (0..n)
            .map(|i| {
                let d = last.map_or(n, |l| i - l);
                if a.roles[i] == r {
                    last = Some(i);
                }
                d
            })
            .collect::<Vec<usize>>()
    };
    let (since_end, since_break) = (since(Role::EndMarker), since(Role::Break));
    let dates = prefix(n, |i| flag(a.roles[i] == Role::Date));
    let prose_total = prose_chars[n].max(1.0);
    let mut rows = Vec::with_capacity(n * N_LINE);
    let neighbour = |rows: &mut Vec<f32>, j: Option<usize>| match j.filter(|&j| j < n) {
        Some(j) => rows.extend([
            ln1(blocks[j].chars as f32),
            blocks[j].stop,
            flag(blocks[j].sentence),
            flag(a.class[j] == Class::Good),
            flag(a.kept[j]),
        ]),
        None => rows.extend([-1.0, 0.0, 0.0, 0.0, 0.0]),
    };
    for (i, b) in blocks.iter().enumerate() {
        let s = shape(&b.text);
        let role = a.roles[i];
        let (inside, before, after, dist) = places[i];
        let w3 = window(&chars, i, 3).max(1.0);
        let w10 = window(&chars, i, 10).max(1.0);
        let lines3 = ((i + 3).min(n - 1) + 1 - i.saturating_sub(3)) as f32;
        rows.extend([
            ln1(b.chars as f32),
            b.words as f32,
            b.stop,
            flag(b.sentence),
            b.punct as f32,
            b.punct as f32 / b.words.max(1) as f32,
            b.copies as f32,
            flag(b.gap_before),
            flag(b.gap_after),
            s.cap_share,
            s.upper_share,
            s.digit_share,
            s.separators,
            flag(b.text.ends_with(':')),
            flag(b.text.ends_with('?')),
            flag(s.bullet),
            flag(s.url_or_at),
            flag(b.words * 12 < b.chars),
            flag(s.glued),
        ]);
        for r in [
            Role::Drop,
            Role::TeaserEnd,
            Role::Teaser,
            Role::Break,
            Role::EndMarker,
            Role::Caption,
            Role::Label,
            Role::Byline,
            Role::Date,
            Role::Embed,
            Role::Url,
        ] {
            rows.push(flag(role == r));
        }
        rows.extend([
            flag(a.class[i] == Class::Good),
            flag(a.class[i] == Class::Short),
            flag(a.prose[i]),
            flag(a.kept[i]),
            flag(inside),
            flag(before),
            flag(after),
            ln1(dist as f32),
            i as f32 / n as f32,
            chars[i] / total,
            ln1(short[i] as f32),
            ln1(group[i].0 as f32),
            group[i].1,
            window(&prose_chars, i, 3) / w3,
            window(&prose_chars, i, 10) / w10,
            window(&stops, i, 3) / lines3,
            ln1(since_end[i] as f32),
            ln1(since_break[i] as f32),
            window(&dates, i, 2) - flag(role == Role::Date),
            prose_chars[i] / prose_total,
        ]);
        neighbour(&mut rows, i.checked_sub(1));
        neighbour(&mut rows, i.checked_sub(2));
        neighbour(&mut rows, Some(i + 1));
        neighbour(&mut rows, Some(i + 2));
        rows.extend([
            ln1(n as f32),
            ln1(total),
            prose_chars[n] / total,
            run_chars / total,
            flag(a.has_stopwords),
        ]);
    }
    debug_assert_eq!(rows.len(), n * N_LINE);
    rows
}

/// The second stage's rows (`N_CONTEXT` numbers per line) from the first
/// stage's rows and probabilities `p`: each line's probability, those of its
/// neighbours, word-weighted means over windows, how much likely body lies
/// before and after it, and a few of its own features.
pub fn context_rows(line_rows: &[f32], p: &[f32]) -> Vec<f32> {
    let n = p.len();
    debug_assert_eq!(line_rows.len(), n * N_LINE);
    let f = |i: usize, k: usize| line_rows[i * N_LINE + k];
    let weight = |i: usize| f(i, F_WORDS).max(1.0);
    let wsum = prefix(n, weight);
    let wp = prefix(n, |i| weight(i) * p[i]);
    let kept_words = prefix(n, |i| if p[i] > 0.5 { weight(i) } else { 0.0 });
    let total_kept = kept_words[n].max(1.0);
    // nearest likely prose line (8 words or more) before and after each line
    let prose_like = |i: usize| p[i] > 0.5 && f(i, F_WORDS) >= 8.0;
    let mut before = vec![n; n];
    let mut last = None;
    for (i, slot) in before.iter_mut().enumerate() {
        if let Some(l) = last {
            *slot = i - l;
        }
        if prose_like(i) {
            last = Some(i);
        }
    }
    let mut after = vec![n; n];
    let mut next = None;
    for i in (0..n).rev() {
        if let Some(x) = next {
            after[i] = x - i;
        }
        if prose_like(i) {
            next = Some(i);
        }
    }
    let at = |j: Option<usize>| j.filter(|&j| j < n).map_or(-1.0, |j| p[j]);
    let page_mean = wp[n] / wsum[n].max(1.0);
    let page_kept = (0..n).filter(|&i| p[i] > 0.5).count();
    let mut rows = Vec::with_capacity(n * N_CONTEXT);
    for i in 0..n {
        let mean = |r: usize| window(&wp, i, r) / window(&wsum, i, r).max(1.0);
        let max3 = (i.saturating_sub(3)..(i + 4).min(n))
            .filter(|&j| j != i)
            .map(|j| p[j])
            .fold(0.0f32, f32::max);
        rows.extend([
            p[i],
            at(i.checked_sub(1)),
            at(Some(i + 1)),
            at(i.checked_sub(2)),
            at(Some(i + 2)),
            mean(3),
            mean(8),
            mean(20),
            max3,
            kept_words[i] / total_kept,
            (kept_words[n] - kept_words[i + 1]) / total_kept,
            ln1(before[i] as f32),
            ln1(after[i] as f32),
            page_mean,
            ln1(page_kept as f32),
        ]);
        for k in [
            F_LN_CHARS,
            F_WORDS,
            F_STOP,
            F_SENTENCE,
            F_COPIES,
            F_GAP_BEFORE,
            F_GAP_AFTER,
            F_ROLE_DROP,
            F_ROLE_TEASER,
            F_CLASS_GOOD,
            F_RULE_KEPT,
            F_IN_RUN,
            F_POSITION,
            F_SHORT_RUN,
            F_GLUED,
            F_SINCE_END,
            F_SINCE_BREAK,
        ] {
            rows.push(f(i, k));
        }
    }
    debug_assert_eq!(rows.len(), n * N_CONTEXT);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_feature_positions_match_their_names() {
        for (k, name) in [
            (F_LN_CHARS, "ln_chars"),
            (F_WORDS, "words"),
            (F_STOP, "stop"),
            (F_SENTENCE, "sentence"),
            (F_COPIES, "copies"),
            (F_GAP_BEFORE, "gap_before"),
            (F_GAP_AFTER, "gap_after"),
            (F_ROLE_DROP, "role_drop"),
            (F_ROLE_TEASER, "role_teaser"),
            (F_CLASS_GOOD, "class_good"),
            (F_RULE_KEPT, "rule_kept"),
            (F_IN_RUN, "in_run"),
            (F_POSITION, "position"),
            (F_SHORT_RUN, "ln_short_run"),
            (F_GLUED, "glued"),
            (F_SINCE_END, "ln_since_end_marker"),
            (F_SINCE_BREAK, "ln_since_break"),
        ] {
            assert_eq!(LINE_FEATURES[k], name);
            assert!(CONTEXT_FEATURES.contains(&name));
        }
    }

    #[test]
    fn menus_are_runs_of_short_lines() {
        let blocks = super::super::blocks::segment(
            "Home\nNews\nSport\n\nA longer line of running text that is not a menu item.\n",
        );
        assert_eq!(short_runs(&blocks), [3, 3, 3, 0]);
        assert_eq!(groups(&blocks)[0].0, 3);
        assert_eq!(groups(&blocks)[3].0, 1);
    }

    #[test]
    fn shapes_of_lines() {
        let s = shape("Home | News | Contact");
        assert_eq!(s.separators, 2.0);
        assert!((s.cap_share - 1.0).abs() < 1e-6);
        assert!(shape("1. First item").bullet);
        assert!(!shape("2024 was a year").bullet);
        assert!(shape("Mail us at desk@example.org").url_or_at);
        assert!(glued(
            "Police Arrest Two After Death Of Student-AthleteA 24-year-old woman was held."
        ));
        assert!(glued(
            "Is Violence In Sports On The Rise?Violence is part of the game."
        ));
        assert!(!glued(
            "Apple released a new iPhone and a McDonald video on YouTube today."
        ));
        assert!(!glued("The minister met McDonald in Paris on Monday."));
    }
}
