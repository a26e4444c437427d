//! Every name errcat makes, in one place (prost-build's `ident.rs`): variant names from codes,
//! Rust identifiers with keyword escaping, the TypeScript/OpenAPI type names of envelopes, and
//! the validation the checker applies to names written in a catalog.
//!
//! Emitters and the derive never build an identifier from catalog text themselves: they call
//! [`ident`] (or [`variant_ident`] / [`field_ident`]), so a name is spelled the same in the
//! generated enum, in a derive expansion and in a help message.

use heck::ToUpperCamelCase;
use proc_macro2::{Ident, Span};

/// Rust's strict and reserved keywords (2021 edition, plus 2024's `gen`), which cannot be
/// identifiers without `r#`.
pub const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers either (`r#self` is not an identifier):
/// [`ident`] spells them with a trailing underscore, and the checker refuses them as field names.
const NOT_RAW: &[&str] = &["Self", "self", "super", "crate", "_"];

pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// True for an ASCII identifier: a letter or `_` first (not `_` alone), then letters, digits
/// and `_`. Generated code is ASCII only, so non-ASCII identifiers are refused even where
/// Rust would take them.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    name != "_"
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// True for the name of a placeholder or an envelope variable (`{table}`, `$request_id`): an
/// ASCII letter or `_`, then letters, digits and `_`. Looser than a field name on purpose: `_`
/// and keywords parse, and the checker then says why they cannot be fields
/// ([`field_name_problem`]) instead of calling the template malformed.
pub fn is_placeholder_name(name: &str) -> bool {
    name == "_" || is_identifier(name)
}

/// The default variant name of a code: UpperCamelCase of the whole code
/// (`auth/invalid-credentials` -> `AuthInvalidCredentials`), with the prefix `E` when it would
/// start with a digit (`0A000` -> `E0A000`).
///
/// heck lowercases everything after a word's first letter, which would turn SQLSTATE-like
/// `0A000` into `0a000`; words that start with a digit are therefore kept as written.
/// The result may still be invalid (a code made only of punctuation, or non-ASCII letters):
/// [`variant_name_problem`] says why.
pub fn variant_name(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 1);
    for word in code.split(|c: char| !c.is_alphanumeric()) {
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            out.push_str(word);
        } else if !word.is_empty() && is_single_case_ascii(word) {
            // What heck does to a one-case ASCII word, without its per-character formatting
            // (this runs for every code of every catalog load).
            let (first, rest) = word.split_at(1);
            out.push_str(&first.to_ascii_uppercase());
            out.extend(rest.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            out.push_str(&word.to_upper_camel_case());
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'E');
    }
    if out == "Self" {
        // The one keyword UpperCamelCase can produce; prost-build escapes it the same way.
        out.push('_');
    }
    out
}

/// All ASCII letters and digits, and the letters all lowercase or all uppercase: heck keeps
/// such a word whole (no camelCase boundary inside it).
fn is_single_case_ascii(word: &str) -> bool {
    let b = word.as_bytes();
    b.iter().all(u8::is_ascii_alphanumeric)
        && (b.iter().all(|c| !c.is_ascii_uppercase()) || b.iter().all(|c| !c.is_ascii_lowercase()))
}

/// Why `name` cannot be an enum variant, or `None` when it can.
pub fn variant_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        Some("the name is empty".into())
    } else if !is_identifier(name) {
        Some(format!(
            "`{name}` is not a Rust identifier (ASCII letters, digits and `_`, not starting with a digit)"
        ))
    } else if is_keyword(name) {
        Some(format!("`{name}` is a Rust keyword"))
    } else {
        None
    }
}

/// The Rust identifier for `name`, valid whatever `name` is:
///
/// - an identifier that is not a keyword is itself (`table`);
/// - a keyword is raw (`type` -> `r#type`);
/// - a keyword that cannot be raw gets a trailing underscore (`self` -> `self_`, `Self` ->
///   `Self_`), as prost-build escapes them;
/// - anything else (the checker lets no such name through; this keeps a hand-built model from
///   making the emitters panic) becomes `_` followed by the name with every character that is
///   not an ASCII letter, digit or `_` replaced by `_` (`user-id` -> `_user_id`; the empty
///   name is `__`, since `_` alone is not an identifier).
pub fn ident(name: &str) -> Ident {
    let span = Span::call_site();
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), span)
    } else if !is_identifier(name) {
        let mut text = String::with_capacity(name.len() + 1);
        text.push('_');
        text.extend(
            name.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
        );
        if text == "_" {
            text.push('_');
        }
        Ident::new(&text, span)
    } else if is_keyword(name) {
        Ident::new_raw(name, span)
    } else {
        Ident::new(name, span)
    }
}

/// The identifier of an enum variant named `name` (an entry's `rust_name`, which the checker
/// made or validated with [`variant_name`] / [`variant_name_problem`]).
pub fn variant_ident(name: &str) -> Ident {
    ident(name)
}

/// The identifier of a struct or variant field named `name`, as catalog fields and
/// placeholders spell it: `type` is `r#type`.
pub fn field_ident(name: &str) -> Ident {
    ident(name)
}

/// The TypeScript and OpenAPI type name of an envelope: `ErrorBody` for the catalog's own format
/// (`is_default`), else `<Name>ErrorBody` of the `formats` key in UpperCamelCase (`flat` ->
/// `FlatErrorBody`), ASCII letters and digits only, `Format` in front when it would not start
/// with a letter. Not yet unique: two keys can make the same name, which the caller resolves.
pub fn envelope_type_name(name: &str, is_default: bool) -> String {
    if is_default {
        return "ErrorBody".to_owned();
    }
    let name: String = heck::AsUpperCamelCase(name)
        .to_string()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => format!("{name}ErrorBody"),
        _ => format!("Format{name}ErrorBody"),
    }
}

/// Why `name` cannot be a field (and placeholder) name, or `None` when it can.
pub fn field_name_problem(name: &str) -> Option<String> {
    if !is_identifier(name) {
        Some(format!(
            "`{name}` is not a valid field name (ASCII letters, digits and `_`, not starting with a digit)"
        ))
    } else if NOT_RAW.contains(&name) {
        Some(format!(
            "`{name}` is a Rust keyword that cannot be a field name"
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names() {
        for (code, name) in [
            ("auth/invalid-credentials", "AuthInvalidCredentials"),
            ("VALIDATION_ERROR", "ValidationError"),
            ("0A000", "E0A000"),
            ("22225", "E22225"),
            ("42P01", "E42P01"),
            ("data.table_not_found", "DataTableNotFound"),
            ("rate-limit", "RateLimit"),
            ("invalidToken", "InvalidToken"),
            ("v2/token-expired", "V2TokenExpired"),
            ("http/404", "Http404"),
            ("self", "Self_"),
            ("type", "Type"),
            ("a--b", "AB"),
            ("---", ""),
            ("HTTPError", "HttpError"),
            ("ABC123", "Abc123"),
            ("abc1x", "Abc1x"),
        ] {
            assert_eq!(variant_name(code), name, "{code}");
        }
    }

    #[test]
    fn fast_path_agrees_with_heck() {
        for word in [
            "thing",
            "THING",
            "abc123",
            "ABC123",
            "a",
            "Z",
            "x1y2",
            "mixedCase",
            "ÄB",
        ] {
            assert_eq!(variant_name(word), word.to_upper_camel_case(), "{word}");
        }
    }

    #[test]
    fn variant_name_problems() {
        assert_eq!(variant_name_problem("AuthFailed"), None);
        assert_eq!(variant_name_problem("E0A000"), None);
        for bad in ["", "0A", "Ä", "a-b", "Self", "fn", "_"] {
            assert!(variant_name_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn idents() {
        for (name, ident) in [
            ("table", "table"),
            ("retry_after", "retry_after"),
            ("_private", "_private"),
            ("AuthFailed", "AuthFailed"),
            ("type", "r#type"),
            ("fn", "r#fn"),
            ("gen", "r#gen"),
            ("async", "r#async"),
            ("self", "self_"),
            ("Self", "Self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("_", "__"),
            ("user-id", "_user_id"),
            ("1a", "_1a"),
            ("é", "__"),
            ("", "__"),
        ] {
            assert_eq!(super::ident(name).to_string(), ident, "{name:?}");
            assert_eq!(field_ident(name).to_string(), ident, "{name:?}");
            assert_eq!(variant_ident(name).to_string(), ident, "{name:?}");
        }
    }

    #[test]
    fn envelope_type_names() {
        for (name, is_default, type_name) in [
            ("problem", true, "ErrorBody"),
            ("flat", false, "FlatErrorBody"),
            ("nested-meta", false, "NestedMetaErrorBody"),
            ("v2_body", false, "V2BodyErrorBody"),
            ("2fa", false, "Format2faErrorBody"),
            ("ä-x", false, "XErrorBody"),
            ("---", false, "FormatErrorBody"),
        ] {
            assert_eq!(envelope_type_name(name, is_default), type_name, "{name:?}");
        }
    }

    #[test]
    fn placeholder_names() {
        for good in ["a", "_", "_x1", "type", "self", "retry_after", "X"] {
            assert!(is_placeholder_name(good), "{good}");
        }
        for bad in ["", "1a", "a-b", "a b", "é", "a:>5"] {
            assert!(!is_placeholder_name(bad), "{bad}");
        }
    }

    #[test]
    fn field_name_problems() {
        for good in ["table", "type", "retry_after", "_x"] {
            assert_eq!(field_name_problem(good), None, "{good}");
        }
        for bad in ["self", "Self", "super", "crate", "_", "1a", "a-b", "é", ""] {
            assert!(field_name_problem(bad).is_some(), "{bad}");
        }
    }
}
