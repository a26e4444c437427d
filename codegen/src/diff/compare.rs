//! The rules: which differences between an old and a new entry are changes, of which kind, and
//! whom each breaks. One function per group, in the order the report lists them.

use std::collections::{HashMap, HashSet};

use super::{Breaks, Change, ChangeKind};
use crate::model::{
    default_retryable, reason_phrase, Catalog, Edge, Entry, Field, GrpcCode, Node, Var,
};
use crate::view::{PublicMessage, PublicView};

/// Every change, in the order of the catalogs (not yet sorted breaking first).
pub(super) fn changes(old: &Catalog, new: &Catalog) -> Vec<Change> {
    let mut out = Vec::new();
    // Codes looked up in hash maps: a diff of 10,000 codes stays linear.
    let (in_old, in_new) = (by_code(old), by_code(new));
    let removed: Vec<&Entry> = old
        .entries
        .iter()
        .filter(|e| !in_new.contains_key(e.code.as_str()))
        .collect();
    let added: Vec<&Entry> = new
        .entries
        .iter()
        .filter(|e| !in_old.contains_key(e.code.as_str()))
        .collect();
    let renames = renames(old, &removed, new, &added);
    for was in &old.entries {
        match in_new.get(was.code.as_str()).copied() {
            Some(now) => Pair { old, was, new, now }.changes(&mut out),
            None => match renames.iter().find(|(from, _)| from.code == was.code) {
                Some((_, to)) => out.push(Change {
                    kind: ChangeKind::Renamed,
                    code: was.code.clone(),
                    before: Some(was.code.clone()),
                    after: Some(to.code.clone()),
                    breaks: Breaks::BOTH,
                    message: format!(
                        "renamed `{}` -> `{}` (same status, envelope and fields)",
                        was.code, to.code
                    ),
                }),
                None => out.push(removal(old, was, new)),
            },
        }
    }
    edges(old, new, &mut out);
    for now in &added {
        if renames.iter().any(|(_, to)| to.code == now.code) {
            continue;
        }
        match old.retired(&now.code) {
            Some(retired) => out.push(Change {
                kind: ChangeKind::RetiredReused,
                code: now.code.clone(),
                before: None,
                after: Some(now.code.clone()),
                breaks: Breaks::CLIENTS,
                message: format!(
                    "`{}` was retired in {} and is a code again: clients that still handle \
                     its old meaning misread it",
                    now.code, retired.version
                ),
            }),
            None => out.push(Change {
                kind: ChangeKind::Added,
                code: now.code.clone(),
                before: None,
                after: Some(now.code.clone()),
                breaks: Breaks::NONE,
                message: format!("added `{}` ({})", now.code, new.view(now).status),
            }),
        }
    }
    out
}

/// The code each framework edge answers with, old against new (`edges:`).
fn edges(old: &Catalog, new: &Catalog, out: &mut Vec<Change>) {
    let code_of = |catalog: &Catalog, edge: Edge| {
        catalog
            .edges
            .iter()
            .find(|(e, _)| *e == edge)
            .and_then(|(_, entry)| catalog.entries.get(entry.index()))
            .map(|entry| catalog.view(entry).code.to_owned())
    };
    for &edge in Edge::ALL {
        let (before, after) = (code_of(old, edge), code_of(new, edge));
        if before == after {
            continue;
        }
        let (breaks, message) = match (&before, &after) {
            (Some(b), Some(a)) => (
                Breaks::CLIENTS,
                format!("edge `{}` answers with `{a}` instead of `{b}`", edge.name()),
            ),
            (Some(b), None) => (
                Breaks::CLIENTS,
                format!(
                    "edge `{}` no longer answers with `{b}`: clients get the framework's own response",
                    edge.name()
                ),
            ),
            (None, Some(a)) => (
                Breaks::NONE,
                format!("edge `{}` now answers with `{a}`", edge.name()),
            ),
            (None, None) => continue,
        };
        out.push(Change {
            kind: ChangeKind::Edge,
            code: before.clone().or_else(|| after.clone()).unwrap_or_default(),
            before,
            after,
            breaks,
            message,
        });
    }
}

fn by_code(catalog: &Catalog) -> HashMap<&str, &Entry> {
    catalog
        .entries
        .iter()
        .map(|e| (e.code.as_str(), e))
        .collect()
}

/// A code of the old catalog that the new one does not have: retired, or removed.
fn removal(old: &Catalog, was: &Entry, new: &Catalog) -> Change {
    // A masked code was never sent: only the Rust variant goes.
    let public = was.expose_as.is_none();
    match new.retired(&was.code) {
        Some(retired) => {
            let replacement = match &retired.replaced_by {
                Some(code) => format!(", replaced by `{code}`"),
                None => String::new(),
            };
            Change {
                kind: ChangeKind::Retired,
                code: was.code.clone(),
                before: Some(was.code.clone()),
                after: retired.replaced_by.clone(),
                // Clients never receive it again, which their code handles already; the
                // variant is gone from the Rust enum.
                breaks: Breaks::RUST,
                message: format!(
                    "retired `{}` in {}{replacement}: {}",
                    was.code, retired.version, retired.note
                ),
            }
        }
        None => Change {
            kind: ChangeKind::Removed,
            code: was.code.clone(),
            before: Some(was.code.clone()),
            after: None,
            breaks: Breaks {
                clients: public,
                rust: true,
            },
            message: format!("removed `{}` ({})", was.code, old.view(was).status),
        },
    }
}

/// The removed codes that were renamed: each paired with the one added code that has its
/// status, envelope and fields, when that pairing is the only one either way (two candidates
/// are two removals and two additions, not a guess).
fn renames<'c>(
    old: &'c Catalog,
    removed: &[&'c Entry],
    new: &'c Catalog,
    added: &[&'c Entry],
) -> Vec<(&'c Entry, &'c Entry)> {
    let same = |was: &Entry, now: &Entry| {
        let (before, after) = (old.view(was), new.view(now));
        was.expose_as.is_none() == now.expose_as.is_none()
            && before.status == after.status
            && before.envelope.content_type == after.envelope.content_type
            && before.envelope.body == after.envelope.body
            && was.fields.len() == now.fields.len()
            // The fields as a client and the Rust variant have them; their docs may differ.
            && was.fields.iter().zip(&now.fields).all(|(a, b)| {
                (&a.name, a.ty, a.optional) == (&b.name, b.ty, b.optional)
            })
    };
    // A retired code is not renamed: the catalog says what became of it.
    let removed: Vec<&Entry> = removed
        .iter()
        .copied()
        .filter(|e| new.retired(&e.code).is_none())
        .collect();
    let mut pairs = Vec::new();
    for was in &removed {
        let mut candidates = added.iter().filter(|now| same(was, now));
        let (Some(now), None) = (candidates.next(), candidates.next()) else {
            continue;
        };
        if removed.iter().filter(|other| same(other, now)).count() == 1 {
            pairs.push((*was, *now));
        }
    }
    pairs
}

/// One code in both catalogs.
struct Pair<'c> {
    old: &'c Catalog,
    was: &'c Entry,
    new: &'c Catalog,
    now: &'c Entry,
}

impl<'c> Pair<'c> {
    fn changes(&self, out: &mut Vec<Change>) {
        let (before, after) = (self.old.view(self.was), self.new.view(self.now));
        self.response(&before, &after, out);
        self.headers(&before, &after, out);
        self.rust_name(out);
        self.fields(&before, &after, out);
        self.wording(&before, &after, out);
        self.retry_after(&before, &after, out);
        self.deprecated(out);
    }

    fn change(
        &self,
        kind: ChangeKind,
        breaks: Breaks,
        before: Option<String>,
        after: Option<String>,
        message: String,
    ) -> Change {
        Change {
            kind,
            code: self.was.code.clone(),
            before,
            after,
            breaks,
            message: format!("`{}`: {message}", self.was.code),
        }
    }

    /// What the response is: its code, status, body format, `type`, message visibility and
    /// gRPC code.
    fn response(&self, before: &PublicView<'c>, after: &PublicView<'c>, out: &mut Vec<Change>) {
        let clients = Breaks::CLIENTS;
        if before.code != after.code {
            out.push(self.change(
                ChangeKind::ExposedCode,
                clients,
                Some(before.code.to_owned()),
                Some(after.code.to_owned()),
                format!(
                    "clients now receive `{}` instead of `{}`",
                    after.code, before.code
                ),
            ));
        }
        if before.status != after.status {
            out.push(self.change(
                ChangeKind::Status,
                clients,
                Some(before.status.to_string()),
                Some(after.status.to_string()),
                format!("status {} -> {}", before.status, after.status),
            ));
        }
        let (was, now) = (before.envelope, after.envelope);
        if was.content_type != now.content_type {
            out.push(self.change(
                ChangeKind::ContentType,
                clients,
                Some(was.content_type.clone()),
                Some(now.content_type.clone()),
                format!("content type {} -> {}", was.content_type, now.content_type),
            ));
        }
        if was.body != now.body {
            out.push(self.change(
                ChangeKind::Envelope,
                clients,
                Some(was.name.clone()),
                Some(now.name.clone()),
                format!("body format changed (`{}` -> `{}`)", was.name, now.name),
            ));
        }
        if before.docs_url != after.docs_url {
            // The URL is the problem's identity (RFC 9457 `type`) when the body carries it; a
            // link in the docs only otherwise.
            let sent = renders(&was.body, &Var::Type) || renders(&now.body, &Var::Type);
            let show = |url: Option<&str>| url.map_or("none".to_owned(), |u| format!("`{u}`"));
            let what = if sent {
                "problem `type` URL"
            } else {
                "docs URL"
            };
            out.push(self.change(
                ChangeKind::TypeUrl,
                if sent { clients } else { Breaks::NONE },
                before.docs_url.map(str::to_owned),
                after.docs_url.map(str::to_owned),
                format!(
                    "{what} {} -> {}",
                    show(before.docs_url),
                    show(after.docs_url)
                ),
            ));
        }
        let hidden = |view: &PublicView<'_>| matches!(view.message, PublicMessage::Title(_));
        match (hidden(before), hidden(after)) {
            (true, false) => out.push(self.change(
                ChangeKind::InternalRevealed,
                clients,
                Some("true".into()),
                Some("false".into()),
                "no longer internal: the message and fields, written for logs, are now sent to \
                 clients (possible leak)"
                    .into(),
            )),
            (false, true) => out.push(self.change(
                ChangeKind::InternalHidden,
                clients,
                Some("false".into()),
                Some("true".into()),
                "now internal: clients receive the title instead of the message, and no fields"
                    .into(),
            )),
            _ => {}
        }
        // gRPC answers as HTTP does: with the exposed entry's code. One left to follow the
        // status is part of the status change, not one more.
        let (grpc_was, grpc_now) = (
            self.old.exposed(self.was).grpc,
            self.new.exposed(self.now).grpc,
        );
        let follows_status = grpc_was == GrpcCode::from_status(before.status)
            && grpc_now == GrpcCode::from_status(after.status);
        if grpc_was != grpc_now && !(before.status != after.status && follows_status) {
            out.push(self.change(
                ChangeKind::Grpc,
                clients,
                Some(grpc_was.as_str().to_owned()),
                Some(grpc_now.as_str().to_owned()),
                format!("gRPC code {} -> {}", grpc_was.as_str(), grpc_now.as_str()),
            ));
        }
    }

    /// Headers removed or changed (breaking), added (compatible). Names compare as HTTP does,
    /// ignoring case.
    fn headers(&self, before: &PublicView<'c>, after: &PublicView<'c>, out: &mut Vec<Change>) {
        let find = |view: &PublicView<'c>, name: &str| {
            view.headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .map(|h| h.value.source.clone())
        };
        for header in before.headers {
            let was = Some(header.value.source.clone());
            match find(after, &header.name) {
                None => out.push(self.change(
                    ChangeKind::HeaderRemoved,
                    Breaks::CLIENTS,
                    was,
                    None,
                    format!("header `{}` no longer sent", header.name),
                )),
                Some(now) if Some(&now) != was.as_ref() => out.push(self.change(
                    ChangeKind::HeaderChanged,
                    Breaks::CLIENTS,
                    was.clone(),
                    Some(now.clone()),
                    format!(
                        "header `{}` {:?} -> {now:?}",
                        header.name, header.value.source
                    ),
                )),
                Some(_) => {}
            }
        }
        for header in after.headers {
            if find(before, &header.name).is_none() {
                out.push(self.change(
                    ChangeKind::HeaderAdded,
                    Breaks::NONE,
                    None,
                    Some(header.value.source.clone()),
                    format!("header `{}` added", header.name),
                ));
            }
        }
    }

    fn rust_name(&self, out: &mut Vec<Change>) {
        let (was, now) = (&self.was.rust_name, &self.now.rust_name);
        if was != now {
            out.push(self.change(
                ChangeKind::RustName,
                Breaks::RUST,
                Some(was.clone()),
                Some(now.clone()),
                format!("Rust variant `{was}` -> `{now}`"),
            ));
        }
    }

    /// Fields as clients see them (the view's) and as Rust code sees them (the entry's),
    /// reported once per field with whom the change breaks.
    fn fields(&self, before: &PublicView<'c>, after: &PublicView<'c>, out: &mut Vec<Change>) {
        // A change of visibility is `internal_*`; the fields it hides or shows are not each a
        // change of their own.
        let same_visibility = matches!(
            (before.message, after.message),
            (PublicMessage::Title(_), PublicMessage::Title(_))
                | (PublicMessage::Template(_), PublicMessage::Template(_))
        );
        let client = |view: &PublicView<'c>, name: &str| {
            if same_visibility {
                view.field(name)
            } else {
                None
            }
        };
        let mut seen = HashSet::new();
        let old_names = self.was.fields.iter().chain(before.fields);
        for name in old_names.map(|f| f.name.as_str()) {
            if !seen.insert(name) {
                continue;
            }
            let rust = (self.was.field(name), self.now.field(name));
            let clients = (client(before, name), client(after, name));
            let breaks = |test: fn(&Field, Option<&Field>) -> bool| Breaks {
                clients: clients.0.is_some_and(|f| test(f, clients.1)),
                rust: rust.0.is_some_and(|f| test(f, rust.1)),
            };
            let Some(was) = rust.0.or(clients.0) else {
                continue;
            };
            let now = rust.1.or(clients.1);
            let removed = breaks(|_, now| now.is_none());
            if removed.any() {
                out.push(self.change(
                    ChangeKind::FieldRemoved,
                    removed,
                    Some(describe(was)),
                    None,
                    format!("field `{name}` removed"),
                ));
                continue;
            }
            let Some(now) = now else { continue };
            let retyped = breaks(|was, now| now.is_some_and(|now| now.ty != was.ty));
            if retyped.any() {
                out.push(self.change(
                    ChangeKind::FieldRetyped,
                    retyped,
                    Some(describe(was)),
                    Some(describe(now)),
                    format!(
                        "field `{name}` type {} -> {}",
                        was.ty.as_str(),
                        now.ty.as_str()
                    ),
                ));
            }
            if now.optional && !was.optional {
                out.push(self.change(
                    ChangeKind::FieldOptional,
                    Breaks {
                        clients: clients.0.is_some(),
                        rust: rust.0.is_some(),
                    },
                    Some(describe(was)),
                    Some(describe(now)),
                    format!("field `{name}` is now optional (may be absent)"),
                ));
            } else if was.optional && !now.optional {
                // Clients always receive it now, which they handle; `Option<T>` became `T`.
                out.push(self.change(
                    ChangeKind::FieldRequired,
                    Breaks {
                        clients: false,
                        rust: rust.0.is_some(),
                    },
                    Some(describe(was)),
                    Some(describe(now)),
                    format!("field `{name}` is now required"),
                ));
            }
        }
        let new_names = self.now.fields.iter().chain(after.fields);
        let mut seen = HashSet::new();
        for field in new_names {
            let name = field.name.as_str();
            if !seen.insert(name) || self.was.field(name).is_some() || before.field(name).is_some()
            {
                continue;
            }
            out.push(self.change(
                ChangeKind::FieldAdded,
                Breaks::NONE,
                None,
                Some(describe(field)),
                format!(
                    "field `{name}` added (Rust code constructing `{}` must set it)",
                    self.now.rust_name
                ),
            ));
        }
    }

    /// Texts whose wording may change freely: title, message, causes, solutions, and the
    /// retry advice.
    fn wording(&self, before: &PublicView<'c>, after: &PublicView<'c>, out: &mut Vec<Change>) {
        let (was, now) = (self.was, self.now);
        // A title left to be the status' reason phrase is part of the status change.
        let follows_status = reason_phrase(before.status) == Some(before.title)
            && reason_phrase(after.status) == Some(after.title);
        if before.title != after.title && !(before.status != after.status && follows_status) {
            out.push(self.change(
                ChangeKind::Title,
                Breaks::NONE,
                Some(before.title.to_owned()),
                Some(after.title.to_owned()),
                format!("title {:?} -> {:?}", before.title, after.title),
            ));
        }
        if was.message.source != now.message.source {
            out.push(self.change(
                ChangeKind::Message,
                Breaks::NONE,
                Some(was.message.source.clone()),
                Some(now.message.source.clone()),
                format!(
                    "message {:?} -> {:?}",
                    was.message.source, now.message.source
                ),
            ));
        }
        for (kind, what, before, after) in [
            (ChangeKind::Cause, "cause", &was.cause, &now.cause),
            (
                ChangeKind::Solution,
                "solution",
                &was.solution,
                &now.solution,
            ),
        ] {
            if before != after {
                out.push(self.change(
                    kind,
                    Breaks::NONE,
                    Some(before.join("\n")),
                    Some(after.join("\n")),
                    format!("{what} reworded"),
                ));
            }
        }
        // As the title: a default left to follow the status is part of the status change.
        let retry_follows_status = was.retryable == default_retryable(before.status)
            && now.retryable == default_retryable(after.status);
        if was.retryable != now.retryable
            && !(before.status != after.status && retry_follows_status)
        {
            out.push(self.change(
                ChangeKind::Retryable,
                Breaks::NONE,
                Some(was.retryable.to_string()),
                Some(now.retryable.to_string()),
                format!("retryable {} -> {}", was.retryable, now.retryable),
            ));
        }
    }

    /// `Retry-After` as clients receive it: no longer sent breaks the clients that wait for
    /// it; sent, or sent with another value, is advice they may follow.
    fn retry_after(&self, before: &PublicView<'c>, after: &PublicView<'c>, out: &mut Vec<Change>) {
        let source = |view: &PublicView<'_>| view.retry_after.map(|t| t.source.clone());
        let (was, now) = (source(before), source(after));
        let (kind, breaks, message) = match (&was, &now) {
            (Some(_), None) => (
                ChangeKind::RetryAfterRemoved,
                Breaks::CLIENTS,
                "no longer sends Retry-After".to_owned(),
            ),
            (None, Some(_)) => (
                ChangeKind::RetryAfterAdded,
                Breaks::NONE,
                "now sends Retry-After".to_owned(),
            ),
            (Some(a), Some(b)) if a != b => (
                ChangeKind::RetryAfterChanged,
                Breaks::NONE,
                format!("Retry-After {a:?} -> {b:?}"),
            ),
            _ => return,
        };
        out.push(self.change(kind, breaks, was, now, message));
    }

    fn deprecated(&self, out: &mut Vec<Change>) {
        let (was, now) = (&self.was.deprecated, &self.now.deprecated);
        if let Some(note) = now {
            if was.as_ref() != Some(note) {
                out.push(self.change(
                    ChangeKind::Deprecated,
                    Breaks::NONE,
                    was.clone(),
                    Some(note.clone()),
                    format!("deprecated ({note})"),
                ));
            }
        }
    }
}

/// `name: type`, `?` after an optional type.
fn describe(field: &Field) -> String {
    let optional = if field.optional { "?" } else { "" };
    format!("{}: {}{optional}", field.name, field.ty.as_str())
}

/// True when `var` appears anywhere in an envelope template.
fn renders(node: &Node, var: &Var) -> bool {
    match node {
        Node::Object(members) => members.iter().any(|m| renders(&m.value, var)),
        Node::Array(items) => items.iter().any(|n| renders(n, var)),
        Node::Var(v) => v == var,
        Node::Literal(_) => false,
    }
}
