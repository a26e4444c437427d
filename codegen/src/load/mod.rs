//! The loading stage: the root catalog and every file it includes, read and parsed into raw
//! trees that remember where every value was written. This is the only stage that touches
//! the filesystem (or git, for a catalog as it was at a commit: [`Files`]).
//!
//! - [`source`]: a file's text, and positions in it turned into locations.
//! - [`yaml`]: the text parsed into a [`Node`] tree, rejecting what YAML allows but a catalog
//!   has no use for.
//! - [`include`](mod@include): `include` followed: targets resolved, read once, cycles refused.
//! - [`embedded`]: the catalogs embedded in errcat-codegen (`errcat:standard`).

pub(crate) mod embedded;
mod include;
mod source;
mod yaml;

use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

pub(crate) use source::{decode, Pos, SourceFile};
pub(crate) use yaml::{parse, Key, Kind, Node, Scalar};

use crate::diag::{Ctxt, Diagnostic};
pub(crate) use include::Files;
use include::{take_include, Follower, Target};

/// A catalog as loaded: what the checker reads, in the order it reads it.
pub(crate) struct Sources<'s> {
    /// Every file read, root first, then in the order read (depth first through includes).
    pub files: Vec<Rc<SourceFile<'s>>>,
    /// The tree of the root file, `files[0]`, without its `include`.
    pub root: Node,
    /// After the root: each included file to check and each problem met while loading, in
    /// include order.
    pub steps: Vec<Step<'s>>,
}

/// One step of a run after the root is checked.
pub(crate) enum Step<'s> {
    /// An included file's tree (without its `include`), to check, and the include item that
    /// named it.
    Check(Rc<SourceFile<'s>>, Node, IncludedBy<'s>),
    /// A problem found while following an include (a cycle, a file read twice, a file that
    /// cannot be read or parsed), reported at this point of the run.
    Report(Diagnostic),
}

/// The `include` item that named an included file, kept for the checker: the including file
/// (whose settings an included file without its own inherits), and, for an item written as a
/// mapping, its `only`, `except` and `overrides`, which say which entries of the included
/// file are taken and what the including file changes in them. The loader reads only the
/// item's `catalog`.
pub(crate) struct IncludedBy<'s> {
    /// The file whose `include` holds the item.
    pub file: Rc<SourceFile<'s>>,
    /// The item's key path there: `include`, or `include[1]` in a list.
    pub key: String,
    /// The item as written when it is a mapping, `catalog` included.
    pub mapping: Option<Node>,
}

/// Loads the catalog file at `path` and everything it includes. `None` when the root cannot
/// be read or parsed (reported in `cx`).
pub(crate) fn from_path(path: &Path, cx: &Ctxt) -> Option<Sources<'static>> {
    from_files(Files::Disk, path, cx)
}

/// Loads the catalog at `path` of `files` and everything it includes from there.
pub(crate) fn from_files(files: Files, path: &Path, cx: &Ctxt) -> Option<Sources<'static>> {
    // When the root cannot be read it is named as resolved (`v1.4.0:api/errors.yaml`), or as
    // given when not even that worked.
    let read = match files.root(path) {
        Ok(root) => match files.read(&root) {
            Ok(bytes) => Ok((root, bytes)),
            Err(e) => Err((root.path, e)),
        },
        Err(e) => {
            let name = match &files {
                Files::Disk => path.to_path_buf(),
                Files::Git { rev } => format!("{rev}:{}", path.display()).into(),
            };
            Err((name, e))
        }
    };
    match read {
        Ok((root, bytes)) => {
            let file = decode(Arc::from(root.path.as_path()), bytes, cx)?;
            from_root(files, root, file, cx)
        }
        Err((name, e)) => {
            let file = SourceFile::new(Arc::from(name), String::new());
            let mut d = file.error(Pos::default(), "", format!("cannot read catalog: {e}"));
            d.source_line = None;
            cx.push(d);
            None
        }
    }
}

/// Loads a catalog given as text, and everything it includes; `path` names it in diagnostics
/// and anchors its includes, and is not read.
pub(crate) fn from_text<'s>(path: &Path, text: &'s str, cx: &Ctxt) -> Option<Sources<'s>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = Target {
        path: path.to_path_buf(),
        identity: include::canonical(path),
        embedded: None,
    };
    from_root(
        Files::Disk,
        root,
        SourceFile::new(Arc::from(path), text),
        cx,
    )
}

fn from_root<'s>(
    files: Files,
    root: Target,
    file: SourceFile<'s>,
    cx: &Ctxt,
) -> Option<Sources<'s>> {
    let file = Rc::new(file);
    // The root's own problems are the first of a run: they go to `cx` at once.
    let mut node = parse(&file, cx)?;
    let include = take_include(&mut node);
    let mut follower = Follower::new(files, root, file.clone(), node);
    follower.follow(&file, include);
    Some(follower.sources)
}
