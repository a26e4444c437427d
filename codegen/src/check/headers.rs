//! An entry's `headers`: names that are header names, set once, values that are
//! templates.

use crate::load::{Key, Node, Pos};
use crate::model::Header;

use super::report::{with_help, At};
use super::Checker;

impl<'s> Checker<'_, 's> {
    /// Rule: header names are RFC 7230 tokens, unique ignoring case; values are templates.
    /// Returns the valid headers and, beside them, the node of each one's value (for locating
    /// its placeholders): two vectors, so the headers go into the model as they are.
    pub(super) fn headers<'n>(
        &self,
        at: At<'_, 's>,
        written: Option<(&Key, &'n Node)>,
    ) -> (Vec<Header>, Vec<&'n Node>) {
        let mut out = Vec::new();
        let mut nodes = Vec::new();
        let Some((_, node)) = written else {
            return (out, nodes);
        };
        let mut seen: Vec<(String, Pos)> = Vec::new();
        self.map(at, "headers", node, &[], |k, v| {
            let key = format!("headers.{}", k.text);
            if k.text.is_empty() || !k.text.bytes().all(is_token_byte) {
                self.push(with_help(
                    at.error(
                        k.pos,
                        &key,
                        format!("`{}` is not a valid header name", k.text),
                    ),
                    "header names are letters, digits and !#$%&'*+-.^_`|~ (RFC 7230 token)",
                ));
            }
            let lower = k.text.to_ascii_lowercase();
            if let Some((_, first)) = seen.iter().find(|(l, _)| *l == lower) {
                let mut d = at.error(k.pos, &key, format!("header `{}` is set twice", k.text));
                d.notes
                    .push((at.file_of(&key).location(*first), "first set here".into()));
                self.push(d);
            } else {
                seen.push((lower, k.pos));
            }
            if let Some((value, _)) = self.template(at, &key, v) {
                let name = k.text.to_string();
                out.push(Header { name, value });
                nodes.push(v);
            }
            true
        });
        (out, nodes)
    }
}

/// RFC 7230 `tchar`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
