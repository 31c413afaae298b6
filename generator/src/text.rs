//! Text from the spec on its way into Rust source, docs or `Cargo.toml`, made safe to compile.
//!
//! A description may hold anything: control characters, a bare `\r`, bidirectional overrides
//! (which rustc refuses in source), code fences that rustdoc would run as tests, or nothing but
//! spaces. Identifiers never come from here: the naming module builds those.

/// Bidirectional controls: rustc's `text_direction_codepoint_in_comment` and `…_in_literal`
/// lints refuse them, and they can make source read differently from how it compiles.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Text for a doc comment: lines ended by `\n` only, no control or bidirectional characters,
/// indentation capped so that no line becomes an indented code block, and code fences that
/// rustdoc would compile as Rust marked `text`. `None` if nothing readable is left.
pub(crate) fn doc_text(raw: &str) -> Option<String> {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = Vec::new();
    let mut in_fence = false;
    for line in unified.split('\n') {
        let line: String = line
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control() && !is_bidi_control(*c))
            .collect();
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            let info = info.trim();
            // Rustdoc tests a fence with no language, or `rust`; the spec's examples are
            // not Rust meant to compile here.
            let is_rust = info.is_empty() || info.split(',').any(|w| w.trim() == "rust");
            let fence = if !in_fence && is_rust {
                "```text".to_owned()
            } else {
                trimmed.to_owned()
            };
            in_fence = !in_fence;
            lines.push(fence);
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
        } else {
            let indent = (line.len() - trimmed.len()).min(3);
            lines.push(format!("{}{trimmed}", " ".repeat(indent)));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    let text = lines.join("\n");
    let text = text.trim_matches('\n');
    if text.trim().is_empty() {
        None
    } else {
        Some(text.to_owned())
    }
}

/// One line of plain text, e.g. a title in a `//!` line: controls become spaces.
pub(crate) fn one_line(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A TOML basic string, quotes included, with every character TOML needs escaped.
pub(crate) fn toml_string(raw: &str) -> String {
    let mut out = String::from("\"");
    for c in one_line(raw).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_and_controls_are_removed_from_docs() {
        assert_eq!(doc_text("a\u{202E}b\u{7}c\rd").as_deref(), Some("abc\nd"));
    }

    #[test]
    fn blank_descriptions_have_no_doc() {
        assert_eq!(doc_text(" \n\t \r\n"), None);
    }

    #[test]
    fn unmarked_code_fences_are_not_doctests() {
        assert_eq!(
            doc_text("x:\n```\nlet a = ;\n```").as_deref(),
            Some("x:\n```text\nlet a = ;\n```")
        );
        assert_eq!(
            doc_text("```json\n{}\n```").as_deref(),
            Some("```json\n{}\n```")
        );
    }

    #[test]
    fn unclosed_fences_are_closed_and_indentation_is_capped() {
        assert_eq!(
            doc_text("para\n\n        code?\n```").as_deref(),
            Some("para\n\n   code?\n```text\n```")
        );
    }

    #[test]
    fn toml_strings_escape_quotes_backslashes_and_newlines() {
        assert_eq!(toml_string("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c d\"");
    }
}
