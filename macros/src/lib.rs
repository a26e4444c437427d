//! `#[derive(ApiError)]`: binds a crate's own error type to entries of an errcat catalog,
//! checked at compile time. Re-exported as `errcat::ApiError`; see that crate for the guide.
//!
//! The stages, one file each: `ast` (typed input keeping every `syn` node for spans) <- `attr`
//! (attribute parsing into a collector of errors) -> `valid` (rules on the Rust input) ->
//! `catalog` (load the YAML through errcat-codegen, cached) -> `bind` (rules that need the
//! catalog; each case bound to its entry) -> `expand` (tokens). On any error, `fallback` emits
//! the errors plus stub impls so the user sees only the real mistake.

mod ast;
mod attr;
mod bind;
mod catalog;
mod expand;
mod fallback;
mod symbol;
mod valid;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

#[proc_macro_derive(ApiError, attributes(api_error, from, source))]
pub fn derive_api_error(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
