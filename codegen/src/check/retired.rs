//! `retired`: codes no longer in use, each with the version that retired it and a note, and
//! the rule that no entry takes one of them again (rustc never reuses an error code: a client
//! that still handles the old meaning would misread the new one).

use std::collections::HashMap;

use crate::diag::closest;
use crate::keys::RETIRED_KEYS;
use crate::load::{Kind, Node, Pos};
use crate::model::Retired;

use super::report::{with_help, At};
use super::Checker;

/// The retired codes as checked, and where each was written, for the rules across entries.
#[derive(Default)]
pub(super) struct RetiredCodes {
    pub list: Vec<Retired>,
    /// Code -> index in `list`, with where its `code:` value is.
    by_code: HashMap<String, (usize, Pos)>,
    /// Each `replaced_by` with where it is written and the index of its item, resolved once
    /// every entry is known.
    replacements: Vec<(String, Pos, usize)>,
}

impl<'s> Checker<'_, 's> {
    /// Rule: `retired` is a list of `{code, version, note, replaced_by?}`; a code is retired
    /// once.
    pub(super) fn retired(&mut self, at: At<'_, 's>, node: &Node) {
        let Kind::Seq(items) = &node.kind else {
            if !node.is_null() {
                self.push(at.error(
                    node.pos.start(),
                    "retired",
                    format!(
                        "expected a list of retired codes for `retired`, found {}",
                        node.describe()
                    ),
                ));
            }
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let key = format!("retired[{i}]");
            let mut values: [Option<&Node>; 4] = [None; 4];
            let is_map = self.map(at, &key, item, RETIRED_KEYS, |k, v| {
                match RETIRED_KEYS.iter().position(|known| *known == k.text) {
                    Some(slot) => values[slot] = Some(v),
                    None => return false,
                }
                true
            });
            if !is_map {
                continue;
            }
            let [code, version, note, replaced_by] = values;
            let text = |name: &str, value: Option<&Node>| match value {
                Some(v) => {
                    let text = self.string(at, &format!("{key}.{name}"), v);
                    if text.as_deref() == Some("") {
                        self.push(at.error(
                            v.pos.start(),
                            &format!("{key}.{name}"),
                            format!("`{name}` is empty"),
                        ));
                    }
                    text.filter(|t| !t.is_empty()).map(|t| (t, v.pos))
                }
                None if name == "replaced_by" => None,
                None => {
                    self.push(with_help(
                        at.error(
                            item.pos.start(),
                            &key,
                            format!("missing required key `{name}`"),
                        ),
                        "a retired code says which version retired it and why: \
                         `{code: X, version: 2.0.0, note: ...}`",
                    ));
                    None
                }
            };
            let code = text("code", code);
            let version = text("version", version);
            let note = text("note", note);
            let replaced_by = text("replaced_by", replaced_by);
            let (Some((code, code_pos)), Some((version, _)), Some((note, _))) =
                (code, version, note)
            else {
                continue;
            };
            if let Some(&(_, first)) = self.retired.by_code.get(&code) {
                let mut d = at.error(
                    code_pos,
                    &format!("{key}.code"),
                    format!("`{code}` is retired more than once"),
                );
                d.notes
                    .push((at.file.location(first), "first retired here".into()));
                self.push(d);
                continue;
            }
            if let Some((replacement, pos)) = &replaced_by {
                self.retired
                    .replacements
                    .push((replacement.clone(), *pos, i));
            }
            let index = self.retired.list.len();
            self.retired.by_code.insert(code.clone(), (index, code_pos));
            self.retired.list.push(Retired {
                code,
                version,
                note,
                replaced_by: replaced_by.map(|(r, _)| r),
            });
        }
    }

    /// Rule: no entry has a retired code.
    pub(super) fn code_not_retired(&self, at: At<'_, 's>, code: &str, pos: Pos) {
        let Some(&(index, retired_at)) = self.retired.by_code.get(code) else {
            return;
        };
        let retired = &self.retired.list[index];
        let mut d = at.error(
            pos,
            "code",
            format!(
                "`{code}` was retired in {}: a retired code is never reused",
                retired.version
            ),
        );
        // `retired` is a root key, so the place it was retired is in the root file.
        if let Some(root) = self.files.first() {
            d.notes
                .push((root.location(retired_at), "retired here".into()));
        }
        d.help = Some(match &retired.replaced_by {
            Some(replacement) => format!(
                "clients that still handle `{code}` would misread this entry; give it a new code \
                 (`{code}` is replaced by `{replacement}`)"
            ),
            None => format!(
                "clients that still handle `{code}` would misread this entry; give it a new code"
            ),
        });
        self.push(d);
    }

    /// Rule: `replaced_by` names an entry of the catalog.
    pub(super) fn replacements_exist(&self) {
        let Some(root) = self.files.first() else {
            return;
        };
        for (replacement, pos, item) in &self.retired.replacements {
            if self
                .codes
                .get(replacement, |i| {
                    self.entries.get(i).map(|e| e.code.as_str())
                })
                .is_none()
            {
                let mut d = root.error(
                    *pos,
                    &format!("retired[{item}].replaced_by"),
                    format!(
                        "`replaced_by` names `{replacement}`, which is not a code of the catalog"
                    ),
                );
                let codes = self.entries.iter().map(|e| e.code.as_str());
                d.help = Some(match closest(replacement, codes) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "name the entry that clients should handle instead".into(),
                });
                self.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostic;
    use crate::model::Retired;

    fn errors(src: &str) -> Vec<Diagnostic> {
        match crate::load_str("c.yaml", src) {
            Ok(_) => Vec::new(),
            Err(e) => e.into_diagnostics(),
        }
    }

    const RETIRED: &str = "retired:\n\
        - code: OLD\n  version: 2.0.0\n  note: gone\n  replaced_by: NEW\n";

    #[test]
    fn retired_codes_reach_the_model() {
        let src =
            format!("service: S\n{RETIRED}errors:\n- code: NEW\n  status: 400\n  message: m\n");
        let catalog = crate::load_str("c.yaml", &src).expect("valid");
        assert_eq!(
            catalog.retired,
            [Retired {
                code: "OLD".into(),
                version: "2.0.0".into(),
                note: "gone".into(),
                replaced_by: Some("NEW".into()),
            }]
        );
    }

    #[test]
    fn an_entry_reusing_a_retired_code_is_located_at_its_code() {
        let src = format!(
            "service: S\n{RETIRED}errors:\n- code: NEW\n  status: 400\n  message: m\n\
             - code: OLD\n  status: 404\n  message: m\n"
        );
        let errors = errors(&src);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let d = &errors[0];
        assert_eq!(
            d.message,
            "`OLD` was retired in 2.0.0: a retired code is never reused"
        );
        assert_eq!((d.location.line, d.location.col), (11, 9));
        assert_eq!(d.key, "errors[1].code");
        assert_eq!(d.notes[0].0.line, 3);
        assert!(d.help.as_deref().is_some_and(|h| h.contains("`NEW`")));
    }

    #[test]
    fn retired_items_are_complete_unique_and_replaced_by_an_entry() {
        let src = "service: S\nretired:\n\
            - code: A\n  version: 1.0.0\n  note: x\n  replaced_by: Z\n\
            - code: A\n  version: 1.1.0\n  note: y\n\
            - code: B\n  note: z\n\
            - code: C\n  version: 1.0.0\n  note: w\n  replace_by: D\n\
            errors:\n- code: E\n  status: 400\n  message: m\n";
        let messages: Vec<String> = errors(src).into_iter().map(|d| d.message).collect();
        assert_eq!(
            messages,
            [
                "`A` is retired more than once",
                "missing required key `version`",
                "unknown key `replace_by`",
                "`replaced_by` names `Z`, which is not a code of the catalog",
            ]
        );
    }

    #[test]
    fn only_the_root_retires_codes() {
        let dir = std::env::temp_dir().join(format!("errcat-retired-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("more.yaml"), RETIRED).unwrap();
        std::fs::write(
            dir.join("root.yaml"),
            "service: S\ninclude: more.yaml\nerrors:\n- code: A\n  status: 400\n  message: m\n",
        )
        .unwrap();
        let result = crate::load(dir.join("root.yaml"));
        let _ = std::fs::remove_dir_all(&dir);
        let messages: Vec<String> = match result {
            Ok(_) => Vec::new(),
            Err(e) => e
                .into_diagnostics()
                .into_iter()
                .map(|d| d.message)
                .collect(),
        };
        assert_eq!(messages, ["`retired` is only allowed in the root catalog"]);
    }
}
