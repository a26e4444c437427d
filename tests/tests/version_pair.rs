//! A build that pairs errcat-codegen with an errcat of another release fails to compile, and
//! says why: "could not find `__private_0_1_0` in `errcat`", not a type error deep inside
//! generated code, and never a table read with the wrong layout at run time.
//!
//! The other release is made the way a release is: the runtime crate copied with its version
//! bumped to 0.2.0 and its hidden module named for it (`__private_0_2_0`, which the runtime's
//! own test ties to its version). A downstream crate then generates its catalog with this
//! errcat-codegen (0.1.0) and depends on that errcat.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use errcat_tests::{outer_target_dir, repo_root};

const OTHER_RELEASE: &str = "0.2.0";

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("a directory entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        }
    }
}

/// The runtime's manifest as a crate of another release would have it: the library and its
/// dependencies only (its tests, examples and benches stay with the repository).
fn runtime_manifest(repo: &Path) -> String {
    let manifest = fs::read_to_string(repo.join("runtime/Cargo.toml")).expect("runtime manifest");
    let mut out = String::new();
    let mut keep = true;
    for line in manifest.lines() {
        if line.starts_with('[') {
            keep = !(line.starts_with("[dev-dependencies]")
                || line.starts_with("[[example]]")
                || line.starts_with("[[test]]")
                || line.starts_with("[[bench]]"));
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The workspace of the other release: the repository's settings, its version bumped, its
/// crates named by absolute path (errcat-contract and errcat-macros stay this release's).
fn workspace_manifest(repo: &Path) -> String {
    let manifest = fs::read_to_string(repo.join("Cargo.toml")).expect("workspace manifest");
    let mut out = String::new();
    for line in manifest.lines() {
        let line = if line.starts_with("members") {
            "members = [\"errcat\", \"app\"]".to_owned()
        } else if line.starts_with("version = ") {
            format!("version = \"{OTHER_RELEASE}\"")
        } else if line.starts_with("errcat = ") {
            format!("errcat = {{ path = \"errcat\", version = \"{OTHER_RELEASE}\" }}")
        } else if let Some((name, rest)) = line.split_once("{ path = \"") {
            let (path, rest) = rest.split_once('"').expect("a quoted path");
            let absolute = repo.join(path);
            format!("{name}{{ path = {:?}{rest}", absolute.display().to_string())
        } else {
            line.to_owned()
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn codegen_paired_with_another_errcat_release_fails_to_compile_naming_the_module() {
    let repo = repo_root();
    let dir: PathBuf = outer_target_dir().join("fixtures").join("version-pair");
    let _ = fs::remove_dir_all(dir.join("src"));
    write(&dir.join("Cargo.toml"), &workspace_manifest(&repo));
    // The repository's lock file: the same dependency versions, nothing new to resolve.
    fs::copy(repo.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");

    // errcat 0.2.0.
    let errcat = dir.join("errcat");
    let _ = fs::remove_dir_all(&errcat);
    copy_dir(&repo.join("runtime/src"), &errcat.join("src"));
    write(&errcat.join("Cargo.toml"), &runtime_manifest(&repo));
    let lib = errcat.join("src/lib.rs");
    let text = fs::read_to_string(&lib).expect("lib.rs");
    let ours = errcat_codegen_private();
    assert!(text.contains(&ours), "the runtime names `{ours}`");
    let theirs = format!("__private_{}", OTHER_RELEASE.replace('.', "_"));
    write(&lib, &text.replace(&ours, &theirs));

    // A user's crate: this errcat-codegen in build.rs, that errcat in [dependencies].
    let app = dir.join("app");
    write(
        &app.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"app\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nerrcat.workspace = true\n\n\
             [build-dependencies]\nerrcat-codegen = {{ path = {:?} }}\n",
            repo.join("codegen").display().to_string()
        ),
    );
    write(
        &app.join("errors.yaml"),
        "service: Pair\nerrors:\n  - code: NOT_FOUND\n    status: 404\n    message: \"No {thing}\"\n",
    );
    write(
        &app.join("build.rs"),
        "fn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
         errcat_codegen::Builder::new().catalog(\"errors.yaml\").generate()?;\n    Ok(())\n}\n",
    );
    write(&app.join("src/lib.rs"), "errcat::include_catalog!();\n");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "-p", "app", "--message-format", "short"])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(dir.join("target"))
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "a mismatched pair compiled:\n{stderr}"
    );
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("error[") || l.contains(": error"))
        .filter(|l| !l.contains("could not compile"))
        .collect();
    assert!(!errors.is_empty(), "no compile error:\n{stderr}");
    // The errcat of the other release is fine on its own; the user's crate fails, at the
    // module name and at nothing else.
    for error in &errors {
        assert!(
            error.contains(&format!("could not find `{ours}` in `errcat`"))
                || error.contains(&format!("failed to resolve: could not find `{ours}`")),
            "an error that is not the release guard: {error}\n{stderr}"
        );
    }
}

/// The hidden module this errcat-codegen's output names.
fn errcat_codegen_private() -> String {
    errcat_codegen::emit::rust::PRIVATE.to_owned()
}
