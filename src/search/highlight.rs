//! What the highlighter looks for: each positive term of a query becomes a
//! [`Matcher`] that the snippet maker ([`super::snippet`]) finds again in a
//! hit's text. The query compiler and `similar` make them; snippets use them.

use super::distance::edit_distance;

/// How a term of the query is found again in a text, for highlighting.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// The analyzed token equals this term.
    Exact(String),
    /// The analyzed (or merely normalised) token starts with this.
    Prefix(String),
    /// The analyzed token is within this edit distance of the term.
    Fuzzy(String, u8),
    /// A phrase: its analyzed terms with their positions in the phrase, and
    /// the slop (word moves allowed). Highlighted only where the whole phrase
    /// occurs, as one range; a lone word of it is not a match.
    Phrase(Vec<(usize, String)>, u32),
}

impl Matcher {
    /// True when this prefix or fuzzy matcher accepts the analyzed `token` of a
    /// text; always false for an exact term (those are looked up as they are).
    pub fn expands_to(&self, token: &str) -> bool {
        match self {
            Matcher::Exact(_) | Matcher::Phrase(..) => false,
            Matcher::Prefix(p) => token.starts_with(p.as_str()),
            Matcher::Fuzzy(term, d) => edit_distance(token, term) <= *d as usize,
        }
    }
}
