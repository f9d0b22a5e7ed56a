//! polsearch's integration tests: one binary, one module per feature.

mod util;

mod bench;
mod cli;
mod corpus;
mod eval;
mod export;
mod extract_html;
mod extract_text;
mod facets;
mod hostile;
mod index;
mod json;
mod lang;
mod metadata;
mod modules;
mod page_types;
mod pdf;
mod read;
mod relevance;
mod search;
mod seed;
mod serve;
