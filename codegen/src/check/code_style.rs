//! `code_style`: the style named, and the shape each style allows a code.

use crate::load::Node;
use crate::model::CodeStyle;

use super::report::{suggest, with_help, At};
use super::Checker;

impl<'s> Checker<'_, 's> {
    /// Rule: `code_style` names one of the styles.
    pub(super) fn code_style(&mut self, at: At<'_, 's>, node: &Node) {
        let Some(name) = self.string(at, "code_style", node) else {
            return;
        };
        match CodeStyle::from_name(&name) {
            Some(style) => self.code_style = style,
            None => self.push(with_help(
                at.error(
                    node.pos,
                    "code_style",
                    format!("unknown code style `{name}`"),
                ),
                suggest(&name, CodeStyle::ALL.iter().map(|s| s.as_str())),
            )),
        }
    }
}

/// Rule: a code has the shape of `code_style`.
pub(super) fn matches_style(style: CodeStyle, code: &str) -> bool {
    match style {
        CodeStyle::ScreamingSnakeCase => {
            code.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
                && code
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
                && !code.ends_with('_')
                && !code.contains("__")
        }
        CodeStyle::DomainKebabCase => {
            let mut parts = code.split('/');
            parts.clone().count() >= 2 && parts.all(is_kebab)
        }
        CodeStyle::KebabCase => is_kebab(code),
        CodeStyle::DottedLower => {
            let mut parts = code.split('.');
            parts.clone().count() >= 2 && parts.all(|p| is_lower_word(p, b'_'))
        }
        CodeStyle::Any => true,
    }
}

/// A code of the style, for help lines.
pub(super) fn style_example(style: CodeStyle) -> &'static str {
    match style {
        CodeStyle::ScreamingSnakeCase => "VALIDATION_ERROR",
        CodeStyle::DomainKebabCase => "auth/invalid-credentials",
        CodeStyle::KebabCase => "invalid-credentials",
        CodeStyle::DottedLower => "auth.invalid_credentials",
        CodeStyle::Any => "any-code",
    }
}

/// A word of lowercase ASCII letters, digits and `extra`, starting with a letter.
fn is_lower_word(w: &str, extra: u8) -> bool {
    w.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && w.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == extra)
}

/// `kebab-case`: lowercase words joined by single hyphens.
fn is_kebab(s: &str) -> bool {
    is_lower_word(s, b'-') && !s.ends_with('-') && !s.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_styles() {
        use CodeStyle::*;
        for (style, code, ok) in [
            (ScreamingSnakeCase, "VALIDATION_ERROR", true),
            (ScreamingSnakeCase, "E42", true),
            (ScreamingSnakeCase, "Validation_Error", false),
            (ScreamingSnakeCase, "A__B", false),
            (DomainKebabCase, "auth/invalid-credentials", true),
            (DomainKebabCase, "auth/v2/token", true),
            (DomainKebabCase, "invalid-credentials", false),
            (DomainKebabCase, "auth/", false),
            (DomainKebabCase, "Auth/x", false),
            (KebabCase, "not-found", true),
            (KebabCase, "not--found", false),
            (KebabCase, "not_found", false),
            (DottedLower, "auth.invalid_credentials", true),
            (DottedLower, "auth", false),
            (DottedLower, "auth..x", false),
            (Any, "whatever 42", true),
        ] {
            assert_eq!(matches_style(style, code), ok, "{style:?} {code}");
            assert!(matches_style(style, style_example(style)));
        }
    }
}
