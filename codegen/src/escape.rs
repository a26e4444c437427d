//! Escaping, one function per target language, so that catalog text of any shape (quotes,
//! pipes, backticks, braces, CRLF, `*/`, `<script>`, unicode) lands in generated files as
//! the same text and never as syntax.
//!
//! JSON is not here: JSON output is built as `serde_json::Value` and serialized by serde_json.
//!
//! Markdown has three entry points because Markdown has three contexts: plain text
//! ([`md_text`]), prose in which a pair of backticks marks inline code the way the seed pages
//! write `` `Authorization` `` ([`md_prose`]), and code spans and fenced blocks ([`md_code`],
//! [`md_fence`]). Each takes a [`MdContext`] because a table cell cannot hold a line break and
//! needs `|` escaped even inside code spans (GFM splits cells before it parses inlines).

use std::fmt::Write as _;

/// Where Markdown text is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MdContext {
    /// A paragraph, list item or heading: one logical line.
    Inline,
    /// A GFM table cell.
    TableCell,
}

/// Normalizes line ends (CRLF and lone CR become LF) and turns every other control character
/// except tab into U+FFFD, so no generated file carries a stray CR, NUL or escape sequence.
pub fn normalize(text: &str) -> String {
    // Fast path: nearly all text has no CR and no control characters (a C1 control is
    // U+0080..U+009F, UTF-8 0xC2 0x80..0x9F).
    let bytes = text.as_bytes();
    let clean = bytes.iter().enumerate().all(|(i, &b)| {
        (b >= 0x20 && b != 0x7f || b == b'\n' || b == b'\t')
            && !(b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    });
    if clean {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Collapses all whitespace runs (line breaks included) into single spaces, trims, and
/// replaces control characters as [`normalize`] does, in one pass: for contexts that hold
/// one line.
fn one_line(text: &str) -> String {
    // Fast path: printable ASCII with single inner spaces is already one clean line.
    let bytes = text.as_bytes();
    if bytes.iter().all(|&b| (0x20..0x7f).contains(&b))
        && !text.contains("  ")
        && !text.starts_with(' ')
        && !text.ends_with(' ')
    {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(if c.is_control() { '\u{fffd}' } else { c });
    }
    out
}

/// Plain text as Markdown inline text: it renders as exactly these characters.
///
/// Escapes every character that could start Markdown syntax (emphasis, code, links, HTML,
/// entities, tables, block markers at the start of the line) and turns bare URLs into
/// autolinks, so markdownlint's no-bare-urls holds and the link still works.
pub fn md_text(text: &str, _context: MdContext) -> String {
    let text = one_line(text);
    let mut out = String::with_capacity(text.len() + 8);
    escape_run(&text, true, &mut out);
    out
}

/// Prose: plain text in which a backtick string and the next backtick string of the same
/// length enclose inline code (`` `Authorization` ``), as catalog authors write causes and
/// solutions. Everything outside the code spans is escaped as by [`md_text`]; an unmatched
/// backtick is escaped.
pub fn md_prose(text: &str, context: MdContext) -> String {
    let text = one_line(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text.as_str();
    let mut at_start = true;
    while let Some(open) = rest.find('`') {
        let run = backtick_run(&rest[open..]);
        let after = &rest[open + run..];
        match find_closing_run(after, run) {
            Some(close) if !after[..close].trim().is_empty() => {
                escape_run(&rest[..open], at_start, &mut out);
                out.push_str(&md_code(&after[..close], context));
                rest = &after[close + run..];
            }
            _ => {
                escape_run(&rest[..open], at_start, &mut out);
                for _ in 0..run {
                    out.push_str("\\`");
                }
                rest = after;
            }
        }
        at_start = false;
    }
    escape_run(rest, at_start, &mut out);
    out
}

/// Any text as one inline code span: the fence is one backtick longer than the longest
/// backtick run inside, padded with a space when the text starts or ends with a backtick
/// (CommonMark strips one space on each side). In a table cell `|` becomes `\|`, which GFM
/// reads as a literal pipe even inside code.
pub fn md_code(text: &str, context: MdContext) -> String {
    let text = one_line(text);
    if text.is_empty() {
        // An empty code span cannot be written; a visible empty string is what readers expect.
        return "`\"\"`".to_owned();
    }
    let fence = "`".repeat(longest_backtick_run(&text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    let body = match context {
        MdContext::TableCell => text.replace('|', "\\|"),
        MdContext::Inline => text,
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// A fenced code block holding `content` verbatim: the fence is longer than any backtick run
/// in the content, so no line of it can close the block early.
pub fn md_fence(info: &str, content: &str) -> String {
    let content = normalize(content);
    let fence = "`".repeat((longest_backtick_run(&content) + 1).max(3));
    let mut out = String::with_capacity(content.len() + 16);
    let _ = writeln!(out, "{fence}{info}");
    out.push_str(content.trim_end_matches('\n'));
    out.push('\n');
    out.push_str(&fence);
    out.push('\n');
    out
}

/// A value for an HTML attribute in double quotes (the `id` of an anchor).
pub fn html_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in normalize(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn backtick_run(text: &str) -> usize {
    text.bytes().take_while(|&b| b == b'`').count()
}

fn longest_backtick_run(text: &str) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for b in text.bytes() {
        if b == b'`' {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

/// Byte offset of the next backtick run of exactly `len` backticks.
fn find_closing_run(text: &str, len: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let run = backtick_run(&text[i..]);
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// Escapes one stretch of plain text (no code spans) into `out`.
fn escape_run(text: &str, at_line_start: bool, out: &mut String) {
    let mut rest = text;
    let mut first = at_line_start;
    while !rest.is_empty() {
        if let Some(url_len) = bare_url_len(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            first = false;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if first {
            first = false;
            // Block syntax only counts at the start of a line: headings, quotes, list
            // markers, thematic breaks and setext underlines.
            if matches!(c, '#' | '>' | '-' | '+' | '=') {
                out.push('\\');
                out.push(c);
                continue;
            }
            if c.is_ascii_digit() {
                // `1.` / `1)` at the start would begin an ordered list.
                out.push(c);
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                out.push_str(&rest[..digits]);
                rest = &rest[digits..];
                if let Some(marker @ ('.' | ')')) = rest.chars().next() {
                    out.push('\\');
                    out.push(marker);
                    rest = &rest[1..];
                }
                continue;
            }
        }
        match c {
            // `#` anywhere: a trailing run would close an ATX heading.
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            // `&name;` and `&#1;` are entity references; a lone `&` is just text.
            '&' if rest.starts_with(|n: char| n.is_ascii_alphanumeric() || n == '#') => {
                out.push_str("\\&");
            }
            // `!` only matters before `[`, which is escaped anyway; `@` can end an email
            // autolink literal, which markdownlint reports as a bare URL.
            '@' => out.push_str("\\@"),
            c => out.push(c),
        }
    }
}

/// Length of an `http://` or `https://` URL at the start of `text`, if one is there. Stops at
/// whitespace and at characters that cannot be in an autolink; a trailing `.`, `,`, `)` or
/// `;` is left out, as a reader would expect at the end of a sentence.
fn bare_url_len(text: &str) -> Option<usize> {
    let scheme = if text.starts_with("https://") {
        8
    } else if text.starts_with("http://") {
        7
    } else {
        return None;
    };
    let end = text
        .find(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '`' | '|'))
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ')', ';', ':', '!', '?', '\'', '"']);
    (url.len() > scheme).then_some(url.len())
}

/// A TypeScript string literal in single quotes.
pub fn ts_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Line terminators in JS source, and every other control character.
            '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Text for a TypeScript comment (`//` line or `/** */` block): one line, and `*/` can never
/// close the comment early.
pub fn ts_comment(text: &str) -> String {
    one_line(text)
        .replace(['\u{2028}', '\u{2029}'], " ")
        .replace("*/", "*\\/")
}

/// A TypeScript property name: bare when it is an identifier, else a string literal.
pub fn ts_property(name: &str) -> String {
    let mut chars = name.chars();
    let is_ident = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if is_ident {
        name.to_owned()
    } else {
        ts_string(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a|b `c` \"q\" 'q' \\ {x} }} *bold* _u_ <script>alert(1)</script> */ \r\nnext\rline ü 🎉 # [l](u) &amp; @user";

    #[test]
    fn normalize_line_ends_and_controls() {
        assert_eq!(
            normalize("a\r\nb\rc\nd\u{0}e\u{1b}"),
            "a\nb\nc\nd\u{fffd}e\u{fffd}"
        );
    }

    #[test]
    fn md_text_escapes_everything() {
        assert_eq!(
            md_text(HOSTILE, MdContext::TableCell),
            "a\\|b \\`c\\` \"q\" 'q' \\\\ {x} }} \\*bold\\* \\_u\\_ \\<script\\>alert(1)\\</script\\> \\*/ next line ü 🎉 \\# \\[l\\](u) \\&amp; \\@user"
        );
        assert_eq!(md_text("# title", MdContext::Inline), "\\# title");
        assert_eq!(md_text("- item", MdContext::Inline), "\\- item");
        assert_eq!(md_text("12. item", MdContext::Inline), "12\\. item");
        assert_eq!(md_text("> quote", MdContext::Inline), "\\> quote");
        assert_eq!(md_text("Q & A", MdContext::Inline), "Q & A");
    }

    #[test]
    fn md_text_autolinks_urls() {
        assert_eq!(
            md_text("See https://status.acme.dev/x?a=1.", MdContext::Inline),
            "See <https://status.acme.dev/x?a=1>."
        );
        assert_eq!(md_text("https://", MdContext::Inline), "https://");
        assert_eq!(
            md_text("see <https://a.b>", MdContext::Inline),
            "see \\<<https://a.b>\\>"
        );
    }

    #[test]
    fn md_prose_keeps_code_spans() {
        assert_eq!(
            md_prose(
                "Add the `Authorization: Bearer {token}` header",
                MdContext::TableCell
            ),
            "Add the `Authorization: Bearer {token}` header"
        );
        assert_eq!(
            md_prose("pipe `a|b` here", MdContext::TableCell),
            "pipe `a\\|b` here"
        );
        assert_eq!(
            md_prose("pipe `a|b` here", MdContext::Inline),
            "pipe `a|b` here"
        );
        assert_eq!(md_prose("lone ` tick", MdContext::Inline), "lone \\` tick");
        assert_eq!(
            md_prose("``a`b`` and `<script>`", MdContext::Inline),
            "``a`b`` and `<script>`"
        );
        assert_eq!(md_prose("` ` x", MdContext::Inline), "\\` \\` x");
        assert_eq!(md_prose("*x* `y`", MdContext::Inline), "\\*x\\* `y`");
    }

    #[test]
    fn md_code_any_text() {
        assert_eq!(md_code("a", MdContext::Inline), "`a`");
        assert_eq!(md_code("a`b", MdContext::Inline), "``a`b``");
        assert_eq!(md_code("`a", MdContext::Inline), "`` `a ``");
        assert_eq!(md_code("a|b", MdContext::TableCell), "`a\\|b`");
        assert_eq!(md_code("a\r\nb", MdContext::Inline), "`a b`");
        assert_eq!(md_code("", MdContext::Inline), "`\"\"`");
    }

    #[test]
    fn md_fence_outlasts_content() {
        assert_eq!(md_fence("json", "{}\n"), "```json\n{}\n```\n");
        assert_eq!(md_fence("", "```\nx\r\n"), "````\n```\nx\n````\n");
    }

    #[test]
    fn html_attr_escapes_quotes() {
        assert_eq!(html_attr("a\"b<c>&"), "a&quot;b&lt;c&gt;&amp;");
    }

    #[test]
    fn ts_escapes() {
        assert_eq!(
            ts_string("it's \\ \"x\"\r\n\u{2028}</script>ü"),
            "'it\\'s \\\\ \"x\"\\r\\n\\u2028</script>ü'"
        );
        assert_eq!(ts_comment("a */ b\r\nc"), "a *\\/ b c");
        assert_eq!(ts_property("requestId"), "requestId");
        assert_eq!(ts_property("request-id"), "'request-id'");
        assert_eq!(ts_property("9x"), "'9x'");
        assert_eq!(ts_property(""), "''");
    }
}
