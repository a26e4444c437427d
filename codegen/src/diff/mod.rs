//! What changed between two versions of a catalog, as a client and as a crate built on the old
//! one feel it: `errcat diff OLD NEW` is a thin layer over [`diff`].
//!
//! Both sides are checked catalogs, so every entry is resolved (its status from a status rule,
//! its envelope from a preset or a template, its entries from includes) and a change that
//! reaches an entry through any of them is found like one written on the entry. What a client
//! receives is compared on the public views ([`crate::view`]): a masked entry answers as its
//! exposed one, an `internal` entry sends its title and no fields. What Rust code sees (the
//! variant, its fields) is compared on the entries.
//!
//! Each [`Change`] has a [`ChangeKind`], the code it is about, the values before and after,
//! and [`Breaks`]: whether it breaks clients, Rust code built on the old catalog, both or
//! neither. [`Diff::text`] and [`Diff::to_json`] are the two reports; the JSON's shape is
//! `docs/diff.schema.json`.

mod compare;
mod report;

use crate::model::Catalog;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// What kind of change one [`Change`] is, spelled as the JSON report's `kind`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ChangeKind {
        /// A code is gone and not listed under `retired` (clients and Rust code).
        Removed = "removed",
        /// A code is gone and listed under `retired`: clients never receive it again; the Rust
        /// variant is gone.
        Retired = "retired",
        /// A code is gone and another one with the same status, envelope and fields arrived:
        /// one rename, breaking like the removal it is.
        Renamed = "renamed",
        /// A code retired in the old catalog is an entry's code again.
        RetiredReused = "retired_reused",
        /// Clients receive another code for this entry (`expose_as`).
        ExposedCode = "exposed_code",
        /// A framework edge (bad JSON, unknown route, panic, ...) answers with another code, or
        /// with none any more (the framework's own response): breaking. An edge that now has
        /// a code is compatible.
        Edge = "edge",
        /// The HTTP status.
        Status = "status",
        /// The response's `Content-Type`.
        ContentType = "content_type",
        /// The envelope the body is rendered in (its template).
        Envelope = "envelope",
        /// The docs URL: a problem's `type` when the envelope renders `$type` (breaking),
        /// otherwise a link in the docs only (compatible).
        TypeUrl = "type_url",
        /// An `internal` entry is not any more: its message and fields, written for logs, are
        /// now in the body. Breaking, and a possible leak.
        InternalRevealed = "internal_revealed",
        /// An entry became `internal`: clients receive the title instead of the message, and
        /// no fields.
        InternalHidden = "internal_hidden",
        /// The gRPC status code.
        Grpc = "grpc",
        /// A response header is no longer sent.
        HeaderRemoved = "header_removed",
        /// A response header has another value.
        HeaderChanged = "header_changed",
        /// `Retry-After` is no longer sent.
        RetryAfterRemoved = "retry_after_removed",
        /// The Rust variant's name.
        RustName = "rust_name",
        /// A field is gone (from the body, from the variant, or both).
        FieldRemoved = "field_removed",
        /// A field has another type.
        FieldRetyped = "field_retyped",
        /// A field may now be absent (`Option<T>` in Rust).
        FieldOptional = "field_optional",
        /// An optional field is now required: clients always receive it; the Rust field's type
        /// is `T` instead of `Option<T>`.
        FieldRequired = "field_required",
        /// A new code.
        Added = "added",
        /// A new field (Rust code constructing the variant must set it).
        FieldAdded = "field_added",
        /// A new response header.
        HeaderAdded = "header_added",
        /// `Retry-After` is now sent.
        RetryAfterAdded = "retry_after_added",
        /// `Retry-After` has another value.
        RetryAfterChanged = "retry_after_changed",
        /// The title's wording.
        Title = "title",
        /// The message's wording.
        Message = "message",
        /// The causes' wording.
        Cause = "cause",
        /// The solutions' wording.
        Solution = "solution",
        /// Whether clients should retry.
        Retryable = "retryable",
        /// The entry is deprecated, or its note changed.
        Deprecated = "deprecated",
    }
}

/// Who a change breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Breaks {
    /// Clients of the API: what a response carries changed.
    pub clients: bool,
    /// Rust code built on the old catalog: a variant, a field or its type changed.
    pub rust: bool,
}

impl Breaks {
    /// A compatible change.
    pub const NONE: Breaks = Breaks {
        clients: false,
        rust: false,
    };
    pub const CLIENTS: Breaks = Breaks {
        clients: true,
        rust: false,
    };
    pub const RUST: Breaks = Breaks {
        clients: false,
        rust: true,
    };
    pub const BOTH: Breaks = Breaks {
        clients: true,
        rust: true,
    };

    /// True when the change breaks anyone.
    pub const fn any(self) -> bool {
        self.clients || self.rust
    }
}

/// One difference between two catalogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The code the change is about: the old one for a removal or a rename, the new one for
    /// an addition.
    pub code: String,
    /// The value before, as text (a status, a type, a template as written); `None` when there
    /// was none (an added code, header or field).
    pub before: Option<String>,
    /// The value after; `None` when there is none any more.
    pub after: Option<String>,
    pub breaks: Breaks,
    /// The change in one line, naming the code: "`A`: status 404 -> 410".
    pub message: String,
}

impl Change {
    /// True when the change breaks clients or Rust code.
    pub fn is_breaking(&self) -> bool {
        self.breaks.any()
    }
}

/// Every change between two catalogs: breaking ones first, each group in the order of the
/// catalogs (old entries in order, then the added ones in the new catalog's order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diff {
    pub changes: Vec<Change>,
}

impl Diff {
    /// True when some change breaks clients or Rust code: a release must not ship it under the
    /// same major version.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The changes of one kind.
    pub fn of_kind(&self, kind: ChangeKind) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.kind == kind)
    }
}

/// Every change from `old` to `new`.
pub fn diff(old: &Catalog, new: &Catalog) -> Diff {
    let mut changes = compare::changes(old, new);
    // Stable: breaking first, otherwise in the order found.
    changes.sort_by_key(|c| !c.is_breaking());
    Diff { changes }
}

#[cfg(test)]
mod tests;
