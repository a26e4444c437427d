//! An entry: its keys dispatched into a [`RawEntry`], its `message`, and the model [`Entry`]
//! built once its rules have run. The rules themselves run in [`Checker::entry`], in the
//! table of contents.

use std::rc::Rc;

use crate::keys::ENTRY_KEYS;
use crate::load::{Key, Kind, Node, Pos, SourceFile};
use crate::model::{Entry, EnvelopeId, Field, Header, Segment, Template, Value};

use super::code::Code;
use super::defaults::Plain;
use super::report::{with_help, At};
use super::Checker;

/// An entry's keys as written, before their values are checked.
#[derive(Default)]
pub(super) struct RawEntry<'n> {
    pub code: Option<(&'n Key, &'n Node)>,
    pub status: Option<(&'n Key, &'n Node)>,
    pub message: Option<(&'n Key, &'n Node)>,
    pub title: Option<(&'n Key, &'n Node)>,
    pub cause: Option<(&'n Key, &'n Node)>,
    pub solution: Option<(&'n Key, &'n Node)>,
    pub category: Option<(&'n Key, &'n Node)>,
    pub fields: Option<(&'n Key, &'n Node)>,
    pub retryable: Option<(&'n Key, &'n Node)>,
    pub retry_after: Option<(&'n Key, &'n Node)>,
    pub headers: Option<(&'n Key, &'n Node)>,
    pub expose_as: Option<(&'n Key, &'n Node)>,
    pub internal: Option<(&'n Key, &'n Node)>,
    pub deprecated: Option<(&'n Key, &'n Node)>,
    pub since: Option<(&'n Key, &'n Node)>,
    pub grpc: Option<(&'n Key, &'n Node)>,
    pub example: Option<(&'n Key, &'n Node)>,
    pub rust_name: Option<(&'n Key, &'n Node)>,
    pub format: Option<(&'n Key, &'n Node)>,
}

/// What the rules made of an entry, before the defaults of its plain keys.
pub(super) struct Checked {
    pub code: Code,
    pub rust_name: String,
    pub status: u16,
    /// `None` when missing or invalid (reported); the entry is then never emitted.
    pub message: Option<(Template, Pos)>,
    pub fields: Vec<Field>,
    pub retry_after: Option<Template>,
    pub headers: Vec<Header>,
    pub example: Vec<(String, Value)>,
    pub envelope: usize,
}

impl<'s> Checker<'_, 's> {
    /// Rule: `errors` is a list of entries. Consumes their raw trees one by one: each is freed
    /// as soon as its model entry exists, so the allocator reuses that memory instead of
    /// faulting in fresh pages (this showed in the load benchmark).
    pub(super) fn entries_of(&mut self, file: &Rc<SourceFile<'s>>, node: Node) {
        let at = At::top(file);
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
                At {
                    file,
                    entry: Some(i),
                    overlay: None,
                },
                &item,
            );
        }
    }

    /// Rule: an entry is a mapping of entry keys; unknown keys are errors. Each known key's
    /// value goes into its slot, to be checked by the rules.
    pub(super) fn raw_entry<'n>(&self, at: At<'_, 's>, node: &'n Node) -> Option<RawEntry<'n>> {
        let Kind::Map(keys) = &node.kind else {
            self.push(at.error(
                node.pos.start(),
                "",
                format!("expected a mapping for an entry, found {}", node.describe()),
            ));
            return None;
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
        Some(e)
    }

    /// Rule: every entry has a non-empty `message` template.
    pub(super) fn entry_message(
        &self,
        at: At<'_, 's>,
        code: &Code,
        written: Option<(&Key, &Node)>,
    ) -> Option<(Template, Pos)> {
        let Some((_, v)) = written else {
            self.push(with_help(
                at.error(
                    code.key_pos,
                    "",
                    format!("`{}` has no `message`", code.text),
                ),
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

    /// The model entry: what the rules made of it, its plain keys, and the catalog's
    /// `docs_url` with its code. `expose_as` is filled in once every entry is known.
    pub(super) fn model_entry(&self, at: At<'_, 's>, checked: Checked, plain: Plain) -> Entry {
        let Checked {
            code,
            rust_name,
            status,
            message,
            fields,
            retry_after,
            headers,
            example,
            envelope,
        } = checked;
        let docs_url = self.docs_url.as_ref().map(|t| {
            t.segments
                .iter()
                .map(|s| match s {
                    Segment::Literal(text) => text.as_str(),
                    Segment::Placeholder(_) => code.text.as_str(),
                })
                .collect()
        });
        Entry {
            location: at.file.location(code.key_pos),
            code: code.text,
            rust_name,
            status,
            title: plain.title,
            message: message.map_or_else(|| Template::literal(""), |(t, _)| t),
            cause: plain.cause,
            solution: plain.solution,
            category: plain.category,
            fields,
            retryable: plain.retryable,
            retry_after,
            headers,
            expose_as: None,
            internal: plain.internal,
            deprecated: plain.deprecated,
            since: plain.since,
            grpc: plain.grpc,
            example,
            envelope: EnvelopeId::new(envelope),
            docs_url,
            origin: self.origin,
            overridden: at.overlay.map(|o| o.keys.clone()).unwrap_or_default(),
        }
    }
}
