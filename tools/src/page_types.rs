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

/// Feature rows, gold classes, folds and page ids, one per page.
pub type Rows = (Vec<Vec<f32>>, Vec<usize>, Vec<u32>, Vec<String>);

/// Folds of the cross-validation that sets the teaser threshold.
const FOLDS: u32 = 5;

/// A domain's cross-validation fold ([`crate::split::fold_of`], so a site's
/// pages share one).
fn fold(domain: &str) -> u32 {
    crate::split::fold_of(domain, FOLDS as usize) as u32
}

/// The feature rows, gold classes (indices into [`PageType::ALL`]),
/// cross-validation folds and ids of the pages of a gold folder with a known
/// page type.
pub fn rows(dir: &Path, rules: &Rules) -> anyhow::Result<Rows> {
    let mut ids: Vec<String> = std::fs::read_dir(dir.join("html"))
        .with_context(|| format!("{}", dir.join("html").display()))?
        .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
        .collect();
    ids.sort();
    let (mut rows, mut labels, mut folds, mut kept) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
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
        kept.push(id);
    }
    Ok((rows, labels, folds, kept))
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

fn fit(rows: &[Vec<f32>], labels: &[usize], classes: Vec<String>, params: &Params) -> Forest {
    let weights = vec![1.0; rows.len()];
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

/// The seven page types' names, the classes of the seven-class forest.
fn type_names() -> Vec<String> {
    PageType::ALL.iter().map(|t| t.name().to_string()).collect()
}

/// The classes of the teaser stage: the other pages, then the teaser pages.
fn teaser_names() -> Vec<String> {
    vec!["other".into(), "teaser".into()]
}

/// Whether a class index of [`PageType::ALL`] is a teaser page type.
fn is_teaser(y: usize) -> bool {
    PageType::ALL[y].is_teaser_page()
}

/// Largest share of pages of the other types that the teaser threshold may
/// call teaser pages (and so leave out of a default search) out of fold.
pub const MAX_FALSE_TEASER: f64 = 0.01;

/// Out-of-fold class probabilities: one forest per fold, trained on the
/// other folds' pages with their labels `labels` (class names `classes`).
fn out_of_fold(
    rows: &[Vec<f32>],
    labels: &[usize],
    folds: &[u32],
    classes: &[String],
    params: &Params,
) -> Vec<Vec<f32>> {
    let mut out = vec![Vec::new(); rows.len()];
    for k in 0..FOLDS {
        let (mut r, mut l) = (Vec::new(), Vec::new());
        for i in (0..rows.len()).filter(|&i| folds[i] != k) {
            r.push(rows[i].clone());
            l.push(labels[i]);
        }
        let f = fit(&r, &l, classes.to_vec(), params);
        for i in (0..rows.len()).filter(|&i| folds[i] == k) {
            out[i] = f.probabilities(&rows[i]);
        }
    }
    out
}

/// The most probable class of a probability vector.
fn argmax(p: &[f32]) -> usize {
    p.iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i)
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

/// The summed probability of the teaser types in a seven-class vector.
fn teaser_share(p: &[f32]) -> f32 {
    PageType::ALL
        .iter()
        .zip(p)
        .filter(|(t, _)| t.is_teaser_page())
        .map(|(_, &q)| q)
        .sum()
}

/// A teaser threshold and what it does out of fold.
#[derive(Debug, Clone, Copy)]
struct Cut {
    /// The threshold.
    at: f32,
    /// Share of the other pages at or above it.
    false_share: f64,
    /// Share of the teaser pages at or above it.
    found: f64,
}

/// The lowest teaser threshold (0.05, 0.06 … 0.99) at which at most
/// [`MAX_FALSE_TEASER`] of the other pages score at or above it out of fold
/// (0.99 when none does).
fn teaser_threshold(teaser: &[f32], labels: &[usize]) -> Cut {
    let others = labels.iter().filter(|&&y| !is_teaser(y)).count().max(1) as f64;
    let teasers = labels.iter().filter(|&&y| is_teaser(y)).count().max(1) as f64;
    let mut last = Cut {
        at: 0.99,
        false_share: 0.0,
        found: 0.0,
    };
    for step in 5..100 {
        let at = step as f32 / 100.0;
        let above = |want: bool| {
            (0..labels.len())
                .filter(|&i| is_teaser(labels[i]) == want && teaser[i] >= at)
                .count() as f64
        };
        last = Cut {
            at,
            false_share: above(false) / others,
            found: above(true) / teasers,
        };
        if last.false_share <= MAX_FALSE_TEASER {
            break;
        }
    }
    last
}

/// Widest share of the other pages over which [`low_false_recall`] averages.
const LOW_FALSE_SPAN: f64 = 0.02;

/// The mean share of teaser pages found over every threshold that calls at
/// most [`LOW_FALSE_SPAN`] of the other pages teasers (a partial area under
/// the ROC curve, normalised): how well a score separates teaser pages where
/// the threshold will lie, smoother than the share at one threshold.
fn low_false_recall(score: &[f32], labels: &[usize]) -> f64 {
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    let others = labels.iter().filter(|&&y| !is_teaser(y)).count().max(1);
    let teasers = labels.iter().filter(|&&y| is_teaser(y)).count().max(1) as f64;
    let allowed = (LOW_FALSE_SPAN * others as f64).floor() as usize;
    let (mut found, mut false_calls, mut area) = (0usize, 0usize, 0.0);
    for i in order {
        if is_teaser(labels[i]) {
            found += 1;
        } else {
            area += found as f64 / teasers;
            false_calls += 1;
            if false_calls > allowed {
                break;
            }
        }
    }
    area / (allowed + 1) as f64
}

/// The seven-way call of the shipped rule from a seven-class probability
/// vector and a teaser score: the most probable teaser type when the score
/// reaches `at`, else the most probable other type.
fn decide(p: &[f32], teaser: f32, at: f32) -> usize {
    let want = teaser >= at;
    (0..p.len())
        .filter(|&k| is_teaser(k) == want)
        .max_by(|&a, &b| p[a].total_cmp(&p[b]))
        .unwrap_or(0)
}

/// The trained page-type model with its teaser stage and threshold, as
/// written to `page_type_model.json`.
#[derive(serde::Serialize)]
pub struct PageTypeModelFile {
    /// The seven-class forest.
    #[serde(flatten)]
    pub forest: Forest,
    /// The teaser stage (teaser page or not), when it separates the teaser
    /// pages better out of fold than the seven-class forest's teaser share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teaser: Option<Forest>,
    /// A page is a teaser page (listing or collection) only when its teaser
    /// score (the stage's probability, else the two types' probabilities
    /// together) reaches this.
    pub teaser_min: f32,
}

/// The grid setting with the best out-of-fold score by `score` (the first of
/// the best), with its out-of-fold probabilities.
fn best_setting(
    rows: &[Vec<f32>],
    labels: &[usize],
    folds: &[u32],
    classes: &[String],
    what: &str,
    score: impl Fn(&[Vec<f32>]) -> f64,
) -> anyhow::Result<(Params, Vec<Vec<f32>>, f64)> {
    let mut best: Option<(Params, Vec<Vec<f32>>, f64)> = None;
    for p in param_grid() {
        let oof = out_of_fold(rows, labels, folds, classes, &p);
        let s = score(&oof);
        eprintln!("{what}: {}: out of fold {s:.4}", describe(&p));
        if best.as_ref().is_none_or(|b| s > b.2) {
            best = Some((p, oof, s));
        }
    }
    best.context("an empty parameter grid")
}

/// Trains the page-type model on the gold folder `tune`: the seven-class
/// forest's parameters by out-of-fold accuracy by site; a teaser stage
/// (listing and collection pages against the rest), its parameters by the
/// share of teaser pages it finds out of fold at the threshold that calls at
/// most [`MAX_FALSE_TEASER`] of the other pages teasers; the stage is kept
/// when it finds more of them than the seven-class forest's teaser share does
/// at its own such threshold.
pub fn train_model(
    tune: &Path,
    rules: &Rules,
    dump: Option<&Path>,
) -> anyhow::Result<PageTypeModelFile> {
    let (rows, labels, folds, ids) = rows(tune, rules)?;
    let accuracy = |oof: &[Vec<f32>]| {
        let right = oof.iter().zip(&labels).filter(|(p, &y)| argmax(p) == y);
        let shares: Vec<f32> = oof.iter().map(|p| teaser_share(p)).collect();
        eprintln!("  teaser share: {:?}", teaser_threshold(&shares, &labels));
        right.count() as f64 / labels.len().max(1) as f64
    };
    let (params, oof, oof_accuracy) =
        best_setting(&rows, &labels, &folds, &type_names(), "7 types", accuracy)?;
    let predicted: Vec<usize> = oof.iter().map(|p| argmax(p)).collect();
    eprint!("{}", confusion(&labels, &predicted));
    let shares: Vec<f32> = oof.iter().map(|p| teaser_share(p)).collect();
    let share_cut = teaser_threshold(&shares, &labels);
    eprintln!("teaser share of the 7 types: {share_cut:?}");
    let binary: Vec<usize> = labels.iter().map(|&y| usize::from(is_teaser(y))).collect();
    let stage_probability = |oof: &[Vec<f32>]| oof.iter().map(|p| p[1]).collect::<Vec<f32>>();
    let (stage_params, stage_oof, _) =
        best_setting(&rows, &binary, &folds, &teaser_names(), "teaser", |o| {
            let s = stage_probability(o);
            eprintln!("  at the budget: {:?}", teaser_threshold(&s, &labels));
            low_false_recall(&s, &labels)
        })?;
    let stage_scores = stage_probability(&stage_oof);
    let stage_cut = teaser_threshold(&stage_scores, &labels);
    eprintln!("teaser stage: {stage_cut:?}");
    let use_stage = stage_cut.found > share_cut.found;
    let (scores, cut) = if use_stage {
        (stage_scores, stage_cut)
    } else {
        (shares, share_cut)
    };
    if let Some(path) = dump {
        write_dump(path, &ids, &labels, &folds, &scores, &rows)?;
    }
    let decided: Vec<usize> = (0..rows.len())
        .map(|i| decide(&oof[i], scores[i], cut.at))
        .collect();
    let right = decided.iter().zip(&labels).filter(|(p, y)| p == y).count();
    let decided_accuracy = right as f64 / labels.len().max(1) as f64;
    eprint!("{}", confusion(&labels, &decided));
    let mut f = fit(&rows, &labels, type_names(), &params);
    f.about = "page type of a web page (article, listing, collection, forum, product, \
               documentation, service)"
        .into();
    let stage = if use_stage {
        format!(
            "teaser stage (listing and collection against the rest): {}, the best of {} \
             settings by the mean share of teaser pages found out of fold at <= {:.0}% \
             other pages",
            describe(&stage_params),
            param_grid().len(),
            100.0 * LOW_FALSE_SPAN
        )
    } else {
        "teaser score: the two teaser types' probabilities together".to_string()
    };
    f.trained = format!(
        "polsearch-tools train-page-types on {} ({} pages of the tuning split; {}, the best \
         of {} settings by {FOLDS}-fold out-of-fold accuracy by site: {oof_accuracy:.3}; \
         {stage}; teaser threshold {:.2}: {:.1}% of other pages and {:.1}% of teaser pages \
         above it out of fold; 7 types with that call out of fold {decided_accuracy:.3})",
        tune.file_name().and_then(|s| s.to_str()).unwrap_or("?"),
        rows.len(),
        describe(&params),
        param_grid().len(),
        cut.at,
        100.0 * cut.false_share,
        100.0 * cut.found
    );
    let teaser = use_stage.then(|| {
        let mut t = fit(&rows, &binary, teaser_names(), &stage_params);
        t.about = "teaser page (listing or collection) or not".into();
        t.trained = f.trained.clone();
        t
    });
    let file = PageTypeModelFile {
        forest: f,
        teaser,
        teaser_min: cut.at,
    };
    load(&serde_json::to_string(&file)?)?;
    Ok(file)
}

/// Writes the out-of-fold teaser scores of the tuning pages, one line a page
/// (id, gold type, fold, teaser score, features), tab-separated with a header.
fn write_dump(
    path: &Path,
    ids: &[String],
    labels: &[usize],
    folds: &[u32],
    scores: &[f32],
    rows: &[Vec<f32>],
) -> anyhow::Result<()> {
    let mut out = String::from("id\tgold\tfold\tteaser");
    for f in PAGE_FEATURES {
        out.push('\t');
        out.push_str(f);
    }
    out.push('\n');
    for i in 0..ids.len() {
        out += &format!(
            "{}\t{}\t{}\t{:.4}",
            ids[i],
            PageType::ALL[labels[i]].name(),
            folds[i],
            scores[i]
        );
        for x in &rows[i] {
            out += &format!("\t{x}");
        }
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("{}", path.display()))
}
