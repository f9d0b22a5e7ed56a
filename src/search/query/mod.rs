//! polsearch's query language: a small hand-written parser so that every form
//! analysts need works and every mistake is reported with its column. Three
//! stages: `lex` (text → tokens with columns), `parse` (tokens → a query tree
//! that knows nothing of the index) and `compile` (tree → tantivy queries,
//! using the index's fields, analyzers, facets and terms).
//!
//! | form | meaning |
//! | --- | --- |
//! | `wagner sahel` | both words (AND is the default) |
//! | `a OR b`, `a AND b`, `NOT a`, `+a`, `-a`, `( … )` | boolean logic; AND binds tighter than OR |
//! | `"security assistance"`, `"troops withdraw"~3` | phrase, phrase with slop |
//! | `refug*`, `"west afr"*` | prefix of a word, phrase whose last word is a prefix |
//! | `refuge~1`, `sahel~` | fuzzy word (edit distance 0–2, default 1) |
//! | `title:`, `subtitle:`, `body:`, `author:`, `caption:`, `site:`, `kind:` | field scopes |
//! | `region:Africa`, `country:Mali`, `topic:"War & Conflict"` | facet scopes |
//! | `date:2023-11`, `date:[2023-01 TO 2023-06]`, `date:>=2024` | dates and ranges |
//! | `term^2`, `(a b)^0.5` | boosts |
//! | `*` | every article (use with filters) |

mod compile;
mod lex;
mod parse;

pub use compile::{
    compile, date_range, default_fields, lang_query, Compiled, Context, LangSearch, MAX_EXPANSIONS,
    MIN_PREFIX_CHARS, STOP_WORDS,
};
