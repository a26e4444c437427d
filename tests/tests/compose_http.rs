//! A handler's composed error type answering over HTTP, in axum (real loopback server) and in
//! actix-web (its in-process test service), with errcat's middleware on: a `WithContext` built
//! from scratch inside a transparent variant keeps its own headers, and the request's context
//! fills the rest, so the body's request id is the one echoed in `X-Request-Id`.
//! Every wait is bounded.

use errcat::{Context, WithContext};
use errcat_fixture_seeds::helpdesk::Error;
use errcat_tests::http::{on_axum, HttpClient, LIMIT};
use serde_json::Value;

/// What the handlers return: the generated type, or the generated type with context of its own.
#[derive(Debug, errcat::ApiError)]
enum ApiFailure {
    #[api_error(transparent)]
    Catalog(#[from] Error),
    #[api_error(transparent)]
    Contextual(#[from] WithContext<Error>),
}

/// A limiter: its error carries a header of its own, and knows nothing of the request.
fn throttle() -> Result<(), WithContext<Error>> {
    Err(WithContext::new(
        Error::RateLimited { retry_after: 42 },
        Context::new().header("X-RateLimit-Limit", "100"),
    ))
}

fn find(_id: &str) -> Result<(), Error> {
    Err(Error::NotFound)
}

/// `?` from both error types into one.
fn handle(path: &str) -> Result<&'static str, ApiFailure> {
    if path.ends_with("limited") {
        throttle()?;
    }
    find("t-1")?;
    Ok("never")
}

/// One response as the client saw it: status, `X-Request-Id`, `X-RateLimit-Limit`, body.
struct Seen {
    status: u16,
    request_id: Option<String>,
    limit: Option<String>,
    body: Value,
}

/// What every server must answer, for a request with and without an `X-Request-Id`.
fn check(server: &str, path: &str, incoming: Option<&str>, seen: &Seen) {
    let what = format!("{server} {path} {incoming:?}");
    let echoed = seen.request_id.as_deref().expect("X-Request-Id echoed");
    if let Some(incoming) = incoming {
        assert_eq!(echoed, incoming, "{what}");
    } else {
        assert!(echoed.starts_with("req_"), "{what}: {echoed}");
    }
    // The request's id and timestamp in the body, also for the error whose own context lacks
    // them: the body and the header agree.
    assert_eq!(seen.body["meta"]["requestId"], echoed, "{what}");
    assert!(seen.body["meta"]["timestamp"].is_string(), "{what}");
    if path.ends_with("limited") {
        assert_eq!(seen.status, 429, "{what}");
        assert_eq!(seen.body["error"]["code"], "RATE_LIMITED", "{what}");
        assert_eq!(
            seen.limit.as_deref(),
            Some("100"),
            "{what}: own header kept"
        );
    } else {
        assert_eq!(seen.status, 404, "{what}");
        assert_eq!(seen.body["error"]["code"], "NOT_FOUND", "{what}");
        assert_eq!(seen.limit, None, "{what}");
    }
}

const PATHS: [&str; 2] = ["/tickets/limited", "/tickets/t-1"];
const INCOMING: [Option<&str>; 2] = [Some("req_compose_1"), None];

#[test]
fn axum_answers_with_the_wrapped_errors_context_over_the_requests() {
    async fn handler(uri: axum::http::Uri) -> Result<&'static str, ApiFailure> {
        handle(uri.path())
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let app = axum::Router::new()
            .route("/tickets/{id}", axum::routing::get(handler))
            .layer(axum::middleware::from_fn(errcat::axum::context));
        on_axum(app, |addr| async move {
            let client = HttpClient::new(addr);
            for path in PATHS {
                for incoming in INCOMING {
                    let headers: Vec<(&str, &str)> =
                        incoming.iter().map(|id| ("x-request-id", *id)).collect();
                    let answer = client.get(path, &headers).await;
                    let seen = Seen {
                        status: answer.status,
                        request_id: answer.one_header("x-request-id").map(str::to_owned),
                        limit: answer.one_header("x-ratelimit-limit").map(str::to_owned),
                        body: serde_json::from_slice(&answer.body).expect("a JSON body"),
                    };
                    check("axum", path, incoming, &seen);
                }
            }
        })
        .await;
    });
}

#[test]
fn actix_answers_with_the_wrapped_errors_context_over_the_requests() {
    use actix_web::{test, web, App, HttpRequest};

    async fn handler(request: HttpRequest) -> Result<&'static str, ApiFailure> {
        handle(request.path())
    }
    actix_web::rt::System::new().block_on(async {
        let app = test::init_service(
            App::new()
                .wrap(actix_web::middleware::from_fn(errcat::actix::context))
                .route("/tickets/{id}", web::get().to(handler)),
        )
        .await;
        for path in PATHS {
            for incoming in INCOMING {
                let mut request = test::TestRequest::get().uri(path);
                if let Some(id) = incoming {
                    request = request.insert_header(("x-request-id", id));
                }
                let call = test::call_service(&app, request.to_request());
                let response = tokio::time::timeout(LIMIT, call)
                    .await
                    .unwrap_or_else(|_| panic!("{path}: no response within {LIMIT:?}"));
                let status = response.status().as_u16();
                let text = |name: &str| {
                    let mut values = response.headers().get_all(name);
                    let first = values.next()?.to_str().expect("ASCII").to_owned();
                    assert!(values.next().is_none(), "{name} sent twice");
                    Some(first)
                };
                let request_id = text("x-request-id");
                let limit = text("x-ratelimit-limit");
                let body = tokio::time::timeout(LIMIT, test::read_body(response))
                    .await
                    .unwrap_or_else(|_| panic!("{path}: body not complete within {LIMIT:?}"));
                let seen = Seen {
                    status,
                    request_id,
                    limit,
                    body: serde_json::from_slice(&body).expect("a JSON body"),
                };
                check("actix-web", path, incoming, &seen);
            }
        }
    });
}
