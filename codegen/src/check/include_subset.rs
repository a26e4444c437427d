//! An include's subset: `only` or `except`, lists of codes of the included file, each one a
//! code it defines; and its entries checked, those taken only, with their overrides.
//!
//! An entry left out is not checked and not served: its code is free for the including
//! catalog to define (`except: [NOT_FOUND]`, then an own `NOT_FOUND`). The subset and the
//! overrides apply to the file the item names; the files that file includes come whole.

use std::rc::Rc;

use crate::diag::closest;
use crate::keys::{IncludeKey, INCLUDE_ITEM_KEYS};
use crate::load::{IncludedBy, Kind, Node, Pos, SourceFile};

use super::overrides::Override;
use super::report::{with_help, At};
use super::Checker;

/// A code named by the including file, and where.
pub(super) struct Named {
    pub code: String,
    pub pos: Pos,
    /// Its key path in the including file (`include[1].only[0]`).
    pub key: String,
}

/// What the including file takes of an included one.
pub(super) struct Selection<'s> {
    /// The including file and the item's key path there.
    pub file: Rc<SourceFile<'s>>,
    pub key: String,
    /// `only`: the codes taken, all of them when `None`.
    pub only: Option<Vec<Named>>,
    /// `except`: the codes left out.
    pub except: Vec<Named>,
    pub overrides: Vec<Override>,
}

impl<'s> Selection<'s> {
    /// Whether the entry with `code` is taken.
    fn takes(&self, code: Option<&str>) -> bool {
        let named = |list: &[Named]| code.is_some_and(|c| list.iter().any(|n| n.code == c));
        self.only.as_deref().is_none_or(named) && !named(&self.except)
    }
}

impl<'s> Checker<'_, 's> {
    /// Rule: an include item written as a mapping has `catalog` (read by the loader) and
    /// optionally `only` or `except` (not both), lists of codes, and `overrides`.
    pub(super) fn selection(&self, by: IncludedBy<'s>) -> Selection<'s> {
        let mut selection = Selection {
            file: by.file,
            key: by.key,
            only: None,
            except: Vec::new(),
            overrides: Vec::new(),
        };
        let Some(mut item) = by.mapping else {
            return selection;
        };
        let file = selection.file.clone();
        let at = At::top(&file);
        let overrides = item.take(IncludeKey::Overrides.as_str());
        let key = selection.key.clone();
        let has_only = item.get(IncludeKey::Only.as_str()).is_some();
        self.map(at, &key, &item, INCLUDE_ITEM_KEYS, |k, v| {
            match IncludeKey::from_name(&k.text) {
                // `catalog` was read by the loader; `overrides` is read below.
                Some(IncludeKey::Catalog | IncludeKey::Overrides) => {}
                Some(IncludeKey::Only) => {
                    let only = self.codes_named(at, &format!("{key}.only"), v);
                    // Rule: `only` names at least one code; an empty one takes nothing, which
                    // is leaving the include out, said another way (and likely a mistake).
                    let empty =
                        v.is_null() || matches!(&v.kind, Kind::Seq(items) if items.is_empty());
                    if empty {
                        let what = "`only` is empty: nothing of this catalog is taken";
                        self.push(with_help(
                            at.warning(v.pos.start(), &format!("{key}.only"), what),
                            "list the codes to take, or remove the include",
                        ));
                    }
                    selection.only = Some(only);
                }
                Some(IncludeKey::Except) => {
                    if has_only {
                        self.push(with_help(
                            at.error(
                                k.pos,
                                &format!("{key}.except"),
                                "an include takes `only` or `except`, not both",
                            ),
                            "list the codes to take under `only`, or those to leave out under `except`",
                        ));
                    } else {
                        selection.except = self.codes_named(at, &format!("{key}.except"), v);
                    }
                }
                None => return false,
            }
            true
        });
        if let Some((_, node)) = overrides {
            selection.overrides = self.overrides(at, &format!("{key}.overrides"), node);
        }
        selection
    }

    /// Rule: `only` and `except` are lists of codes (a single code is a list of one).
    fn codes_named(&self, at: At<'_, 's>, key: &str, node: &Node) -> Vec<Named> {
        let items = match &node.kind {
            Kind::Seq(items) => items.iter().collect(),
            _ if node.is_null() => Vec::new(),
            _ => vec![node],
        };
        items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let key = format!("{key}[{i}]");
                let code = self.string(at, &key, item)?;
                Some(Named {
                    code,
                    pos: item.pos,
                    key,
                })
            })
            .collect()
    }

    /// Rule: every code an include's `only`, `except` and `overrides` name is a code of the
    /// included file (with the closest one when it is not), and an overridden code is taken.
    fn names_are_codes(
        &self,
        selection: &Selection<'s>,
        included: &SourceFile<'s>,
        codes: &[&str],
    ) {
        let at = At::top(&selection.file);
        let named = selection.only.iter().flatten().chain(&selection.except);
        let overridden = selection.overrides.iter().map(|o| &o.code);
        for name in named.chain(overridden.clone()) {
            if codes.contains(&name.code.as_str()) {
                continue;
            }
            let help = match closest(&name.code, codes.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "name a code that the included catalog defines".to_owned(),
            };
            self.push(with_help(
                at.error(
                    name.pos,
                    &name.key,
                    format!(
                        "`{}` is not a code of `{}`",
                        name.code,
                        included.path.display()
                    ),
                ),
                help,
            ));
        }
        for name in overridden {
            if codes.contains(&name.code.as_str()) && !selection.takes(Some(&name.code)) {
                let why = if selection.only.is_some() {
                    "it is not under `only`"
                } else {
                    "it is under `except`"
                };
                self.push(with_help(
                    at.error(
                        name.pos,
                        &name.key,
                        format!("`{}` is overridden but not included: {why}", name.code),
                    ),
                    "take the entry, or remove its overrides",
                ));
            }
        }
    }

    /// Rule: the entries of an included file that its include takes, each with its
    /// overrides, are checked as entries.
    pub(super) fn selected_entries(
        &mut self,
        file: &Rc<SourceFile<'s>>,
        node: Option<Node>,
        mut selection: Selection<'s>,
    ) {
        let Some(node) = node else {
            // No entries: every code named is unknown.
            return self.names_are_codes(&selection, file, &[]);
        };
        if !matches!(node.kind, Kind::Seq(_)) {
            // Not a list: said by the rule for every `errors`.
            return self.entries_of(file, node);
        }
        let Kind::Seq(items) = node.kind else { return };
        let codes: Vec<Option<String>> = items.iter().map(written_code).collect();
        let known: Vec<&str> = codes.iter().flatten().map(String::as_str).collect();
        self.names_are_codes(&selection, file, &known);
        let mut taken = Vec::with_capacity(items.len());
        for (i, (mut item, code)) in items.into_iter().zip(&codes).enumerate() {
            if !selection.takes(code.as_deref()) {
                continue;
            }
            let overlay = code
                .as_deref()
                .and_then(|code| selection.take_override(code))
                .map(|o| self.apply_override(&mut item, o, &selection));
            taken.push((i, item, overlay));
        }
        for (i, item, overlay) in taken {
            let at = At {
                file,
                entry: Some(i),
                overlay: overlay.as_ref(),
            };
            self.entry(at, &item);
        }
    }
}

/// The code an entry writes, when it is text: what `only`, `except` and `overrides` match.
fn written_code(entry: &Node) -> Option<String> {
    let code = entry.get("code")?;
    Some(code.text().ok()??.to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_empty_only_is_a_warning() {
        let catalog = crate::load_str(
            "c.yaml",
            "service: S\ninclude:\n  - catalog: errcat:standard\n    only: []\n\
             errors:\n  - code: A\n    status: 400\n    message: a\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(catalog.entries.len(), 1);
        let warning = catalog
            .warnings
            .first()
            .map(|w| w.to_string())
            .unwrap_or_default();
        assert!(warning.contains("`only` is empty"), "{warning}");
        assert!(warning.contains("include[0].only"), "{warning}");
    }
}
