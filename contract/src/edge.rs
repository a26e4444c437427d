//! The framework's own edges: the failures a web framework meets before or around a handler
//! (a body that is not JSON, a route that does not exist, a handler that panicked). A catalog
//! names the code each edge answers with (its `edges:` key); the runtime's framework layers
//! answer each edge with that code, in the catalog's envelope.
//!
//! Both sides read this one list: the checker, to accept the `edges:` keys and to check that
//! every field of the chosen entry is one the edge fills; the runtime, to fill those fields by
//! name when it renders an edge.

/// One edge of the framework. The YAML name is [`Edge::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Edge {
    /// The body is not JSON (a syntax error, a cut-off body).
    MalformedJson,
    /// The body is JSON but not the shape the handler takes (a missing field, a wrong type):
    /// fills `field` with the failing field's path and adds it to the field errors.
    InvalidBody,
    /// The request has no `Content-Type`, or one the extractor does not read.
    UnsupportedMediaType,
    /// The body is larger than the limit.
    PayloadTooLarge,
    /// A path parameter does not parse (`/books/abc` for a `u64` id).
    InvalidPath,
    /// The query string does not parse into what the handler takes.
    InvalidQuery,
    /// A form body does not parse into what the handler takes.
    InvalidForm,
    /// No route matches the path.
    RouteNotFound,
    /// A route matches the path but not the method; the response carries `Allow`.
    MethodNotAllowed,
    /// The handler panicked. Nothing of the panic reaches the client; it is logged.
    Panic,
    /// The handler did not finish within the layer's timeout.
    Timeout,
}

/// A value an edge can fill into a field of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum EdgeValue {
    /// What went wrong, in the framework's or the parser's words (text).
    Reason,
    /// The failing input field or parameter, as a path (`items[2].price`) (text).
    Field,
    /// The request's `Content-Type`, empty when it had none (text).
    ContentType,
    /// The body limit in bytes (integer).
    MaxBytes,
    /// The request's method (text).
    Method,
    /// The request's path (text).
    Path,
    /// The methods the route takes, comma-separated, as in `Allow` (text).
    Allowed,
}

impl EdgeValue {
    /// The field name this value fills.
    pub const fn name(self) -> &'static str {
        match self {
            EdgeValue::Reason => "reason",
            EdgeValue::Field => "field",
            EdgeValue::ContentType => "content_type",
            EdgeValue::MaxBytes => "max_bytes",
            EdgeValue::Method => "method",
            EdgeValue::Path => "path",
            EdgeValue::Allowed => "allowed",
        }
    }

    /// True for the one integer value; the others are text.
    pub const fn is_integer(self) -> bool {
        matches!(self, EdgeValue::MaxBytes)
    }

    /// The value that fills a field named `name`, if any edge value has that name.
    pub fn named(name: &str) -> Option<EdgeValue> {
        EdgeValue::ALL.iter().copied().find(|v| v.name() == name)
    }

    pub const ALL: &'static [EdgeValue] = &[
        EdgeValue::Reason,
        EdgeValue::Field,
        EdgeValue::ContentType,
        EdgeValue::MaxBytes,
        EdgeValue::Method,
        EdgeValue::Path,
        EdgeValue::Allowed,
    ];
}

impl Edge {
    /// Every edge, in the order the catalog reference lists them.
    pub const ALL: &'static [Edge] = &[
        Edge::MalformedJson,
        Edge::InvalidBody,
        Edge::UnsupportedMediaType,
        Edge::PayloadTooLarge,
        Edge::InvalidPath,
        Edge::InvalidQuery,
        Edge::InvalidForm,
        Edge::RouteNotFound,
        Edge::MethodNotAllowed,
        Edge::Panic,
        Edge::Timeout,
    ];

    /// The key under the catalog's `edges:`.
    pub const fn name(self) -> &'static str {
        match self {
            Edge::MalformedJson => "malformed_json",
            Edge::InvalidBody => "invalid_body",
            Edge::UnsupportedMediaType => "unsupported_media_type",
            Edge::PayloadTooLarge => "payload_too_large",
            Edge::InvalidPath => "invalid_path",
            Edge::InvalidQuery => "invalid_query",
            Edge::InvalidForm => "invalid_form",
            Edge::RouteNotFound => "route_not_found",
            Edge::MethodNotAllowed => "method_not_allowed",
            Edge::Panic => "panic",
            Edge::Timeout => "timeout",
        }
    }

    /// The edge a catalog key names.
    pub fn named(name: &str) -> Option<Edge> {
        Edge::ALL.iter().copied().find(|e| e.name() == name)
    }

    /// When a client meets this edge, in a sentence for the API's docs.
    pub const fn when(self) -> &'static str {
        match self {
            Edge::MalformedJson => "The request body is not valid JSON",
            Edge::InvalidBody => {
                "The body is JSON but lacks a required field or has a value of the wrong type"
            }
            Edge::UnsupportedMediaType => {
                "The `Content-Type` header is missing or not one the endpoint reads"
            }
            Edge::PayloadTooLarge => "The body is larger than the endpoint accepts",
            Edge::InvalidPath => "A path parameter does not have the expected format",
            Edge::InvalidQuery => {
                "A query parameter is missing or does not have the expected format"
            }
            Edge::InvalidForm => {
                "The form body lacks a required field or has a value of the wrong type"
            }
            Edge::RouteNotFound => "No endpoint exists at the path",
            Edge::MethodNotAllowed => {
                "The endpoint does not take the method; `Allow` lists the ones it takes"
            }
            Edge::Panic => "The server failed unexpectedly while handling the request",
            Edge::Timeout => "The server did not finish handling the request in time",
        }
    }

    /// The values this edge fills: a field of the entry it answers with must be one of these
    /// (the checker's rule), and the runtime fills exactly these.
    pub const fn values(self) -> &'static [EdgeValue] {
        use EdgeValue::*;
        match self {
            Edge::MalformedJson => &[Reason],
            Edge::InvalidBody | Edge::InvalidPath | Edge::InvalidQuery | Edge::InvalidForm => {
                &[Reason, Field]
            }
            Edge::UnsupportedMediaType => &[ContentType],
            Edge::PayloadTooLarge => &[MaxBytes],
            Edge::RouteNotFound => &[Method, Path],
            Edge::MethodNotAllowed => &[Method, Path, Allowed],
            Edge::Panic | Edge::Timeout => &[],
        }
    }

    /// The status a framework answers this edge with when no catalog code is set; also what
    /// the layers recognise a framework's own plain response by.
    pub const fn default_status(self) -> u16 {
        match self {
            Edge::MalformedJson | Edge::InvalidPath | Edge::InvalidQuery => 400,
            Edge::InvalidBody | Edge::InvalidForm => 422,
            Edge::UnsupportedMediaType => 415,
            Edge::PayloadTooLarge => 413,
            Edge::RouteNotFound => 404,
            Edge::MethodNotAllowed => 405,
            Edge::Panic => 500,
            Edge::Timeout => 504,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for (i, edge) in Edge::ALL.iter().enumerate() {
            assert_eq!(Edge::named(edge.name()), Some(*edge));
            assert!(Edge::ALL[..i].iter().all(|e| e.name() != edge.name()));
        }
        for value in EdgeValue::ALL {
            assert_eq!(EdgeValue::named(value.name()), Some(*value));
        }
        assert_eq!(Edge::named("nope"), None);
    }
}
