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

impl Options {
    /// The file of the codes' OpenAPI responses, beside the generated one: `errcat.rs` ->
    /// `errcat.responses.jsonl`.
    pub fn responses_file_name(&self) -> String {
        let stem = self
            .file_name
            .strip_suffix(".rs")
            .unwrap_or(&self.file_name);
        format!("{stem}.responses.jsonl")
    }
}

/// Two files: the code enum, the error enum and their impls (see [`super::generate`]), and
/// the codes' OpenAPI responses it includes (see [`super::responses`]).
impl Emitter for Options {
    type Model = Catalog;

    fn emit(&self, catalog: &Catalog) -> Vec<File> {
        let responses_file = self.responses_file_name();
        vec![
            File {
                name: self.file_name.clone(),
                contents: super::generate_with(catalog, &responses_file),
            },
            File {
                name: responses_file,
                contents: super::responses(catalog),
            },
        ]
    }
}
