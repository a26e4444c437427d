//! `errcat diff OLD NEW`: what changed between two versions of a catalog, breaking changes
//! first (the library's [`crate::diff`] does the comparing; this reads the two sides and
//! prints). Each side is a catalog file, or `REV:PATH` for the file as it was at a commit
//! with its includes from the same commit (`errcat diff v1.4.0:errors.yaml errors.yaml`).
//!
//! Exit status: 0 when nothing breaks, 1 when a change breaks clients or Rust code built on
//! the old catalog, 2 when a side cannot be loaded; so CI can gate a release on it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::diff::diff;
use crate::{Catalog, Error};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The catalog as it was (the last release): a file, or `REV:PATH` as `git show` takes it.
    old: String,
    /// The catalog as it is now: a file, or `REV:PATH`.
    new: String,
    /// `text` (one line per change) or `json` (the shape of docs/diff.schema.json).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Where one side of the diff is read from.
#[derive(Debug, PartialEq, Eq)]
enum Side {
    File(PathBuf),
    Commit { rev: String, path: PathBuf },
}

impl Side {
    /// A file when one exists at `arg` (a path may contain `:`), else `REV:PATH` when `arg`
    /// has that shape, else a file (which then fails to load, saying so).
    fn parse(arg: &str) -> Side {
        if Path::new(arg).exists() {
            return Side::File(arg.into());
        }
        match arg.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() => Side::Commit {
                rev: rev.to_owned(),
                path: path.into(),
            },
            _ => Side::File(arg.into()),
        }
    }

    fn load(&self) -> Result<Catalog, Error> {
        match self {
            Side::File(path) => crate::load(path),
            Side::Commit { rev, path } => crate::load_revision(rev, path),
        }
    }
}

/// Exit status when a side cannot be loaded: not "breaking" (1), since nothing was compared.
const CANNOT_LOAD: u8 = 2;

pub(crate) fn run(args: &Args) -> ExitCode {
    let load = |arg: &str| super::reported(Side::parse(arg).load());
    let (Some(old), Some(new)) = (load(&args.old), load(&args.new)) else {
        return ExitCode::from(CANNOT_LOAD);
    };
    let changes = diff(&old, &new);
    match args.format {
        Format::Text => print!("{}", changes.text()),
        Format::Json => println!("{:#}", changes.to_json()),
    }
    if changes.is_breaking() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_are_files_unless_they_only_parse_as_rev_path() {
        let here = env!("CARGO_MANIFEST_DIR");
        let manifest = format!("{here}/Cargo.toml");
        assert_eq!(Side::parse(&manifest), Side::File(manifest.clone().into()));
        assert_eq!(
            Side::parse("v1.4.0:catalog/errors.yaml"),
            Side::Commit {
                rev: "v1.4.0".into(),
                path: "catalog/errors.yaml".into()
            }
        );
        assert_eq!(Side::parse("gone.yaml"), Side::File("gone.yaml".into()));
        assert_eq!(Side::parse(":x.yaml"), Side::File(":x.yaml".into()));
    }
}
