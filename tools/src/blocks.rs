//! Training the main-content block model (`src/extract/html/block_model.json`)
//! on the tuning gold folder of the wcxb-dev pool:
//!
//! 1. every page is cut into blocks by the library's own code
//!    ([`polsearch::extract::html::training_blocks`]);
//! 2. each block is labelled by alignment with the gold text: a block of five
//!    words or more is main content when at least half of its word trigrams
//!    occur in the gold; a shorter one when its words occur in the gold in a
//!    row and a labelled long block within three blocks of it is main content
//!    (a heading or a short line of the article, not a menu entry whose word
//!    happens to be in the text);
//! 3. class/id tokens seen on at least [`MIN_TOKEN_DOMAINS`] domains get a
//!    smoothed log-odds of main content (word-weighted);
//! 4. the first forest is trained on every block (rows weighted by words, over
//!    the square root of the page's words, so each page counts about as much
//!    as the F1 mean counts it); the second forest on out-of-fold first-stage
//!    scores (folds by domain), so that it learns from scores like those of
//!    unseen pages;
//! 5. the keep threshold is the one with the best mean page F1 on the tuning
//!    pages.
//!
//! Deterministic: the same folder and parameters give the same file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use polsearch::extract::html::block_model::{BlockModel, BlockModelFile};
use polsearch::extract::html::blocks::{
    render, render_hybrid, smooth_row, Hybrid, PageBlocks, Thresholds, TokenWeights,
    BLOCK_FEATURES, SMOOTH_FEATURES,
};
use polsearch::extract::Rules;
use polsearch::model::Forest;

use crate::gbdt::{train, Dataset, Params};

/// A class/id token needs to be seen on this many domains to get a weight.
pub const MIN_TOKEN_DOMAINS: usize = 5;
/// A block weighs at least as much as this many words (short menu entries
/// and pitches are what leaks; they must count).
pub const MIN_WEIGHT_WORDS: usize = 4;
/// Folds (by domain) of the out-of-fold first-stage scores.
pub const FOLDS: u64 = 3;

/// One tuning page, read and cut into blocks.
pub struct TrainPage {
    /// Page id.
    pub id: String,
    /// Its domain (the fold key).
    pub domain: String,
    /// Its gold page type.
    pub page_type: String,
    /// The page's HTML, decoded.
    pub html: String,
    /// The gold main text.
    pub gold: String,
    /// The gold `without` snippets (boilerplate), as joined lowercase words.
    pub without: Vec<String>,
    /// The block labels (main content or not).
    pub labels: Vec<bool>,
    /// Class/id tokens of each block's element and its ancestors.
    pub tokens: Vec<Vec<String>>,
    /// The blocks and their features.
    pub blocks: PageBlocks,
}

#[derive(serde::Deserialize, Default)]
struct GoldMeta {
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    page_type: Option<String>,
    #[serde(default)]
    without: Vec<String>,
}

/// Lowercase `\w+` words.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn trigram(w: &[String]) -> String {
    format!("{} {} {}", w[0], w[1], w[2])
}

/// Labels blocks by alignment with the gold text (see the module docs).
pub fn label(blocks: &PageBlocks, gold: &str) -> Vec<bool> {
    let gw = words(gold);
    let grams: HashSet<String> = gw.windows(3).map(trigram).collect();
    let joined = format!(" {} ", gw.join(" "));
    let bw: Vec<Vec<String>> = blocks.blocks.iter().map(|b| words(&b.text)).collect();
    let long: Vec<Option<bool>> = bw
        .iter()
        .map(|w| {
            (w.len() >= 5).then(|| {
                let n = w.len() - 2;
                let hit = w.windows(3).filter(|g| grams.contains(&trigram(g))).count();
                hit * 2 >= n
            })
        })
        .collect();
    (0..bw.len())
        .map(|k| match long[k] {
            Some(l) => l,
            None => {
                if bw[k].is_empty() || !joined.contains(&format!(" {} ", bw[k].join(" "))) {
                    return false;
                }
                let lo = k.saturating_sub(3);
                let hi = (k + 4).min(bw.len());
                (lo..hi).any(|j| long[j] == Some(true))
            }
        })
        .collect()
}

/// Reads the pages of the tuning part of gold folders (`html/`,
/// `gold/<id>.txt`, `gold/<id>.json` with a `domain` or a `url`): a page whose
/// domain falls in the validation part ([`crate::split`]) or has none is
/// never read, and a page whose URL was already read (the same page in two
/// folders) is read once.
pub fn read_pages(
    dirs: &[PathBuf],
    rules: &Rules,
    tokens: &TokenWeights,
) -> anyhow::Result<Vec<TrainPage>> {
    let mut pages = Vec::new();
    let mut urls = HashSet::new();
    for dir in dirs {
        read_folder(dir, rules, tokens, &mut urls, &mut pages)?;
    }
    Ok(pages)
}

fn read_folder(
    dir: &Path,
    rules: &Rules,
    tokens: &TokenWeights,
    urls: &mut HashSet<String>,
    pages: &mut Vec<TrainPage>,
) -> anyhow::Result<()> {
    let mut ids: Vec<String> = std::fs::read_dir(dir.join("html"))
        .with_context(|| format!("{}", dir.join("html").display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            (p.extension()? == "html").then(|| p.file_stem()?.to_str().map(str::to_string))?
        })
        .collect();
    ids.sort();
    for id in ids {
        let gold_path = dir.join("gold").join(format!("{id}.txt"));
        let Ok(gold) = std::fs::read_to_string(&gold_path) else {
            continue;
        };
        let meta: GoldMeta = std::fs::read_to_string(dir.join("gold").join(format!("{id}.json")))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        let Some(domain) = meta
            .domain
            .clone()
            .or_else(|| meta.url.as_deref().and_then(crate::split::domain_of_url))
        else {
            continue;
        };
        if crate::split::Split::of(&domain) != crate::split::Split::Tuning {
            continue;
        }
        if let Some(u) = &meta.url {
            if !urls.insert(u.clone()) {
                continue;
            }
        }
        let path = dir.join("html").join(format!("{id}.html"));
        let bytes = std::fs::read(&path).with_context(|| format!("{}", path.display()))?;
        let Ok(html) = polsearch::extract::decode::decode(&bytes, true) else {
            continue;
        };
        let (blocks, toks) = polsearch::extract::html::training_blocks(&html, &rules.html, tokens);
        let labels = label(&blocks, &gold);
        pages.push(TrainPage {
            id,
            domain,
            page_type: meta.page_type.unwrap_or_default(),
            html,
            gold,
            without: meta
                .without
                .iter()
                .map(|w| words(w).join(" "))
                .filter(|w| !w.is_empty())
                .collect(),
            labels,
            tokens: toks,
            blocks,
        });
    }
    Ok(())
}

/// Row weight of a block: its words over the square root of its page's words.
fn weights(page: &TrainPage) -> Vec<f32> {
    let w: Vec<f32> = page
        .blocks
        .blocks
        .iter()
        .map(|b| words(&b.text).len().max(MIN_WEIGHT_WORDS) as f32)
        .collect();
    let total: f32 = w.iter().sum();
    let scale = total.max(1.0).sqrt();
    w.into_iter().map(|x| x / scale).collect()
}

/// Learns the class/id token weights from labelled pages.
pub fn learn_tokens(pages: &[TrainPage]) -> TokenWeights {
    // token -> (main weight, other weight, domains)
    let mut stats: HashMap<&str, (f64, f64, HashSet<&str>)> = HashMap::new();
    let (mut pos, mut neg) = (0f64, 0f64);
    for p in pages {
        let w = weights(p);
        for (k, toks) in p.tokens.iter().enumerate() {
            let (y, wk) = (p.labels[k], w[k] as f64);
            if y {
                pos += wk;
            } else {
                neg += wk;
            }
            for t in toks {
                let e = stats.entry(t).or_default();
                if y {
                    e.0 += wk;
                } else {
                    e.1 += wk;
                }
                e.2.insert(&p.domain);
            }
        }
    }
    let prior = (pos.max(1e-9) / neg.max(1e-9)).ln();
    // smoothing: a token needs this much weight of evidence to move far from 0
    let a = 5.0;
    let prior_pos = pos / (pos + neg).max(1e-9);
    stats
        .into_iter()
        .filter(|(_, s)| s.2.len() >= MIN_TOKEN_DOMAINS)
        .map(|(t, s)| {
            let lo = ((s.0 + a * prior_pos) / (s.1 + a * (1.0 - prior_pos))).ln() - prior;
            (t.to_string(), (lo as f32 * 1000.0).round() / 1000.0)
        })
        .filter(|(_, w)| w.abs() >= 0.05)
        .collect()
}

fn fold_of(domain: &str) -> u64 {
    // FNV-1a: stable across platforms and runs
    domain.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    }) % FOLDS
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn stage1(pages: &[&TrainPage], p: &Params) -> Forest {
    let (mut rows, mut labels, mut w) = (Vec::new(), Vec::new(), Vec::new());
    for page in pages {
        rows.extend(page.blocks.rows.iter().cloned());
        labels.extend(page.labels.iter().map(|&y| y as usize));
        w.extend(weights(page));
    }
    train(
        &Dataset {
            features: names(BLOCK_FEATURES),
            classes: names(&["other", "main"]),
            rows: &rows,
            labels: &labels,
            weights: &w,
        },
        p,
    )
}

/// Parameters of the two stages.
pub fn params() -> (Params, Params) {
    (
        Params {
            rounds: 120,
            max_depth: 6,
            learning_rate: 0.1,
            min_child_weight: 2.0,
            ..Params::default()
        },
        Params {
            rounds: 50,
            max_depth: 4,
            learning_rate: 0.1,
            min_child_weight: 2.0,
            ..Params::default()
        },
    )
}

/// A page type gets thresholds of its own only when they raise its mean
/// tuning F1 by this much over the global ones (a smaller gain on some
/// sixty pages is noise, not a property of the type). Measured: at 0.01,
/// listing (tuning 0.681 -> 0.697) and product (0.628 -> 0.648) got their
/// own and lost on the validation split (0.753 -> 0.730, 0.395 -> 0.372),
/// so gains of that size are not kept.
pub const MIN_TYPE_GAIN: f64 = 0.05;
/// A page type needs this many tuning pages to get thresholds of its own.
pub const MIN_TYPE_PAGES: usize = 40;

/// The thresholds searched: inside 0.10–0.60, outside 0–0.4 above it.
fn threshold_grid() -> impl Iterator<Item = Thresholds> {
    (0..=10).flat_map(|step| {
        let inside = 0.1 + 0.05 * step as f32;
        (0..=4).map(move |out_step| Thresholds {
            inside,
            outside: (inside + 0.1 * out_step as f32).min(0.95),
        })
    })
}

/// The thresholds of the best mean F1 over the pages `idx`, and the F1 of
/// each thresholds pair (rounded, for the model file's record).
fn best_thresholds(
    pages: &[TrainPage],
    probs: &[Vec<f32>],
    idx: &[usize],
    rules: &Rules,
) -> ((Thresholds, f64), BTreeMap<String, f64>) {
    let mut best = (
        Thresholds {
            inside: 0.5,
            outside: 0.5,
        },
        f64::MIN,
    );
    let mut curve = BTreeMap::new();
    for t in threshold_grid() {
        let f = mean_f1_of(pages, probs, idx, t, rules);
        curve.insert(
            format!("{:.2}/{:.2}", t.inside, t.outside),
            (f * 1000.0).round() / 1000.0,
        );
        if f > best.1 {
            best = (t, f);
        }
    }
    (best, curve)
}

/// For each gold page type with at least [`MIN_TYPE_PAGES`] tuning pages:
/// its best thresholds, its mean F1 under the global ones and under its own.
fn type_thresholds(
    pages: &[TrainPage],
    probs: &[Vec<f32>],
    global: (Thresholds, f64),
    rules: &Rules,
) -> BTreeMap<String, (Thresholds, f64, f64)> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (k, p) in pages.iter().enumerate() {
        if !p.page_type.is_empty() {
            groups.entry(p.page_type.as_str()).or_default().push(k);
        }
    }
    groups
        .into_iter()
        .filter(|(_, idx)| idx.len() >= MIN_TYPE_PAGES)
        .map(|(t, idx)| {
            let g = mean_f1_of(pages, probs, &idx, global.0, rules);
            let ((th, own), _) = best_thresholds(pages, probs, &idx, rules);
            (t.to_string(), (th, g, own))
        })
        .collect()
}

/// Mean page F1 over the pages `idx` under the thresholds `t`.
fn mean_f1_of(
    pages: &[TrainPage],
    probs: &[Vec<f32>],
    idx: &[usize],
    t: Thresholds,
    rules: &Rules,
) -> f64 {
    let total: f64 = idx
        .iter()
        .map(|&k| {
            let body = render(&pages[k].blocks, &probs[k], t, &rules.html, "");
            polsearch::eval::score(&body, &pages[k].gold).f1
        })
        .sum();
    total / idx.len().max(1) as f64
}

/// The second-opinion thresholds searched: `keep` 0–0.20 (0 keeps every
/// block the rules kept), `add` 0.60–0.90 and 1.01 (adds none), short
/// blocks under 0, 3, 5 or 8 words, `keep_short` as `keep` or 0.2–0.5; then
/// the add-only settings (the rules' body unchanged): blocks of 5, 8 or 12
/// words and more added from 0.80–0.97.
fn hybrid_grid() -> impl Iterator<Item = Hybrid> {
    let keeps = [0.0f32, 0.05, 0.1, 0.2];
    let adds = [0.6f32, 0.65, 0.7, 0.75, 0.8, 0.9, 1.01];
    let replace = keeps.into_iter().flat_map(move |keep| {
        adds.into_iter().flat_map(move |add| {
            [0u32, 3, 5, 8].into_iter().flat_map(move |short| {
                [keep, 0.2, 0.35, 0.5]
                    .into_iter()
                    .filter(move |&ks| short > 0 && ks >= keep || ks == keep)
                    .map(move |keep_short| Hybrid {
                        keep,
                        add,
                        short,
                        keep_short,
                        add_only: false,
                    })
            })
        })
    });
    let add_only = [5u32, 8, 12].into_iter().flat_map(|short| {
        [0.8f32, 0.85, 0.9, 0.93, 0.95, 0.97]
            .into_iter()
            .map(move |add| Hybrid {
                keep: 0.0,
                add,
                short,
                keep_short: 0.0,
                add_only: true,
            })
    });
    replace.chain(add_only)
}

/// The article pages of the tuning split: those the gold calls articles, and
/// those of folders without page types (extraction-dev: news articles).
fn article_pages(pages: &[TrainPage]) -> Vec<usize> {
    (0..pages.len())
        .filter(|&k| matches!(pages[k].page_type.as_str(), "" | "article"))
        .collect()
}

/// Mean F1 and share of `without` snippets leaked over the pages `idx` for
/// their bodies `bodies`.
fn f1_and_leak(pages: &[TrainPage], idx: &[usize], bodies: &[String]) -> (f64, f64) {
    let (mut f, mut leaked, mut total) = (0f64, 0usize, 0usize);
    for (&k, b) in idx.iter().zip(bodies) {
        f += polsearch::eval::score(b, &pages[k].gold).f1;
        let bw = words(b).join(" ");
        total += pages[k].without.len();
        leaked += pages[k]
            .without
            .iter()
            .filter(|w| bw.contains(w.as_str()))
            .count();
    }
    (
        f / idx.len().max(1) as f64,
        leaked as f64 / total.max(1) as f64,
    )
}

/// The chosen second opinion with its F1 and leak; the rules' F1 and leak;
/// the model's.
type HybridChoice = (Option<(Hybrid, f64, f64)>, (f64, f64), (f64, f64));

/// The [`Hybrid`] of the best mean F1 over the article pages among those
/// that leak no larger share of `without` snippets than the rules' body
/// (`extract` with `body = "rules"`), with its F1 and leak; then the rules'
/// F1 and leak and the model's alone, for the record. `None` when no
/// second opinion beats the rules' body.
fn best_hybrid(
    pages: &[TrainPage],
    probs: &[Vec<f32>],
    t: Thresholds,
    rules: &Rules,
) -> HybridChoice {
    let idx = article_pages(pages);
    let mut only_rules = rules.html.clone();
    only_rules.body = polsearch::extract::html::BodyExtractor::Rules;
    let rules_bodies: Vec<String> = idx
        .iter()
        .map(|&k| polsearch::extract::html::extract(&pages[k].html, &only_rules).body)
        .collect();
    let by_rules = f1_and_leak(pages, &idx, &rules_bodies);
    let model_bodies: Vec<String> = idx
        .iter()
        .map(|&k| render(&pages[k].blocks, &probs[k], t, &rules.html, ""))
        .collect();
    let by_model = f1_and_leak(pages, &idx, &model_bodies);
    let mut best: Option<(Hybrid, f64, f64)> = None;
    for h in hybrid_grid() {
        // as `extract` does: an empty second opinion leaves the rules' body
        let bodies: Vec<String> = idx
            .iter()
            .zip(&rules_bodies)
            .map(|(&k, rb)| {
                let b = render_hybrid(&pages[k].blocks, &probs[k], h, t, &rules.html, "", rb);
                if b.trim().is_empty() {
                    rb.clone()
                } else {
                    b
                }
            })
            .collect();
        let (f, leak) = f1_and_leak(pages, &idx, &bodies);
        println!("hybrid {h:?}: article F1 {f:.4}, leak {leak:.4}");
        if leak <= by_rules.1 && best.is_none_or(|b| f > b.1) {
            best = Some((h, f, leak));
        }
    }
    (best.filter(|b| b.1 > by_rules.0), by_rules, by_model)
}

/// Trains the block model on the tuning pages of the gold folders `tune`;
/// returns the model file.
pub fn train_model(tune: &[PathBuf], rules: &Rules) -> anyhow::Result<BlockModelFile> {
    let empty = TokenWeights::new();
    let first = read_pages(tune, rules, &empty)?;
    let tokens = learn_tokens(&first);
    drop(first);
    let pages = read_pages(tune, rules, &tokens)?;
    let (p1, p2) = params();
    // out-of-fold first-stage scores
    let mut oof: Vec<Vec<f32>> = pages.iter().map(|_| Vec::new()).collect();
    for fold in 0..FOLDS {
        let train_on: Vec<&TrainPage> = pages
            .iter()
            .filter(|p| fold_of(&p.domain) != fold)
            .collect();
        let f = stage1(&train_on, &p1);
        for (k, page) in pages.iter().enumerate() {
            if fold_of(&page.domain) == fold {
                oof[k] = page.blocks.rows.iter().map(|r| f.probability(r)).collect();
            }
        }
    }
    let all: Vec<&TrainPage> = pages.iter().collect();
    let mut blocks = stage1(&all, &p1);
    let (mut rows, mut labels, mut w) = (Vec::new(), Vec::new(), Vec::new());
    for (page, p) in pages.iter().zip(&oof) {
        for k in 0..p.len() {
            rows.push(smooth_row(&page.blocks, p, k));
        }
        labels.extend(page.labels.iter().map(|&y| y as usize));
        w.extend(weights(page));
    }
    let mut smooth = train(
        &Dataset {
            features: names(SMOOTH_FEATURES),
            classes: names(&["other", "main"]),
            rows: &rows,
            labels: &labels,
            weights: &w,
        },
        &p2,
    );
    let final_p: Vec<Vec<f32>> = pages
        .iter()
        .zip(&oof)
        .map(|(page, p)| {
            (0..p.len())
                .map(|k| smooth.probability(&smooth_row(&page.blocks, p, k)))
                .collect()
        })
        .collect();
    let all_idx: Vec<usize> = (0..pages.len()).collect();
    let (best, curve) = best_thresholds(&pages, &final_p, &all_idx, rules);
    let by_type = type_thresholds(&pages, &final_p, best, rules);
    let (hybrid, by_rules, by_model) = best_hybrid(&pages, &final_p, best.0, rules);
    let n_blocks: usize = pages.iter().map(|p| p.labels.len()).sum();
    let n_main: usize = pages
        .iter()
        .map(|p| p.labels.iter().filter(|&&y| y).count())
        .sum();
    let trained = format!(
        "polsearch-tools train-blocks on {} ({} pages of the tuning split, {} blocks, {} main; \
         {} class/id tokens on >= {} domains); out-of-fold ({} folds by domain) tuning F1 by threshold {:?}; \
         by page type (tuning F1 global -> own thresholds): {}; \
         articles ({} pages), F1 (without-snippet leak): rules {:.4} ({:.4}), model {:.4} ({:.4}), \
         second opinion {}",
        tune.iter()
            .map(|t| t.file_name().and_then(|s| s.to_str()).unwrap_or("?"))
            .collect::<Vec<_>>()
            .join(" + "),
        pages.len(),
        n_blocks,
        n_main,
        tokens.len(),
        MIN_TOKEN_DOMAINS,
        FOLDS,
        curve,
        by_type
            .iter()
            .map(|(t, (_, g, o))| format!("{t} {g:.3} -> {o:.3}"))
            .collect::<Vec<_>>()
            .join(", "),
        article_pages(&pages).len(),
        by_rules.0,
        by_rules.1,
        by_model.0,
        by_model.1,
        hybrid.map_or("none".into(), |(h, f, l)| format!(
            "keep {:.2} add {:.2} short {} keep_short {:.2} add_only {}: {f:.4} ({l:.4})",
            h.keep, h.add, h.short, h.keep_short, h.add_only
        ))
    );
    blocks.about = "main content of a web page: first stage, per block".into();
    blocks.trained = trained.clone();
    smooth.about = "main content of a web page: second stage, a block beside its neighbours".into();
    smooth.trained = trained.clone();
    let file = BlockModelFile {
        about: format!("main-content block model; {trained}"),
        blocks: serde_json::to_value(&blocks)?,
        smooth: serde_json::to_value(&smooth)?,
        tokens: tokens.into_iter().collect(),
        threshold: best.0,
        by_type: by_type
            .into_iter()
            .filter_map(|(t, (th, g, o))| (o >= g + MIN_TYPE_GAIN).then_some((t, th)))
            .collect(),
        hybrid: hybrid.map(|h| h.0),
    };
    // the file must load as the library loads it
    BlockModel::from_json(&serde_json::to_string(&file)?)?;
    Ok(file)
}
