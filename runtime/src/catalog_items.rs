//! The items of a generated catalog (`ErrorCode`, `Error` and their impls), written once here
//! as a `macro_rules!` over the list of variants that errcat-codegen emits.
//!
//! Why a macro and not the items themselves in the generated file: at 10,000 codes the items
//! repeat each variant name six times (two enums, `ALL`, `kind()`, the args visitor, the client's
//! constructor), with a path and a pattern each time. Written out, that was two thirds of an
//! 8.8 MB file that rustc lexes, parses and resolves on every `cargo check` of the crate that
//! includes it (the edit loop rust-analyzer runs). The list names each variant once, with its
//! docs and its fields' catalog types; the expansion is the same code rustc checked before. The
//! `http` crate's `status_codes!` is the same idea for its constants.
//!
//! The input (see `errcat_codegen::emit::rust`):
//!
//! ```text
//! ::errcat::__private::impl_catalog! {      (the module of this release)
//!     code: { #[doc = "…"] #[repr(u16)] } ErrorCode,
//!     error: { #[doc = "…"] #[repr(u16)] } Error,
//!     table: <a `Table` expression>,
//!     responses: <the OpenAPI responses text expression>,
//!     count: 2,
//!     args: { fn __args(&self, f: …) { match self { … } } },
//!     variants: {
//!         #[doc = "…"] DataTableNotFound { table: string }
//!         #[doc = "…"] #[deprecated = "…"] AuthBad
//!     }
//! }
//! ```
//!
//! A field's type is its catalog type (`string`, `u32`, `list<string>`, `option<…>`), named in
//! [`field`](crate::__private_0_1_0::field), where each is a re-export of the Rust type, so
//! rustdoc and rustc's messages show `String`, `Vec<String>`, `Option<u64>`.
//!
//! The catalog's text is rustdoc on the code's variant only (`#[deprecated]` goes on both):
//! on `Error`'s too, it cost `cargo check` 0.3 s more at 10,000 codes (rustc hashes every
//! attribute on each check), and `Error`'s documentation says where to read it.

#[doc(hidden)]
#[macro_export]
macro_rules! __impl_catalog {
    (
        code: { $(#[$code_attr:meta])* } $code:ident,
        error: { $(#[$error_attr:meta])* } $error:ident,
        table: $table:expr,
        responses: $responses:expr,
        count: $count:expr,
        args: { $($args:tt)* },
        variants: {
            // Exactly these attributes and no optional one before a field: rustc's matcher is
            // quadratic in the list's length with a repetition of attributes before a name
            // (20 s at 10,000 variants, against 0.07 s for this). A field's doc is in the
            // variant's.
            $(
                #[doc = $doc:literal]
                $(#[fields_doc = $fields_doc:literal])?
                $(#[deprecated = $note:literal])?
                $variant:ident $({
                    $($field:ident : $ty:ident $(< $arg:ident $(< $arg2:ident >)? >)?),*
                })?
            )*
        }
    ) => {
        $(#[$code_attr])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        #[allow(clippy::enum_variant_names)]
        pub enum $code {
            $(#[doc = $doc] $(#[deprecated = $note])? $variant,)*
        }

        #[allow(deprecated)]
        impl $code {
            /// Every code, in catalog order.
            pub const ALL: &'static [$code] = &[$($code::$variant),*];

            const fn table() -> &'static $crate::__private_0_1_0::Table<'static> {
                static TABLE: $crate::__private_0_1_0::Table<'static> = $table;
                &TABLE
            }

            const fn entry(self) -> &'static $crate::__private_0_1_0::Entry {
                // The responses file is read only with errcat's `openapi` feature.
                static BODIES: $crate::__private_0_1_0::Bodies =
                    $crate::__private_0_1_0::Bodies::with_responses(
                        $crate::__private_0_1_0::responses_text!($responses),
                    );
                static ENTRIES: [$crate::__private_0_1_0::Entry; $count] =
                    $crate::__private_0_1_0::Entry::all($code::table(), &BODIES);
                &ENTRIES[self as usize]
            }

            /// The code string.
            pub const fn code(self) -> &'static str {
                self.entry().code()
            }

            /// The HTTP status.
            pub const fn status(self) -> $crate::__private_0_1_0::http::StatusCode {
                $crate::__private_0_1_0::status(self.entry().status())
            }

            /// The message template as written in the catalog.
            pub const fn message(self) -> &'static str {
                self.entry().message()
            }

            /// The title (the status' reason phrase unless the catalog gives one).
            pub const fn title(self) -> &'static str {
                self.entry().title()
            }

            /// Why the error happens.
            pub const fn cause(self) -> &'static [&'static str] {
                self.entry().cause()
            }

            /// What to do about it.
            pub const fn solution(self) -> &'static [&'static str] {
                self.entry().solution()
            }

            /// Whether retrying the same request may succeed.
            pub const fn retryable(self) -> bool {
                self.entry().retryable()
            }

            /// The documentation URL of this code.
            pub const fn docs_url(self) -> ::core::option::Option<&'static str> {
                self.entry().docs_url()
            }

            /// The docs grouping.
            pub const fn category(self) -> ::core::option::Option<&'static str> {
                self.entry().category()
            }

            /// The deprecation note.
            pub const fn deprecated(self) -> ::core::option::Option<&'static str> {
                self.entry().deprecated()
            }

            /// The version that introduced the code.
            pub const fn since(self) -> ::core::option::Option<&'static str> {
                self.entry().since()
            }

            /// The canonical gRPC code name.
            pub const fn grpc(self) -> &'static str {
                self.entry().grpc()
            }

            /// True when the message is for logs only.
            pub const fn internal(self) -> bool {
                self.entry().internal()
            }

            /// The code clients see (differs for an entry with `expose_as`).
            pub const fn public_code(self) -> &'static str {
                self.entry().public_code()
            }

            /// The status clients see.
            pub const fn public_status(self) -> $crate::__private_0_1_0::http::StatusCode {
                $crate::__private_0_1_0::status(self.entry().public_status())
            }

            /// The names of the code's fields.
            pub const fn fields(self) -> &'static [&'static str] {
                self.entry().fields()
            }
        }

        impl ::core::fmt::Debug for $code {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.entry().name())
            }
        }

        impl ::core::fmt::Display for $code {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::core::str::FromStr for $code {
            type Err = $crate::__private_0_1_0::UnknownCode;

            fn from_str(code: &str) -> ::core::result::Result<Self, Self::Err> {
                static LOOKUP: $crate::__private_0_1_0::Lookup = $crate::__private_0_1_0::Lookup::new();
                match LOOKUP.find(Self::table(), code).and_then(|row| Self::ALL.get(row)) {
                    ::core::option::Option::Some(code) => ::core::result::Result::Ok(*code),
                    ::core::option::Option::None => {
                        ::core::result::Result::Err($crate::__private_0_1_0::UnknownCode::new(code))
                    }
                }
            }
        }

        $(#[$error_attr])*
        // Every catalog field type is `Clone` and `PartialEq` (not `Eq`: `f64`), so tests can
        // compare errors, a client's rebuilt one with the one raised. `PartialEq` is written
        // below, over the args visitor: a derived one is a match arm per variant.
        #[derive(Clone)]
        // Each variant is documented on the code's variant of the same name (its doc says so);
        // the fields' docs, when the catalog gives them, are on both (`fields_doc`).
        #[allow(missing_docs, clippy::large_enum_variant, clippy::enum_variant_names)]
        pub enum $error {
            $(
                $(#[doc = $fields_doc])?
                $(#[deprecated = $note])?
                $variant $({
                    $(
                        $field: $crate::__private_0_1_0::field::$ty $(<
                            $crate::__private_0_1_0::field::$arg $(<
                                $crate::__private_0_1_0::field::$arg2
                            >)?
                        >)?
                    ),*
                })?,
            )*
        }

        #[allow(deprecated)]
        impl $error {
            /// The code of this error (the real one, also for an entry with `expose_as`).
            pub const fn kind(&self) -> $code {
                match *self {
                    $($error::$variant { .. } => $code::$variant,)*
                }
            }
        }

        #[allow(deprecated)]
        impl $crate::__private_0_1_0::ApiError for $error {
            fn __entry(&self) -> &'static $crate::__private_0_1_0::Entry {
                self.kind().entry()
            }

            // Written by errcat-codegen: one arm per shape of fields, not per variant (at
            // 10,000 codes, one arm per variant cost `cargo check` 1 s more).
            $($args)*
        }

        impl ::core::fmt::Display for $error {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::__private_0_1_0::display(self, f)
            }
        }

        impl ::core::fmt::Debug for $error {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::__private_0_1_0::debug(self, self.kind().entry().name(), f)
            }
        }

        impl ::core::error::Error for $error {}

        impl ::core::cmp::PartialEq for $error {
            fn eq(&self, other: &Self) -> bool {
                self.kind() == other.kind() && $crate::__private_0_1_0::fields_eq(self, other)
            }
        }

        impl ::core::convert::From<&$error> for $code {
            fn from(error: &$error) -> $code {
                error.kind()
            }
        }

        // The client parser reads the codes' compiled entries (errcat::client::Parser).
        impl $crate::__private_0_1_0::CatalogCode for $code {
            fn all() -> &'static [Self] {
                Self::ALL
            }

            fn entry(self) -> &'static $crate::__private_0_1_0::Entry {
                $code::entry(self)
            }
        }

        // axum `IntoResponse` / actix-web `ResponseError`, when errcat has those features.
        $crate::__impl_frameworks!(impl {} for {$error} {});

        // The client's typed errors (`ParsedError::typed`), when errcat has feature `client`.
        $crate::__impl_client!($error for $code { $($variant $({ $($field)* })?)* });

        // `ErrorCode` as its code string, `Error` as its body, when errcat has feature `serde`.
        $crate::__impl_serde!($error for $code);

        // Every code's OpenAPI response (and utoipa `IntoResponses`, with that feature).
        $crate::__impl_responses!(impl {} for {$error} {} fn(f) {
            $crate::__private_0_1_0::responses($code::ALL.iter().map(|code| code.entry()), f)
        });
    };
}
