//! The rules: raw trees (root file and includes) into one validated [`Catalog`].
//!
//! Every problem goes into the [`Ctxt`]; nothing returns at the first one, so a user sees every
//! mistake of a run at once. Each rule is a small function with a comment saying what it
//! enforces. Everything is one pass over the entries plus hash-map lookups: the "did you mean"
//! searches run only when something is already wrong.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use crate::diag::{closest, Ctxt, Diagnostic, Severity};
use crate::envelope::{self, VarUse};
use crate::keys::{ENTRY_KEYS, FIELD_KEYS, INCLUDED_KEYS, RULE_KEYS, TOP_KEYS};
use crate::load::{Key, Kind, Node, Pos, Scalar, SourceFile, Sources, Step};
use crate::model::{
    self, Catalog, CodeStyle, Entry, Envelope, Field, FieldType, GrpcCode, Header, Segment,
    Template, Value, Var,
};
use crate::names;

/// Checks a loaded catalog: the root's rules, then each included file's, with the problems met
/// while loading reported at their place; then the rules across all entries.
pub(crate) fn catalog<'s>(sources: Sources<'s>, cx: &Ctxt) -> Option<Catalog> {
    let Sources { files, root, steps } = sources;
    let root_file = files[0].clone();
    let mut checker = Checker::new(cx, files);
    checker.root(&root_file, root);
    for step in steps {
        match step {
            Step::Check(file, node) => checker.included(&file, node),
            Step::Report(d) => cx.push(d),
        }
    }
    let catalog = checker.finish();
    if cx.has_errors() {
        None
    } else {
        catalog
    }
}

/// Code and name lookups. FNV-1a instead of SipHash: the keys come from the user's own file,
/// so hash flooding is no threat, and SipHash showed up in the load benchmark's profile.
type Names = HashMap<String, usize, BuildHasherDefault<Fnv>>;

struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Entry indices by one of the entry's strings (its code, its Rust name), holding no copy of
/// the strings: keyed by their hash, every hit confirmed against the entry itself. Two
/// different strings with the same 64-bit hash are kept in `collided` and searched linearly.
#[derive(Default)]
struct NameIndex {
    by_hash: HashMap<u64, usize, BuildHasherDefault<Fnv>>,
    collided: Vec<usize>,
}

impl NameIndex {
    fn hash(name: &str) -> u64 {
        let mut h = Fnv::default();
        h.write(name.as_bytes());
        h.finish()
    }

    /// The index of the entry whose string (read by `of`) is `name`.
    fn get<'e>(&self, name: &str, of: impl Fn(usize) -> Option<&'e str>) -> Option<usize> {
        let is = |i: &usize| of(*i) == Some(name);
        self.by_hash
            .get(&Self::hash(name))
            .filter(|i| is(i))
            .or_else(|| self.collided.iter().find(|i| is(i)))
            .copied()
    }

    /// Records entry `index` under `name`, which [`NameIndex::get`] did not find.
    fn insert(&mut self, name: &str, index: usize) {
        match self.by_hash.entry(Self::hash(name)) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
            }
            std::collections::hash_map::Entry::Occupied(_) => self.collided.push(index),
        }
    }
}

/// A status rule: codes containing any of `contains` (ASCII case-insensitive) get `status`;
/// `contains: None` is the final `default`.
struct StatusRule {
    contains: Option<Vec<String>>,
    status: u16,
}

/// What an envelope's variables need from the entries that use it, tallied while the entries
/// are checked and reported once per variable (not once per entry).
struct EnvelopeUse<'s> {
    /// The file and variable uses of a catalog-written template; presets have none to report.
    source: Option<(Rc<SourceFile<'s>>, Vec<VarUse>)>,
    uses_details: bool,
    /// Names of `$name` entry-field variables.
    field_vars: Vec<String>,
    /// Per entry of `field_vars`: entries lacking the field (count, first one's index).
    missing: Vec<(usize, Option<usize>)>,
    users: usize,
}

/// A reference to resolve once every entry is known.
struct ExposeRef<'s> {
    entry: usize,
    target: String,
    file: Rc<SourceFile<'s>>,
    pos: Pos,
    key: String,
}

struct Checker<'cx, 's> {
    cx: &'cx Ctxt,
    /// Every file read, root first.
    files: Vec<Rc<SourceFile<'s>>>,
    service: Option<String>,
    description: Option<String>,
    docs_url: Option<Template>,
    docs_url_source: Option<String>,
    code_style: CodeStyle,
    status_rules: Vec<StatusRule>,
    envelopes: Vec<Envelope>,
    envelope_uses: Vec<EnvelopeUse<'s>>,
    /// `formats` names (and presets selected by name) -> envelope index.
    format_names: Names,
    entries: Vec<Entry>,
    codes: NameIndex,
    rust_names: NameIndex,
    exposes: Vec<ExposeRef<'s>>,
    /// Where the root's `errors:` key is, for "the catalog defines no errors".
    errors_key: Option<Pos>,
}

/// The context of a value being read: its file and key path, for diagnostics.
#[derive(Clone, Copy)]
struct At<'a, 's> {
    file: &'a Rc<SourceFile<'s>>,
    /// The index of the entry under `errors` being read, `None` at the top. The key path
    /// (`errors[3].status`) is only formatted when something is reported.
    entry: Option<usize>,
}

impl At<'_, '_> {
    fn path(&self, key: &str) -> String {
        match self.entry {
            None => key.to_owned(),
            Some(i) if key.is_empty() => format!("errors[{i}]"),
            Some(i) if key.starts_with('[') => format!("errors[{i}]{key}"),
            Some(i) => format!("errors[{i}].{key}"),
        }
    }

    fn error(&self, pos: Pos, key: &str, message: impl Into<String>) -> Diagnostic {
        self.file.error(pos, &self.path(key), message)
    }

    fn warning(&self, pos: Pos, key: &str, message: impl Into<String>) -> Diagnostic {
        self.file
            .diag(Severity::Warning, pos, &self.path(key), message)
    }
}

fn with_help(mut d: Diagnostic, help: impl Into<String>) -> Diagnostic {
    d.help = Some(help.into());
    d
}

/// "did you mean `x`?" when a candidate is close, else "expected one of `a`, `b`, ...".
fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> String {
    match closest(word, candidates.clone()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => {
            let all: Vec<String> = candidates.into_iter().map(|c| format!("`{c}`")).collect();
            format!("expected one of {}", all.join(", "))
        }
    }
}

impl<'cx, 's> Checker<'cx, 's> {
    fn new(cx: &'cx Ctxt, files: Vec<Rc<SourceFile<'s>>>) -> Checker<'cx, 's> {
        Checker {
            cx,
            files,
            service: None,
            description: None,
            docs_url: None,
            docs_url_source: None,
            code_style: CodeStyle::Any,
            status_rules: Vec::new(),
            envelopes: Vec::new(),
            envelope_uses: Vec::new(),
            format_names: Names::default(),
            entries: Vec::new(),
            codes: NameIndex::default(),
            rust_names: NameIndex::default(),
            exposes: Vec::new(),
            errors_key: None,
        }
    }

    fn push(&self, d: Diagnostic) {
        self.cx.push(d);
    }

    // ----- values -------------------------------------------------------------------------

    /// Rule: a key that takes text holds a scalar. Null means "not given".
    fn string(&self, at: At<'_, 's>, key: &str, node: &Node) -> Option<String> {
        match node.text() {
            Ok(text) => text.map(str::to_owned),
            Err(not_text) => {
                self.push(not_text.diagnostic(at.file, &at.path(key), key));
                None
            }
        }
    }

    /// Rule: `cause` and `solution` are a string or a list of strings.
    fn strings(&self, at: At<'_, 's>, key: &str, node: &Node) -> Vec<String> {
        match &node.kind {
            Kind::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.string(at, &format!("{key}[{i}]"), item))
                .collect(),
            _ => self.string(at, key, node).into_iter().collect(),
        }
    }

    /// Rule: booleans are plain `true`/`false`.
    fn bool(&self, at: At<'_, 's>, key: &str, node: &Node) -> Option<bool> {
        match node.as_scalar() {
            Some(s) if s.is_null() => None,
            Some(s) if s.as_bool().is_some() => s.as_bool(),
            _ => {
                let mut d = at.error(
                    node.pos,
                    key,
                    format!(
                        "expected `true` or `false` for `{key}`, found {}",
                        node.describe()
                    ),
                );
                if node.as_scalar().is_some_and(|s| !s.is_plain()) {
                    d.help = Some("write the boolean without quotes".into());
                }
                self.push(d);
                None
            }
        }
    }

    /// Rule: a status is an unquoted integer from 400 to 599 (2xx and 3xx are not errors).
    fn status(&self, at: At<'_, 's>, key: &str, node: &Node) -> Option<u16> {
        let Some(s) = node.as_scalar() else {
            self.push(at.error(
                node.pos.start(),
                key,
                format!(
                    "expected an HTTP status (400-599), found {}",
                    node.describe()
                ),
            ));
            return None;
        };
        let Some(digits) = s.as_int_text() else {
            let mut d = at.error(
                node.pos,
                key,
                format!("expected an HTTP status (400-599), found {}", s.describe()),
            );
            if !s.is_plain() && s.text.parse::<u16>().is_ok() {
                d.help = Some(format!("write the status as a number: `{}`", s.text));
            }
            self.push(d);
            return None;
        };
        match digits.parse::<u16>() {
            Ok(status @ 400..=599) => Some(status),
            _ => {
                let help = match digits.parse::<u64>() {
                    Ok(100..=399) => {
                        "1xx, 2xx and 3xx responses are not errors; use a 4xx or 5xx status"
                    }
                    _ => "use a 4xx status for client errors and a 5xx status for server errors",
                };
                self.push(with_help(
                    at.error(
                        node.pos,
                        key,
                        format!("status {digits} is not an error status (400-599)"),
                    ),
                    help,
                ));
                None
            }
        }
    }

    /// Rule: templates (`message`, headers, `retry_after`, `docs_url`) are well formed; a
    /// problem is located at the exact column when the scalar is written on one line.
    fn template(&self, at: At<'_, 's>, key: &str, node: &Node) -> Option<(Template, Pos)> {
        let s = match &node.kind {
            Kind::Scalar(s) if !s.is_null() => s,
            _ => {
                self.push(at.error(
                    node.pos.start(),
                    key,
                    format!("expected a string for `{key}`, found {}", node.describe()),
                ));
                return None;
            }
        };
        match Template::parse(&s.text) {
            Ok(t) => Some((t, node.pos)),
            Err(e) => {
                let pos = inner_pos(at.file, node.pos, s, e.offset, e.len);
                let mut d = at.error(pos, key, e.message);
                d.help = e.help;
                self.push(d);
                None
            }
        }
    }

    /// Visits a mapping's keys; `visit` returns false for a key it does not know, which is
    /// then reported with the closest known key.
    fn map<'n>(
        &self,
        at: At<'_, 's>,
        key: &str,
        node: &'n Node,
        known: &[&str],
        mut visit: impl FnMut(&'n Key, &'n Node) -> bool,
    ) -> bool {
        let Kind::Map(entries) = &node.kind else {
            if key.is_empty() {
                self.push(with_help(
                    at.error(
                        node.pos.start(),
                        key,
                        format!(
                            "expected a mapping at the top of the file, found {}",
                            node.describe()
                        ),
                    ),
                    "a catalog is a mapping with at least `service:` and `errors:`",
                ));
            } else if !node.is_null() {
                self.push(at.error(
                    node.pos.start(),
                    key,
                    format!("expected a mapping for `{key}`, found {}", node.describe()),
                ));
            }
            return false;
        };
        for (k, v) in entries {
            if !visit(k, v) {
                self.unknown_key(at, key, k, known);
            }
        }
        true
    }

    /// Rule: unknown keys are errors, never ignored.
    fn unknown_key(&self, at: At<'_, 's>, container: &str, key: &Key, known: &[&str]) {
        let path = if container.is_empty() {
            key.text.to_string()
        } else {
            format!("{container}.{}", key.text)
        };
        let mut d = at.error(key.pos, &path, format!("unknown key `{}`", key.text));
        d.help = Some(suggest(&key.text, known.iter().copied()));
        if known == ENTRY_KEYS && TOP_KEYS.contains(&&*key.text) {
            d.help = Some(format!(
                "`{}` is a top-level key, not an entry key",
                key.text
            ));
        } else if known == INCLUDED_KEYS && TOP_KEYS.contains(&&*key.text) {
            d.message = format!("`{}` is only allowed in the root catalog", key.text);
            d.help = Some("an included file holds `errors` and `include` only".into());
        }
        self.push(d);
    }

    // ----- the root and its includes ------------------------------------------------------

    fn root(&mut self, file: &Rc<SourceFile<'s>>, mut node: Node) {
        let at = At { file, entry: None };
        let errors = node.take("errors");
        let node = &node;
        let mut service = None;
        let mut format = None;
        let mut formats = None;
        let mut rules = None;
        let is_map = self.map(at, "", node, TOP_KEYS, |k, v| {
            match &*k.text {
                "service" => service = Some((k, v)),
                "description" => {}
                "docs_url" => {}
                "code_style" => {}
                "format" => format = Some((k, v)),
                "formats" => formats = Some(v),
                "status_rules" => rules = Some(v),
                _ => return false,
            }
            true
        });
        if !is_map {
            return;
        }
        let Kind::Map(top) = &node.kind else { return };
        for (k, v) in top {
            match &*k.text {
                "description" => self.description = self.string(at, "description", v),
                "docs_url" => self.docs_url(at, v),
                "code_style" => self.code_style(at, v),
                _ => {}
            }
        }
        match service {
            Some((_, v)) => {
                self.service = self.string(at, "service", v);
                if self.service.is_none() {
                    self.push(at.error(v.pos.start(), "service", "`service` is empty"));
                }
            }
            None => self.push(with_help(
                at.error(node.pos.start(), "", "missing required key `service`"),
                "name the API: `service: Acme Data API`",
            )),
        }
        self.envelopes_of(at, format, formats);
        if let Some(rules) = rules {
            self.status_rules(at, rules);
        }
        match errors {
            Some((k, v)) => {
                self.errors_key = Some(k.pos);
                self.entries_of(file, v);
            }
            None => self.push(with_help(
                at.error(node.pos.start(), "", "missing required key `errors`"),
                "list the entries under `errors:`",
            )),
        }
    }

    fn included(&mut self, file: &Rc<SourceFile<'s>>, mut node: Node) {
        let at = At { file, entry: None };
        let errors = node.take("errors").map(|(_, v)| v);
        // Every other key is the root's (`include` was followed and taken out by the loader).
        self.map(at, "", &node, INCLUDED_KEYS, |_, _| false);
        if let Some(errors) = errors {
            self.entries_of(file, errors);
        }
    }

    /// Rule: `docs_url` is a template whose only placeholder is `{code}`.
    fn docs_url(&mut self, at: At<'_, 's>, node: &Node) {
        let Some((template, pos)) = self.template(at, "docs_url", node) else {
            return;
        };
        for name in template.placeholders() {
            if name != "code" {
                self.push(with_help(
                    at.error(
                        pos,
                        "docs_url",
                        format!("`docs_url` has the placeholder `{{{name}}}`"),
                    ),
                    "`{code}` is the only placeholder a docs URL can use",
                ));
            }
        }
        self.docs_url_source = node.as_scalar().map(|s| s.text.clone());
        self.docs_url = Some(template);
    }

    /// Rule: `code_style` names one of the styles.
    fn code_style(&mut self, at: At<'_, 's>, node: &Node) {
        let Some(name) = self.string(at, "code_style", node) else {
            return;
        };
        match CodeStyle::from_name(&name) {
            Some(style) => self.code_style = style,
            None => self.push(with_help(
                at.error(
                    node.pos,
                    "code_style",
                    format!("unknown code style `{name}`"),
                ),
                suggest(&name, CodeStyle::ALL.iter().map(|s| s.as_str())),
            )),
        }
    }

    /// Envelope 0 is `format` (default `problem`), then every `formats` entry in order.
    fn envelopes_of(
        &mut self,
        at: At<'_, 's>,
        format: Option<(&Key, &Node)>,
        formats: Option<&Node>,
    ) {
        match format {
            Some((_, node)) => self.envelope(at, "format", "format", node),
            None => self.add_preset(envelope::PRESETS[0].name),
        };
        if let Some(formats) = formats {
            let mut named = Vec::new();
            self.map(at, "formats", formats, &[], |k, v| {
                named.push((k, v));
                true
            });
            for (k, v) in named {
                let index = self.envelope(at, &format!("formats.{}", k.text), &k.text, v);
                self.format_names.insert(k.text.to_string(), index);
            }
        }
    }

    /// Rule: an envelope is a preset name or a template. Returns its index.
    fn envelope(&mut self, at: At<'_, 's>, key: &str, name: &str, node: &Node) -> usize {
        if let Some(s) = node.as_scalar() {
            if !s.text.starts_with('$') {
                if envelope::preset(&s.text).is_none() {
                    self.push(with_help(
                        at.error(node.pos, key, format!("unknown format `{}`", s.text)),
                        match closest(&s.text, envelope::preset_names()) {
                            Some(near) => {
                                format!("did you mean `{near}`? (or write the body as a template)")
                            }
                            None => format!(
                                "{}, or a template",
                                suggest(&s.text, envelope::preset_names())
                            ),
                        },
                    ));
                    // Stand in the default so entries can still be checked.
                    return self.add_preset(envelope::PRESETS[0].name);
                }
                return self.add_preset(&s.text);
            }
        }
        let mut uses = Vec::new();
        let body = envelope::parse_body(at.file, node, self.cx, &mut uses);
        self.envelopes.push(Envelope {
            name: name.to_owned(),
            content_type: envelope::JSON.to_owned(),
            body,
        });
        self.envelope_uses
            .push(EnvelopeUse::new(Some((at.file.clone(), uses))));
        self.envelopes.len() - 1
    }

    /// Adds a preset's envelope (once) and returns its index.
    fn add_preset(&mut self, name: &str) -> usize {
        if let Some(i) = self.envelopes.iter().position(|e| e.name == name) {
            return i;
        }
        let envelope = envelope::preset(name).and_then(|p| p.envelope());
        match envelope {
            Some(envelope) => {
                let uses_details = contains_var(&envelope.body, &Var::Details);
                self.envelopes.push(envelope);
                let mut u = EnvelopeUse::new(None);
                u.uses_details = uses_details;
                self.envelope_uses.push(u);
                self.envelopes.len() - 1
            }
            None => 0,
        }
    }

    /// Rule: `status_rules` is a list of `{contains: [...], status: N}` and at most one final
    /// `{default: N}`; a rule after the default could never match.
    fn status_rules(&mut self, at: At<'_, 's>, node: &Node) {
        let Kind::Seq(items) = &node.kind else {
            self.push(at.error(
                node.pos.start(),
                "status_rules",
                format!(
                    "expected a list of rules for `status_rules`, found {}",
                    node.describe()
                ),
            ));
            return;
        };
        let mut default_at: Option<Pos> = None;
        for (i, item) in items.iter().enumerate() {
            let key = format!("status_rules[{i}]");
            let mut contains = None;
            let mut status = None;
            let mut default = None;
            let mut unknown = false;
            self.map(at, &key, item, RULE_KEYS, |k, v| {
                match &*k.text {
                    "contains" => contains = Some(v),
                    "status" => status = Some(v),
                    "default" => default = Some(v),
                    _ => {
                        unknown = true;
                        return false;
                    }
                }
                true
            });
            // An unknown key has been reported; the rule's shape would be a second, vaguer error.
            if unknown || !matches!(item.kind, Kind::Map(_)) {
                continue;
            }
            if let Some(first) = default_at {
                let mut d = at.error(
                    item.pos.start(),
                    &key,
                    "status rule after the `default` rule never applies",
                );
                d.notes
                    .push((at.file.location(first), "the default rule is here".into()));
                d.help = Some("move the `default` rule to the end".into());
                self.push(d);
            }
            match (contains, status, default) {
                (Some(c), Some(s), None) => {
                    let words = self.strings(at, &format!("{key}.contains"), c);
                    if words.iter().any(String::is_empty) || words.is_empty() {
                        self.push(at.error(
                            c.pos.start(),
                            &format!("{key}.contains"),
                            "`contains` needs at least one non-empty word",
                        ));
                    }
                    if let Some(status) = self.status(at, &format!("{key}.status"), s) {
                        self.status_rules.push(StatusRule {
                            contains: Some(words.iter().map(|w| w.to_ascii_lowercase()).collect()),
                            status,
                        });
                    }
                }
                (None, None, Some(d)) => {
                    default_at = Some(item.pos.start());
                    if let Some(status) = self.status(at, &format!("{key}.default"), d) {
                        self.status_rules.push(StatusRule {
                            contains: None,
                            status,
                        });
                    }
                }
                _ => self.push(with_help(
                    at.error(
                        item.pos.start(),
                        &key,
                        "a status rule is `{contains: [...], status: N}` or `{default: N}`",
                    ),
                    "example: `- contains: [not-found]` and `status: 404` on the next line",
                )),
            }
        }
    }

    // ----- entries ------------------------------------------------------------------------

    /// Checks the entries, consuming their raw trees one by one: each is freed as soon as its
    /// model entry exists, so the allocator reuses that memory instead of faulting in fresh
    /// pages (this showed in the load benchmark).
    fn entries_of(&mut self, file: &Rc<SourceFile<'s>>, node: Node) {
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

    fn entry(&mut self, file: &Rc<SourceFile<'s>>, at: At<'_, 's>, node: &Node) {
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

    /// Rule: every entry has a `code`, a string. Returns the code, where its key is, and
    /// whether it is valid (see [`Checker::code_is_valid`]).
    fn entry_code(
        &self,
        at: At<'_, 's>,
        node: &Node,
        code: Option<(&Key, &Node)>,
    ) -> (String, Pos, bool) {
        match code {
            Some((k, v)) => match &v.kind {
                Kind::Scalar(s) if !s.is_null() => {
                    (s.text.clone(), k.pos, self.code_is_valid(at, v, s))
                }
                _ => {
                    self.push(at.error(
                        v.pos.start(),
                        "code",
                        format!("expected a string for `code`, found {}", v.describe()),
                    ));
                    (String::new(), k.pos, false)
                }
            },
            None => {
                self.push(with_help(
                    at.error(node.pos.start(), "", "missing required key `code`"),
                    "every entry needs a unique `code:`",
                ));
                (String::new(), node.pos.start(), false)
            }
        }
    }

    /// Rule: a code is defined once across the catalog and its includes; the duplicate points
    /// at the first definition.
    fn code_is_unique(
        &mut self,
        at: At<'_, 's>,
        code: &str,
        key_pos: Pos,
        written: Option<(&Key, &Node)>,
        index: usize,
    ) -> bool {
        let Some(first) = self
            .codes
            .get(code, |i| self.entries.get(i).map(|e| e.code.as_str()))
        else {
            self.codes.insert(code, index);
            return true;
        };
        let mut d = at.error(
            written.map_or(key_pos, |(_, v)| v.pos),
            "code",
            format!("duplicate code `{code}`"),
        );
        d.notes.push((
            self.entries[first].location.clone(),
            "first defined here".into(),
        ));
        d.help = Some("codes must be unique across the catalog and its includes".into());
        self.push(d);
        false
    }

    /// Rule: the status is written, or the first status rule that matches gives it.
    fn entry_status(
        &self,
        at: At<'_, 's>,
        code: &str,
        code_ok: bool,
        code_key_pos: Pos,
        written: Option<(&Key, &Node)>,
    ) -> Option<u16> {
        if let Some((_, v)) = written {
            return self.status(at, "status", v);
        }
        let status = self.rule_status(code);
        if status.is_none() && code_ok {
            self.push(with_help(
                at.error(
                    code_key_pos,
                    "",
                    format!("`{code}` has no `status` and no status rule gives it one"),
                ),
                "add `status: 4xx` to the entry, or a `status_rules` entry (`- default: 400`)",
            ));
        }
        status
    }

    /// Rule: every entry has a non-empty `message` template.
    fn entry_message(
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

    /// Rule: a message placeholder names a declared field, or becomes an implicit `string`
    /// field, unless it is one edit away from a declared field nothing else uses: a typo of
    /// that field is far likelier than a new field.
    fn message_fields(
        &self,
        at: At<'_, 's>,
        template: &Template,
        node: Option<&Node>,
        fields: &mut FieldSet,
    ) {
        for name in template.placeholders() {
            if fields.mark_used(name) {
                continue;
            }
            let unused_near = closest(name, fields.unused_declared());
            if let Some(near) = unused_near {
                let help = format!("did you mean `{{{near}}}`?");
                self.push(with_help(
                    at.error(
                        placeholder_pos_in(at.file, node, name),
                        "message",
                        format!("placeholder `{{{name}}}` names no declared field"),
                    ),
                    help,
                ));
                continue;
            }
            fields.all.push((
                Field {
                    name: name.to_owned(),
                    ty: FieldType::String,
                    doc: None,
                    optional: false,
                },
                Pos::default(),
            ));
        }
    }

    /// Rule: header and `retry_after` placeholders name a declared field or a message
    /// placeholder; they never create fields.
    fn placeholders_name_fields(
        &self,
        at: At<'_, 's>,
        code: &str,
        key: &str,
        template: &Template,
        node: &Node,
        fields: &mut FieldSet,
    ) {
        for name in template.placeholders() {
            if fields.mark_used(name) {
                continue;
            }
            let help = match closest(name, fields.all.iter().map(|f| f.0.name.as_str())) {
                Some(near) => format!("did you mean `{{{near}}}`?"),
                None => format!("declare `{name}` under `fields:` or use it in the message"),
            };
            self.push(with_help(
                at.error(
                    placeholder_pos_in(at.file, Some(node), name),
                    key,
                    format!("placeholder `{{{name}}}` names no field of `{code}`"),
                ),
                help,
            ));
        }
    }

    /// Rule: `Retry-After` comes from `retry_after` alone, never also from `headers`.
    fn retry_after_not_in_headers(&self, at: At<'_, 's>, key: &Key, headers: &[Header]) {
        if headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("retry-after"))
        {
            self.push(with_help(
                at.error(
                    key.pos,
                    "retry_after",
                    "`Retry-After` is set both by `retry_after` and in `headers`",
                ),
                "keep `retry_after` and remove the header",
            ));
        }
    }

    /// Counts, for the entry's envelope, which `$name` variables the entry lacks (reported
    /// once per variable in [`Checker::report_envelope_vars`]), and marks the fields the
    /// envelope reads as used.
    fn tally_envelope_vars(&mut self, envelope: usize, index: usize, fields: &mut FieldSet) {
        let Some(u) = self.envelope_uses.get_mut(envelope) else {
            return;
        };
        u.users += 1;
        for (i, name) in u.field_vars.iter().enumerate() {
            if !fields.mark_used(name) {
                let m = &mut u.missing[i];
                m.0 += 1;
                m.1.get_or_insert(index);
            }
        }
        if u.uses_details {
            fields.used.iter_mut().for_each(|u| *u = true);
        }
    }

    /// Rule (warning): a declared field that nothing uses is probably a leftover or a typo.
    fn unused_fields(&self, at: At<'_, 's>, fields: &FieldSet) {
        for (i, (field, pos)) in fields.all[..fields.declared].iter().enumerate() {
            // An invalid name has its own error; calling it unused too would be noise.
            if !fields.used[i] && names::field_name_problem(&field.name).is_none() {
                self.push(with_help(
                    at.warning(
                        *pos,
                        &format!("fields.{}", field.name),
                        format!(
                            "field `{}` is not used by the message, headers, retry_after or the envelope",
                            field.name
                        ),
                    ),
                    format!("use `{{{}}}` in the message, or remove the field", field.name),
                ));
            }
        }
    }

    /// Rule: a code is a non-empty string without control characters, in the catalog's style.
    fn code_is_valid(&self, at: At<'_, 's>, node: &Node, s: &Scalar) -> bool {
        let code = s.text.as_str();
        if code.is_empty() || code.chars().any(char::is_control) {
            self.push(at.error(
                node.pos,
                "code",
                "a code must be non-empty and have no control characters",
            ));
            return false;
        }
        if !matches_style(self.code_style, code) {
            self.push(with_help(
                at.error(
                    node.pos,
                    "code",
                    format!(
                        "code `{code}` does not match `code_style: {}`",
                        self.code_style.as_str()
                    ),
                ),
                format!(
                    "a {} code looks like `{}`",
                    self.code_style.as_str(),
                    style_example(self.code_style)
                ),
            ));
            return false;
        }
        true
    }

    /// Rule: the variant name is a valid Rust identifier, not a keyword, and unique.
    fn rust_name(
        &mut self,
        at: At<'_, 's>,
        code: &str,
        code_ok: bool,
        written: Option<(&Key, &Node)>,
        code_pos: Option<Pos>,
        index: usize,
    ) -> String {
        let (name, pos, key) = match written {
            Some((_, v)) => match self.string(at, "rust_name", v) {
                Some(name) => (name, v.pos, "rust_name"),
                None => return String::new(),
            },
            None if code_ok => (
                names::variant_name(code),
                code_pos.unwrap_or_default(),
                "code",
            ),
            None => return String::new(),
        };
        if let Some(problem) = names::variant_name_problem(&name) {
            let message = if key == "code" {
                format!("code `{code}` gives the Rust name `{name}`, which is invalid: {problem}")
            } else {
                format!("invalid `rust_name`: {problem}")
            };
            self.push(with_help(
                at.error(pos, key, message),
                "set `rust_name:` to an UpperCamelCase identifier such as `TableNotFound`",
            ));
            return name;
        }
        match self
            .rust_names
            .get(&name, |i| self.entries.get(i).map(|e| e.rust_name.as_str()))
        {
            Some(first) => {
                let first = &self.entries[first];
                let mut d = at.error(
                    pos,
                    key,
                    format!(
                        "`{code}` and `{}` both have the Rust name `{name}`",
                        first.code
                    ),
                );
                d.notes.push((
                    first.location.clone(),
                    format!("`{}` is defined here", first.code),
                ));
                d.help = Some("set `rust_name:` on one of them".into());
                self.push(d);
            }
            None => {
                self.rust_names.insert(&name, index);
            }
        }
        name
    }

    fn rule_status(&self, code: &str) -> Option<u16> {
        let lower = code.to_ascii_lowercase();
        self.status_rules
            .iter()
            .find(|rule| match &rule.contains {
                Some(words) => words.iter().any(|w| lower.contains(w.as_str())),
                None => true,
            })
            .map(|rule| rule.status)
    }

    /// Rule: fields are `name: {type, doc, optional}` (or `name: type`), names valid, types known.
    fn fields(&self, at: At<'_, 's>, node: &Node) -> Vec<(Field, Pos)> {
        let mut out = Vec::new();
        self.map(at, "fields", node, &[], |k, v| {
            // Key paths are formatted only when something is reported: this runs for every
            // field of every entry.
            let key = || format!("fields.{}", k.text);
            let sub = |name: &str| format!("fields.{}.{name}", k.text);
            if let Some(problem) = names::field_name_problem(&k.text) {
                self.push(at.error(k.pos, &key(), problem));
            }
            let mut field = Field {
                name: k.text.to_string(),
                ty: FieldType::String,
                doc: None,
                optional: false,
            };
            match &v.kind {
                Kind::Scalar(s) if s.is_null() => {}
                Kind::Scalar(_) => {
                    if let Some(ty) = self.field_type(at, key, v) {
                        field.ty = ty;
                    }
                }
                Kind::Map(entries) => {
                    for (fk, fv) in entries {
                        match &*fk.text {
                            "type" => {
                                if let Some(ty) = self.field_type(at, || sub("type"), fv) {
                                    field.ty = ty;
                                }
                            }
                            "doc" => {
                                field.doc = match fv.as_scalar() {
                                    Some(s) if !s.is_null() => Some(s.text.clone()),
                                    _ => self.string(at, &sub("doc"), fv),
                                }
                            }
                            "optional" => {
                                field.optional = match fv.as_scalar().and_then(Scalar::as_bool) {
                                    Some(b) => b,
                                    None => self.bool(at, &sub("optional"), fv).unwrap_or(false),
                                }
                            }
                            _ => self.unknown_key(at, &key(), fk, FIELD_KEYS),
                        }
                    }
                }
                Kind::Seq(_) => self.push(with_help(
                    at.error(
                        v.pos.start(),
                        &key(),
                        format!(
                            "expected a field type or a mapping for `{}`, found a list",
                            k.text
                        ),
                    ),
                    "write `name: u32` or `name: { type: u32, doc: ..., optional: true }`",
                )),
            }
            out.push((field, k.pos));
            true
        });
        out
    }

    /// Rule: a field type is one of the known types.
    fn field_type(
        &self,
        at: At<'_, 's>,
        key: impl Fn() -> String,
        node: &Node,
    ) -> Option<FieldType> {
        if let Some(ty) = node.as_scalar().and_then(|s| FieldType::from_name(&s.text)) {
            return Some(ty);
        }
        let key = key();
        let name = self.string(at, &key, node)?;
        let ty = FieldType::from_name(&name);
        if ty.is_none() {
            self.push(with_help(
                at.error(node.pos, &key, format!("unknown field type `{name}`")),
                suggest(&name, FieldType::ALL.iter().map(|t| t.as_str())),
            ));
        }
        ty
    }

    /// Rule: header names are RFC 7230 tokens, unique ignoring case; values are templates.
    fn headers<'n>(
        &self,
        at: At<'_, 's>,
        node: &'n Node,
        out: &mut Vec<Header>,
        nodes: &mut Vec<&'n Node>,
    ) {
        let mut seen: Vec<(String, Pos)> = Vec::new();
        self.map(at, "headers", node, &[], |k, v| {
            let key = format!("headers.{}", k.text);
            if k.text.is_empty() || !k.text.bytes().all(is_token_byte) {
                self.push(with_help(
                    at.error(
                        k.pos,
                        &key,
                        format!("`{}` is not a valid header name", k.text),
                    ),
                    "header names are letters, digits and !#$%&'*+-.^_`|~ (RFC 7230 token)",
                ));
            }
            let lower = k.text.to_ascii_lowercase();
            if let Some((_, first)) = seen.iter().find(|(l, _)| *l == lower) {
                let mut d = at.error(k.pos, &key, format!("header `{}` is set twice", k.text));
                d.notes
                    .push((at.file.location(*first), "first set here".into()));
                self.push(d);
            } else {
                seen.push((lower, k.pos));
            }
            if let Some((value, _)) = self.template(at, &key, v) {
                out.push(Header {
                    name: k.text.to_string(),
                    value,
                });
                nodes.push(v);
            }
            true
        });
    }

    /// Rule: `retry_after` is a whole number of seconds, or a template over integer fields.
    fn retry_after(
        &self,
        at: At<'_, 's>,
        node: &Node,
        fields: &[(Field, Pos)],
    ) -> Option<Template> {
        let Some(s) = node.as_scalar() else {
            // Reports "expected a string, found a list/mapping".
            self.template(at, "retry_after", node);
            return None;
        };
        if let Some(digits) = s.as_int_text() {
            if digits.starts_with('-') {
                self.push(at.error(
                    node.pos,
                    "retry_after",
                    "`retry_after` must not be negative",
                ));
                return None;
            }
            let digits = digits.trim_start_matches('+');
            if digits.parse::<u32>().is_err() {
                self.push(with_help(
                    at.error(
                        node.pos,
                        "retry_after",
                        format!("`retry_after: {digits}` is too large"),
                    ),
                    "Retry-After is in seconds, at most 4294967295",
                ));
                return None;
            }
            return Some(Template::literal(digits));
        }
        let (template, _) = self.template(at, "retry_after", node)?;
        let mut ok = true;
        for segment in &template.segments {
            match segment {
                Segment::Literal(text) if !text.bytes().all(|b| b.is_ascii_digit()) => {
                    ok = false;
                    self.push(with_help(
                        at.error(node.pos, "retry_after", format!("`retry_after` must be a number of seconds, found `{}`", s.text)),
                        "write a number (`retry_after: 60`) or a placeholder of an integer field (`\"{retry_after}\"`)",
                    ));
                    break;
                }
                Segment::Placeholder(name) => {
                    if let Some((field, _)) = fields.iter().find(|(f, _)| f.name == *name) {
                        let integer =
                            matches!(field.ty, FieldType::U32 | FieldType::U64 | FieldType::I64);
                        if !integer {
                            ok = false;
                            self.push(with_help(
                                at.error(
                                    placeholder_pos(at.file, node.pos, s, name),
                                    "retry_after",
                                    format!(
                                        "`retry_after` uses `{{{name}}}`, a `{}` field",
                                        field.ty.as_str()
                                    ),
                                ),
                                format!("declare `{name}` with `type: u32` (whole seconds)"),
                            ));
                        }
                    }
                }
                Segment::Literal(_) => {}
            }
        }
        ok.then_some(template)
    }

    /// Rule: `grpc` is a canonical gRPC code name.
    fn grpc(&self, at: At<'_, 's>, node: &Node) -> Option<GrpcCode> {
        let name = self.string(at, "grpc", node)?;
        let code = GrpcCode::from_name(&name);
        if code.is_none() {
            self.push(with_help(
                at.error(node.pos, "grpc", format!("unknown gRPC code `{name}`")),
                suggest(&name, GrpcCode::ALL.iter().map(|g| g.as_str())),
            ));
        }
        code
    }

    /// Rule: an entry's `format` names a `formats` template or a preset.
    fn entry_format(&mut self, at: At<'_, 's>, node: &Node) -> usize {
        let Some(name) = self.string(at, "format", node) else {
            return 0;
        };
        if let Some(&i) = self.format_names.get(&name) {
            return i;
        }
        if envelope::preset(&name).is_some() {
            let i = self.add_preset(&name);
            self.format_names.insert(name, i);
            return i;
        }
        let candidates: Vec<&str> = self
            .format_names
            .keys()
            .map(String::as_str)
            .chain(envelope::PRESETS.iter().map(|p| p.name))
            .collect();
        self.push(with_help(
            at.error(node.pos, "format", format!("unknown format `{name}`")),
            suggest(&name, candidates.iter().copied()),
        ));
        0
    }

    /// Rule: `example` gives values to the entry's fields, each of the field's type. Fields
    /// without one get a value made from the field's type and name.
    fn example(
        &self,
        at: At<'_, 's>,
        node: Option<&Node>,
        fields: &[Field],
    ) -> Vec<(String, Value)> {
        let mut given: Vec<(&str, Value)> = Vec::new();
        if let Some(node) = node {
            self.map(at, "example", node, &[], |k, v| {
                let key = format!("example.{}", k.text);
                match fields.iter().find(|f| f.name == k.text) {
                    None => self.push(with_help(
                        at.error(
                            k.pos,
                            &key,
                            format!("`example` names `{}`, which is not a field", k.text),
                        ),
                        suggest(&k.text, fields.iter().map(|f| f.name.as_str())),
                    )),
                    Some(field) => {
                        if let Some(value) = self.example_value(at, &key, v, field) {
                            given.push((field.name.as_str(), value));
                        }
                    }
                }
                true
            });
        }
        fields
            .iter()
            .map(|f| {
                let value = given
                    .iter()
                    .position(|(n, _)| *n == f.name)
                    .map(|i| given.swap_remove(i).1)
                    .unwrap_or_else(|| placeholder_value(f));
                (f.name.clone(), value)
            })
            .collect()
    }

    fn example_value(
        &self,
        at: At<'_, 's>,
        key: &str,
        node: &Node,
        field: &Field,
    ) -> Option<Value> {
        let mismatch = || {
            let mut d = at.error(
                node.pos.start(),
                key,
                format!(
                    "example value for `{}` is {}, but the field is `{}`",
                    field.name,
                    node.describe(),
                    field.ty.as_str()
                ),
            );
            d.help = Some(
                match field.ty {
                    FieldType::String => "write any text",
                    FieldType::I64 => "an `i64` is a whole number from -9223372036854775808 to 9223372036854775807",
                    FieldType::U32 => "a `u32` is a whole number from 0 to 4294967295",
                    FieldType::U64 => "a `u64` is a whole number from 0 to 18446744073709551615",
                    FieldType::F64 => "an `f64` is a number such as `1.5`",
                    FieldType::Bool => "write `true` or `false`",
                    FieldType::ListString => "write a list of strings: `[a, b]`",
                }
                .into(),
            );
            self.push(d);
            None
        };
        if node.is_null() {
            if field.optional {
                return Some(Value::Null);
            }
            return mismatch();
        }
        match field.ty {
            FieldType::ListString => match &node.kind {
                Kind::Seq(items) => {
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        match item.as_scalar() {
                            Some(s) if !s.is_null() => out.push(Value::String(s.text.clone())),
                            _ => return mismatch(),
                        }
                    }
                    Some(Value::Array(out))
                }
                _ => mismatch(),
            },
            ty => {
                let Some(s) = node.as_scalar() else {
                    return mismatch();
                };
                let ok = match ty {
                    FieldType::String => return Some(Value::String(s.text.clone())),
                    FieldType::Bool => return s.as_bool().map(Value::Bool).or_else(mismatch),
                    FieldType::I64 => s.as_int_text().is_some_and(|t| t.parse::<i64>().is_ok()),
                    FieldType::U32 => s.as_int_text().is_some_and(|t| t.parse::<u32>().is_ok()),
                    FieldType::U64 => s.as_int_text().is_some_and(|t| t.parse::<u64>().is_ok()),
                    FieldType::F64 => s.as_json_number().is_some(),
                    FieldType::ListString => false,
                };
                if ok {
                    Some(Value::Number(s.text.trim_start_matches('+').to_owned()))
                } else {
                    mismatch()
                }
            }
        }
    }

    // ----- after every entry --------------------------------------------------------------

    fn finish(mut self) -> Option<Catalog> {
        self.resolve_exposes();
        self.report_envelope_vars();
        if self.entries.is_empty() && !self.cx.has_errors() {
            let root = &self.files[0];
            let pos = self.errors_key.unwrap_or_default();
            self.push(with_help(
                root.error(pos, "errors", "empty catalog: no errors are defined"),
                "add at least one entry under `errors:`",
            ));
        }
        if self.cx.has_errors() {
            return None;
        }
        Some(Catalog {
            service: self.service?,
            description: self.description,
            docs_url: self.docs_url_source,
            code_style: self.code_style,
            envelopes: self.envelopes,
            entries: self.entries,
            files: self.files.iter().map(|f| f.path.to_path_buf()).collect(),
            warnings: Vec::new(),
        })
    }

    /// Rule: `expose_as` names another entry's code, which is not itself exposed as another.
    fn resolve_exposes(&mut self) {
        for r in std::mem::take(&mut self.exposes) {
            let target = self
                .codes
                .get(&r.target, |i| self.entries.get(i).map(|e| e.code.as_str()));
            match target {
                Some(target) if target == r.entry => {
                    self.push(
                        r.file
                            .error(r.pos, &r.key, "an entry cannot be exposed as itself"),
                    );
                }
                Some(target) => self.entries[r.entry].expose_as = Some(target),
                None => {
                    let mut d = r.file.error(
                        r.pos,
                        &r.key,
                        format!(
                            "`expose_as` names `{}`, which is not a code in the catalog",
                            r.target
                        ),
                    );
                    if let Some(near) =
                        closest(&r.target, self.entries.iter().map(|e| e.code.as_str()))
                    {
                        d.help = Some(format!("did you mean `{near}`?"));
                    }
                    self.push(d);
                }
            }
        }
        for i in 0..self.entries.len() {
            if let Some(target) = self.entries[i].expose_as {
                if let Some(next) = self.entries[target].expose_as {
                    let entry = &self.entries[i];
                    let mut d = Diagnostic {
                        severity: Severity::Error,
                        location: entry.location.clone(),
                        key: String::new(),
                        message: format!(
                            "`{}` is exposed as `{}`, which is itself exposed as `{}`",
                            entry.code, self.entries[target].code, self.entries[next].code
                        ),
                        source_line: None,
                        notes: Vec::new(),
                        help: Some(format!(
                            "expose `{}` as `{}` directly",
                            entry.code, self.entries[next].code
                        )),
                    };
                    d.source_line = self
                        .files
                        .iter()
                        .find(|f| f.path == entry.location.file)
                        .and_then(|f| f.line(entry.location.line).map(str::to_owned));
                    self.push(d);
                }
            }
        }
    }

    /// Rule: a required `$name` that is not built in must be a field of every entry using the
    /// envelope; an optional one must be a field of at least one (else it is likely a typo).
    fn report_envelope_vars(&self) {
        for u in &self.envelope_uses {
            let Some((file, uses)) = &u.source else {
                continue;
            };
            if u.users == 0 {
                continue;
            }
            let field_uses = uses.iter().filter(|v| matches!(v.var, Var::EntryField(_)));
            for (i, var_use) in field_uses.enumerate() {
                let name = var_use.var.name();
                let Some(&(missing, first)) = u.missing.get(i) else {
                    continue;
                };
                let near_builtin = closest(name, Var::BUILTIN);
                let message = if var_use.optional && missing < u.users {
                    continue;
                } else if var_use.optional {
                    format!("`${name}?` is not a built-in variable and no entry using this format has a field `{name}`")
                } else if missing == 0 {
                    continue;
                } else {
                    let code = first.map_or("", |f| self.entries[f].code.as_str());
                    let others = match missing - 1 {
                        0 => String::new(),
                        1 => " (and 1 other entry using this format)".to_owned(),
                        n => format!(" (and {n} other entries using this format)"),
                    };
                    format!("`${name}` is not a built-in variable and `{code}` has no field `{name}`{others}")
                };
                let mut d = file.error(var_use.pos, "", message);
                d.help = Some(match near_builtin {
                    Some(near) => format!("did you mean `${near}`?"),
                    None if var_use.optional => format!("declare `{name}` under `fields:` of the entries that carry it"),
                    None => format!(
                        "declare `{name}` under `fields:` of every entry using this format, or write `${name}?` to leave the member out when absent"
                    ),
                });
                if let Some(first) = first.filter(|_| !var_use.optional) {
                    d.notes.push((
                        self.entries[first].location.clone(),
                        "entry without the field".into(),
                    ));
                }
                self.push(d);
            }
        }
    }
}

impl<'s> EnvelopeUse<'s> {
    fn new(source: Option<(Rc<SourceFile<'s>>, Vec<VarUse>)>) -> EnvelopeUse<'s> {
        let mut field_vars = Vec::new();
        let mut uses_details = false;
        if let Some((_, uses)) = &source {
            for u in uses {
                match &u.var {
                    Var::EntryField(name) => field_vars.push(name.clone()),
                    Var::Details => uses_details = true,
                    _ => {}
                }
            }
        }
        let missing = vec![(0, None); field_vars.len()];
        EnvelopeUse {
            source,
            uses_details,
            field_vars,
            missing,
            users: 0,
        }
    }
}

/// An entry's fields while it is checked: declared ones first (with where they are
/// declared), then implicit ones from message placeholders; `used` covers the declared ones.
struct FieldSet {
    all: Vec<(Field, Pos)>,
    declared: usize,
    used: Vec<bool>,
}

impl FieldSet {
    fn new(declared: Vec<(Field, Pos)>) -> FieldSet {
        let n = declared.len();
        FieldSet {
            all: declared,
            declared: n,
            used: vec![false; n],
        }
    }

    /// Marks `name` used; false when the entry has no such field.
    fn mark_used(&mut self, name: &str) -> bool {
        match self.all.iter().position(|f| f.0.name == name) {
            Some(i) => {
                if i < self.declared {
                    self.used[i] = true;
                }
                true
            }
            None => false,
        }
    }

    fn unused_declared(&self) -> impl Iterator<Item = &str> + Clone {
        self.all[..self.declared]
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|(f, _)| f.0.name.as_str())
    }
}

/// An entry's keys as written, before their values are checked.
#[derive(Default)]
struct RawEntry<'n> {
    code: Option<(&'n Key, &'n Node)>,
    status: Option<(&'n Key, &'n Node)>,
    message: Option<(&'n Key, &'n Node)>,
    title: Option<(&'n Key, &'n Node)>,
    cause: Option<(&'n Key, &'n Node)>,
    solution: Option<(&'n Key, &'n Node)>,
    category: Option<(&'n Key, &'n Node)>,
    fields: Option<(&'n Key, &'n Node)>,
    retryable: Option<(&'n Key, &'n Node)>,
    retry_after: Option<(&'n Key, &'n Node)>,
    headers: Option<(&'n Key, &'n Node)>,
    expose_as: Option<(&'n Key, &'n Node)>,
    internal: Option<(&'n Key, &'n Node)>,
    deprecated: Option<(&'n Key, &'n Node)>,
    since: Option<(&'n Key, &'n Node)>,
    grpc: Option<(&'n Key, &'n Node)>,
    example: Option<(&'n Key, &'n Node)>,
    rust_name: Option<(&'n Key, &'n Node)>,
    format: Option<(&'n Key, &'n Node)>,
}

fn contains_var(node: &model::Node, var: &Var) -> bool {
    match node {
        model::Node::Object(members) => members.iter().any(|m| contains_var(&m.value, var)),
        model::Node::Array(items) => items.iter().any(|n| contains_var(n, var)),
        model::Node::Var(v) => v == var,
        model::Node::Literal(_) => false,
    }
}

fn default_title(status: u16) -> String {
    model::reason_phrase(status)
        .unwrap_or(if status < 500 {
            "Client Error"
        } else {
            "Server Error"
        })
        .to_owned()
}

/// A placeholder value for a field without an example, from its type and name.
fn placeholder_value(field: &Field) -> Value {
    match field.ty {
        FieldType::String => Value::String(field.name.clone()),
        FieldType::I64 | FieldType::U32 | FieldType::U64 => Value::Number("42".into()),
        FieldType::F64 => Value::Number("1.5".into()),
        FieldType::Bool => Value::Bool(true),
        FieldType::ListString => Value::Array(vec![Value::String(field.name.clone())]),
    }
}

/// RFC 7230 `tchar`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_lower_word(w: &str, extra: u8) -> bool {
    w.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && w.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == extra)
}

fn is_kebab(s: &str) -> bool {
    is_lower_word(s, b'-') && !s.ends_with('-') && !s.contains("--")
}

/// Rule: a code has the shape of `code_style`.
fn matches_style(style: CodeStyle, code: &str) -> bool {
    match style {
        CodeStyle::ScreamingSnakeCase => {
            code.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
                && code
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
                && !code.ends_with('_')
                && !code.contains("__")
        }
        CodeStyle::DomainKebabCase => {
            let mut parts = code.split('/');
            parts.clone().count() >= 2 && parts.all(is_kebab)
        }
        CodeStyle::KebabCase => is_kebab(code),
        CodeStyle::DottedLower => {
            let mut parts = code.split('.');
            parts.clone().count() >= 2 && parts.all(|p| is_lower_word(p, b'_'))
        }
        CodeStyle::Any => true,
    }
}

fn style_example(style: CodeStyle) -> &'static str {
    match style {
        CodeStyle::ScreamingSnakeCase => "VALIDATION_ERROR",
        CodeStyle::DomainKebabCase => "auth/invalid-credentials",
        CodeStyle::KebabCase => "invalid-credentials",
        CodeStyle::DottedLower => "auth.invalid_credentials",
        CodeStyle::Any => "any-code",
    }
}

/// The position of `len` bytes at byte `offset` inside a scalar. Exact when the scalar is on
/// one line and its text appears verbatim in the source (no escapes or folding); otherwise the
/// scalar's start, which is still the right line.
fn inner_pos(file: &SourceFile<'_>, pos: Pos, s: &Scalar, offset: usize, len: usize) -> Pos {
    use saphyr_parser::ScalarStyle;
    let quote = match s.style {
        ScalarStyle::Plain => 0,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => 1,
        ScalarStyle::Literal | ScalarStyle::Folded => return pos.start(),
    };
    let verbatim = pos.line == pos.end_line
        && file.line(pos.line).is_some_and(|line| {
            line.chars()
                .skip((pos.col as usize).saturating_sub(1) + quote)
                .collect::<String>()
                .starts_with(s.text.as_str())
        });
    if !verbatim {
        return pos.start();
    }
    let before = s.text.get(..offset).map_or(0, |t| t.chars().count()) as u32;
    let width = s
        .text
        .get(offset..(offset + len).min(s.text.len()))
        .map_or(1, |t| t.chars().count()) as u32;
    pos.shifted(before + quote as u32, width.max(1))
}

/// The position of `{name}` in a template's node, or the node's position, or none.
fn placeholder_pos_in(file: &SourceFile<'_>, node: Option<&Node>, name: &str) -> Pos {
    node.map_or(Pos::default(), |n| {
        n.as_scalar()
            .map_or(n.pos, |s| placeholder_pos(file, n.pos, s, name))
    })
}

/// The position of the first `{name}` in a scalar (see [`inner_pos`]).
fn placeholder_pos(file: &SourceFile<'_>, pos: Pos, s: &Scalar, name: &str) -> Pos {
    let needle = format!("{{{name}}}");
    // Skip `{{name}}`, an escaped literal, by looking for a match not preceded by `{`.
    let offset = s
        .text
        .match_indices(&needle)
        .find(|(i, _)| *i == 0 || s.text.as_bytes()[i - 1] != b'{')
        .map(|(i, _)| i);
    match offset {
        Some(offset) => inner_pos(file, pos, s, offset, needle.len()),
        None => pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_index_confirms_hits_and_survives_collisions() {
        let mut index = NameIndex::default();
        let names = ["x", "y"];
        index.insert("x", 0);
        assert_eq!(index.get("x", |i| names.get(i).copied()), Some(0));
        assert_eq!(index.get("z", |i| names.get(i).copied()), None);
        // Pretend entry 1's string hashes like entry 0's: it lands in `collided`.
        index.collided.push(1);
        let strings = ["other", "x"];
        assert_eq!(index.get("x", |i| strings.get(i).copied()), Some(1));
    }

    #[test]
    fn code_styles() {
        use CodeStyle::*;
        for (style, code, ok) in [
            (ScreamingSnakeCase, "VALIDATION_ERROR", true),
            (ScreamingSnakeCase, "E42", true),
            (ScreamingSnakeCase, "Validation_Error", false),
            (ScreamingSnakeCase, "A__B", false),
            (DomainKebabCase, "auth/invalid-credentials", true),
            (DomainKebabCase, "auth/v2/token", true),
            (DomainKebabCase, "invalid-credentials", false),
            (DomainKebabCase, "auth/", false),
            (DomainKebabCase, "Auth/x", false),
            (KebabCase, "not-found", true),
            (KebabCase, "not--found", false),
            (KebabCase, "not_found", false),
            (DottedLower, "auth.invalid_credentials", true),
            (DottedLower, "auth", false),
            (DottedLower, "auth..x", false),
            (Any, "whatever 42", true),
        ] {
            assert_eq!(matches_style(style, code), ok, "{style:?} {code}");
            assert!(matches_style(style, style_example(style)));
        }
    }
}
