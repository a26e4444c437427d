//! What both framework integrations share, so axum.rs and actix.rs stay thin adapters: request
//! ids, RFC 3339 timestamps, and the per-request [`Context`] that a middleware
//! installs for the duration of a request (a tokio task-local, so an error converted to a
//! response deep inside a handler still gets the request's id and timestamp).

use core::fmt;
use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

#[cfg(any(feature = "axum", feature = "actix-web"))]
use crate::Edges;
use crate::{ApiError, Context};

/// An error together with context of its own (rate-limit headers, field errors, extra
/// members): what a handler returns when the error needs more than the request's context.
///
/// It is an [`ApiError`] itself: code, status, body and headers are the error's, rendered with
/// this context over the request's (this context's values win; the request's id, timestamp and
/// instance fill what it lacks; members and headers it lacks are added). So it answers in axum
/// and actix-web, and a `#[api_error(transparent)]` variant can wrap it. `From<E>` (an empty
/// context) lets `?` turn the error into one. `Display`, `Debug` and `source()` are the
/// error's.
///
/// ```
/// use errcat::{ApiError, Context, WithContext};
///
/// #[derive(Debug, ApiError)]
/// #[api_error(catalog = "../catalog/standard.yaml", code = "RATE_LIMIT_EXCEEDED")]
/// struct Limited {
///     retry_after: u32,
/// }
///
/// fn check_quota() -> Result<(), WithContext<Limited>> {
///     let over = Limited { retry_after: 30 };
///     Err(WithContext::new(over, Context::new().header("X-RateLimit-Remaining", "0")))
/// }
///
/// let error = check_quota().unwrap_err();
/// let request = Context::new().request_id("req_1");
/// let mut headers = Vec::new();
/// error.for_each_header(&request, &mut |name, value| headers.push(format!("{name}: {value}")));
/// assert_eq!(headers, ["Retry-After: 30", "X-RateLimit-Remaining: 0"]);
/// assert_eq!(error.status(), 429);
///
/// // `?` wraps a plain error with an empty context of its own.
/// fn plain() -> Result<(), WithContext<Limited>> {
///     Err(Limited { retry_after: 5 })?
/// }
/// assert!(plain().unwrap_err().context.headers().next().is_none());
/// ```
pub struct WithContext<E> {
    pub error: E,
    /// Boxed so that `Result<T, WithContext<E>>`, and an error enum with a `WithContext`
    /// variant, stay the size of `E` and a pointer: a [`Context`] is a few hundred bytes,
    /// more than clippy's `result_large_err` allows an error type.
    pub context: Box<Context>,
}

impl<E> WithContext<E> {
    pub fn new(error: E, context: Context) -> Self {
        WithContext {
            error,
            context: Box::new(context),
        }
    }
}

/// The error with an empty context of its own, so `?` converts it.
impl<E> From<E> for WithContext<E> {
    fn from(error: E) -> Self {
        WithContext::new(error, Context::new())
    }
}

impl<E: ApiError> ApiError for WithContext<E> {
    fn __entry(&self) -> &'static crate::private::Entry {
        self.error.__entry()
    }

    fn __args(&self, f: &mut dyn FnMut(&[crate::private::Arg<'_>])) {
        self.error.__args(f)
    }

    /// This context, over the wrapped error's own if that has one too.
    fn __context(&self) -> Option<Cow<'_, Context>> {
        Some(match self.error.__context() {
            None => Cow::Borrowed(&self.context),
            Some(inner) => Cow::Owned(self.context.clone().over(&inner)),
        })
    }
}

impl<E: fmt::Display> fmt::Display for WithContext<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl<E: fmt::Debug> fmt::Debug for WithContext<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

/// A `WithContext<E>` answers with the codes `E` answers with.
impl<E: crate::openapi::Responses> crate::openapi::Responses for WithContext<E> {
    fn for_each_response(f: &mut dyn FnMut(crate::openapi::CodeResponse)) {
        E::for_each_response(f)
    }
}
crate::__impl_utoipa!(impl {<E: crate::openapi::Responses>} for {WithContext<E>} {});

impl<E: ApiError> core::error::Error for WithContext<E> {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        self.error.source()
    }
}

/// The context a middleware builds for a request: its request id (see [`request_id_from`]),
/// the current time, and its path as `$instance`.
pub fn request_context(incoming_request_id: Option<&[u8]>, path: &str) -> Context {
    Context::new()
        .request_id(request_id_from(incoming_request_id))
        .timestamp(timestamp(SystemTime::now()))
        .instance(path.to_owned())
}

/// One request as the middleware saw it. The [`Context`] is built from it only when something
/// asks (an error is rendered, a handler extracts it), so a request that succeeds pays for
/// reading the clock and nothing else: no id generated, no timestamp formatted.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) struct RequestScope {
    /// The client's `X-Request-Id`, when it is one we keep (see [`request_id_from`]).
    incoming: Option<String>,
    path: Box<str>,
    at: SystemTime,
    context: std::cell::OnceCell<Context>,
    /// What the edge layer answers with, for the drop-in extractors; none under the plain
    /// [`context`](crate::axum::context) middleware.
    edges: Option<&'static Edges>,
    /// The body limit the edge layer set, for `payload_too_large`'s `max_bytes`.
    body_limit: Option<u64>,
}

#[cfg(any(feature = "axum", feature = "actix-web"))]
impl RequestScope {
    pub(crate) fn new(incoming_request_id: Option<&[u8]>, path: &str) -> RequestScope {
        let incoming = incoming_request_id
            .filter(|id| is_acceptable_request_id(id))
            // Acceptable ids are ASCII, so this never replaces anything.
            .map(|id| String::from_utf8_lossy(id).into_owned());
        RequestScope {
            incoming,
            path: path.into(),
            at: SystemTime::now(),
            context: std::cell::OnceCell::new(),
            edges: None,
            body_limit: None,
        }
    }

    /// The scope of the edge layer: its answers and body limit are current too.
    pub(crate) fn with_edges(mut self, edges: &'static Edges, body_limit: Option<u64>) -> Self {
        self.edges = Some(edges);
        self.body_limit = body_limit;
        self
    }

    fn context(&self) -> &Context {
        self.context.get_or_init(|| {
            Context::new()
                .request_id(self.incoming.clone().unwrap_or_else(new_request_id))
                .timestamp(timestamp(self.at))
                .instance(self.path.to_string())
        })
    }

    /// The id to echo in `X-Request-Id`, on every response: the context's if one was built
    /// (so the header and the body agree), else the client's, else a fresh one.
    fn echo(self) -> String {
        let built = self.context.into_inner();
        match built.as_ref().and_then(Context::get_request_id) {
            Some(id) => id.to_owned(),
            None => self.incoming.unwrap_or_else(new_request_id),
        }
    }
}

#[cfg(any(feature = "axum", feature = "actix-web"))]
tokio::task_local! {
    /// The request being handled on this task, installed by the middleware.
    static CURRENT: RequestScope;
}

/// Runs `future` as the request `scope`; returns its output and the request id to echo.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) async fn run<F: core::future::Future>(
    scope: RequestScope,
    future: F,
) -> (F::Output, String) {
    let mut future = core::pin::pin!(CURRENT.scope(scope, future));
    let output = future.as_mut().await;
    // The scope is given back once the future is done; a fresh id if it somehow is not.
    let echo = future
        .as_mut()
        .take_value()
        .map_or_else(new_request_id, RequestScope::echo);
    (output, echo)
}

/// The edge layer's answers and body limit for the current request, if it runs under one.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn current_edges() -> Option<(&'static Edges, Option<u64>)> {
    CURRENT
        .try_with(|scope| scope.edges.map(|edges| (edges, scope.body_limit)))
        .ok()
        .flatten()
}

/// Calls `f` with the current request's context, or an empty one outside a request.
pub fn with_current<R>(f: impl FnOnce(&Context) -> R) -> R {
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    {
        // `with` panics only when no scope is set, which `try_with` has just ruled out.
        if CURRENT.try_with(|_| ()).is_ok() {
            return CURRENT.with(|scope| f(scope.context()));
        }
        f(&Context::default())
    }
    #[cfg(not(any(feature = "axum", feature = "actix-web")))]
    {
        f(&Context::default())
    }
}

/// Implements the response traits of the enabled frameworks (axum `IntoResponse`, actix-web
/// `ResponseError`) for an [`ApiError`] type; expands to nothing when neither feature is on.
/// Generated code and the derive emit one call per type: the impl generics, the type and the
/// where clause (keyword included), each in braces, empty for a plain type:
///
/// ```text
/// ::errcat::__private::impl_frameworks!(impl {} for {Error} {});
/// ::errcat::__private::impl_frameworks!(impl {<T: Debug>} for {AppError<T>} {where T: Send});
/// ```
///
/// The features checked are errcat's, so a user enables `errcat/axum` and every catalog type
/// answers in axum. (The impls cannot be blanket impls in errcat: the traits are foreign.)
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_frameworks {
    (impl {$($generics:tt)*} for {$($ty:tt)*} {$($where_clause:tt)*}) => {
        $crate::__impl_axum!(impl {$($generics)*} for {$($ty)*} {$($where_clause)*});
        $crate::__impl_actix!(impl {$($generics)*} for {$($ty)*} {$($where_clause)*});
    };
}

/// Implements [`crate::openapi::Responses`] for a type with the given body, and, with the
/// `utoipa` feature, `utoipa::IntoResponses` through it (a foreign trait cannot be a blanket
/// impl here either). Generated code and the derive emit one call per type, in the form of
/// [`__impl_frameworks!`] followed by the method's parameter and body:
///
/// ```text
/// ::errcat::__private::impl_responses!(impl {} for {Error} {} fn(f) {
///     ::errcat::__private::responses(ErrorCode::ALL.iter().map(|c| c.entry()), f)
/// });
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_responses {
    (impl {$($generics:tt)*} for {$($ty:tt)*} {$($where_clause:tt)*} fn($f:ident) $body:block) => {
        impl $($generics)* $crate::openapi::Responses for $($ty)* $($where_clause)* {
            fn for_each_response(
                $f: &mut dyn ::core::ops::FnMut($crate::openapi::CodeResponse),
            ) $body
        }
        $crate::__impl_utoipa!(impl {$($generics)*} for {$($ty)*} {$($where_clause)*});
    };
}

/// The generated `Error`'s responses text: its argument (an `include_str!` of the file beside
/// the generated code) with the `openapi` feature, else `""`, so that without the feature the
/// file is never read and a big catalog compiles as fast as before.
#[cfg(feature = "openapi")]
#[doc(hidden)]
#[macro_export]
macro_rules! __responses_text {
    ($text:expr) => {
        $text
    };
}

#[cfg(not(feature = "openapi"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __responses_text {
    ($text:expr) => {
        ""
    };
}

#[cfg(feature = "utoipa")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_utoipa {
    (impl {$($generics:tt)*} for {$($ty:tt)*} {$($where_clause:tt)*}) => {
        impl $($generics)* $crate::openapi::__reexport::IntoResponses for $($ty)* $($where_clause)* {
            fn responses() -> $crate::openapi::__reexport::BTreeMap<
                $crate::openapi::__reexport::String,
                $crate::openapi::__reexport::RefOr<$crate::openapi::__reexport::Response>,
            > {
                $crate::openapi::into_responses::<Self>()
            }
        }
    };
}

#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_utoipa {
    ($($any:tt)*) => {};
}

#[cfg(feature = "axum")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_axum {
    (impl {$($generics:tt)*} for {$($ty:tt)*} {$($where_clause:tt)*}) => {
        impl $($generics)* $crate::axum::__reexport::IntoResponse for $($ty)* $($where_clause)* {
            fn into_response(self) -> $crate::axum::__reexport::Response {
                $crate::axum::respond(&self)
            }
        }
    };
}

#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_axum {
    ($($any:tt)*) => {};
}

#[cfg(feature = "actix-web")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_actix {
    (impl {$($generics:tt)*} for {$($ty:tt)*} {$($where_clause:tt)*}) => {
        impl $($generics)* $crate::actix::__reexport::ResponseError for $($ty)* $($where_clause)* {
            fn status_code(&self) -> $crate::actix::__reexport::StatusCode {
                $crate::actix::status_code(self)
            }
            fn error_response(&self) -> $crate::actix::__reexport::HttpResponse {
                $crate::actix::respond(self)
            }
        }
    };
}

#[cfg(not(feature = "actix-web"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_actix {
    ($($any:tt)*) => {};
}

/// The header a request id is read from and echoed back in.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The longest incoming request id that is trusted; longer ones are replaced by a fresh id
/// (a client must not be able to make every error body arbitrarily large).
const MAX_REQUEST_ID_LEN: usize = 128;

/// The request id for a request: the client's `X-Request-Id` when it is short, printable ASCII,
/// else a fresh one.
pub fn request_id_from(incoming: Option<&[u8]>) -> String {
    match incoming {
        Some(id) if is_acceptable_request_id(id) => {
            // All bytes are ASCII, so this never replaces anything.
            String::from_utf8_lossy(id).into_owned()
        }
        _ => new_request_id(),
    }
}

/// Short, printable ASCII: safe in a header and a body, and not a way to bloat either.
fn is_acceptable_request_id(id: &[u8]) -> bool {
    !id.is_empty() && id.len() <= MAX_REQUEST_ID_LEN && id.iter().all(|b| b.is_ascii_graphic())
}

/// A fresh request id, `req_` + 16 hex digits: the Unix time in milliseconds in the high bits
/// (ids sort by time), a process-wide counter in the low 20 bits (unique within a millisecond
/// for a million requests), no randomness crate needed.
pub fn new_request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let millis = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed) & 0xF_FFFF;
    format!("req_{:016x}", (millis << 20) | count)
}

/// `now` as RFC 3339 UTC with second precision: `2025-12-14T10:30:00Z` (seed 003's form).
pub fn timestamp(now: SystemTime) -> String {
    let secs = match now.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        // A clock before 1970 is a broken clock; say so with the epoch rather than panic.
        Err(_) => 0,
    };
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 -> (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) -> days since 1970-01-01; the inverse of [`civil_from_days`].
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_context_adds_a_pointer_to_the_error() {
        assert_eq!(
            core::mem::size_of::<WithContext<()>>(),
            core::mem::size_of::<usize>()
        );
    }
    use core::time::Duration;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        let at = |secs| timestamp(SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(1_765_708_200), "2025-12-14T10:30:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(4_107_542_399), "2100-02-28T23:59:59Z");
    }

    #[test]
    fn civil_days_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn request_ids_are_kept_when_sane_and_fresh_otherwise() {
        assert_eq!(request_id_from(Some(b"req_abc123")), "req_abc123");
        let a = request_id_from(None);
        let b = request_id_from(Some(b""));
        assert!(a.starts_with("req_") && a.len() == 20, "{a}");
        assert_ne!(a, b);
        for hostile in [&b"a b"[..], b"\r\nX-Evil: 1", &[0xff, 0xfe], &[b'x'; 129]] {
            let id = request_id_from(Some(hostile));
            assert!(id.starts_with("req_"), "{hostile:?} kept as {id}");
        }
    }
}
