//! The learned main-content model: two gradient-boosted forests over block
//! features ([`super::blocks`]), trained by `polsearch-tools train-blocks` on
//! the tuning split of the wcxb-dev pool and shipped as data
//! (`block_model.json`), parsed once. The first forest scores each block from
//! its own features; the second re-scores it beside the first forest's scores
//! of its neighbours, its container and its page, so that a short paragraph
//! inside the article is kept with it and a lone good-looking teaser among
//! boilerplate is not.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::blocks::{
    Hybrid, PageBlocks, SmoothRows, Thresholds, TokenWeights, BLOCK_FEATURES, SMOOTH_FEATURES,
};
#[cfg(test)]
use super::rules::BodyExtractor;
use crate::extract::PageType;
use crate::model::{FlatForest, Forest, ModelError};

/// The model file as written by the training command.
#[derive(Debug, Serialize, Deserialize)]
pub struct BlockModelFile {
    /// What the model is and how it was trained, for people.
    pub about: String,
    /// The first-stage forest (over [`BLOCK_FEATURES`]).
    pub blocks: serde_json::Value,
    /// The second-stage forest (over [`SMOOTH_FEATURES`]).
    pub smooth: serde_json::Value,
    /// Class/id token weights (log-odds of main content), in order.
    pub tokens: std::collections::BTreeMap<String, f32>,
    /// A block is kept when its second-stage probability reaches these.
    pub threshold: Thresholds,
    /// The thresholds of pages of one type (the page-type model's name,
    /// `"product"`), where they differ from [`BlockModelFile::threshold`]:
    /// teaser grids and product cards scatter their text, an article holds
    /// it in one run, so the best cut differs by type (chosen on the tuning
    /// split by `train-blocks`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub by_type: std::collections::BTreeMap<String, Thresholds>,
    /// The model's second opinion on the rules' blocks of article pages
    /// (absent: the rules' body is used as it is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hybrid: Option<Hybrid>,
}

/// The loaded model.
pub struct BlockModel {
    /// First stage.
    pub blocks: Forest,
    /// Second stage.
    pub smooth: Forest,
    /// Class/id token weights.
    pub tokens: TokenWeights,
    /// Keep thresholds on the second-stage probability.
    pub threshold: Thresholds,
    /// The thresholds by page type, where they differ from `threshold`.
    pub by_type: [Thresholds; PageType::ALL.len()],
    /// The second opinion on the rules' blocks of article pages.
    pub hybrid: Option<Hybrid>,
    /// `blocks` and `smooth` laid out for prediction.
    flat: (FlatForest, FlatForest),
}

/// The embedded model file.
pub const BLOCK_MODEL_JSON: &str = include_str!("block_model.json");

static MODEL: LazyLock<BlockModel> = LazyLock::new(|| {
    BlockModel::from_json(BLOCK_MODEL_JSON).expect("the embedded block_model.json is valid")
});

impl BlockModel {
    /// Parses a model file and checks both forests against the features the
    /// code computes.
    pub fn from_json(text: &str) -> Result<BlockModel, ModelError> {
        let f: BlockModelFile = serde_json::from_str(text)?;
        let mut by_type = [f.threshold; PageType::ALL.len()];
        for (name, t) in &f.by_type {
            let k = PageType::ALL
                .iter()
                .position(|p| p.name() == name)
                .ok_or_else(|| ModelError::Invalid(format!("unknown page type {name:?}")))?;
            by_type[k] = *t;
        }
        let blocks = Forest::from_json(&f.blocks.to_string(), BLOCK_FEATURES)?;
        let smooth = Forest::from_json(&f.smooth.to_string(), SMOOTH_FEATURES)?;
        Ok(BlockModel {
            flat: (blocks.flat(), smooth.flat()),
            blocks,
            smooth,
            tokens: f.tokens.into_iter().collect(),
            threshold: f.threshold,
            by_type,
            hybrid: f.hybrid,
        })
    }

    /// The keep thresholds of a page of type `page_type`.
    pub fn thresholds(&self, page_type: PageType) -> Thresholds {
        PageType::ALL
            .iter()
            .position(|&p| p == page_type)
            .map_or(self.threshold, |k| self.by_type[k])
    }

    /// The embedded model, parsed on first use.
    pub fn embedded() -> &'static BlockModel {
        &MODEL
    }

    /// First-stage probabilities of a page's blocks.
    pub fn first_stage(&self, page: &PageBlocks) -> Vec<f32> {
        self.flat.0.probability_rows(&page.rows)
    }

    /// Final probabilities of a page's blocks.
    pub fn predict(&self, page: &PageBlocks) -> Vec<f32> {
        let p1 = self.first_stage(page);
        let rows = SmoothRows::new(page, &p1);
        let rows: Vec<_> = (0..p1.len()).map(|k| rows.row(k)).collect();
        self.flat.1.probability_rows(&rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_loads_and_matches_the_features() {
        let m = BlockModel::embedded();
        assert_eq!(m.blocks.features, BLOCK_FEATURES);
        assert_eq!(m.smooth.features, SMOOTH_FEATURES);
        assert!(!m.blocks.trees.is_empty() && !m.smooth.trees.is_empty());
        assert!(m.threshold.inside > 0.0 && m.threshold.outside >= m.threshold.inside);
        assert!(!m.tokens.is_empty());
        let f: BlockModelFile = serde_json::from_str(BLOCK_MODEL_JSON).unwrap();
        assert!(f.about.contains("tuning split"), "{}", f.about);
    }

    #[test]
    fn the_flat_forests_score_real_rows_as_the_forests_do() {
        let m = BlockModel::embedded();
        let paras: String = (0..6)
            .map(|k| format!("<p>Paragraph {k} of the story, with words, commas and an end.</p>"))
            .collect();
        let html = format!(
            "<html><body><nav><a href=/>Home</a> <a href=/w>World</a></nav><div class=story>\
             <h1>Talks</h1>{paras}<ul class=related><li><a href=/a>A teaser</a></li></ul></div>\
             <footer>Contact us</footer></body></html>"
        );
        let rules = crate::extract::Rules::default().html;
        let (page, _) = super::super::training_blocks(&html, &rules, &m.tokens);
        assert!(page.rows.len() > 5);
        for (seed, f) in [(3, &m.blocks), (5, &m.smooth)] {
            crate::model::assert_flat_same(f, &crate::model::probe_rows(f, 400, seed));
        }
        // the page's rows and the same rows scaled, to reach other leaves
        for scale in [1.0f32, 0.0, -1.0, 0.5, 3.0, 40.0] {
            for r in &page.rows {
                let r: Vec<f32> = r.iter().map(|v| v * scale).collect();
                let (a, b) = (m.blocks.probability(&r), m.flat.0.probability(&r));
                assert_eq!(a.to_bits(), b.to_bits(), "scale {scale}");
            }
        }
        let p1: Vec<f32> = page.rows.iter().map(|r| m.blocks.probability(r)).collect();
        let p: Vec<f32> = (0..p1.len())
            .map(|k| {
                m.smooth
                    .probability(&super::super::blocks::smooth_row(&page, &p1, k))
            })
            .collect();
        assert_eq!(m.predict(&page), p);
    }

    #[test]
    fn a_model_with_other_features_is_refused() {
        let mut f: serde_json::Value = serde_json::from_str(BLOCK_MODEL_JSON).unwrap();
        f["blocks"]["features"][0] = "something_else".into();
        let err = BlockModel::from_json(&f.to_string())
            .err()
            .expect("refused");
        assert!(matches!(err, ModelError::Features { .. }), "{err}");
    }

    #[test]
    fn the_article_is_kept_and_the_teasers_around_it_are_not() {
        let para = "The ministers met in the capital on Tuesday, and after long talks, they \
                    agreed to extend the ceasefire, to open two crossings, and to exchange \
                    prisoners before the end of the month.";
        let paras: String = (0..5).map(|_| format!("<p>{para}</p>")).collect();
        let teasers: String = (0..8)
            .map(|k| format!("<li><a href=/s{k}>Penguin story number {k}</a></li>"))
            .collect();
        let html = format!(
            "<html><body><div class=menu><ul>{teasers}</ul></div><main><article>\
             <h1>Truce holds</h1>{paras}</article></main><div class=more><ul>{teasers}</ul>\
             </div></body></html>"
        );
        let mut rules = crate::extract::Rules::default().html;
        for body in [
            BodyExtractor::Model,
            BodyExtractor::Rules,
            BodyExtractor::Auto,
        ] {
            rules.body = body;
            let a = super::super::extract(&html, &rules);
            assert_eq!(
                a.body.matches("extend the ceasefire").count(),
                5,
                "{body:?}: {}",
                a.body
            );
            assert!(!a.body.contains("Penguin"), "{body:?}: {}", a.body);
        }
    }
}
