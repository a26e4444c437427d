//! Lowering: one catalog entry -> the render program the runtime interprets
//! (`errcat::__private::{Op, Piece, Slot}`), with everything the catalog fixes pre-rendered as
//! escaped JSON text. Shared by both front ends: `emit::rust` (the generated `Error` enum, args
//! in catalog field order) and the derive (args in the order of the user's fields).
//!
//! What a client sees is the entry's [`PublicView`] (code, status, title, message, visible
//! fields, `Retry-After`, headers, envelope), the same the docs examples are rendered from;
//! lowering only binds it to this error's args: a placeholder of the view's templates is the arg
//! of that name. `Display` keeps the entry's own message, for logs.
//!
//! Also here: the JSON escaper used for all pre-rendered text (the runtime has the same one, see
//! `errcat::json`) and the perfect hash for code lookup (the runtime has the same hash function).

use std::fmt;

use crate::model::{Catalog, Entry, Node, Segment, Template, Value, Var};
use crate::view::{PublicMessage, PublicView};

/// A piece of plain text (mirror of `errcat::__private::Piece`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    Arg(u8),
}

/// Where a dynamic value comes from (mirror of `errcat::__private::Slot`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Arg(u8),
    RequestId,
    Timestamp,
    Instance,
    Field,
    Errors,
}

/// One instruction of a body program (mirror of `errcat::__private::Op`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Raw(String),
    Sep,
    Value(Slot),
    Text(Slot),
    Member { key: String, slot: Slot },
}

/// An entry lowered for one binding of args.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryPlan {
    pub display: Vec<Piece>,
    pub retry_after: Option<Vec<Piece>>,
    pub headers: Vec<(String, Vec<Piece>)>,
    pub body: Vec<Op>,
    /// Bytes of `Raw` text in `body`.
    pub body_size: usize,
}

/// Why an entry cannot be lowered for a binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LowerError {
    /// A placeholder of the message, `retry_after` or a header names no arg.
    Unbound {
        field: String,
        /// `message`, `retry_after` or `header `Name``.
        used_in: String,
    },
    /// More args than a `u8` index can name.
    TooManyArgs(usize),
}

impl fmt::Display for LowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LowerError::Unbound { field, used_in } => {
                write!(
                    f,
                    "the {used_in} uses `{{{field}}}` but there is no field `{field}`"
                )
            }
            LowerError::TooManyArgs(n) => write!(f, "{n} fields; at most 256 are supported"),
        }
    }
}

impl std::error::Error for LowerError {}

/// Lowers `entry` for args named `args`, in the order the caller will pass them.
pub fn lower(catalog: &Catalog, entry: &Entry, args: &[&str]) -> Result<EntryPlan, LowerError> {
    if args.len() > 256 {
        return Err(LowerError::TooManyArgs(args.len()));
    }
    let bind = |name: &str| args.iter().position(|a| *a == name).map(|i| i as u8);
    let pieces = |template: &Template, used_in: &str| -> Result<Vec<Piece>, LowerError> {
        template
            .segments
            .iter()
            .map(|segment| match segment {
                Segment::Literal(text) => Ok(Piece::Lit(text.clone())),
                Segment::Placeholder(name) => {
                    bind(name)
                        .map(Piece::Arg)
                        .ok_or_else(|| LowerError::Unbound {
                            field: name.clone(),
                            used_in: used_in.to_owned(),
                        })
                }
            })
            .collect()
    };
    let display = pieces(&entry.message, "message")?;
    let view = catalog.view(entry);
    // For a masked entry the view's `Retry-After` and headers are the exposed entry's, written
    // over that entry's fields: a field this error lacks never has a value, so the header is
    // left out, as the runtime leaves out a header whose field is `None`. An entry's own
    // templates name only its own fields, so a missing arg there is the caller's mistake.
    let header = |template: &Template, used_in: &str| match pieces(template, used_in) {
        Ok(pieces) => Ok(Some(pieces)),
        Err(LowerError::Unbound { .. }) if view.masked => Ok(None),
        Err(error) => Err(error),
    };
    let retry_after = match view.retry_after {
        Some(template) => header(template, "retry_after")?,
        None => None,
    };
    let mut headers = Vec::with_capacity(view.headers.len());
    for h in view.headers {
        if let Some(value) = header(&h.value, &format!("header `{}`", h.name))? {
            headers.push((h.name.clone(), value));
        }
    }

    let lowering = BodyLowering {
        view,
        args,
        ops: Vec::new(),
    };
    let body = lowering.body();
    let body_size = body
        .iter()
        .map(|op| match op {
            Op::Raw(text) => text.len(),
            Op::Member { key, .. } => key.len(),
            _ => 0,
        })
        .sum();
    Ok(EntryPlan {
        display,
        retry_after,
        headers,
        body,
        body_size,
    })
}

/// What a variable of the envelope is, for one entry and binding.
enum Val {
    /// Never there: the member is omitted if optional, else `null`.
    Absent,
    /// JSON text fixed at build time.
    Static(String),
    /// A value known only at runtime; may turn out absent.
    Dynamic(Slot),
    /// A JSON string with interpolated parts: escaped literal text and slots' text.
    Interpolated(Vec<Part>),
    /// `$details`: the visible fields that are bound, with whether each may be absent.
    Details(Vec<(String, Slot, bool)>),
}

enum Part {
    Text(String),
    Slot(Slot),
}

struct BodyLowering<'a> {
    /// What the client sees; every variable is resolved from it.
    view: PublicView<'a>,
    args: &'a [&'a str],
    ops: Vec<Op>,
}

impl<'a> BodyLowering<'a> {
    fn body(mut self) -> Vec<Op> {
        let envelope = self.view.envelope;
        self.node(&envelope.body);
        self.ops
    }

    fn bind(&self, name: &str) -> Option<Slot> {
        self.args
            .iter()
            .position(|a| *a == name)
            .map(|i| Slot::Arg(i as u8))
    }

    fn raw(&mut self, text: &str) {
        if let Some(Op::Raw(last)) = self.ops.last_mut() {
            last.push_str(text);
        } else if !text.is_empty() {
            self.ops.push(Op::Raw(text.to_owned()));
        }
    }

    fn resolve(&self, var: &Var) -> Val {
        let view = &self.view;
        match var {
            Var::Code => Val::Static(json_string(view.code)),
            Var::Status => Val::Static(view.status.to_string()),
            Var::Title => Val::Static(json_string(view.title)),
            Var::Type => match view.docs_url {
                Some(url) => Val::Static(json_string(url)),
                None => Val::Absent,
            },
            Var::Message => match view.message {
                PublicMessage::Title(title) => Val::Static(json_string(title)),
                PublicMessage::Template(template) => self.template_string(template),
            },
            Var::Details => {
                let fields: Vec<_> = view
                    .fields
                    .iter()
                    .filter_map(|field| {
                        self.bind(&field.name)
                            .map(|slot| (field.name.clone(), slot, field.optional))
                    })
                    .collect();
                if fields.is_empty() {
                    Val::Absent
                } else {
                    Val::Details(fields)
                }
            }
            Var::Errors => Val::Dynamic(Slot::Errors),
            Var::Field => Val::Dynamic(Slot::Field),
            Var::RequestId => Val::Dynamic(Slot::RequestId),
            Var::Timestamp => Val::Dynamic(Slot::Timestamp),
            Var::Instance => Val::Dynamic(Slot::Instance),
            Var::RetryAfter => self.retry_after(),
            Var::EntryField(name) => match self.bind(name) {
                Some(slot) if view.field(name).is_some() => Val::Dynamic(slot),
                _ => Val::Absent,
            },
        }
    }

    /// A template as a JSON string; placeholders this binding lacks render as nothing.
    fn template_string(&self, template: &Template) -> Val {
        if let Some(text) = template.as_literal() {
            return Val::Static(json_string(text));
        }
        let parts = template
            .segments
            .iter()
            .filter_map(|segment| match segment {
                Segment::Literal(text) => Some(Part::Text(escape_json(text))),
                Segment::Placeholder(name) => self.bind(name).map(Part::Slot),
            })
            .collect();
        Val::Interpolated(parts)
    }

    /// `$retry_after`: a number. A literal is written as is when it is a number of seconds,
    /// a lone placeholder as that field's value, anything else as a string.
    fn retry_after(&self) -> Val {
        let Some(template) = self.view.retry_after else {
            return Val::Absent;
        };
        if let Some(text) = template.as_literal() {
            let text = text.trim();
            return if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
                Val::Static(text.to_owned())
            } else {
                Val::Static(json_string(text))
            };
        }
        if let [Segment::Placeholder(name)] = template.segments.as_slice() {
            return match self.bind(name) {
                Some(slot) => Val::Dynamic(slot),
                None => Val::Absent,
            };
        }
        self.template_string(template)
    }

    /// An object's members.
    fn object(&mut self, members: &[crate::model::Member]) {
        self.raw("{");
        // `written`: a member is certainly written, so the next one needs a plain comma.
        // `maybe`: only optional members so far, some may be written: the comma is decided at
        // runtime (`Op::Sep`).
        let (mut written, mut maybe) = (false, false);
        for member in members {
            let key = format!("{}:", json_string(&member.key));
            let val = match &member.value {
                Node::Var(var) => Some(self.resolve(var)),
                _ => None,
            };
            match (val, member.optional) {
                (Some(Val::Absent), true) => continue,
                (Some(Val::Dynamic(slot)), true) => {
                    self.ops.push(Op::Member { key, slot });
                    maybe = true;
                    continue;
                }
                (val, _) => {
                    if written {
                        self.raw(",");
                    } else if maybe {
                        self.ops.push(Op::Sep);
                    }
                    self.raw(&key);
                    match val {
                        Some(val) => self.val(val),
                        None => self.node(&member.value),
                    }
                    written = true;
                }
            }
        }
        self.raw("}");
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Object(members) => self.object(members),
            Node::Array(items) => {
                self.raw("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.raw(",");
                    }
                    self.node(item);
                }
                self.raw("]");
            }
            Node::Literal(value) => {
                let mut text = String::new();
                value_json(value, &mut text);
                self.raw(&text);
            }
            Node::Var(var) => {
                let val = self.resolve(var);
                self.val(val);
            }
        }
    }

    /// A value in a position where it must be written (`null` when absent).
    fn val(&mut self, val: Val) {
        match val {
            Val::Absent => self.raw("null"),
            Val::Static(text) => self.raw(&text),
            Val::Dynamic(slot) => self.ops.push(Op::Value(slot)),
            Val::Interpolated(parts) => {
                self.raw("\"");
                for part in parts {
                    match part {
                        Part::Text(text) => self.raw(&text),
                        Part::Slot(slot) => self.ops.push(Op::Text(slot)),
                    }
                }
                self.raw("\"");
            }
            Val::Details(fields) => {
                self.raw("{");
                let (mut written, mut maybe) = (false, false);
                for (name, slot, optional) in fields {
                    let key = format!("{}:", json_string(&name));
                    if optional {
                        self.ops.push(Op::Member { key, slot });
                        maybe = true;
                        continue;
                    }
                    if written {
                        self.raw(",");
                    } else if maybe {
                        self.ops.push(Op::Sep);
                    }
                    self.raw(&key);
                    self.ops.push(Op::Value(slot));
                    written = true;
                }
                self.raw("}");
            }
        }
    }
}

/// A literal value as JSON text.
pub fn value_json(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => out.push_str(&json_string(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                value_json(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&json_string(key));
                out.push(':');
                value_json(item, out);
            }
            out.push('}');
        }
    }
}

/// `text` as a JSON string, quotes included.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    escape_json_into(text, &mut out);
    out.push('"');
    out
}

/// `text` escaped for the inside of a JSON string.
pub fn escape_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_json_into(text, &mut out);
    out
}

/// The escaping of `errcat::json` (read its docs for the why): `"` `\` as `\"` `\\`, control
/// characters short or `\u00XX`, `<` `>` `&` U+2028 U+2029 as `\uXXXX`, all else as is.
pub fn escape_json_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{0}'..='\u{1f}' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
}

/// A minimal perfect hash over code strings, the runtime's `__private::Phf`: a key's hash picks
/// a bucket, the bucket's displacement picks its slot, the slot names the entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phf {
    pub seed: u64,
    pub disps: Vec<u16>,
    /// Entry index per slot; unused slots hold 0 (a lookup compares the string anyway).
    pub slots: Vec<u32>,
    /// Whether a key was placed in the slot.
    pub used: Vec<bool>,
}

/// Keys per bucket on average: small buckets place quickly; four keeps `disps` small.
const BUCKET_SIZE: usize = 4;

impl Phf {
    /// Builds the hash for distinct `keys`; deterministic (seeds are tried in order). `None`
    /// only if no seed works, which needs duplicate keys (the checker rejects them).
    pub fn build(keys: &[&str]) -> Option<Phf> {
        let n = keys.len();
        let buckets = n.div_ceil(BUCKET_SIZE).max(1);
        // 20% spare slots: the last buckets find a free slot in a few tries.
        let slots_len = (n + n / 5).max(1);
        for seed in 0..64u64 {
            if let Some(phf) = Phf::try_seed(keys, seed, buckets, slots_len) {
                return Some(phf);
            }
        }
        None
    }

    fn try_seed(keys: &[&str], seed: u64, buckets: usize, slots_len: usize) -> Option<Phf> {
        let hashes: Vec<u64> = keys.iter().map(|k| hash(seed, k.as_bytes())).collect();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); buckets];
        for (i, h) in hashes.iter().enumerate() {
            members[reduce(h >> 32, buckets)].push(i);
        }
        // Largest buckets first, while the table is emptiest; ties in bucket order.
        let mut order: Vec<usize> = (0..buckets).collect();
        order.sort_by_key(|&b| std::cmp::Reverse(members[b].len()));
        let mut disps = vec![0u16; buckets];
        let mut taken = vec![false; slots_len];
        let mut slots = vec![0u32; slots_len];
        let mut positions = Vec::new();
        for bucket in order {
            if members[bucket].is_empty() {
                break;
            }
            let placed = (0..=u16::MAX).find(|&disp| {
                positions.clear();
                for &key in &members[bucket] {
                    let slot = reduce(mix(hashes[key], disp), slots_len);
                    if taken[slot] || positions.contains(&slot) {
                        return false;
                    }
                    positions.push(slot);
                }
                true
            })?;
            disps[bucket] = placed;
            for (&key, &slot) in members[bucket].iter().zip(&positions) {
                taken[slot] = true;
                slots[slot] = key as u32;
            }
        }
        Some(Phf {
            seed,
            disps,
            slots,
            used: taken,
        })
    }

    /// The index of `key` among the keys the hash was built for, if it is one of them.
    pub fn find(&self, keys: &[&str], key: &str) -> Option<usize> {
        let h = hash(self.seed, key.as_bytes());
        let disp = *self.disps.get(reduce(h >> 32, self.disps.len()))?;
        let index = *self.slots.get(reduce(mix(h, disp), self.slots.len()))? as usize;
        (keys.get(index) == Some(&key)).then_some(index)
    }
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

fn fold_mul(a: u64, b: u64) -> u64 {
    let product = u128::from(a).wrapping_mul(u128::from(b));
    (product as u64) ^ ((product >> 64) as u64)
}

/// The runtime's `__private::hash`, bit for bit (a test in `tests/` checks it): one folded
/// multiply per 16 bytes, the tail read as two overlapping words.
pub fn hash(seed: u64, bytes: &[u8]) -> u64 {
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let len = bytes.len();
    let mut h = seed ^ (len as u64).wrapping_mul(K);
    let mut at = 0;
    while len - at > 16 {
        h = fold_mul(word(at) ^ h, word(at + 8) ^ K2);
        at += 16;
    }
    let (a, b) = if len >= 16 {
        (word(len - 16), word(len - 8))
    } else if len >= 8 {
        (word(0), word(len - 8))
    } else {
        let mut w = [0u8; 8];
        w[..len].copy_from_slice(bytes);
        (u64::from_le_bytes(w), 0)
    };
    fold_mul(a ^ h, b ^ K2)
}

const K2: u64 = 0xA076_1D64_78BD_642F;
const K3: u64 = 0xE703_7ED1_A0B4_28DB;

/// The runtime's `__private::mix`.
pub fn mix(hash: u64, disp: u16) -> u64 {
    fold_mul(hash ^ u64::from(disp).wrapping_mul(K), K3)
}

/// The runtime's `__private::reduce`.
pub fn reduce(x: u64, n: usize) -> usize {
    (((x & 0xFFFF_FFFF) * n as u64) >> 32) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_hostile_text() {
        assert_eq!(escape_json("a\"b\\c"), r#"a\"b\\c"#);
        assert_eq!(escape_json("</script>&"), r"\u003c/script\u003e\u0026");
        assert_eq!(
            escape_json("\n\r\t\u{8}\u{c}\u{0}\u{1f}"),
            r"\n\r\t\b\f\u0000\u001f"
        );
        assert_eq!(escape_json("\u{2028}\u{2029}€'"), "\\u2028\\u2029€'");
        let all: String = (0..0x3000u32).filter_map(char::from_u32).collect();
        let back: String = serde_json::from_str(&json_string(&all)).expect("valid json");
        assert_eq!(back, all);
    }

    #[test]
    fn phf_finds_every_key_and_rejects_others() {
        for n in [1usize, 2, 7, 100, 3000] {
            let owned: Vec<String> = (0..n).map(|i| format!("domain/code-{i}")).collect();
            let keys: Vec<&str> = owned.iter().map(String::as_str).collect();
            let phf = Phf::build(&keys).expect("phf");
            for (i, key) in keys.iter().enumerate() {
                assert_eq!(phf.find(&keys, key), Some(i));
            }
            assert_eq!(phf.find(&keys, "domain/code-x"), None);
            assert_eq!(phf.find(&keys, ""), None);
        }
    }

    #[test]
    fn phf_without_keys_finds_nothing() {
        let phf = Phf::build(&[]).expect("phf");
        assert_eq!(phf.find(&[], "x"), None);
    }
}
