//! Following `include`: every catalog a file names, resolved against that file, read once,
//! parsed, and refused when it closes a cycle.
//!
//! Everything here runs before any rule, so the checker never sees the filesystem; what goes
//! wrong is kept as a [`Step::Report`] at the place in the run where the old one-pass loader
//! met it (after the including file's own checks, before the included file's), so a report
//! still reads file by file in include order.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use super::{decode, embedded, parse, IncludedBy, Kind, Node, Pos, SourceFile, Sources, Step};
use crate::diag::{closest, Ctxt, Diagnostic, Location};
use crate::keys::IncludeKey;

/// Where catalog files come from: the filesystem, or one commit of a git repository (for
/// `errcat diff v1.4.0:errors.yaml errors.yaml`, whose old side and every file it includes are
/// read as they were at that commit, whatever is on disk now).
///
/// Only the loading stage reads through this; the checker sees the trees it produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Files {
    /// Paths on the filesystem.
    Disk,
    /// Paths in the tree of commit `rev` of the repository around the working directory,
    /// relative to the repository's top level, read with `git cat-file blob REV:PATH`.
    /// Messages name them `REV:PATH`, as `git show` takes them.
    Git { rev: String },
}

/// What an `include` item names, resolved against the file that includes it.
///
/// This is the one place an include is resolved and read: a catalog embedded in
/// errcat-codegen (`errcat:standard`) is one more way to resolve, read and identify a target,
/// and nothing else in the loader or the checker changes.
pub(super) struct Target {
    /// As messages show it: the written path joined to the including file's directory,
    /// normalised (`a/./b/../c` is `a/c`); `REV:PATH` for a file of a commit; for an embedded
    /// catalog, its name as written.
    pub path: PathBuf,
    /// What makes two includes the same catalog: the canonical path, or `path` when there is
    /// none (a file that does not exist, an embedded catalog), so `a.yaml` and
    /// `./x/../a.yaml` are one file.
    pub identity: PathBuf,
    /// The text of an embedded catalog; `None` for a file.
    pub embedded: Option<&'static str>,
}

impl Files {
    /// The root catalog, at `path` as given. For a commit, `path` is read as `git show` reads
    /// it: from the repository's top level, or from the working directory when it starts with
    /// `./` or `../`.
    pub(super) fn root(&self, path: &Path) -> io::Result<Target> {
        match self {
            Files::Disk => Ok(Target {
                path: path.to_path_buf(),
                identity: canonical(path),
                embedded: None,
            }),
            Files::Git { rev } => {
                let relative = matches!(
                    path.components().next(),
                    Some(Component::CurDir | Component::ParentDir)
                );
                let in_repo = if relative {
                    let prefix = git(&["rev-parse", "--show-prefix"])?;
                    let prefix = String::from_utf8_lossy(&prefix);
                    normalize(&Path::new(prefix.trim_end()).join(path))
                } else {
                    normalize(path)
                };
                Ok(self.in_commit(rev, &in_repo))
            }
        }
    }

    /// The target of `item`, an include item of `from`: `errcat:<name>` is a catalog embedded
    /// in errcat-codegen (the same whatever files are read from), anything else a path
    /// relative to `from`. An unknown embedded name is reported, with the closest known one.
    fn resolve(&self, from: &SourceFile<'_>, item: &Item) -> Result<Target, Box<Diagnostic>> {
        let written = item.written.as_str();
        if let Some(name) = written.strip_prefix(embedded::PREFIX) {
            return embedded_target(from, item, name);
        }
        Ok(match self {
            Files::Disk => {
                let path = normalize(&from.path.parent().unwrap_or(Path::new("")).join(written));
                let identity = canonical(&path);
                Target {
                    path,
                    identity,
                    embedded: None,
                }
            }
            Files::Git { rev } => {
                let from = self.repo_path(&from.path).unwrap_or(&from.path);
                let path = normalize(&from.parent().unwrap_or(Path::new("")).join(written));
                self.in_commit(rev, &path)
            }
        })
    }

    /// The file `path` of commit `rev`, named `REV:PATH`; a commit's paths are already unique,
    /// so the name is the identity.
    fn in_commit(&self, rev: &str, path: &Path) -> Target {
        let path = PathBuf::from(format!("{rev}:{}", path.display()));
        Target {
            identity: path.clone(),
            path,
            embedded: None,
        }
    }

    /// The path inside the commit of a `REV:PATH` name made by [`Files::in_commit`].
    fn repo_path<'p>(&self, name: &'p Path) -> Option<&'p Path> {
        let Files::Git { rev } = self else {
            return None;
        };
        let rest = name
            .to_str()?
            .strip_prefix(rev.as_str())?
            .strip_prefix(':')?;
        Some(Path::new(rest))
    }

    pub(super) fn read(&self, target: &Target) -> io::Result<Vec<u8>> {
        if let Some(text) = target.embedded {
            return Ok(text.as_bytes().to_vec());
        }
        match self {
            Files::Disk => std::fs::read(&target.path),
            Files::Git { .. } => {
                let object = target.path.to_str().ok_or_else(|| {
                    io::Error::new(io::ErrorKind::InvalidInput, "path is not UTF-8")
                })?;
                git(&["cat-file", "blob", object])
            }
        }
    }
}

/// Runs git in the working directory and returns what it printed; what it said on failure
/// (`fatal: path 'x' does not exist in 'v1'`) is the error.
fn git(args: &[&str]) -> io::Result<Vec<u8>> {
    let output = std::process::Command::new("git")
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot run git: {e}")))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said.trim();
        Err(io::Error::other(if said.is_empty() {
            format!("`git {}` failed ({})", args.join(" "), output.status)
        } else {
            said.to_owned()
        }))
    }
}

/// The target of `errcat:<name>`, a catalog embedded in errcat-codegen.
fn embedded_target(
    from: &SourceFile<'_>,
    item: &Item,
    name: &str,
) -> Result<Target, Box<Diagnostic>> {
    let written = item.written.as_str();
    match embedded::text(name) {
        Some(text) => Ok(Target {
            path: PathBuf::from(written),
            identity: PathBuf::from(written),
            embedded: Some(text),
        }),
        None => {
            let mut d = from.error(
                item.pos,
                &item.name_key,
                format!("`{written}` is not a catalog embedded in errcat"),
            );
            let known = embedded::names().map(|n| format!("`{}{n}`", embedded::PREFIX));
            d.help = Some(match closest(name, embedded::names()) {
                Some(near) => format!("did you mean `{}{near}`?", embedded::PREFIX),
                None => format!(
                    "the embedded catalogs are {}; a file is named by its path",
                    known.collect::<Vec<_>>().join(", ")
                ),
            });
            Err(Box::new(d))
        }
    }
}

/// An `include` item: the catalog it names, where, and, when the item is a mapping, the
/// mapping itself, whose `only`, `except` and `overrides` the checker reads with the included
/// file (see [`IncludedBy`]).
struct Item {
    written: String,
    /// Where the catalog's name is written, and its key path (`include[1].catalog`).
    pos: Pos,
    name_key: String,
    /// The item's key path: `include`, or `include[1]` in a list.
    key: String,
    /// The item written as a mapping (`{catalog: ..., only: [...]}`).
    mapping: Option<Node>,
}

/// The include chain being followed and every catalog read so far.
pub(super) struct Follower<'s> {
    pub sources: Sources<'s>,
    /// Where every file is read from.
    files: Files,
    /// Per file of `sources.files`: its [`Target::identity`].
    identities: Vec<PathBuf>,
    /// Identities of the files whose includes are being followed, root first: a target among
    /// them closes a cycle.
    chain: Vec<PathBuf>,
}

impl<'s> Follower<'s> {
    /// Starts at the root, read from `root` (its tree still to be taken from `node`).
    pub fn new(files: Files, root: Target, file: Rc<SourceFile<'s>>, node: Node) -> Follower<'s> {
        Follower {
            files,
            sources: Sources {
                files: vec![file],
                root: node,
                steps: Vec::new(),
            },
            identities: vec![root.identity.clone()],
            chain: vec![root.identity],
        }
    }

    fn report(&mut self, d: Diagnostic) {
        self.sources.steps.push(Step::Report(d));
    }

    /// Rule: `include` is an item or a list of items, each a catalog: a path relative to the
    /// including file or the name of an embedded catalog, written alone or as the `catalog`
    /// of a mapping; files that include each other, directly or not, are a cycle; a file is
    /// read once.
    pub fn follow(&mut self, file: &Rc<SourceFile<'s>>, include: Option<Node>) {
        let Some(node) = include else { return };
        for item in self.items(file, node) {
            self.include(file, item);
        }
    }

    /// The items of `include`, an item or a list of items; other values are reported (all of
    /// them before any item is read, as the items are collected first).
    fn items(&mut self, file: &SourceFile<'s>, node: Node) -> Vec<Item> {
        match node.kind {
            Kind::Seq(items) => items
                .into_iter()
                .enumerate()
                .filter_map(|(i, item)| self.item(file, format!("include[{i}]"), item))
                .collect(),
            _ => self
                .item(file, "include".to_owned(), node)
                .into_iter()
                .collect(),
        }
    }

    /// One item: a string, or a mapping whose `catalog` is one.
    fn item(&mut self, file: &SourceFile<'s>, key: String, node: Node) -> Option<Item> {
        let catalog = IncludeKey::Catalog.as_str();
        let (name, name_key) = match &node.kind {
            Kind::Map(_) => match node.get(catalog) {
                Some(name) => (name, format!("{key}.{catalog}")),
                None => {
                    let mut d = file.error(
                        node.pos.start(),
                        &key,
                        format!("an include item written as a mapping needs `{catalog}`"),
                    );
                    d.help = Some(format!(
                        "name what to include: `{catalog}: common.yaml` or `{catalog}: errcat:standard`"
                    ));
                    self.report(d);
                    return None;
                }
            },
            _ => (&node, key.clone()),
        };
        let written = match name.text() {
            Ok(written) => written?.to_owned(),
            Err(not_text) => {
                self.report(not_text.diagnostic(file, &name_key, &name_key));
                return None;
            }
        };
        let pos = name.pos;
        let mapping = matches!(node.kind, Kind::Map(_)).then_some(node);
        Some(Item {
            written,
            pos,
            name_key,
            key,
            mapping,
        })
    }

    /// Reads, parses and queues one included file, then follows its own includes.
    fn include(&mut self, from: &Rc<SourceFile<'s>>, item: Item) {
        let target = match self.files.resolve(from, &item) {
            Ok(target) => target,
            Err(d) => return self.report(*d),
        };
        if let Some(start) = self.chain.iter().position(|p| *p == target.identity) {
            let mut chain: Vec<String> = self.chain[start..]
                .iter()
                .map(|identity| match self.file_of(identity) {
                    Some(file) => file.path.display().to_string(),
                    None => identity.display().to_string(),
                })
                .collect();
            chain.push(target.path.display().to_string());
            let mut d = from.error(
                item.pos,
                "include",
                format!("include cycle: {}", chain.join(" -> ")),
            );
            d.help = Some("remove one of the includes that close the cycle".into());
            self.report(d);
            return;
        }
        if let Some(first) = self.file_of(&target.identity) {
            let mut d = from.error(
                item.pos,
                "include",
                format!("`{}` is included more than once", target.path.display()),
            );
            d.notes.push((
                Location::file_only(first.path.clone()),
                "already read".into(),
            ));
            self.report(d);
            return;
        }
        let bytes = match self.files.read(&target) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.report(from.error(
                    item.pos,
                    "include",
                    format!("cannot read included file `{}`: {e}", target.path.display()),
                ));
                return;
            }
        };
        // Problems of reading this file are reported where the file is reached in the run,
        // so they are gathered apart and queued in order.
        let cx = Ctxt::new();
        let parsed = decode(Arc::from(target.path.as_path()), bytes, &cx).map(|file| {
            let file = Rc::new(file);
            self.sources.files.push(file.clone());
            self.identities.push(target.identity.clone());
            let node = parse(&file, &cx);
            (file, node)
        });
        for d in cx.into_diagnostics() {
            self.report(d);
        }
        let Some((file, Some(mut node))) = parsed else {
            return;
        };
        let include = take_include(&mut node);
        let by = IncludedBy {
            file: from.clone(),
            key: item.key,
            mapping: item.mapping,
        };
        self.sources.steps.push(Step::Check(file.clone(), node, by));
        self.chain.push(target.identity);
        self.follow(&file, include);
        self.chain.pop();
    }

    /// The file already read whose identity is `identity`.
    fn file_of(&self, identity: &Path) -> Option<&Rc<SourceFile<'s>>> {
        let i = self.identities.iter().position(|p| p == identity)?;
        self.sources.files.get(i)
    }
}

/// Takes `include` out of a file's tree: the loader follows it, so the checker sees only the
/// file's own content.
pub(super) fn take_include(node: &mut Node) -> Option<Node> {
    node.take("include").map(|(_, value)| value)
}

/// `a/b/../c` -> `a/c` and `a/./b` -> `a/b`, without touching the filesystem, so include
/// paths print the way a person would write them.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

pub(super) fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::from_path;

    /// A directory of its own for one test, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let dir =
                std::env::temp_dir().join(format!("errcat-include-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }

        fn write(&self, name: &str, text: &str) -> PathBuf {
            let path = self.0.join(name);
            std::fs::write(&path, text).unwrap();
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Each step of a run, as `check <file>` or the message of a report.
    fn steps(sources: &Sources<'_>) -> Vec<String> {
        let name = |file: &SourceFile<'_>| {
            let name = file.path.file_name().unwrap_or_default();
            name.to_string_lossy().into_owned()
        };
        sources
            .steps
            .iter()
            .map(|step| match step {
                Step::Check(file, _, _) => format!("check {}", name(file)),
                Step::Report(d) => d.message.clone(),
            })
            .collect()
    }

    #[test]
    fn includes_are_read_once_depth_first_with_their_problems_in_place() {
        let dir = TempDir::new("order");
        let root = dir.write("root.yaml", "include: [a.yaml, gone.yaml, ./a.yaml, [x]]\n");
        dir.write("a.yaml", "include: b.yaml\nerrors: []\n");
        dir.write("b.yaml", "include: [a.yaml]\nerrors: []\n");
        let cx = Ctxt::new();
        let sources = from_path(&root, &cx).expect("the root parses");
        assert!(cx.into_diagnostics().is_empty());
        // The root's tree no longer holds `include`: the checker never sees it.
        assert!(matches!(&sources.root.kind, crate::load::Kind::Map(m) if m.is_empty()));
        let files: Vec<_> = sources.files.iter().map(|f| f.path.to_path_buf()).collect();
        assert_eq!(
            files,
            [root.clone(), dir.0.join("a.yaml"), dir.0.join("b.yaml")]
        );
        let a = dir.0.join("a.yaml").display().to_string();
        let b = dir.0.join("b.yaml").display().to_string();
        let gone = dir.0.join("gone.yaml");
        let not_found = std::fs::read(&gone).unwrap_err();
        let gone = gone.display().to_string();
        assert_eq!(
            steps(&sources),
            [
                "expected a string for `include[3]`, found a list".to_owned(),
                "check a.yaml".to_owned(),
                "check b.yaml".to_owned(),
                format!("include cycle: {a} -> {b} -> {a}"),
                format!("cannot read included file `{gone}`: {not_found}"),
                format!("`{a}` is included more than once"),
            ]
        );
    }

    /// A commit's includes resolve inside the commit, named `REV:PATH` (a rev may hold `/`).
    #[test]
    fn includes_of_a_commit_resolve_against_the_including_file_in_it() {
        let files = Files::Git {
            rev: "origin/release-1.4".into(),
        };
        let from = SourceFile::new(
            Arc::from(Path::new("origin/release-1.4:api/errors.yaml")),
            String::new(),
        );
        for (written, name) in [
            ("common.yaml", "origin/release-1.4:api/common.yaml"),
            (
                "../shared/./more.yaml",
                "origin/release-1.4:shared/more.yaml",
            ),
        ] {
            let item = Item {
                written: written.to_owned(),
                pos: Pos::default(),
                name_key: "include".into(),
                key: "include".into(),
                mapping: None,
            };
            let Ok(target) = files.resolve(&from, &item) else {
                panic!("{written} does not resolve");
            };
            assert_eq!(target.path, Path::new(name), "{written}");
            assert_eq!(target.identity, target.path);
        }
        let root = files.root(Path::new("api/./errors.yaml")).unwrap();
        assert_eq!(root.path, Path::new("origin/release-1.4:api/errors.yaml"));
    }

    #[test]
    fn embedded_catalogs_and_mapping_items_are_included() {
        let dir = TempDir::new("items");
        let root = dir.write(
            "root.yaml",
            "include:\n  - errcat:standard\n  - catalog: a.yaml\n    only: [x]\n  - {only: [y]}\n  - errcat:standart\n",
        );
        dir.write("a.yaml", "errors: []\n");
        let cx = Ctxt::new();
        let sources = from_path(&root, &cx).expect("the root parses");
        assert!(cx.into_diagnostics().is_empty());
        let items: Vec<String> = sources
            .steps
            .iter()
            .map(|step| match step {
                Step::Check(file, _, by) => format!(
                    "check {} by {} {} mapping={}",
                    file.path.display(),
                    by.file
                        .path
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy(),
                    by.key,
                    by.mapping.is_some()
                ),
                Step::Report(d) => format!("{} at {} {}", d.message, d.key, d.location.line),
            })
            .collect();
        let a = dir.0.join("a.yaml").display().to_string();
        assert_eq!(
            items,
            // An item's shape is reported before any item is read; a name, when it is read.
            [
                "an include item written as a mapping needs `catalog` at include[2] 5".to_owned(),
                "check errcat:standard by root.yaml include[0] mapping=false".to_owned(),
                format!("check {a} by root.yaml include[1] mapping=true"),
                "`errcat:standart` is not a catalog embedded in errcat at include[3] 6".to_owned(),
            ]
        );
        // The embedded text is read, not a file: its entries are there to check.
        let Step::Check(_, standard, _) = &sources.steps[1] else {
            panic!("the standard catalog is checked after the item reports");
        };
        assert!(standard.get("errors").is_some_and(|e| !e.is_null()));
    }

    #[test]
    fn normalize_drops_dots_without_the_filesystem() {
        for (path, normal) in [
            ("a/./b", "a/b"),
            ("a/b/../c", "a/c"),
            ("../a", "../a"),
            ("a/../../b", "../b"),
            ("./a.yaml", "a.yaml"),
        ] {
            assert_eq!(normalize(Path::new(path)), Path::new(normal), "{path}");
        }
    }
}
