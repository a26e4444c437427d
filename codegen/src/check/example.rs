//! An entry's `example`: values for its fields, each of the field's type.

use crate::load::{Key, Kind, Node};
use crate::model::{Field, FieldType, Value};

use super::report::{suggest, with_help, At};
use super::Checker;

impl<'s> Checker<'_, 's> {
    /// Rule: `example` gives values to the entry's fields, each of the field's type. Fields
    /// without one get a value made from the field's type and name.
    pub(super) fn example(
        &self,
        at: At<'_, 's>,
        written: Option<(&Key, &Node)>,
        fields: &[Field],
    ) -> Vec<(String, Value)> {
        let mut given: Vec<(&str, Value)> = Vec::new();
        if let Some((_, node)) = written {
            self.map(at, "example", node, &[], |k, v| {
                let key = format!("example.{}", k.text);
                match fields.iter().find(|f| f.name == k.text) {
                    None => self.push(with_help(
                        at.error(
                            k.pos,
                            &key,
                            format!("`example` names `{}`, which is not a field", k.text),
                        ),
                        suggest(&k.text, fields.iter().map(|f| f.name.as_str())),
                    )),
                    Some(field) => {
                        if let Some(value) = self.example_value(at, &key, v, field) {
                            given.push((field.name.as_str(), value));
                        }
                    }
                }
                true
            });
        }
        fields
            .iter()
            .map(|f| {
                let value = given
                    .iter()
                    .position(|(n, _)| *n == f.name)
                    .map(|i| given.swap_remove(i).1)
                    .unwrap_or_else(|| placeholder_value(f));
                (f.name.clone(), value)
            })
            .collect()
    }

    fn example_value(
        &self,
        at: At<'_, 's>,
        key: &str,
        node: &Node,
        field: &Field,
    ) -> Option<Value> {
        let mismatch = || {
            let mut d = at.error(
                node.pos.start(),
                key,
                format!(
                    "example value for `{}` is {}, but the field is `{}`",
                    field.name,
                    node.describe(),
                    field.ty.as_str()
                ),
            );
            d.help = Some(
                match field.ty {
                    FieldType::String => "write any text",
                    FieldType::I64 => "an `i64` is a whole number from -9223372036854775808 to 9223372036854775807",
                    FieldType::U32 => "a `u32` is a whole number from 0 to 4294967295",
                    FieldType::U64 => "a `u64` is a whole number from 0 to 18446744073709551615",
                    FieldType::F64 => "an `f64` is a number such as `1.5`",
                    FieldType::Bool => "write `true` or `false`",
                    FieldType::ListString => "write a list of strings: `[a, b]`",
                }
                .into(),
            );
            self.push(d);
            None
        };
        if node.is_null() {
            if field.optional {
                return Some(Value::Null);
            }
            return mismatch();
        }
        match field.ty {
            FieldType::ListString => match &node.kind {
                Kind::Seq(items) => {
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        match item.as_scalar() {
                            Some(s) if !s.is_null() => out.push(Value::String(s.text.clone())),
                            _ => return mismatch(),
                        }
                    }
                    Some(Value::Array(out))
                }
                _ => mismatch(),
            },
            ty => {
                let Some(s) = node.as_scalar() else {
                    return mismatch();
                };
                let ok = match ty {
                    FieldType::String => return Some(Value::String(s.text.clone())),
                    FieldType::Bool => return s.as_bool().map(Value::Bool).or_else(mismatch),
                    FieldType::I64 => s.as_int_text().is_some_and(|t| t.parse::<i64>().is_ok()),
                    FieldType::U32 => s.as_int_text().is_some_and(|t| t.parse::<u32>().is_ok()),
                    FieldType::U64 => s.as_int_text().is_some_and(|t| t.parse::<u64>().is_ok()),
                    FieldType::F64 => s.as_json_number().is_some(),
                    FieldType::ListString => false,
                };
                if ok {
                    Some(Value::Number(s.text.trim_start_matches('+').to_owned()))
                } else {
                    mismatch()
                }
            }
        }
    }
}

/// A placeholder value for a field without an example, from its type and name.
fn placeholder_value(field: &Field) -> Value {
    match field.ty {
        FieldType::String => Value::String(field.name.clone()),
        FieldType::I64 | FieldType::U32 | FieldType::U64 => Value::Number("42".into()),
        FieldType::F64 => Value::Number("1.5".into()),
        FieldType::Bool => Value::Bool(true),
        FieldType::ListString => Value::Array(vec![Value::String(field.name.clone())]),
    }
}
