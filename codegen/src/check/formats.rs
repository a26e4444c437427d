//! Envelopes: the catalog's `format`, the named `formats`, and an entry's `format`.

use crate::diag::closest;
use crate::envelope;
use crate::load::{Key, Node};
use crate::model::{self, Envelope, Var};

use super::envelope_vars::EnvelopeUse;
use super::report::{suggest, with_help, At};
use super::Checker;

impl<'s> Checker<'_, 's> {
    /// Envelope 0 is `format` (default `problem`), then every `formats` entry in order.
    pub(super) fn envelopes_of(
        &mut self,
        at: At<'_, 's>,
        format: Option<(&Key, &Node)>,
        formats: Option<&Node>,
    ) {
        match format {
            Some((_, node)) => self.envelope(at, "format", "format", node),
            None => self.add_preset(envelope::PRESETS[0].name),
        };
        if let Some(formats) = formats {
            let mut named = Vec::new();
            self.map(at, "formats", formats, &[], |k, v| {
                named.push((k, v));
                true
            });
            for (k, v) in named {
                let index = self.envelope(at, &format!("formats.{}", k.text), &k.text, v);
                self.format_names.insert(k.text.to_string(), index);
            }
        }
    }

    /// Rule: an envelope is a preset name or a template. Returns its index.
    fn envelope(&mut self, at: At<'_, 's>, key: &str, name: &str, node: &Node) -> usize {
        if let Some(s) = node.as_scalar() {
            if !s.text.starts_with('$') {
                if envelope::preset(&s.text).is_none() {
                    self.push(with_help(
                        at.error(node.pos, key, format!("unknown format `{}`", s.text)),
                        match closest(&s.text, envelope::preset_names()) {
                            Some(near) => {
                                format!("did you mean `{near}`? (or write the body as a template)")
                            }
                            None => format!(
                                "{}, or a template",
                                suggest(&s.text, envelope::preset_names())
                            ),
                        },
                    ));
                    // Stand in the default so entries can still be checked.
                    return self.add_preset(envelope::PRESETS[0].name);
                }
                return self.add_preset(&s.text);
            }
        }
        let mut uses = Vec::new();
        let body = envelope::parse_body(at.file, node, self.cx, &mut uses);
        self.envelopes.push(Envelope {
            name: name.to_owned(),
            content_type: envelope::JSON.to_owned(),
            body,
        });
        self.envelope_uses
            .push(EnvelopeUse::new(Some((at.file.clone(), uses))));
        self.envelopes.len() - 1
    }

    /// Adds a preset's envelope (once) and returns its index.
    fn add_preset(&mut self, name: &str) -> usize {
        if let Some(i) = self.envelopes.iter().position(|e| e.name == name) {
            return i;
        }
        let envelope = envelope::preset(name).and_then(|p| p.envelope());
        match envelope {
            Some(envelope) => {
                let uses_details = contains_var(&envelope.body, &Var::Details);
                self.envelopes.push(envelope);
                let mut u = EnvelopeUse::new(None);
                u.uses_details = uses_details;
                self.envelope_uses.push(u);
                self.envelopes.len() - 1
            }
            None => 0,
        }
    }

    /// Rule: an entry's `format` names a `formats` template or a preset; without one, the
    /// entry uses the catalog's `format` (envelope 0).
    pub(super) fn entry_format(&mut self, at: At<'_, 's>, written: Option<(&Key, &Node)>) -> usize {
        let Some((_, node)) = written else {
            return 0;
        };
        let Some(name) = self.string(at, "format", node) else {
            return 0;
        };
        if let Some(&i) = self.format_names.get(&name) {
            return i;
        }
        if envelope::preset(&name).is_some() {
            let i = self.add_preset(&name);
            self.format_names.insert(name, i);
            return i;
        }
        let candidates: Vec<&str> = self
            .format_names
            .keys()
            .map(String::as_str)
            .chain(envelope::PRESETS.iter().map(|p| p.name))
            .collect();
        self.push(with_help(
            at.error(node.pos, "format", format!("unknown format `{name}`")),
            suggest(&name, candidates.iter().copied()),
        ));
        0
    }
}

/// True when the envelope template reads `var` anywhere.
fn contains_var(node: &model::Node, var: &Var) -> bool {
    match node {
        model::Node::Object(members) => members.iter().any(|m| contains_var(&m.value, var)),
        model::Node::Array(items) => items.iter().any(|n| contains_var(n, var)),
        model::Node::Var(v) => v == var,
        model::Node::Literal(_) => false,
    }
}
