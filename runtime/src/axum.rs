//! axum integration (feature `axum`): any [`ApiError`] as a response, and one layer that makes
//! errcat the service's error layer.
//!
//! ```
//! # use std::time::Duration;
//! use axum::{routing::{get, post}, Router};
//! use errcat::axum::{Json, Path};
//! # // In a service, `errcat::include_catalog!()` generates `EDGES` from the catalog.
//! # static EDGES: errcat::Edges = errcat::Edges::NONE;
//!
//! async fn show(Path(id): Path<u64>) -> String {
//!     format!("book {id}")
//! }
//! async fn create(Json(title): Json<String>) -> Json<String> {
//!     Json(title)
//! }
//!
//! let app: Router = Router::new()
//!     .route("/books/{id}", get(show))
//!     .route("/books", post(create))
//!     .layer(errcat::axum::layer(&EDGES).timeout(Duration::from_secs(10)));   // the one line
//! ```
//!
//! [`layer`] takes the catalog's answers to the framework's edges (the generated `EDGES`, from
//! the catalog's `edges:` key) and, for every request: makes its [`Context`] current (request
//! id, timestamp, instance), echoes `X-Request-Id` on every response, answers unknown routes,
//! wrong methods (with axum's `Allow`), panicking handlers, timeouts and the plain-text
//! rejections of axum's own extractors in the catalog's envelope. The drop-in extractors
//! [`Json`], [`Path`], [`Query`] and [`Form`] reject with structure: the failing field's path,
//! the parser's reason, the body limit. Responses errcat renders itself are left alone.
//! `Router::layer` wraps the routes added before it (and the fallback), so add it last.
//!
//! A type cannot implement axum's `IntoResponse` from inside errcat (orphan rules: both the
//! trait and the user's type are foreign here), so the generated `Error` enum and derived
//! types get a one-line impl from [`impl_frameworks!`](crate::__impl_frameworks), which calls
//! [`respond()`]. A handler that wants to add to the context (rate-limit headers, field errors)
//! takes the request's [`Context`] as an extractor and returns [`WithContext`].

use ::axum::body::Body;
use ::axum::extract::{FromRequestParts, Request};
use ::axum::http::request::Parts;
use ::axum::http::HeaderValue;
use ::axum::middleware::Next;
use ::axum::response::{IntoResponse, Response};

use crate::batch::Batch;
use crate::edge_rules;
use crate::respond::{self, WithContext};
use crate::{ApiError, Context};

mod edges;
pub use edges::{layer, EdgeLayer, EdgeService, Form, Json, Path, Query};

/// Marks a response errcat rendered, so the edge layer leaves it as it is.
#[derive(Clone, Copy)]
struct Rendered;

#[doc(hidden)]
pub mod __reexport {
    pub use ::axum::response::{IntoResponse, Response};
}

/// The response for `error` rendered with `ctx`: status, content type, the catalog's headers
/// and the context's, and the body in the catalog's envelope.
pub fn into_response<E: ApiError + ?Sized>(error: &E, ctx: &Context) -> Response {
    let mut body = Vec::with_capacity(256);
    error.write_json(ctx, &mut body);
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = error.status();
    *response.headers_mut() = error.header_map(ctx);
    // The edge layer leaves a response errcat made alone.
    response.extensions_mut().insert(Rendered);
    edge_rules::log(error, ctx);
    response
}

/// The response for `error` with the current request's context (installed by [`context`]), or
/// an empty one outside a request. What the generated `IntoResponse` impls call.
pub fn respond<E: ApiError + ?Sized>(error: &E) -> Response {
    respond::with_current(|ctx| into_response(error, ctx))
}

/// Middleware (`axum::middleware::from_fn(errcat::axum::context)`): makes the request's
/// [`Context`] (its `X-Request-Id` or a fresh id, the time it arrived, its path as `instance`)
/// current for the rest of the request, for error responses and the [`Context`] extractor, and
/// echoes the request id on every response. The context is built only if something uses it.
/// [`layer`] does this and answers the framework's edges too.
pub async fn context(request: Request, next: Next) -> Response {
    let incoming = request
        .headers()
        .get(respond::REQUEST_ID_HEADER)
        .map(HeaderValue::as_bytes);
    let scope = respond::RequestScope::new(incoming, edges::request_path(&request));
    let (mut response, echo) = respond::run(scope, next.run(request)).await;
    echo_request_id(&mut response, echo);
    response
}

/// `X-Request-Id: id` unless the response already has one.
fn echo_request_id(response: &mut Response, id: String) {
    if let Ok(id) = HeaderValue::try_from(id) {
        response
            .headers_mut()
            .entry(respond::REQUEST_ID_HEADER)
            .or_insert(id);
    }
}

/// The request's [`Context`] as an extractor (a copy to add to): the one [`context`] made
/// current, else an empty one.
impl<S: Send + Sync> FromRequestParts<S> for Context {
    type Rejection = core::convert::Infallible;

    async fn from_request_parts(_parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(respond::with_current(Context::clone))
    }
}

/// The error rendered with its own context over the current request's (so the body and the
/// echoed `X-Request-Id` agree even when the handler built its context from scratch).
impl<E: ApiError> IntoResponse for WithContext<E> {
    fn into_response(self) -> Response {
        respond(&self)
    }
}

/// The 207 (or 200) multi-status response, `application/json`.
impl IntoResponse for Batch {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::from(self.to_json().into_bytes()));
        *response.status_mut() = self.status();
        response.headers_mut().insert(
            ::axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_scope_makes_a_context_with_the_incoming_request_id() {
        let scope = respond::RequestScope::new(Some(b"req_abc"), "/x");
        let (seen, echo) =
            respond::run(scope, async { respond::with_current(Context::clone) }).await;
        assert_eq!(seen.get_request_id(), Some("req_abc"));
        assert_eq!(seen.get_instance(), Some("/x"));
        assert!(seen.get_timestamp().is_some_and(|t| t.ends_with('Z')));
        assert_eq!(echo, "req_abc");
        // Outside a request: empty.
        assert_eq!(respond::with_current(Context::clone), Context::default());
    }

    #[tokio::test]
    async fn every_request_gets_an_id_to_echo() {
        // No incoming id and nothing asked for the context: a fresh id all the same.
        let scope = respond::RequestScope::new(None, "/x");
        let ((), echo) = respond::run(scope, async {}).await;
        // Still an id to echo: a fresh one.
        assert!(echo.starts_with("req_"), "{echo}");
        // Asked for: a fresh id, the same in the body and in the echoed header.
        let scope = respond::RequestScope::new(Some(b"bad id"), "/x");
        let (seen, echo) =
            respond::run(scope, async { respond::with_current(Context::clone) }).await;
        let id = seen.get_request_id().expect("an id");
        assert!(id.starts_with("req_"));
        assert_eq!(echo, id);
    }
}
