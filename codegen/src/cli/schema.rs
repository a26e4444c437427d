//! `errcat schema -o FILE [--check]`: the JSON Schema of the catalog format
//! (`catalog/catalog.schema.json`), for yaml-language-server.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{split_output, write_or_check};
use crate::emit::schema::{CatalogFormat, Options};
use crate::emit::Emitter as _;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The file to write.
    #[arg(short, long)]
    output: PathBuf,
    /// Write nothing; exit 1 with a summary of the differences when the file is stale.
    #[arg(long)]
    check: bool,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let (dir, file_name) = split_output(&args.output, &Options::default().file_name);
    let files = Options { file_name }.emit(&CatalogFormat);
    let command = format!("errcat schema -o {}", args.output.display());
    write_or_check(&dir, &files, args.check, &command)
}
