//! Where a value is, and how its problems are said: the file and key path of a
//! diagnostic, help lines and "did you mean".

use std::rc::Rc;

use crate::diag::{closest, Diagnostic, Severity};
use crate::load::{Pos, SourceFile};

/// The context of a value being read: its file and key path, for diagnostics.
#[derive(Clone, Copy)]
pub(super) struct At<'a, 's> {
    pub file: &'a Rc<SourceFile<'s>>,
    /// The index of the entry under `errors` being read, `None` at the top. The key path
    /// (`errors[3].status`) is only formatted when something is reported.
    pub entry: Option<usize>,
}

impl At<'_, '_> {
    pub(super) fn path(&self, key: &str) -> String {
        match self.entry {
            None => key.to_owned(),
            Some(i) if key.is_empty() => format!("errors[{i}]"),
            Some(i) if key.starts_with('[') => format!("errors[{i}]{key}"),
            Some(i) => format!("errors[{i}].{key}"),
        }
    }

    pub(super) fn error(&self, pos: Pos, key: &str, message: impl Into<String>) -> Diagnostic {
        self.file.error(pos, &self.path(key), message)
    }

    pub(super) fn warning(&self, pos: Pos, key: &str, message: impl Into<String>) -> Diagnostic {
        self.file
            .diag(Severity::Warning, pos, &self.path(key), message)
    }
}

pub(super) fn with_help(mut d: Diagnostic, help: impl Into<String>) -> Diagnostic {
    d.help = Some(help.into());
    d
}

/// "did you mean `x`?" when a candidate is close, else "expected one of `a`, `b`, ...".
pub(super) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    match closest(word, candidates.clone()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => {
            let all: Vec<String> = candidates.into_iter().map(|c| format!("`{c}`")).collect();
            format!("expected one of {}", all.join(", "))
        }
    }
}
