//! `errcat check CATALOG...`: validate, print every problem, exit 1 on errors.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{json, Value};

use crate::diag::{summary, Diagnostic};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Catalog files to check (their includes are checked with them).
    #[arg(required = true)]
    catalogs: Vec<PathBuf>,
    /// `human` (rustc-style, on stderr) or `json` (an array of diagnostics on stdout).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let mut all: Vec<Diagnostic> = Vec::new();
    for path in &args.catalogs {
        let diagnostics = match crate::load(path) {
            Ok(catalog) => catalog.warnings,
            Err(error) => error.into_diagnostics(),
        };
        if args.format == Format::Human {
            for d in &diagnostics {
                eprintln!("{d}");
            }
        }
        all.extend(diagnostics);
    }
    if args.format == Format::Json {
        let array: Vec<Value> = all.iter().map(to_json).collect();
        println!("{}", Value::Array(array));
    }
    let n = args.catalogs.len();
    eprintln!(
        "checked {n} catalog{}: {}",
        if n == 1 { "" } else { "s" },
        summary(&all)
    );
    if all.iter().any(Diagnostic::is_error) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// A diagnostic for tools: the same facts as the human form, one field each.
fn to_json(d: &Diagnostic) -> Value {
    let location = |l: &crate::Location| {
        json!({
            "file": l.file.display().to_string(),
            "line": l.line,
            "column": l.col,
            "length": l.len,
        })
    };
    json!({
        "severity": d.severity.as_str(),
        "message": d.message,
        "location": location(&d.location),
        "key": d.key,
        "source_line": d.source_line,
        "notes": d.notes.iter().map(|(l, note)| json!({"location": location(l), "message": note})).collect::<Vec<_>>(),
        "help": d.help,
    })
}
