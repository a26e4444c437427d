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
//! the static text merged into `Raw` ops, the context's extra members before the closing
//! brace. Run: `cargo bench -p errcat --bench render`.

use std::hint::black_box;

use errcat::__private::{Arg, Entry, Op, Piece, Slot};
use errcat::{ApiError, Context};

/// The request context: empty, built once like the baselines' inputs.
static CONTEXT: Context = Context::new();

/// `write_json` appends to the caller's buffer; like the baselines (`to_vec`,
/// `String::with_capacity`) the caller allocates it once, with room for a body.
const BUFFER: usize = 256;

fn main() {
    check_outputs_agree();
    divan::main();
}

macro_rules! entry {
    ($code:literal, $message:literal, $display:expr, $body:expr, $fields:expr) => {
        Entry {
            code: $code,
            status: 404,
            public_code: $code,
            public_status: 404,
            title: "Not Found",
            public_title: "Not Found",
            message: $message,
            display: $display,
            cause: &[],
            solution: &[],
            category: None,
            retryable: false,
            internal: false,
            deprecated: None,
            since: None,
            grpc: "NOT_FOUND",
            docs_url: None,
            public_docs_url: None,
            content_type: "application/json",
            retry_after: None,
            headers: &[],
            body: $body,
            body_size: 96,
            fields: $fields,
        }
    };
}

const FIELDLESS_BODY: &str = r#"{"success":false,"error":{"code":"auth/invalid-credentials","message":"Invalid email or password"}}"#;

static FIELDLESS: Entry = entry!(
    "auth/invalid-credentials",
    "Invalid email or password",
    &[Piece::Lit("Invalid email or password")],
    &[Op::Raw(
        r#"{"success":false,"error":{"code":"auth/invalid-credentials","message":"Invalid email or password"}}"#
    ),],
    &[]
);

const PREFIX: &str =
    r#"{"success":false,"error":{"code":"data/table-not-found","message":"Table '"#;
const SUFFIX: &str = r#"' does not exist"}}"#;

static ONE_FIELD: Entry = entry!(
    "data/table-not-found",
    "Table '{table}' does not exist",
    &[
        Piece::Lit("Table '"),
        Piece::Arg(0),
        Piece::Lit("' does not exist"),
    ],
    &[
        Op::Raw(r#"{"success":false,"error":{"code":"data/table-not-found","message":"Table '"#),
        Op::Text(Slot::Arg(0)),
        Op::Raw(r#"' does not exist"}}"#),
    ],
    &["table"]
);

/// What the generated `Error` does for these two variants: the entry, and the args visitor.
#[derive(Debug)]
enum BenchError {
    InvalidCredentials,
    TableNotFound { table: String },
}

impl std::fmt::Display for BenchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        errcat::__private::display(self, f)
    }
}

impl std::error::Error for BenchError {}

impl ApiError for BenchError {
    fn __entry(&self) -> &'static Entry {
        match self {
            BenchError::InvalidCredentials => &FIELDLESS,
            BenchError::TableNotFound { .. } => &ONE_FIELD,
        }
    }

    fn __args(&self, f: &mut dyn FnMut(&[Arg<'_>])) {
        match self {
            BenchError::InvalidCredentials => f(&[]),
            BenchError::TableNotFound { table } => f(&[errcat::__private::AsArg::as_arg(table)]),
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
