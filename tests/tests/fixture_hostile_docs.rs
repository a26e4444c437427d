//! Builds, tests and documents tests/fixtures/hostile-docs, a crate outside the workspace over
//! the hostile catalog, whose causes, solutions, field docs, messages and titles hold Markdown
//! code fences, indented code and HTML. Catalog text must reach rustdoc as text: no doctest of
//! the user's crate comes from it, and no tag from it reaches the `cargo doc` pages.

use std::path::{Path, PathBuf};

use errcat_tests::{succeeded, Fixture};

const FIXTURE: Fixture = Fixture::new("hostile-docs");

/// Tags written in the hostile catalog's text fields; rustdoc's own pages hold `<script` tags,
/// so the check looks for these, not for any tag.
const CATALOG_HTML: &[&str] = &[
    "<script>alert(",
    "<img src=x",
    "<div onclick",
    "<b>2.0",
    "<i>Fences",
    "<Response>",
    "<Say>",
];

#[test]
fn catalog_text_is_never_a_doctest_nor_raw_html() {
    // 1. `cargo test` passes, doctests included, and the only doctest is the crate's own: the
    // catalog's fences and indented blocks contribute none.
    let log = succeeded(&FIXTURE.cargo(&["test"]), "the fixture's tests");
    assert!(
        log.contains("Doc-tests errcat_fixture_hostile_docs"),
        "no doctest run\n{log}"
    );
    // Doctests are reported as `test <file> - <item> (line N) ... ok`.
    let doctests: Vec<&str> = log
        .lines()
        .filter(|line| line.starts_with("test ") && line.contains(" - "))
        .collect();
    assert_eq!(
        doctests,
        ["test src/lib.rs - (line 6) ... ok"],
        "doctests other than the crate's own"
    );

    // 2. `cargo doc` (the fixture denies warnings, rustdoc's HTML-tag lints included).
    succeeded(&FIXTURE.cargo(&["doc", "--no-deps"]), "cargo doc");

    // 3. No tag from the catalog in any generated page; the escaped text is there instead, and
    // the fences are shown as text blocks.
    let doc = FIXTURE.target_dir().join("doc");
    let mut pages = Vec::new();
    collect_html(&doc, &mut pages);
    assert!(!pages.is_empty(), "no page under {}", doc.display());
    let mut escaped = 0;
    for page in &pages {
        let html = std::fs::read_to_string(page).expect("read page");
        for tag in CATALOG_HTML {
            assert!(
                !html.contains(tag),
                "{} holds raw HTML from the catalog: {tag}",
                page.display()
            );
        }
        escaped += html.matches("&lt;script&gt;alert(").count();
    }
    assert!(
        escaped > 0,
        "the catalog's <script> text is missing from the docs"
    );
    let error_page = doc.join("errcat_fixture_hostile_docs/enum.Error.html");
    let error_page = std::fs::read_to_string(&error_page).expect("the Error page");
    assert!(
        error_page.contains("language-text"),
        "no text block on the Error page"
    );
}

fn collect_html(dir: &Path, pages: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_html(&path, pages);
        } else if path.extension().is_some_and(|e| e == "html") {
            pages.push(path);
        }
    }
}
