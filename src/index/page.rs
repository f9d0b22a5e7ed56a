//! The per-page pipeline, one for every caller (the indexer's workers,
//! `similar` on a page file, the benches): extract → check → classify, on a
//! page already read. A page that is not an article is an error that names
//! it, never a panic: a panic in the extractor or the classifier is caught and
//! becomes [`Error::Skipped`], and so does a page whose body comes out empty.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use super::timing::{PageTimes, StageClock, WallClock};
use crate::corpus::SourcePage;
use crate::error::{Error, Result};
use crate::extract::{self, Article, Rules};
use crate::facets::Classifier;

/// Reason given for pages whose extracted body is empty.
const NO_TEXT: &str = "no article text (only navigation or boilerplate)";

/// Reads, extracts and classifies the page at `path` (see [`process_source`]).
pub fn process_page(path: &Path, rules: &Rules, classifier: &Classifier) -> Result<Article> {
    process_source(&SourcePage::read(path)?, rules, classifier)
}

/// Extracts and classifies a page already in memory. Errors: the extractor's
/// own ([`Error::Parse`], [`Error::Skipped`]), or [`Error::Skipped`] when the
/// body is empty or the extractor or classifier panicked on the page.
pub fn process_source(
    page: &SourcePage,
    rules: &Rules,
    classifier: &Classifier,
) -> Result<Article> {
    process_timed(
        page,
        rules,
        classifier,
        &WallClock,
        &mut PageTimes::default(),
    )
}

/// [`process_source`], adding the time spent extracting and classifying, by
/// `clock`, to `t`.
pub(crate) fn process_timed(
    page: &SourcePage,
    rules: &Rules,
    classifier: &Classifier,
    clock: &dyn StageClock,
    t: &mut PageTimes,
) -> Result<Article> {
    let skipped = |reason: String| Error::Skipped {
        path: page.path.clone(),
        reason,
    };
    let start = clock.now();
    let extracted = catch_unwind(AssertUnwindSafe(|| extract::extract(page, rules)));
    t.extract += clock.now() - start;
    let mut article = extracted.map_err(|panic| skipped(panic_reason("extractor", &panic)))??;
    if article.body.trim().is_empty() {
        return Err(skipped(NO_TEXT.into()));
    }
    let start = clock.now();
    let classified = catch_unwind(AssertUnwindSafe(|| classifier.classify(&mut article)));
    t.classify += clock.now() - start;
    classified.map_err(|panic| skipped(panic_reason("classifier", &panic)))?;
    Ok(article)
}

fn panic_reason(stage: &str, panic: &(dyn std::any::Any + Send)) -> String {
    let msg = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("{stage} crashed on this page: {msg}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> SourcePage {
        SourcePage::from_bytes("p.txt", text.as_bytes().to_vec())
    }

    #[test]
    fn an_article_is_extracted_and_classified() {
        let a = process_source(
            &page("Title\n\nTitle\n\nAnalysis | Africa\n\nOfficials in Bamako met on Monday."),
            &Rules::default(),
            &Classifier::default(),
        )
        .unwrap();
        assert_eq!(a.title, "Title");
        assert_eq!(a.region, ["Africa"]);
    }

    #[test]
    fn a_page_without_article_text_is_skipped() {
        let nav = SourcePage::from_bytes(
            "nav.html",
            b"<html><head><title>Menu</title></head><body><nav><a href=/>Home</a></nav></body></html>"
                .to_vec(),
        );
        match process_source(&nav, &Rules::default(), &Classifier::default()) {
            Err(Error::Skipped { path, reason }) => {
                assert_eq!(path, Path::new("nav.html"));
                assert_eq!(reason, NO_TEXT);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn panics_are_skips_naming_the_stage() {
        let panic: Box<dyn std::any::Any + Send> = Box::new("index out of bounds");
        assert_eq!(
            panic_reason("extractor", &*panic),
            "extractor crashed on this page: index out of bounds"
        );
        let panic: Box<dyn std::any::Any + Send> = Box::new(String::from("boom"));
        assert_eq!(
            panic_reason("classifier", &*panic),
            "classifier crashed on this page: boom"
        );
    }
}
