//! Training gradient-boosted trees (histogram based, as LightGBM and XGBoost's
//! `hist` method do): features are cut into at most `max_bins` quantile bins
//! once, then each tree is grown depth-wise, choosing at every node the split
//! with the best second-order gain. Binary models minimise log loss, multi-class
//! ones softmax cross-entropy (one tree per class and round). Deterministic: the
//! same rows, labels, weights and parameters give the same model.

use polsearch::model::{sigmoid, softmax, Forest, Tree};

/// Training parameters.
#[derive(Debug, Clone)]
pub struct Params {
    /// Boosting rounds.
    pub rounds: usize,
    /// Maximum depth of a tree.
    pub max_depth: usize,
    /// Shrinkage applied to every leaf.
    pub learning_rate: f32,
    /// L2 regularisation of leaf values.
    pub lambda: f64,
    /// Minimum hessian sum in a child.
    pub min_child_weight: f64,
    /// Minimum gain for a split.
    pub min_gain: f64,
    /// Share of rows each tree sees.
    pub subsample: f64,
    /// Share of features each tree may split on.
    pub colsample: f64,
    /// Bins per feature.
    pub max_bins: usize,
    /// Seed of the row and feature sampling.
    pub seed: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            rounds: 200,
            max_depth: 6,
            learning_rate: 0.1,
            lambda: 1.0,
            min_child_weight: 1.0,
            min_gain: 0.0,
            subsample: 0.8,
            colsample: 0.8,
            max_bins: 64,
            seed: 1,
        }
    }
}

/// A training set: rows of features, a class per row and a weight per row.
pub struct Dataset<'a> {
    /// Feature names (the model records them).
    pub features: Vec<String>,
    /// Class names (two for a binary model).
    pub classes: Vec<String>,
    /// One feature vector per row.
    pub rows: &'a [Vec<f32>],
    /// Class index of each row.
    pub labels: &'a [usize],
    /// Weight of each row (e.g. its number of words).
    pub weights: &'a [f32],
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Quantile cut points of each feature and the rows' bin indices (column-major).
struct Binned {
    cuts: Vec<Vec<f32>>,
    bins: Vec<Vec<u8>>,
}

fn bin_features(rows: &[Vec<f32>], n_features: usize, max_bins: usize) -> Binned {
    let max_bins = max_bins.clamp(2, 256);
    let mut cuts = Vec::with_capacity(n_features);
    let mut bins = Vec::with_capacity(n_features);
    for f in 0..n_features {
        let mut vals: Vec<f32> = rows.iter().map(|r| r[f]).collect();
        vals.sort_by(f32::total_cmp);
        vals.dedup();
        // Upper bounds of every bin but the last (which is open).
        let c: Vec<f32> = if vals.len() <= max_bins {
            vals.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect()
        } else {
            let mut c: Vec<f32> = (1..max_bins)
                .map(|k| {
                    let i = k * vals.len() / max_bins;
                    (vals[i - 1] + vals[i]) / 2.0
                })
                .collect();
            c.dedup();
            c
        };
        let col = rows
            .iter()
            .map(|r| c.partition_point(|&t| t < r[f]) as u8)
            .collect();
        cuts.push(c);
        bins.push(col);
    }
    Binned { cuts, bins }
}

/// Gradient and hessian sums.
#[derive(Clone, Copy, Default)]
struct Sums {
    g: f64,
    h: f64,
}

struct Split {
    feature: usize,
    bin: u8,
    gain: f64,
}

fn leaf_weight(s: Sums, lambda: f64) -> f64 {
    -s.g / (s.h + lambda)
}

fn score(s: Sums, lambda: f64) -> f64 {
    s.g * s.g / (s.h + lambda)
}

/// Grows one tree on `rows` (indices into the dataset) by second-order gain.
struct Grower<'a> {
    bins: &'a Binned,
    grad: &'a [f64],
    hess: &'a [f64],
    features: &'a [usize],
    p: &'a Params,
    tree: Tree,
}

impl Grower<'_> {
    fn best_split(&self, rows: &[u32], total: Sums) -> Option<Split> {
        let mut best: Option<Split> = None;
        let parent = score(total, self.p.lambda);
        for &f in self.features {
            let n_bins = self.bins.cuts[f].len() + 1;
            if n_bins < 2 {
                continue;
            }
            let col = &self.bins.bins[f];
            let mut hist = vec![Sums::default(); n_bins];
            for &r in rows {
                let b = &mut hist[col[r as usize] as usize];
                b.g += self.grad[r as usize];
                b.h += self.hess[r as usize];
            }
            let mut left = Sums::default();
            for (b, s) in hist.iter().enumerate().take(n_bins - 1) {
                left.g += s.g;
                left.h += s.h;
                let right = Sums {
                    g: total.g - left.g,
                    h: total.h - left.h,
                };
                if left.h < self.p.min_child_weight || right.h < self.p.min_child_weight {
                    continue;
                }
                let gain = score(left, self.p.lambda) + score(right, self.p.lambda) - parent;
                if gain > self.p.min_gain && best.as_ref().is_none_or(|s| gain > s.gain) {
                    best = Some(Split {
                        feature: f,
                        bin: b as u8,
                        gain,
                    });
                }
            }
        }
        best
    }

    fn push_leaf(&mut self, total: Sums) -> u32 {
        let t = &mut self.tree;
        t.feature.push(-1);
        t.threshold.push(0.0);
        t.left.push(0);
        t.right.push(0);
        t.value
            .push((leaf_weight(total, self.p.lambda) as f32) * self.p.learning_rate);
        (t.feature.len() - 1) as u32
    }

    /// Adds the node for `rows` (and its subtree); returns its index.
    fn grow(&mut self, rows: Vec<u32>, depth: usize) -> u32 {
        let total = rows.iter().fold(Sums::default(), |s, &r| Sums {
            g: s.g + self.grad[r as usize],
            h: s.h + self.hess[r as usize],
        });
        let split = if depth < self.p.max_depth {
            self.best_split(&rows, total)
        } else {
            None
        };
        let Some(split) = split else {
            return self.push_leaf(total);
        };
        let node = self.push_leaf(total);
        let col = &self.bins.bins[split.feature];
        let (l, r): (Vec<u32>, Vec<u32>) = rows
            .into_iter()
            .partition(|&i| col[i as usize] <= split.bin);
        let li = self.grow(l, depth + 1);
        let ri = self.grow(r, depth + 1);
        let t = &mut self.tree;
        let n = node as usize;
        t.feature[n] = split.feature as i32;
        t.threshold[n] = self.bins.cuts[split.feature][split.bin as usize];
        t.left[n] = li;
        t.right[n] = ri;
        t.value[n] = 0.0;
        node
    }
}

/// Trains a forest on `data`.
pub fn train(data: &Dataset, p: &Params) -> Forest {
    let n = data.rows.len();
    let nf = data.features.len();
    let k = data.classes.len();
    let margins = if k == 2 { 1 } else { k };
    let bins = bin_features(data.rows, nf, p.max_bins);
    let base = base_margins(data, margins);
    let mut m: Vec<Vec<f32>> = vec![base.clone(); n];
    let mut rng = Rng(p.seed);
    let mut trees = Vec::new();
    let (mut grad, mut hess) = (vec![0.0; n], vec![0.0; n]);
    for _ in 0..p.rounds {
        let probs: Vec<Vec<f32>> = m.iter().map(|mi| probs_of(mi)).collect();
        for class in 0..margins {
            for i in 0..n {
                let target = if margins == 1 {
                    (data.labels[i] == 1) as u8 as f32
                } else {
                    (data.labels[i] == class) as u8 as f32
                };
                let pi = if margins == 1 {
                    probs[i][0]
                } else {
                    probs[i][class]
                };
                let w = data.weights[i] as f64;
                grad[i] = (pi - target) as f64 * w;
                hess[i] = ((pi * (1.0 - pi)) as f64).max(1e-6) * w;
            }
            let rows: Vec<u32> = (0..n as u32).filter(|_| rng.unit() < p.subsample).collect();
            let features: Vec<usize> = (0..nf).filter(|_| rng.unit() < p.colsample).collect();
            let mut g = Grower {
                bins: &bins,
                grad: &grad,
                hess: &hess,
                features: &features,
                p,
                tree: Tree {
                    class,
                    feature: vec![],
                    threshold: vec![],
                    left: vec![],
                    right: vec![],
                    value: vec![],
                },
            };
            g.grow(rows, 0);
            let tree = g.tree;
            for (i, mi) in m.iter_mut().enumerate() {
                mi[class] += tree.eval(&data.rows[i]);
            }
            trees.push(tree);
        }
    }
    Forest {
        about: String::new(),
        trained: String::new(),
        features: data.features.clone(),
        classes: data.classes.clone(),
        base,
        trees,
    }
}

/// Probability per margin: a sigmoid for one margin, a softmax otherwise.
fn probs_of(m: &[f32]) -> Vec<f32> {
    if m.len() == 1 {
        vec![sigmoid(m[0])]
    } else {
        softmax(m)
    }
}

/// Log-odds (or log-priors) of the weighted class frequencies.
fn base_margins(data: &Dataset, margins: usize) -> Vec<f32> {
    let mut w = vec![1e-3f64; data.classes.len()];
    for (l, wt) in data.labels.iter().zip(data.weights) {
        w[*l] += *wt as f64;
    }
    let total: f64 = w.iter().sum();
    if margins == 1 {
        vec![(w[1] / w[0]).ln() as f32]
    } else {
        w.iter().map(|x| (x / total).ln() as f32).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(n: usize) -> (Vec<Vec<f32>>, Vec<usize>, Vec<usize>) {
        let mut rng = Rng(7);
        let rows: Vec<Vec<f32>> = (0..n)
            .map(|_| (0..3).map(|_| rng.unit() as f32).collect())
            .collect();
        // XOR of the first two features: no single split separates it.
        let xor = rows
            .iter()
            .map(|r| ((r[0] > 0.5) ^ (r[1] > 0.5)) as usize)
            .collect();
        let argmax = rows
            .iter()
            .map(|r| {
                let m = r.iter().copied().fold(f32::MIN, f32::max);
                r.iter().position(|&v| v == m).unwrap()
            })
            .collect();
        (rows, xor, argmax)
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn learns_an_interaction_deterministically_and_round_trips_as_json() {
        let (rows, xor, _) = data(4000);
        let w = vec![1.0; rows.len()];
        let ds = Dataset {
            features: names(&["a", "b", "c"]),
            classes: names(&["no", "yes"]),
            rows: &rows,
            labels: &xor,
            weights: &w,
        };
        let p = Params {
            rounds: 40,
            max_depth: 3,
            ..Params::default()
        };
        let f = train(&ds, &p);
        assert_eq!(f, train(&ds, &p), "same data and seed, same model");
        let json = serde_json::to_string(&f).unwrap();
        let f = Forest::from_json(&json, &["a", "b", "c"]).unwrap();
        let right = rows
            .iter()
            .zip(&xor)
            .filter(|(r, &y)| (f.probability(r) > 0.5) as usize == y);
        let acc = right.count() as f64 / rows.len() as f64;
        assert!(acc > 0.97, "accuracy {acc}");
    }

    #[test]
    fn learns_several_classes() {
        let (rows, _, argmax) = data(4000);
        let w = vec![1.0; rows.len()];
        let ds = Dataset {
            features: names(&["a", "b", "c"]),
            classes: names(&["a", "b", "c"]),
            rows: &rows,
            labels: &argmax,
            weights: &w,
        };
        let f = train(
            &ds,
            &Params {
                rounds: 40,
                max_depth: 4,
                ..Params::default()
            },
        );
        let right = rows
            .iter()
            .zip(&argmax)
            .filter(|(r, &y)| f.classify(r).0 == y);
        let acc = right.count() as f64 / rows.len() as f64;
        assert!(acc > 0.9, "accuracy {acc}");
    }

    #[test]
    fn weights_move_the_decision() {
        // The same point labelled both ways: the heavier label wins.
        let rows = vec![vec![0.0f32]; 10];
        let labels: Vec<usize> = (0..10).map(|i| (i < 3) as usize).collect();
        let weights: Vec<f32> = (0..10).map(|i| if i < 3 { 10.0 } else { 1.0 }).collect();
        let ds = Dataset {
            features: names(&["x"]),
            classes: names(&["no", "yes"]),
            rows: &rows,
            labels: &labels,
            weights: &weights,
        };
        let f = train(
            &ds,
            &Params {
                rounds: 5,
                ..Params::default()
            },
        );
        assert!(f.probability(&[0.0]) > 0.7);
    }
}
