//! The `errcat` command line: one clap subcommand per file, each a thin layer over the library.
//!
//! To add a subcommand: write `cli/<name>.rs` with an `Args` struct (clap `Args` derive) and a
//! `run(&Args) -> ExitCode`, then add one variant to [`Command`] and one arm to [`run`].

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod diff;
mod docs;
mod explain;
mod openapi;
mod output;
mod schema;
mod ts;

#[derive(Debug, Parser)]
#[command(
    name = "errcat",
    version,
    about = "Validate API error catalogs and generate code and docs from them"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate catalogs; print every problem with file:line:col; exit 1 on errors.
    Check(check::Args),
    /// Everything the catalog says about one code, like `rustc --explain`.
    Explain(explain::Args),
    /// Markdown reference page of a catalog; `--check` fails when the page is stale.
    Docs(docs::Args),
    /// TypeScript: the `ErrorCode` union, status map, `isRetryable`, body type guards.
    Ts(ts::Args),
    /// An OpenAPI 3.1 document of the catalog: each code's body schema and example, one response
    /// per status, the code enum (no paths).
    Openapi(openapi::Args),
    /// The JSON Schema of the catalog format, for editors.
    Schema(schema::Args),
    /// Breaking and compatible changes between two versions of a catalog; exit 1 if breaking.
    Diff(diff::Args),
    // New subcommands go here, one line each (and one arm in `run`).
}

/// Parses the command line and runs the subcommand. Exit status: 0 success, 1 problems found
/// (invalid catalog, unknown code), 2 usage errors (from clap).
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Check(args) => check::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Docs(args) => docs::run(args),
        Command::Ts(args) => ts::run(args),
        Command::Openapi(args) => openapi::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Diff(args) => diff::run(args),
    }
}

/// Prints a failed load's diagnostics to stderr; shared by every subcommand that loads a
/// catalog.
pub(crate) fn load_or_report(path: &std::path::Path) -> Option<crate::Catalog> {
    reported(crate::load(path))
}

/// A load's catalog, with its warnings printed to stderr, or `None` with its diagnostics
/// printed: what every subcommand shows of a load, whatever the catalog was read from.
pub(crate) fn reported(result: Result<crate::Catalog, crate::Error>) -> Option<crate::Catalog> {
    match result {
        Ok(catalog) => {
            for warning in &catalog.warnings {
                eprintln!("{warning}");
            }
            Some(catalog)
        }
        Err(error) => {
            eprintln!("{error}");
            None
        }
    }
}
