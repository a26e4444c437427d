//! serde support (feature `serde`): the generated `ErrorCode` is its code string, the generated
//! `Error` is its body, and the client's parsed errors (feature `client`) deserialize.
//!
//! - `ErrorCode` serializes as its code (`"TABLE_NOT_FOUND"`), and deserializes from it; a
//!   string that is not a code of the catalog is an error that names it.
//! - `Error` serializes as the JSON value of the body the runtime sends for it (with an empty
//!   [`Context`]), so a response that embeds errors (a batch item, a job's result) carries
//!   exactly what the error's own response would. [`Body`] serializes one with a context.
//! - [`ParsedError`](crate::client::ParsedError), [`Code`](crate::client::Code),
//!   [`RetryAdvice`](crate::retry::RetryAdvice) and
//!   [`UnknownError`](crate::client::UnknownError) serialize and deserialize;
//!   [`Typed`](crate::client::Typed) deserializes from a serialized `ParsedError`, typed again.
//!
//! The body is rendered by errcat's own renderer, then handed to the serializer value by value
//! (serde has no "raw JSON" of its own): the JSON value is the same, the bytes are the
//! serializer's (serde_json does not escape `<` as errcat does for HTML).

use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

use ::serde::de::{self, Deserializer, Visitor};
use ::serde::ser::{self, Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::{ApiError, Context};

/// Serializes `error` as the JSON value of its body rendered with `context` (what
/// [`ApiError::write_json`] writes).
pub struct Body<'a, E: ?Sized> {
    error: &'a E,
    context: &'a Context,
}

impl<'a, E: ApiError + ?Sized> Body<'a, E> {
    pub fn new(error: &'a E, context: &'a Context) -> Body<'a, E> {
        Body { error, context }
    }
}

impl<E: ApiError + ?Sized> Serialize for Body<'_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut body = Vec::new();
        self.error.write_json(self.context, &mut body);
        let mut reader = Reader {
            text: &body,
            at: 0,
            depth: 0,
        };
        let value = reader.value().and_then(|value| {
            reader.skip_space();
            (reader.at == body.len()).then_some(value)
        });
        match value {
            Some(value) => value.serialize(serializer),
            // The renderer writes JSON; this is a bug report, never a panic.
            None => Err(ser::Error::custom(format_args!(
                "errcat rendered a body that is not JSON at byte {}",
                reader.at
            ))),
        }
    }
}

/// Deserializes a code enum from its code string; a string that is not a code is an error
/// naming it. Generated code only (through `impl_serde!`).
#[doc(hidden)]
pub fn deserialize_code<'de, D: Deserializer<'de>, C: FromStr>(
    deserializer: D,
) -> Result<C, D::Error> {
    struct CodeVisitor<C>(PhantomData<C>);

    impl<C: FromStr> Visitor<'_> for CodeVisitor<C> {
        type Value = C;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an error code of the catalog")
        }

        fn visit_str<E: de::Error>(self, code: &str) -> Result<C, E> {
            code.parse()
                .map_err(|_| E::custom(format_args!("unknown error code `{code}`")))
        }
    }

    deserializer.deserialize_str(CodeVisitor(PhantomData))
}

/// `Serialize` and `Deserialize` for a generated `ErrorCode` and `Serialize` for its `Error`,
/// when errcat has feature `serde`; nothing otherwise.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_serde {
    ($error:ident for $code:ident) => {
        impl $crate::serde::__reexport::Serialize for $code {
            fn serialize<S: $crate::serde::__reexport::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                // `Display` is the code string.
                serializer.collect_str(self)
            }
        }

        impl<'de> $crate::serde::__reexport::Deserialize<'de> for $code {
            fn deserialize<D: $crate::serde::__reexport::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::serde::deserialize_code(deserializer)
            }
        }

        impl $crate::serde::__reexport::Serialize for $error {
            fn serialize<S: $crate::serde::__reexport::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let context = $crate::Context::new();
                $crate::serde::__reexport::Serialize::serialize(
                    &$crate::serde::Body::new(self, &context),
                    serializer,
                )
            }
        }
    };
}

/// What the serde macro names.
#[doc(hidden)]
pub mod __reexport {
    pub use ::serde::{Deserialize, Deserializer, Serialize, Serializer};
}

/// A JSON value of a rendered body, borrowing its text.
enum Json<'t> {
    Null,
    Bool(bool),
    /// The number's text, as rendered.
    Number(&'t str),
    String(String),
    Array(Vec<Json<'t>>),
    Object(Vec<(String, Json<'t>)>),
}

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(text) => {
                if let Ok(n) = text.parse::<u64>() {
                    serializer.serialize_u64(n)
                } else if let Ok(n) = text.parse::<i64>() {
                    serializer.serialize_i64(n)
                } else {
                    match text.parse::<f64>() {
                        Ok(n) => serializer.serialize_f64(n),
                        Err(_) => Err(ser::Error::custom(format_args!("not a number: {text}"))),
                    }
                }
            }
            Json::String(text) => serializer.serialize_str(text),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Deeper than any envelope; a bound so a hostile body cannot exhaust the stack.
const MAX_DEPTH: usize = 128;

/// A reader of the JSON the renderer writes (RFC 8259); `None` at the first byte that is not.
struct Reader<'t> {
    text: &'t [u8],
    at: usize,
    depth: usize,
}

impl<'t> Reader<'t> {
    fn skip_space(&mut self) {
        while matches!(self.text.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let there = self.text.get(self.at) == Some(&byte);
        if there {
            self.at += 1;
        }
        there
    }

    fn literal(&mut self, word: &[u8], value: Json<'t>) -> Option<Json<'t>> {
        let end = self.at.checked_add(word.len())?;
        (self.text.get(self.at..end)? == word).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self) -> Option<Json<'t>> {
        self.skip_space();
        match *self.text.get(self.at)? {
            b'n' => self.literal(b"null", Json::Null),
            b't' => self.literal(b"true", Json::Bool(true)),
            b'f' => self.literal(b"false", Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'[' | b'{' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                let value = if self.text[self.at] == b'[' {
                    self.array()
                } else {
                    self.object()
                };
                self.depth -= 1;
                value
            }
            _ => self.number(),
        }
    }

    fn array(&mut self) -> Option<Json<'t>> {
        self.at += 1;
        let mut items = Vec::new();
        if self.eat(b']') {
            return Some(Json::Array(items));
        }
        loop {
            items.push(self.value()?);
            if self.eat(b']') {
                return Some(Json::Array(items));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn object(&mut self) -> Option<Json<'t>> {
        self.at += 1;
        let mut members = Vec::new();
        if self.eat(b'}') {
            return Some(Json::Object(members));
        }
        loop {
            self.skip_space();
            let key = self.string()?;
            if !self.eat(b':') {
                return None;
            }
            members.push((key, self.value()?));
            if self.eat(b'}') {
                return Some(Json::Object(members));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn number(&mut self) -> Option<Json<'t>> {
        let start = self.at;
        while matches!(
            self.text.get(self.at),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.at += 1;
        }
        let text = core::str::from_utf8(self.text.get(start..self.at)?).ok()?;
        (!text.is_empty()).then_some(Json::Number(text))
    }

    /// A string at `at` (its opening quote), unescaped.
    fn string(&mut self) -> Option<String> {
        if self.text.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        let mut out = Vec::new();
        loop {
            match *self.text.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return String::from_utf8(out).ok();
                }
                b'\\' => {
                    let escaped = *self.text.get(self.at + 1)?;
                    self.at += 2;
                    let plain = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(plain.encode_utf8(&mut buf).as_bytes());
                }
                byte => {
                    out.push(byte);
                    self.at += 1;
                }
            }
        }
    }

    /// The character of `\uXXXX` (a surrogate pair: `\uD83D\uDE00`), after the `\u`.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            if self.text.get(self.at..self.at + 2)? != b"\\u" {
                return None;
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return None;
            }
            return char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
        }
        char::from_u32(first)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = core::str::from_utf8(self.text.get(self.at..self.at + 4)?).ok()?;
        let value = u32::from_str_radix(digits, 16).ok()?;
        self.at += 4;
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<String> {
        let mut reader = Reader {
            text: text.as_bytes(),
            at: 0,
            depth: 0,
        };
        let value = reader.value()?;
        reader.skip_space();
        (reader.at == text.len()).then(|| serde_json::to_string(&value).unwrap_or_default())
    }

    #[test]
    fn the_reader_reads_what_the_renderer_writes() {
        let body = r#"{"a":[1,-2,1.5,true,false,null],"b":"\u003c\"\\\n\ud83d\ude00","c":{}}"#;
        assert_eq!(
            read(body).as_deref(),
            Some(r#"{"a":[1,-2,1.5,true,false,null],"b":"<\"\\\n😀","c":{}}"#)
        );
        assert_eq!(read(" [ ] ").as_deref(), Some("[]"));
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\"}",
            "\"\\x\"",
            "\"\\ud83d\"",
            "nul",
            "tru",
            "{\"a\":1,}",
            "\"abc",
            "1 2",
        ] {
            assert_eq!(read(bad), None, "{bad:?}");
        }
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(read(&deep), None);
    }
}
