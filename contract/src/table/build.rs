//! The encoder: entries in, the three literals of a table out. The layout is described in the
//! parent module; [`super::Table`] reads what this writes (the round trip is tested there).

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{flag, kind, FORMAT};
use crate::digits::{push_fixed, push_var, width_for};
use crate::hash::Phf;
use crate::program::{Op, Piece};
use crate::shape::{Path, Shape, Step};

/// One entry, as codegen has it after lowering.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntryData<'a> {
    /// The variant name, for `Debug` of a code enum (empty for a derived type).
    pub name: &'a str,
    pub code: &'a str,
    pub status: u16,
    pub public_code: &'a str,
    pub public_status: u16,
    pub title: &'a str,
    pub public_title: &'a str,
    /// The message template as written.
    pub message: &'a str,
    pub display: &'a [Piece<String>],
    pub cause: &'a [&'a str],
    pub solution: &'a [&'a str],
    /// The field names, in args order.
    pub fields: &'a [&'a str],
    pub retryable: bool,
    pub internal: bool,
    pub category: Option<&'a str>,
    pub deprecated: Option<&'a str>,
    pub since: Option<&'a str>,
    pub grpc: &'a str,
    pub docs_url: Option<&'a str>,
    pub public_docs_url: Option<&'a str>,
    /// An index returned by [`TableBuilder::envelope`].
    pub envelope: usize,
    pub retry_after: Option<&'a [Piece<String>]>,
    pub headers: &'a [(String, Vec<Piece<String>>)],
    pub body: &'a [Op<String>],
}

/// The three literals of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedTable {
    pub pool: String,
    pub lines: Vec<String>,
    pub data: Vec<u8>,
}

/// Builds a table: add envelopes and entries, then [`TableBuilder::finish`].
#[derive(Debug, Default)]
pub struct TableBuilder {
    pool: String,
    interned: BTreeMap<String, usize>,
    lines: Vec<String>,
    lists: BTreeMap<Vec<String>, usize>,
    /// Records, bodies and envelopes, in the order they were added.
    area: Vec<u8>,
    /// Per entry: where its record and its body start in `area`.
    rows: Vec<(usize, usize)>,
    /// Per entry: its code's text, for the lookup.
    codes: Vec<(usize, usize)>,
    shapes: Vec<Shape>,
    /// Per envelope: where it starts in `area`.
    envelopes: Vec<usize>,
}

impl TableBuilder {
    pub fn new() -> TableBuilder {
        TableBuilder::default()
    }

    /// The index of envelope `shape`, added if new.
    pub fn envelope(&mut self, shape: &Shape) -> usize {
        if let Some(index) = self.shapes.iter().position(|s| s == shape) {
            return index;
        }
        let at = self.area.len();
        let content_type = self.intern(&shape.content_type);
        self.push_text(content_type, shape.content_type.len());
        for place in &shape.places {
            self.push_path(place.as_ref());
        }
        push_var(&mut self.area, shape.markers.len());
        for (path, json) in &shape.markers {
            self.push_path(Some(path));
            let off = self.intern(json);
            self.push_text(off, json.len());
        }
        push_var(&mut self.area, shape.fields.len());
        for (path, name) in &shape.fields {
            self.push_path(Some(path));
            let off = self.intern(name);
            self.push_text(off, name.len());
        }
        self.shapes.push(shape.clone());
        self.envelopes.push(at);
        self.shapes.len() - 1
    }

    /// Adds an entry; returns its row.
    pub fn entry(&mut self, entry: &EntryData<'_>) -> usize {
        // The body's raw text first, contiguous: the entry's other texts are often inside it
        // (the code, literal parts of the message), and are then not written again.
        let region = self.pool.len();
        let mut raw = String::new();
        for op in entry.body {
            match op {
                Op::Raw(text) | Op::Member { key: text, .. } => raw.push_str(text),
                _ => {}
            }
        }
        let raw_off = self.pool.len();
        self.pool.push_str(&raw);

        let mut flags = 0;
        for (on, bit) in [
            (entry.retryable, flag::RETRYABLE),
            (entry.internal, flag::INTERNAL),
            (entry.category.is_some(), flag::CATEGORY),
            (entry.deprecated.is_some(), flag::DEPRECATED),
            (entry.since.is_some(), flag::SINCE),
            (entry.docs_url.is_some(), flag::DOCS_URL),
            (entry.public_docs_url.is_some(), flag::PUBLIC_DOCS_URL),
            (entry.retry_after.is_some(), flag::RETRY_AFTER),
        ] {
            if on {
                flags |= bit;
            }
        }
        let record = self.area.len();
        push_var(&mut self.area, usize::from(entry.public_status));
        push_var(&mut self.area, entry.envelope);
        push_var(&mut self.area, flags);
        let code = self.near(entry.code, region);
        self.push_text(code, entry.code.len());
        self.codes.push((code, entry.code.len()));
        self.text_near(entry.public_code, region);
        push_var(&mut self.area, usize::from(entry.status));
        for text in [entry.title, entry.public_title] {
            self.text(text);
        }
        self.text_near(entry.message, region);
        for text in [entry.name, entry.grpc] {
            self.text(text);
        }
        for text in [
            entry.category,
            entry.deprecated,
            entry.since,
            entry.docs_url,
            entry.public_docs_url,
        ]
        .into_iter()
        .flatten()
        {
            self.text(text);
        }
        for list in [entry.cause, entry.solution, entry.fields] {
            let start = self.list(list);
            push_var(&mut self.area, start);
            push_var(&mut self.area, list.len());
        }
        // Literal pieces of the message are mostly in the body or the template.
        self.pieces(entry.display, region);
        if let Some(pieces) = entry.retry_after {
            self.pieces(pieces, region);
        }
        push_var(&mut self.area, entry.headers.len());
        for (name, value) in entry.headers {
            self.text(name);
            self.pieces(value, region);
        }

        let body = self.area.len();
        self.push_text(raw_off, raw.len());
        let ops: Vec<&Op<String>> = entry
            .body
            .iter()
            .filter(|op| !matches!(op, Op::Raw(_)))
            .collect();
        push_var(&mut self.area, ops.len());
        let mut gap = 0;
        for op in entry.body {
            let (kind, slot, key) = match op {
                Op::Raw(text) => {
                    gap += text.len();
                    continue;
                }
                Op::Sep => (kind::SEP, 0, None),
                Op::Value(slot) => (kind::VALUE, slot.code(), None),
                Op::Text(slot) => (kind::TEXT, slot.code(), None),
                Op::Member { key, slot } => (kind::MEMBER, slot.code(), Some(key.len())),
            };
            push_var(&mut self.area, gap);
            push_var(&mut self.area, slot * 4 + kind);
            if let Some(len) = key {
                push_var(&mut self.area, len);
            }
            gap = 0;
        }
        self.rows.push((record, body));
        self.rows.len() - 1
    }

    /// The literals, with a code lookup when `lookup` (the code enum's `FromStr`; a derived
    /// type has none). `None` only if the codes are not distinct.
    pub fn finish(self, lookup: bool) -> Option<EncodedTable> {
        let phf = if lookup {
            let pool = &self.pool;
            let codes: Vec<&str> = self
                .codes
                .iter()
                .map(|&(off, len)| pool.get(off..off + len).unwrap_or(""))
                .collect();
            Some(Phf::build(&codes)?)
        } else {
            None
        };
        let entries = self.rows.len();
        let envelopes = self.envelopes.len();
        // The width of row numbers depends on where the area starts, which depends on the
        // width: the smallest width whose largest offset fits.
        let mut width = 1;
        while width_for(self.fixed_len(width) + self.area.len()) > width {
            width += 1;
        }
        let area_at = self.fixed_len(width);
        let mut body = Vec::with_capacity(area_at + self.area.len());
        for &(record, entry_body) in &self.rows {
            push_fixed(&mut body, area_at + record, width);
            push_fixed(&mut body, area_at + entry_body, width);
        }
        for &at in &self.envelopes {
            push_fixed(&mut body, area_at + at, width);
        }
        body.extend_from_slice(&self.area);

        let (buckets, disp_width, disps_at) = match &phf {
            Some(phf) => {
                let at = body.len();
                let disp_width = width_for(phf.disps.iter().copied().max().unwrap_or(0).into());
                for &disp in &phf.disps {
                    push_fixed(&mut body, usize::from(disp), disp_width);
                }
                (phf.disps.len(), disp_width, at)
            }
            None => (0, 1, body.len()),
        };
        let entry_width = width_for(entries + 1);
        let offset_width = width_for(self.pool.len());
        let length_width = width_for(self.codes.iter().map(|c| c.1).max().unwrap_or(0));
        let slots_at = body.len();
        let (slots, seed) = match &phf {
            Some(phf) => {
                for slot in &phf.slots {
                    let (entry, (off, len)) = match slot {
                        Some(index) => (*index as usize + 1, self.codes[*index as usize]),
                        None => (0, (0, 0)),
                    };
                    push_fixed(&mut body, entry, entry_width);
                    push_fixed(&mut body, off, offset_width);
                    push_fixed(&mut body, len, length_width);
                }
                (phf.slots.len(), phf.seed)
            }
            None => (0, 0),
        };

        let mut data = Vec::with_capacity(body.len() + 40);
        for value in [
            FORMAT,
            entries,
            width,
            0,
            envelopes,
            entries * 2 * width,
            buckets,
            disp_width,
            disps_at,
            slots,
            entry_width,
            offset_width,
            length_width,
            slots_at,
            (seed & 0xFFFF_FFFF) as usize,
            (seed >> 32) as usize,
        ] {
            push_var(&mut data, value);
        }
        data.extend_from_slice(&body);
        Some(EncodedTable {
            pool: self.pool,
            lines: self.lines,
            data,
        })
    }

    /// Bytes of the rows and the envelope index at `width` digits per number.
    fn fixed_len(&self, width: usize) -> usize {
        (self.rows.len() * 2 + self.envelopes.len()) * width
    }

    /// Where `text` is in the pool, added if it is not there yet.
    fn intern(&mut self, text: &str) -> usize {
        if text.is_empty() {
            return 0;
        }
        if let Some(&at) = self.interned.get(text) {
            return at;
        }
        let at = self.pool.len();
        self.pool.push_str(text);
        self.interned.insert(text.to_string(), at);
        at
    }

    /// Where `text` is: inside the pool from `region` on (this entry's texts), else interned.
    fn near(&mut self, text: &str, region: usize) -> usize {
        match self.pool.get(region..).and_then(|tail| tail.find(text)) {
            Some(at) if !text.is_empty() => region + at,
            _ => self.intern(text),
        }
    }

    fn push_text(&mut self, off: usize, len: usize) {
        push_var(&mut self.area, off);
        push_var(&mut self.area, len);
    }

    fn text(&mut self, text: &str) {
        let off = self.intern(text);
        self.push_text(off, text.len());
    }

    fn text_near(&mut self, text: &str, region: usize) {
        let off = self.near(text, region);
        self.push_text(off, text.len());
    }

    /// The start of `list` in `lines`, equal lists shared.
    fn list(&mut self, list: &[&str]) -> usize {
        if list.is_empty() {
            return 0;
        }
        let key: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        if let Some(&start) = self.lists.get(&key) {
            return start;
        }
        let start = self.lines.len();
        self.lines.extend(key.iter().cloned());
        self.lists.insert(key, start);
        start
    }

    fn pieces(&mut self, pieces: &[Piece<String>], region: usize) {
        push_var(&mut self.area, pieces.len());
        for piece in pieces {
            match piece {
                Piece::Lit(text) => {
                    let off = self.near(text, region);
                    push_var(&mut self.area, text.len() * 2);
                    push_var(&mut self.area, off);
                }
                Piece::Arg(i) => push_var(&mut self.area, usize::from(*i) * 2 + 1),
            }
        }
    }

    fn push_path(&mut self, path: Option<&Path>) {
        let Some(path) = path else {
            push_var(&mut self.area, 0);
            return;
        };
        push_var(&mut self.area, path.len() + 1);
        for step in path {
            match step {
                Step::Key(key) => {
                    let off = self.intern(key);
                    push_var(&mut self.area, key.len() * 2);
                    push_var(&mut self.area, off);
                }
                Step::Index(i) => push_var(&mut self.area, i * 2 + 1),
            }
        }
    }
}
