//! Per-request values that a body or a header can carry but the error itself does not know.

use std::borrow::Cow;

use crate::json;
use crate::render::Digits;

type Text = Cow<'static, str>;

/// Per-request values for rendering an error: `$request_id`, `$timestamp`, `$instance`,
/// `$field`, `$errors`, extra top-level members, extra response headers.
///
/// Built with chained setters; `Context::default()` is empty (what [`ApiError::to_json`]
/// uses). Static strings are kept without copying.
///
/// ```
/// let ctx = errcat::Context::new()
///     .request_id("req_abc123")
///     .timestamp("2025-12-14T10:30:00Z")
///     .field_error("title", "Title is required")
///     .header("X-RateLimit-Remaining", "0");
/// assert_eq!(ctx.get_request_id(), Some("req_abc123"));
/// ```
///
/// [`ApiError::to_json`]: crate::ApiError::to_json
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    pub(crate) request_id: Option<Text>,
    pub(crate) timestamp: Option<Text>,
    pub(crate) instance: Option<Text>,
    pub(crate) field: Option<Text>,
    /// Field -> messages, fields in the order first reported.
    pub(crate) errors: Vec<(Text, Vec<Text>)>,
    pub(crate) members: Vec<(Text, Member)>,
    pub(crate) headers: Vec<(Text, Text)>,
}

/// The value of an extra body member added with [`Context::member`].
#[derive(Debug, Clone, PartialEq)]
pub enum Member {
    String(Text),
    I64(i64),
    U64(u64),
    Bool(bool),
}

impl Member {
    pub(crate) fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Member::String(s) => json::string_into(s, out),
            Member::I64(n) => out.extend_from_slice(Digits::new().i64(*n).as_bytes()),
            Member::U64(n) => out.extend_from_slice(Digits::new().u64(*n).as_bytes()),
            Member::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        }
    }
}

impl From<&'static str> for Member {
    fn from(s: &'static str) -> Member {
        Member::String(Cow::Borrowed(s))
    }
}
impl From<String> for Member {
    fn from(s: String) -> Member {
        Member::String(Cow::Owned(s))
    }
}
impl From<i64> for Member {
    fn from(n: i64) -> Member {
        Member::I64(n)
    }
}
impl From<i32> for Member {
    fn from(n: i32) -> Member {
        Member::I64(n.into())
    }
}
impl From<u64> for Member {
    fn from(n: u64) -> Member {
        Member::U64(n)
    }
}
impl From<u32> for Member {
    fn from(n: u32) -> Member {
        Member::U64(n.into())
    }
}
impl From<bool> for Member {
    fn from(b: bool) -> Member {
        Member::Bool(b)
    }
}

impl Default for Context {
    fn default() -> Context {
        Context::new()
    }
}

impl Context {
    /// An empty context (also `Context::default()`); `const`, so it can be a `static`.
    pub const fn new() -> Context {
        Context {
            request_id: None,
            timestamp: None,
            instance: None,
            field: None,
            errors: Vec::new(),
            members: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// `$request_id`.
    pub fn request_id(mut self, id: impl Into<Text>) -> Context {
        self.request_id = Some(id.into());
        self
    }

    /// `$timestamp`, as the text the body should carry (RFC 3339 is usual).
    pub fn timestamp(mut self, timestamp: impl Into<Text>) -> Context {
        self.timestamp = Some(timestamp.into());
        self
    }

    /// `$instance`: the URI of this occurrence (problem+json `instance`).
    pub fn instance(mut self, instance: impl Into<Text>) -> Context {
        self.instance = Some(instance.into());
        self
    }

    /// `$field`: the name of the input field at fault.
    pub fn field(mut self, field: impl Into<Text>) -> Context {
        self.field = Some(field.into());
        self
    }

    /// Adds a message to `$errors` for `field`; messages for one field stay together, fields
    /// stay in the order first reported.
    pub fn field_error(mut self, field: impl Into<Text>, message: impl Into<Text>) -> Context {
        let field = field.into();
        let message = message.into();
        match self.errors.iter_mut().find(|(f, _)| *f == field) {
            Some((_, messages)) => messages.push(message),
            None => self.errors.push((field, vec![message])),
        }
        self
    }

    /// An extra member appended to the body's top-level object (after the template's own).
    pub fn member(mut self, key: impl Into<Text>, value: impl Into<Member>) -> Context {
        self.members.push((key.into(), value.into()));
        self
    }

    /// An extra response header (`X-RateLimit-Remaining`, ...), sent after the catalog's; it
    /// replaces a catalog header of the same name.
    pub fn header(mut self, name: impl Into<Text>, value: impl Into<Text>) -> Context {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn get_request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    pub fn get_timestamp(&self) -> Option<&str> {
        self.timestamp.as_deref()
    }

    pub fn get_instance(&self) -> Option<&str> {
        self.instance.as_deref()
    }

    pub fn get_field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// Field errors in order: field name, then its messages.
    pub fn field_errors(&self) -> impl Iterator<Item = (&str, impl Iterator<Item = &str>)> {
        self.errors
            .iter()
            .map(|(f, ms)| (f.as_ref(), ms.iter().map(|m| m.as_ref())))
    }

    pub fn members(&self) -> impl Iterator<Item = (&str, &Member)> {
        self.members.iter().map(|(k, v)| (k.as_ref(), v))
    }

    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(k, v)| (k.as_ref(), v.as_ref()))
    }
}

/// The context an error renders with: the error's own (a [`WithContext`]'s, possibly inside a
/// derived enum) over the request's. The one merge rule:
///
/// - `$request_id`, `$timestamp`, `$instance` and `$field`: the error's own value, else the
///   request's;
/// - `$errors`: the error's own field errors when it has any, else the request's;
/// - extra members and headers: the error's own, then the request's whose key (header name,
///   ignoring ASCII case) the error's own lists lack, so a key is never sent twice and the
///   error's value wins.
///
/// Without an own context this is the request's, borrowed: no copy on the common path. A copy
/// is made only when the request's context has something the error's own lacks.
///
/// [`WithContext`]: crate::WithContext
pub(crate) fn effective<'a>(
    own: Option<Cow<'a, Context>>,
    request: &'a Context,
) -> Cow<'a, Context> {
    match own {
        None => Cow::Borrowed(request),
        Some(own) if !own.lacks_any_of(request) => own,
        Some(own) => Cow::Owned(own.into_owned().over(request)),
    }
}

impl Context {
    /// True when `under` has something [`effective`] would add to `self`.
    fn lacks_any_of(&self, under: &Context) -> bool {
        (self.request_id.is_none() && under.request_id.is_some())
            || (self.timestamp.is_none() && under.timestamp.is_some())
            || (self.instance.is_none() && under.instance.is_some())
            || (self.field.is_none() && under.field.is_some())
            || (self.errors.is_empty() && !under.errors.is_empty())
            || under.members.iter().any(|(key, _)| !self.has_member(key))
            || under.headers.iter().any(|(name, _)| !self.has_header(name))
    }

    /// `self` with what it lacks filled from `under`: [`effective`]'s rule.
    pub(crate) fn over(mut self, under: &Context) -> Context {
        fn fill(slot: &mut Option<Text>, from: &Option<Text>) {
            if slot.is_none() {
                slot.clone_from(from);
            }
        }
        fill(&mut self.request_id, &under.request_id);
        fill(&mut self.timestamp, &under.timestamp);
        fill(&mut self.instance, &under.instance);
        fill(&mut self.field, &under.field);
        if self.errors.is_empty() {
            self.errors.clone_from(&under.errors);
        }
        for (key, member) in &under.members {
            if !self.has_member(key) {
                self.members.push((key.clone(), member.clone()));
            }
        }
        for (name, value) in &under.headers {
            if !self.has_header(name) {
                self.headers.push((name.clone(), value.clone()));
            }
        }
        self
    }

    fn has_member(&self, key: &str) -> bool {
        self.members.iter().any(|(k, _)| k == key)
    }

    /// True when the context sets header `name`: header names are case-insensitive (RFC 9110
    /// §5.1).
    pub(crate) fn has_header(&self, name: &str) -> bool {
        self.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_group_by_field_in_first_seen_order() {
        let ctx = Context::new()
            .field_error("title", "required")
            .field_error("amount", "must be > 0")
            .field_error("title", "too short");
        let got: Vec<(String, Vec<String>)> = ctx
            .field_errors()
            .map(|(f, ms)| (f.to_owned(), ms.map(str::to_owned).collect()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("title".into(), vec!["required".into(), "too short".into()]),
                ("amount".into(), vec!["must be > 0".into()]),
            ]
        );
    }
}

#[cfg(test)]
mod merge_tests {
    use super::*;

    fn request() -> Context {
        Context::new()
            .request_id("req_request")
            .timestamp("2025-12-14T10:30:00Z")
            .instance("/books/7")
    }

    #[test]
    fn without_an_own_context_the_requests_is_borrowed() {
        let request = request();
        let merged = effective(None, &request);
        assert!(matches!(merged, Cow::Borrowed(r) if core::ptr::eq(r, &request)));
    }

    #[test]
    fn own_values_win_and_the_request_fills_what_they_lack() {
        let own = Context::new()
            .request_id("req_own")
            .field_error("title", "required")
            .member("limit", 10u32)
            .header("X-RateLimit-Remaining", "0");
        let request = request()
            .member("limit", 99u32)
            .member("region", "eu")
            .header("x-ratelimit-remaining", "5")
            .header("X-Served-By", "a1");
        let merged = effective(Some(Cow::Borrowed(&own)), &request);
        assert_eq!(merged.get_request_id(), Some("req_own"));
        assert_eq!(merged.get_timestamp(), Some("2025-12-14T10:30:00Z"));
        assert_eq!(merged.get_instance(), Some("/books/7"));
        assert_eq!(merged.field_errors().count(), 1);
        let members: Vec<(&str, &Member)> = merged.members().collect();
        assert_eq!(
            members,
            [("limit", &Member::U64(10)), ("region", &Member::from("eu"))]
        );
        let headers: Vec<(&str, &str)> = merged.headers().collect();
        assert_eq!(
            headers,
            [("X-RateLimit-Remaining", "0"), ("X-Served-By", "a1")]
        );
    }

    #[test]
    fn an_own_context_with_everything_the_request_has_is_not_copied() {
        // What a handler holds after extracting the request's context and adding to it.
        let own = request().header("X-RateLimit-Remaining", "0");
        let request = request();
        let merged = effective(Some(Cow::Borrowed(&own)), &request);
        assert!(matches!(merged, Cow::Borrowed(c) if core::ptr::eq(c, &own)));
    }
}
