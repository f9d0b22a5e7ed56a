//! The learned body classifier of text scrapes: two gradient-boosted forests
//! (`model/lines.json`, `model/context.json`, trained by `polsearch-tools
//! train-text` on the tuning split) embedded in the binary and parsed once.
//! The first gives each line a probability of being main content from its
//! own features ([`super::lines::line_rows`]); the second re-reads each line
//! with the probabilities around it ([`super::lines::context_rows`]), so that
//! the decision follows the article's shape rather than one line's looks.

use std::sync::LazyLock;

use super::lines::{self, Analysis, CONTEXT_FEATURES, LINE_FEATURES, N_CONTEXT, N_LINE};
use super::Role;
use crate::model::Forest;

/// The two stages.
struct Models {
    lines: Forest,
    context: Forest,
}

/// Parsed on first use; the files are part of the binary and checked by a
/// unit test, so a failure here is a build defect, not bad input.
static MODELS: LazyLock<Models> = LazyLock::new(|| Models {
    lines: Forest::from_json(include_str!("model/lines.json"), LINE_FEATURES)
        .expect("embedded model/lines.json"),
    context: Forest::from_json(include_str!("model/context.json"), CONTEXT_FEATURES)
        .expect("embedded model/context.json"),
});

/// Probability from which a line is body. Chosen on the tuning split: from
/// 0.5 to 0.6 the article pages keep their F1 (0.927) and leak 5.1% of their
/// boilerplate snippets instead of 6.8% (all page types: F1 0.824 → 0.812).
const THRESHOLD: f32 = 0.6;

/// Which lines are the body. Lines the rules name as boilerplate (drop
/// patterns, teaser ends, the teaser card above a teaser end) and captions
/// (kept apart) never are: the rule-based body never keeps a teaser card
/// either, and the model, which sees the role as one feature among many,
/// kept the first paragraph of a card that reads like the article's prose
/// (the seed page's Mexico teaser). Tuning split unchanged (article F1 0.929,
/// leak 5.3 %).
pub(super) fn body_lines(a: &Analysis) -> Vec<bool> {
    let m = &*MODELS;
    let rows = lines::line_rows(a);
    let p1: Vec<f32> = rows
        .chunks(N_LINE)
        .map(|r| m.lines.probability(r))
        .collect();
    let ctx = lines::context_rows(&rows, &p1);
    ctx.chunks(N_CONTEXT)
        .zip(a.roles)
        .map(|(r, role)| {
            !matches!(
                role,
                Role::Drop | Role::TeaserEnd | Role::Teaser | Role::Caption
            ) && m.context.probability(r) >= THRESHOLD
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_models_load() {
        assert_eq!(MODELS.lines.features.len(), N_LINE);
        assert_eq!(MODELS.context.features.len(), N_CONTEXT);
        assert!(!MODELS.lines.trees.is_empty() && !MODELS.context.trees.is_empty());
    }
}
