//! `edges`: the code each framework edge answers with (`errcat_contract::Edge`: a body that
//! is not JSON, an unknown route, a panicking handler, ...).
//!
//! Any catalog can say it, an included one too (the standard catalog does), so a service that
//! includes `errcat:standard` gets its edges with its codes. The root's word wins, then the
//! includes' in include order; `edge: null` in the root leaves that edge to the framework. An
//! included catalog's edge whose code the include does not take (`only:`/`except:`) is
//! dropped with it: the including catalog chose not to serve that code.

use std::rc::Rc;

use errcat_contract::edge::{Edge, EdgeValue};

use crate::diag::closest;
use crate::load::{Kind, Node, Pos, SourceFile};
use crate::model::{EntryId, FieldType};

use super::report::{suggest, with_help, At};
use super::Checker;

/// One `edges:` item, resolved once every entry is known.
pub(super) struct EdgeRef<'s> {
    pub edge: Edge,
    /// The code named, `None` for `null` (the framework's own response).
    pub code: Option<String>,
    pub file: Rc<SourceFile<'s>>,
    pub pos: Pos,
    pub key: String,
    /// Written in the root catalog: its unknown codes are errors, an include's are dropped.
    pub in_root: bool,
}

impl<'s> Checker<'_, 's> {
    /// Rule: `edges` is a mapping from edge names to codes (or `null`); unknown edge names are
    /// errors with the closest name. Kept to resolve once every entry is known.
    pub(super) fn edges_of(&mut self, at: At<'_, 's>, node: &Node, in_root: bool) {
        let Kind::Map(items) = &node.kind else {
            if !node.is_null() {
                self.push(with_help(
                    at.error(
                        node.pos.start(),
                        "edges",
                        format!("expected a mapping for `edges`, found {}", node.describe()),
                    ),
                    "map each framework edge to a code: `edges: { malformed_json: MALFORMED_JSON }`",
                ));
            }
            return;
        };
        for (k, v) in items {
            let key = format!("edges.{}", k.text);
            let Some(edge) = Edge::named(&k.text) else {
                let mut d = at.error(k.pos, &key, format!("unknown edge `{}`", k.text));
                d.help = Some(suggest(&k.text, Edge::ALL.iter().map(|e| e.name())));
                self.push(d);
                continue;
            };
            if self
                .edge_refs
                .iter()
                .any(|r| r.edge == edge && Rc::ptr_eq(&r.file, at.file) && r.in_root == in_root)
            {
                // Duplicate keys are the loader's to report; keep the first.
                continue;
            }
            let code = if v.is_null() {
                None
            } else {
                match self.string(at, &key, v) {
                    Some(code) => Some(code),
                    None => continue,
                }
            };
            self.edge_refs.push(EdgeRef {
                edge,
                code,
                file: at.file.clone(),
                pos: v.pos,
                key,
                in_root,
            });
        }
    }

    /// Rule: each edge answers with an entry of the catalog (a root's unknown code is an
    /// error with the closest code), and every field of that entry is one the edge fills,
    /// of a type its value fits, unless the field is optional.
    pub(super) fn resolve_edges(&mut self) {
        let mut refs = std::mem::take(&mut self.edge_refs);
        // The root's word first, then the includes' in the order they were read.
        refs.sort_by_key(|r| !r.in_root);
        let mut chosen: Vec<(Edge, Option<EntryId>)> = Vec::new();
        for r in refs {
            if chosen.iter().any(|(e, _)| *e == r.edge) {
                continue;
            }
            let Some(code) = &r.code else {
                chosen.push((r.edge, None));
                continue;
            };
            let found = self
                .codes
                .get(code, |i| self.entries.get(i).map(|e| e.code.as_str()));
            let Some(index) = found else {
                if r.in_root {
                    let mut d = r.file.error(
                        r.pos,
                        &r.key,
                        format!(
                            "the `{}` edge names `{code}`, which is not a code in the catalog",
                            r.edge.name()
                        ),
                    );
                    if let Some(near) = closest(code, self.entries.iter().map(|e| e.code.as_str()))
                    {
                        d.help = Some(format!("did you mean `{near}`?"));
                    }
                    self.push(d);
                }
                continue;
            };
            if self.edge_fields_fit(&r, index) {
                chosen.push((r.edge, Some(EntryId::new(index))));
            }
        }
        chosen.sort_by_key(|(e, _)| *e);
        self.edges = chosen
            .into_iter()
            .filter_map(|(edge, entry)| Some((edge, entry?)))
            .collect();
    }

    /// Every required field of entry `index` is filled by the edge, with a value of its type.
    fn edge_fields_fit(&self, r: &EdgeRef<'s>, index: usize) -> bool {
        let entry = &self.entries[index];
        let values = r.edge.values();
        let filled: Vec<&str> = values.iter().map(|v| v.name()).collect();
        let mut fits = true;
        for field in &entry.fields {
            let value = EdgeValue::named(&field.name).filter(|v| values.contains(v));
            let problem = match value {
                None if field.optional => continue,
                None => format!(
                    "the `{}` edge answers with `{}`, whose field `{}` it cannot fill",
                    r.edge.name(),
                    entry.code,
                    field.name
                ),
                Some(v) if value_fits(v, field.ty) => continue,
                Some(v) => format!(
                    "the `{}` edge fills `{}` with {}, but `{}` declares it `{}`",
                    r.edge.name(),
                    v.name(),
                    if v.is_integer() { "a number" } else { "text" },
                    entry.code,
                    field.ty.as_str()
                ),
            };
            let help = if let Some(v) = value {
                format!(
                    "declare `{}` a `string` field, or pick another code",
                    v.name()
                )
            } else if filled.is_empty() {
                format!(
                    "the `{}` edge fills no field: answer it with a code whose fields are all optional, or none",
                    r.edge.name()
                )
            } else {
                format!(
                    "the `{}` edge fills {}; make the other fields optional or pick another code",
                    r.edge.name(),
                    filled
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            self.push(with_help(r.file.error(r.pos, &r.key, problem), help));
            fits = false;
        }
        fits
    }
}

/// A text value fits a `string` field; the integer value fits a `string` or a number field.
fn value_fits(value: EdgeValue, ty: FieldType) -> bool {
    match ty {
        FieldType::String => true,
        FieldType::I64 | FieldType::U32 | FieldType::U64 | FieldType::F64 => value.is_integer(),
        FieldType::Bool | FieldType::ListString => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Edge;

    fn edges(src: &str) -> Vec<(Edge, String)> {
        let catalog = match crate::load_str("c.yaml", src) {
            Ok(catalog) => catalog,
            Err(e) => panic!("{e}"),
        };
        catalog
            .edges
            .iter()
            .map(|(edge, entry)| (*edge, catalog.entries[entry.index()].code.clone()))
            .collect()
    }

    #[test]
    fn the_roots_edges_win_over_the_includes_and_null_leaves_one_to_the_framework() {
        let got = edges(
            "service: S\ninclude: [errcat:standard]\n\
             edges: { panic: CRASH, route_not_found: null }\n\
             errors:\n  - code: CRASH\n    status: 500\n    message: crashed\n",
        );
        assert!(got.contains(&(Edge::Panic, "CRASH".into())), "{got:?}");
        assert!(got.contains(&(Edge::MalformedJson, "MALFORMED_JSON".into())));
        assert!(
            got.iter().all(|(e, _)| *e != Edge::RouteNotFound),
            "{got:?}"
        );
        // One per edge, in `Edge` order.
        assert!(got.windows(2).all(|w| w[0].0 < w[1].0), "{got:?}");
    }

    #[test]
    fn an_included_edge_whose_code_the_include_leaves_out_is_dropped() {
        let got = edges(
            "service: S\ninclude:\n  - catalog: errcat:standard\n    only: [NOT_FOUND]\n\
             errors:\n  - code: A\n    status: 400\n    message: a\n",
        );
        assert_eq!(got, vec![]);
    }
}
