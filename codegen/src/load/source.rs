//! One catalog file as read: its text, and where in it a node was written.
//!
//! Positions stay compact ([`Pos`], four integers) while the tree is built and checked; a
//! [`Location`] with the file, and the source line for the caret, is made only when something
//! is reported.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::path::Path;
use std::sync::Arc;

use saphyr_parser::{Marker, Span};

use crate::diag::{Ctxt, Diagnostic, Location, Severity};

/// Where a node was written: 1-based line and column of its first character and of the
/// character after it. Turned into a [`Location`] only when something is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

impl Pos {
    pub(super) fn from_span(span: &Span) -> Pos {
        Pos::from_markers(&span.start, &span.end)
    }

    pub(super) fn from_markers(start: &Marker, end: &Marker) -> Pos {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Pos {
            line: clamp(start.line()),
            col: clamp(start.col()).saturating_add(1),
            end_line: clamp(end.line()),
            end_col: clamp(end.col()).saturating_add(1),
        }
    }

    /// A position `chars` characters to the right of this one, `len` characters wide, on the
    /// same line (a placeholder inside a single-line scalar).
    pub fn shifted(self, chars: u32, len: u32) -> Pos {
        let col = self.col.saturating_add(chars);
        Pos {
            line: self.line,
            col,
            end_line: self.line,
            end_col: col.saturating_add(len),
        }
    }

    /// Only the first character of this position (for block scalars and whole mappings,
    /// where underlining everything would be noise).
    pub fn start(self) -> Pos {
        self.shifted(0, 1)
    }
}

/// One catalog file as read: its path as given (for messages) and its text.
pub(crate) struct SourceFile<'src> {
    pub path: Arc<Path>,
    /// Borrowed for `load_str` (no copy of a large text), owned for files read from disk.
    pub text: Cow<'src, str>,
    /// Byte offsets of line starts, computed on the first diagnostic only.
    line_starts: OnceCell<Vec<usize>>,
}

impl<'src> SourceFile<'src> {
    pub fn new(path: Arc<Path>, text: impl Into<Cow<'src, str>>) -> SourceFile<'src> {
        SourceFile {
            path,
            text: text.into(),
            line_starts: OnceCell::new(),
        }
    }

    /// The text of line `line` (1-based), without its line break.
    pub fn line(&self, line: u32) -> Option<&str> {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *starts.get(index)?;
        let end = starts.get(index + 1).map_or(self.text.len(), |&e| e - 1);
        let text = self.text.get(start..end)?;
        Some(text.strip_suffix('\r').unwrap_or(text))
    }

    pub fn location(&self, pos: Pos) -> Location {
        if pos.line == 0 {
            return Location::file_only(self.path.clone());
        }
        let len = if pos.end_line == pos.line && pos.end_col > pos.col {
            pos.end_col - pos.col
        } else {
            // A node that spans lines: underline the rest of its first line.
            let width = self
                .line(pos.line)
                .map_or(1, |l| l.chars().count() as u32 + 1);
            width.saturating_sub(pos.col).max(1)
        };
        Location {
            file: self.path.clone(),
            line: pos.line,
            col: pos.col,
            len: len.max(1),
        }
    }

    /// A diagnostic at `pos` with the source line filled in.
    pub fn diag(
        &self,
        severity: Severity,
        pos: Pos,
        key: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let location = self.location(pos);
        let source_line = if location.is_file_only() {
            None
        } else {
            self.line(pos.line).map(str::to_owned)
        };
        Diagnostic {
            severity,
            location,
            key: key.to_owned(),
            message: message.into(),
            source_line,
            notes: Vec::new(),
            help: None,
        }
    }

    pub fn error(&self, pos: Pos, key: &str, message: impl Into<String>) -> Diagnostic {
        self.diag(Severity::Error, pos, key, message)
    }
}

/// Bytes to text: invalid UTF-8 is a located error, a leading byte order mark is dropped.
pub(crate) fn decode(path: Arc<Path>, bytes: Vec<u8>, cx: &Ctxt) -> Option<SourceFile<'static>> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Some(SourceFile::new(path, text))
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = e.utf8_error().valid_up_to();
            // Up to `valid` the bytes are UTF-8, so the line and column are exact.
            let before = String::from_utf8_lossy(&bytes[..valid]);
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let col = before[line_start..].chars().count() + 1;
            let line_end = bytes[valid..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| valid + i);
            let shown = String::from_utf8_lossy(&bytes[line_start..line_end]).into_owned();
            let d = Diagnostic {
                severity: Severity::Error,
                location: Location {
                    file: path,
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    col: u32::try_from(col).unwrap_or(u32::MAX),
                    len: 1,
                },
                key: String::new(),
                message: format!("invalid UTF-8 (byte 0x{:02x})", bytes[valid]),
                source_line: Some(shown),
                notes: Vec::new(),
                help: Some("catalogs are UTF-8 text; save the file as UTF-8".into()),
            };
            cx.push(d);
            None
        }
    }
}
