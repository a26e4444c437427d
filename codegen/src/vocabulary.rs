//! The one way a vocabulary of the catalog format is written: code styles, field types, gRPC
//! codes, envelope variables and the keys of each mapping are each one [`vocabulary!`] table of
//! `Variant = "spelling"`, and everything else that lists them (the loader's lookups, the
//! checker's "expected one of" and "did you mean", the JSON Schema's enumerations, the docs
//! reference test) reads the table instead of a copy of it.

/// Defines an enum from a table of its values and their catalog spellings, plus, derived from
/// that one table:
///
/// - `ALL`: every value, in table order (the order docs and the schema list them);
/// - `NAMES`: the spellings in the same order, the candidates of "expected one of" and
///   "did you mean";
/// - `as_str` and `from_name`, which are each other's inverse (a `match`, so no allocation and
///   no linear search).
///
/// An open vocabulary ends with `} else { Variant(String) }`: any other name is that variant
/// (an envelope's `$tier` is the entry field `tier`). It gets `BUILTIN` (the table's
/// spellings), a total `from_name` and `name` instead.
macro_rules! vocabulary {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_attr:meta])* $variant:ident = $text:literal,)*
        }
    ) => {
        $(#[$attr])*
        $vis enum $name {
            $($(#[$variant_attr])* $variant,)*
        }

        impl $name {
            /// Every value, in the order the format lists them.
            pub const ALL: [$name; [$($text),*].len()] = [$($name::$variant),*];

            /// The spelling of every value, in the order of [`Self::ALL`].
            pub const NAMES: [&'static str; [$($text),*].len()] = [$($text),*];

            /// The spelling used in catalogs.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// The value spelled `name` in a catalog.
            pub fn from_name(name: &str) -> Option<$name> {
                match name {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }
    };
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_attr:meta])* $variant:ident = $text:literal,)*
        } else {
            $(#[$other_attr:meta])* $other:ident(String)$(,)?
        }
    ) => {
        $(#[$attr])*
        $vis enum $name {
            $($(#[$variant_attr])* $variant,)*
            $(#[$other_attr])* $other(String),
        }

        impl $name {
            /// The built-in names, in the order the format lists them; any other name is
            #[doc = concat!("[`", stringify!($name), "::", stringify!($other), "`].")]
            pub const BUILTIN: [&'static str; [$($text),*].len()] = [$($text),*];

            /// The value spelled `name`: a built-in one, else
            #[doc = concat!("[`", stringify!($name), "::", stringify!($other), "`].")]
            pub fn from_name(name: &str) -> $name {
                match name {
                    $($text => $name::$variant,)*
                    other => $name::$other(other.to_owned()),
                }
            }

            /// The name as written after `$` in a template.
            pub fn name(&self) -> &str {
                match self {
                    $($name::$variant => $text,)*
                    $name::$other(name) => name,
                }
            }
        }
    };
}

pub(crate) use vocabulary;

#[cfg(test)]
mod tests {
    use crate::model::{CodeStyle, FieldType, GrpcCode, Var};

    #[test]
    fn spellings_round_trip() {
        for style in CodeStyle::ALL {
            assert_eq!(CodeStyle::from_name(style.as_str()), Some(style));
        }
        for ty in FieldType::ALL {
            assert_eq!(FieldType::from_name(ty.as_str()), Some(ty));
        }
        for code in GrpcCode::ALL {
            assert_eq!(GrpcCode::from_name(code.as_str()), Some(code));
        }
        assert_eq!(
            CodeStyle::NAMES.to_vec(),
            CodeStyle::ALL.map(CodeStyle::as_str).to_vec()
        );
        for name in Var::BUILTIN {
            let var = Var::from_name(name);
            assert!(!matches!(var, Var::EntryField(_)), "{name}");
            assert_eq!(var.name(), name);
        }
        assert_eq!(Var::from_name("tier"), Var::EntryField("tier".into()));
        assert_eq!(Var::from_name("tier").name(), "tier");
        assert_eq!(FieldType::from_name("String"), None);
        assert_eq!(GrpcCode::from_name("OK"), None);
    }
}
