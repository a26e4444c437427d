//! The five seed APIs, reproduced: every example body of tests/seeds/<seed>.json is raised as
//! the catalog's generated, typed `Error` (tests/fixtures/seeds), rendered by errcat with the
//! example's context, and compared with the seed's JSON: same members in the same order, same
//! values, compact on the wire; the status and the listed headers too. Each body is then fed
//! to the client parser, which must give back the code the client sees and the message, and
//! the typed `Error` it was rendered from (`==`).

use std::path::Path;

use errcat::client::{Code, Parser, Typed};
use errcat::{ApiError, Batch, Context};
use errcat_fixture_seeds::{bkend, ekodb, expenses, helpdesk, marketplace, standard};
use serde_json::{Map, Value};

/// Raises a code of the catalog as its typed `Error`, fields from JSON.
type Build = fn(&str, &Map<String, Value>) -> Option<Box<dyn ApiError>>;

/// (code, message) of a response: status, `Retry-After`, body.
type Parse = fn(u16, Option<&str>, &[u8]) -> (Option<String>, Option<String>);

/// Raises a code with JSON fields as the typed `Error`, renders it with the context, parses
/// the response back to the typed `Error` and compares: `Err` says how it differs.
type RoundTrip = fn(&str, &Map<String, Value>, &Context) -> Result<(), String>;

/// What a seed test needs of one generated catalog module.
struct Seed {
    name: &'static str,
    build: Build,
    /// The client parser over the module's `ErrorCode`.
    parse: Parse,
    /// Every code with its example fields (JSON text).
    examples: &'static [(&'static str, &'static str)],
    round_trip: RoundTrip,
}

/// Fields sent only in a header other than `Retry-After` (the client reads the body and
/// `Retry-After`): (code, field). Their errors come back `Incomplete`, naming the field.
const HEADER_ONLY_FIELDS: &[(&str, &str)] = &[("METHOD_NOT_ALLOWED", "allowed")];

/// The response `error` is sent as, parsed back by the client of its catalog, against what the
/// client must get: the same error; for a masked entry the exposed entry, which renders the
/// same body; for an internal entry with fields its code, and that a field is missing (its
/// fields never reach the client).
fn round_trip<E, C>(error: &E, ctx: &Context) -> Result<(), String>
where
    E: ApiError + errcat::client::CatalogError<Code = C> + PartialEq + core::fmt::Debug,
    C: errcat::client::CatalogCode + core::fmt::Display + for<'e> From<&'e E>,
{
    let mut wire = Vec::new();
    error.write_json(ctx, &mut wire);
    let headers = error.header_map(ctx);
    let retry_after = headers.get("retry-after").and_then(|v| v.to_str().ok());
    let parsed = Parser::<C>::for_catalog().parse(error.status().as_u16(), retry_after, &wire);
    let body = String::from_utf8_lossy(&wire);
    let kind = C::from(error);
    let typed = parsed.typed::<E>();
    // `Display` of a code is the real code; `code()` the one clients see.
    let masked = kind.to_string() != error.code();
    match typed {
        Typed::Known(back) if !masked && back == *error => Ok(()),
        Typed::Known(back) if masked => {
            let mut again = Vec::new();
            back.write_json(ctx, &mut again);
            if again == wire && back.code() == error.code() {
                Ok(())
            } else {
                Err(format!(
                    "masked: rebuilt {back:?}, renders {}, sent {body}",
                    String::from_utf8_lossy(&again)
                ))
            }
        }
        Typed::Incomplete { code, missing }
            if error.is_internal() && code == kind && !missing.is_empty() =>
        {
            Ok(())
        }
        Typed::Incomplete { code, missing }
            if code == kind && HEADER_ONLY_FIELDS.contains(&(error.code(), missing)) =>
        {
            Ok(())
        }
        other => Err(format!("{error:?} sent as {body} came back {other:?}")),
    }
}

macro_rules! seed {
    ($module:ident) => {
        Seed {
            name: stringify!($module),
            build: |code, fields| {
                $module::from_fields(code, fields).map(|e| Box::new(e) as Box<dyn ApiError>)
            },
            parse: |status, retry_after, body| {
                let parsed =
                    Parser::<$module::ErrorCode>::for_catalog().parse(status, retry_after, body);
                // The typed form of anything parsed, so the never-panics properties cover it.
                let _ = parsed.typed::<$module::Error>();
                let code = parsed.code.map(|code| match code {
                    Code::Known(known) => known.code().to_owned(),
                    Code::Unknown(text) => format!("unknown:{text}"),
                });
                (code, parsed.message)
            },
            examples: $module::EXAMPLES,
            round_trip: |code, fields, ctx| {
                let error = $module::from_fields(code, fields)
                    .ok_or_else(|| format!("cannot raise {code} with {fields:?}"))?;
                round_trip(&error, ctx)
            },
        }
    };
}

const SEEDS: [Seed; 5] = [
    seed!(bkend),
    seed!(ekodb),
    seed!(expenses),
    seed!(helpdesk),
    seed!(marketplace),
];

/// The catalog errcat ships, in the `problem` envelope: not a seed, but the client must read it.
const STANDARD: Seed = seed!(standard);

fn load(seed: &Seed) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("seeds/{}.json", seed.name));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn context(spec: Option<&Value>) -> Context {
    let mut ctx = Context::new();
    let Some(spec) = spec.and_then(Value::as_object) else {
        return ctx;
    };
    let text = |key: &str| spec.get(key).and_then(Value::as_str).map(str::to_owned);
    if let Some(v) = text("request_id") {
        ctx = ctx.request_id(v);
    }
    if let Some(v) = text("timestamp") {
        ctx = ctx.timestamp(v);
    }
    if let Some(v) = text("instance") {
        ctx = ctx.instance(v);
    }
    if let Some(v) = text("field") {
        ctx = ctx.field(v);
    }
    for (field, messages) in spec
        .get("errors")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for message in messages.as_array().into_iter().flatten() {
            let message = message.as_str().expect("field error messages are strings");
            ctx = ctx.field_error(field.clone(), message.to_owned());
        }
    }
    for (name, value) in spec
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let value = value.as_str().expect("header values are strings");
        ctx = ctx.header(name.clone(), value.to_owned());
    }
    ctx
}

/// Order-sensitive: `serde_json::Value`'s `==` ignores member order even with
/// `preserve_order`, its compact text does not.
fn same(a: &Value, b: &Value) -> bool {
    serde_json::to_string(a).ok() == serde_json::to_string(b).ok()
}

fn raise(seed: &Seed, example: &Value) -> Box<dyn ApiError> {
    let code = example["code"].as_str().expect("example code");
    let empty = Map::new();
    let fields = example
        .get("fields")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    (seed.build)(code, fields)
        .unwrap_or_else(|| panic!("{}: cannot raise {code} with fields {fields:?}", seed.name))
}

/// Checks one example; returns a description of each mismatch.
fn check_example(seed: &Seed, example: &Value) -> Vec<String> {
    let source = example["source"].as_str().unwrap_or("?");
    let mut problems = Vec::new();
    let mut fail = |what: String| problems.push(format!("{} / {source}: {what}", seed.name));

    let error = raise(seed, example);
    let ctx = context(example.get("context"));
    let mut wire = Vec::new();
    error.write_json(&ctx, &mut wire);
    let rendered: Value = match serde_json::from_slice(&wire) {
        Ok(value) => value,
        Err(e) => {
            fail(format!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&wire)
            ));
            return problems;
        }
    };
    let expected = &example["body"];
    let fragment = example.get("fragment").and_then(Value::as_str);
    let actual = match fragment {
        Some(key) => rendered.get(key).cloned().unwrap_or(Value::Null),
        None => rendered.clone(),
    };
    if !same(&actual, expected) {
        fail(format!("body\n  expected {expected}\n  rendered {actual}"));
    }
    // Compact on the wire: the bytes are the compact form of the (order-kept) values.
    if serde_json::to_string(&rendered).ok().as_deref() != std::str::from_utf8(&wire).ok() {
        fail(format!("not compact: {}", String::from_utf8_lossy(&wire)));
    }

    let status = error.status().as_u16();
    if Some(u64::from(status)) != example["status"].as_u64() {
        fail(format!("status {status}, expected {}", example["status"]));
    }
    let headers = error.header_map(&ctx);
    for (name, value) in example
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let got: Vec<_> = headers.get_all(name.as_str()).iter().collect();
        if got.len() != 1 || Some(got[0].as_bytes()) != value.as_str().map(str::as_bytes) {
            fail(format!("header {name}: {got:?}, expected {value}"));
        }
    }

    // The client half: the same bytes back to the code the client sees and the message.
    let retry_after = headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (code, message) = (seed.parse)(status, retry_after.as_deref(), &wire);
    if code.as_deref() != Some(error.code()) {
        fail(format!(
            "client parsed code {code:?}, expected {}",
            error.code()
        ));
    }
    let message_in_body = find_string(&rendered, message.as_deref());
    if !message_in_body {
        fail(format!(
            "client parsed message {message:?}, not in {rendered}"
        ));
    }
    let empty = Map::new();
    let fields = example
        .get("fields")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let code = example["code"].as_str().unwrap_or_default();
    if let Err(difference) = (seed.round_trip)(code, fields, &ctx) {
        fail(format!("typed: {difference}"));
    }
    problems
}

/// `message` is some string value of `body`.
fn find_string(body: &Value, message: Option<&str>) -> bool {
    let Some(message) = message else {
        return false;
    };
    match body {
        Value::String(s) => s == message,
        Value::Array(items) => items.iter().any(|v| find_string(v, Some(message))),
        Value::Object(members) => members.values().any(|v| find_string(v, Some(message))),
        _ => false,
    }
}

#[test]
fn every_seed_example_body_is_reproduced() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for seed in &SEEDS {
        let spec = load(seed);
        let examples = spec["examples"].as_array().expect("examples");
        assert!(!examples.is_empty(), "{}: no examples", seed.name);
        let derived = spec.get("derived_examples").and_then(Value::as_array);
        for example in examples.iter().chain(derived.into_iter().flatten()) {
            problems.extend(check_example(seed, example));
            checked += 1;
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {checked} examples differ:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Seed 001's message tables: each code's `Display` is the documented message.
#[test]
fn ekodb_messages_match_the_tables() {
    let seed = &SEEDS[1];
    let spec = load(seed);
    let messages = spec["messages"].as_array().expect("messages");
    assert!(!messages.is_empty());
    for row in messages {
        let error = raise(seed, row);
        assert_eq!(
            error.to_string(),
            row["message"].as_str().expect("message"),
            "{row}"
        );
    }
}

/// Seed 001's 207 Multi-Status: the page shows two of ten results, eight successes and two
/// failures; the builder gets all ten, and the page's two must be among them, in order, with
/// the counts and status the page gives.
#[test]
fn ekodb_batch_results() {
    let seed = &SEEDS[1];
    let spec = load(seed);
    for example in spec["batch_examples"].as_array().expect("batch_examples") {
        let successes = example["success_count"].as_u64().expect("count");
        let errors = example["error_count"].as_u64().expect("count");
        let shown = example["results"].as_array().expect("results");
        let mut batch = Batch::new();
        let (mut added_ok, mut added_err) = (0, 0);
        for item in shown {
            let id = item["id"].as_str().expect("id");
            if item["status"] == "success" {
                batch.success(id);
                added_ok += 1;
            } else {
                batch.error(id, &*raise(seed, item), &Context::new());
                added_err += 1;
            }
        }
        // The items the page leaves out.
        for n in added_ok..successes {
            batch.success(&format!("unlisted-ok-{n}"));
        }
        for n in added_err..errors {
            let failed = raise(
                seed,
                shown
                    .iter()
                    .find(|i| i["status"] == "error")
                    .expect("an error item"),
            );
            batch.error(&format!("unlisted-error-{n}"), &*failed, &Context::new());
        }
        assert_eq!(
            u64::from(batch.status().as_u16()),
            example["status"].as_u64().expect("status")
        );
        let body: Value = serde_json::from_str(&batch.to_json()).expect("batch body is JSON");
        let expected = &example["body"];
        for key in ["success_count", "error_count"] {
            assert_eq!(body[key], expected[key], "{key}");
        }
        let keys: Vec<_> = body.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["success_count", "error_count", "results"]);
        let results = body["results"].as_array().expect("results");
        assert_eq!(results.len() as u64, successes + errors);
        // The page's results, in order, are the first of their kind in ours.
        for want in expected["results"].as_array().expect("results") {
            assert!(
                results.iter().any(|got| same(got, want)),
                "{want} not among {results:?}"
            );
        }
    }
}

/// The parser keeps a code the catalog does not know, and tolerates bodies that are not the
/// catalog's (or not JSON at all) without losing the status and retry advice.
#[test]
fn client_keeps_unknown_codes_and_survives_garbage() {
    let parser = Parser::<helpdesk::ErrorCode>::for_catalog();
    let body = br#"{"success":false,"error":{"code":"BRAND_NEW_CODE","message":"New"},"meta":{}}"#;
    let parsed = parser.parse(418, None, body);
    assert_eq!(parsed.code, Some(Code::Unknown("BRAND_NEW_CODE".into())));
    assert_eq!(parsed.message.as_deref(), Some("New"));
    assert_eq!(
        parsed.typed::<helpdesk::Error>(),
        Typed::Unknown(errcat::client::UnknownError {
            code: Some("BRAND_NEW_CODE".into()),
            status: 418,
            body: body.to_vec(),
        })
    );

    let parsed = parser.parse(
        429,
        None,
        br#"{"success":false,"error":{"code":"RATE_LIMITED","message":"m","retryAfter":42}}"#,
    );
    assert!(parsed.retry.retryable);
    assert_eq!(
        parsed.retry.retry_after,
        Some(std::time::Duration::from_secs(42))
    );

    for garbage in [
        &b""[..],
        b"null",
        b"[]",
        b"{",
        b"\xff\xfe",
        b"{\"error\":{\"code\":7}}",
    ] {
        let parsed = parser.parse(503, Some("soon"), garbage);
        assert_eq!(
            parsed.typed::<helpdesk::Error>(),
            Typed::Unknown(errcat::client::UnknownError {
                code: None,
                status: 503,
                body: garbage.to_vec(),
            })
        );
        assert_eq!(parsed.status, 503);
        assert!(parsed.retry.retryable, "503 is retryable by default");
        assert_eq!(parsed.retry.retry_after, None);
    }
}

/// Every code of every catalog (the seeds and the standard one), raised with its example
/// fields and a full request context, rendered, and parsed back by the client: the code the
/// client sees comes back, and the message is the body's.
#[test]
fn every_code_of_every_catalog_parses_back() {
    let ctx = Context::new()
        .request_id("req_e2e")
        .timestamp("2025-12-14T10:30:00Z")
        .instance("/things/1")
        .field("title")
        .field_error("title", "Title is required");
    let mut problems = Vec::new();
    let mut checked = 0;
    for seed in SEEDS.iter().chain([&STANDARD]) {
        for (code, fields) in seed.examples {
            let fields: Value = serde_json::from_str(fields).expect("example fields are JSON");
            let Some(error) = (seed.build)(code, fields.as_object().expect("an object")) else {
                problems.push(format!("{}: {code}: cannot raise with {fields}", seed.name));
                continue;
            };
            let mut wire = Vec::new();
            error.write_json(&ctx, &mut wire);
            let headers = error.header_map(&ctx);
            let retry_after = headers.get("retry-after").and_then(|v| v.to_str().ok());
            let status = error.status().as_u16();
            let (parsed, message) = (seed.parse)(status, retry_after, &wire);
            let body: Value = serde_json::from_slice(&wire).expect("bodies are JSON");
            if parsed.as_deref() != Some(error.code()) {
                problems.push(format!(
                    "{}: {code}: parsed {parsed:?}, expected {} from {body}",
                    seed.name,
                    error.code()
                ));
            }
            if !find_string(&body, message.as_deref()) {
                problems.push(format!(
                    "{}: {code}: message {message:?} not in {body}",
                    seed.name
                ));
            }
            let fields = fields.as_object().expect("an object");
            for ctx in [&ctx, &Context::new()] {
                if let Err(difference) = (seed.round_trip)(code, fields, ctx) {
                    problems.push(format!("{}: {code}: typed: {difference}", seed.name));
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} codes");
    assert!(
        problems.is_empty(),
        "{} of {checked} codes:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// JSON-ish text built from the pieces envelopes are made of, so the parser's path lookups
    /// and message matching see near-misses, not only noise.
    fn jsonish() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"code\"",
            "\"message\"",
            "\"error\"",
            "\"success\"",
            "false",
            "null",
            "429",
            "404",
            "\"NOT_FOUND\"",
            "\"Record not found\"",
            "\"\\u0000\"",
            "\"retryAfter\"",
            "-1e999",
            "\"errors\"",
            "\"details\"",
            "\"meta\"",
            "\"x\"",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    /// Any JSON value, its members named like envelope members, its strings near field values.
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "[a-z' ,]{0,8}".prop_map(Value::from),
            prop::sample::select(vec!["RATE_LIMITED", "VALIDATION_ERROR", "NOT_FOUND"])
                .prop_map(Value::from),
        ];
        let key = prop::sample::select(vec![
            "code",
            "message",
            "error",
            "details",
            "status",
            "tier",
            "detail",
            "errors",
            "retryAfter",
            "x",
        ]);
        leaf.prop_recursive(4, 32, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::vec((key.clone(), inner), 0..6).prop_map(|members| {
                    Value::Object(
                        members
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect(),
                    )
                }),
            ]
        })
    }

    /// The example fields of a code with every value replaced by one drawn from `values`, of
    /// the same JSON kind (so of the same catalog type): strings of letters, quotes, escapes
    /// and spaces, numbers that fit every integer type.
    fn vary(fields: &Value, values: &Drawn) -> Map<String, Value> {
        let mut out = Map::new();
        for (n, (name, value)) in fields.as_object().into_iter().flatten().enumerate() {
            let text = |i: usize| values.strings[(n + i) % values.strings.len()].clone();
            let varied = match value {
                Value::String(_) => Value::from(text(0)),
                Value::Number(_) => Value::from(values.numbers[n % values.numbers.len()]),
                Value::Bool(_) => Value::from(values.flags[n % values.flags.len()]),
                Value::Array(_) => (0..values.list_len).map(text).collect(),
                other => other.clone(),
            };
            out.insert(name.clone(), varied);
        }
        out
    }

    #[derive(Debug, Clone)]
    struct Drawn {
        strings: Vec<String>,
        numbers: Vec<u32>,
        flags: Vec<bool>,
        list_len: usize,
    }

    fn drawn() -> impl Strategy<Value = Drawn> {
        (
            // No space (the text between two placeholders of a message, as in `{method} {path}`,
            // has one), so no `, ` (a list's separator in a message) either; never empty (an
            // optional `Some("")` reads back `None` from a message). errcat::client's typed
            // module docs say why these read back differently from a message alone.
            prop::collection::vec("[a-zA-Z0-9'\"\\\\<>&é\u{2028}{},]{1,12}", 1..4),
            prop::collection::vec(any::<u32>(), 1..4),
            prop::collection::vec(any::<bool>(), 1..4),
            1usize..4,
        )
            .prop_map(|(strings, numbers, flags, list_len)| Drawn {
                strings,
                numbers,
                flags,
                list_len,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        /// Render -> parse -> typed gives back the error, for every code of every catalog with
        /// generated field values, with and without a request context.
        #[test]
        fn typed_errors_round_trip(values in drawn(), with_context in any::<bool>()) {
            let ctx = if with_context {
                Context::new().request_id("req_1").field("title").field_error("title", "bad")
            } else {
                Context::new()
            };
            for seed in SEEDS.iter().chain([&STANDARD]) {
                for (code, fields) in seed.examples {
                    let fields: Value = serde_json::from_str(fields).expect("JSON");
                    let fields = vary(&fields, &values);
                    let outcome = (seed.round_trip)(code, &fields, &ctx);
                    prop_assert!(outcome.is_ok(), "{}: {code}: {:?}", seed.name, outcome);
                }
            }
        }

        #[test]
        fn typed_errors_take_any_json(body in any_json(), status in 400u16..600) {
            let bytes = serde_json::to_vec(&body).expect("serializable");
            for seed in SEEDS.iter().chain([&STANDARD]) {
                let _ = (seed.parse)(status, Some("5"), &bytes);
            }
        }

        #[test]
        fn client_parser_takes_any_bytes(
            body in prop::collection::vec(any::<u8>(), 0..256),
            status in 0u16..1000,
            retry_after in prop::option::of(".{0,40}"),
        ) {
            for seed in &SEEDS {
                let _ = (seed.parse)(status, retry_after.as_deref(), &body);
            }
        }

        #[test]
        fn client_parser_takes_any_jsonish_text(body in jsonish(), status in 400u16..600) {
            for seed in &SEEDS {
                let _ = (seed.parse)(status, None, body.as_bytes());
            }
        }

        #[test]
        fn batch_ids_are_escaped(id in ".{0,40}") {
            let error = raise(&SEEDS[1], &serde_json::json!({"code": "request/validation-failed"}));
            let mut batch = Batch::new();
            batch.success(&id).error(&id, &*error, &Context::new());
            let body: Value = serde_json::from_str(&batch.to_json()).expect("valid JSON");
            prop_assert_eq!(body["results"][0]["id"].as_str(), Some(id.as_str()));
            prop_assert_eq!(body["results"][1]["id"].as_str(), Some(id.as_str()));
        }
    }
}

/// A header the request's context sets is sent once, with the context's value, also when the
/// catalog gives the entry the same header (helpdesk's `X-RateLimit-Remaining: "0"`).
#[test]
fn a_context_header_replaces_the_catalogs_of_the_same_name() {
    use errcat_fixture_seeds::helpdesk::Error;
    let error = Error::RateLimited { retry_after: 30 };
    let plain = error.header_map(&Context::new());
    assert_eq!(plain.get_all("x-ratelimit-remaining").iter().count(), 1);
    let ctx = Context::new()
        .header("x-ratelimit-remaining", "3")
        .header("X-RateLimit-Reset", "1700000000");
    let headers = error.header_map(&ctx);
    let remaining: Vec<_> = headers.get_all("x-ratelimit-remaining").iter().collect();
    assert_eq!(remaining, ["3"], "{headers:?}");
    assert_eq!(
        headers.get("x-ratelimit-reset").map(|v| v.as_bytes()),
        Some(&b"1700000000"[..])
    );
    // `Retry-After` is the catalog's, untouched.
    assert_eq!(
        headers.get("retry-after").map(|v| v.as_bytes()),
        Some(&b"30"[..])
    );
}
