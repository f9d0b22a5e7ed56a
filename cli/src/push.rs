//! `polsearch export --push URL`: bulk-loads a running server with the export
//! — Elasticsearch/OpenSearch (`_bulk`), Quickwit (`ingest`) or Typesense
//! (`documents/import`, for `--format ndjson`). Creates the index from the
//! export's definition when the server does not have it, sends the documents
//! in batches, retries what the server refuses as busy (HTTP 429 or 503, for
//! the whole request or for single documents of a bulk request) with
//! exponential backoff, and ends by asking the server how many documents it
//! holds: fewer than were sent is an error.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use anyhow::{bail, Context};
use polsearch::export::{write_doc, Exporter, Format};
use serde_json::Value as Json;

/// Attempts per request before giving up on a busy server.
const ATTEMPTS: u32 = 8;
/// First wait after a busy answer; doubled after each.
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// Longest single wait.
const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// Largest response body read.
const MAX_RESPONSE: u64 = 256 << 20;

/// A push to one server.
#[derive(Debug, Clone)]
pub struct Push {
    /// The server's base URL, without a trailing `/`.
    pub url: String,
    /// Index or collection name.
    pub name: String,
    /// Documents per request.
    pub batch: usize,
    /// API key, when the server needs one.
    pub api_key: Option<String>,
}

/// What a push did.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pushed {
    /// Documents sent (and accepted).
    pub sent: u64,
    /// Requests made, retries included.
    pub requests: u64,
    /// Requests or documents sent again after a busy answer.
    pub retries: u64,
    /// Documents the server holds at the end.
    pub counted: u64,
}

/// An HTTP answer: status and body.
struct Answer {
    status: u16,
    body: String,
}

impl Push {
    /// Pushes every document of `exporter` (with `since`, the changed ones)
    /// in `format` and checks the server's count.
    pub fn run(
        &self,
        exporter: &Exporter,
        format: Format,
        since: Option<i64>,
    ) -> anyhow::Result<Pushed> {
        let agent = Http::new(&self.url)?;
        let mut done = Pushed::default();
        self.create(&agent, exporter, format)?;
        let mut batch: Vec<Vec<u8>> = Vec::with_capacity(self.batch);
        exporter.for_each(since, |doc| -> anyhow::Result<()> {
            let mut lines = Vec::new();
            write_doc(format, &self.name, doc, &mut lines)?;
            batch.push(lines);
            if batch.len() >= self.batch {
                self.send(&agent, format, &mut batch, false, &mut done)?;
            }
            Ok(())
        })?;
        self.send(&agent, format, &mut batch, true, &mut done)?;
        done.counted = self.count(&agent, format)?;
        if done.counted < done.sent {
            bail!(
                "{}: the server holds {} documents in '{}' after {} were sent",
                self.url,
                done.counted,
                self.name,
                done.sent
            );
        }
        Ok(done)
    }

    /// One request; `body` None is a GET.
    fn call(
        &self,
        agent: &Http,
        method: &str,
        path: &str,
        content_type: &str,
        body: Option<&[u8]>,
    ) -> anyhow::Result<Answer> {
        let url = format!("{}{path}", self.url);
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: {content_type}\r\n\
             Accept: application/json\r\nConnection: close\r\nUser-Agent: polsearch\r\n",
            agent.host
        );
        if let Some(key) = &self.api_key {
            head.push_str(&format!(
                "Authorization: ApiKey {key}\r\nX-TYPESENSE-API-KEY: {key}\r\n"
            ));
        }
        if let Some(b) = body {
            head.push_str(&format!("Content-Length: {}\r\n", b.len()));
        }
        head.push_str("\r\n");
        let (status, body) = agent
            .exchange(head.as_bytes(), body.unwrap_or_default())
            .with_context(|| format!("{url}: no answer from the server"))?;
        Ok(Answer { status, body })
    }

    /// Creates the index or collection from the export's definition, unless
    /// the server has it already.
    fn create(&self, agent: &Http, exporter: &Exporter, format: Format) -> anyhow::Result<()> {
        let def = exporter.mapping(format, &self.name);
        let (method, path, ctype) = match format {
            Format::Elasticsearch => ("PUT", format!("/{}", self.name), "application/json"),
            Format::Quickwit => ("POST", "/api/v1/indexes".to_string(), "application/yaml"),
            Format::Ndjson => ("POST", "/collections".to_string(), "application/json"),
        };
        let a = self.call(agent, method, &path, ctype, Some(def.as_bytes()))?;
        let exists = match format {
            Format::Elasticsearch => a.status == 400 && a.body.contains("resource_already_exists"),
            Format::Quickwit => a.status == 400 && a.body.contains("already exist"),
            Format::Ndjson => a.status == 409,
        };
        if (200..300).contains(&a.status) || exists {
            return Ok(());
        }
        bail!(
            "{}{path}: cannot create '{}': HTTP {}: {}",
            self.url,
            self.name,
            a.status,
            brief(&a.body)
        )
    }

    /// Sends `batch` (each entry one document's lines), retrying what the
    /// server refuses as busy; empties it. `last` asks Quickwit to commit.
    fn send(
        &self,
        agent: &Http,
        format: Format,
        batch: &mut Vec<Vec<u8>>,
        last: bool,
        done: &mut Pushed,
    ) -> anyhow::Result<()> {
        let path = match format {
            Format::Elasticsearch => "/_bulk".to_string(),
            Format::Quickwit if last => format!("/api/v1/{}/ingest?commit=force", self.name),
            Format::Quickwit => format!("/api/v1/{}/ingest", self.name),
            Format::Ndjson => format!("/collections/{}/documents/import?action=upsert", self.name),
        };
        let total = batch.len() as u64;
        let mut wait = FIRST_BACKOFF;
        for attempt in 1..=ATTEMPTS {
            if batch.is_empty() {
                break;
            }
            let body = batch.concat();
            let a = self.call(agent, "POST", &path, "application/x-ndjson", Some(&body))?;
            done.requests += 1;
            let busy: Vec<usize> = match a.status {
                429 | 503 => (0..batch.len()).collect(),
                200..=299 => self.refused_items(format, &a.body, &path)?,
                s => bail!("{}{path}: HTTP {s}: {}", self.url, brief(&a.body)),
            };
            if busy.is_empty() {
                batch.clear();
                break;
            }
            if attempt == ATTEMPTS {
                bail!(
                    "{}{path}: the server is still busy after {ATTEMPTS} attempts ({} documents not accepted)",
                    self.url,
                    busy.len()
                );
            }
            done.retries += 1;
            let keep: Vec<Vec<u8>> = busy
                .into_iter()
                .map(|i| std::mem::take(&mut batch[i]))
                .collect();
            *batch = keep;
            std::thread::sleep(wait);
            wait = (wait * 2).min(MAX_BACKOFF);
        }
        if format == Format::Quickwit && last && total == 0 {
            // nothing sent: still commit what earlier batches left pending
            let a = self.call(agent, "POST", &path, "application/x-ndjson", Some(b""))?;
            done.requests += 1;
            if !(200..300).contains(&a.status) {
                bail!("{}{path}: HTTP {}: {}", self.url, a.status, brief(&a.body));
            }
        }
        done.sent += total;
        Ok(())
    }

    /// The documents of a bulk answer refused as busy (429/503), to send
    /// again; any other refusal is an error naming the document and reason.
    fn refused_items(&self, format: Format, body: &str, path: &str) -> anyhow::Result<Vec<usize>> {
        let statuses: Vec<(u16, String)> = match format {
            Format::Elasticsearch => {
                let v: Json = serde_json::from_str(body)
                    .with_context(|| format!("{}{path}: the answer is not JSON", self.url))?;
                if v["errors"] != Json::Bool(true) {
                    return Ok(Vec::new());
                }
                let items = v["items"].as_array().cloned().unwrap_or_default();
                items
                    .iter()
                    .map(|it| {
                        let op = it
                            .as_object()
                            .and_then(|o| o.values().next())
                            .cloned()
                            .unwrap_or_default();
                        let status = op["status"].as_u64().unwrap_or(0) as u16;
                        let id = op["_id"].as_str().unwrap_or_default().to_string();
                        (status, format!("{id}: {}", brief(&op["error"].to_string())))
                    })
                    .collect()
            }
            Format::Ndjson => body
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    let v: Json = serde_json::from_str(l).unwrap_or_default();
                    if v["success"] == Json::Bool(true) {
                        (200, String::new())
                    } else {
                        let code = v["code"].as_u64().unwrap_or(400) as u16;
                        (code, brief(v["error"].as_str().unwrap_or(l)))
                    }
                })
                .collect(),
            Format::Quickwit => return Ok(Vec::new()),
        };
        let mut busy = Vec::new();
        for (i, (status, reason)) in statuses.iter().enumerate() {
            match status {
                200..=299 => {}
                429 | 503 => busy.push(i),
                s => bail!(
                    "{}{path}: a document was refused (HTTP {s}): {reason}",
                    self.url
                ),
            }
        }
        Ok(busy)
    }

    /// The number of documents the server holds in the index, once what was
    /// sent is searchable.
    fn count(&self, agent: &Http, format: Format) -> anyhow::Result<u64> {
        let (path, pointer) = match format {
            Format::Elasticsearch => {
                let refresh = format!("/{}/_refresh", self.name);
                let a = self.call(agent, "POST", &refresh, "application/json", Some(b""))?;
                if !(200..300).contains(&a.status) {
                    bail!(
                        "{}{refresh}: HTTP {}: {}",
                        self.url,
                        a.status,
                        brief(&a.body)
                    );
                }
                (format!("/{}/_count", self.name), "/count")
            }
            Format::Quickwit => (
                format!("/api/v1/{}/search?query=*&max_hits=0", self.name),
                "/num_hits",
            ),
            Format::Ndjson => (format!("/collections/{}", self.name), "/num_documents"),
        };
        let a = self.call(agent, "GET", &path, "application/json", None)?;
        if !(200..300).contains(&a.status) {
            bail!("{}{path}: HTTP {}: {}", self.url, a.status, brief(&a.body));
        }
        let v: Json = serde_json::from_str(&a.body)
            .with_context(|| format!("{}{path}: the answer is not JSON", self.url))?;
        v.pointer(pointer)
            .and_then(Json::as_u64)
            .with_context(|| format!("{}{path}: no document count in the answer", self.url))
    }
}

/// A plain-HTTP/1.1 client for one server: one connection per request
/// (`Connection: close`), bodies by `Content-Length` or chunked.
struct Http {
    /// `host:port` to connect to.
    addr: String,
    /// The `Host` header.
    host: String,
}

impl Http {
    /// The client for `url` (`http://host[:port]`, no path).
    fn new(url: &str) -> anyhow::Result<Http> {
        let Some(rest) = url.strip_prefix("http://") else {
            bail!("{url}: --push takes an http:// URL (no TLS client is built in)");
        };
        if rest.contains('/') || rest.is_empty() {
            bail!("{url}: give the server's base URL (http://host:port), without a path");
        }
        let addr = if rest
            .rsplit(':')
            .next()
            .is_some_and(|p| p.parse::<u16>().is_ok())
        {
            rest.to_string()
        } else {
            format!("{rest}:80")
        };
        Ok(Http {
            addr,
            host: rest.to_string(),
        })
    }

    /// Sends a request (`head` ends with the blank line) and reads the answer.
    fn exchange(&self, head: &[u8], body: &[u8]) -> std::io::Result<(u16, String)> {
        let mut stream = TcpStream::connect(&self.addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(300)))?;
        stream.set_write_timeout(Some(Duration::from_secs(300)))?;
        stream.write_all(head)?;
        stream.write_all(body)?;
        stream.flush()?;
        let mut r = BufReader::new(stream);
        let bad =
            |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
        let mut line = String::new();
        r.read_line(&mut line)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("not an HTTP answer"))?;
        let (mut length, mut chunked) = (None, false);
        loop {
            line.clear();
            if r.read_line(&mut line)? == 0 || line.trim().is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap_or((&line, ""));
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            if name == "content-length" {
                length = value.parse::<u64>().ok();
            } else if name == "transfer-encoding" && value.eq_ignore_ascii_case("chunked") {
                chunked = true;
            }
        }
        let mut out = Vec::new();
        if chunked {
            loop {
                line.clear();
                r.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                    .map_err(|_| bad("bad chunk size"))?;
                if size == 0 {
                    break;
                }
                if out.len() + size > MAX_RESPONSE as usize {
                    return Err(bad("answer too large"));
                }
                let start = out.len();
                out.resize(start + size, 0);
                r.read_exact(&mut out[start..])?;
                line.clear();
                r.read_line(&mut line)?;
            }
        } else {
            let limit = length.unwrap_or(MAX_RESPONSE).min(MAX_RESPONSE);
            r.take(limit).read_to_end(&mut out)?;
        }
        Ok((status, String::from_utf8_lossy(&out).into_owned()))
    }
}

/// The first 300 characters of a server's message, on one line.
fn brief(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    one.chars().take(300).collect()
}
