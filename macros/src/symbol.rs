//! Attribute names, written once: the parser matches on them and the messages quote them, so a
//! rename cannot leave a stale spelling behind (serde_derive's `symbol.rs`).

use std::fmt::{self, Display};

use syn::{Ident, Path};

#[derive(Copy, Clone, PartialEq, Eq)]
pub struct Symbol(&'static str);

/// `#[api_error(...)]` on the type, a variant, or (by mistake) a field.
pub const API_ERROR: Symbol = Symbol("api_error");
/// `catalog = "errors.yaml"`: the catalog file, relative to `CARGO_MANIFEST_DIR`.
pub const CATALOG: Symbol = Symbol("catalog");
/// `code = "auth/invalid-credentials"`: the catalog entry a variant (or struct) stands for.
pub const CODE: Symbol = Symbol("code");
/// `message = "..."`: a per-variant override of the catalog message.
pub const MESSAGE: Symbol = Symbol("message");
/// `exhaustive`: every catalog code must have a variant.
pub const EXHAUSTIVE: Symbol = Symbol("exhaustive");
/// `transparent`: the variant (or struct) is the one error it wraps, code, body and all.
pub const TRANSPARENT: Symbol = Symbol("transparent");
/// `#[from]` on a field: `From<FieldType>` and `source()`.
pub const FROM: Symbol = Symbol("from");
/// `#[source]` on a field, or a field named `source`: `source()`.
pub const SOURCE: Symbol = Symbol("source");

impl Symbol {
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.0)
    }
}
