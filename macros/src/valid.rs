//! The rules that need only the Rust input, one function per rule, each stating it. Rules
//! that need the catalog live in `bind.rs`.

use quote::ToTokens;

use crate::ast::{Case, Input};
use crate::attr::Ctxt;

pub fn check(cx: &Ctxt, input: &Input<'_>) {
    check_catalog_present(cx, input);
    let cases = input.cases();
    for case in &cases {
        check_transparent(cx, case);
        check_code_present(cx, input, case);
        check_from(cx, case);
        check_single_source(cx, case);
    }
    check_from_types_distinct(cx, &cases);
}

/// The type names its catalog: `#[api_error(catalog = "errors.yaml")]`, unless every case is
/// transparent (nothing to look up). A transparent struct has no catalog of its own.
fn check_catalog_present(cx: &Ctxt, input: &Input<'_>) {
    let attrs = input.attrs();
    if let (Input::Struct(_), Some(transparent), Some(catalog)) =
        (input, &attrs.transparent, &attrs.catalog)
    {
        cx.error_spanned_by(
            catalog,
            format!(
                "a `{transparent}` struct is the error in its field, catalog entry included: \
                 remove `catalog`"
            ),
        );
        return;
    }
    // A case whose attribute was malformed may have meant `transparent`: saying the catalog
    // is missing would only add a guess to the real error.
    let needs_no_catalog = |case: &Case<'_, '_>| case.is_transparent() || case.attrs.malformed;
    if attrs.catalog.is_some() || attrs.malformed || input.cases().iter().all(needs_no_catalog) {
        return;
    }
    let message = format!(
        "missing catalog: add #[api_error(catalog = \"errors.yaml\")] to `{}` (the path is \
         relative to the crate's Cargo.toml)",
        input.ident()
    );
    match attrs.attr {
        Some(span) => cx.error_at(span, message),
        None => cx.error_spanned_by(input.ident(), message),
    }
}

/// `#[api_error(transparent)]`: exactly one field, the error wrapped, which decides code,
/// message and source, so none of them may be given here.
fn check_transparent(cx: &Ctxt, case: &Case<'_, '_>) {
    let Some(flag) = &case.attrs.transparent else {
        return;
    };
    for (key, lit) in [("code", &case.attrs.code), ("message", &case.attrs.message)] {
        if let Some(lit) = lit {
            cx.error_spanned_by(
                lit,
                format!(
                    "{} is transparent: its {key} is the wrapped error's; remove `{key}`",
                    case.describe()
                ),
            );
        }
    }
    match case.fields {
        [field] => {
            if let Some(source) = field.attrs.source {
                cx.error_spanned_by(
                    source,
                    format!(
                        "#[source] in transparent {}: its `source()` is the wrapped error's own",
                        case.describe()
                    ),
                );
            }
        }
        fields => cx.error_spanned_by(
            flag,
            format!(
                "#[api_error(transparent)] requires exactly one field, the `ApiError` it wraps; \
                 {} has {}",
                case.describe(),
                match fields.len() {
                    0 => "none".to_owned(),
                    n => n.to_string(),
                }
            ),
        ),
    }
}

/// Every variant (or the struct) names its catalog entry: `#[api_error(code = "...")]`, or
/// is transparent.
fn check_code_present(cx: &Ctxt, input: &Input<'_>, case: &Case<'_, '_>) {
    if case.attrs.code.is_some() || case.attrs.malformed || case.is_transparent() {
        return;
    }
    match (input, case.variant) {
        (Input::Enum(_), Some(variant)) => {
            let mut message = format!(
                "missing catalog code on variant `{}`: add #[api_error(code = \"...\")]",
                variant.original.ident
            );
            // A variant wrapping one value is often meant to answer as that error.
            if let [field] = case.fields {
                message.push_str(&format!(
                    "\nhelp: or, if `{}` is an `ApiError` this variant should answer as, \
                     #[api_error(transparent)]",
                    type_text(field.ty)
                ));
            }
            cx.error_spanned_by(&variant.original.ident, message)
        }
        _ => cx.error_spanned_by(
            case.ident,
            format!(
                "missing catalog code on struct `{}`: add `code = \"...\"` to its #[api_error(...)]",
                case.ident
            ),
        ),
    }
}

/// `#[from]` once per variant, and only on a variant with no other field: the generated
/// `From<T>` has nothing to fill other fields with.
fn check_from(cx: &Ctxt, case: &Case<'_, '_>) {
    let mut froms = case.fields.iter().filter_map(|f| f.attrs.from);
    let Some(first) = froms.next() else {
        return;
    };
    let mut duplicated = false;
    for again in froms {
        duplicated = true;
        cx.error_spanned_by(
            again,
            format!(
                "duplicate #[from] in {}: `From` can be generated for one field only",
                case.describe()
            ),
        );
    }
    // With two `#[from]`s the other-fields rule only restates the duplicate.
    if case.fields.len() > 1 && !duplicated {
        cx.error_spanned_by(
            first,
            format!(
                "#[from] requires {} to have no other fields (`From` could not fill them); \
                 use #[source] and construct the variant yourself",
                case.describe()
            ),
        );
    }
}

/// One source per variant: `#[source]` at most once.
fn check_single_source(cx: &Ctxt, case: &Case<'_, '_>) {
    let mut sources = case.fields.iter().filter_map(|f| f.attrs.source);
    if sources.next().is_none() {
        return;
    }
    for again in sources {
        cx.error_spanned_by(
            again,
            format!(
                "duplicate #[source] in {}: an error has one source",
                case.describe()
            ),
        );
    }
}

/// Two `#[from]` fields of the same type would be two conflicting `From` impls; say which
/// variant has it first instead of letting rustc report E0119 at the derive.
fn check_from_types_distinct(cx: &Ctxt, cases: &[Case<'_, '_>]) {
    let mut seen: Vec<(String, &syn::Ident)> = Vec::new();
    for case in cases {
        let Some(field) = case.marked_from() else {
            continue;
        };
        let ty = type_text(field.ty);
        if let Some((_, first)) = seen.iter().find(|(t, _)| *t == ty) {
            if let Some(attr) = field.attrs.from {
                cx.error_spanned_by(
                    attr,
                    format!(
                        "#[from] {ty} is already on variant `{first}`: two `From<{ty}>` impls \
                         would conflict"
                    ),
                );
            }
        } else {
            seen.push((ty, case.ident));
        }
    }
}

/// A type as the user wrote it, for messages: token text without the spaces `quote` puts
/// inside paths, generics and references (`std :: io :: Error` -> `std::io::Error`).
fn type_text(ty: &syn::Type) -> String {
    let text = ty.to_token_stream().to_string();
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let glued =
            prev.is_some_and(|p| ":<(&[".contains(p)) || next.is_some_and(|n| ":<>),]".contains(n));
        if c == ' ' && glued {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::type_text;

    #[test]
    fn type_text_reads_like_source() {
        for (ty, expected) in [
            ("std::io::Error", "std::io::Error"),
            ("::std::io::Error", "::std::io::Error"),
            (
                "Box<dyn std::error::Error + Send + Sync>",
                "Box<dyn std::error::Error + Send + Sync>",
            ),
            ("&'static str", "&'static str"),
            ("Vec<(u8, String)>", "Vec<(u8, String)>"),
        ] {
            let parsed: syn::Type = syn::parse_str(ty).unwrap();
            assert_eq!(type_text(&parsed), expected, "{ty}");
        }
    }
}
