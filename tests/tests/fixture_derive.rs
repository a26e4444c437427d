//! Builds and tests tests/fixtures/derive, a crate outside the workspace that derives
//! `ApiError` on its own error types, so `cargo test --workspace` covers the derive as a
//! downstream user meets it (its own Cargo.toml, its own catalog, a path dependency on errcat).

use std::path::Path;
use std::process::Command;

use errcat_tests::{outer_target_dir, succeeded, Fixture};

#[test]
fn downstream_crate_deriving_api_error_passes_its_tests() {
    let log = succeeded(
        &Fixture::new("derive").cargo(&["test", "--quiet"]),
        "the fixture's tests",
    );
    assert!(
        log.contains("test result: ok"),
        "no test ran in the fixture\n{log}"
    );
}

/// The derive reads the catalog at compile time, so cargo must rebuild the deriving crate when
/// the catalog, or a file it includes, changes. This builds a small crate, edits the included
/// file, and checks that the next run shows the new message.
#[test]
fn editing_an_included_catalog_file_rebuilds_the_deriving_crate() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = outer_target_dir().join("fixtures/derive-rebuild");
    let runtime = here.join("../runtime");
    std::fs::create_dir_all(dir.join("src")).expect("create the crate");
    let write = |path: &str, text: &str| {
        std::fs::write(dir.join(path), text).unwrap_or_else(|e| panic!("write {path}: {e}"))
    };
    write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"derive-rebuild\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[dependencies]\nerrcat = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    );
    write(
        "errors.yaml",
        "service: Rebuild\ninclude: [more.yaml]\nerrors:\n  - code: root\n    status: 400\n    message: Root\n",
    );
    write(
        "src/main.rs",
        "#[derive(Debug, errcat::ApiError)]\n#[api_error(catalog = \"errors.yaml\")]\n\
         enum AppError {\n    #[api_error(code = \"edited\")]\n    Edited { name: String },\n}\n\n\
         fn main() {\n    println!(\"{}\", AppError::Edited { name: \"x\".into() });\n}\n",
    );
    let run = || {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(cargo)
            .args(["run", "--quiet", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(outer_target_dir().join("fixtures/derive"))
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    };
    let more = |message: &str| {
        format!("errors:\n  - code: edited\n    status: 409\n    message: \"{message}\"\n")
    };
    write("more.yaml", &more("first {name}"));
    assert_eq!(run(), "first x");
    write("more.yaml", &more("second {name}"));
    assert_eq!(run(), "second x");
}
