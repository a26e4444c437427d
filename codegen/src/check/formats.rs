//! Envelopes: the catalog's `format`, the named `formats`, and an entry's `format`.

use crate::diag::closest;
use crate::envelope;
use crate::load::{Key, Kind, Node};
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
        let (content_type, body) = self.template_settings(at, key, node);
        let mut uses = Vec::new();
        let body = envelope::parse_body(at.file, &body, self.cx, &mut uses);
        self.envelopes.push(Envelope {
            name: name.to_owned(),
            content_type: content_type.unwrap_or_else(|| envelope::JSON.to_owned()),
            body,
        });
        self.envelope_uses
            .push(EnvelopeUse::new(Some((at.file.clone(), uses))));
        self.envelopes.len() - 1
    }

    /// Rule: the top-level keys of a template that start with `$` are its settings, not
    /// members of the body: `$content_type` is the media type it is sent as (default
    /// `application/json`), a `type/subtype` that is valid in a header; any other `$key` is
    /// an error. Returns the content type and the body without its settings.
    fn template_settings(&self, at: At<'_, 's>, key: &str, node: &Node) -> (Option<String>, Node) {
        const SETTINGS: &[&str] = &[CONTENT_TYPE];
        let mut body = node.clone();
        let mut content_type = None;
        let Kind::Map(members) = &mut body.kind else {
            return (None, body);
        };
        let mut settings = Vec::new();
        members.retain(|(k, v)| {
            let is_setting = k.text.starts_with('$') && !k.text.starts_with("$$");
            if is_setting {
                settings.push((k.clone(), v.clone()));
            }
            !is_setting
        });
        for (k, v) in settings {
            let path = format!("{key}.{}", k.text);
            if &*k.text != CONTENT_TYPE {
                let mut d = at.error(
                    k.pos,
                    &path,
                    format!("unknown template setting `{}`", k.text),
                );
                d.help = Some(format!(
                    "{} (a body member whose name starts with `$` is written `$${}`)",
                    suggest(&k.text, SETTINGS.iter().copied()),
                    &k.text[1..]
                ));
                self.push(d);
                continue;
            }
            let Some(text) = self.string(at, &path, &v) else {
                continue;
            };
            if is_media_type(&text) {
                content_type = Some(text);
            } else {
                self.push(with_help(
                    at.error(v.pos, &path, format!("`{text}` is not a media type")),
                    "write `type/subtype`, e.g. `application/problem+json` or `application/vnd.acme.error+json`",
                ));
            }
        }
        // `$$name` keys are members named `$name`.
        for (k, _) in members.iter_mut() {
            if let Some(rest) = k.text.strip_prefix("$$") {
                k.text = format!("${rest}").into();
            }
        }
        (content_type, body)
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

/// The template setting that names the content type.
const CONTENT_TYPE: &str = "$content_type";

/// `type/subtype` with optional `; parameters`, in the characters a header value and RFC 6838
/// names allow.
fn is_media_type(text: &str) -> bool {
    let essence = text.split(';').next().unwrap_or_default().trim();
    let name = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    let params_ok = text.bytes().all(|b| b.is_ascii_graphic() || b == b' ');
    matches!(essence.split_once('/'), Some((t, s)) if name(t) && name(s)) && params_ok
}

#[cfg(test)]
mod tests {
    use crate::model::{Node, Value};

    #[test]
    fn a_template_names_its_content_type_and_dollar_dollar_keys_are_members() {
        let catalog = crate::load_str(
            "c.yaml",
            "service: S\nformat:\n  $content_type: application/problem+json\n  code: $code\n  \
             $$schema: x\nformats:\n  plain: { message: $message }\n\
             errors:\n  - code: A\n    status: 400\n    message: a\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            catalog.envelopes[0].content_type,
            "application/problem+json"
        );
        assert_eq!(catalog.envelopes[1].content_type, "application/json");
        let Node::Object(members) = &catalog.envelopes[0].body else {
            panic!("not an object")
        };
        let keys: Vec<&str> = members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["code", "$schema"]);
        assert!(matches!(&members[1].value, Node::Literal(Value::String(s)) if s == "x"));
    }

    #[test]
    fn media_types_are_type_slash_subtype() {
        for ok in [
            "application/json",
            "application/vnd.acme+json; charset=utf-8",
        ] {
            assert!(super::is_media_type(ok), "{ok}");
        }
        for bad in [
            "json",
            "application/",
            "/json",
            "a b/c",
            "application/json\r\nX: 1",
        ] {
            assert!(!super::is_media_type(bad), "{bad}");
        }
    }
}
