//! A parsed error back to the catalog's typed `Error`: [`ParsedError::typed`].
//!
//! What the generated code contributes is one match from each code to its variant, the fields
//! taken in catalog order ([`crate::__impl_client`]); where each field's value is in a body is
//! read from the table, by this one function for every code:
//!
//! 1. a `$<name>` member of the envelope (`tier: $tier?`): its JSON value, exactly;
//! 2. the `$details` object's member of that name: its JSON value, exactly (an object without
//!    it means an optional field that was `None`);
//! 3. the message, split around the literal text of the entry's template (`Table '{table}'
//!    does not exist`): the text of the field, parsed as its type;
//! 4. `Retry-After`, when the entry's `retry_after` is the field alone (`"{retry_after}"`).
//!
//! What cannot come back, so gives [`Typed::Incomplete`] and not a guess:
//! - a field of an `internal` entry (its body shows the title and no field: that is the point);
//! - a field used only in a header other than `Retry-After`, or in no template at all;
//! - an `f64` that was not finite (its body says `null`).
//!
//! From the message only (no `$details` in the envelope), some values read back differently
//! from what was sent: an optional field that was `Some("")` comes back `None` (both render
//! as nothing); a `list<string>` is split at `, ` (the separator it was joined with), so an item
//! that contains `, ` splits, and an empty list is `[]`; of two placeholders with nothing
//! between them neither is read; and where the literal text after a placeholder also occurs in
//! its value, the value is cut at its first occurrence (the last placeholder of a message is
//! exact: it runs to the text that ends the message).
//!
//! A masked entry (`expose_as`) answers with its exposed entry's code, so it comes back as that
//! entry, which is what its client saw.

use serde_json::Value;

use super::parse::lookup;
use super::{CatalogCode, Code, ParsedError};
use crate::private::{Entry, Piece};

/// The generated `Error` of a catalog, as the client rebuilds it from a body. Implemented by
/// the generated code (`Error`), with [`CatalogCode`] for its `ErrorCode`.
pub trait CatalogError: Sized {
    /// The catalog's code enum.
    type Code: CatalogCode;

    /// The variant of `code` with its fields taken from `fields` in catalog order; `None` when
    /// a field is not there. Generated code only.
    #[doc(hidden)]
    fn __build(code: Self::Code, fields: &mut Fields<'_>) -> Option<Self>;
}

/// A parsed error in the catalog's terms.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed<E: CatalogError> {
    /// A code of the catalog, with every field read back: the error the server raised (or,
    /// for a masked entry, the one it answered as).
    Known(E),
    /// A code of the catalog whose body does not carry every field (see the module docs for
    /// which cannot be read back): the code, and the first field that is missing.
    Incomplete {
        code: E::Code,
        /// The field's name, as the catalog spells it.
        missing: &'static str,
    },
    /// A code the catalog does not know (a newer server), or a body with no code at all.
    Unknown(UnknownError),
}

/// An error response whose code the catalog does not have: what a newer server sent, kept.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
pub struct UnknownError {
    /// The code as sent; `None` when the body had none (not JSON, not in a known envelope).
    pub code: Option<String>,
    pub status: u16,
    /// The body bytes as received.
    pub body: Vec<u8>,
}

impl<C: CatalogCode> ParsedError<C> {
    /// This error as the catalog's typed `Error` `E` (the generated `Error` of the catalog whose
    /// `ErrorCode` parsed it): [`Typed::Known`] when the code is the catalog's and every field
    /// is in the body, [`Typed::Incomplete`] when a field is not, [`Typed::Unknown`] otherwise.
    /// Never panics, whatever the body.
    pub fn typed<E: CatalogError<Code = C>>(&self) -> Typed<E> {
        let code = match &self.code {
            Some(Code::Known(code)) => *code,
            other => {
                return Typed::Unknown(UnknownError {
                    code: match other {
                        Some(Code::Unknown(text)) => Some(text.clone()),
                        _ => None,
                    },
                    status: self.status,
                    body: self.raw.clone(),
                })
            }
        };
        let mut fields = Fields::read(self, code.entry());
        match E::__build(code, &mut fields) {
            Some(error) => Typed::Known(error),
            None => Typed::Incomplete {
                code,
                missing: fields.missing.unwrap_or_default(),
            },
        }
    }
}

/// A `Typed` deserializes from a serialized [`ParsedError`] (feature `serde`): the parsed error
/// stored or sent on, typed again on the way back.
#[cfg(feature = "serde")]
impl<'de, E> ::serde::Deserialize<'de> for Typed<E>
where
    E: CatalogError,
{
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ParsedError::<E::Code>::deserialize(deserializer).map(|parsed| parsed.typed())
    }
}

/// Where one field's value was found.
#[derive(Debug)]
enum Found<'b> {
    /// A JSON value of the body (`$<name>`, `$details`).
    Json(&'b Value),
    /// Text of the message or of `Retry-After`, to parse as the field's type.
    Text(String),
    /// Certainly not sent: an optional field that was `None`.
    Absent,
    /// Nowhere in the response.
    Nowhere,
}

/// One entry's field values as found in a body, taken in catalog order by the generated
/// `__build`. Generated code only.
#[derive(Debug)]
pub struct Fields<'b> {
    names: &'static [&'static str],
    found: Vec<Found<'b>>,
    next: usize,
    /// The first field that could not be read.
    missing: Option<&'static str>,
}

impl<'b> Fields<'b> {
    fn read<C>(parsed: &'b ParsedError<C>, entry: &'static Entry) -> Fields<'b> {
        let names = entry.fields();
        let mut found: Vec<Found<'b>> = names.iter().map(|_| Found::Nowhere).collect();
        // Each source below overwrites what the ones before found: the later are exact.
        Self::retry_after(parsed, entry, &mut found);
        if entry.internal() {
            // Nothing of an internal entry reaches the body but its code, status and title
            // (`Retry-After` is a header).
            return Fields::new(names, found);
        }
        if let Some(message) = &parsed.message {
            let display: Vec<Piece<&str>> = entry.display().collect();
            for (arg, text) in split_message(&display, message) {
                if let Some(slot) = found.get_mut(usize::from(arg)) {
                    *slot = Found::Text(text.to_owned());
                }
            }
        }
        if let Some(details) = parsed.details.as_ref().and_then(Value::as_object) {
            for (name, slot) in names.iter().zip(&mut found) {
                *slot = match details.get(*name) {
                    Some(value) => Found::Json(value),
                    None => Found::Absent,
                };
            }
        }
        // `$<name>` members, exact, last so they win.
        let shape = entry.table().shape(entry.envelope());
        for (path, name) in &shape.fields {
            let Some(index) = names.iter().position(|n| n == name) else {
                continue;
            };
            found[index] = match lookup(&parsed.body, path) {
                Some(value) => Found::Json(value),
                None => Found::Absent,
            };
        }
        Fields::new(names, found)
    }

    fn new(names: &'static [&'static str], found: Vec<Found<'b>>) -> Fields<'b> {
        Fields {
            names,
            found,
            next: 0,
            missing: None,
        }
    }

    /// `Retry-After` is the field's value when the entry's `retry_after` is the field alone.
    fn retry_after(parsed: &ParsedError<impl Sized>, entry: &Entry, found: &mut [Found<'b>]) {
        let Some(pieces) = entry.retry_after() else {
            return;
        };
        let pieces: Vec<Piece<&str>> = pieces.collect();
        if let ([Piece::Arg(arg)], Some(wait)) = (pieces.as_slice(), parsed.retry.retry_after) {
            if let Some(slot) = found.get_mut(usize::from(*arg)) {
                *slot = Found::Text(wait.as_secs().to_string());
            }
        }
    }

    /// The next field, as `T`; `None` (and the field noted as missing) when it is not in the
    /// body or not of that type.
    pub fn take<T: FromField>(&mut self) -> Option<T> {
        let index = self.next;
        self.next += 1;
        let value = match self.found.get(index) {
            Some(Found::Json(value)) => T::from_json(value),
            Some(Found::Text(text)) => T::from_text(text),
            Some(Found::Absent) => T::absent(),
            Some(Found::Nowhere) | None => None,
        };
        if value.is_none() && self.missing.is_none() {
            self.missing = Some(self.names.get(index).copied().unwrap_or_default());
        }
        value
    }
}

/// A catalog field type, read back from a body. Generated code only.
pub trait FromField: Sized {
    /// From its JSON form (`$details`, `$<name>`).
    fn from_json(value: &Value) -> Option<Self>;
    /// From its text form (interpolated into the message, `Retry-After`).
    fn from_text(text: &str) -> Option<Self>;
    /// When the body certainly left it out: only an optional field has a value then.
    fn absent() -> Option<Self> {
        None
    }
}

impl FromField for String {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_str().map(str::to_owned)
    }
    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

macro_rules! integer_field {
    ($($ty:ty: $json:ident),*) => {$(
        impl FromField for $ty {
            fn from_json(value: &Value) -> Option<Self> {
                value.$json().and_then(|n| <$ty>::try_from(n).ok())
            }
            fn from_text(text: &str) -> Option<Self> {
                // Only what the renderer writes: digits, a `-` for negative numbers.
                if text.starts_with('+') {
                    return None;
                }
                text.parse().ok()
            }
        }
    )*};
}
integer_field!(i64: as_i64, u32: as_u64, u64: as_u64);

impl FromField for f64 {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_f64()
    }
    fn from_text(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

impl FromField for bool {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_bool()
    }
    fn from_text(text: &str) -> Option<Self> {
        match text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

impl FromField for Vec<String> {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_array()?.iter().map(String::from_json).collect()
    }
    fn from_text(text: &str) -> Option<Self> {
        // The renderer joins items with `, `.
        if text.is_empty() {
            return Some(Vec::new());
        }
        Some(text.split(", ").map(str::to_owned).collect())
    }
}

impl<T: FromField> FromField for Option<T> {
    fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            value => T::from_json(value).map(Some),
        }
    }
    fn from_text(text: &str) -> Option<Self> {
        // An absent optional field renders as nothing.
        if text.is_empty() {
            return Some(None);
        }
        T::from_text(text).map(Some)
    }
    fn absent() -> Option<Self> {
        Some(None)
    }
}

/// The text of each placeholder of `pieces` in `message`, when `message` is that template
/// rendered: each literal after a placeholder is found at its first occurrence, the one that
/// ends the template at the end. Two placeholders with no text between them are not read.
/// Empty when `message` does not fit.
fn split_message<'m>(pieces: &[Piece<&str>], message: &'m str) -> Vec<(u8, &'m str)> {
    let mut values = Vec::new();
    let mut rest = message;
    let mut pending: Option<u8> = None;
    let mut adjacent = false;
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Arg(arg) => {
                if pending.is_some() {
                    adjacent = true;
                }
                pending = Some(*arg);
            }
            Piece::Lit(text) => {
                let last = index + 1 == pieces.len();
                let at = match (pending, last) {
                    (None, _) => rest.strip_prefix(text).map(|_| 0),
                    (Some(_), true) => rest.strip_suffix(text).map(str::len),
                    (Some(_), false) => rest.find(text),
                };
                let Some(at) = at else {
                    return Vec::new();
                };
                if let Some(arg) = pending.take() {
                    if !adjacent {
                        values.push((arg, &rest[..at]));
                    }
                    adjacent = false;
                }
                rest = &rest[at + text.len()..];
            }
        }
    }
    match pending {
        Some(arg) if !adjacent => values.push((arg, rest)),
        Some(_) => {}
        None if !rest.is_empty() => return Vec::new(),
        None => {}
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_split_around_their_literal_text() {
        let table = [
            Piece::Lit("Table '"),
            Piece::Arg(0),
            Piece::Lit("' does not exist"),
        ];
        assert_eq!(
            split_message(&table, "Table 'users' does not exist"),
            [(0, "users")]
        );
        // The literal text that ends the message is found at the end.
        assert_eq!(
            split_message(&table, "Table 'a' does not exist' does not exist"),
            [(0, "a' does not exist")]
        );
        assert_eq!(split_message(&table, "Table '' does not exist"), [(0, "")]);
        assert!(split_message(&table, "Table 'users' is gone").is_empty());
        assert!(split_message(&table, "Tables 'users' does not exist").is_empty());

        let two = [
            Piece::Arg(1),
            Piece::Lit(" of "),
            Piece::Arg(0),
            Piece::Lit("."),
        ];
        assert_eq!(split_message(&two, "3 of 5."), [(1, "3"), (0, "5")]);
        assert_eq!(
            split_message(&two, "a of b of c."),
            [(1, "a"), (0, "b of c")]
        );
        let trailing = [Piece::Lit("Retry in "), Piece::Arg(0)];
        assert_eq!(split_message(&trailing, "Retry in 5 s"), [(0, "5 s")]);
        let adjacent = [Piece::Arg(0), Piece::Arg(1), Piece::Lit("!")];
        assert!(split_message(&adjacent, "ab!").is_empty());
        let literal = [Piece::Lit("Not found")];
        assert!(split_message(&literal, "Not found").is_empty());
        assert!(split_message(&literal, "Not found!").is_empty());
    }

    #[test]
    fn field_types_read_their_json_and_text_forms() {
        assert_eq!(u32::from_json(&Value::from(7)), Some(7));
        assert_eq!(u32::from_json(&Value::from(u64::MAX)), None);
        assert_eq!(u32::from_text("7"), Some(7));
        assert_eq!(u32::from_text("+7"), None);
        assert_eq!(i64::from_text("-7"), Some(-7));
        assert_eq!(f64::from_text("1.5"), Some(1.5));
        assert_eq!(f64::from_json(&Value::Null), None);
        assert_eq!(bool::from_text("True"), None);
        assert_eq!(
            <Vec<String>>::from_text("a, b"),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(<Vec<String>>::from_text(""), Some(vec![]));
        assert_eq!(<Option<u64>>::from_text(""), Some(None));
        assert_eq!(<Option<u64>>::from_text("x"), None);
        assert_eq!(<Option<String>>::from_json(&Value::Null), Some(None));
        assert_eq!(<Option<String>>::absent(), Some(None));
        assert_eq!(String::absent(), None);
    }
}
