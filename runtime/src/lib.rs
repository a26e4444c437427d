//! errcat: API errors from one catalog.

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
