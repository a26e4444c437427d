//! Load + check of a 10,000-entry catalog against serde_yaml's bare deserialize of the same
//! text into plain structs (the baseline: parsing alone, no locations, no rules).
//!
//! `cargo bench -p errcat-codegen --bench load`; the ratio of the two medians is the figure
//! that matters (target: at most 1.5).

use serde::Deserialize;

fn main() {
    divan::main();
}

const ENTRIES: usize = 10_000;

/// About 200 bytes an entry, in the shapes real catalogs use: a plain message, a templated one
/// with a typed field, a status from the rules, causes and solutions.
fn catalog() -> String {
    let mut out = String::with_capacity(ENTRIES * 210 + 400);
    out.push_str(
        "service: Bench API\ncode_style: domain/kebab-case\nformat: nested\n\
         status_rules:\n  - contains: [not-found]\n    status: 404\n  - default: 400\nerrors:\n",
    );
    for i in 0..ENTRIES {
        let domain = ["auth", "data", "billing", "users"][i % 4];
        if i % 2 == 0 {
            out.push_str(&format!(
                "  - code: {domain}/thing-{i}-not-found\n    message: \"Thing '{{thing}}' number {i} was not found\"\n    fields:\n      thing: {{ type: string, doc: The thing }}\n    cause: The thing does not exist\n    category: Resources\n"
            ));
        } else {
            out.push_str(&format!(
                "  - code: {domain}/request-{i}-rejected\n    status: 422\n    message: Request {i} was rejected by the validator\n    cause: The request was malformed\n    solution:\n      - Fix the request\n      - Try again\n"
            ));
        }
    }
    out
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainCatalog {
    service: String,
    code_style: Option<String>,
    format: Option<String>,
    status_rules: Vec<PlainRule>,
    errors: Vec<PlainEntry>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainRule {
    contains: Option<Vec<String>>,
    status: Option<u16>,
    default: Option<u16>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainEntry {
    code: String,
    status: Option<u16>,
    message: String,
    fields: Option<std::collections::BTreeMap<String, PlainField>>,
    cause: Option<String>,
    solution: Option<Vec<String>>,
    category: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainField {
    #[serde(rename = "type")]
    ty: String,
    doc: Option<String>,
}

#[divan::bench(sample_count = 20)]
fn errcat_load_str(bencher: divan::Bencher) {
    let text = catalog();
    bencher.bench(|| {
        let catalog = errcat_codegen::load_str("bench.yaml", divan::black_box(&text));
        assert_eq!(catalog.map(|c| c.entries.len()).ok(), Some(ENTRIES));
    });
}

#[divan::bench(sample_count = 20)]
fn serde_yaml_deserialize(bencher: divan::Bencher) {
    let text = catalog();
    bencher.bench(|| {
        let catalog: PlainCatalog = serde_yaml::from_str(divan::black_box(&text)).unwrap();
        assert_eq!(catalog.errors.len(), ENTRIES);
    });
}

/// saphyr-parser's events alone: the floor under `load_str`.
#[divan::bench(sample_count = 20)]
fn saphyr_events_only(bencher: divan::Bencher) {
    let text = catalog();
    bencher.bench(|| {
        saphyr_parser::Parser::new_from_str(divan::black_box(&text))
            .filter(Result::is_ok)
            .count()
    });
}
