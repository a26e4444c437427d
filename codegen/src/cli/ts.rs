//! `errcat ts CATALOG -o FILE [--check]`: TypeScript types and helpers for front ends.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{write_or_check, Output};
use crate::emit::typescript::{self, Options};

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
    let options = Options {
        source: Some(args.catalog.display().to_string()),
        ..Options::default()
    };
    let contents = typescript::module(&catalog, &options);
    let outputs = [Output {
        path: args.output.clone(),
        contents,
    }];
    let command = format!(
        "errcat ts {} -o {}",
        args.catalog.display(),
        args.output.display()
    );
    write_or_check(&outputs, args.check, &command)
}
