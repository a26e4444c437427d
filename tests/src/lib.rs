//! Helpers shared by errcat's integration tests.

use std::path::{Path, PathBuf};

/// The repository root (the workspace), for paths that must print the same on every machine.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        Path::to_path_buf,
    )
}

/// `text` with the repository root's absolute path (and a trailing separator) removed, so
/// output that names files is stable across checkouts.
pub fn relative_to_repo(text: &str) -> String {
    let root = repo_root();
    let mut prefix = root.display().to_string();
    prefix.push(std::path::MAIN_SEPARATOR);
    text.replace(&prefix, "")
}

/// Compares `actual` with the golden file at `path` (relative paths are relative to the repo
/// root). With `ERRCAT_BLESS=1` the file is written instead; otherwise a difference (or a
/// missing file) fails the test with the first differing line. Never rewrites silently.
#[track_caller]
pub fn golden(path: impl AsRef<Path>, actual: &str) {
    let path = repo_root().join(path);
    if std::env::var_os("ERRCAT_BLESS").is_some_and(|v| v == "1") {
        if std::fs::read_to_string(&path).ok().as_deref() != Some(actual) {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
            }
            std::fs::write(&path, actual)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        }
        return;
    }
    let expected = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => panic!(
            "golden file {} cannot be read ({e}); run with ERRCAT_BLESS=1 to create it",
            path.display()
        ),
    };
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} is out of date (first difference at line {}):\n--- expected\n{}\n--- actual\n{}\n\
             run with ERRCAT_BLESS=1 to update it after checking the difference",
            path.display(),
            line + 1,
            expected.lines().nth(line).unwrap_or("<end of file>"),
            actual.lines().nth(line).unwrap_or("<end of file>"),
        );
    }
}
