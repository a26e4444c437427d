//! Builds tests/fixtures/bad-catalog, a crate whose catalog has three mistakes and whose
//! build.rs calls `errcat_codegen::Builder` as the docs say (`fn main() -> Result<(),
//! BuildError>` and `?`): the build must fail with every problem at its file:line:col, as
//! `errcat check` prints them, and with no panic message or backtrace noise around them.

use errcat_tests::Fixture;

#[test]
fn a_bad_catalog_fails_the_build_with_located_diagnostics_only() {
    let output = Fixture::new("bad-catalog")
        .command(&["build", "--quiet"])
        // Were the build script to panic, this would add a backtrace to the output.
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let log = format!("{stdout}{stderr}");
    assert!(!output.status.success(), "the build succeeded\n{log}");
    for expected in [
        "error: unknown key `stauts`",
        "bad-catalog/errors.yaml:4:5 (at `errors[0].stauts`)",
        "help: did you mean `status`?",
        "error: `orders/not-found` has no `status` and no status rule gives it one",
        "bad-catalog/errors.yaml:3:5 (at `errors[0]`)",
        "error: status 999 is not an error status (400-599)",
        "bad-catalog/errors.yaml:7:13 (at `errors[1].status`)",
        "7 |     status: 999",
        "3 errors",
    ] {
        assert!(log.contains(expected), "missing {expected:?}\n{log}");
    }
    for noise in [
        "panicked at",
        "RUST_BACKTRACE",
        "stack backtrace",
        "Catalog(",
        "Diagnostic {",
    ] {
        assert!(!log.contains(noise), "{noise:?} in the output\n{log}");
    }
}
