//! axum integration (feature `axum`): any [`ApiError`] as a response, and a middleware that
//! gives every request its [`Context`] (request id, timestamp, instance).
//!
//! ```ignore
//! let app = Router::new()
//!     .route("/items/{id}", get(handler))
//!     .layer(axum::middleware::from_fn(errcat::axum::context));   // the one line
//! ```
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
use crate::respond::{self, WithContext};
use crate::{ApiError, Context};

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
    response
}

/// The response for `error` with the current request's context (installed by [`context`]), or
/// an empty one outside a request. What the generated `IntoResponse` impls call.
pub fn respond<E: ApiError + ?Sized>(error: &E) -> Response {
    respond::with_current(|ctx| into_response(error, ctx))
}

/// Middleware (`axum::middleware::from_fn(errcat::axum::context)`): builds the request's
/// [`Context`] (its `X-Request-Id` or a fresh id, the time, the path as `instance`), makes it
/// current for the rest of the request and available as an extractor, and echoes the request id
/// on every response.
pub async fn context(mut request: Request, next: Next) -> Response {
    let incoming = request
        .headers()
        .get(respond::REQUEST_ID_HEADER)
        .map(HeaderValue::as_bytes);
    let ctx = respond::request_context(incoming, request.uri().path());
    let id = ctx
        .get_request_id()
        .and_then(|id| HeaderValue::from_str(id).ok());
    request.extensions_mut().insert(ctx.clone());
    let mut response = respond::scope(ctx, next.run(request)).await;
    if let Some(id) = id {
        response
            .headers_mut()
            .entry(respond::REQUEST_ID_HEADER)
            .or_insert(id);
    }
    response
}

/// The request's [`Context`] as an extractor: the one [`context`] built, else a fresh one.
impl<S: Send + Sync> FromRequestParts<S> for Context {
    type Rejection = core::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(match parts.extensions.get::<Context>() {
            Some(ctx) => ctx.clone(),
            None => respond::with_current(Context::clone),
        })
    }
}

impl<E: ApiError> IntoResponse for WithContext<E> {
    fn into_response(self) -> Response {
        into_response(&self.error, &self.context)
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
    async fn the_middleware_installs_a_context_with_the_incoming_request_id() {
        let seen = respond::scope(respond::request_context(Some(b"req_abc"), "/x"), async {
            respond::with_current(|ctx| ctx.clone())
        })
        .await;
        assert_eq!(seen.get_request_id(), Some("req_abc"));
        assert_eq!(seen.get_instance(), Some("/x"));
        assert!(seen.get_timestamp().is_some_and(|t| t.ends_with('Z')));
        // Outside a request: empty.
        assert_eq!(respond::with_current(Context::clone), Context::default());
    }
}
