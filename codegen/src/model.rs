//! The validated, typed catalog: the one thing every emitter and front end consumes.
//!
//! Nothing here can be constructed in an invalid state by the loader: every code is unique
//! and matches the catalog's style, every placeholder names a declared field, every
//! `expose_as` and `format` reference is an id ([`EntryId`], [`EnvelopeId`]) of this catalog,
//! every status is 400-599.
//! Emitters therefore never re-check and never see YAML.

use std::ops::Index;
use std::path::PathBuf;

pub use errcat_contract::edge::Edge;

use crate::diag::{Diagnostic, Location};
use crate::vocabulary::vocabulary;

/// A loaded and checked catalog, includes merged.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub service: String,
    pub description: Option<String>,
    /// URL template with `{code}`, as written. Per entry, see [`Entry::docs_url`].
    pub docs_url: Option<String>,
    pub code_style: CodeStyle,
    /// Envelopes in declaration order: the first ([`EnvelopeId::FORMAT`]) is the catalog's
    /// `format` (default `problem`), followed by the named `formats` in the order they were
    /// written; indexed by [`EnvelopeId`].
    pub envelopes: Vec<Envelope>,
    /// Entries in the order the docs list them: the root file's entries first, then each
    /// include's entries in `include` order (depth first); indexed by [`EntryId`].
    pub entries: Vec<Entry>,
    /// Codes no longer in use, in the order written (`retired:`): none of them is an entry's
    /// code, so a code once sent is never sent again with another meaning.
    pub retired: Vec<Retired>,
    /// The entry each framework edge answers with (`edges:`, the root's then the includes'),
    /// in [`Edge`] order, one per edge at most; an edge without one is left to the framework.
    pub edges: Vec<(Edge, EntryId)>,
    /// The catalogs whose entries these are: the root first ([`OriginId::ROOT`]), then every
    /// included catalog that names its own `service`, in include order; indexed by
    /// [`OriginId`]. An included file without `service` is part of the catalog that
    /// includes it, so its entries have that catalog's origin.
    pub origins: Vec<Origin>,
    /// Every file that was read, root first; build scripts emit `rerun-if-changed` for each.
    /// A catalog embedded in errcat-codegen (`errcat:standard`) is not a file and is not listed.
    pub files: Vec<PathBuf>,
    /// Problems that do not stop generation (a declared field nothing uses, ...).
    pub warnings: Vec<Diagnostic>,
}

impl Catalog {
    /// The entry with this code, if any. Linear: for one-off lookups (CLI, derive), not hot paths.
    pub fn entry(&self, code: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.code == code)
    }

    /// The retired code `code`, if it is one.
    pub fn retired(&self, code: &str) -> Option<&Retired> {
        self.retired.iter().find(|r| r.code == code)
    }

    /// The envelope an entry's own body template is (a masked entry answers in its exposed
    /// entry's: see [`Catalog::view`]).
    pub fn envelope_of(&self, entry: &Entry) -> &Envelope {
        &self.envelopes[entry.envelope]
    }

    /// The entry whose response is sent for `entry`: itself, or the target of its `expose_as`.
    /// What a client sees of it is [`Catalog::view`].
    pub fn exposed<'a>(&'a self, entry: &'a Entry) -> &'a Entry {
        match entry.expose_as {
            Some(id) => &self.entries[id],
            None => entry,
        }
    }

    /// The catalog an entry came from.
    pub fn origin_of(&self, entry: &Entry) -> &Origin {
        &self.origins[entry.origin]
    }

    /// The id of every envelope, in declaration order.
    pub fn envelope_ids(&self) -> impl Iterator<Item = EnvelopeId> {
        (0..self.envelopes.len()).map(EnvelopeId)
    }
}

// `catalog.entries[id]`, `catalog.envelopes[id]`. Ids are made by the checker for the catalog
// it builds, so they are in range.
impl Index<EntryId> for Vec<Entry> {
    type Output = Entry;

    fn index(&self, id: EntryId) -> &Entry {
        &self[id.0]
    }
}

impl Index<OriginId> for Vec<Origin> {
    type Output = Origin;

    fn index(&self, id: OriginId) -> &Origin {
        &self[id.0]
    }
}

impl Index<EnvelopeId> for Vec<Envelope> {
    type Output = Envelope;

    fn index(&self, id: EnvelopeId) -> &Envelope {
        &self[id.0]
    }
}

/// An entry of a catalog: its position in [`Catalog::entries`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryId(usize);

impl EntryId {
    pub const fn new(index: usize) -> EntryId {
        EntryId(index)
    }

    /// The position in [`Catalog::entries`].
    pub const fn index(self) -> usize {
        self.0
    }
}

/// An envelope of a catalog: its position in [`Catalog::envelopes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EnvelopeId(usize);

impl EnvelopeId {
    /// The catalog's own `format`, the envelope of every entry without a `format` key.
    pub const FORMAT: EnvelopeId = EnvelopeId(0);

    pub const fn new(index: usize) -> EnvelopeId {
        EnvelopeId(index)
    }

    /// The position in [`Catalog::envelopes`].
    pub const fn index(self) -> usize {
        self.0
    }
}

/// A catalog that entries came from: the root, or an included catalog with its own `service`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Its `service`: the name that groups its codes in the docs.
    pub service: String,
    /// Its `description`.
    pub description: Option<String>,
    /// How it was named: the root's path, an included file's path as resolved, or
    /// `errcat:standard` for a catalog embedded in errcat-codegen.
    pub source: PathBuf,
}

/// A catalog of [`Catalog::origins`]: its position there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OriginId(usize);

impl OriginId {
    /// The root catalog.
    pub const ROOT: OriginId = OriginId(0);

    pub const fn new(index: usize) -> OriginId {
        OriginId(index)
    }

    /// The position in [`Catalog::origins`].
    pub const fn index(self) -> usize {
        self.0
    }
}

vocabulary! {
    /// `code_style`: the shape every code must have.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum CodeStyle {
        /// `VALIDATION_ERROR`
        ScreamingSnakeCase = "SCREAMING_SNAKE_CASE",
        /// `auth/invalid-credentials`
        DomainKebabCase = "domain/kebab-case",
        /// `invalid-credentials`
        KebabCase = "kebab-case",
        /// `auth.invalid_credentials`
        DottedLower = "dotted.lower",
        /// Any non-empty string without control characters.
        Any = "any",
    }
}

/// A code that was in use and is not any more (`retired:`), as rustc keeps its retired error
/// codes: clients and docs can still say what it was, and no entry may take it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retired {
    pub code: String,
    /// The version of the API that retired it.
    pub version: String,
    /// Why, and what clients do instead.
    pub note: String,
    /// The code that replaces it, an entry of the catalog.
    pub replaced_by: Option<String>,
}

/// One catalog entry, fully resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Where the entry's `code:` key is written; the derive and the CLI point at it.
    pub location: Location,
    pub code: String,
    /// Variant name: `rust_name`, else UpperCamelCase of the code (prefix `E` before a digit).
    pub rust_name: String,
    pub status: u16,
    /// `title`, else the status' reason phrase.
    pub title: String,
    pub message: Template,
    pub cause: Vec<String>,
    pub solution: Vec<String>,
    pub category: Option<String>,
    /// Declared fields first, in declaration order, then placeholders that were used without a
    /// declaration (implicitly `string`), in order of first use.
    pub fields: Vec<Field>,
    pub retryable: bool,
    /// `Retry-After` in seconds: a template over the fields (a plain number is a literal template).
    pub retry_after: Option<Template>,
    /// Extra headers in the order written, names as written (validated as header names).
    pub headers: Vec<Header>,
    /// The entry clients see instead of this one.
    pub expose_as: Option<EntryId>,
    /// The message is for logs only: bodies carry the exposed entry's message, or the title.
    pub internal: bool,
    pub deprecated: Option<String>,
    pub since: Option<String>,
    pub grpc: GrpcCode,
    /// Field values for the docs' example response, in field order; fields without one get a
    /// placeholder value derived from the field's type and name.
    pub example: Vec<(String, Value)>,
    /// The envelope of the entry's body (its `format`).
    pub envelope: EnvelopeId,
    /// The catalog's `docs_url` with `{code}` substituted.
    pub docs_url: Option<String>,
    /// The catalog the entry was written in.
    pub origin: OriginId,
    /// The keys the including catalog replaced with an include's `overrides`, in the order
    /// written there; empty for an entry used as written.
    pub overridden: Vec<String>,
}

impl Entry {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub value: Template,
}

/// A typed value carried by an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub ty: FieldType,
    pub doc: Option<String>,
    /// `Option<T>` in Rust; absent values omit `$name?` members and render empty in messages.
    pub optional: bool,
}

vocabulary! {
    /// The type of a field, as `fields: {name: {type: ...}}` spells it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum FieldType {
        String = "string",
        I64 = "i64",
        U32 = "u32",
        U64 = "u64",
        F64 = "f64",
        Bool = "bool",
        ListString = "list<string>",
    }
}

impl FieldType {
    /// True for the types whose JSON form is a number.
    pub const fn is_number(self) -> bool {
        matches!(
            self,
            FieldType::I64 | FieldType::U32 | FieldType::U64 | FieldType::F64
        )
    }
}

/// A message (or header, or retry-after) template: literal text and `{field}` placeholders.
/// `{{` and `}}` in the source are literal braces and appear unescaped in `Literal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// As written in the catalog.
    pub source: String,
    /// Never two adjacent literals, never an empty literal.
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// The name of a field of the entry (always declared, after checking).
    Placeholder(String),
}

impl Template {
    /// The placeholders in order of appearance (with repeats).
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Placeholder(name) => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// The text when there are no placeholders.
    pub fn as_literal(&self) -> Option<&str> {
        match self.segments.as_slice() {
            [] => Some(""),
            [Segment::Literal(text)] => Some(text),
            _ => None,
        }
    }
}

/// A response envelope: the JSON body as a tree with variables where values go.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// Preset name (`problem`, ...), or the `formats` key, or `format` for a custom top-level one.
    pub name: String,
    /// `application/problem+json` for the `problem` preset, `application/json` otherwise.
    pub content_type: String,
    pub body: Node,
}

/// A node of an envelope template.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Members in template order; keys unique.
    Object(Vec<Member>),
    Array(Vec<Node>),
    /// A literal value (`$$x` in the template becomes the literal string `$x`).
    Literal(Value),
    Var(Var),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub value: Node,
    /// `$var?`: the member is omitted when the variable has no value.
    pub optional: bool,
}

vocabulary! {
    /// The variables of an envelope template.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub enum Var {
        /// `$code`: the (exposed) code string.
        Code = "code",
        /// `$status`: the (exposed) status as a number.
        Status = "status",
        /// `$title`
        Title = "title",
        /// `$message`: rendered, fields interpolated (the generic text for internal entries).
        Message = "message",
        /// `$type`: the entry's docs URL; absent without `docs_url`.
        Type = "type",
        /// `$details`: object of the entry's fields; absent when the entry has none.
        Details = "details",
        /// `$errors`: field -> list of messages, from the request context.
        Errors = "errors",
        /// `$field`: the failing field's name, from the request context.
        Field = "field",
        /// `$request_id`, from the request context.
        RequestId = "request_id",
        /// `$timestamp`, from the request context.
        Timestamp = "timestamp",
        /// `$instance`, from the request context.
        Instance = "instance",
        /// `$retry_after`: seconds, a number; absent when the entry has no `retry_after`.
        RetryAfter = "retry_after",
    } else {
        /// `$<name>`: a field of the entry; absent when the entry has no such field or its value
        /// is `None`.
        EntryField(String),
    }
}

/// A plain data value (literals in envelopes, example field values). Objects keep key order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number's JSON text, validated as a JSON number.
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

vocabulary! {
    /// Canonical gRPC status codes, by their canonical names (`NOT_FOUND`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum GrpcCode {
        Cancelled = "CANCELLED",
        Unknown = "UNKNOWN",
        InvalidArgument = "INVALID_ARGUMENT",
        DeadlineExceeded = "DEADLINE_EXCEEDED",
        NotFound = "NOT_FOUND",
        AlreadyExists = "ALREADY_EXISTS",
        PermissionDenied = "PERMISSION_DENIED",
        ResourceExhausted = "RESOURCE_EXHAUSTED",
        FailedPrecondition = "FAILED_PRECONDITION",
        Aborted = "ABORTED",
        OutOfRange = "OUT_OF_RANGE",
        Unimplemented = "UNIMPLEMENTED",
        Internal = "INTERNAL",
        Unavailable = "UNAVAILABLE",
        DataLoss = "DATA_LOSS",
        Unauthenticated = "UNAUTHENTICATED",
    }
}

impl GrpcCode {
    /// The usual mapping of an HTTP error status to gRPC (as in grpc-gateway).
    // The specific statuses come before the 4xx catch-all on purpose: first match wins.
    #[allow(clippy::match_overlapping_arm)]
    pub const fn from_status(status: u16) -> GrpcCode {
        match status {
            400 => GrpcCode::InvalidArgument,
            401 => GrpcCode::Unauthenticated,
            403 => GrpcCode::PermissionDenied,
            404 => GrpcCode::NotFound,
            408 | 504 => GrpcCode::DeadlineExceeded,
            409 => GrpcCode::Aborted,
            412 => GrpcCode::FailedPrecondition,
            416 => GrpcCode::OutOfRange,
            429 => GrpcCode::ResourceExhausted,
            499 => GrpcCode::Cancelled,
            501 => GrpcCode::Unimplemented,
            503 => GrpcCode::Unavailable,
            400..=499 => GrpcCode::FailedPrecondition,
            _ => GrpcCode::Internal,
        }
    }
}

/// The reason phrase of an HTTP status (the default `title`), or `None` for an unassigned one.
pub const fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// The default of `retryable` for a status.
pub const fn default_retryable(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}
