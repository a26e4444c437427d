//! What a response body looks like, for the emitters that describe bodies instead of
//! rendering them at runtime (Markdown, TypeScript, OpenAPI):
//!
//! - [`example`]: one entry's example response (status, headers, body) from its example
//!   field values, as a `serde_json::Value` in template order;
//! - [`var_shape`]: what a template variable can hold across every entry that uses an
//!   envelope, and whether it can be missing, so types and schemas are exact;
//! - [`leaves`]: the members of an envelope as dotted paths, for the docs' field table.
//!
//! What a client sees (the exposed entry's status, headers and body for a masked entry; the
//! title instead of an `internal` message, and none of its fields) is the entry's
//! [`PublicView`], the same the runtime body programs are lowered from. A missing value omits a
//! `$var?` member and is `null` for a plain `$var`, as the runtime renderer does.

use serde_json::{Map, Number, Value as Json};

use crate::model::{
    Catalog, Entry, Envelope, EnvelopeId, FieldType, Node, Segment, Template, Value, Var,
};
use crate::names;
use crate::view::{PublicMessage, PublicView};

/// The per-request values a server supplies through its context; `None` is "not set".
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestContext<'a> {
    pub request_id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub instance: Option<&'a str>,
    /// The failing field's name (`$field`).
    pub field: Option<&'a str>,
    /// Field -> messages (`$errors`).
    pub errors: Option<&'a [(&'a str, &'a [&'a str])]>,
}

impl RequestContext<'static> {
    /// The values the docs show: fixed, so pages are reproducible, and of the form the
    /// runtime's middlewares send (`errcat::respond::request_context`): `$instance` is the
    /// path of the request that failed (no query), `$timestamp` RFC 3339 UTC in seconds.
    pub const DOCS: RequestContext<'static> = RequestContext {
        request_id: Some("req_7f3a9c2e41b0"),
        timestamp: Some("2025-01-15T09:30:00Z"),
        instance: Some("/v1/orders/42"),
        field: None,
        errors: None,
    };
}

/// One example response.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub status: u16,
    pub content_type: String,
    /// `Retry-After` first when there is one, then the catalog's headers in order.
    pub headers: Vec<(String, String)>,
    pub body: Json,
}

/// The response a client receives for `entry`, rendered from the example values of its
/// [`PublicView`] (the exposed entry's, for a masked one).
pub fn example(catalog: &Catalog, entry: &Entry, context: &RequestContext<'_>) -> Example {
    let view = catalog.view(entry);
    let mut headers = Vec::with_capacity(view.headers.len() + 1);
    if let Some(retry_after) = view.retry_after {
        headers.push((
            "Retry-After".to_owned(),
            header_value(&render(retry_after, view.example)),
        ));
    }
    for header in view.headers {
        headers.push((
            header.name.clone(),
            header_value(&render(&header.value, view.example)),
        ));
    }
    let values = BodyValues {
        view: &view,
        context,
    };
    let body = values.node(&view.envelope.body).unwrap_or(Json::Null);
    Example {
        status: view.status,
        content_type: view.envelope.content_type.clone(),
        headers,
        body,
    }
}

struct BodyValues<'a> {
    view: &'a PublicView<'a>,
    context: &'a RequestContext<'a>,
}

impl BodyValues<'_> {
    /// `None` when the node is a variable without a value.
    fn node(&self, node: &Node) -> Option<Json> {
        match node {
            Node::Object(members) => {
                let mut map = Map::with_capacity(members.len());
                for member in members {
                    match self.node(&member.value) {
                        Some(value) => {
                            map.insert(member.key.clone(), value);
                        }
                        None if member.optional => {}
                        None => {
                            map.insert(member.key.clone(), Json::Null);
                        }
                    }
                }
                Some(Json::Object(map))
            }
            Node::Array(items) => Some(Json::Array(
                items
                    .iter()
                    .map(|item| self.node(item).unwrap_or(Json::Null))
                    .collect(),
            )),
            Node::Literal(value) => Some(to_json(value)),
            Node::Var(var) => self.var(var),
        }
    }

    fn var(&self, var: &Var) -> Option<Json> {
        let view = self.view;
        let ctx = self.context;
        Some(match var {
            Var::Code => Json::String(view.code.to_owned()),
            Var::Status => Json::Number(view.status.into()),
            Var::Title => Json::String(view.title.to_owned()),
            Var::Message => Json::String(public_message(view)),
            Var::Type => Json::String(view.docs_url?.to_owned()),
            Var::Details => {
                if view.fields.is_empty() {
                    return None;
                }
                let mut map = Map::with_capacity(view.fields.len());
                for field in view.fields {
                    if let Some(value) = view.example_value(&field.name) {
                        map.insert(field.name.clone(), to_json(value));
                    }
                }
                Json::Object(map)
            }
            Var::Errors => {
                let errors = ctx.errors?;
                let mut map = Map::with_capacity(errors.len());
                for (field, messages) in errors {
                    let messages = messages.iter().map(|m| Json::String((*m).into()));
                    map.insert((*field).to_owned(), Json::Array(messages.collect()));
                }
                Json::Object(map)
            }
            // A catalog may also declare the failing field as an entry field named `field`
            // (seed 003); its example value then shows in the docs.
            Var::Field => match ctx.field {
                Some(field) => Json::String(field.to_owned()),
                None => to_json(view.example_value("field")?),
            },
            Var::RequestId => Json::String(ctx.request_id?.to_owned()),
            Var::Timestamp => Json::String(ctx.timestamp?.to_owned()),
            Var::Instance => Json::String(ctx.instance?.to_owned()),
            Var::RetryAfter => {
                let seconds = render(view.retry_after?, view.example);
                match seconds.trim().parse::<u64>() {
                    Ok(n) => Json::Number(n.into()),
                    Err(_) => Json::String(seconds),
                }
            }
            Var::EntryField(name) => to_json(view.example_value(name)?),
        })
    }
}

/// The message a client reads in the docs: the view's message, example values filled in.
pub fn public_message(view: &PublicView<'_>) -> String {
    match view.message {
        PublicMessage::Title(title) => title.to_owned(),
        PublicMessage::Template(template) => render(template, view.example),
    }
}

/// A template with values substituted: the text form of each value, nothing for a missing one.
pub fn render(template: &Template, values: &[(String, Value)]) -> String {
    let mut out = String::with_capacity(template.source.len());
    for segment in &template.segments {
        match segment {
            Segment::Literal(text) => out.push_str(text),
            Segment::Placeholder(name) => {
                if let Some((_, value)) = values.iter().find(|(field, _)| field == name) {
                    push_text(value, &mut out);
                }
            }
        }
    }
    out
}

/// The text form of a value, as a message shows it: strings bare, lists comma-separated.
fn push_text(value: &Value, out: &mut String) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_text(item, out);
            }
        }
        Value::Object(_) => out.push_str(&to_json(value).to_string()),
    }
}

/// A header value as it can be sent: one line, no control characters.
fn header_value(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A model value as JSON. Numbers were validated as JSON numbers by the loader; one that
/// serde_json cannot hold stays visible as a string rather than disappearing.
pub fn to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(text) => match text.parse::<Number>() {
            Ok(n) => Json::Number(n),
            Err(_) => Json::String(text.clone()),
        },
        Value::String(s) => Json::String(s.clone()),
        Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Object(members) => Json::Object(
            members
                .iter()
                .map(|(key, value)| (key.clone(), to_json(value)))
                .collect(),
        ),
    }
}

/// What a template variable holds in the bodies of one envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarShape {
    pub kind: VarKind,
    /// True when some entry's body has no value for it (omitted for `$var?`, else `null`).
    pub may_be_absent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarKind {
    /// One of the catalog's codes.
    Code,
    /// An HTTP status.
    Status,
    /// Seconds, a whole number.
    Seconds,
    /// Text.
    String,
    /// An object of the entry's fields.
    Details,
    /// Field name -> list of messages.
    Errors,
    /// An entry field: the distinct types it has among the entries that declare it, in
    /// [`FieldType::ALL`] order; empty when no entry declares it.
    Field(Vec<FieldType>),
}

/// Every entry whose body uses envelope `id`, in catalog order (see
/// [`Catalog::answering_in`]: masked entries count for their exposed entry's envelope).
pub fn entries_of(catalog: &Catalog, id: EnvelopeId) -> impl Iterator<Item = &Entry> {
    catalog.answering_in(id)
}

/// True when some entry answers in envelope `id`.
pub fn envelope_used(catalog: &Catalog, id: EnvelopeId) -> bool {
    entries_of(catalog, id).next().is_some()
}

/// What a built-in variable holds, in a sentence for docs, schemas and type comments;
/// `None` for entry fields, which carry their own `doc`.
pub fn var_description(var: &Var) -> Option<&'static str> {
    Some(match var {
        Var::Code => "Machine-readable error code, one of the catalog's codes.",
        Var::Status => "The HTTP status code of the response.",
        Var::Title => "Short summary of the kind of error.",
        Var::Message => "Human-readable explanation of this error; may change, do not parse it.",
        Var::Type => "URL of the error code's documentation.",
        Var::Details => "Values specific to the error; each code documents its fields.",
        Var::Errors => "Validation messages by request field: field name to a list of messages.",
        Var::Field => "Name of the request field that failed.",
        Var::RequestId => "Identifier of the request; quote it when you contact support.",
        Var::Timestamp => "When the error occurred (RFC 3339).",
        Var::Instance => "URI reference that identifies this occurrence of the error.",
        Var::RetryAfter => "Seconds to wait before retrying; the same as the `Retry-After` header.",
        Var::EntryField(_) => return None,
    })
}

/// The type name of envelope `id` in TypeScript and OpenAPI: `ErrorBody` for the catalog's
/// own format, `<Name>ErrorBody` for a named one (`flat` -> `FlatErrorBody`), made of ASCII
/// letters and digits only, and unique among the catalog's envelopes (a clash gets the
/// envelope's position as a suffix).
pub fn type_name(catalog: &Catalog, id: EnvelopeId) -> String {
    let base = |id: EnvelopeId| {
        names::envelope_type_name(&catalog.envelopes[id].name, id == EnvelopeId::FORMAT)
    };
    let name = base(id);
    if catalog
        .envelope_ids()
        .any(|other| other != id && base(other) == name)
    {
        format!("{name}{}", id.index())
    } else {
        name
    }
}

/// The shape of `var` across the bodies of envelope `id`.
pub fn var_shape(catalog: &Catalog, id: EnvelopeId, var: &Var) -> VarShape {
    // The public entries of the envelope answer as themselves, so their views hold what
    // their bodies show.
    let views = || entries_of(catalog, id).map(|e| catalog.view(e));
    let context_value = VarShape {
        kind: VarKind::String,
        may_be_absent: true,
    };
    match var {
        Var::Code => always(VarKind::Code),
        Var::Status => always(VarKind::Status),
        Var::Title | Var::Message => always(VarKind::String),
        Var::Type => VarShape {
            kind: VarKind::String,
            may_be_absent: views().any(|v| v.docs_url.is_none()),
        },
        Var::Details => VarShape {
            kind: VarKind::Details,
            may_be_absent: views().any(|v| v.fields.is_empty()),
        },
        Var::Errors => VarShape {
            kind: VarKind::Errors,
            may_be_absent: true,
        },
        Var::Field | Var::RequestId | Var::Timestamp | Var::Instance => context_value,
        Var::RetryAfter => VarShape {
            kind: VarKind::Seconds,
            may_be_absent: views().any(|v| v.retry_after.is_none()),
        },
        Var::EntryField(name) => {
            let mut types = Vec::new();
            let mut may_be_absent = false;
            for view in views() {
                match view.field(name) {
                    Some(field) => {
                        may_be_absent |= field.optional;
                        if !types.contains(&field.ty) {
                            types.push(field.ty);
                        }
                    }
                    _ => may_be_absent = true,
                }
            }
            types.sort_by_key(|ty| FieldType::ALL.iter().position(|t| t == ty));
            VarShape {
                kind: VarKind::Field(types),
                may_be_absent,
            }
        }
    }
}

fn always(kind: VarKind) -> VarShape {
    VarShape {
        kind,
        may_be_absent: false,
    }
}

/// One member of an envelope seen from outside: its dotted path (`error.code`,
/// `items[]`), and what is there.
#[derive(Debug, Clone, Copy)]
pub struct Leaf<'a> {
    pub node: &'a Node,
    /// The `$var?` flag of the member that holds it (false for array items).
    pub optional: bool,
}

/// Every member of an envelope in template order, objects included before their members,
/// each with its path.
pub fn leaves(envelope: &Envelope) -> Vec<(String, Leaf<'_>)> {
    let mut out = Vec::new();
    walk(&envelope.body, "", &mut out);
    out
}

fn walk<'a>(node: &'a Node, path: &str, out: &mut Vec<(String, Leaf<'a>)>) {
    match node {
        Node::Object(members) => {
            for member in members {
                let child = if path.is_empty() {
                    member.key.clone()
                } else {
                    format!("{path}.{}", member.key)
                };
                out.push((
                    child.clone(),
                    Leaf {
                        node: &member.value,
                        optional: member.optional,
                    },
                ));
                walk(&member.value, &child, out);
            }
        }
        Node::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let child = format!("{path}[{i}]");
                if !matches!(item, Node::Object(_)) {
                    out.push((
                        child.clone(),
                        Leaf {
                            node: item,
                            optional: false,
                        },
                    ));
                }
                walk(item, &child, out);
            }
        }
        Node::Literal(_) | Node::Var(_) => {}
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! Catalogs built by hand, shared by the emitters' unit tests.

    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::diag::Location;
    use crate::model::{CodeStyle, EntryId, Field, GrpcCode, Header, Member};

    pub fn template(source: &str) -> Template {
        let mut segments = Vec::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                segments.push(Segment::Literal(rest[..open].to_owned()));
            }
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
            segments.push(Segment::Placeholder(rest[open + 1..close].to_owned()));
            rest = rest.get(close + 1..).unwrap_or("");
        }
        if !rest.is_empty() {
            segments.push(Segment::Literal(rest.to_owned()));
        }
        Template {
            source: source.to_owned(),
            segments,
        }
    }

    pub fn entry(code: &str, status: u16, message: &str) -> Entry {
        let message = template(message);
        let fields: Vec<Field> = message
            .placeholders()
            .map(|name| Field {
                name: name.to_owned(),
                ty: FieldType::String,
                doc: None,
                optional: false,
            })
            .collect();
        let example = fields
            .iter()
            .map(|f| (f.name.clone(), Value::String(format!("my-{}", f.name))))
            .collect();
        Entry {
            location: Location::file_only(Arc::from(Path::new("t.yaml"))),
            code: code.to_owned(),
            rust_name: heck::AsUpperCamelCase(code).to_string(),
            status,
            title: crate::model::reason_phrase(status)
                .unwrap_or("Error")
                .to_owned(),
            message,
            cause: vec![],
            solution: vec![],
            category: None,
            fields,
            retryable: crate::model::default_retryable(status),
            retry_after: None,
            headers: vec![],
            expose_as: None,
            internal: status == 500,
            deprecated: None,
            since: None,
            grpc: GrpcCode::from_status(status),
            example,
            envelope: EnvelopeId::FORMAT,
            docs_url: Some(format!("https://docs.acme.dev/errors#{code}")),
            origin: crate::model::OriginId::ROOT,
            overridden: vec![],
        }
    }

    fn var(name: &str) -> Node {
        Node::Var(Var::from_name(name))
    }

    fn member(key: &str, value: Node, optional: bool) -> Member {
        Member {
            key: key.to_owned(),
            value,
            optional,
        }
    }

    /// Seed 003's envelope.
    pub fn nested_envelope() -> Envelope {
        Envelope {
            name: "nested".into(),
            content_type: "application/json".into(),
            body: Node::Object(vec![
                member("success", Node::Literal(Value::Bool(false)), false),
                member(
                    "error",
                    Node::Object(vec![
                        member("code", var("code"), false),
                        member("message", var("message"), false),
                        member("field", var("field"), true),
                        member("retryAfter", var("retry_after"), true),
                    ]),
                    false,
                ),
                member(
                    "meta",
                    Node::Object(vec![
                        member("requestId", var("request_id"), true),
                        member("timestamp", var("timestamp"), true),
                    ]),
                    false,
                ),
            ]),
        }
    }

    pub fn flat_envelope() -> Envelope {
        Envelope {
            name: "flat".into(),
            content_type: "application/json".into(),
            body: Node::Object(vec![
                member("code", var("status"), false),
                member("message", var("message"), false),
                member("tier", var("tier"), true),
                member("details", var("details"), false),
            ]),
        }
    }

    /// A small catalog: two envelopes, a masked entry, an internal one, a rate limit.
    pub fn catalog() -> Catalog {
        let mut table = entry(
            "data/table-not-found",
            404,
            "Table '{table}' does not exist",
        );
        table.cause = vec!["Table does not exist".into()];
        table.solution = vec![
            "Check the table name for correct casing and spelling".into(),
            "Table names are case-sensitive".into(),
        ];
        table.category = Some("Resources".into());
        table.fields[0].doc = Some("Name of the table that was asked for".into());
        table.example = vec![("table".into(), Value::String("users".into()))];
        let mut limit = entry(
            "data/rate-limit-exceeded",
            429,
            "Rate limit exceeded. Try again in {retry_after} seconds.",
        );
        limit.fields[0].ty = FieldType::U32;
        limit.fields.push(Field {
            name: "tier".into(),
            ty: FieldType::String,
            doc: Some("Key tier".into()),
            optional: true,
        });
        limit.example = vec![
            ("retry_after".into(), Value::Number("60".into())),
            ("tier".into(), Value::String("public_key".into())),
        ];
        limit.retry_after = Some(template("{retry_after}"));
        limit.headers = vec![Header {
            name: "X-RateLimit-Limit".into(),
            value: template("100"),
        }];
        limit.envelope = EnvelopeId::new(1);
        let mut private = entry("data/private-table", 403, "Table is private");
        private.expose_as = Some(EntryId::new(0));
        let mut internal = entry("common/internal", 500, "DB said {detail}");
        internal.deprecated = Some("Use `common/unavailable`".into());
        Catalog {
            service: "Acme Data API".into(),
            description: Some("Errors returned by the Acme Data API.".into()),
            docs_url: Some("https://docs.acme.dev/errors#{code}".into()),
            code_style: CodeStyle::DomainKebabCase,
            envelopes: vec![nested_envelope(), flat_envelope()],
            entries: vec![table, limit, private, internal],
            retired: Vec::new(),
            edges: Vec::new(),
            origins: vec![crate::model::Origin {
                service: "Acme Data API".into(),
                description: None,
                source: "t.yaml".into(),
            }],
            files: vec![],
            warnings: vec![],
        }
    }

    #[test]
    fn example_bodies_follow_template_order_and_rules() {
        let catalog = catalog();
        let ex = example(&catalog, &catalog.entries[0], &RequestContext::DOCS);
        assert_eq!(ex.status, 404);
        assert_eq!(
            ex.body.to_string(),
            r#"{"success":false,"error":{"code":"data/table-not-found","message":"Table 'users' does not exist"},"meta":{"requestId":"req_7f3a9c2e41b0","timestamp":"2025-01-15T09:30:00Z"}}"#
        );
        let ex = example(&catalog, &catalog.entries[1], &RequestContext::default());
        assert_eq!(
            ex.body.to_string(),
            r#"{"code":429,"message":"Rate limit exceeded. Try again in 60 seconds.","tier":"public_key","details":{"retry_after":60,"tier":"public_key"}}"#
        );
        assert_eq!(
            ex.headers,
            [
                ("Retry-After".to_owned(), "60".to_owned()),
                ("X-RateLimit-Limit".to_owned(), "100".to_owned())
            ]
        );
        // Masked: the exposed entry's body.
        let masked = example(&catalog, &catalog.entries[2], &RequestContext::default());
        assert_eq!(masked.status, 404);
        assert!(masked.body.to_string().contains("data/table-not-found"));
        // Internal: the title, never the message or fields.
        let internal = example(&catalog, &catalog.entries[3], &RequestContext::default());
        assert!(internal.body.to_string().contains("Internal Server Error"));
        assert!(!internal.body.to_string().contains("DB said"));
    }

    #[test]
    fn var_shapes() {
        let catalog = catalog();
        let shape = var_shape(
            &catalog,
            EnvelopeId::new(1),
            &Var::EntryField("tier".into()),
        );
        assert_eq!(shape.kind, VarKind::Field(vec![FieldType::String]));
        assert!(shape.may_be_absent);
        let shape = var_shape(&catalog, EnvelopeId::FORMAT, &Var::Type);
        assert!(!shape.may_be_absent);
        assert!(var_shape(&catalog, EnvelopeId::FORMAT, &Var::Details).may_be_absent);
    }

    #[test]
    fn leaves_are_dotted_paths() {
        let envelope = nested_envelope();
        let paths: Vec<String> = leaves(&envelope).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            [
                "success",
                "error",
                "error.code",
                "error.message",
                "error.field",
                "error.retryAfter",
                "meta",
                "meta.requestId",
                "meta.timestamp"
            ]
        );
    }
}
