//! The rules the framework adapters share (features `axum`, `actix-web`): the edges' values
//! as the frameworks meet them, what a parser's message may say to a client, how a serde
//! error becomes an edge, how a handler's panic is caught, and the log of every error
//! response. axum.rs and actix.rs only find out which edge their framework met.

use std::error::Error as StdError;

use crate::edge_error::Rejection;
use crate::edges::{Edge, EdgeValue};
use crate::{ApiError, Context};

/// What a handler's panic said, kept for the log (the `panic` edge's source); never sent.
#[derive(Debug)]
pub(crate) struct Panicked(pub(crate) String);

impl core::fmt::Display for Panicked {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "the handler panicked: {}", self.0)
    }
}

impl StdError for Panicked {}

/// The `timeout` edge's source, for the log.
#[derive(Debug)]
pub(crate) struct TimedOut(pub(crate) core::time::Duration);

impl core::fmt::Display for TimedOut {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "the handler did not finish within {:?}", self.0)
    }
}

impl StdError for TimedOut {}

impl Rejection {
    /// The `panic` edge for a caught panic payload; its text goes to the source only.
    pub(crate) fn panicked(payload: &(dyn core::any::Any + Send)) -> Rejection {
        let text = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a non-text panic payload".to_owned());
        Rejection::new(Edge::Panic).source(Panicked(text))
    }

    /// The `timeout` edge after `after`.
    pub(crate) fn timed_out(after: core::time::Duration) -> Rejection {
        Rejection::new(Edge::Timeout).source(TimedOut(after))
    }

    /// `route_not_found` for this request.
    pub(crate) fn route_not_found(method: &str, path: &str) -> Rejection {
        Rejection::new(Edge::RouteNotFound)
            .text(EdgeValue::Method, method.to_owned())
            .text(EdgeValue::Path, path.to_owned())
    }

    /// `method_not_allowed` for this request; `allowed` as the framework's `Allow` says, when
    /// it has said it yet.
    pub(crate) fn method_not_allowed(method: &str, path: &str, allowed: Option<&str>) -> Rejection {
        let rejection = Rejection::new(Edge::MethodNotAllowed)
            .text(EdgeValue::Method, method.to_owned())
            .text(EdgeValue::Path, path.to_owned());
        match allowed {
            Some(allowed) => rejection.text(EdgeValue::Allowed, allowed.to_owned()),
            None => rejection,
        }
    }

    /// `unsupported_media_type` for a request with this `Content-Type` (empty when none).
    pub(crate) fn unsupported_media_type(content_type: Option<&[u8]>) -> Rejection {
        let text = content_type
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        Rejection::new(Edge::UnsupportedMediaType).text(EdgeValue::ContentType, text.into_owned())
    }

    /// `payload_too_large` with the limit.
    pub(crate) fn payload_too_large(max_bytes: u64) -> Rejection {
        Rejection::new(Edge::PayloadTooLarge).integer(EdgeValue::MaxBytes, max_bytes)
    }

    /// `edge` with a parser's message as the reason, made fit for a client
    /// ([`public_reason`]), and the field at fault when known.
    pub(crate) fn parse_error(edge: Edge, field: Option<String>, message: &str) -> Rejection {
        let rejection = Rejection::new(edge).text(EdgeValue::Reason, public_reason(message));
        match field {
            Some(field) => rejection.text(EdgeValue::Field, field),
            None => rejection,
        }
    }
}

/// A serde error at `path` (serde_path_to_error's path, `.` at the top) as `edge`: the field
/// is the path, or for a missing field the path to it (serde names the missing field only in
/// its message, "missing field `title`").
pub(crate) fn serde_error(
    edge: Edge,
    path: &serde_path_to_error::Path,
    message: &str,
) -> Rejection {
    let at = path.to_string();
    let at = (at != ".").then_some(at);
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
        .filter(|name| !name.is_empty());
    let field = match (at, missing) {
        (Some(at), Some(name)) => Some(format!("{at}.{name}")),
        (None, Some(name)) => Some(name.to_owned()),
        (at, None) => at,
    };
    Rejection::parse_error(edge, field, message)
}

/// A JSON body that did not parse into the handler's type: `malformed_json` for a syntax
/// error or a cut-off body, `invalid_body` naming the failing field for a data error.
pub(crate) fn json_error(error: serde_path_to_error::Error<serde_json::Error>) -> Rejection {
    let edge = match error.inner().classify() {
        serde_json::error::Category::Data => Edge::InvalidBody,
        _ => Edge::MalformedJson,
    };
    let message = error.inner().to_string();
    let rejection = match edge {
        Edge::InvalidBody => serde_error(edge, error.path(), &message),
        _ => Rejection::parse_error(edge, None, &message),
    };
    rejection.source(error.into_inner())
}

/// `application/x-www-form-urlencoded` text (a query string, a form body) into `T`; a failure
/// as `edge` naming the field at fault.
pub(crate) fn urlencoded<T: serde::de::DeserializeOwned>(
    edge: Edge,
    input: &[u8],
) -> Result<T, Rejection> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(input));
    serde_path_to_error::deserialize(deserializer)
        .map_err(|e| serde_error(edge, e.path(), &e.inner().to_string()).source(e.into_inner()))
}

/// The phrases in serde's and the frameworks' messages that name a type, and what a client is
/// told instead: Rust type names are internal (`expected struct NewBook`, `to a u64`).
const TYPE_PHRASES: &[(&str, &str)] = &[
    ("tuple struct ", "an array"),
    ("unit struct ", "null"),
    ("newtype struct ", "a value"),
    ("struct variant ", "an object"),
    ("tuple variant ", "an array"),
    ("struct ", "an object"),
    ("enum ", "one of the allowed values"),
];

/// What a client is told for a type name (`u64`, `alloc::string::String`, `my_app::BookId`),
/// or `None` for words that are no type name (`a string`, `a map`): those stay.
pub(crate) fn describe_type(name: &str) -> Option<&'static str> {
    let last = name.rsplit("::").next().unwrap_or(name);
    let described = match last {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a non-negative integer",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "an integer",
        "f32" | "f64" => "a number",
        "bool" => "a boolean",
        "char" => "a single character",
        "String" | "str" | "&str" => "a string",
        _ if name.contains("::") => "a valid value",
        _ => return None,
    };
    Some(described)
}

/// A parser's or a framework's message as a client may read it: every Rust type name after
/// `expected ` or `to a ` (serde's and the path extractors' wording) replaced by what it
/// means. The rest (positions, field names, the offending value) is kept.
pub(crate) fn public_reason(message: &str) -> String {
    const MARKERS: [&str; 2] = ["expected ", "to a "];
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some((at, marker)) = MARKERS
        .iter()
        .filter_map(|m| rest.find(m).map(|at| (at, *m)))
        .min_by_key(|(at, _)| *at)
    {
        let (before, after) = rest.split_at(at + marker.len());
        rest = after;
        // `to a `X`` (axum) and `to a X` (actix): the type, quoted or bare.
        let quoted = rest.starts_with('`');
        let phrase = TYPE_PHRASES
            .iter()
            .find(|(phrase, _)| rest.starts_with(phrase));
        let body = if quoted { &rest[1..] } else { rest };
        let name_start = phrase.map_or(0, |(p, _)| p.len());
        let name_len = body[name_start..]
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | ':' | '<' | '>' | '&')))
            .unwrap_or(body.len() - name_start);
        let name = &body[name_start..name_start + name_len];
        let replacement = match phrase {
            Some((_, described)) if !name.is_empty() => Some(*described),
            _ => describe_type(name),
        };
        let Some(replacement) = replacement else {
            out.push_str(before);
            continue;
        };
        // "to a `u64`" -> "to a non-negative integer": the marker's own article goes.
        let before = if marker == "to a " {
            &before[..before.len() - 2]
        } else {
            before
        };
        out.push_str(before);
        out.push_str(replacement);
        let mut consumed = name_start + name_len;
        if quoted && body[consumed..].starts_with('`') {
            consumed += 1;
        }
        rest = &body[consumed..];
    }
    out.push_str(rest);
    out
}

/// A future whose panic becomes an `Err` with the payload: the edge layers catch a handler's
/// panic so the client gets the `panic` edge's response and the server keeps the connection.
pub(crate) struct CatchUnwind<F>(pub(crate) F);

impl<F: core::future::Future + Unpin> core::future::Future for CatchUnwind<F> {
    type Output = Result<F::Output, Box<dyn core::any::Any + Send>>;

    fn poll(
        mut self: core::pin::Pin<&mut Self>,
        cx: &mut core::task::Context<'_>,
    ) -> core::task::Poll<Self::Output> {
        let inner = &mut self.0;
        // The future is dropped right after a panic, never polled again, so no state it left
        // half-updated is observed.
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            core::pin::Pin::new(inner).poll(cx)
        })) {
            Ok(core::task::Poll::Ready(output)) => core::task::Poll::Ready(Ok(output)),
            Ok(core::task::Poll::Pending) => core::task::Poll::Pending,
            Err(payload) => core::task::Poll::Ready(Err(payload)),
        }
    }
}

/// Logs a response made from `error` (feature `tracing`): a 5xx once at error level with the
/// real error (its `Display`, which for an `internal` entry is the message clients never see,
/// and its `source()` chain), the real and the public code and the request id; a 4xx at debug.
/// Every response errcat renders passes here once.
#[cfg(feature = "tracing")]
pub(crate) fn log<E: ApiError + ?Sized>(error: &E, ctx: &Context) {
    let status = error.status().as_u16();
    let code = error.__entry().code();
    let public_code = error.code();
    let request_id = ctx.get_request_id().unwrap_or("");
    let chain = Chain(error);
    if status >= 500 {
        tracing::error!(status, code, public_code, request_id, error = %chain, "error response");
    } else {
        tracing::debug!(status, code, public_code, request_id, error = %chain, "error response");
    }
}

#[cfg(not(feature = "tracing"))]
#[inline]
pub(crate) fn log<E: ApiError + ?Sized>(_error: &E, _ctx: &Context) {}

/// An error and its `source()` chain, `: `-separated.
#[cfg(feature = "tracing")]
struct Chain<'a, E: ?Sized>(&'a E);

#[cfg(feature = "tracing")]
impl<E: StdError + ?Sized> core::fmt::Display for Chain<'_, E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut next = self.0.source();
        while let Some(source) = next {
            write!(f, ": {source}")?;
            next = source.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edges::Edge;
    use crate::Context;

    #[test]
    fn type_names_never_reach_a_reason() {
        let cases = [
            (
                "invalid type: string \"x\", expected u64 at line 1 column 30",
                "invalid type: string \"x\", expected a non-negative integer at line 1 column 30",
            ),
            (
                "invalid type: integer `1`, expected struct NewBook at line 1 column 1",
                "invalid type: integer `1`, expected an object at line 1 column 1",
            ),
            (
                "unknown variant `x`, expected one of `a`, `b`",
                "unknown variant `x`, expected one of `a`, `b`",
            ),
            (
                "Cannot parse `id` with value `abc` to a `u64`",
                "Cannot parse `id` with value `abc` to a non-negative integer",
            ),
            (
                "can not parse \"abc\" to a u64",
                "can not parse \"abc\" to a non-negative integer",
            ),
            (
                "Cannot parse `abc` to a `my_app::BookId`",
                "Cannot parse `abc` to a valid value",
            ),
            (
                "invalid type: map, expected a string",
                "invalid type: map, expected a string",
            ),
            (
                "expected value at line 1 column 2",
                "expected value at line 1 column 2",
            ),
            ("expected enum Genre", "expected one of the allowed values"),
            ("", ""),
            ("expected ", "expected "),
        ];
        for (message, public) in cases {
            assert_eq!(public_reason(message), public, "{message}");
        }
    }

    #[test]
    fn a_failing_field_reaches_the_context() {
        let rejection = Rejection::parse_error(
            Edge::InvalidBody,
            Some("price_cents".into()),
            "invalid type: string \"x\", expected u64",
        );
        let ctx = rejection.context(&Context::new().request_id("req_1"));
        assert_eq!(ctx.get_request_id(), Some("req_1"));
        assert_eq!(ctx.get_field(), Some("price_cents"));
        let errors: Vec<(String, Vec<String>)> = ctx
            .field_errors()
            .map(|(f, ms)| (f.to_owned(), ms.map(str::to_owned).collect()))
            .collect();
        assert_eq!(
            errors,
            [(
                "price_cents".to_owned(),
                vec!["invalid type: string \"x\", expected a non-negative integer".to_owned()]
            )]
        );
    }

    #[test]
    fn a_panic_is_caught_with_its_text_for_the_log_only() {
        use core::future::Future as _;
        let mut future = core::pin::pin!(async { panic!("secret 42") });
        let waker = std::task::Waker::noop();
        let mut cx = core::task::Context::from_waker(waker);
        let caught = core::pin::Pin::new(&mut CatchUnwind(future.as_mut())).poll(&mut cx);
        let core::task::Poll::Ready(Err(payload)) = caught else {
            panic!("the panic was not caught");
        };
        let rejection = Rejection::panicked(payload.as_ref());
        assert_eq!(rejection.plain(), (500, "panic".to_owned()));
        let source = StdError::source(&rejection).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("the handler panicked: secret 42"));
    }
}
