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

/// Code-block attributes rustdoc knows; a fence whose words are all among these (or `rust`)
/// is compiled as a doctest.
const RUSTDOC_ATTRIBUTES: &[&str] = &[
    "rust",
    "ignore",
    "should_panic",
    "no_run",
    "compile_fail",
    "test_harness",
    "standalone_crate",
    "allow_fail",
    "edition2015",
    "edition2018",
    "edition2021",
    "edition2024",
];

/// Whether rustdoc would compile a fence with this info string: no words, `rust` among them,
/// or only rustdoc's own attributes.
fn rustdoc_runs(info: &str) -> bool {
    let words: Vec<&str> = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|w| w.trim_matches(|c| c == '{' || c == '}' || c == '.'))
        .filter(|w| !w.is_empty())
        .collect();
    words.contains(&"rust") || words.iter().all(|w| RUSTDOC_ATTRIBUTES.contains(w))
}

/// Text for a doc comment: lines ended by `\n` only, no control or bidirectional characters,
/// indentation capped so that no line becomes an indented code block, and code fences that
/// rustdoc would compile as Rust marked `text`. `None` if nothing readable is left.
pub(crate) fn doc_text(raw: &str) -> Option<String> {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = Vec::new();
    // The mark of the open fence, if inside one: only the same mark closes it.
    let mut open_fence: Option<&str> = None;
    for line in unified.split('\n') {
        let line: String = line
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control() && !is_bidi_control(*c))
            .collect();
        let line = line.trim_end();
        let trimmed = line.trim_start();
        let fence = ["```", "~~~"]
            .into_iter()
            .filter(|mark| open_fence.is_none_or(|open| open == *mark))
            .find_map(|mark| trimmed.strip_prefix(mark).map(|info| (mark, info)));
        if let Some((mark, info)) = fence {
            // Rustdoc compiles a fence it reads as Rust; the spec's examples are not Rust
            // meant to compile here.
            let line = if open_fence.is_none() && rustdoc_runs(info) {
                format!("{mark}text")
            } else {
                trimmed.to_owned()
            };
            open_fence = match open_fence {
                None => Some(mark),
                Some(_) => None,
            };
            lines.push(line);
            continue;
        }
        if open_fence.is_some() {
            lines.push(line.to_owned());
        } else {
            let indent = (line.len() - trimmed.len()).min(3);
            lines.push(format!("{}{trimmed}", " ".repeat(indent)));
        }
    }
    if let Some(mark) = open_fence {
        lines.push(mark.to_owned());
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

/// `text` with its first letter in upper case.
pub(crate) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// How many characters of doc text go on a line, before it is wrapped.
pub(crate) const DOC_WIDTH: usize = 90;

/// Wraps the long lines of Markdown doc text (from [`doc_text`]) at spaces to `width`
/// characters. Code blocks, table rows and headings are kept as they are; a list item's
/// continuation lines are indented under its text; a line is never broken where the next one
/// would start a new block (`- x`, `1. x`, `# x`, `> x`, `| x`).
pub(crate) fn wrap_doc(text: &str, width: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            out.push(line.to_owned());
            continue;
        }
        if in_fence
            || line.chars().count() <= width
            || trimmed.starts_with('|')
            || trimmed.starts_with('#')
        {
            out.push(line.to_owned());
            continue;
        }
        wrap_line(line, width, &mut out);
    }
    out.join("\n")
}

fn wrap_line(line: &str, width: usize, out: &mut Vec<String>) {
    let indent = line.len() - line.trim_start().len();
    let marker = list_marker(line.trim_start()).unwrap_or(0);
    let hanging = " ".repeat(indent + marker);
    let mut current = String::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let fits = current.chars().count() + 1 + word.chars().count() <= width;
        if current.is_empty() {
            current = format!("{}{word}", &line[..indent]);
        } else if fits || starts_block(word) || current.trim().is_empty() {
            current.push(' ');
            current.push_str(word);
        } else {
            out.push(std::mem::replace(&mut current, format!("{hanging}{word}")));
        }
    }
    out.push(current);
}

/// The width of the list marker a line starts with (`- `, `* `, `+ `, `12. `, `3) `).
fn list_marker(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

/// Whether a word at the start of a line would begin a new Markdown block.
fn starts_block(word: &str) -> bool {
    matches!(word, "-" | "*" | "+" | "=" | ">")
        || word.starts_with('#')
        || word.starts_with('>')
        || word.starts_with('|')
        || word.starts_with("```")
        || word.starts_with("~~~")
        || word.starts_with("--")
        || word.starts_with("==")
        || list_marker(&format!("{word} ")).is_some_and(|w| w > 2)
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
    fn fences_rustdoc_would_compile_are_marked_text() {
        for info in [
            "",
            "rust",
            "no_run",
            "rust title",
            "should_panic,edition2021",
            "{.rust}",
        ] {
            let text = format!("```{info}\nfn main() {{}}\n```");
            assert_eq!(
                doc_text(&text).as_deref(),
                Some("```text\nfn main() {}\n```"),
                "{info:?}"
            );
        }
        assert_eq!(doc_text("~~~\nx\n~~~").as_deref(), Some("~~~text\nx\n~~~"));
        assert_eq!(
            doc_text("~~~\n```\nx").as_deref(),
            Some("~~~text\n```\nx\n~~~")
        );
        assert_eq!(
            doc_text("```python\nx\n```").as_deref(),
            Some("```python\nx\n```")
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

    #[test]
    fn long_doc_lines_wrap_at_spaces() {
        let text = "one two three four five six";
        assert_eq!(wrap_doc(text, 9), "one two\nthree\nfour five\nsix");
    }

    #[test]
    fn list_items_wrap_under_their_text() {
        let text = "- alpha beta gamma\n12. delta epsilon";
        assert_eq!(
            wrap_doc(text, 11),
            "- alpha\n  beta\n  gamma\n12. delta\n    epsilon"
        );
    }

    #[test]
    fn code_tables_and_headings_stay_whole() {
        let text = "```text\na b c d e f g h\n```\n| a b c d e f |\n# a b c d e f";
        assert_eq!(wrap_doc(text, 5), text);
    }

    #[test]
    fn a_break_never_starts_a_new_block() {
        // Breaking before `-` or `1.` would turn the rest into a list.
        assert_eq!(wrap_doc("amount - fee", 8), "amount -\nfee");
        assert_eq!(wrap_doc("see step 1. then", 9), "see step 1.\nthen");
    }

    #[test]
    fn a_word_longer_than_the_width_stays_whole() {
        assert_eq!(
            wrap_doc("a https://example.com/long b", 10),
            "a\nhttps://example.com/long\nb"
        );
    }
}
