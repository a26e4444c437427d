//! The keys of the root file, its `service` and `docs_url`, and
//! its required `errors`.

use std::rc::Rc;

use crate::keys::TOP_KEYS;
use crate::load::{Key, Kind, Node, SourceFile};

use super::report::{with_help, At};
use super::Checker;

/// The root keys whose rules run after every key is known (`description`, `docs_url` and
/// `code_style` are read in the order written, see [`Checker::root_settings`]).
pub(super) struct RootKeys<'n> {
    pub service: Option<(&'n Key, &'n Node)>,
    pub format: Option<(&'n Key, &'n Node)>,
    pub formats: Option<&'n Node>,
    pub status_rules: Option<&'n Node>,
    pub edges: Option<&'n Node>,
}

impl<'s> Checker<'_, 's> {
    /// Rule: the root is a mapping of root keys; unknown keys are errors. `None` when it is
    /// not a mapping (reported), and nothing more of the file is checked.
    pub(super) fn root_keys<'n>(&self, at: At<'_, 's>, node: &'n Node) -> Option<RootKeys<'n>> {
        let mut keys = RootKeys {
            service: None,
            format: None,
            formats: None,
            status_rules: None,
            edges: None,
        };
        let is_map = self.map(at, "", node, TOP_KEYS, |k, v| {
            match &*k.text {
                "service" => keys.service = Some((k, v)),
                "description" | "docs_url" | "code_style" => {}
                "format" => keys.format = Some((k, v)),
                "formats" => keys.formats = Some(v),
                "status_rules" => keys.status_rules = Some(v),
                "edges" => keys.edges = Some(v),
                _ => return false,
            }
            true
        });
        is_map.then_some(keys)
    }

    /// `description`, `docs_url` and `code_style`, each checked by its rule, in the order
    /// written.
    pub(super) fn root_settings(&mut self, at: At<'_, 's>, node: &Node) {
        let Kind::Map(top) = &node.kind else { return };
        for (k, v) in top {
            match &*k.text {
                "description" => self.description = self.string(at, "description", v),
                "docs_url" => self.docs_url(at, v),
                "code_style" => self.code_style(at, v),
                _ => {}
            }
        }
    }

    /// Rule: the root names its service, in a non-empty `service`.
    pub(super) fn service(&mut self, at: At<'_, 's>, root: &Node, written: Option<(&Key, &Node)>) {
        match written {
            Some((_, v)) => {
                self.service = self.string(at, "service", v);
                if self.service.is_none() {
                    self.push(at.error(v.pos.start(), "service", "`service` is empty"));
                }
            }
            None => self.push(with_help(
                at.error(root.pos.start(), "", "missing required key `service`"),
                "name the API: `service: Acme Data API`",
            )),
        }
    }

    /// Rule: the root has `errors`, the list of its entries (each checked in turn).
    pub(super) fn root_errors(
        &mut self,
        file: &Rc<SourceFile<'s>>,
        root: &Node,
        errors: Option<(Key, Node)>,
    ) {
        match errors {
            Some((k, v)) => {
                self.errors_key = Some(k.pos);
                self.entries_of(file, v);
            }
            None => self.push(with_help(
                At::top(file).error(root.pos.start(), "", "missing required key `errors`"),
                "list the entries under `errors:`",
            )),
        }
    }

    /// Rule: `docs_url` is a template whose only placeholder is `{code}`.
    pub(super) fn docs_url(&mut self, at: At<'_, 's>, node: &Node) {
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

    /// Rule: a catalog defines at least one entry (said only when nothing else is wrong: a
    /// broken entry is not in the list either).
    pub(super) fn some_entry(&self) {
        let Some(root) = self.files.first() else {
            return;
        };
        if self.entries.is_empty() && !self.cx.has_errors() {
            let pos = self.errors_key.unwrap_or_default();
            self.push(with_help(
                root.error(pos, "errors", "empty catalog: no errors are defined"),
                "add at least one entry under `errors:`",
            ));
        }
    }
}
