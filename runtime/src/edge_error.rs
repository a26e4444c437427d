//! The framework-free half of the edges: what happened at an edge ([`Rejection`]: the edge and
//! the values it fills) and the same answered with the catalog's entry ([`EdgeError`], an
//! [`ApiError`]). The rules the framework adapters share are in `edge_rules.rs`.

use std::borrow::Cow;
use std::error::Error as StdError;

use crate::edges::{Edge, EdgeValue, Edges};
use crate::private::{Arg, Entry};
use crate::{render, ApiError, Context};

type Source = Box<dyn StdError + Send + Sync>;

/// A value filled into the entry's field of the same name.
#[derive(Debug, Clone, PartialEq)]
enum Filled {
    Text(Cow<'static, str>),
    Integer(u64),
}

/// A request that failed at one of the framework's edges (a body that is not JSON, an unknown
/// route, a panicking handler, ...), with the values that edge fills ([`Edge::values`]). It
/// becomes a response in the catalog's envelope once it is answered with the entry the
/// catalog's `edges:` names ([`Rejection::answer`]); the framework layers and the drop-in
/// extractors do that with the `EDGES` their layer was given.
///
/// ```
/// use errcat::{Edge, EdgeValue, Rejection};
/// let rejection = Rejection::new(Edge::InvalidBody)
///     .text(EdgeValue::Field, "items[2].price")
///     .text(EdgeValue::Reason, "invalid type: string \"x\", expected a number")
///     // Not a value of this edge: dropped.
///     .integer(EdgeValue::MaxBytes, 10);
/// assert_eq!(rejection.get_text(EdgeValue::Field), Some("items[2].price"));
/// assert_eq!(rejection.get_integer(EdgeValue::MaxBytes), None);
/// ```
pub struct Rejection {
    edge: Edge,
    values: Vec<(EdgeValue, Filled)>,
    source: Option<Source>,
}

impl Rejection {
    /// The edge, no value filled yet.
    pub fn new(edge: Edge) -> Rejection {
        Rejection {
            edge,
            values: Vec::new(),
            source: None,
        }
    }

    /// Fills the text `value`. A value the edge does not fill, or the integer one, is dropped:
    /// the checker has made sure the entry's fields are values of its edge.
    pub fn text(self, value: EdgeValue, text: impl Into<Cow<'static, str>>) -> Rejection {
        let filled = Filled::Text(text.into());
        self.fill(value, !value.is_integer(), filled)
    }

    /// Fills the integer `value` (`max_bytes`); dropped as in [`Rejection::text`].
    pub fn integer(self, value: EdgeValue, n: u64) -> Rejection {
        self.fill(value, value.is_integer(), Filled::Integer(n))
    }

    fn fill(mut self, value: EdgeValue, right_kind: bool, filled: Filled) -> Rejection {
        if right_kind && self.edge.values().contains(&value) {
            self.values.retain(|(v, _)| *v != value);
            self.values.push((value, filled));
        }
        self
    }

    /// The error behind it (the framework's rejection, the panic), for logs: it is the
    /// [`EdgeError`]'s `source()`, never in a body.
    pub fn source(mut self, source: impl Into<Source>) -> Rejection {
        self.source = Some(source.into());
        self
    }

    pub fn edge(&self) -> Edge {
        self.edge
    }

    /// The text filled into `value`, if any.
    pub fn get_text(&self, value: EdgeValue) -> Option<&str> {
        self.values.iter().find_map(|(v, filled)| match filled {
            Filled::Text(text) if *v == value => Some(text.as_ref()),
            _ => None,
        })
    }

    /// The integer filled into `value`, if any.
    pub fn get_integer(&self, value: EdgeValue) -> Option<u64> {
        self.values.iter().find_map(|(v, filled)| match filled {
            Filled::Integer(n) if *v == value => Some(*n),
            _ => None,
        })
    }

    /// The request context to render it with: `base` (the request's) plus, when a field is
    /// at fault, `$field` and a field error for it carrying the reason.
    pub fn context(&self, base: &Context) -> Context {
        let mut ctx = base.clone();
        if let Some(field) = self.get_text(EdgeValue::Field) {
            let reason = self.get_text(EdgeValue::Reason).unwrap_or("is invalid");
            ctx = ctx
                .field(field.to_owned())
                .field_error(field.to_owned(), reason.to_owned());
        }
        ctx
    }

    /// Answered with the entry `edges` names for this edge; the rejection back when the
    /// catalog names none (the framework's own response then stands).
    pub fn answer(self, edges: &Edges) -> Result<EdgeError, Rejection> {
        match edges.entry(self.edge) {
            Some(entry) => Ok(EdgeError {
                rejection: self,
                entry,
            }),
            None => Err(self),
        }
    }

    /// The status and plain text a framework answers with when no catalog code is set (no
    /// layer, or an `edges:` without this edge): the edge's usual status and its reason.
    pub fn plain(&self) -> (u16, String) {
        let text = match (
            self.get_text(EdgeValue::Field),
            self.get_text(EdgeValue::Reason),
        ) {
            (Some(field), Some(reason)) => format!("{field}: {reason}"),
            (None, Some(reason)) => reason.to_owned(),
            _ => self.edge.name().replace('_', " "),
        };
        (self.edge.default_status(), text)
    }

    /// The arg of the entry field `name`: the value of that name, or absent.
    fn arg(&self, name: &str) -> Arg<'_> {
        let Some(value) = EdgeValue::named(name) else {
            return Arg::Absent;
        };
        match self.values.iter().find(|(v, _)| *v == value) {
            Some((_, Filled::Text(text))) => Arg::Str(text.as_ref()),
            Some(&(_, Filled::Integer(n))) => Arg::U64(n),
            None => Arg::Absent,
        }
    }
}

impl core::fmt::Debug for Rejection {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut s = f.debug_struct("Rejection");
        s.field("edge", &self.edge.name());
        for (value, filled) in &self.values {
            s.field(value.name(), filled);
        }
        s.finish()
    }
}

impl core::fmt::Display for Rejection {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.plain().1)
    }
}

impl StdError for Rejection {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

/// A [`Rejection`] answered with its catalog entry: an [`ApiError`] whose fields are the
/// edge's values, by name (an entry field no value fills is absent). `Display` is the entry's
/// message with them; `source()` is the rejection's source. Render it with
/// [`EdgeError::context`] so the failing field reaches `$field` and `$errors`.
pub struct EdgeError {
    rejection: Rejection,
    entry: &'static Entry,
}

impl EdgeError {
    pub fn edge(&self) -> Edge {
        self.rejection.edge
    }

    pub fn rejection(&self) -> &Rejection {
        &self.rejection
    }

    /// The request context plus the failing field (see [`Rejection::context`]).
    pub fn context(&self, base: &Context) -> Context {
        self.rejection.context(base)
    }
}

/// An edge's code is the one the catalog's `edges:` names, known from the [`Edges`] a layer
/// was given, not from the type: `openapi::add_edges` documents them per operation.
///
/// [`Edges`]: crate::Edges
impl crate::openapi::Responses for EdgeError {
    fn for_each_response(_: &mut dyn FnMut(crate::openapi::CodeResponse)) {}
}

impl ApiError for EdgeError {
    fn __entry(&self) -> &'static Entry {
        self.entry
    }

    fn __args(&self, f: &mut dyn FnMut(&[Arg<'_>])) {
        let args: Vec<Arg<'_>> = self
            .entry
            .fields()
            .iter()
            .map(|name| self.rejection.arg(name))
            .collect();
        f(&args);
    }
}

impl core::fmt::Display for EdgeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        render::display(self, f)
    }
}

impl core::fmt::Debug for EdgeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EdgeError")
            .field("code", &self.entry.code())
            .field("rejection", &self.rejection)
            .finish()
    }
}

impl StdError for EdgeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        StdError::source(&self.rejection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_keeps_only_the_values_of_its_edge() {
        let rejection = Rejection::new(Edge::RouteNotFound)
            .text(EdgeValue::Method, "GET")
            .text(EdgeValue::Path, "/nope")
            .text(EdgeValue::Reason, "dropped")
            .text(EdgeValue::MaxBytes, "not an integer");
        assert_eq!(rejection.get_text(EdgeValue::Method), Some("GET"));
        assert_eq!(rejection.get_text(EdgeValue::Reason), None);
        assert_eq!(rejection.get_integer(EdgeValue::MaxBytes), None);
        assert_eq!(rejection.plain(), (404, "route not found".to_owned()));
        // Nothing to answer with: the rejection comes back.
        assert!(rejection.answer(&Edges::NONE).is_err());
    }
}
