//! What generated code names: `::errcat::__private::…`. Not a public API; it changes with
//! errcat-codegen and errcat-macros, which are released in lockstep with this crate.
//!
//! The catalog is compiled at build time into one [`Entry`] per code: static strings, a status,
//! and small programs ([`Op`], [`Piece`]) that render the body, the Display message and header
//! values. Everything the catalog fixes is pre-rendered into `Raw`/`Lit` text (JSON already
//! escaped), so rendering at runtime only escapes and writes the dynamic values.
//!
//! Both front ends emit the same things: the build.rs path (`ErrorCode`/`Error`) and
//! `#[derive(ApiError)]` build their `Entry` with `errcat_codegen::emit::rust::entry_tokens`, and
//! implement [`ApiError`] through its two hidden methods only; everything else is here and in
//! `render.rs`.

use core::fmt;

pub use ::core;
pub use ::http;
// The owned types of catalog fields (`string`, `list<string>`), so generated code names no
// `::std` path of its own.
pub use ::std::string::String;
pub use ::std::vec::Vec;

pub use crate::render::{debug, display};
pub use crate::{ApiError, Context, UnknownCode};
// Framework impls and the client's view of a code enum, for generated code (respond.rs,
// client.rs).
pub use crate::__impl_frameworks as impl_frameworks;
pub use crate::client::CatalogCode;

/// Everything the catalog says about one code, compiled.
///
/// `public_*` fields are what a client sees: the `expose_as` target's for a masked entry, the
/// entry's own otherwise. The body program already reflects `expose_as` and `internal` (an
/// internal message is never in it).
#[derive(Debug)]
pub struct Entry {
    /// The real code, for logs, `kind()` and Display of the code enum.
    pub code: &'static str,
    /// The real status.
    pub status: u16,
    /// The code clients see.
    pub public_code: &'static str,
    /// The status clients see.
    pub public_status: u16,
    pub title: &'static str,
    /// The title clients see.
    pub public_title: &'static str,
    /// The message template as written in the catalog (`{table}` placeholders intact).
    pub message: &'static str,
    /// The message for `Display`: literal text and field values.
    pub display: &'static [Piece],
    pub cause: &'static [&'static str],
    pub solution: &'static [&'static str],
    pub category: Option<&'static str>,
    pub retryable: bool,
    pub internal: bool,
    pub deprecated: Option<&'static str>,
    pub since: Option<&'static str>,
    /// Canonical gRPC code name.
    pub grpc: &'static str,
    pub docs_url: Option<&'static str>,
    /// The docs URL clients see (the exposed entry's).
    pub public_docs_url: Option<&'static str>,
    /// `application/problem+json` or `application/json`.
    pub content_type: &'static str,
    /// `Retry-After` seconds, as text pieces (a literal number or a field).
    pub retry_after: Option<&'static [Piece]>,
    /// The catalog's extra headers, names as written.
    pub headers: &'static [Header],
    /// The body program. The context's extra members (`Context::member`) are not in it: the
    /// renderer adds them before the closing brace of a top-level object.
    pub body: &'static [Op],
    /// Bytes of `Raw` text in the body: the renderer reserves this much plus room for values,
    /// so a body is written with one allocation.
    pub body_size: usize,
    /// Field names, in the order of the args the generated code passes.
    pub fields: &'static [&'static str],
}

#[derive(Debug)]
pub struct Header {
    pub name: &'static str,
    pub value: &'static [Piece],
}

/// A piece of plain text: header values, `Retry-After`, the Display message.
#[derive(Debug, Clone, Copy)]
pub enum Piece {
    Lit(&'static str),
    /// The text form of the arg at this index (absent: nothing).
    Arg(u8),
}

/// Where a dynamic value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The error's field at this index in the args.
    Arg(u8),
    RequestId,
    Timestamp,
    Instance,
    /// The failing field's name (`$field`).
    Field,
    /// Field -> messages (`$errors`); absent when the context has none.
    Errors,
}

/// One instruction of a body program.
#[derive(Debug, Clone, Copy)]
pub enum Op {
    /// JSON text fixed by the catalog, escaped at build time.
    Raw(&'static str),
    /// `,` unless the enclosing object has just been opened (the last byte written is `{`).
    /// Emitted before a member that follows only optional members.
    Sep,
    /// The slot's JSON value; `null` when absent.
    Value(Slot),
    /// The slot's text form, JSON-escaped, without quotes: for use inside a string that `Raw`
    /// opened (message interpolation). Absent: nothing.
    Text(Slot),
    /// An optional member, `"key":value`, preceded by a separator as for [`Op::Sep`]; nothing
    /// at all when the slot is absent. `key` is the quoted, escaped key with its colon.
    Member { key: &'static str, slot: Slot },
}

/// A field value handed to the renderer. Built on the stack by generated code; borrows the
/// error.
#[derive(Clone, Copy)]
pub enum Arg<'a> {
    /// An optional field that is `None`.
    Absent,
    Str(&'a str),
    I64(i64),
    U64(u64),
    F64(f64),
    Bool(bool),
    List(&'a [String]),
    /// Any other `Display` type (derived error types): text form via `Display`, JSON form a
    /// string.
    Display(&'a dyn fmt::Display),
}

impl fmt::Debug for Arg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Absent => f.write_str("None"),
            Arg::Str(s) => fmt::Debug::fmt(s, f),
            Arg::I64(n) => fmt::Debug::fmt(n, f),
            Arg::U64(n) => fmt::Debug::fmt(n, f),
            Arg::F64(n) => fmt::Debug::fmt(n, f),
            Arg::Bool(b) => fmt::Debug::fmt(b, f),
            Arg::List(l) => fmt::Debug::fmt(l, f),
            Arg::Display(d) => write!(f, "\"{d}\""),
        }
    }
}

/// How a field value becomes an [`Arg`]. Generated code calls `AsArg::as_arg(&field)` for every
/// field, whatever its type, so the build.rs path and the derive share one conversion.
pub trait AsArg {
    fn as_arg(&self) -> Arg<'_>;
}

macro_rules! as_arg {
    ($variant:ident as $target:ty: $($ty:ty),*) => {$(
        impl AsArg for $ty {
            #[inline]
            fn as_arg(&self) -> Arg<'_> {
                Arg::$variant(<$target>::from(*self))
            }
        }
    )*};
}
as_arg!(I64 as i64: i8, i16, i32, i64);
as_arg!(U64 as u64: u8, u16, u32, u64);
as_arg!(F64 as f64: f32, f64);
as_arg!(Bool as bool: bool);

impl AsArg for usize {
    #[inline]
    fn as_arg(&self) -> Arg<'_> {
        Arg::U64(*self as u64)
    }
}

impl AsArg for isize {
    #[inline]
    fn as_arg(&self) -> Arg<'_> {
        Arg::I64(*self as i64)
    }
}

impl AsArg for str {
    #[inline]
    fn as_arg(&self) -> Arg<'_> {
        Arg::Str(self)
    }
}

impl AsArg for String {
    #[inline]
    fn as_arg(&self) -> Arg<'_> {
        Arg::Str(self)
    }
}

impl AsArg for std::borrow::Cow<'_, str> {
    #[inline]
    fn as_arg(&self) -> Arg<'_> {
        Arg::Str(self)
    }
}

impl AsArg for Box<str> {
    #[inline]
    fn as_arg(&self) -> Arg<'_> {
        Arg::Str(self)
    }
}

impl AsArg for Vec<String> {
    #[inline]
    fn as_arg(&self) -> Arg<'_> {
        Arg::List(self)
    }
}

impl AsArg for [String] {
    #[inline]
    fn as_arg(&self) -> Arg<'_> {
        Arg::List(self)
    }
}

impl<T: AsArg + ?Sized> AsArg for &T {
    #[inline]
    fn as_arg(&self) -> Arg<'_> {
        (**self).as_arg()
    }
}

impl<T: AsArg> AsArg for Option<T> {
    #[inline]
    fn as_arg(&self) -> Arg<'_> {
        match self {
            Some(value) => value.as_arg(),
            None => Arg::Absent,
        }
    }
}

/// The status for a code known at build time to be 400-599; usable in `const fn`.
pub const fn status(code: u16) -> http::StatusCode {
    match http::StatusCode::from_u16(code) {
        Ok(status) => status,
        // Unreachable for catalog statuses (checked 400-599); const-evaluated, so a bad table
        // fails the build, never a request.
        Err(_) => http::StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A minimal perfect hash over the catalog's code strings, built by errcat-codegen
/// (`emit::rust::plan::Phf`): `disps` has one displacement per bucket; per slot, `codes` holds
/// the code stored there and `slots` its entry index (unused slots: `""` and 0). The codes sit
/// in their own compact table so a lookup touches a few small rows, not the wide `Entry` rows.
#[derive(Debug)]
pub struct Phf<T: 'static> {
    pub seed: u64,
    pub disps: &'static [u16],
    pub codes: &'static [&'static str],
    pub slots: &'static [T],
}

impl<T: Copy + Into<u32>> Phf<T> {
    /// The entry index of `key`: one hash, three small table reads, one comparison.
    #[inline]
    pub fn find(&self, key: &str) -> Option<usize> {
        let hash = hash(self.seed, key.as_bytes());
        let disp = *self.disps.get(reduce(hash >> 32, self.disps.len()))?;
        let slot = reduce(mix(hash, disp), self.codes.len());
        let code = *self.codes.get(slot)?;
        // Codes are never empty, so an unused slot (`""`) never matches.
        if code.len() != key.len() || code != key || key.is_empty() {
            return None;
        }
        Some((*self.slots.get(slot)?).into() as usize)
    }
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

#[inline]
const fn fold_mul(a: u64, b: u64) -> u64 {
    let product = (a as u128).wrapping_mul(b as u128);
    (product as u64) ^ ((product >> 64) as u64)
}

/// The code hash: one folded multiply per 16 bytes (the foldhash idea), seeded; short keys
/// (codes are 10-40 bytes) take two or three multiplies. The tail is read as two overlapping
/// words, so there is no byte loop. The same function is errcat-codegen's
/// `emit::rust::plan::hash`; a test in `tests/` checks they agree.
#[inline]
pub fn hash(seed: u64, bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let mut h = seed ^ (len as u64).wrapping_mul(K);
    let mut rest = bytes;
    while rest.len() > 16 {
        h = fold_mul(word(rest, 0) ^ h, word(rest, 8) ^ K2);
        rest = &rest[16..];
    }
    let (a, b) = if len >= 16 {
        // The last 16 bytes of the key, overlapping what the loop read.
        (word(bytes, len - 16), word(bytes, len - 8))
    } else if len >= 8 {
        (word(bytes, 0), word(bytes, len - 8))
    } else {
        (small(bytes), 0)
    };
    // fold_mul mixes both halves of the product, so the result needs no extra finalizer:
    // the bucket takes its high 32 bits, the slot its low 32.
    fold_mul(a ^ h, b ^ K2)
}

const K2: u64 = 0xA076_1D64_78BD_642F;
const K3: u64 = 0xE703_7ED1_A0B4_28DB;

/// The little-endian word at `at` (callers guarantee `at + 8 <= bytes.len()`).
#[inline]
fn word(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(&[a, b, c, d, e, f, g, h]) => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
        _ => 0,
    }
}

/// Up to 7 bytes as a little-endian word, zero-padded.
#[inline]
fn small(bytes: &[u8]) -> u64 {
    let mut w = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(8) {
        w |= u64::from(b) << (8 * i);
    }
    w
}

/// A bucket's displacement applied to a key's hash: the slot hash.
#[inline]
pub const fn mix(hash: u64, disp: u16) -> u64 {
    // Remixed, not just xored: keys of one bucket that collide must be able to part.
    fold_mul(hash ^ (disp as u64).wrapping_mul(K), K3)
}

/// `x` (using its low 32 bits) mapped onto `0..n` by a multiply-shift, no division.
#[inline]
pub const fn reduce(x: u64, n: usize) -> usize {
    (((x & 0xFFFF_FFFF) * n as u64) >> 32) as usize
}
