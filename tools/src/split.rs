//! The project's one rule for splitting labelled data into a tuning part and
//! a validation part, by site: a domain goes to validation when
//! `int(sha1("polsearch-split-v1:" + domain.lower()), 16) % 100 < 30`, else to
//! tuning. Every page of a site falls on the same side, so a figure on the
//! validation part is one on sites never looked at while tuning.
//!
//! Which domain a page has depends on the set: the `domain` column of
//! wcxb-dev's `pages.tsv`, the site folder name in `corpus/real`, the host of
//! the page URL (without `www.`) for extraction-dev ([`domain_of_url`]).

use serde::Serialize;

/// The seed the split hashes before the domain.
pub const SEED: &str = "polsearch-split-v1:";

/// Share of domains (out of 100) that go to validation.
pub const VALIDATION_PERCENT: u32 = 30;

/// Which part of the labelled data a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// Pages to tune on (look at their errors freely).
    Tuning,
    /// Pages to report on, never looked at while tuning.
    Validation,
}

impl Split {
    /// The split of a domain (compared lowercase).
    pub fn of(domain: &str) -> Split {
        if bucket(domain) < VALIDATION_PERCENT {
            Split::Validation
        } else {
            Split::Tuning
        }
    }

    /// `tuning` or `validation`.
    pub fn name(self) -> &'static str {
        match self {
            Split::Tuning => "tuning",
            Split::Validation => "validation",
        }
    }
}

/// The domain's bucket, 0–99: the SHA-1 of the seeded, lowercased domain
/// read as a big-endian integer, mod 100.
pub fn bucket(domain: &str) -> u32 {
    let digest = sha1_smol::Sha1::from(format!("{SEED}{}", domain.to_lowercase())).digest();
    digest
        .bytes()
        .iter()
        .fold(0u32, |acc, &b| (acc * 256 + u32::from(b)) % 100)
}

/// The domain of a page URL for the split: its host, lowercase, without `www.`.
pub fn domain_of_url(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values of the Python rule (`gold_sets.py`), computed there.
    #[test]
    fn agrees_with_the_python_rule() {
        for (domain, b) in [("linkedin.com", 90), ("npr.org", 99), ("bbc.com", 21)] {
            assert_eq!(bucket(domain), b, "{domain}");
        }
        assert_eq!(Split::of("bbc.com"), Split::Validation);
        assert_eq!(Split::of("npr.org"), Split::Tuning);
        assert_eq!(Split::of("NPR.org"), Split::of("npr.org"));
    }

    #[test]
    fn urls_give_their_host() {
        assert_eq!(
            domain_of_url("https://www.NPR.org:443/a?b").as_deref(),
            Some("npr.org")
        );
        assert_eq!(domain_of_url("npr.org/a"), None);
    }
}
