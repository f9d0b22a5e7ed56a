//! Training the learned body classifier of text scrapes (the models that
//! `polsearch::extract::text` embeds as `model/lines.json` and
//! `model/context.json`).
//!
//! 1. Every scrape of the tuning gold sets becomes its line table
//!    ([`polsearch::extract::text::line_table`]: the same features extraction
//!    computes).
//! 2. Each line is labelled by alignment with the gold text ([`labels`]): a
//!    line is body when most of its words sit in a word trigram of the page's
//!    word stream that the gold text also holds. Trigrams that cross line ends
//!    let a one-word heading between two gold paragraphs count as body, and
//!    a one-word menu item not.
//! 3. The first stage (line features) is trained with rows weighted by words
//!    (at least 1; a page's weights capped so that no page outweighs
//!    [`PAGE_WORDS`] words). Its out-of-fold probabilities (folds by domain,
//!    so a site never helps predict itself) feed the second stage
//!    ([`polsearch::extract::text::context_rows`]), which learns how the
//!    probabilities around a line decide it; both are then trained on every page.
//!
//! Deterministic: the same sets and parameters give the same files.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use polsearch::corpus::SourcePage;
use polsearch::extract::decode::decode;
use polsearch::extract::text::{
    context_rows, line_table, TextRules, CONTEXT_FEATURES, LINE_FEATURES,
};
use polsearch::model::Forest;

use crate::gbdt::{train, Dataset, Params};
use crate::textset;

/// Words a page may weigh at most in training (the weights of a longer page
/// are scaled down), so that a few very long pages do not decide the model.
pub const PAGE_WORDS: f32 = 3_000.0;

/// Folds of the out-of-fold first-stage predictions.
pub const FOLDS: u64 = 5;

/// Lowercased `\w+` tokens of `s` (the evaluation's tokens).
fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Which lines of a page are body, by alignment with the gold text (see the
/// module doc).
pub fn labels(lines: &[String], gold: &str) -> Vec<bool> {
    use std::collections::HashSet;
    let g = tokens(gold);
    let grams: HashSet<(&str, &str, &str)> = g
        .windows(3)
        .map(|w| (w[0].as_str(), w[1].as_str(), w[2].as_str()))
        .collect();
    let line_tokens: Vec<Vec<String>> = lines.iter().map(|l| tokens(l)).collect();
    let stream: Vec<&str> = line_tokens.iter().flatten().map(String::as_str).collect();
    let mut hit = vec![false; stream.len()];
    for (k, w) in stream.windows(3).enumerate() {
        if grams.contains(&(w[0], w[1], w[2])) {
            hit[k..k + 3].fill(true);
        }
    }
    let mut at = 0;
    line_tokens
        .iter()
        .map(|t| {
            let n = t.len();
            let h = hit[at..at + n].iter().filter(|&&x| x).count();
            at += n;
            n > 0 && h * 2 > n
        })
        .collect()
}

/// One page's training rows.
struct PageRows {
    fold: u64,
    rows: Vec<Vec<f32>>,
    labels: Vec<usize>,
    weights: Vec<f32>,
}

/// A stable fold for a domain (FNV-1a).
fn fold_of(domain: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in domain.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h % FOLDS
}

fn page_rows(page: &textset::GoldPage, rules: &TextRules) -> Result<Option<PageRows>> {
    let src = SourcePage::read(&page.path)?;
    let Ok(text) = decode(&src.bytes, false) else {
        return Ok(None);
    };
    let Some(table) = line_table(&text, rules) else {
        return Ok(None);
    };
    let nf = LINE_FEATURES.len();
    let labels: Vec<usize> = labels(&table.lines, &page.gold)
        .into_iter()
        .map(usize::from)
        .collect();
    let words: Vec<f32> = table
        .lines
        .iter()
        .map(|l| l.split_whitespace().count().max(1) as f32)
        .collect();
    let total: f32 = words.iter().sum();
    let scale = (PAGE_WORDS / total.max(1.0)).min(1.0);
    Ok(Some(PageRows {
        fold: fold_of(&page.meta.domain()),
        rows: table.rows.chunks(nf).map(<[f32]>::to_vec).collect(),
        labels,
        weights: words.iter().map(|w| w * scale).collect(),
    }))
}

/// The training parameters of both stages.
pub fn params(rounds: usize, depth: usize) -> Params {
    Params {
        rounds,
        max_depth: depth,
        learning_rate: 0.1,
        min_child_weight: 5.0,
        max_bins: 64,
        ..Params::default()
    }
}

/// The trained models and what they were trained on.
pub struct Trained {
    /// The first stage (line features).
    pub lines: Forest,
    /// The second stage (the first stage's probabilities around each line).
    pub context: Forest,
    /// Pages and lines trained on.
    pub pages: usize,
    /// Lines trained on.
    pub lines_n: usize,
}

fn dataset<'a>(
    features: &[&str],
    rows: &'a [Vec<f32>],
    labels: &'a [usize],
    weights: &'a [f32],
) -> Dataset<'a> {
    Dataset {
        features: features.iter().map(|s| s.to_string()).collect(),
        classes: vec!["boilerplate".into(), "body".into()],
        rows,
        labels,
        weights,
    }
}

/// Trains both stages on the text scrapes of `sets`.
pub fn train_sets(
    sets: &[PathBuf],
    part: textset::Part,
    rules: &TextRules,
    p: &Params,
) -> Result<Trained> {
    let mut pages = Vec::new();
    for set in sets {
        for page in textset::read(set, part)? {
            if let Some(r) = page_rows(&page, rules)? {
                pages.push(r);
            }
        }
    }
    anyhow::ensure!(
        !pages.is_empty(),
        "no text scrapes with gold texts in {sets:?}"
    );
    let flat = |sel: &dyn Fn(&PageRows) -> bool| {
        let (mut rows, mut labels, mut weights) = (Vec::new(), Vec::new(), Vec::new());
        for pr in pages.iter().filter(|pr| sel(pr)) {
            rows.extend(pr.rows.iter().cloned());
            labels.extend(&pr.labels);
            weights.extend(&pr.weights);
        }
        (rows, labels, weights)
    };
    // out-of-fold first-stage probabilities, page by page
    let mut oof: Vec<Vec<f32>> = pages.iter().map(|pr| vec![0.0; pr.rows.len()]).collect();
    for fold in 0..FOLDS {
        let (rows, labels, weights) = flat(&|pr| pr.fold != fold);
        let f = train(&dataset(LINE_FEATURES, &rows, &labels, &weights), p);
        for (pr, o) in pages.iter().zip(&mut oof) {
            if pr.fold == fold {
                *o = pr.rows.iter().map(|r| f.probability(r)).collect();
            }
        }
    }
    let (rows, labels, weights) = flat(&|_| true);
    let lines = train(&dataset(LINE_FEATURES, &rows, &labels, &weights), p);
    let mut ctx_rows = Vec::with_capacity(rows.len());
    for (pr, o) in pages.iter().zip(&oof) {
        let flat_rows: Vec<f32> = pr.rows.iter().flatten().copied().collect();
        let c = context_rows(&flat_rows, o);
        ctx_rows.extend(c.chunks(CONTEXT_FEATURES.len()).map(<[f32]>::to_vec));
    }
    let context = train(&dataset(CONTEXT_FEATURES, &ctx_rows, &labels, &weights), p);
    Ok(Trained {
        lines,
        context,
        pages: pages.len(),
        lines_n: rows.len(),
    })
}

/// Writes a model as pretty-enough JSON (one tree a line).
pub fn write_model(path: &Path, f: &Forest) -> Result<()> {
    let mut out = String::from("{\n");
    let field = |k: &str, v: String| format!("  {}: {v},\n", serde_json::to_string(k).unwrap());
    out += &field("about", serde_json::to_string(&f.about)?);
    out += &field("trained", serde_json::to_string(&f.trained)?);
    out += &field("features", serde_json::to_string(&f.features)?);
    out += &field("classes", serde_json::to_string(&f.classes)?);
    out += &field("base", serde_json::to_string(&f.base)?);
    out += "  \"trees\": [\n";
    for (i, t) in f.trees.iter().enumerate() {
        let sep = if i + 1 < f.trees.len() { "," } else { "" };
        out += &format!("    {}{sep}\n", serde_json::to_string(t)?);
    }
    out += "  ]\n}\n";
    std::fs::write(path, out).with_context(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_labelled_by_their_words_in_gold_trigrams() {
        let lines: Vec<String> = [
            "Home",
            "News",
            "The talks resumed on Monday in the capital.",
            "Background",
            "Both sides had left the table in May.",
            "Subscribe to our newsletter",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let gold = "The talks resumed on Monday in the capital.\n\nBackground\n\n\
                    Both sides had left the table in May.";
        assert_eq!(
            labels(&lines, gold),
            [false, false, true, true, true, false]
        );
    }

    #[test]
    fn folds_are_stable_per_domain() {
        assert_eq!(fold_of("example.org"), fold_of("example.org"));
        assert!((0..50)
            .map(|i| fold_of(&format!("d{i}.org")))
            .any(|f| f != 0));
    }
}
