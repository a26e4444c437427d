//! Encode -> decode round trips: what codegen writes is what the runtime reads.

#![cfg(feature = "alloc")]

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use super::*;
use crate::shape::{Place, Shape};
use crate::table::{EncodedTable, EntryData, TableBuilder};

fn lit(text: &str) -> Piece<String> {
    Piece::Lit(text.to_string())
}

fn shape() -> Shape {
    let key = |k: &str| Step::Key(k.to_string());
    let mut places: [Option<crate::shape::Path>; 8] = Default::default();
    places[Place::Code as usize] = Some(vec![key("error"), key("code")]);
    places[Place::Message as usize] = Some(vec![key("error"), key("message")]);
    places[Place::RequestId as usize] = Some(vec![key("meta"), Step::Index(2)]);
    Shape {
        content_type: "application/json".into(),
        places,
        markers: vec![(vec![key("success")], "false".into())],
        fields: vec![(vec![key("error"), key("tier")], "tier".into())],
    }
}

/// An owned copy of what the decoder reads for `row`, to compare with the input.
#[derive(Debug, PartialEq)]
struct Decoded {
    head: (
        String,
        String,
        u16,
        u16,
        String,
        String,
        String,
        String,
        String,
    ),
    options: [Option<String>; 5],
    flags: usize,
    lists: [Vec<String>; 3],
    display: Vec<Piece<String>>,
    retry_after: Option<Vec<Piece<String>>>,
    headers: Vec<(String, Vec<Piece<String>>)>,
    body: Vec<Op<String>>,
}

fn owned_pieces(pieces: Pieces<'_>) -> Vec<Piece<String>> {
    pieces.map(|p| p.map(str::to_string)).collect()
}

fn decode(table: &Table<'_>, row: usize) -> Decoded {
    let h = table.head(row);
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).expect("utf-8");
    Decoded {
        head: (
            h.code.into(),
            h.public_code.into(),
            h.status,
            h.public_status,
            h.title.into(),
            h.public_title.into(),
            h.message.into(),
            h.name.into(),
            h.grpc.into(),
        ),
        options: [
            h.category,
            h.deprecated,
            h.since,
            h.docs_url,
            h.public_docs_url,
        ]
        .map(|o| o.map(str::to_string)),
        flags: h.flags,
        lists: [table.cause(row), table.solution(row), table.fields(row)]
            .map(|l| l.iter().map(|s| s.to_string()).collect()),
        display: owned_pieces(table.display(row)),
        retry_after: table.retry_after(row).map(owned_pieces),
        headers: table
            .headers(row)
            .map(|(name, value)| (name.to_string(), owned_pieces(value)))
            .collect(),
        body: table.body(row).ops().map(|op| op.map(text)).collect(),
    }
}

fn expected(e: &EntryData<'_>) -> Decoded {
    let strings = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // The decoder yields raw text between dynamic ops merged, as the encoder stores it.
    let mut body: Vec<Op<String>> = Vec::new();
    for op in e.body {
        match (op, body.last_mut()) {
            (Op::Raw(text), Some(Op::Raw(last))) => last.push_str(text),
            (Op::Raw(text), _) if text.is_empty() => {}
            (op, _) => body.push(op.clone()),
        }
    }
    Decoded {
        head: (
            e.code.into(),
            e.public_code.into(),
            e.status,
            e.public_status,
            e.title.into(),
            e.public_title.into(),
            e.message.into(),
            e.name.into(),
            e.grpc.into(),
        ),
        options: [
            e.category,
            e.deprecated,
            e.since,
            e.docs_url,
            e.public_docs_url,
        ]
        .map(|o| o.map(str::to_string)),
        flags: usize::from(e.retryable) | usize::from(e.internal) << 1 | {
            let mut f = 0;
            for (i, o) in [
                e.category,
                e.deprecated,
                e.since,
                e.docs_url,
                e.public_docs_url,
            ]
            .iter()
            .enumerate()
            {
                if o.is_some() {
                    f |= 1 << (i + 2);
                }
            }
            f | usize::from(e.retry_after.is_some()) << 7
        },
        lists: [strings(e.cause), strings(e.solution), strings(e.fields)],
        display: e.display.to_vec(),
        retry_after: e.retry_after.map(<[_]>::to_vec),
        headers: e.headers.to_vec(),
        body,
    }
}

#[test]
fn entries_round_trip() {
    let display = vec![lit("Table '"), Piece::Arg(0), lit("' does not exist")];
    let retry = vec![Piece::Arg(1)];
    let headers = vec![
        ("X-Static".to_string(), vec![lit("yes")]),
        ("X-Table".to_string(), vec![lit("t="), Piece::Arg(0)]),
    ];
    let body = vec![
        Op::Raw(
            r#"{"success":false,"error":{"code":"data/table-not-found","message":"Table '"#.into(),
        ),
        Op::Text(Slot::Arg(0)),
        Op::Raw(r#"' does not exist""#.into()),
        Op::Member {
            key: r#""field":"#.into(),
            slot: Slot::Field,
        },
        Op::Raw("},".into()),
        Op::Raw(r#""meta":{"#.into()),
        Op::Member {
            key: r#""requestId":"#.into(),
            slot: Slot::RequestId,
        },
        Op::Sep,
        Op::Raw(r#""n":"#.into()),
        Op::Value(Slot::Arg(255)),
        Op::Raw("}}".into()),
    ];
    let cause = ["The table was dropped", "Or never created"];
    let fields = ["table", "seconds"];
    let full = EntryData {
        name: "DataTableNotFound",
        code: "data/table-not-found",
        status: 404,
        public_code: "data/table-not-found",
        public_status: 404,
        title: "Not Found",
        public_title: "Not Found",
        message: "Table '{table}' does not exist",
        display: &display,
        cause: &cause,
        solution: &["Create it"],
        fields: &fields,
        retryable: true,
        internal: false,
        category: Some("data"),
        deprecated: Some("use data/missing"),
        since: Some("1.2"),
        grpc: "NOT_FOUND",
        docs_url: Some("https://d.example/data/table-not-found"),
        public_docs_url: Some("https://d.example/data/table-not-found"),
        envelope: 0,
        retry_after: Some(&retry),
        headers: &headers,
        body: &body,
    };
    let bare_body = vec![Op::Raw(r#"{"error":"Bad"}"#.into())];
    let bare = EntryData {
        code: "auth/bad",
        public_code: "docs/missing",
        status: 401,
        public_status: 404,
        title: "Unauthorized",
        public_title: "Not Found",
        message: "Bad",
        display: &[],
        grpc: "UNAUTHENTICATED",
        internal: true,
        envelope: 1,
        // Same lists as `full`: shared lines.
        cause: &cause,
        body: &bare_body,
        ..EntryData::default()
    };
    let mut other = shape();
    other.content_type = "application/problem+json".into();
    other.markers.clear();

    let mut builder = TableBuilder::new();
    assert_eq!(builder.envelope(&shape()), 0);
    assert_eq!(builder.envelope(&other), 1);
    assert_eq!(builder.envelope(&shape()), 0);
    let entries: Vec<EntryData<'_>> = (0..300)
        .map(|i| {
            if i % 2 == 0 {
                full.clone()
            } else {
                bare.clone()
            }
        })
        .collect();
    let codes: Vec<String> = (0..300).map(|i| format!("code/{i}")).collect();
    for (i, entry) in entries.iter().enumerate() {
        let entry = EntryData {
            code: &codes[i],
            ..entry.clone()
        };
        assert_eq!(builder.entry(&entry), i);
    }
    let encoded = builder.finish(true).expect("distinct codes");
    assert!(
        encoded
            .data
            .iter()
            .all(|&b| (0x23..=0x7E).contains(&b) && b != b'\\'),
        "data is printable digits"
    );
    let lines: Vec<&str> = encoded.lines.iter().map(String::as_str).collect();
    let table = Table::new(&encoded.pool, &lines, &encoded.data);
    assert_eq!(table.len(), 300);
    assert_eq!(lines.len(), cause.len() + 1 + fields.len(), "{lines:?}");
    for (i, entry) in entries.iter().enumerate() {
        let entry = EntryData {
            code: &codes[i],
            ..entry.clone()
        };
        assert_eq!(decode(&table, i), expected(&entry), "row {i}");
        assert_eq!(table.code(i), codes[i]);
        assert_eq!(table.public_status(i), entry.public_status);
        assert_eq!(table.envelope_of(i), entry.envelope);
        assert_eq!(table.find(&codes[i]), Some(i));
    }
    // The decoded index answers as the table does, for every code and for near misses.
    let index = table.code_index();
    for (i, code) in codes.iter().enumerate() {
        assert_eq!(index.find(&table, code), Some(i), "{code}");
        for miss in [
            format!("{code} "),
            format!("{code}0"),
            String::from(&code[1..]),
        ] {
            assert_eq!(index.find(&table, &miss), table.find(&miss), "{miss}");
        }
    }
    for miss in ["code/300", "", "code/1 "] {
        assert_eq!(table.find(miss), None);
        assert_eq!(index.find(&table, miss), None);
    }
    assert_eq!(table.shape(0), shape());
    assert_eq!(table.shape(1), other);
    assert_eq!(table.content_type(1), "application/problem+json");
    assert_eq!(table.body(1).as_static(), Some(&br#"{"error":"Bad"}"#[..]));
    assert_eq!(table.body(0).as_static(), None);
    assert_eq!(table.body(0).as_single_text(), None, "several ops");
    assert_eq!(
        table.headers(0).next().and_then(|h| h.1.as_literal()),
        Some("yes")
    );
}

#[test]
fn body_steps_give_the_text_before_each_op_and_the_rest() {
    let body = vec![
        Op::Raw("{\"a\":\"".into()),
        Op::Text(Slot::Arg(0)),
        Op::Raw("\"".into()),
        Op::Member {
            key: "\"b\":".into(),
            slot: Slot::Arg(1),
        },
        Op::Raw("}".into()),
    ];
    let mut builder = TableBuilder::new();
    builder.entry(&EntryData {
        code: "c",
        body: &body,
        ..EntryData::default()
    });
    let encoded = builder.finish(false).expect("table");
    let table = Table::new(&encoded.pool, &[], &encoded.data);
    let mut steps = table.body(0).steps();
    let first = steps.next().expect("text");
    assert_eq!(
        (first.before, first.op),
        (&b"{\"a\":\""[..], Op::Text(Slot::Arg(0)))
    );
    let second = steps.next().expect("member");
    assert_eq!(
        (second.before, second.op),
        (
            &b"\""[..],
            Op::Member {
                key: &b"\"b\":"[..],
                slot: Slot::Arg(1)
            }
        )
    );
    assert!(steps.next().is_none());
    assert_eq!(steps.rest(), b"}");
    assert_eq!(table.body(0).as_single_text(), None, "two ops");
    assert_eq!(table.find("c"), None, "no lookup was built");
    assert_eq!(table.code_index().find(&table, "c"), None);
}

#[test]
fn a_body_with_one_interpolated_field_is_split_around_it() {
    let body = vec![
        Op::Raw("{\"m\":\"Table '".into()),
        Op::Text(Slot::Arg(3)),
        Op::Raw("' is gone\"}".into()),
    ];
    let mut builder = TableBuilder::new();
    builder.entry(&EntryData {
        code: "c",
        body: &body,
        ..EntryData::default()
    });
    let encoded = builder.finish(false).expect("table");
    let table = Table::new(&encoded.pool, &[], &encoded.data);
    assert_eq!(
        table.body(0).as_single_text(),
        Some((&b"{\"m\":\"Table '"[..], &b"' is gone\"}"[..], 3))
    );
}

#[test]
fn texts_are_shared_in_the_pool() {
    let body = vec![Op::Raw(r#"{"code":"a/b","message":"Hello"}"#.into())];
    let mut builder = TableBuilder::new();
    for _ in 0..3 {
        builder.entry(&EntryData {
            code: "a/b",
            public_code: "a/b",
            title: "Not Found",
            public_title: "Not Found",
            message: "Hello",
            display: &[lit("Hello")],
            body: &body,
            ..EntryData::default()
        });
    }
    let encoded = builder.finish(false).expect("table");
    // Per entry the body text (which holds the code and the message); the title once.
    assert_eq!(
        encoded.pool.len(),
        3 * 32 + "Not Found".len(),
        "{}",
        encoded.pool
    );
}

#[test]
fn a_malformed_table_reads_as_empty_never_panics() {
    for data in [
        &b""[..],
        b"~~~~",
        b"$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$",
        b"#$%&'()*+,-./",
    ] {
        for format in [FORMAT, 0] {
            let mut bytes = Vec::new();
            crate::digits::push_var(&mut bytes, format);
            bytes.extend_from_slice(data);
            let table = Table::new("pool", &["line"], &bytes);
            for row in 0..3 {
                let _ = decode(&table, row);
                let _ = table.code(row);
                let _ = table.body(row).steps().count();
            }
            let _ = table.find("pool");
            let _ = table.code_index().find(&table, "pool");
            let _ = table.shape(0);
            let _ = table.content_type(5);
        }
    }
}

/// A table of `codes` with its lookup section, the rest of each entry left empty.
fn table_of_codes(codes: &[String]) -> EncodedTable {
    let mut builder = TableBuilder::new();
    for code in codes {
        builder.entry(&EntryData {
            code,
            ..EntryData::default()
        });
    }
    builder.finish(true).expect("distinct codes")
}

#[test]
fn the_code_index_finds_every_code_and_nothing_else() {
    for n in [1usize, 2, 3, 100, 3000] {
        // Lengths 2 to ~80: every branch of the index hash and of the byte comparison.
        let codes: Vec<String> = (0..n)
            .map(|i| format!("{}/{i}", "d".repeat(i % 75)))
            .collect();
        let encoded = table_of_codes(&codes);
        let table = Table::new(&encoded.pool, &[], &encoded.data);
        let index = table.code_index();
        assert!(index.slots.len().is_power_of_two(), "n {n}");
        assert!(index.slots.len() >= 2 * n, "n {n}: at most half full");
        assert_eq!(index.slots.iter().filter(|s| s.check != 0).count(), n);
        for (row, code) in codes.iter().enumerate() {
            assert_eq!(index.find(&table, code), Some(row), "{code}");
            let mut changed = code.clone().into_bytes();
            changed[0] ^= 1;
            let changed = String::from_utf8(changed).expect("ascii");
            for miss in [
                format!("{code}0"),
                format!("{code}/"),
                String::from(&code[..code.len() - 1]),
                changed,
            ] {
                assert_eq!(index.find(&table, &miss), table.find(&miss), "{miss}");
            }
        }
        for miss in ["", "/", "d", "unknown/error-1"] {
            assert_eq!(index.find(&table, miss), None, "{miss:?}");
        }
    }
}

#[test]
fn an_empty_table_has_an_empty_code_index() {
    let encoded = table_of_codes(&[]);
    let table = Table::new(&encoded.pool, &[], &encoded.data);
    let index = table.code_index();
    assert!(index.slots.is_empty());
    for key in ["", "x", "domain/code-1"] {
        assert_eq!(index.find(&table, key), None, "{key:?}");
    }
}

/// The lookup slots of a malformed table, their widths two digits each: `(entry + 1, offset,
/// length)`, over the pool `"abcdef"` and 2 entries.
fn malformed_lookup<'a>(data: &'a [u8], slots: usize, width: usize) -> Table<'a> {
    let table = Table::new("abcdef", &[], &[]);
    Table {
        data,
        layout: Layout {
            entries: 2,
            slots,
            entry_width: width,
            offset_width: width,
            length_width: width,
            slots_at: 0,
            ..table.layout
        },
        ..table
    }
}

#[test]
fn a_malformed_lookup_section_leaves_out_what_cannot_be_a_code() {
    let mut data = Vec::new();
    for (entry, off, len) in [
        (1, 0, 3), // "abc", row 0
        (0, 1, 2), // unused
        (9, 0, 1), // a row past the end
        (2, 4, 5), // past the end of the pool
        (2, 6, 1), // past the end of the pool
        (2, 2, 0), // empty
        (2, 3, 3), // "def", row 1
        (1, 0, 3), // "abc" again
    ] {
        for value in [entry, off, len] {
            crate::digits::push_fixed(&mut data, value, 2);
        }
    }
    let slots = data.len() / 6;
    // Slots as written, more than the data holds, and a section with no digits at all.
    for (claimed, width) in [(slots, 2), (usize::MAX, 2), (1_000_000_000, 0)] {
        let table = malformed_lookup(&data, claimed, width);
        let index = table.code_index();
        let found = if width == 0 { 0 } else { 3 };
        assert_eq!(index.slots.iter().filter(|s| s.check != 0).count(), found);
        for key in ["", "a", "ab", "bcd", "cd", "ef", "f", "abcdef", "abcdefg"] {
            assert_eq!(index.find(&table, key), None, "{key:?}");
        }
        if width != 0 {
            assert_eq!(index.find(&table, "abc"), Some(0));
            assert_eq!(index.find(&table, "def"), Some(1));
        }
        // With a table it was not decoded from (a shorter pool): no panic, no code past it.
        let other = Table::new("ab", &[], &[]);
        assert_eq!(index.find(&other, "abc"), None);
        assert_eq!(index.find(&other, "def"), None);
    }
}

#[test]
fn a_code_index_lookup_stops_after_its_longest_probe() {
    // Every slot used and none holding the key: the probe bound, not an unused slot, ends it.
    let used = CodeSlot {
        check: CodeSlot::check(0, 1),
        off: 0,
        row: 0,
    };
    let index = CodeIndex {
        slots: vec![used; 8].into_boxed_slice(),
        max_probe: 3,
    };
    let table = Table::new("abc", &[], &[]);
    assert_eq!(index.find(&table, "zz"), None);
    assert_eq!(index.find(&table, ""), None);
}

#[test]
fn same_bytes_is_slice_equality() {
    let base: Vec<u8> = (0..40u8).collect();
    for len in 0..40 {
        let a = &base[..len];
        assert!(super::same_bytes(a, a));
        assert!(!super::same_bytes(a, &base[..len + 1]));
        for at in 0..len {
            let mut b = a.to_vec();
            b[at] ^= 0x20;
            assert!(!super::same_bytes(a, &b), "len {len} at {at}");
        }
    }
}
