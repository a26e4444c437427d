//! End to end over real HTTP on loopback: the axum and the actix-web example servers
//! (runtime/examples, compiled in here as they are) serve seed 004's errors on 127.0.0.1 port
//! 0; a hyper client calls every case and checks status, content type, headers and body; then
//! each body goes through the client parser, which must give back the typed code.
//! Every wait is bounded.

// Each example includes examples/common as its own binary does; two copies here are intended.
#![allow(clippy::duplicate_mod)]

use std::net::SocketAddr;
use std::time::Duration;

use errcat::client::{Code, Parser};
use errcat_fixture_seeds::marketplace::ErrorCode;
use errcat_tests::http::{on_actix, on_axum, HttpClient};
use hyper::body::Bytes;
use serde_json::Value;

#[allow(dead_code)]
#[path = "../../runtime/examples/axum_seed.rs"]
mod axum_seed;

#[allow(dead_code)]
#[path = "../../runtime/examples/actix_seed.rs"]
mod actix_seed;

/// One request and what must come back.
struct Case {
    path: &'static str,
    status: u16,
    /// The code the client sees.
    code: ErrorCode,
    /// Headers that must be there, exactly once, with these values.
    headers: &'static [(&'static str, &'static str)],
    /// Text that must not be anywhere in the response (masked and internal details).
    secret: &'static [&'static str],
    /// The exact body, where the seed page prints it.
    body: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        path: "/errors/validation",
        status: 400,
        code: ErrorCode::ValidationError,
        headers: &[],
        secret: &[],
        // Seed 004's format example.
        body: Some(
            r#"{"code":400,"status":"error","message":"Validation failed","error":{"code":"VALIDATION_ERROR","message":"The title field is required","details":{"field":"title","constraint":"required"}}}"#,
        ),
    },
    Case {
        path: "/errors/token-expired",
        status: 401,
        code: ErrorCode::TokenExpired,
        headers: &[],
        secret: &[],
        body: None,
    },
    Case {
        path: "/errors/write-denied",
        status: 403,
        code: ErrorCode::WriteAccessDenied,
        headers: &[],
        secret: &[],
        body: None,
    },
    // The masked 403: a private listing answers exactly as a missing resource does.
    Case {
        path: "/errors/private",
        status: 404,
        code: ErrorCode::NotFound,
        headers: &[],
        secret: &["PRIVATE_RESOURCE", "lst_secret_42", "private", "403"],
        body: Some(
            r#"{"code":404,"status":"error","message":"Not Found","error":{"code":"NOT_FOUND","message":"Resource not found"}}"#,
        ),
    },
    Case {
        path: "/errors/listing",
        status: 404,
        code: ErrorCode::ListingNotFound,
        headers: &[],
        secret: &[],
        body: None,
    },
    Case {
        path: "/errors/conflict",
        status: 409,
        code: ErrorCode::Conflict,
        headers: &[],
        secret: &[],
        body: None,
    },
    Case {
        path: "/errors/rate-limited",
        status: 429,
        code: ErrorCode::RateLimitExceeded,
        // Seed 004's 429 response, headers and body.
        headers: &[
            ("retry-after", "60"),
            ("x-ratelimit-limit", "100"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "1707480000"),
        ],
        secret: &[],
        body: Some(
            r#"{"code":429,"status":"error","error":{"code":"RATE_LIMIT_EXCEEDED","message":"Rate limit exceeded. Retry after 60 seconds.","tier":"public_key"}}"#,
        ),
    },
    // The handler failed on a database error whose text names a password and an address.
    Case {
        path: "/errors/crash",
        status: 500,
        code: ErrorCode::InternalError,
        headers: &[],
        secret: &["hunter2", "10.0.0.3", "password", "refused"],
        body: Some(
            r#"{"code":500,"status":"error","message":"Internal Server Error","error":{"code":"INTERNAL_ERROR","message":"Internal server error"}}"#,
        ),
    },
    Case {
        path: "/errors/unavailable",
        status: 503,
        code: ErrorCode::ServiceUnavailable,
        headers: &[],
        secret: &[],
        body: None,
    },
];

/// Calls every case on the server at `addr`; returns the bodies, for comparing frameworks.
async fn check_server(name: &str, addr: SocketAddr) -> Vec<Bytes> {
    assert!(addr.ip().is_loopback());
    let client = HttpClient::new(addr);
    let parser = Parser::<ErrorCode>::for_catalog();
    let mut bodies = Vec::new();
    for case in CASES {
        let what = format!("{name} GET {}", case.path);
        let id = format!("e2e-{}", case.status);
        let response = client.get(case.path, &[("x-request-id", &id)]).await;
        assert_eq!(response.status, case.status, "{what}");
        assert_eq!(
            response.one_header("content-type"),
            Some("application/json"),
            "{what}"
        );
        assert_eq!(
            response.one_header("x-request-id"),
            Some(id.as_str()),
            "{what}: request id echoed"
        );
        for (header, value) in case.headers {
            assert_eq!(
                response.one_header(header),
                Some(*value),
                "{what}: {header}"
            );
        }
        if case.headers.is_empty() {
            assert!(
                !response.headers.contains_key("retry-after"),
                "{what}: no Retry-After"
            );
        }
        let text = std::str::from_utf8(&response.body).expect("UTF-8 body");
        let body: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(body["code"], case.status, "{what}: {text}");
        assert_eq!(body["error"]["code"], case.code.code(), "{what}: {text}");
        if let Some(expected) = case.body {
            assert_eq!(text, expected, "{what}");
        }
        let everything = format!("{:?} {text}", response.headers);
        for secret in case.secret {
            assert!(
                !everything.contains(secret),
                "{what} leaks {secret:?}: {everything}"
            );
        }

        // The client half: the body back to the typed code, with retry advice.
        let parsed = parser.parse(
            response.status,
            response.one_header("retry-after"),
            &response.body,
        );
        assert_eq!(parsed.code, Some(Code::Known(case.code)), "{what}");
        assert_eq!(
            parsed.message.as_deref(),
            body["error"]["message"].as_str(),
            "{what}"
        );
        assert_eq!(parsed.retry.retryable, case.code.retryable(), "{what}");
        let retry_after = (case.status == 429).then_some(Duration::from_secs(60));
        assert_eq!(parsed.retry.retry_after, retry_after, "{what}");
        if case.code == ErrorCode::ValidationError {
            assert_eq!(
                parsed.details,
                Some(serde_json::json!({"field": "title", "constraint": "required"})),
                "{what}"
            );
        }
        bodies.push(response.body);
    }

    // No incoming id: the middleware makes one. An unknown route: the generated Error's own
    // response conversion, still with the request's context.
    let response = client.get("/errors/no-such-case", &[]).await;
    assert_eq!(response.status, 404, "{name}");
    let id = response.one_header("x-request-id").expect("a request id");
    assert!(id.starts_with("req_") && id.len() == 20, "{name}: {id}");
    let parsed = parser.parse(404, None, &response.body);
    assert_eq!(
        parsed.code,
        Some(Code::Known(ErrorCode::NotFound)),
        "{name}"
    );
    bodies
}

#[test]
fn axum_and_actix_web_serve_seed_004_over_http() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");

    // axum, on the test's runtime; actix-web, on its own system in its own thread.
    let axum_bodies =
        runtime.block_on(on_axum(axum_seed::app(), |addr| check_server("axum", addr)));
    let actix_bodies = on_actix(&runtime, actix_seed::serve, true, |addr| {
        check_server("actix-web", addr)
    });

    // The two frameworks send the same bytes for every case.
    assert_eq!(axum_bodies, actix_bodies);
}

/// Seeds 002 and 003 carry the request's id (`correlationId`, `meta.requestId`) and time
/// (`meta.timestamp`) in the body: the one-line middleware supplies them to the generated
/// errors' own response conversions, in both frameworks, with no context passed by hand.
mod request_context {
    use super::*;
    use errcat_fixture_seeds::{ekodb, expenses, helpdesk};

    async fn check(name: &str, addr: SocketAddr) {
        let client = HttpClient::new(addr);

        let response = client
            .get("/helpdesk", &[("x-request-id", "req_abc123")])
            .await;
        assert_eq!(response.status, 404, "{name}");
        let body: Value = serde_json::from_slice(&response.body).expect("JSON");
        assert_eq!(body["success"], false, "{name}");
        assert_eq!(body["error"]["code"], "NOT_FOUND", "{name}");
        assert_eq!(body["meta"]["requestId"], "req_abc123", "{name}");
        let timestamp = body["meta"]["timestamp"].as_str().expect("a timestamp");
        // RFC 3339 UTC, second precision: 2025-12-14T10:30:00Z.
        let shape: String = timestamp
            .chars()
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect();
        assert_eq!(shape, "0000-00-00T00:00:00Z", "{name}: {timestamp}");
        let parsed = Parser::<helpdesk::ErrorCode>::for_catalog().parse(404, None, &response.body);
        assert_eq!(
            parsed.code,
            Some(Code::Known(helpdesk::ErrorCode::NotFound))
        );
        assert_eq!(parsed.request_id.as_deref(), Some("req_abc123"));

        // No incoming id: the generated one is both in the header and in the body.
        let response = client.get("/expenses", &[]).await;
        assert_eq!(response.status, 409, "{name}");
        let body: Value = serde_json::from_slice(&response.body).expect("JSON");
        let id = response.one_header("x-request-id").expect("an id");
        assert_eq!(body["correlationId"], id, "{name}");
        assert_eq!(body["code"], "CONCURRENCY_CONFLICT", "{name}");

        // Seed 001's 207 Multi-Status batch result as a response.
        let response = client.get("/batch", &[]).await;
        assert_eq!(response.status, 207, "{name}");
        assert_eq!(
            response.one_header("content-type"),
            Some("application/json"),
            "{name}"
        );
        assert_eq!(
            std::str::from_utf8(&response.body).expect("UTF-8"),
            r#"{"success_count":1,"error_count":1,"results":[{"id":"doc1","status":"success"},{"id":"doc2","status":"error","error":"Validation failed"}]}"#,
            "{name}"
        );
    }

    fn batch() -> errcat::Batch {
        let mut batch = errcat::Batch::new();
        batch.success("doc1").error(
            "doc2",
            &ekodb::Error::RequestValidationFailed,
            &errcat::Context::new(),
        );
        batch
    }

    #[test]
    fn the_middleware_fills_request_ids_and_timestamps_in_bodies() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");

        runtime.block_on(async {
            use axum::routing::get as route;
            let app = axum::Router::new()
                .route(
                    "/helpdesk",
                    route(|| async { Err::<(), _>(helpdesk::Error::NotFound) }),
                )
                .route(
                    "/expenses",
                    route(|| async { Err::<(), _>(expenses::Error::ConcurrencyConflict) }),
                )
                .route("/batch", route(|| async { batch() }))
                .layer(axum::middleware::from_fn(errcat::axum::context));
            on_axum(app, |addr| check("axum", addr)).await;
        });

        use actix_web::{web, App, HttpResponse, HttpServer};
        let start = |listener: std::net::TcpListener| {
            let server = HttpServer::new(|| {
                App::new()
                    .wrap(actix_web::middleware::from_fn(errcat::actix::context))
                    .route(
                        "/helpdesk",
                        web::get()
                            .to(|| async { Err::<HttpResponse, _>(helpdesk::Error::NotFound) }),
                    )
                    .route(
                        "/expenses",
                        web::get().to(|| async {
                            Err::<HttpResponse, _>(expenses::Error::ConcurrencyConflict)
                        }),
                    )
                    .route("/batch", web::get().to(|| async { batch() }))
            })
            .workers(1)
            .disable_signals()
            .listen(listener)?;
            Ok(server.run())
        };
        on_actix(&runtime, start, true, |addr| check("actix-web", addr));
    }
}

/// The form of `impl_frameworks!` the derive emits, on a generic type with a where clause:
/// both frameworks' traits are implemented and answer with the catalog entry.
mod generic_types {
    use core::fmt;

    use errcat::client::CatalogCode;
    use errcat_fixture_seeds::marketplace::ErrorCode;

    #[derive(Debug)]
    struct Wrapped<T>(T);

    impl<T: fmt::Debug> fmt::Display for Wrapped<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "wrapped {:?}", self.0)
        }
    }

    impl<T: fmt::Debug> core::error::Error for Wrapped<T> {}

    impl<T: fmt::Debug> errcat::ApiError for Wrapped<T> {
        fn __entry(&self) -> &'static errcat::__private_0_1_0::Entry {
            ErrorCode::ListingNotFound.entry()
        }

        fn __args(&self, f: &mut dyn FnMut(&[errcat::__private_0_1_0::Arg<'_>])) {
            f(&[])
        }
    }

    impl<T> errcat::openapi::Responses for Wrapped<T> {
        fn for_each_response(_: &mut dyn FnMut(errcat::openapi::CodeResponse)) {}
    }

    errcat::__private_0_1_0::impl_frameworks!(impl {<T: fmt::Debug>} for {Wrapped<T>} {where T: Send});

    #[test]
    fn generic_types_get_both_frameworks_impls() {
        let response = axum::response::IntoResponse::into_response(Wrapped(7u8));
        assert_eq!(response.status(), 404);
        let error = Wrapped("x");
        assert_eq!(actix_web::ResponseError::status_code(&error).as_u16(), 404);
        let response = actix_web::ResponseError::error_response(&error);
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(
            response.headers().get("content-type").map(|v| v.as_bytes()),
            Some(&b"application/json"[..])
        );
    }
}

/// A type of the application's own, bound to catalog entries with `#[derive(ApiError)]`, is an
/// axum `IntoResponse` and an actix-web `ResponseError` like the generated `Error`.
mod derived_types {
    #[derive(Debug, errcat::ApiError)]
    #[api_error(catalog = "../catalog/marketplace.yaml")]
    enum AppError {
        #[api_error(code = "RATE_LIMIT_EXCEEDED")]
        Limited { retry_after: u32, tier: String },
        #[api_error(code = "PRIVATE_RESOURCE")]
        Private { resource: String },
    }

    fn limited() -> AppError {
        AppError::Limited {
            retry_after: 60,
            tier: "public_key".into(),
        }
    }

    const LIMITED: &str = r#"{"code":429,"status":"error","error":{"code":"RATE_LIMIT_EXCEEDED","message":"Rate limit exceeded. Retry after 60 seconds.","tier":"public_key"}}"#;

    #[test]
    fn derived_types_answer_in_axum() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a tokio runtime");
        let response = axum::response::IntoResponse::into_response(limited());
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["retry-after"], "60");
        assert_eq!(response.headers()["content-type"], "application/json");
        let body = runtime
            .block_on(axum::body::to_bytes(response.into_body(), 1 << 16))
            .expect("a body");
        assert_eq!(body, LIMITED);

        let private = AppError::Private {
            resource: "listing lst_secret_42".into(),
        };
        let response = axum::response::IntoResponse::into_response(private);
        assert_eq!(response.status(), 404);
        let body = runtime
            .block_on(axum::body::to_bytes(response.into_body(), 1 << 16))
            .expect("a body");
        let text = std::str::from_utf8(&body).expect("UTF-8");
        assert!(
            text.contains("NOT_FOUND") && !text.contains("secret"),
            "{text}"
        );
    }

    #[test]
    fn derived_types_answer_in_actix_web() {
        let error = limited();
        assert_eq!(actix_web::ResponseError::status_code(&error).as_u16(), 429);
        let response = actix_web::ResponseError::error_response(&error);
        assert_eq!(
            response.headers().get("retry-after").map(|v| v.as_bytes()),
            Some(&b"60"[..])
        );
        let body = actix_web::body::to_bytes(response.into_body());
        let body = actix_web::rt::System::new()
            .block_on(body)
            .unwrap_or_else(|_| panic!("a body"));
        assert_eq!(body, LIMITED);
    }
}
