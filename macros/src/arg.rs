//! Field values for the renderer: each bound field becomes an `::errcat::__private_X_Y_Z::Arg`,
//! converted as the catalog types the field, so a Rust type that cannot carry it is a compile
//! error at the field's type, in the catalog's terms.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{Ident, Type};

use errcat_codegen::emit::rust::{private_path, private_path_at};
use errcat_codegen::model::FieldType;

use crate::ast::Field;
use crate::bind::Binding;

/// One field as an `Arg`, converted as the catalog types it, so a Rust type that does not fit
/// is a compile error at the field's type ("`From<String>` is not implemented for `u64`")
/// rather than a number turning into a string in JSON. A field of type `Option<T>` is absent
/// when `None`. `string` fields take the plain string types as they are and anything else
/// through `Display` (the coercion to `&dyn Display` reports a type that cannot be displayed).
/// `_optional` is the catalog's flag: an optional catalog field may still be carried in a
/// field that is always present.
pub fn arg(field: &Field<'_>, ty: FieldType, _optional: bool) -> TokenStream {
    let name = crate::expand::binding(field);
    let span = field.ty.span();
    let private = private_path_at(span);
    match option_inner(field.ty) {
        Some(inner) => {
            let value = Ident::new("__value", span);
            let some = convert(&value, inner, ty);
            quote_spanned! {span=>
                match #name {
                    ::core::option::Option::Some(#value) => #some,
                    ::core::option::Option::None => #private::Arg::Absent,
                }
            }
        }
        None => convert(&name, field.ty, ty),
    }
}

/// `value: &rust_ty` as the `Arg` for catalog type `ty`.
fn convert(value: &Ident, rust_ty: &Type, ty: FieldType) -> TokenStream {
    let span = rust_ty.span();
    let private = private_path_at(span);
    match Kind::of(ty) {
        None if is_plain_string(rust_ty) => {
            quote_spanned!(span=> #private::AsArg::as_arg(#value))
        }
        None => quote_spanned!(span=> #private::Arg::Display(#value)),
        Some(kind) => {
            let (name, _) = kind.spec();
            let name = Ident::new(name, span);
            quote_spanned!(span=> #name::__errcat_arg(#value))
        }
    }
}

/// The typed catalog field kinds. Each gets a trait, defined inside the derive's `const _`
/// block when a field needs it, implemented for the Rust types that carry the kind without
/// loss, and labelled with `#[diagnostic::on_unimplemented]` so a type that does not fit is
/// reported at the field's type in the catalog's terms.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Kind {
    U32,
    U64,
    Signed,
    Float,
    Bool,
    List,
}

impl Kind {
    pub fn of(ty: FieldType) -> Option<Kind> {
        match ty {
            FieldType::String => None,
            FieldType::U32 => Some(Kind::U32),
            FieldType::U64 => Some(Kind::U64),
            FieldType::I64 => Some(Kind::Signed),
            FieldType::F64 => Some(Kind::Float),
            FieldType::Bool => Some(Kind::Bool),
            FieldType::ListString => Some(Kind::List),
        }
    }

    /// The trait's name and the Rust types that carry the kind.
    pub fn spec(self) -> (&'static str, &'static str) {
        match self {
            Kind::U32 => ("__ErrcatU32", "u8, u16, u32, u64 or usize"),
            Kind::U64 => ("__ErrcatU64", "u8, u16, u32, u64 or usize"),
            Kind::Signed => (
                "__ErrcatSigned",
                "i8, i16, i32, i64, isize, u8, u16, u32, u64 or usize",
            ),
            Kind::Float => (
                "__ErrcatFloat",
                "f32, f64, or an integer of 32 bits or fewer",
            ),
            Kind::Bool => ("__ErrcatBool", "bool"),
            Kind::List => ("__ErrcatList", "Vec<String>"),
        }
    }

    fn impls(self) -> TokenStream {
        let private = private_path();
        let arg = quote!(#private::Arg);
        let from = |variant: TokenStream, target: TokenStream, types: &[&str]| -> TokenStream {
            types
                .iter()
                .map(|t| {
                    let t = Ident::new(t, Span::call_site());
                    quote!(impl Trait for #t {
                        fn __errcat_arg(&self) -> #arg<'_> { #arg::#variant(<#target>::from(*self)) }
                    })
                })
                .collect()
        };
        match self {
            // What Rust code counts with, whatever the catalog's width: a value above a `u32`
            // field's range is rendered as it is, never truncated (the docs say so).
            Kind::U32 | Kind::U64 => {
                let mut out = from(quote!(U64), quote!(u64), &["u8", "u16", "u32", "u64"]);
                out.extend(usize_impl(&arg));
                out
            }
            Kind::Signed => {
                let mut out = from(
                    quote!(I64),
                    quote!(i64),
                    &["i8", "i16", "i32", "i64", "u8", "u16", "u32"],
                );
                out.extend(quote!(impl Trait for isize {
                    fn __errcat_arg(&self) -> #arg<'_> { #arg::I64(*self as i64) }
                }));
                // Above `i64::MAX` a `u64` still renders as its exact value.
                out.extend(from(quote!(U64), quote!(u64), &["u64"]));
                out.extend(usize_impl(&arg));
                out
            }
            Kind::Float => from(
                quote!(F64),
                quote!(f64),
                &["f32", "f64", "i8", "i16", "i32", "u8", "u16", "u32"],
            ),
            Kind::Bool => quote!(impl Trait for bool {
                fn __errcat_arg(&self) -> #arg<'_> { #arg::Bool(*self) }
            }),
            Kind::List => quote! {
                impl Trait for #private::Vec<#private::String> {
                    fn __errcat_arg(&self) -> #arg<'_> { #arg::List(self) }
                }
                impl Trait for [#private::String] {
                    fn __errcat_arg(&self) -> #arg<'_> { #arg::List(self) }
                }
            },
        }
    }

    /// The trait of the kind of catalog type `ty`, its messages naming `ty` as catalogs spell it.
    fn definition(self, ty: FieldType) -> TokenStream {
        let (name, rust) = self.spec();
        let catalog = format!("`{}`", ty.as_str());
        let message = format!("`{{Self}}` cannot carry a catalog field of type {catalog}");
        let label = format!("the catalog declares this field {catalog}");
        let note = format!("use {rust} (or an `Option` of one)");
        let name = Ident::new(name, Span::call_site());
        let private = private_path();
        // Written with `Trait` and renamed, so `impls` stays readable.
        let impls: TokenStream = self
            .impls()
            .into_iter()
            .map(|token| match token {
                proc_macro2::TokenTree::Ident(ident) if ident == "Trait" => {
                    proc_macro2::TokenTree::Ident(name.clone())
                }
                other => other,
            })
            .collect();
        quote! {
            #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
            trait #name {
                fn __errcat_arg(&self) -> #private::Arg<'_>;
            }
            #impls
        }
    }
}

/// `usize` has no `From` into `u64`, but is at most 64 bits on every target Rust supports.
fn usize_impl(arg: &TokenStream) -> TokenStream {
    quote!(impl Trait for usize {
        fn __errcat_arg(&self) -> #arg<'_> { #arg::U64(*self as u64) }
    })
}

/// The kind traits the bound fields need.
pub fn kind_traits(bindings: &[&Binding<'_>]) -> TokenStream {
    let used: Vec<FieldType> = bindings
        .iter()
        .flat_map(|b| b.args.iter().filter_map(|(name, _)| b.entry.field(name)))
        .map(|field| field.ty)
        .collect();
    FieldType::ALL
        .into_iter()
        .filter(|ty| used.contains(ty))
        .filter_map(|ty| Some(Kind::of(ty)?.definition(ty)))
        .collect()
}

/// `T` of `Option<T>`.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    let last = last_segment(ty)?;
    if last.ident != "Option" {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => match args.args.first() {
            Some(syn::GenericArgument::Type(inner)) if args.args.len() == 1 => Some(inner),
            _ => None,
        },
        _ => None,
    }
}

/// `String`, `&str`, `Box<str>`, `Cow<str>`: types the runtime takes as text without
/// formatting.
fn is_plain_string(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => matches!(&*r.elem, Type::Path(p) if p.path.is_ident("str")),
        Type::Path(p) => {
            p.qself.is_none()
                && p.path.segments.last().is_some_and(|last| {
                    last.ident == "String"
                        || ((last.ident == "Box" || last.ident == "Cow")
                            && last.arguments.to_token_stream().to_string().contains("str"))
                })
        }
        _ => false,
    }
}

pub fn is_option(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|last| last.ident == "Option")
}

/// `Box<dyn Error + ...>`: not itself an `Error`, so it needs the deref `as_dyn_error` does.
pub fn is_boxed_trait_object(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|last| {
        last.ident == "Box"
            && matches!(&last.arguments, syn::PathArguments::AngleBracketed(args)
                if matches!(args.args.first(), Some(syn::GenericArgument::Type(Type::TraitObject(_)))))
    })
}

pub fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        _ => None,
    }
}
