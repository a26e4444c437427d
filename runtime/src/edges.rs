//! What a catalog answers the framework's own edges with ([`Edge`]: a body that is not JSON, an
//! unknown route, a panicking handler, ...). The catalog's `edges:` key names a code for each;
//! generated code carries the answers as `pub static EDGES: errcat::Edges`, which the framework
//! layers take.

pub use errcat_contract::edge::{Edge, EdgeValue};

use crate::private::Entry;

/// The entry each [`Edge`] answers with, as the catalog's `edges:` says (generated as
/// `EDGES`). An edge the catalog names no code for has none: the layers then leave the
/// framework's own response as it is.
#[derive(Clone, Copy)]
pub struct Edges {
    answers: &'static [(Edge, &'static Entry)],
}

impl Edges {
    /// No edge answered: every framework response is left as it is.
    pub const NONE: Edges = Edges { answers: &[] };

    /// The answers, one per edge at most. Generated code only.
    #[doc(hidden)]
    pub const fn new(answers: &'static [(Edge, &'static Entry)]) -> Edges {
        Edges { answers }
    }

    /// The entry `edge` answers with.
    pub fn entry(&self, edge: Edge) -> Option<&'static Entry> {
        self.answers
            .iter()
            .find(|(e, _)| *e == edge)
            .map(|(_, entry)| *entry)
    }

    /// The code `edge` answers with (the code clients see).
    pub fn code(&self, edge: Edge) -> Option<&'static str> {
        self.entry(edge).map(Entry::public_code)
    }

    /// Every edge with an answer, and its entry.
    pub fn iter(&self) -> impl Iterator<Item = (Edge, &'static Entry)> + '_ {
        self.answers.iter().copied()
    }
}

impl core::fmt::Debug for Edges {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_map()
            .entries(
                self.answers
                    .iter()
                    .map(|(e, entry)| (e.name(), entry.code())),
            )
            .finish()
    }
}
