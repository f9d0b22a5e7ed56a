//! `polsearch search`: run a query, print ranked hits and facet counts.

use std::path::PathBuf;

use polsearch::index::{self, IndexConfig};
use polsearch::search::{self, SearchRequest};

use super::{output, DataArgs, EXIT_NO_HITS, EXIT_OK};

/// Arguments of `polsearch search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", AND/OR/NOT, field:value.
    pub query: String,
    /// Index folder; built from `corpus/` on first use when missing.
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// Only articles in this region (repeatable): Africa, "Latin America", Africa/Mali…
    #[arg(long, value_name = "REGION")]
    pub region: Vec<String>,
    /// Only articles with this topic (repeatable).
    #[arg(long, value_name = "TOPIC")]
    pub topic: Vec<String>,
    /// Number of hits to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Rules and taxonomy used when the index is built on first use.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch search`.
pub fn run(args: SearchArgs) -> anyhow::Result<u8> {
    if !index::exists(&args.index) {
        eprintln!("polsearch: no index at {}; building it from corpus/", args.index.display());
        let (rules, classifier) = args.data.load()?;
        let mut config = IndexConfig::new(vec![PathBuf::from("corpus")], args.index.clone());
        config.rules = rules;
        config.classifier = classifier;
        super::index::build_with_progress(&config)?;
    }
    let request = SearchRequest { query: args.query, regions: args.region, topics: args.topic, limit: args.limit };
    let results = search::search(&args.index, &request)?;
    if args.json {
        output::print_json(&results)?;
    } else {
        output::print_human(&results)?;
    }
    Ok(if results.total == 0 { EXIT_NO_HITS } else { EXIT_OK })
}
