//! YAML text to a raw tree that remembers where every node was written.
//!
//! saphyr-parser gives located events; this module folds them into [`Node`]s (scalars keep their
//! text as written plus their style, so a plain `22225` stays the string "22225" and a quoted
//! `"404"` can be told from `404`). Everything YAML allows but a catalog has no use for
//! (aliases, several documents, non-string keys, absurd nesting) is rejected here with a located
//! diagnostic, so the checker only ever sees plain trees. Nothing in here panics on input.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::source::{Pos, SourceFile};
use crate::diag::{Ctxt, Diagnostic};
use crate::keys;

/// Deeper nesting than this is certainly a mistake (or an attack); the limit also keeps every
/// recursive walk over the tree, including `Drop`, far from the stack's end.
pub(crate) const MAX_DEPTH: usize = 64;

/// A node of the raw tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    /// Keys in the order written, each unique (duplicates are reported and dropped here).
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scalar {
    pub text: String,
    pub style: ScalarStyle,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    /// Borrowed (see `known_keys!`) for the keys catalogs repeat in every entry: their
    /// strings are freed at once instead of living as long as the tree.
    pub text: Cow<'static, str>,
    pub pos: Pos,
}

/// A key's text, borrowed when it is a key of the format (see [`keys::intern`]).
fn key_text(text: String) -> Cow<'static, str> {
    keys::intern(&text).map_or(Cow::Owned(text), Cow::Borrowed)
}

impl Scalar {
    pub fn is_plain(&self) -> bool {
        self.style == ScalarStyle::Plain
    }

    /// A plain `~`, `null` or nothing at all (YAML 1.2 core schema).
    pub fn is_null(&self) -> bool {
        self.is_plain() && matches!(self.text.as_str(), "" | "~" | "null" | "Null" | "NULL")
    }

    pub fn as_bool(&self) -> Option<bool> {
        if !self.is_plain() {
            return None;
        }
        match self.text.as_str() {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => None,
        }
    }

    /// A plain decimal integer (`404`, `-3`, `+7`), as written; `None` for anything else.
    pub fn as_int_text(&self) -> Option<&str> {
        let digits = self
            .text
            .strip_prefix(['-', '+'])
            .unwrap_or(self.text.as_str());
        (self.is_plain() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then_some(self.text.as_str())
    }

    /// A plain number in JSON's grammar (`1`, `-2.5`, `1e3`) that is finite as an `f64`
    /// (`1e999` is not: no JSON parser could read it back as a number).
    pub fn as_json_number(&self) -> Option<&str> {
        (self.is_plain()
            && is_json_number(&self.text)
            && self.text.parse::<f64>().is_ok_and(f64::is_finite))
        .then_some(self.text.as_str())
    }

    /// What this scalar is, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        if self.is_null() {
            "null"
        } else if self.as_bool().is_some() {
            "a boolean"
        } else if self.as_json_number().is_some() {
            "a number"
        } else {
            "a string"
        }
    }
}

/// JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
pub(crate) fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.first() == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

impl Node {
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar(s) => s.describe(),
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            Kind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.as_scalar().is_some_and(Scalar::is_null)
    }

    /// The text of a value that a key takes as text: `Ok(None)` for null, which means "not
    /// given"; `Err` for a list or a mapping. The loader reads `include` with it, the checker
    /// every other text key, so both say the same about a value of the wrong shape.
    pub fn text(&self) -> Result<Option<&str>, NotText<'_>> {
        match &self.kind {
            Kind::Scalar(s) if s.is_null() => Ok(None),
            Kind::Scalar(s) => Ok(Some(&s.text)),
            _ => Err(NotText(self)),
        }
    }

    /// The value of `key` in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|(k, _)| k.text == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Removes `key` from a mapping node and returns it with its value (the rest of the mapping
    /// stays as written, in order).
    pub fn take(&mut self, key: &str) -> Option<(Key, Node)> {
        match &mut self.kind {
            Kind::Map(entries) => {
                let i = entries.iter().position(|(k, _)| k.text == key)?;
                Some(entries.remove(i))
            }
            _ => None,
        }
    }
}

/// A list or a mapping where text was expected (see [`Node::text`]).
pub(crate) struct NotText<'n>(&'n Node);

impl NotText<'_> {
    /// "expected a string for `key`" at the value, with `path` the key's full path
    /// (`errors[3].title`).
    pub fn diagnostic(&self, file: &SourceFile<'_>, path: &str, key: &str) -> Diagnostic {
        let node = self.0;
        let d = file.error(
            node.pos.start(),
            path,
            format!("expected a string for `{key}`, found {}", node.describe()),
        );
        match &node.kind {
            Kind::Map(entries)
                if entries.len() == 1 && entries[0].0.pos.line == entries[0].1.pos.line =>
            {
                Diagnostic {
                    help: Some(
                        "unquoted text containing `: ` starts a mapping; put the text in quotes"
                            .into(),
                    ),
                    ..d
                }
            }
            _ => d,
        }
    }
}

/// A container being built while its events arrive.
/// Its children wait in [`Scratch`] from the index it holds until it closes.
enum Open {
    Seq(Pos, usize),
    Map(Pos, usize, Option<Key>),
}

/// The children of every open container, innermost last. A container takes its children
/// out when it closes, into a vector of exactly their number: one allocation per container
/// and no regrowth, which keeps the tree (and the page faults of building it) small.
#[derive(Default)]
struct Scratch {
    items: Vec<Node>,
    members: Vec<(Key, Node)>,
}

/// Parses one file into its document's root node. `None` when the file has a syntax error (all
/// reported in `cx`) or holds no document at all (reported too: an empty catalog).
pub(crate) fn parse(file: &SourceFile<'_>, cx: &Ctxt) -> Option<Node> {
    let mut stack: Vec<Open> = Vec::new();
    let mut scratch = Scratch::default();
    let mut root: Option<Node> = None;
    let mut documents = 0usize;
    let mut failed = false;
    for item in Parser::new_from_str(&file.text) {
        let (event, span) = match item {
            Ok(ok) => ok,
            Err(e) => {
                let m = e.marker();
                let pos = Pos::from_markers(m, m).start();
                let mut d = file.error(pos, "", format!("invalid YAML: {}", e.info()));
                if file.line(pos.line).is_some_and(|l| l.contains('\t')) {
                    d.help = Some("YAML does not allow tabs for indentation; use spaces".into());
                }
                cx.push(d);
                return None;
            }
        };
        let pos = Pos::from_span(&span);
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents == 2 {
                    let mut d = file.error(pos.start(), "", "a catalog is one YAML document");
                    d.help = Some("remove the `---` that starts a second document, or split the catalog with `include`".into());
                    cx.push(d);
                    failed = true;
                }
                continue;
            }
            Event::Alias(_) => {
                let mut d = file.error(pos, "", "aliases are not supported in catalogs");
                d.help = Some("write the value out where it is used".into());
                cx.push(d);
                failed = true;
                // Stand in a null so the surrounding mapping stays well formed.
                Node {
                    pos,
                    kind: Kind::Scalar(Scalar {
                        text: String::new(),
                        style: ScalarStyle::Plain,
                    }),
                }
            }
            Event::Scalar(text, style, _anchor, _tag) => Node {
                pos,
                kind: Kind::Scalar(Scalar {
                    text: text.into_owned(),
                    style,
                }),
            },
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    let mut d = file.error(
                        pos.start(),
                        "",
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    );
                    d.help = Some("a catalog never needs this much nesting".into());
                    cx.push(d);
                    return None;
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq(pos, scratch.items.len())
                } else {
                    Open::Map(pos, scratch.members.len(), None)
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = stack.pop() else { continue };
                close(file, open, &mut scratch, &span, cx)
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => continue,
        };
        match stack.last_mut() {
            Some(Open::Seq(..)) => scratch.items.push(node),
            Some(Open::Map(_, _, pending)) => match pending.take() {
                Some(key) => scratch.members.push((key, node)),
                None => match node.kind {
                    Kind::Scalar(s) => {
                        *pending = Some(Key {
                            text: key_text(s.text),
                            pos: node.pos,
                        })
                    }
                    _ => {
                        cx.push(file.error(
                            node.pos.start(),
                            "",
                            format!("mapping keys must be strings, found {}", node.describe()),
                        ));
                        failed = true;
                        *pending = Some(Key {
                            text: Cow::Borrowed(""),
                            pos: node.pos,
                        });
                    }
                },
            },
            None => {
                if documents <= 1 {
                    root = Some(node);
                }
            }
        }
    }
    if failed {
        return None;
    }
    match root {
        Some(root) if !root.is_null() => Some(root),
        _ => {
            let first = Pos {
                line: 1,
                col: 1,
                end_line: 1,
                end_col: 2,
            };
            let mut d = file.error(first, "", "empty catalog");
            d.help = Some("a catalog needs at least `service:` and `errors:`".into());
            cx.push(d);
            None
        }
    }
}

/// Finishes a container; for a mapping, reports duplicate keys (each pointing at the first) and
/// keeps the first of each.
fn close(file: &SourceFile<'_>, open: Open, scratch: &mut Scratch, end: &Span, cx: &Ctxt) -> Node {
    let end = Pos::from_span(end);
    let extend = |pos: Pos| Pos {
        end_line: end.end_line.max(end.line),
        end_col: if end.end_line >= end.line {
            end.end_col
        } else {
            end.col
        },
        ..pos
    };
    match open {
        Open::Seq(pos, start) => Node {
            pos: extend(pos),
            kind: Kind::Seq(scratch.items.drain(start..).collect()),
        },
        Open::Map(pos, start, _) => {
            let entries = dedup_keys(file, scratch.members.drain(start..).collect(), cx);
            Node {
                pos: extend(pos),
                kind: Kind::Map(entries),
            }
        }
    }
}

fn dedup_keys(file: &SourceFile<'_>, entries: Vec<(Key, Node)>, cx: &Ctxt) -> Vec<(Key, Node)> {
    // Small mappings (nearly all of them) are checked pairwise, without allocating unless a
    // duplicate exists; large ones through a hash map, so thousands of keys stay linear.
    let small = entries.len() <= 16;
    if small && !(1..entries.len()).any(|i| (0..i).any(|j| entries[j].0.text == entries[i].0.text))
    {
        return entries;
    }
    let duplicate_of: Vec<Option<usize>> = if small {
        (0..entries.len())
            .map(|i| (0..i).find(|&j| entries[j].0.text == entries[i].0.text))
            .collect()
    } else {
        let mut seen = std::collections::HashMap::with_capacity(entries.len());
        entries
            .iter()
            .enumerate()
            .map(|(i, (k, _))| {
                seen.get(&*k.text).copied().or_else(|| {
                    seen.insert(&*k.text, i);
                    None
                })
            })
            .collect()
    };
    if duplicate_of.iter().all(Option::is_none) {
        return entries;
    }
    for (i, first) in duplicate_of.iter().enumerate() {
        if let Some(first) = *first {
            let (key, _) = &entries[i];
            let mut d = file.error(key.pos, "", format!("duplicate key `{}`", key.text));
            d.notes.push((
                file.location(entries[first].0.pos),
                "first defined here".into(),
            ));
            cx.push(d);
        }
    }
    entries
        .into_iter()
        .zip(duplicate_of)
        .filter(|(_, dup)| dup.is_none())
        .map(|(entry, _)| entry)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    fn parse_str(text: &str) -> (Option<Node>, Vec<Diagnostic>) {
        let cx = Ctxt::new();
        let file = SourceFile::new(Arc::from(Path::new("t.yaml")), text.to_owned());
        let node = parse(&file, &cx);
        let diags = match cx.check() {
            Ok(w) => w,
            Err(e) => e.into_diagnostics(),
        };
        (node, diags)
    }

    #[test]
    fn scalars_keep_text_style_and_place() {
        let (node, diags) = parse_str("a: 22225\nb: \"404\"\n");
        assert!(diags.is_empty(), "{diags:?}");
        let Some(Node {
            kind: Kind::Map(entries),
            ..
        }) = node
        else {
            panic!("not a map")
        };
        assert_eq!(entries[0].0.text, "a");
        assert_eq!(entries[0].0.pos.line, 1);
        assert_eq!(entries[0].0.pos.col, 1);
        let a = entries[0].1.as_scalar().unwrap();
        assert_eq!((a.text.as_str(), a.as_int_text()), ("22225", Some("22225")));
        assert_eq!((entries[0].1.pos.col, entries[0].1.pos.end_col), (4, 9));
        let b = entries[1].1.as_scalar().unwrap();
        assert_eq!((b.text.as_str(), b.as_int_text()), ("404", None));
        assert_eq!((entries[1].1.pos.line, entries[1].1.pos.col), (2, 4));
    }

    #[test]
    fn duplicate_keys_point_at_the_first() {
        let (_, diags) = parse_str("a: 1\nb: 2\na: 3\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].message, "duplicate key `a`");
        assert_eq!(diags[0].location.line, 3);
        assert_eq!(diags[0].notes[0].0.line, 1);
    }

    #[test]
    fn rejects_what_catalogs_do_not_use() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: 1\n---\nb: 2\n",
            "",
            "# only a comment\n",
            "a: [1\n",
            "a:\n\t- 1\n",
            "? [1]\n: 2\n",
        ] {
            let (node, diags) = parse_str(text);
            assert!(node.is_none(), "{text:?}");
            assert!(diags.iter().any(Diagnostic::is_error), "{text:?}");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        let (node, diags) = parse_str(&deep);
        assert!(node.is_none());
        assert!(diags[0].message.contains("nesting"));
    }

    #[test]
    fn json_numbers() {
        for (s, ok) in [
            ("0", true),
            ("-1.5e3", true),
            ("01", false),
            ("1.", false),
            (".5", false),
            ("0x1f", false),
            ("1e", false),
        ] {
            assert_eq!(is_json_number(s), ok, "{s}");
        }
    }
}
