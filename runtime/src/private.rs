//! What generated code names: `::errcat::__private_0_1_0::…` (the module's name carries the
//! release, see `errcat_contract::PRIVATE`). Not a public API; it changes with errcat-codegen
//! and errcat-macros, which are released in lockstep with this crate.
//!
//! The catalog is compiled at build time into one [`Table`] (errcat-contract's compact
//! layout: a string pool, a list of lines, one byte string of numbers) and one [`Entry`] per
//! code, a handle on its row. Everything the catalog fixes is pre-rendered text (JSON already
//! escaped), so rendering at runtime only escapes and writes the dynamic values.
//!
//! Both front ends emit the same things: the build.rs path (`ErrorCode`/`Error`) and
//! `#[derive(ApiError)]` build their table with `errcat_codegen::emit::rust::TableTokens`,
//! and implement [`ApiError`] through its two hidden methods only; everything else is here and
//! in `render.rs`.

use core::fmt;
use std::sync::OnceLock;

pub use ::core;
pub use ::http;
// The owned types of catalog fields (`string`, `list<string>`), so generated code names no
// `::std` path of its own.
pub use ::std::borrow::Cow;
pub use ::std::string::String;
pub use ::std::vec::Vec;

/// The catalog's field types by their catalog names, as `impl_catalog!`'s list writes them
/// (`name: string`, `tags: list<string>`, `hint: option<u64>`). Re-exports, not aliases: a
/// generated field is a `String`, `Vec<String>`, `Option<u64>` in rustdoc and in rustc's
/// messages.
pub mod field {
    pub use ::core::option::Option as option;
    pub use ::core::primitive::{bool, f64, i64, u32, u64};
    pub use ::std::string::String as string;
    pub use ::std::vec::Vec as list;
}

pub use errcat_contract::table::{Body, Headers, Pieces};
pub use errcat_contract::{Op, Piece, Slot, Table};

pub use crate::openapi::{CodeResponse, Responses};

/// The codes of a transparent variant's wrapped error (derive expansions).
#[inline]
pub fn responses_of<T: ApiError>(f: &mut dyn FnMut(CodeResponse)) {
    T::for_each_response(f)
}
pub use crate::render::{debug, display, fields_eq};
pub use crate::{ApiError, Context, Edge, Edges, UnknownCode};
// Framework impls and the client's view of a code enum, for generated code (respond.rs,
// client.rs).
pub use crate::__impl_catalog as impl_catalog;
pub use crate::__impl_client as impl_client;
pub use crate::__impl_frameworks as impl_frameworks;
pub use crate::__impl_responses as impl_responses;
pub use crate::__impl_serde as impl_serde;
pub use crate::__responses_text as responses_text;
pub use crate::client::CatalogCode;

/// The body program of every row of a table, decoded on first use; generated code keeps one
/// in a static beside its [`Table`].
///
/// The body is what every response reads, and decoding its numbers on each request cost as
/// much as copying the body; decoding them in a `const` at build time costs rustc too much at
/// 10,000 codes (it trips `long_running_const_eval`). So the first body rendered decodes them
/// all (microseconds per thousand rows), and every body after that is one load away. The cache
/// is a static of its own so the table stays readable in `const fn`s.
///
/// It also carries the table's OpenAPI responses ([`Bodies::with_responses`]), the other
/// per-row companion of a table that the table's layout does not hold.
pub struct Bodies(OnceLock<Box<[Body<'static>]>>, &'static str);

impl Bodies {
    pub const fn new() -> Bodies {
        Bodies(OnceLock::new(), "")
    }

    /// With `responses`: one line per row, the row's OpenAPI Response object as compact JSON
    /// (`errcat_codegen::emit::openapi::code_response_line`), read by [`Entry::response`].
    pub const fn with_responses(responses: &'static str) -> Bodies {
        Bodies(OnceLock::new(), responses)
    }

    #[inline]
    fn get(&'static self, table: &'static Table<'static>, row: usize) -> Body<'static> {
        match self.decoded(table, row) {
            Some(body) => *body,
            None => table.body(row),
        }
    }

    /// The decoded body of `row`, borrowed where it is cached: the renderer reads the fields
    /// it needs in place instead of copying the whole `Body` to its stack first. `None` only
    /// for a row past the table's end, which no entry has.
    #[inline]
    fn decoded(
        &'static self,
        table: &'static Table<'static>,
        row: usize,
    ) -> Option<&'static Body<'static>> {
        self.0
            .get_or_init(|| (0..table.len()).map(|row| table.body(row)).collect())
            .get(row)
    }
}

impl Default for Bodies {
    fn default() -> Bodies {
        Bodies::new()
    }
}

impl fmt::Debug for Bodies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bodies")
            .field("decoded", &self.0.get().map(|b| b.len()))
            .finish()
    }
}

/// The lookup slots of a table decoded on first use (`errcat_contract::table::CodeIndex`);
/// generated `FromStr` keeps one in a static beside its [`Table`].
///
/// A code is looked up on every parsed response and in request routing, so the first lookup
/// decodes the table's codes into an in-memory hash table, and every one after is one hash,
/// one slot load (nearly always), one comparison with the code's bytes. Measured at 100 to
/// 10,000 codes by tests/fixtures/lookup-bench.
pub struct Lookup(OnceLock<errcat_contract::table::CodeIndex>);

impl Lookup {
    pub const fn new() -> Lookup {
        Lookup(OnceLock::new())
    }

    /// The row whose code is `key`.
    #[inline]
    pub fn find(&'static self, table: &'static Table<'static>, key: &str) -> Option<usize> {
        self.0.get_or_init(|| table.code_index()).find(table, key)
    }
}

impl Default for Lookup {
    fn default() -> Lookup {
        Lookup::new()
    }
}

impl fmt::Debug for Lookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lookup")
            .field("decoded", &self.0.get().is_some())
            .finish()
    }
}

/// One code of a compiled table: everything the catalog says about it, read from its row.
///
/// `public_*` are what a client sees: the `expose_as` target's for a masked entry, the entry's
/// own otherwise. The body program already reflects `expose_as` and `internal` (an internal
/// message is never in it).
#[derive(Clone, Copy)]
pub struct Entry {
    table: &'static Table<'static>,
    bodies: &'static Bodies,
    row: u32,
}

impl Entry {
    /// Row `row` of `table`, its body read through `bodies`.
    pub const fn new(table: &'static Table<'static>, bodies: &'static Bodies, row: usize) -> Entry {
        Entry {
            table,
            bodies,
            row: row as u32,
        }
    }

    /// A handle for every row of `table`, in order (`N` is the table's length).
    pub const fn all<const N: usize>(
        table: &'static Table<'static>,
        bodies: &'static Bodies,
    ) -> [Entry; N] {
        let mut all = [Entry::new(table, bodies, 0); N];
        let mut row = 1;
        while row < N {
            all[row].row = row as u32;
            row += 1;
        }
        all
    }

    /// The table the entry is a row of (the code enum's lookup reads it).
    pub const fn table(&self) -> &'static Table<'static> {
        self.table
    }

    #[inline]
    const fn row(&self) -> usize {
        self.row as usize
    }

    /// The real code, for logs, `kind()` and Display of the code enum.
    #[inline]
    pub const fn code(&self) -> &'static str {
        self.table.code(self.row())
    }

    /// The real status.
    pub const fn status(&self) -> u16 {
        self.table.head(self.row()).status
    }

    /// The code clients see.
    pub const fn public_code(&self) -> &'static str {
        self.table.head(self.row()).public_code
    }

    /// The status clients see.
    #[inline]
    pub const fn public_status(&self) -> u16 {
        self.table.public_status(self.row())
    }

    pub const fn title(&self) -> &'static str {
        self.table.head(self.row()).title
    }

    /// The title clients see.
    pub const fn public_title(&self) -> &'static str {
        self.table.head(self.row()).public_title
    }

    /// The message template as written in the catalog (`{table}` placeholders intact).
    pub const fn message(&self) -> &'static str {
        self.table.head(self.row()).message
    }

    /// The variant's name, for `Debug` of the code enum.
    pub const fn name(&self) -> &'static str {
        self.table.head(self.row()).name
    }

    /// The message for `Display`: literal text and field values.
    pub fn display(&self) -> Pieces<'static> {
        self.table.display(self.row())
    }

    pub const fn cause(&self) -> &'static [&'static str] {
        self.table.cause(self.row())
    }

    pub const fn solution(&self) -> &'static [&'static str] {
        self.table.solution(self.row())
    }

    pub const fn category(&self) -> Option<&'static str> {
        self.table.head(self.row()).category
    }

    pub const fn retryable(&self) -> bool {
        self.table.flags(self.row()) & errcat_contract::table::flag::RETRYABLE != 0
    }

    pub const fn internal(&self) -> bool {
        self.table.flags(self.row()) & errcat_contract::table::flag::INTERNAL != 0
    }

    pub const fn deprecated(&self) -> Option<&'static str> {
        self.table.head(self.row()).deprecated
    }

    pub const fn since(&self) -> Option<&'static str> {
        self.table.head(self.row()).since
    }

    /// Canonical gRPC code name.
    pub const fn grpc(&self) -> &'static str {
        self.table.head(self.row()).grpc
    }

    pub const fn docs_url(&self) -> Option<&'static str> {
        self.table.head(self.row()).docs_url
    }

    /// The docs URL clients see (the exposed entry's).
    pub const fn public_docs_url(&self) -> Option<&'static str> {
        self.table.head(self.row()).public_docs_url
    }

    /// The envelope of the body (an index into the table's envelopes).
    pub const fn envelope(&self) -> usize {
        self.table.envelope_of(self.row())
    }

    /// `application/problem+json` or `application/json`.
    pub const fn content_type(&self) -> &'static str {
        self.table.content_type(self.envelope())
    }

    /// `Retry-After` seconds, as text pieces (a literal number or a field).
    pub fn retry_after(&self) -> Option<Pieces<'static>> {
        self.table.retry_after(self.row())
    }

    /// The catalog's extra headers, names as written.
    pub fn headers(&self) -> Headers<'static> {
        self.table.headers(self.row())
    }

    /// The body program. The context's extra members (`Context::member`) are not in it: the
    /// renderer adds them before the closing brace of a top-level object.
    #[inline]
    pub fn body(&self) -> Body<'static> {
        self.bodies.get(self.table, self.row())
    }

    /// [`Entry::body`] borrowed from the table's cache; `None` when the row has no cached body
    /// (never, for an entry generated with its table).
    #[inline]
    pub(crate) fn cached_body(&self) -> Option<&'static Body<'static>> {
        self.bodies.decoded(self.table, self.row())
    }

    /// Field names, in the order of the args the generated code passes.
    pub const fn fields(&self) -> &'static [&'static str] {
        self.table.fields(self.row())
    }

    /// The OpenAPI Response object of the code clients see, as JSON text; `None` when the
    /// table was generated without responses.
    pub fn response(&self) -> Option<&'static str> {
        self.bodies
            .1
            .lines()
            .nth(self.row())
            .filter(|line| !line.is_empty())
    }
}

/// Calls `f` with the response of each entry that has one, in order (the generated
/// [`crate::openapi::Responses`] impls). `entries` are rows of one table in ascending order, so
/// the lines of its responses are read once, not once per entry.
pub fn responses(
    entries: impl IntoIterator<Item = &'static Entry>,
    f: &mut dyn FnMut(crate::openapi::CodeResponse),
) {
    let mut lines = None;
    let mut next_row = 0;
    for entry in entries {
        let lines = lines.get_or_insert_with(|| entry.bodies.1.lines());
        let line = if entry.row() >= next_row {
            let line = lines.nth(entry.row() - next_row);
            next_row = entry.row() + 1;
            line
        } else {
            entry.response()
        };
        if let Some(response) = line.filter(|line| !line.is_empty()) {
            f(crate::openapi::CodeResponse::new(
                entry.public_code(),
                entry.public_status(),
                response,
            ));
        }
    }
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("code", &self.code())
            .field("row", &self.row)
            .finish_non_exhaustive()
    }
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
