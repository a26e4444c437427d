//! What errcat-codegen (the generator, in build scripts and the derive) and errcat (the runtime)
//! must agree on, written once:
//!
//! - [`hash`]: the code hash and the minimal perfect hash over a catalog's codes, its builder
//!   and its lookup in one module (and the hash of the runtime's in-memory code index);
//! - [`json`]: the JSON string escaper (build-time text and runtime field values escape alike);
//! - [`program`]: the render programs, [`Op`] for bodies and [`Piece`] for plain text, and
//!   where their dynamic values come from ([`Slot`]);
//! - [`shape`]: where an envelope keeps the code, message, status, details, retry-after, field
//!   errors, field and request id, as the client parser reads it;
//! - [`table`]: the compact layout generated code carries (one string pool, a list of lines, one
//!   byte string of numbers), its encoder ([`table::TableBuilder`], for codegen) and its decoder
//!   ([`table::Table`], for the runtime), plus [`digits`], the number encoding under it;
//! - [`edge`]: the framework's own edges (bad JSON, unknown route, panic, ...) a catalog names
//!   codes for, and the values each fills;
//! - [`openapi`] (feature `openapi`): how the OpenAPI responses of codes sharing a status merge
//!   into one, for the standalone document and for the runtime's utoipa responses alike;
//! - [`PRIVATE`]: the name of the runtime's hidden module that generated code names.
//!
//! # Why a crate, and not `#[path]`
//!
//! serde_derive_internals compiles serde_derive's own source files a second time with
//! `#[path = "..."]`: one source text, but two crates, two copies of every type, and nothing
//! that makes the copy in a build script the same version as the copy in the runtime it is paired
//! with. What errcat needs is the opposite: *one* type and *one* version that both sides name.
//! The table codegen writes is read by the runtime at run time, so the encoder and the decoder
//! must be the same code at the same version, which cargo guarantees only for one crate that
//! both depend on (rust-postgres' codegen and runtime share `phf_shared` the same way). The
//! round trip encode -> decode is then tested here, once, instead of an agreement test between
//! two mirrors.
//!
//! The crate is `no_std` with no dependencies (but serde_json, for the `openapi` feature only): the decoders are `const fn` over borrowed
//! slices, so generated tables are evaluated by the compiler, and what needs `Vec`/`String`
//! (the encoders, the escaper into a buffer) is behind the `alloc` feature.

#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod digits;
pub mod edge;
pub mod hash;
pub mod json;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod program;
pub mod shape;
pub mod table;

pub use edge::{Edge, EdgeValue};
pub use program::{Op, Piece, Slot};
#[cfg(feature = "alloc")]
pub use shape::Shape;
pub use shape::{Place, Step};
pub use table::Table;

/// The name of errcat's hidden module, the one path generated code and derive expansions name
/// (`::errcat::__private_0_1_0::...`). It carries the release, as serde's `__private{N}` and
/// thiserror's `__private{PATCH}` do: errcat-codegen and errcat-macros emit the name of *their*
/// release, so a build that pairs them with another errcat fails to compile with "could not
/// find `__private_X_Y_Z` in `errcat`" instead of misreading tables of another layout. The
/// runtime defines the module under this name; a test there ties it to its
/// `CARGO_PKG_VERSION` and to this constant.
pub const PRIVATE: &str = "__private_0_1_0";

/// The release this crate is; [`PRIVATE`] is derived from it (a test checks that).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(test)]
mod tests {
    #[test]
    fn private_names_this_release() {
        let mut expected = [0u8; 64];
        let mut len = 0;
        for b in b"__private_".iter().chain(super::VERSION.as_bytes()) {
            expected[len] = if *b == b'.' { b'_' } else { *b };
            len += 1;
        }
        assert_eq!(super::PRIVATE.as_bytes(), &expected[..len]);
    }
}
