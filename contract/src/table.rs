//! The compact table: everything a catalog (or one derived type) compiles to, in three
//! literals of the generated file.
//!
//! - `pool`: one `&str` holding every text (codes, messages, titles, body JSON, header
//!   names), deduplicated; texts are `(offset, length)` in it.
//! - `lines`: one `&[&str]` of the list-valued texts (causes, solutions, field names), so
//!   `cause()` can hand out a `&'static [&'static str]` without a const per entry; an
//!   entry's lists are ranges of it, equal lists shared.
//! - `data`: one byte string of numbers in printable digits ([`crate::digits`]): a header
//!   (the [`Layout`]), then per entry a fixed-width row, the entries' records, the envelope
//!   shapes and the perfect hash of the codes.
//!
//! Rows are fixed width so an entry is found by its index; the rest is read in order:
//!
//! ```text
//! row:      record, body                          (fixed width, `Layout::width` digits each)
//! record:   public_status envelope flags code public_code status title public_title message
//!           name grpc [category] [deprecated] [since] [docs_url] [public_docs_url]
//!           cause solution fields                 (ranges of `lines`: start, count)
//!           display [retry_after] headers         (pieces; headers: count, (name, pieces)*)
//! body:     raw_text count (gap op [key_length])*
//! pieces:   count (2*len off | 2*arg+1)*
//! envelope: content_type (path)*8 markers fields  (path: 1+steps (2*len off | 2*index+1)*,
//!                                                  0 for none; markers: count (path json)*;
//!                                                  fields: count (path name)*)
//! lookup:   per bucket a displacement; per slot entry+1 (0 unused), code offset, code length
//! ```
//!
//! A text is `off len`; `[x]` is there when its bit of `flags` is set. A body is its raw JSON
//! text, contiguous in the pool (so a body without dynamic values is one copy), and the
//! dynamic ops between its parts: `gap` bytes of raw text come before each op, a `Member`'s
//! key is the next `key_length` raw bytes.
//!
//! The decoder never panics on a malformed table (reads past the end are zeros, texts out of
//! range are empty); it is `const fn` where generated `const fn`s call it.

use crate::digits::{read_fixed, read_var};
use crate::hash;
use crate::program::{Op, Piece, Slot};
#[cfg(feature = "alloc")]
use crate::shape::Step;

#[cfg(feature = "alloc")]
mod build;
#[cfg(feature = "alloc")]
pub use build::{EncodedTable, EntryData, TableBuilder};

/// The version of this layout, the first number of every table.
pub const FORMAT: usize = 1;

/// Bits of a record's `flags`.
pub mod flag {
    pub const RETRYABLE: usize = 1;
    pub const INTERNAL: usize = 1 << 1;
    pub const CATEGORY: usize = 1 << 2;
    pub const DEPRECATED: usize = 1 << 3;
    pub const SINCE: usize = 1 << 4;
    pub const DOCS_URL: usize = 1 << 5;
    pub const PUBLIC_DOCS_URL: usize = 1 << 6;
    pub const RETRY_AFTER: usize = 1 << 7;
}

/// Op kinds in a body's `op` number (`slot * 4 + kind`).
mod kind {
    pub const SEP: usize = 0;
    pub const VALUE: usize = 1;
    pub const TEXT: usize = 2;
    /// Read as "any other kind" by the decoder.
    #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
    pub const MEMBER: usize = 3;
}

/// Where the sections of `data` are: the table's header, decoded once by [`Table::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub format: usize,
    pub entries: usize,
    /// Where the header ends: the offsets of rows and the envelope index count from here.
    pub base: usize,
    /// Digits of each fixed-width number of a row and of the envelope index.
    pub width: usize,
    pub rows_at: usize,
    pub envelopes: usize,
    pub envelopes_at: usize,
    pub buckets: usize,
    pub disp_width: usize,
    pub disps_at: usize,
    pub slots: usize,
    pub entry_width: usize,
    pub offset_width: usize,
    pub length_width: usize,
    pub slots_at: usize,
    pub seed: u64,
}

/// A table, borrowed from the literals of generated code.
#[derive(Debug, Clone, Copy)]
pub struct Table<'a> {
    pub pool: &'a str,
    pub lines: &'a [&'a str],
    pub data: &'a [u8],
    pub layout: Layout,
}

/// A text of the pool; empty when out of range or not on character boundaries.
#[inline]
const fn text(pool: &str, off: usize, len: usize) -> &str {
    match core::str::from_utf8(bytes(pool.as_bytes(), off, len)) {
        Ok(text) => text,
        Err(_) => "",
    }
}

/// `len` bytes at `off`; empty when out of range.
#[inline]
const fn bytes(all: &[u8], off: usize, len: usize) -> &[u8] {
    if off > all.len() || len > all.len() - off {
        return &[];
    }
    all.split_at(off).1.split_at(len).0
}

/// `a == b`, inlined: codes are short, and a call to `memcmp` was a good part of a lookup.
/// Eight bytes at a time, the tail as the last (overlapping) eight.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let len = a.len();
    if len < 8 {
        return a == b;
    }
    let word = |s: &[u8], at: usize| match s.get(at..at + 8) {
        Some(&[b0, b1, b2, b3, b4, b5, b6, b7]) => {
            u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7])
        }
        _ => 0,
    };
    let mut at = 0;
    while at + 8 < len {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    word(a, len - 8) == word(b, len - 8)
}

/// A cursor over the self-delimiting numbers of a record.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    #[inline]
    const fn next(&mut self) -> usize {
        let (value, next) = read_var(self.data, self.at);
        self.at = next;
        value
    }

    /// A count of things that follow: each takes at least one byte, so a count past the end
    /// of the data is a bad table, cut to what is left (decoding stays linear in the data).
    #[inline]
    const fn count(&mut self) -> usize {
        let n = self.next();
        let left = self.data.len().saturating_sub(self.at);
        if n < left {
            n
        } else {
            left
        }
    }

    #[inline]
    const fn skip(&mut self, mut n: usize) {
        while n > 0 {
            self.next();
            n -= 1;
        }
    }

    #[inline]
    const fn text(&mut self, pool: &'a str) -> &'a str {
        let off = self.next();
        let len = self.next();
        text(pool, off, len)
    }

    /// A text there when `bit` of `flags` is set.
    #[inline]
    const fn optional(&mut self, pool: &'a str, flags: usize, bit: usize) -> Option<&'a str> {
        if flags & bit == 0 {
            return None;
        }
        Some(self.text(pool))
    }

    /// Past a `pieces` list.
    const fn skip_pieces(&mut self) {
        let mut count = self.count();
        while count > 0 {
            if self.next() % 2 == 0 {
                self.next();
            }
            count -= 1;
        }
    }
}

/// The fixed part of an entry's record, decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head<'a> {
    pub public_status: u16,
    pub envelope: usize,
    pub flags: usize,
    pub code: &'a str,
    pub public_code: &'a str,
    pub status: u16,
    pub title: &'a str,
    pub public_title: &'a str,
    pub message: &'a str,
    /// The variant's name (`Debug` of the code enum); empty for derived types.
    pub name: &'a str,
    pub grpc: &'a str,
    pub category: Option<&'a str>,
    pub deprecated: Option<&'a str>,
    pub since: Option<&'a str>,
    pub docs_url: Option<&'a str>,
    pub public_docs_url: Option<&'a str>,
}

/// Numbers of a record before its texts start: public_status, envelope, flags.
const LEADING: usize = 3;

impl<'a> Table<'a> {
    /// The table over generated literals; reads the header of `data`.
    pub const fn new(pool: &'a str, lines: &'a [&'a str], data: &'a [u8]) -> Table<'a> {
        let mut c = Cursor { data, at: 0 };
        let format = c.next();
        let entries = c.next();
        let width = c.next();
        let rows_at = c.next();
        let envelopes = c.next();
        let envelopes_at = c.next();
        let buckets = c.next();
        let disp_width = c.next();
        let disps_at = c.next();
        let slots = c.next();
        let entry_width = c.next();
        let offset_width = c.next();
        let length_width = c.next();
        let slots_at = c.next();
        let seed_low = c.next() as u64;
        let seed_high = c.next() as u64;
        // Offsets in the header count from its end.
        let base = c.at;
        let layout = Layout {
            format,
            entries: if format == FORMAT { entries } else { 0 },
            base,
            width,
            rows_at: base + rows_at,
            envelopes,
            envelopes_at: base + envelopes_at,
            buckets,
            disp_width,
            disps_at: base + disps_at,
            slots,
            entry_width,
            offset_width,
            length_width,
            slots_at: base + slots_at,
            seed: seed_low | (seed_high << 32),
        };
        Table {
            pool,
            lines,
            data,
            layout,
        }
    }

    /// The table over one text holding the pool and, from `data_at` on, the numbers (which
    /// are printable ASCII): what generated code includes from the file beside it. Texts never
    /// point into the numbers, so the pool is the whole text.
    pub const fn joined(text: &'a str, lines: &'a [&'a str], data_at: usize) -> Table<'a> {
        let bytes = text.as_bytes();
        let data = if data_at <= bytes.len() {
            bytes.split_at(data_at).1
        } else {
            &[]
        };
        Table::new(text, lines, data)
    }

    /// The number of entries.
    #[inline]
    pub const fn len(&self) -> usize {
        self.layout.entries
    }

    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.layout.entries == 0
    }

    /// Column `column` of row `row`.
    #[inline]
    const fn row(&self, row: usize, column: usize) -> usize {
        let width = self.layout.width;
        read_fixed(
            self.data,
            self.layout.rows_at + (row * 2 + column) * width,
            width,
        )
    }

    #[inline]
    const fn record(&self, row: usize) -> Cursor<'a> {
        Cursor {
            data: self.data,
            at: self.layout.base + self.row(row, 0),
        }
    }

    /// The status clients see, the first number of the record (read on every response).
    #[inline]
    pub const fn public_status(&self, row: usize) -> u16 {
        self.record(row).next() as u16
    }

    /// The entry's envelope (an index for [`Table::content_type`] and the shapes).
    #[inline]
    pub const fn envelope_of(&self, row: usize) -> usize {
        let mut c = self.record(row);
        c.skip(1);
        c.next()
    }

    /// The entry's flags ([`flag`]).
    #[inline]
    pub const fn flags(&self, row: usize) -> usize {
        let mut c = self.record(row);
        c.skip(2);
        c.next()
    }

    /// The real code.
    #[inline]
    pub const fn code(&self, row: usize) -> &'a str {
        let mut c = self.record(row);
        c.skip(LEADING);
        c.text(self.pool)
    }

    /// The record's fixed part; the cursor is left at its lists.
    const fn head_at(&self, row: usize) -> (Head<'a>, Cursor<'a>) {
        let pool = self.pool;
        let mut c = self.record(row);
        let public_status = c.next() as u16;
        let envelope = c.next();
        let flags = c.next();
        let code = c.text(pool);
        let public_code = c.text(pool);
        let status = c.next() as u16;
        let title = c.text(pool);
        let public_title = c.text(pool);
        let message = c.text(pool);
        let name = c.text(pool);
        let grpc = c.text(pool);
        let category = c.optional(pool, flags, flag::CATEGORY);
        let deprecated = c.optional(pool, flags, flag::DEPRECATED);
        let since = c.optional(pool, flags, flag::SINCE);
        let docs_url = c.optional(pool, flags, flag::DOCS_URL);
        let public_docs_url = c.optional(pool, flags, flag::PUBLIC_DOCS_URL);
        let head = Head {
            public_status,
            envelope,
            flags,
            code,
            public_code,
            status,
            title,
            public_title,
            message,
            name,
            grpc,
            category,
            deprecated,
            since,
            docs_url,
            public_docs_url,
        };
        (head, c)
    }

    /// Everything of the entry that is one number or one text.
    pub const fn head(&self, row: usize) -> Head<'a> {
        self.head_at(row).0
    }

    /// The `index`-th list of the record (0 cause, 1 solution, 2 fields), as lines.
    const fn list(&self, row: usize, index: usize) -> &'a [&'a str] {
        let (_, mut c) = self.head_at(row);
        c.skip(2 * index);
        let start = c.next();
        let count = c.next();
        let lines = self.lines;
        if start > lines.len() || count > lines.len() - start {
            return &[];
        }
        lines.split_at(start).1.split_at(count).0
    }

    pub const fn cause(&self, row: usize) -> &'a [&'a str] {
        self.list(row, 0)
    }

    pub const fn solution(&self, row: usize) -> &'a [&'a str] {
        self.list(row, 1)
    }

    /// The field names, in the order of the args generated code passes.
    pub const fn fields(&self, row: usize) -> &'a [&'a str] {
        self.list(row, 2)
    }

    /// The cursor at the record's `display` pieces.
    const fn programs(&self, row: usize) -> (usize, Cursor<'a>) {
        let (head, mut c) = self.head_at(row);
        c.skip(6);
        (head.flags, c)
    }

    /// The Display message.
    pub fn display(&self, row: usize) -> Pieces<'a> {
        Pieces::at(self.pool, self.programs(row).1)
    }

    /// `Retry-After` seconds as text pieces, if the entry has them.
    pub fn retry_after(&self, row: usize) -> Option<Pieces<'a>> {
        let (flags, mut c) = self.programs(row);
        if flags & flag::RETRY_AFTER == 0 {
            return None;
        }
        c.skip_pieces();
        Some(Pieces::at(self.pool, c))
    }

    /// The catalog's extra headers: names as written, values as pieces.
    pub fn headers(&self, row: usize) -> Headers<'a> {
        let (flags, mut c) = self.programs(row);
        c.skip_pieces();
        if flags & flag::RETRY_AFTER != 0 {
            c.skip_pieces();
        }
        let count = c.count();
        Headers {
            pool: self.pool,
            cursor: c,
            count,
        }
    }

    /// The body program.
    #[inline]
    pub const fn body(&self, row: usize) -> Body<'a> {
        let mut c = Cursor {
            data: self.data,
            at: self.layout.base + self.row(row, 1),
        };
        let off = c.next();
        let len = c.next();
        let count = c.count();
        let ops = if c.at <= self.data.len() {
            self.data.split_at(c.at).1
        } else {
            &[]
        };
        let raw = bytes(self.pool.as_bytes(), off, len);
        // The shape of most bodies with a field: one string field interpolated into the
        // message. Kept decoded so the renderer takes it without reading ops.
        let mut single_text = None;
        if count == 1 {
            let gap = c.next();
            let code = c.next();
            let arg = (code / 4).wrapping_sub(5);
            if code % 4 == kind::TEXT && arg <= u8::MAX as usize && gap <= raw.len() {
                single_text = Some((gap as u32, arg as u8));
            }
        }
        Body {
            raw,
            ops,
            count: count as u32,
            single_text,
        }
    }

    /// The response's `Content-Type` for envelope `index`.
    pub const fn content_type(&self, index: usize) -> &'a str {
        self.envelope_cursor(index).text(self.pool)
    }

    const fn envelope_cursor(&self, index: usize) -> Cursor<'a> {
        let width = self.layout.width;
        let at = read_fixed(self.data, self.layout.envelopes_at + index * width, width);
        Cursor {
            data: self.data,
            at: self.layout.base + at,
        }
    }

    /// The shape of envelope `index`.
    #[cfg(feature = "alloc")]
    pub fn shape(&self, index: usize) -> crate::shape::Shape {
        use alloc::string::ToString;
        use alloc::vec::Vec;

        let mut c = self.envelope_cursor(index);
        let content_type = c.text(self.pool).to_string();
        let path = |c: &mut Cursor<'a>| -> Option<crate::shape::Path> {
            let steps = c.count().checked_sub(1)?;
            Some(
                (0..steps)
                    .map(|_| match c.next() {
                        v if v % 2 == 0 => {
                            let len = v / 2;
                            let off = c.next();
                            Step::Key(text(self.pool, off, len).to_string())
                        }
                        v => Step::Index(v / 2),
                    })
                    .collect(),
            )
        };
        let places = core::array::from_fn(|_| path(&mut c));
        let markers = (0..c.count())
            .filter_map(|_| {
                let at = path(&mut c);
                let json = c.text(self.pool).to_string();
                Some((at?, json))
            })
            .collect::<Vec<_>>();
        let fields = (0..c.count())
            .filter_map(|_| {
                let at = path(&mut c);
                let name = c.text(self.pool).to_string();
                Some((at?, name))
            })
            .collect::<Vec<_>>();
        crate::shape::Shape {
            content_type,
            places,
            markers,
            fields,
        }
    }

    /// The entry whose code is `key`: one hash, three small table reads, one comparison.
    #[inline]
    pub fn find(&self, key: &str) -> Option<usize> {
        let l = &self.layout;
        if l.buckets == 0 || l.slots == 0 {
            return None;
        }
        let h = hash::hash(l.seed, key.as_bytes());
        let disp = read_fixed(
            self.data,
            l.disps_at + hash::bucket(h, l.buckets) * l.disp_width,
            l.disp_width,
        );
        let row = l.entry_width + l.offset_width + l.length_width;
        let at = l.slots_at + hash::slot(h, disp, l.slots) * row;
        let len = read_fixed(
            self.data,
            at + l.entry_width + l.offset_width,
            l.length_width,
        );
        if len != key.len() {
            return None;
        }
        let off = read_fixed(self.data, at + l.entry_width, l.offset_width);
        let entry = read_fixed(self.data, at, l.entry_width);
        // An unused slot holds entry 0 and length 0, and codes are never empty.
        if entry == 0
            || len == 0
            || !same_bytes(bytes(self.pool.as_bytes(), off, len), key.as_bytes())
        {
            return None;
        }
        Some(entry - 1)
    }
}

/// The codes of a [`Table`] decoded into an open-addressing hash table in memory, for a
/// `FromStr` that runs often. [`Table::find`] answers the same from the table's digits without
/// decoding anything, for a lookup made once (`const` contexts, the derive).
///
/// The table's perfect hash is compact on disk but slow to walk: hash, displacement, remixed
/// hash, slot, each step waiting on the one before. Here the codes are re-hashed with
/// [`hash::index_hash`] (one round of independent multiplies) into a power-of-two array at most
/// half full, so the home slot is a mask away from the hash and a lookup is: one hash, one
/// slot load (16 bytes, a quarter of a cache line), the code's bytes compared with the key.
/// The slot holds a 32-bit fingerprint of the hash and the code's length, so a miss is turned
/// away without reading the pool, and a hit reads it once. Decoding takes one pass over the
/// slots, and 32 to 64 bytes per code.
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeIndex {
    /// A power of two many (or none, for a table without codes).
    slots: alloc::boxed::Box<[CodeSlot]>,
    /// The most slots any code sits past its home slot: no lookup probes further, so even a
    /// run of used slots with no end (impossible at half full, but cheap to rule out) stops.
    max_probe: usize,
}

/// One slot of a [`CodeIndex`]; all zeros when unused.
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(16))]
struct CodeSlot {
    /// The code's length (high 32 bits) and fingerprint (low 32): one comparison answers
    /// both. A fingerprint is never 0, so a used slot's `check` is never that of an unused one.
    check: u64,
    /// The code in the pool. `u32`s: a pool is one string literal, far below 4 GiB.
    off: u32,
    row: u32,
}

#[cfg(feature = "alloc")]
impl CodeSlot {
    /// The `check` a slot holding a code of `len` bytes whose [`hash::index_hash`] is `hash`
    /// has (lengths past `u32::MAX` wrap, and are told apart by the byte comparison).
    #[inline]
    fn check(hash: u64, len: usize) -> u64 {
        ((len as u64) << 32) | u64::from(hash as u32 | 1)
    }

    /// The home slot of a hash among `mask + 1`: bits above the fingerprint's.
    #[inline]
    fn home(hash: u64, mask: usize) -> usize {
        (hash >> 32) as usize & mask
    }
}

#[cfg(feature = "alloc")]
impl CodeIndex {
    /// The entry whose code is `key` in `table` (the table this index was decoded from; with
    /// another table the answer is some row or none, never a panic).
    #[inline]
    pub fn find(&self, table: &Table<'_>, key: &str) -> Option<usize> {
        let key = key.as_bytes();
        let hash = hash::index_hash(key);
        let check = CodeSlot::check(hash, key.len());
        let mask = self.slots.len().wrapping_sub(1);
        let mut at = CodeSlot::home(hash, mask);
        for _ in 0..=self.max_probe {
            let slot = self.slots.get(at)?;
            if slot.check == check {
                let off = slot.off as usize;
                let code = table.pool.as_bytes().get(off..off + key.len());
                if code.is_some_and(|code| same_bytes(code, key)) {
                    return Some(slot.row as usize);
                }
            }
            // The key's run of used slots ends here: it would have been placed in this one.
            if slot.check == 0 {
                return None;
            }
            at = (at + 1) & mask;
        }
        None
    }
}

#[cfg(feature = "alloc")]
impl Table<'_> {
    /// The codes decoded into a hash table: see [`CodeIndex`]. Linear in the table's lookup
    /// section; slots a malformed table fills with nonsense (rows past the end, codes outside
    /// the pool or empty) are left out, since [`Table::find`] could not answer with them
    /// either.
    pub fn code_index(&self) -> CodeIndex {
        use alloc::vec::Vec;

        let l = &self.layout;
        let width = l.entry_width + l.offset_width + l.length_width;
        // A header may claim more slots than `data` holds; reads past the end are unused
        // slots, so they need no visit (and a huge claim costs no time).
        let readable = match width {
            0 => 0,
            width => self.data.len().saturating_sub(l.slots_at) / width,
        };
        let pool = self.pool.len();
        let codes: Vec<(u32, usize, u32)> = (0..l.slots.min(readable))
            .filter_map(|s| {
                let at = l.slots_at + s * width;
                let entry = read_fixed(self.data, at, l.entry_width);
                let off = read_fixed(self.data, at + l.entry_width, l.offset_width);
                let len = read_fixed(
                    self.data,
                    at + l.entry_width + l.offset_width,
                    l.length_width,
                );
                let row = entry.checked_sub(1).filter(|&row| row < l.entries)?;
                if len == 0 || off > pool || len > pool - off {
                    return None;
                }
                Some((u32::try_from(off).ok()?, len, u32::try_from(row).ok()?))
            })
            .collect();
        // At most half full: a hit's expected probe is ~1.5 slots, a miss's ~2.5.
        let capacity = match codes.len() {
            0 => 0,
            n => n.saturating_mul(2).checked_next_power_of_two().unwrap_or(0),
        };
        let mut slots = alloc::vec![CodeSlot::default(); capacity].into_boxed_slice();
        let mask = capacity.wrapping_sub(1);
        let mut max_probe = 0;
        for (off, len, row) in codes {
            let code = bytes(self.pool.as_bytes(), off as usize, len);
            let hash = hash::index_hash(code);
            let mut at = CodeSlot::home(hash, mask);
            let mut probe = 0;
            // Half full, so a free slot is always found; `get_mut` stops the loop regardless.
            while let Some(slot) = slots.get_mut(at) {
                if slot.check == 0 {
                    *slot = CodeSlot {
                        check: CodeSlot::check(hash, len),
                        off,
                        row,
                    };
                    max_probe = max_probe.max(probe);
                    break;
                }
                at = (at + 1) & mask;
                probe += 1;
                if probe == capacity {
                    break;
                }
            }
        }
        CodeIndex { slots, max_probe }
    }
}

/// The pieces of a plain text (Display message, header value).
#[derive(Clone, Copy)]
pub struct Pieces<'a> {
    pool: &'a str,
    cursor: Cursor<'a>,
    left: usize,
}

impl<'a> Pieces<'a> {
    fn at(pool: &'a str, mut cursor: Cursor<'a>) -> Pieces<'a> {
        let left = cursor.count();
        Pieces { pool, cursor, left }
    }

    /// The text when it is one literal piece (a static header value), else `None`.
    pub fn as_literal(&self) -> Option<&'a str> {
        let mut copy = *self;
        match (copy.next(), copy.next()) {
            (Some(Piece::Lit(text)), None) => Some(text),
            _ => None,
        }
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<&'a str>;

    fn next(&mut self) -> Option<Piece<&'a str>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let v = self.cursor.next();
        if v % 2 == 1 {
            return Some(Piece::Arg((v / 2).min(255) as u8));
        }
        Some(Piece::Lit(self.cursor.text_of_len(self.pool, v / 2)))
    }
}

impl<'a> Cursor<'a> {
    /// A text whose length was already read: its offset comes next.
    #[inline]
    const fn text_of_len(&mut self, pool: &'a str, len: usize) -> &'a str {
        let off = self.next();
        text(pool, off, len)
    }
}

impl core::fmt::Debug for Pieces<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(*self).finish()
    }
}

/// The catalog headers of an entry.
#[derive(Clone, Copy)]
pub struct Headers<'a> {
    pool: &'a str,
    cursor: Cursor<'a>,
    count: usize,
}

impl<'a> Iterator for Headers<'a> {
    type Item = (&'a str, Pieces<'a>);

    fn next(&mut self) -> Option<(&'a str, Pieces<'a>)> {
        if self.count == 0 {
            return None;
        }
        self.count -= 1;
        let name = self.cursor.text(self.pool);
        let value = Pieces::at(self.pool, self.cursor);
        self.cursor.skip_pieces();
        Some((name, value))
    }
}

/// A body program: its raw JSON text and the dynamic ops between the parts of it. Small and
/// `Copy`, so a handle can hold it decoded (the runtime's entries do, at compile time).
#[derive(Clone, Copy)]
pub struct Body<'a> {
    /// All the raw text of the body, keys of optional members included.
    pub raw: &'a [u8],
    /// The encoded ops, from the first one on.
    ops: &'a [u8],
    count: u32,
    /// For a body whose only dynamic op is `Text(Slot::Arg(i))`: the raw bytes before it, `i`.
    single_text: Option<(u32, u8)>,
}

impl<'a> Body<'a> {
    /// The whole body when it has no dynamic op: one copy renders it.
    #[inline]
    pub fn as_static(&self) -> Option<&'a [u8]> {
        (self.count == 0).then_some(self.raw)
    }

    /// For a body whose only dynamic op is the text of arg `i` inside a string (a message with
    /// one field): the raw text before and after it, and `i`.
    #[inline]
    pub fn as_single_text(&self) -> Option<(&'a [u8], &'a [u8], u8)> {
        let (at, arg) = self.single_text?;
        let (before, after) = self.raw.split_at((at as usize).min(self.raw.len()));
        Some((before, after, arg))
    }

    /// The number of dynamic ops.
    pub fn dynamic_ops(&self) -> usize {
        self.count as usize
    }

    #[inline]
    fn cursor(&self) -> Cursor<'a> {
        Cursor {
            data: self.ops,
            at: 0,
        }
    }

    /// The program as ops, raw text included.
    pub fn ops(&self) -> BodyOps<'a> {
        BodyOps {
            raw: self.raw,
            ops: self.cursor(),
            left: self.count as usize,
            pending: None,
        }
    }

    /// The dynamic ops one by one: raw text to copy before each, the op, a `Member`'s key
    /// (empty for other ops); the raw text left after the last op is [`BodySteps::rest`]. The
    /// renderer's loop, without building `Op`s.
    #[inline]
    pub fn steps(&self) -> BodySteps<'a> {
        BodySteps {
            rest: self.raw,
            ops: self.cursor(),
            left: self.count as usize,
        }
    }
}

/// See [`Body::steps`].
pub struct BodySteps<'a> {
    rest: &'a [u8],
    ops: Cursor<'a>,
    left: usize,
}

/// One dynamic op of a body: `before` is the raw text written first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyStep<'a> {
    pub before: &'a [u8],
    pub op: Op<&'a [u8]>,
}

impl<'a> BodySteps<'a> {
    /// The raw text after the ops taken so far (all of it, once the iterator is done).
    #[inline]
    pub fn rest(&self) -> &'a [u8] {
        self.rest
    }

    #[inline]
    fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.rest.len());
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        head
    }
}

impl<'a> Iterator for BodySteps<'a> {
    type Item = BodyStep<'a>;

    #[inline]
    fn next(&mut self) -> Option<BodyStep<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let gap = self.ops.next();
        let code = self.ops.next();
        let before = self.take(gap);
        let slot = Slot::from_code(code / 4).unwrap_or(Slot::Errors);
        let op = match code % 4 {
            kind::SEP => Op::Sep,
            kind::VALUE => Op::Value(slot),
            kind::TEXT => Op::Text(slot),
            _ => {
                let len = self.ops.next();
                Op::Member {
                    key: self.take(len),
                    slot,
                }
            }
        };
        Some(BodyStep { before, op })
    }
}

/// See [`Body::ops`].
pub struct BodyOps<'a> {
    raw: &'a [u8],
    ops: Cursor<'a>,
    left: usize,
    pending: Option<Op<&'a [u8]>>,
}

impl<'a> Iterator for BodyOps<'a> {
    type Item = Op<&'a [u8]>;

    fn next(&mut self) -> Option<Op<&'a [u8]>> {
        if let Some(op) = self.pending.take() {
            return Some(op);
        }
        let mut steps = BodySteps {
            rest: self.raw,
            ops: self.ops,
            left: self.left,
        };
        match steps.next() {
            Some(step) => {
                self.raw = steps.rest;
                self.ops = steps.ops;
                self.left = steps.left;
                if step.before.is_empty() {
                    return Some(step.op);
                }
                self.pending = Some(step.op);
                Some(Op::Raw(step.before))
            }
            None => {
                let rest = core::mem::take(&mut self.raw);
                (!rest.is_empty()).then_some(Op::Raw(rest))
            }
        }
    }
}

#[cfg(test)]
mod tests;
