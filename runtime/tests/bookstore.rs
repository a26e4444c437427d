//! The bookstore example (examples/bookstore.rs) over real HTTP on loopback, as a client sees
//! it: every route and every edge a client can meet, each answer checked for its status,
//! content type, code and request id, and checked against the service's own
//! `/openapi.json`: each response the server sends is one its operation documents, under that
//! status, with that code as a named example.
//!
//! With `ERRCAT_OPENAPI_OUT=<file>` the served document is written there, for
//! openapi-spec-validator (tests/tools/check-artifacts.sh runs this test that way).

#[allow(dead_code)]
#[path = "../examples/bookstore.rs"]
mod bookstore;

use errcat_tests::http::{on_axum, Answer, HttpClient};
use serde_json::Value;

const PROBLEM: &str = "application/problem+json";

/// One request and what must come back.
struct Case {
    method: &'static str,
    path: &'static str,
    content_type: Option<&'static str>,
    body: String,
    status: u16,
    /// The code of an error answer, `None` for a success.
    code: Option<&'static str>,
    /// The documented operation (`paths` key and method) the response must be listed under;
    /// `None` where no operation matches (unknown route, wrong method).
    operation: Option<(&'static str, &'static str)>,
}

fn json(text: &str) -> (Option<&'static str>, String) {
    (Some("application/json"), text.to_owned())
}

fn cases() -> Vec<Case> {
    let case = |method,
                path,
                (content_type, body): (Option<&'static str>, String),
                status,
                code,
                operation| Case {
        method,
        path,
        content_type,
        body,
        status,
        code,
        operation,
    };
    let book = Some(("/books/{id}", "get"));
    let books = Some(("/books", "post"));
    let dune = || json(r#"{"title": "Dune", "price_cents": 1999}"#);
    vec![
        case("POST", "/books", dune(), 201, None, books),
        case("GET", "/books/1", (None, String::new()), 200, None, book),
        case(
            "GET",
            "/books/99",
            (None, String::new()),
            404,
            Some("BOOK_NOT_FOUND"),
            book,
        ),
        case(
            "GET",
            "/books/abc",
            (None, String::new()),
            400,
            Some("INVALID_REQUEST"),
            book,
        ),
        case(
            "POST",
            "/books",
            dune(),
            409,
            Some("DUPLICATE_TITLE"),
            books,
        ),
        case(
            "POST",
            "/books",
            json(r#"{"title": "Free", "price_cents": 0}"#),
            422,
            Some("PRICE_OUT_OF_RANGE"),
            books,
        ),
        case(
            "POST",
            "/books",
            json(r#"{"title": "#),
            400,
            Some("MALFORMED_JSON"),
            books,
        ),
        case(
            "POST",
            "/books",
            json(r#"{"title": "No price"}"#),
            400,
            Some("VALIDATION_ERROR"),
            books,
        ),
        case(
            "POST",
            "/books",
            json(r#"{"title": "Typed", "price_cents": "ten"}"#),
            400,
            Some("VALIDATION_ERROR"),
            books,
        ),
        case(
            "POST",
            "/books",
            (Some("text/plain"), "Dune".to_owned()),
            415,
            Some("UNSUPPORTED_MEDIA_TYPE"),
            books,
        ),
        case(
            "POST",
            "/books",
            json(&format!(
                r#"{{"title": "{}", "price_cents": 1}}"#,
                "x".repeat(3 << 20)
            )),
            413,
            Some("PAYLOAD_TOO_LARGE"),
            books,
        ),
        case(
            "GET",
            "/authors",
            (None, String::new()),
            404,
            Some("ROUTE_NOT_FOUND"),
            None,
        ),
        case(
            "DELETE",
            "/books/1",
            (None, String::new()),
            405,
            Some("METHOD_NOT_ALLOWED"),
            None,
        ),
    ]
}

/// `method path` with a content type, when given.
async fn send(
    client: &HttpClient,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: String,
) -> Answer {
    let headers: Vec<(&str, &str)> = content_type.iter().map(|c| ("content-type", *c)).collect();
    client.send(method, path, &headers, &body).await
}

/// The response `operation` documents for `status`, and its examples' names.
fn documented<'d>(doc: &'d Value, (path, method): (&str, &str), status: u16) -> &'d Value {
    let response = &doc["paths"][path][method]["responses"][status.to_string()];
    assert!(
        response.is_object(),
        "{method} {path} does not document {status}: {:#}",
        doc["paths"][path][method]["responses"]
    );
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_is_in_the_catalogs_envelope_and_documented_by_its_operation() {
    let app = bookstore::app(bookstore::Store::default());
    on_axum(app, |addr| async move {
        let client = HttpClient::new(addr);

        let answer = send(&client, "GET", "/openapi.json", None, String::new()).await;
        assert_eq!(answer.status, 200);
        let doc: Value = serde_json::from_slice(&answer.body).expect("the document is JSON");
        if let Some(out) = std::env::var_os("ERRCAT_OPENAPI_OUT") {
            let text = serde_json::to_string_pretty(&doc).expect("JSON");
            std::fs::write(&out, text + "\n").expect("the document is written");
        }

        for case in cases() {
            let what = format!("{} {} -> {}", case.method, case.path, case.status);
            let answer = send(
                &client,
                case.method,
                case.path,
                case.content_type,
                case.body,
            )
            .await;
            let text = String::from_utf8_lossy(&answer.body);
            assert_eq!(answer.status, case.status, "{what}: {text}");
            // Every response carries a request id.
            let request_id = answer
                .one_header("x-request-id")
                .unwrap_or_else(|| panic!("{what}: no X-Request-Id"))
                .to_owned();
            let body: Value = serde_json::from_slice(&answer.body)
                .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {text}"));

            let Some(code) = case.code else {
                if let Some(operation) = case.operation {
                    documented(&doc, operation, case.status);
                }
                continue;
            };
            assert_eq!(answer.one_header("content-type"), Some(PROBLEM), "{what}");
            assert_eq!(body["code"], code, "{what}: {body:#}");
            assert_eq!(body["status"], case.status, "{what}");
            assert_eq!(body["request_id"], request_id.as_str(), "{what}: {body:#}");
            // The root's docs URL is every code's, the standard catalog's codes too.
            let docs_url = format!("https://bookstore.example.com/errors#{code}");
            assert_eq!(body["type"], docs_url.as_str(), "{what}");
            // Nothing internal: no Rust type, no panic text.
            for secret in ["::", "u64", "serde", "panicked"] {
                assert!(!text.contains(secret), "{what}: `{secret}` in {text}");
            }
            if let Some(operation) = case.operation {
                let response = documented(&doc, operation, case.status);
                let examples = &response["content"][PROBLEM]["examples"];
                assert!(
                    examples.get(code).is_some(),
                    "{what}: {code} is not documented under {} {}: {response:#}",
                    operation.1,
                    operation.0
                );
            }
        }

        // The field at fault is named, for both data errors.
        let answer = send(
            &client,
            "POST",
            "/books",
            Some("application/json"),
            r#"{"title": "Typed", "price_cents": "ten"}"#.to_owned(),
        )
        .await;
        let body: Value = serde_json::from_slice(&answer.body).expect("JSON");
        assert!(body["errors"]["price_cents"].is_array(), "{body:#}");
        // A wrong method names the methods the route takes.
        let answer = send(&client, "DELETE", "/books/1", None, String::new()).await;
        assert_eq!(
            answer.one_header("allow"),
            Some("GET,HEAD"),
            "{:?}",
            answer.headers
        );
    })
    .await;
}
