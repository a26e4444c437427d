//! What the derive emits when the input is wrong: the errors, plus stub impls of every trait
//! it would have implemented. Without the stubs each use of the type (`?`, `.status()`,
//! `{}` formatting) would add an error of its own and bury the one that matters.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields};

use crate::symbol::FROM;

pub fn expand(input: &DeriveInput, error: syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    let ident = &input.ident;
    if let Data::Union(_) = input.data {
        // Nothing can be derived for a union; stubs would only add errors of their own.
        return errors;
    }
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let froms = from_stubs(input);
    let private = errcat_codegen::emit::rust::private_path();
    quote! {
        #errors

        #[allow(unused_qualifications, clippy::all)]
        const _: () = {
            impl #impl_generics ::core::fmt::Display for #ident #ty_generics #where_clause {
                fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::unreachable!()
                }
            }

            impl #impl_generics ::core::error::Error for #ident #ty_generics #where_clause {}

            impl #impl_generics #private::ApiError for #ident #ty_generics #where_clause {
                fn __entry(&self) -> &'static #private::Entry {
                    ::core::unreachable!()
                }

                fn __args(
                    &self,
                    _: &mut dyn ::core::ops::FnMut(&[#private::Arg<'_>]),
                ) {
                    ::core::unreachable!()
                }
            }

            impl #impl_generics #private::Responses for #ident #ty_generics #where_clause {
                fn for_each_response(_: &mut dyn ::core::ops::FnMut(#private::CodeResponse)) {}
            }

            #froms
        };
    }
}

/// `From<T>` stubs for every field marked `#[from]`, so `?` in the user's code type-checks
/// while the real error is fixed. Read straight from `syn`: the typed input may be what failed.
fn from_stubs(input: &DeriveInput) -> TokenStream {
    if !input.generics.params.is_empty() {
        return TokenStream::new();
    }
    let ident = &input.ident;
    let fields: Vec<&Fields> = match &input.data {
        Data::Enum(data) => data.variants.iter().map(|v| &v.fields).collect(),
        Data::Struct(data) => vec![&data.fields],
        Data::Union(_) => Vec::new(),
    };
    let mut seen = Vec::new();
    let mut out = TokenStream::new();
    for field in fields.into_iter().flatten() {
        if !field.attrs.iter().any(|a| *a.path() == FROM) {
            continue;
        }
        let ty = &field.ty;
        let key = quote!(#ty).to_string();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.extend(quote! {
            impl ::core::convert::From<#ty> for #ident {
                fn from(_: #ty) -> Self {
                    ::core::unreachable!()
                }
            }
        });
    }
    out
}
