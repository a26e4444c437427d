//! An included catalog's own keys, and the scope its entries are checked in.
//!
//! Any catalog can be included, one written to be used on its own too (`errcat:standard`).
//! Its keys mean:
//! - `service` and `description`: the catalog its entries come from (an [`Origin`]), which
//!   groups them in the docs. Without `service` its entries belong to the catalog that
//!   includes it.
//! - `code_style` and `status_rules`: they check and complete its own entries. Without them,
//!   those of the catalog that includes it apply, as before.
//! - `edges`: the codes its framework edges answer with, for every catalog including it that
//!   does not say its own (see `edges.rs`).
//! - `retired`: an error; only the served (root) catalog retires codes.
//! - `format`, `formats` and `docs_url`: not read. The root serves every code, so the root's
//!   envelopes and docs URL are the ones clients see; an entry's `format:` names one of the
//!   root's. They are checked when the file is itself a root.

use std::rc::Rc;

use crate::keys::TOP_KEYS;
use crate::load::{Kind, Node, SourceFile};
use crate::model::{CodeStyle, Origin, OriginId};

use super::report::{with_help, At};
use super::status_rules::StatusRule;
use super::Checker;

/// What an included file's entries are checked with: the origin they get, the style their
/// codes have and the rules that give them a status.
pub(super) struct Scope<'s> {
    pub file: Rc<SourceFile<'s>>,
    pub origin: OriginId,
    pub code_style: CodeStyle,
    pub status_rules: Vec<StatusRule>,
}

impl<'s> Checker<'_, 's> {
    /// The scope of the root: what an included file without settings of its own inherits.
    pub(super) fn root_scope(&mut self, file: &Rc<SourceFile<'s>>) {
        self.scopes.push(Scope {
            file: file.clone(),
            origin: OriginId::ROOT,
            code_style: self.code_style,
            status_rules: self.status_rules.clone(),
        });
    }

    /// Rule: an included file is a mapping of catalog keys (unknown keys are errors); its
    /// `service` is text, not empty, its `description` text, its `code_style` a style, its
    /// `status_rules` rules. Makes the scope its entries are checked in, inheriting from
    /// `includer` what it does not set, and enters it.
    pub(super) fn included_scope(
        &mut self,
        at: At<'_, 's>,
        node: &Node,
        includer: &Rc<SourceFile<'s>>,
    ) -> bool {
        let inherited = self
            .scopes
            .iter()
            .rev()
            .find(|s| Rc::ptr_eq(&s.file, includer))
            .or_else(|| self.scopes.first());
        let (mut origin, style, rules) = match inherited {
            Some(s) => (s.origin, s.code_style, s.status_rules.clone()),
            None => (OriginId::ROOT, CodeStyle::Any, Vec::new()),
        };
        self.code_style = style;
        self.status_rules = rules;
        let is_map = self.map(at, "", node, TOP_KEYS, |k, _| TOP_KEYS.contains(&&*k.text));
        if !is_map {
            return false;
        }
        let Kind::Map(keys) = &node.kind else {
            return false;
        };
        let mut service = None;
        let mut description = None;
        for (k, v) in keys {
            match &*k.text {
                "service" => {
                    service = self.string(at, "service", v);
                    let written = v.text().is_err()
                        || service.as_deref().is_some_and(|s| !s.trim().is_empty());
                    if !written {
                        self.push(with_help(
                            at.error(v.pos.start(), "service", "`service` is empty"),
                            "name the catalog, or leave `service` out to merge its codes into the including one",
                        ));
                        service = None;
                    }
                }
                "description" => description = self.string(at, "description", v),
                "code_style" => self.code_style(at, v),
                // Its own rules replace the inherited ones.
                "status_rules" => {
                    self.status_rules.clear();
                    self.status_rules(at, v);
                }
                // Its edges serve the including catalog, after that catalog's own.
                "edges" => self.edges_of(at, v, false),
                // Retiring is the served catalog's promise to its clients, so it is the root's
                // alone: an included file's list would silently bind every catalog using it.
                "retired" => self.push(with_help(
                    at.error(
                        k.pos.start(),
                        "retired",
                        "`retired` is only allowed in the root catalog",
                    ),
                    "list the retired codes in the catalog that includes this one",
                )),
                // `format`, `formats`, `docs_url`: the root's serve every code (see above).
                _ => {}
            }
        }
        if let Some(service) = service {
            // The root's origin, first of the catalog's, is made last (in `finish`), once its
            // `service` is known to be valid: the included ones come after it.
            origin = OriginId::new(self.origins.len() + 1);
            self.origins.push(Origin {
                service,
                description,
                source: at.file.path.to_path_buf(),
            });
        }
        self.scopes.push(Scope {
            file: at.file.clone(),
            origin,
            code_style: self.code_style,
            status_rules: self.status_rules.clone(),
        });
        self.origin = origin;
        true
    }

    /// Back to the root's scope once an included file's entries are checked.
    pub(super) fn leave_scope(&mut self) {
        if let Some(root) = self.scopes.first() {
            self.code_style = root.code_style;
            self.status_rules = root.status_rules.clone();
            self.origin = root.origin;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{CodeStyle, OriginId};

    #[test]
    fn an_included_catalog_keeps_its_style_and_the_root_governs_what_clients_see() {
        let catalog = crate::load_str(
            "root.yaml",
            "service: Root\ncode_style: any\nformat: flat\ndocs_url: \"https://r.example/{code}\"\n\
             include:\n  - catalog: errcat:standard\n    except: [NOT_FOUND]\n\
             errors:\n  - code: NOT_FOUND\n    status: 404\n    message: Mine\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(catalog.code_style, CodeStyle::Any);
        assert_eq!(catalog.origins.len(), 2);
        assert_eq!(catalog.origins[1].service, "Standard API Errors");
        // `except` freed the code for the root's own entry.
        let mine = catalog.entry("NOT_FOUND").expect("the root's entry");
        assert_eq!(
            (mine.origin, mine.message.source.as_str()),
            (OriginId::ROOT, "Mine")
        );
        let included: Vec<_> = catalog.entries.iter().skip(1).collect();
        assert!(included.len() > 20);
        for entry in included {
            assert_eq!(entry.origin, OriginId::new(1), "{}", entry.code);
            // The root's envelope (the standard catalog's is `problem`) and docs URL.
            assert_eq!(catalog.envelope_of(entry).name, "flat", "{}", entry.code);
            let url = format!("https://r.example/{}", entry.code);
            assert_eq!(entry.docs_url.as_deref(), Some(url.as_str()));
        }
        assert!(catalog
            .files
            .iter()
            .all(|f| f.to_str() == Some("root.yaml")));
    }
}
