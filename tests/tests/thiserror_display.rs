//! thiserror's `tests/test_display.rs`, adapted to `#[derive(ApiError)]`: each
//! `#[error("...")]` string becomes a catalog message in
//! tests/fixtures/derive/thiserror_display.yaml or a variant's `message = "..."` override.
//!
//! Adapted: test_braced, test_braced_unused, test_unit, test_enum (braced and unit variants),
//! test_brace_escape, test_void, test_raw, test_raw_enum, test_str_special_chars,
//! test_raw_str, test_macro_rules_message_from_call_site (the named-field half).
//! Not applicable (catalog messages name fields and nothing else, and are rendered with
//! `Display`): test_tuple and the tuple halves of test_enum / test_macro_rules_* (`{0}`),
//! test_constants, test_expr, test_nested, test_match, test_nested_display, test_mixed,
//! test_ints, test_trailing_comma, test_keyword (format arguments), test_inherit (`{0}`
//! delegation), test_field and test_nested_tuple_field (`.0.data` paths), test_pointer and
//! test_self (`{:p}` / `{:?}` specs; rejected with a clear error, see
//! tests/ui/placeholder/override-format-spec.rs), test_fmt_path and test_fmt_path_inherited
//! (`fmt = path`).

use core::fmt::Display;

use errcat::ApiError;

fn assert<T: Display>(expected: &str, value: T) {
    assert_eq!(expected, value.to_string());
}

#[test]
fn test_braced() {
    #[derive(ApiError, Debug)]
    #[api_error(catalog = "fixtures/derive/thiserror_display.yaml", code = "braced")]
    struct Error {
        msg: String,
    }

    let msg = "T".to_owned();
    assert("braced error: T", Error { msg });
}

#[test]
fn test_braced_unused() {
    #[derive(ApiError, Debug)]
    #[api_error(
        catalog = "fixtures/derive/thiserror_display.yaml",
        code = "braced-unused"
    )]
    struct Error {
        #[allow(dead_code)]
        extra: usize,
    }

    assert("braced error", Error { extra: 0 });
}

#[test]
fn test_unit() {
    #[derive(ApiError, Debug)]
    #[api_error(catalog = "fixtures/derive/thiserror_display.yaml", code = "unit")]
    struct Error;

    assert("unit error", Error);
}

#[test]
fn test_enum() {
    #[derive(ApiError, Debug)]
    #[api_error(catalog = "fixtures/derive/thiserror_display.yaml")]
    enum Error {
        #[api_error(code = "enum-braced")]
        Braced { id: usize },
        #[api_error(code = "unit")]
        Unit,
    }

    assert("braced error: 0", Error::Braced { id: 0 });
    assert("unit error", Error::Unit);
}

#[test]
fn test_brace_escape() {
    #[derive(ApiError, Debug)]
    #[api_error(
        catalog = "fixtures/derive/thiserror_display.yaml",
        code = "brace-escape"
    )]
    struct Error;

    assert("fn main() {}", Error);
}

#[test]
fn test_void() {
    #[derive(ApiError, Debug)]
    #[api_error(catalog = "fixtures/derive/thiserror_display.yaml")]
    pub enum Error {}

    fn assert_api_error<T: ApiError>() {}
    assert_api_error::<Error>();
}

#[test]
fn test_raw() {
    #[derive(ApiError, Debug)]
    #[api_error(catalog = "fixtures/derive/thiserror_display.yaml", code = "raw")]
    struct Error {
        r#fn: &'static str,
    }

    assert("braced raw error: T", Error { r#fn: "T" });
}

#[test]
fn test_raw_enum() {
    #[derive(ApiError, Debug)]
    #[api_error(catalog = "fixtures/derive/thiserror_display.yaml")]
    enum Error {
        #[api_error(code = "raw")]
        Braced { r#fn: &'static str },
    }

    assert("braced raw error: T", Error::Braced { r#fn: "T" });
}

#[test]
fn test_str_special_chars() {
    #[derive(ApiError, Debug)]
    #[api_error(catalog = "fixtures/derive/thiserror_display.yaml")]
    pub enum Error {
        #[api_error(code = "special", message = "brace left {{")]
        BraceLeft,
        #[api_error(code = "special", message = "brace left 2 \x7B\x7B")]
        BraceLeft2,
        #[api_error(code = "special", message = "brace left 3 \u{7B}\u{7B}")]
        BraceLeft3,
        #[api_error(code = "special", message = "brace right }}")]
        BraceRight,
        #[api_error(code = "special", message = "brace right 2 \x7D\x7D")]
        BraceRight2,
        #[api_error(code = "special", message = "brace right 3 \u{7D}\u{7D}")]
        BraceRight3,
        #[api_error(
            code = "special",
            message = "new_\
line"
        )]
        NewLine,
        #[api_error(code = "special", message = "escape24 \u{78}")]
        Escape24,
    }

    assert("brace left {", Error::BraceLeft);
    assert("brace left 2 {", Error::BraceLeft2);
    assert("brace left 3 {", Error::BraceLeft3);
    assert("brace right }", Error::BraceRight);
    assert("brace right 2 }", Error::BraceRight2);
    assert("brace right 3 }", Error::BraceRight3);
    assert("new_line", Error::NewLine);
    assert("escape24 x", Error::Escape24);
}

#[test]
#[allow(clippy::needless_raw_string_hashes)]
fn test_raw_str() {
    #[derive(ApiError, Debug)]
    #[api_error(catalog = "fixtures/derive/thiserror_display.yaml")]
    pub enum Error {
        #[api_error(code = "special", message = r#"raw brace left {{"#)]
        BraceLeft,
        #[api_error(code = "special", message = r#"raw brace left 2 \x7B"#)]
        BraceLeft2,
        #[api_error(code = "special", message = r#"raw brace right }}"#)]
        BraceRight,
        #[api_error(code = "special", message = r#"raw brace right 2 \x7D"#)]
        BraceRight2,
    }

    assert(r#"raw brace left {"#, Error::BraceLeft);
    assert(r#"raw brace left 2 \x7B"#, Error::BraceLeft2);
    assert(r#"raw brace right }"#, Error::BraceRight);
    assert(r#"raw brace right 2 \x7D"#, Error::BraceRight2);
}

#[test]
fn test_macro_rules_message_from_call_site() {
    // Placeholder names written at a macro's call site still find the fields.
    macro_rules! decl_error {
        ($variant:ident { $field:ident }) => {
            #[derive(ApiError, Debug)]
            #[api_error(catalog = "fixtures/derive/thiserror_display.yaml")]
            pub enum MacroError {
                #[api_error(code = "call-site")]
                $variant { $field: u8 },
            }
        };
    }

    decl_error!(Braced { x });

    assert("0", MacroError::Braced { x: 0 });
}

#[test]
fn the_override_also_reaches_the_body() {
    #[derive(ApiError, Debug)]
    #[api_error(catalog = "fixtures/derive/thiserror_display.yaml")]
    pub enum Error {
        #[api_error(code = "special", message = "brace {{ and {name}")]
        Named { name: String },
    }

    let error = Error::Named { name: "}{".into() };
    assert("brace { and }{", &error);
    let body: serde_json::Value = serde_json::from_str(&error.to_json()).unwrap();
    assert_eq!(body["detail"], "brace { and }{");
}
