//! The HTML of `polsearch serve`, written with maud: every scraped string goes
//! in as text (escaped by maud), links to other sites only when they are
//! `http(s)://`, and all state in the URL, so the page works without
//! JavaScript (forms and links); `app.js` only adds `/` to focus the box.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use polsearch::search::{Granularity, Hit, SearchResults, Timeline};
use serde_json::Value;

use super::params::Params;
use super::{AppState, Failure};

/// The style sheet (served as a file: the CSP allows no inline style).
const STYLE: &str = include_str!("style.css");
/// The one script: `/` focuses the search box.
const SCRIPT: &str = include_str!("app.js");
/// Most values a facet lists before "more".
const FACET_SHOWN: usize = 8;
/// Text width of the article view (as `polsearch show --width`).
const ARTICLE_WIDTH: usize = 76;

/// `GET /static/style.css`.
pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

/// `GET /static/app.js`.
pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

/// Any other path: a 404 page.
pub async fn not_found() -> Response {
    let body = layout(
        "Not found",
        &Params::default(),
        html! { p.error { "No such page. " a href="/" { "Search" } } },
    );
    (StatusCode::NOT_FOUND, body).into_response()
}

/// What one search page needs from the engine.
struct Found {
    results: SearchResults,
    timeline: Timeline,
}

/// `GET /?q=…&region=…`: the search page.
pub async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(bad) => {
            let p = Params::default();
            return failure_page(&p, Failure::Bad(bad.0, None));
        }
    };
    let request = params.request();
    let found = state
        .blocking(move |engine| {
            let results = engine.search(&request)?;
            let timeline = engine.timeline(&request, Granularity::Month)?;
            Ok(Found { results, timeline })
        })
        .await;
    match found {
        Ok(found) => {
            let title = if params.q.is_empty() {
                "polsearch".to_string()
            } else {
                format!("{} – polsearch", params.q)
            };
            layout(&title, &params, results_view(&state, &params, &found)).into_response()
        }
        Err(f) => failure_page(&params, f),
    }
}

/// The page for a failed search: the form, and the error with the query
/// and a caret under the column.
fn failure_page(params: &Params, failure: Failure) -> Response {
    let status = failure.status();
    let caret = match &failure {
        Failure::Bad(_, Some((line, column))) => {
            let shift = usize::from(params.query_text() != params.q);
            params
                .q
                .lines()
                .nth(line - 1)
                .map(|l| (l.to_string(), column.saturating_sub(shift + 1)))
        }
        _ => None,
    };
    let where_ = match &failure {
        Failure::Bad(_, Some((line, column))) => format!(" (line {line}, column {column})"),
        _ => String::new(),
    };
    let body = html! {
        div.error role="alert" {
            p { strong { "Cannot search" (where_) ": " } (failure.message()) }
            @if let Some((line, at)) = caret {
                pre.caret { (line) "\n" (" ".repeat(at)) "^" }
            }
        }
    };
    (status, layout("Error – polsearch", params, body)).into_response()
}

/// The whole document around `main`.
fn layout(title: &str, params: &Params, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/static/style.css";
                script src="/static/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "polsearch" }
                    (search_form(params))
                }
                main #main { (main) }
            }
        }
    }
}

/// The search box, with the current filters, range and order kept as hidden fields.
fn search_form(params: &Params) -> Markup {
    html! {
        form.search action="/" method="get" role="search" {
            label.sr for="q" { "Search the index" }
            input #q type="search" name="q" value=(params.q) autofocus
                maxlength=(super::params::MAX_QUERY)
                placeholder="wagner AND mali · \"peace talks\" · refug* · date:2023"
                aria-describedby="help";
            (hidden_state(params, true))
            button type="submit" { "Search" }
            span #help .help { "Press / to search. Words, \"phrases\", AND/OR/NOT, prefix*, fuzzy~1, title:…, date:[2023 TO 2024]" }
        }
    }
}

/// Hidden inputs for the filters, order (and, with `range`, the date range).
fn hidden_state(params: &Params, range: bool) -> Markup {
    html! {
        @for (k, v) in &params.filters { input type="hidden" name=(k) value=(v); }
        @if range {
            @if let Some(s) = &params.since { input type="hidden" name="since" value=(s); }
            @if let Some(u) = &params.until { input type="hidden" name="until" value=(u); }
        }
        @if params.by_date { input type="hidden" name="sort" value="date"; }
        @if params.all_types { input type="hidden" name="all_types" value="1"; }
    }
}

fn results_view(state: &AppState, params: &Params, found: &Found) -> Markup {
    let r = &found.results;
    let first = params.offset() + 1;
    let last = params.offset() + r.hits.len();
    let pages = r.total.div_ceil(params.per.max(1));
    html! {
        // the results come first (in reading order, and on a phone); on a
        // wide screen the filters stand beside them, on the left
        div.layout {
            section.results aria-label="Results" {
                a.tofilters href="#filters" { "Filters ↓" }
                @if let Some(relaxed) = &r.relaxed { p.notice { (relaxed.notice) } }
                div.summary {
                    p.count #count {
                        (r.total) @if r.total == 1 { " matching article" } @else { " matching articles" }
                        @if !r.hits.is_empty() && r.hits.len() < r.total { ", showing " (first) "–" (last) }
                    }
                    nav.sort aria-label="Order" {
                        "Sort: "
                        a.on[!params.by_date] href=(params.sorted(false).href()) { "relevance" }
                        " · "
                        a.on[params.by_date] href=(params.sorted(true).href()) { "date" }
                    }
                }
                (active_filters(params))
                (timeline_svg(params, &found.timeline))
                ol.hits start=(first) {
                    @for hit in &r.hits { li { (hit_view(params, hit)) } }
                }
                @if pages > 1 { (pager(params, pages)) }
            }
            aside.facets #filters aria-label="Filters" {
                (date_form(params))
                (facet_sidebar(state, params, &r.facets))
            }
        }
    }
}

/// The filters in force, each a link that removes it.
fn active_filters(params: &Params) -> Markup {
    let range = params.since.is_some() || params.until.is_some();
    html! {
        @if !params.filters.is_empty() || range {
            ul.active aria-label="Active filters" {
                @for (k, v) in &params.filters {
                    li { a href=(params.toggled(k, v).href()) title="Remove this filter" {
                        (label_of(k)) ": " (v) " ✕" } }
                }
                @if range {
                    li { a href=(params.in_range(None, None).href()) title="Remove the date range" {
                        "date: " (params.since.as_deref().unwrap_or("…")) " to "
                        (params.until.as_deref().unwrap_or("…")) " ✕" } }
                }
            }
        }
    }
}

fn date_form(params: &Params) -> Markup {
    html! {
        form.dates action="/" method="get" {
            h2 { "Date" }
            @if !params.q.is_empty() { input type="hidden" name="q" value=(params.q); }
            (hidden_state(params, false))
            label { "From " input #since name="since" value=[params.since.as_deref()]
                placeholder="2023 or 2023-06" size="10" maxlength="10"; }
            label { "to " input #until name="until" value=[params.until.as_deref()]
                placeholder="2024-12" size="10" maxlength="10"; }
            button type="submit" { "Apply" }
        }
    }
}

/// The name a facet key shows as.
fn label_of(key: &str) -> String {
    match key {
        "region" => "Region".into(),
        "country" => "Country".into(),
        "topic" => "Topic".into(),
        "lang" => "Language".into(),
        "site" => "Site".into(),
        "kind" => "Kind".into(),
        "page_type" => "Page type".into(),
        "author" => "Author".into(),
        other => {
            let spaced = other.replace('_', " ");
            let mut c = spaced.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

/// The facet counts, read generically from their JSON form so that a facet
/// the index gains (`lang`) appears without a change here: region (with its
/// countries), topic, language, site, kind, page type, then any other.
fn facet_sidebar(
    state: &AppState,
    params: &Params,
    facets: &polsearch::search::FacetCounts,
) -> Markup {
    let value = serde_json::to_value(facets).unwrap_or(Value::Null);
    let Some(map) = value.as_object() else {
        return html! {};
    };
    let counts = |key: &str| -> Vec<(String, u64)> {
        let mut list: Vec<(String, u64)> = map
            .get(key)
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .filter_map(|(k, v)| v.as_u64().map(|n| (k.clone(), n)))
                    .collect()
            })
            .unwrap_or_default();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list
    };
    let order = ["region", "topic", "lang", "site", "kind", "page_type"];
    let mut keys: Vec<&str> = order
        .iter()
        .copied()
        .filter(|k| map.contains_key(*k))
        .collect();
    let mut rest: Vec<&str> = (map.keys().map(String::as_str))
        .filter(|k| !order.contains(k) && *k != "country" && super::params::is_facet_key(k))
        .collect();
    rest.sort();
    keys.extend(rest);
    let countries = counts("country");
    html! {
        @for key in keys {
            @let list = counts(key);
            @if !list.is_empty() {
                section.facet data-key=(key) {
                    h2 { (label_of(key)) }
                    @if key == "region" { (region_list(state, params, &list, &countries)) }
                    @else { (value_list(params, key, &list)) }
                }
            }
        }
    }
}

fn value_list(params: &Params, key: &str, list: &[(String, u64)]) -> Markup {
    let (shown, more) = list.split_at(list.len().min(FACET_SHOWN));
    let more_open = more.iter().any(|(v, _)| params.has(key, v));
    html! {
        ul { @for (v, n) in shown { li { (facet_link(params, key, v, *n)) } } }
        @if !more.is_empty() {
            details.more open[more_open] {
                summary { (more.len()) " more" }
                ul { @for (v, n) in more { li { (facet_link(params, key, v, *n)) } } }
            }
        }
    }
}

/// Regions, each expandable to its countries (open when one is chosen).
fn region_list(
    state: &AppState,
    params: &Params,
    regions: &[(String, u64)],
    countries: &[(String, u64)],
) -> Markup {
    html! {
        ul {
            @for (region, n) in regions {
                @let inside: Vec<&(String, u64)> = countries.iter()
                    .filter(|(c, _)| state.region_of(c) == Some(region.as_str())).collect();
                li {
                    @if inside.is_empty() { (facet_link(params, "region", region, *n)) }
                    @else {
                        details open[inside.iter().any(|(c, _)| params.has("country", c))] {
                            summary { (facet_link(params, "region", region, *n)) }
                            ul.countries {
                                @for (c, m) in inside { li { (facet_link(params, "country", c, *m)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn facet_link(params: &Params, key: &str, value: &str, n: u64) -> Markup {
    let on = params.has(key, value);
    let shown = if key == "kind" {
        capitalised(value)
    } else {
        value.to_string()
    };
    html! {
        a.on[on] href=(params.toggled(key, value).href()) aria-pressed=(on) {
            span.v { (shown) } " " span.n { (n) }
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The matching articles per month as bars; each bar links to its month.
fn timeline_svg(params: &Params, timeline: &Timeline) -> Markup {
    let buckets = &timeline.buckets;
    if buckets.is_empty() {
        return html! {};
    }
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(1).max(1);
    let (width, height) = (600.0_f64, 64.0_f64);
    let step = width / buckets.len() as f64;
    let gap = if step > 4.0 { 1.0 } else { 0.0 };
    let dated: u64 = buckets.iter().map(|b| b.count).sum();
    html! {
        figure.timeline {
            svg.timeline viewBox=(format!("0 0 {width} {}", height + 2.0)) preserveAspectRatio="none"
                role="img" aria-label=(format!("{dated} dated articles per month, {} to {}",
                    buckets[0].period, buckets[buckets.len() - 1].period)) {
                @for (i, b) in buckets.iter().enumerate() {
                    @let h = if b.count == 0 { 0.0 } else { (b.count as f64 / max as f64 * height).max(2.0) };
                    a href=(params.in_range(Some(&b.period), Some(&b.period)).href())
                        aria-label=(format!("{}: {} articles", b.period, b.count)) data-period=(b.period) {
                        rect.hitbox x=(i as f64 * step) y="0" width=(step) height=(height + 2.0) {}
                        rect.bar x=(i as f64 * step + gap / 2.0) y=(height + 2.0 - h)
                            width=((step - gap).max(0.5)) height=(h) {
                            title { (b.period) ": " (b.count) }
                        }
                    }
                }
            }
            figcaption {
                span { (buckets[0].period) }
                span { (dated) " dated · " (timeline.undated) " undated · by month" }
                span { (buckets[buckets.len() - 1].period) }
            }
        }
    }
}

/// A `http(s)://` URL, or nothing: a scraped `javascript:` link never becomes one.
fn safe_url(url: Option<&str>) -> Option<&str> {
    url.filter(|u| {
        let l = u.trim_start().to_ascii_lowercase();
        (l.starts_with("http://") || l.starts_with("https://")) && !u.contains(char::is_whitespace)
    })
}

fn hit_view(params: &Params, hit: &Hit) -> Markup {
    let id = polsearch::index::document_id(&hit.path);
    let back = params.to_query_string();
    let href = if back.is_empty() {
        format!("/article/{id}")
    } else {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.append_pair("back", &back);
        format!("/article/{id}?{}", s.finish())
    };
    let title = if hit.title.trim().is_empty() {
        "(untitled)"
    } else {
        hit.title.as_str()
    };
    let site = hit.site_name.clone().or_else(|| hit.site.clone());
    let mut meta: Vec<String> = Vec::new();
    meta.extend(site);
    meta.extend(hit.date.clone());
    meta.extend(hit.kind.clone());
    if !hit.authors.is_empty() {
        meta.push(hit.authors.join(", "));
    }
    html! {
        article.hit {
            h3 { a.title href=(href) { (title) } }
            p.meta { (meta.join(" · ")) }
            @if !(hit.region.is_empty() && hit.country.is_empty() && hit.topic.is_empty()) {
                p.chips {
                    @for r in &hit.region { a.chip.region href=(params.toggled("region", r).href()) { (r) } }
                    @for c in &hit.country { a.chip.country href=(params.toggled("country", c).href()) { (c) } }
                    @for t in &hit.topic { a.chip.topic href=(params.toggled("topic", t).href()) { (t) } }
                }
            }
            @if !hit.snippet.is_empty() { p.snippet { (snippet(hit)) } }
            @if !hit.also.is_empty() {
                p.also { "also at: "
                    @for (i, c) in hit.also.iter().enumerate() {
                        @if i > 0 { ", " }
                        @let name = c.site.clone().unwrap_or_else(|| c.path.clone());
                        @match safe_url(c.url.as_deref()) {
                            Some(u) => a href=(u) rel="noopener noreferrer nofollow" { (name) },
                            None => span { (name) },
                        }
                    }
                }
            }
            @if let Some(u) = safe_url(hit.url.as_deref()) {
                p.url { a.orig href=(u) rel="noopener noreferrer nofollow" { (u) } }
            }
        }
    }
}

/// The snippet with its matched words in `<mark>` (each part escaped).
fn snippet(hit: &Hit) -> Markup {
    let s = &hit.snippet;
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for &(start, end) in &hit.highlights {
        if start < at || end > s.len() || !s.is_char_boundary(start) || !s.is_char_boundary(end) {
            continue;
        }
        parts.push((false, &s[at..start]));
        parts.push((true, &s[start..end]));
        at = end;
    }
    parts.push((false, &s[at..]));
    html! { @for (marked, text) in parts { @if marked { mark { (text) } } @else { (text) } } }
}

fn pager(params: &Params, pages: usize) -> Markup {
    let page = params.page;
    let max_page = pages.min(super::params::MAX_DEPTH / params.per.max(1));
    html! {
        nav.pager aria-label="Pages" {
            @if page > 1 { a rel="prev" href=(params.on_page(page - 1).href()) { "← Previous" } }
            span { "page " (page) " of " (pages) }
            @if page < max_page { a rel="next" href=(params.on_page(page + 1).href()) { "Next →" } }
        }
    }
}

/// `GET /article/{id}?back=…`: one article, as `polsearch show` renders it.
pub async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    // the search to go back to, checked as a search (nothing else is linked)
    let mut back = Params::parse(None).unwrap_or_default();
    for (k, v) in form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes()) {
        if k == "back" {
            match Params::parse(Some(&v)) {
                Ok(p) => back = p,
                Err(bad) => return failure_page(&back, Failure::Bad(bad.0, None)),
            }
        }
    }
    let doc = match super::article(&state, id).await {
        Ok(d) => d,
        Err(f) => return failure_page(&back, f),
    };
    let text = match crate::show::render_body(&doc, ARTICLE_WIDTH) {
        Ok(t) => t,
        Err(e) => return failure_page(&back, Failure::Internal(e.to_string())),
    };
    let (meta, about) = crate::show::header_lines(&doc);
    let title = if doc.title.trim().is_empty() {
        "(untitled)".to_string()
    } else {
        doc.title.clone()
    };
    let body = html! {
        article.read {
            p.back { a href=(back.href()) { "← Back to the results" } }
            h1 { (title) }
            @if let Some(dek) = doc.subtitle.as_deref().filter(|d| !d.trim().is_empty()) { p.dek { (dek) } }
            @if !meta.is_empty() { p.meta { (meta.join(" · ")) } }
            @if !about.is_empty() { p.meta { (about.join(" · ")) } }
            p.url {
                @match safe_url(doc.url.as_deref()) {
                    Some(u) => { "Original: " a.orig href=(u) rel="noopener noreferrer nofollow" { (u) } },
                    None => { "Indexed from " code { (doc.path) } },
                }
                " · " a href=(format!("/api/show/{}", doc.id)) { "JSON" }
            }
            pre.body { (text) }
        }
    };
    layout(&format!("{title} – polsearch"), &back, body).into_response()
}
