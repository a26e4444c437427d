//! `errcat diff` as CI runs it: one catalog pair per change kind, each asserting the kinds
//! reported (from the JSON report) and the exit status; changes that reach an entry through an
//! include, a status rule and a preset; `REV:PATH` sides read from a git repository made here;
//! the shipped catalogs against themselves and with each code removed in turn.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use errcat_codegen::diff::{diff, ChangeKind};
use errcat_codegen::model::EntryId;

/// A directory of its own for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("errcat-diff-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `errcat diff OLD NEW --format json`, run in `dir`.
fn errcat_diff(dir: &Path, old: &str, new: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(["diff", old, new, "--format", "json"])
        .current_dir(dir)
        .output()
        .expect("errcat runs")
}

/// The kinds of the JSON report, in its order, and the exit status. The report is validated
/// against the checked-in docs/diff.schema.json on the way.
fn kinds_and_status(output: &Output) -> (Vec<String>, i32) {
    let status = output.status.code().expect("exited");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {stderr}"));
    let schema = diff_schema();
    if let Err(e) = validate(&schema, &schema, &report, "") {
        panic!("the report does not match docs/diff.schema.json: {e}\n{report:#}");
    }
    assert_eq!(
        report["breaking"],
        status == 1,
        "`breaking` says what the exit status says"
    );
    let kinds = report["changes"]
        .as_array()
        .expect("a list of changes")
        .iter()
        .map(|c| c["kind"].as_str().expect("a kind").to_owned())
        .collect();
    (kinds, status)
}

/// A catalog: `service`, the root keys in `top`, then the entries.
fn catalog(top: &str, entries: &str) -> String {
    format!("service: S\n{top}errors:\n{entries}")
}

const A: &str = "- code: A\n  status: 404\n  message: a\n";

/// One pair of catalogs and what `errcat diff` must say about it.
struct Case {
    name: &'static str,
    old: String,
    new: String,
    kinds: &'static [&'static str],
    exit: i32,
}

fn case(
    name: &'static str,
    old: String,
    new: String,
    kinds: &'static [&'static str],
    exit: i32,
) -> Case {
    Case {
        name,
        old,
        new,
        kinds,
        exit,
    }
}

/// An entry `A` (404) with `extra` keys, in a catalog with root keys `top`.
fn a(top: &str, extra: &str) -> String {
    catalog(top, &format!("{A}{extra}"))
}

fn cases() -> Vec<Case> {
    let b = "- code: B\n  status: 400\n  message: b\n";
    let retired_b = "retired:\n- code: B\n  version: 2.0.0\n  note: gone\n";
    let problem_as_template = "format:\n  type: $type?\n  title: $title\n  status: $status\n  \
                               detail: $message\n  instance: $instance?\n  code: $code\n  \
                               errors: $errors?\n  request_id: $request_id?\n";
    let internal = |flag: &str| {
        catalog(
            "",
            &format!("- code: A\n  status: 500\n  internal: {flag}\n  message: \"db {{host}}\"\n"),
        )
    };
    vec![
        // Breaking.
        case(
            "removed",
            catalog("", &format!("{A}{b}")),
            a("", ""),
            &["removed"],
            1,
        ),
        case(
            "retired",
            catalog("", &format!("{A}{b}")),
            catalog(retired_b, A),
            &["retired"],
            1,
        ),
        case(
            "renamed",
            catalog("", &format!("{A}{b}")),
            catalog("", &format!("{A}- code: C\n  status: 400\n  message: c\n")),
            &["renamed"],
            1,
        ),
        case(
            "retired_reused",
            catalog(retired_b, A),
            catalog("", &format!("{A}{b}")),
            &["retired_reused"],
            1,
        ),
        case(
            "exposed_code",
            catalog(
                "",
                &format!("{A}- code: M\n  status: 403\n  message: m\n  expose_as: A\n"),
            ),
            catalog(
                "",
                &format!(
                    "{A}- code: N\n  status: 404\n  message: n\n\
                     - code: M\n  status: 403\n  message: m\n  expose_as: N\n"
                ),
            ),
            &["exposed_code", "added"],
            1,
        ),
        case(
            "status",
            a("", ""),
            catalog("", "- code: A\n  status: 410\n  message: a\n"),
            &["status"],
            1,
        ),
        case(
            "content_type",
            a("format: problem\n", ""),
            a(problem_as_template, ""),
            &["content_type"],
            1,
        ),
        case(
            "envelope",
            a("format: nested\n", ""),
            a("format: flat\n", ""),
            &["envelope"],
            1,
        ),
        case(
            "type_url (problem `type`)",
            a("docs_url: \"https://a.example/{code}\"\n", ""),
            a("docs_url: \"https://b.example/{code}\"\n", ""),
            &["type_url"],
            1,
        ),
        case(
            "type_url (a docs link only)",
            a(
                "format: nested\ndocs_url: \"https://a.example/{code}\"\n",
                "",
            ),
            a(
                "format: nested\ndocs_url: \"https://b.example/{code}\"\n",
                "",
            ),
            &["type_url"],
            0,
        ),
        case(
            "internal_revealed",
            internal("true"),
            internal("false"),
            &["internal_revealed"],
            1,
        ),
        case(
            "internal_hidden",
            internal("false"),
            internal("true"),
            &["internal_hidden"],
            1,
        ),
        case(
            "grpc",
            a("", ""),
            a("", "  grpc: UNAVAILABLE\n"),
            &["grpc"],
            1,
        ),
        case(
            "header_removed",
            a("", "  headers:\n    X-RateLimit-Limit: \"100\"\n"),
            a("", ""),
            &["header_removed"],
            1,
        ),
        case(
            "header_changed",
            a("", "  headers:\n    X-RateLimit-Limit: \"100\"\n"),
            a("", "  headers:\n    x-ratelimit-limit: \"50\"\n"),
            &["header_changed"],
            1,
        ),
        case(
            "retry_after_removed",
            a("", "  retry_after: 30\n"),
            a("", ""),
            &["retry_after_removed"],
            1,
        ),
        case(
            "rust_name",
            a("", ""),
            a("", "  rust_name: Missing\n"),
            &["rust_name"],
            1,
        ),
        case(
            "field_removed",
            catalog("", "- code: A\n  status: 404\n  message: \"no {id}\"\n"),
            a("", ""),
            // The message no longer names it either.
            &["field_removed", "message"],
            1,
        ),
        case(
            "field_retyped",
            a("", "  fields:\n    id: string\n"),
            a("", "  fields:\n    id: u64\n"),
            &["field_retyped"],
            1,
        ),
        case(
            "field_optional",
            a("", "  fields:\n    id: string\n"),
            a("", "  fields:\n    id: { type: string, optional: true }\n"),
            &["field_optional"],
            1,
        ),
        case(
            "field_required",
            a("", "  fields:\n    id: { type: string, optional: true }\n"),
            a("", "  fields:\n    id: string\n"),
            &["field_required"],
            1,
        ),
        case(
            "edge answers with another code",
            catalog("edges: { panic: A }\n", &format!("{A}{b}")),
            catalog("edges: { panic: B }\n", &format!("{A}{b}")),
            &["edge"],
            1,
        ),
        case(
            "edge left to the framework",
            catalog("edges: { panic: A }\n", A),
            catalog("", A),
            &["edge"],
            1,
        ),
        // Compatible.
        case(
            "edge now answered",
            catalog("", A),
            catalog("edges: { route_not_found: A }\n", A),
            &["edge"],
            0,
        ),
        case(
            "added",
            a("", ""),
            catalog("", &format!("{A}{b}")),
            &["added"],
            0,
        ),
        case(
            "field_added",
            a("", ""),
            a("", "  fields:\n    id: string\n"),
            &["field_added"],
            0,
        ),
        case(
            "header_added",
            a("", ""),
            a("", "  headers:\n    X-RateLimit-Limit: \"100\"\n"),
            &["header_added"],
            0,
        ),
        case(
            "retry_after_added",
            a("", ""),
            a("", "  retry_after: 30\n"),
            &["retry_after_added"],
            0,
        ),
        case(
            "retry_after_changed",
            a("", "  retry_after: 30\n"),
            a("", "  retry_after: 60\n"),
            &["retry_after_changed"],
            0,
        ),
        case(
            "title",
            a("", ""),
            a("", "  title: Missing\n"),
            &["title"],
            0,
        ),
        case(
            "message",
            a("", ""),
            catalog("", "- code: A\n  status: 404\n  message: not here\n"),
            &["message"],
            0,
        ),
        case(
            "cause",
            a("", ""),
            a("", "  cause: it went\n"),
            &["cause"],
            0,
        ),
        case(
            "solution",
            a("", ""),
            a("", "  solution: look\n"),
            &["solution"],
            0,
        ),
        case(
            "retryable",
            a("", ""),
            a("", "  retryable: true\n"),
            &["retryable"],
            0,
        ),
        case(
            "deprecated",
            a("", ""),
            a("", "  deprecated: use B\n"),
            &["deprecated"],
            0,
        ),
        case("nothing", a("", ""), a("", ""), &[], 0),
        // Reaching the entry through a status rule and through a preset.
        case(
            "status through a status rule",
            catalog(
                "status_rules:\n- contains: [quota]\n  status: 429\n- default: 400\n",
                "- code: quota-exceeded\n  message: q\n",
            ),
            catalog(
                "status_rules:\n- contains: [quota]\n  status: 403\n- default: 400\n",
                "- code: quota-exceeded\n  message: q\n",
            ),
            &["status"],
            1,
        ),
        case(
            "envelope through a named preset",
            a("formats:\n  legacy: flat\n", "  format: legacy\n"),
            a("formats:\n  legacy: nested\n", "  format: legacy\n"),
            &["envelope"],
            1,
        ),
    ]
}

#[test]
fn one_catalog_pair_per_change_kind() {
    let dir = TempDir::new("kinds");
    let mut seen = Vec::new();
    let mut failures = Vec::new();
    for case in cases() {
        let old = dir.write("old.yaml", &case.old);
        let new = dir.write("new.yaml", &case.new);
        let output = errcat_diff(
            &dir.0,
            &old.display().to_string(),
            &new.display().to_string(),
        );
        let (kinds, exit) = kinds_and_status(&output);
        if kinds != case.kinds || exit != case.exit {
            failures.push(format!(
                "{}: expected {:?} exit {}, got {kinds:?} exit {exit}\n{}",
                case.name,
                case.kinds,
                case.exit,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        seen.extend(kinds);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every kind the library has is shown by some pair above.
    let missing: Vec<&str> = ChangeKind::NAMES
        .into_iter()
        .filter(|kind| !seen.iter().any(|s| s == kind))
        .collect();
    assert!(missing.is_empty(), "no pair shows {missing:?}");
}

#[test]
fn changes_through_an_include_are_found() {
    let dir = TempDir::new("include");
    let root = "service: S\ninclude: more.yaml\nerrors:\n- code: A\n  status: 404\n  message: a\n";
    dir.write("old/errors.yaml", root);
    dir.write(
        "old/more.yaml",
        "errors:\n- code: B\n  status: 409\n  message: b\n",
    );
    dir.write("new/errors.yaml", root);
    dir.write(
        "new/more.yaml",
        "errors:\n- code: B\n  status: 422\n  message: b\n",
    );
    let output = errcat_diff(&dir.0, "old/errors.yaml", "new/errors.yaml");
    assert_eq!(kinds_and_status(&output), (vec!["status".to_owned()], 1));
}

#[test]
fn a_side_that_cannot_be_loaded_exits_2() {
    let dir = TempDir::new("unloadable");
    dir.write("ok.yaml", &a("", ""));
    dir.write(
        "broken.yaml",
        "service: S\nerrors:\n- code: A\n  stauts: 404\n",
    );
    for (old, new) in [("gone.yaml", "ok.yaml"), ("ok.yaml", "broken.yaml")] {
        let output = errcat_diff(&dir.0, old, new);
        assert_eq!(output.status.code(), Some(2), "{old} {new}");
        assert!(output.stdout.is_empty());
        assert!(!output.stderr.is_empty());
    }
}

/// `git` in `dir`, as a user without any configuration would run it.
fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=errcat",
            "-c",
            "user.email=errcat@example.com",
        ])
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

#[test]
fn rev_path_reads_the_catalog_and_its_includes_from_the_commit() {
    let dir = TempDir::new("git");
    git(&dir.0, &["init", "-q"]);
    // v1.0.0: the catalog in `api/`, half of it in an include.
    dir.write(
        "api/errors.yaml",
        "service: S\ninclude: ../shared/common.yaml\nerrors:\n- code: A\n  status: 404\n  message: a\n",
    );
    dir.write(
        "shared/common.yaml",
        "errors:\n- code: B\n  status: 409\n  message: b\n",
    );
    git(&dir.0, &["add", "-A"]);
    git(&dir.0, &["commit", "-q", "-m", "v1"]);
    git(&dir.0, &["tag", "v1.0.0"]);
    // Now: the include is gone from disk and its entry moved into the root, with a new status.
    std::fs::remove_dir_all(dir.0.join("shared")).unwrap();
    dir.write(
        "api/errors.yaml",
        "service: S\nerrors:\n- code: A\n  status: 404\n  message: a\n\
         - code: B\n  status: 422\n  message: b\n",
    );
    git(&dir.0, &["commit", "-q", "-a", "-m", "v2"]);

    // From the top level, the path is the repository's.
    let output = errcat_diff(&dir.0, "v1.0.0:api/errors.yaml", "api/errors.yaml");
    assert_eq!(kinds_and_status(&output), (vec!["status".to_owned()], 1));
    // From a subdirectory, `./` is relative to it, as for `git show`; both sides at commits.
    let api = dir.0.join("api");
    let output = errcat_diff(&api, "v1.0.0:./errors.yaml", "HEAD:./errors.yaml");
    assert_eq!(kinds_and_status(&output), (vec!["status".to_owned()], 1));
    let output = errcat_diff(&api, "v1.0.0:./errors.yaml", "v1.0.0:./errors.yaml");
    assert_eq!(kinds_and_status(&output), (vec![], 0));
    // Diagnostics name the commit's file; a side that is not there exits 2.
    let output = errcat_diff(&api, "v0.9.0:./errors.yaml", "errors.yaml");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("v0.9.0:api/errors.yaml"), "{stderr}");
}

fn diff_schema() -> serde_json::Value {
    let path = repo_root().join("docs/diff.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// Validates `value` against `schema`, for the keywords docs/diff.schema.json uses (`$ref` to
/// `#/$defs/...`, `type`, `enum`, `required`, `properties`, `additionalProperties: false`,
/// `items`, `uniqueItems`); any other keyword fails, so the schema cannot outgrow this check
/// unnoticed. (tests/tools/check-artifacts.sh validates the same reports with check-jsonschema.)
fn validate(
    root: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
    at: &str,
) -> Result<(), String> {
    use serde_json::Value;
    let Some(keywords) = schema.as_object() else {
        return Err(format!("{at}: schema is not an object"));
    };
    for (keyword, arg) in keywords {
        match keyword.as_str() {
            "$schema" | "title" | "description" => {}
            "$defs" => {}
            "$ref" => {
                let name = arg
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .ok_or_else(|| format!("{at}: unsupported $ref {arg}"))?;
                validate(root, &root["$defs"][name], value, at)?;
            }
            "type" => {
                let types: Vec<&str> = match arg {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => return Err(format!("{at}: bad type {arg}")),
                };
                let actual = match value {
                    Value::Null => "null",
                    Value::Bool(_) => "boolean",
                    Value::Number(_) => "number",
                    Value::String(_) => "string",
                    Value::Array(_) => "array",
                    Value::Object(_) => "object",
                };
                if !types.contains(&actual) {
                    return Err(format!("{at}: {actual} is not {types:?}"));
                }
            }
            "enum" => {
                if !arg
                    .as_array()
                    .is_some_and(|options| options.contains(value))
                {
                    return Err(format!("{at}: {value} is not one of {arg}"));
                }
            }
            "required" => {
                for key in arg.as_array().into_iter().flatten() {
                    let key = key.as_str().unwrap_or_default();
                    if value.get(key).is_none() {
                        return Err(format!("{at}: `{key}` is missing"));
                    }
                }
            }
            "properties" => {
                for (key, sub) in arg.as_object().into_iter().flatten() {
                    if let Some(member) = value.get(key) {
                        validate(root, sub, member, &format!("{at}/{key}"))?;
                    }
                }
            }
            "additionalProperties" => {
                if arg != &Value::Bool(false) {
                    return Err(format!("{at}: unsupported additionalProperties {arg}"));
                }
                for key in value.as_object().into_iter().flat_map(|o| o.keys()) {
                    if keywords["properties"].get(key).is_none() {
                        return Err(format!("{at}: `{key}` is not in the schema"));
                    }
                }
            }
            "items" => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    validate(root, arg, item, &format!("{at}/{i}"))?;
                }
            }
            "uniqueItems" => {
                let items = value.as_array().cloned().unwrap_or_default();
                if items
                    .iter()
                    .enumerate()
                    .any(|(i, a)| items[..i].contains(a))
                {
                    return Err(format!("{at}: items repeat"));
                }
            }
            other => return Err(format!("{at}: keyword `{other}` is not checked here")),
        }
    }
    Ok(())
}

#[test]
fn the_schema_names_every_kind_and_rejects_what_is_not_a_report() {
    let schema = diff_schema();
    let kinds = &schema["$defs"]["change"]["properties"]["kind"]["enum"];
    assert_eq!(kinds, &serde_json::json!(ChangeKind::NAMES));
    let change = serde_json::json!({
        "kind": "status", "code": "A", "breaking": true, "breaks": ["clients"],
        "before": "404", "after": "410", "message": "`A`: status 404 -> 410"
    });
    let report =
        |change: serde_json::Value| serde_json::json!({"breaking": true, "changes": [change]});
    assert_eq!(
        validate(&schema, &schema, &report(change.clone()), ""),
        Ok(())
    );
    let mut unknown_kind = change.clone();
    unknown_kind["kind"] = "stauts".into();
    let mut extra = change.clone();
    extra["severity"] = "high".into();
    let mut missing = change;
    missing.as_object_mut().unwrap().remove("before");
    for bad in [unknown_kind, extra, missing] {
        assert!(
            validate(&schema, &schema, &report(bad.clone()), "").is_err(),
            "{bad}"
        );
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The shipped root catalogs (an include has no `service:`).
fn shipped() -> Vec<PathBuf> {
    let mut catalogs: Vec<PathBuf> = std::fs::read_dir(repo_root().join("catalog"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| {
            std::fs::read_to_string(p).is_ok_and(|t| t.lines().any(|l| l.starts_with("service:")))
        })
        .collect();
    catalogs.sort();
    assert!(catalogs.len() >= 6, "{catalogs:?}");
    catalogs
}

#[test]
fn shipped_catalogs_against_themselves_have_no_change() {
    for path in shipped() {
        let path = path.display().to_string();
        let output = errcat_diff(&repo_root(), &path, &path);
        assert_eq!(kinds_and_status(&output), (vec![], 0), "{path}");
    }
}

#[test]
fn each_code_removed_in_turn_is_reported_once() {
    for path in shipped() {
        let old = errcat_codegen::load(&path).unwrap();
        for removed in 0..old.entries.len() {
            // The catalog without entry `removed`: later ids shift down; an entry masked as it
            // answers as itself now (a change of its own, under its own code).
            let mut new = old.clone();
            let code = new.entries.remove(removed).code;
            for entry in &mut new.entries {
                entry.expose_as = match entry.expose_as.map(EntryId::index) {
                    Some(i) if i == removed => None,
                    Some(i) if i > removed => Some(EntryId::new(i - 1)),
                    other => other.map(EntryId::new),
                };
            }
            // So do the edges; one answered by the removed code is the framework's again.
            new.edges.retain(|(_, e)| e.index() != removed);
            for (_, e) in &mut new.edges {
                if e.index() > removed {
                    *e = EntryId::new(e.index() - 1);
                }
            }
            let changes = diff(&old, &new);
            // Besides its removal, an edge it answered is reported, under the same code.
            let about: Vec<_> = changes
                .changes
                .iter()
                .filter(|c| c.code == code && c.kind != ChangeKind::Edge)
                .collect();
            assert_eq!(about.len(), 1, "{}: {code}: {changes:?}", path.display());
            assert_eq!(about[0].kind, ChangeKind::Removed);
            assert!(about[0].breaks.rust);
            assert!(changes.is_breaking());
        }
    }
}
