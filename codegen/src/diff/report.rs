//! The two reports of a [`Diff`]: text for people, JSON for tools. The JSON's shape is stable
//! and described by `docs/diff.schema.json`:
//!
//! ```json
//! {
//!   "breaking": true,
//!   "changes": [
//!     { "kind": "status", "code": "A", "breaking": true, "breaks": ["clients"],
//!       "before": "404", "after": "410", "message": "`A`: status 404 -> 410" }
//!   ]
//! }
//! ```
//!
//! `kind` is a [`ChangeKind`](super::ChangeKind) spelling; `breaks` lists who the change
//! breaks (`clients`, `rust`), empty for a compatible one; `before` and `after` are text or
//! `null`. New kinds may be added in a minor release; nothing else changes without a major
//! one.

use std::fmt::Write as _;

use serde_json::{json, Value as Json};

use super::{Change, Diff};

impl Diff {
    /// One line per change, `breaking: ...` or `compatible: ...`, then the counts.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for change in &self.changes {
            let label = if change.is_breaking() {
                "breaking"
            } else {
                "compatible"
            };
            let _ = writeln!(out, "{label}: {}", change.message);
        }
        let broken = self.changes.iter().filter(|c| c.is_breaking()).count();
        let compatible = self.changes.len() - broken;
        let _ = writeln!(
            out,
            "{broken} breaking, {compatible} compatible change{}",
            if compatible == 1 { "" } else { "s" }
        );
        out
    }

    /// The JSON report (see the module docs for its shape).
    pub fn to_json(&self) -> Json {
        json!({
            "breaking": self.is_breaking(),
            "changes": self.changes.iter().map(change).collect::<Vec<_>>(),
        })
    }
}

fn change(change: &Change) -> Json {
    let mut breaks = Vec::new();
    if change.breaks.clients {
        breaks.push("clients");
    }
    if change.breaks.rust {
        breaks.push("rust");
    }
    json!({
        "kind": change.kind.as_str(),
        "code": change.code,
        "breaking": change.is_breaking(),
        "breaks": breaks,
        "before": change.before,
        "after": change.after,
        "message": change.message,
    })
}
