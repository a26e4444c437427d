//! The keys of the catalog format, written once: one [`vocabulary!`] table per kind of mapping.
//! The checker's lists of what each mapping may hold (also the candidates of its "did you
//! mean"), the loader's interning of key text and the JSON Schema's `properties` all come from
//! these tables.

use crate::vocabulary::vocabulary;

/// Defines each table as an enum and its spellings as the `&[&str]` list the checker matches
/// against.
macro_rules! key_tables {
    ($(
        $(#[$doc:meta])*
        $list:ident: $table:ident { $($variant:ident = $key:literal,)* }
    )*) => {$(
        vocabulary! {
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub(crate) enum $table { $($variant = $key,)* }
        }

        $(#[$doc])*
        pub(crate) const $list: &[&str] = &$table::NAMES;
    )*};
}

key_tables! {
    /// Keys of the root mapping.
    TOP_KEYS: TopKey {
        Service = "service",
        Description = "description",
        DocsUrl = "docs_url",
        CodeStyle = "code_style",
        Format = "format",
        Formats = "formats",
        StatusRules = "status_rules",
        Edges = "edges",
        Include = "include",
        Errors = "errors",
        Retired = "retired",
    }

    /// Keys of an entry.
    ENTRY_KEYS: EntryKey {
        Code = "code",
        Status = "status",
        Message = "message",
        Title = "title",
        Cause = "cause",
        Solution = "solution",
        Category = "category",
        Fields = "fields",
        Retryable = "retryable",
        RetryAfter = "retry_after",
        Headers = "headers",
        ExposeAs = "expose_as",
        Internal = "internal",
        Deprecated = "deprecated",
        Since = "since",
        Grpc = "grpc",
        Example = "example",
        RustName = "rust_name",
        Format = "format",
    }

    /// Keys of a field declaration (`fields: {name: {...}}`).
    FIELD_KEYS: FieldKey {
        Type = "type",
        Doc = "doc",
        Optional = "optional",
    }

    /// Keys of a `retired` item.
    RETIRED_KEYS: RetiredKey {
        Code = "code",
        Version = "version",
        Note = "note",
        ReplacedBy = "replaced_by",
    }

    /// Keys of an `include` item written as a mapping (a plain string is its `catalog`).
    INCLUDE_ITEM_KEYS: IncludeKey {
        Catalog = "catalog",
        Only = "only",
        Except = "except",
        Overrides = "overrides",
    }

    /// Keys of a `status_rules` item.
    RULE_KEYS: RuleKey {
        Contains = "contains",
        Status = "status",
        Default = "default",
    }
}

/// The key of the format that `text` is, as a `&'static str`; `None` for any other text. The
/// loader calls this for every key of a catalog, and keeps the static string instead of an
/// allocation for the keys that every entry repeats. Each `from_name` is a `match`, which the
/// compiler dispatches on length first.
pub(crate) fn intern(text: &str) -> Option<&'static str> {
    EntryKey::from_name(text)
        .map(EntryKey::as_str)
        .or_else(|| FieldKey::from_name(text).map(FieldKey::as_str))
        .or_else(|| TopKey::from_name(text).map(TopKey::as_str))
        .or_else(|| RuleKey::from_name(text).map(RuleKey::as_str))
        .or_else(|| RetiredKey::from_name(text).map(RetiredKey::as_str))
        .or_else(|| IncludeKey::from_name(text).map(IncludeKey::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_key_interns_to_itself() {
        for list in [
            TOP_KEYS,
            INCLUDE_ITEM_KEYS,
            ENTRY_KEYS,
            FIELD_KEYS,
            RULE_KEYS,
            RETIRED_KEYS,
        ] {
            for key in list {
                assert_eq!(intern(key), Some(*key));
            }
        }
        assert_eq!(intern("stauts"), None);
        assert_eq!(intern(""), None);
    }

    #[test]
    fn lists_are_the_tables() {
        assert_eq!(TOP_KEYS.len(), TopKey::ALL.len());
        assert_eq!(ENTRY_KEYS[9], "retry_after");
        assert_eq!(
            INCLUDE_ITEM_KEYS,
            ["catalog", "only", "except", "overrides"]
        );
        assert_eq!(EntryKey::from_name("format"), Some(EntryKey::Format));
        assert_eq!(TopKey::from_name("code"), None);
    }
}
