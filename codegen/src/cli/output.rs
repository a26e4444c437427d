//! What `errcat docs`, `ts`, `openapi` and `schema` share after generating: each file goes
//! through [`crate::write::write_if_changed`] (the Builder's writer too), and this reports the
//! outcome: `wrote` / `unchanged` per file, or with `--check` a summary of each stale file and
//! exit status 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::emit::File;
use crate::write::{self, Mode, Outcome};

/// Writes every file into `dir` (or, with `check`, compares it) and returns the exit status.
/// `command` is the command line that regenerates the files, for the stale message.
pub(crate) fn write_or_check(dir: &Path, files: &[File], check: bool, command: &str) -> ExitCode {
    let mode = if check { Mode::Check } else { Mode::Write };
    let mut failed = false;
    for file in files {
        let path = dir.join(&file.name);
        match write::write_if_changed(&path, &file.contents, mode) {
            // `--check` is quiet about current files: only problems are news.
            Ok(Outcome::Unchanged) if check => {}
            Ok(Outcome::Unchanged) => eprintln!("unchanged {}", path.display()),
            Ok(Outcome::Written) => eprintln!("wrote {}", path.display()),
            Ok(Outcome::Stale(summary)) => {
                failed = true;
                eprint!("{summary}");
            }
            Err(error) => {
                failed = true;
                eprintln!("error: cannot write {}: {error}", path.display());
            }
        }
    }
    if failed && check {
        eprintln!("error: generated files are stale; run `{command}` and commit the result");
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `-o PATH` of a single-file subcommand as the directory to write into and the file name to
/// give the emitter: `docs/x.ts` is `docs` and `x.ts`, `x.ts` is the current directory and
/// `x.ts`. A path without a file name (`..`) keeps `default_name`.
pub(crate) fn split_output(output: &Path, default_name: &str) -> (PathBuf, String) {
    let dir = output.parent().map(Path::to_path_buf).unwrap_or_default();
    match output.file_name() {
        Some(name) => (dir, name.to_string_lossy().into_owned()),
        None => (output.to_path_buf(), default_name.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths() {
        for (output, dir, name) in [
            ("docs/x.ts", "docs", "x.ts"),
            ("x.ts", "", "x.ts"),
            ("./a/b.json", "./a", "b.json"),
            ("..", "..", "errors.ts"),
        ] {
            assert_eq!(
                split_output(Path::new(output), "errors.ts"),
                (PathBuf::from(dir), name.to_owned()),
                "{output}"
            );
        }
    }
}
