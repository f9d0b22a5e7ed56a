//! `polsearch-tools explain-facets PAGE…`: the candidates of each page, their
//! features and their probabilities under the embedded facet models (or the
//! models in `--models DIR`), to read why a page got its facets.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use polsearch::corpus::SourcePage;
use polsearch::extract;
use polsearch::facets::models::ModelKind;
use polsearch::facets::Candidate;

use super::DataArgs;

/// Arguments of `polsearch-tools explain-facets`.
#[derive(Debug, clap::Args)]
pub struct ExplainFacetsArgs {
    /// Page files (`.html`, `.txt`; `.gz` is read gunzipped).
    #[arg(required = true)]
    pub pages: Vec<PathBuf>,
    /// Rules, taxonomy and models (`--models DIR`).
    #[command(flatten)]
    pub data: DataArgs,
}

fn read(path: &PathBuf) -> anyhow::Result<SourcePage> {
    let bytes = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
    let name = path.to_string_lossy();
    match name.strip_suffix(".gz") {
        Some(stem) => {
            let mut out = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(bytes.as_slice()),
                &mut out,
            )
            .with_context(|| format!("{}: not gzip", path.display()))?;
            Ok(SourcePage::from_bytes(stem, out))
        }
        None => Ok(SourcePage::from_bytes(path, bytes)),
    }
}

/// Runs `polsearch-tools explain-facets`.
pub fn run(args: ExplainFacetsArgs) -> anyhow::Result<()> {
    let (rules, classifier) = args.data.load()?;
    let mut out = std::io::stdout().lock();
    for path in &args.pages {
        let mut a = extract::extract(&read(path)?, &rules)?;
        let cands = classifier.candidates(&a);
        classifier.classify(&mut a);
        writeln!(out, "{}: {}", path.display(), a.title)?;
        let s = &classifier.taxonomy().settings;
        writeln!(
            out,
            "  places by {:?}, topics by {:?} (probabilities below are the models')",
            s.place_method(),
            s.topic_method()
        )?;
        writeln!(
            out,
            "  regions {:?} countries {:?} topics {:?}",
            a.region, a.country, a.topic
        )?;
        let m = classifier.models();
        let lists: [(&str, &[Candidate], ModelKind); 3] = [
            ("region", &cands.regions, ModelKind::Region),
            ("country", &cands.countries, ModelKind::Country),
            ("topic", &cands.topics, ModelKind::Topic),
        ];
        for (what, list, kind) in lists {
            let names = kind.feature_names();
            for c in list {
                let p = m.get(kind).probability(&c.features);
                let f: Vec<String> = names
                    .iter()
                    .zip(&c.features)
                    .filter(|(n, _)| !n.starts_with("page_"))
                    .map(|(n, v)| format!("{n}={}", (v * 100.0).round() / 100.0))
                    .collect();
                writeln!(out, "  {what:<7} {:<26} p={p:.2}  {}", c.name, f.join(" "))?;
            }
        }
        if let Some(c) = cands.regions.first().or(cands.topics.first()) {
            let names = ModelKind::Region.feature_names();
            let page: Vec<String> = names
                .iter()
                .zip(&c.features)
                .filter(|(n, _)| n.starts_with("page_"))
                .map(|(n, v)| format!("{}={}", &n[5..], (v * 100.0).round() / 100.0))
                .collect();
            writeln!(out, "  page    {}", page.join(" "))?;
        }
    }
    Ok(())
}
