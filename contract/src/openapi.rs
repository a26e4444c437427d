//! How the OpenAPI responses of several codes sent with one status become one Response object.
//!
//! errcat-codegen computes one Response object per code (its schema with the code as its only
//! value, its example body as an example named by its code, its headers). An OpenAPI
//! operation has one response per status, so codes sharing a status are merged by this one
//! rule: in the standalone document (`errcat openapi`), in the runtime's utoipa responses, and
//! when the runtime adds the framework's edges to an operation that already has a response of
//! that status. Each code stays distinguishable, by its schema in a `oneOf` and by its
//! example.
//!
//! The codes a response documents are the names of its examples: a code's own response names
//! its one example by its code, and a merged one keeps them all, so merged responses merge
//! again by the same rule.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde_json::{Map, Value};

/// The codes `response` documents: the names of its examples, in order, each once.
pub fn codes(response: &Value) -> Vec<&str> {
    let mut codes: Vec<&str> = Vec::new();
    if let Some(Value::Object(content)) = response.get("content") {
        for media in content.values() {
            if let Some(Value::Object(examples)) = media.get("examples") {
                for name in examples.keys() {
                    if !codes.contains(&name.as_str()) {
                        codes.push(name);
                    }
                }
            }
        }
    }
    codes
}

/// One Response object for everything `responses` document, all sent with one status.
///
/// A response whose codes ([`codes`]) are all documented by an earlier one is left out. The
/// result:
/// - `description`: `"{reason}: CODE_A, CODE_B."`, after the descriptions of responses that
///   document no code (a response not made by errcat);
/// - `headers`: every header any response has (the first definition), and, for one that not
///   every code is sent with, `Sent with CODE_A.` in its description (OpenAPI has no headers
///   per example);
/// - `content`: per media type, the distinct schemas (one, or a flat `oneOf` of them) and
///   every code's named example.
pub fn merge_status<'a>(reason: &str, responses: impl IntoIterator<Item = &'a Value>) -> Value {
    let mut all: Vec<&str> = Vec::new();
    let mut foreign: Vec<&str> = Vec::new();
    let mut headers = Map::new();
    let mut senders: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut media: Vec<(&str, Vec<&Value>, Map<String, Value>)> = Vec::new();
    for response in responses {
        let own = codes(response);
        if own.is_empty() {
            if let Some(Value::String(description)) = response.get("description") {
                foreign.push(description);
            }
        } else if own.iter().all(|code| all.contains(code)) {
            continue;
        }
        all.extend(
            own.iter()
                .filter(|code| !all.contains(code))
                .collect::<Vec<_>>(),
        );
        if let Some(Value::Object(own_headers)) = response.get("headers") {
            for (name, header) in own_headers {
                match senders.iter_mut().find(|(n, _)| n == name) {
                    Some((_, codes)) => codes.extend(&own),
                    None => {
                        senders.push((name.as_str(), own.clone()));
                        headers.insert(name.clone(), header.clone());
                    }
                }
            }
        }
        if let Some(Value::Object(content)) = response.get("content") {
            for (content_type, own_media) in content {
                let index = match media.iter().position(|(ct, _, _)| ct == content_type) {
                    Some(index) => index,
                    None => {
                        media.push((content_type.as_str(), Vec::new(), Map::new()));
                        media.len() - 1
                    }
                };
                let (_, schemas, examples) = &mut media[index];
                // A merged response's `oneOf` is flattened into this one.
                let own_schemas = match own_media.get("schema") {
                    Some(Value::Object(one)) if one.len() == 1 && one.contains_key("oneOf") => {
                        match one.get("oneOf") {
                            Some(Value::Array(many)) => many.iter().collect(),
                            _ => Vec::new(),
                        }
                    }
                    Some(schema) => Vec::from([schema]),
                    None => Vec::new(),
                };
                for schema in own_schemas {
                    if !schemas.contains(&schema) {
                        schemas.push(schema);
                    }
                }
                if let Some(Value::Object(own_examples)) = own_media.get("examples") {
                    for (name, example) in own_examples {
                        if !examples.contains_key(name) {
                            examples.insert(name.clone(), example.clone());
                        }
                    }
                }
            }
        }
    }

    for (name, sent_by) in &senders {
        if sent_by.is_empty() || all.iter().all(|code| sent_by.contains(code)) {
            continue;
        }
        if let Some(Value::Object(header)) = headers.get_mut(*name) {
            let sent_with = format!("Sent with {}.", sent_by.join(", "));
            let description = match header.get("description") {
                // Already said by an earlier merge.
                Some(Value::String(own)) if own.contains("Sent with ") => continue,
                Some(Value::String(own)) => format!("{own} {sent_with}"),
                _ => sent_with,
            };
            header.insert("description".into(), Value::String(description));
        }
    }

    let mut content = Map::new();
    for (content_type, schemas, examples) in media {
        let mut one = Map::new();
        match schemas.as_slice() {
            [] => {}
            [schema] => {
                one.insert("schema".into(), (*schema).clone());
            }
            many => {
                let many = many.iter().map(|s| (*s).clone()).collect();
                let mut one_of = Map::new();
                one_of.insert("oneOf".into(), Value::Array(many));
                one.insert("schema".into(), Value::Object(one_of));
            }
        }
        if !examples.is_empty() {
            one.insert("examples".into(), Value::Object(examples));
        }
        content.insert(content_type.into(), Value::Object(one));
    }

    let mut description = String::new();
    for text in foreign {
        description.push_str(text);
        description.push(' ');
    }
    if !all.is_empty() || description.is_empty() {
        description.push_str(&format!("{reason}: {}.", all.join(", ")));
    }
    let mut merged = Map::new();
    merged.insert(
        "description".into(),
        Value::String(description.trim_end().into()),
    );
    if !headers.is_empty() {
        merged.insert("headers".into(), Value::Object(headers));
    }
    if !content.is_empty() {
        merged.insert("content".into(), Value::Object(content));
    }
    Value::Object(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response(code: &str, header: Option<&str>) -> Value {
        let mut response = json!({
            "description": code,
            "content": { "application/json": {
                "schema": { "properties": { "code": { "enum": [code] } } },
                "examples": { code: { "value": { "code": code } } },
            } },
        });
        if let Some(header) = header {
            response["headers"] = json!({ header: { "schema": { "type": "string" } } });
        }
        response
    }

    #[test]
    fn codes_sharing_a_status_stay_distinguishable() {
        let a = response("A", Some("X-Trace"));
        let b = response("B", None);
        let merged = merge_status("Not Found", [&a, &b, &a]);
        assert_eq!(merged["description"], "Not Found: A, B.");
        assert_eq!(merged["headers"]["X-Trace"]["description"], "Sent with A.");
        let media = &merged["content"]["application/json"];
        assert_eq!(
            media["schema"]["oneOf"][1]["properties"]["code"]["enum"],
            json!(["B"])
        );
        assert_eq!(media["examples"]["A"]["value"]["code"], "A");
        assert_eq!(media["examples"]["B"]["value"]["code"], "B");
        assert_eq!(codes(&merged), ["A", "B"]);

        // One code: its own schema, not a oneOf of one; a header every code sends is as given.
        let one = merge_status("Not Found", [&a]);
        assert_eq!(
            one["content"]["application/json"]["schema"],
            a["content"]["application/json"]["schema"]
        );
        assert_eq!(one["headers"]["X-Trace"], a["headers"]["X-Trace"]);
    }

    #[test]
    fn merged_responses_merge_again_and_foreign_ones_keep_their_text() {
        let a = response("A", Some("X-Trace"));
        let b = response("B", None);
        let c = response("C", None);
        let ab = merge_status("Not Found", [&a, &b]);
        let abc = merge_status("Not Found", [&ab, &c]);
        assert_eq!(abc, merge_status("Not Found", [&a, &b, &c]));
        assert_eq!(
            abc["content"]["application/json"]["schema"]["oneOf"]
                .as_array()
                .map(Vec::len),
            Some(3)
        );
        assert_eq!(abc["headers"]["X-Trace"]["description"], "Sent with A.");

        let theirs = json!({ "description": "Gone for good" });
        let merged = merge_status("Not Found", [&theirs, &c]);
        assert_eq!(merged["description"], "Gone for good Not Found: C.");
        let alone = merge_status("Not Found", [&theirs]);
        assert_eq!(alone["description"], "Gone for good");
    }
}
