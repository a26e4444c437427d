//! `errcat schema -o FILE [--check]`: the JSON Schema of the catalog format
//! (`catalog/catalog.schema.json`), for yaml-language-server.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{write_or_check, Output};
use crate::emit::schema;

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
    let outputs: Vec<Output> = schema::generate()
        .into_iter()
        .map(|file| Output {
            path: args.output.clone(),
            contents: file.contents,
        })
        .collect();
    let command = format!("errcat schema -o {}", args.output.display());
    write_or_check(&outputs, args.check, &command)
}
