//! `#[derive(ApiError)]`: binds a crate's own error type to entries of an errcat catalog,
//! checked at compile time. Re-exported as `errcat::ApiError`; see that crate for the guide.
//!
//! The stages, one file each: `ast` (typed input keeping every `syn` node for spans) <- `attr`
//! (attribute parsing into a collector of errors) -> `valid` (rules on the Rust input) ->
//! `catalog` (load the YAML through errcat-codegen, cached) -> `bind` (rules that need the
//! catalog; each case bound to its entry) -> `expand` (tokens), with `arg` (each field as a
//! renderer argument, typed by the catalog). On any error, `fallback` emits
//! the errors plus stub impls so the user sees only the real mistake.

mod arg;
mod ast;
mod attr;
mod bind;
mod catalog;
mod expand;
mod fallback;
mod inline;
mod symbol;
mod valid;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Binds an error type to entries of an errcat catalog, checked at compile time.
///
/// ```rust,ignore
/// use errcat::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api_error(catalog = "errors.yaml")]          // relative to CARGO_MANIFEST_DIR
/// pub enum AppError {
///     #[api_error(code = "data/table-not-found")]
///     TableNotFound { table: String },            // Display: "Table 'users' does not exist"
///
///     #[api_error(code = "auth/invalid-credentials")]
///     InvalidCredentials,
///
///     #[api_error(code = "common/internal")]
///     Io(#[from] std::io::Error),                 // source() and From<io::Error>
/// }
/// ```
///
/// # Attributes
///
/// - On the type: `catalog = "path.yaml"` (required unless every variant is transparent);
///   `exhaustive` (enums: every catalog code must have a variant).
/// - On each variant, or on a struct next to `catalog`: `code = "..."` (required) and
///   `message = "..."` (optional), a message for this variant that replaces the catalog's in
///   `Display` and in bodies, with the same `{field}` and `{{`/`}}` syntax.
/// - Or `transparent`, on a variant or on a struct (with no `catalog`, `code` or `message`):
///   its one field, of any `ApiError` type (a generated `Error`, a derived type,
///   `WithContext<E>`), is the error. Code, status, headers, body, `Display` and `source()`
///   are that error's (`source()` is the wrapped error's own source, as with thiserror's
///   `#[error(transparent)]`), and so is its context: a `WithContext` inside the enum keeps its
///   headers and members. `#[from]` on the field gives `From<T>`.
/// - On a field: `#[from]` (the variant's only field: `From<T>` and `source()`), `#[source]`.
///   As in thiserror, a field named `source` is the source without an attribute.
///
/// One error type for every handler, `?` from each kind of error:
///
/// ```rust,ignore
/// #[derive(Debug, ApiError)]
/// pub enum ApiFailure {
///     #[api_error(transparent)]
///     Catalog(#[from] Error),                      // the generated catalog type
///     #[api_error(transparent)]
///     App(#[from] AppError),                       // a derived type
///     #[api_error(transparent)]
///     Contextual(#[from] errcat::WithContext<Error>),
/// }
/// ```
///
/// # What is generated
///
/// `Display` (the message with named fields interpolated), `std::error::Error` (`source()`),
/// `From<T>` for `#[from]` fields, and `errcat::ApiError`: code, status, headers and body all
/// come from the catalog entry, compiled by the same lowering `errcat_codegen::Builder` uses.
/// Typed catalog fields are checked against the Rust field types: `u32` and `u64` take `u8`,
/// `u16`, `u32`, `u64` and `usize`; `i64` takes those and `i8`..`i64`, `isize`; `f64` takes
/// `f32`, `f64` and integers of 32 bits or fewer; `bool` takes `bool`; `list<string>` takes
/// `Vec<String>`; `Option<T>` of any of them is absent when `None`; `string` fields take any
/// `Display` type. A value above the catalog type's range (`u64` 2^32 in a `u32` field) is
/// rendered as it is, never truncated; any other type is a compile error at the field's type.
///
/// Every file the catalog reads is tracked, so editing it rebuilds the crate. Each distinct
/// catalog is loaded once per compilation, however many types derive over it.
///
/// # Compile time
///
/// The catalog is loaded and checked by `errcat-codegen` inside the macro, which cargo builds
/// unoptimized in dev builds like every proc macro. With a large catalog, add
/// `[profile.dev.build-override] opt-level = 3` to the workspace's Cargo.toml. Measured by
/// `tests/tools/derive-cost.sh` (median `cargo check`, against the same crate without the
/// derive): a 10-variant enum over a 1,000-entry catalog adds about 15 ms with that setting and
/// about 55 ms without it; an enum with a variant for each of the 1,000 entries adds about
/// 350 ms (260 ms optimized), much of it rustc compiling the 1,000 compiled entries.
#[proc_macro_derive(ApiError, attributes(api_error, from, source))]
pub fn derive_api_error(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}

/// The code `errcat_codegen::Builder` generates from `build.rs`, expanded in place: `pub enum
/// ErrorCode`, `pub enum Error`, `pub static EDGES` and their impls, for a crate without a
/// build script (an example, a small service, a test). The path is relative to the crate's
/// directory (`CARGO_MANIFEST_DIR`); editing the catalog rebuilds the crate.
///
/// ```rust,ignore
/// errcat::catalog!("errors.yaml");
///
/// fn find(table: &str) -> Result<(), Error> {
///     Err(Error::DataTableNotFound { table: table.into() })
/// }
/// ```
///
/// A catalog problem is a compile error at the path, with every problem and its
/// file:line:col. For a large catalog, `build.rs` is the better home: its output is cached
/// between builds, while the macro runs again whenever the crate is compiled.
#[proc_macro]
pub fn catalog(input: TokenStream) -> TokenStream {
    inline::catalog(input.into()).into()
}
