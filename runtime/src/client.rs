//! The client half: an error response of any catalog envelope back into a typed code, the
//! message, the details, and retry advice.
//!
//! Where the code and message sit in a body is the envelope's business (`error.code` in seed
//! 003, `code` in seed 002, nowhere at all in seed 001's `{"error": "..."}`), and a client only
//! has the generated tables. So the generator writes the *shape* of every envelope into the
//! table (errcat-contract's `Shape`: the path of the code, the status number, the message, the
//! details object, the field errors, the request id and `$retry_after`, and the envelope's
//! literal members), and the parser (`Parser`, feature `client`) reads it. Parsing a body is
//! then a few path lookups per shape; the shape that explains the most of the body wins. A code the catalog does not know is kept as
//! [`Code::Unknown`], never dropped; an envelope without a code member is matched by status
//! and message against the catalog's message templates.
//!
//! [`ParsedError::typed`] turns the parsed error into the catalog's generated `Error`, fields
//! and all ([`Typed`]; its module docs say which fields a body carries and which it cannot),
//! and [`RetryAdvice::decide`](crate::retry::RetryAdvice::decide) says whether to retry under
//! a [`RetryPolicy`](crate::retry::RetryPolicy), and when to give up.
//!
//! ```ignore
//! let parser = errcat::client::Parser::<ErrorCode>::for_catalog();   // once
//! let parsed = parser.parse(status, retry_after_header, &body_bytes);
//! match parsed.typed::<Error>() {
//!     Typed::Known(Error::TokenExpired) => refresh_and_retry(),
//!     Typed::Known(Error::TableNotFound { table }) => create(table),
//!     _ => match parsed.retry.decide(&policy, attempt) {
//!         RetryDecision::Retry(wait) => sleep(wait),
//!         RetryDecision::GiveUp(why) => give_up(why, parsed.message),
//!     },
//! }
//! ```

use core::fmt::Debug;
use core::str::FromStr;

use crate::private::Entry;

/// What the client needs of a catalog's code enum: every code and its compiled entry. The
/// generated `ErrorCode` implements it.
pub trait CatalogCode: Copy + PartialEq + Debug + FromStr + 'static {
    /// Every code, in catalog order.
    fn all() -> &'static [Self];
    /// The compiled entry of this code.
    fn entry(self) -> &'static Entry;
}

/// The code of a parsed error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code<C> {
    /// A code of the catalog.
    Known(C),
    /// A code the catalog does not have (a newer server); kept verbatim.
    Unknown(String),
}

/// A code serializes as its string (feature `serde`), known or not.
#[cfg(feature = "serde")]
impl<C: ::serde::Serialize> ::serde::Serialize for Code<C> {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Code::Known(code) => code.serialize(serializer),
            Code::Unknown(code) => serializer.serialize_str(code),
        }
    }
}

/// A code deserializes from its string: [`Code::Known`] when the catalog has it, else
/// [`Code::Unknown`] (never an error: a newer server's code is kept).
#[cfg(feature = "serde")]
impl<'de, C: FromStr> ::serde::Deserialize<'de> for Code<C> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Ok(match code.parse() {
            Ok(known) => Code::Known(known),
            Err(_) => Code::Unknown(code),
        })
    }
}

impl<C> Code<C> {
    pub fn known(&self) -> Option<&C> {
        match self {
            Code::Known(code) => Some(code),
            Code::Unknown(_) => None,
        }
    }
}

#[cfg(feature = "client")]
mod parse;
#[cfg(feature = "client")]
mod typed;
#[cfg(feature = "client")]
pub use parse::{ParsedError, Parser};
#[cfg(feature = "client")]
pub use typed::{CatalogError, Typed, UnknownError};
#[cfg(feature = "client")]
#[doc(hidden)]
pub use typed::{Fields, FromField};

/// `CatalogError` for a generated `Error` (feature `client`): one match arm per code naming its
/// variant, each field read with `Fields::take` in catalog order. Everything else the client
/// does is table-driven runtime code; without the feature this expands to nothing, so a
/// server-only crate pays for none of it.
#[cfg(feature = "client")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_client {
    ($error:ident for $code:ident { $($variant:ident $({ $($field:ident)* })?)* }) => {
        #[allow(deprecated)]
        impl $crate::client::CatalogError for $error {
            type Code = $code;

            #[allow(unused_variables)]
            fn __build(
                code: $code,
                fields: &mut $crate::client::Fields<'_>,
            ) -> ::core::option::Option<Self> {
                ::core::option::Option::Some(match code {
                    $($code::$variant => $error::$variant $({ $($field: fields.take()?,)* })?,)*
                })
            }
        }
    };
}

#[cfg(not(feature = "client"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_client {
    ($($any:tt)*) => {};
}
