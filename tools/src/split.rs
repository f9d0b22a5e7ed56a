//! The project's one data split: every labelled page belongs to the tuning
//! part or to the validation part by its domain, so that no site is seen on
//! both sides. A domain goes to validation when
//! `int(sha1("polsearch-split-v1:" + domain.lower()), 16) % 100 < 30`, else to
//! tuning (the lead's rule, the same in every tool and test).
//!
//! The domain of a page: for wcxb-dev the `domain` column of `pages.tsv`; for
//! `corpus/real` the site folder's name; for extraction-dev the host of the
//! page's URL without `www.` ([`domain_of_url`]).

use serde::Serialize;

/// The salt of the split hash.
pub const SEED: &str = "polsearch-split-v1:";
/// Domains whose hash falls below this percentage go to validation.
pub const VALIDATION_PERCENT: u32 = 30;

/// A part of the split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// Pages to tune and train on.
    Tuning,
    /// Pages only measured on.
    Validation,
}

impl Split {
    /// The part `domain` belongs to (compared in lower case; callers strip
    /// `www.` where the rule says so).
    pub fn of(domain: &str) -> Split {
        part(domain)
    }

    /// `tuning` or `validation`.
    pub fn name(self) -> &'static str {
        match self {
            Split::Tuning => "tuning",
            Split::Validation => "validation",
        }
    }

    /// `"tune"` or `"valid"`, as in the gold folder names (`wcxb-tune`).
    pub fn suffix(self) -> &'static str {
        match self {
            Split::Tuning => "tune",
            Split::Validation => "valid",
        }
    }
}

/// The part a domain belongs to.
fn part(domain: &str) -> Split {
    let mut h = sha1_smol::Sha1::new();
    h.update(SEED.as_bytes());
    h.update(domain.to_lowercase().as_bytes());
    // The hash as a big-endian integer, reduced mod 100 byte by byte.
    let rem = h
        .digest()
        .bytes()
        .iter()
        .fold(0u32, |r, &b| (r * 256 + u32::from(b)) % 100);
    if rem < VALIDATION_PERCENT {
        Split::Validation
    } else {
        Split::Tuning
    }
}

/// The salt of the cross-validation fold hash (a second hash beside the
/// split's, so that folds do not follow the tuning / validation cut).
pub const FOLD_SEED: &str = "polsearch-fold-v1:";

/// The cross-validation fold (`0..folds`) of a domain:
/// `int(sha1("polsearch-fold-v1:" + domain.lower()), 16) % folds`, so that a
/// site's pages share one fold. The one fold rule of the training commands
/// (`train-facets`, `train-page-types`).
pub fn fold_of(domain: &str, folds: usize) -> usize {
    let mut h = sha1_smol::Sha1::new();
    h.update(FOLD_SEED.as_bytes());
    h.update(domain.to_lowercase().as_bytes());
    h.digest()
        .bytes()
        .iter()
        .fold(0usize, |r, &b| (r * 256 + usize::from(b)) % folds.max(1))
}

/// The host of a URL, lowercase, without `www.` and port.
pub fn domain_of_url(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_matches_the_python_rule() {
        // int(sha1(b"polsearch-split-v1:" + d).hexdigest(), 16) % 100, by Python:
        // scratchculinary.com 12, tastewise.io 24, example.org 86, reuters.com 72,
        // bbc.co.uk 2.
        for (d, p) in [
            ("scratchculinary.com", Split::Validation),
            ("Tastewise.IO", Split::Validation),
            ("example.org", Split::Tuning),
            ("reuters.com", Split::Tuning),
            ("bbc.co.uk", Split::Validation),
        ] {
            assert_eq!(Split::of(d), p, "{d}");
        }
    }

    #[test]
    fn folds_are_the_big_endian_hash_modulo_the_fold_count() {
        // int(sha1(b"polsearch-fold-v1:" + d).hexdigest(), 16) % n, by Python:
        for (d, n, f) in [("example.org", 5, 4), ("reuters.com", 3, 0)] {
            assert_eq!(fold_of(d, n), f, "{d} {n}");
        }
        assert_eq!(fold_of("Example.ORG", 5), fold_of("example.org", 5));
        let used: std::collections::HashSet<usize> =
            (0..50).map(|i| fold_of(&format!("d{i}.org"), 5)).collect();
        assert_eq!(used.len(), 5);
    }

    #[test]
    fn url_domains() {
        assert_eq!(
            domain_of_url("https://www.Example.org:8080/a?b").as_deref(),
            Some("example.org")
        );
        assert_eq!(domain_of_url("no url"), None);
    }
}
