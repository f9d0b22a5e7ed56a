//! Domestic vocabulary of a country learned from stories about it: the
//! proper nouns and acronyms (`Commons`, `Westminster`, `NHS`, `Tory`) that a
//! set of stories known to be about one country uses and stories about other
//! places almost never do. The only such set in `../shared` is the BBC
//! politics folder (UK politics), so the table holds the United Kingdom's;
//! the mechanism names no country.
//!
//! Positive stories: the BBC politics stories of the tuning part (the
//! project split keyed by story id, [`crate::split::Split`]); background:
//! the Reuters-21578 `TRAIN` stories whose places do not include the
//! country (`TEST` is never read) and, since those are from 1987 (no `EU`),
//! the facets-dev tuning pages not labelled with it; a word's ratio is
//! taken against the background where it is most frequent. A word is kept when it is capitalised
//! inside a sentence (a name, not a sentence's first word) in at least
//! [`MIN_DOC_SHARE`] of the positive stories, at least [`MIN_RATIO`] times
//! as frequent (by story) there as in the background, and not a surname
//! (preceded by a title or a capitalised word, or followed by one, in at most
//! [`MAX_NAME_SHARE`] of its uses: `Mr Blair`, `Gordon Brown` name people,
//! who move on, not the country). Words the gazetteer already knows are
//! left out. The table (`src/facets/data/domestic-terms.tsv`, in the shape
//! of `places-i18n.tsv`: the words become aliases of the country) is written
//! by `polsearch-tools train-facets --domestic-terms`; deterministic.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use polsearch::facets::Classifier;

use polsearch::extract::Rules;

use crate::bbc::read_bbc;
use crate::facets::read_reuters;
use crate::facets_dev::{extract_pages, read_labels};
use crate::split::Split;

/// A word must be a name in at least this share of the positive stories.
pub const MIN_DOC_SHARE: f64 = 0.03;
/// …and at least this many times as frequent there (share of stories) as in
/// the background (add-one smoothed).
pub const MIN_RATIO: f64 = 10.0;
/// …and follow a title (`Mr`, `Mrs`, `Ms`, `Dr`, `Lord`) or a capitalised
/// word, or precede a capitalised word (a given name), in at most this
/// share of its uses.
pub const MAX_NAME_SHARE: f64 = 0.2;
/// Shortest word kept (acronyms included): `MP` is 2.
pub const MIN_LEN: usize = 2;

const TITLES: [&str; 6] = ["Mr", "Mrs", "Ms", "Dr", "Lord", "Sir"];

/// Per word of one text: used as a name inside a sentence, and how many of
/// those uses follow a title or a capitalised word.
fn names(text: &str) -> BTreeMap<String, (usize, usize)> {
    let mut out: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut prev: Option<String> = None;
    let mut after_stop = true;
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, raw) in words.iter().copied().enumerate() {
        let w: String = raw
            .trim_matches(|c: char| !c.is_alphanumeric())
            .trim_end_matches("'s")
            .to_string();
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        if !after_stop
            && capital
            && w.chars().count() >= MIN_LEN
            && w.chars().all(char::is_alphabetic)
            && !TITLES.contains(&w.as_str())
        {
            let e = out.entry(w.clone()).or_default();
            e.0 += 1;
            let named = prev.as_deref().is_some_and(|p| {
                TITLES.contains(&p) || p.chars().next().is_some_and(char::is_uppercase)
            });
            // a given name: followed by a capitalised word in the sentence
            let given = !raw.ends_with(|c: char| !c.is_alphanumeric())
                && words
                    .get(i + 1)
                    .and_then(|n| n.chars().next())
                    .is_some_and(char::is_uppercase);
            let named = named || given;
            e.1 += usize::from(named);
        }
        after_stop = raw.ends_with(['.', '!', '?', ':', '"', '“', '”']) || raw.is_empty();
        prev = (!after_stop).then_some(w);
    }
    out
}

/// The learned words and the ratio each has, best first, from `positive`
/// texts and background sets (the ratio is against the set where the word
/// is most frequent); words `known` (lowercased) are left out.
pub fn learn(
    positive: &[String],
    backgrounds: &[Vec<String>],
    known: &BTreeSet<String>,
) -> Vec<(String, f64)> {
    let (mut pos, mut uses) = (
        BTreeMap::<String, usize>::new(),
        BTreeMap::<String, (usize, usize)>::new(),
    );
    for t in positive {
        for (w, (n, named)) in names(t) {
            *pos.entry(w.clone()).or_default() += 1;
            let u = uses.entry(w).or_default();
            u.0 += n;
            u.1 += named;
        }
    }
    // per word, its highest (add-one smoothed) share of stories in a background
    let mut bg_share: BTreeMap<String, f64> = BTreeMap::new();
    for background in backgrounds {
        let mut bg: BTreeMap<&str, usize> = BTreeMap::new();
        for t in background {
            for w in t
                .split_whitespace()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .trim_end_matches("'s")
                })
                .collect::<BTreeSet<_>>()
            {
                if pos.contains_key(w) {
                    *bg.entry(w).or_default() += 1;
                }
            }
        }
        let nb = background.len().max(1) as f64;
        for w in pos.keys() {
            let s = (bg.get(w.as_str()).copied().unwrap_or(0) + 1) as f64 / nb;
            let e = bg_share.entry(w.clone()).or_insert(0.0);
            *e = e.max(s);
        }
    }
    let np = positive.len().max(1) as f64;
    let mut out: Vec<(String, f64)> = pos
        .into_iter()
        .filter_map(|(w, d)| {
            let share = d as f64 / np;
            let ratio = share / bg_share.get(&w).copied().unwrap_or(1.0);
            let (n, named) = uses[&w];
            (share >= MIN_DOC_SHARE
                && ratio >= MIN_RATIO
                && (named as f64) <= MAX_NAME_SHARE * n as f64
                && !known.contains(&w.to_lowercase()))
            .then_some((w, ratio))
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// The table of the United Kingdom's learned words from `shared` (BBC
/// politics tuning part against Reuters `TRAIN` stories not about the UK),
/// in the shape of `places-i18n.tsv`, and the words with their ratios.
pub fn table(shared: &Path, c: &Classifier) -> anyhow::Result<(String, Vec<(String, f64)>)> {
    let positive: Vec<String> = read_bbc(&shared.join("corpus/bulk/bbc"))?
        .into_iter()
        .filter(|s| s.category == "politics" && s.split == Split::Tuning)
        .map(|s| format!("{}.\n{}", s.title, s.body))
        .collect();
    let background: Vec<String> = read_reuters(&shared.join("corpus/bulk/reuters21578"))?
        .into_iter()
        .filter(|s| s.lewis_split == "TRAIN" && !s.places.iter().any(|p| p == "uk"))
        .map(|s| format!("{}.\n{}", s.title, s.body))
        .collect();
    let gb = c
        .taxonomy()
        .countries
        .iter()
        .find(|k| k.code == "GB")
        .ok_or_else(|| anyhow::anyhow!("the taxonomy has no country GB"))?;
    let known: BTreeSet<String> = c
        .taxonomy()
        .countries
        .iter()
        .flat_map(|k| k.aliases.iter().chain(&k.ambiguous))
        .map(|a| a.to_lowercase())
        .chain(gb.name.as_deref().map(str::to_lowercase))
        .collect();
    // modern web pages too (the Reuters stories are from 1987): the
    // facets-dev tuning pages not labelled with the country
    let pages: Vec<_> = read_labels(shared)?
        .into_iter()
        .filter(|p| p.split == Split::Tuning && !p.countries.contains("GB"))
        .collect();
    let web: Vec<String> = extract_pages(&pages, &Rules::default())?
        .into_iter()
        .map(|a| format!("{}.\n{}", a.title, a.body))
        .collect();
    let words = learn(&positive, &[background, web], &known);
    let names: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
    let text = format!(
        "kind\tkey\tlang\tnames\ncountry\tGB\ten\t{}\n",
        names.join("|")
    );
    Ok((text, words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_inside_sentences_not_surnames_nor_first_words() {
        let pos: Vec<String> = (0..10)
            .map(|i| {
                format!(
                    "Debate {i}. The vote in the Commons was close, Mr Blair said. \
                     Tony Blair left Westminster early."
                )
            })
            .collect();
        let bg: Vec<String> = (0..100)
            .map(|i| format!("Story {i}. Prices rose."))
            .collect();
        let bg = [bg];
        let got: Vec<String> = learn(&pos, &bg, &BTreeSet::new())
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(got, ["Commons", "Westminster"], "{got:?}");
        let known = BTreeSet::from(["westminster".to_string()]);
        let got: Vec<String> = learn(&pos, &bg, &known)
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(got, ["Commons"]);
    }
}
