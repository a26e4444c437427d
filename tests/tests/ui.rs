//! Compile-fail tests of `#[derive(ApiError)]`: one `.rs` per mistake under tests/ui/<category>/,
//! with the exact compiler output a user sees in the `.stderr` beside it. Regenerate the
//! expected output with `TRYBUILD=overwrite cargo test -p errcat-tests --test ui`, then read
//! every changed `.stderr` before committing it.
//!
//! trybuild compiles the cases as a crate rooted at target/tests/trybuild/errcat-tests, which is
//! then `CARGO_MANIFEST_DIR`; the cases therefore name their catalogs as
//! `../../../../tests/ui/<file>.yaml`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*/*.rs");
}
