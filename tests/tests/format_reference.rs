//! docs/catalog-format.md, the hand-written reference of the catalog format, keeps up with the
//! implementation: every key the format has is in its tables, every envelope variable is
//! described, every code style and field type is named, and every preset is shown with its
//! template exactly as errcat ships it. The lists come from the format's own tables (the key
//! and vocabulary tables, through the JSON Schema where it has them).

use errcat_codegen::emit::{schema, Emitter as _};
use errcat_codegen::envelope::PRESETS;
use errcat_codegen::model::{CodeStyle, FieldType, Var};
use errcat_tests::repo_root;

fn page() -> String {
    let path = repo_root().join("docs/catalog-format.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema() -> serde_json::Value {
    let files = schema::Options::default().emit(&schema::CatalogFormat);
    serde_json::from_str(&files[0].contents).expect("the schema is JSON")
}

/// The property names of a schema object, or of the object alternatives of an `anyOf`.
fn keys(object: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = object["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    for alternative in object["anyOf"].as_array().into_iter().flatten() {
        keys.extend(self::keys(alternative));
    }
    keys
}

#[test]
fn every_top_level_and_entry_key_has_a_table_row() {
    let page = page();
    let schema = schema();
    let top = keys(&schema);
    let entry = keys(&schema["$defs"]["entry"]);
    assert!(top.len() >= 9 && entry.len() >= 19, "{top:?} {entry:?}");
    for key in top.iter().chain(&entry) {
        assert!(
            page.contains(&format!("\n| `{key}` |")),
            "docs/catalog-format.md has no table row for `{key}`"
        );
    }
}

#[test]
fn field_and_rule_keys_are_described() {
    let page = page();
    let schema = schema();
    let field = keys(&schema["$defs"]["field"]);
    let rule = keys(&schema["$defs"]["statusRule"]);
    assert!(!field.is_empty() && !rule.is_empty());
    for key in field.iter().chain(&rule) {
        assert!(
            page.contains(&format!("`{key}`")) || page.contains(&format!(" {key}: ")),
            "docs/catalog-format.md never mentions `{key}`"
        );
    }
}

#[test]
fn every_envelope_variable_is_in_the_table() {
    let page = page();
    for name in Var::BUILTIN {
        assert!(
            page.contains(&format!("`${name}`")),
            "docs/catalog-format.md does not describe `${name}`"
        );
    }
}

#[test]
fn every_code_style_and_field_type_is_named() {
    let page = page();
    for name in CodeStyle::NAMES.iter().chain(&FieldType::NAMES) {
        assert!(
            page.contains(&format!("`{name}`")),
            "docs/catalog-format.md never names `{name}`"
        );
    }
}

#[test]
fn every_preset_is_shown_as_it_ships() {
    let page = page();
    for preset in PRESETS {
        let heading = format!("\n### `{}`\n", preset.name);
        let start = page
            .find(&heading)
            .unwrap_or_else(|| panic!("no section for preset `{}`", preset.name));
        let section = &page[start + heading.len()..];
        let section = &section[..section.find("\n#").unwrap_or(section.len())];
        let block = format!("```yaml\n{}```", preset.template);
        assert!(
            section.contains(&block),
            "the section of preset `{}` does not show its template:\n{block}",
            preset.name
        );
    }
}
