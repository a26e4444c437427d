//! JSON string escaping: the one escaper for the text codegen pre-renders at build time and
//! the field values the runtime writes.
//!
//! The escaping is RFC 8259 plus HTML safety, so a body can be inlined in a `<script>` element
//! or an HTML page without a second pass:
//!
//! - `"` and `\` as `\"` and `\\`;
//! - control characters U+0000-U+001F as `\b \f \n \r \t` or `\u00XX`;
//! - `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026` (no `</script>`, `<!--` or entity can
//!   appear in the output);
//! - U+2028 and U+2029 as `\u2028`, `\u2029` (valid JSON, but line terminators in older
//!   JavaScript).
//!
//! Everything else, `'` included, is copied as UTF-8. The functions that write need the `alloc`
//! feature; [`needs_escape`] does not.

#[cfg(feature = "alloc")]
use alloc::string::String;
#[cfg(feature = "alloc")]
use alloc::vec::Vec;

/// For each byte: 0 when it is copied as is, else the byte that follows the backslash in its
/// short escape (`u` for `\u00XX`). `0xE2` is marked `?`: it may start U+2028 or U+2029.
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table[b'<' as usize] = b'u';
    table[b'>' as usize] = b'u';
    table[b'&' as usize] = b'u';
    table[0xE2] = b'?';
    table
};

#[cfg(feature = "alloc")]
const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(feature = "alloc")]
/// Appends `text` to `out`, escaped for the inside of a JSON string (no quotes added).
///
/// The common case, text with nothing to escape, is one scan and one `extend_from_slice`,
/// inlined at the call site; the first byte that needs escaping hands over to the out-of-line
/// [`escape_from`].
#[inline]
pub fn escape_into(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    match bytes.iter().position(|&b| ESCAPE[b as usize] != 0) {
        None => out.extend_from_slice(bytes),
        Some(first) => escape_from(bytes, first, out),
    }
}

#[cfg(feature = "alloc")]
/// [`escape_into`] from `first`, the first byte that may need escaping: runs of bytes that
/// need none are copied with one `extend_from_slice` each.
#[inline(never)]
fn escape_from(bytes: &[u8], first: usize, out: &mut Vec<u8>) {
    let mut start = 0;
    let mut i = first;
    while i < bytes.len() {
        let byte = bytes[i];
        let kind = ESCAPE[byte as usize];
        if kind == 0 {
            i += 1;
            continue;
        }
        if kind == b'?' {
            // U+2028 is E2 80 A8, U+2029 is E2 80 A9; every other E2 sequence is copied.
            match bytes.get(i + 1..i + 3) {
                Some([0x80, last @ (0xA8 | 0xA9)]) => {
                    out.extend_from_slice(&bytes[start..i]);
                    out.extend_from_slice(if *last == 0xA8 {
                        b"\\u2028"
                    } else {
                        b"\\u2029"
                    });
                    i += 3;
                    start = i;
                }
                _ => i += 1,
            }
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        if kind == b'u' {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(byte >> 4) as usize],
                HEX[(byte & 0xF) as usize],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', kind]);
        }
        i += 1;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(feature = "alloc")]
/// Appends `text` as a JSON string, quotes included.
#[inline]
pub fn string_into(text: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    escape_into(text, out);
    out.push(b'"');
}

/// A `fmt::Write` that escapes what is written into a JSON buffer, for `Display` values.
/// `write_str` always receives whole characters, so U+2028 is never split across calls.
#[cfg(feature = "alloc")]
pub struct Escaper<'a>(pub &'a mut Vec<u8>);

#[cfg(feature = "alloc")]
impl core::fmt::Write for Escaper<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        escape_into(s, self.0);
        Ok(())
    }
}

/// `text` escaped, as a `String` (build-time text and one-off uses; hot paths use
/// [`escape_into`]).
#[cfg(feature = "alloc")]
pub fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    escape_into(text, &mut out);
    // Escaping copies whole UTF-8 sequences or writes ASCII, so the bytes are UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// `text` as a JSON string, quotes included, as a `String`.
#[cfg(feature = "alloc")]
pub fn quoted(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    string_into(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// True when `text` has a byte the escaper changes, so that its JSON form differs from it.
pub fn needs_escape(text: &str) -> bool {
    text.bytes().any(|b| ESCAPE[b as usize] != 0) && escape_changes(text.as_bytes())
}

/// `0xE2` only marks a possible U+2028/U+2029: look closer.
fn escape_changes(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| match ESCAPE[b as usize] {
            0 => false,
            b'?' => matches!(bytes.get(i + 1..i + 3), Some([0x80, 0xA8 | 0xA9])),
            _ => true,
        })
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;
    extern crate std;
    use alloc::string::{String, ToString};

    /// Hostile strings.
    const HOSTILE: &[&str] = &[
        "",
        "plain",
        "quote \" backslash \\ slash /",
        "</script><script>alert(1)</script>",
        "<!-- & &amp; > <",
        "line\nbreak\r\ncrlf\ttab\u{8}\u{c}",
        "\u{0}\u{1}\u{1f}\u{7f}",
        "ls\u{2028}ps\u{2029}end",
        "\u{2027}\u{202a}€✓",
        "{braces}} {{ | */ /* `tick` 'single'",
        "emoji 😀 and combining e\u{301}",
    ];

    #[test]
    fn known_escapes() {
        assert_eq!(escape("a\"b\\c"), r#"a\"b\\c"#);
        assert_eq!(escape("</script>"), r"\u003c/script\u003e");
        assert_eq!(escape("a&b"), r"a\u0026b");
        assert_eq!(escape("\n\r\t\u{8}\u{c}"), r"\n\r\t\b\f");
        assert_eq!(escape("\u{0}\u{1f}"), r"\u0000\u001f");
        assert_eq!(escape("\u{2028}\u{2029}"), r"\u2028\u2029");
        assert_eq!(escape("€ '"), "€ '");
    }

    #[test]
    fn hostile_text_round_trips_through_serde_json() {
        for text in HOSTILE {
            let mut out = Vec::new();
            string_into(text, &mut out);
            let json = std::str::from_utf8(&out).expect("utf-8");
            let back: String = serde_json::from_str(json).expect(json);
            assert_eq!(&back, text);
            for bad in ["<", ">", "&", "\u{2028}", "\u{2029}", "\n", "\r"] {
                assert!(!json.contains(bad), "{json:?} contains {bad:?}");
            }
        }
    }

    #[test]
    fn needs_escape_is_exactly_when_the_text_changes() {
        for text in HOSTILE
            .iter()
            .copied()
            .chain(["\u{2027}\u{e2}", "a\u{2028}"])
        {
            assert_eq!(needs_escape(text), escape(text) != text, "{text:?}");
        }
        assert_eq!(quoted("a\"b"), "\"a\\\"b\"".to_string());
    }

    #[test]
    fn every_char_round_trips() {
        let all: String = (0..0x3000u32).filter_map(char::from_u32).collect();
        let mut out = Vec::new();
        string_into(&all, &mut out);
        let back: String = serde_json::from_slice(&out).expect("valid json");
        assert_eq!(back, all);
    }
}
