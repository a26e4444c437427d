//! The `errcat` binary end to end: exit codes, where diagnostics go, `--format json`, and
//! `explain`.
#![cfg(feature = "cli")]

use std::path::PathBuf;
use std::process::{Command, Output};

fn corpus(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/corpus")
        .join(path)
}

fn errcat(args: &[&str], files: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .args(files)
        .output()
        .expect("the errcat binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_clean_catalog_exits_zero() {
    let out = errcat(&["check"], &[corpus("valid/acme.yaml")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).ends_with("checked 1 catalog: no problems\n"));
}

#[test]
fn check_reports_every_catalog_and_exits_one() {
    let out = errcat(
        &["check"],
        &[
            corpus("invalid/status-302.yaml"),
            corpus("valid/acme.yaml"),
            corpus("invalid/unknown-key-near-match.yaml"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("status-302.yaml:4:13"), "{stderr}");
    assert!(stderr.contains("did you mean `status`?"), "{stderr}");
    assert!(
        stderr.ends_with("checked 3 catalogs: 3 errors\n"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn check_warnings_do_not_fail() {
    let dir = std::env::temp_dir().join(format!("errcat-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("warn.yaml");
    std::fs::write(
        &path,
        "service: S\nerrors:\n  - code: a\n    status: 400\n    message: A\n    fields:\n      unused: string\n",
    )
    .unwrap();
    let out = errcat(&["check"], &[path]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warning: field `unused` is not used"),
        "{stderr}"
    );
    assert!(stderr.ends_with("1 warning\n"), "{stderr}");
}

#[test]
fn check_json_format_is_for_tools() {
    let out = errcat(
        &["check", "--format", "json"],
        &[corpus("invalid/status-302.yaml")],
    );
    assert_eq!(out.status.code(), Some(1));
    let diagnostics: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let first = &diagnostics[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["location"]["line"], 4);
    assert_eq!(first["location"]["column"], 13);
    assert_eq!(first["key"], "errors[0].status");
}

#[test]
fn explain_shows_the_whole_entry() {
    let catalog = corpus("valid/acme.yaml");
    let catalog = catalog.to_str().unwrap();
    let out = errcat(
        &["explain", "data/table-not-found", "--catalog", catalog],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for needle in [
        "data/table-not-found (404 Not Found)",
        "Table '{table}' does not exist",
        "table (string): Name of the table that was asked for",
        "Table names are case-sensitive",
        "https://docs.acme.dev/errors#data/table-not-found",
        "\"message\": \"Table 'users' does not exist\"",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in\n{stdout}");
    }
}

#[test]
fn explain_unknown_code_suggests_and_fails() {
    let catalog = corpus("valid/acme.yaml");
    let out = errcat(
        &[
            "explain",
            "data/table-not-fund",
            "--catalog",
            catalog.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("did you mean `data/table-not-found`?"));
}

/// Every generating subcommand writes through the same writer: a file is written once, left
/// alone while current, and `--check` reports it stale without touching it.
#[test]
fn generated_files_are_written_once_and_checked() {
    let dir = std::env::temp_dir().join(format!("errcat-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let catalog = corpus("valid/acme.yaml");
    let cases = [
        ("ts", dir.join("gen/errors.ts")),
        ("openapi", dir.join("gen/openapi.json")),
        ("docs", dir.join("gen/acme.md")),
    ];
    for (command, path) in &cases {
        let path_arg = path.to_str().unwrap();
        let run = |check: bool| {
            let mut args = vec![*command, "-o", path_arg];
            if check {
                args.push("--check");
            }
            let out = errcat(&args, std::slice::from_ref(&catalog));
            (out.status.code(), text(&out.stderr))
        };
        let shown = path.display().to_string();

        let (code, stderr) = run(true);
        assert_eq!(code, Some(1), "{command}: {stderr}");
        assert!(
            stderr.starts_with(&format!("{shown} is missing")),
            "{stderr}"
        );
        assert!(!path.exists(), "{command}: --check wrote {shown}");

        assert_eq!(
            run(false),
            (Some(0), format!("wrote {shown}\n")),
            "{command}"
        );
        assert_eq!(
            run(false),
            (Some(0), format!("unchanged {shown}\n")),
            "{command}"
        );
        assert_eq!(run(true), (Some(0), String::new()), "{command}");

        let current = std::fs::read_to_string(path).unwrap();
        std::fs::write(path, format!("{current}stale\n")).unwrap();
        let (code, stderr) = run(true);
        assert_eq!(code, Some(1), "{command}: {stderr}");
        assert!(stderr.contains(&format!("{shown} is stale: ")), "{stderr}");
        assert!(stderr.contains("\n  - stale\n"), "{stderr}");
        assert!(
            stderr.contains("error: generated files are stale; run `errcat"),
            "{stderr}"
        );
        assert_eq!(
            run(false),
            (Some(0), format!("wrote {shown}\n")),
            "{command}"
        );
        assert_eq!(std::fs::read_to_string(path).unwrap(), current);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
