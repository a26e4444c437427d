//! OpenAPI 3.1 components for a catalog: the `ErrorCode` enum, one schema per envelope in
//! use, and one reusable response per HTTP status (`Error404`, ...) whose examples are every
//! code sent with that status, rendered from the catalog's own envelope. Paths reference them
//! with `$ref: '#/components/responses/Error404'`.
//!
//! Built as a `serde_json::Value` (keys in insertion order) and printed by serde_json, so the
//! output is valid JSON for any catalog text.

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

    let mut responses = Map::new();
    for status in statuses(catalog) {
        let entries: Vec<&Entry> = catalog
            .public_entries()
            .filter(|e| e.status == status)
            .collect();
        responses.insert(
            format!("Error{status}"),
            response(catalog, status, &entries),
        );
    }

    json!({
        "openapi": "3.1.0",
        "info": info,
        "components": {
            "schemas": schemas,
            "responses": responses,
        },
    })
}

fn statuses(catalog: &Catalog) -> Vec<u16> {
    let mut statuses: Vec<u16> = catalog.public_entries().map(|e| e.status).collect();
    statuses.sort_unstable();
    statuses.dedup();
    statuses
}

/// The response of `status`: `entries` are the public entries sent with it, whose views hold
/// what each response carries.
fn response(catalog: &Catalog, status: u16, entries: &[&Entry]) -> Json {
    let views: Vec<PublicView<'_>> = entries.iter().map(|e| catalog.view(e)).collect();
    let reason = model::reason_phrase(status).unwrap_or("Error");
    let codes: Vec<&str> = entries.iter().map(|e| e.code.as_str()).collect();
    let mut response = Map::new();
    response.insert(
        "description".into(),
        Json::String(format!("{reason}: {}.", codes.join(", "))),
    );

    // Headers any code of this status sends, in first-use order.
    let mut headers = Map::new();
    for view in &views {
        if view.retry_after.is_some() && !headers.contains_key("Retry-After") {
            headers.insert(
                "Retry-After".into(),
                json!({
                    "description": "Seconds to wait before sending the request again.",
                    "schema": { "type": "integer", "minimum": 0 },
                }),
            );
        }
        for header in view.headers {
            // OpenAPI ignores a `Content-Type` response header; the media type says it.
            if header.name.eq_ignore_ascii_case("content-type")
                || headers.contains_key(&header.name)
            {
                continue;
            }
            let users: Vec<&str> = views
                .iter()
                .filter(|v| v.headers.iter().any(|h| h.name == header.name))
                .map(|v| v.code)
                .collect();
            headers.insert(
                header.name.clone(),
                json!({
                    "description": format!("Sent with {}.", users.join(", ")),
                    "schema": { "type": "string" },
                }),
            );
        }
    }
    if !headers.is_empty() {
        response.insert("headers".into(), Json::Object(headers));
    }

    // One media type per content type; its schema is every envelope used under it.
    let mut content = Map::new();
    for (entry, view) in entries.iter().zip(&views) {
        let envelope = view.envelope;
        let media = content
            .entry(envelope.content_type.clone())
            .or_insert_with(|| json!({ "schema": {}, "examples": {} }));
        let schema_ref = json!({
            "$ref": format!("#/components/schemas/{}", body::type_name(catalog, view.envelope_id))
        });
        if let Some(media) = media.as_object_mut() {
            let schema = media.entry("schema").or_insert(Json::Null);
            *schema = merge_schema(std::mem::take(schema), schema_ref);
            let example = body::example(catalog, entry, &RequestContext::DOCS);
            let mut value = Map::new();
            value.insert("summary".into(), Json::String(summary(entry)));
            if !entry.cause.is_empty() {
                value.insert("description".into(), Json::String(entry.cause.join(" ")));
            }
            value.insert("value".into(), example.body);
            if let Some(Json::Object(examples)) = media.get_mut("examples") {
                examples.insert(entry.code.clone(), Json::Object(value));
            }
        }
    }
    response.insert("content".into(), Json::Object(content));
    Json::Object(response)
}

fn summary(entry: &Entry) -> String {
    let mut summary = entry.title.clone();
    if entry.deprecated.is_some() {
        summary.push_str(" (deprecated)");
    }
    summary
}

/// One `$ref`, or `anyOf` of every distinct one.
fn merge_schema(current: Json, schema_ref: Json) -> Json {
    match current {
        Json::Object(map) if map.is_empty() => schema_ref,
        Json::Null => schema_ref,
        Json::Object(mut map) if map.contains_key("anyOf") => {
            if let Some(Json::Array(refs)) = map.get_mut("anyOf") {
                if !refs.contains(&schema_ref) {
                    refs.push(schema_ref);
                }
            }
            Json::Object(map)
        }
        single if single == schema_ref => single,
        single => json!({ "anyOf": [single, schema_ref] }),
    }
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
            let mut schema = Map::new();
            schema.insert("type".into(), Json::String("object".into()));
            schema.insert("properties".into(), Json::Object(properties));
            if !required.is_empty() {
                schema.insert("required".into(), Json::Array(required));
            }
            Json::Object(schema)
        }
        Node::Array(items) => json!({
            "type": "array",
            "prefixItems": items.iter().map(|i| node_schema(catalog, id, i)).collect::<Vec<_>>(),
            "minItems": items.len(),
            "maxItems": items.len(),
        }),
        Node::Literal(value) => json!({ "const": body::to_json(value) }),
        Node::Var(var) => var_schema(catalog, id, var),
    }
}

fn var_schema(catalog: &Catalog, id: EnvelopeId, var: &Var) -> Json {
    let shape = body::var_shape(catalog, id, var);
    let mut schema = match shape.kind {
        VarKind::Code => json!({ "$ref": "#/components/schemas/ErrorCode" }),
        VarKind::Status => json!({ "type": "integer", "minimum": 400, "maximum": 599 }),
        VarKind::Seconds => json!({ "type": "integer", "minimum": 0 }),
        VarKind::String => match var {
            Var::Type => json!({ "type": "string", "format": "uri" }),
            Var::Instance => json!({ "type": "string", "format": "uri-reference" }),
            Var::Timestamp => json!({ "type": "string", "format": "date-time" }),
            _ => json!({ "type": "string" }),
        },
        VarKind::Details => json!({ "type": "object" }),
        VarKind::Errors => json!({
            "type": "object",
            "additionalProperties": { "type": "array", "items": { "type": "string" } },
        }),
        VarKind::Field(types) => match types.as_slice() {
            [] => json!({ "type": "null" }),
            [one] => field_schema(*one),
            many => json!({ "anyOf": many.iter().map(|t| field_schema(*t)).collect::<Vec<_>>() }),
        },
    };
    let description = match var {
        Var::EntryField(name) => body::entries_of(catalog, id)
            .filter_map(|e| e.field(name))
            .find_map(|f| f.doc.clone()),
        other => body::var_description(other).map(str::to_owned),
    };
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
            if !map.contains_key("const") {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::body::tests::catalog;

    #[test]
    fn document_shape() {
        let catalog = catalog();
        let doc = document(&catalog, &Options::default());
        assert_eq!(doc["openapi"], "3.1.0");
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
            "#/components/schemas/FlatErrorBody"
        );
        assert_eq!(
            media["examples"]["data/rate-limit-exceeded"]["value"]["message"],
            "Rate limit exceeded. Try again in 60 seconds."
        );
        // Masked codes are not examples of their own status.
        assert!(doc["components"]["responses"]["Error403"].is_null());
        let text = &Options::default().emit(&catalog)[0].contents;
        assert_eq!(serde_json::from_str::<Json>(text).unwrap(), doc);
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
