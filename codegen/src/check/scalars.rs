//! Typed reading of scalar values: text, lists of text, booleans, statuses, templates.
//! Each says what it accepts and reports anything else at the value.

use crate::load::{Kind, Node, Pos};
use crate::model::Template;

use super::position::inner_pos;
use super::report::{with_help, At};
use super::Checker;

impl<'s> Checker<'_, 's> {
    /// Rule: a key that takes text holds a scalar. Null means "not given".
    pub(super) fn string(&self, at: At<'_, 's>, key: &str, node: &Node) -> Option<String> {
        match node.text() {
            Ok(text) => text.map(str::to_owned),
            Err(not_text) => {
                self.push(not_text.diagnostic(at.file_of(key), &at.path(key), key));
                None
            }
        }
    }

    /// Rule: `cause` and `solution` are a string or a list of strings.
    pub(super) fn strings(&self, at: At<'_, 's>, key: &str, node: &Node) -> Vec<String> {
        match &node.kind {
            Kind::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.string(at, &format!("{key}[{i}]"), item))
                .collect(),
            _ => self.string(at, key, node).into_iter().collect(),
        }
    }

    /// Rule: booleans are plain `true`/`false`.
    pub(super) fn bool(&self, at: At<'_, 's>, key: &str, node: &Node) -> Option<bool> {
        match node.as_scalar() {
            Some(s) if s.is_null() => None,
            Some(s) if s.as_bool().is_some() => s.as_bool(),
            _ => {
                let mut d = at.error(
                    node.pos,
                    key,
                    format!(
                        "expected `true` or `false` for `{key}`, found {}",
                        node.describe()
                    ),
                );
                if node.as_scalar().is_some_and(|s| !s.is_plain()) {
                    d.help = Some("write the boolean without quotes".into());
                }
                self.push(d);
                None
            }
        }
    }

    /// Rule: a status is an unquoted integer from 400 to 599 (2xx and 3xx are not errors).
    pub(super) fn status(&self, at: At<'_, 's>, key: &str, node: &Node) -> Option<u16> {
        let Some(s) = node.as_scalar() else {
            self.push(at.error(
                node.pos.start(),
                key,
                format!(
                    "expected an HTTP status (400-599), found {}",
                    node.describe()
                ),
            ));
            return None;
        };
        let Some(digits) = s.as_int_text() else {
            let mut d = at.error(
                node.pos,
                key,
                format!("expected an HTTP status (400-599), found {}", s.describe()),
            );
            if !s.is_plain() && s.text.parse::<u16>().is_ok() {
                d.help = Some(format!("write the status as a number: `{}`", s.text));
            }
            self.push(d);
            return None;
        };
        match digits.parse::<u16>() {
            Ok(status @ 400..=599) => Some(status),
            _ => {
                let help = match digits.parse::<u64>() {
                    Ok(100..=399) => {
                        "1xx, 2xx and 3xx responses are not errors; use a 4xx or 5xx status"
                    }
                    _ => "use a 4xx status for client errors and a 5xx status for server errors",
                };
                self.push(with_help(
                    at.error(
                        node.pos,
                        key,
                        format!("status {digits} is not an error status (400-599)"),
                    ),
                    help,
                ));
                None
            }
        }
    }

    /// Rule: templates (`message`, headers, `retry_after`, `docs_url`) are well formed; a
    /// problem is located at the exact column when the scalar is written on one line.
    pub(super) fn template(
        &self,
        at: At<'_, 's>,
        key: &str,
        node: &Node,
    ) -> Option<(Template, Pos)> {
        let s = match &node.kind {
            Kind::Scalar(s) if !s.is_null() => s,
            _ => {
                self.push(at.error(
                    node.pos.start(),
                    key,
                    format!("expected a string for `{key}`, found {}", node.describe()),
                ));
                return None;
            }
        };
        match Template::parse(&s.text) {
            Ok(t) => Some((t, node.pos)),
            Err(e) => {
                let pos = inner_pos(at.file_of(key), node.pos, s, e.offset, e.len);
                let mut d = at.error(pos, key, e.message);
                d.help = e.help;
                self.push(d);
                None
            }
        }
    }
}
