//! An include's `overrides`: keys of included entries that the including catalog replaces,
//! written explicitly so a change is never an accident (a code defined twice stays an error).
//!
//! ```yaml
//! include:
//!   - catalog: errcat:standard
//!     overrides:
//!       NOT_FOUND: { message: "No such {resource}", status: 410 }
//! ```
//!
//! Each key written replaces the entry's key as a whole (a `null` removes it), and the entry
//! is then checked as one: the message's placeholders name the fields it has, its status is
//! 400-599. A problem in a replaced value is reported where the including file wrote it (the
//! entry's [`Overlay`]).

use crate::keys::{EntryKey, ENTRY_KEYS};
use crate::load::{Key, Kind, Node};

use super::include_subset::{Named, Selection};
use super::report::{with_help, At, Overlay};
use super::Checker;

/// The overrides of one included entry, as written.
pub(super) struct Override {
    pub code: Named,
    keys: Vec<(Key, Node)>,
}

impl<'s> Selection<'s> {
    /// The overrides of the entry `code`, taken out (an entry is overridden once).
    pub(super) fn take_override(&mut self, code: &str) -> Option<Override> {
        let i = self.overrides.iter().position(|o| o.code.code == code)?;
        Some(self.overrides.remove(i))
    }
}

impl<'s> Checker<'_, 's> {
    /// Rule: `overrides` maps codes of the included file to mappings of entry keys; the code
    /// itself cannot be overridden, and a code is overridden once.
    pub(super) fn overrides(&self, at: At<'_, 's>, key: &str, node: Node) -> Vec<Override> {
        let Kind::Map(codes) = node.kind else {
            if !node.is_null() {
                self.push(with_help(
                    at.error(
                        node.pos.start(),
                        key,
                        format!(
                            "expected a mapping of codes for `{key}`, found {}",
                            node.describe()
                        ),
                    ),
                    "write each overridden entry as `CODE: { message: ... }`",
                ));
            }
            return Vec::new();
        };
        let mut overrides: Vec<Override> = Vec::with_capacity(codes.len());
        for (code, entry) in codes {
            let entry_key = format!("{key}.{}", code.text);
            let named = Named {
                code: code.text.to_string(),
                pos: code.pos,
                key: entry_key.clone(),
            };
            let Kind::Map(keys) = entry.kind else {
                self.push(with_help(
                    at.error(
                        entry.pos.start(),
                        &entry_key,
                        format!(
                            "expected a mapping of entry keys for `{entry_key}`, found {}",
                            entry.describe()
                        ),
                    ),
                    "write the keys to replace: `{ message: ..., status: ... }`",
                ));
                continue;
            };
            let keys = keys
                .into_iter()
                .filter(|(k, _)| self.overridable(at, &entry_key, k))
                .collect();
            overrides.push(Override { code: named, keys });
        }
        overrides
    }

    /// Rule: an override names an entry key other than `code`.
    fn overridable(&self, at: At<'_, 's>, entry_key: &str, key: &Key) -> bool {
        match EntryKey::from_name(&key.text) {
            Some(EntryKey::Code) => {
                self.push(with_help(
                    at.error(
                        key.pos,
                        &format!("{entry_key}.code"),
                        "the code of an included entry cannot be overridden",
                    ),
                    "clients branch on codes: leave the entry out with `except` and define your own",
                ));
                false
            }
            Some(_) => true,
            None => {
                self.unknown_key(at, entry_key, key, ENTRY_KEYS);
                false
            }
        }
    }

    /// Replaces the keys of `entry` with those of `over` (adding those it does not have),
    /// and says where they were written.
    pub(super) fn apply_override(
        &self,
        entry: &mut Node,
        over: Override,
        selection: &Selection<'s>,
    ) -> Overlay<'s> {
        let names: Vec<String> = over.keys.iter().map(|(k, _)| k.text.to_string()).collect();
        if let Kind::Map(keys) = &mut entry.kind {
            for (key, value) in over.keys {
                match keys.iter_mut().find(|(k, _)| k.text == key.text) {
                    Some(slot) => *slot = (key, value),
                    None => keys.push((key, value)),
                }
            }
        }
        Overlay {
            file: selection.file.clone(),
            path: over.code.key,
            keys: names,
        }
    }
}
