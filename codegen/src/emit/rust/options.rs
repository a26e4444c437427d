//! The Rust emitter in the shape of every emitter: its options and its [`Emitter`] impl.

use crate::emit::{Emitter, File};
use crate::model::Catalog;

/// Options of the Rust emitter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Name of the generated file; default `errcat.rs`, what `include_catalog!()` includes.
    pub file_name: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            file_name: "errcat.rs".to_owned(),
        }
    }
}

/// One file: the code enum, the error enum and their impls (see [`super::generate`]).
impl Emitter for Options {
    type Model = Catalog;

    fn emit(&self, catalog: &Catalog) -> Vec<File> {
        vec![File {
            name: self.file_name.clone(),
            contents: super::generate(catalog),
        }]
    }
}
