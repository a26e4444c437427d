//! Envelope templates: the JSON body written as YAML, with `$var` where values go.
//!
//! The presets are YAML text too, parsed by the same loader and the same function as a
//! catalog's own templates: one code path, and the presets are plain data that docs and
//! `errcat explain` can print as written.
//!
//! Template syntax: a string `$name` is a variable ([`Var`]); `$name?` as the value of an
//! object member omits the member when the variable has no value; `$$text` is the literal
//! string `$text`. Other scalars are literals, typed as in JSON (YAML 1.2's JSON schema): a plain
//! `null`, `true`/`false` or JSON number keeps its type, anything else is a string.

use std::path::Path;
use std::sync::Arc;

use crate::diag::Ctxt;
use crate::load::{self, Kind, Pos, SourceFile};
use crate::model::{Envelope, Member, Node, Value, Var};
use crate::names::is_placeholder_name;

pub const JSON: &str = "application/json";
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An envelope that ships with errcat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    pub description: &'static str,
    pub content_type: &'static str,
    /// The template, as YAML.
    pub template: &'static str,
}

/// Every preset, the default (`problem`) first.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "problem",
        description: "RFC 9457 problem details (application/problem+json), with the code as the \
                      `code` extension member. `type` is the entry's docs URL and is left out \
                      when the catalog has no `docs_url`: RFC 9457 reads a missing `type` as \
                      \"about:blank\". The field errors (`errors`) and the request id \
                      (`request_id`) are extension members, there when the request's context \
                      has them.",
        content_type: PROBLEM_JSON,
        template: "\
type: $type?
title: $title
status: $status
detail: $message
instance: $instance?
code: $code
errors: $errors?
request_id: $request_id?
",
    },
    Preset {
        name: "nested",
        description: "`{success: false, error: {code, message}}` (seed 000).",
        content_type: JSON,
        template: "\
success: false
error:
  code: $code
  message: $message
",
    },
    Preset {
        name: "nested-meta",
        description: "`{success: false, error: {code, message, field?}, meta: {requestId?, \
                      timestamp?}}` (seed 003).",
        content_type: JSON,
        template: "\
success: false
error:
  code: $code
  message: $message
  field: $field?
meta:
  requestId: $request_id?
  timestamp: $timestamp?
",
    },
    Preset {
        name: "flat",
        description: "`{code, message, errors?, correlationId?}` (seed 002).",
        content_type: JSON,
        template: "\
code: $code
message: $message
errors: $errors?
correlationId: $request_id?
",
    },
    Preset {
        name: "error-string",
        description: "`{error: message}` (seed 001).",
        content_type: JSON,
        template: "\
error: $message
",
    },
    Preset {
        name: "status-message",
        description: "`{code: status, message}`, the numeric status as `code` (seed 001).",
        content_type: JSON,
        template: "\
code: $status
message: $message
",
    },
    Preset {
        name: "status-nested",
        description: "`{code: status, status: \"error\", message: title, error: {code, message, \
                      details?}}` (seed 004).",
        content_type: JSON,
        template: "\
code: $status
status: error
message: $title
error:
  code: $code
  message: $message
  details: $details?
",
    },
];

/// The preset called `name`.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// The names of the presets, for "expected one of" and "did you mean".
pub fn preset_names() -> impl Iterator<Item = &'static str> + Clone {
    PRESETS.iter().map(|p| p.name)
}

impl Preset {
    /// The preset as an envelope. `None` only if errcat shipped a broken preset (a unit test
    /// proves none is).
    pub fn envelope(&self) -> Option<Envelope> {
        let cx = Ctxt::new();
        let file = SourceFile::new(
            Arc::from(Path::new(&format!("<preset {}>", self.name))),
            self.template.to_owned(),
        );
        let body =
            load::parse(&file, &cx).map(|node| parse_body(&file, &node, &cx, &mut Vec::new()));
        let ok = cx.check().is_ok();
        Some(Envelope {
            name: self.name.to_owned(),
            content_type: self.content_type.to_owned(),
            body: body.filter(|_| ok)?,
        })
    }
}

/// A variable as a template uses it, for the checker's per-entry rules.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VarUse {
    pub var: Var,
    pub optional: bool,
    pub pos: Pos,
}

/// A template's raw tree into its body, reporting malformed variables and recording every
/// variable used in `uses`.
pub(crate) fn parse_body(
    file: &SourceFile<'_>,
    node: &load::Node,
    cx: &Ctxt,
    uses: &mut Vec<VarUse>,
) -> Node {
    node_of(file, node, false, cx, uses).0
}

/// One template node; `member` says whether `$var?` is allowed here. Returns the node and
/// whether it was written optional.
fn node_of(
    file: &SourceFile<'_>,
    node: &load::Node,
    member: bool,
    cx: &Ctxt,
    uses: &mut Vec<VarUse>,
) -> (Node, bool) {
    match &node.kind {
        Kind::Map(entries) => {
            let members = entries
                .iter()
                .map(|(key, value)| {
                    let (value, optional) = node_of(file, value, true, cx, uses);
                    Member {
                        key: key.text.to_string(),
                        value,
                        optional,
                    }
                })
                .collect();
            (Node::Object(members), false)
        }
        Kind::Seq(items) => (
            Node::Array(
                items
                    .iter()
                    .map(|item| node_of(file, item, false, cx, uses).0)
                    .collect(),
            ),
            false,
        ),
        Kind::Scalar(s) => {
            if let Some(literal) = s.text.strip_prefix("$$") {
                return (Node::Literal(Value::String(format!("${literal}"))), false);
            }
            let Some(var) = s.text.strip_prefix('$') else {
                return (Node::Literal(scalar_value(s)), false);
            };
            let (name, optional) = match var.strip_suffix('?') {
                Some(name) => (name, true),
                None => (var, false),
            };
            if !is_placeholder_name(name) {
                let mut d = file.error(node.pos, "", format!("malformed variable `{}`", s.text));
                d.help = Some(
                    "a variable is `$name` or `$name?` (letters, digits, `_`); write `$$` for a literal `$`"
                        .into(),
                );
                cx.push(d);
                return (Node::Literal(Value::String(s.text.clone())), false);
            }
            if optional && !member {
                let mut d = file.error(
                    node.pos,
                    "",
                    format!(
                        "`{}`: `?` is only allowed on the value of an object member",
                        s.text
                    ),
                );
                d.help = Some(format!(
                    "only an object member can be left out; write `${name}`"
                ));
                cx.push(d);
            }
            let var = Var::from_name(name);
            uses.push(VarUse {
                var: var.clone(),
                optional,
                pos: node.pos,
            });
            (Node::Var(var), optional && member)
        }
    }
}

/// A literal scalar as a JSON value.
pub(crate) fn scalar_value(s: &load::Scalar) -> Value {
    if s.is_null() {
        Value::Null
    } else if let Some(b) = s.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = s.as_json_number() {
        Value::Number(n.to_owned())
    } else {
        Value::String(s.text.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses() {
        for preset in PRESETS {
            let envelope = preset
                .envelope()
                .unwrap_or_else(|| panic!("{}", preset.name));
            assert!(matches!(envelope.body, Node::Object(_)), "{}", preset.name);
        }
        assert_eq!(PRESETS[0].name, "problem");
    }

    #[test]
    fn status_nested_shape() {
        let envelope = preset("status-nested").unwrap().envelope().unwrap();
        let Node::Object(members) = envelope.body else {
            panic!()
        };
        assert_eq!(members[0].key, "code");
        assert_eq!(members[0].value, Node::Var(Var::Status));
        assert_eq!(
            members[1].value,
            Node::Literal(Value::String("error".into()))
        );
        let Node::Object(error) = &members[3].value else {
            panic!()
        };
        assert!(error[2].optional);
        assert_eq!(error[2].value, Node::Var(Var::Details));
    }

    fn parse_text(text: &str) -> (Option<Node>, Vec<VarUse>, usize) {
        let cx = Ctxt::new();
        let file = SourceFile::new(Arc::from(Path::new("t.yaml")), text.to_owned());
        let mut uses = Vec::new();
        let body = load::parse(&file, &cx).map(|n| parse_body(&file, &n, &cx, &mut uses));
        let errors = cx.check().err().map_or(0, |e| e.errors().count());
        (body, uses, errors)
    }

    #[test]
    fn literals_and_escapes() {
        let (body, uses, errors) =
            parse_text("a: $$code\nb: 1.5\nc: \"2\"\nd: ~\ne: [$code, x]\nf: $tier?\n");
        assert_eq!(errors, 0);
        let Some(Node::Object(m)) = body else {
            panic!()
        };
        assert_eq!(m[0].value, Node::Literal(Value::String("$code".into())));
        assert_eq!(m[1].value, Node::Literal(Value::Number("1.5".into())));
        assert_eq!(m[2].value, Node::Literal(Value::String("2".into())));
        assert_eq!(m[3].value, Node::Literal(Value::Null));
        assert_eq!(uses.len(), 2);
        assert_eq!(uses[1].var, Var::EntryField("tier".into()));
        assert!(uses[1].optional && m[5].optional);
    }

    /// A misspelled variable in a preset (`$mesage`) would parse as an entry field and vanish
    /// from every body: presets use built-in variables only.
    #[test]
    fn presets_use_only_builtin_variables() {
        for preset in PRESETS {
            let (body, uses, errors) = parse_text(preset.template);
            assert!(body.is_some() && errors == 0, "{}", preset.name);
            for used in uses {
                assert!(
                    Var::BUILTIN.contains(&used.var.name()),
                    "preset `{}` uses `${}`",
                    preset.name,
                    used.var.name()
                );
            }
        }
    }

    #[test]
    fn bad_variables() {
        assert_eq!(parse_text("a: $\n").2, 1);
        assert_eq!(parse_text("a: $a-b\n").2, 1);
        assert_eq!(parse_text("a: [$code?]\n").2, 1);
        assert_eq!(parse_text("$code?\n").2, 1);
    }
}
