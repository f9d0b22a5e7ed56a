//! Learned models shipped as data: gradient-boosted decision trees over a
//! fixed list of named numeric features. A model is trained offline (by
//! `polsearch-tools`) on a tuning split, saved as JSON in the repository and
//! loaded once, when the program starts; prediction is a walk down each tree.
//!
//! Two shapes: a binary model (two classes, one margin, a sigmoid) and a
//! multi-class model (one margin per class, a softmax).

use serde::{Deserialize, Serialize};

/// Why a model file could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The JSON does not have the model's shape.
    #[error("not a model file: {0}")]
    Json(#[from] serde_json::Error),
    /// The model is internally inconsistent (a bad node index, a feature out of range…).
    #[error("invalid model: {0}")]
    Invalid(String),
    /// The model was trained on other features than the code computes.
    #[error("the model was trained on features {found:?}, the code computes {expected:?}")]
    Features {
        /// What the code computes.
        expected: Vec<String>,
        /// What the model file lists.
        found: Vec<String>,
    },
}

/// One regression tree, stored as parallel arrays; node 0 is the root. A node
/// whose `feature` is negative is a leaf holding `value`; otherwise a row goes
/// to `left` when `x[feature] <= threshold`, else to `right`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    /// The class whose margin this tree adds to (0 for binary models).
    pub class: usize,
    /// Feature tested at each node, -1 at leaves.
    pub feature: Vec<i32>,
    /// Split threshold at each node.
    pub threshold: Vec<f32>,
    /// Left child of each node.
    pub left: Vec<u32>,
    /// Right child of each node.
    pub right: Vec<u32>,
    /// Leaf value (already scaled by the learning rate).
    pub value: Vec<f32>,
}

impl Tree {
    /// The leaf value this tree gives to `x`.
    pub fn eval(&self, x: &[f32]) -> f32 {
        let mut i = 0usize;
        loop {
            let f = self.feature[i];
            if f < 0 {
                return self.value[i];
            }
            i = if x[f as usize] <= self.threshold[i] {
                self.left[i] as usize
            } else {
                self.right[i] as usize
            };
        }
    }

    fn check(&self, n_features: usize, n_margins: usize) -> Result<(), String> {
        let n = self.feature.len();
        let same = [
            self.threshold.len(),
            self.left.len(),
            self.right.len(),
            self.value.len(),
        ];
        if n == 0 || same.iter().any(|&l| l != n) {
            return Err("a tree's arrays differ in length".into());
        }
        if self.class >= n_margins {
            return Err(format!(
                "a tree adds to class {} of {n_margins}",
                self.class
            ));
        }
        for i in 0..n {
            if self.feature[i] < 0 {
                continue;
            }
            if self.feature[i] as usize >= n_features {
                return Err(format!(
                    "node {i} tests feature {} of {n_features}",
                    self.feature[i]
                ));
            }
            // Children come after their parent, so every walk ends at a leaf.
            let (l, r) = (self.left[i] as usize, self.right[i] as usize);
            if l <= i || r <= i || l >= n || r >= n {
                return Err(format!("node {i} has children {l}, {r} out of order"));
            }
        }
        Ok(())
    }
}

/// A boosted forest: `base` margins plus the sum of the trees of each class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forest {
    /// What the model predicts, e.g. `"main content of a web page"`.
    #[serde(default)]
    pub about: String,
    /// How the model was made (command, data split, figures), for people.
    #[serde(default)]
    pub trained: String,
    /// Names of the features, in the order of the input vector.
    pub features: Vec<String>,
    /// Class labels; two for a binary model (the second is the positive one).
    pub classes: Vec<String>,
    /// Initial margin per margin (one for binary models, one per class otherwise).
    pub base: Vec<f32>,
    /// The trees.
    pub trees: Vec<Tree>,
}

impl Forest {
    /// Parses a model and checks it against the features the code computes.
    pub fn from_json(text: &str, expected: &[&str]) -> Result<Forest, ModelError> {
        let forest: Forest = serde_json::from_str(text)?;
        forest.check().map_err(ModelError::Invalid)?;
        if forest
            .features
            .iter()
            .map(String::as_str)
            .ne(expected.iter().copied())
        {
            return Err(ModelError::Features {
                expected: expected.iter().map(|s| s.to_string()).collect(),
                found: forest.features,
            });
        }
        Ok(forest)
    }

    fn margins(&self) -> usize {
        if self.classes.len() == 2 {
            1
        } else {
            self.classes.len()
        }
    }

    fn check(&self) -> Result<(), String> {
        if self.classes.len() < 2 {
            return Err("a model needs at least two classes".into());
        }
        if self.base.len() != self.margins() {
            return Err(format!(
                "{} base margins for {} classes",
                self.base.len(),
                self.classes.len()
            ));
        }
        let (nf, nm) = (self.features.len(), self.margins());
        self.trees.iter().try_for_each(|t| t.check(nf, nm))
    }

    /// Raw margins of `x` (one for binary models).
    pub fn margin(&self, x: &[f32]) -> Vec<f32> {
        debug_assert_eq!(x.len(), self.features.len());
        let mut m = self.base.clone();
        for t in &self.trees {
            m[t.class] += t.eval(x);
        }
        m
    }

    /// The one margin of a binary model, without allocating (the trees
    /// added in the same order as [`Forest::margin`], so the same value).
    fn margin1(&self, x: &[f32]) -> f32 {
        let mut m = self.base[0];
        for t in &self.trees {
            m += t.eval(x);
        }
        m
    }

    /// Probability of the positive (second) class of a binary model.
    pub fn probability(&self, x: &[f32]) -> f32 {
        if self.base.len() == 1 {
            return sigmoid(self.margin1(x));
        }
        sigmoid(self.margin(x)[0])
    }

    /// Probability of each class.
    pub fn probabilities(&self, x: &[f32]) -> Vec<f32> {
        if self.base.len() == 1 {
            let p = sigmoid(self.margin1(x));
            return vec![1.0 - p, p];
        }
        softmax(&self.margin(x))
    }

    /// The most probable class and its probability.
    pub fn classify(&self, x: &[f32]) -> (usize, f32) {
        best_of(&self.probabilities(x))
    }

    /// The forest laid out for fast prediction ([`FlatForest`]): the same
    /// probabilities, to the bit.
    pub fn flat(&self) -> FlatForest {
        FlatForest::new(self)
    }
}

/// The most probable class and its probability.
fn best_of(p: &[f32]) -> (usize, f32) {
    let (best, &pb) = p
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .expect("at least two classes");
    (best, pb)
}

/// A node of a [`FlatForest`]: at a split, `value` is the threshold and the
/// children are `left` (taken when `x[feature] <= value`) and `left + 1`; at
/// a leaf (`left == 0`: no node points back to a root) `value` is the leaf
/// value. 12 bytes, so a walk reads one cache line per node or fewer.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Node {
    value: f32,
    feature: u32,
    left: u32,
}

/// How many rows [`FlatForest::probability_rows`] walks down a tree at once.
pub const LANES: usize = 4;

/// A [`Forest`] laid out for prediction: the nodes of all trees in one
/// array, each tree's two children side by side, no allocation per call.
/// Built once from a checked forest ([`Forest::flat`]); it gives the same
/// margins as the forest to the bit (same comparisons, trees added in the
/// same order).
#[derive(Debug, Clone, PartialEq)]
pub struct FlatForest {
    nodes: Vec<Node>,
    /// Root node and class of each tree, in the forest's order.
    roots: Vec<(u32, u32)>,
    base: Vec<f32>,
    n_features: usize,
}

impl FlatForest {
    fn new(forest: &Forest) -> FlatForest {
        let mut nodes = Vec::new();
        let mut roots = Vec::with_capacity(forest.trees.len());
        for t in &forest.trees {
            let root = nodes.len() as u32;
            roots.push((root, t.class as u32));
            // (node of the tree, slot in `nodes`), breadth first
            let mut queue = std::collections::VecDeque::from([(0usize, root as usize)]);
            nodes.push(Node {
                value: 0.0,
                feature: 0,
                left: 0,
            });
            while let Some((i, slot)) = queue.pop_front() {
                if t.feature[i] < 0 {
                    nodes[slot] = Node {
                        value: t.value[i],
                        feature: 0,
                        left: 0,
                    };
                    continue;
                }
                let left = nodes.len();
                nodes[slot] = Node {
                    value: t.threshold[i],
                    feature: t.feature[i] as u32,
                    left: left as u32,
                };
                nodes.extend([nodes[slot]; 2]);
                queue.push_back((t.left[i] as usize, left));
                queue.push_back((t.right[i] as usize, left + 1));
            }
        }
        FlatForest {
            nodes,
            roots,
            base: forest.base.clone(),
            n_features: forest.features.len(),
        }
    }

    /// The leaf value of the tree rooted at `root` for `x`.
    #[inline]
    fn eval(&self, root: u32, x: &[f32]) -> f32 {
        let mut n = self.nodes[root as usize];
        while n.left != 0 {
            // `<=` and not `>`, so that NaN goes right as in `Tree::eval`
            let left = x[n.feature as usize] <= n.value;
            n = self.nodes[(n.left + u32::from(!left)) as usize];
        }
        n.value
    }

    /// Raw margins of `x` into `out` (one for binary models; `out` must
    /// hold as many).
    pub fn margin_into(&self, x: &[f32], out: &mut [f32]) {
        assert_eq!(x.len(), self.n_features, "a row of the model's features");
        out.copy_from_slice(&self.base);
        for &(root, class) in &self.roots {
            out[class as usize] += self.eval(root, x);
        }
    }

    /// Probability of the positive (second) class of a binary model.
    pub fn probability(&self, x: &[f32]) -> f32 {
        if self.base.len() == 1 {
            let mut m = [0f32];
            self.margin_into(x, &mut m);
            return sigmoid(m[0]);
        }
        let mut m = self.base.clone();
        self.margin_into(x, &mut m);
        sigmoid(m[0])
    }

    /// Probability of the positive class of a binary model for each of
    /// `rows`: [`FlatForest::probability`] of each row, to the bit (each
    /// row's margin adds the trees in the same order), computed for
    /// [`LANES`] rows at a time so that their walks down one tree overlap.
    pub fn probability_rows<R: AsRef<[f32]>>(&self, rows: &[R]) -> Vec<f32> {
        assert_eq!(self.base.len(), 1, "probability_rows of a binary model");
        let mut out = Vec::with_capacity(rows.len());
        let mut chunks = rows.chunks_exact(LANES);
        for chunk in &mut chunks {
            let xs: [&[f32]; LANES] = std::array::from_fn(|j| {
                let x = chunk[j].as_ref();
                assert_eq!(x.len(), self.n_features, "a row of the model's features");
                x
            });
            let mut m = [self.base[0]; LANES];
            for &(root, _) in &self.roots {
                let v = self.eval_lanes(root, &xs);
                for (m, v) in m.iter_mut().zip(v) {
                    *m += v;
                }
            }
            out.extend(m.map(sigmoid));
        }
        out.extend(
            chunks
                .remainder()
                .iter()
                .map(|x| self.probability(x.as_ref())),
        );
        out
    }

    /// The leaf values of the tree rooted at `root` for the rows `xs`, the
    /// walks advanced together (each as [`FlatForest::eval`] walks it).
    #[inline]
    fn eval_lanes(&self, root: u32, xs: &[&[f32]; LANES]) -> [f32; LANES] {
        let mut n = [self.nodes[root as usize]; LANES];
        loop {
            let mut open = false;
            for (n, x) in n.iter_mut().zip(xs) {
                if n.left != 0 {
                    open = true;
                    let left = x[n.feature as usize] <= n.value;
                    *n = self.nodes[(n.left + u32::from(!left)) as usize];
                }
            }
            if !open {
                return n.map(|n| n.value);
            }
        }
    }

    /// Probability of each class.
    pub fn probabilities(&self, x: &[f32]) -> Vec<f32> {
        let mut m = self.base.clone();
        self.margin_into(x, &mut m);
        if m.len() == 1 {
            let p = sigmoid(m[0]);
            return vec![1.0 - p, p];
        }
        softmax(&m)
    }

    /// The most probable class and its probability.
    pub fn classify(&self, x: &[f32]) -> (usize, f32) {
        best_of(&self.probabilities(x))
    }
}

/// `n` feature rows for comparing [`Forest`] and [`FlatForest`] on a real
/// model: each value is one of the forest's thresholds on that feature (so
/// that walks go both ways at every split, and to deep leaves), the float
/// next to it (one step away from zero), a value below or above all of them, or NaN (1 in 50),
/// drawn by a fixed xorshift generator from `seed`.
#[cfg(test)]
pub(crate) fn probe_rows(forest: &Forest, n: usize, seed: u64) -> Vec<Vec<f32>> {
    let nf = forest.features.len();
    let mut cuts: Vec<Vec<f32>> = vec![Vec::new(); nf];
    for t in &forest.trees {
        for (i, &f) in t.feature.iter().enumerate() {
            if f >= 0 {
                cuts[f as usize].push(t.threshold[i]);
            }
        }
    }
    let mut state = seed.max(1);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|_| {
            (0..nf)
                .map(|f| {
                    let c = &cuts[f];
                    let r = next();
                    match (r % 50, c.is_empty()) {
                        (0, _) => f32::NAN,
                        (1..=3, _) | (_, true) => (r >> 8) as f32 / 1e6 - 1000.0,
                        _ => {
                            let v = c[(r >> 8) as usize % c.len()];
                            if r & 64 == 0 {
                                v
                            } else {
                                f32::from_bits(v.to_bits() + 1)
                            }
                        }
                    }
                })
                .collect()
        })
        .collect()
}

/// Asserts that `forest` and its flat layout give the same probabilities,
/// margins and classes to the bit on `rows`.
#[cfg(test)]
pub(crate) fn assert_flat_same(forest: &Forest, rows: &[Vec<f32>]) {
    let flat = forest.flat();
    let bits = |p: Vec<f32>| p.into_iter().map(f32::to_bits).collect::<Vec<_>>();
    for x in rows {
        assert_eq!(
            bits(flat.probabilities(x)),
            bits(forest.probabilities(x)),
            "{x:?}"
        );
        assert_eq!(
            flat.probability(x).to_bits(),
            forest.probability(x).to_bits(),
            "{x:?}"
        );
        assert_eq!(flat.classify(x), forest.classify(x), "{x:?}");
        let mut m = vec![0.0; forest.base.len()];
        flat.margin_into(x, &mut m);
        assert_eq!(bits(m), bits(forest.margin(x)), "{x:?}");
    }
    if forest.base.len() == 1 {
        let one: Vec<f32> = rows.iter().map(|x| forest.probability(x)).collect();
        for n in [0, 1, LANES, LANES + 3, rows.len()] {
            let n = n.min(rows.len());
            assert_eq!(
                bits(flat.probability_rows(&rows[..n])),
                bits(one[..n].to_vec())
            );
        }
    }
}

/// The logistic function.
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Softmax of margins.
pub fn softmax(m: &[f32]) -> Vec<f32> {
    let max = m.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e: Vec<f32> = m.iter().map(|v| (v - max).exp()).collect();
    let s: f32 = e.iter().sum();
    e.into_iter().map(|v| v / s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stump: `x[0] <= 0.5` gives -2, else +2.
    fn stump() -> Tree {
        Tree {
            class: 0,
            feature: vec![0, -1, -1],
            threshold: vec![0.5, 0.0, 0.0],
            left: vec![1, 0, 0],
            right: vec![2, 0, 0],
            value: vec![0.0, -2.0, 2.0],
        }
    }

    fn forest(trees: Vec<Tree>) -> Forest {
        Forest {
            about: String::new(),
            trained: String::new(),
            features: vec!["x".into()],
            classes: vec!["no".into(), "yes".into()],
            base: vec![0.0],
            trees,
        }
    }

    #[test]
    fn a_binary_forest_adds_its_trees_and_applies_a_sigmoid() {
        let f = forest(vec![stump(), stump()]);
        assert_eq!(f.margin(&[0.2]), vec![-4.0]);
        assert!((f.probability(&[0.9]) - sigmoid(4.0)).abs() < 1e-6);
        let p = f.probabilities(&[0.9]);
        assert!((p[0] + p[1] - 1.0).abs() < 1e-6 && p[1] > 0.9);
        assert_eq!(f.classify(&[0.9]).0, 1);
    }

    #[test]
    fn model_files_are_checked_when_loaded() {
        let json = serde_json::to_string(&forest(vec![stump()])).unwrap();
        assert!(Forest::from_json(&json, &["x"]).is_ok());
        let err = Forest::from_json(&json, &["y"]).unwrap_err();
        assert!(matches!(err, ModelError::Features { .. }), "{err}");
        let mut bad = stump();
        bad.left[0] = 0; // a loop back to the root
        let json = serde_json::to_string(&forest(vec![bad])).unwrap();
        assert!(matches!(
            Forest::from_json(&json, &["x"]),
            Err(ModelError::Invalid(_))
        ));
        let mut bad = stump();
        bad.feature[0] = 3;
        let json = serde_json::to_string(&forest(vec![bad])).unwrap();
        assert!(matches!(
            Forest::from_json(&json, &["x"]),
            Err(ModelError::Invalid(_))
        ));
        assert!(matches!(
            Forest::from_json("{", &["x"]),
            Err(ModelError::Json(_))
        ));
    }

    /// A two-level tree over features 0 and 1 adding to `class`, its nodes
    /// listed depth first (the flat layout lists them breadth first).
    fn deeper(class: usize, t0: f32, t1: f32, v: [f32; 3]) -> Tree {
        Tree {
            class,
            feature: vec![0, 1, -1, -1, -1],
            threshold: vec![t0, t1, 0.0, 0.0, 0.0],
            left: vec![1, 2, 0, 0, 0],
            right: vec![4, 3, 0, 0, 0],
            value: vec![0.0, 0.0, v[0], v[1], v[2]],
        }
    }

    #[test]
    fn the_flat_layout_gives_the_same_probabilities_to_the_bit() {
        let binary = Forest {
            features: vec!["x".into(), "y".into()],
            base: vec![0.3],
            trees: vec![
                stump(),
                deeper(0, 0.25, -1.5, [0.125, -0.7, 0.33]),
                deeper(0, 0.6, 2.0, [1e-3, 0.9, -0.41]),
            ],
            ..forest(vec![])
        };
        let multi = Forest {
            classes: vec!["a".into(), "b".into(), "c".into()],
            base: vec![0.1, -0.2, 0.05],
            trees: vec![
                deeper(2, 0.5, 0.5, [0.2, -0.3, 0.7]),
                deeper(0, 0.1, 3.0, [-0.6, 0.25, 0.05]),
                deeper(1, 0.9, -0.5, [0.4, 0.45, -0.2]),
            ],
            ..binary.clone()
        };
        let xs = [-2.0, -1.5, 0.0, 0.25, 0.5, 0.6, 0.9, 2.0, 3.5, f32::NAN];
        for f in [&binary, &multi] {
            let flat = f.flat();
            for &a in &xs {
                for &b in &xs {
                    let x = [a, b];
                    let bits = |p: Vec<f32>| p.into_iter().map(f32::to_bits).collect::<Vec<_>>();
                    assert_eq!(bits(flat.probabilities(&x)), bits(f.probabilities(&x)));
                    assert_eq!(flat.probability(&x).to_bits(), f.probability(&x).to_bits());
                    assert_eq!(flat.classify(&x), f.classify(&x));
                    let mut m = vec![0.0; f.base.len()];
                    flat.margin_into(&x, &mut m);
                    assert_eq!(bits(m), bits(f.margin(&x)));
                }
            }
        }
        let rows: Vec<[f32; 2]> = xs.iter().flat_map(|&a| xs.map(|b| [a, b])).collect();
        let one: Vec<u32> = rows
            .iter()
            .map(|x| binary.probability(x).to_bits())
            .collect();
        let many = binary.flat().probability_rows(&rows);
        assert_eq!(many.into_iter().map(f32::to_bits).collect::<Vec<_>>(), one);
        let p = binary.flat().probability(&[0.2, 0.0]);
        assert!((p - sigmoid(0.3 - 2.0 - 0.7 + 1e-3)).abs() < 1e-6, "{p}");
    }

    /// The embedded page-type model: its flat layout gives the forest's
    /// probabilities to the bit, and the page type the extractor takes
    /// (through the flat layout) is the loaded model's, on 400 rows drawn
    /// around its thresholds (fixed seed).
    #[test]
    fn the_flat_page_type_model_gives_the_forests_probabilities_to_the_bit() {
        use crate::extract::html::page_type;
        let m = page_type::load(page_type::PAGE_TYPE_MODEL_JSON).unwrap();
        let rows = probe_rows(&m.forest, 400, 11);
        assert_flat_same(&m.forest, &rows);
        for x in &rows {
            assert_eq!(page_type::classify(x), m.classify(x), "{x:?}");
        }
    }

    #[test]
    fn softmax_is_a_distribution() {
        let p = softmax(&[1.0, 2.0, 3.0]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(p[2] > p[1] && p[1] > p[0]);
    }
}
