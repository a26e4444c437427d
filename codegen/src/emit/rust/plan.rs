//! Lowering: one catalog entry -> the render programs the runtime interprets (errcat-contract's
//! [`Op`], [`Piece`], [`Slot`], stored in the entry's table), with everything the catalog fixes
//! pre-rendered as escaped JSON text. Shared by both front ends: `emit::rust` (the generated `Error` enum, args
//! in catalog field order) and the derive (args in the order of the user's fields).
//!
//! What a client sees is the entry's [`PublicView`] (code, status, title, message, visible
//! fields, `Retry-After`, headers, envelope), the same the docs examples are rendered from;
//! lowering only binds it to this error's args: a placeholder of the view's templates is the arg
//! of that name. `Display` keeps the entry's own message, for logs.
//!
//! Also here: where an envelope keeps what a client reads ([`shape`]), written into the table
//! for the client parser. The JSON escaping of pre-rendered text is errcat-contract's, the
//! runtime's own escaper.

use std::fmt;

use crate::model::{Catalog, Entry, Node, Segment, Template, Value, Var};
use crate::view::{PublicMessage, PublicView};

use errcat_contract::json::{escape as escape_json, quoted as json_string};
use errcat_contract::shape::{Path, Place, Shape, Step};
pub use errcat_contract::{Op, Piece, Slot};

/// An entry lowered for one binding of args.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryPlan {
    pub display: Vec<Piece<String>>,
    pub retry_after: Option<Vec<Piece<String>>>,
    pub headers: Vec<(String, Vec<Piece<String>>)>,
    pub body: Vec<Op<String>>,
}

/// Why an entry cannot be lowered for a binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LowerError {
    /// A placeholder of the message, `retry_after` or a header names no arg.
    Unbound {
        field: String,
        /// `message`, `retry_after` or `header `Name``.
        used_in: String,
    },
    /// More args than a `u8` index can name.
    TooManyArgs(usize),
}

impl fmt::Display for LowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LowerError::Unbound { field, used_in } => {
                write!(
                    f,
                    "the {used_in} uses `{{{field}}}` but there is no field `{field}`"
                )
            }
            LowerError::TooManyArgs(n) => write!(f, "{n} fields; at most 256 are supported"),
        }
    }
}

impl std::error::Error for LowerError {}

/// Lowers `entry` for args named `args`, in the order the caller will pass them.
pub fn lower(catalog: &Catalog, entry: &Entry, args: &[&str]) -> Result<EntryPlan, LowerError> {
    if args.len() > 256 {
        return Err(LowerError::TooManyArgs(args.len()));
    }
    let bind = |name: &str| args.iter().position(|a| *a == name).map(|i| i as u8);
    let pieces = |template: &Template, used_in: &str| -> Result<Vec<Piece<String>>, LowerError> {
        template
            .segments
            .iter()
            .map(|segment| match segment {
                Segment::Literal(text) => Ok(Piece::Lit(text.clone())),
                Segment::Placeholder(name) => {
                    bind(name)
                        .map(Piece::Arg)
                        .ok_or_else(|| LowerError::Unbound {
                            field: name.clone(),
                            used_in: used_in.to_owned(),
                        })
                }
            })
            .collect()
    };
    let display = pieces(&entry.message, "message")?;
    let view = catalog.view(entry);
    // For a masked entry the view's `Retry-After` and headers are the exposed entry's, written
    // over that entry's fields: a field this error lacks never has a value, so the header is
    // left out, as the runtime leaves out a header whose field is `None`. An entry's own
    // templates name only its own fields, so a missing arg there is the caller's mistake.
    let header = |template: &Template, used_in: &str| match pieces(template, used_in) {
        Ok(pieces) => Ok(Some(pieces)),
        Err(LowerError::Unbound { .. }) if view.masked => Ok(None),
        Err(error) => Err(error),
    };
    let retry_after = match view.retry_after {
        Some(template) => header(template, "retry_after")?,
        None => None,
    };
    let mut headers = Vec::with_capacity(view.headers.len());
    for h in view.headers {
        if let Some(value) = header(&h.value, &format!("header `{}`", h.name))? {
            headers.push((h.name.clone(), value));
        }
    }

    let lowering = BodyLowering {
        view,
        args,
        ops: Vec::new(),
    };
    let body = lowering.body();
    Ok(EntryPlan {
        display,
        retry_after,
        headers,
        body,
    })
}

/// What a variable of the envelope is, for one entry and binding.
enum Val {
    /// Never there: the member is omitted if optional, else `null`.
    Absent,
    /// JSON text fixed at build time.
    Static(String),
    /// A value known only at runtime; may turn out absent.
    Dynamic(Slot),
    /// A JSON string with interpolated parts: escaped literal text and slots' text.
    Interpolated(Vec<Part>),
    /// `$details`: the visible fields that are bound, with whether each may be absent.
    Details(Vec<(String, Slot, bool)>),
}

enum Part {
    Text(String),
    Slot(Slot),
}

struct BodyLowering<'a> {
    /// What the client sees; every variable is resolved from it.
    view: PublicView<'a>,
    args: &'a [&'a str],
    ops: Vec<Op<String>>,
}

impl<'a> BodyLowering<'a> {
    fn body(mut self) -> Vec<Op<String>> {
        let envelope = self.view.envelope;
        self.node(&envelope.body);
        self.ops
    }

    fn bind(&self, name: &str) -> Option<Slot> {
        self.args
            .iter()
            .position(|a| *a == name)
            .map(|i| Slot::Arg(i as u8))
    }

    fn raw(&mut self, text: &str) {
        if let Some(Op::Raw(last)) = self.ops.last_mut() {
            last.push_str(text);
        } else if !text.is_empty() {
            self.ops.push(Op::Raw(text.to_owned()));
        }
    }

    fn resolve(&self, var: &Var) -> Val {
        let view = &self.view;
        match var {
            Var::Code => Val::Static(json_string(view.code)),
            Var::Status => Val::Static(view.status.to_string()),
            Var::Title => Val::Static(json_string(view.title)),
            Var::Type => match view.docs_url {
                Some(url) => Val::Static(json_string(url)),
                None => Val::Absent,
            },
            Var::Message => match view.message {
                PublicMessage::Title(title) => Val::Static(json_string(title)),
                PublicMessage::Template(template) => self.template_string(template),
            },
            Var::Details => {
                let fields: Vec<_> = view
                    .fields
                    .iter()
                    .filter_map(|field| {
                        self.bind(&field.name)
                            .map(|slot| (field.name.clone(), slot, field.optional))
                    })
                    .collect();
                if fields.is_empty() {
                    Val::Absent
                } else {
                    Val::Details(fields)
                }
            }
            Var::Errors => Val::Dynamic(Slot::Errors),
            Var::Field => Val::Dynamic(Slot::Field),
            Var::RequestId => Val::Dynamic(Slot::RequestId),
            Var::Timestamp => Val::Dynamic(Slot::Timestamp),
            Var::Instance => Val::Dynamic(Slot::Instance),
            Var::RetryAfter => self.retry_after(),
            Var::EntryField(name) => match self.bind(name) {
                Some(slot) if view.field(name).is_some() => Val::Dynamic(slot),
                _ => Val::Absent,
            },
        }
    }

    /// A template as a JSON string; placeholders this binding lacks render as nothing.
    fn template_string(&self, template: &Template) -> Val {
        if let Some(text) = template.as_literal() {
            return Val::Static(json_string(text));
        }
        let parts = template
            .segments
            .iter()
            .filter_map(|segment| match segment {
                Segment::Literal(text) => Some(Part::Text(escape_json(text))),
                Segment::Placeholder(name) => self.bind(name).map(Part::Slot),
            })
            .collect();
        Val::Interpolated(parts)
    }

    /// `$retry_after`: a number. A literal is written as is when it is a number of seconds,
    /// a lone placeholder as that field's value, anything else as a string.
    fn retry_after(&self) -> Val {
        let Some(template) = self.view.retry_after else {
            return Val::Absent;
        };
        if let Some(text) = template.as_literal() {
            let text = text.trim();
            return if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
                Val::Static(text.to_owned())
            } else {
                Val::Static(json_string(text))
            };
        }
        if let [Segment::Placeholder(name)] = template.segments.as_slice() {
            return match self.bind(name) {
                Some(slot) => Val::Dynamic(slot),
                None => Val::Absent,
            };
        }
        self.template_string(template)
    }

    /// An object's members.
    fn object(&mut self, members: &[crate::model::Member]) {
        self.raw("{");
        // `written`: a member is certainly written, so the next one needs a plain comma.
        // `maybe`: only optional members so far, some may be written: the comma is decided at
        // runtime (`Op::Sep`).
        let (mut written, mut maybe) = (false, false);
        for member in members {
            let key = format!("{}:", json_string(&member.key));
            let val = match &member.value {
                Node::Var(var) => Some(self.resolve(var)),
                _ => None,
            };
            match (val, member.optional) {
                (Some(Val::Absent), true) => continue,
                (Some(Val::Dynamic(slot)), true) => {
                    self.ops.push(Op::Member { key, slot });
                    maybe = true;
                    continue;
                }
                (val, _) => {
                    if written {
                        self.raw(",");
                    } else if maybe {
                        self.ops.push(Op::Sep);
                    }
                    self.raw(&key);
                    match val {
                        Some(val) => self.val(val),
                        None => self.node(&member.value),
                    }
                    written = true;
                }
            }
        }
        self.raw("}");
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Object(members) => self.object(members),
            Node::Array(items) => {
                self.raw("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.raw(",");
                    }
                    self.node(item);
                }
                self.raw("]");
            }
            Node::Literal(value) => {
                let mut text = String::new();
                value_json(value, &mut text);
                self.raw(&text);
            }
            Node::Var(var) => {
                let val = self.resolve(var);
                self.val(val);
            }
        }
    }

    /// A value in a position where it must be written (`null` when absent).
    fn val(&mut self, val: Val) {
        match val {
            Val::Absent => self.raw("null"),
            Val::Static(text) => self.raw(&text),
            Val::Dynamic(slot) => self.ops.push(Op::Value(slot)),
            Val::Interpolated(parts) => {
                self.raw("\"");
                for part in parts {
                    match part {
                        Part::Text(text) => self.raw(&text),
                        Part::Slot(slot) => self.ops.push(Op::Text(slot)),
                    }
                }
                self.raw("\"");
            }
            Val::Details(fields) => {
                self.raw("{");
                let (mut written, mut maybe) = (false, false);
                for (name, slot, optional) in fields {
                    let key = format!("{}:", json_string(&name));
                    if optional {
                        self.ops.push(Op::Member { key, slot });
                        maybe = true;
                        continue;
                    }
                    if written {
                        self.raw(",");
                    } else if maybe {
                        self.ops.push(Op::Sep);
                    }
                    self.raw(&key);
                    self.ops.push(Op::Value(slot));
                    written = true;
                }
                self.raw("}");
            }
        }
    }
}

/// A literal value as JSON text.
pub fn value_json(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => out.push_str(&json_string(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                value_json(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&json_string(key));
                out.push(':');
                value_json(item, out);
            }
            out.push('}');
        }
    }
}

/// Where `envelope`'s template puts what a client reads: the first path of each variable the
/// parser looks for, and every literal value (with its path) as a marker.
pub fn shape(envelope: &crate::model::Envelope) -> Shape {
    let mut shape = Shape {
        content_type: envelope.content_type.clone(),
        ..Shape::default()
    };
    walk(&envelope.body, &mut Vec::new(), &mut shape);
    shape
}

fn walk(node: &Node, path: &mut Path, shape: &mut Shape) {
    match node {
        Node::Object(members) => {
            for member in members {
                path.push(Step::Key(member.key.clone()));
                walk(&member.value, path, shape);
                path.pop();
            }
        }
        Node::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk(item, path, shape);
                path.pop();
            }
        }
        Node::Literal(value) => {
            let mut json = String::new();
            value_json(value, &mut json);
            shape.markers.push((path.clone(), json));
        }
        Node::Var(Var::EntryField(name)) => {
            shape.fields.push((path.clone(), name.clone()));
        }
        Node::Var(var) => {
            let place = match var {
                Var::Code => Place::Code,
                Var::Message => Place::Message,
                Var::Status => Place::Status,
                Var::Details => Place::Details,
                Var::RetryAfter => Place::RetryAfter,
                Var::Errors => Place::Errors,
                Var::Field => Place::Field,
                Var::RequestId => Place::RequestId,
                _ => return,
            };
            let slot = &mut shape.places[place as usize];
            if slot.is_none() {
                *slot = Some(path.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_put_each_variable_at_its_first_path() {
        let envelope = crate::envelope::preset("status-nested")
            .and_then(|p| p.envelope())
            .expect("preset");
        let shape = shape(&envelope);
        let key = |k: &str| Step::Key(k.to_owned());
        assert_eq!(shape.content_type, "application/json");
        assert_eq!(shape.path(Place::Status), Some(&vec![key("code")]));
        assert_eq!(
            shape.path(Place::Code),
            Some(&vec![key("error"), key("code")])
        );
        assert_eq!(
            shape.path(Place::Message),
            Some(&vec![key("error"), key("message")])
        );
        assert_eq!(
            shape.path(Place::Details),
            Some(&vec![key("error"), key("details")])
        );
        assert_eq!(shape.path(Place::RequestId), None);
        assert_eq!(
            shape.markers,
            vec![(vec![key("status")], "\"error\"".to_owned())]
        );
        assert!(shape.fields.is_empty());
    }

    #[test]
    fn shapes_say_where_a_field_of_the_entry_is() {
        let catalog = crate::load_str(
            "t.yaml",
            "service: T\nformat:\n  error:\n    code: $code\n    tier: $tier?\n  \
             again: $tier\nerrors:\n  - code: a\n    status: 429\n    message: m\n    \
             fields:\n      tier: { type: string }\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let shape = shape(catalog.view(&catalog.entries[0]).envelope);
        let key = |k: &str| Step::Key(k.to_owned());
        assert_eq!(
            shape.fields,
            vec![
                (vec![key("error"), key("tier")], "tier".to_owned()),
                (vec![key("again")], "tier".to_owned()),
            ]
        );
    }
}
