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
    let text = diff(&old, &new).text();
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
        diff(&old, &old).text(),
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
        .changes
        .into_iter()
        .map(|c| c.message)
        .collect();
    assert_eq!(
        texts,
        ["`A`: now sends Retry-After", "`B`: now sends Retry-After"]
    );
}

#[test]
fn every_kind_has_a_distinct_spelling() {
    let mut names = ChangeKind::NAMES.to_vec();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), ChangeKind::ALL.len());
    for kind in ChangeKind::ALL {
        assert_eq!(ChangeKind::from_name(kind.as_str()), Some(kind));
    }
}

#[test]
fn a_field_only_in_the_variant_breaks_rust_code_only() {
    // `internal`: the field is the variant's, never the body's.
    let catalog = |fields: &str| {
        load(&format!(
            "service: S\nerrors:\n\
             - code: A\n  status: 500\n  internal: true\n  message: \"db {{host}}\"\n{fields}"
        ))
    };
    let d = diff(
        &catalog("  fields:\n    host: string\n"),
        &catalog("  fields:\n    host: u32\n"),
    );
    assert_eq!(d.changes.len(), 1, "{d:?}");
    assert_eq!(d.changes[0].kind, ChangeKind::FieldRetyped);
    assert_eq!(d.changes[0].breaks, Breaks::RUST);
}

#[test]
fn json_names_the_kind_and_who_breaks() {
    let old = load("service: S\nerrors:\n- code: A\n  status: 404\n  message: a\n");
    let new = load("service: S\nerrors:\n- code: A\n  status: 410\n  message: a\n");
    let json = diff(&old, &new).to_json();
    assert_eq!(
        json,
        serde_json::json!({
            "breaking": true,
            "changes": [{
                "kind": "status", "code": "A", "breaking": true, "breaks": ["clients"],
                "before": "404", "after": "410", "message": "`A`: status 404 -> 410"
            }]
        })
    );
}
