//! errcat: API errors from one catalog.
//!
//! A YAML catalog lists every error an API returns: code, status, message, headers, envelope.
//! `errcat-codegen` (from `build.rs`) or `#[derive(ApiError)]` compile it into static tables;
//! this crate renders them: the [`ApiError`] trait, the request [`Context`], and
//! [`include_catalog!`] for the generated `ErrorCode` and `Error` enums.
//!
//! Bodies are JSON escaped for any text and safe to inline in HTML: see [`json`].
//!
//! In a web service, one line makes errcat its error layer: `.layer(errcat::axum::layer(&EDGES))`
//! on an axum `Router` (feature `axum`), `.wrap(errcat::actix::layer(&EDGES))` on an actix-web
//! `App` (feature `actix-web`). `EDGES` is generated from the catalog's `edges:` ([`Edges`]);
//! the layers answer the framework's own failures ([`Edge`]: bad JSON, unknown routes, wrong
//! methods, panics, timeouts, ...) with those codes ([`Rejection`], [`EdgeError`]), echo
//! `X-Request-Id` on every response, and the drop-in extractors (`errcat::axum::Json`, ...)
//! name the failing field. Feature `tracing` logs every error response errcat makes.

// The hidden module generated code names; its name carries the release
// (`errcat_contract::PRIVATE`, tied to it by a test below).
#[doc(hidden)]
#[path = "private.rs"]
pub mod __private_0_1_0;
use __private_0_1_0 as private;

mod catalog_items;
mod context;
mod edge_error;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod edge_rules;
mod edges;
pub mod json;
pub mod openapi;
mod render;

#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;
pub mod batch;
pub mod client;
pub mod respond;
pub mod retry;
#[cfg(feature = "serde")]
pub mod serde;

/// Without feature `serde`, generated code's serde impls are not there (see `serde.rs`).
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_serde {
    ($($any:tt)*) => {};
}

use core::fmt;
use std::borrow::Cow;

pub use batch::Batch;
pub use context::{Context, Member};
pub use edge_error::{EdgeError, Rejection};
pub use edges::{Edge, EdgeValue, Edges};
pub use errcat_macros::{catalog, ApiError};
pub use respond::WithContext;

/// An error the catalog describes: what a client sees (code, status, headers, body) and what
/// the catalog says about it.
///
/// Implemented by the generated `Error` enum, by `#[derive(ApiError)]` and by
/// [`WithContext<E>`]; they implement the hidden methods and take every other method as
/// provided. The trait is object safe.
///
/// The methods that take a request [`Context`] render with the error's own context (a
/// `WithContext`'s, also inside a derived enum's transparent variant) over it: its values win,
/// the request's id, timestamp and instance fill what it lacks.
///
/// `code()`, `status()`, `title()`, `docs_url()`, the headers and the body describe what the
/// client sees: for an entry with `expose_as` they are the exposed entry's, and an `internal`
/// entry's message never reaches them. `Display`, `Debug` and `kind()` keep the real error.
// `code()` returns `public_code` (and `title()`, `docs_url()` likewise) on purpose: see above.
#[allow(clippy::misnamed_getters)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an errcat `ApiError`",
    label = "not an `ApiError`",
    note = "`ApiError` is implemented by a catalog's generated `Error`, by `#[derive(ApiError)]` \
            types and by `WithContext<E>` of any of them"
)]
pub trait ApiError: core::error::Error + openapi::Responses {
    /// The compiled catalog entry. Generated code only.
    #[doc(hidden)]
    fn __entry(&self) -> &'static private::Entry;

    /// Calls `f` once with this error's field values, in the entry's `fields` order. Generated
    /// code only.
    #[doc(hidden)]
    fn __args(&self, f: &mut dyn FnMut(&[private::Arg<'_>]));

    /// The context this error carries itself ([`WithContext`], or a transparent variant
    /// wrapping one), rendered over the request's by the provided methods. Generated code and
    /// `WithContext` only.
    #[doc(hidden)]
    fn __context(&self) -> Option<Cow<'_, Context>> {
        None
    }

    /// The code clients see.
    fn code(&self) -> &'static str {
        self.__entry().public_code()
    }

    /// The status clients see.
    fn status(&self) -> http::StatusCode {
        private::status(self.__entry().public_status())
    }

    /// The title clients see.
    fn title(&self) -> &'static str {
        self.__entry().public_title()
    }

    /// The message template as written in the catalog (placeholders intact).
    fn message_template(&self) -> &'static str {
        self.__entry().message()
    }

    fn cause(&self) -> &'static [&'static str] {
        self.__entry().cause()
    }

    fn solution(&self) -> &'static [&'static str] {
        self.__entry().solution()
    }

    /// The docs URL clients see.
    fn docs_url(&self) -> Option<&'static str> {
        self.__entry().public_docs_url()
    }

    fn retryable(&self) -> bool {
        self.__entry().retryable()
    }

    /// True when the message is for logs only.
    fn is_internal(&self) -> bool {
        self.__entry().internal()
    }

    /// The canonical gRPC code name (`NOT_FOUND`, ...).
    fn grpc(&self) -> &'static str {
        self.__entry().grpc()
    }

    /// `Retry-After` in seconds: `None` when the entry has none, or its field is `None`, or the
    /// value is not a number of seconds.
    fn retry_after(&self) -> Option<u64> {
        let pieces = self.__entry().retry_after()?;
        let mut text = render::StackText::new();
        let mut ok = false;
        self.__args(&mut |args| {
            ok = render::pieces_present(pieces, args)
                && render::pieces(pieces, args, &mut text).is_ok();
        });
        if !ok {
            return None;
        }
        text.as_str().trim().parse().ok()
    }

    /// `application/problem+json` for the `problem` envelope, `application/json` otherwise.
    fn content_type(&self) -> &'static str {
        self.__entry().content_type()
    }

    /// Calls `f` with each response header other than the content type: `Retry-After`, the
    /// catalog's `headers`, then the context's (the error's own context, from
    /// [`WithContext`], over `ctx`). Static values are passed as they are; values with fields
    /// are rendered into one reused buffer. A header whose template names a field that is
    /// `None` is left out.
    fn for_each_header(&self, ctx: &Context, f: &mut dyn FnMut(&str, &str)) {
        // As in `write_json`: the merge only for an error with a context of its own.
        match self.__context() {
            None => render::headers(self, ctx, f),
            Some(own) => render::headers(self, &context::effective(Some(own), ctx), f),
        }
    }

    /// Every response header, content type first, as an `http::HeaderMap`. Headers whose name
    /// or value is not valid in HTTP (a field value with a line break, ...) are left out, never
    /// sent mangled.
    fn header_map(&self, ctx: &Context) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        map.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(self.content_type()),
        );
        self.for_each_header(ctx, &mut |name, value| {
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_str(value),
            ) {
                map.append(name, value);
            }
        });
        map
    }

    /// Appends the body, in the catalog's envelope, to `out`, rendered with the error's own
    /// context (from [`WithContext`]) over `ctx`.
    fn write_json(&self, ctx: &Context, out: &mut Vec<u8>) {
        // An error without a context of its own (every generated and derived error but a
        // `WithContext`) renders with the request's as it is: the merge, a third of the cost
        // of a one-field body when it ran on every render, stays out of that path.
        match self.__context() {
            None => render::error(self, ctx, out),
            Some(own) => render::error(self, &context::effective(Some(own), ctx), out),
        }
    }

    /// The body with an empty request [`Context`] (an error's own context still applies).
    fn to_json(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&Context::default(), &mut out);
        // Bodies are built from `&str` pieces and whole escaped characters: always UTF-8.
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }
}

/// A code string that is not in the catalog (`"nope".parse::<ErrorCode>()`).
///
/// It does not copy the string: the miss path of a lookup stays one hash and one comparison
/// (copying even 40 bytes doubled its cost), and the caller still holds the string it parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownCode {
    len: usize,
}

impl UnknownCode {
    #[inline]
    pub fn new(code: &str) -> UnknownCode {
        UnknownCode { len: code.len() }
    }

    /// The length in bytes of the string that was not a code.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the string that was not a code was empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.len == 0 {
            f.write_str("unknown error code: empty string")
        } else {
            f.write_str("unknown error code")
        }
    }
}

impl core::error::Error for UnknownCode {}

/// Brings the code generated by `errcat_codegen::Builder` into this module: `pub enum
/// ErrorCode`, `pub enum Error` and their impls. With an argument, includes that file name from
/// `OUT_DIR` instead of `errcat.rs` (for a build script that generates several catalogs).
#[macro_export]
macro_rules! include_catalog {
    () => {
        ::core::include!(::core::concat!(::core::env!("OUT_DIR"), "/errcat.rs"));
    };
    ($file:literal) => {
        ::core::include!(::core::concat!(::core::env!("OUT_DIR"), "/", $file));
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hidden module is named for this release, as errcat-codegen and errcat-macros
    /// spell it (`errcat_contract::PRIVATE`): a pair of another release does not compile.
    #[test]
    fn the_hidden_module_is_named_for_this_release() {
        let expected = format!("__private_{}", env!("CARGO_PKG_VERSION").replace('.', "_"));
        assert_eq!(errcat_contract::PRIVATE, expected);
        assert_eq!(errcat_contract::VERSION, env!("CARGO_PKG_VERSION"));
        // The module of that name exists: this path only resolves if it does.
        let _: fn(u16) -> http::StatusCode = crate::__private_0_1_0::status;
        assert_eq!(
            std::any::type_name::<crate::__private_0_1_0::Entry>(),
            format!("errcat::{expected}::Entry")
        );
        // The generated items' macro names the module by that name too.
        let macro_text = include_str!("catalog_items.rs");
        let named: Vec<&str> = macro_text
            .match_indices("__private_")
            .map(|(at, _)| &macro_text[at..at + expected.len()])
            .collect();
        assert!(
            named.len() > 10 && named.iter().all(|n| *n == expected),
            "{named:?}"
        );
    }

    #[test]
    fn unknown_code_is_small_and_says_what_it_is() {
        let unknown = UnknownCode::new("auth/nope");
        assert_eq!(unknown.len(), 9);
        assert_eq!(unknown.to_string(), "unknown error code");
        assert_eq!(
            UnknownCode::new("").to_string(),
            "unknown error code: empty string"
        );
        assert!(std::mem::size_of::<UnknownCode>() <= 8);
    }
}
