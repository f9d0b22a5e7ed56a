//! Page metadata: `<title>`, `<meta>` (`og:*`, `article:*`, `author`, dates…),
//! the canonical link and JSON-LD (`NewsArticle`/`Article`/…, `BreadcrumbList`).
//! JSON-LD is walked with an explicit stack, never recursively.

use std::collections::HashMap;

use serde_json::Value;

use super::dom::Dom;

/// What the page says about itself in its head and JSON-LD.
#[derive(Debug, Default)]
pub struct Meta {
    /// `<title>` text.
    pub title_tag: Option<String>,
    /// `og:title` / `twitter:title`.
    pub og_title: Option<String>,
    /// JSON-LD `headline` (or `name`) of the article object.
    pub headline: Option<String>,
    /// `og:description` / `description`.
    pub description: Option<String>,
    /// `og:site_name`, else the JSON-LD publisher's name.
    pub site_name: Option<String>,
    /// `<link rel=canonical>`, else `og:url`, else JSON-LD `url`.
    pub url: Option<String>,
    /// Authors from JSON-LD.
    pub ld_authors: Vec<String>,
    /// Those of [`Meta::ld_authors`] typed as an organisation (`Organization`,
    /// `NewsMediaOrganization`…), not a person.
    pub ld_org_authors: Vec<String>,
    /// Authors from `<meta>` tags (`author`, `article:author`, `parsely-author`…),
    /// with the tag's name.
    pub meta_authors: Vec<(String, String)>,
    /// Raw publication dates, best source first.
    pub dates: Vec<String>,
    /// Raw publication dates of a JSON-LD `WebPage` when the page describes
    /// no article: the page's, often regenerated, so weaker than the dates
    /// the page shows.
    pub page_dates: Vec<String>,
    /// Raw dates under generic names (`date`, `DC.date`…), which some sites
    /// fill with the last-modified date.
    pub generic_dates: Vec<String>,
    /// Raw last-modified dates (`article:modified_time`, `og:updated_time`,
    /// JSON-LD `dateModified`…).
    pub modified: Vec<String>,
    /// Sections, tags, keywords, breadcrumb names.
    pub labels: Vec<String>,
    /// JSON-LD `@type`s of the article objects (e.g. `OpinionNewsArticle`).
    pub types: Vec<String>,
    /// The language the page declares: `<html lang>`, else `og:locale`, else
    /// `Content-Language` (raw tag; evidence for [`crate::extract::lang`]).
    pub declared_lang: Option<String>,
}

/// JSON-LD types taken as the page's article.
const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "scholarlyarticle",
    "report",
    "techarticle",
    "liveblogposting",
    "socialmediaposting",
    "posting",
];

/// JSON-LD types of a web page as a whole (Yoast and other SEO plugins put
/// the post's dates there when they describe no article object).
const PAGE_TYPES: &[&str] = &[
    "webpage",
    "itempage",
    "aboutpage",
    "faqpage",
    "qapage",
    "medicalwebpage",
    "profilepage",
];

/// Reads the metadata of `dom`.
pub fn collect(dom: &Dom) -> Meta {
    let mut m = Meta::default();
    let mut ld_articles = Vec::new();
    let mut meta_dates = Vec::new();
    let (mut og_url, mut canonical) = (None, None);
    // og:locale first, then Content-Language: used when <html> declares none
    let mut lang_tags: Vec<String> = Vec::new();
    // `twitter:labelN` / `twitter:dataN` pairs (Yoast writes the author as
    // `Written by` / the name)
    let mut twitter_labels: Vec<(String, String)> = Vec::new();
    let mut twitter_data: Vec<(String, String)> = Vec::new();
    for i in 0..dom.nodes.len() {
        let Some(el) = dom.nodes[i].el else { continue };
        match el.name() {
            "title" if m.title_tag.is_none() => {
                // `clean`: a double-escaped `&amp;#x26;` reads `&#x26;` once parsed
                m.title_tag = Some(clean(&dom.text(i, |_| false))).filter(|t| !t.is_empty());
            }
            "html" if m.declared_lang.is_none() => {
                m.declared_lang = el
                    .attr("lang")
                    .or_else(|| el.attr("xml:lang"))
                    .map(str::to_string)
                    .filter(|l| !l.trim().is_empty());
            }
            "meta" => {
                if let (Some(equiv), Some(content)) = (el.attr("http-equiv"), el.attr("content")) {
                    if equiv.eq_ignore_ascii_case("content-language") {
                        lang_tags.push(content.to_string());
                    }
                }
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(content) = el.attr("content").map(clean).filter(|c| !c.is_empty()) else {
                    continue;
                };
                match key.as_str() {
                    "og:title" | "twitter:title" => set(&mut m.og_title, content),
                    "og:description" | "description" | "twitter:description" => {
                        set(&mut m.description, content)
                    }
                    "og:site_name" => set(&mut m.site_name, content),
                    "og:locale" => lang_tags.insert(0, content),
                    "og:url" => set(&mut og_url, content),
                    "author" | "article:author" | "byl" | "parsely-author" | "sailthru.author"
                    | "dc.creator" | "citation_author" | "dcterms.creator"
                    | "cxenseparse:author"
                        if !content.starts_with("http") && !content.contains("facebook.com") =>
                    {
                        m.meta_authors.push((key.clone(), content))
                    }
                    "date" | "dc.date" | "dc.date.issued" | "dcterms.date" | "dcterms.created"
                    | "dc.date.created" => m.generic_dates.push(content),
                    "article:published_time"
                    | "datepublished"
                    | "publish-date"
                    | "pubdate"
                    | "publishdate"
                    | "parsely-pub-date"
                    | "sailthru.date"
                    | "citation_date"
                    | "citation_publication_date"
                    | "article.published"
                    | "og:published_time"
                    | "publication_date"
                    | "originalpublicationdate"
                    | "published" => meta_dates.push(content),
                    "article:modified_time"
                    | "og:updated_time"
                    | "datemodified"
                    | "last-modified"
                    | "dc.date.modified"
                    | "dcterms.modified" => m.modified.push(content),
                    k if names_publication_date(k) => meta_dates.push(content),
                    k if k.starts_with("twitter:label") => {
                        twitter_labels.push((k["twitter:label".len()..].to_string(), content))
                    }
                    k if k.starts_with("twitter:data") => {
                        twitter_data.push((k["twitter:data".len()..].to_string(), content))
                    }
                    "article:section" | "article:tag" | "parsely-section" | "news_keywords"
                    | "parsely-tags" => {
                        m.labels.extend(split_list(&content));
                    }
                    _ => {}
                }
            }
            "link" => {
                let rel = el.attr("rel").unwrap_or("");
                if rel.eq_ignore_ascii_case("canonical") {
                    if let Some(h) = el.attr("href").filter(|h| h.starts_with("http")) {
                        set(&mut canonical, h.trim().to_string());
                    }
                }
            }
            "script" => {
                let ty = el.attr("type").unwrap_or("");
                if ty.contains("ld+json") {
                    json_ld(&dom.text(i, |_| false), &mut m, &mut ld_articles);
                }
            }
            _ => {}
        }
    }
    for (n, label) in &twitter_labels {
        if is_author_label(label) {
            if let Some((_, name)) = twitter_data.iter().find(|(d, _)| d == n) {
                m.meta_authors
                    .push(("twitter:data".to_string(), name.clone()));
            }
        }
    }
    let page_url = canonical.clone().or(og_url.clone());
    let (articles, pages): (Vec<LdArticle>, Vec<LdArticle>) =
        ld_articles.into_iter().partition(|a| !a.page);
    let own = own_article(articles, page_url.as_deref(), &m)
        .or_else(|| own_article(pages, page_url.as_deref(), &m));
    let web_page = own.as_ref().is_some_and(|a| a.page);
    let ld_dates = match own {
        Some(a) => {
            if let Some(h) = a.meta.headline {
                set(&mut m.headline, h);
            }
            m.ld_authors = a.meta.ld_authors;
            m.ld_org_authors = a.meta.ld_org_authors;
            m.modified.extend(a.meta.modified);
            m.labels.extend(a.meta.labels);
            m.types = a.meta.types;
            if let Some(u) = a.meta.url {
                set(&mut m.url, u);
            }
            a.dates
        }
        None => Vec::new(),
    };
    m.url = canonical.or(og_url).or(m.url.take());
    if m.declared_lang.is_none() {
        m.declared_lang = lang_tags.into_iter().next();
    }
    if web_page {
        m.page_dates = ld_dates;
        m.dates = meta_dates;
    } else {
        m.dates = ld_dates.into_iter().chain(meta_dates).collect();
    }
    m
}

/// A `twitter:labelN` that credits the author (`Written by`, `Author`,
/// `Est. reading time` is none).
fn is_author_label(label: &str) -> bool {
    let l = label.trim().trim_end_matches(':').to_lowercase();
    matches!(
        l.as_str(),
        "written by" | "author" | "authors" | "by" | "posted by"
    )
}

/// A `<meta>` name of the page's publication date that the list above does
/// not spell out (`w-published-date`, `article.publication-time`): it says
/// published or publication and date or time, and no modification.
fn names_publication_date(key: &str) -> bool {
    (key.contains("publish") || key.contains("publication"))
        && (key.contains("date") || key.contains("time"))
        && !["modif", "updat", "expir", "embargo", "first"]
            .iter()
            .any(|w| key.contains(w))
}

/// One JSON-LD article object: its fields, read as [`Meta`], and its dates.
struct LdArticle {
    meta: Meta,
    dates: Vec<String>,
    /// Its `url` or `mainEntityOfPage` address.
    address: Option<String>,
    /// A web page object (`WebPage`…), not an article.
    page: bool,
}

/// The page's own article among the JSON-LD article objects (listing pages
/// and teaser rails carry one per linked story): the one whose address is
/// the page's, else the one whose headline is the page's title, else the first.
fn own_article(mut all: Vec<LdArticle>, page_url: Option<&str>, m: &Meta) -> Option<LdArticle> {
    let bare = |u: &str| {
        u.trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_start_matches("www.")
            .trim_end_matches('/')
            .to_ascii_lowercase()
    };
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    let titles: Vec<Vec<String>> = [&m.og_title, &m.title_tag]
        .into_iter()
        .flatten()
        .map(|t| words(t))
        .collect();
    let pick = page_url
        .and_then(|u| {
            all.iter()
                .position(|a| a.address.as_deref().is_some_and(|x| bare(x) == bare(u)))
        })
        .or_else(|| {
            all.iter().position(|a| {
                a.meta.headline.as_deref().is_some_and(|h| {
                    let h = words(h);
                    !h.is_empty() && titles.iter().any(|t| t.starts_with(&h) || h.starts_with(t))
                })
            })
        })
        .unwrap_or(0);
    (pick < all.len()).then(|| all.swap_remove(pick))
}

fn set(slot: &mut Option<String>, v: String) {
    if slot.is_none() {
        *slot = Some(v);
    }
}

/// Whitespace collapsed; character references left in the value (JSON-LD
/// strings and double-escaped attributes carry them) are decoded.
fn clean(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.contains('&') {
        unescape(&s)
    } else {
        s
    }
}

/// Decodes numeric character references and the five XML entities.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = match ent {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let num = ent.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';', '|'])
        .map(clean)
        .filter(|s| !s.is_empty() && s.len() < 80)
        .collect()
}

/// Reads one JSON-LD script into `m`; its first article object goes to `articles`.
fn json_ld(text: &str, m: &mut Meta, articles: &mut Vec<LdArticle>) {
    let Ok(root) = serde_json::from_str::<Value>(text.trim().trim_end_matches(';')) else {
        return;
    };
    let names = named_ids(&root);
    let mut stack = vec![&root];
    let (mut found_article, mut found_page) = (false, false);
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                if let Some(g) = map.get("@graph") {
                    stack.push(g);
                }
                let types = type_names(map.get("@type"));
                if types.iter().any(|t| t == "breadcrumblist") {
                    breadcrumbs(map.get("itemListElement"), &mut m.labels);
                }
                let is_article = types.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()));
                let is_page = types.iter().any(|t| PAGE_TYPES.contains(&t.as_str()));
                if (!found_article && is_article) || (!found_page && is_page && !is_article) {
                    found_article |= is_article;
                    found_page |= !is_article;
                    let mut a = LdArticle {
                        meta: Meta::default(),
                        dates: Vec::new(),
                        address: address(map),
                        page: !is_article,
                    };
                    article(map, &mut a.meta, &mut a.dates, &names);
                    a.meta.types = types;
                    articles.push(a);
                }
                if let Some(Value::Object(p)) = map.get("publisher") {
                    if let Some(name) = p.get("name").and_then(Value::as_str) {
                        set(&mut m.site_name, clean(name));
                    }
                }
            }
            _ => {}
        }
    }
}

/// The address of a JSON-LD object: its `url`, else its `mainEntityOfPage`
/// (a URL or an object with an `@id`).
fn address(map: &serde_json::Map<String, Value>) -> Option<String> {
    let page = map.get("mainEntityOfPage");
    map.get("url")
        .and_then(Value::as_str)
        .or_else(|| page.and_then(Value::as_str))
        .or_else(|| page.and_then(|p| p.get("@id")).and_then(Value::as_str))
        .filter(|u| u.starts_with("http"))
        .map(str::to_string)
}

/// `@id` → `name` of every named node (a `@graph` refers to its Person nodes
/// by `@id` only).
fn named_ids(root: &Value) -> HashMap<&str, &Value> {
    let mut ids = HashMap::new();
    let mut stack = vec![root];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter()),
            Value::Object(map) => {
                if let (Some(Value::String(id)), Some(name)) = (map.get("@id"), map.get("name")) {
                    ids.entry(id.as_str()).or_insert(name);
                }
                stack.extend(map.values());
            }
            _ => {}
        }
    }
    ids
}

fn type_names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

fn article(
    map: &serde_json::Map<String, Value>,
    m: &mut Meta,
    dates: &mut Vec<String>,
    names: &HashMap<&str, &Value>,
) {
    let s = |k: &str| {
        map.get(k)
            .and_then(Value::as_str)
            .map(clean)
            .filter(|s| !s.is_empty())
    };
    if let Some(h) = s("headline").or_else(|| s("name")) {
        set(&mut m.headline, h);
    }
    if let Some(d) = s("datePublished").or_else(|| s("dateCreated")) {
        dates.push(d);
    }
    if let Some(d) = s("dateModified") {
        m.modified.push(d);
    }
    if let Some(u) = s("url").filter(|u| u.starts_with("http")) {
        set(&mut m.url, u);
    }
    let mut stack: Vec<&Value> = map.get("author").into_iter().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::String(name) => m.ld_authors.extend(crate::extract::authors::split(name)),
            Value::Object(o) => {
                let org = type_names(o.get("@type"))
                    .iter()
                    .any(|t| t.ends_with("organization") || t == "corporation");
                if org {
                    if let Some(name) = o.get("name").and_then(Value::as_str) {
                        m.ld_org_authors
                            .extend(crate::extract::authors::split(name));
                    }
                }
                let by_id = || {
                    o.get("@id")
                        .and_then(Value::as_str)
                        .and_then(|id| names.get(id).copied())
                };
                if let Some(name) = o.get("name").or_else(by_id) {
                    stack.push(name);
                }
            }
            Value::Array(a) => stack.extend(a.iter().rev()),
            _ => {}
        }
    }
    for key in ["articleSection", "keywords"] {
        match map.get(key) {
            Some(Value::String(v)) => m.labels.extend(split_list(v)),
            Some(Value::Array(a)) => m
                .labels
                .extend(a.iter().filter_map(Value::as_str).flat_map(split_list)),
            _ => {}
        }
    }
}

fn breadcrumbs(v: Option<&Value>, labels: &mut Vec<String>) {
    let Some(Value::Array(items)) = v else { return };
    for item in items {
        let name = item
            .get("name")
            .or_else(|| item.get("item").and_then(|i| i.get("name")))
            .and_then(Value::as_str)
            .map(clean);
        if let Some(n) = name.filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case("home")) {
            labels.push(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(html: &str) -> Meta {
        let doc = scraper::Html::parse_document(html);
        collect(&Dom::new(&doc))
    }

    #[test]
    fn twitter_label_pairs_credit_the_author() {
        let m = meta_of(
            r#"<head><meta name="twitter:label1" content="Est. reading time">
            <meta name="twitter:data1" content="6 minutes">
            <meta name="twitter:label2" content="Written by">
            <meta name="twitter:data2" content="Dana Whit"></head>"#,
        );
        assert_eq!(
            m.meta_authors,
            [("twitter:data".to_string(), "Dana Whit".to_string())]
        );
    }

    #[test]
    fn reads_json_ld_article_and_breadcrumbs() {
        let m = meta_of(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"BreadcrumbList","itemListElement":[{"name":"Home"},{"item":{"name":"Africa"}}]},
            {"@type":["OpinionNewsArticle"],"headline":"Port  talks","datePublished":"2023-11-14T10:00:00Z",
             "author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chen"}],
             "keywords":"Mali, Wagner","publisher":{"name":"The Review"}}]}</script>"#,
        );
        assert_eq!(m.headline.as_deref(), Some("Port talks"));
        assert_eq!(m.ld_authors, ["Ann Lee", "Bo Chen"]);
        assert_eq!(m.dates, ["2023-11-14T10:00:00Z"]);
        assert_eq!(m.labels, ["Africa", "Mali", "Wagner"]);
        assert_eq!(m.types, ["opinionnewsarticle"]);
        assert_eq!(m.site_name.as_deref(), Some("The Review"));
    }

    #[test]
    fn decodes_leftover_character_references() {
        assert_eq!(
            clean("It&#039;s  &amp; &#x41; &bogus; a&b"),
            "It's & A &bogus; a&b"
        );
    }

    #[test]
    fn broken_or_deep_json_ld_is_ignored() {
        let deep = format!(
            "<script type='application/ld+json'>{}</script>",
            "[".repeat(100_000)
        );
        assert!(meta_of(&deep).headline.is_none());
        assert!(meta_of("<script type='application/ld+json'>{oops</script>")
            .headline
            .is_none());
    }

    #[test]
    fn resolves_graph_author_references() {
        let m = meta_of(
            r##"<script type="application/ld+json">{"@graph":[
            {"@type":"Article","headline":"Port talks","author":{"@id":"#p1"}},
            {"@type":"Person","@id":"#p1","name":"Ann Lee"}]}</script>"##,
        );
        assert_eq!(m.ld_authors, ["Ann Lee"]);
    }

    #[test]
    fn the_pages_own_json_ld_article_wins_over_teasers() {
        let ld = |head: &str, url: &str, who: &str, day: &str| {
            format!(
                r#"<script type="application/ld+json">{{"@type":"Article","headline":"{head}",
                "mainEntityOfPage":{{"@id":"{url}"}},"author":{{"name":"{who}"}},"datePublished":"{day}"}}</script>"#
            )
        };
        let teaser = ld(
            "Port strike ends",
            "https://x.example/port",
            "Teo Teaser",
            "2023-01-01",
        );
        let own = ld(
            "Ferry talks resume",
            "https://x.example/ferry/",
            "Ana Own",
            "2024-06-03",
        );
        let page = |canonical: &str| {
            meta_of(&format!(
                r#"<html><head><title>Ferry talks resume | X</title>{canonical}{teaser}{own}{teaser}</head></html>"#
            ))
        };
        // by address (canonical without the trailing slash, other scheme)
        let m = page(r#"<link rel="canonical" href="http://www.x.example/ferry">"#);
        assert_eq!(m.ld_authors, ["Ana Own"]);
        assert_eq!(m.dates, ["2024-06-03"]);
        assert_eq!(m.headline.as_deref(), Some("Ferry talks resume"));
        // by headline when the page gives no address
        let m = page("");
        assert_eq!(m.ld_authors, ["Ana Own"]);
    }

    #[test]
    fn reads_meta_tags_and_canonical() {
        let m = meta_of(
            r#"<head><title>T | Site</title><meta property="og:site_name" content="Site">
            <meta property="article:section" content="Europe"><meta name="author" content="Jo Park">
            <meta property="article:published_time" content="2024-02-01">
            <link rel="canonical" href="https://site.org/a"></head>"#,
        );
        assert_eq!(m.title_tag.as_deref(), Some("T | Site"));
        let escaped = meta_of("<head><title>Tools | SQL &amp;#x26; AI</title></head>");
        assert_eq!(escaped.title_tag.as_deref(), Some("Tools | SQL & AI"));
        assert_eq!(
            m.meta_authors,
            [("author".to_string(), "Jo Park".to_string())]
        );
        assert_eq!(m.labels, ["Europe"]);
        assert_eq!(m.url.as_deref(), Some("https://site.org/a"));
        assert_eq!(m.dates, ["2024-02-01"]);
    }

    #[test]
    fn reads_publication_dates_under_other_names() {
        let m = meta_of(
            r#"<head><meta name="w-published-date" content="2025-05-27T06:03:43Z">
            <meta name="published" content="July 17, 2025">
            <meta name="w-last-updated-date" content="2025-06-01">
            <meta name="first-publication-date" content="2019-01-01"></head>"#,
        );
        assert_eq!(m.dates, ["2025-05-27T06:03:43Z", "July 17, 2025"]);
        assert!(names_publication_date("article.publication-time"));
        assert!(!names_publication_date("publisher"));
        assert!(!names_publication_date("date-modified-published"));
    }
}
