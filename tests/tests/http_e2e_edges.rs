//! The framework edges end to end over real HTTP on loopback, for axum and actix-web: a shop
//! service on the standard catalog (tests/fixtures/seeds/shop.yaml, `include:
//! [errcat:standard]`, so its `EDGES` come from the standard catalog's `edges:`) behind the
//! one-line edge layer of each framework. A hyper client sends what clients get wrong (bad
//! JSON, wrong content types, missing and mistyped fields, oversized bodies, bad path and
//! query parameters, unknown routes, wrong methods) and calls a handler that panics and one
//! that never finishes; every answer must be the catalog's problem+json with the right
//! status and code, name the field at fault, carry the request id in the header and the body,
//! and say nothing internal. Every wait is bounded; no assertion is about time.

use std::net::SocketAddr;
use std::time::Duration;

use errcat::client::{Code, Parser};
use errcat_fixture_seeds::shop::{Error, ErrorCode, EDGES};
use errcat_tests::http::{on_actix, on_axum, Answer, HttpClient, LIMIT};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The layers' timeout; the slow handler waits far longer than this and than [`LIMIT`].
const HANDLER_TIMEOUT: Duration = Duration::from_millis(300);
/// The body limit both servers are configured with.
const BODY_LIMIT: usize = 1024;
const PANIC_TEXT: &str = "secret-panic-text-4711";
/// A plain-text 400 a handler sends itself.
const OWN_WORDS: &str = "Failed in my own words";

#[derive(Debug, Deserialize, Serialize)]
struct NewBook {
    title: String,
    price_cents: u64,
    author: Option<Author>,
}

#[derive(Debug, Deserialize, Serialize)]
struct Author {
    name: String,
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    limit: u32,
}

#[derive(Debug, Deserialize)]
struct Search {
    #[allow(dead_code)]
    q: String,
    page: u32,
}

/// `GET /books/{id}`: book 1 exists; any other is the service's own catalog error.
fn show_book(id: u64) -> Result<String, Error> {
    if id == 1 {
        Ok("book 1".to_owned())
    } else {
        Err(Error::BookNotFound { id })
    }
}

fn far_future() -> Duration {
    // Longer than any bound of this test: only the layer's timeout ends it.
    LIMIT * 10
}

mod axum_shop {
    use super::*;
    use axum::routing::{get, post};
    use errcat::axum::{Form, Json, Path, Query};

    pub fn app() -> axum::Router {
        axum::Router::new()
            .route(
                "/books",
                get(|Query(q): Query<ListQuery>| async move { format!("{} books", q.limit) })
                    .post(|Json(book): Json<NewBook>| async move { Json(book) }),
            )
            .route(
                "/books/{id}",
                get(|Path(id): Path<u64>| async move { show_book(id) }),
            )
            .route(
                "/search",
                post(|Form(s): Form<Search>| async move { format!("page {}", s.page) }),
            )
            // axum's own extractor: its plain-text rejections are answered by the layer.
            .route(
                "/plain",
                post(|axum::Json(book): axum::Json<NewBook>| async move { book.title }),
            )
            .route(
                "/plain/books/{id}",
                get(|axum::extract::Path(id): axum::extract::Path<u64>| async move { show_book(id) }),
            )
            .route(
                "/plain/books",
                get(|axum::extract::Query(q): axum::extract::Query<ListQuery>| async move {
                    format!("{} books", q.limit)
                }),
            )
            .route(
                "/plain/search",
                post(|axum::Form(s): axum::Form<Search>| async move { format!("page {}", s.page) }),
            )
            .nest("/v1", axum::Router::new().route("/ping", get(|| async { "pong" })))
            .route("/panic", get(|| async { panicking() }))
            // The service's own plain responses, which are no edge: left as they are.
            .route(
                "/own/plain-400",
                get(|| async { (axum::http::StatusCode::BAD_REQUEST, OWN_WORDS) }),
            )
            .route(
                "/own/404",
                get(|| async { axum::http::StatusCode::NOT_FOUND }),
            )
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(far_future()).await;
                    "done"
                }),
            )
            .layer(
                errcat::axum::layer(&EDGES)
                    .timeout(HANDLER_TIMEOUT)
                    .body_limit(BODY_LIMIT),
            )
    }
}

fn panicking() -> &'static str {
    panic!("{PANIC_TEXT}")
}

mod actix_shop {
    use super::*;
    use actix_web::{web, App, HttpServer};

    async fn list(q: errcat::actix::Query<ListQuery>) -> String {
        let q = q.0;
        format!("{} books", q.limit)
    }
    async fn create(book: errcat::actix::Json<NewBook>) -> errcat::actix::Json<NewBook> {
        book
    }
    async fn show(id: web::Path<u64>) -> Result<String, Error> {
        show_book(id.into_inner())
    }
    async fn search(s: errcat::actix::Form<Search>) -> String {
        let s = s.0;
        format!("page {}", s.page)
    }
    async fn plain(book: web::Json<NewBook>) -> String {
        book.into_inner().title
    }
    async fn plain_list(q: web::Query<ListQuery>) -> String {
        format!("{} books", q.limit)
    }
    async fn plain_search(s: web::Form<Search>) -> String {
        format!("page {}", s.page)
    }
    async fn panics() -> &'static str {
        panicking()
    }
    async fn slow() -> &'static str {
        tokio::time::sleep(far_future()).await;
        "done"
    }

    pub fn serve(listener: std::net::TcpListener) -> std::io::Result<actix_web::dev::Server> {
        Ok(HttpServer::new(|| {
            App::new()
                .wrap(errcat::actix::layer(&EDGES).timeout(HANDLER_TIMEOUT))
                .app_data(web::JsonConfig::default().limit(BODY_LIMIT))
                .app_data(web::FormConfig::default().limit(BODY_LIMIT))
                .service(
                    web::resource("/books")
                        .route(web::get().to(list))
                        .route(web::post().to(create)),
                )
                .route("/books/{id}", web::get().to(show))
                .route("/search", web::post().to(search))
                .route("/plain", web::post().to(plain))
                .route("/plain/books/{id}", web::get().to(show))
                .route("/plain/books", web::get().to(plain_list))
                .route("/plain/search", web::post().to(plain_search))
                // A resource, not `route()`: actix-web answers a wrong method on a resource
                // with 405 and `Allow`, on a guarded `route()` with 404.
                .service(
                    web::scope("/v1")
                        .service(web::resource("/ping").route(web::get().to(|| async { "pong" }))),
                )
                .route("/panic", web::get().to(panics))
                .route(
                    "/own/plain-400",
                    web::get()
                        .to(|| async { actix_web::HttpResponse::BadRequest().body(OWN_WORDS) }),
                )
                .route(
                    "/own/404",
                    web::get().to(|| async { actix_web::HttpResponse::NotFound().finish() }),
                )
                .route("/slow", web::get().to(slow))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)?
        .run())
    }
}

/// One request and what must come back.
struct Case {
    what: &'static str,
    method: &'static str,
    path: &'static str,
    content_type: Option<&'static str>,
    body: String,
    status: u16,
    code: ErrorCode,
    /// The field the body's `errors` must name.
    field: Option<&'static str>,
    /// Text the `detail` must contain.
    detail: &'static [&'static str],
}

const JSON: Option<&str> = Some("application/json");

fn cases() -> Vec<Case> {
    let case = |what, method, path, content_type, body: &str, status, code| Case {
        what,
        method,
        path,
        content_type,
        body: body.to_owned(),
        status,
        code,
        field: None,
        detail: &[],
    };
    let oversized = format!(
        r#"{{"title":"{}","price_cents":1}}"#,
        "x".repeat(BODY_LIMIT * 2)
    );
    vec![
        Case {
            detail: &["not valid JSON", "line 1"],
            ..case(
                "bad JSON",
                "POST",
                "/books",
                JSON,
                r#"{"title": "x","#,
                400,
                ErrorCode::MalformedJson,
            )
        },
        Case {
            detail: &["'text/plain'"],
            ..case(
                "wrong content type",
                "POST",
                "/books",
                Some("text/plain"),
                r#"{"title":"x","price_cents":1}"#,
                415,
                ErrorCode::UnsupportedMediaType,
            )
        },
        case(
            "no content type",
            "POST",
            "/books",
            None,
            r#"{"title":"x","price_cents":1}"#,
            415,
            ErrorCode::UnsupportedMediaType,
        ),
        Case {
            field: Some("title"),
            ..case(
                "missing field",
                "POST",
                "/books",
                JSON,
                r#"{"price_cents":1}"#,
                400,
                ErrorCode::ValidationError,
            )
        },
        Case {
            field: Some("price_cents"),
            ..case(
                "mistyped field",
                "POST",
                "/books",
                JSON,
                r#"{"title":"x","price_cents":"cheap"}"#,
                400,
                ErrorCode::ValidationError,
            )
        },
        Case {
            field: Some("author.name"),
            ..case(
                "mistyped nested field",
                "POST",
                "/books",
                JSON,
                r#"{"title":"x","price_cents":1,"author":{"name":5}}"#,
                400,
                ErrorCode::ValidationError,
            )
        },
        Case {
            detail: &["1024"],
            ..case(
                "oversized body",
                "POST",
                "/books",
                JSON,
                &oversized,
                413,
                ErrorCode::PayloadTooLarge,
            )
        },
        Case {
            field: Some("id"),
            detail: &["abc"],
            ..case(
                "bad path parameter",
                "GET",
                "/books/abc",
                None,
                "",
                400,
                ErrorCode::InvalidRequest,
            )
        },
        Case {
            field: Some("limit"),
            ..case(
                "bad query",
                "GET",
                "/books?limit=lots",
                None,
                "",
                400,
                ErrorCode::InvalidRequest,
            )
        },
        Case {
            field: Some("page"),
            ..case(
                "bad form",
                "POST",
                "/search",
                Some("application/x-www-form-urlencoded"),
                "q=x&page=two",
                400,
                ErrorCode::ValidationError,
            )
        },
        Case {
            detail: &["GET /no/such/route"],
            ..case(
                "unknown route",
                "GET",
                "/no/such/route",
                None,
                "",
                404,
                ErrorCode::RouteNotFound,
            )
        },
        Case {
            detail: &["DELETE"],
            ..case(
                "wrong method",
                "DELETE",
                "/books",
                None,
                "",
                405,
                ErrorCode::MethodNotAllowed,
            )
        },
        case(
            "panicking handler",
            "GET",
            "/panic",
            None,
            "",
            500,
            ErrorCode::InternalError,
        ),
        case(
            "handler timeout",
            "GET",
            "/slow",
            None,
            "",
            504,
            ErrorCode::GatewayTimeout,
        ),
        // The framework's own JSON extractor: its rejections too, by what they say.
        Case {
            detail: &["not valid JSON"],
            ..case(
                "bad JSON, framework extractor",
                "POST",
                "/plain",
                JSON,
                "{",
                400,
                ErrorCode::MalformedJson,
            )
        },
        case(
            "missing field, framework extractor",
            "POST",
            "/plain",
            JSON,
            r#"{"price_cents":1}"#,
            400,
            ErrorCode::ValidationError,
        ),
        Case {
            detail: &["1024"],
            ..case(
                "oversized body, framework extractor",
                "POST",
                "/plain",
                JSON,
                &oversized,
                413,
                ErrorCode::PayloadTooLarge,
            )
        },
        Case {
            detail: &["abc"],
            ..case(
                "bad path parameter, framework extractor",
                "GET",
                "/plain/books/abc",
                None,
                "",
                400,
                ErrorCode::InvalidRequest,
            )
        },
        case(
            "bad query, framework extractor",
            "GET",
            "/plain/books?limit=lots",
            None,
            "",
            400,
            ErrorCode::InvalidRequest,
        ),
        case(
            "bad form, framework extractor",
            "POST",
            "/plain/search",
            Some("application/x-www-form-urlencoded"),
            "q=x&page=two",
            400,
            ErrorCode::ValidationError,
        ),
        // The service's own error: through the layer untouched, with the request's context.
        Case {
            detail: &["No book with ID 2"],
            ..case(
                "the service's own error",
                "GET",
                "/books/2",
                None,
                "",
                404,
                ErrorCode::BookNotFound,
            )
        },
    ]
}

/// Words that must never reach a client: the handler's types, Rust's, the panic, the stack.
const INTERNAL: &[&str] = &[
    "NewBook",
    "Author",
    "ListQuery",
    "Search",
    "u64",
    "u32",
    PANIC_TEXT,
    "panicked",
    "serde",
    "axum",
    "actix",
    "errcat",
    "::",
    ".rs",
];

/// `method path`, with a content type and an incoming request id when given.
async fn send(
    client: &HttpClient,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &str,
    request_id: Option<&str>,
) -> Answer {
    let mut headers = Vec::new();
    if let Some(content_type) = content_type {
        headers.push(("content-type", content_type));
    }
    if let Some(id) = request_id {
        headers.push(("x-request-id", id));
    }
    client.send(method, path, &headers, body).await
}

async fn check_server(name: &str, addr: SocketAddr) {
    assert!(addr.ip().is_loopback());
    let client = HttpClient::new(addr);
    let parser = Parser::<ErrorCode>::for_catalog();
    for (n, case) in cases().iter().enumerate() {
        let what = format!("{name}, {}: {} {}", case.what, case.method, case.path);
        // Every other case sends its own id; the rest get a fresh one.
        let sent_id = (n % 2 == 0).then(|| format!("e2e-edge-{n}"));
        let response = send(
            &client,
            case.method,
            case.path,
            case.content_type,
            &case.body,
            sent_id.as_deref(),
        )
        .await;
        let text = String::from_utf8_lossy(&response.body).into_owned();
        assert_eq!(response.status, case.status, "{what}: {text}");
        assert_eq!(
            response.one_header("content-type"),
            Some("application/problem+json"),
            "{what}: {text}"
        );
        let id = response.one_header("x-request-id").expect("X-Request-Id");
        match &sent_id {
            Some(sent) => assert_eq!(id, sent, "{what}: the incoming id echoed"),
            None => assert!(id.starts_with("req_"), "{what}: a fresh id, got {id}"),
        }
        let body: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(body["status"], case.status, "{what}: {text}");
        assert_eq!(body["code"], case.code.code(), "{what}: {text}");
        assert_eq!(
            body["request_id"], id,
            "{what}: the same id in body and header"
        );
        let detail = body["detail"].as_str().expect("a detail");
        for words in case.detail {
            assert!(
                detail.contains(words),
                "{what}: {words:?} not in {detail:?}"
            );
        }
        if let Some(field) = case.field {
            let messages = body["errors"][field].as_array();
            assert!(
                messages.is_some_and(|m| !m.is_empty()),
                "{what}: no field error for {field}: {text}"
            );
        }
        let everything = format!("{:?} {text}", response.headers);
        for word in INTERNAL {
            assert!(
                !everything.contains(word),
                "{what} leaks {word:?}: {everything}"
            );
        }
        if case.code == ErrorCode::MethodNotAllowed {
            let allow = response.one_header("allow").expect("Allow");
            let methods: Vec<&str> = allow.split(',').map(str::trim).collect();
            assert!(
                methods.contains(&"GET")
                    && methods.contains(&"POST")
                    && !methods.contains(&"DELETE"),
                "{what}: Allow: {allow}"
            );
        }
        // A client of the catalog reads every one back as its typed code.
        let parsed = parser.parse(response.status, None, &response.body);
        assert_eq!(parsed.code, Some(Code::Known(case.code)), "{what}");
    }

    // The service's own plain 400 and a 404 of a route that matched are no edges: as sent,
    // with the request id.
    let own = send(&client, "GET", "/own/plain-400", None, "", Some("e2e-own")).await;
    assert_eq!(own.status, 400, "{name}");
    assert_eq!(&own.body[..], OWN_WORDS.as_bytes(), "{name}");
    assert_eq!(own.one_header("x-request-id"), Some("e2e-own"), "{name}");
    let own = send(&client, "GET", "/own/404", None, "", None).await;
    assert_eq!((own.status, own.body.len()), (404, 0), "{name}");
    assert!(own.one_header("x-request-id").is_some(), "{name}");

    // Inside a nested router (a scope in actix-web): the path the client asked for.
    let nested = send(&client, "DELETE", "/v1/ping", None, "", None).await;
    assert_eq!(nested.status, 405, "{name}");
    let body: Value = serde_json::from_slice(&nested.body).expect("JSON");
    assert_eq!(body["instance"], "/v1/ping", "{name}: {body}");

    // A success carries a request id too, echoed or fresh.
    let ok = send(&client, "GET", "/books/1", None, "", Some("e2e-ok")).await;
    assert_eq!(ok.status, 200, "{name}");
    assert_eq!(ok.one_header("x-request-id"), Some("e2e-ok"), "{name}");
    let ok = send(&client, "GET", "/books/1", None, "", None).await;
    let id = ok
        .one_header("x-request-id")
        .expect("a fresh id on a success");
    assert!(id.starts_with("req_"), "{name}: {id}");

    // The server survived the panic and the timeout: a valid book still round-trips.
    let book = r#"{"title":"Dune","price_cents":999,"author":null}"#;
    let ok = send(&client, "POST", "/books", JSON, book, None).await;
    assert_eq!(ok.status, 200, "{name}");
    let echoed: Value = serde_json::from_slice(&ok.body).expect("JSON");
    assert_eq!(echoed["title"], "Dune", "{name}");
}

#[test]
fn axum_and_actix_web_answer_every_edge_in_the_catalogs_envelope() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");

    runtime.block_on(on_axum(axum_shop::app(), |addr| check_server("axum", addr)));
    // Not graceful: the slow handler's request would hold the stop up.
    on_actix(&runtime, actix_shop::serve, false, |addr| {
        check_server("actix-web", addr)
    });
}

/// Feature `tracing`: every error response is logged once, where errcat makes it; a 5xx at
/// error level with the real error (the `internal` message clients never see, the panic behind
/// it as its source), its code and the request id; a 4xx at debug.
mod logs {
    use super::*;
    use std::fmt::Write as _;
    use std::sync::{Arc, Mutex};
    use tracing::field::{Field, Visit};
    use tracing::{span, Event, Level, Metadata, Subscriber};

    /// errcat's events, as `(level, "name=value ...")`.
    #[derive(Default)]
    struct Capture(Mutex<Vec<(Level, String)>>);

    struct Fields(String);

    impl Visit for Fields {
        fn record_str(&mut self, field: &Field, value: &str) {
            let _ = write!(self.0, "{}={value} ", field.name());
        }
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, "{}={value:?} ", field.name());
        }
    }

    struct Shared(Arc<Capture>);

    impl Subscriber for Shared {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
            span::Id::from_u64(1)
        }
        fn record(&self, _: &span::Id, _: &span::Record<'_>) {}
        fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}
        fn event(&self, event: &Event<'_>) {
            if !event.metadata().target().starts_with("errcat") {
                return;
            }
            let mut fields = Fields(String::new());
            event.record(&mut fields);
            let level = *event.metadata().level();
            self.0
                 .0
                .lock()
                .expect("not poisoned")
                .push((level, fields.0));
        }
        fn enter(&self, _: &span::Id) {}
        fn exit(&self, _: &span::Id) {}
    }

    #[test]
    fn a_5xx_logs_the_real_error_once_and_a_4xx_at_debug() {
        let capture = Arc::new(Capture::default());
        tracing::subscriber::set_global_default(Shared(Arc::clone(&capture)))
            .expect("the only subscriber of this test binary");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let bodies = runtime.block_on(on_axum(axum_shop::app(), |addr| async move {
            let client = HttpClient::new(addr);
            let panic = send(&client, "GET", "/panic", None, "", Some("log-panic")).await;
            let missing = send(&client, "GET", "/books/2", None, "", Some("log-missing")).await;
            (panic, missing)
        }));
        assert_eq!((bodies.0.status, bodies.1.status), (500, 404));
        let logged = capture.0.lock().expect("not poisoned").clone();
        let of = |id: &str| -> Vec<(Level, String)> {
            logged
                .iter()
                .filter(|(_, fields)| fields.contains(&format!("request_id={id} ")))
                .cloned()
                .collect()
        };

        let panic = of("log-panic");
        assert_eq!(panic.len(), 1, "logged once: {panic:?}");
        let (level, fields) = &panic[0];
        assert_eq!(*level, Level::ERROR, "{fields}");
        for words in [
            "status=500",
            "code=INTERNAL_ERROR",
            // The internal message and the panic behind it: in the log only.
            "An unexpected error occurred while handling the request",
            &format!("the handler panicked: {PANIC_TEXT}"),
        ] {
            assert!(fields.contains(words), "{words:?} not in {fields}");
        }
        let body = String::from_utf8_lossy(&bodies.0.body);
        assert!(!body.contains("An unexpected error occurred"), "{body}");

        let missing = of("log-missing");
        assert_eq!(missing.len(), 1, "logged once: {missing:?}");
        assert_eq!(missing[0].0, Level::DEBUG, "{missing:?}");
        assert!(missing[0].1.contains("code=BOOK_NOT_FOUND"), "{missing:?}");
    }
}
