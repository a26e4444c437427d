//! The keys an entry may leave out whose values are plain (text, lists of text, booleans, a
//! gRPC code name), each read and, when left out, given the default the spec says.

use crate::load::{Key, Node};
use crate::model::{self, GrpcCode};

use super::entry::RawEntry;
use super::report::{suggest, with_help, At};
use super::Checker;

/// An entry's plain keys, written or defaulted.
pub(super) struct Plain {
    /// Default: the status' reason phrase.
    pub title: String,
    pub cause: Vec<String>,
    pub solution: Vec<String>,
    pub category: Option<String>,
    /// Default: true for 429, 500, 502, 503 and 504.
    pub retryable: bool,
    /// Default: true for 500.
    pub internal: bool,
    /// `deprecated: true` is a deprecation without a note (an empty one).
    pub deprecated: Option<String>,
    pub since: Option<String>,
    /// Default: the usual mapping of the status to gRPC.
    pub grpc: GrpcCode,
}

/// The value of a key, if it is written.
fn value<'n>(slot: Option<(&'n Key, &'n Node)>) -> Option<&'n Node> {
    slot.map(|(_, v)| v)
}

impl<'s> Checker<'_, 's> {
    /// Reads the plain keys in this order (their problems are reported in it) and fills in
    /// the defaults for the ones left out.
    pub(super) fn plain_keys(&self, at: At<'_, 's>, raw: &RawEntry<'_>, status: u16) -> Plain {
        Plain {
            title: value(raw.title)
                .and_then(|v| self.string(at, "title", v))
                .unwrap_or_else(|| default_title(status)),
            cause: value(raw.cause).map_or_else(Vec::new, |v| self.strings(at, "cause", v)),
            solution: value(raw.solution)
                .map_or_else(Vec::new, |v| self.strings(at, "solution", v)),
            category: value(raw.category).and_then(|v| self.string(at, "category", v)),
            retryable: value(raw.retryable)
                .and_then(|v| self.bool(at, "retryable", v))
                .unwrap_or(model::default_retryable(status)),
            internal: value(raw.internal)
                .and_then(|v| self.bool(at, "internal", v))
                .unwrap_or(status == 500),
            deprecated: value(raw.deprecated).and_then(|v| match v.as_scalar() {
                Some(s) if s.as_bool() == Some(true) => Some(String::new()),
                Some(s) if s.as_bool() == Some(false) => None,
                _ => self.string(at, "deprecated", v),
            }),
            since: value(raw.since).and_then(|v| self.string(at, "since", v)),
            grpc: value(raw.grpc)
                .and_then(|v| self.grpc(at, v))
                .unwrap_or(GrpcCode::from_status(status)),
        }
    }

    /// Rule: `grpc` is a canonical gRPC code name.
    fn grpc(&self, at: At<'_, 's>, node: &Node) -> Option<GrpcCode> {
        let name = self.string(at, "grpc", node)?;
        let code = GrpcCode::from_name(&name);
        if code.is_none() {
            self.push(with_help(
                at.error(node.pos, "grpc", format!("unknown gRPC code `{name}`")),
                suggest(&name, GrpcCode::ALL.iter().map(|g| g.as_str())),
            ));
        }
        code
    }
}

/// The status' reason phrase, or "Client Error" / "Server Error" for an unassigned status.
fn default_title(status: u16) -> String {
    model::reason_phrase(status)
        .unwrap_or(if status < 500 {
            "Client Error"
        } else {
            "Server Error"
        })
        .to_owned()
}
