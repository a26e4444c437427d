//! Column arithmetic: where inside a scalar a placeholder or a template problem is.

use crate::load::{Node, Pos, Scalar, SourceFile};

/// The position of `len` bytes at byte `offset` inside a scalar. Exact when the scalar is on
/// one line and its text appears verbatim in the source (no escapes or folding); otherwise the
/// scalar's start, which is still the right line.
pub(super) fn inner_pos(
    file: &SourceFile<'_>,
    pos: Pos,
    s: &Scalar,
    offset: usize,
    len: usize,
) -> Pos {
    use saphyr_parser::ScalarStyle;
    let quote = match s.style {
        ScalarStyle::Plain => 0,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => 1,
        ScalarStyle::Literal | ScalarStyle::Folded => return pos.start(),
    };
    let verbatim = pos.line == pos.end_line
        && file.line(pos.line).is_some_and(|line| {
            line.chars()
                .skip((pos.col as usize).saturating_sub(1) + quote)
                .collect::<String>()
                .starts_with(s.text.as_str())
        });
    if !verbatim {
        return pos.start();
    }
    let before = s.text.get(..offset).map_or(0, |t| t.chars().count()) as u32;
    let width = s
        .text
        .get(offset..(offset + len).min(s.text.len()))
        .map_or(1, |t| t.chars().count()) as u32;
    pos.shifted(before + quote as u32, width.max(1))
}

/// The position of `{name}` in a template's node, or the node's position, or none.
pub(super) fn placeholder_pos_in(file: &SourceFile<'_>, node: Option<&Node>, name: &str) -> Pos {
    node.map_or(Pos::default(), |n| {
        n.as_scalar()
            .map_or(n.pos, |s| placeholder_pos(file, n.pos, s, name))
    })
}

/// The position of the first `{name}` in a scalar (see [`inner_pos`]).
pub(super) fn placeholder_pos(file: &SourceFile<'_>, pos: Pos, s: &Scalar, name: &str) -> Pos {
    let needle = format!("{{{name}}}");
    // Skip `{{name}}`, an escaped literal, by looking for a match not preceded by `{`.
    let offset = s
        .text
        .match_indices(&needle)
        .find(|(i, _)| *i == 0 || s.text.as_bytes()[i - 1] != b'{')
        .map(|(i, _)| i);
    match offset {
        Some(offset) => inner_pos(file, pos, s, offset, needle.len()),
        None => pos,
    }
}
