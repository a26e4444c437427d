//! The parser (feature `client`): see the [module docs](super).

use core::str::FromStr;
use core::time::Duration;
use std::time::SystemTime;

use serde_json::Value;

use super::{CatalogCode, Code};
use errcat_contract::Step;

use crate::private::{Entry, Piece};
use crate::retry::{parse_retry_after, RetryAdvice};

/// An error response, understood. With feature `serde` it serializes and deserializes (the
/// code as its string: a code the catalog does not know stays [`Code::Unknown`]).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize, ::serde::Deserialize),
    serde(bound(serialize = "C: ::serde::Serialize", deserialize = "C: FromStr"))
)]
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
    /// The body bytes as received.
    pub raw: Vec<u8>,
}

type Path = Vec<Step<String>>;

/// Where an envelope keeps what a client wants, as the generator wrote it into the table.
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
}

impl Shape {
    fn of(shape: errcat_contract::Shape) -> Shape {
        let [code, message, status, details, retry_after, errors, field, request_id] = shape.places;
        let markers = shape
            .markers
            .into_iter()
            .filter_map(|(path, json)| Some((path, serde_json::from_str(&json).ok()?)))
            .collect();
        Shape {
            code,
            status,
            message,
            details,
            errors,
            field,
            request_id,
            retry_after,
            markers,
        }
    }
}

/// A parser for one catalog's error responses. Build it once (it reads every envelope's shape
/// from the table) and share it.
#[derive(Debug)]
pub struct Parser<C: 'static> {
    codes: Vec<(C, &'static Entry)>,
    /// Distinct shapes, in catalog order.
    shapes: Vec<Shape>,
    /// Per code, the index of its shape.
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
        // Envelopes are per table; entries of one table share them.
        let mut seen: Vec<(*const errcat_contract::Table<'static>, usize)> = Vec::new();
        let mut shapes: Vec<Shape> = Vec::new();
        let mut shape_of = Vec::with_capacity(codes.len());
        for (_, entry) in &codes {
            let key = (entry.table() as *const _, entry.envelope());
            let index = match seen.iter().position(|k| *k == key) {
                Some(index) => index,
                None => {
                    seen.push(key);
                    shapes.push(Shape::of(entry.table().shape(entry.envelope())));
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
        let raw = body.to_vec();
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
            Some(entry) => entry.retryable(),
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
            raw,
        }
    }

    /// The entry a client-visible code string stands for.
    fn entry_for(&self, code: &Code<C>) -> Option<&'static Entry> {
        let known = code.known()?;
        self.codes.iter().find(|(c, _)| c == known).map(|(_, e)| *e)
    }

    /// The shape of a known code's own envelope.
    fn shape_for(&self, code: &Code<C>) -> Option<&Shape> {
        let known = code.known()?;
        let index = self.codes.iter().position(|(c, _)| c == known)?;
        self.shapes.get(*self.shape_of.get(index)?)
    }

    /// The shape that explains most of `body`: every path it has must be there (with the right
    /// type), each found path and each equal marker scores.
    fn best_shape(&self, status: u16, body: &Value) -> Option<&Shape> {
        let mut best: Option<(&Shape, usize)> = None;
        for shape in &self.shapes {
            let Some(score) = shape.score(status, body) else {
                continue;
            };
            if best.is_none_or(|(_, top)| score > top) {
                best = Some((shape, score));
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
            if !codeless || entry.code() != entry.public_code() || entry.public_status() != status {
                continue;
            }
            let literal = if entry.internal() {
                // Its body says the title where the message goes.
                if entry.public_title() != message {
                    continue;
                }
                entry.public_title().len()
            } else {
                let display: Vec<Piece<&str>> = entry.display().collect();
                if !matches_pieces(&display, message) {
                    continue;
                }
                display
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

impl Shape {
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

pub(super) fn lookup<'v>(mut value: &'v Value, path: &[Step<String>]) -> Option<&'v Value> {
    for step in path {
        value = match step {
            Step::Key(key) => value.as_object()?.get(key.as_str())?,
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
fn matches_pieces(pieces: &[Piece<&str>], message: &str) -> bool {
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
}
