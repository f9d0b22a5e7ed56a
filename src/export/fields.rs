//! Which fields an export carries and how each becomes JSON, read from the
//! index's own schema: every stored field is exported except the index's
//! bookkeeping ([`INTERNAL`]), so a field added to the schema later flows
//! through without a change here. A field's [`Kind`] (text with its
//! analyzer, keyword, facet, date, number) decides its JSON value and its
//! type in the mappings ([`super::mapping`]).

use serde_json::{Map, Value as Json};
use tantivy::schema::{FieldType, Schema, Value};
use tantivy::TantivyDocument;

use crate::schema::{field, KEYWORD_TOKENIZER};

/// Stored fields that are the index's own bookkeeping, not the article's:
/// the file's stat and hashes (incremental indexing), the exact-duplicate
/// keys, and the reading markup of `show` (HTML, and only for some pages).
pub const INTERNAL: &[&str] = &[
    field::MTIME,
    field::SIZE,
    field::FILE_HASH,
    field::BODY_HASH,
    field::URL_HASH,
    field::MARKUP,
];

/// Fields that hold a list in every document (an array even with one value).
/// Any other field is a single value, or an array in the rare document that
/// holds several.
pub const MULTI: &[&str] = &[field::AUTHORS, field::CAPTIONS, field::REGION, field::TOPIC];

/// Facets whose levels are exported as fields of their own: the region
/// facet's first level is the region, its second the country.
const FACET_LEVELS: &[(&str, &[&str])] = &[(field::REGION, &["region", "country"])];

/// What kind of value a field holds, as the mappings need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Analyzed text; `tokenizer` is the index's analyzer name
    /// (`polsearch_en`), which names its language.
    Text {
        /// The tantivy analyzer of the field.
        tokenizer: String,
    },
    /// A whole value matched exactly (ids, URLs, sites, kinds).
    Keyword,
    /// One level of a hierarchical facet, as its name (`Africa`).
    Facet,
    /// A date or time, written as ISO 8601.
    Date,
    /// An unsigned integer.
    U64,
    /// A signed integer.
    I64,
    /// A float.
    F64,
    /// A boolean.
    Bool,
    /// Anything else (bytes, JSON, IP), written as JSON.
    Other,
}

/// One exported field.
#[derive(Debug, Clone)]
pub struct ExportField {
    /// Its name in the exported documents.
    pub name: String,
    /// What it holds.
    pub kind: Kind,
    /// True when it is always an array ([`MULTI`]).
    pub multi: bool,
    /// The schema field it is read from.
    field: tantivy::schema::Field,
    /// For a facet exported by level: which level (0 = first).
    level: Option<usize>,
}

/// The exported fields of `schema`, in schema order.
pub fn export_fields(schema: &Schema) -> Vec<ExportField> {
    let mut out = Vec::new();
    for (f, entry) in schema.fields() {
        let name = entry.name();
        if !entry.is_stored() || INTERNAL.contains(&name) {
            continue;
        }
        let kind = kind_of(entry.field_type());
        let multi = MULTI.contains(&name);
        match FACET_LEVELS.iter().find(|(n, _)| *n == name) {
            Some((_, levels)) => {
                for (i, level) in levels.iter().enumerate() {
                    out.push(ExportField {
                        name: level.to_string(),
                        kind: kind.clone(),
                        multi,
                        field: f,
                        level: Some(i),
                    });
                }
            }
            None => out.push(ExportField {
                name: name.to_string(),
                kind,
                multi,
                field: f,
                level: None,
            }),
        }
    }
    out
}

fn kind_of(t: &FieldType) -> Kind {
    match t {
        FieldType::Str(o) => match o.get_indexing_options() {
            Some(ix) if ix.tokenizer() != "raw" && ix.tokenizer() != KEYWORD_TOKENIZER => {
                Kind::Text {
                    tokenizer: ix.tokenizer().to_string(),
                }
            }
            _ => Kind::Keyword,
        },
        FieldType::Facet(_) => Kind::Facet,
        FieldType::Date(_) => Kind::Date,
        FieldType::U64(_) => Kind::U64,
        FieldType::I64(_) => Kind::I64,
        FieldType::F64(_) => Kind::F64,
        FieldType::Bool(_) => Kind::Bool,
        _ => Kind::Other,
    }
}

/// The JSON object of one stored document: each exported field that has a
/// value (fields without one are left out).
pub fn to_json(fields: &[ExportField], doc: &TantivyDocument) -> Map<String, Json> {
    let mut obj = Map::new();
    for ef in fields {
        let mut values: Vec<Json> = Vec::new();
        for v in doc.get_all(ef.field) {
            let json = match &ef.kind {
                Kind::Facet => v.as_facet().and_then(|path| facet_level(path, ef.level)),
                Kind::Date => v.as_datetime().map(|d| iso_date(d.into_timestamp_secs())),
                Kind::Text { .. } | Kind::Keyword => v.as_str().map(Json::from),
                Kind::U64 => v.as_u64().map(Json::from),
                Kind::I64 => v.as_i64().map(Json::from),
                Kind::F64 => v.as_f64().map(Json::from),
                Kind::Bool => v.as_bool().map(Json::from),
                Kind::Other => serde_json::to_value(tantivy::schema::OwnedValue::from(v)).ok(),
            };
            if let Some(j) = json.filter(|j| !values.contains(j)) {
                values.push(j);
            }
        }
        let value = match (ef.multi, values.len()) {
            (_, 0) => continue,
            (false, 1) => values.pop().unwrap_or_default(),
            _ => Json::Array(values),
        };
        obj.insert(ef.name.clone(), value);
    }
    obj
}

/// The name at `level` of a facet path (`/Africa/Mali`, level 1 → `Mali`), or
/// the whole path without its leading `/` when the facet is not split.
fn facet_level(path: &str, level: Option<usize>) -> Option<Json> {
    // tantivy encodes `/Africa/Mali` as `Africa\0Mali`
    let parts: Vec<&str> = path.split('\0').filter(|p| !p.is_empty()).collect();
    match level {
        None => (!parts.is_empty()).then(|| Json::from(parts.join("/"))),
        Some(l) => (parts.len() == l + 1).then(|| Json::from(parts[l])),
    }
}

/// A time as ISO 8601: the day alone at midnight UTC (polsearch dates are
/// days), else RFC 3339 in UTC.
pub fn iso_date(secs: i64) -> Json {
    let Some(t) = chrono::DateTime::from_timestamp(secs, 0) else {
        return Json::Null;
    };
    if secs.rem_euclid(86_400) == 0 {
        Json::from(t.format("%Y-%m-%d").to_string())
    } else {
        Json::from(t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::build_schema;

    #[test]
    fn every_article_field_is_exported_and_bookkeeping_is_not() {
        let fields = export_fields(&build_schema());
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        for want in [
            "id",
            "path",
            "url",
            "title",
            "subtitle",
            "authors",
            "body",
            "captions",
            "site",
            "site_name",
            "kind",
            "date",
            "region",
            "country",
            "topic",
            "page_type",
        ] {
            assert!(names.contains(&want), "{want} missing from {names:?}");
        }
        for internal in INTERNAL {
            assert!(!names.contains(internal), "{internal} exported");
        }
        // dup_band is indexed only: nothing to export
        assert!(!names.contains(&"dup_band"));
        let kind = |n: &str| fields.iter().find(|f| f.name == n).unwrap().kind.clone();
        assert_eq!(
            kind("body"),
            Kind::Text {
                tokenizer: crate::schema::TEXT_TOKENIZER.into()
            }
        );
        assert_eq!(kind("site"), Kind::Keyword);
        assert_eq!(kind("id"), Kind::Keyword);
        assert_eq!(kind("date"), Kind::Date);
        assert_eq!(kind("country"), Kind::Facet);
    }

    #[test]
    fn a_field_added_to_the_schema_flows_through() {
        let mut b = tantivy::schema::Schema::builder();
        let lang = b.add_text_field("lang", tantivy::schema::STRING | tantivy::schema::STORED);
        let group = b.add_u64_field("dup_group", tantivy::schema::STORED);
        b.add_u64_field("hidden", tantivy::schema::INDEXED);
        let schema = b.build();
        let fields = export_fields(&schema);
        let mut doc = TantivyDocument::default();
        doc.add_text(lang, "fr");
        doc.add_u64(group, 42);
        let json = Json::Object(to_json(&fields, &doc));
        assert_eq!(json, serde_json::json!({"lang": "fr", "dup_group": 42}));
    }

    #[test]
    fn regions_and_countries_are_split_and_dates_are_iso() {
        let schema = build_schema();
        let f = crate::schema::Fields::new(&schema).unwrap();
        let mut doc = TantivyDocument::default();
        doc.add_facet(f.region, tantivy::schema::Facet::from_path(["Africa"]));
        doc.add_facet(
            f.region,
            tantivy::schema::Facet::from_path(["Africa", "Mali"]),
        );
        doc.add_facet(
            f.topic,
            tantivy::schema::Facet::from_path(["War & Conflict"]),
        );
        doc.add_facet(f.page_type, crate::schema::page_type_facet("article"));
        doc.add_date(f.date, crate::schema::date_value(1_709_251_200));
        doc.add_text(f.authors, "A. Writer");
        doc.add_u64(f.body_hash, 7);
        let json = Json::Object(to_json(&export_fields(&schema), &doc));
        assert_eq!(
            json,
            serde_json::json!({
                "authors": ["A. Writer"],
                "date": "2024-03-01",
                "region": ["Africa"],
                "country": ["Mali"],
                "topic": ["War & Conflict"],
                "page_type": "article",
            })
        );
        assert_eq!(iso_date(1_709_251_201), "2024-03-01T00:00:01Z");
    }
}
