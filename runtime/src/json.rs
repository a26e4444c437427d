//! JSON string escaping: the one place the runtime escapes text for JSON.
//!
//! The escaping is RFC 8259 plus HTML safety, so a body can be inlined in a `<script>` element
//! or an HTML page without a second pass:
//!
//! - `"` and `\` as `\"` and `\\`;
//! - control characters U+0000-U+001F as `\b \f \n \r \t` or `\u00XX`;
//! - `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026` (no `</script>`, `<!--` or entity can
//!   appear in the output);
//! - U+2028 and U+2029 as `\u2028`, `\u2029` (valid JSON, but line terminators in older
//!   JavaScript).
//!
//! Everything else, `'` included, is copied as UTF-8. The escaper is errcat-contract's, the
//! same function errcat-codegen pre-escapes build-time text with, so the static and the
//! dynamic parts of a body cannot be escaped differently.

pub use errcat_contract::json::{escape, escape_into, string_into};

pub(crate) use errcat_contract::json::Escaper;
