//! Generating every artifact (Markdown page, TypeScript, OpenAPI, catalog JSON Schema) for a
//! loaded 10,000-entry catalog. Target: all of them together under 300 ms.
//!
//! `cargo bench -p errcat-codegen --bench emit`. The baseline in the same run is loading the
//! same catalog (`load_str`), so the ratio says what generation costs next to parsing.

use errcat_codegen::emit::{markdown, openapi, schema, typescript, Emitter as _};
use errcat_codegen::Catalog;

fn main() {
    divan::main();
}

const ENTRIES: usize = 10_000;

/// Entries in the shapes real catalogs use: categories, causes and solution lists, typed
/// fields, rate limits with `Retry-After` and extra headers, a second envelope, masked codes.
fn catalog_text() -> String {
    let mut out = String::with_capacity(ENTRIES * 260 + 600);
    out.push_str(
        "service: Bench API\ndescription: Errors of the bench API.\n\
         docs_url: \"https://docs.example.com/errors#{code}\"\ncode_style: domain/kebab-case\n\
         format: nested-meta\nformats:\n  limits: status-nested\n\
         status_rules:\n  - contains: [not-found]\n    status: 404\n  - default: 400\nerrors:\n",
    );
    for i in 0..ENTRIES {
        let domain = ["auth", "data", "billing", "users"][i % 4];
        let category = [
            "Authentication",
            "Resources",
            "Validation",
            "Business Logic",
        ][i % 4];
        match i % 4 {
            0 | 2 => out.push_str(&format!(
                "  - code: {domain}/thing-{i}-not-found\n    message: \"Thing '{{thing}}' number {i} was not found\"\n    fields:\n      thing: {{ type: string, doc: The thing }}\n    cause: The thing does not exist\n    solution: Check the `thing` name\n    category: {category}\n    example: {{ thing: t-{i} }}\n"
            )),
            1 => out.push_str(&format!(
                "  - code: {domain}/request-{i}-rejected\n    status: 422\n    message: Request {i} was rejected by the validator\n    cause: The request was malformed\n    solution:\n      - Fix the request\n      - Try again\n    category: {category}\n"
            )),
            _ => out.push_str(&format!(
                "  - code: {domain}/limit-{i}-exceeded\n    status: 429\n    message: \"Limit {i} exceeded; retry in {{seconds}} seconds\"\n    fields:\n      seconds: {{ type: u32 }}\n    retry_after: \"{{seconds}}\"\n    headers:\n      X-RateLimit-Limit: 100\n      X-RateLimit-Remaining: 0\n    format: limits\n    category: {category}\n"
            )),
        }
    }
    out
}

fn catalog() -> Catalog {
    match errcat_codegen::load_str("bench.yaml", &catalog_text()) {
        Ok(catalog) => catalog,
        Err(error) => panic!("bench catalog does not load:\n{error}"),
    }
}

/// Baseline: loading and checking the same catalog.
#[divan::bench(sample_count = 10)]
fn baseline_load(bencher: divan::Bencher) {
    let text = catalog_text();
    bencher.bench(|| errcat_codegen::load_str("bench.yaml", divan::black_box(&text)).is_ok());
}

#[divan::bench(sample_count = 10)]
fn markdown_page(bencher: divan::Bencher) {
    let catalog = catalog();
    let options = markdown::Options::default();
    bencher.bench(|| options.emit(divan::black_box(&catalog)));
}

#[divan::bench(sample_count = 10)]
fn typescript_module(bencher: divan::Bencher) {
    let catalog = catalog();
    let options = typescript::Options::default();
    bencher.bench(|| options.emit(divan::black_box(&catalog)));
}

#[divan::bench(sample_count = 10)]
fn openapi_document(bencher: divan::Bencher) {
    let catalog = catalog();
    let options = openapi::Options::default();
    bencher.bench(|| options.emit(divan::black_box(&catalog)));
}

/// Everything `errcat docs`, `ts`, `openapi` and `schema` produce for one catalog.
#[divan::bench(sample_count = 10)]
fn all_artifacts(bencher: divan::Bencher) {
    let catalog = catalog();
    let (md, ts, oa) = (
        markdown::Options::default(),
        typescript::Options::default(),
        openapi::Options::default(),
    );
    bencher.bench(|| {
        let catalog = divan::black_box(&catalog);
        let mut bytes = 0;
        for files in [
            md.emit(catalog),
            ts.emit(catalog),
            oa.emit(catalog),
            schema::Options::default().emit(&schema::CatalogFormat),
        ] {
            bytes += files.iter().map(|f| f.contents.len()).sum::<usize>();
        }
        bytes
    });
}
