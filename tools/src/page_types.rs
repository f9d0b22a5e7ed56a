//! Training the page-type model (`src/extract/html/page_type_model.json`): a
//! seven-class forest over the page features of
//! [`polsearch::extract::html::page_type`], computed by the library's own code
//! ([`polsearch::extract::html::page_type_features`], with the embedded block
//! model) on every page of the tuning gold folder, labelled by its gold
//! `page_type`. Deterministic.

use std::path::Path;

use anyhow::Context;
use polsearch::extract::html::page_type::{load, PAGE_FEATURES};
use polsearch::extract::{PageType, Rules};
use polsearch::model::Forest;

use crate::gbdt::{train, Dataset, Params};

#[derive(serde::Deserialize)]
struct GoldMeta {
    #[serde(default)]
    page_type: String,
    #[serde(default)]
    domain: String,
}

/// Feature rows, gold classes and folds, one per page.
pub type Rows = (Vec<Vec<f32>>, Vec<usize>, Vec<u32>);

/// Folds of the cross-validation that sets the teaser threshold.
const FOLDS: u32 = 5;

/// A domain's cross-validation fold ([`crate::split::fold_of`], so a site's
/// pages share one).
fn fold(domain: &str) -> u32 {
    crate::split::fold_of(domain, FOLDS as usize) as u32
}

/// The feature rows, gold classes (indices into [`PageType::ALL`]) and
/// cross-validation folds of the pages of a gold folder with a known page type.
pub fn rows(dir: &Path, rules: &Rules) -> anyhow::Result<Rows> {
    let mut ids: Vec<String> = std::fs::read_dir(dir.join("html"))
        .with_context(|| format!("{}", dir.join("html").display()))?
        .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
        .collect();
    ids.sort();
    let (mut rows, mut labels, mut folds) = (Vec::new(), Vec::new(), Vec::new());
    for id in ids {
        let Some(meta) = std::fs::read_to_string(dir.join("gold").join(format!("{id}.json")))
            .ok()
            .and_then(|s| serde_json::from_str::<GoldMeta>(&s).ok())
        else {
            continue;
        };
        let Some(t) = PageType::parse(&meta.page_type) else {
            continue;
        };
        let path = dir.join("html").join(format!("{id}.html"));
        let bytes = std::fs::read(&path).with_context(|| format!("{}", path.display()))?;
        let Ok(html) = polsearch::extract::decode::decode(&bytes, true) else {
            continue;
        };
        rows.push(polsearch::extract::html::page_type_features(
            &html,
            &rules.html,
        ));
        labels.push(PageType::ALL.iter().position(|&x| x == t).unwrap_or(0));
        folds.push(fold(&meta.domain));
    }
    Ok((rows, labels, folds))
}

/// The candidate training parameters (shallow trees, as the pages are few):
/// every combination of depth, rounds, learning rate and minimum hessian in a
/// leaf; [`train_model`] keeps the one with the best out-of-fold accuracy by
/// site on the tuning split (the first of the best, so the grid's order
/// breaks ties towards fewer, shallower trees).
pub fn param_grid() -> Vec<Params> {
    let mut grid = Vec::new();
    for max_depth in [2, 3, 4] {
        for (rounds, learning_rate) in [(100, 0.05), (150, 0.1), (300, 0.05), (300, 0.1)] {
            for min_child_weight in [1.0, 4.0] {
                grid.push(Params {
                    rounds,
                    max_depth,
                    learning_rate,
                    min_child_weight,
                    ..Params::default()
                });
            }
        }
    }
    grid
}

/// A one-line description of the parameters that vary in [`param_grid`].
fn describe(p: &Params) -> String {
    format!(
        "{} rounds of depth-{} trees, learning rate {}, min child weight {}",
        p.rounds, p.max_depth, p.learning_rate, p.min_child_weight
    )
}

fn fit(rows: &[Vec<f32>], labels: &[usize], params: &Params) -> Forest {
    let weights = vec![1.0; rows.len()];
    let classes: Vec<String> = PageType::ALL.iter().map(|t| t.name().to_string()).collect();
    train(
        &Dataset {
            features: PAGE_FEATURES.iter().map(|s| s.to_string()).collect(),
            classes,
            rows,
            labels,
            weights: &weights,
        },
        params,
    )
}

/// Longest share of pages of the other types that the teaser threshold may
/// call teaser pages (and so leave out of a default search) out of fold.
const MAX_FALSE_TEASER: f64 = 0.01;

/// Out-of-fold teaser probabilities (listing + collection) and accuracy by
/// the plain most-probable class: one model per fold, trained on the others.
fn out_of_fold(
    rows: &[Vec<f32>],
    labels: &[usize],
    folds: &[u32],
    params: &Params,
) -> (Vec<f32>, f64, Vec<usize>) {
    let mut teaser = vec![0f32; rows.len()];
    let mut predicted = vec![0usize; rows.len()];
    let mut right = 0usize;
    for k in 0..FOLDS {
        let (mut r, mut l) = (Vec::new(), Vec::new());
        for i in (0..rows.len()).filter(|&i| folds[i] != k) {
            r.push(rows[i].clone());
            l.push(labels[i]);
        }
        let f = fit(&r, &l, params);
        for i in (0..rows.len()).filter(|&i| folds[i] == k) {
            let p = f.probabilities(&rows[i]);
            teaser[i] = teaser_share(&p);
            predicted[i] = f.classify(&rows[i]).0;
            right += usize::from(predicted[i] == labels[i]);
        }
    }
    (teaser, right as f64 / rows.len().max(1) as f64, predicted)
}

/// The out-of-fold confusion matrix (rows: gold type, columns: predicted).
fn confusion(labels: &[usize], predicted: &[usize]) -> String {
    let k = PageType::ALL.len();
    let mut m = vec![vec![0usize; k]; k];
    for (&y, &p) in labels.iter().zip(predicted) {
        m[y][p] += 1;
    }
    let mut out = format!("{:>14}", "gold \\ out-of-fold");
    for t in PageType::ALL {
        out += &format!(" {:>5}", &t.name()[..5.min(t.name().len())]);
    }
    out.push('\n');
    for (t, row) in PageType::ALL.iter().zip(&m) {
        out += &format!("{:>14}", t.name());
        for c in row {
            out += &format!(" {c:>5}");
        }
        out.push('\n');
    }
    out
}

/// The summed probability of the teaser types.
fn teaser_share(p: &[f32]) -> f32 {
    PageType::ALL
        .iter()
        .zip(p)
        .filter(|(t, _)| t.is_teaser_page())
        .map(|(_, &q)| q)
        .sum()
}

/// The lowest teaser threshold (0.50, 0.55 … 0.95) at which at most
/// [`MAX_FALSE_TEASER`] of the other pages are out-of-fold teasers, with that
/// share and the share of the teaser pages found.
fn teaser_threshold(teaser: &[f32], labels: &[usize]) -> (f32, f64, f64) {
    let is_teaser = |y: usize| PageType::ALL[y].is_teaser_page();
    let others = labels.iter().filter(|&&y| !is_teaser(y)).count().max(1) as f64;
    let teasers = labels.iter().filter(|&&y| is_teaser(y)).count().max(1) as f64;
    let mut last = (0.95, 0.0, 0.0);
    for step in 0..10 {
        let t = 0.5 + 0.05 * step as f32;
        let false_share = (0..labels.len())
            .filter(|&i| !is_teaser(labels[i]) && teaser[i] >= t)
            .count() as f64
            / others;
        let found = (0..labels.len())
            .filter(|&i| is_teaser(labels[i]) && teaser[i] >= t)
            .count() as f64
            / teasers;
        last = (t, false_share, found);
        if false_share <= MAX_FALSE_TEASER {
            break;
        }
    }
    last
}

/// The trained page-type model with its teaser threshold, as written to
/// `page_type_model.json`.
#[derive(serde::Serialize)]
pub struct PageTypeModelFile {
    /// The forest.
    #[serde(flatten)]
    pub forest: Forest,
    /// A page is a teaser page (listing or collection) only when those two
    /// types have at least this probability together.
    pub teaser_min: f32,
}

/// Trains the page-type model on the gold folder `tune`.
pub fn train_model(tune: &Path, rules: &Rules) -> anyhow::Result<PageTypeModelFile> {
    let (rows, labels, folds) = rows(tune, rules)?;
    let grid = param_grid();
    let mut best: Option<(Params, Vec<f32>, f64, Vec<usize>)> = None;
    for p in grid {
        let (teaser, accuracy, predicted) = out_of_fold(&rows, &labels, &folds, &p);
        eprintln!("{}: out-of-fold accuracy {accuracy:.4}", describe(&p));
        if best.as_ref().is_none_or(|b| accuracy > b.2) {
            best = Some((p, teaser, accuracy, predicted));
        }
    }
    let (params, teaser, oof_accuracy, predicted) = best.context("an empty parameter grid")?;
    eprint!("{}", confusion(&labels, &predicted));
    let (teaser_min, false_share, found) = teaser_threshold(&teaser, &labels);
    let mut f = fit(&rows, &labels, &params);
    f.about = "page type of a web page (article, listing, collection, forum, product, \
               documentation, service)"
        .into();
    f.trained = format!(
        "polsearch-tools train-page-types on {} ({} pages of the tuning split; {}, the best \
         of {} settings by {FOLDS}-fold out-of-fold accuracy by site: {oof_accuracy:.3}; \
         teaser threshold {teaser_min:.2}: {:.1}% of other pages and {:.1}% of teaser pages \
         above it out of fold)",
        tune.file_name().and_then(|s| s.to_str()).unwrap_or("?"),
        rows.len(),
        describe(&params),
        param_grid().len(),
        100.0 * false_share,
        100.0 * found
    );
    let file = PageTypeModelFile {
        forest: f,
        teaser_min,
    };
    load(&serde_json::to_string(&file)?)?;
    Ok(file)
}
