//! Catalogs embedded in errcat-codegen, included as `errcat:<name>` without copying a file.
//!
//! The text is `include_str!` of a copy inside this crate (`codegen/catalog/`), not of the
//! repository's `catalog/standard.yaml`: `cargo package` ships only the files under the
//! crate's directory, so a path that leaves it would build here and fail for every user of
//! the published crate, and a symbolic link is not a file on every checkout (Windows). The
//! unit test below fails when the copy and the shipped catalog differ.

use std::path::Path;

/// The prefix that names an embedded catalog in an `include` item.
pub(crate) const PREFIX: &str = "errcat:";

/// Each embedded catalog: its name after [`PREFIX`], and its text.
const CATALOGS: &[(&str, &str)] = &[("standard", include_str!("../../catalog/standard.yaml"))];

/// The text of the embedded catalog `name` (without the prefix).
pub(super) fn text(name: &str) -> Option<&'static str> {
    CATALOGS
        .iter()
        .find_map(|&(known, text)| (known == name).then_some(text))
}

/// Every embedded catalog's name, for "did you mean".
pub(super) fn names() -> impl Iterator<Item = &'static str> + Clone {
    CATALOGS.iter().map(|&(name, _)| name)
}

/// Whether `path` is the name of an embedded catalog (`errcat:standard`) rather than a file,
/// so that build scripts do not watch it.
pub(crate) fn is_embedded(path: &Path) -> bool {
    path.to_str()
        .and_then(|p| p.strip_prefix(PREFIX))
        .is_some_and(|name| text(name).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded copy is the shipped catalog, byte for byte. (In a packaged crate the
    /// repository's file is not there; the copy is then all there is to compare.)
    #[test]
    fn the_embedded_standard_catalog_is_the_shipped_one() {
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog/standard.yaml");
        if let Ok(shipped) = std::fs::read_to_string(&shipped) {
            assert!(
                text("standard") == Some(shipped.as_str()),
                "codegen/catalog/standard.yaml differs from catalog/standard.yaml: \
                 copy the shipped catalog over the embedded one"
            );
        } else {
            assert!(
                std::fs::metadata(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml"))
                    .is_err(),
                "in the repository, catalog/standard.yaml must exist"
            );
        }
    }

    #[test]
    fn embedded_names_are_recognised_exactly() {
        assert!(is_embedded(Path::new("errcat:standard")));
        assert!(!is_embedded(Path::new("errcat:standrd")));
        assert!(!is_embedded(Path::new("standard.yaml")));
    }
}
