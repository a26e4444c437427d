//! The render programs: a body is a list of [`Op`]s, a plain text (the Display message, a
//! header value, `Retry-After`) a list of [`Piece`]s. Everything the catalog fixes is already
//! text (escaped JSON in a body); the runtime only writes the dynamic values.
//!
//! The text type is a parameter: codegen lowers entries into owned programs (`Op<String>`),
//! the table stores them, and the runtime reads them back borrowed from the table
//! (`Op<&[u8]>`, `Piece<&str>`). One definition, so a new instruction is one new variant that
//! the encoder and the decoder must both handle.

/// A piece of plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<S> {
    Lit(S),
    /// The text form of the arg at this index (absent: nothing).
    Arg(u8),
}

/// Where a dynamic value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The error's field at this index in the args.
    Arg(u8),
    RequestId,
    Timestamp,
    Instance,
    /// The failing field's name (`$field`).
    Field,
    /// Field -> messages (`$errors`); absent when the context has none.
    Errors,
}

/// One instruction of a body program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op<S> {
    /// JSON text fixed by the catalog, escaped at build time.
    Raw(S),
    /// `,` unless the enclosing object has just been opened (the last byte written is `{`).
    /// Emitted before a member that follows only optional members.
    Sep,
    /// The slot's JSON value; `null` when absent.
    Value(Slot),
    /// The slot's text form, JSON-escaped, without quotes: for use inside a string that `Raw`
    /// opened (message interpolation). Absent: nothing.
    Text(Slot),
    /// An optional member, `"key":value`, preceded by a separator as for [`Op::Sep`]; nothing
    /// at all when the slot is absent. `key` is the quoted, escaped key with its colon.
    Member { key: S, slot: Slot },
}

impl Slot {
    /// The slot as one number of a table.
    pub const fn code(self) -> usize {
        match self {
            Slot::RequestId => 0,
            Slot::Timestamp => 1,
            Slot::Instance => 2,
            Slot::Field => 3,
            Slot::Errors => 4,
            Slot::Arg(i) => 5 + i as usize,
        }
    }

    /// The slot [`Slot::code`] made `code`; `None` for a number no slot makes.
    pub const fn from_code(code: usize) -> Option<Slot> {
        Some(match code {
            0 => Slot::RequestId,
            1 => Slot::Timestamp,
            2 => Slot::Instance,
            3 => Slot::Field,
            4 => Slot::Errors,
            n if n - 5 <= u8::MAX as usize => Slot::Arg((n - 5) as u8),
            _ => return None,
        })
    }
}

impl<S> Op<S> {
    /// The op with its text mapped (`Op<String>` -> `Op<&str>`, ...).
    pub fn map<T>(self, f: impl FnOnce(S) -> T) -> Op<T> {
        match self {
            Op::Raw(text) => Op::Raw(f(text)),
            Op::Sep => Op::Sep,
            Op::Value(slot) => Op::Value(slot),
            Op::Text(slot) => Op::Text(slot),
            Op::Member { key, slot } => Op::Member { key: f(key), slot },
        }
    }
}

impl<S> Piece<S> {
    /// The piece with its text mapped.
    pub fn map<T>(self, f: impl FnOnce(S) -> T) -> Piece<T> {
        match self {
            Piece::Lit(text) => Piece::Lit(f(text)),
            Piece::Arg(i) => Piece::Arg(i),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_codes_round_trip() {
        let slots = [
            Slot::RequestId,
            Slot::Timestamp,
            Slot::Instance,
            Slot::Field,
            Slot::Errors,
            Slot::Arg(0),
            Slot::Arg(255),
        ];
        for slot in slots {
            assert_eq!(Slot::from_code(slot.code()), Some(slot));
        }
        assert_eq!(Slot::from_code(5 + 256), None);
    }
}
