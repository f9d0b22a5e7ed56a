//! The publication day of an HTML page, by the strength of its evidence.
//!
//! The evidence, gathered once ([`Evidence`]):
//! - the page's metadata: publication dates of its own JSON-LD article (or,
//!   when it describes none, of its `WebPage`) and of `<meta>` tags
//!   (`article:published_time`…), modification dates, dates under generic
//!   names (`DC.date`), a `<time pubdate>`;
//! - the dates the page *shows* in the article's header: the text and
//!   `<time>` elements just around the headline, each marked when its words
//!   say it is an update (`Updated`, `Last modified`);
//! - the first `<time>` above the end of the article (never a teaser's
//!   below it), an element classed as a publication date, the URL's
//!   `/YYYY/MM/DD/`.
//!
//! The choice ([`choose`]): the metadata's publication date, unless the
//! header shows only the modification date (the page presents itself as of
//! that day); without one, the header's first date that is not an update,
//! then the other sources. A URL date within a day of the chosen date wins
//! (it is the publisher's local day where metadata is often in UTC).

use chrono::NaiveDate;

use super::dom::{Dom, Tag};
use super::meta::Meta;
use crate::extract::date;

/// How much header text around the headline is read for dates (characters
/// after it, and before it for a kicker or dateline above the headline).
const HEADER_AFTER: usize = 600;
const HEADER_BEFORE: usize = 200;

/// Longest text of one element read as a date.
const MAX_DATE_TEXT: usize = 80;

/// What the page says of its dates.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Evidence {
    /// Publication dates of the metadata, best source first.
    pub published: Vec<NaiveDate>,
    /// Publication dates of a JSON-LD `WebPage` (no article described).
    pub page: Vec<NaiveDate>,
    /// Modification dates of the metadata.
    pub modified: Vec<NaiveDate>,
    /// Dates under generic names (`DC.date`), sometimes the modification date.
    pub generic: Vec<NaiveDate>,
    /// The first `<time pubdate>`.
    pub marked: Option<NaiveDate>,
    /// Dates shown around the headline, in page order.
    pub header: Vec<Shown>,
    /// The first `<time>` above the end of the article.
    pub in_article: Option<NaiveDate>,
    /// The first `<time>` anywhere.
    pub first_time: Option<NaiveDate>,
    /// The first element classed as a publication date.
    pub classed: Option<NaiveDate>,
    /// The first short line of the article that says it was posted or
    /// published on a day (`Posted on April 13, 2023`).
    pub posted: Option<NaiveDate>,
    /// The URL's date.
    pub url: Option<NaiveDate>,
}

/// A date shown around the headline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Shown {
    /// The day.
    pub day: NaiveDate,
    /// The words before it call it an update (`Updated`, `Last modified`).
    pub updated: bool,
    /// Written out for the reader (`August 19, 2025`), not only in a
    /// `<time datetime>` whose text is relative (`1 day ago`).
    pub written: bool,
}

/// Gathers the date evidence of a page whose headline is node `title_at`
/// (when it is an `<h1>`; else the element that prints `title`, see
/// [`printed_title`]) and whose article ends at node `article_end`.
pub(super) fn evidence(
    dom: &Dom,
    meta: &Meta,
    title_at: Option<usize>,
    title: &str,
    article_end: usize,
) -> Evidence {
    let parse_all = |v: &[String]| v.iter().filter_map(|d| date::parse(d)).collect::<Vec<_>>();
    let mut e = Evidence {
        published: parse_all(&meta.dates),
        page: parse_all(&meta.page_dates),
        modified: parse_all(&meta.modified),
        generic: parse_all(&meta.generic_dates),
        url: meta.url.as_deref().and_then(date::in_url),
        classed: classed_date(dom),
        posted: posted_line(dom, article_end),
        ..Evidence::default()
    };
    for i in (0..dom.nodes.len()).filter(|&i| dom.name(i) == "time") {
        // only the HTML `pubdate` attribute: `itemprop`s and classes also
        // mark the dates of teaser cards and of stale theme markup
        if e.marked.is_none() && dom.attr(i, "pubdate").is_some() {
            e.marked = short_date(&date_of(dom, i));
        }
        if e.first_time.is_none() {
            e.first_time = short_date(&date_of(dom, i));
            if i < article_end {
                e.in_article = e.first_time;
            }
        }
        if e.marked.is_some() && e.first_time.is_some() {
            break;
        }
    }
    if let Some(t) = title_at.or_else(|| printed_title(dom, title)) {
        e.header = header_dates(dom, t);
    }
    e
}

/// The element of the body whose own text is the headline `title` (same
/// words), when the headline is no `<h1>`: a blog's `<legend>` or `<h2>`, a
/// page builder's styled `<p>`.
fn printed_title(dom: &Dom, title: &str) -> Option<usize> {
    let want = super::title::words(title);
    if want.len() < 2 {
        return None;
    }
    let body = (0..dom.nodes.len()).find(|&i| dom.nodes[i].tag == Tag::Body)?;
    (body..dom.nodes[body].end).find_map(|i| {
        let t = dom.nodes[i].text?.trim();
        (t.len() <= 4 * title.len() && super::title::words(t) == want)
            .then_some(dom.nodes[i].parent)
    })
}

/// The day the page was published, from its [`Evidence`] (see the module docs).
pub(super) fn choose(e: &Evidence) -> Option<NaiveDate> {
    let near = |a: NaiveDate, b: NaiveDate| date::days_apart(a, b) <= 1;
    // shown as the publication, not as an update; `09.10.2024` shows
    // 2024-09-10 too (month and day in either order)
    let shown = |d: NaiveDate| {
        e.header
            .iter()
            .any(|h| !h.updated && (near(h.day, d) || swapped(h.day) == Some(d)))
    };
    let written = |d: NaiveDate| {
        e.header
            .iter()
            .any(|h| h.written && !h.updated && near(h.day, d))
    };
    let chosen = if let Some(&p) = e.published.first() {
        // a page that writes out only its modification date, not calling it
        // an update, presents itself as of then; one that says `Updated:` is
        // still of its publication day
        let shown_modified = e
            .modified
            .iter()
            .copied()
            .find(|&m| written(m) && !near(m, p));
        // metadata that disagrees with itself (JSON-LD and `<meta>` days
        // apart), or that the header does not show, yields to the
        // publication day the page shows its readers (the metadata of
        // site builders and republished posts carries the day of the build)
        let disagree = e.published.iter().any(|&d| !near(d, p)) || !shown(p);
        let shown_published = e.marked.or_else(|| {
            e.header
                .iter()
                .find(|h| h.written && !h.updated)
                .map(|h| h.day)
        });
        match (shown_modified, shown_published) {
            (_, Some(s)) if disagree => Some(s),
            (Some(m), _) if !shown(p) => Some(m),
            _ => Some(p),
        }
    } else {
        let header = e
            .header
            .iter()
            .find(|h| !h.updated)
            .or(e.header.first())
            .map(|h| h.day);
        // the URL's day (written by the CMS at publication) before the dates
        // near the headline, which may be a teaser's or an update's; then
        // generic metadata, the URL, a `<time>` in the article
        e.marked
            .or(e.url)
            .or(header)
            .or(e.page.first().copied())
            .or_else(|| {
                e.generic
                    .iter()
                    .copied()
                    .find(|d| !e.modified.contains(d) || e.in_article.is_none())
                    .or(e.url)
                    .or(e.in_article)
                    .or(e.generic.first().copied())
            })
    };
    match chosen {
        Some(d) => Some(match e.url {
            Some(u) if near(u, d) => u,
            _ => d,
        }),
        // a `<time>` outside the article is a teaser's: the URL and a dated
        // element come first
        None => e.url.or(e.posted).or(e.classed).or(e.first_time),
    }
}

/// The day with its month and day of month exchanged (2024-09-10 for
/// 2024-10-09), when that is a date.
fn swapped(d: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    NaiveDate::from_ymd_opt(d.year(), d.day(), d.month())
}

/// A date in a short text (an attribute or an element's text).
fn short_date(raw: &str) -> Option<NaiveDate> {
    (raw.len() <= MAX_DATE_TEXT)
        .then(|| date::parse(raw))
        .flatten()
}

/// The date of element `i`: its `datetime` or `content`, else its text.
fn date_of(dom: &Dom, i: usize) -> String {
    dom.attr(i, "datetime")
        .or_else(|| dom.attr(i, "content"))
        .map(str::to_string)
        .unwrap_or_else(|| dom.text(i, |_| false))
}

/// Words that call the date after them an update rather than the publication.
fn says_updated(context: &str) -> bool {
    let c = context.to_lowercase();
    [
        "updated",
        "modified",
        "last edited",
        "reviewed",
        "actualizado",
        "mis à jour",
        "aktualisiert",
    ]
    .iter()
    .any(|w| c.contains(w))
}

/// The dates shown around the headline `title_at`: in `<time>` attributes and
/// in the text of the [`HEADER_BEFORE`] characters before it and
/// [`HEADER_AFTER`] after it, in page order.
fn header_dates(dom: &Dom, title_at: usize) -> Vec<Shown> {
    let mut out = Vec::new();
    // the window: text nodes back to HEADER_BEFORE characters, forward to HEADER_AFTER
    let mut start = title_at;
    let mut seen = 0;
    while start > 0 && seen < HEADER_BEFORE {
        start -= 1;
        if let Some(t) = dom.nodes[start].text {
            seen += t.trim().len();
        }
    }
    let mut context = String::new();
    let mut after = 0;
    let title_end = dom.nodes[title_at].end;
    for i in start..header_end(dom, title_at) {
        if i >= title_end && after > HEADER_AFTER {
            break;
        }
        let node = &dom.nodes[i];
        if dom.name(i) == "time" {
            if let Some(day) = dom.attr(i, "datetime").and_then(short_date) {
                let text = dom.text(i, |_| false);
                out.push(Shown {
                    day,
                    updated: says_updated(&context) || says_updated(&text),
                    written: date::find_in_line(&text).is_some(),
                });
                context.clear();
                continue;
            }
        }
        let Some(t) = node.text.map(str::trim).filter(|t| !t.is_empty()) else {
            continue;
        };
        if i >= title_end {
            after += t.len();
        }
        // a dateline, not a sentence of the body that names a day
        if t.len() <= MAX_DATE_TEXT {
            let line = format!("{context} {t}");
            if let Some(d) = date::find_in_line(&line) {
                // the text before the date in this node or the one before it
                let before = date::blank_in_line(&line);
                if !out.iter().any(|o| o.day == d) {
                    out.push(Shown {
                        day: d,
                        updated: says_updated(&before),
                        written: true,
                    });
                }
                context.clear();
                continue;
            }
        }
        // keep the last short text as the context of a date in the next node
        context = if t.len() <= 40 {
            t.to_string()
        } else {
            String::new()
        };
    }
    out
}

/// Where the headline's header ends at the latest: at the end of the
/// `<article>` holding the headline, when one does (a short article's window
/// must not reach the teasers after it), else at the end of the page.
fn header_end(dom: &Dom, title_at: usize) -> usize {
    dom.ancestors(title_at)
        .find(|&a| dom.nodes[a].tag == Tag::Article)
        .map_or(dom.nodes.len(), |a| dom.nodes[a].end)
}

/// The day of the first short text above `article_end` that says the page
/// was posted or published on it (`Posted on April 13, 2023`, `Published: 3
/// May 2024`); below the article (an author box at the foot), only when every
/// such line of the page names the same day (a list of teasers names many).
fn posted_line(dom: &Dom, article_end: usize) -> Option<NaiveDate> {
    let mut found: Vec<(usize, NaiveDate)> = (0..dom.nodes.len())
        .filter_map(|i| {
            let t = dom.nodes[i].text?.trim();
            if t.len() > MAX_DATE_TEXT {
                return None;
            }
            let lower = t.to_lowercase();
            let said = ["posted on", "published on", "posted:", "published:"]
                .iter()
                .any(|w| lower.starts_with(w));
            said.then(|| date::find_in_line(t).map(|d| (i, d)))
                .flatten()
        })
        .take(16)
        .collect();
    if let Some(&(_, d)) = found.iter().find(|(i, _)| *i < article_end) {
        return Some(d);
    }
    found.dedup_by_key(|f| f.1);
    match found[..] {
        [(_, d)] => Some(d),
        _ => None,
    }
}

/// The first date found in an element (not a `<time>` or `<meta>`) whose
/// `itemprop` or class names a published date rather than a modified one.
fn classed_date(dom: &Dom) -> Option<NaiveDate> {
    let not_modified = |s: &str| !s.contains("update") && !s.contains("modif");
    (0..dom.nodes.len()).find_map(|i| {
        if matches!(dom.name(i), "time" | "meta") {
            return None;
        }
        let prop = dom.attr(i, "itemprop").unwrap_or("").to_ascii_lowercase();
        let class = dom.attr(i, "class").unwrap_or("").to_ascii_lowercase();
        let is_pub = (prop.contains("date") && not_modified(&prop))
            || class.split_whitespace().any(|c| {
                (c.ends_with("date")
                    || c.ends_with("dates")
                    || c.contains("publish")
                    || c.contains("publication")
                    || c.contains("dateline"))
                    && not_modified(c)
            });
        if !is_pub {
            return None;
        }
        short_date(&date_of(dom, i))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn day_of(html: &str) -> Option<NaiveDate> {
        day_of_titled(html, "")
    }

    /// The day of `html` whose headline is its `<h1>` or else `title`.
    fn day_of_titled(html: &str, title: &str) -> Option<NaiveDate> {
        let doc = scraper::Html::parse_document(html);
        let dom = Dom::new(&doc);
        let meta = super::super::meta::collect(&dom);
        let h1 = (0..dom.nodes.len()).find(|&i| dom.name(i) == "h1");
        let end = (0..dom.nodes.len())
            .find(|&i| dom.name(i) == "article")
            .map_or(dom.nodes.len(), |a| dom.nodes[a].end);
        choose(&evidence(&dom, &meta, h1, title, end))
    }

    #[test]
    fn a_shown_publication_day_beats_metadata_the_header_does_not_show() {
        // a site builder's metadata carries the day of the build
        let page = |shown: &str| {
            format!(
                r#"<head><script type="application/ld+json">{{"@type":"Article",
                "datePublished":"2025-11-05","dateModified":"2025-11-05"}}</script></head>
                <body><article><h1>Port talks</h1><p>{shown}</p><p>Written by Ann Lee</p>
                <p>Text.</p></article></body>"#
            )
        };
        assert_eq!(day_of(&page("January 31, 2024")), Some(ymd(2024, 1, 31)));
        // an update line is no publication day: the metadata stays
        assert_eq!(
            day_of(&page("Updated January 31, 2024")),
            Some(ymd(2025, 11, 5))
        );
        // the metadata's day shown as an update, another day as the publication
        let html = page("<span>Published Apr 26, 2023</span> <span>Updated Nov 5, 2025</span>");
        assert_eq!(day_of(&html), Some(ymd(2023, 4, 26)));
        // month and day in the other order still show the metadata's day
        let html = page("05.11.2025 in Ports").replace("2025-11-05", "2025-05-11");
        assert_eq!(day_of(&html), Some(ymd(2025, 5, 11)));
    }

    #[test]
    fn a_headline_that_is_no_h1_anchors_the_header() {
        let html = r#"<body><div class="title"><a href="/">Roger's Blog</a></div>
            <fieldset><legend>Advent of Code week two</legend> 20 December 2025
            <div class="body"><p>I did Advent of Code again, and it was a long week of
            puzzles.</p></div></fieldset></body>"#;
        assert_eq!(
            day_of_titled(html, "Advent of Code week two"),
            Some(ymd(2025, 12, 20))
        );
        assert_eq!(day_of_titled(html, "Another story"), None);
    }

    #[test]
    fn a_posted_on_line_dates_an_undated_page() {
        let html = r#"<body><article><h1>Indexing journals</h1><p>Text of the post, long
            enough to be read as one.</p></article><div class="meta"><span>Posted on April 13,
            2023</span></div></body>"#;
        assert_eq!(day_of(html), Some(ymd(2023, 4, 13)));
        // a list of teasers posted on many days (far below the headline)
        // dates nothing
        let html = format!(
            r#"<body><article><h1>Indexing journals</h1><p>{}</p></article>
            <ul><li>Posted on April 13, 2023</li><li>Posted on May 2, 2023</li></ul></body>"#,
            "Text of the post. ".repeat(50)
        );
        assert_eq!(day_of(&html), None);
    }

    #[test]
    fn an_element_classed_as_a_publication_time_dates_an_undated_page() {
        let html = r#"<body><div><p class="Author_name">Nick Mead</p>
            <span class="Author_publicationTime__F2lab">2022-11-23T08:10+02:00</span></div>
            <p>Text.</p></body>"#;
        assert_eq!(day_of(html), Some(ymd(2022, 11, 23)));
    }

    #[test]
    fn published_metadata_wins_over_modified() {
        let html = r#"<head><meta property="article:modified_time" content="2024-05-03">
            <meta property="article:published_time" content="2024-03-17T19:00:00Z"></head>
            <body><article><h1>Port talks</h1><p>Text.</p></article></body>"#;
        assert_eq!(day_of(html), Some(ymd(2024, 3, 17)));
    }

    #[test]
    fn a_page_showing_only_its_update_is_of_that_day() {
        let html = r#"<head><meta property="article:modified_time" content="2025-08-19T13:00:00Z">
            <meta property="article:published_time" content="2025-01-29T20:00:00Z"></head>
            <body><article><h1>Port talks</h1><span>August 19, 2025</span><p>Text.</p>
            </article></body>"#;
        assert_eq!(day_of(html), Some(ymd(2025, 8, 19)));
        // both shown: the publication
        let html = html.replace(
            "<span>August 19, 2025</span>",
            "<span>January 29, 2025</span> <span>Updated August 19, 2025</span>",
        );
        assert_eq!(day_of(&html), Some(ymd(2025, 1, 29)));
        // only the update shown, called one: the publication
        let html = html.replace("<span>January 29, 2025</span> ", "");
        assert_eq!(day_of(&html), Some(ymd(2025, 1, 29)));
    }

    #[test]
    fn a_web_page_date_yields_to_a_shown_publication_date() {
        let html = r#"<head><script type="application/ld+json">{"@type":"WebPage",
            "datePublished":"2025-11-29T12:00:00Z"}</script></head>
            <body><article><h1>Port talks</h1><p>Published <time pubdate datetime="2025-08-13">August 13,
            2025</time></p><p>Text.</p></article></body>"#;
        assert_eq!(day_of(html), Some(ymd(2025, 8, 13)));
        // metadata disagreeing with itself: the day the page shows
        let html = r#"<head><script type="application/ld+json">{"@type":"Article",
            "datePublished":"2025-11-29T12:00:00Z"}</script>
            <meta property="article:published_time" content="2025-08-08T00:00:00-04:00"></head>
            <body><article><h1>Port talks</h1><p>Published <time datetime="2025-08-13">August 13,
            2025</time></p><p>Text.</p></article></body>"#;
        assert_eq!(day_of(html), Some(ymd(2025, 8, 13)));
        // a day named in a sentence of the body is no dateline
        let html = r#"<body><article><h1>Tax season</h1><p>The end of the tax season for most
            people is April 15, 2025. If you are unable to file before that date, you still have
            options to consider.</p><p>Page last modified <time datetime="2025-01-17">Jan. 17,
            2025</time></p></article></body>"#;
        assert_eq!(day_of(html), Some(ymd(2025, 1, 17)));
    }

    #[test]
    fn a_teasers_time_does_not_date_the_page() {
        let html = r#"<body><article><h1>Port talks</h1><p>By Ann Lee</p>
            <p>Published 3 March 2024</p><p>Text of the article, long enough.</p></article>
            <aside><time datetime="2023-01-01">Jan 1</time><a href="/b">Other story</a></aside></body>"#;
        assert_eq!(day_of(html), Some(ymd(2024, 3, 3)));
    }

    #[test]
    fn the_header_date_beats_an_update_line() {
        let html = r#"<body><article><h1>Port talks</h1><p>Updated: May 3, 2024</p>
            <p>Posted on <a href="/x">May 1, 2024</a></p><p>Text.</p></article></body>"#;
        assert_eq!(day_of(html), Some(ymd(2024, 5, 1)));
    }

    #[test]
    fn a_relative_time_of_the_update_does_not_outweigh_the_publication() {
        let html = r#"<head><meta property="article:modified_time" content="2026-04-24T11:00:00Z">
            <meta property="article:published_time" content="2012-05-10T14:00:00Z"></head>
            <body><article><h1>Port talks</h1><time datetime="2026-04-24T11:00:00Z">1 day ago</time>
            <p>Text.</p></article></body>"#;
        assert_eq!(day_of(html), Some(ymd(2012, 5, 10)));
    }

    #[test]
    fn the_url_date_is_the_last_resort_and_the_local_day() {
        let html = r#"<head><link rel="canonical" href="https://x.org/2019/11/19/port/"></head>
            <body><h1>Port talks</h1><p>Text.</p></body>"#;
        assert_eq!(day_of(html), Some(ymd(2019, 11, 19)));
        let html = r#"<head><link rel="canonical" href="https://x.org/2019/11/19/port/">
            <meta property="article:published_time" content="2019-11-20T02:00:00Z"></head>
            <body><h1>Port talks</h1><p>Text.</p></body>"#;
        assert_eq!(day_of(html), Some(ymd(2019, 11, 19)));
    }
}
