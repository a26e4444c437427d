//! Compile-fail tests of `#[derive(ApiError)]` and `errcat::catalog!`: one `.rs` per mistake under tests/ui/<category>/,
//! with the exact compiler output a user sees in the `.stderr` beside it. Regenerate the
//! expected output with `TRYBUILD=overwrite cargo test -p errcat-tests --test ui`, then read
//! every changed `.stderr` before committing it.
//!
//! trybuild compiles the cases as a crate rooted at `<target dir>/tests/trybuild/errcat-tests`,
//! which is then `CARGO_MANIFEST_DIR`, the directory catalog paths are relative to; the cases
//! name their catalogs as `../../../../tests/ui/<file>.yaml`. That holds only when the target
//! directory is the checkout's `target/`, so the harness pins trybuild's target directory
//! there, whatever `CARGO_TARGET_DIR` says for the outer build (outside the checkout, relative,
//! shared with other projects).
//!
//! Why not copy the catalogs beside trybuild's crate instead: the derive reports a bad catalog
//! at its resolved path, and trybuild makes a path machine-independent only when it lies under
//! this crate's directory, so catalog-invalid.stderr and catalog-not-found.stderr would name
//! the machine's target directory.

#[test]
fn ui() {
    // trybuild asks `cargo metadata` for the target directory, and cargo reads this variable
    // first. This test is the only one in its binary, so no other thread reads the environment.
    let checkout_target = errcat_tests::repo_root().join("target");
    std::env::set_var("CARGO_TARGET_DIR", checkout_target);
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*/*.rs");
}
