//! The JSON Schema (draft 2020-12) of the catalog format itself: what editors with
//! yaml-language-server use to complete keys, show their meaning on hover and flag unknown
//! ones (`# yaml-language-server: $schema=catalog.schema.json` at the top of a catalog).
//!
//! The lists in it (code styles, field types, gRPC codes, presets, template variables) come
//! from the model and the preset table, so the schema cannot drift from what the loader
//! accepts. It is deliberately a little looser than the checker where YAML typing would make
//! it wrong (a `since: 1.2` is a number to YAML and a string to errcat); the checker remains
//! the authority and reports what the schema cannot express (placeholders, duplicates, ...).

use serde_json::{json, Value as Json};

use crate::emit::File;
use crate::envelope::PRESETS;
use crate::model::{CodeStyle, FieldType, GrpcCode, Var};

/// The schema file, `catalog.schema.json`.
pub fn generate() -> Vec<File> {
    let mut contents = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    contents.push('\n');
    vec![File {
        name: "catalog.schema.json".to_owned(),
        contents,
    }]
}

/// The schema as JSON.
pub fn schema() -> Json {
    let presets: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    let preset_docs: Vec<String> = PRESETS
        .iter()
        .map(|p| format!("`{}`: {}", p.name, p.description))
        .collect();
    let styles: Vec<&str> = CodeStyle::ALL.iter().map(|s| s.as_str()).collect();
    let types: Vec<&str> = FieldType::ALL.iter().map(|t| t.as_str()).collect();
    let grpc: Vec<&str> = GrpcCode::ALL.iter().map(|g| g.as_str()).collect();
    let vars: Vec<String> = Var::BUILTIN.iter().map(|v| format!("${v}")).collect();

    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "errcat catalog",
        "description": "One YAML file that is the single source of truth for an API's errors (errcat catalog format v1).",
        "type": "object",
        "additionalProperties": false,
        "required": ["errors"],
        "properties": {
            "service": {
                "description": "Name of the API; titles of generated docs. Required in the root catalog (an included file has only `include` and `errors`).",
                "type": "string"
            },
            "description": {
                "description": "Paragraph shown at the top of the docs page.",
                "type": "string"
            },
            "docs_url": {
                "description": "URL template with `{code}`: the per-code documentation link (problem+json `type`, docs, Rust docs). `errcat docs` pages have an anchor per code, so `https://host/errors#{code}` works.",
                "type": "string"
            },
            "code_style": {
                "description": "The shape every code must have; every code is checked against it. Default `any`.",
                "enum": styles
            },
            "format": {
                "description": format!("Response envelope: a preset name or a template (the JSON body written as YAML, with `$variables`). Default `problem`. Presets: {}", preset_docs.join(" ")),
                "$ref": "#/$defs/envelope"
            },
            "formats": {
                "description": "Named extra envelopes that an entry selects with its own `format:`.",
                "type": "object",
                "additionalProperties": { "$ref": "#/$defs/envelope" }
            },
            "status_rules": {
                "description": "Ordered rules giving a status to entries without one; first match wins, `{default: N}` last.",
                "type": "array",
                "items": { "$ref": "#/$defs/statusRule" }
            },
            "include": {
                "description": "Other catalog files merged into this one, relative to this file. A code defined twice anywhere is an error.",
                "anyOf": [
                    { "type": "string" },
                    { "type": "array", "items": { "type": "string" } }
                ]
            },
            "errors": {
                "description": "The entries, in the order the docs list them.",
                "type": "array",
                "items": { "$ref": "#/$defs/entry" }
            }
        },
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
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["contains", "status"],
                        "properties": {
                            "contains": {
                                "description": "Substrings of the code; the rule matches when the code contains any of them.",
                                "$ref": "#/$defs/text"
                            },
                            "status": { "$ref": "#/$defs/status" }
                        }
                    },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["default"],
                        "properties": {
                            "default": {
                                "description": "Status for every entry no rule matched; the last rule.",
                                "$ref": "#/$defs/status"
                            }
                        }
                    }
                ]
            },
            "field": {
                "anyOf": [
                    { "description": "A string field.", "type": "null" },
                    { "description": "The field's type.", "enum": types },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "properties": {
                            "type": { "description": "Default `string`.", "enum": types },
                            "doc": { "description": "What the value is; shown in docs.", "type": "string" },
                            "optional": { "description": "`Option<T>` in Rust; absent values omit `$name?` members.", "type": "boolean" }
                        }
                    }
                ]
            },
            "entry": {
                "type": "object",
                "additionalProperties": false,
                "required": ["code", "message"],
                "properties": {
                    "code": {
                        "description": "Machine-readable code, unique across the catalog and its includes. A YAML number is taken as its digits.",
                        "type": ["string", "integer"]
                    },
                    "status": {
                        "description": "HTTP status, 400-599; required unless a status rule gives it.",
                        "$ref": "#/$defs/status"
                    },
                    "message": {
                        "description": "Human message template: `{name}` inserts field `name`; `{{` and `}}` are literal braces.",
                        "type": "string"
                    },
                    "title": {
                        "description": "Short name (docs heading, problem+json `title`); default the status' reason phrase.",
                        "type": "string"
                    },
                    "cause": {
                        "description": "Why the error happens: a string or a list. A pair of backticks marks code in the docs.",
                        "$ref": "#/$defs/text"
                    },
                    "solution": {
                        "description": "What the client should do: a string or a list of steps.",
                        "$ref": "#/$defs/text"
                    },
                    "category": {
                        "description": "Docs grouping (Authentication, Resources, Validation, ...).",
                        "type": "string"
                    },
                    "fields": {
                        "description": "Typed values the error carries, `name: {type, doc, optional}` or `name: type`. Every placeholder must be a field.",
                        "type": "object",
                        "additionalProperties": { "$ref": "#/$defs/field" }
                    },
                    "retryable": {
                        "description": "Whether the same request may succeed later. Default true for 429, 500, 502, 503, 504.",
                        "type": "boolean"
                    },
                    "retry_after": {
                        "description": "Seconds, or a template over the fields: the `Retry-After` header (and `$retry_after`).",
                        "type": ["integer", "string"]
                    },
                    "headers": {
                        "description": "Extra response headers, `Name: template`.",
                        "type": "object",
                        "propertyNames": { "pattern": "^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$" },
                        "additionalProperties": { "type": ["string", "number"] }
                    },
                    "expose_as": {
                        "description": "Code the client sees instead of this one (a private resource's 403 shown as 404).",
                        "type": ["string", "integer"]
                    },
                    "internal": {
                        "description": "The message is for logs only. Default true for 500.",
                        "type": "boolean"
                    },
                    "deprecated": {
                        "description": "A note (or `true`); generated code carries `#[deprecated]`, docs mark it.",
                        "type": ["string", "boolean"]
                    },
                    "since": {
                        "description": "Version that introduced the code.",
                        "type": ["string", "number"]
                    },
                    "grpc": {
                        "description": "Canonical gRPC code; default from the status.",
                        "enum": grpc
                    },
                    "example": {
                        "description": "Field values for the docs' example response.",
                        "type": "object"
                    },
                    "rust_name": {
                        "description": "Variant name override; default UpperCamelCase of the code.",
                        "type": "string",
                        "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"
                    },
                    "format": {
                        "description": "Name of an envelope from `formats`.",
                        "type": "string"
                    }
                }
            }
        }
    })
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
        let file = &generate()[0];
        assert!(file.contents.ends_with("}\n"));
    }
}
