//! Diagnostics: located problems, gathered in a collector and reported all at once.
//!
//! Every problem carries the file, line and column of the offending YAML, the key path at
//! fault (`errors[3].status`), the source line for a caret, and a help line where one helps.
//! [`Ctxt`] gathers them the way serde_derive's `Ctxt` does, so no stage stops at the first
//! problem and no path can forget to report.

use std::cell::RefCell;
use std::fmt::{self, Display, Write as _};
use std::path::Path;
use std::sync::Arc;

/// A position in a catalog file. `line` and `col` are 1-based; `len` is the width of the
/// offending text in characters (at least 1), for the caret.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: Arc<Path>,
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

impl Location {
    /// A location that names only a file (an unreadable file, an empty one).
    pub fn file_only(file: Arc<Path>) -> Location {
        Location {
            file,
            line: 0,
            col: 0,
            len: 0,
        }
    }

    /// True when the location names a file but no line in it.
    pub fn is_file_only(&self) -> bool {
        self.line == 0
    }
}

impl Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_file_only() {
            write!(f, "{}", self.file.display())
        } else {
            write!(f, "{}:{}:{}", self.file.display(), self.line, self.col)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    /// The key path at fault, such as `errors[3].status` (empty for the document itself).
    pub key: String,
    /// What is wrong, in one sentence, lower case, no trailing period (rustc style).
    pub message: String,
    /// The source line the location points into, when it has one.
    pub source_line: Option<String>,
    /// Related places: "first defined here", "included from here".
    pub notes: Vec<(Location, String)>,
    /// What to do: "did you mean `status`?", "expected one of ...".
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Display for Diagnostic {
    /// rustc's layout: headline, `-->` location and key, the line with a caret, notes, help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.severity.as_str(), self.message)?;
        let gutter = if self.location.is_file_only() {
            1
        } else {
            self.location.line.to_string().len()
        };
        let pad = " ".repeat(gutter);
        write!(f, "{pad}--> {}", self.location)?;
        if !self.key.is_empty() {
            write!(f, " (at `{}`)", self.key)?;
        }
        writeln!(f)?;
        if let Some(line) = &self.source_line {
            let line = printable_line(line);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", self.location.line, line)?;
            let before = (self.location.col as usize).saturating_sub(1);
            // Tabs before the caret are kept as tabs so the caret lines up in a terminal.
            let lead: String = line
                .chars()
                .take(before)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let carets = "^".repeat(self.location.len.max(1) as usize);
            writeln!(f, "{pad} | {lead}{carets}")?;
        }
        for (location, note) in &self.notes {
            writeln!(f, "{pad} = note: {note} at {location}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// A source line as it can be shown in a terminal: control characters other than tab become
/// U+FFFD so that a binary file cannot garble the report, and very long lines are cut.
fn printable_line(line: &str) -> String {
    const MAX: usize = 160;
    let mut out = String::with_capacity(line.len().min(MAX + 3));
    for (i, c) in line.chars().enumerate() {
        if i == MAX {
            out.push_str("...");
            break;
        }
        out.push(if c.is_control() && c != '\t' {
            '\u{fffd}'
        } else {
            c
        });
    }
    out
}

/// Every problem found while loading a catalog: errors, and the warnings found with them.
///
/// `Display` prints them all, each with file:line:col, then a summary line; this is what
/// `Builder::generate().unwrap_or_else(|e| panic!("{e}"))` shows in a failed build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// Wraps diagnostics of which at least one is an error.
    pub fn new(diagnostics: Vec<Diagnostic>) -> Error {
        debug_assert!(diagnostics.iter().any(Diagnostic::is_error));
        Error { diagnostics }
    }

    /// All diagnostics, errors and warnings, in the order found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}")?;
        }
        f.write_str(&summary(&self.diagnostics))
    }
}

impl std::error::Error for Error {}

/// "3 errors, 1 warning" style summary of a set of diagnostics.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let mut out = String::new();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if errors > 0 {
        let _ = write!(out, "{errors} error{}", plural(errors));
    }
    if warnings > 0 {
        if !out.is_empty() {
            out.push_str(", ");
        }
        let _ = write!(out, "{warnings} warning{}", plural(warnings));
    }
    if out.is_empty() {
        out.push_str("no problems");
    }
    out
}

/// Collects diagnostics from every stage; [`Ctxt::check`] hands them over.
///
/// Like serde_derive's `Ctxt`, dropping one without checking it is a bug in errcat: in debug
/// builds it panics so tests catch it; release builds never panic on it.
#[derive(Default)]
pub struct Ctxt {
    diagnostics: RefCell<Option<Vec<Diagnostic>>>,
}

impl Ctxt {
    pub fn new() -> Ctxt {
        Ctxt {
            diagnostics: RefCell::new(Some(Vec::new())),
        }
    }

    pub fn push(&self, diagnostic: Diagnostic) {
        if let Some(all) = self.diagnostics.borrow_mut().as_mut() {
            all.push(diagnostic);
        }
    }

    /// True when an error (not a warning) has been reported.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .borrow()
            .as_ref()
            .is_some_and(|all| all.iter().any(Diagnostic::is_error))
    }

    /// Ends collection and hands over everything collected, errors and warnings alike (for a
    /// stage that reports its problems later, at their place in the run).
    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics.borrow_mut().take().unwrap_or_default()
    }

    /// Ends collection: `Ok(warnings)` when there is no error, else every diagnostic.
    pub fn check(self) -> Result<Vec<Diagnostic>, Error> {
        let all = self.diagnostics.borrow_mut().take().unwrap_or_default();
        if all.iter().any(Diagnostic::is_error) {
            Err(Error::new(all))
        } else {
            Ok(all)
        }
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.diagnostics.borrow().is_some() {
            debug_assert!(false, "errcat bug: diagnostics collected but never checked");
        }
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo
/// (at most a third of the word's length, and at least 1). Runs only on the error path.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, c)| d <= limit && c != word)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions) on chars.
/// Case counts: `Status` vs `status` is 1.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    // Three rows: the one before the previous is needed for transpositions.
    let mut rows = vec![0usize; width * 3];
    for (j, cell) in rows[..width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[prev * width + j] + 1)
                .min(rows[cur * width + j - 1] + 1)
                .min(rows[prev * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[prev2 * width + j - 2] + 1);
            }
            rows[cur * width + j] = best;
        }
    }
    rows[(a.len() % 3) * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        for (a, b, d) in [
            ("", "", 0),
            ("status", "status", 0),
            ("stauts", "status", 1),
            ("statu", "status", 1),
            ("Status", "status", 1),
            ("mesage", "message", 1),
            ("cause", "solution", 7),
            ("ü", "u", 1),
        ] {
            assert_eq!(edit_distance(a, b), d, "{a} vs {b}");
        }
    }

    #[test]
    fn closest_only_suggests_near_matches() {
        let keys = ["status", "message", "cause", "solution"];
        assert_eq!(closest("stauts", keys), Some("status"));
        assert_eq!(closest("mesage", keys), Some("message"));
        assert_eq!(closest("zzz", keys), None);
        assert_eq!(closest("status", keys), None);
    }

    #[test]
    fn summary_counts() {
        assert_eq!(summary(&[]), "no problems");
    }

    #[test]
    fn display_shows_line_and_caret() {
        let d = Diagnostic {
            severity: Severity::Error,
            location: Location {
                file: Arc::from(Path::new("c.yaml")),
                line: 3,
                col: 5,
                len: 6,
            },
            key: "errors[0].stauts".into(),
            message: "unknown key `stauts`".into(),
            source_line: Some("    stauts: 404".into()),
            notes: vec![],
            help: Some("did you mean `status`?".into()),
        };
        assert_eq!(
            d.to_string(),
            "error: unknown key `stauts`\n \
             --> c.yaml:3:5 (at `errors[0].stauts`)\n  \
             |\n3 |     stauts: 404\n  |     ^^^^^^\n  = help: did you mean `status`?\n"
        );
    }
}
