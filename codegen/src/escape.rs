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
//!
//! Rustdoc is Markdown with two more hazards: every code block whose info string is empty or
//! names Rust, and every indented block, is compiled and run as a doctest of the user's crate,
//! and raw HTML goes to the page as is. [`rustdoc_inline`] is for one-line text (codes,
//! messages, titles), [`rustdoc_blocks`] for text that may hold paragraphs and code (causes,
//! solutions, field docs), [`rustdoc_list_item`] for one of several causes or solutions.

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

/// One-line catalog text (a code's message, a title, a deprecation note) as rustdoc Markdown:
/// prose as [`md_prose`] writes it, so a `` `name` `` stays inline code and every other
/// character renders as itself. HTML is escaped, `[x]` is no intra-doc link, line breaks
/// become spaces, and no line can start a block (heading, list, quote, code).
pub fn rustdoc_inline(text: &str) -> String {
    md_prose(text, MdContext::Inline)
}

/// A code or other identifier-like text as an inline code span, whatever characters it holds.
pub fn rustdoc_code(text: &str) -> String {
    md_code(text, MdContext::Inline)
}

/// A URL as a rustdoc autolink (`<url>`), or as inline code when it holds a character an
/// autolink cannot (whitespace, `<`, `>`, a backtick), so it can never open HTML.
pub fn rustdoc_url(url: &str) -> String {
    let autolink = !url.is_empty()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '`'));
    if autolink {
        format!("<{url}>")
    } else {
        md_code(url, MdContext::Inline)
    }
}

/// Catalog text that may hold paragraphs and code (a cause, a solution, a field's doc) as
/// rustdoc Markdown blocks separated by blank lines, none of which rustdoc can run as a
/// doctest or render as HTML:
///
/// - a fenced block (```` ``` ```` or `~~~`, any info string, closed or not) becomes a
///   ```` ```text ```` block with the same content, so `` ```rust `` or a bare fence of TwiML
///   is shown, never compiled;
/// - an indented block (four columns or a tab, after a blank line) becomes a ```` ```text ````
///   block too, its indentation removed;
/// - every other paragraph is one line of prose as [`rustdoc_inline`] writes it.
///
/// The result has no leading or trailing newline and no line indented by four columns, so it
/// can follow a label or sit in a list item (see [`rustdoc_list_item`]).
pub fn rustdoc_blocks(text: &str) -> String {
    let text = normalize(text);
    let lines: Vec<&str> = text.split('\n').collect();
    let mut blocks: Vec<String> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, blocks: &mut Vec<String>| {
        if !paragraph.is_empty() {
            blocks.push(rustdoc_inline(&paragraph.join(" ")));
            paragraph.clear();
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(open) = fence_open(line) {
            flush(&mut paragraph, &mut blocks);
            let mut content = Vec::new();
            i += 1;
            while i < lines.len() && !open.closed_by(lines[i]) {
                content.push(strip_columns(lines[i], open.indent));
                i += 1;
            }
            // The closing fence, if there was one (an unclosed fence runs to the end).
            i += 1;
            blocks.push(text_block(&content));
        } else if line.trim().is_empty() {
            flush(&mut paragraph, &mut blocks);
            i += 1;
        } else if paragraph.is_empty() && indent_columns(line) >= 4 {
            let mut content = Vec::new();
            while i < lines.len() && (lines[i].trim().is_empty() || indent_columns(lines[i]) >= 4) {
                content.push(strip_columns(lines[i], 4));
                i += 1;
            }
            while content.last().is_some_and(|l| l.trim().is_empty()) {
                content.pop();
            }
            blocks.push(text_block(&content));
        } else {
            // Lazy continuation lines are part of the paragraph whatever their indentation.
            paragraph.push(line.trim());
            i += 1;
        }
    }
    flush(&mut paragraph, &mut blocks);
    blocks.join("\n\n")
}

/// One of several causes or solutions as a rustdoc list item (`- ...`): [`rustdoc_blocks`]
/// with its continuation lines indented under the item, so a code block stays inside it.
pub fn rustdoc_list_item(text: &str) -> String {
    let blocks = rustdoc_blocks(text);
    let mut out = String::with_capacity(blocks.len() + 8);
    out.push_str("- ");
    for (n, line) in blocks.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str("  ");
            }
        }
        out.push_str(line);
    }
    out
}

/// An opening code fence: its character, length and indentation.
struct FenceOpen {
    marker: u8,
    len: usize,
    indent: usize,
}

impl FenceOpen {
    /// Whether `line` closes this fence: the same character, at least as many, nothing after
    /// but spaces, indented less than four columns (CommonMark's rule).
    fn closed_by(&self, line: &str) -> bool {
        let indent = indent_columns(line);
        let rest = line.trim_start_matches([' ', '\t']);
        let run = rest.bytes().take_while(|&b| b == self.marker).count();
        indent < 4 && run >= self.len && rest[run..].trim().is_empty()
    }
}

/// `line` as an opening fence, if it is one: three or more backticks or tildes, indented less
/// than four columns; a backtick fence's info string cannot hold a backtick.
fn fence_open(line: &str) -> Option<FenceOpen> {
    let indent = indent_columns(line);
    let rest = line.trim_start_matches([' ', '\t']);
    let marker = *rest.as_bytes().first()?;
    if indent >= 4 || !matches!(marker, b'`' | b'~') {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == marker).count();
    let info = &rest[len..];
    (len >= 3 && !(marker == b'`' && info.contains('`'))).then_some(FenceOpen {
        marker,
        len,
        indent,
    })
}

/// The width of `line`'s leading whitespace, a tab advancing to the next multiple of four.
fn indent_columns(line: &str) -> usize {
    let mut columns = 0;
    for b in line.bytes() {
        match b {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => break,
        }
    }
    columns
}

/// `line` without up to `columns` columns of leading whitespace.
fn strip_columns(line: &str, columns: usize) -> &str {
    let mut width = 0;
    for (i, b) in line.bytes().enumerate() {
        if width >= columns {
            return &line[i..];
        }
        match b {
            b' ' => width += 1,
            b'\t' => width += 4 - width % 4,
            _ => return &line[i..],
        }
    }
    ""
}

/// Lines as a ```` ```text ```` block, which rustdoc shows and never runs.
fn text_block(lines: &[&str]) -> String {
    md_fence("text", &lines.join("\n")).trim_end().to_owned()
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
    fn rustdoc_inline_escapes_html_and_markdown() {
        assert_eq!(
            rustdoc_inline(HOSTILE),
            "a\\|b `c` \"q\" 'q' \\\\ {x} }} \\*bold\\* \\_u\\_ \\<script\\>alert(1)\\</script\\> \\*/ next line ü 🎉 \\# \\[l\\](u) \\&amp; \\@user"
        );
        assert_eq!(rustdoc_inline("    indented"), "indented");
        // A fence in one-line text is an inline code span.
        assert_eq!(
            rustdoc_inline("```rust\nfn x() {}\n```"),
            "`rust fn x() {}`"
        );
        assert_eq!(rustdoc_code("<script>`x`"), "`` <script>`x` ``");
        assert_eq!(rustdoc_url("https://a.b/{code}"), "<https://a.b/{code}>");
        assert_eq!(rustdoc_url("https://a.b/<x> y"), "`https://a.b/<x> y`");
    }

    #[test]
    fn rustdoc_fences_become_text_blocks() {
        let twiml = "Return valid TwiML:\r\n```xml\r\n<Response><Say>Hi</Say></Response>\r\n```\r\nthen retry.";
        assert_eq!(
            rustdoc_blocks(twiml),
            "Return valid TwiML:\n\n```text\n<Response><Say>Hi</Say></Response>\n```\n\nthen retry."
        );
        // A bare fence, a rust fence, a tilde fence, an unclosed fence: all text.
        assert_eq!(
            rustdoc_blocks("```\nlet x = <y>;\n```"),
            "```text\nlet x = <y>;\n```"
        );
        assert_eq!(
            rustdoc_blocks("~~~rust,should_panic\npanic!()\n~~~~"),
            "```text\npanic!()\n```"
        );
        assert_eq!(rustdoc_blocks("```\nopen"), "```text\nopen\n```");
        // Content with a fence of its own gets a longer one.
        assert_eq!(
            rustdoc_blocks("````md\n```rust\nx\n```\n````"),
            "````text\n```rust\nx\n```\n````"
        );
        // Indented opening fences keep their content's relative indentation.
        assert_eq!(
            rustdoc_blocks("  ```\n    a\n  b\n  ```"),
            "```text\n  a\nb\n```"
        );
        // A backtick in the info string: not a fence, inline text.
        assert_eq!(rustdoc_blocks("``` a`b"), "\\`\\`\\` a\\`b");
    }

    #[test]
    fn rustdoc_indented_blocks_become_text_blocks() {
        assert_eq!(
            rustdoc_blocks("Run:\n\n    cargo <x>\n\tfn main() {}\n\n    */ \\ {}\n\nDone."),
            "Run:\n\n```text\ncargo <x>\nfn main() {}\n\n*/ \\ {}\n```\n\nDone."
        );
        // Indentation inside a paragraph is a lazy continuation, not code.
        assert_eq!(rustdoc_blocks("a\n    b"), "a b");
        assert_eq!(rustdoc_blocks("    code"), "```text\ncode\n```");
    }

    #[test]
    fn rustdoc_blocks_output_is_safe() {
        let hostile = format!(
            "{HOSTILE}\n\n<script>alert('x')</script>\n\n```\n<script>\n```\n\n    \"quoted\" |\n\n- list\n> quote\n# h\nsetext\n---\n| a | b |\n[link]: https://x"
        );
        let out = rustdoc_blocks(&hostile);
        assert!(!out.contains('\r'));
        let mut in_fence = false;
        for line in out.lines() {
            if line.starts_with("```") {
                in_fence = !in_fence;
                if in_fence {
                    assert_eq!(line.trim_start_matches('`'), "text", "{out}");
                }
                continue;
            }
            if in_fence {
                continue;
            }
            assert!(
                !line.starts_with("    ") && !line.starts_with('\t'),
                "{line}"
            );
            // Every unescaped `<` opens an autolink, never a tag.
            let unescaped = line.replace("\\<", "");
            for (at, _) in unescaped.match_indices('<') {
                assert!(
                    unescaped[at + 1..].starts_with("https://"),
                    "raw HTML: {line}"
                );
            }
            assert!(
                !line.starts_with(['-', '>', '#', '|', '[', '~']),
                "block syntax survives: {line}"
            );
        }
        assert!(!in_fence, "unclosed fence in {out}");
    }

    #[test]
    fn rustdoc_list_items_indent_their_blocks() {
        assert_eq!(rustdoc_list_item("one"), "- one");
        assert_eq!(
            rustdoc_list_item("see\n```\nx\n\ny\n```"),
            "- see\n\n  ```text\n  x\n\n  y\n  ```"
        );
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
