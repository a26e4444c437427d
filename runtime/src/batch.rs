//! Batch results (seed 001): one response for many operations, `207 Multi-Status` when some
//! failed, each failed item carrying its error in the catalog's envelope.
//!
//! ```json
//! {"success_count":8,"error_count":2,"results":[
//!   {"id":"doc1","status":"success"},
//!   {"id":"doc2","status":"error","error":"Validation failed"}]}
//! ```
//!
//! A failed item is `{"id":..,"status":"error"}` followed by the members of the error's own
//! body, so the per-item error has exactly the shape the same error has on its own (seed 001's
//! `{"error": "..."}`), and a client parses both with the same code.

use crate::json;
use crate::{ApiError, Context};

/// Builds a batch result; items stay in the order they are added.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// The items, comma-separated, without the brackets.
    results: Vec<u8>,
    success_count: u64,
    error_count: u64,
    scratch: Vec<u8>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    /// An item that succeeded.
    pub fn success(&mut self, id: &str) -> &mut Batch {
        self.open_item(id, "success");
        self.results.push(b'}');
        self.success_count += 1;
        self
    }

    /// An item that failed with `error`, rendered with `ctx` as a response body would be.
    pub fn error<E: ApiError + ?Sized>(
        &mut self,
        id: &str,
        error: &E,
        ctx: &Context,
    ) -> &mut Batch {
        self.open_item(id, "error");
        self.scratch.clear();
        error.write_json(ctx, &mut self.scratch);
        match self.scratch.strip_prefix(b"{") {
            // `{}`: nothing to add.
            Some(b"}") => self.results.push(b'}'),
            Some(members) => {
                self.results.push(b',');
                self.results.extend_from_slice(members);
            }
            // An envelope that is not an object goes in whole under `error`.
            None => {
                self.results.extend_from_slice(b",\"error\":");
                self.results.extend_from_slice(&self.scratch);
                self.results.push(b'}');
            }
        }
        self.error_count += 1;
        self
    }

    fn open_item(&mut self, id: &str, status: &str) {
        if !self.results.is_empty() {
            self.results.push(b',');
        }
        self.results.extend_from_slice(b"{\"id\":");
        json::string_into(id, &mut self.results);
        self.results.extend_from_slice(b",\"status\":");
        json::string_into(status, &mut self.results);
    }

    pub fn success_count(&self) -> u64 {
        self.success_count
    }

    pub fn error_count(&self) -> u64 {
        self.error_count
    }

    /// `207 Multi-Status` when any item failed, `200 OK` when all succeeded.
    pub fn status(&self) -> http::StatusCode {
        if self.error_count > 0 {
            http::StatusCode::MULTI_STATUS
        } else {
            http::StatusCode::OK
        }
    }

    /// Appends the result body to `out`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"success_count\":");
        out.extend_from_slice(self.success_count.to_string().as_bytes());
        out.extend_from_slice(b",\"error_count\":");
        out.extend_from_slice(self.error_count.to_string().as_bytes());
        out.extend_from_slice(b",\"results\":[");
        out.extend_from_slice(&self.results);
        out.extend_from_slice(b"]}");
    }

    pub fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(self.results.len() + 64);
        self.write_json(&mut out);
        // Built from UTF-8 pieces and JSON-escaped strings only.
        String::from_utf8(out).unwrap_or_default()
    }
}
