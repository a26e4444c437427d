//! An entry's fields: declared ones, implicit ones from message placeholders, and the
//! placeholders of headers and `retry_after`, which must name one.

use crate::diag::closest;
use crate::keys::FIELD_KEYS;
use crate::load::{Key, Kind, Node, Pos, Scalar};
use crate::model::{Field, FieldType, Header, Template};
use crate::names;

use super::code::Code;
use super::position::placeholder_pos_in;
use super::report::{suggest, with_help, At};
use super::Checker;

/// An entry's fields while it is checked: declared ones first (with where they are
/// declared), then implicit ones from message placeholders; `used` covers the declared ones.
pub(super) struct FieldSet {
    pub all: Vec<(Field, Pos)>,
    pub declared: usize,
    pub used: Vec<bool>,
}

impl FieldSet {
    pub(super) fn new(declared: Vec<(Field, Pos)>) -> FieldSet {
        let n = declared.len();
        FieldSet {
            all: declared,
            declared: n,
            used: vec![false; n],
        }
    }

    /// Marks `name` used; false when the entry has no such field.
    pub(super) fn mark_used(&mut self, name: &str) -> bool {
        match self.all.iter().position(|f| f.0.name == name) {
            Some(i) => {
                if i < self.declared {
                    self.used[i] = true;
                }
                true
            }
            None => false,
        }
    }

    fn unused_declared(&self) -> impl Iterator<Item = &str> + Clone {
        self.all[..self.declared]
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|(f, _)| f.0.name.as_str())
    }

    /// The entry's fields once every rule that reads or adds them has run.
    pub(super) fn into_fields(self) -> Vec<Field> {
        self.all.into_iter().map(|(f, _)| f).collect()
    }
}

impl<'s> Checker<'_, 's> {
    /// Rule: fields are `name: {type, doc, optional}` (or `name: type`), names valid, types known.
    pub(super) fn fields(&self, at: At<'_, 's>, written: Option<(&Key, &Node)>) -> FieldSet {
        FieldSet::new(match written {
            Some((_, v)) => self.declared_fields(at, v),
            None => Vec::new(),
        })
    }

    fn declared_fields(&self, at: At<'_, 's>, node: &Node) -> Vec<(Field, Pos)> {
        let mut out = Vec::new();
        self.map(at, "fields", node, &[], |k, v| {
            // Key paths are formatted only when something is reported: this runs for every
            // field of every entry.
            let key = || format!("fields.{}", k.text);
            let sub = |name: &str| format!("fields.{}.{name}", k.text);
            if let Some(problem) = names::field_name_problem(&k.text) {
                self.push(at.error(k.pos, &key(), problem));
            }
            let mut field = Field {
                name: k.text.to_string(),
                ty: FieldType::String,
                doc: None,
                optional: false,
            };
            match &v.kind {
                Kind::Scalar(s) if s.is_null() => {}
                Kind::Scalar(_) => {
                    if let Some(ty) = self.field_type(at, key, v) {
                        field.ty = ty;
                    }
                }
                Kind::Map(entries) => {
                    for (fk, fv) in entries {
                        match &*fk.text {
                            "type" => {
                                if let Some(ty) = self.field_type(at, || sub("type"), fv) {
                                    field.ty = ty;
                                }
                            }
                            "doc" => {
                                field.doc = match fv.as_scalar() {
                                    Some(s) if !s.is_null() => Some(s.text.clone()),
                                    _ => self.string(at, &sub("doc"), fv),
                                }
                            }
                            "optional" => {
                                field.optional = match fv.as_scalar().and_then(Scalar::as_bool) {
                                    Some(b) => b,
                                    None => self.bool(at, &sub("optional"), fv).unwrap_or(false),
                                }
                            }
                            _ => self.unknown_key(at, &key(), fk, FIELD_KEYS),
                        }
                    }
                }
                Kind::Seq(_) => self.push(with_help(
                    at.error(
                        v.pos.start(),
                        &key(),
                        format!(
                            "expected a field type or a mapping for `{}`, found a list",
                            k.text
                        ),
                    ),
                    "write `name: u32` or `name: { type: u32, doc: ..., optional: true }`",
                )),
            }
            out.push((field, k.pos));
            true
        });
        out
    }

    /// Rule: a field type is one of the known types.
    fn field_type(
        &self,
        at: At<'_, 's>,
        key: impl Fn() -> String,
        node: &Node,
    ) -> Option<FieldType> {
        if let Some(ty) = node.as_scalar().and_then(|s| FieldType::from_name(&s.text)) {
            return Some(ty);
        }
        let key = key();
        let name = self.string(at, &key, node)?;
        let ty = FieldType::from_name(&name);
        if ty.is_none() {
            self.push(with_help(
                at.error(node.pos, &key, format!("unknown field type `{name}`")),
                suggest(&name, FieldType::ALL.iter().map(|t| t.as_str())),
            ));
        }
        ty
    }

    /// Rule: a message placeholder names a declared field, or becomes an implicit `string`
    /// field, unless it is one edit away from a declared field nothing else uses: a typo of
    /// that field is far likelier than a new field.
    pub(super) fn message_fields(
        &self,
        at: At<'_, 's>,
        message: Option<&(Template, Pos)>,
        written: Option<(&Key, &Node)>,
        fields: &mut FieldSet,
    ) {
        let Some((template, _)) = message else {
            return;
        };
        let node = written.map(|(_, v)| v);
        for name in template.placeholders() {
            if fields.mark_used(name) {
                continue;
            }
            let unused_near = closest(name, fields.unused_declared());
            if let Some(near) = unused_near {
                let help = format!("did you mean `{{{near}}}`?");
                self.push(with_help(
                    at.error(
                        placeholder_pos_in(at.file_of("message"), node, name),
                        "message",
                        format!("placeholder `{{{name}}}` names no declared field"),
                    ),
                    help,
                ));
                continue;
            }
            fields.all.push((
                Field {
                    name: name.to_owned(),
                    ty: FieldType::String,
                    doc: None,
                    optional: false,
                },
                Pos::default(),
            ));
        }
    }

    /// Rule: header and `retry_after` placeholders name a declared field or a message
    /// placeholder; they never create fields.
    pub(super) fn templates_name_fields(
        &self,
        at: At<'_, 's>,
        code: &Code,
        headers: &[Header],
        header_nodes: &[&Node],
        retry_after: Option<(&Template, &Node)>,
        fields: &mut FieldSet,
    ) {
        let templates = headers
            .iter()
            .zip(header_nodes)
            .map(|(h, node)| (&h.value, "headers", *node))
            .chain(retry_after.map(|(t, node)| (t, "retry_after", node)));
        for (template, key, node) in templates {
            self.placeholders_name_fields(at, &code.text, key, template, node, fields);
        }
    }

    fn placeholders_name_fields(
        &self,
        at: At<'_, 's>,
        code: &str,
        key: &str,
        template: &Template,
        node: &Node,
        fields: &mut FieldSet,
    ) {
        for name in template.placeholders() {
            if fields.mark_used(name) {
                continue;
            }
            let help = match closest(name, fields.all.iter().map(|f| f.0.name.as_str())) {
                Some(near) => format!("did you mean `{{{near}}}`?"),
                None => format!("declare `{name}` under `fields:` or use it in the message"),
            };
            self.push(with_help(
                at.error(
                    placeholder_pos_in(at.file_of(key), Some(node), name),
                    key,
                    format!("placeholder `{{{name}}}` names no field of `{code}`"),
                ),
                help,
            ));
        }
    }

    /// Rule (warning): a declared field that nothing uses is probably a leftover or a typo.
    pub(super) fn unused_fields(&self, at: At<'_, 's>, fields: &FieldSet) {
        for (i, (field, pos)) in fields.all[..fields.declared].iter().enumerate() {
            // An invalid name has its own error; calling it unused too would be noise.
            if !fields.used[i] && names::field_name_problem(&field.name).is_none() {
                self.push(with_help(
                    at.warning(
                        *pos,
                        &format!("fields.{}", field.name),
                        format!(
                            "field `{}` is not used by the message, headers, retry_after or the envelope",
                            field.name
                        ),
                    ),
                    format!("use `{{{}}}` in the message, or remove the field", field.name),
                ));
            }
        }
    }
}
