//! `status_rules`, and an entry's status: written, or given by the first rule that
//! matches its code.

use crate::keys::RULE_KEYS;
use crate::load::{Key, Kind, Node, Pos};

use super::code::Code;
use super::report::{with_help, At};
use super::Checker;

/// A status rule: codes containing any of `contains` (ASCII case-insensitive) get `status`;
/// `contains: None` is the final `default`.
#[derive(Clone)]
pub(super) struct StatusRule {
    pub contains: Option<Vec<String>>,
    pub status: u16,
}

impl<'s> Checker<'_, 's> {
    /// Rule: `status_rules` is a list of `{contains: [...], status: N}` and at most one final
    /// `{default: N}`; a rule after the default could never match.
    pub(super) fn status_rules(&mut self, at: At<'_, 's>, node: &Node) {
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

    /// The status of the first rule whose words `code` contains (ASCII case-insensitive).
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

    /// Rule: the status is written, or the first status rule that matches gives it. Without
    /// one (reported), 500 stands in so the entry's other rules still run.
    pub(super) fn entry_status(
        &self,
        at: At<'_, 's>,
        code: &Code,
        written: Option<(&Key, &Node)>,
    ) -> u16 {
        if let Some((_, v)) = written {
            return self.status(at, "status", v).unwrap_or(500);
        }
        let status = self.rule_status(&code.text);
        if status.is_none() && code.valid {
            self.push(with_help(
                at.error(
                    code.key_pos,
                    "",
                    format!(
                        "`{}` has no `status` and no status rule gives it one",
                        code.text
                    ),
                ),
                "add `status: 4xx` to the entry, or a `status_rules` entry (`- default: 400`)",
            ));
        }
        status.unwrap_or(500)
    }
}
