//! Writing generated files, or checking that files on disk are current (`--check`): shared by
//! `errcat docs`, `ts`, `openapi` and `schema`.
//!
//! Writing skips files whose contents are unchanged, so timestamps (and anything watching
//! them) only move when the output does. Checking never writes; it prints, per stale file, a
//! short summary of the first differing region and exits 1.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One output: where it goes and what it must contain.
pub(crate) struct Output {
    pub path: PathBuf,
    pub contents: String,
}

/// Writes every output (or, with `check`, compares it) and returns the exit status.
/// `command` is the command line that regenerates the outputs, for the stale message.
pub(crate) fn write_or_check(outputs: &[Output], check: bool, command: &str) -> ExitCode {
    let mut failed = false;
    for output in outputs {
        let current = std::fs::read(&output.path).ok();
        let up_to_date = current.as_deref() == Some(output.contents.as_bytes());
        if check {
            if !up_to_date {
                failed = true;
                let current = current.map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
                eprint!(
                    "{}",
                    stale_summary(&output.path, current.as_deref(), &output.contents)
                );
            }
            continue;
        }
        if up_to_date {
            eprintln!("unchanged {}", output.path.display());
            continue;
        }
        if let Err(error) = write(&output.path, &output.contents) {
            eprintln!("error: cannot write {}: {error}", output.path.display());
            failed = true;
        } else {
            eprintln!("wrote {}", output.path.display());
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

fn write(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents)
}

/// "PATH is stale: lines 12-14 differ ..." with the differing lines of both sides (at most a
/// few), found by trimming the common head and tail: linear, and enough to see what changed.
pub(crate) fn stale_summary(path: &Path, current: Option<&str>, expected: &str) -> String {
    const SHOWN: usize = 6;
    let mut out = String::new();
    let Some(current) = current else {
        let _ = writeln!(
            out,
            "{} is missing (would be {} lines)",
            path.display(),
            expected.lines().count()
        );
        return out;
    };
    let old: Vec<&str> = current.lines().collect();
    let new: Vec<&str> = expected.lines().collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let removed = &old[head..old.len() - tail];
    let added = &new[head..new.len() - tail];
    if removed.is_empty() && added.is_empty() {
        // Same lines: only line endings or the final newline differ.
        let _ = writeln!(
            out,
            "{} is stale: line endings or the final newline differ",
            path.display()
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{} is stale: from line {}, {} line{} on disk differ from {} generated line{}",
        path.display(),
        head + 1,
        removed.len(),
        if removed.len() == 1 { "" } else { "s" },
        added.len(),
        if added.len() == 1 { "" } else { "s" },
    );
    for line in removed.iter().take(SHOWN) {
        let _ = writeln!(out, "  - {line}");
    }
    if removed.len() > SHOWN {
        let _ = writeln!(out, "  - ... {} more", removed.len() - SHOWN);
    }
    for line in added.iter().take(SHOWN) {
        let _ = writeln!(out, "  + {line}");
    }
    if added.len() > SHOWN {
        let _ = writeln!(out, "  + ... {} more", added.len() - SHOWN);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        let path = Path::new("docs/x.md");
        assert_eq!(
            stale_summary(path, None, "a\nb\n"),
            "docs/x.md is missing (would be 2 lines)\n"
        );
        assert_eq!(
            stale_summary(path, Some("a\nb\nc\n"), "a\nB\nc\n"),
            "docs/x.md is stale: from line 2, 1 line on disk differ from 1 generated line\n  - b\n  + B\n"
        );
        assert_eq!(
            stale_summary(path, Some("a\nc\n"), "a\nb1\nb2\nc\n"),
            "docs/x.md is stale: from line 2, 0 lines on disk differ from 2 generated lines\n  + b1\n  + b2\n"
        );
        assert!(stale_summary(path, Some("a\r\n"), "a\n").contains("line endings"));
    }
}
