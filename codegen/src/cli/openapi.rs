//! `errcat openapi CATALOG -o FILE [--api-version V] [--check]`: an OpenAPI 3.1 document of the
//! catalog (components, no paths).

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{split_output, write_or_check};
use crate::emit::openapi::Options;
use crate::emit::Emitter as _;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The catalog.
    catalog: PathBuf,
    /// The `.json` file to write.
    #[arg(short, long)]
    output: PathBuf,
    /// `info.version` of the document.
    #[arg(long, default_value = "1.0.0")]
    api_version: String,
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
        version: args.api_version.clone(),
    };
    let files = options.emit(&catalog);
    let command = format!(
        "errcat openapi {} -o {}",
        args.catalog.display(),
        args.output.display()
    );
    write_or_check(&dir, &files, args.check, &command)
}
