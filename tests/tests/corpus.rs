//! The corpus of malformed catalogs: every file in `tests/corpus/invalid/` must fail to load
//! with located errors (file:line:col), never panic, and print exactly its `.stderr` golden
//! (`ERRCAT_BLESS=1` rewrites them). Every file in `tests/corpus/valid/` must load.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use errcat_codegen::{Catalog, Error};
use errcat_tests::{golden, relative_to_repo, repo_root};

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let dir = repo_root().join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// Loads with panics caught, so one bad case names itself instead of aborting the run.
fn load(path: &Path) -> Result<Result<Catalog, Error>, String> {
    catch_unwind(AssertUnwindSafe(|| errcat_codegen::load(path))).map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// Asserts what every failed load must show: at least one error, and every diagnostic placed
/// on a line of a file.
fn assert_located(name: &str, error: &Error) {
    assert!(error.errors().count() > 0, "{name}: no error");
    for d in error.diagnostics() {
        assert!(
            !d.location.is_file_only() && d.location.col >= 1,
            "{name}: diagnostic without a line: {d}"
        );
    }
}

#[test]
fn every_invalid_catalog_fails_with_located_errors() {
    let files = yaml_files("tests/corpus/invalid");
    assert!(files.len() >= 60, "only {} corpus files", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_stem().unwrap_or_default().to_string_lossy();
        match load(path) {
            Err(panic) => failures.push(format!("{name}: panicked: {panic}")),
            Ok(Ok(_)) => failures.push(format!("{name}: loaded without errors")),
            Ok(Err(error)) => {
                assert_located(&name, &error);
                let shown = relative_to_repo(&format!("{error}\n"));
                let golden_path = path.with_extension("stderr");
                let relative = golden_path
                    .strip_prefix(repo_root())
                    .unwrap_or(&golden_path);
                if let Err(panic) = catch_unwind(|| golden(relative, &shown)) {
                    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
                    failures.push(format!("{name}: {message}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_valid_catalog_loads() {
    let files = yaml_files("tests/corpus/valid");
    assert!(!files.is_empty());
    for path in files {
        let name = path.display();
        match load(&path) {
            Err(panic) => panic!("{name}: panicked: {panic}"),
            Ok(Err(error)) => panic!("{name}:\n{error}"),
            Ok(Ok(_)) => {}
        }
    }
}

/// The valid catalog's includes, defaults and references, read back from the model.
#[test]
fn valid_catalog_model() {
    let path = repo_root().join("tests/corpus/valid/acme.yaml");
    let catalog = errcat_codegen::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(catalog.files.len(), 2, "root and its include");
    assert!(catalog.warnings.is_empty(), "{:?}", catalog.warnings);
    let codes: Vec<&str> = catalog.entries.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes.last(),
        Some(&"billing/payment-required"),
        "includes come last"
    );
    let table = catalog.entry("data/table-not-found").unwrap();
    assert_eq!((table.status, table.title.as_str()), (404, "Not Found"));
    assert_eq!(table.rust_name, "DataTableNotFound");
    assert_eq!(
        table.docs_url.as_deref(),
        Some("https://docs.acme.dev/errors#data/table-not-found")
    );
    let private = catalog.entry("data/private-table").unwrap();
    assert_eq!(catalog.exposed(private).code, "data/table-not-found");
    let internal = catalog.entry("common/internal").unwrap();
    assert!(internal.internal && internal.retryable);
    assert_eq!(
        internal.deprecated.as_deref(),
        Some("use common/unavailable")
    );
    let billing = catalog.entry("billing/payment-required").unwrap();
    assert_eq!(
        billing.fields[0].name, "plan",
        "implicit field from the placeholder"
    );
    let limited = catalog.entry("data/rate-limit-exceeded").unwrap();
    assert_eq!(catalog.envelope_of(limited).name, "custom");
    assert_eq!(
        limited.retry_after.as_ref().map(|t| t.source.as_str()),
        Some("{retry_after}")
    );
}

/// Status rules (first match, case-insensitive), defaults, and envelope variables.
#[test]
fn rules_and_defaults() {
    let path = repo_root().join("tests/corpus/valid/rules-and-styles.yaml");
    let catalog = errcat_codegen::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        catalog.warnings.is_empty(),
        "`$tier?` uses the field: {:?}",
        catalog.warnings
    );
    let status = |code: &str| catalog.entry(code).map(|e| e.status);
    assert_eq!(status("USER_NOT_FOUND"), Some(404));
    assert_eq!(status("TOKEN_EXPIRED"), Some(401));
    assert_eq!(status("VALIDATION_ERROR"), Some(400));
    assert_eq!(status("QUOTA_REACHED"), Some(402));
    let internal = catalog.entry("INTERNAL").unwrap();
    assert!(internal.internal && internal.retryable);
    assert_eq!(internal.title, "Internal Server Error");
    let user = catalog.entry("USER_NOT_FOUND").unwrap();
    assert_eq!(user.grpc.as_str(), "NOT_FOUND");
    assert!(!user.retryable && !user.internal);
    assert_eq!(user.rust_name, "UserNotFound");
    assert_eq!(
        user.example,
        vec![(
            "user_id".to_owned(),
            errcat_codegen::model::Value::Number("7".into())
        )]
    );
    let validation = catalog.entry("VALIDATION_ERROR").unwrap();
    assert!(
        validation.fields.is_empty(),
        "escaped braces are not placeholders"
    );
    assert_eq!(
        validation.message.as_literal(),
        Some("Invalid input: {field} is required")
    );
    assert_eq!(catalog.envelopes[0].name, "format");
    assert_eq!(catalog.envelopes[0].content_type, "application/json");
}

/// Codes that YAML reads as numbers are their digits; a leading digit gets the `E` prefix.
#[test]
fn numeric_codes() {
    let path = repo_root().join("tests/corpus/valid/numeric-codes.yaml");
    let catalog = errcat_codegen::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<(&str, &str)> = catalog
        .entries
        .iter()
        .map(|e| (e.code.as_str(), e.rust_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("22225", "E22225"),
            ("0A000", "E0A000"),
            ("42P01", "UndefinedTable")
        ]
    );
}

/// A 10 MB catalog with one mistake at its end: loads in one piece and points at the line.
#[test]
fn ten_megabyte_catalog_points_at_its_last_line() {
    let mut text = String::from("service: Big API\nerrors:\n");
    let mut i = 0;
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&format!(
            "  - code: thing-{i}-not-found\n    status: 404\n    message: \"Thing {{thing}} number {i} was not found, sorry\"\n"
        ));
        i += 1;
    }
    text.push_str("  - code: last\n    stauts: 404\n    message: Last\n");
    let lines = text.lines().count() as u32;
    let dir = std::env::temp_dir().join(format!("errcat-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.yaml");
    std::fs::write(&path, &text).unwrap();
    let result = load(&path);
    let _ = std::fs::remove_dir_all(&dir);
    let error = match result {
        Err(panic) => panic!("panicked: {panic}"),
        Ok(Ok(_)) => panic!("loaded without errors"),
        Ok(Err(error)) => error,
    };
    assert_located("big", &error);
    let unknown = error
        .errors()
        .find(|d| d.message == "unknown key `stauts`")
        .unwrap_or_else(|| panic!("{error}"));
    assert_eq!(unknown.location.line, lines - 1);
    assert_eq!(unknown.key, format!("errors[{i}].stauts"));
}
