//! Seed 004's errors served by axum: `cargo run -p errcat --example axum_seed --features axum`.
//!
//! Listens on 127.0.0.1 (port from the first argument, default 3004; `0` picks a free one and
//! prints it). `GET /errors/{case}` answers with the case's catalog error (see
//! examples/common); `GET /baseline/rate-limited` is a hand-written handler (same route shape)
//! returning the same status, headers and body as `/errors/rate-limited` (less the request id),
//! outside errcat's middleware: the load run's baseline.

mod common;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use errcat::Context;
use errcat_fixture_seeds::marketplace::Error;

async fn error_case(Path(case): Path<String>, ctx: Context) -> Response {
    match common::respond(&case, ctx) {
        Some(error) => error.into_response(),
        // The generated `Error` is an `IntoResponse` itself (errcat's `axum` feature).
        None => Error::NotFound.into_response(),
    }
}

async fn baseline(Path(case): Path<String>) -> Response {
    if case != "rate-limited" {
        return StatusCode::NOT_FOUND.into_response();
    }
    let (limit, remaining, reset) = common::RATE_LIMIT;
    let (retry_after, tier) = (60u32, "public_key");
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert("retry-after", HeaderValue::from(retry_after));
    headers.insert("x-ratelimit-limit", HeaderValue::from_static(limit));
    headers.insert("x-ratelimit-remaining", HeaderValue::from_static(remaining));
    headers.insert("x-ratelimit-reset", HeaderValue::from_static(reset));
    let body = format!(
        r#"{{"code":429,"status":"error","error":{{"code":"RATE_LIMIT_EXCEEDED","message":"Rate limit exceeded. Retry after {retry_after} seconds.","tier":"{tier}"}}}}"#
    );
    (StatusCode::TOO_MANY_REQUESTS, headers, body).into_response()
}

/// The example's router; tests/tests/http_e2e.rs serves it in-process.
pub fn app() -> Router {
    Router::new()
        .route("/errors/{case}", get(error_case))
        .layer(axum::middleware::from_fn(errcat::axum::context))
        // Added after the layer, so without errcat's middleware: the baseline pays for nothing
        // of errcat's.
        .route("/baseline/{case}", get(baseline))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(3004);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    // The e2e test and the load script read this line for the port.
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app()).await
}
