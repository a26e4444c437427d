//! Binding each case to its catalog entry: the rules that need the catalog (unknown codes,
//! placeholders without a field, message overrides, `exhaustive`), and the result the
//! expansion works from.

use std::borrow::Cow;
use std::collections::HashMap;

use errcat_codegen::diag::closest;
use errcat_codegen::model::{Catalog, Entry, Field, FieldType, Template};
use errcat_codegen::names;
use syn::LitStr;

use crate::ast::{Case, Input, Style};
use crate::attr::Ctxt;

/// One case bound to its entry.
pub struct Binding<'c> {
    /// The entry as this case renders it: the catalog's, or a copy with the variant's
    /// `message` override applied (placeholders the override adds become `string` fields).
    pub entry: Cow<'c, Entry>,
    /// The args the case hands the renderer: each entry field the case has (in the entry's
    /// field order) with the index of the case's field carrying it. Entry fields the case
    /// lacks are not passed: the lowering leaves them out of bodies.
    pub args: Vec<(String, usize)>,
    /// The `code = "..."` literal, where a late error points.
    pub code: LitStr,
}

/// Binds every case that has a code; cases with errors yield `None` (their errors are in `cx`).
pub fn bind<'c>(cx: &Ctxt, input: &Input<'_>, catalog: &'c Catalog) -> Vec<Option<Binding<'c>>> {
    let cases = input.cases();
    // One index per expansion: an enum may bind every code of a 1,000-entry catalog.
    let index: HashMap<&str, &Entry> = catalog
        .entries
        .iter()
        .map(|e| (e.code.as_str(), e))
        .collect();
    let bindings = cases
        .iter()
        .map(|case| bind_case(cx, catalog, &index, case))
        .collect();
    check_exhaustive(cx, input, catalog, &cases);
    bindings
}

fn bind_case<'c>(
    cx: &Ctxt,
    catalog: &'c Catalog,
    index: &HashMap<&str, &'c Entry>,
    case: &Case<'_, '_>,
) -> Option<Binding<'c>> {
    let code_lit = case.attrs.code.as_ref()?;
    let code = code_lit.value();
    let Some(&found) = index.get(code.as_str()) else {
        cx.error_spanned_by(code_lit, unknown_code(catalog, &code));
        return None;
    };
    let mut entry = Cow::Borrowed(found);
    if let Some(message) = &case.attrs.message {
        let entry = entry.to_mut();
        entry.message = parse_override(cx, message)?;
        for name in entry.message.placeholders() {
            if entry.field(name).is_none() {
                entry.fields.push(Field {
                    name: name.to_owned(),
                    ty: FieldType::String,
                    doc: None,
                    optional: false,
                });
            }
        }
    }
    let mut ok = true;
    for (what, template, lit) in templates(&entry, case, code_lit) {
        for name in template.placeholders() {
            if case.field(name).is_none() {
                ok = false;
                cx.error_spanned_by(lit, missing_field(&entry, case, &what, name));
            }
        }
    }
    let args = entry
        .fields
        .iter()
        .filter_map(|field| {
            case.field(&field.name)
                .map(|(index, _)| (field.name.clone(), index))
        })
        .collect();
    ok.then(|| Binding {
        entry,
        args,
        code: code_lit.clone(),
    })
}

/// "unknown code `x` in the catalog; did you mean `y`?"
fn unknown_code(catalog: &Catalog, code: &str) -> String {
    let mut message = format!("unknown code `{code}`: the catalog has no entry with this code");
    if let Some(near) = closest(code, catalog.entries.iter().map(|e| e.code.as_str())) {
        message.push_str(&format!("\nhelp: did you mean `{near}`?"));
    }
    message
}

/// A `message = "..."` override, parsed by the same parser as catalog messages. Positional
/// placeholders get their own message: they are what thiserror users will try first.
fn parse_override(cx: &Ctxt, lit: &LitStr) -> Option<Template> {
    let source = lit.value();
    match Template::parse(&source) {
        Ok(template) => Some(template),
        Err(err) => {
            let bad = source.get(err.offset..err.offset + err.len).unwrap_or("");
            let inner = bad.trim_start_matches('{').trim_end_matches('}');
            let mut message = if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
                format!(
                    "positional placeholder `{bad}` in message: fields are interpolated by name, \
                     so use named fields and write `{{name}}`"
                )
            } else if inner.contains(':') {
                format!(
                    "format spec in placeholder `{bad}`: catalog messages interpolate fields with \
                     `Display` only, write `{{name}}`"
                )
            } else {
                format!("invalid message: {err}")
            };
            if let Some(help) = err.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            cx.error_spanned_by(lit, message);
            None
        }
    }
}

/// The templates a case must be able to fill, each with the words that name it in messages
/// and the literal errors point at: the message (at the override, else the code) and the
/// headers, which always come from the catalog.
fn templates<'e>(
    entry: &'e Entry,
    case: &Case<'e, '_>,
    code_lit: &'e LitStr,
) -> Vec<(String, &'e Template, &'e LitStr)> {
    let mut out = Vec::new();
    match &case.attrs.message {
        Some(lit) => out.push(("the message override".to_owned(), &entry.message, lit)),
        None => out.push((
            format!("the catalog message of `{}`", entry.code),
            &entry.message,
            code_lit,
        )),
    }
    if let Some(retry_after) = &entry.retry_after {
        out.push((
            format!("the `retry_after` of `{}`", entry.code),
            retry_after,
            code_lit,
        ));
    }
    for header in &entry.headers {
        out.push((
            format!("the `{}` header of `{}`", header.name, entry.code),
            &header.value,
            code_lit,
        ));
    }
    out
}

fn missing_field(entry: &Entry, case: &Case<'_, '_>, what: &str, name: &str) -> String {
    let mut message = format!(
        "{what} interpolates `{{{name}}}`, but {} has no field `{name}`",
        case.describe()
    );
    let ty = entry.field(name).map_or("String".to_owned(), rust_type);
    // The field as Rust spells it: placeholder `type` is field `r#type`.
    let field = names::field_ident(name);
    let names: Vec<String> = case
        .fields
        .iter()
        .filter_map(|f| f.name().map(|n| n.to_string()))
        .collect();
    match case.style {
        Style::Named => match closest(name, names.iter().map(String::as_str)) {
            Some(near) => message.push_str(&format!(
                "\nhelp: did you mean `{near}`? the field must be named like the placeholder"
            )),
            None => message.push_str(&format!("\nhelp: add the field `{field}: {ty}`")),
        },
        Style::Tuple => message.push_str(&format!(
            "\nhelp: tuple fields have no names and placeholders name fields; use named fields: \
             `{} {{ {field}: {ty}, ... }}`",
            case.ident
        )),
        Style::Unit => message.push_str(&format!(
            "\nhelp: add the field: `{} {{ {field}: {ty} }}`",
            case.ident
        )),
    }
    message
}

/// The Rust type a catalog field is most naturally carried in.
fn rust_type(field: &Field) -> String {
    let base = match field.ty {
        FieldType::String => "String",
        FieldType::I64 => "i64",
        FieldType::U32 => "u32",
        FieldType::U64 => "u64",
        FieldType::F64 => "f64",
        FieldType::Bool => "bool",
        FieldType::ListString => "Vec<String>",
    };
    if field.optional {
        format!("Option<{base}>")
    } else {
        base.to_owned()
    }
}

/// `#[api_error(exhaustive)]`: every catalog code has a variant, so adding a code to the
/// catalog is a compile error until the enum handles it.
fn check_exhaustive(cx: &Ctxt, input: &Input<'_>, catalog: &Catalog, cases: &[Case<'_, '_>]) {
    let Some(flag) = &input.attrs().exhaustive else {
        return;
    };
    let bound: Vec<String> = cases
        .iter()
        .filter_map(|c| c.attrs.code.as_ref().map(LitStr::value))
        .collect();
    let missing: Vec<&str> = catalog
        .entries
        .iter()
        .map(|e| e.code.as_str())
        .filter(|code| !bound.iter().any(|b| b == code))
        .collect();
    if missing.is_empty() {
        return;
    }
    const SHOWN: usize = 20;
    let mut list: Vec<String> = missing
        .iter()
        .take(SHOWN)
        .map(|c| format!("`{c}`"))
        .collect();
    if missing.len() > SHOWN {
        list.push(format!("and {} more", missing.len() - SHOWN));
    }
    cx.error_spanned_by(
        flag,
        format!(
            "#[api_error(exhaustive)]: {} catalog code{} ha{} no variant in `{}`: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            if missing.len() == 1 { "s" } else { "ve" },
            input.ident(),
            list.join(", ")
        ),
    );
}
