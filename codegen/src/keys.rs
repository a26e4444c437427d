//! The keys of the catalog format, written once: the checker's lists of what each mapping may
//! hold (also the candidates of its "did you mean"), and the loader's interning of key text.

/// Defines each list as a `const`, and [`intern`] over all of them.
macro_rules! key_lists {
    ($($(#[$doc:meta])* $name:ident = [$($key:literal),* $(,)?];)*) => {
        $($(#[$doc])* pub(crate) const $name: &[&str] = &[$($key),*];)*

        /// The key of the format that `text` is, as a `&'static str`; `None` for any other
        /// text. A `match`, so the compiler dispatches on length first: the loader calls this
        /// for every key of a catalog, and keeps the static string instead of an allocation
        /// for the keys that every entry repeats.
        pub(crate) fn intern(text: &str) -> Option<&'static str> {
            // Lists share keys (`status` is an entry's and a rule's): later arms are unreachable.
            #[allow(unreachable_patterns)]
            match text {
                $($($key => Some($key),)*)*
                _ => None,
            }
        }
    };
}

key_lists! {
    /// Keys of the root mapping.
    TOP_KEYS = [
        "service",
        "description",
        "docs_url",
        "code_style",
        "format",
        "formats",
        "status_rules",
        "include",
        "errors",
    ];

    /// Keys an included file may have: its entries and further includes. Everything else belongs
    /// to the root catalog, which governs style, envelopes and status rules for all files.
    INCLUDED_KEYS = ["include", "errors"];

    /// Keys of an entry.
    ENTRY_KEYS = [
        "code",
        "status",
        "message",
        "title",
        "cause",
        "solution",
        "category",
        "fields",
        "retryable",
        "retry_after",
        "headers",
        "expose_as",
        "internal",
        "deprecated",
        "since",
        "grpc",
        "example",
        "rust_name",
        "format",
    ];

    /// Keys of a field declaration (`fields: {name: {...}}`).
    FIELD_KEYS = ["type", "doc", "optional"];

    /// Keys of a `status_rules` item.
    RULE_KEYS = ["contains", "status", "default"];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_key_interns_to_itself() {
        for list in [TOP_KEYS, INCLUDED_KEYS, ENTRY_KEYS, FIELD_KEYS, RULE_KEYS] {
            for key in list {
                assert_eq!(intern(key), Some(*key));
            }
        }
        assert_eq!(intern("stauts"), None);
        assert_eq!(intern(""), None);
    }
}
