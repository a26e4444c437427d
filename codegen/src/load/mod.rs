//! The loading stage: catalog files into raw trees that remember where every value was written.
//!
//! [`source`] holds a file's text and turns positions into locations; [`yaml`] parses the text
//! into a [`Node`] tree, rejecting what YAML allows but a catalog has no use for.

mod source;
mod yaml;

pub(crate) use source::{decode, Pos, SourceFile};
pub(crate) use yaml::{parse, Key, Kind, Node, Scalar};
