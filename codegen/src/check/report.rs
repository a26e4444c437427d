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
    /// The keys of this entry that another file wrote (an include's `overrides`): their
    /// values, and so their problems, are in that file.
    pub overlay: Option<&'a Overlay<'s>>,
}

/// Keys of an included entry that the including file replaced, and where it wrote them.
pub(super) struct Overlay<'s> {
    /// The including file.
    pub file: Rc<SourceFile<'s>>,
    /// The key path of the entry's overrides there: `include[1].overrides.NOT_FOUND`.
    pub path: String,
    /// The entry keys written there.
    pub keys: Vec<String>,
}

impl<'a, 's> At<'a, 's> {
    /// The top of `file`.
    pub(super) fn top(file: &'a Rc<SourceFile<'s>>) -> At<'a, 's> {
        At {
            file,
            entry: None,
            overlay: None,
        }
    }

    /// The overlay that holds `key` (an entry-relative path such as `fields.id.type`), if
    /// the key is one the including file wrote.
    fn overlay_of(&self, key: &str) -> Option<&'a Overlay<'s>> {
        let overlay = self.overlay?;
        let first = key.split(['.', '[']).next().unwrap_or_default();
        overlay.keys.iter().any(|k| k == first).then_some(overlay)
    }

    /// The file where the value of `key` is written: where positions inside it are counted.
    pub(super) fn file_of(&self, key: &str) -> &'a Rc<SourceFile<'s>> {
        self.overlay_of(key).map_or(self.file, |o| &o.file)
    }

    pub(super) fn path(&self, key: &str) -> String {
        if let Some(overlay) = self.overlay_of(key) {
            return format!("{}.{key}", overlay.path);
        }
        match self.entry {
            None => key.to_owned(),
            Some(i) if key.is_empty() => format!("errors[{i}]"),
            Some(i) if key.starts_with('[') => format!("errors[{i}]{key}"),
            Some(i) => format!("errors[{i}].{key}"),
        }
    }

    pub(super) fn error(&self, pos: Pos, key: &str, message: impl Into<String>) -> Diagnostic {
        self.file_of(key).error(pos, &self.path(key), message)
    }

    pub(super) fn warning(&self, pos: Pos, key: &str, message: impl Into<String>) -> Diagnostic {
        self.file_of(key)
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
