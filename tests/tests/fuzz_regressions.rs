//! Replays the fuzz regression corpus (tests/fuzz-regressions/<target>/) through the functions
//! the cargo-fuzz targets call, compiled here from the same file (fuzz/src/lib.rs), so a plain
//! `cargo test` on a stable toolchain checks every input that ever crashed a target.

#[path = "../../fuzz/src/lib.rs"]
mod targets;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

/// Runs every file of the target's directory through `check`; fails naming each file that
/// panicked.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = errcat_tests::repo_root()
        .join("tests/fuzz-regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no input in {}", dir.display());
    let failed: Vec<String> = files
        .iter()
        .filter(|path| {
            let data = std::fs::read(path).expect("read input");
            catch_unwind(AssertUnwindSafe(|| check(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{target} panics on: {failed:#?}");
}

#[test]
fn load() {
    replay("load", targets::load);
}

#[test]
fn template() {
    replay("template", targets::template);
}

#[test]
fn envelope() {
    replay("envelope", targets::envelope);
}

#[test]
fn client() {
    replay("client", targets::client);
}

#[test]
fn emit_rust() {
    replay("emit_rust", targets::emit_rust);
}
