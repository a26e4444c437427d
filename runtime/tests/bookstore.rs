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

use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(20);
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

async fn serve() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("an address");
    let app = bookstore::app(bookstore::Store::default());
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

struct Answer {
    status: u16,
    headers: hyper::HeaderMap,
    body: Bytes,
}

async fn send(
    client: &Client<HttpConnector, Full<Bytes>>,
    addr: SocketAddr,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: String,
) -> Answer {
    let mut request = hyper::Request::builder()
        .method(method)
        .uri(format!("http://{addr}{path}"));
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let request = request
        .body(Full::new(Bytes::from(body)))
        .expect("a request");
    let response = tokio::time::timeout(LIMIT, client.request(request))
        .await
        .expect("an answer in time")
        .expect("an answer");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = tokio::time::timeout(LIMIT, response.into_body().collect())
        .await
        .expect("a body in time")
        .expect("a body")
        .to_bytes();
    Answer {
        status,
        headers,
        body,
    }
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
    let addr = serve().await;
    let client = Client::builder(TokioExecutor::new()).build_http();

    let answer = send(&client, addr, "GET", "/openapi.json", None, String::new()).await;
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
            addr,
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
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
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
        assert_eq!(
            answer.headers.get("content-type").map(|v| v.as_bytes()),
            Some(PROBLEM.as_bytes()),
            "{what}"
        );
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
        addr,
        "POST",
        "/books",
        Some("application/json"),
        r#"{"title": "Typed", "price_cents": "ten"}"#.to_owned(),
    )
    .await;
    let body: Value = serde_json::from_slice(&answer.body).expect("JSON");
    assert!(body["errors"]["price_cents"].is_array(), "{body:#}");
    // A wrong method names the methods the route takes.
    let answer = send(&client, addr, "DELETE", "/books/1", None, String::new()).await;
    assert_eq!(
        answer.headers.get("allow").map(|v| v.as_bytes()),
        Some(&b"GET,HEAD"[..]),
        "{:?}",
        answer.headers
    );
}
