//! The OpenAPI responses of catalog errors, per error type: an operation's error type is the
//! list of codes it can return, and [`Responses`] says what each of them documents.
//!
//! The generated `Error` and every `#[derive(ApiError)]` type implement [`Responses`]: one
//! [`CodeResponse`] per code (a transparent variant brings in its inner type's), whose
//! Response object errcat-codegen computed when it compiled the catalog and left as text in the
//! generated code. The text is parsed only when a document is built.
//!
//! With the `utoipa` feature, every such type is a `utoipa::IntoResponses`, usable in
//! `#[utoipa::path(..., responses((status = 200, body = Book), GetBookError))]`: one response
//! per status, each code in it distinguishable (a `oneOf` of per-code schemas, an example named
//! by each code, their headers). [`add_edges`] then adds, to every operation of a document,
//! the responses of the framework edges it can meet (a bad JSON body, a path parameter that
//! does not parse, a panic, a timeout).

/// One code an error type can answer with, and its OpenAPI Response object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeResponse {
    code: &'static str,
    status: u16,
    response: &'static str,
}

impl CodeResponse {
    /// Generated code only (through the runtime's hidden module).
    #[doc(hidden)]
    pub const fn new(code: &'static str, status: u16, response: &'static str) -> CodeResponse {
        CodeResponse {
            code,
            status,
            response,
        }
    }

    /// The code clients see (a masked code answers as its exposed one).
    pub const fn code(&self) -> &'static str {
        self.code
    }

    /// The status the code is sent with.
    pub fn status(&self) -> http::StatusCode {
        crate::private::status(self.status)
    }

    /// The OpenAPI 3.1 Response object of this code alone, as JSON: `description`, `headers`
    /// (`Retry-After`, the catalog's), and under its content type the code's own body schema
    /// and its example body, named by the code. It names no component.
    pub const fn response_json(&self) -> &'static str {
        self.response
    }
}

/// The codes an error type can answer with, and what each documents in OpenAPI.
///
/// Implemented by the generated `Error` (every code of the catalog) and by
/// `#[derive(ApiError)]` (the codes of its variants, and the codes of each transparent
/// variant's inner type): a handler's error type is the declaration of the codes it returns.
///
/// The generated `Error` carries its codes' responses only with errcat's `openapi` feature
/// (which `utoipa` turns on): without it, it lists none. A derived type always carries those
/// of its own variants.
pub trait Responses {
    /// Calls `f` with each code, in declaration order (named apart from utoipa's
    /// `IntoResponses::responses`, which a type has too with the `utoipa` feature). A code may
    /// come more than once (two variants bound to it); [`responses`] lists each once.
    ///
    /// (`Self: Sized` keeps `dyn ApiError` possible: `Responses` is a supertrait of it.)
    fn for_each_response(f: &mut dyn FnMut(CodeResponse))
    where
        Self: Sized;
}

/// Every code of `T` with its response, each code once, in declaration order.
pub fn responses<T: Responses>() -> Vec<CodeResponse> {
    let mut all: Vec<CodeResponse> = Vec::new();
    T::for_each_response(&mut |response| {
        if !all.iter().any(|r| r.code == response.code) {
            all.push(response);
        }
    });
    all
}

#[cfg(feature = "utoipa")]
pub use with_utoipa::{add_edges, into_responses};

#[cfg(feature = "utoipa")]
mod with_utoipa {
    use std::collections::BTreeMap;

    use errcat_contract::openapi::{codes, merge_status};
    use serde_json::Value;
    use utoipa::openapi::path::{Operation, ParameterIn};
    use utoipa::openapi::{OpenApi, RefOr, Response};

    use super::{responses, CodeResponse, Responses};
    use crate::{Edge, Edges};

    fn reason(status: u16) -> &'static str {
        http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error")
    }

    fn parsed(response: &CodeResponse) -> Option<Value> {
        serde_json::from_str(response.response).ok()
    }

    /// The responses of `T` by status (`"404"`, ...), what `utoipa::IntoResponses` returns for
    /// it: codes sharing a status merged into one response (`errcat_contract::openapi`'s
    /// rule). A response that does not parse into utoipa's model is left out, never a panic
    /// (errcat-codegen writes every one, so none is).
    pub fn into_responses<T: Responses>() -> BTreeMap<String, RefOr<Response>> {
        let all = responses::<T>();
        let mut statuses: Vec<u16> = all.iter().map(|r| r.status).collect();
        statuses.sort_unstable();
        statuses.dedup();
        let mut map = BTreeMap::new();
        for status in statuses {
            let own: Vec<Value> = all
                .iter()
                .filter(|r| r.status == status)
                .filter_map(parsed)
                .collect();
            let merged = merge_status(reason(status), &own);
            if let Ok(response) = serde_json::from_value::<Response>(merged) {
                map.insert(status.to_string(), RefOr::T(response));
            }
        }
        map
    }

    /// Adds to each operation of `openapi` the responses of the framework edges it can meet,
    /// answered as `edges` says (the generated `EDGES`):
    /// - a JSON request body: malformed JSON, a body of the wrong shape, a missing or wrong
    ///   content type, a body over the limit;
    /// - a form request body: a form that does not parse, content type, size;
    /// - a path parameter (in `parameters`, or a `{name}` in the path): one that does not parse;
    /// - a query parameter: a query that does not parse;
    /// - every operation: a panicking handler, a timeout.
    ///
    /// A code the operation already documents is not added again; a status it already has a
    /// response for gets the edge's code merged into it. An edge the catalog names no code
    /// for adds nothing.
    pub fn add_edges(openapi: &mut OpenApi, edges: &Edges) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let shared_path_params = item
                .parameters
                .iter()
                .flatten()
                .any(|p| p.parameter_in == ParameterIn::Path);
            let shared_query = item
                .parameters
                .iter()
                .flatten()
                .any(|p| p.parameter_in == ParameterIn::Query);
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ];
            for operation in operations.into_iter().flatten() {
                let met = edges_met(
                    operation,
                    path.contains('{') || shared_path_params,
                    shared_query,
                );
                add_responses(operation, edges, &met);
            }
        }
    }

    /// The edges `operation` can meet.
    fn edges_met(operation: &Operation, has_path_params: bool, shared_query: bool) -> Vec<Edge> {
        let params = operation.parameters.iter().flatten();
        let has_path_params =
            has_path_params || params.clone().any(|p| p.parameter_in == ParameterIn::Path);
        let has_query =
            shared_query || params.clone().any(|p| p.parameter_in == ParameterIn::Query);
        let body_types: Vec<&str> = operation
            .request_body
            .iter()
            .flat_map(|body| body.content.keys())
            .map(String::as_str)
            .collect();
        let json = body_types.iter().any(|t| is_json(t));
        let form = body_types
            .iter()
            .any(|t| t.starts_with("application/x-www-form-urlencoded"));
        let mut met = Vec::new();
        if json {
            met.extend([Edge::MalformedJson, Edge::InvalidBody]);
        }
        if form {
            met.push(Edge::InvalidForm);
        }
        if json || form {
            met.extend([Edge::UnsupportedMediaType, Edge::PayloadTooLarge]);
        }
        if has_path_params {
            met.push(Edge::InvalidPath);
        }
        if has_query {
            met.push(Edge::InvalidQuery);
        }
        met.extend([Edge::Panic, Edge::Timeout]);
        met
    }

    /// `application/json`, `application/problem+json`, `application/vnd.x+json; charset=..`.
    fn is_json(content_type: &str) -> bool {
        let essence = content_type.split(';').next().unwrap_or("").trim();
        essence == "application/json" || essence.ends_with("+json")
    }

    fn add_responses(operation: &mut Operation, edges: &Edges, met: &[Edge]) {
        let existing = &mut operation.responses.responses;
        // The codes the operation documents already.
        let mut documented: Vec<String> = existing
            .values()
            .filter_map(|r| serde_json::to_value(r).ok())
            .flat_map(|r| codes(&r).into_iter().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        for edge in met {
            let Some(entry) = edges.entry(*edge) else {
                continue;
            };
            let code = entry.public_code();
            if documented.iter().any(|c| c == code) {
                continue;
            }
            let Some(own) = entry
                .response()
                .and_then(|r| serde_json::from_str::<Value>(r).ok())
            else {
                continue;
            };
            let status = entry.public_status();
            let key = status.to_string();
            let mut parts = Vec::new();
            match existing.get(&key) {
                Some(RefOr::T(theirs)) => {
                    if let Ok(theirs) = serde_json::to_value(theirs) {
                        parts.push(theirs);
                    }
                }
                // A `$ref`ed response is the user's to keep: the edge's code is not merged
                // into a shared component.
                Some(RefOr::Ref(_)) => continue,
                None => {}
            }
            parts.push(own);
            if let Ok(merged) =
                serde_json::from_value::<Response>(merge_status(reason(status), &parts))
            {
                existing.insert(key, RefOr::T(merged));
                documented.push(code.to_owned());
            }
        }
    }
}

/// Re-exports for the `__impl_utoipa!` expansion.
#[cfg(feature = "utoipa")]
#[doc(hidden)]
pub mod __reexport {
    pub use std::collections::BTreeMap;
    pub use std::string::String;
    pub use utoipa::openapi::{RefOr, Response};
    pub use utoipa::IntoResponses;
}
