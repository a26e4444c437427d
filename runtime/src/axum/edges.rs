//! The axum edge layer and the drop-in extractors: which edge axum met, and with what values.
//! Turning that into the catalog's response is the core's (`edge_error.rs`, `edge_rules.rs`).

use core::convert::Infallible;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context as TaskContext, Poll};
use core::time::Duration;

use ::axum::body::{Body, Bytes};
use ::axum::extract::rejection::{BytesRejection, FailedToBufferBody, PathRejection};
use ::axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, MatchedPath, Request};
use ::axum::http::header::{ALLOW, CONTENT_TYPE};
use ::axum::http::request::Parts;
use ::axum::http::{HeaderValue, Method};
use ::axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use tower_service::Service as _;

use super::{echo_request_id, into_response, Rendered};
use crate::edge_rules::{self, CatchUnwind};
use crate::respond::{self, RequestScope};
use crate::Rejection;
use crate::{Edge, EdgeError, Edges};

/// axum's own body limit when none is set (`DefaultBodyLimit`): 2 MiB.
const AXUM_BODY_LIMIT: u64 = 2 * 1024 * 1024;

/// The longest plain-text response the layer reads to find which rejection it is (axum's are
/// one line; a longer body is not one of them and is passed on unread).
const PLAIN_TEXT_LIMIT: usize = 16 * 1024;

/// The edge layer for these answers (the generated `EDGES`):
/// `Router::new().route(..).layer(errcat::axum::layer(&EDGES))`. See the [module](super) docs.
///
/// An edge the catalog names no code for keeps the framework's own response; a panic or a
/// timeout without one gets a plain-text 500 or 504 (the edge's usual status).
pub fn layer(edges: &'static Edges) -> EdgeLayer {
    EdgeLayer {
        edges,
        timeout: None,
        body_limit: None,
    }
}

/// What [`layer`] returns: a tower layer for `Router::layer`, with its options.
///
/// It wraps every route and the fallback (that is what `Router::layer` does), so it sees the
/// router's own 404 and 405 before axum adds `Allow` to the 405: its 405 leaves `Allow` to
/// axum, which then sends the route's methods.
#[derive(Debug, Clone, Copy)]
pub struct EdgeLayer {
    edges: &'static Edges,
    timeout: Option<Duration>,
    body_limit: Option<usize>,
}

impl EdgeLayer {
    /// Answers a handler that has not finished after `after` with the `timeout` edge (the
    /// handler's future is dropped).
    pub fn timeout(mut self, after: Duration) -> EdgeLayer {
        self.timeout = Some(after);
        self
    }

    /// The request body limit, in bytes, for axum's extractors and errcat's (it sets axum's
    /// `DefaultBodyLimit`) and the `max_bytes` of `payload_too_large`. Default: axum's 2 MiB.
    /// A `DefaultBodyLimit` layered on a route inside this layer still wins there; set the
    /// limit here so the response names the right number.
    pub fn body_limit(mut self, bytes: usize) -> EdgeLayer {
        self.body_limit = Some(bytes);
        self
    }
}

impl<S> tower_layer::Layer<S> for EdgeLayer {
    type Service = EdgeService<S>;

    fn layer(&self, inner: S) -> EdgeService<S> {
        EdgeService {
            inner,
            layer: *self,
        }
    }
}

/// The service [`EdgeLayer`] wraps a route in.
#[derive(Debug, Clone)]
pub struct EdgeService<S> {
    inner: S,
    layer: EdgeLayer,
}

/// What the layer notes of a request before handing it on: the edges' values.
struct Seen {
    method: Method,
    path: String,
    content_type: Option<HeaderValue>,
    /// A route matched the path (axum's `MatchedPath`): a 404 then is the handler's own.
    matched: bool,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> tower_service::Service<Request> for EdgeService<S>
where
    S: tower_service::Service<Request, Response = Response, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<Result<Response, Infallible>>;

    fn poll_ready(&mut self, cx: &mut TaskContext<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        // The clone that was made ready is the one to call (tower's rule).
        let clone = self.inner.clone();
        let ready = core::mem::replace(&mut self.inner, clone);
        let layer = self.layer;
        Box::pin(async move { Ok(layer.handle(ready, request).await) })
    }
}

impl EdgeLayer {
    async fn handle<S>(self, inner: S, request: Request) -> Response
    where
        S: tower_service::Service<Request, Response = Response, Error = Infallible> + Send,
        S::Future: Send,
    {
        let seen = Seen {
            method: request.method().clone(),
            path: request_path(&request).to_owned(),
            content_type: request.headers().get(CONTENT_TYPE).cloned(),
            matched: request.extensions().get::<MatchedPath>().is_some(),
        };
        let incoming = request
            .headers()
            .get(respond::REQUEST_ID_HEADER)
            .map(HeaderValue::as_bytes);
        let scope = RequestScope::new(incoming, &seen.path)
            .with_edges(self.edges, self.body_limit.map(|n| n as u64));
        let (mut response, echo) = respond::run(scope, async {
            let outcome = match self.timeout {
                Some(after) => {
                    match tokio::time::timeout(after, self.call_inner(inner, request)).await {
                        Ok(outcome) => outcome,
                        Err(_) => Err(Rejection::timed_out(after)),
                    }
                }
                None => self.call_inner(inner, request).await,
            };
            match outcome {
                Ok(response) => self.answer_framework(response, &seen).await,
                // A panic or a timeout with no answer in the catalog: the edge's status.
                Err(rejection) => match rejection.answer(self.edges) {
                    Ok(error) => respond_edge(&error),
                    Err(rejection) => plain(rejection),
                },
            }
        })
        .await;
        echo_request_id(&mut response, echo);
        response
    }

    /// The inner service's response, or the panic it raised as the `panic` edge.
    async fn call_inner<S>(&self, mut inner: S, request: Request) -> Result<Response, Rejection>
    where
        S: tower_service::Service<Request, Response = Response, Error = Infallible> + Send,
        S::Future: Send,
    {
        let outcome = match self.body_limit {
            Some(limit) => {
                let mut limited = tower_layer::Layer::layer(&DefaultBodyLimit::max(limit), inner);
                CatchUnwind(core::pin::pin!(limited.call(request))).await
            }
            None => CatchUnwind(core::pin::pin!(inner.call(request))).await,
        };
        match outcome {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(never)) => match never {},
            Err(payload) => Err(Rejection::panicked(payload.as_ref())),
        }
    }

    /// A response axum made (its router's 404 and 405, its extractors' plain-text
    /// rejections) in the catalog's envelope; every other response, and one the catalog has
    /// no answer for, as it is.
    async fn answer_framework(&self, response: Response, seen: &Seen) -> Response {
        if response.extensions().get::<Rendered>().is_some() {
            return response;
        }
        let status = response.status().as_u16();
        let rejection = match status {
            404 if !seen.matched => Rejection::route_not_found(seen.method.as_str(), &seen.path),
            405 => {
                let allowed = response.headers().get(ALLOW).and_then(|v| v.to_str().ok());
                Rejection::method_not_allowed(seen.method.as_str(), &seen.path, allowed)
            }
            400 | 413 | 415 | 422 if is_plain_text(&response) => {
                // axum's rejections are short texts of a known length; any other body (a
                // stream, a long text) is not one of them and is passed on unread.
                let known_short = ::axum::body::HttpBody::size_hint(response.body())
                    .exact()
                    .is_some_and(|len| len <= PLAIN_TEXT_LIMIT as u64);
                if !known_short {
                    return response;
                }
                let (parts, body) = response.into_parts();
                let Ok(text) = ::axum::body::to_bytes(body, PLAIN_TEXT_LIMIT).await else {
                    // The body failed while read: nothing of it is left to pass on.
                    return Response::from_parts(parts, Body::empty());
                };
                let answered = self
                    .axum_rejection(status, &text, seen)
                    .and_then(|rejection| rejection.answer(self.edges).ok());
                return match answered {
                    Some(error) => respond_edge(&error),
                    None => Response::from_parts(parts, Body::from(text)),
                };
            }
            _ => return response,
        };
        match rejection.answer(self.edges) {
            Ok(error) => respond_edge(&error),
            Err(_) => response,
        }
    }

    /// Which of axum's own extractor rejections a plain-text response is, by its status and
    /// the words axum starts it with; the reason is axum's text after them.
    fn axum_rejection(&self, status: u16, text: &[u8], seen: &Seen) -> Option<Rejection> {
        /// (status, axum's opening words, edge); the reason follows `": "`.
        const AXUM_REJECTIONS: &[(u16, &str, Edge)] = &[
            (
                400,
                "Failed to parse the request body as JSON",
                Edge::MalformedJson,
            ),
            (
                422,
                "Failed to deserialize the JSON body into the target type",
                Edge::InvalidBody,
            ),
            (
                400,
                "Failed to deserialize query string",
                Edge::InvalidQuery,
            ),
            (422, "Failed to deserialize form body", Edge::InvalidForm),
            (400, "Failed to deserialize form", Edge::InvalidForm),
            (400, "Invalid URL", Edge::InvalidPath),
            (
                413,
                "Failed to buffer the request body",
                Edge::PayloadTooLarge,
            ),
            (
                415,
                "Expected request with `Content-Type: application/json`",
                Edge::UnsupportedMediaType,
            ),
            (
                415,
                "Form requests must have `Content-Type: application/x-www-form-urlencoded`",
                Edge::UnsupportedMediaType,
            ),
        ];
        let text = core::str::from_utf8(text).ok()?;
        let (edge, reason) = AXUM_REJECTIONS.iter().find_map(|(s, opening, edge)| {
            let rest = text.strip_prefix(opening).filter(|_| *s == status)?;
            Some((*edge, rest.strip_prefix(": ").unwrap_or(rest)))
        })?;
        Some(match edge {
            Edge::PayloadTooLarge => {
                Rejection::payload_too_large(self.body_limit.map_or(AXUM_BODY_LIMIT, |n| n as u64))
            }
            Edge::UnsupportedMediaType => {
                Rejection::unsupported_media_type(seen.content_type.as_ref().map(|v| v.as_bytes()))
            }
            _ => Rejection::parse_error(edge, None, reason),
        })
    }
}

/// The path the client asked for: inside a nested router axum strips the prefix from the URI
/// and keeps the original as `OriginalUri`.
pub(super) fn request_path(request: &Request) -> &str {
    match request.extensions().get::<::axum::extract::OriginalUri>() {
        Some(original) => original.path(),
        None => request.uri().path(),
    }
}

/// axum's rejections are `text/plain; charset=utf-8`.
fn is_plain_text(response: &Response) -> bool {
    response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/plain"))
}

/// `error` with the current request's context and its failing field.
fn respond_edge(error: &EdgeError) -> Response {
    respond::with_current(|ctx| into_response(error, &error.context(ctx)))
}

/// What a rejection the catalog has no answer for sends: the edge's usual status, the reason
/// as plain text, as axum's own rejections do.
fn plain(rejection: Rejection) -> Response {
    let (status, text) = rejection.plain();
    let status =
        ::axum::http::StatusCode::from_u16(status).unwrap_or(::axum::http::StatusCode::BAD_REQUEST);
    (status, text).into_response()
}

/// The catalog's response under the edge layer; the plain-text one without it.
impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        match respond::current_edges() {
            Some((edges, _)) => match self.answer(edges) {
                Ok(error) => respond_edge(&error),
                Err(rejection) => plain(rejection),
            },
            None => plain(self),
        }
    }
}

impl IntoResponse for EdgeError {
    fn into_response(self) -> Response {
        respond_edge(&self)
    }
}

/// The body limit the layer set, else axum's default.
fn body_limit() -> u64 {
    respond::current_edges()
        .and_then(|(_, limit)| limit)
        .unwrap_or(AXUM_BODY_LIMIT)
}

/// The body, read under axum's `DefaultBodyLimit`; over it, `payload_too_large`.
async fn body_bytes<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, Rejection> {
    Bytes::from_request(request, state)
        .await
        .map_err(|rejection| match rejection {
            BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(e)) => {
                Rejection::payload_too_large(body_limit()).source(e)
            }
            other => {
                let reason = "the request body could not be read";
                Rejection::parse_error(Edge::MalformedJson, None, reason).source(other)
            }
        })
}

/// The request's `Content-Type` when it is `mime` or `*/*+suffix` (parameters allowed), else
/// `unsupported_media_type`.
fn require_content_type(parts: &Parts, mime: &str, suffix: Option<&str>) -> Result<(), Rejection> {
    let header = parts.headers.get(CONTENT_TYPE);
    let essence = header
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    let fits = essence.as_deref().is_some_and(|essence| {
        essence == mime || suffix.is_some_and(|s| essence.ends_with(s) && essence.contains('/'))
    });
    if fits {
        Ok(())
    } else {
        Err(Rejection::unsupported_media_type(
            header.map(|v| v.as_bytes()),
        ))
    }
}

/// axum's `Json`, rejecting with the catalog's edges: a body that is not JSON is
/// `malformed_json` with the parser's reason; JSON of the wrong shape is `invalid_body`
/// naming the failing field's path (`items[2].price`) in `$field` and `$errors`; a missing or
/// wrong `Content-Type` is `unsupported_media_type`; a body over the limit is
/// `payload_too_large` with `max_bytes`. As a response, it is axum's `Json`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
        let (parts, body) = request.into_parts();
        require_content_type(&parts, "application/json", Some("+json"))?;
        let bytes = body_bytes(Request::from_parts(parts, body), state).await?;
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let value =
            serde_path_to_error::deserialize(&mut deserializer).map_err(edge_rules::json_error)?;
        // Trailing characters after the value are a syntax error.
        deserializer.end().map_err(|e| {
            Rejection::parse_error(Edge::MalformedJson, None, &e.to_string()).source(e)
        })?;
        Ok(Json(value))
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        ::axum::Json(self.0).into_response()
    }
}

/// axum's `Path`, rejecting with the `invalid_path` edge: the parameter that did not parse
/// in `$field` and `$errors`, and a reason that names the value and what was expected
/// (`cannot parse "abc" as a non-negative integer`), never a Rust type.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        match ::axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(::axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => {
                let params = ::axum::extract::RawPathParams::from_request_parts(parts, state)
                    .await
                    .ok();
                Err(path_rejection(rejection, params.as_ref()))
            }
        }
    }
}

/// The parameter a value came from, for axum's errors that name the value only (a `Path<u64>`
/// of one parameter): the only parameter, or the one with that value.
fn parameter_of(params: Option<&::axum::extract::RawPathParams>, value: &str) -> Option<String> {
    let params = params?;
    let mut all = params.iter();
    match (all.next(), all.next()) {
        (Some((key, _)), None) => Some(key.to_owned()),
        _ => params
            .iter()
            .find(|(_, v)| *v == value)
            .map(|(key, _)| key.to_owned()),
    }
}

fn path_rejection(
    rejection: PathRejection,
    params: Option<&::axum::extract::RawPathParams>,
) -> Rejection {
    use ::axum::extract::path::ErrorKind;
    let PathRejection::FailedToDeserializePathParams(failed) = &rejection else {
        // `MissingPathParams`: the extractor is on a route without parameters, a bug of the
        // service, not of the request.
        return Rejection::new(Edge::Panic).source(rejection);
    };
    let cannot_parse = |value: &str, expected: &str| {
        let what = edge_rules::describe_type(expected).unwrap_or("a valid value");
        format!("cannot parse {value:?} as {what}")
    };
    let (field, reason) = match failed.kind() {
        ErrorKind::ParseErrorAtKey {
            key,
            value,
            expected_type,
        } => (Some(key.clone()), cannot_parse(value, expected_type)),
        ErrorKind::ParseErrorAtIndex {
            index,
            value,
            expected_type,
        } => (Some(index.to_string()), cannot_parse(value, expected_type)),
        ErrorKind::ParseError {
            value,
            expected_type,
        } => (
            parameter_of(params, value),
            cannot_parse(value, expected_type),
        ),
        ErrorKind::InvalidUtf8InPathParam { key } => {
            (Some(key.clone()), "is not valid UTF-8".to_owned())
        }
        ErrorKind::DeserializeError {
            key,
            value,
            message,
        } => (
            Some(key.clone()),
            format!("cannot parse {value:?}: {message}"),
        ),
        ErrorKind::Message(message) => (None, message.clone()),
        // The route's parameters do not fit the type (`WrongNumberOfParameters`,
        // `UnsupportedType`, ...): a bug of the service.
        _ => return Rejection::new(Edge::Panic).source(rejection),
    };
    Rejection::parse_error(Edge::InvalidPath, field, &reason).source(rejection)
}

/// axum's `Query`, rejecting with the `invalid_query` edge naming the parameter at fault.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        edge_rules::urlencoded(Edge::InvalidQuery, query.as_bytes()).map(Query)
    }
}

/// axum's `Form`: a `GET` or `HEAD` reads the query, any other method an
/// `application/x-www-form-urlencoded` body; rejects with `invalid_form` naming the field,
/// `unsupported_media_type` and `payload_too_large`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
        if matches!(*request.method(), Method::GET | Method::HEAD) {
            let query = request.uri().query().unwrap_or_default();
            return edge_rules::urlencoded(Edge::InvalidForm, query.as_bytes()).map(Form);
        }
        let (parts, body) = request.into_parts();
        require_content_type(&parts, "application/x-www-form-urlencoded", None)?;
        let bytes = body_bytes(Request::from_parts(parts, body), state).await?;
        edge_rules::urlencoded(Edge::InvalidForm, &bytes).map(Form)
    }
}
