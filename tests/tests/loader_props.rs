//! Property tests: the loader, fed mutated, truncated and byte-flipped catalogs, never panics,
//! and every failure it reports is placed on a line of a file.

use std::path::PathBuf;

use errcat_codegen::{Catalog, Error};
use errcat_tests::repo_root;
use proptest::prelude::*;

const BASE: &str = include_str!("../corpus/valid/acme.yaml");

fn base_path() -> PathBuf {
    repo_root().join("tests/corpus/valid/acme.yaml")
}

/// What every result must satisfy: Ok, or errors that are all located and printable.
fn assert_sound(result: Result<Catalog, Error>) {
    if let Err(error) = result {
        assert!(error.errors().count() > 0);
        for d in error.diagnostics() {
            assert!(
                d.location.line >= 1 && d.location.col >= 1,
                "unlocated: {d}"
            );
            assert!(d.location.len >= 1);
        }
        let _ = error.to_string();
    }
}

/// Characters that mean something to YAML or to errcat's templates.
fn interesting_byte() -> impl Strategy<Value = u8> {
    prop::sample::select(b"{}[]:-? \t\n\r\"'$&*!|>#%@`,\0\xff\xc3\x80".to_vec())
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn truncated(cut in 0..BASE.len()) {
        let text = &BASE[..floor_char_boundary(BASE, cut)];
        assert_sound(errcat_codegen::load_str(base_path(), text));
    }

    #[test]
    fn lines_deleted_duplicated_or_swapped(ops in prop::collection::vec((0usize..3, any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..4)) {
        let mut lines: Vec<&str> = BASE.lines().collect();
        for (op, a, b) in ops {
            if lines.is_empty() {
                break;
            }
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            match op {
                0 => { lines.remove(a); }
                1 => { let line = lines[a]; lines.insert(b, line); }
                _ => lines.swap(a, b),
            }
        }
        assert_sound(errcat_codegen::load_str(base_path(), &lines.join("\n")));
    }

    #[test]
    fn text_inserted(at in any::<prop::sample::Index>(), insert in "[ -~\t\n]{1,12}") {
        let i = floor_char_boundary(BASE, at.index(BASE.len()));
        let text = format!("{}{insert}{}", &BASE[..i], &BASE[i..]);
        assert_sound(errcat_codegen::load_str(base_path(), &text));
    }

    /// Raw bytes through the file path, so invalid UTF-8 is exercised too.
    #[test]
    fn bytes_flipped(flips in prop::collection::vec((any::<prop::sample::Index>(), interesting_byte()), 1..6)) {
        let mut bytes = BASE.as_bytes().to_vec();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let dir = std::env::temp_dir().join(format!("errcat-props-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("flipped.yaml");
        std::fs::write(&path, &bytes).unwrap();
        assert_sound(errcat_codegen::load(&path));
    }
}
