//! Emitters: pure functions from a model to file contents, all of one shape: an emitter's
//! options implement [`Emitter`], and `options.emit(&model)` returns the files (names relative
//! to the output directory, contents as text). None of them touches the filesystem: writing,
//! or checking that files on disk are current, is the separate step of [`crate::write`], which
//! the [`Builder`](crate::Builder) and the CLI share. All of them are deterministic: same model,
//! same options, same bytes.
//!
//! | emitter | options | model | files |
//! |---|---|---|---|
//! | [`rust`] | [`rust::Options`] | [`Catalog`](crate::Catalog) | `errcat.rs` |
//! | [`markdown`] | [`markdown::Options`] | [`Catalog`](crate::Catalog) | the reference page |
//! | [`typescript`] | [`typescript::Options`] | [`Catalog`](crate::Catalog) | one module |
//! | [`openapi`] | [`openapi::Options`] | [`Catalog`](crate::Catalog) | one JSON document |
//! | [`schema`] | [`schema::Options`] | [`schema::CatalogFormat`] | `catalog.schema.json` |
//!
//! A new projection is one more module here with its `Options` and one `impl Emitter`.

pub mod body;
pub mod markdown;
pub mod openapi;
pub mod rust;
pub mod schema;
pub mod typescript;

/// One generated file: a name relative to the output directory, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub contents: String,
}

/// The one shape of every emitter, implemented by its options (prost-build's split: pure
/// generation here, writing in [`crate::write`]).
pub trait Emitter {
    /// What the files are generated from: the checked [`Catalog`](crate::Catalog), except for
    /// the JSON Schema of the catalog format, which depends on the format alone.
    type Model: ?Sized;

    /// The files for `model`, in a fixed order. Pure: no filesystem, no environment, and it
    /// never panics (a model the checker built always generates).
    fn emit(&self, model: &Self::Model) -> Vec<File>;
}
