//! `errcat ts CATALOG -o FILE [--check]`: TypeScript types and helpers for front ends.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{split_output, write_or_check};
use crate::emit::typescript::Options;
use crate::emit::Emitter as _;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The catalog.
    catalog: PathBuf,
    /// The `.ts` file to write.
    #[arg(short, long)]
    output: PathBuf,
    /// Write nothing; exit 1 with a summary of the differences when the file is stale.
    #[arg(long)]
    check: bool,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let Some(catalog) = super::load_or_report(&args.catalog) else {
        return ExitCode::FAILURE;
    };
    let (dir, file_name) = split_output(&args.output, &Options::default().file_name);
    let options = Options {
        file_name,
        source: Some(args.catalog.display().to_string()),
    };
    let files = options.emit(&catalog);
    let command = format!(
        "errcat ts {} -o {}",
        args.catalog.display(),
        args.output.display()
    );
    write_or_check(&dir, &files, args.check, &command)
}
