//! Mappings with known keys: each key visited, unknown keys reported with the closest
//! known one.

use crate::keys::{ENTRY_KEYS, TOP_KEYS};
use crate::load::{Key, Kind, Node};

use super::report::{suggest, with_help, At};
use super::Checker;

impl<'s> Checker<'_, 's> {
    /// Visits a mapping's keys; `visit` returns false for a key it does not know, which is
    /// then reported with the closest known key.
    pub(super) fn map<'n>(
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
    pub(super) fn unknown_key(&self, at: At<'_, 's>, container: &str, key: &Key, known: &[&str]) {
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
        }
        self.push(d);
    }
}
