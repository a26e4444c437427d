//! errcat-codegen: one YAML catalog of API errors in, Rust, docs, TypeScript, OpenAPI and JSON
//! Schema out.
//!
//! The pipeline is `load` (YAML to a raw tree that remembers where every value was written)
//! -> `check` (every rule, every problem gathered in a [`diag::Ctxt`]) -> [`model`] (the
//! validated, typed catalog) and [`view`] (what a client receives for each entry) -> [`emit`]
//! (pure functions from the model to file contents).
//! [`diff`] compares two checked catalogs through the same views.
//! The front ends, [`Builder`] for build scripts, the derive in `errcat-macros` and the
//! `errcat` command line, are thin layers over the same model.

pub mod diag;
pub mod diff;
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
use std::sync::Arc;

use diag::Ctxt;

/// Loads and checks the catalog at `path` and every file it includes (include paths are
/// relative to the including file). All problems come back together in the [`Error`];
/// warnings of a clean catalog are in [`Catalog::warnings`], and [`Catalog::files`] lists every
/// file read.
pub fn load(path: impl AsRef<Path>) -> Result<Catalog, Error> {
    run(|cx| load::from_path(path.as_ref(), cx))
}

/// Loads and checks the catalog at `path` as it was at commit `rev` (a tag, a branch, a hash:
/// anything `git show REV:PATH` takes) of the git repository around the working directory,
/// with every file it includes from the same commit; nothing is read from the working tree.
/// `path` is from the repository's top level, or from the working directory when it starts
/// with `./` or `../`, as git reads it. Diagnostics name the files `REV:PATH`.
pub fn load_revision(rev: &str, path: impl AsRef<Path>) -> Result<Catalog, Error> {
    let files = load::Files::Git {
        rev: rev.to_owned(),
    };
    run(|cx| load::from_files(files, path.as_ref(), cx))
}

/// Loads and checks a catalog given as text. `path` names it in diagnostics and anchors its
/// includes; it is not read.
pub fn load_str(path: impl AsRef<Path>, source: &str) -> Result<Catalog, Error> {
    run(|cx| load::from_text(path.as_ref(), source, cx))
}

/// The pipeline up to the model: load (the only stage that reads files), then check.
fn run<'s>(read: impl FnOnce(&Ctxt) -> Option<load::Sources<'s>>) -> Result<Catalog, Error> {
    let cx = Ctxt::new();
    let catalog = read(&cx).and_then(|sources| check::catalog(sources, &cx));
    let warnings = cx.check()?;
    match catalog {
        Some(mut catalog) => {
            catalog.warnings = warnings;
            Ok(catalog)
        }
        // Every path that yields no catalog reports an error first; this is a guard, not a rule.
        None => Err(Error::new(vec![Diagnostic {
            severity: Severity::Error,
            location: Location::file_only(Arc::from(Path::new("<catalog>"))),
            key: String::new(),
            message: "the catalog could not be loaded".into(),
            source_line: None,
            notes: Vec::new(),
            help: None,
        }])),
    }
}
