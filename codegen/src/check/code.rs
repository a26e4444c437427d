//! An entry's code and Rust name: written, valid, in the catalog's style, unique.

use crate::load::{Key, Kind, Node, Pos, Scalar};
use crate::names;

use super::code_style::{matches_style, style_example};
use super::report::{with_help, At};
use super::Checker;

impl<'s> Checker<'_, 's> {
    /// Rule: every entry has a `code`, a string. Returns the code, where its key is, and
    /// whether it is valid (see [`Checker::code_is_valid`]).
    pub(super) fn entry_code(
        &self,
        at: At<'_, 's>,
        node: &Node,
        code: Option<(&Key, &Node)>,
    ) -> (String, Pos, bool) {
        match code {
            Some((k, v)) => match &v.kind {
                Kind::Scalar(s) if !s.is_null() => {
                    (s.text.clone(), k.pos, self.code_is_valid(at, v, s))
                }
                _ => {
                    self.push(at.error(
                        v.pos.start(),
                        "code",
                        format!("expected a string for `code`, found {}", v.describe()),
                    ));
                    (String::new(), k.pos, false)
                }
            },
            None => {
                self.push(with_help(
                    at.error(node.pos.start(), "", "missing required key `code`"),
                    "every entry needs a unique `code:`",
                ));
                (String::new(), node.pos.start(), false)
            }
        }
    }

    /// Rule: a code is defined once across the catalog and its includes; the duplicate points
    /// at the first definition.
    pub(super) fn code_is_unique(
        &mut self,
        at: At<'_, 's>,
        code: &str,
        key_pos: Pos,
        written: Option<(&Key, &Node)>,
        index: usize,
    ) -> bool {
        let Some(first) = self
            .codes
            .get(code, |i| self.entries.get(i).map(|e| e.code.as_str()))
        else {
            self.codes.insert(code, index);
            return true;
        };
        let mut d = at.error(
            written.map_or(key_pos, |(_, v)| v.pos),
            "code",
            format!("duplicate code `{code}`"),
        );
        d.notes.push((
            self.entries[first].location.clone(),
            "first defined here".into(),
        ));
        d.help = Some("codes must be unique across the catalog and its includes".into());
        self.push(d);
        false
    }

    /// Rule: a code is a non-empty string without control characters, in the catalog's style.
    pub(super) fn code_is_valid(&self, at: At<'_, 's>, node: &Node, s: &Scalar) -> bool {
        let code = s.text.as_str();
        if code.is_empty() || code.chars().any(char::is_control) {
            self.push(at.error(
                node.pos,
                "code",
                "a code must be non-empty and have no control characters",
            ));
            return false;
        }
        if !matches_style(self.code_style, code) {
            self.push(with_help(
                at.error(
                    node.pos,
                    "code",
                    format!(
                        "code `{code}` does not match `code_style: {}`",
                        self.code_style.as_str()
                    ),
                ),
                format!(
                    "a {} code looks like `{}`",
                    self.code_style.as_str(),
                    style_example(self.code_style)
                ),
            ));
            return false;
        }
        true
    }

    /// Rule: the variant name is a valid Rust identifier, not a keyword, and unique.
    pub(super) fn rust_name(
        &mut self,
        at: At<'_, 's>,
        code: &str,
        code_ok: bool,
        written: Option<(&Key, &Node)>,
        code_pos: Option<Pos>,
        index: usize,
    ) -> String {
        let (name, pos, key) = match written {
            Some((_, v)) => match self.string(at, "rust_name", v) {
                Some(name) => (name, v.pos, "rust_name"),
                None => return String::new(),
            },
            None if code_ok => (
                names::variant_name(code),
                code_pos.unwrap_or_default(),
                "code",
            ),
            None => return String::new(),
        };
        if let Some(problem) = names::variant_name_problem(&name) {
            let message = if key == "code" {
                format!("code `{code}` gives the Rust name `{name}`, which is invalid: {problem}")
            } else {
                format!("invalid `rust_name`: {problem}")
            };
            self.push(with_help(
                at.error(pos, key, message),
                "set `rust_name:` to an UpperCamelCase identifier such as `TableNotFound`",
            ));
            return name;
        }
        match self
            .rust_names
            .get(&name, |i| self.entries.get(i).map(|e| e.rust_name.as_str()))
        {
            Some(first) => {
                let first = &self.entries[first];
                let mut d = at.error(
                    pos,
                    key,
                    format!(
                        "`{code}` and `{}` both have the Rust name `{name}`",
                        first.code
                    ),
                );
                d.notes.push((
                    first.location.clone(),
                    format!("`{}` is defined here", first.code),
                ));
                d.help = Some("set `rust_name:` on one of them".into());
                self.push(d);
            }
            None => {
                self.rust_names.insert(&name, index);
            }
        }
        name
    }
}
