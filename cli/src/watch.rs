//! `polsearch watch`: saved searches. `watch add NAME QUERY [filters]` saves
//! one (its current matches count as seen), `watch` or `watch NAME` prints the
//! matching articles not shown before and marks them seen, `watch list` and
//! `watch rm NAME` manage them. They are kept in `watches.json` in the index
//! folder, so they survive re-indexing; every change is written to a
//! temporary file, flushed to disk, then renamed over the old file, so a crash
//! leaves the old file or the new one, never half of one.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use polsearch::search::{Engine, FacetCounts, SearchRequest, SearchResults, Sort};
use serde::{Deserialize, Serialize};

use super::output::{self, ColorChoice, Format};
use super::search::{open_or_build, FilterArgs, DEFAULT_INDEX};
use super::{DataArgs, EXIT_NO_HITS, EXIT_OK};

/// Arguments of `polsearch watch`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
Examples:
  polsearch watch add sahel-coups 'coup OR junta' --region Africa
  polsearch index ~/scrapes        # ends with: watch sahel-coups: 2 new
  polsearch watch                  # the new articles of every saved search
  polsearch watch sahel-coups --json")]
pub struct WatchArgs {
    /// What to do (without one: print what is new).
    #[command(subcommand)]
    pub action: Option<WatchAction>,
    /// Only this saved search
    pub name: Option<String>,
    /// Print one JSON object: {watches: [{name, query, new: [hits]}]}
    #[arg(long)]
    pub json: bool,
    /// Colour: auto (a terminal without NO_COLOR), always, never
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    pub color: ColorChoice,
    /// Index folder [default: index]
    #[arg(long, value_name = "DIR", global = true)]
    pub index: Option<PathBuf>,
    /// Rules and taxonomy used when the default index is built on first use.
    #[command(flatten)]
    pub data: DataArgs,
}

/// The subcommands of `polsearch watch`.
// parsed once per run: the size of `Add` does not matter
#[allow(clippy::large_enum_variant)]
#[derive(Debug, clap::Subcommand)]
pub enum WatchAction {
    /// Save a search: its current matches count as seen.
    Add {
        /// Its name (letters, digits, `-`, `_`, `.`)
        name: String,
        /// The query, in the query language of `polsearch search`
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// Filters.
        #[command(flatten)]
        filters: FilterArgs,
    },
    /// List the saved searches.
    List,
    /// Delete a saved search.
    Rm {
        /// Its name
        name: String,
    },
}

/// One saved search.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Watch {
    /// Its name.
    pub name: String,
    /// The query.
    pub query: String,
    /// Its filters.
    pub filters: FilterArgs,
    /// Paths of the articles already shown (or matching when it was saved).
    pub seen: BTreeSet<String>,
}

/// The file of saved searches.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Watches {
    /// Format version.
    pub version: u32,
    /// The saved searches, by name.
    pub watches: Vec<Watch>,
}

/// File name of [`Watches`] in the index folder.
const FILE: &str = "watches.json";
const VERSION: u32 = 1;

impl Watches {
    /// Reads the saved searches of `index` (none when the file is absent).
    pub fn load(index: &Path) -> anyhow::Result<Watches> {
        let path = index.join(FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let w: Watches = serde_json::from_str(&text)
                    .with_context(|| format!("{}: not a saved-search file", path.display()))?;
                anyhow::ensure!(
                    w.version == VERSION,
                    "{}: saved-search format {} (this polsearch reads {VERSION})",
                    path.display(),
                    w.version
                );
                Ok(w)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Watches {
                version: VERSION,
                watches: Vec::new(),
            }),
            Err(e) => Err(anyhow::anyhow!("{}: {e}", path.display())),
        }
    }

    /// Writes them crash-safely: temporary file, fsync, rename, fsync of the folder.
    pub fn save(&self, index: &Path) -> anyhow::Result<()> {
        let path = index.join(FILE);
        let tmp = index.join(format!("{FILE}.tmp"));
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&tmp)?;
            serde_json::to_writer_pretty(&mut file, self).map_err(std::io::Error::from)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            std::fs::rename(&tmp, &path)?;
            if let Ok(dir) = std::fs::File::open(index) {
                let _ = dir.sync_all();
            }
            Ok(())
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            anyhow::anyhow!("{}: {e}", path.display())
        })
    }
}

/// The matches of `watch` that it has not shown yet, newest first.
pub fn unseen(engine: &Engine, watch: &Watch, snippets: bool) -> anyhow::Result<SearchResults> {
    let mut request = SearchRequest {
        query: watch.query.clone(),
        limit: 0,
        sort: Sort::Date,
        filters: watch.filters.to_filters(),
        ..SearchRequest::default()
    };
    let total = engine.search(&request)?.total;
    request.limit = if snippets { total } else { total.min(100_000) };
    let mut results = engine.search(&request)?;
    results.hits.retain(|h| !watch.seen.contains(&h.path));
    results.total = results.hits.len();
    results.facets = FacetCounts::default();
    Ok(results)
}

fn check_name(name: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')),
        "watch name '{name}': use letters, digits, '-', '_' and '.'"
    );
    Ok(())
}

/// Runs `polsearch watch`.
pub fn run(args: WatchArgs) -> anyhow::Result<u8> {
    let dir = args
        .index
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX));
    let mut out = std::io::stdout().lock();
    match args.action {
        Some(WatchAction::Add {
            name,
            query,
            filters,
        }) => {
            check_name(&name)?;
            let engine = open_or_build(args.index.as_deref(), &args.data)?;
            let mut watches = Watches::load(&dir)?;
            anyhow::ensure!(
                !watches.watches.iter().any(|w| w.name == name),
                "a saved search '{name}' exists (`polsearch watch rm {name}` first)"
            );
            let mut watch = Watch {
                name,
                query,
                filters,
                seen: BTreeSet::new(),
            };
            let now = unseen(&engine, &watch, false)?;
            watch.seen = now.hits.into_iter().map(|h| h.path).collect();
            writeln!(
                out,
                "saved '{}': {} matching now; `polsearch watch {}` shows new ones",
                watch.name,
                watch.seen.len(),
                watch.name
            )?;
            watches.watches.push(watch);
            watches.save(&dir)?;
            Ok(EXIT_OK)
        }
        Some(WatchAction::List) => {
            let watches = Watches::load(&dir)?;
            for w in &watches.watches {
                writeln!(out, "{}\t{}\t({} seen)", w.name, w.query, w.seen.len())?;
            }
            Ok(if watches.watches.is_empty() {
                EXIT_NO_HITS
            } else {
                EXIT_OK
            })
        }
        Some(WatchAction::Rm { name }) => {
            let mut watches = Watches::load(&dir)?;
            let before = watches.watches.len();
            watches.watches.retain(|w| w.name != name);
            anyhow::ensure!(watches.watches.len() < before, "no saved search '{name}'");
            watches.save(&dir)?;
            Ok(EXIT_OK)
        }
        None => {
            drop(out);
            check(&dir, &args)
        }
    }
}

/// `polsearch watch [NAME]`: prints the new matches and marks them seen.
fn check(dir: &Path, args: &WatchArgs) -> anyhow::Result<u8> {
    let engine = open_or_build(args.index.as_deref(), &args.data)?;
    let mut watches = Watches::load(dir)?;
    if let Some(name) = &args.name {
        anyhow::ensure!(
            watches.watches.iter().any(|w| &w.name == name),
            "no saved search '{name}' (`polsearch watch list`)"
        );
    }
    let mut report = Vec::new();
    let mut any = false;
    for watch in watches.watches.iter_mut() {
        if args.name.as_ref().is_some_and(|n| n != &watch.name) {
            continue;
        }
        let new = unseen(&engine, watch, true)?;
        any |= !new.hits.is_empty();
        watch.seen.extend(new.hits.iter().map(|h| h.path.clone()));
        report.push((watch.name.clone(), watch.query.clone(), new));
    }
    // mark them seen before printing: a reader that quits early has seen them
    watches.save(dir)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = serde_json::json!({
            "watches": report.iter().map(|(name, query, new)| serde_json::json!({
                "name": name, "query": query, "new": new.hits,
            })).collect::<Vec<_>>()
        });
        serde_json::to_writer(&mut out, &value).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let color = args.color.enabled();
        for (name, query, new) in &report {
            writeln!(out, "watch {name} ({query}): {} new", new.hits.len())?;
            if !new.hits.is_empty() {
                out.flush()?;
                output::print(new, Format::Human(color), 0)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(if any { EXIT_OK } else { EXIT_NO_HITS })
}

/// One line per saved search of `index` with new matches, for the end of
/// `polsearch index` (nothing is marked seen).
pub fn summary_lines(index: &Path) -> Vec<String> {
    let Ok(watches) = Watches::load(index) else {
        return Vec::new();
    };
    if watches.watches.is_empty() {
        return Vec::new();
    }
    let Ok(engine) = Engine::open(index) else {
        return Vec::new();
    };
    watches
        .watches
        .iter()
        .filter_map(|w| {
            let n = unseen(&engine, w, false).ok()?.hits.len();
            (n > 0).then(|| format!("watch {}: {n} new (`polsearch watch {}`)", w.name, w.name))
        })
        .collect()
}
