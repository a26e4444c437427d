//! The input as typed values. Every node keeps the `syn` node it came from, so every error
//! can point at the token the user wrote.

use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Index, Member, Type};

use crate::attr::{self, ApiErrorAttrs, Ctxt, FieldAttrs, Position};

pub enum Input<'a> {
    Enum(Enum<'a>),
    Struct(Struct<'a>),
}

pub struct Enum<'a> {
    pub original: &'a DeriveInput,
    pub attrs: ApiErrorAttrs,
    pub variants: Vec<Variant<'a>>,
}

pub struct Struct<'a> {
    pub original: &'a DeriveInput,
    pub attrs: ApiErrorAttrs,
    pub fields: Vec<Field<'a>>,
    pub style: Style,
}

pub struct Variant<'a> {
    pub original: &'a syn::Variant,
    pub attrs: ApiErrorAttrs,
    pub fields: Vec<Field<'a>>,
    pub style: Style,
}

pub struct Field<'a> {
    pub original: &'a syn::Field,
    pub attrs: FieldAttrs<'a>,
    /// `name` for named fields, `0`, `1`, ... for tuple fields.
    pub member: Member,
    pub ty: &'a Type,
}

#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Style {
    Named,
    Tuple,
    Unit,
}

impl<'a> Input<'a> {
    /// Reads the item and every attribute on it. A union is reported and yields `None`; every
    /// other problem is pushed into `cx` while the rest of the input is still read.
    pub fn from_syn(cx: &Ctxt, node: &'a DeriveInput) -> Option<Input<'a>> {
        match &node.data {
            Data::Enum(data) => Some(Input::Enum(Enum {
                original: node,
                attrs: attr::api_error_attrs(cx, &node.attrs, Position::Enum),
                variants: data
                    .variants
                    .iter()
                    .map(|variant| Variant {
                        original: variant,
                        attrs: attr::api_error_attrs(cx, &variant.attrs, Position::Variant),
                        fields: Field::multiple_from_syn(cx, &variant.fields),
                        style: Style::of(&variant.fields),
                    })
                    .collect(),
            })),
            Data::Struct(data) => Some(Input::Struct(Struct {
                original: node,
                attrs: attr::api_error_attrs(cx, &node.attrs, Position::Struct),
                fields: Field::multiple_from_syn(cx, &data.fields),
                style: Style::of(&data.fields),
            })),
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "#[derive(ApiError)] does not support unions; use an enum (one variant per \
                     catalog code) or a struct",
                );
                None
            }
        }
    }
}

impl<'a> Field<'a> {
    fn multiple_from_syn(cx: &Ctxt, fields: &'a Fields) -> Vec<Field<'a>> {
        fields
            .iter()
            .enumerate()
            .map(|(i, field)| Field {
                original: field,
                attrs: attr::field_attrs(cx, &field.attrs),
                member: match &field.ident {
                    Some(ident) => Member::Named(ident.clone()),
                    None => Member::Unnamed(Index {
                        index: i as u32,
                        span: syn::spanned::Spanned::span(&field.ty),
                    }),
                },
                ty: &field.ty,
            })
            .collect()
    }

    /// The field's name as placeholders spell it (`r#fn` is `fn`), for named fields.
    pub fn name(&self) -> Option<Ident> {
        self.original.ident.as_ref().map(IdentExt::unraw)
    }
}

impl Style {
    fn of(fields: &Fields) -> Style {
        match fields {
            Fields::Named(_) => Style::Named,
            Fields::Unnamed(_) => Style::Tuple,
            Fields::Unit => Style::Unit,
        }
    }
}

/// One catalog binding: a variant of an enum, or the struct itself. Later stages work on cases
/// so enums and structs share every rule and every line of generated code.
pub struct Case<'b, 'a> {
    /// `None` for a struct.
    pub variant: Option<&'b Variant<'a>>,
    /// The variant's name, or the struct's.
    pub ident: &'a Ident,
    /// Where `code` and `message` are read from.
    pub attrs: &'b ApiErrorAttrs,
    pub fields: &'b [Field<'a>],
    pub style: Style,
}

impl<'a> Input<'a> {
    pub fn original(&self) -> &'a DeriveInput {
        match self {
            Input::Enum(e) => e.original,
            Input::Struct(s) => s.original,
        }
    }

    pub fn ident(&self) -> &'a Ident {
        &self.original().ident
    }

    pub fn generics(&self) -> &'a Generics {
        &self.original().generics
    }

    /// The attributes on the type itself (`catalog`, `exhaustive`, and a struct's `code`).
    pub fn attrs(&self) -> &ApiErrorAttrs {
        match self {
            Input::Enum(e) => &e.attrs,
            Input::Struct(s) => &s.attrs,
        }
    }

    pub fn cases(&self) -> Vec<Case<'_, 'a>> {
        match self {
            Input::Enum(e) => e
                .variants
                .iter()
                .map(|variant| Case {
                    variant: Some(variant),
                    ident: &variant.original.ident,
                    attrs: &variant.attrs,
                    fields: &variant.fields,
                    style: variant.style,
                })
                .collect(),
            Input::Struct(s) => vec![Case {
                variant: None,
                ident: &s.original.ident,
                attrs: &s.attrs,
                fields: &s.fields,
                style: s.style,
            }],
        }
    }
}

impl<'a> Case<'_, 'a> {
    /// The `#[from]` field, if any.
    pub fn marked_from(&self) -> Option<&Field<'a>> {
        self.fields.iter().find(|f| f.attrs.from.is_some())
    }

    /// `#[api_error(transparent)]`: the case is the error in its one field (checked in
    /// `valid`), which gives it code, body, headers, `Display` and `source()`.
    pub fn transparent_field(&self) -> Option<&Field<'a>> {
        self.attrs.transparent.as_ref()?;
        match self.fields {
            [field] => Some(field),
            _ => None,
        }
    }

    pub fn is_transparent(&self) -> bool {
        self.attrs.transparent.is_some()
    }

    /// thiserror's rule: the `#[from]` field, else the `#[source]` field, else a field named
    /// `source`. A transparent case has none of its own: its `source()` is the inner error's.
    pub fn source_field(&self) -> Option<&Field<'a>> {
        if self.is_transparent() {
            return None;
        }
        self.marked_from()
            .or_else(|| self.fields.iter().find(|f| f.attrs.source.is_some()))
            .or_else(|| {
                self.fields
                    .iter()
                    .find(|f| f.name().is_some_and(|name| name == "source"))
            })
    }

    /// The named field `name`.
    pub fn field(&self, name: &str) -> Option<(usize, &Field<'a>)> {
        self.fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.name().is_some_and(|ident| ident == name))
    }

    /// "variant `TableNotFound`" or "struct `NotFound`", for messages.
    pub fn describe(&self) -> String {
        match self.variant {
            Some(_) => format!("variant `{}`", self.ident),
            None => format!("struct `{}`", self.ident),
        }
    }
}
