//! Builds and tests tests/fixtures/compose, a crate outside the workspace whose catalog
//! includes complete catalogs (`errcat:standard` as a subset with an overridden entry, and a
//! common catalog with its own `service`), generated in build.rs and bound by the derive, so
//! `cargo test --workspace` covers composed catalogs as a downstream user meets them.

use errcat_tests::{succeeded, Fixture};

#[test]
fn downstream_crate_with_a_composed_catalog_passes_its_tests() {
    let log = succeeded(
        &Fixture::new("compose").cargo(&["test", "--quiet"]),
        "the fixture's tests",
    );
    assert!(
        log.contains("test result: ok"),
        "no test ran in the fixture\n{log}"
    );
}
