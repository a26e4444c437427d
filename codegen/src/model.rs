//! The validated, typed catalog: the one thing every emitter and front end consumes.
//!
//! Nothing here can be constructed in an invalid state by the loader: every code is unique
//! and matches the catalog's style, every placeholder names a declared field, every
//! `expose_as` and `format` reference is an id ([`EntryId`], [`EnvelopeId`]) of this catalog,
//! every status is 400-599.
//! Emitters therefore never re-check and never see YAML.

use std::ops::Index;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Location};

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
    /// Every file that was read, root first; build scripts emit `rerun-if-changed` for each.
    pub files: Vec<PathBuf>,
    /// Problems that do not stop generation (a declared field nothing uses, ...).
    pub warnings: Vec<Diagnostic>,
}

impl Catalog {
    /// The entry with this code, if any. Linear: for one-off lookups (CLI, derive), not hot paths.
    pub fn entry(&self, code: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.code == code)
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

/// `code_style`: the shape every code must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeStyle {
    /// `VALIDATION_ERROR`
    ScreamingSnakeCase,
    /// `auth/invalid-credentials`
    DomainKebabCase,
    /// `invalid-credentials`
    KebabCase,
    /// `auth.invalid_credentials`
    DottedLower,
    /// Any non-empty string without control characters.
    Any,
}

impl CodeStyle {
    pub const ALL: [CodeStyle; 5] = [
        CodeStyle::ScreamingSnakeCase,
        CodeStyle::DomainKebabCase,
        CodeStyle::KebabCase,
        CodeStyle::DottedLower,
        CodeStyle::Any,
    ];

    /// The spelling used in catalogs.
    pub const fn as_str(self) -> &'static str {
        match self {
            CodeStyle::ScreamingSnakeCase => "SCREAMING_SNAKE_CASE",
            CodeStyle::DomainKebabCase => "domain/kebab-case",
            CodeStyle::KebabCase => "kebab-case",
            CodeStyle::DottedLower => "dotted.lower",
            CodeStyle::Any => "any",
        }
    }

    pub fn from_name(name: &str) -> Option<CodeStyle> {
        CodeStyle::ALL.into_iter().find(|s| s.as_str() == name)
    }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldType {
    String,
    I64,
    U32,
    U64,
    F64,
    Bool,
    ListString,
}

impl FieldType {
    pub const ALL: [FieldType; 7] = [
        FieldType::String,
        FieldType::I64,
        FieldType::U32,
        FieldType::U64,
        FieldType::F64,
        FieldType::Bool,
        FieldType::ListString,
    ];

    /// The spelling used in catalogs.
    pub const fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::I64 => "i64",
            FieldType::U32 => "u32",
            FieldType::U64 => "u64",
            FieldType::F64 => "f64",
            FieldType::Bool => "bool",
            FieldType::ListString => "list<string>",
        }
    }

    pub fn from_name(name: &str) -> Option<FieldType> {
        FieldType::ALL.into_iter().find(|t| t.as_str() == name)
    }

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

/// The variables of an envelope template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Var {
    /// `$code`: the (exposed) code string.
    Code,
    /// `$status`: the (exposed) status as a number.
    Status,
    /// `$title`
    Title,
    /// `$message`: rendered, fields interpolated (the generic text for internal entries).
    Message,
    /// `$type`: the entry's docs URL; absent without `docs_url`.
    Type,
    /// `$details`: object of the entry's fields; absent when the entry has none.
    Details,
    /// `$errors`: field -> list of messages, from the request context.
    Errors,
    /// `$field`: the failing field's name, from the request context.
    Field,
    /// `$request_id`, from the request context.
    RequestId,
    /// `$timestamp`, from the request context.
    Timestamp,
    /// `$instance`, from the request context.
    Instance,
    /// `$retry_after`: seconds, a number; absent when the entry has no `retry_after`.
    RetryAfter,
    /// `$<name>`: a field of the entry; absent when the entry has no such field or its value is
    /// `None`.
    EntryField(String),
}

impl Var {
    /// The built-in variable names, for "did you mean" and docs.
    pub const BUILTIN: [&'static str; 12] = [
        "code",
        "status",
        "title",
        "message",
        "type",
        "details",
        "errors",
        "field",
        "request_id",
        "timestamp",
        "instance",
        "retry_after",
    ];

    /// `$name` -> variable. Every name that is not built in is an entry field.
    pub fn from_name(name: &str) -> Var {
        match name {
            "code" => Var::Code,
            "status" => Var::Status,
            "title" => Var::Title,
            "message" => Var::Message,
            "type" => Var::Type,
            "details" => Var::Details,
            "errors" => Var::Errors,
            "field" => Var::Field,
            "request_id" => Var::RequestId,
            "timestamp" => Var::Timestamp,
            "instance" => Var::Instance,
            "retry_after" => Var::RetryAfter,
            other => Var::EntryField(other.to_owned()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Var::Code => "code",
            Var::Status => "status",
            Var::Title => "title",
            Var::Message => "message",
            Var::Type => "type",
            Var::Details => "details",
            Var::Errors => "errors",
            Var::Field => "field",
            Var::RequestId => "request_id",
            Var::Timestamp => "timestamp",
            Var::Instance => "instance",
            Var::RetryAfter => "retry_after",
            Var::EntryField(name) => name,
        }
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

/// Canonical gRPC status codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrpcCode {
    Cancelled,
    Unknown,
    InvalidArgument,
    DeadlineExceeded,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    ResourceExhausted,
    FailedPrecondition,
    Aborted,
    OutOfRange,
    Unimplemented,
    Internal,
    Unavailable,
    DataLoss,
    Unauthenticated,
}

impl GrpcCode {
    pub const ALL: [GrpcCode; 16] = [
        GrpcCode::Cancelled,
        GrpcCode::Unknown,
        GrpcCode::InvalidArgument,
        GrpcCode::DeadlineExceeded,
        GrpcCode::NotFound,
        GrpcCode::AlreadyExists,
        GrpcCode::PermissionDenied,
        GrpcCode::ResourceExhausted,
        GrpcCode::FailedPrecondition,
        GrpcCode::Aborted,
        GrpcCode::OutOfRange,
        GrpcCode::Unimplemented,
        GrpcCode::Internal,
        GrpcCode::Unavailable,
        GrpcCode::DataLoss,
        GrpcCode::Unauthenticated,
    ];

    /// The canonical name (`NOT_FOUND`).
    pub const fn as_str(self) -> &'static str {
        match self {
            GrpcCode::Cancelled => "CANCELLED",
            GrpcCode::Unknown => "UNKNOWN",
            GrpcCode::InvalidArgument => "INVALID_ARGUMENT",
            GrpcCode::DeadlineExceeded => "DEADLINE_EXCEEDED",
            GrpcCode::NotFound => "NOT_FOUND",
            GrpcCode::AlreadyExists => "ALREADY_EXISTS",
            GrpcCode::PermissionDenied => "PERMISSION_DENIED",
            GrpcCode::ResourceExhausted => "RESOURCE_EXHAUSTED",
            GrpcCode::FailedPrecondition => "FAILED_PRECONDITION",
            GrpcCode::Aborted => "ABORTED",
            GrpcCode::OutOfRange => "OUT_OF_RANGE",
            GrpcCode::Unimplemented => "UNIMPLEMENTED",
            GrpcCode::Internal => "INTERNAL",
            GrpcCode::Unavailable => "UNAVAILABLE",
            GrpcCode::DataLoss => "DATA_LOSS",
            GrpcCode::Unauthenticated => "UNAUTHENTICATED",
        }
    }

    pub fn from_name(name: &str) -> Option<GrpcCode> {
        GrpcCode::ALL.into_iter().find(|g| g.as_str() == name)
    }

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
