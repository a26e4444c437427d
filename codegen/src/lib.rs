//! errcat-codegen: one YAML catalog of API errors in, Rust, docs, TypeScript, OpenAPI and JSON
//! Schema out.
//!
//! The pipeline is `load` (YAML to a raw tree that remembers where every value was written)
//! -> `check` (every rule, every problem gathered in a [`diag::Ctxt`]) -> [`model`] (the
//! validated, typed catalog) and [`view`] (what a client receives for each entry) -> [`emit`]
//! (pure functions from the model to file contents).
//! The front ends, [`Builder`] for build scripts, the derive in `errcat-macros` and the
//! `errcat` command line, are thin layers over the same model.

pub mod diag;
pub mod emit;
pub mod envelope;
pub mod escape;
pub mod model;
pub mod names;
pub mod template;
pub mod view;
pub mod write;

mod builder;
mod check;
mod keys;
mod load;
mod vocabulary;

#[cfg(feature = "cli")]
pub mod cli;

pub use builder::{BuildError, Builder};
pub use diag::{Diagnostic, Error, Location, Severity};
pub use model::Catalog;

use std::path::Path;

/// Loads and checks the catalog at `path` and every file it includes (include paths are
/// relative to the including file). All problems come back together in the [`Error`];
/// warnings of a clean catalog are in [`Catalog::warnings`], and [`Catalog::files`] lists every
/// file read.
pub fn load(path: impl AsRef<Path>) -> Result<Catalog, Error> {
    check::load_path(path.as_ref())
}

/// Loads and checks a catalog given as text. `path` names it in diagnostics and anchors its
/// includes; it is not read.
pub fn load_str(path: impl AsRef<Path>, source: &str) -> Result<Catalog, Error> {
    check::load_source(path.as_ref(), source)
}
