//! `polsearch stats`: what the index holds (documents, sites, dates, size, segments).

use std::io::Write;
use std::path::PathBuf;

use polsearch::search::Engine;

use super::EXIT_OK;

/// Arguments of `polsearch stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Index folder
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

/// Runs `polsearch stats`.
pub fn run(args: StatsArgs) -> anyhow::Result<u8> {
    let stats = Engine::open(&args.index)?.stats()?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &stats)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    let clean = |s: &str| polsearch::terminal::sanitize(s, false);
    writeln!(out, "index      {}", clean(&stats.index))?;
    writeln!(out, "documents  {}", stats.documents)?;
    if stats.deleted > 0 {
        writeln!(out, "deleted    {} (not yet merged away)", stats.deleted)?;
    }
    writeln!(out, "segments   {}", stats.segments)?;
    writeln!(
        out,
        "size       {} ({} bytes)",
        human_bytes(stats.size_bytes),
        stats.size_bytes
    )?;
    match (&stats.first_date, &stats.last_date) {
        (Some(a), Some(b)) => writeln!(out, "dates      {a} to {b} ({} undated)", stats.undated)?,
        _ => writeln!(out, "dates      none ({} undated)", stats.undated)?,
    }
    for (label, map) in [
        ("sites", &stats.sites),
        ("kinds", &stats.kinds),
        ("languages", &stats.langs),
        ("page types", &stats.page_types),
    ] {
        let mut list: Vec<(&String, &u64)> = map.iter().collect();
        list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        writeln!(out, "{label:<10} {}", list.len())?;
        for (name, n) in list {
            writeln!(out, "  {n:>6}  {}", clean(name))?;
        }
    }
    Ok(EXIT_OK)
}

fn human_bytes(n: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}
