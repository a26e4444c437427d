//! What generated code names: `::errcat::__private::…`. Not a public API; it changes with
//! errcat-codegen and errcat-macros, which are released in lockstep with this crate.
//!
//! The catalog is compiled at build time into one [`Entry`] per code: static strings, a status,
//! and small programs ([`Op`], [`Piece`]) that render the body, the Display message and header
//! values. Everything the catalog fixes is pre-rendered into `Raw`/`Lit` text (JSON already
//! escaped), so rendering at runtime only escapes and writes the dynamic values.

pub use ::core;
pub use ::http;

/// Everything the catalog says about one code, compiled.
///
/// `public_*` fields are what a client sees: the `expose_as` target's code and status for a
/// masked entry, the entry's own otherwise. The body program already reflects `expose_as` and
/// `internal` (an internal message is never in it).
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
    /// `application/problem+json` or `application/json`.
    pub content_type: &'static str,
    /// `Retry-After` seconds, as text pieces (a literal number or a field).
    pub retry_after: Option<&'static [Piece]>,
    /// The catalog's extra headers, names as written.
    pub headers: &'static [Header],
    /// The body program.
    pub body: &'static [Op],
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
    /// Field -> messages (`$errors`).
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
    Display(&'a dyn core::fmt::Display),
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
