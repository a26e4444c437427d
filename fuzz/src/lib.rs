//! What each fuzz target checks, one function per target (`fuzz_targets/<name>.rs` calls the
//! function of that name). Kept apart from libFuzzer so that tests/tests/fuzz_regressions.rs can
//! compile this same file (`#[path]`) and replay every input of tests/fuzz-regressions/<name>/
//! under a plain `cargo test`, with no nightly toolchain: a crash found once is checked forever.
//!
//! Each function panics exactly when errcat broke a promise: the loader and checker never panic
//! and render every diagnostic; a template error points inside its source; a checked catalog
//! always generates Rust that parses; the client parser (and its typed form) never fails on any
//! response.

use std::sync::OnceLock;

use errcat::client::Parser;
use errcat_codegen::model::{Segment, Template};
use errcat_codegen::Catalog;

/// Where fuzzed catalogs say they come from. No such directory exists, so a relative `include`
/// reads nothing: the targets stay deterministic whatever directory they run in.
const CATALOG_PATH: &str = "/nonexistent-errcat-fuzz/catalog.yaml";

/// The catalog loader and checker on arbitrary bytes: never a panic, and every diagnostic of
/// a rejected catalog renders (the renderer slices source lines at reported columns).
pub fn load(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = check(text);
}

/// The message-template parser: an error points at a span inside the source, on character
/// boundaries; a parsed template keeps its segment invariants; a literal template parses back
/// to itself.
pub fn template(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Template::parse(text) {
        Ok(template) => {
            assert_eq!(template.source, text);
            assert_segments(&template);
        }
        Err(error) => {
            let end = error.offset + error.len;
            assert!(
                end <= text.len()
                    && text.is_char_boundary(error.offset)
                    && text.is_char_boundary(end),
                "error span {}..{end} outside {text:?}",
                error.offset
            );
        }
    }
    let literal = Template::literal(text);
    assert_segments(&literal);
    let reparsed = Template::parse(&literal.source).expect("a literal template parses");
    assert_eq!(reparsed.segments, literal.segments, "{text:?}");
}

/// An envelope template (the catalog's `format:`) of arbitrary text, in an otherwise valid
/// catalog whose entries use fields and `retry_after`: loads or is rejected without a panic, and
/// when accepted generates Rust that parses.
pub fn envelope(data: &[u8]) {
    let Ok(format) = std::str::from_utf8(data) else {
        return;
    };
    let mut text = String::from("service: fuzz\nformat:\n");
    for line in format.lines() {
        text.push_str("  ");
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(
        "errors:\n\
         \x20 - code: NOT_FOUND\n\
         \x20   status: 404\n\
         \x20   message: \"{table} {id} not found\"\n\
         \x20   fields: {table: string, id: u64}\n\
         \x20 - code: SLOW_DOWN\n\
         \x20   status: 429\n\
         \x20   message: Slow down\n\
         \x20   retry_after: 30\n",
    );
    if let Some(catalog) = check(&text) {
        assert_generates(&catalog);
    }
}

/// The client parser on arbitrary responses of every seed catalog. Input layout: one byte picks
/// the catalog, two the status, one the length of a `Retry-After` value (0: no header) and that
/// many bytes of it, the rest is the body.
pub fn client(data: &[u8]) {
    let [pick, status_hi, status_lo, header_len, rest @ ..] = data else {
        return;
    };
    let status = u16::from_be_bytes([*status_hi, *status_lo]);
    let (header, body) = rest.split_at(usize::from(*header_len).min(rest.len()));
    let header = String::from_utf8_lossy(header);
    let retry_after = (*header_len != 0).then_some(&*header);
    // One parser per catalog, built on first use (building walks every entry's body program).
    macro_rules! parse {
        ($seed:ident) => {{
            static PARSER: OnceLock<Parser<errcat_fixture_seeds::$seed::ErrorCode>> =
                OnceLock::new();
            let parsed = PARSER
                .get_or_init(Parser::for_catalog)
                .parse(status, retry_after, body);
            assert_eq!(parsed.status, status);
            // The typed form never panics either; an unknown code keeps the bytes.
            if let errcat::client::Typed::Unknown(unknown) =
                parsed.typed::<errcat_fixture_seeds::$seed::Error>()
            {
                assert_eq!(unknown.body, body);
            }
        }};
    }
    match pick % 6 {
        0 => parse!(bkend),
        1 => parse!(ekodb),
        2 => parse!(expenses),
        3 => parse!(helpdesk),
        4 => parse!(marketplace),
        _ => parse!(standard),
    }
}

/// The Rust emitter on every catalog the checker accepts: the file always parses with syn and is
/// never the emitter's fallback (`compile_error!` or unformatted tokens).
pub fn emit_rust(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(catalog) = check(text) {
        assert_generates(&catalog);
    }
}

fn check(text: &str) -> Option<Catalog> {
    match errcat_codegen::load_str(CATALOG_PATH, text) {
        Ok(catalog) => Some(catalog),
        Err(error) => {
            let rendered = error.to_string();
            assert!(!rendered.is_empty());
            None
        }
    }
}

fn assert_generates(catalog: &Catalog) {
    let code = errcat_codegen::emit::rust::generate(catalog);
    assert!(code.starts_with("// @generated"), "{code}");
    assert!(
        !code.contains("errcat-codegen could not format")
            && !code.contains("errcat-codegen: cannot generate"),
        "the emitter fell back on a checked catalog:\n{code}"
    );
    if let Err(error) = syn::parse_file(&code) {
        panic!("generated Rust does not parse: {error}\n{code}");
    }
}

fn assert_segments(template: &Template) {
    for pair in template.segments.windows(2) {
        assert!(
            !matches!(pair, [Segment::Literal(_), Segment::Literal(_)]),
            "adjacent literals in {template:?}"
        );
    }
    for segment in &template.segments {
        if let Segment::Literal(text) = segment {
            assert!(!text.is_empty(), "empty literal in {template:?}");
        }
    }
}
