//! HTML pages: a byte-level pre-pass drops scripts, styles and SVG; html5ever
//! (via scraper) parses the rest; the tree is flattened (`dom`) so that every
//! pass is a loop, not a recursion. Metadata comes first from JSON-LD, `<meta>`
//! and the canonical link (`meta`); the main text comes from a readability-style
//! content scorer with boilerplate rules as data (`content`, `rules.toml`).

mod byline;
mod content;
mod dom;
mod meta;
mod prepass;

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;
use scraper::Selector;
use serde::Deserialize;

use super::{date, Article};
use dom::{Dom, Tag};

/// Boilerplate rules for HTML pages (the `[html]` table of the rules file).
/// Class lists are case-insensitive substrings of an element's `class`, `id`,
/// `role`, `itemprop` and `data-component` attributes; text lists are
/// case-insensitive regular expressions that must match a whole block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HtmlRules {
    /// Elements (by tag name) that are never article text.
    #[serde(default)]
    pub drop_tags: Vec<String>,
    /// CSS selectors of elements that are never article text.
    #[serde(default)]
    pub drop_selectors: Vec<String>,
    /// CSS selectors of elements dropped unless they hold most of the page's text.
    #[serde(default)]
    pub soft_drop_selectors: Vec<String>,
    /// CSS selectors of image captions and credits (kept apart from the body).
    #[serde(default)]
    pub caption_selectors: Vec<String>,
    /// Class/id substrings of image captions and credits.
    #[serde(default)]
    pub caption_class: Vec<String>,
    /// Class/id substrings of boilerplate elements (share bars, teasers, newsletters…).
    #[serde(default)]
    pub drop_class: Vec<String>,
    /// Class/id substrings that veto a `drop_class` match.
    #[serde(default)]
    pub keep_class: Vec<String>,
    /// Class/id substrings of likely article containers (scorer bonus).
    #[serde(default)]
    pub positive_class: Vec<String>,
    /// Class/id substrings of unlikely article containers (scorer penalty).
    #[serde(default)]
    pub negative_class: Vec<String>,
    /// Regexes of whole blocks that are dropped ("Advertisement", "Sign up for…").
    #[serde(default)]
    pub drop_text: Vec<String>,
    /// Regexes searched inside short blocks (at most [`PITCH_MAX_CHARS`]
    /// characters): a block with a match is dropped (pitches that vary around
    /// a fixed phrase, "…please sign up for our daily newsletter, …").
    #[serde(default)]
    pub drop_containing: Vec<String>,
    /// Regexes of headings that open a trailing teaser section ("Related articles").
    #[serde(default)]
    pub section_end: Vec<String>,
    /// CSS selectors of bylines (author names), tried when metadata has none.
    #[serde(default)]
    pub byline_selectors: Vec<String>,
    /// CSS selectors of breadcrumb trails (their link texts become labels).
    #[serde(default)]
    pub breadcrumb_selectors: Vec<String>,
    /// Content kinds a page may label itself with (Analysis, Opinion…).
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(skip)]
    compiled: OnceLock<Compiled>,
}

/// The rules compiled into matchers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Compiled {
    drop_tags: HashSet<String>,
    drop_sel: Option<Selector>,
    soft_sel: Option<Selector>,
    caption_sel: Option<Selector>,
    byline_sel: Option<Selector>,
    breadcrumb_sel: Option<Selector>,
    /// All class lists in one automaton; `class_kind[pattern]` says which list.
    classes: Option<aho_corasick::AhoCorasick>,
    class_kind: Vec<u8>,
    drop_text: Option<Regex>,
    drop_containing: Option<Regex>,
    section_end: Option<Regex>,
}

/// Longest block that a `drop_containing` match drops: a longer one is a
/// paragraph of the article that mentions the phrase.
pub const PITCH_MAX_CHARS: usize = 400;

impl Compiled {
    /// True when the block `text` is boilerplate by the text rules.
    pub(crate) fn drops_text(&self, text: &str) -> bool {
        self.drop_text.as_ref().is_some_and(|r| r.is_match(text))
            || (text.len() <= PITCH_MAX_CHARS * 4
                && text.chars().count() <= PITCH_MAX_CHARS
                && self
                    .drop_containing
                    .as_ref()
                    .is_some_and(|r| r.is_match(text)))
    }
}

fn selector(list: &[String]) -> Result<Option<Selector>, String> {
    for s in list {
        Selector::parse(s).map_err(|e| format!("bad selector {s:?}: {e}"))?;
    }
    if list.is_empty() {
        return Ok(None);
    }
    Selector::parse(&list.join(", "))
        .map(Some)
        .map_err(|e| format!("bad selector list: {e}"))
}

/// One case-insensitive regex matching a whole text against any of `list`.
fn whole(list: &[String]) -> Result<Option<Regex>, String> {
    combined(list, |joined| format!("(?i)^(?:{joined})$"))
}

/// One case-insensitive regex searching a text for any of `list`.
fn containing(list: &[String]) -> Result<Option<Regex>, String> {
    combined(list, |joined| format!("(?i){joined}"))
}

/// Checks each pattern of `list` on its own (for a precise error), then
/// compiles them joined by `|` into the frame `wrap` gives, with ASCII word
/// boundaries (they keep the regex on its fast automaton for non-ASCII text).
fn combined(list: &[String], wrap: impl Fn(&str) -> String) -> Result<Option<Regex>, String> {
    for p in list {
        Regex::new(p).map_err(|e| format!("bad pattern {p:?}: {e}"))?;
    }
    if list.is_empty() {
        return Ok(None);
    }
    let joined = super::text::ascii_boundaries(&list.join("|"));
    Regex::new(&wrap(&joined))
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Bits of [`Compiled::class_hits`].
pub(crate) const CLASS_DROP: u8 = 1;
/// A `keep_class` pattern matched.
pub(crate) const CLASS_KEEP: u8 = 2;
/// A `positive_class` pattern matched.
pub(crate) const CLASS_POSITIVE: u8 = 4;
/// A `negative_class` pattern matched.
pub(crate) const CLASS_NEGATIVE: u8 = 8;
/// A `caption_class` pattern matched.
pub(crate) const CLASS_CAPTION: u8 = 16;

type ClassMatcher = (Option<aho_corasick::AhoCorasick>, Vec<u8>);

fn class_matcher(r: &HtmlRules) -> Result<ClassMatcher, String> {
    let mut patterns = Vec::new();
    let mut kinds = Vec::new();
    for (list, bit) in [
        (&r.drop_class, CLASS_DROP),
        (&r.keep_class, CLASS_KEEP),
        (&r.positive_class, CLASS_POSITIVE),
        (&r.negative_class, CLASS_NEGATIVE),
        (&r.caption_class, CLASS_CAPTION),
    ] {
        for p in list.iter().filter(|p| !p.is_empty()) {
            patterns.push(p.to_ascii_lowercase());
            kinds.push(bit);
        }
    }
    if patterns.is_empty() {
        return Ok((None, kinds));
    }
    let ac = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&patterns)
        .map_err(|e| e.to_string())?;
    Ok((Some(ac), kinds))
}

impl Compiled {
    /// Which class lists (`CLASS_*` bits) have a pattern inside `hint`.
    pub(crate) fn class_hits(&self, hint: &str) -> u8 {
        let Some(ac) = &self.classes else { return 0 };
        ac.find_overlapping_iter(hint)
            .fold(0, |bits, m| bits | self.class_kind[m.pattern().as_usize()])
    }

    fn build(r: &HtmlRules) -> Result<Compiled, String> {
        let classes = class_matcher(r)?;
        Ok(Compiled {
            drop_tags: r.drop_tags.iter().map(|t| t.to_ascii_lowercase()).collect(),
            drop_sel: selector(&r.drop_selectors)?,
            soft_sel: selector(&r.soft_drop_selectors)?,
            caption_sel: selector(&r.caption_selectors)?,
            byline_sel: selector(&r.byline_selectors)?,
            breadcrumb_sel: selector(&r.breadcrumb_selectors)?,
            classes: classes.0,
            class_kind: classes.1,
            drop_text: whole(&r.drop_text)?,
            drop_containing: containing(&r.drop_containing)?,
            section_end: whole(&r.section_end)?,
        })
    }
}

impl HtmlRules {
    /// Validates and precompiles the rules; returns a reason on error.
    pub fn compile(&mut self) -> Result<(), String> {
        let c = Compiled::build(self)?;
        self.compiled = OnceLock::new();
        let _ = self.compiled.set(c);
        Ok(())
    }

    /// Appends the rules of `other` (a user's rules file) to these.
    pub fn extend(&mut self, other: HtmlRules) {
        self.drop_tags.extend(other.drop_tags);
        self.drop_selectors.extend(other.drop_selectors);
        self.soft_drop_selectors.extend(other.soft_drop_selectors);
        self.caption_selectors.extend(other.caption_selectors);
        self.caption_class.extend(other.caption_class);
        self.drop_class.extend(other.drop_class);
        self.keep_class.extend(other.keep_class);
        self.positive_class.extend(other.positive_class);
        self.negative_class.extend(other.negative_class);
        self.drop_text.extend(other.drop_text);
        self.drop_containing.extend(other.drop_containing);
        self.section_end.extend(other.section_end);
        self.byline_selectors.extend(other.byline_selectors);
        self.breadcrumb_selectors.extend(other.breadcrumb_selectors);
        self.kinds.extend(other.kinds);
        self.compiled = OnceLock::new();
    }

    /// The compiled matchers (built on first use; rules that fail to compile,
    /// which [`HtmlRules::compile`] reports, match nothing).
    pub(crate) fn compiled(&self) -> &Compiled {
        self.compiled
            .get_or_init(|| Compiled::build(self).unwrap_or_default())
    }
}

/// Extracts an article from decoded HTML.
pub fn extract(html: &str, rules: &HtmlRules) -> Result<Article, String> {
    let c = rules.compiled();
    let cleaned = prepass::strip(html);
    let doc = scraper::Html::parse_document(&cleaned);
    let dom = Dom::new(&doc);
    let meta = meta::collect(&dom);
    let h1s: Vec<String> = (0..dom.nodes.len())
        .filter(|&i| dom.nodes[i].tag == Tag::H1)
        .map(|i| dom.text(i, |_| false))
        .filter(|t| !t.is_empty())
        .take(8)
        .collect();
    let title = choose_title(&meta, &h1s);
    let content = content::extract(&doc, &dom, c, &title);
    let url = meta.url.clone();
    let site = meta
        .site_name
        .clone()
        .or_else(|| url.as_deref().and_then(host));
    let article = Article {
        subtitle: meta
            .description
            .clone()
            .filter(|d| !d.eq_ignore_ascii_case(&title)),
        authors: authors(&doc, &dom, c, &meta),
        date: pub_date(&dom, &meta, dom.nodes[content.root].end),
        kind: kind(&meta, &rules.kinds),
        labels: labels(&doc, &dom, c, &meta),
        title,
        site,
        url,
        body: content.body,
        captions: content.captions,
        ..Article::default()
    };
    Ok(article)
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The headline: the `<h1>` that best agrees with the metadata (most shared
/// words relative to the longer of the two, at least half), else the JSON-LD
/// headline, `og:title` or `<title>` without the site-name suffix, else the
/// first `<h1>`. Word overlap rather than equality tolerates a headline edited
/// after the metadata was written, and a site-name `<h1>` loses to the real one.
fn choose_title(meta: &meta::Meta, h1s: &[String]) -> String {
    // Each metadata title whole and split at its separators ("Topic | Site").
    let refs: Vec<HashSet<String>> = [&meta.headline, &meta.og_title, &meta.title_tag]
        .into_iter()
        .flatten()
        .flat_map(|t| {
            let parts = t.split([' ', '\u{a0}']).collect::<Vec<_>>().join(" ");
            let mut v: Vec<String> = TITLE_SEPS
                .iter()
                .flat_map(|sep| parts.split(sep).map(str::to_string))
                .collect();
            v.push(t.clone());
            v
        })
        .map(|s| words(&s))
        .filter(|w| !w.is_empty())
        .collect();
    let best = h1s
        .iter()
        .filter_map(|h| {
            let hw = words(h);
            let agree = refs
                .iter()
                .map(|r| hw.intersection(r).count() as f64 / hw.len().max(r.len()) as f64)
                .fold(0.0, f64::max);
            (agree >= 0.5).then_some((agree, hw.len(), h))
        })
        // Best agreement; on a tie the longer heading (a headline, not the
        // site name that also appears in `<title>`), then the first.
        .fold(None::<(f64, usize, &String)>, |best, c| match best {
            Some(b) if (b.0, b.1) >= (c.0, c.1) => Some(b),
            _ => Some(c),
        });
    if let Some((_, _, h)) = best {
        return h.clone();
    }
    if let Some(h) = &meta.headline {
        return h.clone();
    }
    match meta.og_title.as_ref().or(meta.title_tag.as_ref()) {
        Some(t) => strip_site_suffix(t, meta.site_name.as_deref()),
        None => h1s.first().cloned().unwrap_or_default(),
    }
}

/// The set of lowercase `\w+` words of a text.
fn words(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Separators between a headline and the site name in `<title>`.
const TITLE_SEPS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];

/// "Headline | Site" → "Headline" (the longest part when separators are present).
fn strip_site_suffix(t: &str, site: Option<&str>) -> String {
    for sep in TITLE_SEPS {
        if t.contains(sep) {
            let parts: Vec<&str> = t.split(sep).map(str::trim).collect();
            let site_n = site.map(norm);
            let kept: Vec<&str> = parts
                .iter()
                .copied()
                .filter(|p| site_n.as_deref() != Some(norm(p).as_str()))
                .collect();
            if kept.len() < parts.len() && !kept.is_empty() {
                return kept.join(sep);
            }
            return parts
                .iter()
                .max_by_key(|p| p.len())
                .unwrap_or(&t)
                .to_string();
        }
    }
    t.to_string()
}

fn authors(doc: &scraper::Html, dom: &Dom, c: &Compiled, meta: &meta::Meta) -> Vec<String> {
    let mut names: Vec<String> = meta.ld_authors.clone();
    if names.is_empty() {
        names = meta
            .meta_authors
            .iter()
            .flat_map(|a| byline::split_names(a))
            .collect();
    }
    if names.is_empty() {
        if let Some(sel) = &c.byline_sel {
            for i in 0..dom.nodes.len() {
                if dom.nodes[i].el.is_none()
                    || !dom.element_ref(doc, i).is_some_and(|e| sel.matches(&e))
                {
                    continue;
                }
                let found = byline::split_names(&dom.text(i, |_| false));
                if !found.is_empty() {
                    names = found;
                    break;
                }
            }
        }
    }
    let mut seen = HashSet::new();
    names.retain(|n| seen.insert(norm(n)));
    names
}

/// The publication day, by the strength of the evidence:
/// 1. a `<time pubdate>`, the page's own mark on the date it shows its
///    reader as the publication date (metadata is often rewritten when the
///    page is edited);
/// 2. JSON-LD / `<meta>` publication dates;
/// 3. dates under generic names (`DC.date`), unless they are only the
///    last-modified date and the article's header shows another one;
/// 4. the first `<time>`, else an element classed as a date, else the URL.
///
/// A URL date within a day of the chosen date wins: it is the publisher's
/// local day where the metadata is often in UTC.
fn pub_date(dom: &Dom, meta: &meta::Meta, article_end: usize) -> Option<String> {
    let from_url = meta.url.as_deref().and_then(date::from_url);
    let visible = time_dates(dom, article_end);
    let modified: Vec<String> = meta
        .modified
        .iter()
        .filter_map(|d| date::normalize(d))
        .collect();
    let generic = meta.generic_dates.iter().filter_map(|d| date::normalize(d));
    let chosen = visible
        .marked
        .clone()
        .or_else(|| meta.dates.iter().find_map(|d| date::normalize(d)))
        .or_else(|| {
            let mut generic = generic.peekable();
            let first = generic.peek().cloned();
            generic
                .find(|d| !modified.contains(d) || visible.headed.is_none())
                .or(visible.headed.clone())
                .or(first)
        });
    match chosen {
        Some(d) => Some(match &from_url {
            Some(u) if date::days_apart(u, &d).is_some_and(|n| n <= 1) => u.clone(),
            _ => d,
        }),
        None => visible.shown.or_else(|| classed_date(dom)).or(from_url),
    }
}

/// The `<time>` elements of the page.
struct TimeDates {
    /// The first `<time pubdate>`.
    marked: Option<String>,
    /// The first `<time>`.
    shown: Option<String>,
    /// The first `<time>` above the end of the article's container (in its
    /// header or text, not in the teasers below it).
    headed: Option<String>,
}

/// The date of element `i`: its `datetime` or `content`, else its text.
fn date_of(dom: &Dom, i: usize) -> String {
    dom.attr(i, "datetime")
        .or_else(|| dom.attr(i, "content"))
        .map(str::to_string)
        .unwrap_or_else(|| dom.text(i, |_| false))
}

/// Scans the page's `<time>` elements for [`TimeDates`].
fn time_dates(dom: &Dom, article_end: usize) -> TimeDates {
    let mut v = TimeDates {
        marked: None,
        shown: None,
        headed: None,
    };
    for i in (0..dom.nodes.len()).filter(|&i| dom.name(i) == "time") {
        // only the HTML `pubdate` attribute: `itemprop`s and classes also
        // mark the dates of teaser cards and of stale theme markup
        if v.marked.is_none() && dom.attr(i, "pubdate").is_some() {
            let r = date_of(dom, i);
            if r.len() <= 80 {
                v.marked = date::normalize(&r);
            }
        }
        if v.shown.is_none() {
            v.shown = date::normalize(&date_of(dom, i));
            if i < article_end {
                v.headed = v.shown.clone();
            }
        }
        if v.marked.is_some() && v.shown.is_some() {
            break;
        }
    }
    v
}

/// The first date found in an element (not a `<time>` or `<meta>`) whose
/// `itemprop` or class names a published date rather than a modified one.
fn classed_date(dom: &Dom) -> Option<String> {
    let not_modified = |s: &str| !s.contains("update") && !s.contains("modif");
    (0..dom.nodes.len()).find_map(|i| {
        if matches!(dom.name(i), "time" | "meta") {
            return None;
        }
        let prop = dom.attr(i, "itemprop").unwrap_or("").to_ascii_lowercase();
        let class = dom.attr(i, "class").unwrap_or("").to_ascii_lowercase();
        let is_pub = (prop.contains("date") && not_modified(&prop))
            || class.split_whitespace().any(|c| {
                (c.ends_with("date") || c.contains("publish") || c.contains("dateline"))
                    && not_modified(c)
            });
        if !is_pub {
            return None;
        }
        let r = date_of(dom, i);
        (r.len() <= 80).then(|| date::normalize(&r)).flatten()
    })
}

fn kind(meta: &meta::Meta, kinds: &[String]) -> Option<String> {
    for t in &meta.types {
        let k = match t.as_str() {
            "opinionnewsarticle" => "Opinion",
            "analysisnewsarticle" => "Analysis",
            "reviewnewsarticle" => "Review",
            "backgroundnewsarticle" => "Background",
            "reportagenewsarticle" => "Report",
            _ => continue,
        };
        return Some(k.to_string());
    }
    meta.labels
        .iter()
        .find_map(|l| kinds.iter().find(|k| k.eq_ignore_ascii_case(l)).cloned())
}

fn labels(doc: &scraper::Html, dom: &Dom, c: &Compiled, meta: &meta::Meta) -> Vec<String> {
    let mut labels = meta.labels.clone();
    if let Some(sel) = &c.breadcrumb_sel {
        for i in 0..dom.nodes.len() {
            if dom.nodes[i].el.is_none()
                || !dom.element_ref(doc, i).is_some_and(|e| sel.matches(&e))
            {
                continue;
            }
            for j in i + 1..dom.nodes[i].end {
                if dom.nodes[j].tag == Tag::A {
                    let t = dom.text(j, |_| false);
                    if !t.is_empty() && t.len() < 60 && !t.eq_ignore_ascii_case("home") {
                        labels.push(t);
                    }
                }
            }
            break;
        }
    }
    let mut seen = HashSet::new();
    labels.retain(|l| seen.insert(norm(l)));
    labels
}

/// The host of an absolute URL, without `www.`.
fn host(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .split('@')
        .next_back()?
        .split(':')
        .next()?;
    (!host.is_empty()).then(|| host.trim_start_matches("www.").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_prefers_h1_agreeing_with_metadata() {
        let m = meta::Meta {
            title_tag: Some("Port talks resume | The Review".into()),
            ..Default::default()
        };
        assert_eq!(
            choose_title(&m, &["Port talks resume".to_string()]),
            "Port talks resume"
        );
        assert_eq!(
            choose_title(&m, &["Subscribe".to_string()]),
            "Port talks resume"
        );
        let h1s = ["The Review".to_string(), "Port talks resume".to_string()];
        assert_eq!(choose_title(&m, &h1s), "Port talks resume");
    }

    #[test]
    fn extracts_fields_from_metadata() {
        let html = r#"<html><head><title>Port talks | The Review</title>
            <meta property="og:site_name" content="The Review">
            <meta property="article:section" content="Analysis">
            <link rel="canonical" href="https://www.review.org/2023/11/14/port-talks/">
            <meta name="author" content="By Ann Lee and Bo Chen"></head>
            <body><h1>Port talks</h1><p>Officials met in Mombasa, Kenya, to discuss tariffs, quotas, and the
            future of the port, which handles most of the region's trade.</p></body></html>"#;
        let a = extract(html, &crate::extract::Rules::default().html).unwrap();
        assert_eq!(a.title, "Port talks");
        assert_eq!(a.authors, ["Ann Lee", "Bo Chen"]);
        assert_eq!(a.date.as_deref(), Some("2023-11-14"));
        assert_eq!(a.site.as_deref(), Some("The Review"));
        assert_eq!(a.kind.as_deref(), Some("Analysis"));
        assert_eq!(a.labels, ["Analysis"]);
        assert!(a.body.starts_with("Officials met"), "{}", a.body);
        assert_eq!(host("https://www.x.org:80/a").as_deref(), Some("x.org"));
    }
}
