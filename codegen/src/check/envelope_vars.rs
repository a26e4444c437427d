//! The `$name` variables of an envelope: tallied per entry, reported once per variable.

use std::rc::Rc;

use crate::diag::closest;
use crate::envelope::VarUse;
use crate::load::SourceFile;
use crate::model::Var;

use super::fields::FieldSet;
use super::Checker;

/// What an envelope's variables need from the entries that use it, tallied while the entries
/// are checked and reported once per variable (not once per entry).
pub(super) struct EnvelopeUse<'s> {
    /// The file and variable uses of a catalog-written template; presets have none to report.
    pub source: Option<(Rc<SourceFile<'s>>, Vec<VarUse>)>,
    pub uses_details: bool,
    /// Names of `$name` entry-field variables.
    pub field_vars: Vec<String>,
    /// Per entry of `field_vars`: entries lacking the field (count, first one's index).
    pub missing: Vec<(usize, Option<usize>)>,
    pub users: usize,
}

impl<'s> EnvelopeUse<'s> {
    pub(super) fn new(source: Option<(Rc<SourceFile<'s>>, Vec<VarUse>)>) -> EnvelopeUse<'s> {
        let mut field_vars = Vec::new();
        let mut uses_details = false;
        if let Some((_, uses)) = &source {
            for u in uses {
                match &u.var {
                    Var::EntryField(name) => field_vars.push(name.clone()),
                    Var::Details => uses_details = true,
                    _ => {}
                }
            }
        }
        let missing = vec![(0, None); field_vars.len()];
        EnvelopeUse {
            source,
            uses_details,
            field_vars,
            missing,
            users: 0,
        }
    }
}

impl<'s> Checker<'_, 's> {
    /// Counts, for the entry's envelope, which `$name` variables the entry lacks (reported
    /// once per variable in [`Checker::report_envelope_vars`]), and marks the fields the
    /// envelope reads as used.
    pub(super) fn tally_envelope_vars(
        &mut self,
        envelope: usize,
        index: usize,
        fields: &mut FieldSet,
    ) {
        let Some(u) = self.envelope_uses.get_mut(envelope) else {
            return;
        };
        u.users += 1;
        for (i, name) in u.field_vars.iter().enumerate() {
            if !fields.mark_used(name) {
                let m = &mut u.missing[i];
                m.0 += 1;
                m.1.get_or_insert(index);
            }
        }
        if u.uses_details {
            fields.used.iter_mut().for_each(|u| *u = true);
        }
    }

    /// Rule: a required `$name` that is not built in must be a field of every entry using the
    /// envelope; an optional one must be a field of at least one (else it is likely a typo).
    pub(super) fn report_envelope_vars(&self) {
        for u in &self.envelope_uses {
            let Some((file, uses)) = &u.source else {
                continue;
            };
            if u.users == 0 {
                continue;
            }
            let field_uses = uses.iter().filter(|v| matches!(v.var, Var::EntryField(_)));
            for (i, var_use) in field_uses.enumerate() {
                let name = var_use.var.name();
                let Some(&(missing, first)) = u.missing.get(i) else {
                    continue;
                };
                let near_builtin = closest(name, Var::BUILTIN);
                let message = if var_use.optional && missing < u.users {
                    continue;
                } else if var_use.optional {
                    format!("`${name}?` is not a built-in variable and no entry using this format has a field `{name}`")
                } else if missing == 0 {
                    continue;
                } else {
                    let code = first.map_or("", |f| self.entries[f].code.as_str());
                    let others = match missing - 1 {
                        0 => String::new(),
                        1 => " (and 1 other entry using this format)".to_owned(),
                        n => format!(" (and {n} other entries using this format)"),
                    };
                    format!("`${name}` is not a built-in variable and `{code}` has no field `{name}`{others}")
                };
                let mut d = file.error(var_use.pos, "", message);
                d.help = Some(match near_builtin {
                    Some(near) => format!("did you mean `${near}`?"),
                    None if var_use.optional => format!("declare `{name}` under `fields:` of the entries that carry it"),
                    None => format!(
                        "declare `{name}` under `fields:` of every entry using this format, or write `${name}?` to leave the member out when absent"
                    ),
                });
                if let Some(first) = first.filter(|_| !var_use.optional) {
                    d.notes.push((
                        self.entries[first].location.clone(),
                        "entry without the field".into(),
                    ));
                }
                self.push(d);
            }
        }
    }
}
