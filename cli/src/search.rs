//! `polsearch search`: run a query, print ranked hits and facet counts. Also
//! holds the filter and listing options that `similar` shares.

use std::path::{Path, PathBuf};

use polsearch::index::{self, IndexConfig};
use polsearch::search::{Engine, Filters, SearchRequest, Sort};

use super::output::{self, ColorChoice, Format};
use super::{DataArgs, EXIT_NO_HITS, EXIT_OK};

/// The query language, shown by `polsearch search --help`.
pub const QUERY_HELP: &str = "\
Query language:
  wagner sahel               both words (AND is the default)
  wagner OR prigozhin        either word; AND binds tighter than OR
  sahel -france              '-' or NOT excludes, '+' requires
  (mali OR niger) AND coup   grouping
  \"security assistance\"      phrase; \"troops withdraw\"~3 allows 3 words between
  refug*                     prefix: refugee, refugees, refugium…
  refuge~1                   fuzzy: within 1 edit (~2 for two; ~ alone means ~1)
  title:wagner               fields: title subtitle body author caption site kind
  author:\"jane doe\"          phrases and (groups) work inside fields
  site:crisisgroup.org       site and kind are matched whole, case-insensitive
  page_type:listing          a page type (listings and collections are left out otherwise)
  region:africa country:mali topic:\"war & conflict\"
  date:2023-11               a year, month or day
  date:[2023-01 TO 2023-06]  inclusive range; {…} excludes the ends, * is open
  date:>=2024-02             also >, <, <=
  coup^2 sahel               boost a word, a phrase or a (group)
  *                          every article (use with filters)

Examples:
  polsearch search 'wagner AND (mali OR \"central african republic\")' --since 2023
  polsearch search 'refug* -ukraine' --region Africa --sort date --limit 20
  polsearch search '*' --site crisisgroup --kind analysis --json

Exit status: 0 with hits, 1 with none, 2 on error (a bad query names the column).";

/// Which articles may appear (shared by `search` and `similar`).
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Only this region or Region/Country (repeatable, any of): Africa, "Latin America", Africa/Mali, mali
    #[arg(long, value_name = "REGION")]
    pub region: Vec<String>,
    /// Only this country (repeatable, any of): Mali
    #[arg(long, value_name = "COUNTRY")]
    pub country: Vec<String>,
    /// Only this topic (repeatable, any of): "War & Conflict"
    #[arg(long, value_name = "TOPIC")]
    pub topic: Vec<String>,
    /// Only this site (repeatable): the whole name or a dot-separated part (crisisgroup)
    #[arg(long, value_name = "SITE")]
    pub site: Vec<String>,
    /// Only articles by this author (repeatable): a name or part of it
    #[arg(long, value_name = "NAME")]
    pub author: Vec<String>,
    /// Only this content kind (repeatable): analysis, opinion, report…
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<String>,
    /// Published on or after: 2023, 2023-11 or 2023-11-14
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Published on or before (the whole month for 2023-11)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only this page type (repeatable, any of): article, listing, collection,
    /// forum, product, documentation, service. Without it, listing and
    /// collection pages (teaser grids) are left out.
    #[arg(long, value_name = "TYPE")]
    pub page_type: Vec<String>,
    /// Search every page type, listings and collections included.
    #[arg(long, conflicts_with = "page_type")]
    pub all_types: bool,
}

impl FilterArgs {
    /// The library's filters.
    pub fn to_filters(&self) -> Filters {
        Filters {
            regions: self.region.clone(),
            countries: self.country.clone(),
            topics: self.topic.clone(),
            sites: self.site.clone(),
            authors: self.author.clone(),
            kinds: self.kind.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            page_types: self.page_type.clone(),
            all_page_types: self.all_types,
        }
    }
}

/// Order of the hits.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
}

/// How many hits, in which order, printed how (shared by `search` and `similar`).
#[derive(Debug, Clone, clap::Args)]
pub struct ListArgs {
    /// Number of hits to show (0: only the counts)
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Number of hits to skip (paging)
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Order of the hits
    #[arg(long, value_enum, default_value = "relevance")]
    pub sort: SortArg,
    /// Print one JSON object: {total, hits, facets}
    #[arg(long, conflicts_with = "jsonl")]
    pub json: bool,
    /// Print one JSON object per hit, one per line
    #[arg(long)]
    pub jsonl: bool,
    /// Colour the highlights: auto (a terminal without NO_COLOR), always, never
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    pub color: ColorChoice,
}

impl ListArgs {
    /// The library's sort order.
    pub fn sort(&self) -> Sort {
        match self.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        }
    }

    /// The output format.
    pub fn format(&self) -> Format {
        if self.json {
            Format::Json
        } else if self.jsonl {
            Format::Jsonl
        } else {
            Format::Human(self.color.enabled())
        }
    }
}

/// Arguments of `polsearch search`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = QUERY_HELP)]
pub struct SearchArgs {
    /// The query: words, "phrases", AND/OR/NOT, prefix*, fuzzy~1, field:value, date ranges (see --help)
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    /// Index folder; built from `corpus/` on first use when missing
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// Filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Listing and output.
    #[command(flatten)]
    pub list: ListArgs,
    /// Rules and taxonomy used when the index is built on first use.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Opens the index at `dir`, building it from `corpus/` first when it is missing.
pub fn open_or_build(dir: &Path, data: &DataArgs) -> anyhow::Result<Engine> {
    if !index::exists(dir) {
        eprintln!(
            "polsearch: no index at {}; building it from corpus/",
            dir.display()
        );
        let (rules, classifier) = data.load()?;
        let mut config = IndexConfig::new(vec![PathBuf::from("corpus")], dir.to_path_buf());
        config.rules = rules;
        config.classifier = classifier;
        super::index::build_with_progress(&config)?;
    }
    Ok(Engine::open(dir)?)
}

/// Runs `polsearch search`.
pub fn run(args: SearchArgs) -> anyhow::Result<u8> {
    let engine = open_or_build(&args.index, &args.data)?;
    let request = SearchRequest {
        query: args.query,
        regions: Vec::new(),
        topics: Vec::new(),
        limit: args.list.limit,
        offset: args.list.offset,
        sort: args.list.sort(),
        filters: args.filters.to_filters(),
    };
    let results = engine.search(&request)?;
    output::print(&results, args.list.format(), args.list.offset)?;
    Ok(if results.total == 0 {
        EXIT_NO_HITS
    } else {
        EXIT_OK
    })
}
