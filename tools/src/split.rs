//! The project's tuning / validation split (the lead's rule, kept across the
//! project): a domain goes to VALIDATION when
//! `int(sha1("polsearch-split-v1:" + domain.lower()).hexdigest(), 16) % 100 < 30`,
//! else to TUNING. Everything tuned (weights, thresholds, features) is tuned on
//! the tuning part only; the validation part is only reported.

use serde::Serialize;

/// Which part of a data set a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// Pages models and thresholds are tuned on.
    Tuning,
    /// Pages never looked at while tuning.
    Validation,
}

impl Split {
    /// The part `domain` belongs to (compared in lower case, `www.` kept as
    /// given: callers strip it where the rule says so).
    pub fn of(domain: &str) -> Split {
        let key = format!("polsearch-split-v1:{}", domain.to_lowercase());
        let digest = sha1_smol::Sha1::from(key.as_bytes()).digest().bytes();
        // The 160-bit number mod 100, one byte at a time.
        let rest = digest
            .iter()
            .fold(0u32, |r, &b| (r * 256 + u32::from(b)) % 100);
        if rest < 30 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_matches_the_python_rule() {
        // int(hashlib.sha1(b"polsearch-split-v1:" + d).hexdigest(), 16) % 100, by python3:
        // bbc.com 21, aljazeera.com 28, apnews.com 65, cbc.ca 31
        let cases = [
            ("bbc.com", Split::Validation),
            ("aljazeera.com", Split::Validation),
            ("apnews.com", Split::Tuning),
            ("cbc.ca", Split::Tuning),
        ];
        for (d, want) in cases {
            assert_eq!(Split::of(d), want, "{d}");
        }
        assert_eq!(Split::of("BBC.com"), Split::of("bbc.com"));
    }
}
