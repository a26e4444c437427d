//! An entry's code and Rust name: written, valid, in the catalog's style, unique.

use crate::load::{Key, Kind, Node, Pos, Scalar};
use crate::names;

use super::code_style::{matches_style, style_example};
use super::report::{with_help, At};
use super::Checker;

/// An entry's code as checked.
pub(super) struct Code {
    /// As written; empty when there is none or it is not a string.
    pub text: String,
    /// Where the `code:` key is (the entry's start when there is none): the entry's location.
    pub key_pos: Pos,
    /// Where the code's value is, when one is written.
    pub value_pos: Option<Pos>,
    /// Written, a string, and well formed (see [`Checker::code_is_valid`]); the rules that
    /// quote the code stay quiet when it is not, as it has been reported.
    pub valid: bool,
    /// Valid and not defined before: only then is the derived Rust name checked, since a
    /// duplicate has the same Rust name as its first definition and saying so twice is noise.
    pub unique: bool,
}

impl<'s> Checker<'_, 's> {
    /// Rule: every entry has a `code`, a string, well formed, and defined once.
    pub(super) fn code(
        &mut self,
        at: At<'_, 's>,
        entry: &Node,
        written: Option<(&Key, &Node)>,
        index: usize,
    ) -> Code {
        let (text, key_pos, valid) = self.entry_code(at, entry, written);
        let unique = valid && self.code_is_unique(at, &text, key_pos, written, index);
        Code {
            text,
            key_pos,
            value_pos: written.map(|(_, v)| v.pos),
            valid,
            unique,
        }
    }

    /// Rule: every entry has a `code`, a string. Returns the code, where its key is, and
    /// whether it is valid (see [`Checker::code_is_valid`]).
    fn entry_code(
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
    fn code_is_unique(
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
        // Between catalogs of their own (`errcat:standard`), the way to change an entry is
        // explicit: say it.
        let across_catalogs = self.origin != self.entries[first].origin;
        d.help = Some(if across_catalogs {
            "codes must be unique across the catalog and its includes: change an included \
             entry with the include's `overrides`, or leave it out with `except` to define your own"
                .into()
        } else {
            "codes must be unique across the catalog and its includes".into()
        });
        self.push(d);
        false
    }

    /// Rule: a code is a non-empty string without control characters, in the catalog's style.
    fn code_is_valid(&self, at: At<'_, 's>, node: &Node, s: &Scalar) -> bool {
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

    /// Rule: the variant name (`rust_name`, else derived from the code) is a valid Rust
    /// identifier, not a keyword, and unique.
    pub(super) fn rust_name(
        &mut self,
        at: At<'_, 's>,
        code: &Code,
        written: Option<(&Key, &Node)>,
        index: usize,
    ) -> String {
        let (name, pos, key) = match written {
            Some((_, v)) => match self.string(at, "rust_name", v) {
                Some(name) => (name, v.pos, "rust_name"),
                None => return String::new(),
            },
            None if code.unique => (
                names::variant_name(&code.text),
                code.value_pos.unwrap_or_default(),
                "code",
            ),
            None => return String::new(),
        };
        let code = code.text.as_str();
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
