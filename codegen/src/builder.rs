//! The build.rs front end: load the catalog, generate `errcat.rs`, write it if it changed, and
//! tell cargo which files to watch.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), errcat_codegen::BuildError> {
//!     errcat_codegen::Builder::new().catalog("errors.yaml").generate()?;
//!     Ok(())
//! }
//! ```
//!
//! An invalid catalog then fails the build with every problem, each at its file:line:col as
//! `errcat check` prints them, and nothing else: [`BuildError`]'s `Debug` (what a `main`
//! returning `Result` prints) is its `Display`, as with anyhow, so there is no panic message
//! and no backtrace note.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag;
use crate::emit::{self, Emitter as _};
use crate::write::{self, Mode};

/// Configures and runs code generation from a build script (prost-build style: setters take
/// `&mut self`, so a chain on `Builder::new()` works and so does a reused builder).
#[derive(Debug, Clone, Default)]
pub struct Builder {
    catalog: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    /// The Rust emitter's options (the file name).
    rust: emit::rust::Options,
    cargo_directives: Option<bool>,
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    /// The catalog file; a relative path is relative to `CARGO_MANIFEST_DIR` (when set).
    pub fn catalog(&mut self, path: impl Into<PathBuf>) -> &mut Builder {
        self.catalog = Some(path.into());
        self
    }

    /// Where to write; default `$OUT_DIR`.
    pub fn out_dir(&mut self, path: impl Into<PathBuf>) -> &mut Builder {
        self.out_dir = Some(path.into());
        self
    }

    /// The generated file's name; default `errcat.rs` (what `include_catalog!()` includes).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Builder {
        self.rust.file_name = name.into();
        self
    }

    /// Whether to print `cargo:rerun-if-changed` and `cargo:warning` lines; default: only when
    /// running in a build script (`OUT_DIR` is set), so tests and tools stay quiet.
    pub fn cargo_directives(&mut self, enabled: bool) -> &mut Builder {
        self.cargo_directives = Some(enabled);
        self
    }

    /// Loads and checks the catalog, generates the Rust code and writes it to
    /// `<out_dir>/<file_name>` unless the file already holds exactly that (so cargo does not
    /// rebuild the crate for nothing). Prints `cargo:rerun-if-changed` for every file the
    /// catalog read, includes too, also when the catalog is invalid (so fixing it reruns the
    /// build script). Returns the path written.
    pub fn generate(&self) -> Result<PathBuf, BuildError> {
        let directives = self
            .cargo_directives
            .unwrap_or_else(|| std::env::var_os("OUT_DIR").is_some());
        let catalog_path = self.catalog_path()?;
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(BuildError::NoOutDir)?,
        };
        let catalog = match crate::load(&catalog_path) {
            Ok(catalog) => catalog,
            Err(error) => {
                if directives {
                    rerun_if_changed(&catalog_path);
                    // Included files that were read before the problem was found.
                    let mut seen = vec![catalog_path.clone()];
                    for d in error.diagnostics() {
                        let file = d.location.file.to_path_buf();
                        if !seen.contains(&file) {
                            rerun_if_changed(&file);
                            seen.push(file);
                        }
                    }
                }
                return Err(BuildError::Catalog(error));
            }
        };
        if directives {
            for file in &catalog.files {
                rerun_if_changed(file);
            }
            for warning in &catalog.warnings {
                for line in warning.to_string().lines() {
                    println!("cargo:warning={line}");
                }
            }
        }
        for file in self.rust.emit(&catalog) {
            let path = out_dir.join(&file.name);
            write::write_if_changed(&path, &file.contents, Mode::Write)
                .map_err(|source| BuildError::Io { path, source })?;
        }
        Ok(out_dir.join(&self.rust.file_name))
    }

    fn catalog_path(&self) -> Result<PathBuf, BuildError> {
        let path = self.catalog.clone().ok_or(BuildError::NoCatalog)?;
        if path.is_relative() {
            if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
                return Ok(Path::new(&dir).join(path));
            }
        }
        Ok(path)
    }
}

fn rerun_if_changed(path: &Path) {
    println!("cargo:rerun-if-changed={}", path.display());
}

/// Why [`Builder::generate`] failed. `Display` shows every problem: for an invalid catalog,
/// each diagnostic with file:line:col, the source line and a caret.
///
/// `{:?}` is the same text, so a build script's `fn main() -> Result<(), BuildError>` prints
/// the diagnostics as they are (after std's `Error: `); `{:#?}` shows the structure.
#[non_exhaustive]
pub enum BuildError {
    /// The catalog is invalid or unreadable.
    Catalog(diag::Error),
    /// `Builder::catalog` was not called.
    NoCatalog,
    /// No `out_dir` was given and `OUT_DIR` is not set (not running in a build script).
    NoOutDir,
    /// The generated file could not be written.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Catalog(error) => write!(f, "errcat: invalid catalog\n{error}"),
            BuildError::NoCatalog => f.write_str(
                "errcat: no catalog given; call `Builder::catalog(\"errors.yaml\")` first",
            ),
            BuildError::NoOutDir => f.write_str(
                "errcat: OUT_DIR is not set; run from a build script or call `Builder::out_dir`",
            ),
            BuildError::Io { path, source } => {
                write!(f, "errcat: cannot write {}: {source}", path.display())
            }
        }
    }
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !f.alternate() {
            return fmt::Display::fmt(self, f);
        }
        match self {
            BuildError::Catalog(error) => f.debug_tuple("Catalog").field(error).finish(),
            BuildError::NoCatalog => f.write_str("NoCatalog"),
            BuildError::NoOutDir => f.write_str("NoOutDir"),
            BuildError::Io { path, source } => f
                .debug_struct("Io")
                .field("path", path)
                .field("source", source)
                .finish(),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Catalog(error) => Some(error),
            BuildError::Io { source, .. } => Some(source),
            BuildError::NoCatalog | BuildError::NoOutDir => None,
        }
    }
}

impl From<diag::Error> for BuildError {
    fn from(error: diag::Error) -> BuildError {
        BuildError::Catalog(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("errcat-builder-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn writes_once_and_skips_unchanged() {
        let dir = temp_dir("write");
        let catalog = dir.join("errors.yaml");
        std::fs::write(
            &catalog,
            "service: T\nerrors:\n  - code: a\n    status: 404\n    message: gone\n",
        )
        .expect("write catalog");
        let mut builder = Builder::new();
        builder
            .catalog(&catalog)
            .out_dir(&dir)
            .cargo_directives(false);
        let path = builder.generate().expect("generate");
        let first = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.starts_with("// @generated"));
        // The enums are `impl_catalog!`'s expansion; the file names them in its list.
        assert!(text.contains("} ErrorCode,"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        builder.generate().expect("generate again");
        let second = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(first, second, "unchanged output must not be rewritten");
    }

    #[test]
    fn invalid_catalog_displays_every_problem() {
        let dir = temp_dir("invalid");
        let catalog = dir.join("errors.yaml");
        std::fs::write(
            &catalog,
            "service: T\nerrors:\n  - code: a\n    stauts: 404\n    message: x\n  - code: a\n    status: 999\n    message: y\n",
        )
        .expect("write catalog");
        let error = Builder::new()
            .catalog(&catalog)
            .out_dir(&dir)
            .cargo_directives(false)
            .generate()
            .expect_err("invalid");
        let text = error.to_string();
        assert!(text.contains("errors.yaml:4:5"), "{text}");
        assert!(text.matches("error:").count() >= 2, "{text}");
        // What `fn main() -> Result<(), BuildError>` prints: the same text, not a struct.
        assert_eq!(format!("{error:?}"), text);
        assert!(format!("{error:#?}").starts_with("Catalog("));
    }

    #[test]
    fn missing_settings_are_reported() {
        assert!(matches!(
            Builder::new().out_dir("x").generate(),
            Err(BuildError::NoCatalog)
        ));
    }
}
