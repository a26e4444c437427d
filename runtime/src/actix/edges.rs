//! The actix-web edge middleware and the drop-in extractors: which edge actix-web met, and
//! with what values. Turning that into the catalog's response is the framework-free core's.

use core::future::{ready, Future, Ready};
use core::pin::Pin;
use core::time::Duration;
use std::rc::Rc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::error::{
    InternalError, JsonPayloadError, PathError, QueryPayloadError, UrlencodedError,
};
use actix_web::http::header::{HeaderValue, ALLOW, CONTENT_TYPE};
use actix_web::{FromRequest, HttpRequest, HttpResponse, Responder, ResponseError};
use serde::de::DeserializeOwned;

use super::{echo_request_id, error_response, status_code, Rendered};
use crate::edge_rules::{self, CatchUnwind};
use crate::respond::{self, RequestScope};
use crate::Rejection;
use crate::{Edge, EdgeError, Edges};

/// The edge middleware for these answers (the generated `EDGES`):
/// `App::new().wrap(errcat::actix::layer(&EDGES))`. See the [module](super) docs.
///
/// An edge the catalog names no code for keeps the framework's own response; a panic or a
/// timeout without one gets a plain-text 500 or 504 (the edge's usual status).
pub fn layer(edges: &'static Edges) -> EdgeLayer {
    EdgeLayer {
        edges,
        timeout: None,
    }
}

/// What [`layer`] returns: an actix-web `Transform` for `App::wrap`, with its options.
#[derive(Debug, Clone, Copy)]
pub struct EdgeLayer {
    edges: &'static Edges,
    timeout: Option<Duration>,
}

impl EdgeLayer {
    /// Answers a handler that has not finished after `after` with the `timeout` edge (the
    /// handler's future is dropped).
    pub fn timeout(mut self, after: Duration) -> EdgeLayer {
        self.timeout = Some(after);
        self
    }
}

impl<S, B> Transform<S, ServiceRequest> for EdgeLayer
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Transform = EdgeService<S>;
    type InitError = ();
    type Future = Ready<Result<EdgeService<S>, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(EdgeService {
            inner: Rc::new(service),
            layer: *self,
        }))
    }
}

/// The service [`EdgeLayer`] wraps the app in.
pub struct EdgeService<S> {
    inner: Rc<S>,
    layer: EdgeLayer,
}

/// What the middleware notes of a request before handing it on.
struct Seen {
    method: String,
    path: String,
    content_type: Option<HeaderValue>,
}

/// How a request under the middleware ended.
enum Outcome {
    Response(ServiceResponse<BoxBody>),
    /// A response made without the request, which went into the handler that panicked or
    /// timed out: sent as an error, which actix-web turns into this response.
    Detached(HttpResponse),
    /// An error the inner service returned instead of a response, passed on.
    Error(actix_web::Error),
}

impl<S, B> Service<ServiceRequest> for EdgeService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<ServiceResponse<BoxBody>, actix_web::Error>>>>;

    actix_web::dev::forward_ready!(inner);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let inner = Rc::clone(&self.inner);
        let layer = self.layer;
        Box::pin(async move { layer.handle(&*inner, request).await })
    }
}

impl EdgeLayer {
    async fn handle<S, B>(
        self,
        inner: &S,
        request: ServiceRequest,
    ) -> Result<ServiceResponse<BoxBody>, actix_web::Error>
    where
        S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody + 'static,
    {
        let seen = Seen {
            method: request.method().as_str().to_owned(),
            path: request.path().to_owned(),
            content_type: request.headers().get(CONTENT_TYPE).cloned(),
        };
        let incoming = request
            .headers()
            .get(respond::REQUEST_ID_HEADER)
            .map(HeaderValue::as_bytes);
        let scope = RequestScope::new(incoming, &seen.path).with_edges(self.edges, None);
        let (outcome, echo) = respond::run(scope, async {
            let call = CatchUnwind(core::pin::pin!(inner.call(request)));
            let caught = match self.timeout {
                Some(after) => match tokio::time::timeout(after, call).await {
                    Ok(caught) => caught.map_err(|p| Rejection::panicked(p.as_ref())),
                    Err(_) => Err(Rejection::timed_out(after)),
                },
                None => call.await.map_err(|p| Rejection::panicked(p.as_ref())),
            };
            match caught {
                Ok(Ok(response)) => Outcome::Response(self.answer_framework(response, &seen)),
                Ok(Err(error)) => Outcome::Error(error),
                Err(rejection) => Outcome::Detached(match rejection.answer(self.edges) {
                    Ok(error) => respond_edge(&error),
                    Err(rejection) => plain(&rejection),
                }),
            }
        })
        .await;
        match outcome {
            Outcome::Response(mut response) => {
                echo_request_id(response.headers_mut(), echo);
                Ok(response)
            }
            Outcome::Detached(mut response) => {
                echo_request_id(response.headers_mut(), echo);
                Err(InternalError::from_response("answered at an edge", response).into())
            }
            Outcome::Error(error) => Err(error),
        }
    }

    /// A response actix-web made (its 404 and 405, its extractors' errors) in the catalog's
    /// envelope; every other response, and one the catalog has no answer for, as it is.
    fn answer_framework<B: MessageBody + 'static>(
        &self,
        response: ServiceResponse<B>,
        seen: &Seen,
    ) -> ServiceResponse<BoxBody> {
        if response.response().extensions().get::<Rendered>().is_some() {
            return response.map_into_boxed_body();
        }
        let rejection = match response.response().error() {
            Some(error) => actix_rejection(error, &response, seen),
            None => match response.status().as_u16() {
                404 if response.request().match_pattern().is_none() => {
                    Some(Rejection::route_not_found(&seen.method, &seen.path))
                }
                405 => {
                    let allowed = response.headers().get(ALLOW).and_then(|v| v.to_str().ok());
                    Some(Rejection::method_not_allowed(
                        &seen.method,
                        &seen.path,
                        allowed,
                    ))
                }
                _ => None,
            },
        };
        match rejection.map(|rejection| rejection.answer(self.edges)) {
            Some(Ok(error)) => response.into_response(respond_edge(&error)),
            _ => response.map_into_boxed_body(),
        }
    }
}

/// Which edge an error of actix-web's own extractors is.
fn actix_rejection<B>(
    error: &actix_web::Error,
    response: &ServiceResponse<B>,
    seen: &Seen,
) -> Option<Rejection> {
    let media_type =
        || Rejection::unsupported_media_type(seen.content_type.as_ref().map(|v| v.as_bytes()));
    if let Some(json) = error.as_error::<JsonPayloadError>() {
        return match json {
            JsonPayloadError::ContentType => Some(media_type()),
            JsonPayloadError::OverflowKnownLength { limit, .. }
            | JsonPayloadError::Overflow { limit } => {
                Some(Rejection::payload_too_large(*limit as u64))
            }
            JsonPayloadError::Deserialize(e) => Some(match e.classify() {
                serde_json::error::Category::Data => Rejection::parse_error(
                    Edge::InvalidBody,
                    missing_field(&e.to_string()),
                    &e.to_string(),
                ),
                _ => Rejection::parse_error(Edge::MalformedJson, None, &e.to_string()),
            }),
            _ => None,
        };
    }
    // Without a `PathConfig` error handler, `web::Path` sends its deserializer's error as a
    // 404 (`ErrorNotFound`); with one, a `PathError`.
    let path_error = match error.as_error::<PathError>() {
        Some(PathError::Deserialize(e)) => Some(e.to_string()),
        _ => error
            .as_error::<InternalError<serde::de::value::Error>>()
            .map(ToString::to_string),
    };
    if let Some(message) = path_error {
        return Some(Rejection::parse_error(
            Edge::InvalidPath,
            path_parameter(response.request(), &message),
            &message,
        ));
    }
    if let Some(QueryPayloadError::Deserialize(e)) = error.as_error::<QueryPayloadError>() {
        let message = e.to_string();
        return Some(Rejection::parse_error(
            Edge::InvalidQuery,
            missing_field(&message),
            &message,
        ));
    }
    if let Some(form) = error.as_error::<UrlencodedError>() {
        return match form {
            UrlencodedError::ContentType => Some(media_type()),
            UrlencodedError::Overflow { limit, .. } => {
                Some(Rejection::payload_too_large(*limit as u64))
            }
            UrlencodedError::Parse(e) => {
                let message = e.to_string();
                Some(Rejection::parse_error(
                    Edge::InvalidForm,
                    missing_field(&message),
                    &message,
                ))
            }
            _ => None,
        };
    }
    None
}

/// The field serde names in "missing field `title`".
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    let name = rest.split('`').next()?;
    (!name.is_empty()).then(|| name.to_owned())
}

/// The path parameter actix-web's message is about: the only one, or the one whose value it
/// quotes (`can not parse "abc" to a u64`).
fn path_parameter(request: &HttpRequest, message: &str) -> Option<String> {
    let params = request.match_info();
    let mut named = params.iter();
    match (named.next(), named.next()) {
        (Some((name, _)), None) => Some(name.to_owned()),
        _ => params
            .iter()
            .find(|(_, value)| message.contains(&format!("{value:?}")))
            .map(|(name, _)| name.to_owned()),
    }
}

/// `error` with the current request's context and its failing field.
fn respond_edge(error: &EdgeError) -> HttpResponse {
    respond::with_current(|ctx| error_response(error, &error.context(ctx)))
}

/// What a rejection the catalog has no answer for sends: the edge's usual status, the reason
/// as plain text, as actix-web's own errors do.
fn plain(rejection: &Rejection) -> HttpResponse {
    let (status, text) = rejection.plain();
    let status = actix_web::http::StatusCode::from_u16(status)
        .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST);
    HttpResponse::build(status)
        .content_type("text/plain; charset=utf-8")
        .body(text)
}

/// The plain-text response a rejection gets where no catalog answers it (no edge
/// middleware, or an `edges:` without its edge). The drop-in extractors render the catalog's
/// entry instead when there is one.
impl ResponseError for Rejection {
    fn status_code(&self) -> actix_web::http::StatusCode {
        actix_web::http::StatusCode::from_u16(self.plain().0)
            .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST)
    }

    fn error_response(&self) -> HttpResponse {
        plain(self)
    }
}

impl ResponseError for EdgeError {
    fn status_code(&self) -> actix_web::http::StatusCode {
        status_code(self)
    }

    fn error_response(&self) -> HttpResponse {
        respond_edge(self)
    }
}

/// `rejection` as actix-web's error: answered with the current edge middleware's catalog
/// entry, else as it is (plain text).
fn into_error(rejection: Rejection) -> actix_web::Error {
    match respond::current_edges() {
        Some((edges, _)) => match rejection.answer(edges) {
            Ok(error) => error.into(),
            Err(rejection) => rejection.into(),
        },
        None => rejection.into(),
    }
}

/// actix-web's `web::Json`, naming the failing field: a body of the wrong shape is
/// `invalid_body` with the field's path (`items[2].price`) in `$field` and `$errors`, which
/// actix-web's own error cannot say. Everything else (content type, limit, syntax) is
/// actix-web's `Json` and its `JsonConfig`, answered by the middleware. As a response, it is
/// `web::Json`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Json<T>, actix_web::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = actix_web::web::Json::<serde_json::Value>::from_request(request, payload);
        Box::pin(async move {
            let actix_web::web::Json(value) = value.await?;
            serde_path_to_error::deserialize(value)
                .map(Json)
                .map_err(|e| into_error(edge_rules::json_error(e)))
        })
    }
}

impl<T: serde::Serialize> Responder for Json<T> {
    type Body = BoxBody;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse {
        actix_web::web::Json(self.0)
            .respond_to(request)
            .map_into_boxed_body()
    }
}

/// actix-web's `web::Query`, rejecting with the `invalid_query` edge naming the parameter at
/// fault (actix-web's own error does not name it).
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = actix_web::Error;
    type Future = Ready<Result<Query<T>, actix_web::Error>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let query = request.query_string().as_bytes();
        ready(
            edge_rules::urlencoded(Edge::InvalidQuery, query)
                .map(Query)
                .map_err(into_error),
        )
    }
}

/// actix-web's `web::Form`, rejecting a form of the wrong shape with the `invalid_form` edge
/// naming the field at fault. The content type and the limit are actix-web's `Form` and its
/// `FormConfig`, answered by the middleware.
#[derive(Debug, Clone, Copy, Default)]
pub struct Form<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Form<T>, actix_web::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let pairs = actix_web::web::Form::<Vec<(String, String)>>::from_request(request, payload);
        Box::pin(async move {
            let actix_web::web::Form(pairs) = pairs.await?;
            // Read as pairs by actix-web (its content-type check and limit), parsed again with
            // the field paths tracked.
            let encoded = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish();
            edge_rules::urlencoded(Edge::InvalidForm, encoded.as_bytes())
                .map(Form)
                .map_err(into_error)
        })
    }
}
