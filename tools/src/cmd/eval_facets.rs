//! `polsearch-tools eval-facets`: region/country precision and recall on Reuters-21578
//! `<PLACES>`, and topic/region agreement with the fundus expected parses' tags.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use polsearch_tools::facets::{self, FundusInput, FundusReport, Prf, ReutersReport};
use polsearch_tools::places::PlaceMap;

use super::DataArgs;

/// Arguments of `polsearch-tools eval-facets`.
#[derive(Debug, clap::Args)]
pub struct EvalFacetsArgs {
    /// The Reuters-21578 folder (`reut2-*.sgm`).
    pub reuters: PathBuf,
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
    /// Print the reports as JSON.
    #[arg(long)]
    pub json: bool,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch-tools eval-facets`.
pub fn run(args: EvalFacetsArgs) -> anyhow::Result<()> {
    let (rules, classifier) = args.data.load()?;
    let gazetteer = args.gazetteer.clone().unwrap_or_else(|| {
        args.reuters
            .join("../../../data/country-region-gazetteer.csv")
    });
    let places = PlaceMap::load(&gazetteer)
        .with_context(|| "reading the gazetteer (use --gazetteer FILE)")?;
    let reuters = facets::eval_reuters(&args.reuters, &places, &classifier, !args.no_dateline)?;
    let mut fundus = Vec::new();
    if let Some(dir) = &args.fundus {
        for input in FundusInput::ALL {
            fundus.push(facets::eval_fundus(dir, &classifier, &rules, input)?);
        }
    }
    if args.json {
        let value = serde_json::json!({ "reuters": reuters, "fundus": fundus });
        writeln!(
            std::io::stdout().lock(),
            "{}",
            serde_json::to_string_pretty(&value)?
        )?;
    } else {
        let mut out = std::io::stdout().lock();
        print_reuters(&mut out, &reuters)?;
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
        "Reuters-21578: {} stories with a body and a mapped place{}",
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
