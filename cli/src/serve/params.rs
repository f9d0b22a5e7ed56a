//! The state of the page, all of it in the URL's query string
//! (`/?q=wagner&region=Africa&since=2023`): parsed with bounds (length,
//! number of values, page size, depth of paging) into [`Params`], turned into
//! the library's [`SearchRequest`], and written back into links that add or
//! remove one filter, change the page, the order or the date range.

use polsearch::search::{Filters, SearchRequest, Sort};

/// Longest query string accepted, in bytes.
pub const MAX_QUERY_STRING: usize = 8 * 1024;
/// Longest query text (`q`), in bytes.
pub const MAX_QUERY: usize = 1024;
/// Longest filter value, in bytes.
pub const MAX_VALUE: usize = 200;
/// Most filter values in one request.
pub const MAX_FILTERS: usize = 32;
/// Hits per page on the web page.
pub const PAGE_SIZE: usize = 10;
/// Most hits one request may ask for (`per`, `limit`).
pub const MAX_PAGE_SIZE: usize = 100;
/// Deepest hit a request may reach (offset + page size).
pub const MAX_DEPTH: usize = 10_000;

/// The filters that map onto the library's [`Filters`]; any other facet key
/// (one the index's facet counts name, say `lang`) filters through the query
/// language as `key:"value"`.
pub const FILTER_KEYS: [&str; 7] = [
    "region",
    "country",
    "topic",
    "site",
    "kind",
    "page_type",
    "author",
];

/// A request's state: the query, the filters, the date range, order and page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    /// The query text as typed (empty: every article).
    pub q: String,
    /// Filters in the order given: (key, value).
    pub filters: Vec<(String, String)>,
    /// Published on or after (`2023`, `2023-11`, `2023-11-14`).
    pub since: Option<String>,
    /// Published on or before the end of this period.
    pub until: Option<String>,
    /// Newest first instead of best first.
    pub by_date: bool,
    /// 1-based page number.
    pub page: usize,
    /// Hits per page.
    pub per: usize,
    /// Every page type, listings and collections included.
    pub all_types: bool,
    /// Copies of one article listed apart (`no_collapse=1`).
    pub no_collapse: bool,
    /// The API's `timeline=month|year|week|day`.
    pub timeline: Option<String>,
}

/// A request the server will not run, with the reason (a 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadParams(pub String);

impl Params {
    /// Parses a raw query string (`a=b&c=d`, percent-encoded).
    pub fn parse(raw: Option<&str>) -> Result<Params, BadParams> {
        let raw = raw.unwrap_or("");
        if raw.len() > MAX_QUERY_STRING {
            return Err(BadParams(format!(
                "the request's query string is {} bytes; at most {MAX_QUERY_STRING}",
                raw.len()
            )));
        }
        let mut p = Params {
            page: 1,
            per: PAGE_SIZE,
            ..Params::default()
        };
        let mut offset: Option<usize> = None;
        let number = |key: &str, v: &str| -> Result<usize, BadParams> {
            v.trim()
                .parse::<usize>()
                .map_err(|_| BadParams(format!("{key}: '{v}' is not a number")))
        };
        for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
            let value = value.trim();
            match key.as_ref() {
                "q" => {
                    if value.len() > MAX_QUERY {
                        return Err(BadParams(format!(
                            "the query is {} bytes; at most {MAX_QUERY}",
                            value.len()
                        )));
                    }
                    p.q = value.to_string();
                }
                "since" | "until" => {
                    if value.len() > 10 {
                        return Err(BadParams(format!(
                            "{key}: '{value}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
                        )));
                    }
                    let slot = if key == "since" {
                        &mut p.since
                    } else {
                        &mut p.until
                    };
                    *slot = (!value.is_empty()).then(|| value.to_string());
                }
                "sort" => match value {
                    "" | "relevance" => p.by_date = false,
                    "date" => p.by_date = true,
                    _ => {
                        return Err(BadParams(format!(
                            "sort: '{value}' (use relevance or date)"
                        )))
                    }
                },
                "page" => p.page = number("page", value)?.max(1),
                "per" | "limit" => p.per = number(&key, value)?,
                "offset" => offset = Some(number("offset", value)?),
                "all_types" => p.all_types = flag(value),
                "no_collapse" => p.no_collapse = flag(value),
                "timeline" => p.timeline = (!value.is_empty()).then(|| value.to_string()),
                k if is_facet_key(k) => {
                    if value.is_empty() {
                        continue;
                    }
                    if value.len() > MAX_VALUE {
                        return Err(BadParams(format!(
                            "{k}: the value is {} bytes; at most {MAX_VALUE}",
                            value.len()
                        )));
                    }
                    if p.filters.len() == MAX_FILTERS {
                        return Err(BadParams(format!("more than {MAX_FILTERS} filters")));
                    }
                    let pair = (k.to_string(), value.to_string());
                    if !p.filters.contains(&pair) {
                        p.filters.push(pair);
                    }
                }
                k => {
                    return Err(BadParams(format!(
                        "unknown parameter '{}'",
                        k.chars().take(40).collect::<String>()
                    )))
                }
            }
        }
        if p.per > MAX_PAGE_SIZE {
            return Err(BadParams(format!(
                "page size {}: at most {MAX_PAGE_SIZE}",
                p.per
            )));
        }
        if let Some(offset) = offset {
            p.page = offset.checked_div(p.per).map_or(1, |n| n + 1);
        }
        if p.offset() + p.per > MAX_DEPTH {
            return Err(BadParams(format!(
                "hits past the first {MAX_DEPTH} are not served; narrow the search"
            )));
        }
        Ok(p)
    }

    /// Hits skipped before this page.
    pub fn offset(&self) -> usize {
        (self.page.max(1) - 1) * self.per
    }

    /// The query the engine runs: the text as typed (`*` when empty), with
    /// one `key:"value"` clause per filter that [`Filters`] has no field for.
    pub fn query_text(&self) -> String {
        let mut q = if self.q.trim().is_empty() {
            "*".to_string()
        } else {
            self.q.clone()
        };
        let extra: Vec<String> = (self.filters.iter())
            .filter(|(k, _)| !FILTER_KEYS.contains(&k.as_str()))
            .map(|(k, v)| format!("{k}:\"{}\"", v.replace(['"', '\\'], " ")))
            .collect();
        if !extra.is_empty() {
            if q == "*" {
                q = extra.join(" AND ");
            } else {
                q = format!("({q}) AND {}", extra.join(" AND "));
            }
        }
        q
    }

    /// The library's request for this page.
    pub fn request(&self) -> SearchRequest {
        let mut f = Filters {
            since: self.since.clone(),
            until: self.until.clone(),
            all_page_types: self.all_types,
            ..Filters::default()
        };
        for (k, v) in &self.filters {
            let list = match k.as_str() {
                "region" => &mut f.regions,
                "country" => &mut f.countries,
                "topic" => &mut f.topics,
                "site" => &mut f.sites,
                "kind" => &mut f.kinds,
                "page_type" => &mut f.page_types,
                "author" => &mut f.authors,
                _ => continue,
            };
            list.push(v.clone());
        }
        if !f.page_types.is_empty() {
            f.all_page_types = false;
        }
        SearchRequest {
            query: self.query_text(),
            limit: self.per,
            offset: self.offset(),
            sort: if self.by_date {
                Sort::Date
            } else {
                Sort::Relevance
            },
            filters: f,
            collapse: !self.no_collapse,
            ..SearchRequest::default()
        }
    }

    /// True when this filter is set.
    pub fn has(&self, key: &str, value: &str) -> bool {
        (self.filters.iter()).any(|(k, v)| k == key && v.eq_ignore_ascii_case(value))
    }

    /// These params with the filter added, or removed when it is set; back to page 1.
    pub fn toggled(&self, key: &str, value: &str) -> Params {
        let mut p = self.clone();
        p.page = 1;
        if self.has(key, value) {
            p.filters
                .retain(|(k, v)| !(k == key && v.eq_ignore_ascii_case(value)));
        } else {
            p.filters.push((key.to_string(), value.to_string()));
        }
        p
    }

    /// These params on another page.
    pub fn on_page(&self, page: usize) -> Params {
        Params {
            page: page.max(1),
            ..self.clone()
        }
    }

    /// These params in another order, back to page 1.
    pub fn sorted(&self, by_date: bool) -> Params {
        Params {
            by_date,
            page: 1,
            ..self.clone()
        }
    }

    /// These params narrowed to a date range, back to page 1.
    pub fn in_range(&self, since: Option<&str>, until: Option<&str>) -> Params {
        Params {
            since: since.map(str::to_string),
            until: until.map(str::to_string),
            page: 1,
            ..self.clone()
        }
    }

    /// The query string that gives these params back (defaults left out).
    pub fn to_query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            s.append_pair("q", &self.q);
        }
        for (k, v) in &self.filters {
            s.append_pair(k, v);
        }
        for (k, v) in [("since", &self.since), ("until", &self.until)] {
            if let Some(v) = v {
                s.append_pair(k, v);
            }
        }
        if self.by_date {
            s.append_pair("sort", "date");
        }
        if self.all_types {
            s.append_pair("all_types", "1");
        }
        if self.no_collapse {
            s.append_pair("no_collapse", "1");
        }
        if self.per != PAGE_SIZE {
            s.append_pair("per", &self.per.to_string());
        }
        if self.page > 1 {
            s.append_pair("page", &self.page.to_string());
        }
        s.finish()
    }

    /// The page's URL for these params: `/` or `/?…`.
    pub fn href(&self) -> String {
        let qs = self.to_query_string();
        if qs.is_empty() {
            "/".to_string()
        } else {
            format!("/?{qs}")
        }
    }
}

/// A facet or filter key: lower-case letters and `_`, 1 to 20 of them
/// (`region`, `page_type`, `lang`).
pub fn is_facet_key(key: &str) -> bool {
    (1..=20).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

fn flag(value: &str) -> bool {
    matches!(value, "1" | "true" | "on" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_round_trips() {
        let raw =
            "q=wagner+%22mali%22&region=Africa&topic=War+%26+Conflict&since=2023&sort=date&page=3";
        let p = Params::parse(Some(raw)).unwrap();
        assert_eq!(p.q, "wagner \"mali\"");
        assert_eq!(
            p.filters,
            [
                ("region".into(), "Africa".into()),
                ("topic".into(), "War & Conflict".into())
            ]
        );
        assert_eq!(
            (p.since.as_deref(), p.by_date, p.page),
            (Some("2023"), true, 3)
        );
        assert_eq!(p.offset(), 20);
        assert_eq!(Params::parse(Some(&p.to_query_string())).unwrap(), p);
        assert_eq!(Params::parse(None).unwrap().href(), "/");
    }

    #[test]
    fn toggling_adds_and_removes_one_filter() {
        let p = Params::parse(Some("q=x&region=Africa&page=2")).unwrap();
        let off = p.toggled("region", "africa");
        assert!(off.filters.is_empty());
        assert_eq!(off.page, 1);
        let on = p.toggled("site", "wola.org");
        assert!(on.has("region", "Africa") && on.has("site", "wola.org"));
    }

    #[test]
    fn bounds_are_enforced() {
        let long = format!("q={}", "a".repeat(MAX_QUERY + 1));
        assert!(Params::parse(Some(&long)).is_err());
        assert!(Params::parse(Some("per=101")).is_err());
        assert!(Params::parse(Some("page=2000")).is_err());
        assert!(Params::parse(Some("page=x")).is_err());
        assert!(Params::parse(Some("sort=price")).is_err());
        assert!(Params::parse(Some("Region=Africa")).is_err());
        assert!(Params::parse(Some("../etc=passwd")).is_err());
        let many: Vec<String> = (0..=MAX_FILTERS).map(|i| format!("site=s{i}")).collect();
        assert!(Params::parse(Some(&many.join("&"))).is_err());
        assert_eq!(Params::parse(Some("limit=5&offset=10")).unwrap().page, 3);
    }

    #[test]
    fn unknown_facets_filter_through_the_query() {
        let p = Params::parse(Some("q=coup&lang=fr&region=Africa")).unwrap();
        assert_eq!(p.query_text(), "(coup) AND lang:\"fr\"");
        assert_eq!(p.request().filters.regions, ["Africa"]);
        assert_eq!(Params::parse(None).unwrap().query_text(), "*");
    }
}
