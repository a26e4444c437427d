//! `errcat diff OLD NEW`: what changed between two versions of a catalog, breaking changes
//! first. Exit 1 when a change breaks clients or Rust code built on the old catalog, so CI
//! can gate a release on it.
//!
//! Breaking: a removed code; a changed status, body format (envelope template or content
//! type), exposed code or Rust variant name; a removed field, a field whose type changed or
//! that became optional. Compatible: added codes and fields (a new field is additive for
//! clients; Rust code that constructs `Error` variants must add it, which is reported too),
//! changed messages, retry advice, deprecations.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::model::{Catalog, Entry};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The catalog as it was (the last release).
    old: PathBuf,
    /// The catalog as it is now.
    new: PathBuf,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let (Some(old), Some(new)) = (
        super::load_or_report(&args.old),
        super::load_or_report(&args.new),
    ) else {
        return ExitCode::FAILURE;
    };
    let changes = diff(&old, &new);
    print!("{}", report(&changes));
    if changes.iter().any(|c| c.breaking) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// One difference between two catalogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub breaking: bool,
    pub text: String,
}

fn breaking(text: String) -> Change {
    Change {
        breaking: true,
        text,
    }
}

fn compatible(text: String) -> Change {
    Change {
        breaking: false,
        text,
    }
}

/// Every change, breaking ones first, each group in the order of the catalogs.
pub(crate) fn diff(old: &Catalog, new: &Catalog) -> Vec<Change> {
    let mut changes = Vec::new();
    for entry in &old.entries {
        match new.entry(&entry.code) {
            None => changes.push(breaking(format!(
                "removed `{}` ({})",
                entry.code,
                old.view(entry).status
            ))),
            Some(now) => entry_changes(old, entry, new, now, &mut changes),
        }
    }
    for entry in &new.entries {
        if old.entry(&entry.code).is_none() {
            changes.push(compatible(format!(
                "added `{}` ({})",
                entry.code,
                new.view(entry).status
            )));
        }
    }
    // Stable: breaking first, otherwise in the order found.
    changes.sort_by_key(|c| !c.breaking);
    changes
}

fn entry_changes(old: &Catalog, was: &Entry, new: &Catalog, now: &Entry, out: &mut Vec<Change>) {
    let code = &was.code;
    // What clients receive is compared on the views; the Rust side on the entries.
    let (public_was, public_now) = (old.view(was), new.view(now));
    if public_was.code != public_now.code {
        out.push(breaking(format!(
            "`{code}`: clients now receive `{}` instead of `{}`",
            public_now.code, public_was.code
        )));
    }
    if public_was.status != public_now.status {
        out.push(breaking(format!(
            "`{code}`: status {} -> {}",
            public_was.status, public_now.status
        )));
    }
    let (envelope_was, envelope_now) = (public_was.envelope, public_now.envelope);
    if envelope_was.content_type != envelope_now.content_type {
        out.push(breaking(format!(
            "`{code}`: content type {} -> {}",
            envelope_was.content_type, envelope_now.content_type
        )));
    }
    if envelope_was.body != envelope_now.body {
        out.push(breaking(format!(
            "`{code}`: body format changed (`{}` -> `{}`)",
            envelope_was.name, envelope_now.name
        )));
    }
    if was.rust_name != now.rust_name {
        out.push(breaking(format!(
            "`{code}`: Rust variant `{}` -> `{}`",
            was.rust_name, now.rust_name
        )));
    }
    for field in &was.fields {
        match now.field(&field.name) {
            None => out.push(breaking(format!(
                "`{code}`: field `{}` removed",
                field.name
            ))),
            Some(f) if f.ty != field.ty => out.push(breaking(format!(
                "`{code}`: field `{}` type {} -> {}",
                field.name,
                field.ty.as_str(),
                f.ty.as_str()
            ))),
            Some(f) if f.optional && !field.optional => out.push(breaking(format!(
                "`{code}`: field `{}` is now optional (may be absent)",
                field.name
            ))),
            Some(_) => {}
        }
    }
    for field in &now.fields {
        if was.field(&field.name).is_none() {
            out.push(compatible(format!(
                "`{code}`: field `{}` added (Rust code constructing `{}` must set it)",
                field.name, now.rust_name
            )));
        }
    }
    if was.message.source != now.message.source {
        out.push(compatible(format!(
            "`{code}`: message {:?} -> {:?}",
            was.message.source, now.message.source
        )));
    }
    if was.retryable != now.retryable {
        out.push(compatible(format!(
            "`{code}`: retryable {} -> {}",
            was.retryable, now.retryable
        )));
    }
    if public_was.retry_after.is_some() != public_now.retry_after.is_some() {
        let what = if public_now.retry_after.is_some() {
            "now sends"
        } else {
            "no longer sends"
        };
        out.push(compatible(format!("`{code}`: {what} Retry-After")));
    }
    if was.deprecated.is_none() {
        if let Some(note) = &now.deprecated {
            out.push(compatible(format!("`{code}`: deprecated ({note})")));
        }
    }
}

fn report(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        let label = if change.breaking {
            "breaking"
        } else {
            "compatible"
        };
        let _ = writeln!(out, "{label}: {}", change.text);
    }
    let broken = changes.iter().filter(|c| c.breaking).count();
    let _ = writeln!(
        out,
        "{broken} breaking, {} compatible change{}",
        changes.len() - broken,
        if changes.len() - broken == 1 { "" } else { "s" }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(src: &str) -> Catalog {
        match crate::load_str("c.yaml", src) {
            Ok(catalog) => catalog,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn reports_breaking_changes_first() {
        let old = load(
            "service: S\nformat: nested\nerrors:\n\
             - code: A\n  status: 404\n  message: \"no {x}\"\n\
             - code: B\n  status: 400\n  message: b\n\
             - code: C\n  status: 400\n  message: \"c {n}\"\n  fields:\n    n: { type: u32 }\n",
        );
        let new = load(
            "service: S\nformat: flat\nerrors:\n\
             - code: A\n  status: 410\n  message: \"gone {x}\"\n\
             - code: C\n  status: 400\n  message: \"c {n} {m}\"\n  fields:\n    n: { type: string }\n\
             - code: D\n  status: 429\n  message: d\n",
        );
        let text = report(&diff(&old, &new));
        assert_eq!(
            text,
            "breaking: `A`: status 404 -> 410\n\
             breaking: `A`: body format changed (`nested` -> `flat`)\n\
             breaking: removed `B` (400)\n\
             breaking: `C`: body format changed (`nested` -> `flat`)\n\
             breaking: `C`: field `n` type u32 -> string\n\
             compatible: `A`: message \"no {x}\" -> \"gone {x}\"\n\
             compatible: `C`: field `m` added (Rust code constructing `C` must set it)\n\
             compatible: `C`: message \"c {n}\" -> \"c {n} {m}\"\n\
             compatible: added `D` (429)\n\
             5 breaking, 4 compatible changes\n"
        );
        assert_eq!(
            report(&diff(&old, &old)),
            "0 breaking, 0 compatible changes\n"
        );
    }

    /// Retry-After as clients receive it: a masked code sends its exposed code's.
    #[test]
    fn retry_after_changes_are_the_clients_view() {
        let catalog = |exposed: &str, masked: &str| {
            load(&format!(
                "service: S\nerrors:\n\
                 - code: A\n  status: 429\n  message: a\n{exposed}\
                 - code: B\n  status: 403\n  message: b\n  expose_as: A\n{masked}"
            ))
        };
        let old = catalog("", "");
        // The masked code's own `retry_after` is never sent: nothing changes for clients.
        assert!(diff(&old, &catalog("", "  retry_after: 30\n")).is_empty());
        // The exposed code's is sent for both.
        let texts: Vec<String> = diff(&old, &catalog("  retry_after: 30\n", ""))
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(
            texts,
            ["`A`: now sends Retry-After", "`B`: now sends Retry-After"]
        );
    }
}
