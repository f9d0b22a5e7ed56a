//! polsearch's integration tests: one binary, one module per feature.

mod util;

mod cli;
mod corpus;
mod facets;
mod eval;
mod extract_html;
mod hostile;
mod index;
mod json;
mod search;
