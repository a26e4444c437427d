//! Helpers shared by errcat's integration tests.

use std::path::{Path, PathBuf};

pub mod http;

/// The repository root (the workspace), for paths that must print the same on every machine.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        Path::to_path_buf,
    )
}

/// `text` with the repository root's absolute path (and a trailing separator) removed, so
/// output that names files is stable across checkouts.
pub fn relative_to_repo(text: &str) -> String {
    let root = repo_root();
    let mut prefix = root.display().to_string();
    prefix.push(std::path::MAIN_SEPARATOR);
    text.replace(&prefix, "")
}

/// Compares `actual` with the golden file at `path` (relative paths are relative to the repo
/// root). With `ERRCAT_BLESS=1` the file is written instead; otherwise a difference (or a
/// missing file) fails the test with the first differing line. Never rewrites silently.
#[track_caller]
pub fn golden(path: impl AsRef<Path>, actual: &str) {
    let path = repo_root().join(path);
    if std::env::var_os("ERRCAT_BLESS").is_some_and(|v| v == "1") {
        if std::fs::read_to_string(&path).ok().as_deref() != Some(actual) {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
            }
            std::fs::write(&path, actual)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        }
        return;
    }
    let expected = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => panic!(
            "golden file {} cannot be read ({e}); run with ERRCAT_BLESS=1 to create it",
            path.display()
        ),
    };
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} is out of date (first difference at line {}):\n--- expected\n{}\n--- actual\n{}\n\
             run with ERRCAT_BLESS=1 to update it after checking the difference",
            path.display(),
            line + 1,
            expected.lines().nth(line).unwrap_or("<end of file>"),
            actual.lines().nth(line).unwrap_or("<end of file>"),
        );
    }
}

/// The target directory this test was built in (`<target>/<profile>/deps/<test>`), wherever
/// `CARGO_TARGET_DIR` put it (inside or outside the checkout, relative, shared): fixtures build
/// under it, so a foreign target directory is honoured and `cargo clean` removes them.
pub fn outer_target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's path");
    exe.ancestors()
        .nth(3)
        .expect("<target>/<profile>/deps/<test>")
        .to_path_buf()
}

/// A crate under `tests/fixtures/`, outside the workspace, driven by cargo the way a
/// downstream user's crate is: its own manifest and lock file, a path dependency on errcat.
pub struct Fixture {
    name: &'static str,
}

impl Fixture {
    pub const fn new(name: &'static str) -> Fixture {
        Fixture { name }
    }

    /// The fixture crate's directory.
    pub fn dir(&self) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(self.name)
    }

    /// Its own directory under the outer target dir, so this cargo never waits on the outer
    /// one's lock.
    pub fn target_dir(&self) -> PathBuf {
        outer_target_dir().join("fixtures").join(self.name)
    }

    /// `cargo SUBCOMMAND --manifest-path .. --target-dir .. REST..` for the fixture. The
    /// workspace's own settings (target dir, flags, logging) do not leak in.
    pub fn cargo(&self, args: &[&str]) -> std::process::Output {
        self.command(args).output().expect("cargo runs")
    }

    /// The command [`Fixture::cargo`] runs, for a test that sets more of its environment.
    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        // The subcommand first, then where, then its own arguments (which may end in `-- ..`).
        let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
        let mut command = std::process::Command::new(cargo);
        command
            .arg(subcommand)
            .arg("--manifest-path")
            .arg(self.dir().join("Cargo.toml"))
            .arg("--target-dir")
            .arg(self.target_dir())
            .args(rest)
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("RUSTFLAGS")
            .env_remove("RUSTDOCFLAGS")
            .env_remove("CARGO_LOG");
        command
    }
}

impl Fixture {
    /// Runs the fixture's tests (some must run) and clippy over it with `-D warnings`, the
    /// generated code included; fails the test on either.
    #[track_caller]
    pub fn assert_tests_pass_and_lint_clean(&self) {
        let log = succeeded(&self.cargo(&["test", "--quiet"]), "the fixture's tests");
        assert!(log.contains("test result: ok"), "no test ran\n{log}");
        let clippy = [
            "clippy",
            "--all-targets",
            "--quiet",
            "--no-deps",
            "--",
            "-D",
            "warnings",
        ];
        succeeded(&self.cargo(&clippy), "clippy over the generated code");
    }
}

/// The output of a cargo run that must have succeeded (stdout then stderr); fails the test
/// with both when it did not.
#[track_caller]
pub fn succeeded(output: &std::process::Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{what} failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    format!("{stdout}{stderr}")
}
