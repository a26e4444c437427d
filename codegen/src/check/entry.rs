//! An entry: its keys, its message, and the model entry built from them.

use std::rc::Rc;

use crate::keys::ENTRY_KEYS;
use crate::load::{Key, Kind, Node, Pos, SourceFile};
use crate::model::{self, Entry, Field, GrpcCode, Segment, Template};

use super::defaults::default_title;
use super::expose::ExposeRef;
use super::fields::FieldSet;
use super::report::{with_help, At};
use super::Checker;

/// An entry's keys as written, before their values are checked.
#[derive(Default)]
pub(super) struct RawEntry<'n> {
    pub(super) code: Option<(&'n Key, &'n Node)>,
    pub(super) status: Option<(&'n Key, &'n Node)>,
    pub(super) message: Option<(&'n Key, &'n Node)>,
    pub(super) title: Option<(&'n Key, &'n Node)>,
    pub(super) cause: Option<(&'n Key, &'n Node)>,
    pub(super) solution: Option<(&'n Key, &'n Node)>,
    pub(super) category: Option<(&'n Key, &'n Node)>,
    pub(super) fields: Option<(&'n Key, &'n Node)>,
    pub(super) retryable: Option<(&'n Key, &'n Node)>,
    pub(super) retry_after: Option<(&'n Key, &'n Node)>,
    pub(super) headers: Option<(&'n Key, &'n Node)>,
    pub(super) expose_as: Option<(&'n Key, &'n Node)>,
    pub(super) internal: Option<(&'n Key, &'n Node)>,
    pub(super) deprecated: Option<(&'n Key, &'n Node)>,
    pub(super) since: Option<(&'n Key, &'n Node)>,
    pub(super) grpc: Option<(&'n Key, &'n Node)>,
    pub(super) example: Option<(&'n Key, &'n Node)>,
    pub(super) rust_name: Option<(&'n Key, &'n Node)>,
    pub(super) format: Option<(&'n Key, &'n Node)>,
}

impl<'s> Checker<'_, 's> {
    /// Checks the entries, consuming their raw trees one by one: each is freed as soon as its
    /// model entry exists, so the allocator reuses that memory instead of faulting in fresh
    /// pages (this showed in the load benchmark).
    pub(super) fn entries_of(&mut self, file: &Rc<SourceFile<'s>>, node: Node) {
        let at = At { file, entry: None };
        if !matches!(node.kind, Kind::Seq(_)) {
            if !node.is_null() {
                self.push(with_help(
                    at.error(
                        node.pos.start(),
                        "errors",
                        format!(
                            "expected a list of entries for `errors`, found {}",
                            node.describe()
                        ),
                    ),
                    "write each entry as a list item: `- code: ...`",
                ));
            }
            return;
        }
        let Kind::Seq(items) = node.kind else { return };
        self.entries.reserve(items.len());
        self.codes.by_hash.reserve(items.len());
        self.rust_names.by_hash.reserve(items.len());
        for (i, item) in items.into_iter().enumerate() {
            self.entry(
                file,
                At {
                    file,
                    entry: Some(i),
                },
                &item,
            );
        }
    }

    pub(super) fn entry(&mut self, file: &Rc<SourceFile<'s>>, at: At<'_, 's>, node: &Node) {
        let Kind::Map(keys) = &node.kind else {
            self.push(at.error(
                node.pos.start(),
                "",
                format!("expected a mapping for an entry, found {}", node.describe()),
            ));
            return;
        };
        let mut e = RawEntry::default();
        for (k, v) in keys {
            let slot = match &*k.text {
                "code" => &mut e.code,
                "status" => &mut e.status,
                "message" => &mut e.message,
                "title" => &mut e.title,
                "cause" => &mut e.cause,
                "solution" => &mut e.solution,
                "category" => &mut e.category,
                "fields" => &mut e.fields,
                "retryable" => &mut e.retryable,
                "retry_after" => &mut e.retry_after,
                "headers" => &mut e.headers,
                "expose_as" => &mut e.expose_as,
                "internal" => &mut e.internal,
                "deprecated" => &mut e.deprecated,
                "since" => &mut e.since,
                "grpc" => &mut e.grpc,
                "example" => &mut e.example,
                "rust_name" => &mut e.rust_name,
                "format" => &mut e.format,
                _ => {
                    self.unknown_key(at, "", k, ENTRY_KEYS);
                    continue;
                }
            };
            *slot = Some((k, v));
        }

        let (code, code_key_pos, code_ok) = self.entry_code(at, node, e.code);
        let location = at.file.location(code_key_pos);
        let index = self.entries.len();
        let unique = code_ok && self.code_is_unique(at, &code, code_key_pos, e.code, index);
        // A duplicate code has the same Rust name as its first definition; saying so twice
        // would be noise.
        let rust_name = self.rust_name(
            at,
            &code,
            unique,
            e.rust_name,
            e.code.map(|(_, v)| v.pos),
            index,
        );
        let status = self
            .entry_status(at, &code, code_ok, code_key_pos, e.status)
            .unwrap_or(500);
        let message = self.entry_message(at, &code, code_key_pos, e.message);

        let mut fields = FieldSet::new(match e.fields {
            Some((_, v)) => self.fields(at, v),
            None => Vec::new(),
        });
        if let Some((template, _)) = &message {
            self.message_fields(at, template, e.message.map(|(_, v)| v), &mut fields);
        }
        let mut headers = Vec::new();
        let mut header_nodes: Vec<&Node> = Vec::new();
        if let Some((_, v)) = e.headers {
            self.headers(at, v, &mut headers, &mut header_nodes);
        }
        let retry_after_node = e.retry_after.map(|(_, v)| v);
        let retry_after = retry_after_node.and_then(|v| self.retry_after(at, v, &fields.all));
        if let (Some(_), Some((k, _))) = (&retry_after, e.retry_after) {
            self.retry_after_not_in_headers(at, k, &headers);
        }
        let templates = headers
            .iter()
            .map(|h| (&h.value, "headers"))
            .zip(header_nodes.iter().copied())
            .chain(
                retry_after
                    .iter()
                    .map(|t| (t, "retry_after"))
                    .zip(retry_after_node),
            );
        for ((template, key), node) in templates {
            self.placeholders_name_fields(at, &code, key, template, node, &mut fields);
        }
        let envelope = match e.format {
            Some((_, v)) => self.entry_format(at, v),
            None => 0,
        };
        self.tally_envelope_vars(envelope, index, &mut fields);
        self.unused_fields(at, &fields);

        let fields: Vec<Field> = fields.all.into_iter().map(|(f, _)| f).collect();
        let example = self.example(at, e.example.map(|(_, v)| v), &fields);

        if let Some((_, v)) = e.expose_as {
            if let Some(target) = self.string(at, "expose_as", v) {
                self.exposes.push(ExposeRef {
                    entry: index,
                    target,
                    file: file.clone(),
                    pos: v.pos,
                    key: at.path("expose_as"),
                });
            }
        }

        // Defaults, as the spec gives them: title from the status' reason phrase, retryable
        // for 429/500/502/503/504, internal for 500, gRPC code from the status.
        let title = e
            .title
            .and_then(|(_, v)| self.string(at, "title", v))
            .unwrap_or_else(|| default_title(status));
        let cause = e
            .cause
            .map_or_else(Vec::new, |(_, v)| self.strings(at, "cause", v));
        let solution = e
            .solution
            .map_or_else(Vec::new, |(_, v)| self.strings(at, "solution", v));
        let category = e.category.and_then(|(_, v)| self.string(at, "category", v));
        let retryable = e
            .retryable
            .and_then(|(_, v)| self.bool(at, "retryable", v))
            .unwrap_or(model::default_retryable(status));
        let internal = e
            .internal
            .and_then(|(_, v)| self.bool(at, "internal", v))
            .unwrap_or(status == 500);
        // `deprecated: true` is a deprecation without a note (an empty one).
        let deprecated = e.deprecated.and_then(|(_, v)| match v.as_scalar() {
            Some(s) if s.as_bool() == Some(true) => Some(String::new()),
            Some(s) if s.as_bool() == Some(false) => None,
            _ => self.string(at, "deprecated", v),
        });
        let since = e.since.and_then(|(_, v)| self.string(at, "since", v));
        let grpc = e
            .grpc
            .and_then(|(_, v)| self.grpc(at, v))
            .unwrap_or(GrpcCode::from_status(status));
        let docs_url = self.docs_url.as_ref().map(|t| {
            t.segments
                .iter()
                .map(|s| match s {
                    Segment::Literal(text) => text.as_str(),
                    Segment::Placeholder(_) => code.as_str(),
                })
                .collect()
        });

        self.entries.push(Entry {
            location,
            code,
            rust_name,
            status,
            title,
            message: message.map_or_else(|| Template::literal(""), |(t, _)| t),
            cause,
            solution,
            category,
            fields,
            retryable,
            retry_after,
            headers,
            expose_as: None,
            internal,
            deprecated,
            since,
            grpc,
            example,
            envelope,
            docs_url,
        });
    }

    /// Rule: every entry has a non-empty `message` template.
    pub(super) fn entry_message(
        &self,
        at: At<'_, 's>,
        code: &str,
        code_key_pos: Pos,
        written: Option<(&Key, &Node)>,
    ) -> Option<(Template, Pos)> {
        let Some((_, v)) = written else {
            self.push(with_help(
                at.error(code_key_pos, "", format!("`{code}` has no `message`")),
                "add `message:` with the text clients see",
            ));
            return None;
        };
        let message = self.template(at, "message", v);
        if message
            .as_ref()
            .is_some_and(|(t, _)| t.source.trim().is_empty())
        {
            self.push(with_help(
                at.error(v.pos.start(), "message", "`message` is empty"),
                "write the text clients see",
            ));
        }
        message
    }
}
