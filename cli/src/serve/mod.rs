//! `polsearch serve`: a local web page over the index, and a JSON API beside
//! it. axum on tokio; the HTML is written on the server with maud (every
//! string escaped by the type system), so the page works without JavaScript.
//!
//! Shape: [`params`] (the URL's query string ↔ a search), [`page`] (the HTML),
//! [`api`] (the JSON). Every search runs on tokio's blocking pool behind a
//! semaphore ([`AppState::blocking`]), so a burst of requests queues instead
//! of piling threads onto the machine. The server is read-only, binds to
//! loopback unless told otherwise, answers only to a loopback `Host` when on
//! loopback (no DNS rebinding), and sends a Content-Security-Policy that
//! allows only its own script and style.

pub mod api;
pub mod page;
pub mod params;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use polsearch::search::{Document, Engine};
use tokio::sync::Semaphore;

use super::DataArgs;

/// Arguments of `polsearch serve`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
Open the printed URL in a browser. Every state of the page is in its URL
(/?q=wagner&region=Africa&since=2023), so a link can be shared. The JSON API:
  /api/search?q=…   the page's parameters (and limit, offset, timeline=month);
                    the same object as `polsearch search --json`
  /api/facets       every region, country and topic (`polsearch facets --json`)
  /api/show/ID      one article (`polsearch show ID --json`)

The server only reads the index. It listens on 127.0.0.1 unless --bind names
another address, which also needs --public (there is no authentication).")]
pub struct ServeArgs {
    /// Index folder [default: index, built from `corpus/` on first use when missing]
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Address to listen on
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Port to listen on (0: any free port; the URL printed says which)
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Allow a --bind address other than loopback: anyone who can reach it
    /// can read the whole index
    #[arg(long)]
    pub public: bool,
    /// Searches run at the same time (more wait their turn) [default: the number of CPUs]
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Rules and taxonomy used when the index is built on first use.
    #[command(flatten)]
    pub data: DataArgs,
}

/// How long a request waits for a free search slot before a 503.
const QUEUE_WAIT: Duration = Duration::from_secs(10);

/// What every handler shares: the open index and the search slots.
#[derive(Clone)]
pub struct AppState {
    engine: Arc<Engine>,
    slots: Arc<Semaphore>,
    /// Country name → its region (`Mali` → `Africa`), for the sidebar.
    regions_of: Arc<std::collections::BTreeMap<String, String>>,
}

/// Why a request got no answer.
#[derive(Debug)]
pub enum Failure {
    /// The request cannot run: the reason, and the (line, column) in the
    /// query when the query did not parse.
    Bad(String, Option<(usize, usize)>),
    /// No such article or page.
    NotFound(String),
    /// Every search slot stayed busy for [`QUEUE_WAIT`].
    Busy,
    /// The index failed under a valid request.
    Internal(String),
}

impl Failure {
    /// The one-line message.
    pub fn message(&self) -> String {
        match self {
            Failure::Bad(m, _) | Failure::NotFound(m) | Failure::Internal(m) => m.clone(),
            Failure::Busy => "the server is busy; try again".into(),
        }
    }
}

impl From<polsearch::Error> for Failure {
    fn from(e: polsearch::Error) -> Failure {
        use polsearch::Error as E;
        match e {
            E::Query(q) => {
                let at = q.column.map(|c| line_column(&q.query, c));
                Failure::Bad(E::Query(q).to_string(), at)
            }
            e @ (E::Facet(_) | E::Option { .. }) => Failure::Bad(e.to_string(), None),
            e => Failure::Internal(e.to_string()),
        }
    }
}

/// The 1-based line and column (in characters) of the `column`-th character
/// of `query`.
pub fn line_column(query: &str, column: usize) -> (usize, usize) {
    let before: Vec<char> = query.chars().take(column.saturating_sub(1)).collect();
    let line = 1 + before.iter().filter(|&&c| c == '\n').count();
    let col = 1 + before.iter().rev().take_while(|&&c| c != '\n').count();
    (line, col)
}

impl AppState {
    /// Wraps an open index; at most `jobs` searches run at once.
    pub fn new(engine: Engine, jobs: usize) -> anyhow::Result<AppState> {
        let listing = engine.facet_listing(false)?;
        let regions_of = (listing.country.keys())
            .filter_map(|path| path.split_once('/'))
            .map(|(r, c)| (c.to_string(), r.to_string()))
            .collect();
        Ok(AppState {
            engine: Arc::new(engine),
            slots: Arc::new(Semaphore::new(jobs.max(1))),
            regions_of: Arc::new(regions_of),
        })
    }

    /// Runs `work` on the blocking pool once a search slot is free.
    pub async fn blocking<T, F>(&self, work: F) -> Result<T, Failure>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> Result<T, Failure> + Send + 'static,
    {
        let permit = tokio::time::timeout(QUEUE_WAIT, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| Failure::Busy)?
            .map_err(|_| Failure::Busy)?;
        let engine = self.engine.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&engine)
        })
        .await;
        joined.unwrap_or_else(|_| Err(Failure::Internal("the search failed".into())))
    }

    /// The region of a country, when the index holds it.
    pub fn region_of(&self, country: &str) -> Option<&str> {
        self.regions_of.get(country).map(String::as_str)
    }
}

/// The article with document id `id` (16 hex digits; nothing else is looked up).
pub async fn article(state: &AppState, id: String) -> Result<Document, Failure> {
    if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Failure::Bad(
            "an article id is 16 hexadecimal digits".into(),
            None,
        ));
    }
    let key = id.to_ascii_lowercase();
    state
        .blocking(move |engine| {
            engine
                .document(&key)?
                .filter(|d| d.id == key)
                .ok_or_else(|| Failure::NotFound(format!("no article {key} in the index")))
        })
        .await
}

/// The routes.
pub fn router(state: AppState, loopback: bool) -> Router {
    Router::new()
        .route("/", get(page::search))
        .route("/article/{id}", get(page::article))
        .route("/static/style.css", get(page::style))
        .route("/static/app.js", get(page::script))
        .route("/api/search", get(api::search))
        .route("/api/facets", get(api::facets))
        .route("/api/show/{id}", get(api::show))
        .route("/api/{*rest}", get(api::not_found))
        .fallback(page::not_found)
        .layer(axum::middleware::from_fn_with_state(loopback, guard))
        .with_state(state)
}

/// The Content-Security-Policy of every response: only this server's own
/// script, style and images; no frames, no plugins, forms post only here.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
                       img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Refuses a non-loopback `Host` on a loopback server (a page elsewhere whose
/// name resolves to 127.0.0.1 must not read the index); adds the security
/// headers to every response. (Every route is GET only: anything else is a 405.)
async fn guard(State(loopback): State<bool>, request: Request, next: Next) -> Response {
    let host_ok = !loopback
        || request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .is_some_and(is_loopback_host);
    let mut response = if !host_ok {
        (
            StatusCode::BAD_REQUEST,
            "this server answers only to localhost, 127.0.0.1 or [::1]\n",
        )
            .into_response()
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// `localhost`, `127.x.x.x` or `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(n, _)| n)
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Runs `polsearch serve` until Ctrl-C.
pub fn run(args: ServeArgs) -> anyhow::Result<u8> {
    if !args.bind.is_loopback() && !args.public {
        anyhow::bail!(
            "--bind {}: not a loopback address; anyone who reaches it could read the whole \
             index (add --public to serve it anyway)",
            args.bind
        );
    }
    let engine = super::search::open_or_build(args.index.as_deref(), &args.data)?;
    let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
    let jobs = args.jobs.unwrap_or(cpus).clamp(1, 64);
    let state = AppState::new(engine, jobs)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cpus.min(4))
        .max_blocking_threads(jobs + 2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(args.bind, args.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
        let local = listener.local_addr()?;
        if !args.bind.is_loopback() {
            eprintln!(
                "polsearch: warning: serving on {local}, not only this machine: \
                 anyone who can reach it can read the index (no authentication)"
            );
        }
        let host = match local.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V4(ip) => ip.to_string(),
        };
        println!(
            "polsearch: serving at http://{host}:{}/ (Ctrl-C stops)",
            local.port()
        );
        use std::io::Write;
        std::io::stdout().flush()?;
        let app = router(state, args.bind.is_loopback());
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        anyhow::Ok(())
    })?;
    Ok(super::EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_pass() {
        for ok in [
            "localhost",
            "localhost:7878",
            "127.0.0.1:80",
            "[::1]:7878",
            "127.1.2.3",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in ["evil.example", "evil.example:7878", "10.0.0.1", "[::2]", ""] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn line_and_column_of_a_query_error() {
        assert_eq!(line_column("wagner \"mali", 8), (1, 8));
        assert_eq!(line_column("a\nb (c", 5), (2, 3));
    }
}
