//! OpenAPI 3.1 for a catalog: a complete document (`info` from the catalog's service and
//! description, no paths) whose components are the `ErrorCode` enum, one schema per envelope
//! in use, one body schema per code (`NotFoundBody`: the envelope with that code as its
//! only value), and one reusable response per HTTP status (`Error404`, ...): a `oneOf` of the
//! body schemas of every code sent with that status, each code's example body named by its
//! code, and their headers. Paths reference them with `$ref: '#/components/responses/Error404'`.
//!
//! What each code documents is [`code_response`], the one function the Rust emitter and the
//! derive use too (`errcat::openapi::Responses`).
//!
//! Built as a `serde_json::Value` (keys in insertion order) and printed by serde_json, so the
//! output is valid JSON for any catalog text.

use std::collections::HashMap;

use errcat_contract::openapi::merge_status;
use serde_json::{json, Map, Value as Json};

use crate::emit::body::{self, RequestContext, VarKind};
use crate::emit::{Emitter, File};
use crate::model::{self, Catalog, Entry, EnvelopeId, FieldType, Node, Var};
use crate::view::PublicView;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub file_name: String,
    /// `info.version`: the version of the API the catalog describes.
    pub version: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            file_name: "openapi.json".to_owned(),
            version: "1.0.0".to_owned(),
        }
    }
}

/// The document: one file.
impl Emitter for Options {
    type Model = Catalog;

    fn emit(&self, catalog: &Catalog) -> Vec<File> {
        let mut contents = serde_json::to_string_pretty(&document(catalog, self))
            // A `Value` always serializes.
            .unwrap_or_default();
        contents.push('\n');
        vec![File {
            name: self.file_name.clone(),
            contents,
        }]
    }
}

/// The OpenAPI document as JSON.
fn document(catalog: &Catalog, options: &Options) -> Json {
    let mut info = Map::new();
    info.insert("title".into(), Json::String(catalog.service.clone()));
    info.insert("version".into(), Json::String(options.version.clone()));
    if let Some(description) = &catalog.description {
        info.insert("description".into(), Json::String(description.clone()));
    }

    let mut schemas = Map::new();
    schemas.insert(
        "ErrorCode".into(),
        json!({
            "description": "Every error code of the API.",
            "type": "string",
            "enum": catalog.entries.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(),
        }),
    );
    for id in catalog.envelope_ids() {
        if body::envelope_used(catalog, id) {
            let envelope = &catalog.envelopes[id];
            let mut schema = node_schema(catalog, id, &envelope.body);
            if let Json::Object(map) = &mut schema {
                map.insert(
                    "description".into(),
                    Json::String(format!(
                        "An error body in the `{}` format ({}).",
                        envelope.name, envelope.content_type
                    )),
                );
            }
            schemas.insert(body::type_name(catalog, id), schema);
        }
    }

    // One response per status, merged from the codes' own responses; each code's body schema
    // is a component of its own (`NotFoundBody`), so the response's `oneOf` names them.
    let mut responses = Map::new();
    let mut code_schemas: HashMap<String, String> = HashMap::new();
    for status in statuses(catalog) {
        let mut own = Vec::new();
        for entry in catalog.public_entries().filter(|e| e.status == status) {
            let mut response = code_response(catalog, entry);
            if let Some(Json::Object(content)) = response.get_mut("content") {
                for media in content.values_mut() {
                    if let Some(schema) = media.get_mut("schema") {
                        let name = component_name(&mut schemas, &mut code_schemas, entry, schema);
                        *schema = json!({ "$ref": format!("#/components/schemas/{name}") });
                    }
                }
            }
            own.push(response);
        }
        let reason = model::reason_phrase(status).unwrap_or("Error");
        responses.insert(format!("Error{status}"), merge_status(reason, &own));
    }

    json!({
        "openapi": "3.1.0",
        "info": info,
        // The document describes errors only: an API's own document adds its paths and
        // references these responses.
        "paths": {},
        "components": {
            "schemas": schemas,
            "responses": responses,
        },
    })
}

/// The component `schema` is kept under: `<RustName>Body`, or the name of an identical schema
/// already kept (codes whose bodies cannot differ share one, so a `oneOf` never lists two
/// schemas that match the same body).
fn component_name(
    schemas: &mut Map<String, Json>,
    kept: &mut HashMap<String, String>,
    entry: &Entry,
    schema: &mut Json,
) -> String {
    let text = schema.to_string();
    if let Some(name) = kept.get(&text) {
        return name.clone();
    }
    let mut name = format!("{}Body", entry.rust_name);
    while schemas.contains_key(&name) {
        name.push('_');
    }
    schemas.insert(name.clone(), std::mem::take(schema));
    kept.insert(text, name.clone());
    name
}

fn statuses(catalog: &Catalog) -> Vec<u16> {
    let mut statuses: Vec<u16> = catalog.public_entries().map(|e| e.status).collect();
    statuses.sort_unstable();
    statuses.dedup();
    statuses
}

fn summary(entry: &Entry) -> String {
    let mut summary = entry.title.clone();
    if entry.deprecated.is_some() {
        summary.push_str(" (deprecated)");
    }
    summary
}

/// The OpenAPI Response object of one code alone, as a client receives it (for a masked
/// entry, the exposed code's): `description` its title, its headers (`Retry-After`, the
/// catalog's) with example values, and under its content type a schema of its own (the
/// envelope with this code's `code` and `status` as one-value `enum`s, its fields' types) and its
/// example body, named by its code. Self-contained: it names no component.
///
/// The one function that computes what a code documents: `errcat openapi` merges these per
/// status, the Rust emitter and the derive carry them as text ([`code_response_line`]) for
/// `errcat::openapi::Responses`.
pub fn code_response(catalog: &Catalog, entry: &Entry) -> Json {
    let view = catalog.view(entry);
    let example = body::example(catalog, entry, &RequestContext::DOCS);
    let summary = summary(catalog.exposed(entry));

    let mut headers = Map::new();
    for (index, (name, value)) in example.headers.iter().enumerate() {
        // OpenAPI ignores a `Content-Type` response header; the media type says it.
        if name.eq_ignore_ascii_case("content-type") || headers.contains_key(name) {
            continue;
        }
        let header = if index == 0 && view.retry_after.is_some() {
            let example = value
                .parse::<u64>()
                .map_or_else(|_| Json::String(value.clone()), Json::from);
            json!({
                "description": "Seconds to wait before sending the request again.",
                "schema": { "type": "integer", "minimum": 0 },
                "example": example,
            })
        } else {
            json!({ "schema": { "type": "string" }, "example": value })
        };
        headers.insert(name.clone(), header);
    }

    let mut named = Map::new();
    named.insert("summary".into(), Json::String(summary.clone()));
    let cause = &catalog.exposed(entry).cause;
    if !cause.is_empty() {
        named.insert("description".into(), Json::String(cause.join(" ")));
    }
    named.insert("value".into(), example.body);
    let mut examples = Map::new();
    examples.insert(view.code.to_owned(), Json::Object(named));

    let mut media = Map::new();
    media.insert("schema".into(), code_schema(&view, &view.envelope.body));
    media.insert("examples".into(), Json::Object(examples));
    let mut content = Map::new();
    content.insert(example.content_type, Json::Object(media));

    let mut response = Map::new();
    response.insert("description".into(), Json::String(summary));
    if !headers.is_empty() {
        response.insert("headers".into(), Json::Object(headers));
    }
    response.insert("content".into(), Json::Object(content));
    Json::Object(response)
}

/// [`code_response`] as one line of compact JSON (no line break: JSON escapes control
/// characters in strings), the form generated code carries: one line per table row.
pub fn code_response_line(catalog: &Catalog, entry: &Entry) -> String {
    // A `Value` always serializes.
    serde_json::to_string(&code_response(catalog, entry)).unwrap_or_default()
}

/// Whether a variable has a value in the bodies of one code.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Presence {
    Always,
    /// It depends on the error's values or on the request (an optional field, `$request_id`).
    Maybe,
    Never,
}

fn presence(view: &PublicView<'_>, var: &Var) -> Presence {
    let any_optional = view.fields.iter().any(|f| f.optional);
    match var {
        Var::Code | Var::Status | Var::Title | Var::Message => Presence::Always,
        Var::Type if view.docs_url.is_some() => Presence::Always,
        Var::Details if !view.fields.is_empty() => Presence::Always,
        Var::RetryAfter if view.retry_after.is_some() && !any_optional => Presence::Always,
        Var::RetryAfter if view.retry_after.is_some() => Presence::Maybe,
        Var::Type | Var::Details | Var::RetryAfter => Presence::Never,
        Var::Errors | Var::Field | Var::RequestId | Var::Timestamp | Var::Instance => {
            Presence::Maybe
        }
        Var::EntryField(name) => match view.field(name) {
            Some(field) if field.optional => Presence::Maybe,
            Some(_) => Presence::Always,
            None => Presence::Never,
        },
    }
}

/// The JSON Schema of the bodies of one code: [`node_schema`] for that code alone.
fn code_schema(view: &PublicView<'_>, node: &Node) -> Json {
    match node {
        Node::Object(members) => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for member in members {
                let presence = match &member.value {
                    Node::Var(var) => presence(view, var),
                    _ => Presence::Always,
                };
                let schema = match presence {
                    // An omitted member is never sent; a member without a value is `null`.
                    Presence::Never if member.optional => continue,
                    Presence::Never => json!({ "type": "null" }),
                    Presence::Maybe if !member.optional => {
                        nullable(code_schema(view, &member.value))
                    }
                    Presence::Maybe | Presence::Always => code_schema(view, &member.value),
                };
                if !(presence == Presence::Maybe && member.optional) {
                    required.push(Json::String(member.key.clone()));
                }
                properties.insert(member.key.clone(), schema);
            }
            object_schema(properties, required)
        }
        Node::Array(items) => tuple_schema(items.iter().map(|i| code_schema(view, i)).collect()),
        Node::Literal(value) => literal_schema(body::to_json(value)),
        Node::Var(var) => code_var_schema(view, var),
    }
}

/// A literal as a one-value `enum` with its JSON type (utoipa reads no schema without one).
fn literal_schema(value: Json) -> Json {
    let ty = match &value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    };
    json!({ "type": ty, "enum": [value] })
}

fn code_var_schema(view: &PublicView<'_>, var: &Var) -> Json {
    let schema = match var {
        // One-value `enum`s: JSON Schema's `const`, in the form utoipa's schema model keeps
        // (it has no `const`), so the code stays distinguishable in a utoipa document too.
        Var::Code => json!({ "type": "string", "enum": [view.code] }),
        Var::Status => json!({ "type": "integer", "enum": [view.status] }),
        Var::Details => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for field in view.fields {
                let schema = described(field_schema(field.ty), field.doc.clone());
                properties.insert(field.name.clone(), schema);
                if !field.optional {
                    required.push(Json::String(field.name.clone()));
                }
            }
            json!({ "type": "object", "properties": properties, "required": required })
        }
        Var::EntryField(name) => match view.field(name) {
            Some(field) => return described(field_schema(field.ty), field.doc.clone()),
            None => json!({ "type": "null" }),
        },
        other => builtin_schema(other),
    };
    described(schema, body::var_description(var).map(str::to_owned))
}

/// The JSON Schema of an envelope node.
fn node_schema(catalog: &Catalog, id: EnvelopeId, node: &Node) -> Json {
    match node {
        Node::Object(members) => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for member in members {
                let mut schema = node_schema(catalog, id, &member.value);
                let mut may_be_absent = false;
                if let Node::Var(var) = &member.value {
                    may_be_absent = body::var_shape(catalog, id, var).may_be_absent;
                    if may_be_absent && !member.optional {
                        schema = nullable(schema);
                    }
                }
                if !(may_be_absent && member.optional) {
                    required.push(Json::String(member.key.clone()));
                }
                properties.insert(member.key.clone(), schema);
            }
            object_schema(properties, required)
        }
        Node::Array(items) => {
            tuple_schema(items.iter().map(|i| node_schema(catalog, id, i)).collect())
        }
        Node::Literal(value) => json!({ "const": body::to_json(value) }),
        Node::Var(var) => var_schema(catalog, id, var),
    }
}

fn var_schema(catalog: &Catalog, id: EnvelopeId, var: &Var) -> Json {
    let shape = body::var_shape(catalog, id, var);
    let schema = match shape.kind {
        VarKind::Code => json!({ "$ref": "#/components/schemas/ErrorCode" }),
        VarKind::Details => json!({ "type": "object" }),
        VarKind::Field(types) => match types.as_slice() {
            [] => json!({ "type": "null" }),
            [one] => field_schema(*one),
            many => json!({ "anyOf": many.iter().map(|t| field_schema(*t)).collect::<Vec<_>>() }),
        },
        VarKind::Status | VarKind::Seconds | VarKind::String | VarKind::Errors => {
            builtin_schema(var)
        }
    };
    let description = match var {
        Var::EntryField(name) => body::entries_of(catalog, id)
            .filter_map(|e| e.field(name))
            .find_map(|f| f.doc.clone()),
        other => body::var_description(other).map(str::to_owned),
    };
    described(schema, description)
}

/// The schema of a built-in variable whose values do not depend on the entry.
fn builtin_schema(var: &Var) -> Json {
    match var {
        Var::Status => json!({ "type": "integer", "minimum": 400, "maximum": 599 }),
        Var::RetryAfter => json!({ "type": "integer", "minimum": 0 }),
        Var::Type => json!({ "type": "string", "format": "uri" }),
        Var::Instance => json!({ "type": "string", "format": "uri-reference" }),
        Var::Timestamp => json!({ "type": "string", "format": "date-time" }),
        Var::Details => json!({ "type": "object" }),
        Var::Errors => json!({
            "type": "object",
            "additionalProperties": { "type": "array", "items": { "type": "string" } },
        }),
        _ => json!({ "type": "string" }),
    }
}

/// `schema` with `description`, when there is one.
fn described(mut schema: Json, description: Option<String>) -> Json {
    if let (Some(description), Json::Object(map)) = (description, &mut schema) {
        // A `$ref` with siblings is fine in 3.1 (JSON Schema 2020-12).
        map.insert("description".into(), Json::String(description));
    }
    schema
}

fn field_schema(ty: FieldType) -> Json {
    match ty {
        FieldType::String => json!({ "type": "string" }),
        FieldType::I64 => json!({ "type": "integer" }),
        FieldType::U32 | FieldType::U64 => json!({ "type": "integer", "minimum": 0 }),
        FieldType::F64 => json!({ "type": "number" }),
        FieldType::Bool => json!({ "type": "boolean" }),
        FieldType::ListString => json!({ "type": "array", "items": { "type": "string" } }),
    }
}

/// `schema` or `null`: a type list where the schema has one plain type, else `anyOf`.
fn nullable(schema: Json) -> Json {
    if let Json::Object(mut map) = schema {
        if let Some(Json::String(ty)) = map.get("type").cloned() {
            if !map.contains_key("const") && !map.contains_key("enum") {
                map.insert("type".into(), json!([ty, "null"]));
                return Json::Object(map);
            }
        }
        let description = map.remove("description");
        let mut out = Map::new();
        if let Some(description) = description {
            out.insert("description".into(), description);
        }
        out.insert(
            "anyOf".into(),
            json!([Json::Object(map), { "type": "null" }]),
        );
        return Json::Object(out);
    }
    schema
}

/// An object of these members, the `required` ones listed (left out when none is).
fn object_schema(properties: Map<String, Json>, required: Vec<Json>) -> Json {
    let mut schema = Map::new();
    schema.insert("type".into(), Json::String("object".into()));
    schema.insert("properties".into(), Json::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Json::Array(required));
    }
    Json::Object(schema)
}

/// An array of exactly these items, in this order (a template's array).
fn tuple_schema(items: Vec<Json>) -> Json {
    let len = items.len();
    json!({
        "type": "array",
        "prefixItems": items,
        "minItems": len,
        "maxItems": len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::body::tests::catalog;

    #[test]
    fn document_shape() {
        let catalog = catalog();
        let doc = document(&catalog, &Options::default());
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(doc["paths"], json!({}));
        assert_eq!(
            doc["components"]["schemas"]["ErrorCode"]["enum"][1],
            "data/rate-limit-exceeded"
        );
        let nested = &doc["components"]["schemas"]["ErrorBody"];
        assert_eq!(nested["properties"]["success"]["const"], false);
        assert_eq!(nested["required"], json!(["success", "error", "meta"]));
        assert_eq!(
            nested["properties"]["error"]["required"],
            json!(["code", "message"])
        );
        let flat = &doc["components"]["schemas"]["FlatErrorBody"];
        assert_eq!(flat["properties"]["tier"]["type"], "string");
        let r429 = &doc["components"]["responses"]["Error429"];
        assert_eq!(r429["headers"]["Retry-After"]["schema"]["type"], "integer");
        assert!(r429["headers"]["X-RateLimit-Limit"].is_object());
        let media = &r429["content"]["application/json"];
        assert_eq!(
            media["schema"]["$ref"],
            "#/components/schemas/DataRateLimitExceededBody"
        );
        // The code's own body schema: the flat envelope with its status (its `code` member)
        // as its one value.
        let own = &doc["components"]["schemas"]["DataRateLimitExceededBody"];
        assert_eq!(own["properties"]["code"]["enum"], json!([429]));
        assert_eq!(own["properties"]["tier"]["type"], "string");
        assert_eq!(
            media["examples"]["data/rate-limit-exceeded"]["value"]["message"],
            "Rate limit exceeded. Try again in 60 seconds."
        );
        // Masked codes are not examples of their own status.
        assert!(doc["components"]["responses"]["Error403"].is_null());
        let text = &Options::default().emit(&catalog)[0].contents;
        assert_eq!(serde_json::from_str::<Json>(text).unwrap(), doc);
    }

    /// A masked code documents what a client receives: its exposed code's response.
    #[test]
    fn a_masked_code_documents_its_exposed_code() {
        let catalog = catalog();
        let masked = catalog
            .entries
            .iter()
            .find(|e| e.expose_as.is_some())
            .expect("the test catalog masks a code");
        let exposed = catalog.exposed(masked);
        assert_eq!(
            code_response(&catalog, masked),
            code_response(&catalog, exposed)
        );
        let line = code_response_line(&catalog, masked);
        assert!(!line.contains('\n'), "{line}");
        let response: Json = serde_json::from_str(&line).expect("one line of JSON");
        let media = &response["content"]["application/json"];
        assert!(
            media["examples"][&exposed.code]["value"].is_object(),
            "{response:#}"
        );
    }

    #[test]
    fn nullable_schemas() {
        assert_eq!(
            nullable(json!({"type": "string"})),
            json!({"type": ["string", "null"]})
        );
        assert_eq!(
            nullable(json!({"$ref": "#/x", "description": "d"})),
            json!({"description": "d", "anyOf": [{"$ref": "#/x"}, {"type": "null"}]})
        );
    }
}
