//! The `errcat` command line: one clap subcommand per file, each a thin layer over the library.
//!
//! To add a subcommand: write `cli/<name>.rs` with an `Args` struct (clap `Args` derive) and a
//! `run(&Args) -> ExitCode`, then add one variant to [`Command`] and one arm to [`run`].

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod explain;

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
    // New subcommands go here, one line each (and one arm in `run`).
}

/// Parses the command line and runs the subcommand. Exit status: 0 success, 1 problems found
/// (invalid catalog, unknown code), 2 usage errors (from clap).
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Check(args) => check::run(args),
        Command::Explain(args) => explain::run(args),
    }
}

/// Prints a failed load's diagnostics to stderr; shared by every subcommand that loads a
/// catalog.
pub(crate) fn load_or_report(path: &std::path::Path) -> Option<crate::Catalog> {
    match crate::load(path) {
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
