//! `polsearch export`: the index as Elasticsearch/OpenSearch `_bulk` NDJSON,
//! Quickwit NDJSON or plain NDJSON (to standard output or `--output FILE`),
//! its index definition with `--mapping`, or bulk-loaded into a running
//! server with `--push URL` ([`crate::push`]).

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use polsearch::export::{parse_since, Exporter, Format};

use super::EXIT_OK;

/// Arguments of `polsearch export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Index folder
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// What to write: Elasticsearch/OpenSearch `_bulk` NDJSON, Quickwit NDJSON, or one plain JSON document per line
    #[arg(long, value_enum, default_value = "ndjson")]
    pub format: FormatArg,
    /// Write to FILE instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the index definition instead of the documents: the Elasticsearch mapping (JSON), the Quickwit index config (YAML), or for ndjson the Typesense collection schema (JSON)
    #[arg(long, conflicts_with = "push")]
    pub mapping: bool,
    /// Only documents whose file changed at or after this day (2024-03-01) or RFC 3339 time
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Bulk-load a running server instead of writing: Elasticsearch/OpenSearch (elasticsearch), Quickwit (quickwit) or Typesense (ndjson) at URL (http://host:port)
    #[arg(long, value_name = "URL", conflicts_with = "output")]
    pub push: Option<String>,
    /// Name of the index (Elasticsearch, Quickwit) or collection (Typesense) in the target
    #[arg(long, value_name = "NAME", default_value = "polsearch")]
    pub name: String,
    /// Documents per request with --push
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub batch: usize,
    /// API key for --push (Elasticsearch: `Authorization: ApiKey`; Typesense: `X-TYPESENSE-API-KEY`); default: $POLSEARCH_API_KEY
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
}

/// The `--format` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    /// Elasticsearch/OpenSearch `_bulk` NDJSON
    Elasticsearch,
    /// Quickwit NDJSON
    Quickwit,
    /// One plain JSON document per line
    Ndjson,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Elasticsearch => Format::Elasticsearch,
            FormatArg::Quickwit => Format::Quickwit,
            FormatArg::Ndjson => Format::Ndjson,
        }
    }
}

/// Runs `polsearch export`.
pub fn run(args: ExportArgs) -> anyhow::Result<u8> {
    let exporter = Exporter::open(&args.index)?;
    let format = Format::from(args.format);
    let since = args.since.as_deref().map(parse_since).transpose()?;
    if let Some(url) = &args.push {
        let push = crate::push::Push {
            url: url.trim_end_matches('/').to_string(),
            name: args.name.clone(),
            batch: args.batch.max(1),
            api_key: args
                .api_key
                .clone()
                .or_else(|| std::env::var("POLSEARCH_API_KEY").ok()),
        };
        let done = push.run(&exporter, format, since)?;
        eprintln!(
            "polsearch: pushed {} documents to {url} ({} requests, {} retried); the server counts {}",
            done.sent, done.requests, done.retries, done.counted
        );
        return Ok(EXIT_OK);
    }
    let (mut out, what): (Box<dyn Write>, String) = match &args.output {
        Some(p) => {
            let f = std::fs::File::create(p)
                .with_context(|| format!("{}: cannot create", p.display()))?;
            (Box::new(f), p.display().to_string())
        }
        None => (Box::new(std::io::stdout().lock()), "standard output".into()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, &mut out);
    if args.mapping {
        out.write_all(exporter.mapping(format, &args.name).as_bytes())
            .with_context(|| what.clone())?;
        out.flush().with_context(|| what.clone())?;
        return Ok(EXIT_OK);
    }
    let start = Instant::now();
    let n = exporter.write(format, &args.name, since, &mut out, what.as_ref())?;
    out.flush().with_context(|| what.clone())?;
    let secs = start.elapsed().as_secs_f64();
    if args.output.is_some() {
        eprintln!(
            "polsearch: exported {n} documents ({}) to {what} in {secs:.2} s ({:.0} documents/s)",
            format.name(),
            n as f64 / secs.max(1e-9)
        );
    }
    Ok(EXIT_OK)
}
