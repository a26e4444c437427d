//! The interpreters of the programs in a compiled table: JSON bodies ([`Op`]), plain text
//! ([`Piece`]: Display messages, header values, `Retry-After`) and the field values ([`Arg`])
//! they insert. Nothing here allocates except to grow the caller's output buffer.

use core::fmt::{self, Write as _};

use crate::context::Context;
use crate::json;
use crate::private::{Arg, Body, Op, Piece, Slot};
use crate::ApiError;

/// Room reserved for dynamic values on top of an entry's static body bytes.
const VALUE_ROOM: usize = 64;

/// Writes `error`'s body with the context `ctx` (already merged with the error's own).
#[inline]
pub(crate) fn error<E: ApiError + ?Sized>(error: &E, ctx: &Context, out: &mut Vec<u8>) {
    match error.__entry().cached_body() {
        Some(body) => error_body(error, body, ctx, out),
        None => uncached_error(error, ctx, out),
    }
}

/// [`error`] for an entry whose body is not in its table's cache (none is): decoded here.
#[cold]
#[inline(never)]
fn uncached_error<E: ApiError + ?Sized>(error: &E, ctx: &Context, out: &mut Vec<u8>) {
    error_body(error, &error.__entry().body(), ctx, out);
}

/// [`error`] with the entry's body program.
#[inline(always)]
fn error_body<E: ApiError + ?Sized>(error: &E, body: &Body<'_>, ctx: &Context, out: &mut Vec<u8>) {
    // A body the catalog fixes entirely (no field, no request value) is one copy.
    if let Some(text) = body.as_static() {
        out.extend_from_slice(text);
        extra_members(body, ctx, out);
        return;
    }
    // The visitor only picks the function that renders, so it is small enough to be inlined
    // where `__args` calls it (one call frame less), and the copies run in a function that
    // gets `out` as an argument: a `&mut` the compiler knows a copy into the buffer cannot
    // change. Through the closure's captures it spilled `out` and reloaded it after each copy.
    error.__args(&mut |args| {
        if let Some((before, after, i)) = body.as_single_text() {
            if let Some(Arg::Str(s)) = args.get(i as usize) {
                return single_text(body, before, s, after, ctx, out);
            }
        }
        self::body(body, args, ctx, out)
    });
}

/// The common body with a field, one string interpolated into the message: the raw text
/// before it, the escaped string, the raw text after it; no op read.
#[inline(never)]
fn single_text(
    body: &Body<'_>,
    before: &[u8],
    s: &str,
    after: &[u8],
    ctx: &Context,
    out: &mut Vec<u8>,
) {
    out.reserve(body.raw.len() + VALUE_ROOM);
    out.extend_from_slice(before);
    json::escape_into(s, out);
    out.extend_from_slice(after);
    extra_members(body, ctx, out);
}

/// Calls `f` with `error`'s headers (`ApiError::for_each_header`) under the context `ctx`
/// (already merged with the error's own).
pub(crate) fn headers<E: ApiError + ?Sized>(
    error: &E,
    ctx: &Context,
    f: &mut dyn FnMut(&str, &str),
) {
    let entry = error.__entry();
    let mut buf = String::new();
    error.__args(&mut |args| {
        let retry_after = entry.retry_after().map(|value| ("Retry-After", value));
        for (name, value) in retry_after.into_iter().chain(entry.headers()) {
            // A header the context sets too is the context's: it knows this request (the
            // limiter's real `X-RateLimit-Remaining`), and a header is sent once.
            if ctx.has_header(name) {
                continue;
            }
            if let Some(text) = value.as_literal() {
                f(name, text);
            } else if pieces_present(value, args) {
                buf.clear();
                if pieces(value, args, &mut buf).is_ok() {
                    f(name, &buf);
                }
            }
        }
    });
    for (name, value) in ctx.headers() {
        f(name, value);
    }
}

/// Writes `body` with these args and request context. Out of line: see [`error_body`].
#[inline(never)]
pub(crate) fn body(body: &Body<'_>, args: &[Arg<'_>], ctx: &Context, out: &mut Vec<u8>) {
    out.reserve(body.raw.len() + VALUE_ROOM);
    let mut steps = body.steps();
    for step in &mut steps {
        out.extend_from_slice(step.before);
        // Message interpolation of a string field, the bulk of every program, is tested first
        // with a plain branch: cheaper than the jump table of a full match.
        if let Op::Text(Slot::Arg(i)) = step.op {
            if let Some(Arg::Str(s)) = args.get(i as usize) {
                json::escape_into(s, out);
                continue;
            }
        }
        other_op(step.op, args, ctx, out);
    }
    out.extend_from_slice(steps.rest());
    extra_members(body, ctx, out);
}

/// Every op but the fast one. Kept out of line so the hot loop above stays small (no context
/// fields loaded for bodies that never read them).
#[inline(never)]
fn other_op(op: Op<&[u8]>, args: &[Arg<'_>], ctx: &Context, out: &mut Vec<u8>) {
    match op {
        Op::Raw(text) => out.extend_from_slice(text),
        Op::Sep => separator(out),
        Op::Value(slot) => {
            if !value(slot, args, ctx, out) {
                out.extend_from_slice(b"null");
            }
        }
        Op::Text(slot) => text(slot, args, ctx, out),
        Op::Member { key, slot } => {
            if present(slot, args, ctx) {
                separator(out);
                out.extend_from_slice(key);
                value(slot, args, ctx, out);
            }
        }
    }
}

/// The context's extra members, appended inside the top-level object: its closing brace is
/// taken off, the members written, the brace put back. Bodies that are not objects get none.
#[inline]
pub(crate) fn extra_members(body: &Body<'_>, ctx: &Context, out: &mut Vec<u8>) {
    if !ctx.members.is_empty() {
        write_extra_members(body, ctx, out);
    }
}

#[inline(never)]
fn write_extra_members(body: &Body<'_>, ctx: &Context, out: &mut Vec<u8>) {
    let is_object = body.raw.first() == Some(&b'{');
    if !is_object || out.last() != Some(&b'}') {
        return;
    }
    out.pop();
    for (key, member) in ctx.members() {
        separator(out);
        json::string_into(key, out);
        out.push(b':');
        member.write_json(out);
    }
    out.push(b'}');
}

/// `,` unless the enclosing object was just opened. Every value the programs write ends in a
/// quote, a digit, a letter, `]` or `}`, so a trailing `{` always means "object just opened".
#[inline]
fn separator(out: &mut Vec<u8>) {
    if out.last() != Some(&b'{') {
        out.push(b',');
    }
}

fn arg<'a>(args: &'a [Arg<'a>], index: u8) -> Arg<'a> {
    args.get(index as usize).copied().unwrap_or(Arg::Absent)
}

fn present(slot: Slot, args: &[Arg<'_>], ctx: &Context) -> bool {
    match slot {
        Slot::Arg(i) => !matches!(arg(args, i), Arg::Absent),
        Slot::RequestId => ctx.request_id.is_some(),
        Slot::Timestamp => ctx.timestamp.is_some(),
        Slot::Instance => ctx.instance.is_some(),
        Slot::Field => ctx.field.is_some(),
        Slot::Errors => !ctx.errors.is_empty(),
    }
}

/// Writes the slot's JSON value; false (and nothing written) when it is absent.
fn value(slot: Slot, args: &[Arg<'_>], ctx: &Context, out: &mut Vec<u8>) -> bool {
    let text = match slot {
        Slot::Arg(i) => return arg_json(arg(args, i), out),
        Slot::RequestId => ctx.request_id.as_deref(),
        Slot::Timestamp => ctx.timestamp.as_deref(),
        Slot::Instance => ctx.instance.as_deref(),
        Slot::Field => ctx.field.as_deref(),
        Slot::Errors => {
            if ctx.errors.is_empty() {
                return false;
            }
            out.push(b'{');
            for (n, (field, messages)) in ctx.errors.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                json::string_into(field, out);
                out.extend_from_slice(b":[");
                for (m, message) in messages.iter().enumerate() {
                    if m > 0 {
                        out.push(b',');
                    }
                    json::string_into(message, out);
                }
                out.push(b']');
            }
            out.push(b'}');
            return true;
        }
    };
    match text {
        Some(text) => {
            json::string_into(text, out);
            true
        }
        None => false,
    }
}

/// Writes the slot's text form, escaped, inside a JSON string.
fn text(slot: Slot, args: &[Arg<'_>], ctx: &Context, out: &mut Vec<u8>) {
    let text = match slot {
        Slot::Arg(i) => {
            // Write errors cannot happen: the escaper's `write_str` always succeeds.
            let _ = arg_text(arg(args, i), &mut json::Escaper(out));
            return;
        }
        Slot::RequestId => ctx.request_id.as_deref(),
        Slot::Timestamp => ctx.timestamp.as_deref(),
        Slot::Instance => ctx.instance.as_deref(),
        Slot::Field => ctx.field.as_deref(),
        Slot::Errors => None,
    };
    if let Some(text) = text {
        json::escape_into(text, out);
    }
}

/// An arg's JSON value; false (nothing written) for [`Arg::Absent`].
fn arg_json(value: Arg<'_>, out: &mut Vec<u8>) -> bool {
    match value {
        Arg::Absent => return false,
        Arg::Str(s) => json::string_into(s, out),
        Arg::I64(n) => {
            let mut buf = Digits::new();
            out.extend_from_slice(buf.i64(n).as_bytes());
        }
        Arg::U64(n) => {
            let mut buf = Digits::new();
            out.extend_from_slice(buf.u64(n).as_bytes());
        }
        // JSON has no NaN or infinity; `Display` of a finite f64 never uses an exponent, so
        // its text is a valid JSON number.
        Arg::F64(n) if n.is_finite() => {
            let _ = write!(Utf8Sink(out), "{n}");
        }
        Arg::F64(_) => out.extend_from_slice(b"null"),
        Arg::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        Arg::List(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                json::string_into(item, out);
            }
            out.push(b']');
        }
        Arg::Display(d) => {
            out.push(b'"');
            let _ = write!(json::Escaper(out), "{d}");
            out.push(b'"');
        }
    }
    true
}

/// An arg's text form, as interpolated into messages and header values: strings as they are,
/// numbers in decimal, lists joined with `, `, absent values as nothing.
pub(crate) fn arg_text<W: fmt::Write + ?Sized>(value: Arg<'_>, w: &mut W) -> fmt::Result {
    match value {
        Arg::Absent => Ok(()),
        Arg::Str(s) => w.write_str(s),
        Arg::I64(n) => w.write_str(Digits::new().i64(n)),
        Arg::U64(n) => w.write_str(Digits::new().u64(n)),
        Arg::F64(n) => write!(w, "{n}"),
        Arg::Bool(b) => w.write_str(if b { "true" } else { "false" }),
        Arg::List(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    w.write_str(", ")?;
                }
                w.write_str(item)?;
            }
            Ok(())
        }
        Arg::Display(d) => write!(w, "{d}"),
    }
}

/// Writes text pieces (a Display message, a header value) with these args.
pub(crate) fn pieces<'p, W: fmt::Write + ?Sized>(
    pieces: impl IntoIterator<Item = Piece<&'p str>>,
    args: &[Arg<'_>],
    w: &mut W,
) -> fmt::Result {
    for piece in pieces {
        match piece {
            Piece::Lit(text) => w.write_str(text)?,
            Piece::Arg(i) => arg_text(arg(args, i), w)?,
        }
    }
    Ok(())
}

/// True when every arg the pieces name is present (a header over an absent field is left out).
pub(crate) fn pieces_present<'p>(
    pieces: impl IntoIterator<Item = Piece<&'p str>>,
    args: &[Arg<'_>],
) -> bool {
    pieces.into_iter().all(|piece| match piece {
        Piece::Lit(_) => true,
        Piece::Arg(i) => !matches!(arg(args, i), Arg::Absent),
    })
}

/// `Display` of a generated or derived error: the catalog message with its fields.
pub fn display<E: ApiError + ?Sized>(error: &E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let entry = error.__entry();
    let mut result = Ok(());
    error.__args(&mut |args| result = pieces(entry.display(), args, f));
    result
}

/// `==` of two errors of one generated enum whose `kind()`s are equal (the generated `eq`
/// checks that first): their fields pairwise, through the args visitor, so `PartialEq` costs
/// one function for every code instead of a match arm per variant. The same as a derived
/// `PartialEq`: `f64` fields compare as `f64` (`NaN != NaN`), `None` equals only `None`.
pub fn fields_eq<E: ApiError + ?Sized>(a: &E, b: &E) -> bool {
    let mut equal = false;
    a.__args(&mut |left| {
        b.__args(&mut |right| {
            equal =
                left.len() == right.len() && left.iter().zip(right).all(|(l, r)| arg_eq(*l, *r));
        });
    });
    equal
}

fn arg_eq(a: Arg<'_>, b: Arg<'_>) -> bool {
    match (a, b) {
        (Arg::Absent, Arg::Absent) => true,
        (Arg::Str(a), Arg::Str(b)) => a == b,
        (Arg::I64(a), Arg::I64(b)) => a == b,
        (Arg::U64(a), Arg::U64(b)) => a == b,
        (Arg::F64(a), Arg::F64(b)) => a == b,
        (Arg::Bool(a), Arg::Bool(b)) => a == b,
        (Arg::List(a), Arg::List(b)) => a == b,
        (Arg::Display(a), Arg::Display(b)) => a.to_string() == b.to_string(),
        _ => false,
    }
}

/// `Debug` of a generated error: `Name { field: value, .. }` from the entry's field names.
pub fn debug<E: ApiError + ?Sized>(
    error: &E,
    name: &str,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let entry = error.__entry();
    let mut result = Ok(());
    error.__args(&mut |args| {
        let mut s = f.debug_struct(name);
        for (field, value) in entry.fields().iter().zip(args) {
            s.field(field, value);
        }
        result = s.finish();
    });
    result
}

/// Decimal digits of an integer, on the stack (no `format!`).
pub(crate) struct Digits {
    buf: [u8; 20],
}

impl Digits {
    pub(crate) fn new() -> Digits {
        Digits { buf: [0; 20] }
    }

    pub(crate) fn u64(&mut self, mut n: u64) -> &str {
        let mut i = self.buf.len();
        loop {
            i -= 1;
            self.buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        // Only ASCII digits were written.
        core::str::from_utf8(&self.buf[i..]).unwrap_or("0")
    }

    pub(crate) fn i64(&mut self, n: i64) -> &str {
        if n >= 0 {
            return self.u64(n as u64);
        }
        // 20 digits hold u64::MAX; i64::MIN has 19 digits, so the sign fits in front.
        let len = self.u64(n.unsigned_abs()).len();
        let start = self.buf.len() - len - 1;
        self.buf[start] = b'-';
        core::str::from_utf8(&self.buf[start..]).unwrap_or("0")
    }
}

/// `fmt::Write` into a byte buffer, for text already in the wanted form (numbers).
struct Utf8Sink<'a>(&'a mut Vec<u8>);

impl fmt::Write for Utf8Sink<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// A small fixed buffer for text that is known to be short (`Retry-After` seconds); text past
/// its capacity makes the write fail rather than allocate.
pub(crate) struct StackText {
    buf: [u8; 32],
    len: usize,
}

impl StackText {
    pub(crate) fn new() -> StackText {
        StackText {
            buf: [0; 32],
            len: 0,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits() {
        for n in [0u64, 7, 10, 99, 12345, u64::MAX] {
            assert_eq!(Digits::new().u64(n), n.to_string());
        }
        for n in [0i64, -1, -10, 42, i64::MIN, i64::MAX] {
            assert_eq!(Digits::new().i64(n), n.to_string());
        }
    }

    fn json_of(value: Arg<'_>) -> String {
        let mut out = Vec::new();
        if !arg_json(value, &mut out) {
            return "<absent>".into();
        }
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn arg_json_forms() {
        let list = vec!["a\"".to_string(), "<b>".to_string()];
        assert_eq!(json_of(Arg::Absent), "<absent>");
        assert_eq!(json_of(Arg::Str("x\ny")), r#""x\ny""#);
        assert_eq!(json_of(Arg::I64(-5)), "-5");
        assert_eq!(json_of(Arg::U64(5)), "5");
        assert_eq!(json_of(Arg::F64(1.5)), "1.5");
        assert_eq!(json_of(Arg::F64(1e21)), "1000000000000000000000");
        assert_eq!(json_of(Arg::F64(f64::NAN)), "null");
        assert_eq!(json_of(Arg::Bool(true)), "true");
        assert_eq!(json_of(Arg::List(&list)), r#"["a\"","\u003cb\u003e"]"#);
        assert_eq!(json_of(Arg::Display(&"q\"")), r#""q\"""#);
    }

    #[test]
    fn arg_text_forms() {
        let list = vec!["a".to_string(), "b".to_string()];
        let mut s = String::new();
        for value in [
            Arg::Str("s"),
            Arg::I64(-1),
            Arg::U64(2),
            Arg::F64(0.25),
            Arg::Bool(false),
            Arg::List(&list),
            Arg::Absent,
        ] {
            arg_text(value, &mut s).expect("string write");
            s.push('|');
        }
        assert_eq!(s, "s|-1|2|0.25|false|a, b||");
    }

    #[test]
    fn stack_text_refuses_overflow() {
        let mut t = StackText::new();
        assert!(t.write_str("12").is_ok());
        assert!(t.write_str(&"9".repeat(40)).is_err());
        assert_eq!(t.as_str(), "12");
    }
}
