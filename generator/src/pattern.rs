//! Translates a spec's `pattern` into a Rust `regex` that accepts exactly what the server accepts.
//!
//! A pattern means different things in different dialects. JSON Schema (and so OpenAPI) reads it
//! as an ECMA-262 regex that may match anywhere in the value. A Java server validating with Bean
//! Validation's `@Pattern` calls `Matcher.matches()`, so the whole value must match, and `\d`,
//! `\s`, `\w` are ASCII. Rust's `regex` crate agrees with neither by default: its classes are
//! Unicode and `is_match` searches. So the pattern is parsed, its classes and `.` are rewritten
//! into explicit sets of the declared dialect, and Java patterns are anchored as `\A(?:…)\z`.
//!
//! Constructs that `regex` would read differently from the declared dialect, and could not be
//! rewritten faithfully, are refused with a reason instead of being guessed at.

use regex_syntax::ast::{
    self, Ast, ClassPerl, ClassPerlKind, ClassSet, ClassSetBinaryOpKind, ClassSetItem,
    ClassUnicodeKind, GroupKind, LiteralKind, SpecialLiteralKind,
};

/// How the server reads the document's patterns; declared once with `x-pattern-dialect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// JSON Schema's default: ECMA-262 syntax, and a match anywhere in the value.
    Ecma262,
    /// `java.util.regex` with `Matcher.matches()`: the whole value must match; ASCII classes.
    Java,
}

impl Dialect {
    pub(crate) fn parse(name: &str) -> Option<Dialect> {
        match name {
            "ecma262" => Some(Dialect::Ecma262),
            "java" => Some(Dialect::Java),
            _ => None,
        }
    }

    /// The members of `\s` in this dialect, in `regex` class syntax.
    fn space_set(self) -> &'static str {
        match self {
            // java.util.regex: [ \t\n\x0B\f\r].
            Dialect::Java => r"\t\n\x0B\x0C\r ",
            // ECMA-262 WhiteSpace and LineTerminator code points.
            Dialect::Ecma262 => {
                r"\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}"
            }
        }
    }

    /// What `.` matches in this dialect: anything but a line terminator.
    fn dot_class(self) -> &'static str {
        match self {
            Dialect::Java => r"[^\n\r\x{85}\x{2028}\x{2029}]",
            Dialect::Ecma262 => r"[^\n\r\x{2028}\x{2029}]",
        }
    }
}

/// A pattern made ready for the `regex` crate.
#[derive(Debug, Clone)]
pub(crate) struct Translated {
    /// The regex source to compile; it has the dialect's meaning under `Regex::is_match`.
    pub(crate) regex: String,
    /// The compiled regex, for checking examples at generation time.
    pub(crate) compiled: regex::Regex,
}

/// Translates `pattern` from `dialect`, or gives every reason it cannot be.
pub(crate) fn translate(pattern: &str, dialect: Dialect) -> Result<Translated, Vec<String>> {
    let parsed = ast::parse::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|error| vec![format!("the pattern does not compile: {}", error.kind())])?;
    let mut rewriter = Rewriter {
        dialect,
        source: pattern,
        edits: Vec::new(),
        problems: Vec::new(),
    };
    rewriter.visit(&parsed);
    if !rewriter.problems.is_empty() {
        return Err(rewriter.problems);
    }
    let rewritten = apply_edits(pattern, rewriter.edits);
    let regex = match dialect {
        Dialect::Java => format!(r"\A(?:{rewritten})\z"),
        Dialect::Ecma262 => rewritten,
    };
    let compiled = regex::Regex::new(&regex)
        .map_err(|error| vec![format!("the pattern does not compile in Rust: {error}")])?;
    Ok(Translated { regex, compiled })
}

/// `source` with each byte range replaced, in one pass: replacing them one by one would move
/// the rest of the text each time, quadratic in a pattern of many classes.
fn apply_edits(source: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.sort_by_key(|edit| edit.0);
    let mut rewritten = String::with_capacity(source.len());
    let mut copied = 0;
    for (start, end, replacement) in edits {
        rewritten.push_str(&source[copied..start]);
        rewritten.push_str(&replacement);
        copied = end;
    }
    rewritten.push_str(&source[copied..]);
    rewritten
}

/// The longest pattern, in bytes, that gets the checks which only look for defects of the spec
/// ([`ecma_unicode_error`], [`accepts_everything`]). The ECMA-262 parser nests one level per
/// alternative, so its stack and time grow with the pattern, and probing a regex the size of
/// `regex`'s limit costs time in proportion to it; real patterns (even long enumerations of
/// codes) stay far below this.
pub(crate) const MAX_CHECKED_BYTES: usize = 16 * 1024;

/// Whether `source` is too long for the checks that only look for defects; see
/// [`MAX_CHECKED_BYTES`]. The translation the client matches with is made all the same.
pub(crate) fn too_long_to_check(source: &str) -> bool {
    source.len() > MAX_CHECKED_BYTES
}

/// Values that together reject any pattern meant to restrict its input.
const PROBES: &[&str] = &[
    "",
    "\n",
    "\r\n",
    "\t",
    "\u{0}",
    "\u{7f}",
    "\u{a0}",
    "\u{e9}",
    "\u{96f}",
    "\u{1f600}",
    "hello world",
    "x a@b.co y",
];

/// Whether the pattern accepts every probe: each printable ASCII character alone, a few
/// control, Unicode and multi-word values, and one long value (which catches length limits).
/// A pattern meant to restrict its input rejects at least one of them.
pub(crate) fn accepts_everything(translated: &Translated) -> bool {
    let accepts = |probe: &str| translated.compiled.is_match(probe);
    let long = "a1 -".repeat(300);
    PROBES.iter().all(|probe| accepts(probe))
        && accepts(&long)
        && (0x20u8..0x7f).all(|byte| accepts(&char::from(byte).to_string()))
}

/// Why the pattern does not compile as ECMA-262 with the `u` flag, which is how JSON Schema
/// validators (Ajv) and mock servers (Prism) compile it; `None` if it does. Such tools skip a
/// pattern they cannot compile, or refuse the whole schema, whatever dialect the server uses.
pub(crate) fn ecma_unicode_error(source: &str) -> Option<String> {
    // Only whether it compiles matters, never matching with it, so the optimizer, whose passes
    // over a long alternation take time far beyond linear in its length, is left out.
    let flags = regress::Flags {
        unicode: true,
        no_opt: true,
        ..regress::Flags::default()
    };
    regress::Regex::with_flags(source, flags)
        .err()
        .map(|error| error.to_string())
}

struct Rewriter<'a> {
    dialect: Dialect,
    source: &'a str,
    /// Byte ranges of the source to replace, with their replacements.
    edits: Vec<(usize, usize, String)>,
    problems: Vec<String>,
}

impl Rewriter<'_> {
    fn text(&self, span: &ast::Span) -> &str {
        &self.source[span.start.offset..span.end.offset]
    }

    fn refuse(&mut self, span: &ast::Span, why: &str) {
        let construct = self.text(span).to_owned();
        self.problems.push(format!("`{construct}`: {why}"));
    }

    fn visit(&mut self, node: &Ast) {
        match node {
            Ast::Empty(_) | Ast::Literal(_) => {
                if let Ast::Literal(literal) = node {
                    self.literal(literal);
                }
            }
            Ast::Flags(flags) => self.refuse(
                &flags.span,
                "inline flags are not supported: regex folds case and reads classes by Unicode rules, the declared dialect does not; spell the cases out",
            ),
            Ast::Dot(span) => {
                let replacement = self.dialect.dot_class().to_owned();
                self.edits.push((span.start.offset, span.end.offset, replacement));
            }
            Ast::Assertion(assertion) => self.assertion(assertion),
            Ast::ClassUnicode(class) => self.unicode_class(class),
            Ast::ClassPerl(class) => self.perl_class(class, false),
            Ast::ClassBracketed(class) => self.bracketed(class),
            Ast::Repetition(repetition) => {
                if matches!(*repetition.ast, Ast::Repetition(_)) {
                    self.refuse(
                        &repetition.span,
                        "a stacked quantifier such as `X++` is possessive in Java and a syntax error in ECMA-262, while regex reads it as a plain repeat",
                    );
                }
                self.visit(&repetition.ast);
            }
            Ast::Group(group) => {
                if let GroupKind::NonCapturing(flags) = &group.kind
                    && !flags.items.is_empty()
                {
                    self.refuse(
                        &flags.span,
                        "inline flags are not supported: regex folds case and reads classes by Unicode rules, the declared dialect does not; spell the cases out",
                    );
                }
                if let GroupKind::CaptureName { starts_with_p: true, .. } = &group.kind {
                    self.refuse(&group.span, "`(?P<name>…)` is not valid in the declared dialect; use `(?<name>…)`");
                }
                self.visit(&group.ast);
            }
            Ast::Alternation(alternation) => alternation.asts.iter().for_each(|a| self.visit(a)),
            Ast::Concat(concat) => concat.asts.iter().for_each(|a| self.visit(a)),
        }
    }

    fn literal(&mut self, literal: &ast::Literal) {
        if self.dialect == Dialect::Java
            && literal.kind == LiteralKind::Special(SpecialLiteralKind::VerticalTab)
        {
            self.refuse(
                &literal.span,
                "Java reads `\\v` as any vertical whitespace, regex as the single character U+000B; write the characters out",
            );
        }
    }

    fn assertion(&mut self, assertion: &ast::Assertion) {
        use ast::AssertionKind::*;
        match (&assertion.kind, self.dialect) {
            (StartLine | EndLine, _) => {}
            (StartText | EndText, Dialect::Java) => {}
            (StartText | EndText, Dialect::Ecma262) => self.refuse(
                &assertion.span,
                "ECMA-262 has no `\\A` or `\\z`; use `^` and `$`",
            ),
            _ => self.refuse(
                &assertion.span,
                "word boundaries are not supported: regex reads words by Unicode rules, the declared dialect by ASCII",
            ),
        }
    }

    fn unicode_class(&mut self, class: &ast::ClassUnicode) {
        match (self.dialect, &class.kind) {
            (Dialect::Ecma262, _) => self.refuse(
                &class.span,
                "ECMA-262 without the `u` flag reads `\\p` as the letter `p`",
            ),
            (Dialect::Java, ClassUnicodeKind::OneLetter(_)) => {}
            (Dialect::Java, ClassUnicodeKind::Named(name))
                if name.len() <= 2 && name.starts_with(|c: char| c.is_ascii_uppercase()) => {}
            (Dialect::Java, _) => self.refuse(
                &class.span,
                "Java reads POSIX names such as `\\p{Alpha}` as ASCII-only classes, regex as Unicode properties; write the class out, e.g. `[A-Za-z]`",
            ),
        }
    }

    /// Rewrites `\d`, `\s`, `\w` (and negations) into explicit sets of the dialect.
    fn perl_class(&mut self, class: &ClassPerl, in_brackets: bool) {
        let set = match class.kind {
            ClassPerlKind::Digit => "0-9",
            ClassPerlKind::Word => "0-9A-Za-z_",
            ClassPerlKind::Space => self.dialect.space_set(),
        };
        let replacement = match (class.negated, in_brackets) {
            (false, true) => set.to_owned(),
            (false, false) => format!("[{set}]"),
            (true, _) => format!("[^{set}]"),
        };
        self.edits
            .push((class.span.start.offset, class.span.end.offset, replacement));
    }

    fn bracketed(&mut self, class: &ast::ClassBracketed) {
        self.class_set(&class.kind);
    }

    fn class_set(&mut self, set: &ClassSet) {
        match set {
            ClassSet::Item(item) => self.class_item(item),
            ClassSet::BinaryOp(op) => {
                let allowed =
                    self.dialect == Dialect::Java && op.kind == ClassSetBinaryOpKind::Intersection;
                if !allowed {
                    self.refuse(
                        &op.span,
                        "regex reads `&&`, `--` and `~~` inside a class as set operations, the declared dialect does not (Java knows only `&&`); reorder the class so no such pair appears",
                    );
                }
                self.class_set(&op.lhs);
                self.class_set(&op.rhs);
            }
        }
    }

    fn class_item(&mut self, item: &ClassSetItem) {
        match item {
            ClassSetItem::Empty(_) | ClassSetItem::Range(_) => {}
            ClassSetItem::Literal(literal) => self.literal(literal),
            ClassSetItem::Ascii(class) => self.refuse(
                &class.span,
                "POSIX classes like `[:alpha:]` are not supported by the declared dialect",
            ),
            ClassSetItem::Unicode(class) => self.unicode_class(class),
            ClassSetItem::Perl(class) => self.perl_class(class, true),
            ClassSetItem::Bracketed(class) => {
                if self.dialect == Dialect::Ecma262 {
                    self.refuse(
                        &class.span,
                        "ECMA-262 has no nested classes; `[` inside a class is a literal there",
                    );
                }
                self.bracketed(class);
            }
            ClassSetItem::Union(union) => union.items.iter().for_each(|i| self.class_item(i)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn java(p: &str) -> regex::Regex {
        match translate(p, Dialect::Java) {
            Ok(t) => t.compiled,
            Err(e) => panic!("{p}: {e:?}"),
        }
    }

    #[test]
    fn java_digits_are_ascii_and_whole_value() {
        let re = java(r"^$|^((\+|00)(\d{1,3})[\s-]?)?(\d{10})$");
        assert!(re.is_match("+91 9876543210"));
        assert!(re.is_match(""));
        assert!(!re.is_match("९८७६५४३२१०"));
        assert!(!re.is_match("+91\u{a0}9876543210"));
    }

    #[test]
    fn java_alternation_is_anchored_as_a_whole() {
        let re = java(r"^$|^(a)?|(b)$");
        assert!(!re.is_match("hello"));
        assert!(re.is_match("a"));
        assert!(re.is_match("b"));
    }

    #[test]
    fn a_pattern_that_excludes_a_few_characters_is_not_mistaken_for_accept_all() {
        let check = |p: &str, dialect| translate(p, dialect).map(|t| accepts_everything(&t));
        assert_eq!(check(r"^[^<>]*$", Dialect::Java), Ok(false));
        assert_eq!(check(r"[\s\S]{0,255}", Dialect::Java), Ok(false));
        assert_eq!(check(r"[\s\S]*", Dialect::Java), Ok(true));
        assert_eq!(check(r"[a-z]*", Dialect::Ecma262), Ok(true));
    }

    #[test]
    fn possessive_quantifier_is_refused() {
        assert!(translate(r"^\d++1$", Dialect::Java).is_err());
    }

    #[test]
    fn ecma_search_is_unanchored_with_ascii_digits() {
        let t = translate(r"\d{3}", Dialect::Ecma262).map_err(|e| e.join(";"));
        let re = t
            .as_ref()
            .map(|t| t.compiled.clone())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(re.is_match("ab123cd"));
        assert!(!re.is_match("१२३"));
    }

    #[test]
    fn patterns_ecma_unicode_mode_refuses_are_found() {
        // A lone `]` is a literal in Java and in `regex`, but an error with the `u` flag.
        assert!(ecma_unicode_error("^[a-z]+]$").is_some());
        assert!(ecma_unicode_error(r"^[a-z]+\]$").is_none());
        // An identity escape of a letter is an error with the `u` flag.
        assert!(ecma_unicode_error(r"^\q$").is_some());
        assert!(ecma_unicode_error(r"^\d{6}$").is_none());
    }
}
