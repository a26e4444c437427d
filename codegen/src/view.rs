//! What a client receives for each catalog entry: the one place that decides it.
//!
//! An entry describes an error as the server knows it (its real code, status and message, for
//! logs, `Display` and `kind()`). A client sees something else when the entry is masked
//! (`expose_as`) or `internal`, and every projection that describes or renders a response reads
//! that here: docs examples (`emit::body`), the runtime body programs and headers
//! (`emit::rust::plan`), OpenAPI, TypeScript, Markdown, `errcat explain` and `errcat diff`.
//!
//! The rules, each written once below:
//! - a masked entry answers exactly as its exposed entry: code, status, title, docs URL,
//!   envelope, headers (`Retry-After` included) and message are the exposed entry's, so the
//!   response says no more than the exposed code does ([`PublicView::of`]);
//! - an `internal` message is for logs only: the client reads the title instead
//!   ([`PublicMessage`]);
//! - an `internal` entry shows none of its fields ([`PublicView::fields`]);
//! - masked entries are not responses of their own: lists of what a client can receive skip
//!   them ([`Catalog::public_entries`]).
//!
//! A view is a handful of references into the catalog, made without allocating, so it is
//! computed where it is read ([`Catalog::view`], [`Catalog::views`]) instead of being stored
//! beside the entries, where it would be a second copy to keep in step with the model's public
//! fields.

use crate::model::{Catalog, Entry, Envelope, EnvelopeId, Field, Header, Template, Value};

/// What a client receives for one entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PublicView<'a> {
    /// The code the client sees.
    pub code: &'a str,
    /// The status the response is sent with.
    pub status: u16,
    pub title: &'a str,
    pub message: PublicMessage<'a>,
    /// The fields the body may show (`$details`, `$<name>`), in the exposed entry's order and
    /// with its optionality. At runtime each is bound by name to the error's own field of that
    /// name; a masked error without one never shows it.
    pub fields: &'a [Field],
    /// `Retry-After` and `$retry_after`: the same template for both, so the header and the body
    /// never disagree.
    pub retry_after: Option<&'a Template>,
    /// The catalog's extra headers, in the order written.
    pub headers: &'a [Header],
    /// The envelope the body is rendered in.
    pub envelope: &'a Envelope,
    /// The id of `envelope`.
    pub envelope_id: EnvelopeId,
    /// `$type`: the docs URL the client is pointed at.
    pub docs_url: Option<&'a str>,
    /// The field values the docs' example response is rendered from: the exposed entry's, as
    /// the docs show the response of the exposed code.
    pub example: &'a [(String, Value)],
    /// True when the entry answers as another one (`expose_as`).
    pub masked: bool,
}

/// The message a client reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PublicMessage<'a> {
    /// The message template; at runtime its placeholders are bound by name to the error's
    /// fields (a masked error's own values fill the exposed entry's message).
    Template(&'a Template),
    /// The entry is `internal`: its message is for logs, and the title stands in for it.
    Title(&'a str),
}

impl<'a> PublicView<'a> {
    /// The view of `entry`, one of `catalog`'s entries.
    pub fn of(catalog: &'a Catalog, entry: &'a Entry) -> PublicView<'a> {
        // A masked entry answers with everything of its exposed entry (the checker makes sure
        // that one is not masked itself): anything of its own in the response would tell the
        // client which error it really is, which is what masking hides.
        let exposed = catalog.exposed(entry);
        let message = if exposed.internal {
            PublicMessage::Title(&exposed.title)
        } else {
            PublicMessage::Template(&exposed.message)
        };
        // The values of an internal entry are as private as its message: they name what went
        // wrong inside (a host, a query), so none is shown.
        let fields: &[Field] = if exposed.internal {
            &[]
        } else {
            &exposed.fields
        };
        PublicView {
            code: &exposed.code,
            status: exposed.status,
            title: &exposed.title,
            message,
            fields,
            retry_after: exposed.retry_after.as_ref(),
            headers: &exposed.headers,
            envelope: catalog.envelope_of(exposed),
            envelope_id: exposed.envelope,
            docs_url: exposed.docs_url.as_deref(),
            example: &exposed.example,
            masked: entry.expose_as.is_some(),
        }
    }

    /// The visible field called `name`.
    pub fn field(&self, name: &str) -> Option<&'a Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The example value of the visible field `name`; `null` (an absent optional field) counts
    /// as none.
    pub fn example_value(&self, name: &str) -> Option<&'a Value> {
        self.field(name)?;
        self.example
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value)
            .filter(|value| !matches!(value, Value::Null))
    }
}

impl Catalog {
    /// What a client receives for `entry`.
    pub fn view<'a>(&'a self, entry: &'a Entry) -> PublicView<'a> {
        PublicView::of(self, entry)
    }

    /// Every entry with its view, in catalog order.
    pub fn views(&self) -> impl Iterator<Item = (&Entry, PublicView<'_>)> {
        self.entries.iter().map(|entry| (entry, self.view(entry)))
    }

    /// The entries a client can receive under their own code, in catalog order: every entry
    /// but the masked ones, which answer as their exposed entry and are listed there. For
    /// these, the view's code, status and envelope are the entry's own.
    pub fn public_entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.expose_as.is_none())
    }

    /// The public entries whose bodies are rendered in envelope `id`.
    pub fn answering_in(&self, id: EnvelopeId) -> impl Iterator<Item = &Entry> {
        self.public_entries().filter(move |e| e.envelope == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::body::tests::{catalog, template};
    use crate::model::EntryId;

    #[test]
    fn a_masked_entry_answers_as_its_exposed_entry() {
        let mut catalog = catalog();
        // The masked 403 has a Retry-After and a header of its own; the client must see
        // neither, only what the exposed 404 sends.
        catalog.entries[2].retry_after = Some(template("30"));
        catalog.entries[2].headers = catalog.entries[1].headers.clone();
        let view = catalog.view(&catalog.entries[2]);
        assert!(view.masked);
        assert_eq!(view.code, "data/table-not-found");
        assert_eq!(view.status, 404);
        assert_eq!(view.retry_after, None);
        assert!(view.headers.is_empty());
        assert_eq!(view.envelope_id, EnvelopeId::FORMAT);
        assert_eq!(
            view.message,
            PublicMessage::Template(&catalog.entries[0].message)
        );
        assert_eq!(view.fields, catalog.entries[0].fields.as_slice());
        assert_eq!(
            view.example_value("table"),
            Some(&Value::String("users".into()))
        );
    }

    #[test]
    fn a_masked_entry_takes_the_exposed_retry_after() {
        let mut catalog = catalog();
        catalog.entries[2].expose_as = Some(EntryId::new(1));
        let view = catalog.view(&catalog.entries[2]);
        assert_eq!(view.retry_after, catalog.entries[1].retry_after.as_ref());
        assert_eq!(view.headers, catalog.entries[1].headers.as_slice());
        assert_eq!(view.envelope_id, EnvelopeId::new(1));
    }

    #[test]
    fn internal_entries_show_the_title_and_no_fields() {
        let mut catalog = catalog();
        let view = catalog.view(&catalog.entries[3]);
        assert_eq!(view.message, PublicMessage::Title("Internal Server Error"));
        assert!(view.fields.is_empty());
        assert_eq!(view.example_value("detail"), None);
        // Masked as an internal entry: its title, and none of its fields either.
        catalog.entries[2].expose_as = Some(EntryId::new(3));
        let view = catalog.view(&catalog.entries[2]);
        assert_eq!(view.message, PublicMessage::Title("Internal Server Error"));
        assert!(view.fields.is_empty());
        // Internal but masked as a public entry: the exposed message and fields.
        catalog.entries[3].expose_as = Some(EntryId::new(0));
        let view = catalog.view(&catalog.entries[3]);
        assert_eq!(
            view.message,
            PublicMessage::Template(&catalog.entries[0].message)
        );
        assert_eq!(view.fields.len(), 1);
    }

    #[test]
    fn public_entries_skip_masked_ones() {
        let catalog = catalog();
        let codes: Vec<&str> = catalog.public_entries().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "data/table-not-found",
                "data/rate-limit-exceeded",
                "common/internal"
            ]
        );
        let flat: Vec<&str> = catalog
            .answering_in(EnvelopeId::new(1))
            .map(|e| e.code.as_str())
            .collect();
        assert_eq!(flat, ["data/rate-limit-exceeded"]);
        assert_eq!(catalog.views().count(), catalog.entries.len());
    }
}
