//! `polsearch-tools eval-facets`: region/country precision and recall on Reuters-21578
//! `<PLACES>`, on the hand-labelled pages of facets-dev (tuning and validation
//! parts), the BBC folders' tags, and topic/region agreement with the fundus
//! expected parses' tags.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use polsearch_tools::bbc::{self, CategoryReport};
use polsearch_tools::facets::{self, FundusInput, FundusReport, Prf, ReutersPart, ReutersReport};
use polsearch_tools::facets_dev::{self, DevReport, Scores};
use polsearch_tools::places::PlaceMap;

use super::DataArgs;

/// Arguments of `polsearch-tools eval-facets`.
#[derive(Debug, clap::Args)]
pub struct EvalFacetsArgs {
    /// The Reuters-21578 folder (`reut2-*.sgm`); its `TEST` split is never read.
    pub reuters: Option<PathBuf>,
    /// Which Reuters stories to read.
    #[arg(long, value_enum, default_value = "all")]
    pub part: ReutersPart,
    /// Gazetteer CSV mapping Reuters place codes to regions
    /// [default: REUTERS/../../../data/country-region-gazetteer.csv].
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
    /// Leave out each story's dateline (`TOKYO, March 3 -`), which is otherwise
    /// fed as the body's first words, as on a news page.
    #[arg(long)]
    pub no_dateline: bool,
    /// Also report topic agreement over `DIR/**/fundus-*.expected.json`.
    #[arg(long, value_name = "DIR")]
    pub fundus: Option<PathBuf>,
    /// Also score the hand-labelled pages of `SHARED/data/facets-dev`.
    #[arg(long, value_name = "SHARED")]
    pub dev: Option<PathBuf>,
    /// Also count the tags of the BBC folders (`DIR/politics/*.txt`…).
    #[arg(long, value_name = "DIR")]
    pub bbc: Option<PathBuf>,
    /// Error kinds and misses to list per report (text output).
    #[arg(long, default_value_t = 12)]
    pub errors: usize,
    /// Print the reports as JSON.
    #[arg(long)]
    pub json: bool,
    /// With `--dev`: print, for every facets-dev TUNING page with a wrong or
    /// missed topic, the keyword evidence of each topic (for error analysis;
    /// validation pages are never listed).
    #[arg(long)]
    pub topic_evidence: bool,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch-tools eval-facets`.
pub fn run(args: EvalFacetsArgs) -> anyhow::Result<()> {
    let (rules, classifier) = args.data.load()?;
    let reuters = match &args.reuters {
        Some(dir) => {
            let gazetteer = args
                .gazetteer
                .clone()
                .unwrap_or_else(|| dir.join("../../../data/country-region-gazetteer.csv"));
            let places = PlaceMap::load(&gazetteer)
                .with_context(|| "reading the gazetteer (use --gazetteer FILE)")?;
            Some(facets::eval_reuters(
                dir,
                &places,
                &classifier,
                !args.no_dateline,
                args.part,
            )?)
        }
        None => None,
    };
    if let (true, Some(shared)) = (args.topic_evidence, &args.dev) {
        let mut out = std::io::stdout().lock();
        return facets_dev::print_topic_evidence(&mut out, shared, &rules, &classifier);
    }
    let dev = match &args.dev {
        Some(shared) => Some(facets_dev::eval_dev(shared, &rules, &classifier)?),
        None => None,
    };
    let bbc = match &args.bbc {
        Some(dir) => Some(bbc::eval_bbc(&bbc::read_bbc(dir)?, &classifier)),
        None => None,
    };
    let mut fundus = Vec::new();
    if let Some(dir) = &args.fundus {
        for input in FundusInput::ALL {
            fundus.push(facets::eval_fundus(dir, &classifier, &rules, input)?);
        }
    }
    if args.json {
        let value =
            serde_json::json!({ "reuters": reuters, "dev": dev, "bbc": bbc, "fundus": fundus });
        writeln!(
            std::io::stdout().lock(),
            "{}",
            serde_json::to_string_pretty(&value)?
        )?;
    } else {
        let mut out = std::io::stdout().lock();
        if let Some(r) = &reuters {
            print_reuters(&mut out, r)?;
        }
        if let Some(d) = &dev {
            print_dev(&mut out, d, args.errors)?;
        }
        if let Some(b) = &bbc {
            print_bbc(&mut out, b, args.errors)?;
        }
        for f in &fundus {
            print_fundus(&mut out, f)?;
        }
    }
    Ok(())
}

fn prf(p: &Prf) -> String {
    format!(
        "precision {:.3}  recall {:.3}  (tp {} fp {} fn {})",
        p.precision, p.recall, p.tp, p.fp, p.fn_
    )
}

fn print_reuters(out: &mut impl Write, r: &ReutersReport) -> std::io::Result<()> {
    writeln!(
        out,
        "Reuters-21578 ({:?} part): {} stories with a body and a mapped place{}",
        r.part,
        r.stories,
        if r.with_dateline {
            " (dateline fed)"
        } else {
            ""
        }
    )?;
    writeln!(out, "  region   {}", prf(&r.region))?;
    writeln!(out, "  country  {}", prf(&r.country))?;
    for (name, p) in &r.per_region {
        writeln!(out, "    {name:<14} {}", prf(p))?;
    }
    writeln!(out, "  main errors:")?;
    for e in &r.errors {
        writeln!(out, "    {:>5}  {}", e.count, e.kind)?;
    }
    let list = |v: &[(String, usize)]| {
        v.iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(
        out,
        "  most missed countries:   {}",
        list(&r.missed_countries)
    )?;
    writeln!(
        out,
        "  most spurious countries: {}",
        list(&r.spurious_countries)
    )?;
    if !r.unmapped_places.is_empty() {
        writeln!(
            out,
            "  unmapped place codes: {}",
            r.unmapped_places.join(", ")
        )?;
    }
    writeln!(
        out,
        "  speed: {:.0} stories/s classified (one thread); peer in the same run, lowercasing + word count: \
         {:.0} stories/s (ratio {:.3})",
        r.stories_per_sec,
        r.peer_lowercase_words_per_sec,
        r.stories_per_sec / r.peer_lowercase_words_per_sec.max(1e-9)
    )?;
    Ok(())
}

fn print_fundus(out: &mut impl Write, f: &FundusReport) -> std::io::Result<()> {
    writeln!(out, "\nfundus tags, input = {}: {} pages", f.input, f.docs)?;
    writeln!(
        out,
        "  topics: {} pages with mapped tags; {} agree on at least one topic; {}",
        f.docs_with_gold_topics,
        f.topic_any_agreement,
        prf(&f.topic)
    )?;
    writeln!(
        out,
        "  regions: {} pages with mapped tags; {}",
        f.docs_with_gold_regions,
        prf(&f.region)
    )?;
    Ok(())
}

fn print_scores(out: &mut impl Write, s: &Scores) -> std::io::Result<()> {
    writeln!(
        out,
        "    {} pages ({} about places, {} about none); region exact {:.3}",
        s.pages,
        s.news_pages,
        s.pages - s.news_pages,
        s.region_exact
    )?;
    writeln!(out, "    region, news pages   {}", prf(&s.news_region))?;
    writeln!(out, "    no region, no-place  {}", prf(&s.no_place))?;
    writeln!(out, "    region, all pages    {}", prf(&s.region))?;
    writeln!(out, "    countries            {}", prf(&s.country))?;
    writeln!(out, "    topics               {}", prf(&s.topic))?;
    Ok(())
}

fn print_dev(out: &mut impl Write, d: &DevReport, n: usize) -> std::io::Result<()> {
    writeln!(out, "\nfacets-dev (hand-labelled pages, split by domain):")?;
    for (split, subset, s) in &d.scores {
        writeln!(out, "  {} / {subset}:", split.name())?;
        print_scores(out, s)?;
    }
    for (split, errors) in &d.errors {
        writeln!(out, "  error kinds, {}:", split.name())?;
        for e in errors.iter().take(n) {
            writeln!(out, "    {:>4}  {}", e.count, e.kind)?;
        }
    }
    Ok(())
}

fn print_bbc(out: &mut impl Write, b: &[CategoryReport], n: usize) -> std::io::Result<()> {
    writeln!(out, "\nBBC folders:")?;
    for r in b {
        let share = |k: usize| k as f64 / r.stories.max(1) as f64;
        writeln!(
            out,
            "  {:<13} {:<10} {:>4} stories: Europe+UK {:.3} (only Europe {:.3}), no region {:.3}, \
             North America {}, U.S. politics {}, no topic {:.3}",
            r.category,
            r.split.map_or("", |s| s.name()),
            r.stories,
            share(r.europe_uk),
            share(r.only_europe_uk),
            share(r.no_region),
            r.north_america,
            r.us_politics,
            share(r.no_topic)
        )?;
        for m in r.misses.iter().take(n) {
            writeln!(out, "      {m}")?;
        }
    }
    Ok(())
}
