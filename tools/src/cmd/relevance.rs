//! `polsearch-tools relevance`: the relevance benchmark (known-item queries of
//! `../shared/data/relevance-dev`), polsearch beside the plain-BM25 baselines
//! computed in the same run, per split and query kind; `--tune` searches the
//! ranking parameters on the tuning part.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use polsearch::search::RankParams;
use polsearch_tools::relevance::baseline::{self, Bm25, Input};
use polsearch_tools::relevance::{self, corpus, tune, Query, Split, Table};
use serde::Serialize;

/// Arguments of `polsearch-tools relevance`.
#[derive(Debug, clap::Args)]
pub struct RelevanceArgs {
    /// The shared evaluation folder [default: ../shared beside the repository].
    #[arg(long, value_name = "DIR")]
    pub shared: Option<PathBuf>,
    /// Where the corpus, the index and the extractor cache go
    /// [default: target/relevance of the repository].
    #[arg(long, value_name = "DIR")]
    pub work: Option<PathBuf>,
    /// Which part of the queries to run: tuning, validation or both.
    #[arg(long, value_name = "PART", default_value = "both")]
    pub split: SplitArg,
    /// The extractor of the second baseline: auto (trafilatura when python3
    /// has it, else dom-smoothie), trafilatura, dom-smoothie or none.
    #[arg(long, value_name = "NAME", default_value = "auto")]
    pub extractor: ExtractorArg,
    /// Leave the BM25 baselines out.
    #[arg(long)]
    pub no_baselines: bool,
    /// Rank with these parameters (JSON, as `--tune` prints them) instead of
    /// the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub params: Option<PathBuf>,
    /// Tune the parameters on the tuning part (coordinate search, ROUNDS
    /// rounds), print them, then report with them.
    #[arg(long, value_name = "ROUNDS", num_args = 0..=1, default_missing_value = "3")]
    pub tune: Option<usize>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// List the tuning queries whose article polsearch does not rank first,
    /// with its rank and the first hits (never the validation part's).
    #[arg(long)]
    pub misses: bool,
}

/// `--split`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitArg {
    /// The tuning part only.
    Tuning,
    /// The validation part only.
    Validation,
    /// Both.
    Both,
}

/// `--extractor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractorArg {
    /// trafilatura when installed, else dom-smoothie.
    Auto,
    /// trafilatura (Python package, through python3).
    Trafilatura,
    /// dom_smoothie (Readability in Rust).
    DomSmoothie,
    /// No extractor baseline.
    None,
}

/// One system's results.
#[derive(Debug, Serialize)]
struct System {
    name: String,
    table: Table,
}

/// The whole report.
#[derive(Debug, Serialize)]
struct Report {
    pages: usize,
    indexed: u64,
    queries: usize,
    params: RankParams,
    systems: Vec<System>,
}

/// Runs `polsearch-tools relevance`.
pub fn run(args: RelevanceArgs) -> anyhow::Result<()> {
    let shared = match &args.shared {
        Some(d) => d.clone(),
        None => {
            polsearch_tools::shared::dir().context("../shared is missing (use --shared DIR)")?
        }
    };
    let work = args
        .work
        .clone()
        .unwrap_or_else(relevance::default_work_dir);
    let root = work.join("corpus");
    let pages = corpus::build_corpus(&shared, &root)?;
    let queries: Vec<Query> = corpus::load_queries(&shared)?
        .into_iter()
        .filter(|q| match args.split {
            SplitArg::Tuning => q.split == Split::Tuning,
            SplitArg::Validation => q.split == Split::Validation,
            SplitArg::Both => true,
        })
        .collect();
    let engine = relevance::index_corpus(&root, &work.join("index"))?;
    let mut params = match &args.params {
        Some(p) => {
            let text =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("{}: not ranking parameters", p.display()))?
        }
        None => RankParams::default(),
    };
    if let Some(rounds) = args.tune {
        let tuning: Vec<Query> = queries
            .iter()
            .filter(|q| q.split == Split::Tuning)
            .cloned()
            .collect();
        let (best, _) = tune::tune(&engine, &root, &tuning, params, rounds, &mut |l| {
            eprintln!("tune: {l}")
        });
        params = best;
        eprintln!("tune: parameters {}", serde_json::to_string(&params)?);
    }
    let ranks = relevance::run_polsearch(&engine, &root, &queries, &params);
    if args.misses {
        print_misses(&engine, &root, &queries, &ranks, &params)?;
    }
    let mut systems = vec![System {
        name: "polsearch".into(),
        table: relevance::table(&queries, &ranks),
    }];
    let ored: Vec<Query> = queries
        .iter()
        .map(|q| Query {
            text: q.text.split_whitespace().collect::<Vec<_>>().join(" OR "),
            ..q.clone()
        })
        .collect();
    systems.push(System {
        name: "polsearch, words joined with OR".into(),
        table: relevance::table(
            &queries,
            &relevance::run_polsearch(&engine, &root, &ored, &params),
        ),
    });
    if !args.no_baselines {
        let files = corpus::pages(&root)?;
        let mut inputs = vec![Input::FullPage];
        match args.extractor {
            ExtractorArg::Auto => inputs.push(Input::best_extractor()),
            ExtractorArg::Trafilatura => inputs.push(Input::Trafilatura),
            ExtractorArg::DomSmoothie => inputs.push(Input::DomSmoothie),
            ExtractorArg::None => {}
        }
        for input in inputs {
            let docs = baseline::documents(&root, &files, input, &work.join("trafilatura.jsonl"))?;
            let ranks = Bm25::new(&docs)?.ranks(&queries)?;
            systems.push(System {
                name: input.name().into(),
                table: relevance::table(&queries, &ranks),
            });
        }
    }
    let report = Report {
        pages,
        indexed: engine.searcher().num_docs(),
        queries: queries.len(),
        params,
        systems,
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        print(&mut out, &report)?;
    }
    Ok(())
}

fn print(out: &mut impl Write, r: &Report) -> std::io::Result<()> {
    writeln!(
        out,
        "relevance-dev: {} pages ({} indexed by polsearch), {} queries",
        r.pages, r.indexed, r.queries
    )?;
    for split in [Split::Tuning, Split::Validation] {
        if !r.systems.iter().any(|s| s.table.contains_key(&split)) {
            continue;
        }
        let n = |kind: &str| {
            r.systems[0]
                .table
                .get(&split)
                .and_then(|t| t.get(kind))
                .map_or(0, |m| m.queries)
        };
        writeln!(
            out,
            "\n{} part ({} queries: {} entity, {} topic)",
            split.name(),
            n("all"),
            n("entity"),
            n("topic")
        )?;
        writeln!(
            out,
            "| system | entity MRR / s@1 / s@10 | topic MRR / s@1 / s@10 | all MRR / s@1 / s@10 |"
        )?;
        writeln!(out, "|---|---|---|---|")?;
        for s in &r.systems {
            let Some(t) = s.table.get(&split) else {
                continue;
            };
            let cell = |kind: &str| {
                t.get(kind).map_or("-".to_string(), |m| {
                    format!("{:.3} / {:.2} / {:.2}", m.mrr, m.s1, m.s10)
                })
            };
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                s.name,
                cell("entity"),
                cell("topic"),
                cell("all")
            )?;
        }
    }
    Ok(())
}

fn print_misses(
    engine: &polsearch::search::Engine,
    root: &std::path::Path,
    queries: &[Query],
    ranks: &[Option<usize>],
    params: &RankParams,
) -> anyhow::Result<()> {
    for (q, r) in queries.iter().zip(ranks) {
        if q.split != Split::Tuning || *r == Some(1) {
            continue;
        }
        let request = polsearch::search::SearchRequest {
            query: q.text.clone(),
            limit: 3,
            ..Default::default()
        };
        let res = engine.search_ranked(&request, params)?;
        let prefix = root.to_string_lossy();
        eprintln!(
            "miss {:?} {} {:?} -> {} (total {}, {})",
            r,
            q.kind,
            q.text,
            q.page,
            res.total,
            res.relaxed.as_ref().map_or("strict", |x| x.notice.as_str())
        );
        for h in res.hits {
            let p = h.path.strip_prefix(prefix.as_ref()).unwrap_or(&h.path);
            eprintln!("      {:.2} {} | {}", h.score, p, h.title);
        }
    }
    Ok(())
}
