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

/// Which articles may appear (shared by `search`, `similar` and saved searches).
#[derive(Debug, Clone, Default, clap::Args, serde::Serialize, serde::Deserialize)]
#[serde(default)]
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
    /// Only articles in this language (repeatable, any of): an ISO 639-1
    /// code (fr, zh) or a name (French)
    #[arg(long, value_name = "LANG")]
    pub lang: Vec<String>,
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
            langs: self.lang.clone(),
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
    #[arg(long, conflicts_with_all = ["csv", "tsv"])]
    pub jsonl: bool,
    /// Print the hits as CSV with a header row (title, date, site, authors,
    /// region, country, topic, url, path, score; several values joined by "; ")
    #[arg(long, conflicts_with_all = ["json", "tsv"])]
    pub csv: bool,
    /// Print the hits as tab-separated values, same columns as --csv
    #[arg(long, conflicts_with = "json")]
    pub tsv: bool,
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
        } else if self.csv {
            Format::Table(b',')
        } else if self.tsv {
            Format::Table(b'\t')
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
    /// Index folder [default: index, built from `corpus/` on first use when missing]
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Listing and output.
    #[command(flatten)]
    pub list: ListArgs,
    /// Also chart the matching articles per period (year, month, week, day; month when
    /// given alone); with --json, adds a `timeline` object
    #[arg(long, value_enum, value_name = "PERIOD", num_args = 0..=1, default_missing_value = "month")]
    pub timeline: Option<super::timeline::TimelineArg>,
    /// List every copy of a reprinted or re-scraped article as a hit of its own
    /// (by default copies are one hit, "also at: site, site")
    #[arg(long)]
    pub no_collapse: bool,
    /// Rules and taxonomy used when the index is built on first use.
    #[command(flatten)]
    pub data: DataArgs,
}

/// The hits of the last search, kept in the index folder for `show -n K`.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct LastSearch {
    /// The query.
    pub query: String,
    /// The listed hits: (number as printed, path).
    pub hits: Vec<(usize, String)>,
}

/// File name of [`LastSearch`] inside the index folder.
pub const LAST_SEARCH: &str = "last-search.json";

/// Records the listed hits of a search (best effort: a read-only index folder
/// only loses `show -n`). Written to a temporary file, then renamed over the
/// old one, so a reader never sees half a file.
pub fn save_last(index: &Path, last: &LastSearch) {
    let tmp = index.join(format!("{LAST_SEARCH}.tmp"));
    let ok = serde_json::to_vec(last)
        .ok()
        .and_then(|bytes| std::fs::write(&tmp, bytes).ok())
        .and_then(|()| std::fs::rename(&tmp, index.join(LAST_SEARCH)).ok());
    if ok.is_none() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// The index folder used when `--index` is not given.
pub const DEFAULT_INDEX: &str = "index";

/// Opens the index given by `--index`. Only the default folder (no `--index`)
/// is built from `corpus/` when it is missing: a folder named on the command
/// line that holds no index is an error, so that a typo (`--index idnex`)
/// does not silently build a second index.
pub fn open_or_build(dir: Option<&Path>, data: &DataArgs) -> anyhow::Result<Engine> {
    let Some(dir) = dir else {
        let dir = Path::new(DEFAULT_INDEX);
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
        return Ok(Engine::open(dir)?);
    };
    if !index::exists(dir) {
        anyhow::bail!(
            "no index at {} (build one with `polsearch index PATH… --index {}`)",
            dir.display(),
            dir.display()
        );
    }
    Ok(Engine::open(dir)?)
}

/// Prints the results and their timeline: inside the JSON object as
/// `timeline`, or as a chart after the hits; JSON Lines and tables are only the hits.
fn print_with_timeline(
    results: &polsearch::search::SearchResults,
    timeline: &polsearch::search::Timeline,
    format: Format,
    offset: usize,
) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let mut value = serde_json::to_value(results)?;
            value["timeline"] = serde_json::to_value(timeline)?;
            serde_json::to_writer(&mut out, &value).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Jsonl | Format::Table(_) => {
            drop(out);
            output::print(results, format, offset)?;
        }
        Format::Human(color) => {
            drop(out);
            output::print(results, format, offset)?;
            let mut out = std::io::stdout().lock();
            writeln!(out)?;
            super::timeline::print_chart(&mut out, timeline, color)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Runs `polsearch search`.
pub fn run(args: SearchArgs) -> anyhow::Result<u8> {
    let engine = open_or_build(args.index.as_deref(), &args.data)?;
    let request = SearchRequest {
        query: args.query,
        regions: Vec::new(),
        topics: Vec::new(),
        limit: args.list.limit,
        offset: args.list.offset,
        sort: args.list.sort(),
        filters: args.filters.to_filters(),
        collapse: !args.no_collapse,
    };
    let results = engine.search(&request)?;
    let last = LastSearch {
        query: request.query.clone(),
        hits: (results.hits.iter().enumerate())
            .map(|(i, h)| (args.list.offset + i + 1, h.path.clone()))
            .collect(),
    };
    let dir = args.index.as_deref().unwrap_or(Path::new(DEFAULT_INDEX));
    save_last(dir, &last);
    let format = args.list.format();
    match args.timeline {
        None => output::print(&results, format, args.list.offset)?,
        Some(period) => {
            let timeline = engine.timeline(&request, period.granularity())?;
            print_with_timeline(&results, &timeline, format, args.list.offset)?;
        }
    }
    Ok(if results.total == 0 {
        EXIT_NO_HITS
    } else {
        EXIT_OK
    })
}
