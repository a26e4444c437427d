//! `expose_as`: resolved once every entry is known.

use std::rc::Rc;

use crate::diag::{closest, Diagnostic, Severity};
use crate::load::{Key, Node, Pos, SourceFile};
use crate::model::EntryId;

use super::report::At;
use super::Checker;

/// A reference to resolve once every entry is known.
pub(super) struct ExposeRef<'s> {
    pub entry: usize,
    pub target: String,
    pub file: Rc<SourceFile<'s>>,
    pub pos: Pos,
    pub key: String,
}

impl<'s> Checker<'_, 's> {
    /// Rule: `expose_as` is a code, kept to resolve once every entry is known (see
    /// [`Checker::resolve_exposes`]).
    pub(super) fn expose_as(
        &mut self,
        at: At<'_, 's>,
        written: Option<(&Key, &Node)>,
        entry: usize,
    ) {
        let Some((_, v)) = written else {
            return;
        };
        if let Some(target) = self.string(at, "expose_as", v) {
            self.exposes.push(ExposeRef {
                entry,
                target,
                file: at.file_of("expose_as").clone(),
                pos: v.pos,
                key: at.path("expose_as"),
            });
        }
    }

    /// Rule: `expose_as` names another entry's code, which is not itself exposed as another.
    pub(super) fn resolve_exposes(&mut self) {
        for r in std::mem::take(&mut self.exposes) {
            let target = self
                .codes
                .get(&r.target, |i| self.entries.get(i).map(|e| e.code.as_str()));
            match target {
                Some(target) if target == r.entry => {
                    self.push(
                        r.file
                            .error(r.pos, &r.key, "an entry cannot be exposed as itself"),
                    );
                }
                Some(target) => self.entries[r.entry].expose_as = Some(EntryId::new(target)),
                None => {
                    let mut d = r.file.error(
                        r.pos,
                        &r.key,
                        format!(
                            "`expose_as` names `{}`, which is not a code in the catalog",
                            r.target
                        ),
                    );
                    if let Some(near) =
                        closest(&r.target, self.entries.iter().map(|e| e.code.as_str()))
                    {
                        d.help = Some(format!("did you mean `{near}`?"));
                    }
                    self.push(d);
                }
            }
        }
        for i in 0..self.entries.len() {
            if let Some(target) = self.entries[i].expose_as {
                if let Some(next) = self.entries[target].expose_as {
                    let entry = &self.entries[i];
                    let mut d = Diagnostic {
                        severity: Severity::Error,
                        location: entry.location.clone(),
                        key: String::new(),
                        message: format!(
                            "`{}` is exposed as `{}`, which is itself exposed as `{}`",
                            entry.code, self.entries[target].code, self.entries[next].code
                        ),
                        source_line: None,
                        notes: Vec::new(),
                        help: Some(format!(
                            "expose `{}` as `{}` directly",
                            entry.code, self.entries[next].code
                        )),
                    };
                    d.source_line = self
                        .files
                        .iter()
                        .find(|f| f.path == entry.location.file)
                        .and_then(|f| f.line(entry.location.line).map(str::to_owned));
                    self.push(d);
                }
            }
        }
    }
}
