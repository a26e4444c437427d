//! Builds and tests tests/fixtures/compose, a crate outside the workspace whose catalog
//! includes complete catalogs (`errcat:standard` as a subset with an overridden entry, and a
//! common catalog with its own `service`), generated in build.rs and bound by the derive, so
//! `cargo test --workspace` covers composed catalogs as a downstream user meets them.

use std::path::Path;
use std::process::Command;

#[test]
fn downstream_crate_with_a_composed_catalog_passes_its_tests() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = here.join("fixtures/compose/Cargo.toml");
    // Under the workspace's target/ so a clean clone builds it once and `cargo clean` removes
    // it; its own directory so this cargo never waits on the outer one's lock.
    let target = here.join("../target/fixtures/compose");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .arg("test")
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target)
        .arg("--quiet")
        // The fixture has its own lock file; do not let this workspace's settings leak in.
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the fixture's tests failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    assert!(
        stdout.contains("test result: ok"),
        "no test ran in the fixture\n{stdout}"
    );
}
