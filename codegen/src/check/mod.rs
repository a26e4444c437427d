//! The rules: a loaded catalog (the root file and its includes) into one validated
//! [`Catalog`].
//!
//! Every problem goes into the [`Ctxt`]; nothing returns at the first one, so a user sees every
//! mistake of a run at once. The checker reads only the trees the loading stage gives it and
//! never touches the filesystem. Everything is one pass over the entries plus hash-map
//! lookups: the "did you mean" searches run only when something is already wrong.
//!
//! This file is the table of contents: [`Checker::root`], [`Checker::included`],
//! [`Checker::entry`] and [`Checker::finish`] name every rule in the order it runs (which is
//! the order its problems are reported in), each with one line saying the rule; the files
//! below hold them, one concern each.

// Reading values.
mod mapping; // mappings with known keys; unknown keys reported
mod position; // where in a scalar a placeholder or a template problem is
mod report; // the file and key path of a diagnostic, help, "did you mean"
mod scalars; // text, lists of text, booleans, statuses, templates

// The root, its settings and its envelopes.
mod code_style; // `code_style` and the shape of each style
mod edges; // `edges`: the code each framework edge answers with, resolved in `finish`
mod envelope_vars; // `$name` variables of envelopes, tallied per entry, reported once
mod formats; // `format`, `formats`, an entry's `format`
mod root; // root keys, `service`, `docs_url`, `errors`
mod status_rules; // `status_rules`, and an entry's status from them

// Included catalogs.
mod include_subset; // an include's `only` / `except`, and the entries it takes
mod included; // an included catalog's own keys: its origin, its style and status rules
mod overrides; // an include's `overrides` of included entries' keys

// An entry.
mod code; // its code and Rust name
mod defaults; // its plain keys, and the spec's defaults for those left out
mod entry; // its keys dispatched into a raw entry, its message, the model entry
mod example; // `example`
mod expose; // `expose_as`, resolved once every entry is known
mod fields; // declared and implicit fields, and the placeholders that must name them
mod headers; // `headers`
mod name_index; // codes and Rust names looked up without copies
mod retired; // `retired` codes, never an entry's code again
mod retry_after; // `retry_after`

use std::rc::Rc;

use crate::diag::{Ctxt, Diagnostic};
use crate::load::{embedded, IncludedBy, Node, Pos, SourceFile, Sources, Step};
use errcat_contract::edge::Edge;

use crate::model::{Catalog, CodeStyle, Entry, EntryId, Envelope, Origin, OriginId, Template};

use edges::EdgeRef;
use entry::Checked;
use envelope_vars::EnvelopeUse;
use expose::ExposeRef;
use included::Scope;
use name_index::{NameIndex, Names};
use report::At;
use retired::RetiredCodes;
use status_rules::StatusRule;

/// Checks a loaded catalog: the root's rules, then each included file's, with the problems met
/// while loading reported at their place; then the rules across all entries.
pub(crate) fn catalog<'s>(sources: Sources<'s>, cx: &Ctxt) -> Option<Catalog> {
    let Sources { files, root, steps } = sources;
    let root_file = files.first()?.clone();
    let mut checker = Checker::new(cx, files);
    checker.root(&root_file, root);
    for step in steps {
        match step {
            Step::Check(file, node, by) => checker.included(&file, node, by),
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

/// What the rules know across files and entries.
struct Checker<'cx, 's> {
    cx: &'cx Ctxt,
    /// Every file read, root first.
    files: Vec<Rc<SourceFile<'s>>>,
    service: Option<String>,
    description: Option<String>,
    /// `docs_url` parsed, for each entry's URL; `docs_url_source` as written, for the model.
    docs_url: Option<Template>,
    docs_url_source: Option<String>,
    code_style: CodeStyle,
    status_rules: Vec<StatusRule>,
    envelopes: Vec<Envelope>,
    /// Per envelope: what its variables need of the entries using it.
    envelope_uses: Vec<EnvelopeUse<'s>>,
    /// `formats` names (and presets selected by name) -> envelope index.
    format_names: Names,
    entries: Vec<Entry>,
    /// Entry indices by code and by Rust name, for duplicates and `expose_as`.
    codes: NameIndex,
    rust_names: NameIndex,
    /// `expose_as` references, resolved once every entry is known.
    exposes: Vec<ExposeRef<'s>>,
    /// Where the root's `errors:` key is, for "the catalog defines no errors".
    errors_key: Option<Pos>,
    /// `retired` codes, read before any entry.
    retired: RetiredCodes,
    /// The included catalogs with their own `service`, in include order (the root's origin
    /// is put first in `finish`).
    origins: Vec<Origin>,
    /// The origin of the entries being checked.
    origin: OriginId,
    /// Per file checked, root first: its origin, style and status rules, which a file it
    /// includes inherits when it does not set its own.
    scopes: Vec<Scope<'s>>,
    /// `edges:` items of the root and the included files, resolved in `finish`.
    edge_refs: Vec<EdgeRef<'s>>,
    /// The resolved edges, in `Edge` order.
    edges: Vec<(Edge, EntryId)>,
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
            retired: RetiredCodes::default(),
            origins: Vec::new(),
            origin: OriginId::ROOT,
            scopes: Vec::new(),
            edge_refs: Vec::new(),
            edges: Vec::new(),
        }
    }

    fn push(&self, d: Diagnostic) {
        self.cx.push(d);
    }

    /// The root file's rules, in the order they run.
    fn root(&mut self, file: &Rc<SourceFile<'s>>, mut node: Node) {
        let at = At::top(file);
        let errors = node.take("errors");
        let retired = node.take("retired");
        // The root is a mapping of root keys; unknown keys are errors.
        let Some(keys) = self.root_keys(at, &node) else {
            return;
        };
        // `description` is text; `docs_url` a template over `{code}`; `code_style` a style.
        self.root_settings(at, &node);
        // `service` is written and not empty.
        self.service(at, &node, keys.service);
        // Envelope 0 is `format` (default `problem`), then each of `formats` in order.
        self.envelopes_of(at, keys.format, keys.formats);
        // `status_rules` are `{contains, status}` rules and a final `{default}`.
        if let Some(rules) = keys.status_rules {
            self.status_rules(at, rules);
        }
        // `retired` lists codes no longer in use, each once (read before any entry).
        if let Some((_, retired)) = &retired {
            self.retired(at, retired);
        }
        // `edges` maps framework edges to codes (resolved in `finish`).
        if let Some(edges) = keys.edges {
            self.edges_of(at, edges, true);
        }
        // (What the files it includes inherit: its style and status rules.)
        self.root_scope(file);
        // `errors` is written, a list of entries; each is checked by `entry` below.
        self.root_errors(file, &node, errors);
    }

    /// An included catalog's rules: its own keys, then the entries its include takes.
    fn included(&mut self, file: &Rc<SourceFile<'s>>, mut node: Node, by: IncludedBy<'s>) {
        let at = At::top(file);
        let errors = node.take("errors").map(|(_, v)| v);
        // It is a mapping of catalog keys: its `service` names the origin of its codes, its
        // `code_style` and `status_rules` check its own entries (else it inherits those of
        // the file including it); the root's envelopes and `docs_url` serve every code.
        let includer = by.file.clone();
        let is_map = self.included_scope(at, &node, &includer);
        // The include item's `only` or `except`, and `overrides`, name codes of this file.
        let selection = self.selection(by);
        // `errors` is a list of entries; each taken is checked by `entry` below, with its
        // overrides.
        if is_map {
            self.selected_entries(file, errors, selection);
        }
        self.leave_scope();
    }

    /// One entry's rules, in the order they run.
    fn entry(&mut self, at: At<'_, 's>, node: &Node) {
        // Key dispatch: the entry is a mapping of entry keys, each value into its slot.
        let Some(raw) = self.raw_entry(at, node) else {
            return;
        };
        let index = self.entries.len();

        // The rules.
        // `code` is written, a string, in the catalog's style, and defined once.
        let code = self.code(at, node, raw.code, index);
        // The code is not a retired one.
        if code.valid {
            self.code_not_retired(at, &code.text, code.value_pos.unwrap_or(code.key_pos));
        }
        // The Rust name (`rust_name` or the code's) is an identifier, and unique.
        let rust_name = self.rust_name(at, &code, raw.rust_name, index);
        // `status` is 400-599, written or given by a status rule.
        let status = self.entry_status(at, &code, raw.status);
        // `message` is written, a non-empty template.
        let message = self.entry_message(at, &code, raw.message);
        // `fields` declares fields with valid names and known types.
        let mut fields = self.fields(at, raw.fields);
        // A message placeholder names a field, or declares a `string` one (not a near-typo).
        self.message_fields(at, message.as_ref(), raw.message, &mut fields);
        // `headers` are header names set once, each to a template.
        let (headers, header_nodes) = self.headers(at, raw.headers);
        // `retry_after` is whole seconds, or a template over integer fields...
        let retry_after = self.retry_after(at, raw.retry_after, &fields);
        // ... and `Retry-After` is not also among the headers.
        if retry_after.is_some() {
            self.retry_after_not_in_headers(at, raw.retry_after, &headers);
        }
        // Header and `retry_after` placeholders name fields; they never declare one.
        let retry_after_template = retry_after.as_ref().map(|(t, node)| (t, *node));
        self.templates_name_fields(
            at,
            &code,
            &headers,
            &header_nodes,
            retry_after_template,
            &mut fields,
        );
        // `format` names a `formats` template or a preset.
        let envelope = self.entry_format(at, raw.format);
        // (The envelope's `$name` variables this entry lacks are tallied for `finish`.)
        self.tally_envelope_vars(envelope, index, &mut fields);
        // A declared field is used by something (a warning).
        self.unused_fields(at, &fields);
        let fields = fields.into_fields();
        // `example` gives each named field a value of its type.
        let example = self.example(at, raw.example, &fields);
        // `expose_as` is a code (resolved in `finish`).
        self.expose_as(at, raw.expose_as, index);

        // The defaults: the plain keys, each written or defaulted as the spec says.
        let plain = self.plain_keys(at, &raw, status);

        // The model entry.
        let checked = Checked {
            code,
            rust_name,
            status,
            message,
            fields,
            retry_after: retry_after.map(|(t, _)| t),
            headers,
            example,
            envelope,
        };
        let entry = self.model_entry(at, checked, plain);
        self.entries.push(entry);
    }

    /// The rules across entries, once every entry is known; then the catalog.
    fn finish(mut self) -> Option<Catalog> {
        // `expose_as` names another entry, which is not itself exposed as another.
        self.resolve_exposes();
        // An edge answers with a code of the catalog whose fields the edge fills.
        self.resolve_edges();
        // An envelope's `$name` is a field of every entry using it (`$name?`: of one).
        self.report_envelope_vars();
        // A retired code's `replaced_by` is an entry's code.
        self.replacements_exist();
        // The catalog defines at least one entry.
        self.some_entry();
        if self.cx.has_errors() {
            return None;
        }
        let service = self.service?;
        let root = self.files.first()?;
        let mut origins = Vec::with_capacity(self.origins.len() + 1);
        origins.push(Origin {
            service: service.clone(),
            description: self.description.clone(),
            source: root.path.to_path_buf(),
        });
        origins.append(&mut self.origins);
        Some(Catalog {
            service,
            description: self.description,
            docs_url: self.docs_url_source,
            code_style: self.code_style,
            envelopes: self.envelopes,
            entries: self.entries,
            retired: self.retired.list,
            edges: self.edges,
            origins,
            // An embedded catalog is not a file to watch.
            files: self
                .files
                .iter()
                .filter(|f| !embedded::is_embedded(&f.path))
                .map(|f| f.path.to_path_buf())
                .collect(),
            warnings: Vec::new(),
        })
    }
}
