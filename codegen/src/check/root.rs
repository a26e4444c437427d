//! The root file and included files: which keys each may hold, `service`, `docs_url`.

use std::rc::Rc;

use crate::keys::{INCLUDED_KEYS, TOP_KEYS};
use crate::load::{Kind, Node, SourceFile};

use super::report::{with_help, At};
use super::Checker;

impl<'s> Checker<'_, 's> {
    pub(super) fn root(&mut self, file: &Rc<SourceFile<'s>>, mut node: Node) {
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

    pub(super) fn included(&mut self, file: &Rc<SourceFile<'s>>, mut node: Node) {
        let at = At { file, entry: None };
        let errors = node.take("errors").map(|(_, v)| v);
        // Every other key is the root's (`include` was followed and taken out by the loader).
        self.map(at, "", &node, INCLUDED_KEYS, |_, _| false);
        if let Some(errors) = errors {
            self.entries_of(file, errors);
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
}
