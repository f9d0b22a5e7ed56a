//! The library's error type: every variant names what it is about (a file, the
//! index, the query) so that the CLI can print one line with the file and the
//! reason. A variant that carries a `source` says what failed and leaves the
//! cause to the error chain (`std::error::Error::source`), so that printing the
//! chain (as the CLI does, joined by `: `) shows each cause once.

use std::path::PathBuf;

use crate::schema::FacetKind;

/// Errors returned at the library boundary.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// A page was read but could not be turned into an article.
    #[error("{}: {reason}", path.display())]
    Parse {
        /// The page.
        path: PathBuf,
        /// Why it was rejected, in a few words.
        reason: String,
    },
    /// A page was deliberately not indexed (too large, binary, empty…).
    #[error("{}: skipped: {reason}", path.display())]
    Skipped {
        /// The page.
        path: PathBuf,
        /// Why it was skipped.
        reason: String,
    },
    /// The tantivy index could not be opened, written or read.
    #[error("index {}", path.display())]
    Index {
        /// The index folder.
        path: PathBuf,
        /// The underlying tantivy error.
        source: tantivy::TantivyError,
    },
    /// The index folder could not be opened as a directory of index files.
    #[error("index {}: cannot open", path.display())]
    IndexDir {
        /// The index folder.
        path: PathBuf,
        /// Why tantivy could not open it.
        source: tantivy::directory::error::OpenDirectoryError,
    },
    /// A folder holds no index.
    #[error(
        "{}: no index there (build one with `polsearch index PATH… --index {}`)",
        path.display(),
        path.display()
    )]
    NoIndex {
        /// The folder.
        path: PathBuf,
    },
    /// The index was opened without a tokenizer that its schema needs.
    #[error("index {}: analyzer {name} missing", path.display())]
    Tokenizer {
        /// The index folder.
        path: PathBuf,
        /// The tokenizer's name.
        name: String,
    },
    /// The index was built by another version of polsearch (its fields differ).
    #[error("index {}: built by another version of polsearch; `polsearch index` rebuilds it", path.display())]
    OldSchema {
        /// The index folder.
        path: PathBuf,
    },
    /// Another process holds the index writer lock.
    #[error("index {}: another `polsearch index` is writing to it; wait for it to finish", path.display())]
    Locked {
        /// The index folder.
        path: PathBuf,
    },
    /// A worker thread could not be started.
    #[error("cannot start a worker thread")]
    Thread {
        /// Why the operating system refused.
        source: std::io::Error,
    },
    /// The user's query could not be parsed.
    #[error("query: {0}")]
    Query(QueryError),
    /// A command-line option has a value that cannot be used (`--since
    /// yesterday`).
    #[error("{option}: {reason}")]
    Option {
        /// The option, as the user writes it (`--since`).
        option: String,
        /// What is wrong with its value.
        reason: String,
    },
    /// A region, country or topic filter that names no facet of the index
    /// (the message says which, with a suggestion when there is one).
    #[error("{0}")]
    Facet(QueryError),
    /// A page given by path or URL is not in the index.
    #[error("'{key}' is not in the index (give an indexed path, URL or a page file)")]
    NotIndexed {
        /// The path or URL as given.
        key: String,
    },
    /// A page given by part of its path matches several indexed pages.
    #[error(
        "'{key}' matches {} indexed pages ({}, …); give more of the path",
        matches.len(),
        matches.iter().take(2).map(String::as_str).collect::<Vec<_>>().join(", ")
    )]
    AmbiguousPage {
        /// The part of a path as given.
        key: String,
        /// The indexed pages it matches.
        matches: Vec<String>,
    },
    /// An article has too few distinctive words to look for similar ones.
    #[error("the article has too little text to find similar ones")]
    TooLittleText,
    /// A folder holds none of the files a command reads.
    #[error("{}: no {what}", path.display())]
    NoInput {
        /// The folder.
        path: PathBuf,
        /// What was looked for (`Reuters-21578 .sgm files`).
        what: String,
    },
    /// A configuration or data file (rules, taxonomy) is invalid.
    #[error("{}: {reason}", path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Builds an [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Builds an [`Error::Config`] for a TOML file whose `text` does not
    /// deserialize: the parser's message, after the line it points at.
    pub(crate) fn toml(path: &std::path::Path, text: &str, e: &toml::de::Error) -> Self {
        let reason = match e.span() {
            Some(span) => {
                let line = text.as_bytes()[..span.start.min(text.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                format!("line {}: {}", line + 1, e.message())
            }
            None => e.message().to_string(),
        };
        Error::Config {
            path: path.to_path_buf(),
            reason,
        }
    }

    /// Builds an [`Error::Index`] for the index at `path`.
    pub fn index(path: impl Into<PathBuf>, source: tantivy::TantivyError) -> Self {
        Error::Index {
            path: path.into(),
            source,
        }
    }
}

/// A query of the query language (or a filter value: a date, a region…) that
/// cannot be understood: what is wrong and, in a query, where. Printed as one
/// line: `unclosed '"' at column 8 of 'wagner "mali'`.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryError {
    /// What is wrong.
    pub kind: QueryErrorKind,
    /// Column of the problem in [`QueryError::query`] (1-based, in
    /// characters), when it has one.
    pub column: Option<usize>,
    /// The query the column refers to (empty when the error is not about a
    /// query's text).
    pub query: String,
}

impl QueryError {
    /// An error of `kind` at `column` of a query.
    pub fn at(kind: QueryErrorKind, column: usize) -> QueryError {
        QueryError {
            column: Some(column),
            ..QueryError::from(kind)
        }
    }

    /// This error at `column`, unless it already has a column.
    pub fn or_at(mut self, column: usize) -> QueryError {
        self.column.get_or_insert(column);
        self
    }

    /// This error, its column referring to the query `text`.
    pub fn in_query(mut self, text: &str) -> QueryError {
        self.query = text.to_string();
        self
    }
}

impl From<QueryErrorKind> for QueryError {
    fn from(kind: QueryErrorKind) -> QueryError {
        QueryError {
            kind,
            column: None,
            query: String::new(),
        }
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.column {
            Some(column) => write!(f, "{} at column {column} of '{}'", self.kind, self.query),
            None => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for QueryError {}

/// What is wrong with a query: one variant per message (README, "Query
/// language → Errors").
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryErrorKind {
    /// No words at all.
    #[error("the query is empty; give some words, or '*' with filters to list every article")]
    Empty,
    /// Only punctuation, or words the analyzer drops (the query is given).
    #[error("nothing to search for in '{0}' (no words left after analysis)")]
    NothingToSearch(String),
    /// Only stop words such as `the` (the query is given).
    #[error("'{0}' has only very common words that match almost every article; add a more specific word or use a \"phrase\"")]
    OnlyCommonWords(String),
    /// `title: x`: a space after a field name.
    #[error("nothing after the field name (write title:word without a space)")]
    SpaceAfterField,
    /// `title:` at the end of the query or before `)`.
    #[error("nothing after the field name")]
    NothingAfterField,
    /// `color:red`: a field the query language does not know.
    #[error("unknown field '{0}:' (fields: title, subtitle, body, author, caption, site, kind, date, region, country, topic)")]
    UnknownField(String),
    /// `title:(body:x)`: a field scope inside another.
    #[error("field '{0}:' inside another field scope")]
    NestedField(String),
    /// A `"` without its closing `"`.
    #[error("unclosed '\"'")]
    UnclosedQuote,
    /// Something other than `~N`, `^B` or `*` right after a phrase.
    #[error("unexpected '{0}' after a phrase")]
    AfterPhrase(String),
    /// A `(` without its `)`.
    #[error("unclosed '('")]
    UnclosedParen,
    /// A `)` without its `(`.
    #[error("unmatched ')'")]
    UnmatchedParen,
    /// Input left over after a complete query.
    #[error("unexpected input")]
    UnexpectedInput,
    /// `a OR` or `OR b`.
    #[error("OR needs something on both sides")]
    OrWithoutOperand,
    /// `AND b` or `a AND`.
    #[error("AND needs something on both sides")]
    AndWithoutOperand,
    /// `--a`, `NOT -a`.
    #[error("double negation")]
    DoubleNegation,
    /// Where a word, a phrase or a group must come.
    #[error("expected a word, a \"phrase\" or a ( group )")]
    ExpectedTerm,
    /// An operator at the end of the query.
    #[error("expected a word after the operator")]
    ExpectedWordAfterOperator,
    /// `AND`/`OR` where a word must come.
    #[error("operator without a word before it")]
    OperatorWithoutWordBefore,
    /// `NOT`/`+` where a word must come.
    #[error("operator without a word after it")]
    OperatorWithoutWordAfter,
    /// A `^B` that belongs to no group.
    #[error("boost without a group")]
    BoostWithoutGroup,
    /// `^x`: a boost that is not a number.
    #[error("bad boost '^{0}' (use a number like ^2)")]
    BadBoost(String),
    /// A boost that is negative or not finite.
    #[error("bad boost '^{0}'")]
    BoostOutOfRange(String),
    /// `~x`: a slop or distance that is not a number.
    #[error("bad '~{0}' (use ~1 or ~2)")]
    BadTilde(String),
    /// `word~3`: more edits than fuzzy matching allows.
    #[error("fuzzy distance ~{0} is too large (use ~1 or ~2)")]
    FuzzyTooFar(u32),
    /// `al-shabaab~`: fuzzy on a word the analyzer splits into several.
    #[error("fuzzy '~' works on single words, not '{0}'")]
    FuzzyPhrase(String),
    /// `word*~`.
    #[error("a word cannot be both a prefix (*) and fuzzy (~)")]
    PrefixAndFuzzy,
    /// `*agner`, `wag*er`: a wildcard elsewhere than at the end.
    #[error("'*' goes at the end of a word (refug*); '{0}' has it elsewhere")]
    MisplacedWildcard(String),
    /// `r*`: a prefix shorter than the minimum.
    #[error("prefix '{prefix}*' is too short (give at least {min} letters)")]
    PrefixTooShort {
        /// The prefix as normalised.
        prefix: String,
        /// The minimum number of letters.
        min: usize,
    },
    /// `title:*`: the match-everything `*` in a field.
    #[error("'*' alone stands for every article and takes no field")]
    StarInField,
    /// A `[`/`{` range without its closing bracket (the opening one is given).
    #[error("unclosed '{0}' (write [2023-01 TO 2023-06])")]
    UnclosedRange(char),
    /// A range that is not `[A TO B]` (the range as written is given).
    #[error("bad range '{0}' (write [2023-01 TO 2023-06])")]
    BadRange(String),
    /// A range without the word `TO` (the range as written is given).
    #[error("bad range '{0}' (the word TO is missing)")]
    RangeWithoutTo(String),
    /// A range on another field than `date:`.
    #[error("ranges work on dates only (date:[2023-01 TO 2023-06])")]
    RangeOutsideDate,
    /// A date that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (or no such day).
    #[error("bad date '{0}' (use YYYY, YYYY-MM or YYYY-MM-DD)")]
    BadDate(String),
    /// `date:2023*`.
    #[error("dates take no * or ~ (write date:2023 or date:[2023-01 TO 2023-06])")]
    DateModifiers,
    /// `region:afr*`.
    #[error("{}: takes a name, not * or ~", .0.name())]
    FacetModifiers(FacetKind),
    /// An empty region, country or topic name.
    #[error("empty {} name", .0.name())]
    EmptyFacetName(FacetKind),
    /// A region, country or topic that neither the index nor its taxonomy knows.
    #[error("unknown {} '{name}'{} (`polsearch facets` lists them)", .kind.name(), did_you_mean(.suggestion))]
    UnknownFacet {
        /// Region, country or topic.
        kind: FacetKind,
        /// The name as given (trimmed).
        name: String,
        /// The closest known name, when one is close.
        suggestion: Option<String>,
    },
    /// A wildcard pattern tantivy could not compile (its message).
    #[error("{0}")]
    Pattern(String),
    /// `page_type:x` with a name that is no page type.
    #[error("unknown page type '{0}' (article, listing, collection, forum, product, documentation, service)")]
    UnknownPageType(String),
    /// `lang:x` or `--lang x` with a name that is no language polsearch identifies.
    #[error("unknown language '{name}'{} (give an ISO 639-1 code such as fr, or a name such as French)", did_you_mean(.suggestion))]
    UnknownLang {
        /// The name as given (trimmed).
        name: String,
        /// The closest known code or name, when one is close.
        suggestion: Option<String>,
    },
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!("; did you mean '{s}'?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_is_left_to_the_chain() {
        let e = Error::io("a.html", std::io::Error::other("gone"));
        assert_eq!(e.to_string(), "a.html");
        let cause = std::error::Error::source(&e).map(ToString::to_string);
        assert_eq!(cause.as_deref(), Some("gone"));
    }

    #[test]
    fn an_ambiguous_page_names_two_matches() {
        let e = Error::AmbiguousPage {
            key: "mali".into(),
            matches: vec![
                "a/mali.html".into(),
                "b/mali.html".into(),
                "c/mali.txt".into(),
            ],
        };
        assert_eq!(
            e.to_string(),
            "'mali' matches 3 indexed pages (a/mali.html, b/mali.html, …); give more of the path"
        );
    }
}
