//! Extraction quality: bag-of-words precision, recall and F1 of extracted bodies
//! against gold texts (lowercased Unicode `\w+` tokens, multiset overlap).

use std::collections::HashMap;

/// Precision, recall and F1 of one prediction.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Score {
    /// Overlap / predicted tokens.
    pub precision: f64,
    /// Overlap / gold tokens.
    pub recall: f64,
    /// Harmonic mean of the two (0 for an empty prediction).
    pub f1: f64,
}

fn tokens(text: &str) -> HashMap<String, usize> {
    static WORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"\w+").unwrap());
    let mut bag = HashMap::new();
    for m in WORD.find_iter(text) {
        *bag.entry(m.as_str().to_lowercase()).or_insert(0) += 1;
    }
    bag
}

/// Scores `predicted` against `gold`.
pub fn score(predicted: &str, gold: &str) -> Score {
    let (p, g) = (tokens(predicted), tokens(gold));
    let np: usize = p.values().sum();
    let ng: usize = g.values().sum();
    if np == 0 || ng == 0 {
        return Score::default();
    }
    let overlap: usize = p.iter().map(|(t, n)| (*n).min(*g.get(t).unwrap_or(&0))).sum();
    let precision = overlap as f64 / np as f64;
    let recall = overlap as f64 / ng as f64;
    let f1 = if overlap == 0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
    Score { precision, recall, f1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bag_of_words_overlap() {
        let s = score("the cat sat", "The cat sat down");
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.recall, 0.75);
        assert_eq!(score("", "x").f1, 0.0);
    }
}
