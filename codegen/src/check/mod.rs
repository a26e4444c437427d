//! The rules: a loaded catalog (root file and includes) into one validated [`Catalog`].
//!
//! Every problem goes into the [`Ctxt`]; nothing returns at the first one, so a user sees every
//! mistake of a run at once. Each rule is a small function with a comment saying what it
//! enforces. Everything is one pass over the entries plus hash-map lookups: the "did you mean"
//! searches run only when something is already wrong. The checker reads only the trees the
//! loading stage gives it; it never touches the filesystem.

mod code;
mod code_style;
mod defaults;
mod entry;
mod envelope_vars;
mod example;
mod expose;
mod fields;
mod formats;
mod headers;
mod mapping;
mod name_index;
mod position;
mod report;
mod retry_after;
mod root;
mod scalars;
mod status_rules;

use std::rc::Rc;

use crate::diag::{Ctxt, Diagnostic};
use crate::load::{Pos, SourceFile, Sources, Step};
use crate::model::{Catalog, CodeStyle, Entry, Envelope, Template};

use envelope_vars::EnvelopeUse;
use expose::ExposeRef;
use name_index::{NameIndex, Names};
use report::with_help;
use status_rules::StatusRule;

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
}
