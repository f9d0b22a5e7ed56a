//! `polsearch similar PATH|URL`: the indexed articles most like a given one.

use std::path::{Path, PathBuf};

use polsearch::search::{SimilarRequest, SimilarTarget};

use super::output;
use super::search::{open_or_build, FilterArgs, ListArgs};
use super::{DataArgs, EXIT_NO_HITS, EXIT_OK};

/// Arguments of `polsearch similar`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
The article is looked up by its indexed path, a trailing part of it (file name),
or its URL. A page file that is not in the index is extracted on the fly.

Examples:
  polsearch similar corpus/wagner-mali.html
  polsearch similar https://example.org/analysis/wagner-in-mali --since 2023 --json
  polsearch similar new-page.html --region Africa --limit 5")]
pub struct SimilarArgs {
    /// The article: indexed path (or its file name), URL, or a page file
    pub target: String,
    /// Index folder [default: index, built from `corpus/` on first use when missing]
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Listing and output.
    #[command(flatten)]
    pub list: ListArgs,
    /// List and count every copy of a reprinted or re-scraped article (by
    /// default copies are one hit and one count, "also at: site, site")
    #[arg(long)]
    pub no_collapse: bool,
    /// Rules and taxonomy (for a page file that is not indexed).
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch similar`.
pub fn run(args: SimilarArgs) -> anyhow::Result<u8> {
    let engine = open_or_build(args.index.as_deref(), &args.data)?;
    let target = if engine.find(&args.target)?.is_some() {
        SimilarTarget::Indexed(args.target.clone())
    } else if Path::new(&args.target).is_file() {
        let (rules, classifier) = args.data.load()?;
        let article = polsearch::index::process_page(Path::new(&args.target), &rules, &classifier)?;
        SimilarTarget::Article(Box::new(article))
    } else {
        anyhow::bail!(
            "{}: not in the index {} and not a page file",
            args.target,
            args.index
                .as_deref()
                .unwrap_or(Path::new(super::search::DEFAULT_INDEX))
                .display()
        );
    };
    let request = SimilarRequest {
        target,
        filters: args.filters.to_filters(),
        limit: args.list.limit,
        offset: args.list.offset,
        sort: args.list.sort(),
        collapse: !args.no_collapse,
    };
    let results = engine.similar(&request)?;
    output::print(&results, args.list.format(), args.list.offset)?;
    Ok(if results.total == 0 {
        EXIT_NO_HITS
    } else {
        EXIT_OK
    })
}
