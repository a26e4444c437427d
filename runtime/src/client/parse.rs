//! The parser (feature `client`): see the [module docs](super).

use core::str::FromStr;
use core::time::Duration;
use std::time::SystemTime;

use serde_json::Value;

use super::{CatalogCode, Code};
use crate::__private::{Entry, Op, Piece, Slot};
use crate::retry::{parse_retry_after, RetryAdvice};

/// An error response, understood.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedError<C> {
    /// The HTTP status of the response.
    pub status: u16,
    /// `None` only when the body has no code member and no catalog message matches it.
    pub code: Option<Code<C>>,
    pub message: Option<String>,
    /// The entry's fields (`$details`), as sent.
    pub details: Option<Value>,
    /// Field -> messages (`$errors`).
    pub errors: Option<Value>,
    /// The failing field's name (`$field`).
    pub field: Option<String>,
    pub request_id: Option<String>,
    pub retry: RetryAdvice,
    /// The whole body, so nothing the server sent is lost (`Null` when it was not JSON).
    pub body: Value,
}

/// One step of a path into a body.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

type Path = Vec<Step>;

/// Where an envelope keeps what a client wants, learnt from one entry's body program.
#[derive(Debug, Clone, PartialEq, Default)]
struct Shape {
    code: Option<Path>,
    status: Option<Path>,
    message: Option<Path>,
    details: Option<Path>,
    errors: Option<Path>,
    field: Option<Path>,
    request_id: Option<Path>,
    retry_after: Option<Path>,
    /// Literal members (`"success": false`, `"status": "error"`): a body that has them equal is
    /// more likely in this envelope.
    markers: Vec<(Path, Value)>,
    /// Learnt from an entry whose body is its own (not masked, not internal). Only these say
    /// where the message is: a masked or internal body carries a title or another entry's text
    /// where a skeleton cannot tell them apart.
    public: bool,
}

/// A parser for one catalog's error responses. Build it once (it walks every entry's body
/// program) and share it.
#[derive(Debug)]
pub struct Parser<C: 'static> {
    codes: Vec<(C, &'static Entry)>,
    /// Distinct shapes, in catalog order.
    shapes: Vec<Shape>,
    /// Per code, the index of its shape, for message matching in code-less envelopes.
    shape_of: Vec<usize>,
}

impl<C: CatalogCode> Parser<C> {
    /// The parser for the catalog `C` is the code enum of (the generated `ErrorCode`).
    pub fn for_catalog() -> Self {
        Parser::new(C::all().iter().map(|code| (*code, code.entry())))
    }
}

impl<C: Copy + PartialEq + FromStr + 'static> Parser<C> {
    /// `codes`: every code of the catalog with its compiled entry.
    pub fn new(codes: impl IntoIterator<Item = (C, &'static Entry)>) -> Self {
        let codes: Vec<_> = codes.into_iter().collect();
        let mut shapes: Vec<Shape> = Vec::new();
        let mut shape_of = Vec::with_capacity(codes.len());
        for (_, entry) in &codes {
            let shape = Shape::learn(entry);
            let index = match shapes.iter().position(|s| *s == shape) {
                Some(index) => index,
                None => {
                    shapes.push(shape);
                    shapes.len() - 1
                }
            };
            shape_of.push(index);
        }
        Parser {
            codes,
            shapes,
            shape_of,
        }
    }

    /// Parses a response: its status, its `Retry-After` header if any, its body bytes. Never
    /// fails: a body that is not JSON, or in no known envelope, gives a result with what could
    /// be found (at least the status and the retry advice).
    pub fn parse(&self, status: u16, retry_after: Option<&str>, body: &[u8]) -> ParsedError<C> {
        let body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let shape = self.best_shape(status, &body);
        let text = |path: &Option<Path>| {
            let found = lookup(&body, path.as_ref()?)?;
            found.as_str().map(str::to_owned)
        };
        let value = |path: &Option<Path>| {
            let found = lookup(&body, path.as_ref()?)?;
            (!found.is_null()).then(|| found.clone())
        };
        let message = shape.and_then(|s| text(&s.message));
        let code = match shape.and_then(|s| text(&s.code)) {
            Some(code) => Some(match C::from_str(&code) {
                Ok(known) => Code::Known(known),
                Err(_) => Code::Unknown(code),
            }),
            None => self
                .match_message(status, message.as_deref())
                .map(Code::Known),
        };
        // The code's own entry knows its envelope best (which optional members it has):
        // read the rest through its shape when the body fits it.
        let shape = match code.as_ref().and_then(|c| self.shape_for(c)) {
            Some(own) if own.score(status, &body).is_some() => Some(own),
            _ => shape,
        };
        let entry = code.as_ref().and_then(|code| self.entry_for(code));
        let retryable = match entry {
            Some(entry) => entry.retryable,
            None => matches!(status, 429 | 500 | 502 | 503 | 504),
        };
        let header = retry_after.and_then(|v| parse_retry_after(v, SystemTime::now()));
        let in_body = shape
            .and_then(|s| lookup(&body, s.retry_after.as_ref()?))
            .or_else(|| find_member(&body, &["retryAfter", "retry_after"]))
            .and_then(Value::as_u64)
            .map(Duration::from_secs);
        ParsedError {
            status,
            details: shape.and_then(|s| value(&s.details)),
            errors: shape.and_then(|s| value(&s.errors)),
            field: shape.and_then(|s| text(&s.field)),
            request_id: shape.and_then(|s| text(&s.request_id)),
            retry: RetryAdvice {
                retryable,
                retry_after: header.or(in_body),
            },
            message,
            code,
            body,
        }
    }

    /// The entry a client-visible code string stands for.
    fn entry_for(&self, code: &Code<C>) -> Option<&'static Entry> {
        let known = code.known()?;
        self.codes.iter().find(|(c, _)| c == known).map(|(_, e)| *e)
    }

    /// The shape learnt from a known code's own entry.
    fn shape_for(&self, code: &Code<C>) -> Option<&Shape> {
        let known = code.known()?;
        let index = self.codes.iter().position(|(c, _)| c == known)?;
        self.shapes
            .get(*self.shape_of.get(index)?)
            .filter(|shape| shape.public)
    }

    /// The shape that explains most of `body`: every path it has must be there (with the right
    /// type), each found path and each equal marker scores.
    fn best_shape(&self, status: u16, body: &Value) -> Option<&Shape> {
        let mut best: Option<(&Shape, (bool, usize))> = None;
        for shape in &self.shapes {
            let Some(score) = shape.score(status, body) else {
                continue;
            };
            // Shapes of public entries first: they know where the message is.
            let rank = (shape.public, score);
            if best.is_none_or(|(_, top)| rank > top) {
                best = Some((shape, rank));
            }
        }
        best.map(|(shape, _)| shape)
    }

    /// For envelopes without a code: the public entry with this status whose message template
    /// matches `message`, the most specific (most literal text) first.
    fn match_message(&self, status: u16, message: Option<&str>) -> Option<C> {
        let message = message?;
        let mut best: Option<(C, usize)> = None;
        for (index, (code, entry)) in self.codes.iter().enumerate() {
            let codeless = self
                .shapes
                .get(self.shape_of[index])
                .is_some_and(|s| s.code.is_none());
            // A masked entry answers as its exposed entry, which is matched on its own.
            if !codeless || entry.code != entry.public_code || entry.public_status != status {
                continue;
            }
            let literal = if entry.internal {
                // Its body says the title where the message goes.
                if entry.public_title != message {
                    continue;
                }
                entry.public_title.len()
            } else {
                if !matches_pieces(entry.display, message) {
                    continue;
                }
                entry
                    .display
                    .iter()
                    .map(|p| match p {
                        Piece::Lit(text) => text.len(),
                        Piece::Arg(_) => 0,
                    })
                    .sum()
            };
            if best.is_none_or(|(_, top)| literal > top) {
                best = Some((*code, literal));
            }
        }
        best.map(|(code, _)| code)
    }
}

/// An entry whose body carries its own code and message (not masked, not internal).
fn is_public(entry: &Entry) -> bool {
    !entry.internal && entry.code == entry.public_code
}

impl Shape {
    /// Reads `entry`'s body program as a JSON skeleton.
    fn learn(entry: &Entry) -> Shape {
        let mut skeleton = Skeleton::default();
        for op in entry.body {
            match *op {
                Op::Raw(text) => skeleton.raw(text),
                Op::Value(slot) => skeleton.leaf(Leaf::Slot(slot)),
                Op::Text(slot) => skeleton.text(slot),
                Op::Member { key, slot } => {
                    skeleton.raw(key);
                    skeleton.leaf(Leaf::Slot(slot));
                }
                // `Sep` (and any later instruction that writes no member of its own).
                _ => {}
            }
        }
        let mut shape = Shape {
            public: is_public(entry),
            ..Shape::default()
        };
        let status = entry.public_status.to_string();
        for (path, leaf) in &skeleton.leaves {
            let put = |slot: &mut Option<Path>| {
                if slot.is_none() {
                    *slot = Some(path.clone());
                }
            };
            match leaf {
                Leaf::Str(segments) => {
                    if let [Segment::Lit(text)] = segments.as_slice() {
                        if *text == entry.public_code && shape.code.is_none() {
                            put(&mut shape.code);
                            continue;
                        }
                    }
                    if is_public(entry) && same_pieces(segments, entry.display) {
                        put(&mut shape.message);
                    } else if let [Segment::Lit(text)] = segments.as_slice() {
                        shape
                            .markers
                            .push((path.clone(), Value::String(text.clone())));
                    }
                }
                Leaf::Scalar(value) => {
                    if value.as_u64().is_some_and(|n| n.to_string() == status)
                        && shape.status.is_none()
                    {
                        put(&mut shape.status);
                    } else {
                        shape.markers.push((path.clone(), value.clone()));
                    }
                }
                Leaf::Slot(Slot::Errors) => put(&mut shape.errors),
                Leaf::Slot(Slot::Field) => put(&mut shape.field),
                Leaf::Slot(Slot::RequestId) => put(&mut shape.request_id),
                Leaf::Slot(Slot::Arg(index)) => {
                    if let Some([Piece::Arg(arg)]) = entry.retry_after {
                        if arg == index {
                            put(&mut shape.retry_after);
                        }
                    }
                }
                Leaf::Slot(Slot::Timestamp | Slot::Instance) => {}
            }
        }
        shape.details = skeleton.details(entry.fields);
        // Markers that merely repeat this entry's own text (a problem+json `title`, `type`)
        // would make other codes of the same envelope look foreign; keep only what no entry
        // field decides.
        shape.markers.retain(|(_, value)| {
            value
                .as_str()
                .is_none_or(|s| s != entry.public_title && Some(s) != entry.public_docs_url)
        });
        shape
    }

    /// `None` when `body` lacks a path this shape has; else how much of it the shape explains.
    fn score(&self, status: u16, body: &Value) -> Option<usize> {
        let mut score = 0;
        for (path, string) in [(&self.code, true), (&self.message, true)] {
            if let Some(path) = path {
                let found = lookup(body, path)?;
                if string && !found.is_string() {
                    return None;
                }
                score += 2;
            }
        }
        if let Some(path) = &self.status {
            if lookup(body, path)?.as_u64() != Some(u64::from(status)) {
                return None;
            }
            score += 2;
        }
        for (path, value) in &self.markers {
            if lookup(body, path) == Some(value) {
                score += 1;
            }
        }
        // Optional members (`$details?`, `$field?`, ...) only add when they are there.
        let optional = [
            &self.details,
            &self.errors,
            &self.field,
            &self.request_id,
            &self.retry_after,
        ];
        for path in optional.into_iter().flatten() {
            if lookup(body, path).is_some() {
                score += 1;
            }
        }
        Some(score)
    }
}

fn lookup<'v>(mut value: &'v Value, path: &[Step]) -> Option<&'v Value> {
    for step in path {
        value = match step {
            Step::Key(key) => value.as_object()?.get(key)?,
            Step::Index(index) => value.as_array()?.get(*index)?,
        };
    }
    Some(value)
}

/// The first member named one of `names`, anywhere in `value` (breadth first, so the top level
/// wins).
fn find_member<'v>(value: &'v Value, names: &[&str]) -> Option<&'v Value> {
    let mut queue = std::collections::VecDeque::from([value]);
    // Bounded: a hostile body cannot make this walk more than its own size.
    while let Some(value) = queue.pop_front() {
        if let Some(object) = value.as_object() {
            if let Some(found) = names.iter().find_map(|name| object.get(*name)) {
                return Some(found);
            }
            queue.extend(object.values());
        } else if let Some(array) = value.as_array() {
            queue.extend(array);
        }
    }
    None
}

/// Does `message` fit the pieces, each `Arg` standing for any text? (Leftmost match of each
/// literal after an argument, which is exact for the one-placeholder messages catalogs have
/// and a good guess otherwise.)
fn matches_pieces(pieces: &[Piece], message: &str) -> bool {
    let mut rest = message;
    let mut after_arg = false;
    for piece in pieces {
        match piece {
            Piece::Arg(_) => after_arg = true,
            Piece::Lit(text) => {
                if after_arg {
                    match rest.find(text) {
                        Some(at) => rest = &rest[at + text.len()..],
                        None => return false,
                    }
                } else if let Some(tail) = rest.strip_prefix(text) {
                    rest = tail;
                } else {
                    return false;
                }
                after_arg = false;
            }
        }
    }
    after_arg || rest.is_empty()
}

/// Are a skeleton string's segments the message pieces (literal text equal, arguments at the
/// same places)?
fn same_pieces(segments: &[Segment], pieces: &[Piece]) -> bool {
    let mut flat = Vec::new();
    for piece in pieces {
        match (piece, flat.last_mut()) {
            (Piece::Lit(text), Some(Segment::Lit(last))) => last.push_str(text),
            (Piece::Lit(text), _) => flat.push(Segment::Lit((*text).to_owned())),
            (Piece::Arg(index), _) => flat.push(Segment::Slot(Slot::Arg(*index))),
        }
    }
    flat.retain(|s| !matches!(s, Segment::Lit(text) if text.is_empty()));
    !flat.is_empty() && flat == segments
}

/// A value in the skeleton.
#[derive(Debug, Clone, PartialEq)]
enum Leaf {
    /// A string: literal text and slots interpolated into it.
    Str(Vec<Segment>),
    /// A literal number, `true`, `false` or `null`.
    Scalar(Value),
    /// A whole value from a slot.
    Slot(Slot),
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Lit(String),
    Slot(Slot),
}

#[derive(Debug, Default)]
struct Frame {
    object: bool,
    /// The pending key of an object member, or the next index of an array.
    key: Option<String>,
    index: usize,
    /// (key, arg index) of members whose value is a whole `Arg` slot; `None` once any member
    /// is something else.
    args: Option<Vec<(String, u8)>>,
}

#[derive(Debug)]
enum Lex {
    Between,
    Key(String),
    Str(Vec<Segment>, String),
    Scalar(String),
}

/// A JSON lexer fed the body program's raw fragments in order, recording every leaf with its
/// path. Raw text is JSON made at build time, so it is well formed; a malformed fragment only
/// makes the shape learn less, never panics.
#[derive(Debug)]
struct Skeleton {
    stack: Vec<Frame>,
    lex: Lex,
    leaves: Vec<(Path, Leaf)>,
    /// Objects whose members were all whole `Arg` slots: path and (key, arg).
    arg_objects: Vec<(Path, Vec<(String, u8)>)>,
}

impl Default for Skeleton {
    fn default() -> Self {
        Skeleton {
            stack: Vec::new(),
            lex: Lex::Between,
            leaves: Vec::new(),
            arg_objects: Vec::new(),
        }
    }
}

impl Skeleton {
    fn path(&self) -> Path {
        let mut path = Vec::with_capacity(self.stack.len());
        for frame in &self.stack {
            if frame.object {
                if let Some(key) = &frame.key {
                    path.push(Step::Key(key.clone()));
                }
            } else {
                path.push(Step::Index(frame.index));
            }
        }
        path
    }

    fn leaf(&mut self, leaf: Leaf) {
        let path = self.path();
        if let Some(frame) = self.stack.last_mut() {
            if frame.object {
                let key = frame.key.take().unwrap_or_default();
                match (&leaf, frame.args.as_mut()) {
                    (Leaf::Slot(Slot::Arg(arg)), Some(args)) => args.push((key, *arg)),
                    _ => frame.args = None,
                }
            }
        }
        self.leaves.push((path, leaf));
    }

    /// A slot's text inside a string that `Raw` opened.
    fn text(&mut self, slot: Slot) {
        if let Lex::Str(segments, pending) = &mut self.lex {
            if !pending.is_empty() {
                segments.push(Segment::Lit(unescape(pending)));
                pending.clear();
            }
            segments.push(Segment::Slot(slot));
        }
    }

    fn raw(&mut self, text: &str) {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match &mut self.lex {
                Lex::Key(raw) | Lex::Str(_, raw) if c == '\\' => {
                    raw.push(c);
                    if let Some(next) = chars.next() {
                        raw.push(next);
                    }
                }
                Lex::Key(raw) if c == '"' => {
                    let key = unescape(raw);
                    if let Some(frame) = self.stack.last_mut() {
                        frame.key = Some(key);
                    }
                    self.lex = Lex::Between;
                }
                Lex::Str(segments, raw) if c == '"' => {
                    if !raw.is_empty() || segments.is_empty() {
                        segments.push(Segment::Lit(unescape(raw)));
                    }
                    let segments = core::mem::take(segments);
                    self.lex = Lex::Between;
                    self.leaf(Leaf::Str(segments));
                }
                Lex::Key(raw) | Lex::Str(_, raw) => raw.push(c),
                Lex::Scalar(raw) if c.is_ascii_alphanumeric() || "+-.".contains(c) => raw.push(c),
                Lex::Scalar(raw) => {
                    let scalar = serde_json::from_str(raw).unwrap_or(Value::Null);
                    self.lex = Lex::Between;
                    self.leaf(Leaf::Scalar(scalar));
                    self.between(c);
                }
                Lex::Between => self.between(c),
            }
        }
    }

    fn between(&mut self, c: char) {
        match c {
            '{' | '[' => {
                self.stack.push(Frame {
                    object: c == '{',
                    args: Some(Vec::new()),
                    ..Frame::default()
                });
            }
            '}' | ']' => {
                let frame = self.stack.pop();
                if let Some(Frame {
                    object: true,
                    args: Some(args),
                    ..
                }) = frame
                {
                    if !args.is_empty() {
                        // The object's own path: its parent's pending key.
                        self.arg_objects.push((self.path(), args));
                    }
                }
                // The container is a value of its parent: consume the parent's key.
                if let Some(parent) = self.stack.last_mut() {
                    if parent.object {
                        parent.key = None;
                        parent.args = None;
                    }
                }
            }
            ',' => {
                if let Some(frame) = self.stack.last_mut() {
                    if !frame.object {
                        frame.index += 1;
                    }
                }
            }
            '"' => {
                let wants_key = self
                    .stack
                    .last()
                    .is_some_and(|f| f.object && f.key.is_none());
                self.lex = if wants_key {
                    Lex::Key(String::new())
                } else {
                    Lex::Str(Vec::new(), String::new())
                };
            }
            c if c.is_whitespace() || c == ':' => {}
            c => self.lex = Lex::Scalar(c.to_string()),
        }
    }

    /// The `$details` object: one whose members are exactly the entry's fields, each a whole
    /// `Arg` slot in field order.
    fn details(&self, fields: &[&str]) -> Option<Path> {
        self.arg_objects.iter().find_map(|(path, args)| {
            let all_fields = args.iter().all(|(key, arg)| {
                fields
                    .get(usize::from(*arg))
                    .is_some_and(|name| name == key)
            });
            all_fields.then(|| path.clone())
        })
    }
}

/// The text of a JSON string's inside (escapes resolved); malformed escapes are kept as
/// written.
fn unescape(raw: &str) -> String {
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_templates_match_with_arguments_as_wildcards() {
        let pieces = [
            Piece::Lit("Collection '"),
            Piece::Arg(0),
            Piece::Lit("' not found"),
        ];
        assert!(matches_pieces(&pieces, "Collection 'users' not found"));
        assert!(matches_pieces(&pieces, "Collection '' not found"));
        assert!(!matches_pieces(&pieces, "Collection 'users' missing"));
        assert!(!matches_pieces(&pieces, "Record not found"));
        assert!(matches_pieces(
            &[Piece::Lit("Record not found")],
            "Record not found"
        ));
        assert!(!matches_pieces(&[Piece::Lit("Record")], "Record not found"));
        assert!(matches_pieces(&[Piece::Arg(0)], "anything"));
        assert!(matches_pieces(&[], ""));
    }

    #[test]
    fn the_skeleton_records_paths_of_literals_and_slots() {
        let mut s = Skeleton::default();
        for op in [
            Op::Raw(r#"{"success":false,"error":{"code":"VALIDATION_ERROR","message":"The '"#),
            Op::Text(Slot::Arg(0)),
            Op::Raw(r#"' \"field\" is bad","details":{"field":"#),
            Op::Value(Slot::Arg(0)),
            Op::Raw(r#","constraint":"#),
            Op::Value(Slot::Arg(1)),
            Op::Raw("}"),
            Op::Member {
                key: r#""field":"#,
                slot: Slot::Field,
            },
            Op::Raw(r#"},"list":[1,"x"],"n":-1.5e3}"#),
        ] {
            match op {
                Op::Raw(text) => s.raw(text),
                Op::Text(slot) => s.text(slot),
                Op::Value(slot) => s.leaf(Leaf::Slot(slot)),
                Op::Member { key, slot } => {
                    s.raw(key);
                    s.leaf(Leaf::Slot(slot));
                }
                _ => {}
            }
        }
        let key = |k: &str| Step::Key(k.to_owned());
        let leaves: Vec<_> = s
            .leaves
            .iter()
            .map(|(p, l)| (p.clone(), l.clone()))
            .collect();
        assert_eq!(
            leaves,
            vec![
                (vec![key("success")], Leaf::Scalar(Value::Bool(false))),
                (
                    vec![key("error"), key("code")],
                    Leaf::Str(vec![Segment::Lit("VALIDATION_ERROR".into())])
                ),
                (
                    vec![key("error"), key("message")],
                    Leaf::Str(vec![
                        Segment::Lit("The '".into()),
                        Segment::Slot(Slot::Arg(0)),
                        Segment::Lit("' \"field\" is bad".into()),
                    ])
                ),
                (
                    vec![key("error"), key("details"), key("field")],
                    Leaf::Slot(Slot::Arg(0))
                ),
                (
                    vec![key("error"), key("details"), key("constraint")],
                    Leaf::Slot(Slot::Arg(1))
                ),
                (vec![key("error"), key("field")], Leaf::Slot(Slot::Field)),
                (
                    vec![key("list"), Step::Index(0)],
                    Leaf::Scalar(Value::from(1))
                ),
                (
                    vec![key("list"), Step::Index(1)],
                    Leaf::Str(vec![Segment::Lit("x".into())])
                ),
                (vec![key("n")], Leaf::Scalar(serde_json::json!(-1.5e3))),
            ]
        );
        assert_eq!(
            s.details(&["field", "constraint"]),
            Some(vec![key("error"), key("details")])
        );
        assert_eq!(s.details(&["constraint", "field"]), None);
    }

    #[test]
    fn hostile_fragments_never_panic() {
        for text in [
            "",
            "}",
            "]]]",
            "{\"",
            "\"\\",
            "{\"a\":tru",
            "{:::,,,}",
            "[\"\\u12\"]",
        ] {
            let mut s = Skeleton::default();
            s.raw(text);
            s.text(Slot::Arg(0));
            s.leaf(Leaf::Slot(Slot::Field));
            s.raw(text);
            let _ = s.details(&[]);
        }
    }
}
