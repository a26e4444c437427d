//! Attributes into typed values. Parsing never stops at the first mistake: every bad attribute
//! is pushed into a [`Ctxt`] and the user sees them all at once, each at its own token.

use std::cell::RefCell;
use std::fmt::Display;
use std::thread;

use errcat_codegen::diag::closest;
use proc_macro2::Span;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Expr, ExprLit, Ident, Lit, LitStr, Meta};

use crate::symbol::{
    Symbol, API_ERROR, CATALOG, CODE, EXHAUSTIVE, FROM, MESSAGE, SOURCE, TRANSPARENT,
};

/// A collector of spanned errors (serde_derive's `Ctxt`). [`Ctxt::check`] combines them into
/// one `syn::Error` so rustc prints each at its own span. Dropping a `Ctxt` unchecked is a bug
/// in this crate: debug builds (tests) panic so no path can silently lose an error; release
/// builds never panic on it, as `errcat_codegen::diag::Ctxt`.
pub struct Ctxt {
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    pub fn new() -> Ctxt {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    pub fn error_spanned_by<T: ToTokens, M: Display>(&self, tokens: T, message: M) {
        self.syn_error(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    pub fn error_at<M: Display>(&self, span: Span, message: M) {
        self.syn_error(syn::Error::new(span, message));
    }

    pub fn syn_error(&self, error: syn::Error) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push(error);
        }
    }

    /// How many errors have been reported so far; a stage compares two counts to tell whether
    /// a step reported anything.
    pub fn error_count(&self) -> usize {
        self.errors.borrow().as_ref().map_or(0, Vec::len)
    }

    /// Ends collection: every error combined, or `Ok` when there was none.
    pub fn check(self) -> syn::Result<()> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        let mut errors = errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for rest in errors {
            combined.combine(rest);
        }
        Err(combined)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !thread::panicking() && self.errors.borrow().is_some() {
            debug_assert!(
                false,
                "errcat-macros bug: errors collected but never checked"
            );
        }
    }
}

/// Where an `#[api_error(...)]` is written; decides which keys it may carry.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Position {
    Enum,
    Struct,
    Variant,
}

impl Position {
    /// The keys valid here, in the order "expected one of" lists them.
    fn keys(self) -> &'static [Symbol] {
        match self {
            Position::Enum => &[CATALOG, EXHAUSTIVE],
            Position::Struct => &[CATALOG, CODE, MESSAGE, TRANSPARENT],
            Position::Variant => &[CODE, MESSAGE, TRANSPARENT],
        }
    }

    /// Why a key that exists elsewhere is wrong here, and where it belongs.
    fn misplaced(self, key: Symbol) -> String {
        match (self, key) {
            (Position::Variant, CATALOG) => {
                "`catalog` goes on the enum, not on a variant: #[api_error(catalog = \"...\")]"
                    .to_owned()
            }
            (Position::Variant, EXHAUSTIVE) => "`exhaustive` goes on the enum, not on a variant".to_owned(),
            (Position::Enum, CODE) | (Position::Enum, MESSAGE) => format!(
                "`{key}` on an enum goes on each variant: #[api_error({key} = \"...\")] above the variant"
            ),
            (Position::Enum, TRANSPARENT) => "`transparent` goes on a variant, not on the enum: \
                 #[api_error(transparent)] above a variant with one field, the error it wraps"
                .to_owned(),
            (Position::Struct, EXHAUSTIVE) => {
                "`exhaustive` applies to enums: a struct stands for a single catalog code".to_owned()
            }
            _ => format!("`{key}` is not allowed here"),
        }
    }
}

const ALL_KEYS: [Symbol; 5] = [CATALOG, CODE, MESSAGE, EXHAUSTIVE, TRANSPARENT];

/// The `#[api_error(...)]` keys found on one item, each with its literal for spans.
#[derive(Default)]
pub struct ApiErrorAttrs {
    /// The first `#[api_error]` attribute, for errors about what it lacks.
    pub attr: Option<Span>,
    pub catalog: Option<LitStr>,
    pub code: Option<LitStr>,
    pub message: Option<LitStr>,
    pub exhaustive: Option<Ident>,
    /// `transparent`: the case is its one field's error.
    pub transparent: Option<Ident>,
    /// An `#[api_error]` here was malformed; rules about what it lacks would only repeat that.
    pub malformed: bool,
}

/// `#[from]` / `#[source]` on a field.
#[derive(Default)]
pub struct FieldAttrs<'a> {
    pub from: Option<&'a Attribute>,
    pub source: Option<&'a Attribute>,
}

/// Reads every `#[api_error(...)]` in `attrs`, and reports `#[from]`/`#[source]` written on
/// something that is not a field.
pub fn api_error_attrs(cx: &Ctxt, attrs: &[Attribute], position: Position) -> ApiErrorAttrs {
    let mut out = ApiErrorAttrs::default();
    let errors_before = cx.error_count();
    for attr in attrs {
        let path = attr.path();
        if *path == FROM || *path == SOURCE {
            let name = path.to_token_stream();
            cx.error_spanned_by(
                path,
                format!("`#[{name}]` goes on a field, not on {}", position.article()),
            );
            continue;
        }
        if *path != API_ERROR {
            continue;
        }
        out.attr.get_or_insert(attr.span_of_path());
        if let Meta::Path(_) | Meta::NameValue(_) = attr.meta {
            cx.error_spanned_by(
                attr,
                format!(
                    "expected arguments in parentheses: #[api_error({} = \"...\")]",
                    position.keys()[0]
                ),
            );
            continue;
        }
        let parsed = attr.parse_nested_meta(|meta| {
            parse_key(cx, &meta, position, &mut out);
            Ok(())
        });
        if let Err(err) = parsed {
            cx.syn_error(err);
        }
    }
    out.malformed = cx.error_count() > errors_before;
    out
}

impl Position {
    fn article(self) -> &'static str {
        match self {
            Position::Enum => "an enum",
            Position::Struct => "a struct",
            Position::Variant => "a variant",
        }
    }
}

trait SpanOfPath {
    fn span_of_path(&self) -> Span;
}

impl SpanOfPath for Attribute {
    fn span_of_path(&self) -> Span {
        syn::spanned::Spanned::span(self.path())
    }
}

/// One `key = "value"` or `flag` inside `#[api_error(...)]`. Errors are pushed, never
/// returned, so the keys after a bad one are still read; the value of a bad key is consumed
/// so the parser stays in step.
fn parse_key(cx: &Ctxt, meta: &ParseNestedMeta<'_>, position: Position, out: &mut ApiErrorAttrs) {
    let Some(ident) = meta.path.get_ident() else {
        cx.error_spanned_by(
            &meta.path,
            unknown_key_message(&meta.path.to_token_stream().to_string(), position),
        );
        skip_value(cx, meta);
        return;
    };
    let name = ident.to_string();
    let Some(&key) = ALL_KEYS.iter().find(|k| *ident == **k) else {
        cx.error_spanned_by(ident, unknown_key_message(&name, position));
        skip_value(cx, meta);
        return;
    };
    if !position.keys().contains(&key) {
        cx.error_spanned_by(ident, position.misplaced(key));
        skip_value(cx, meta);
        return;
    }
    if key == EXHAUSTIVE || key == TRANSPARENT {
        if meta.input.peek(syn::Token![=]) {
            cx.error_spanned_by(
                ident,
                format!("`{key}` is a flag and takes no value: #[api_error({key})]"),
            );
            skip_value(cx, meta);
            return;
        }
        let slot = if key == EXHAUSTIVE {
            &mut out.exhaustive
        } else {
            &mut out.transparent
        };
        if slot.is_some() {
            cx.error_spanned_by(ident, format!("duplicate `{key}` in #[api_error]"));
        } else {
            *slot = Some(ident.clone());
        }
        return;
    }
    let Some(value) = string_value(cx, meta, key) else {
        return;
    };
    let slot = match key {
        CATALOG => &mut out.catalog,
        CODE => &mut out.code,
        _ => &mut out.message,
    };
    if slot.is_some() {
        cx.error_spanned_by(
            ident,
            format!("duplicate `{key}` in #[api_error]: one per item"),
        );
    } else {
        *slot = Some(value);
    }
}

fn unknown_key_message(name: &str, position: Position) -> String {
    let keys = position.keys();
    let mut message = format!("unknown #[api_error] key `{name}`");
    if let Some(near) = closest(name, keys.iter().map(|k| k.as_str())) {
        message.push_str(&format!("; did you mean `{near}`?"));
    } else if let Some(near) = closest(name, ALL_KEYS.iter().map(|k| k.as_str())) {
        message.push_str(&format!(
            "; `{near}` is not allowed on {} either",
            position.article()
        ));
    }
    let list: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    message.push_str(&format!(
        " (expected one of {} on {})",
        list.join(", "),
        position.article()
    ));
    message
}

/// `= "literal"`, or an error at whatever was written instead.
fn string_value(cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: Symbol) -> Option<LitStr> {
    let value = match meta.value() {
        Ok(value) => value,
        Err(_) => {
            cx.error_spanned_by(&meta.path, format!("expected `{key} = \"...\"`"));
            skip_group(meta);
            return None;
        }
    };
    match value.parse::<Expr>() {
        Ok(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) => Some(lit),
        Ok(other) => {
            cx.error_spanned_by(
                other,
                format!("expected a string literal: `{key} = \"...\"`"),
            );
            None
        }
        Err(err) => {
            cx.syn_error(err);
            None
        }
    }
}

/// Consumes `= expr` or `(...)` after a key that was rejected, so later keys still parse.
fn skip_value(cx: &Ctxt, meta: &ParseNestedMeta<'_>) {
    if meta.input.peek(syn::Token![=]) {
        if let Err(err) = meta.value().and_then(|v| v.parse::<Expr>()) {
            cx.syn_error(err);
        }
    } else {
        skip_group(meta);
    }
}

fn skip_group(meta: &ParseNestedMeta<'_>) {
    if meta.input.peek(syn::token::Paren) {
        let _ = meta.input.parse::<proc_macro2::Group>();
    }
}

/// `#[from]`, `#[source]`, and an `#[api_error]` written on a field by mistake.
pub fn field_attrs<'a>(cx: &Ctxt, attrs: &'a [Attribute]) -> FieldAttrs<'a> {
    let mut out = FieldAttrs::default();
    for attr in attrs {
        let path = attr.path();
        let slot = if *path == FROM {
            &mut out.from
        } else if *path == SOURCE {
            &mut out.source
        } else {
            if *path == API_ERROR {
                cx.error_spanned_by(
                    path,
                    "#[api_error] is not allowed on a field; fields take `#[from]` or `#[source]`",
                );
            }
            continue;
        };
        let name = path.to_token_stream();
        if !matches!(attr.meta, Meta::Path(_)) {
            cx.error_spanned_by(&attr.meta, format!("`#[{name}]` takes no arguments"));
            continue;
        }
        if slot.is_some() {
            cx.error_spanned_by(path, format!("duplicate `#[{name}]` on this field"));
            continue;
        }
        *slot = Some(attr);
    }
    out
}
