//! Emitters: pure functions from a checked [`Catalog`](crate::model::Catalog) to file
//! contents. None of them touches the filesystem (writing is the front ends' job, and skips
//! unchanged files) and all of them are deterministic: same model, same bytes.

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
