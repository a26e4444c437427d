//! Finding and loading the catalog a type names, once per file version.
//!
//! A crate may derive on ten types over one catalog, and rust-analyzer keeps the proc-macro
//! process alive across edits, so loaded catalogs are cached per thread (proc macros run on one
//! thread per crate) keyed by path and checked against the modification time of every file the
//! catalog read (its includes too) before reuse.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use std::time::SystemTime;

use errcat_codegen::model::Catalog;
use syn::LitStr;

struct Cached {
    /// Every file the catalog was read from, with its modification time at load.
    stamps: Vec<(PathBuf, Option<SystemTime>)>,
    catalog: Rc<Catalog>,
}

thread_local! {
    static CACHE: RefCell<HashMap<PathBuf, Cached>> = RefCell::new(HashMap::new());
}

/// The catalog named by `#[api_error(catalog = "...")]`, loaded and checked, or an error
/// spanned at the path literal saying which file was tried and what is wrong with it.
pub fn load(lit: &LitStr) -> syn::Result<Rc<Catalog>> {
    let path = resolve(lit)?;
    if let Some(catalog) = cached(&path) {
        return Ok(catalog);
    }
    if let Err(err) = std::fs::metadata(&path) {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "cannot read catalog `{}`: {err}\n\
                 help: the path is relative to the crate's directory (CARGO_MANIFEST_DIR)",
                path.display()
            ),
        ));
    }
    let catalog = errcat_codegen::load(&path).map_err(|err| {
        syn::Error::new(
            lit.span(),
            format!("invalid catalog `{}`:\n{err}", lit.value()),
        )
    })?;
    let catalog = Rc::new(catalog);
    let stamps = catalog
        .files
        .iter()
        .map(|file| (file.clone(), modified(file)))
        .collect();
    CACHE.with(|cache| {
        cache.borrow_mut().insert(
            path,
            Cached {
                stamps,
                catalog: Rc::clone(&catalog),
            },
        )
    });
    Ok(catalog)
}

fn cached(path: &Path) -> Option<Rc<Catalog>> {
    CACHE.with(|cache| {
        let cache = cache.borrow();
        let entry = cache.get(path)?;
        let fresh = entry
            .stamps
            .iter()
            .all(|(file, stamp)| stamp.is_some() && modified(file) == *stamp);
        fresh.then(|| Rc::clone(&entry.catalog))
    })
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `CARGO_MANIFEST_DIR` joined with the literal, with `.` and `..` folded away so messages
/// and the `include_bytes!` paths read cleanly.
fn resolve(lit: &LitStr) -> syn::Result<PathBuf> {
    let written = PathBuf::from(lit.value());
    if written.as_os_str().is_empty() {
        return Err(syn::Error::new(
            lit.span(),
            "the catalog path is empty: write the YAML file's path relative to the crate, \
             such as `catalog = \"errors.yaml\"`",
        ));
    }
    let base =
        match std::env::var_os("CARGO_MANIFEST_DIR") {
            Some(dir) => PathBuf::from(dir),
            None if written.is_absolute() => PathBuf::new(),
            None => return Err(syn::Error::new(
                lit.span(),
                "CARGO_MANIFEST_DIR is not set, so the relative catalog path cannot be resolved; \
                 build with cargo",
            )),
        };
    Ok(normalize(&base.join(written)))
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;
    use std::path::Path;

    #[test]
    fn normalize_folds_dots() {
        for (input, expected) in [
            ("/a/b/../../c/./d.yaml", "/c/d.yaml"),
            (
                "/work/target/tests/x/../../../../tests/ui/e.yaml",
                "/tests/ui/e.yaml",
            ),
            ("a/./b.yaml", "a/b.yaml"),
            ("../x.yaml", "../x.yaml"),
        ] {
            assert_eq!(normalize(Path::new(input)), Path::new(expected), "{input}");
        }
    }
}
