//! `errcat explain CODE --catalog FILE`: one code's whole entry, readable in a terminal.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::diag::closest;
use crate::emit::body::{example, RequestContext};
use crate::model::{Catalog, Entry, Segment};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The code to explain, as written in the catalog.
    code: String,
    /// The catalog that defines it.
    #[arg(long, short)]
    catalog: PathBuf,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let Some(catalog) = super::load_or_report(&args.catalog) else {
        return ExitCode::FAILURE;
    };
    match catalog.entry(&args.code) {
        Some(entry) => {
            print!("{}", explain(&catalog, entry));
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "error: no code `{}` in {}",
                args.code,
                args.catalog.display()
            );
            let codes = catalog.entries.iter().map(|e| e.code.as_str());
            if let Some(near) = closest(&args.code, codes) {
                eprintln!("  = help: did you mean `{near}`?");
            }
            ExitCode::FAILURE
        }
    }
}

/// The explanation of one entry: the facts first, then prose, then an example response.
pub(crate) fn explain(catalog: &Catalog, entry: &Entry) -> String {
    let mut out = String::new();
    // The catalog's facts are the entry's own; `Retry-After`, the headers and the example are
    // what a client receives (the exposed entry's, for a masked one).
    let view = catalog.view(entry);
    let status_line = match crate::model::reason_phrase(entry.status) {
        Some(reason) => format!("{} {reason}", entry.status),
        None => entry.status.to_string(),
    };
    let _ = writeln!(out, "{} ({status_line})", entry.code);
    let _ = writeln!(
        out,
        "{}",
        "=".repeat(entry.code.chars().count() + status_line.len() + 3)
    );
    let _ = writeln!(out, "\n{}\n", entry.title);
    let mut facts: Vec<(&str, String)> = vec![
        ("message", entry.message.source.clone()),
        ("status", status_line.clone()),
        ("rust name", entry.rust_name.clone()),
        ("retryable", yes_no(entry.retryable)),
        ("internal", yes_no(entry.internal)),
        ("grpc", entry.grpc.as_str().to_owned()),
        ("format", catalog.envelope_of(entry).name.clone()),
    ];
    if let Some(t) = view.retry_after {
        facts.push(("Retry-After", format!("{} seconds", t.source)));
    }
    if view.masked {
        facts.push(("exposed as", view.code.to_owned()));
    }
    if let Some(c) = &entry.category {
        facts.push(("category", c.clone()));
    }
    if let Some(d) = &entry.deprecated {
        let note = if d.is_empty() { "yes" } else { d };
        facts.push(("deprecated", note.to_owned()));
    }
    if let Some(s) = &entry.since {
        facts.push(("since", s.clone()));
    }
    if let Some(u) = &entry.docs_url {
        facts.push(("docs", u.clone()));
    }
    facts.push(("defined at", entry.location.to_string()));
    let width = facts.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, value) in &facts {
        let _ = writeln!(out, "  {key:<width$}  {value}");
    }
    if !entry.fields.is_empty() {
        let _ = writeln!(out, "\nFields:");
        for f in &entry.fields {
            let ty = if f.optional {
                format!("{}, optional", f.ty.as_str())
            } else {
                f.ty.as_str().to_owned()
            };
            let _ = write!(out, "  {} ({ty})", f.name);
            match &f.doc {
                Some(doc) => {
                    let _ = writeln!(out, ": {doc}");
                }
                None => out.push('\n'),
            }
        }
    }
    if !view.headers.is_empty() {
        let _ = writeln!(out, "\nHeaders:");
        for h in view.headers {
            let _ = writeln!(out, "  {}: {}", h.name, h.value.source);
        }
    }
    list(&mut out, "Causes", &entry.cause);
    list(&mut out, "Solutions", &entry.solution);
    let response = example(catalog, entry, &RequestContext::DOCS);
    let _ = writeln!(
        out,
        "\nExample response ({} {}):",
        response.status, response.content_type
    );
    for (name, value) in &response.headers {
        let _ = writeln!(out, "  {name}: {value}");
    }
    let body = serde_json::to_string_pretty(&response.body).unwrap_or_default();
    for line in body.lines() {
        let _ = writeln!(out, "  {line}");
    }
    if entry
        .message
        .segments
        .iter()
        .any(|s| matches!(s, Segment::Placeholder(_)))
    {
        let _ = writeln!(
            out,
            "\n(field values from the entry's `example`, or made up from their types)"
        );
    }
    out
}

fn list(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}:");
    for item in items {
        let _ = writeln!(out, "  - {item}");
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}
