//! The JSON Schema (draft 2020-12) of the catalog format itself: what editors with
//! yaml-language-server use to complete keys, show their meaning on hover and flag unknown
//! ones (`# yaml-language-server: $schema=catalog.schema.json` at the top of a catalog).
//!
//! Its keys come from the key tables (`keys.rs`) and its lists (code styles, field types, gRPC
//! codes, presets, template variables) from the vocabulary tables of the model and the preset
//! table, so the schema cannot drift from what the loader accepts. It is deliberately a little looser than the checker where YAML typing would make
//! it wrong (a `since: 1.2` is a number to YAML and a string to errcat); the checker remains
//! the authority and reports what the schema cannot express (placeholders, duplicates, ...).

use serde_json::{json, Value as Json};

use crate::emit::{Emitter, File};
use crate::envelope::PRESETS;
use crate::keys::{EntryKey, FieldKey, IncludeKey, RetiredKey, RuleKey, TopKey};
use crate::model::{CodeStyle, FieldType, GrpcCode, Var};

/// errcat's catalog format (v1), the model the schema is generated from: its key tables,
/// vocabularies and presets, all static, so the value carries nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CatalogFormat;

/// Options of the schema emitter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Name of the generated file; default `catalog.schema.json`.
    pub file_name: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            file_name: "catalog.schema.json".to_owned(),
        }
    }
}

/// The schema: one file.
impl Emitter for Options {
    type Model = CatalogFormat;

    fn emit(&self, _: &CatalogFormat) -> Vec<File> {
        let mut contents = serde_json::to_string_pretty(&schema()).unwrap_or_default();
        contents.push('\n');
        vec![File {
            name: self.file_name.clone(),
            contents,
        }]
    }
}

/// The schema as JSON. Each mapping's `properties` come from its key table, in table order,
/// each key's value schema from an exhaustive `match`: a key added to the format without a
/// schema does not compile.
fn schema() -> Json {
    let presets: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    let vars: Vec<String> = Var::BUILTIN.iter().map(|v| format!("${v}")).collect();
    // A rule is `{default: N}` alone, or a matching rule with every other key.
    let (default, matching): (Vec<RuleKey>, Vec<RuleKey>) = RuleKey::ALL
        .into_iter()
        .partition(|key| *key == RuleKey::Default);
    let rule = |keys: &[RuleKey]| {
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": keys.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            "properties": properties(keys.iter().copied(), RuleKey::as_str, rule_key)
        })
    };

    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "errcat catalog",
        "description": "One YAML file that is the single source of truth for an API's errors (errcat catalog format v1).",
        "type": "object",
        "additionalProperties": false,
        "required": [TopKey::Errors.as_str()],
        "properties": properties(TopKey::ALL, TopKey::as_str, top_key),
        "$defs": {
            "status": {
                "description": "HTTP status, 400-599 (2xx and 3xx are not errors).",
                "type": "integer",
                "minimum": 400,
                "maximum": 599
            },
            "text": {
                "description": "One string, or a list of strings.",
                "anyOf": [
                    { "type": "string" },
                    { "type": "array", "items": { "type": "string" } }
                ]
            },
            "envelope": {
                "anyOf": [
                    { "description": "A preset.", "enum": presets },
                    {
                        "description": format!("A template: a variable ({}, or `$<field>`).", vars.join(", ")),
                        "type": "string",
                        "pattern": "^\\$"
                    },
                    { "description": "A template: the JSON body written as YAML; `$var` where values go, `$var?` to omit a member without a value, `$$x` for a literal `$x`.", "type": "object" },
                    { "type": "array" }
                ]
            },
            "statusRule": {
                "anyOf": [
                    rule(&matching),
                    rule(&default)
                ]
            },
            "field": {
                "anyOf": [
                    { "description": "A string field.", "type": "null" },
                    { "description": "The field's type.", "enum": FieldType::NAMES },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "properties": properties(FieldKey::ALL, FieldKey::as_str, field_key)
                    }
                ]
            },
            "retired": {
                "type": "object",
                "additionalProperties": false,
                "required": [RetiredKey::Code.as_str(), RetiredKey::Version.as_str(), RetiredKey::Note.as_str()],
                "properties": properties(RetiredKey::ALL, RetiredKey::as_str, retired_key)
            },
            "include": {
                "anyOf": [
                    { "description": "A catalog: a path relative to this file, or `errcat:standard` (embedded in errcat).", "type": "string" },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": [IncludeKey::Catalog.as_str()],
                        "properties": properties(IncludeKey::ALL, IncludeKey::as_str, include_key)
                    }
                ]
            },
            "entry": {
                "type": "object",
                "additionalProperties": false,
                "required": [EntryKey::Code.as_str(), EntryKey::Message.as_str()],
                "properties": properties(EntryKey::ALL, EntryKey::as_str, entry_key)
            }
        }
    })
}

/// A `properties` object: each key's spelling and value schema, in the order given.
fn properties<K: Copy>(
    keys: impl IntoIterator<Item = K>,
    name: fn(K) -> &'static str,
    schema: fn(K) -> Json,
) -> Json {
    Json::Object(
        keys.into_iter()
            .map(|key| (name(key).to_owned(), schema(key)))
            .collect(),
    )
}

/// "`problem`: RFC 9457 ..." for every preset, for the description of `format`.
fn preset_docs() -> Vec<String> {
    PRESETS
        .iter()
        .map(|p| format!("`{}`: {}", p.name, p.description))
        .collect()
}

/// The schema of the value of a key of an include item.
fn include_key(key: IncludeKey) -> Json {
    // One code, or a list of codes.
    let codes = |description: &str| {
        json!({
            "description": description,
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    };
    match key {
        IncludeKey::Catalog => json!({
            "description": "The catalog: a path relative to this file, or `errcat:standard` (embedded in errcat).",
            "type": "string"
        }),
        IncludeKey::Only => {
            codes("Codes of the included catalog to take; the others are left out.")
        }
        IncludeKey::Except => {
            codes("Codes of the included catalog to leave out (not with `only`).")
        }
        IncludeKey::Overrides => json!({
            "description": "Per code of the included catalog, entry keys that replace the entry's own (any key but `code`).",
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "propertyNames": { "not": { "const": EntryKey::Code.as_str() } }
            }
        }),
    }
}

/// The schema of the value of a root key.
fn top_key(key: TopKey) -> Json {
    match key {
        TopKey::Service => json!({
            "description": "Name of the API; titles of generated docs. Required in the root catalog; in an included catalog it names the group of its codes in the docs.",
            "type": "string"
        }),
        TopKey::Description => json!({
            "description": "Paragraph shown at the top of the docs page.",
            "type": "string"
        }),
        TopKey::DocsUrl => json!({
            "description": "URL template with `{code}`: the per-code documentation link (problem+json `type`, docs, Rust docs). `errcat docs` pages have an anchor per code, so `https://host/errors#{code}` works.",
            "type": "string"
        }),
        TopKey::CodeStyle => json!({
            "description": "The shape every code must have; every code is checked against it. Default `any`.",
            "enum": CodeStyle::NAMES
        }),
        TopKey::Format => json!({
            "description": format!("Response envelope: a preset name or a template (the JSON body written as YAML, with `$variables`). Default `problem`. Presets: {}", preset_docs().join(" ")),
            "$ref": "#/$defs/envelope"
        }),
        TopKey::Formats => json!({
            "description": "Named extra envelopes that an entry selects with its own `format:`.",
            "type": "object",
            "additionalProperties": { "$ref": "#/$defs/envelope" }
        }),
        TopKey::StatusRules => json!({
            "description": "Ordered rules giving a status to entries without one; first match wins, `{default: N}` last.",
            "type": "array",
            "items": { "$ref": "#/$defs/statusRule" }
        }),
        TopKey::Edges => json!({
            "description": "The code each framework edge answers with (a body that is not JSON, an unknown route, a panicking handler, ...), for errcat's axum and actix-web layers; `null` leaves an edge to the framework. Every required field of the code must be one the edge fills.",
            "type": "object",
            "properties": edge_properties(),
            "additionalProperties": false
        }),
        TopKey::Include => json!({
            "description": "Other catalogs merged into this one: paths relative to this file, or `errcat:standard`; an item can take a subset (`only`, `except`) and override keys of its entries (`overrides`). A code defined twice anywhere is an error.",
            "anyOf": [
                { "$ref": "#/$defs/include" },
                { "type": "array", "items": { "$ref": "#/$defs/include" } }
            ]
        }),
        TopKey::Errors => json!({
            "description": "The entries, in the order the docs list them.",
            "type": "array",
            "items": { "$ref": "#/$defs/entry" }
        }),
        TopKey::Retired => json!({
            "description": "Codes no longer in use, never to be an entry's code again. Root catalog only.",
            "type": "array",
            "items": { "$ref": "#/$defs/retired" }
        }),
    }
}

/// One property per framework edge: a code, or `null`.
fn edge_properties() -> Json {
    let mut properties = serde_json::Map::new();
    for edge in crate::model::Edge::ALL {
        let fills: Vec<String> = edge
            .values()
            .iter()
            .map(|v| format!("`{}`", v.name()))
            .collect();
        let fills = if fills.is_empty() {
            "no field".to_owned()
        } else {
            fills.join(", ")
        };
        properties.insert(
            edge.name().to_owned(),
            json!({
                "description": format!("The code for `{}`; the edge fills {fills}.", edge.name()),
                "type": ["string", "null"]
            }),
        );
    }
    Json::Object(properties)
}

/// The schema of the value of a `retired` key.
fn retired_key(key: RetiredKey) -> Json {
    match key {
        RetiredKey::Code => json!({ "description": "The retired code.", "type": "string" }),
        RetiredKey::Version => json!({
            "description": "The version of the API that retired it.",
            "type": "string"
        }),
        RetiredKey::Note => json!({
            "description": "Why it was retired and what clients do instead.",
            "type": "string"
        }),
        RetiredKey::ReplacedBy => json!({
            "description": "The code that replaces it, an entry of the catalog.",
            "type": "string"
        }),
    }
}

/// The schema of the value of an entry key.
fn entry_key(key: EntryKey) -> Json {
    match key {
        EntryKey::Code => json!({
            "description": "Machine-readable code, unique across the catalog and its includes. A YAML number is taken as its digits.",
            "type": ["string", "integer"]
        }),
        EntryKey::Status => json!({
            "description": "HTTP status, 400-599; required unless a status rule gives it.",
            "$ref": "#/$defs/status"
        }),
        EntryKey::Message => json!({
            "description": "Human message template: `{name}` inserts field `name`; `{{` and `}}` are literal braces.",
            "type": "string"
        }),
        EntryKey::Title => json!({
            "description": "Short name (docs heading, problem+json `title`); default the status' reason phrase.",
            "type": "string"
        }),
        EntryKey::Cause => json!({
            "description": "Why the error happens: a string or a list. A pair of backticks marks code in the docs.",
            "$ref": "#/$defs/text"
        }),
        EntryKey::Solution => json!({
            "description": "What the client should do: a string or a list of steps.",
            "$ref": "#/$defs/text"
        }),
        EntryKey::Category => json!({
            "description": "Docs grouping (Authentication, Resources, Validation, ...).",
            "type": "string"
        }),
        EntryKey::Fields => json!({
            "description": "Typed values the error carries, `name: {type, doc, optional}` or `name: type`. Every placeholder must be a field.",
            "type": "object",
            "additionalProperties": { "$ref": "#/$defs/field" }
        }),
        EntryKey::Retryable => json!({
            "description": "Whether the same request may succeed later. Default true for 429, 500, 502, 503, 504.",
            "type": "boolean"
        }),
        EntryKey::RetryAfter => json!({
            "description": "Seconds, or a template over the fields: the `Retry-After` header (and `$retry_after`).",
            "type": ["integer", "string"]
        }),
        EntryKey::Headers => json!({
            "description": "Extra response headers, `Name: template`.",
            "type": "object",
            "propertyNames": { "pattern": "^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$" },
            "additionalProperties": { "type": ["string", "number"] }
        }),
        EntryKey::ExposeAs => json!({
            "description": "Code the client sees instead of this one (a private resource's 403 shown as 404).",
            "type": ["string", "integer"]
        }),
        EntryKey::Internal => json!({
            "description": "The message is for logs only. Default true for 500.",
            "type": "boolean"
        }),
        EntryKey::Deprecated => json!({
            "description": "A note (or `true`); generated code carries `#[deprecated]`, docs mark it.",
            "type": ["string", "boolean"]
        }),
        EntryKey::Since => json!({
            "description": "Version that introduced the code.",
            "type": ["string", "number"]
        }),
        EntryKey::Grpc => json!({
            "description": "Canonical gRPC code; default from the status.",
            "enum": GrpcCode::NAMES
        }),
        EntryKey::Example => json!({
            "description": "Field values for the docs' example response.",
            "type": "object"
        }),
        EntryKey::RustName => json!({
            "description": "Variant name override; default UpperCamelCase of the code.",
            "type": "string",
            "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"
        }),
        EntryKey::Format => json!({
            "description": "Name of an envelope from `formats`.",
            "type": "string"
        }),
    }
}

/// The schema of the value of a field declaration key.
fn field_key(key: FieldKey) -> Json {
    match key {
        FieldKey::Type => json!({ "description": "Default `string`.", "enum": FieldType::NAMES }),
        FieldKey::Doc => {
            json!({ "description": "What the value is; shown in docs.", "type": "string" })
        }
        FieldKey::Optional => {
            json!({ "description": "`Option<T>` in Rust; absent values omit `$name?` members.", "type": "boolean" })
        }
    }
}

/// The schema of the value of a `status_rules` key.
fn rule_key(key: RuleKey) -> Json {
    match key {
        RuleKey::Contains => json!({
            "description": "Substrings of the code; the rule matches when the code contains any of them.",
            "$ref": "#/$defs/text"
        }),
        RuleKey::Status => json!({ "$ref": "#/$defs/status" }),
        RuleKey::Default => json!({
            "description": "Status for every entry no rule matched; the last rule.",
            "$ref": "#/$defs/status"
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_come_from_the_model() {
        let schema = schema();
        assert_eq!(
            schema["$defs"]["envelope"]["anyOf"][0]["enum"][0],
            "problem"
        );
        assert_eq!(
            schema["properties"]["code_style"]["enum"]
                .as_array()
                .map(Vec::len),
            Some(CodeStyle::ALL.len())
        );
        assert_eq!(
            schema["$defs"]["entry"]["properties"]["grpc"]["enum"][4],
            "NOT_FOUND"
        );
        assert_eq!(schema["$defs"]["entry"]["additionalProperties"], false);
        let file = &Options::default().emit(&CatalogFormat)[0];
        assert!(file.contents.ends_with("}\n"));
    }
}
