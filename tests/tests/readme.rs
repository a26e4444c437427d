//! The README's quick start, built as a newcomer would type it: every code block whose first
//! line names a file (`# Cargo.toml`, `# errors.yaml`, `// build.rs`, `// src/main.rs`,
//! `// src/errors.rs`) is written to that file of a new crate, which cargo then builds and
//! clippy checks with `-D warnings`. The only change made to the text: the two errcat
//! dependencies point at this checkout instead of crates.io.
//!
//! Every other `rust` block of the README is quoted from an example that the suite compiles
//! and tests (its first line names it: `// runtime/examples/bookstore.rs ...`), and must be
//! found there verbatim: so no Rust snippet in the README goes uncompiled, or drifts from the
//! code it shows.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use errcat_tests::{outer_target_dir, repo_root, succeeded};

/// The README's fenced blocks: (info string, text).
fn blocks(readme: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut text = String::new();
        for line in lines.by_ref() {
            if line.starts_with("```") {
                break;
            }
            text.push_str(line);
            text.push('\n');
        }
        out.push((info.trim().to_owned(), text));
    }
    out
}

/// The file a block is, from its first line.
fn file_of(text: &str) -> Option<&str> {
    let first = text.lines().next()?;
    let name = first
        .strip_prefix("# ")
        .or_else(|| first.strip_prefix("// "))?
        .trim();
    let is_file = name == "Cargo.toml"
        || name == "build.rs"
        || name.ends_with(".yaml")
        || (name.starts_with("src/") && name.ends_with(".rs"));
    is_file.then_some(name)
}

/// A block quoted from an example: its first line names the file (`// runtime/examples/x.rs`,
/// maybe followed by a remark), the rest stands in that file as it is, in pieces separated by
/// blank lines.
fn assert_quoted(repo: &Path, text: &str) {
    let (first, quoted) = text.split_once('\n').unwrap_or((text, ""));
    let source = first
        .strip_prefix("// ")
        .and_then(|rest| rest.split_whitespace().next())
        .filter(|path| path.starts_with("runtime/examples/") && path.ends_with(".rs"))
        .unwrap_or_else(|| {
            panic!("a rust block of the README is neither a file of the quick start crate nor quoted from an example:\n{text}")
        });
    let example = fs::read_to_string(repo.join(source)).unwrap_or_else(|e| panic!("{source}: {e}"));
    for piece in quoted.split("\n\n") {
        assert!(
            example.contains(piece.trim_end_matches('\n')),
            "the README quotes {source}, but this is not in it:\n{piece}"
        );
    }
}

fn path_dependency(path: &Path) -> String {
    format!("{{ path = {:?}", path.display().to_string())
}

#[test]
fn the_quick_start_builds_and_is_clippy_clean() {
    let repo = repo_root();
    let readme = fs::read_to_string(repo.join("README.md")).expect("README.md");
    let dir: PathBuf = outer_target_dir().join("fixtures").join("readme");
    let _ = fs::remove_dir_all(dir.join("src"));
    let mut files = Vec::new();
    for (info, text) in blocks(&readme) {
        let file = file_of(&text).map(str::to_owned);
        if info == "rust" && file.is_none() {
            assert_quoted(&repo, &text);
            continue;
        }
        let Some(file) = file.as_deref() else {
            continue;
        };
        let text = if file == "Cargo.toml" {
            let runtime = path_dependency(&repo.join("runtime"));
            let codegen = path_dependency(&repo.join("codegen"));
            let text = text.replace(
                "errcat = { version = \"0.1\"",
                &format!("errcat = {runtime}"),
            );
            assert!(text.contains("errcat-codegen = \"0.1\""), "{text}");
            // Not a member of any workspace above it.
            text.replace(
                "errcat-codegen = \"0.1\"",
                &format!("errcat-codegen = {codegen} }}"),
            ) + "\n[workspace]\n"
        } else {
            text
        };
        let path = dir.join(file);
        fs::create_dir_all(path.parent().expect("a directory")).expect("directories");
        fs::write(&path, text).expect("the file is written");
        files.push(file.to_owned());
    }
    for needed in ["Cargo.toml", "errors.yaml", "build.rs", "src/main.rs"] {
        assert!(
            files.iter().any(|f| f == needed),
            "no {needed} in {files:?}"
        );
    }
    // The workspace's lock file: the same dependency versions as the suite, nothing resolved
    // anew (cargo drops what this crate does not use).
    fs::copy(repo.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["clippy", "--all-targets", "--"])
        .args(["-D", "warnings"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    succeeded(&output, "cargo clippy on the README's quick start");
}
