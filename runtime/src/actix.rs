//! actix-web integration (feature `actix-web`): any [`ApiError`] as an error response, and one
//! middleware that makes errcat the service's error layer.
//!
//! ```
//! # use std::time::Duration;
//! use actix_web::{web, App};
//! # // In a service, `errcat::include_catalog!()` generates `EDGES` from the catalog.
//! # static EDGES: errcat::Edges = errcat::Edges::NONE;
//!
//! async fn show(id: web::Path<u64>) -> String {
//!     format!("book {id}")
//! }
//!
//! let app = App::new()
//!     .wrap(errcat::actix::layer(&EDGES).timeout(Duration::from_secs(10)))   // the one line
//!     .service(web::resource("/books/{id}").route(web::get().to(show)));
//! ```
//!
//! [`layer`] takes the catalog's answers to the framework's edges (the generated `EDGES`) and,
//! for every request: makes its [`Context`] current, echoes `X-Request-Id` on every response,
//! and answers in the catalog's envelope what actix-web answers itself: unknown routes (404),
//! wrong methods (405, with actix's `Allow`: declare routes with `web::resource(..).route(..)`;
//! `App::route` guards the method and actix-web answers a wrong one with a 404 that cannot be
//! told from a handler's own, which is left alone), its extractors' errors (`JsonPayloadError`,
//! `PathError`, `QueryPayloadError`, `UrlencodedError`), panicking handlers and timeouts.
//! [`Json`], [`Query`] and [`Form`] are actix-web's, naming the failing field of input of the
//! wrong shape. Responses
//! errcat renders itself are left alone.
//!
//! As for axum, `ResponseError` for the generated and derived types comes from the one-line
//! [`impl_frameworks!`](crate::__impl_frameworks) call their code makes; it calls [`respond()`].
//! actix-web speaks `http` 0.2, errcat `http` 1: statuses and headers cross as numbers and
//! bytes.

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, HttpResponse, Responder, ResponseError};

use crate::batch::Batch;
use crate::edge_rules;
use crate::respond::{self, WithContext};
use crate::{ApiError, Context};

mod edges;
pub use edges::{layer, EdgeLayer, EdgeService, Form, Json, Query};

/// Marks a response errcat rendered, so the edge middleware leaves it as it is.
#[derive(Clone, Copy)]
struct Rendered;

#[doc(hidden)]
pub mod __reexport {
    pub use actix_web::http::StatusCode;
    pub use actix_web::{HttpResponse, ResponseError};
}

/// The status `error` answers with, as actix-web's type.
pub fn status_code<E: ApiError + ?Sized>(error: &E) -> StatusCode {
    // Catalog statuses are 400-599, valid in every `http` version.
    StatusCode::from_u16(error.status().as_u16()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The response for `error` rendered with `ctx`: status, content type, the catalog's headers
/// and the context's, and the body in the catalog's envelope.
pub fn error_response<E: ApiError + ?Sized>(error: &E, ctx: &Context) -> HttpResponse {
    let mut body = Vec::with_capacity(256);
    error.write_json(ctx, &mut body);
    let mut response = HttpResponse::with_body(status_code(error), body);
    let headers = response.headers_mut();
    headers.insert(
        actix_web::http::header::CONTENT_TYPE,
        HeaderValue::from_static(error.content_type()),
    );
    error.for_each_header(ctx, &mut |name, value| {
        // A value that is not valid in a header (a field with a line break) is left out,
        // never sent mangled; as in `ApiError::header_map`.
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    });
    response.extensions_mut().insert(Rendered);
    edge_rules::log(error, ctx);
    response.map_into_boxed_body()
}

/// The response for `error` with the current request's context (installed by [`context`]), or
/// an empty one outside a request. What the generated `ResponseError` impls call.
pub fn respond<E: ApiError + ?Sized>(error: &E) -> HttpResponse {
    respond::with_current(|ctx| error_response(error, ctx))
}

/// Middleware (`actix_web::middleware::from_fn(errcat::actix::context)`): makes the request's
/// [`Context`] (its `X-Request-Id` or a fresh id, the time it arrived, its path as `instance`)
/// current for the rest of the request, for error responses and the [`Context`] extractor, and
/// echoes the request id on every response. The context is built only if something uses it.
/// [`layer`] does this and answers the framework's edges too.
pub async fn context(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let incoming = request
        .headers()
        .get(respond::REQUEST_ID_HEADER)
        .map(HeaderValue::as_bytes);
    let scope = respond::RequestScope::new(incoming, request.path());
    let (response, echo) = respond::run(scope, next.call(request)).await;
    let mut response = response?;
    echo_request_id(response.headers_mut(), echo);
    Ok(response)
}

/// `X-Request-Id: id` unless the headers already have one.
fn echo_request_id(headers: &mut actix_web::http::header::HeaderMap, id: String) {
    let name = HeaderName::from_static(respond::REQUEST_ID_HEADER);
    if let (false, Ok(id)) = (headers.contains_key(&name), HeaderValue::try_from(id)) {
        headers.insert(name, id);
    }
}

/// The request's [`Context`] as an extractor (a copy to add to): the one [`context`] made
/// current, else an empty one.
impl FromRequest for Context {
    type Error = actix_web::Error;
    type Future = core::future::Ready<Result<Context, actix_web::Error>>;

    fn from_request(_request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        core::future::ready(Ok(respond::with_current(Context::clone)))
    }
}

/// The error rendered with its own context over the current request's, as for axum.
impl<E: ApiError> ResponseError for WithContext<E> {
    fn status_code(&self) -> StatusCode {
        status_code(self)
    }

    fn error_response(&self) -> HttpResponse {
        respond(self)
    }
}

/// The 207 (or 200) multi-status response, `application/json`.
impl Responder for Batch {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, _request: &HttpRequest) -> HttpResponse {
        let status =
            StatusCode::from_u16(self.status().as_u16()).unwrap_or(StatusCode::MULTI_STATUS);
        HttpResponse::build(status)
            .content_type("application/json")
            .body(self.to_json())
    }
}
