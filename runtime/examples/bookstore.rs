//! A bookstore API with errcat as its whole error layer:
//! `cargo run -p errcat --example bookstore --all-features` (listens on 127.0.0.1:$PORT,
//! default 3000).
//!
//! - `GET /books/{id}`: a book (`id` a `u64`);
//! - `POST /books`: a new book from `{"title": string, "price_cents": u64}`;
//! - `GET /openapi.json`: the API's OpenAPI document, every operation listing the codes it can
//!   answer with.
//!
//! The errors are [`bookstore.yaml`](bookstore.yaml): the standard catalog, included by name,
//! plus three codes of the bookstore's own, in the `problem` envelope. There is no hand-written
//! rejection, fallback or 405 handling here: errcat's layer answers bad JSON, a body of the
//! wrong shape, a wrong content type, a bad path parameter, an unknown route, a wrong method, a
//! panic and a timeout with the catalog's codes. Each handler's error type lists the codes it
//! returns, once: the OpenAPI document is made from those types.
//!
//! ```text
//! $ curl -s localhost:3000/books/abc
//! {"type":"https://bookstore.example.com/errors#INVALID_REQUEST","title":"Invalid Request",
//!  "status":400,"detail":"The request is invalid: ...","code":"INVALID_REQUEST",...}
//! ```

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use errcat::axum::{Json, Path};
use errcat::ApiError;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

// `ErrorCode`, `Error` and `EDGES` (what the layer answers the framework's edges with) of the
// catalog, generated at compile time, as `build.rs` + `errcat::include_catalog!()` would.
errcat::catalog!("examples/bookstore.yaml");

/// The highest price the store takes, in cents.
const MAX_PRICE_CENTS: u64 = 1_000_000;

#[derive(Clone, Serialize, ToSchema)]
pub struct Book {
    id: u64,
    title: String,
    price_cents: u64,
}

#[derive(Deserialize, ToSchema)]
pub struct NewBook {
    title: String,
    price_cents: u64,
}

/// What `GET /books/{id}` answers with when it fails.
#[derive(Debug, ApiError)]
#[api_error(catalog = "examples/bookstore.yaml")]
pub enum GetBookError {
    #[api_error(code = "BOOK_NOT_FOUND")]
    NotFound { id: u64 },
}

/// What `POST /books` answers with when it fails.
#[derive(Debug, ApiError)]
#[api_error(catalog = "examples/bookstore.yaml")]
pub enum CreateBookError {
    #[api_error(code = "DUPLICATE_TITLE")]
    DuplicateTitle { title: String },
    #[api_error(code = "PRICE_OUT_OF_RANGE")]
    PriceOutOfRange { price_cents: u64, max_cents: u64 },
}

/// The books, in memory.
#[derive(Clone, Default)]
pub struct Store(Arc<Mutex<BTreeMap<u64, Book>>>);

impl Store {
    fn with<R>(&self, f: impl FnOnce(&mut BTreeMap<u64, Book>) -> R) -> R {
        // A panic elsewhere while the lock was held leaves the map as it was: keep serving.
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

#[utoipa::path(
    get,
    path = "/books/{id}",
    params(("id" = u64, Path, description = "The book's id")),
    responses((status = 200, description = "The book", body = Book), GetBookError)
)]
async fn get_book(
    State(store): State<Store>,
    Path(id): Path<u64>,
) -> Result<Json<Book>, GetBookError> {
    store
        .with(|books| books.get(&id).cloned())
        .map(Json)
        .ok_or(GetBookError::NotFound { id })
}

#[utoipa::path(
    post,
    path = "/books",
    request_body = NewBook,
    responses((status = 201, description = "The new book", body = Book), CreateBookError)
)]
async fn create_book(
    State(store): State<Store>,
    Json(new): Json<NewBook>,
) -> Result<(axum::http::StatusCode, Json<Book>), CreateBookError> {
    if new.price_cents == 0 || new.price_cents > MAX_PRICE_CENTS {
        return Err(CreateBookError::PriceOutOfRange {
            price_cents: new.price_cents,
            max_cents: MAX_PRICE_CENTS,
        });
    }
    store.with(|books| {
        if books.values().any(|b| b.title == new.title) {
            return Err(CreateBookError::DuplicateTitle { title: new.title });
        }
        let id = books.keys().next_back().map_or(1, |last| last + 1);
        let book = Book {
            id,
            title: new.title,
            price_cents: new.price_cents,
        };
        books.insert(id, book.clone());
        Ok((axum::http::StatusCode::CREATED, Json(book)))
    })
}

#[utoipa::path(
    get,
    path = "/openapi.json",
    responses((status = 200, description = "This document", content_type = "application/json"))
)]
async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(document())
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Bookstore API", description = "The errcat bookstore example"),
    paths(get_book, create_book, openapi_json)
)]
struct BookstoreApi;

/// The OpenAPI document: the operations with their declared error types, and the codes of
/// the framework's edges each operation can meet (from `EDGES`).
pub fn document() -> utoipa::openapi::OpenApi {
    let mut api = BookstoreApi::openapi();
    errcat::openapi::add_edges(&mut api, &EDGES);
    api
}

/// The service: its routes, behind errcat's layer (request ids, the framework's edges in the
/// catalog's envelope, panics, a 10-second timeout).
pub fn app(store: Store) -> Router {
    Router::new()
        .route("/books/{id}", get(get_book))
        .route("/books", axum::routing::post(create_book))
        .route("/openapi.json", get(openapi_json))
        .with_state(store)
        .layer(errcat::axum::layer(&EDGES).timeout(Duration::from_secs(10)))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse::<u16>().ok())
        .unwrap_or(3000);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("bookstore listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(Store::default())).await
}
