//! The embedded facet models are what `polsearch-tools train-facets` makes
//! from today's code and data: a change to the extraction, the features, the
//! rules or the taxonomy that moves the training rows fails here until the
//! models are retrained, instead of shipping models fitted to other features.

use polsearch_tools::train_facets::{train, Options};

#[test]
fn embedded_facet_models_are_what_training_makes_today() {
    let Some(shared) = polsearch_tools::shared::dir() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    train(&shared, out.path(), &Options::default()).unwrap();
    let embedded = polsearch_tools::shared::repository().join("src/facets/data");
    let stale: Vec<&str> = ["region", "country", "topic"]
        .into_iter()
        .filter(|m| {
            let file = format!("{m}-model.json");
            let made = std::fs::read(out.path().join(&file)).unwrap();
            std::fs::read(embedded.join(&file)).unwrap() != made
        })
        .collect();
    assert!(
        stale.is_empty(),
        "the embedded {stale:?} model(s) differ from what training makes from today's code; \
         retrain with: cargo run --release -p polsearch-tools -- train-facets"
    );
}
