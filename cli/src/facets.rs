//! `polsearch facets`: every region, country and topic with its number of
//! articles (copies of one article counted once, unless `--no-collapse`).

use std::io::Write;
use std::path::PathBuf;

use polsearch::search::Engine;

use super::EXIT_OK;

/// Arguments of `polsearch facets`.
#[derive(Debug, clap::Args)]
pub struct FacetsArgs {
    /// Index folder
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// Print one JSON object: {documents, articles, copies_counted, region, country, topic, page_type, lang}
    #[arg(long)]
    pub json: bool,
    /// Count every copy of a reprinted or re-scraped article (by default the
    /// copies of one article count once)
    #[arg(long)]
    pub no_collapse: bool,
}

/// Runs `polsearch facets`.
pub fn run(args: FacetsArgs) -> anyhow::Result<u8> {
    let engine = Engine::open(&args.index)?;
    let listing = engine.facet_listing(args.no_collapse)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &listing)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    let clean = |s: &str| polsearch::terminal::sanitize(s, false);
    if listing.copies_counted {
        writeln!(out, "{} documents (every copy counted)", listing.documents)?;
    } else {
        writeln!(
            out,
            "{} documents, {} articles (copies of one article counted once)",
            listing.documents, listing.articles
        )?;
    }
    let stats = engine.stats()?;
    match (&stats.first_date, &stats.last_date) {
        (Some(a), Some(b)) => writeln!(out, "dates {a} to {b} ({} undated)", stats.undated)?,
        _ => writeln!(out, "dates none ({} undated)", stats.undated)?,
    }
    writeln!(out, "\nregions and countries:")?;
    for (region, n) in &listing.region {
        writeln!(out, "  {n:>6}  {}", clean(region))?;
        let prefix = format!("{region}/");
        for (path, n) in listing
            .country
            .iter()
            .filter(|(p, _)| p.starts_with(&prefix))
        {
            writeln!(out, "  {n:>6}    {}", clean(&path[prefix.len()..]))?;
        }
    }
    writeln!(out, "\ntopics:")?;
    for (topic, n) in &listing.topic {
        writeln!(out, "  {n:>6}  {}", clean(topic))?;
    }
    writeln!(out, "\npage types:")?;
    for (t, n) in &listing.page_type {
        writeln!(out, "  {n:>6}  {t}")?;
    }
    writeln!(out, "\nlanguages:")?;
    for (l, n) in &listing.lang {
        writeln!(out, "  {n:>6}  {}", clean(l))?;
    }
    Ok(EXIT_OK)
}
