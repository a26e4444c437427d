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
        format!("{}.responses.jsonl", self.stem())
    }

    /// The file of the codes' table, beside the generated one: `errcat.rs` -> `errcat.table`.
    pub fn table_file_name(&self) -> String {
        format!("{}.table", self.stem())
    }

    fn stem(&self) -> &str {
        self.file_name
            .strip_suffix(".rs")
            .unwrap_or(&self.file_name)
    }
}

/// Three files: the code enum, the error enum and their impls (see [`super::generate`]), and
/// the two it includes: the codes' table and their OpenAPI responses (see [`super::responses`]).
impl Emitter for Options {
    type Model = Catalog;

    fn emit(&self, catalog: &Catalog) -> Vec<File> {
        let generated = super::generate_files(catalog, self);
        vec![
            File {
                name: self.file_name.clone(),
                contents: generated.rust,
            },
            File {
                name: self.table_file_name(),
                contents: generated.table,
            },
            File {
                name: self.responses_file_name(),
                contents: generated.responses,
            },
        ]
    }
}
