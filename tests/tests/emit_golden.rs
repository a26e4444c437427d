//! Golden tests of the docs, TypeScript, OpenAPI and JSON Schema emitters. The goldens of the
//! shipped catalogs are their checked-in artifacts, `docs/<catalog>.{md,ts,openapi.json}` (what
//! `scripts/generate` writes); `tests/golden/` holds the rest: the hostile catalog's artifacts
//! (`tests/hostile/hostile.yaml`, hostile text in every field) and the pages grouped by
//! category. `ERRCAT_BLESS=1 cargo test -p errcat-tests --test emit_golden` rewrites them all,
//! and `catalog/catalog.schema.json`; look at the diff before committing it.
//!
//! The external tools (tsc, markdownlint, an OpenAPI validator, a JSON Schema validator) run
//! on the same files in `tests/tools/check-artifacts.sh`.

use std::path::Path;

use errcat_codegen::emit::body::{self, RequestContext};
use errcat_codegen::emit::{markdown, openapi, schema, typescript, Emitter};
use errcat_codegen::Catalog;
use errcat_tests::{golden, repo_root};

/// The catalogs of the emitter checks: the standard one, and one with hostile text.
const CATALOGS: [(&str, &str); 2] = [
    ("standard", "catalog/standard.yaml"),
    ("hostile", "tests/hostile/hostile.yaml"),
];

/// Where the golden of `artifact` (`md`, `by-category.md`, `ts`, `openapi.json`) of catalog
/// `name` is: a shipped catalog's artifact as `scripts/generate` writes it into `docs/`, every
/// other one under `tests/golden/<name>/`.
fn golden_path(name: &str, artifact: &str) -> String {
    let shipped = repo_root().join(format!("catalog/{name}.yaml")).is_file();
    match (shipped, artifact) {
        (true, "md" | "ts" | "openapi.json") => format!("docs/{name}.{artifact}"),
        (_, "md") => format!("tests/golden/{name}/errors.md"),
        (_, "ts") => format!("tests/golden/{name}/errors.ts"),
        _ => format!("tests/golden/{name}/{artifact}"),
    }
}

fn load(relative: &str) -> Catalog {
    errcat_codegen::load(repo_root().join(relative))
        .unwrap_or_else(|e| panic!("{relative} does not load:\n{e}"))
}

/// The contents of the one file `emitter` makes of `model`.
fn single<E: Emitter>(emitter: &E, model: &E::Model) -> String {
    let mut files = emitter.emit(model);
    assert_eq!(files.len(), 1, "one file expected");
    files.remove(0).contents
}

fn markdown_options(source: &str, group_by: markdown::GroupBy) -> markdown::Options {
    markdown::Options {
        group_by,
        source: Some(source.to_owned()),
        ..markdown::Options::default()
    }
}

#[test]
fn markdown_goldens() {
    for (name, source) in CATALOGS {
        let catalog = load(source);
        for (group_by, artifact) in [
            (markdown::GroupBy::Status, "md"),
            (markdown::GroupBy::Category, "errors-by-category.md"),
        ] {
            let page = single(&markdown_options(source, group_by), &catalog);
            golden(golden_path(name, artifact), &page);
        }
    }
}

#[test]
fn typescript_goldens() {
    for (name, source) in CATALOGS {
        let catalog = load(source);
        let options = typescript::Options {
            source: Some(source.to_owned()),
            ..typescript::Options::default()
        };
        golden(golden_path(name, "ts"), &single(&options, &catalog));
    }
}

#[test]
fn openapi_goldens_parse_and_carry_every_example() {
    for (name, source) in CATALOGS {
        let catalog = load(source);
        let text = single(&openapi::Options::default(), &catalog);
        golden(golden_path(name, "openapi.json"), &text);
        let doc: serde_json::Value = serde_json::from_str(&text).expect("OpenAPI output is JSON");
        assert_eq!(doc["openapi"], "3.1.0");
        // Every public code is an example of its status's response, with the body the docs
        // show for it.
        for entry in catalog.entries.iter().filter(|e| e.expose_as.is_none()) {
            let example = body::example(&catalog, entry, &RequestContext::DOCS);
            let envelope = catalog.envelope_of(entry);
            let value = &doc["components"]["responses"][format!("Error{}", entry.status)]
                ["content"][&envelope.content_type]["examples"][&entry.code]["value"];
            assert_eq!(value, &example.body, "{name}: example of {}", entry.code);
        }
    }
}

/// The checked-in schema is what `errcat schema` writes.
#[test]
fn catalog_schema_is_current() {
    let text = single(&schema::Options::default(), &schema::CatalogFormat);
    serde_json::from_str::<serde_json::Value>(&text).expect("schema is JSON");
    golden("catalog/catalog.schema.json", &text);
}

/// The checked-in `docs/` artifacts are what `scripts/generate` writes (`errcat docs`, `ts`
/// and `openapi`), for every catalog in `catalog/`.
#[test]
fn docs_folder_is_current() {
    let mut count = 0;
    for path in catalog_files() {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let source = format!("catalog/{stem}.yaml");
        let catalog = load(&source);
        let page = single(
            &markdown_options(&source, markdown::GroupBy::Status),
            &catalog,
        );
        golden(golden_path(&stem, "md"), &page);
        let ts = typescript::Options {
            source: Some(source.clone()),
            ..typescript::Options::default()
        };
        golden(golden_path(&stem, "ts"), &single(&ts, &catalog));
        let openapi = single(&openapi::Options::default(), &catalog);
        golden(golden_path(&stem, "openapi.json"), &openapi);
        count += 1;
    }
    assert!(count >= 2, "expected the catalogs in catalog/");
}

/// Every JSON block of every generated page (the format examples and the body of each
/// example response) is valid JSON, whatever the catalog text.
#[test]
fn every_example_body_in_the_docs_parses() {
    for (name, source) in CATALOGS {
        let catalog = load(source);
        let page = single(
            &markdown_options(source, markdown::GroupBy::Status),
            &catalog,
        );
        let mut bodies = 0;
        for (info, block) in fenced_blocks(&page) {
            let json = match info.as_str() {
                "json" => block.as_str(),
                "http" => {
                    let (head, body) = block.split_once("\n\n").expect("headers, blank line, body");
                    assert!(head.starts_with("HTTP/1.1 "), "{name}: {head}");
                    assert!(head.lines().all(|l| !l.contains('\r')));
                    body
                }
                other => panic!("{name}: unexpected fence `{other}`"),
            };
            serde_json::from_str::<serde_json::Value>(json)
                .unwrap_or_else(|e| panic!("{name}: example body is not JSON ({e}):\n{json}"));
            bodies += 1;
        }
        // One per entry plus at least one format example.
        assert!(bodies > catalog.entries.len(), "{name}: {bodies} bodies");
    }
}

#[test]
fn emitters_are_deterministic() {
    for (_, source) in CATALOGS {
        let a = load(source);
        let b = load(source);
        let md = markdown::Options::default();
        assert_eq!(md.emit(&a), md.emit(&b));
        let ts = typescript::Options::default();
        assert_eq!(ts.emit(&a), ts.emit(&b));
        let oa = openapi::Options::default();
        assert_eq!(oa.emit(&a), oa.emit(&b));
    }
}

/// Hostile text never escapes its context: no raw CR anywhere, no `*/` inside a TypeScript
/// comment, every code present in the union exactly as a string literal.
#[test]
fn hostile_text_stays_text() {
    let catalog = load("tests/hostile/hostile.yaml");
    let ts = single(&typescript::Options::default(), &catalog);
    let page = single(&markdown::Options::default(), &catalog);
    for text in [&ts, &page] {
        assert!(!text.contains('\r'));
    }
    for line in ts.lines() {
        let comment = line
            .find("//")
            .map(|i| &line[i + 2..])
            .or_else(|| line.trim_start().strip_prefix("/**"));
        if let Some(comment) = comment {
            let body = comment.trim_end().strip_suffix("*/").unwrap_or(comment);
            assert!(!body.contains("*/"), "comment closes early: {line}");
        }
    }
    assert!(ts.contains("  | '<script>alert(1)</script>'"));
    assert!(ts.contains("'\\'quoted\\' \"code\"'"));
    // Table rows keep their column count: every `|` from the catalog is escaped.
    for line in page.lines().filter(|l| l.starts_with("| [")) {
        let columns = line.replace("\\|", "").matches('|').count();
        assert!(columns == 4 || columns == 5, "row split by a pipe: {line}");
    }
}

fn catalog_files() -> Vec<std::path::PathBuf> {
    let dir = repo_root().join("catalog");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") && is_root_catalog(p))
        .collect();
    files.sort();
    files
}

/// Files that only hold entries for another catalog's `include` have no `service`.
fn is_root_catalog(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| text.lines().any(|l| l.starts_with("service:")))
}

/// `(info string, content)` of every fenced code block of a Markdown page.
fn fenced_blocks(page: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut lines = page.lines();
    while let Some(line) = lines.next() {
        let fence_len = line.bytes().take_while(|&b| b == b'`').count();
        if fence_len < 3 {
            continue;
        }
        let info = line[fence_len..].trim().to_owned();
        let fence = &line[..fence_len];
        let mut content = String::new();
        for inner in lines.by_ref() {
            if inner == fence {
                break;
            }
            content.push_str(inner);
            content.push('\n');
        }
        blocks.push((info, content));
    }
    blocks
}

/// A catalog saved with CRLF line ends generates the same bytes as the LF original: no CR
/// reaches any artifact.
#[test]
fn crlf_catalog_generates_the_same_artifacts() {
    for (_, source) in CATALOGS {
        let path = repo_root().join(source);
        let text = std::fs::read_to_string(&path).unwrap();
        let crlf = text.replace('\n', "\r\n");
        let from_crlf = errcat_codegen::load_str(&path, &crlf)
            .unwrap_or_else(|e| panic!("{source} with CRLF does not load:\n{e}"));
        let from_lf = load(source);
        let md = markdown::Options::default();
        assert_eq!(md.emit(&from_crlf), md.emit(&from_lf));
        let ts = typescript::Options::default();
        assert_eq!(ts.emit(&from_crlf), ts.emit(&from_lf));
        let oa = openapi::Options::default();
        assert_eq!(oa.emit(&from_crlf), oa.emit(&from_lf));
    }
}

/// The docs' example renderer reproduces every body of the seed pages (tests/seeds/*.json)
/// from the catalog, the example's field values and its request context: the docs show
/// exactly what the runtime sends.
#[test]
fn docs_examples_reproduce_the_seed_bodies() {
    use errcat_codegen::model::Value;
    use serde_json::Value as Json;

    fn to_model(json: &Json) -> Value {
        match json {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.to_string()),
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => Value::Array(items.iter().map(to_model).collect()),
            Json::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), to_model(v))).collect())
            }
        }
    }

    let dir = repo_root().join("tests/seeds");
    let mut checked = 0;
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    seeds.sort();
    for path in seeds {
        let seed: Json = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut catalog = load(seed["catalog"].as_str().unwrap());
        let examples = ["examples", "derived_examples"]
            .iter()
            .filter_map(|key| seed[*key].as_array())
            .flatten();
        for example in examples {
            let code = example["code"].as_str().unwrap();
            let Some(index) = catalog.entries.iter().position(|e| e.code == code) else {
                panic!("{}: no code {code}", path.display());
            };
            // The example's field values replace the catalog's, on the entry the client sees.
            let fields: Vec<(String, Value)> = example["fields"]
                .as_object()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), to_model(v))).collect())
                .unwrap_or_default();
            let public = catalog.entries[index]
                .expose_as
                .map_or(index, |id| id.index());
            catalog.entries[public].example = fields;
            let context = &example["context"];
            let text = |key: &str| context[key].as_str();
            let errors: Vec<(String, Vec<String>)> = context["errors"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            let messages = v.as_array().unwrap().iter();
                            (
                                k.clone(),
                                messages.map(|m| m.as_str().unwrap().to_owned()).collect(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let messages: Vec<Vec<&str>> = errors
                .iter()
                .map(|(_, m)| m.iter().map(String::as_str).collect())
                .collect();
            let pairs: Vec<(&str, &[&str])> = errors
                .iter()
                .zip(&messages)
                .map(|((field, _), m)| (field.as_str(), m.as_slice()))
                .collect();
            let ctx = RequestContext {
                request_id: text("request_id"),
                timestamp: text("timestamp"),
                instance: text("instance"),
                field: text("field"),
                errors: context["errors"].is_object().then_some(pairs.as_slice()),
            };
            let rendered = body::example(&catalog, &catalog.entries[index], &ctx);
            let body = match example["fragment"].as_str() {
                Some(member) => rendered.body[member].clone(),
                None => rendered.body,
            };
            assert_eq!(
                serde_json::to_string(&body).unwrap(),
                serde_json::to_string(&example["body"]).unwrap(),
                "{}: {}",
                path.display(),
                example["source"]
            );
            assert_eq!(
                u64::from(rendered.status),
                example["status"].as_u64().unwrap()
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} seed examples");
}
