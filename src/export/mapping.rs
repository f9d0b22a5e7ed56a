//! The index definitions that go with an export, built from the exported
//! fields ([`super::fields`]): the Elasticsearch/OpenSearch mapping, the
//! Quickwit index config and the Typesense collection schema. Text fields get
//! the language analyzer of the analyzer they have in polsearch
//! (`polsearch_en` → `english`), keyword fields and facets are `keyword`
//! (facets: Quickwit tag fields, Typesense facets), dates are `date`.

use serde_json::{json, Map, Value as Json};

use super::fields::{ExportField, Kind};

/// ISO 639-1 codes and the names of Elasticsearch's language analyzers.
const ES_ANALYZERS: &[(&str, &str)] = &[
    ("ar", "arabic"),
    ("bg", "bulgarian"),
    ("ca", "catalan"),
    ("cs", "czech"),
    ("da", "danish"),
    ("de", "german"),
    ("el", "greek"),
    ("en", "english"),
    ("es", "spanish"),
    ("fa", "persian"),
    ("fi", "finnish"),
    ("fr", "french"),
    ("hi", "hindi"),
    ("hu", "hungarian"),
    ("id", "indonesian"),
    ("it", "italian"),
    ("nl", "dutch"),
    ("no", "norwegian"),
    ("pt", "portuguese"),
    ("ro", "romanian"),
    ("ru", "russian"),
    ("sv", "swedish"),
    ("tr", "turkish"),
];

/// The language of a polsearch analyzer name (`polsearch_en` → `en`).
fn language(tokenizer: &str) -> Option<&str> {
    tokenizer
        .strip_prefix("polsearch_")
        .filter(|l| l.len() == 2)
}

/// The Elasticsearch analyzer for a polsearch analyzer (`standard` when its
/// language has none).
pub fn es_analyzer(tokenizer: &str) -> &'static str {
    language(tokenizer)
        .and_then(|l| ES_ANALYZERS.iter().find(|(c, _)| *c == l))
        .map_or("standard", |(_, a)| a)
}

/// The Elasticsearch/OpenSearch index body: `{"mappings": {"properties": …}}`
/// with `dynamic: false` (only these fields are indexed).
pub fn elasticsearch(fields: &[ExportField]) -> Json {
    let mut props = Map::new();
    for f in fields {
        let p = match &f.kind {
            Kind::Text { tokenizer } => json!({
                "type": "text",
                "analyzer": es_analyzer(tokenizer),
            }),
            Kind::Keyword | Kind::Facet => json!({"type": "keyword"}),
            Kind::Date => json!({
                "type": "date",
                "format": "strict_date_optional_time||epoch_second",
            }),
            Kind::U64 => json!({"type": "unsigned_long"}),
            Kind::I64 => json!({"type": "long"}),
            Kind::F64 => json!({"type": "double"}),
            Kind::Bool => json!({"type": "boolean"}),
            Kind::Other => json!({"type": "object", "enabled": false}),
        };
        props.insert(f.name.clone(), p);
    }
    json!({"mappings": {"dynamic": false, "properties": props}})
}

/// The Quickwit index config (YAML) for `index_id`: a strict doc mapping of
/// every field, `date` as the timestamp field, the facets as tag fields, and
/// title, subtitle and body searched by default.
pub fn quickwit(fields: &[ExportField], index_id: &str) -> String {
    let mut y = String::new();
    y.push_str(
        "# Quickwit index config written by `polsearch export --format quickwit --mapping`\n",
    );
    y.push_str("version: 0.8\n");
    y.push_str(&format!("index_id: {}\n", yaml_str(index_id)));
    y.push_str("doc_mapping:\n  mode: lenient\n  field_mappings:\n");
    for f in fields {
        let ty = match &f.kind {
            Kind::Text { .. } | Kind::Keyword | Kind::Facet | Kind::Other => "text",
            Kind::Date => "datetime",
            Kind::U64 => "u64",
            Kind::I64 => "i64",
            Kind::F64 => "f64",
            Kind::Bool => "bool",
        };
        let ty = if f.multi {
            format!("array<{ty}>")
        } else {
            ty.to_string()
        };
        y.push_str(&format!(
            "    - name: {}\n      type: {ty}\n",
            yaml_str(&f.name)
        ));
        match &f.kind {
            Kind::Text { tokenizer } => {
                let t = if language(tokenizer) == Some("en") {
                    "en_stem"
                } else {
                    "default"
                };
                y.push_str(&format!(
                    "      tokenizer: {t}\n      record: position\n      stored: true\n"
                ));
            }
            Kind::Keyword | Kind::Facet | Kind::Other => {
                y.push_str("      tokenizer: raw\n      stored: true\n      fast: true\n");
            }
            Kind::Date => y.push_str(
                "      input_formats: [\"%Y-%m-%d\", rfc3339, unix_timestamp]\n      \
                 output_format: rfc3339\n      precision: seconds\n      stored: true\n      \
                 fast: true\n",
            ),
            _ => y.push_str("      stored: true\n      fast: true\n"),
        }
    }
    let tags: Vec<String> = fields
        .iter()
        .filter(|f| f.kind == Kind::Facet)
        .map(|f| yaml_str(&f.name))
        .collect();
    y.push_str(&format!("  tag_fields: [{}]\n", tags.join(", ")));
    if fields
        .iter()
        .any(|f| f.name == "date" && f.kind == Kind::Date)
    {
        y.push_str("  timestamp_field: date\n");
    }
    let search: Vec<String> = ["title", "subtitle", "body"]
        .iter()
        .filter(|n| fields.iter().any(|f| f.name == **n))
        .map(|n| n.to_string())
        .collect();
    y.push_str(&format!(
        "search_settings:\n  default_search_fields: [{}]\n",
        search.join(", ")
    ));
    y
}

/// A YAML scalar: plain when it is a simple name, double-quoted (JSON
/// escaping, which YAML accepts) otherwise.
fn yaml_str(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        s.to_string()
    } else {
        Json::from(s).to_string()
    }
}

/// The Typesense collection schema for `name`: every field optional (a
/// document without a value leaves it out), keywords and facets faceted.
/// Typesense keeps the document id in its own `id`, so `id` is not declared.
pub fn typesense(fields: &[ExportField], name: &str) -> Json {
    let defs: Vec<Json> = fields
        .iter()
        .filter(|f| f.name != "id")
        .map(|f| {
            let base = match &f.kind {
                Kind::Text { .. } | Kind::Keyword | Kind::Facet | Kind::Date | Kind::Other => {
                    "string"
                }
                Kind::U64 | Kind::I64 => "int64",
                Kind::F64 => "float",
                Kind::Bool => "bool",
            };
            let ty = if f.multi {
                format!("{base}[]")
            } else {
                base.to_string()
            };
            let facet = matches!(f.kind, Kind::Keyword | Kind::Facet | Kind::Date);
            json!({"name": f.name, "type": ty, "optional": true, "facet": facet})
        })
        .collect();
    json!({"name": name, "fields": defs})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fields::export_fields;
    use crate::schema::build_schema;

    #[test]
    fn the_elasticsearch_mapping_has_analyzers_keywords_and_a_date() {
        let m = elasticsearch(&export_fields(&build_schema()));
        let p = &m["mappings"]["properties"];
        assert_eq!(p["body"]["analyzer"], "english");
        assert_eq!(p["title"]["type"], "text");
        for k in [
            "site",
            "kind",
            "region",
            "country",
            "topic",
            "page_type",
            "id",
        ] {
            assert_eq!(p[k]["type"], "keyword", "{k}");
        }
        assert_eq!(p["date"]["type"], "date");
        assert!(p.get("mtime").is_none());
    }

    #[test]
    fn the_quickwit_config_names_its_timestamp_and_tags() {
        let y = quickwit(&export_fields(&build_schema()), "polsearch");
        assert!(y.contains("timestamp_field: date\n"), "{y}");
        assert!(
            y.contains("tag_fields: [region, country, topic, page_type]"),
            "{y}"
        );
        assert!(
            y.contains("- name: authors\n      type: array<text>\n"),
            "{y}"
        );
        assert!(y.contains("tokenizer: en_stem"), "{y}");
        assert_eq!(yaml_str("a b"), "\"a b\"");
    }

    #[test]
    fn analyzers_follow_the_language_of_polsearchs_analyzer() {
        assert_eq!(es_analyzer("polsearch_en"), "english");
        assert_eq!(es_analyzer("polsearch_fr"), "french");
        assert_eq!(es_analyzer("polsearch_xx"), "standard");
        assert_eq!(es_analyzer("default"), "standard");
    }
}
