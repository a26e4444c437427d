//! Builds and tests tests/fixtures/serde, a crate outside the workspace that uses errcat's
//! `serde` and `client` features with serde_json: codes as strings, error bodies embedded in
//! its own serialized types, parsed errors stored and read back; then clippy over the code
//! generated with both features on (`-D warnings`).

use errcat_tests::Fixture;

const FIXTURE: Fixture = Fixture::new("serde");

#[test]
fn fixture_crate_serializes_codes_bodies_and_parsed_errors() {
    FIXTURE.assert_tests_pass_and_lint_clean();
}
