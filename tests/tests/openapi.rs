//! Per-operation error contracts in a utoipa document, as a service writes them: each
//! handler's error type is a `#[derive(ApiError)]` enum listing the codes it can return, used
//! as-is in `#[utoipa::path(responses(...))]`; `errcat::openapi::add_edges` then adds the
//! framework's edges each operation can meet.
//!
//! With `ERRCAT_OPENAPI_OUT=<file>`, the document is also written there, for
//! openapi-spec-validator (tests/tools/check-artifacts.sh runs this test that way).

use axum::extract::Path;
use axum::Json;
use errcat::openapi::{self, CodeResponse};
use errcat::{ApiError, Context};
use serde_json::Value;
use utoipa::OpenApi;

#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // documented, never built: the handlers only fail here
pub struct Book {
    id: u64,
    title: String,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct NewBook {
    title: String,
    price_cents: u64,
}

/// What `GET /books/{id}` can answer with besides the book.
#[derive(Debug, ApiError)]
#[api_error(catalog = "../catalog/standard.yaml")]
pub enum GetBookError {
    #[api_error(code = "NOT_FOUND")]
    NotFound { resource: String, id: String },
    #[api_error(code = "GONE")]
    Gone { resource: String, id: String },
    #[api_error(code = "RATE_LIMIT_EXCEEDED")]
    RateLimited { retry_after: u32 },
}

/// What `POST /books` can answer with: two codes of status 409.
#[derive(Debug, ApiError)]
#[api_error(catalog = "../catalog/standard.yaml")]
pub enum CreateBookError {
    #[api_error(code = "ALREADY_EXISTS")]
    AlreadyExists { resource: String, key: String },
    #[api_error(code = "CONFLICT")]
    Conflict { reason: String },
    #[api_error(code = "VALIDATION_ERROR")]
    Invalid,
}

#[utoipa::path(
    get,
    path = "/books/{id}",
    params(("id" = u64, Path, description = "The book's id")),
    responses((status = 200, description = "The book", body = Book), GetBookError)
)]
// Real axum handlers: `GetBookError` is what `get_book` returns and what its operation lists.
#[allow(dead_code)]
async fn get_book(Path(id): Path<u64>) -> Result<Json<()>, GetBookError> {
    Err(GetBookError::NotFound {
        resource: "Book".into(),
        id: id.to_string(),
    })
}

#[utoipa::path(
    post,
    path = "/books",
    request_body = NewBook,
    responses((status = 201, description = "The new book", body = Book), CreateBookError)
)]
#[allow(dead_code)]
async fn create_book() -> Result<Json<()>, CreateBookError> {
    Err(CreateBookError::Invalid)
}

#[derive(OpenApi)]
#[openapi(paths(get_book, create_book))]
struct BookstoreApi;

/// The document the service serves: utoipa's, with the edges added.
fn document() -> Value {
    let mut api = BookstoreApi::openapi();
    // The standard catalog's answers to the edges (its `edges:`), generated as `EDGES`.
    openapi::add_edges(&mut api, &errcat_fixture_seeds::standard::EDGES);
    let doc = serde_json::to_value(&api).expect("a utoipa document serializes");
    if let Some(out) = std::env::var_os("ERRCAT_OPENAPI_OUT") {
        let text = serde_json::to_string_pretty(&doc).expect("a JSON value serializes");
        std::fs::write(&out, text + "\n").expect("the document is written");
    }
    doc
}

fn operation<'d>(doc: &'d Value, path: &str, method: &str) -> &'d Value {
    let operation = &doc["paths"][path][method];
    assert!(operation.is_object(), "no {method} {path} in {doc:#}");
    operation
}

/// The media type of `response` (every code of the standard catalog answers in one).
fn media(response: &Value) -> &Value {
    let content = response["content"]
        .as_object()
        .expect("a response with content");
    assert_eq!(content.len(), 1, "{response:#}");
    content.values().next().expect("one media type")
}

/// The example `code` has under `status` in `operation`, if any.
fn example<'d>(operation: &'d Value, status: u16, code: &str) -> Option<&'d Value> {
    let response = &operation["responses"][status.to_string()];
    media(response)["examples"].get(code).map(|e| &e["value"])
}

/// The values the standard catalog's `example:` keys give, in the runtime's context of the docs
/// (`errcat_codegen::emit::body::RequestContext::DOCS`).
fn docs_context() -> Context {
    Context::new()
        .request_id("req_7f3a9c2e41b0".to_owned())
        .timestamp("2025-01-15T09:30:00Z".to_owned())
        .instance("/v1/orders/42".to_owned())
}

fn rendered(error: &dyn ApiError) -> Value {
    let mut body = Vec::new();
    error.write_json(&docs_context(), &mut body);
    serde_json::from_slice(&body).expect("the runtime renders JSON")
}

#[test]
fn every_declared_code_is_listed_under_its_operation_and_status() {
    let doc = document();
    for (path, method, declared) in [
        ("/books/{id}", "get", openapi::responses::<GetBookError>()),
        ("/books", "post", openapi::responses::<CreateBookError>()),
    ] {
        let operation = operation(&doc, path, method);
        assert_eq!(declared.len(), 3, "{declared:?}");
        for code in &declared {
            let status = code.status().as_u16();
            assert!(
                example(operation, status, code.code()).is_some(),
                "{method} {path}: no {} under {status}: {operation:#}",
                code.code()
            );
        }
    }
    // The success response is the handler's own, untouched.
    assert_eq!(
        operation(&doc, "/books/{id}", "get")["responses"]["200"]["description"],
        "The book"
    );
}

#[test]
fn codes_sharing_a_status_are_both_there_and_distinguishable() {
    let doc = document();
    let conflict = &operation(&doc, "/books", "post")["responses"]["409"];
    assert_eq!(
        conflict["description"],
        "Conflict: ALREADY_EXISTS, CONFLICT."
    );
    let media = media(conflict);
    assert!(media["examples"]["ALREADY_EXISTS"].is_object(), "{media:#}");
    assert!(media["examples"]["CONFLICT"].is_object(), "{media:#}");
    // One schema per code, told apart by the one value their `code` member takes.
    let schemas = media["schema"]["oneOf"].as_array().expect("a oneOf");
    let codes: Vec<&Value> = schemas
        .iter()
        .map(|s| &s["properties"]["code"]["enum"][0])
        .collect();
    assert_eq!(codes, ["ALREADY_EXISTS", "CONFLICT"]);
}

#[test]
fn example_bodies_are_what_the_runtime_renders() {
    let doc = document();
    // The catalog's `example:` values of each code.
    let get = operation(&doc, "/books/{id}", "get");
    let post = operation(&doc, "/books", "post");
    let cases: [(&Value, Box<dyn ApiError>); 6] = [
        (
            get,
            Box::new(GetBookError::NotFound {
                resource: "Order".into(),
                id: "ord_8f2k1".into(),
            }),
        ),
        (
            get,
            Box::new(GetBookError::Gone {
                resource: "Export".into(),
                id: "exp_31c9".into(),
            }),
        ),
        (get, Box::new(GetBookError::RateLimited { retry_after: 60 })),
        (
            post,
            Box::new(CreateBookError::AlreadyExists {
                resource: "Customer".into(),
                key: "email".into(),
            }),
        ),
        (
            post,
            Box::new(CreateBookError::Conflict {
                reason: "order is already shipped".into(),
            }),
        ),
        (post, Box::new(CreateBookError::Invalid)),
    ];
    for (operation, error) in cases {
        let documented = example(operation, error.status().as_u16(), error.code())
            .unwrap_or_else(|| panic!("{} is documented", error.code()));
        assert_eq!(*documented, rendered(&*error), "{}", error.code());
    }
}

#[test]
fn headers_are_documented_with_their_code() {
    let doc = document();
    let limited = &operation(&doc, "/books/{id}", "get")["responses"]["429"];
    assert_eq!(
        limited["headers"]["Retry-After"]["schema"]["type"],
        "integer"
    );
}

#[test]
fn operations_list_the_edges_they_can_meet() {
    let doc = document();
    let post = operation(&doc, "/books", "post");
    let get = operation(&doc, "/books/{id}", "get");
    // A JSON body: its edges, merged with the declared codes of the same status (the body of
    // the wrong shape answers VALIDATION_ERROR, which the handler declares already).
    for (status, code) in [
        (400, "MALFORMED_JSON"),
        (400, "VALIDATION_ERROR"),
        (415, "UNSUPPORTED_MEDIA_TYPE"),
        (413, "PAYLOAD_TOO_LARGE"),
        (500, "INTERNAL_ERROR"),
        (504, "GATEWAY_TIMEOUT"),
    ] {
        assert!(example(post, status, code).is_some(), "POST /books: {code}");
    }
    assert!(
        example(post, 400, "INVALID_REQUEST").is_none(),
        "no path parameter"
    );
    // A path parameter, no body.
    for (status, code) in [
        (400, "INVALID_REQUEST"),
        (500, "INTERNAL_ERROR"),
        (504, "GATEWAY_TIMEOUT"),
    ] {
        assert!(
            example(get, status, code).is_some(),
            "GET /books/{{id}}: {code}"
        );
    }
    assert!(get["responses"].get("415").is_none(), "no body: {get:#}");
    let bad_request = &post["responses"]["400"];
    assert_eq!(
        bad_request["description"],
        "Bad Request: VALIDATION_ERROR, MALFORMED_JSON."
    );
    // Nothing internal in the panic's example.
    let panic = example(get, 500, "INTERNAL_ERROR").map(Value::to_string);
    assert!(panic.is_some_and(|body| !body.contains("panic")));
}

/// The generated `Error` of each seed catalog lists every code of its catalog, each once, and
/// is a utoipa `IntoResponses` with a response for each of its statuses (every code's
/// response reads into utoipa's model).
#[test]
fn the_generated_error_lists_every_code() {
    macro_rules! check {
        ($($seed:ident),*) => {$(
            check::<errcat_fixture_seeds::$seed::Error>(errcat_fixture_seeds::$seed::ErrorCode::ALL
                .iter()
                .map(|code| code.public_code()));
        )*};
    }
    check!(bkend, ekodb, expenses, helpdesk, marketplace, standard);

    fn check<E: utoipa::IntoResponses + openapi::Responses>(
        public: impl Iterator<Item = &'static str>,
    ) {
        let mut expected: Vec<&str> = Vec::new();
        for code in public {
            if !expected.contains(&code) {
                expected.push(code);
            }
        }
        let listed = openapi::responses::<E>();
        let codes: Vec<&str> = listed.iter().map(CodeResponse::code).collect();
        assert_eq!(codes, expected);
        let mut statuses: Vec<String> = listed
            .iter()
            .map(|c| c.status().as_u16().to_string())
            .collect();
        statuses.sort();
        statuses.dedup();
        let by_status = <E as utoipa::IntoResponses>::responses();
        assert_eq!(by_status.keys().cloned().collect::<Vec<_>>(), statuses);
        // Each code is a named example of its status.
        let by_status = serde_json::to_value(&by_status).expect("serializes");
        for code in &listed {
            let status = code.status().as_u16().to_string();
            assert!(
                media(&by_status[&status])["examples"]
                    .get(code.code())
                    .is_some(),
                "{} under {status}",
                code.code()
            );
        }
    }
}

/// One handler error type over others: each transparent variant brings in the codes of the
/// type it wraps (a derived one, one with context of its own, the generated `Error`).
#[derive(Debug, ApiError)]
pub enum ShelfError {
    #[api_error(transparent)]
    Get(#[from] GetBookError),
    #[api_error(transparent)]
    Create(#[from] errcat::WithContext<CreateBookError>),
}

#[derive(Debug, ApiError)]
#[api_error(catalog = "../catalog/standard.yaml")]
pub enum AdminError {
    #[api_error(code = "FORBIDDEN")]
    Forbidden,
    #[api_error(transparent)]
    Catalog(#[from] errcat_fixture_seeds::standard::Error),
}

#[test]
fn transparent_variants_bring_in_the_codes_they_wrap() {
    let codes = |listed: Vec<CodeResponse>| -> Vec<&'static str> {
        listed.iter().map(CodeResponse::code).collect()
    };
    assert_eq!(
        codes(openapi::responses::<ShelfError>()),
        [
            "NOT_FOUND",
            "GONE",
            "RATE_LIMIT_EXCEEDED",
            "ALREADY_EXISTS",
            "CONFLICT",
            "VALIDATION_ERROR"
        ]
    );
    // Its own code first, then every code of the catalog, each once.
    let admin = codes(openapi::responses::<AdminError>());
    assert_eq!(admin[0], "FORBIDDEN");
    assert_eq!(
        admin.len(),
        errcat_fixture_seeds::standard::ErrorCode::ALL.len()
    );
    // In utoipa: the 409 of the composed type keeps both codes apart.
    let by_status = serde_json::to_value(<ShelfError as utoipa::IntoResponses>::responses())
        .expect("serializes");
    let conflict = media(&by_status["409"]);
    assert!(conflict["examples"]["ALREADY_EXISTS"].is_object());
    assert!(conflict["examples"]["CONFLICT"].is_object());
}
