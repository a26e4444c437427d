//! Message templates: `Table '{table}' does not exist` into literal and placeholder segments.
//!
//! One parser for every template errcat reads (catalog messages, headers, `retry_after`, and the
//! derive's `message = "..."` overrides), so `{{`/`}}` escapes and placeholder names mean the same
//! everywhere. Errors carry the byte offset into the template so callers can point at the exact
//! column inside a YAML scalar or a Rust string literal.

use std::fmt;

use crate::model::{Segment, Template};
use crate::names::is_placeholder_name;

/// A malformed template: what is wrong and where, as a byte range of the template text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte offset of the offending text in the template.
    pub offset: usize,
    /// Byte length of the offending text (at least 1 unless the template is empty).
    pub len: usize,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}

impl Template {
    /// Parses `{name}` placeholders and `{{`/`}}` escapes.
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let bytes = source.as_bytes();
        let mut i = 0;
        let mut run_start = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'{' if bytes.get(i + 1) == Some(&b'{') => {
                    literal.push_str(&source[run_start..i + 1]);
                    i += 2;
                    run_start = i;
                }
                b'}' if bytes.get(i + 1) == Some(&b'}') => {
                    literal.push_str(&source[run_start..i + 1]);
                    i += 2;
                    run_start = i;
                }
                b'{' => {
                    literal.push_str(&source[run_start..i]);
                    let rest = &source[i + 1..];
                    let Some(close) = rest
                        .find(['}', '{'])
                        .filter(|&c| rest.as_bytes()[c] == b'}')
                    else {
                        return Err(TemplateError {
                            offset: i,
                            len: 1,
                            message: "unclosed `{` in template".into(),
                            help: Some(
                                "close the placeholder with `}`, or write `{{` for a literal brace"
                                    .into(),
                            ),
                        });
                    };
                    let name = &rest[..close];
                    if !is_placeholder_name(name) {
                        let (message, help) = if name.is_empty() {
                            (
                                "empty placeholder `{}`".to_owned(),
                                "name a field inside the braces, or write `{{}}` for literal braces",
                            )
                        } else {
                            (
                                format!("malformed placeholder `{{{name}}}`"),
                                "a placeholder is a field name (letters, digits, `_`) in braces, with no spaces or format specifiers",
                            )
                        };
                        return Err(TemplateError {
                            offset: i,
                            len: close + 2,
                            message,
                            help: Some(help.into()),
                        });
                    }
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(Segment::Placeholder(name.to_owned()));
                    i += close + 2;
                    run_start = i;
                }
                b'}' => {
                    return Err(TemplateError {
                        offset: i,
                        len: 1,
                        message: "unmatched `}` in template".into(),
                        help: Some("write `}}` for a literal brace".into()),
                    });
                }
                _ => i += 1,
            }
        }
        literal.push_str(&source[run_start..]);
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        Ok(Template {
            source: source.to_owned(),
            segments,
        })
    }

    /// A template with no placeholders whose text is `text` (escaping its braces).
    pub fn literal(text: &str) -> Template {
        Template {
            source: text.replace('{', "{{").replace('}', "}}"),
            segments: if text.is_empty() {
                Vec::new()
            } else {
                vec![Segment::Literal(text.to_owned())]
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Segment {
        Segment::Literal(s.into())
    }
    fn ph(s: &str) -> Segment {
        Segment::Placeholder(s.into())
    }

    #[test]
    fn parses_segments() {
        for (source, expected) in [
            ("", vec![]),
            ("plain", vec![lit("plain")]),
            ("{a}", vec![ph("a")]),
            (
                "Table '{table}' does not exist",
                vec![lit("Table '"), ph("table"), lit("' does not exist")],
            ),
            ("{a}{b}", vec![ph("a"), ph("b")]),
            ("{{x}} {y}", vec![lit("{x} "), ph("y")]),
            ("{{{a}}}", vec![lit("{"), ph("a"), lit("}")]),
            ("a {{ b }} c", vec![lit("a { b } c")]),
            ("ü{_x1}é", vec![lit("ü"), ph("_x1"), lit("é")]),
        ] {
            let t = Template::parse(source).unwrap();
            assert_eq!(t.segments, expected, "{source}");
            assert_eq!(t.source, source);
        }
    }

    #[test]
    fn errors_are_located() {
        for (source, offset, len, start) in [
            ("ab {c", 3, 1, "unclosed"),
            ("a } b", 2, 1, "unmatched"),
            ("x {} y", 2, 2, "empty"),
            ("x { a } y", 2, 5, "malformed"),
            ("{a:>5}", 0, 6, "malformed"),
            ("{1a}", 0, 4, "malformed"),
            ("{a {b}", 0, 1, "unclosed"),
            ("é}", 2, 1, "unmatched"),
        ] {
            let e = Template::parse(source).unwrap_err();
            assert_eq!((e.offset, e.len), (offset, len), "{source}");
            assert!(e.message.starts_with(start), "{source}: {}", e.message);
        }
    }

    #[test]
    fn literal_round_trips() {
        let t = Template::literal("a {b}");
        assert_eq!(Template::parse(&t.source).unwrap(), t);
    }
}
