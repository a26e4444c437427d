//! `errcat docs CATALOG -o PATH [--by status|category] [--check]`: the Markdown reference page.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::{split_output, write_or_check};
use crate::emit::markdown::{GroupBy, Options};
use crate::emit::Emitter as _;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The catalog.
    catalog: PathBuf,
    /// A `.md` file, or a directory that gets `<catalog name>.md`.
    #[arg(short, long)]
    output: PathBuf,
    /// Group the code tables by HTTP status or by category.
    #[arg(long, value_enum, default_value_t = By::Status)]
    by: By,
    /// Write nothing; exit 1 with a summary of the differences when the page is stale.
    #[arg(long)]
    check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum By {
    Status,
    Category,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let Some(catalog) = super::load_or_report(&args.catalog) else {
        return ExitCode::FAILURE;
    };
    let (dir, file_name) = page_path(&args.output, &args.catalog);
    let options = Options {
        group_by: match args.by {
            By::Status => GroupBy::Status,
            By::Category => GroupBy::Category,
        },
        file_name,
        source: Some(args.catalog.display().to_string()),
    };
    let files = options.emit(&catalog);
    let by = match args.by {
        By::Status => "",
        By::Category => " --by category",
    };
    let command = format!(
        "errcat docs {} -o {}{by}",
        args.catalog.display(),
        args.output.display()
    );
    write_or_check(&dir, &files, args.check, &command)
}

/// The directory and file name of the page: `-o x.md` is the page itself; any other `-o` is
/// a directory that gets `<catalog stem>.md`.
fn page_path(output: &Path, catalog: &Path) -> (PathBuf, String) {
    if output.extension().is_some_and(|e| e == "md") {
        return split_output(output, &Options::default().file_name);
    }
    let stem = catalog
        .file_stem()
        .map_or_else(|| "errors".into(), |s| s.to_string_lossy().into_owned());
    (output.to_owned(), format!("{stem}.md"))
}
