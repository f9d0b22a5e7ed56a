//! `polsearch serve`: the JSON API through a plain HTTP client (its JSON
//! deserialized into the same mirror types as `search --json`, see json.rs),
//! the security rules (escaping, CSP, Host, bounds, 400s), and the page in a
//! real headless Chromium driven over WebDriver by fantoccini: type a query,
//! click a region, page, open an article, follow the timeline, the URL round
//! trip, a hostile title, desktop and phone widths. Screenshots are kept in
//! `target/serve-screenshots/`.
//!
//! One small index of invented articles and one server per test; the browser
//! test takes about 10 s (Chromium's start-up most of it).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use polsearch::extract::Article;

use crate::json::Results;
use crate::util::TestDir;

/// A title that would run script if it were not escaped.
const HOSTILE: &str =
    "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"> Hostile \"title\" & co";

/// Builds the fixture index at `dir/idx`: 26 articles over 2023–2024 in
/// three regions (Mali and Niger in Africa), a reprint of one of them on
/// another site, and a page whose title, author and URL are hostile.
fn fixture(dir: &Path) -> PathBuf {
    let idx = dir.join("idx");
    let index = polsearch::index::open_or_create(&idx).unwrap();
    let fields = polsearch::schema::Fields::new(&index.schema()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(20_000_000).unwrap();
    let places = [
        (
            "Africa",
            Some("Africa/Mali"),
            "War & Conflict",
            "crisisgroup.org",
        ),
        ("Africa", Some("Africa/Niger"), "Migration", "example.org"),
        (
            "Latin America",
            Some("Latin America/Colombia"),
            "Diplomacy",
            "wola.org",
        ),
        ("Europe", None, "Economy", "example.net"),
    ];
    let reader = index.reader().unwrap();
    let mut groups = polsearch::index::groups::Grouper::new(fields, reader.searcher());
    let mut add = |path: String, a: Article| {
        let doc = groups.document(Path::new(&path), &a).unwrap();
        writer.add_document(doc).unwrap();
    };
    for i in 0..24u32 {
        let (region, country, topic, site) = places[i as usize % 4];
        let month = i % 12 + 1;
        let year = 2023 + i / 12;
        add(
            format!("pages/a{i:02}.html"),
            Article {
                title: format!("Dispatch {i:02}: convoys and ceasefire talks in {region}"),
                authors: vec![format!("Writer {}", i % 3)],
                date: Some(format!("{year}-{month:02}-15").parse().unwrap()),
                site: Some(site.into()),
                url: Some(format!("https://{site}/a{i:02}")),
                kind: Some(if i % 2 == 0 { "Analysis" } else { "Report" }.into()),
                region: vec![region.into()],
                country: country.map(str::to_string).into_iter().collect(),
                topic: vec![topic.into()],
                // short bodies (under 20 word 4-shingles) are never taken for copies
                body: format!(
                    "Report {i} on the ceasefire: aid convoys waited at the border while talks went on."
                ),
                ..Article::default()
            },
        );
    }
    let long =
        "Russian mercenaries of the Wagner group withdrew from bases near Kidal in northern \
                Mali after months of fighting, and thousands of refugees crossed into Mauritania \
                as the junta in Bamako insisted the instructors would stay to guard the capital \
                and the gold mines that pay for the security assistance from Moscow.";
    for (path, site) in [
        ("pages/original.html", "crisisgroup.org"),
        ("pages/reprint.html", "reprints.example"),
    ] {
        add(
            path.into(),
            Article {
                title: "Wagner leaves Kidal".into(),
                date: Some("2024-03-02".parse().unwrap()),
                site: Some(site.into()),
                url: Some(format!("https://{site}/wagner-kidal")),
                region: vec!["Africa".into()],
                country: vec!["Africa/Mali".into()],
                topic: vec!["War & Conflict".into()],
                body: long.into(),
                ..Article::default()
            },
        );
    }
    add(
        "pages/hostile.html".into(),
        Article {
            title: HOSTILE.into(),
            subtitle: Some("<b onmouseover=\"window.pwned=3\">dek</b>".into()),
            authors: vec!["<svg onload=\"window.pwned=4\">".into()],
            date: Some("2024-06-01".parse().unwrap()),
            site: Some("evil.example".into()),
            url: Some("javascript:window.pwned=5".into()),
            region: vec!["Europe".into()],
            topic: vec!["Economy".into()],
            body: "Hostile body text about sanctions <script>window.pwned=6</script>.".into(),
            markup: "<h2>Section</h2><p>Hostile markup <script>window.pwned=7</script></p>\
                     <ul><li>one</li><li>two</li></ul>"
                .into(),
            ..Article::default()
        },
    );
    writer.commit().unwrap();
    idx
}

/// A `polsearch serve` child on a free loopback port, killed on drop.
struct Server {
    child: Child,
    port: u16,
    _dir: TestDir,
}

impl Server {
    fn start() -> Server {
        let dir = TestDir::new();
        fixture(dir.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_polsearch"))
            .args(["serve", "--index", "idx", "--port", "0"])
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        // "polsearch: serving at http://127.0.0.1:PORT/ (Ctrl-C stops)"
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        Server {
            child,
            port,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// `GET path` with this Host header: (status, headers lower-cased, body).
    fn get_as(&self, host: &str, path: &str) -> (u16, BTreeMap<String, String>, String) {
        self.raw(&format!(
            "GET {path} HTTP/1.0\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    }

    fn get(&self, path: &str) -> (u16, BTreeMap<String, String>, String) {
        self.get_as(&format!("127.0.0.1:{}", self.port), path)
    }

    fn raw(&self, request: &str) -> (u16, BTreeMap<String, String>, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        s.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = (lines.next().unwrap_or("").split(' ').nth(1))
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        (status, headers, body.to_string())
    }

    fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, headers, body) = self.get(path);
        assert_eq!(
            headers.get("content-type").map(String::as_str),
            Some("application/json"),
            "{path}"
        );
        (status, serde_json::from_str(&body).unwrap())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The same search through `polsearch search --json`.
fn cli_results(dir: &Path, args: &[&str]) -> Results {
    let out = Command::new(env!("CARGO_BIN_EXE_polsearch"))
        .args(["search", "--index", "idx", "--json"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn api_answers_as_the_command_line_does() {
    let server = Server::start();
    let (status, _, body) = server.get("/api/search?q=ceasefire+convoys&region=Africa&per=5");
    assert_eq!(status, 200, "{body}");
    let web: Results = serde_json::from_str(&body).unwrap();
    let cli = cli_results(
        server._dir.path(),
        &["ceasefire convoys", "--region", "Africa", "--limit", "5"],
    );
    assert_eq!(web.total, cli.total);
    assert_eq!(web.total, 12);
    let paths = |r: &Results| r.hits.iter().map(|h| h.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&web), paths(&cli));
    assert_eq!(web.facets.country, cli.facets.country);
    assert_eq!(web.facets.site, cli.facets.site);
    // paging by limit/offset, the timeline as `--timeline --json` adds it
    let (_, v) = server.json("/api/search?q=*&limit=3&offset=3&sort=date&timeline=month");
    let page: Results = serde_json::from_value({
        let mut v = v.clone();
        v.as_object_mut().unwrap().remove("timeline");
        v
    })
    .unwrap();
    assert_eq!(page.hits.len(), 3);
    assert_eq!(v["timeline"]["granularity"], "month");
    let sum: u64 = (v["timeline"]["buckets"].as_array().unwrap().iter())
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        sum + v["timeline"]["undated"].as_u64().unwrap(),
        page.total as u64
    );
    // a reprint is one hit, with the copy in `also`
    let (_, v) = server.json("/api/search?q=kidal");
    assert_eq!(v["hits"].as_array().unwrap().len(), 1);
    assert_eq!(v["hits"][0]["also"].as_array().unwrap().len(), 1);
    // facets and one article, as `facets --json` and `show --json`
    let (status, v) = server.json("/api/facets");
    assert_eq!(status, 200);
    // 8 documents in Mali, one a reprint: 7 articles
    assert_eq!(v["country"]["Africa/Mali"], 7);
    let id = polsearch::index::document_id("pages/a00.html");
    let (status, v) = server.json(&format!("/api/show/{id}"));
    assert_eq!(status, 200);
    assert_eq!(v["path"], "pages/a00.html");
    assert_eq!(v["id"], id.as_str());
    let (status, _) = server.json("/api/show/00000000000000ff");
    assert_eq!(status, 404);
}

#[test]
fn bad_requests_get_a_400_with_the_reason() {
    let server = Server::start();
    // a query that does not parse: the message, line and column
    let (status, v) = server.json("/api/search?q=wagner+%22mali");
    assert_eq!(status, 400);
    assert!(v["error"].as_str().unwrap().contains("unclosed"), "{v}");
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(1), Some(8))
    );
    let (status, _, page) = server.get("/?q=wagner+%22mali");
    assert_eq!(status, 400);
    assert!(page.contains("line 1, column 8"), "{page}");
    for path in [
        "/api/search?per=1000".to_string(),
        "/api/search?page=100000".to_string(),
        format!("/api/search?q={}", "a".repeat(2000)),
        format!(
            "/api/search?{}",
            (0..40)
                .map(|i| format!("site=s{i}"))
                .collect::<Vec<_>>()
                .join("&")
        ),
        "/api/search?sort=cheapest".into(),
        "/api/search?colour=red".into(),
        "/api/search?region=Atlantis".into(),
        "/api/search?since=yesterday".into(),
        "/api/search?timeline=decade".into(),
        "/api/search?q=%FF%FE".into(),
        "/api/show/..%2F..%2Fetc%2Fpasswd".into(),
        "/api/show/zzzzzzzzzzzzzzzz".into(),
        "/api/facets?x=1".into(),
    ] {
        let (status, _, body) = server.get(&path);
        assert_eq!(status, 400, "{path}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(!v["error"].as_str().unwrap().is_empty());
    }
    let (status, _, _) = server.get("/article/..%2F..%2Fetc%2Fpasswd");
    assert_eq!(status, 400);
    let (status, _, _) = server.get("/static/../../etc/passwd");
    assert_eq!(status, 404);
    // read-only: no other method; a stranger's Host (DNS rebinding) is refused
    let (status, _, _) = server.raw("POST /api/search HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    assert_eq!(status, 405);
    let (status, _, _) = server.get_as("evil.example", "/api/facets");
    assert_eq!(status, 400);
    let (status, _, _) = server.get_as("localhost:1", "/api/facets");
    assert_eq!(status, 200);
    // the server is still up and answers in parallel
    let handles: Vec<_> = (0..16)
        .map(|i| {
            let port = server.port;
            std::thread::spawn(move || Server::raw_on(port, &format!("/api/search?q=report+{i}")))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 200);
    }
}

impl Server {
    /// The status of `GET path` on `port` (for threads).
    fn raw_on(port: u16, path: &str) -> u16 {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        text.split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0)
    }
}

#[test]
fn scraped_strings_are_text_and_the_policy_is_strict() {
    let server = Server::start();
    let (status, headers, page) = server.get("/?q=hostile");
    assert_eq!(status, 200);
    let csp = headers.get("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
    assert!(
        page.contains("&lt;script&gt;window.pwned=1&lt;/script&gt;"),
        "{page}"
    );
    for raw in ["<script>window", "<img src=x", "<svg onload", "javascript:"] {
        assert!(!page.contains(raw), "{raw} in the page");
    }
    // the only scripts are the page's own
    assert_eq!(page.matches("<script").count(), 1);
    let id = polsearch::index::document_id("pages/hostile.html");
    let (status, _, article) = server.get(&format!("/article/{id}"));
    assert_eq!(status, 200);
    assert!(article.contains("&lt;b onmouseover"));
    assert!(!article.contains("javascript:") && !article.contains("<b onmouseover"));
    assert_eq!(article.matches("<script").count(), 1);
    // a `back` link is a search of this page, or a 400
    let (status, _, _) = server.get(&format!("/article/{id}?back=%2F%2Fevil.example"));
    assert_eq!(status, 400);
}

#[test]
fn a_non_loopback_bind_needs_public() {
    let t = TestDir::new();
    fixture(t.path());
    let out = Command::new(env!("CARGO_BIN_EXE_polsearch"))
        .args([
            "serve", "--index", "idx", "--bind", "0.0.0.0", "--port", "0",
        ])
        .current_dir(t.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not a loopback address") && err.contains("--public"),
        "{err}"
    );
}

/// Chromium and its driver, from Debian (`.ci/run` installs them).
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = PathBuf::from("/usr/bin/chromium");
    let driver = PathBuf::from("/usr/bin/chromedriver");
    if chromium.exists() && driver.exists() {
        return Some((chromium, driver));
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI=true but /usr/bin/chromium or /usr/bin/chromedriver is missing (.ci/run installs them)"
    );
    eprintln!("SKIPPED: browser tests need Debian's chromium and chromium-driver");
    None
}

/// A chromedriver child on a free port, killed on drop.
struct Driver(Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_driver(driver: &Path) -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver(child, port)
}

fn screenshots() -> PathBuf {
    let dir = crate::util::root().join("target/serve-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_page_in_a_real_browser() {
    let Some((chromium, driver)) = browser() else {
        return;
    };
    let server = Server::start();
    let driver = start_driver(&driver);
    let profile = TestDir::new();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(browse(&server, driver.1, &chromium, profile.path()));
}

/// The text of the first element `css` selects on the browser's page.
async fn text_of(c: &fantoccini::Client, css: &str) -> String {
    let element = c.find(fantoccini::Locator::Css(css)).await.unwrap();
    element.text().await.unwrap()
}

/// The `value` property of the first element `css` selects (a form field).
async fn value_of(c: &fantoccini::Client, css: &str) -> Option<String> {
    let element = c.find(fantoccini::Locator::Css(css)).await.unwrap();
    element.prop("value").await.unwrap()
}

async fn browse(server: &Server, driver_port: u16, chromium: &Path, profile: &Path) {
    use fantoccini::{ClientBuilder, Locator};
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--disable-quic",
                     format!("--user-data-dir={}", profile.display()),
                     "--window-size=1280,1000"],
        }),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a chromedriver session");
    let shots = screenshots();
    let current = |c: &fantoccini::Client| {
        let c = c.clone();
        async move { c.current_url().await.unwrap().to_string() }
    };
    // waits (up to 10 s) for a navigation to reach a URL holding `part`
    let reach = |c: &fantoccini::Client, part: &'static str| {
        let c = c.clone();
        async move {
            let start = Instant::now();
            loop {
                let u = c.current_url().await.unwrap().to_string();
                if u.contains(part) {
                    return u;
                }
                assert!(start.elapsed() < Duration::from_secs(10), "{u}: no {part}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    let shoot = |c: &fantoccini::Client, name: &'static str| {
        let (c, path) = (c.clone(), shots.join(name));
        async move { std::fs::write(path, c.screenshot().await.unwrap()).unwrap() }
    };
    let query_of = |u: &str| -> Vec<(String, String)> {
        let q = u.split_once('?').map_or("", |(_, q)| q);
        form_urlencoded::parse(q.as_bytes()).into_owned().collect()
    };

    // the box has the focus; type a query and press Enter
    c.goto(&server.url("/")).await.unwrap();
    let focused = c
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "q");
    let boxed = c.find(Locator::Css("#q")).await.unwrap();
    boxed.send_keys("ceasefire\u{E007}").await.unwrap();
    reach(&c, "q=ceasefire").await;
    let count = text_of(&c, "#count").await;
    assert!(count.starts_with("24 matching articles"), "{count}");

    // click the region facet Africa: the URL gains it, every hit is in Africa
    let africa = c
        .find(Locator::XPath(
            "//section[@data-key='region']//a[span[@class='v']='Africa']",
        ))
        .await
        .unwrap();
    africa.click().await.unwrap();
    let u = current(&c).await;
    assert!(
        query_of(&u).contains(&("region".into(), "Africa".into())),
        "{u}"
    );
    let count = text_of(&c, "#count").await;
    assert!(
        count.starts_with("12 matching articles, showing 1–10"),
        "{count}"
    );
    for chips in c
        .find_all(Locator::Css("article.hit .chips"))
        .await
        .unwrap()
    {
        assert!(chips.text().await.unwrap().contains("Africa"));
    }
    shoot(&c, "desktop-search.png").await;

    // page 2
    c.find(Locator::Css("nav.pager a[rel=next]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let u = current(&c).await;
    assert!(query_of(&u).contains(&("page".into(), "2".into())), "{u}");
    let count = text_of(&c, "#count").await;
    assert!(count.ends_with("showing 11–12"), "{count}");

    // open an article, then back to the same search
    let first = c.find(Locator::Css("article.hit h3 a")).await.unwrap();
    let title = first.text().await.unwrap();
    first.click().await.unwrap();
    assert!(current(&c).await.contains("/article/"));
    let h1 = text_of(&c, "article.read h1").await;
    assert_eq!(h1, title);
    let orig = c
        .find(Locator::Css("a.orig"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(orig.starts_with("https://"), "{orig}");
    shoot(&c, "desktop-article.png").await;
    c.find(Locator::Css("p.back a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(query_of(&current(&c).await), query_of(&u));

    // follow the timeline: a month's bar narrows the range to that month
    let bar = c
        .find(Locator::Css("svg.timeline a[data-period='2023-05']"))
        .await
        .unwrap();
    bar.click().await.unwrap();
    let u = current(&c).await;
    let q = query_of(&u);
    assert!(
        q.contains(&("since".into(), "2023-05".into()))
            && q.contains(&("until".into(), "2023-05".into())),
        "{u}"
    );
    let count = text_of(&c, "#count").await;
    assert!(count.starts_with("1 matching article"), "{count}");
    let meta = text_of(&c, "article.hit .meta").await;
    assert!(meta.contains("2023-05-15"), "{meta}");

    // the URL round-trips: a shared link restores the query, filters, range and order
    let shared = server.url("/?q=convoys&region=Africa&topic=Migration&since=2023-03&sort=date");
    c.goto(&shared).await.unwrap();
    let value = value_of(&c, "#q").await;
    assert_eq!(value.as_deref(), Some("convoys"));
    let since = value_of(&c, "#since").await;
    assert_eq!(since.as_deref(), Some("2023-03"));
    let on = text_of(&c, "nav.sort a.on").await;
    assert_eq!(on, "date");
    let active = text_of(&c, "ul.active").await;
    assert!(
        active.contains("Region: Africa") && active.contains("Topic: Migration"),
        "{active}"
    );
    // the search box keeps the filters: a new query is run inside them
    let boxed = c.find(Locator::Css("#q")).await.unwrap();
    boxed.clear().await.unwrap();
    boxed.send_keys("ceasefire\u{E007}").await.unwrap();
    reach(&c, "q=ceasefire").await;
    let q = query_of(&current(&c).await);
    for pair in [
        ("q", "ceasefire"),
        ("region", "Africa"),
        ("topic", "Migration"),
        ("since", "2023-03"),
        ("sort", "date"),
    ] {
        assert!(
            q.contains(&(pair.0.into(), pair.1.into())),
            "{pair:?} in {q:?}"
        );
    }
    // "/" focuses the box from anywhere
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    let focused = c
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "q");

    // a hostile title renders as text and runs nothing, in the list and the article
    c.goto(&server.url("/?q=hostile")).await.unwrap();
    let shown = text_of(&c, "article.hit h3 a").await;
    assert_eq!(shown, HOSTILE);
    let pwned = c
        .execute("return window.pwned === undefined", vec![])
        .await
        .unwrap();
    assert_eq!(pwned, true);
    c.find(Locator::Css("article.hit h3 a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let pwned = c
        .execute(
            "return window.pwned === undefined && document.querySelectorAll('script').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(pwned, 1, "only the page's own script");

    // phone width: one column, nothing wider than the screen
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&server.url("/?q=ceasefire&region=Africa"))
        .await
        .unwrap();
    let fits = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(fits, true, "the page scrolls sideways at 390 px");
    let column = c
        .execute(
            "var a = document.querySelector('aside.facets').getBoundingClientRect();\
             var r = document.querySelector('section.results').getBoundingClientRect();\
             return a.top >= r.bottom - 1",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        column, true,
        "on a phone the filters come after the results"
    );
    shoot(&c, "phone-search.png").await;
    c.close().await.unwrap();
}
