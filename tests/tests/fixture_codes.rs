//! Builds and tests tests/fixtures/codes, a crate outside the workspace that generates its error
//! types in build.rs (`errcat_codegen::Builder`) and includes them with `include_catalog!()`,
//! so `cargo test --workspace` covers the build.rs path as a downstream user meets it.
//!
//! The steps share one target directory, so they run in order in one test: the fixture's own
//! tests, clippy over the generated code (`-D warnings`, the standard catalog and 1,000 synthetic
//! codes included), then cargo's own record of what reruns when files are touched.

use std::path::Path;
use std::time::SystemTime;

use errcat_tests::{succeeded, Fixture};

const FIXTURE: Fixture = Fixture::new("codes");

/// Sets the file's modification time to now, content unchanged. Not in the future: cargo
/// compares it with when the build script last ran, and a future time would stay "newer".
fn touch(path: &Path) {
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open for touch");
    file.set_modified(SystemTime::now()).expect("set mtime");
}

/// Whether `cargo build -v` output shows the fixture's build script being run.
fn ran_build_script(log: &str) -> bool {
    log.lines().any(|line| {
        line.contains("Running `")
            && line.contains("errcat-fixture-codes-")
            && line.contains("build-script-build")
    })
}

#[test]
fn fixture_crate_tests_lints_and_rebuilds() {
    // 1. The fixture's tests; 2. the generated code is clippy-clean under -D warnings (the
    // fixture also denies missing_docs, unused_qualifications and rust_2018_idioms in
    // src/lib.rs).
    FIXTURE.assert_tests_pass_and_lint_clean();

    // 3. Rebuilds, as cargo reports them. A round in which a path dependency (errcat,
    // errcat-codegen) was itself rebuilt says nothing about the fixture's own files (that happens
    // when the workspace is edited during the test): such rounds are run again.
    let round = |file: Option<&str>| -> String {
        for _ in 0..4 {
            if let Some(file) = file {
                touch(&FIXTURE.dir().join(file));
            }
            let log = succeeded(&FIXTURE.cargo(&["build", "-v"]), "build");
            if !rebuilt_a_dependency(&log) {
                return log;
            }
        }
        panic!("the fixture's dependencies kept changing; cannot check its rebuilds");
    };

    // Settled: a second build has nothing to do.
    let settled = round(None);
    let settled = if ran_build_script(&settled) {
        round(None)
    } else {
        settled
    };
    assert!(
        !ran_build_script(&settled),
        "a fresh build reran build.rs\n{settled}"
    );

    // Touching the catalog reruns build.rs.
    let after_catalog = round(Some("errors.yaml"));
    assert!(
        ran_build_script(&after_catalog),
        "touching errors.yaml did not rerun build.rs\n{after_catalog}"
    );

    // Touching a source file recompiles the crate but does not rerun build.rs.
    let after_source = round(Some("src/lib.rs"));
    assert!(
        after_source.contains("Dirty errcat-fixture-codes")
            && after_source.contains("--crate-name errcat_fixture_codes"),
        "touching src/lib.rs did not recompile the crate\n{after_source}"
    );
    assert!(
        !ran_build_script(&after_source),
        "touching src/lib.rs reran build.rs\n{after_source}"
    );
}

/// Whether cargo rebuilt one of the fixture's path dependencies in this build.
fn rebuilt_a_dependency(log: &str) -> bool {
    log.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with("Compiling errcat ")
            || line.starts_with("Compiling errcat-codegen ")
            || line.starts_with("Compiling errcat-macros ")
    })
}
