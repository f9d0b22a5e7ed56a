//! `polsearch-tools train-facets`: trains the region, country and topic
//! models of `polsearch::facets` and writes them where the library embeds
//! them (`src/facets/data/*-model.json`).

use std::io::Write;
use std::path::PathBuf;

use polsearch_tools::train_facets::{self, Options};

/// Arguments of `polsearch-tools train-facets`.
#[derive(Debug, clap::Args)]
pub struct TrainFacetsArgs {
    /// The shared evaluation material (`../shared`): facets-dev, the BBC
    /// folders, Reuters-21578 and the gazetteer CSV.
    #[arg(long, value_name = "DIR")]
    pub shared: Option<PathBuf>,
    /// Where to write the three model files [default: the library's
    /// `src/facets/data`].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Weight of a BBC story (a facets-dev page weighs 1).
    #[arg(long)]
    pub bbc_weight: Option<f32>,
    /// Weight of a Reuters story.
    #[arg(long)]
    pub reuters_weight: Option<f32>,
    /// Weight of a BBC sport or entertainment story (no topic).
    #[arg(long)]
    pub no_topic_weight: Option<f32>,
    /// Weight of a facets-dev page's copy without labels and URL (topic
    /// model only; 0 leaves the copies out).
    #[arg(long)]
    pub bare_weight: Option<f32>,
    /// Boosting rounds.
    #[arg(long)]
    pub rounds: Option<usize>,
    /// Depth of a tree.
    #[arg(long)]
    pub max_depth: Option<usize>,
    /// A page feature the region and country models are trained not to read
    /// (repeatable; `page_proper_per_100` makes copies of a story with other
    /// credit lines get the same places).
    #[arg(long, value_name = "FEATURE")]
    pub place_unread: Vec<String>,
    /// Only learn the domestic vocabulary table (`domestic-terms.tsv`, see
    /// `polsearch_tools::domestic`) into the output folder, and stop: rebuild,
    /// then train the models on it.
    #[arg(long)]
    pub domestic_terms: bool,
}

/// Runs `polsearch-tools train-facets`.
pub fn run(args: TrainFacetsArgs) -> anyhow::Result<()> {
    let repo = polsearch_tools::shared::repository();
    let shared = match args.shared {
        Some(d) => d,
        None => polsearch_tools::shared::dir()
            .ok_or_else(|| anyhow::anyhow!("../shared is missing; give --shared DIR"))?,
    };
    let out = args.out.unwrap_or_else(|| repo.join("src/facets/data"));
    if args.domestic_terms {
        let c = polsearch::facets::Classifier::default();
        let (text, words) = polsearch_tools::domestic::table(&shared, &c)?;
        let path = out.join("domestic-terms.tsv");
        std::fs::write(&path, text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let mut w = std::io::stdout().lock();
        writeln!(w, "wrote {} ({} words)", path.display(), words.len())?;
        for (word, ratio) in words {
            writeln!(w, "  {word:<20} {ratio:.0}")?;
        }
        return Ok(());
    }
    let d = Options::default();
    let o = Options {
        bbc_weight: args.bbc_weight.unwrap_or(d.bbc_weight),
        reuters_weight: args.reuters_weight.unwrap_or(d.reuters_weight),
        no_topic_weight: args.no_topic_weight.unwrap_or(d.no_topic_weight),
        bare_weight: args.bare_weight.unwrap_or(d.bare_weight),
        rounds: args.rounds.unwrap_or(d.rounds),
        max_depth: args.max_depth.unwrap_or(d.max_depth),
        place_unread: args.place_unread,
        ..d
    };
    let t = train_facets::train(&shared, &out, &o)?;
    let (cv, trained) = (&t.cv, &t.trained);
    let mut w = std::io::stdout().lock();
    writeln!(
        w,
        "wrote {}/{{region,country,topic}}-model.json",
        out.display()
    )?;
    writeln!(w, "{trained}")?;
    writeln!(
        w,
        "thresholds (recorded in the model files): region {:.2}, country {:.2}, topic {:.2} (dominance {:.2}, own {:?})",
        cv.region_threshold,
        cv.country_threshold,
        cv.topic_threshold,
        t.settings.topic_dominance.unwrap_or_default(),
        t.settings.topic_thresholds
    )?;
    writeln!(w, "{}", serde_json::to_string(cv)?)?;
    writeln!(
        w,
        "facets-dev tuning pages (models out of fold at the taxonomy's thresholds, rules as they are):\n\
         places  topics  region_threshold  news-region P/R  no-place P/R   countries P/R  topics P/R     BBC politics  Reuters region/country P/R"
    )?;
    let pr = |p: &polsearch_tools::facets::Prf| format!("{:.3}/{:.3}", p.precision, p.recall);
    for (places, topics, v) in &t.methods {
        writeln!(
            w,
            "{places:<7} {topics:<7} {:<17.2} {:<15}  {:<13}  {:<13}  {:<13}  {:<12.3}  {} {}",
            v.region_threshold,
            pr(&v.news_region),
            pr(&v.no_place),
            pr(&v.country),
            pr(&v.topic),
            v.bbc_politics,
            pr(&v.reuters_region),
            pr(&v.reuters_country)
        )?;
    }
    Ok(())
}
