//! Body rendering against its baselines, in one run:
//!
//! - `fieldless`: a body with no field, rendered by errcat vs copying the same precomputed
//!   bytes into a new `Vec` (target: <= 1.3x) vs serde_json over a derived envelope struct with
//!   `&'static str` fields (target: errcat >= 4x faster);
//! - `one_field`: a body with one interpolated field vs the hand-written `push_str` version
//!   (target: <= 1.5x), vs the same with the field JSON-escaped (what a correct hand-written
//!   body must do), and vs `format!` + serde_json for reference.
//!
//! The entries are what errcat-codegen emits for the `nested` preset (seed 000's envelope):
//! the static text merged into `Raw` ops, encoded into a table by errcat-contract's
//! `TableBuilder` as generated code carries it. Run: `cargo bench -p errcat --bench render`.

use std::hint::black_box;

use std::sync::OnceLock;

use errcat::__private_0_1_0::{Arg, Bodies, Entry, Op, Piece, Slot, Table};
use errcat::{ApiError, Context};
use errcat_contract::table::{EntryData, TableBuilder};
use errcat_contract::Shape;

/// The request context: empty, built once like the baselines' inputs.
static CONTEXT: Context = Context::new();

/// `write_json` appends to the caller's buffer; like the baselines (`to_vec`,
/// `String::with_capacity`) the caller allocates it once, with room for a body.
const BUFFER: usize = 256;

fn main() {
    check_outputs_agree();
    divan::main();
}

const FIELDLESS_BODY: &str = r#"{"success":false,"error":{"code":"auth/invalid-credentials","message":"Invalid email or password"}}"#;

const PREFIX: &str =
    r#"{"success":false,"error":{"code":"data/table-not-found","message":"Table '"#;
const SUFFIX: &str = r#"' does not exist"}}"#;

/// The two entries, in a table encoded as errcat-codegen encodes one (the same
/// `TableBuilder`), held for the whole run as generated tables are.
fn entries() -> &'static [Entry; 2] {
    static ENTRIES: OnceLock<[Entry; 2]> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut builder = TableBuilder::new();
        let envelope = builder.envelope(&Shape {
            content_type: "application/json".into(),
            ..Shape::default()
        });
        let entry = |code, message, display, body| EntryData {
            code,
            status: 404,
            public_code: code,
            public_status: 404,
            title: "Not Found",
            public_title: "Not Found",
            message,
            display,
            grpc: "NOT_FOUND",
            envelope,
            body,
            ..EntryData::default()
        };
        let fieldless_display = [Piece::Lit("Invalid email or password".to_owned())];
        let fieldless_body = [Op::Raw(FIELDLESS_BODY.to_owned())];
        builder.entry(&entry(
            "auth/invalid-credentials",
            "Invalid email or password",
            &fieldless_display,
            &fieldless_body,
        ));
        let one_display = [
            Piece::Lit("Table '".to_owned()),
            Piece::Arg(0),
            Piece::Lit("' does not exist".to_owned()),
        ];
        let one_body = [
            Op::Raw(PREFIX.to_owned()),
            Op::Text(Slot::Arg(0)),
            Op::Raw(SUFFIX.to_owned()),
        ];
        builder.entry(&EntryData {
            fields: &["table"],
            ..entry(
                "data/table-not-found",
                "Table '{table}' does not exist",
                &one_display,
                &one_body,
            )
        });
        let encoded = builder.finish(false).expect("table");
        let pool: &'static str = encoded.pool.leak();
        let lines: Vec<&'static str> = encoded.lines.into_iter().map(|l| &*l.leak()).collect();
        let table: &'static Table<'static> = Box::leak(Box::new(Table::new(
            pool,
            lines.leak(),
            encoded.data.leak(),
        )));
        let bodies: &'static Bodies = Box::leak(Box::new(Bodies::new()));
        [Entry::new(table, bodies, 0), Entry::new(table, bodies, 1)]
    })
}

/// What the generated `Error` does for these two variants: the entry, and the args visitor.
#[derive(Debug)]
enum BenchError {
    InvalidCredentials,
    TableNotFound { table: String },
}

impl std::fmt::Display for BenchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        errcat::__private_0_1_0::display(self, f)
    }
}

impl std::error::Error for BenchError {}

impl errcat::openapi::Responses for BenchError {
    fn for_each_response(_: &mut dyn FnMut(errcat::openapi::CodeResponse)) {}
}

impl ApiError for BenchError {
    fn __entry(&self) -> &'static Entry {
        match self {
            BenchError::InvalidCredentials => &entries()[0],
            BenchError::TableNotFound { .. } => &entries()[1],
        }
    }

    fn __args(&self, f: &mut dyn FnMut(&[Arg<'_>])) {
        match self {
            BenchError::InvalidCredentials => f(&[]),
            BenchError::TableNotFound { table } => {
                f(&[errcat::__private_0_1_0::AsArg::as_arg(table)])
            }
        }
    }
}

#[derive(serde::Serialize)]
struct Envelope {
    success: bool,
    error: Inner,
}

#[derive(serde::Serialize)]
struct Inner {
    code: &'static str,
    message: &'static str,
}

#[derive(serde::Serialize)]
struct OwnedEnvelope {
    success: bool,
    error: OwnedInner,
}

#[derive(serde::Serialize)]
struct OwnedInner {
    code: &'static str,
    message: String,
}

mod fieldless {
    use super::*;

    #[divan::bench]
    pub(super) fn errcat() -> Vec<u8> {
        let mut out = Vec::with_capacity(BUFFER);
        black_box(&BenchError::InvalidCredentials).write_json(black_box(&CONTEXT), &mut out);
        out
    }

    #[divan::bench]
    fn precomputed_copy() -> Vec<u8> {
        black_box(FIELDLESS_BODY).as_bytes().to_vec()
    }

    #[divan::bench]
    pub(super) fn serde_json_struct() -> Vec<u8> {
        let envelope = black_box(&Envelope {
            success: false,
            error: Inner {
                code: "auth/invalid-credentials",
                message: "Invalid email or password",
            },
        });
        serde_json::to_vec(envelope).unwrap_or_default()
    }
}

mod one_field {
    use super::*;

    #[divan::bench]
    fn errcat(bencher: divan::Bencher<'_, '_>) {
        let error = BenchError::TableNotFound {
            table: "users".into(),
        };
        bencher.bench_local(|| {
            let mut out = Vec::with_capacity(BUFFER);
            black_box(&error).write_json(black_box(&CONTEXT), &mut out);
            out
        });
    }

    #[divan::bench]
    fn hand_written_push_str(bencher: divan::Bencher<'_, '_>) {
        let table = String::from("users");
        bencher.bench_local(|| {
            let table = black_box(&table);
            let mut out = String::with_capacity(PREFIX.len() + table.len() + SUFFIX.len());
            out.push_str(PREFIX);
            out.push_str(table);
            out.push_str(SUFFIX);
            out
        });
    }

    /// The hand-written version that is also correct for any value: the field JSON-escaped.
    #[divan::bench]
    fn hand_written_escaped(bencher: divan::Bencher<'_, '_>) {
        let table = String::from("users");
        bencher.bench_local(|| {
            let table = black_box(&table);
            let mut out = Vec::with_capacity(PREFIX.len() + table.len() + SUFFIX.len());
            out.extend_from_slice(PREFIX.as_bytes());
            errcat::json::escape_into(table, &mut out);
            out.extend_from_slice(SUFFIX.as_bytes());
            out
        });
    }

    #[divan::bench]
    fn format_and_serde_json(bencher: divan::Bencher<'_, '_>) {
        let table = String::from("users");
        bencher.bench_local(|| {
            let envelope = OwnedEnvelope {
                success: false,
                error: OwnedInner {
                    code: "data/table-not-found",
                    message: format!("Table '{}' does not exist", black_box(&table)),
                },
            };
            serde_json::to_vec(&envelope).unwrap_or_default()
        });
    }
}

/// Each benchmark renders the same bytes as its baseline, or the run stops.
fn check_outputs_agree() {
    let fieldless = fieldless::errcat();
    let table = BenchError::TableNotFound {
        table: "users".into(),
    };
    let same = fieldless == FIELDLESS_BODY.as_bytes()
        && fieldless == fieldless::serde_json_struct()
        && table.to_json() == format!("{PREFIX}users{SUFFIX}");
    assert!(same, "a benchmark renders something else than its baseline");
}
