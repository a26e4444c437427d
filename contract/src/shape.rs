//! Where an envelope keeps what a client wants: the static description of each envelope that
//! codegen writes into the table (it knows the template) and the client parser reads (it only
//! has the table), so the parser never guesses from body text.

#[cfg(feature = "alloc")]
use alloc::{string::String, vec::Vec};

/// One step of a path into a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<S> {
    /// An object member.
    Key(S),
    /// An array element.
    Index(usize),
}

/// A path from the top of a body, e.g. `error` -> `code`.
#[cfg(feature = "alloc")]
pub type Path = Vec<Step<String>>;

/// The variables of an envelope a client reads, in the order the table stores their paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// `$code`
    Code,
    /// `$message`
    Message,
    /// `$status`, a number.
    Status,
    /// `$details`: the entry's fields.
    Details,
    /// `$retry_after`, seconds.
    RetryAfter,
    /// `$errors`: field -> messages.
    Errors,
    /// `$field`: the failing field's name.
    Field,
    /// `$request_id`
    RequestId,
}

impl Place {
    /// Every place, in table order.
    pub const ALL: [Place; 8] = [
        Place::Code,
        Place::Message,
        Place::Status,
        Place::Details,
        Place::RetryAfter,
        Place::Errors,
        Place::Field,
        Place::RequestId,
    ];
}

/// An envelope's shape: where each [`Place`] sits (the first occurrence of its variable in
/// the template; `None` when the template has none), the literal members (`"success":
/// false`), which tell envelopes of one catalog apart, and where the template puts an entry's
/// field by name (`tier: $tier?`), so a client reads the field back.
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shape {
    /// The response's `Content-Type`.
    pub content_type: String,
    /// Indexed by [`Place`] (`places[Place::Code as usize]`).
    pub places: [Option<Path>; 8],
    /// Literal values of the template with their paths, as JSON text.
    pub markers: Vec<(Path, String)>,
    /// `$<name>` variables: the path of each and the field it names, in template order.
    pub fields: Vec<(Path, String)>,
}

#[cfg(feature = "alloc")]
impl Shape {
    /// The path of `place`, if the envelope has it.
    pub fn path(&self, place: Place) -> Option<&Path> {
        self.places[place as usize].as_ref()
    }
}
