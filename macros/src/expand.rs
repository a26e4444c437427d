//! Tokens: `Display`, `std::error::Error`, `From` for `#[from]` fields and `errcat::ApiError`.
//!
//! Only the two hidden methods of `ApiError` are generated: `__entry` returns the compiled
//! catalog entry (a row of one table built by `errcat_codegen::emit::rust::TableTokens`, the
//! same lowering and layout the build.rs path uses) and `__args` hands the renderer this value's fields. Code, status,
//! headers, body and the Display text are then rendered by the runtime, so nothing about the
//! catalog's meaning is decided here.

use std::borrow::Cow;
use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Member, Type};

use errcat_codegen::model::Catalog;

use crate::arg::{self, is_boxed_trait_object, is_option, option_inner, Kind};
use crate::ast::{Case, Field, Input};
use crate::attr::Ctxt;
use crate::bind::{self, Binding};
use crate::{catalog, fallback, valid};

pub fn derive(node: &DeriveInput) -> TokenStream {
    match try_expand(node) {
        Ok(tokens) => tokens,
        Err(error) => fallback::expand(node, error),
    }
}

fn try_expand(node: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let input = Input::from_syn(&cx, node);
    if let Some(input) = &input {
        valid::check(&cx, input);
    }
    let catalog = match input.as_ref().and_then(|i| i.attrs().catalog.as_ref()) {
        Some(lit) => match catalog::load(lit) {
            Ok(catalog) => Some(catalog),
            Err(err) => {
                cx.syn_error(err);
                None
            }
        },
        None => None,
    };
    let bindings = match (&input, &catalog) {
        (Some(input), Some(catalog)) => Some(bind::bind(&cx, input, catalog)),
        // No catalog named: `valid` has reported it unless every case is transparent.
        (Some(input), None) => Some(input.cases().iter().map(|_| None).collect()),
        _ => None,
    };
    cx.check()?;
    // No error was reported, so the input parsed, the catalog loaded and every case that is
    // not transparent is bound.
    let bug =
        |what: &str| syn::Error::new_spanned(&node.ident, format!("errcat-macros bug: {what}"));
    let (Some(input), Some(bindings)) = (&input, bindings) else {
        return Err(bug("nothing to expand"));
    };
    let cases = input.cases();
    let plans = cases
        .iter()
        .zip(&bindings)
        .map(
            |(case, binding)| match (case.transparent_field(), binding) {
                (Some(field), None) => Some(Plan::Transparent(field)),
                (None, Some(binding)) => Some(Plan::Bound(binding)),
                _ => None,
            },
        )
        .collect::<Option<Vec<Plan<'_, '_, '_>>>>();
    let Some(plans) = plans else {
        return Err(bug("unbound case"));
    };
    expand(input, catalog.as_deref(), &plans)
}

/// What a case expands to: its row of the catalog table, or the error in its one field.
enum Plan<'p, 'c, 'a> {
    Bound(&'p Binding<'c>),
    Transparent(&'p Field<'a>),
}

impl<'p, 'c> Plan<'p, 'c, '_> {
    fn binding(&self) -> Option<&'p Binding<'c>> {
        match self {
            Plan::Bound(binding) => Some(binding),
            Plan::Transparent(_) => None,
        }
    }
}

fn expand(
    input: &Input<'_>,
    catalog: Option<&Catalog>,
    plans: &[Plan<'_, '_, '_>],
) -> syn::Result<TokenStream> {
    let private = errcat_codegen::emit::rust::private_path();
    let ident = input.ident();
    let (impl_generics, ty_generics, _) = input.generics().split_for_impl();
    let cases = input.cases();
    let bindings: Vec<&Binding<'_>> = plans.iter().filter_map(Plan::binding).collect();
    let where_clause = where_clause(input, &cases, plans);
    let rerun = catalog.map(|catalog| rerun_on_change(&catalog.files));
    let deprecations = bindings.iter().map(|binding| deprecation(binding));

    // Only a type with a bound case has a table, and only it names a catalog.
    let (table, rows) = match catalog {
        Some(catalog) if !bindings.is_empty() => entry_table(catalog, &bindings)?,
        _ => (TokenStream::new(), Vec::new()),
    };
    // One row per bound case, in case order.
    let mut rows = rows.into_iter();
    let mut entry_arms = Vec::with_capacity(cases.len());
    let mut args_arms = Vec::with_capacity(cases.len());
    for (case, plan) in cases.iter().zip(plans) {
        match plan {
            Plan::Bound(binding) => {
                let pattern = pattern(case, &[]);
                let row = rows.next().ok_or_else(|| {
                    syn::Error::new_spanned(case.ident, "errcat-macros bug: a case without a row")
                })?;
                entry_arms.push(quote!(#pattern => &ENTRIES[#row],));
                args_arms.push(args_arm(case, binding));
            }
            Plan::Transparent(field) => {
                let (pattern, inner) = transparent(case, field);
                let name = binding(field);
                entry_arms.push(quote!(#pattern => #inner::__entry(#name),));
                args_arms.push(quote!(#pattern => #inner::__args(#name, f),));
            }
        }
    }
    let responses = responses_body(plans, !bindings.is_empty());
    let context = context_method(&cases, plans);
    let display = display_body(&cases, plans);
    let source = source_method(&cases, plans);
    let kinds = arg::kind_traits(&bindings);
    // An enum without variants has no value; `match *self {}` is how that is said.
    let scrutinee = if cases.is_empty() {
        quote!(*self)
    } else {
        quote!(self)
    };
    let froms = cases.iter().filter_map(|case| from_impl(input, case));
    let as_dyn_error = cases
        .iter()
        .filter_map(|c| c.source_field())
        .any(|f| is_option(f.ty) || is_boxed_trait_object(f.ty))
        .then(as_dyn_error_trait);

    Ok(quote! {
        #[allow(non_local_definitions)]
        const _: () = {
            #rerun
            #(#deprecations)*
            #table
            #as_dyn_error
            #kinds

            #[automatically_derived]
            impl #impl_generics ::core::fmt::Display for #ident #ty_generics #where_clause {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    #display
                }
            }

            #[automatically_derived]
            impl #impl_generics ::core::error::Error for #ident #ty_generics #where_clause {
                #source
            }

            #[automatically_derived]
            impl #impl_generics #private::ApiError for #ident #ty_generics #where_clause {
                fn __entry(&self) -> &'static #private::Entry {
                    match #scrutinee {
                        #(#entry_arms)*
                    }
                }

                fn __args(
                    &self,
                    f: &mut dyn ::core::ops::FnMut(&[#private::Arg<'_>]),
                ) {
                    match #scrutinee {
                        #(#args_arms)*
                    }
                }

                #context
            }

            #(#froms)*

            // axum `IntoResponse` / actix-web `ResponseError`, when errcat has those features.
            #private::impl_frameworks!(
                impl {#impl_generics} for {#ident #ty_generics} {#where_clause}
            );

            // The codes of the variants, with their OpenAPI responses (and utoipa
            // `IntoResponses`, when errcat has that feature).
            #private::impl_responses!(
                impl {#impl_generics} for {#ident #ty_generics} {#where_clause} fn(f) {
                    #responses
                }
            );
        };
    })
}

/// `Responses::for_each_response`'s body: the bound cases' codes (the table's rows), then the
/// codes of each transparent case's wrapped type, so a handler's error type declares the codes
/// of the errors it wraps too (the runtime's `openapi::responses` lists each code once).
fn responses_body(plans: &[Plan<'_, '_, '_>], has_table: bool) -> TokenStream {
    let private = errcat_codegen::emit::rust::private_path();
    let bound = has_table.then(|| quote!(#private::responses(ENTRIES.iter(), f);));
    let wrapped = plans.iter().filter_map(|plan| match plan {
        Plan::Transparent(field) => {
            let ty = field.ty;
            let span = ty.span();
            // Through `ApiError` (of which `Responses` is a supertrait): a type that is
            // neither is then the one "not an `ApiError`" error at the type, not two.
            Some(quote_spanned!(span=> #private::responses_of::<#ty>(f);))
        }
        Plan::Bound(_) => None,
    });
    quote! {
        #bound
        #(#wrapped)*
    }
}

/// A transparent case's pattern, binding its field, and the wrapped type as `ApiError`
/// (`<T as ::errcat::__private::ApiError>`), spanned at the field's type so a type that is
/// not an `ApiError` is reported there.
fn transparent(case: &Case<'_, '_>, field: &Field<'_>) -> (TokenStream, TokenStream) {
    let private = errcat_codegen::emit::rust::private_path();
    let ty = field.ty;
    let span = ty.span();
    (
        pattern(case, &[field]),
        quote_spanned!(span=> <#ty as #private::ApiError>),
    )
}

/// `fn __context`, for a type with transparent cases: the wrapped error's own context (a
/// `WithContext` keeps its headers inside an enum). Other types keep the provided `None`.
fn context_method(cases: &[Case<'_, '_>], plans: &[Plan<'_, '_, '_>]) -> TokenStream {
    let private = errcat_codegen::emit::rust::private_path();
    let arms: Vec<TokenStream> = cases
        .iter()
        .zip(plans)
        .filter_map(|(case, plan)| match plan {
            Plan::Transparent(field) => {
                let (pattern, inner) = transparent(case, field);
                let name = binding(field);
                Some(quote!(#pattern => #inner::__context(#name),))
            }
            Plan::Bound(_) => None,
        })
        .collect();
    if arms.is_empty() {
        return TokenStream::new();
    }
    let rest = (arms.len() < cases.len()).then(|| quote!(_ => ::core::option::Option::None,));
    quote! {
        fn __context(
            &self,
        ) -> ::core::option::Option<#private::Cow<'_, #private::Context>> {
            match self {
                #(#arms)*
                #rest
            }
        }
    }
}

/// `Display::fmt`'s body: the runtime renders the bound cases' messages; a transparent case is
/// its wrapped error's `Display`.
fn display_body(cases: &[Case<'_, '_>], plans: &[Plan<'_, '_, '_>]) -> TokenStream {
    let private = errcat_codegen::emit::rust::private_path();
    let arms: Vec<TokenStream> = cases
        .iter()
        .zip(plans)
        .filter_map(|(case, plan)| match plan {
            Plan::Transparent(field) => {
                let pattern = pattern(case, &[field]);
                let name = binding(field);
                let ty = field.ty;
                Some(quote!(#pattern => <#ty as ::core::fmt::Display>::fmt(#name, f),))
            }
            Plan::Bound(_) => None,
        })
        .collect();
    if arms.is_empty() {
        return quote!(#private::display(self, f));
    }
    let rest = (arms.len() < cases.len()).then(|| quote!(_ => #private::display(self, f),));
    quote! {
        match self {
            #(#arms)*
            #rest
        }
    }
}

/// `static TABLE` (one compact table, errcat-contract's layout), `static ENTRIES: [Entry; N]`
/// (a handle per row, its OpenAPI response beside it in `BODIES`) and the row of each case,
/// in case order.
///
/// One table for the whole type rather than a static per variant: a few items for rustc to
/// evaluate. A variant bound to the same code as an earlier one, passing every field and
/// overriding nothing, shares its row.
fn entry_table(
    catalog: &Catalog,
    bindings: &[&Binding<'_>],
) -> syn::Result<(TokenStream, Vec<usize>)> {
    let private = errcat_codegen::emit::rust::private_path();
    let mut table = errcat_codegen::emit::rust::TableTokens::new(catalog);
    let mut count = 0usize;
    let mut shared_rows: HashMap<&str, usize> = HashMap::new();
    let mut rows = Vec::with_capacity(bindings.len());
    // One line per row: the OpenAPI response of the code it answers with.
    let mut responses = String::new();
    for &binding in bindings {
        let names: Vec<&str> = binding.args.iter().map(|(name, _)| name.as_str()).collect();
        let code = binding.entry.code.as_str();
        let shared =
            matches!(binding.entry, Cow::Borrowed(_)) && names.len() == binding.entry.fields.len();
        if let Some(&row) = shared_rows.get(code).filter(|_| shared) {
            rows.push(row);
            continue;
        }
        // The shared lowering. `bind` already reported every placeholder it could not fill,
        // so an error here is a disagreement between the two: still an error at the code.
        let row = table
            .entry(&binding.entry, &names, "")
            .map_err(|err| syn::Error::new_spanned(&binding.code, err))?;
        if shared {
            shared_rows.insert(code, row);
        }
        rows.push(row);
        count += 1;
        responses.push_str(&errcat_codegen::emit::openapi::code_response_line(
            catalog,
            &binding.entry,
        ));
        responses.push('\n');
    }
    let table = table.finish(false);
    let count = proc_macro2::Literal::usize_unsuffixed(count);
    let table = quote! {
        static TABLE: #private::Table<'static> = #table;
        static BODIES: #private::Bodies = #private::Bodies::with_responses(#responses);
        static ENTRIES: [#private::Entry; #count] = #private::Entry::all(&TABLE, &BODIES);
    };
    Ok((table, rows))
}

/// The impls' where clause: the type's own predicates plus, for a generic type, what each
/// field whose type names a type parameter must be for its use (thiserror's inferred bounds):
/// `Display` or the catalog kind's trait for an interpolated field, `Error + 'static` for a
/// source. `Self: Debug` too, since `Error` needs it and `#[derive(Debug)]` bounds parameters.
fn where_clause(
    input: &Input<'_>,
    cases: &[Case<'_, '_>],
    plans: &[Plan<'_, '_, '_>],
) -> TokenStream {
    let private = errcat_codegen::emit::rust::private_path();
    let generics = input.generics();
    let existing = generics
        .where_clause
        .iter()
        .flat_map(|w| w.predicates.iter());
    let params: Vec<&Ident> = generics.type_params().map(|p| &p.ident).collect();
    if params.is_empty() {
        return quote!(where #(#existing,)*);
    }
    let generic = |ty: &Type| mentions(ty.to_token_stream(), &params);
    let mut bounds: Vec<TokenStream> = vec![quote!(Self: ::core::fmt::Debug)];
    for (case, plan) in cases.iter().zip(plans) {
        let binding = match plan {
            Plan::Bound(binding) => binding,
            Plan::Transparent(field) => {
                let ty = field.ty;
                if generic(ty) {
                    bounds.push(quote!(#ty: #private::ApiError));
                }
                continue;
            }
        };
        for (name, index) in &binding.args {
            let field = &case.fields[*index];
            let Some(catalog_field) = binding.entry.field(name) else {
                continue;
            };
            let ty = option_inner(field.ty).unwrap_or(field.ty);
            if !generic(ty) {
                continue;
            }
            bounds.push(match Kind::of(catalog_field.ty) {
                Some(kind) => {
                    let name = Ident::new(kind.spec().0, Span::call_site());
                    quote!(#ty: #name)
                }
                None => quote!(#ty: ::core::fmt::Display),
            });
        }
        if let Some(field) = case.source_field() {
            let ty = option_inner(field.ty).unwrap_or(field.ty);
            if generic(ty) {
                bounds.push(quote!(#ty: ::core::error::Error + 'static));
            }
        }
    }
    quote!(where #(#existing,)* #(#bounds,)*)
}

/// True when the tokens name one of the type parameters.
fn mentions(tokens: TokenStream, params: &[&Ident]) -> bool {
    tokens.into_iter().any(|token| match token {
        proc_macro2::TokenTree::Ident(ident) => params.iter().any(|p| **p == ident),
        proc_macro2::TokenTree::Group(group) => mentions(group.stream(), params),
        _ => false,
    })
}

/// A `deprecated` catalog entry warns where the code is bound, as the build.rs path's
/// `#[deprecated]` variants do: a use of a deprecated item spanned at the code literal is how a
/// derive raises a warning on stable Rust.
fn deprecation(binding: &Binding<'_>) -> TokenStream {
    let Some(note) = &binding.entry.deprecated else {
        return TokenStream::new();
    };
    let note = format!(
        "catalog code `{}` is deprecated: {note}",
        binding.entry.code
    );
    let span = binding.code.span();
    quote_spanned! {span=>
        const _: () = {
            #[deprecated(note = #note)]
            struct CatalogCode;
            let _ = CatalogCode;
        };
    }
}

/// `include_bytes!` of every catalog file, so cargo rebuilds the crate when one changes
/// (proc macros have no `rerun-if-changed`; a file read by an expansion is tracked this way).
/// A path that is not UTF-8 cannot be written as a literal and is left out.
pub(crate) fn rerun_on_change(files: &[std::path::PathBuf]) -> TokenStream {
    files
        .iter()
        .filter_map(|file| file.to_str())
        .map(|file| {
            quote!(
                const _: &[u8] = ::core::include_bytes!(#file);
            )
        })
        .collect()
}

/// `Self::Variant { a: __a, 0: __0, .. }` (or `Self { .. }` for a struct), binding the listed
/// fields by reference to the names [`binding`] gives them.
fn pattern(case: &Case<'_, '_>, fields: &[&Field<'_>]) -> TokenStream {
    let path = match case.variant {
        Some(variant) => {
            let ident = &variant.original.ident;
            quote!(Self::#ident)
        }
        None => quote!(Self),
    };
    let bound = fields.iter().map(|field| {
        let member = &field.member;
        let name = binding(field);
        quote!(#member: #name)
    });
    quote!(#path { #(#bound,)* .. })
}

/// The local name a field is bound to in a match arm, spanned at the field's type so type
/// errors about the value point at the type the user wrote.
pub fn binding(field: &Field<'_>) -> Ident {
    match &field.member {
        Member::Named(ident) => format_ident!("__{}", ident, span = field.ty.span()),
        Member::Unnamed(index) => format_ident!("__{}", index.index, span = field.ty.span()),
    }
}

/// `Self::V { table: __table, .. } => f(&[<__table as Arg>]),`, args in the binding's order.
fn args_arm(case: &Case<'_, '_>, binding_: &Binding<'_>) -> TokenStream {
    let used: Vec<&Field<'_>> = binding_
        .args
        .iter()
        .map(|(_, i)| &case.fields[*i])
        .collect();
    let pattern = pattern(case, &used);
    let args = binding_.args.iter().filter_map(|(name, i)| {
        let catalog_field = binding_.entry.field(name)?;
        Some(arg::arg(
            &case.fields[*i],
            catalog_field.ty,
            catalog_field.optional,
        ))
    });
    quote!(#pattern => f(&[#(#args),*]),)
}

/// `fn source()`: thiserror's rules (`#[from]`, else `#[source]`, else a field named
/// `source`); `Option<E>` sources are supported. A transparent case is its wrapped error's
/// `source()`, as thiserror's `#[error(transparent)]`.
fn source_method(cases: &[Case<'_, '_>], plans: &[Plan<'_, '_, '_>]) -> TokenStream {
    let arms: Vec<TokenStream> = cases
        .iter()
        .zip(plans)
        .filter_map(|(case, plan)| {
            if let Plan::Transparent(field) = plan {
                let pattern = pattern(case, &[field]);
                let name = binding(field);
                let ty = field.ty;
                return Some(quote!(#pattern => <#ty as ::core::error::Error>::source(#name),));
            }
            let field = case.source_field()?;
            let pattern = pattern(case, &[field]);
            let name = binding(field);
            let span = field.ty.span();
            let body = if is_option(field.ty) {
                quote_spanned!(span=> ::core::option::Option::Some(#name.as_ref()?.__errcat_as_dyn_error()))
            } else if is_boxed_trait_object(field.ty) {
                quote_spanned!(span=> ::core::option::Option::Some(#name.__errcat_as_dyn_error()))
            } else {
                // A plain cast: a type that is not an error is then reported as "the trait
                // `Error` is not implemented for `T`" at the field's type.
                quote_spanned!(span=> ::core::option::Option::Some(#name as &(dyn ::core::error::Error + 'static)))
            };
            Some(quote!(#pattern => #body,))
        })
        .collect();
    if arms.is_empty() {
        return TokenStream::new();
    }
    let rest = (arms.len() < cases.len()).then(|| quote!(_ => ::core::option::Option::None,));
    quote! {
        fn source(&self) -> ::core::option::Option<&(dyn ::core::error::Error + 'static)> {
            match self {
                #(#arms)*
                #rest
            }
        }
    }
}

/// A source as `&dyn Error`, for concrete error types and for boxed trait objects alike
/// (`Box<dyn Error + Send + Sync>` is not itself an `Error`). Defined once per derive, inside
/// its `const _` block.
fn as_dyn_error_trait() -> TokenStream {
    quote! {
        trait __ErrcatAsDynError<'a> {
            fn __errcat_as_dyn_error(&self) -> &(dyn ::core::error::Error + 'a);
        }
        impl<'a, T: ::core::error::Error + 'a> __ErrcatAsDynError<'a> for T {
            fn __errcat_as_dyn_error(&self) -> &(dyn ::core::error::Error + 'a) {
                self
            }
        }
        impl<'a> __ErrcatAsDynError<'a> for dyn ::core::error::Error + 'a {
            fn __errcat_as_dyn_error(&self) -> &(dyn ::core::error::Error + 'a) {
                self
            }
        }
        impl<'a> __ErrcatAsDynError<'a> for dyn ::core::error::Error + ::core::marker::Send + 'a {
            fn __errcat_as_dyn_error(&self) -> &(dyn ::core::error::Error + 'a) {
                self
            }
        }
        impl<'a> __ErrcatAsDynError<'a>
            for dyn ::core::error::Error + ::core::marker::Send + ::core::marker::Sync + 'a
        {
            fn __errcat_as_dyn_error(&self) -> &(dyn ::core::error::Error + 'a) {
                self
            }
        }
    }
}

/// `impl From<T> for Type` for a `#[from]` field (the only field, checked in `valid`).
fn from_impl(input: &Input<'_>, case: &Case<'_, '_>) -> Option<TokenStream> {
    let field = case.marked_from()?;
    let ident = input.ident();
    let (impl_generics, ty_generics, where_clause) = input.generics().split_for_impl();
    let ty = field.ty;
    let member = &field.member;
    let path = match case.variant {
        Some(variant) => {
            let variant = &variant.original.ident;
            quote!(#ident::#variant)
        }
        None => quote!(#ident),
    };
    // The only field (checked in `valid`): a tuple variant is built positionally, a named one
    // with the shorthand when the field is called `source` (clippy's style in the user's crate).
    let construct = match member {
        Member::Unnamed(_) => quote!(#path(source)),
        Member::Named(name) if name == "source" => quote!(#path { source }),
        Member::Named(name) => quote!(#path { #name: source }),
    };
    let span = field.attrs.from.map_or_else(Span::call_site, |a| a.span());
    Some(quote_spanned! {span=>
        #[automatically_derived]
        impl #impl_generics ::core::convert::From<#ty> for #ident #ty_generics #where_clause {
            fn from(source: #ty) -> Self {
                #construct
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use syn::visit::Visit;

    /// The first two segments of every absolute path (`::a::b::...`) of a file.
    #[derive(Default)]
    struct PathRoots(Vec<String>);

    impl Visit<'_> for PathRoots {
        fn visit_path(&mut self, path: &syn::Path) {
            if path.leading_colon.is_some() {
                let root: Vec<String> = path
                    .segments
                    .iter()
                    .take(2)
                    .map(|s| s.ident.to_string())
                    .collect();
                self.0.push(format!("::{}", root.join("::")));
            }
            syn::visit::visit_path(self, path);
        }
    }

    /// A derive's expansion resolves the same in any crate: it names only
    /// `#private::...` and `::core::...`.
    #[test]
    fn expansion_names_only_errcat_private_and_core() {
        let input: syn::DeriveInput = syn::parse_quote! {
            #[api_error(catalog = "../catalog/standard.yaml")]
            enum AppError {
                #[api_error(code = "NOT_FOUND")]
                NotFound { resource: String, id: u64 },
                #[api_error(code = "INTERNAL_ERROR")]
                Io(#[from] std::io::Error),
                #[api_error(code = "VALIDATION_ERROR")]
                Invalid { source: std::fmt::Error },
                #[api_error(transparent)]
                Wrapped(#[from] Inner),
            }
        };
        let expansion = super::derive(&input);
        let file: syn::File = syn::parse2(expansion).expect("the expansion parses as items");
        let mut roots = PathRoots::default();
        roots.visit_file(&file);
        assert!(roots.0.len() > 10, "{:?}", roots.0);
        for root in &roots.0 {
            assert!(
                *root == format!("::errcat::{}", errcat_codegen::emit::rust::PRIVATE)
                    || root.starts_with("::core::"),
                "the expansion names {root}"
            );
        }
    }
}
