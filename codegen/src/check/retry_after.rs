//! An entry's `retry_after`: whole seconds, or a template over integer fields, and
//! never also a header.

use crate::load::{Key, Node, Pos};
use crate::model::{Field, FieldType, Header, Segment, Template};

use super::fields::FieldSet;
use super::position::placeholder_pos;
use super::report::{with_help, At};
use super::Checker;

impl<'s> Checker<'_, 's> {
    /// Rule: `retry_after` is a whole number of seconds, or a template over integer fields.
    /// Returns the template with its node (for locating its placeholders).
    pub(super) fn retry_after<'n>(
        &self,
        at: At<'_, 's>,
        written: Option<(&Key, &'n Node)>,
        fields: &FieldSet,
    ) -> Option<(Template, &'n Node)> {
        let (_, node) = written?;
        let template = self.retry_after_value(at, node, &fields.all)?;
        Some((template, node))
    }

    fn retry_after_value(
        &self,
        at: At<'_, 's>,
        node: &Node,
        fields: &[(Field, Pos)],
    ) -> Option<Template> {
        let Some(s) = node.as_scalar() else {
            // Reports "expected a string, found a list/mapping".
            self.template(at, "retry_after", node);
            return None;
        };
        if let Some(digits) = s.as_int_text() {
            if digits.starts_with('-') {
                self.push(at.error(
                    node.pos,
                    "retry_after",
                    "`retry_after` must not be negative",
                ));
                return None;
            }
            let digits = digits.trim_start_matches('+');
            if digits.parse::<u32>().is_err() {
                self.push(with_help(
                    at.error(
                        node.pos,
                        "retry_after",
                        format!("`retry_after: {digits}` is too large"),
                    ),
                    "Retry-After is in seconds, at most 4294967295",
                ));
                return None;
            }
            return Some(Template::literal(digits));
        }
        let (template, _) = self.template(at, "retry_after", node)?;
        let mut ok = true;
        for segment in &template.segments {
            match segment {
                Segment::Literal(text) if !text.bytes().all(|b| b.is_ascii_digit()) => {
                    ok = false;
                    self.push(with_help(
                        at.error(node.pos, "retry_after", format!("`retry_after` must be a number of seconds, found `{}`", s.text)),
                        "write a number (`retry_after: 60`) or a placeholder of an integer field (`\"{retry_after}\"`)",
                    ));
                    break;
                }
                Segment::Placeholder(name) => {
                    if let Some((field, _)) = fields.iter().find(|(f, _)| f.name == *name) {
                        let integer =
                            matches!(field.ty, FieldType::U32 | FieldType::U64 | FieldType::I64);
                        if !integer {
                            ok = false;
                            self.push(with_help(
                                at.error(
                                    placeholder_pos(at.file_of("retry_after"), node.pos, s, name),
                                    "retry_after",
                                    format!(
                                        "`retry_after` uses `{{{name}}}`, a `{}` field",
                                        field.ty.as_str()
                                    ),
                                ),
                                format!("declare `{name}` with `type: u32` (whole seconds)"),
                            ));
                        }
                    }
                }
                Segment::Literal(_) => {}
            }
        }
        ok.then_some(template)
    }

    /// Rule: `Retry-After` comes from `retry_after` alone, never also from `headers`.
    pub(super) fn retry_after_not_in_headers(
        &self,
        at: At<'_, 's>,
        written: Option<(&Key, &Node)>,
        headers: &[Header],
    ) {
        let Some((key, _)) = written else {
            return;
        };
        if headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("retry-after"))
        {
            self.push(with_help(
                at.error(
                    key.pos,
                    "retry_after",
                    "`Retry-After` is set both by `retry_after` and in `headers`",
                ),
                "keep `retry_after` and remove the header",
            ));
        }
    }
}
