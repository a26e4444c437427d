//! errcat-codegen: one YAML catalog of API errors in, Rust, docs, TypeScript, OpenAPI and JSON
//! Schema out.
//!
//! The pipeline is `load` (YAML to a raw tree that remembers where every value was written)
//! -> `check` (every rule, every problem gathered in a [`diag::Ctxt`]) -> [`model`] (the
//! validated, typed catalog) -> [`emit`] (pure functions from the model to file contents).
//! The front ends, [`Builder`] for build scripts, the derive in `errcat-macros` and the
//! `errcat` command line, are thin layers over the same model.

pub mod diag;
pub mod emit;
pub mod envelope;
pub mod escape;
pub mod model;
pub mod names;
pub mod template;

mod builder;
mod check;
mod load;

#[cfg(feature = "cli")]
pub mod cli;

pub use builder::Builder;
pub use diag::{Diagnostic, Error, Location, Severity};
pub use model::Catalog;
