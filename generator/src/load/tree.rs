//! Text → a generic YAML tree, guarded against what would hurt the later stages.
//!
//! The YAML reader (or, for a JSON document, the JSON reader) hands every node to our own
//! visitor, which builds the tree and, on the way: reports duplicate mapping keys (keeping the
//! first), replaces non-finite numbers, stops at a nesting depth the later stages can afford, and
//! refuses alias expansion beyond a budget tied to the size of the text, so a "billion laughs"
//! document is refused after a few thousand nodes.

use crate::diagnostics::{Diagnostics, join};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use yaml_serde::{Mapping, Value};

/// How deep the YAML tree may nest. The YAML reader itself gives up at 128 levels with a bare
/// error; stopping a little earlier lets us name the place and go on loading the rest.
pub(super) const MAX_TREE_DEPTH: usize = 120;

/// Aliases may expand the tree to this many nodes per byte of text. A document without aliases
/// has at most about one node per byte, so real reuse of anchors fits easily, while an alias bomb
/// (which grows exponentially) is refused long before it costs time or memory.
const NODES_PER_BYTE: usize = 4;

/// Nodes allowed whatever the size of the text, so that tiny documents may still use aliases.
const MIN_NODE_BUDGET: usize = 10_000;

/// Parses `text` into a tree. `None` when the text is not YAML, or when building the tree had to
/// be abandoned; the reason is in `diagnostics`.
pub(super) fn parse(text: &str, diagnostics: &mut Diagnostics) -> Option<Value> {
    let cleaned = replace_control_characters(text, diagnostics);
    let text = cleaned.as_deref().unwrap_or(text);
    let budget = MIN_NODE_BUDGET.saturating_add(text.len().saturating_mul(NODES_PER_BYTE));
    // JSON is read as JSON: the YAML reader refuses valid JSON (a key longer than 1,024
    // characters, a surrogate pair written as two `\u` escapes). Text that starts like JSON but
    // is not (a raw tab inside a string, a trailing comma) is read as YAML after all, as it
    // always was, and only the JSON reader's findings on a reading that worked are kept.
    let mut json_error = None;
    if let Some(json) = json_text(text) {
        match read_json(json, budget, diagnostics) {
            Ok(tree) => return tree,
            Err(error) => json_error = Some(error),
        }
    }
    let outcome = read(
        yaml_serde::Deserializer::from_str(text),
        budget,
        false,
        diagnostics,
    );
    if let Read::NotParsed(yaml_error) = &outcome {
        let (kind, message) = match json_error {
            Some(error) => (
                "not JSON",
                format!("The document is not valid JSON: {error}."),
            ),
            None => (
                "not YAML",
                format!("The document is not valid YAML or JSON: {yaml_error}."),
            ),
        };
        diagnostics.error(kind, "#", message);
    }
    outcome.tree()
}

/// The text to read as JSON, without a byte-order mark, if it looks like a JSON document: its
/// first character other than white space is `{` (an OpenAPI document is an object).
fn json_text(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    text.trim_start().starts_with('{').then_some(text)
}

/// What one reader made of the text.
enum Read {
    Tree(Value),
    /// Stopped on purpose, the reason already reported.
    Aborted,
    /// The reader's own error: the text is not in its format.
    NotParsed(String),
}

impl Read {
    fn tree(self) -> Option<Value> {
        match self {
            Read::Tree(value) => Some(value),
            Read::Aborted | Read::NotParsed(_) => None,
        }
    }
}

/// Reads `json` as JSON: its tree (or `None` when reading was abandoned, with the reason
/// reported), or the JSON reader's error, in which case nothing is reported.
fn read_json(
    json: &str,
    budget: usize,
    diagnostics: &mut Diagnostics,
) -> Result<Option<Value>, String> {
    let mut found = Diagnostics::default();
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let outcome = match read(&mut deserializer, budget, true, &mut found) {
        // Text after the document's value is an error too.
        Read::Tree(value) => match deserializer.end() {
            Ok(()) => Read::Tree(value),
            Err(error) => Read::NotParsed(error.to_string()),
        },
        other => other,
    };
    if let Read::NotParsed(error) = outcome {
        return Err(error);
    }
    diagnostics.extend(found);
    Ok(outcome.tree())
}

/// Reads the whole text through `deserializer` into a guarded tree.
fn read<'de, D: de::Deserializer<'de>>(
    deserializer: D,
    budget: usize,
    json: bool,
    diagnostics: &mut Diagnostics,
) -> Read {
    let mut guard = Guard {
        nodes: 0,
        budget,
        aborted: false,
        quiet: false,
        json,
        diagnostics,
    };
    let seed = NodeSeed {
        guard: &mut guard,
        pointer: "#",
        depth: 0,
    };
    match seed.deserialize(deserializer) {
        Ok(value) => Read::Tree(value),
        Err(_) if guard.aborted => Read::Aborted,
        Err(error) => Read::NotParsed(error.to_string()),
    }
}

/// YAML (and JSON) forbid control characters in the text, but real documents carry them inside
/// descriptions. Each is replaced by U+FFFD, with one warning; `None` when there are none.
fn replace_control_characters(text: &str, diagnostics: &mut Diagnostics) -> Option<String> {
    let forbidden = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
            || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    let first = text.find(forbidden)?;
    let count = text.chars().filter(|&c| forbidden(c)).count();
    let line = text[..first].matches('\n').count() + 1;
    diagnostics.warning(
        "control characters in the text, replaced",
        "#",
        format!(
            "the text has {count} control character{} (the first on line {line}), which YAML and JSON forbid; each is read as U+FFFD",
            if count == 1 { "" } else { "s" }
        ),
    );
    Some(text.replace(forbidden, "\u{FFFD}"))
}

/// State shared by every node of one parse.
struct Guard<'d> {
    nodes: usize,
    budget: usize,
    /// Set when the parse was stopped on purpose and the reason already reported.
    aborted: bool,
    /// Set while reading the ignored value of a duplicate key, whose problems are not reported.
    quiet: bool,
    /// Set when the JSON reader is reading, which hands some numbers over as maps (see
    /// [`JSON_NUMBER`]).
    json: bool,
    diagnostics: &'d mut Diagnostics,
}

impl Guard<'_> {
    /// Counts one more node, failing once the budget is spent.
    fn count<E: de::Error>(&mut self, pointer: &str) -> Result<(), E> {
        self.nodes += 1;
        if self.nodes <= self.budget {
            return Ok(());
        }
        self.aborted = true;
        self.diagnostics.error(
            "alias expansion too large",
            pointer,
            format!(
                "Expanding the aliases of this document would build more than {} nodes, far more \
                 than its text holds (an alias bomb?); the document is refused here.",
                self.budget
            ),
        );
        Err(E::custom("alias expansion too large"))
    }

    fn error(&mut self, kind: &str, pointer: &str, message: String) {
        if !self.quiet {
            self.diagnostics.error(kind, pointer, message);
        }
    }

    fn warning(&mut self, kind: &str, pointer: &str, message: String) {
        if !self.quiet {
            self.diagnostics.warning(kind, pointer, message);
        }
    }
}

/// Reads one node, at `pointer`, `depth` containers below the root.
struct NodeSeed<'g, 'd, 'p> {
    guard: &'g mut Guard<'d>,
    pointer: &'p str,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_, '_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'d> NodeSeed<'_, 'd, '_> {
    fn child<'c>(&'c mut self, pointer: &'c str) -> NodeSeed<'c, 'd, 'c> {
        NodeSeed {
            guard: &mut *self.guard,
            pointer,
            depth: self.depth + 1,
        }
    }

    /// Reports a container nested too deep; the caller then skips it.
    fn too_deep(&mut self) {
        self.guard.error(
            "nesting too deep",
            self.pointer,
            format!(
                "The document nests more than {MAX_TREE_DEPTH} levels deep here; this value is \
                 ignored (read as null) so that no later stage runs out of stack."
            ),
        );
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_, '_, '_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.guard.count(self.pointer)?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.guard.count(self.pointer)?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.guard.count(self.pointer)?;
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.guard.count(self.pointer)?;
        Ok(Value::Number(v.into()))
    }

    /// An integer past 64 bits (`18446744073709552000`, as JavaScript tools print `2^64`) is
    /// read as the nearest float: no bound the client checks needs more.
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        self.guard.count(self.pointer)?;
        Ok(Value::Number((v as f64).into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        self.guard.count(self.pointer)?;
        Ok(Value::Number((v as f64).into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.guard.count(self.pointer)?;
        if v.is_finite() {
            return Ok(Value::Number(v.into()));
        }
        let spelt = match (v.is_nan(), v.is_sign_negative()) {
            (true, _) => ".nan",
            (false, false) => ".inf",
            (false, true) => "-.inf",
        };
        self.guard.error(
            "non-finite number",
            self.pointer,
            format!(
                "`{spelt}` is not a number JSON can carry, and OpenAPI documents must be \
                 JSON-compatible; it is read as null."
            ),
        );
        Ok(Value::Null)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.guard.count(self.pointer)?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        self.guard.count(self.pointer)?;
        if self.depth >= MAX_TREE_DEPTH {
            self.too_deep();
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Value::Null);
        }
        let mut items = Vec::new();
        loop {
            let pointer = join(self.pointer, &items.len().to_string());
            match seq.next_element_seed(self.child(&pointer))? {
                Some(item) => items.push(item),
                None => return Ok(Value::Sequence(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        let mut key = map.next_key::<String>()?;
        if self.guard.json && key.as_deref() == Some(JSON_NUMBER) {
            let literal = map.next_value::<String>()?;
            return self.json_number(&literal);
        }
        self.guard.count(self.pointer)?;
        if self.depth >= MAX_TREE_DEPTH {
            self.too_deep();
            if key.is_some() {
                map.next_value::<IgnoredAny>()?;
            }
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(Value::Null);
        }
        let mut mapping = Mapping::new();
        while let Some(name) = key {
            self.guard.count(self.pointer)?;
            let pointer = join(self.pointer, &name);
            if mapping.contains_key(name.as_str()) {
                let was_quiet = std::mem::replace(&mut self.guard.quiet, true);
                let value = map.next_value_seed(self.child(&pointer))?;
                self.guard.quiet = was_quiet;
                self.duplicate(&mapping, &name, &value, &pointer);
            } else {
                let value = map.next_value_seed(self.child(&pointer))?;
                mapping.insert(Value::String(name), value);
            }
            key = map.next_key::<String>()?;
        }
        Ok(Value::Mapping(mapping))
    }

    /// A tag such as `!custom` means nothing in OpenAPI. The YAML reader hands tagged nodes over
    /// as enum variants; the value is kept as if it had no tag.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use de::VariantAccess;
        let (tag, variant) = data.variant::<String>()?;
        self.guard.error(
            "unsupported YAML tag",
            self.pointer,
            format!(
                "The YAML tag `{tag}` has no meaning in an OpenAPI document; the value is read as \
                 if it had no tag."
            ),
        );
        let pointer = self.pointer;
        let child = NodeSeed {
            guard: &mut *self.guard,
            pointer,
            depth: self.depth,
        };
        variant.newtype_variant_seed(child)
    }
}

/// The key under which serde_json, with the `arbitrary_precision` feature (which the client's
/// exact decimals need, and cargo's feature unification gives this crate too), hands a number
/// that is not a 64-bit integer to `visit_map`: a map of one entry, the number's literal.
const JSON_NUMBER: &str = "$serde_json::private::Number";

impl NodeSeed<'_, '_, '_> {
    /// A number the JSON reader gave as its literal, read as the YAML reader would read it: an
    /// integer past 64 bits or a fraction as the nearest float (an out-of-range exponent is
    /// infinite, and reported as such).
    fn json_number<E: de::Error>(self, literal: &str) -> Result<Value, E> {
        // `-0` comes this way too; YAML reads it as the integer 0.
        if let Ok(integer) = literal.parse::<i64>() {
            return self.visit_i64(integer);
        }
        match literal.parse::<f64>() {
            Ok(number) => self.visit_f64(number),
            Err(_) => Err(E::custom(format!("`{literal}` is not a number"))),
        }
    }

    /// Reports the second occurrence of `key`; the first one is kept.
    fn duplicate(&mut self, mapping: &Mapping, key: &str, value: &Value, pointer: &str) {
        if mapping.get(key) == Some(value) {
            self.guard.warning(
                "duplicate key",
                pointer,
                format!(
                    "The key `{key}` appears more than once in this mapping, with the same value \
                     each time; the first occurrence is kept."
                ),
            );
        } else {
            self.guard.error(
                "duplicate key",
                pointer,
                format!(
                    "The key `{key}` appears more than once in this mapping, with different \
                     values; the first occurrence is kept and the later ones are ignored."
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use std::time::{Duration, Instant};

    fn parsed(text: &str) -> (Option<Value>, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let value = parse(text, &mut diagnostics);
        (value, diagnostics)
    }

    fn pointers(diagnostics: &Diagnostics) -> Vec<&str> {
        diagnostics.0.iter().map(|d| d.pointer.as_str()).collect()
    }

    #[test]
    fn a_duplicate_key_is_reported_at_its_pointer() {
        let text = "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: A}\n        '200': {description: B}\n";
        let (_, diagnostics) = parsed(text);
        assert_eq!(pointers(&diagnostics), ["#/paths/~1a/get/responses/200"]);
    }

    #[test]
    fn the_first_of_duplicate_keys_is_kept() {
        let (value, _) = parsed("a: 1\na: 2\n");
        assert_eq!(
            value.and_then(|v| v.get("a").cloned()),
            Some(Value::from(1))
        );
    }

    #[test]
    fn an_equal_duplicate_is_only_a_warning() {
        let (_, diagnostics) = parsed("a: 1\na: 1\n");
        assert_eq!(diagnostics.count(Severity::Warning), 1);
        assert!(!diagnostics.has_errors());
    }

    #[test]
    fn a_nan_is_reported_at_its_pointer_and_read_as_null() {
        let (value, diagnostics) = parsed("a:\n  minimum: .nan\n");
        assert_eq!(pointers(&diagnostics), ["#/a/minimum"]);
        assert_eq!(
            value.and_then(|v| v["a"].get("minimum").cloned()),
            Some(Value::Null)
        );
    }

    #[test]
    fn an_alias_bomb_is_refused_quickly() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let previous = format!("*a{}", level - 1);
            let items = [previous.as_str(); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
        }
        let started = Instant::now();
        let (value, diagnostics) = parsed(&text);
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(value.is_none());
        assert_eq!(diagnostics.0[0].kind, "alias expansion too large");
    }

    #[test]
    fn ordinary_aliases_are_expanded() {
        let (value, diagnostics) = parsed("a: &x {type: string}\nb: *x\n");
        assert!(diagnostics.0.is_empty());
        let value = value.unwrap_or_default();
        assert_eq!(value.get("a"), value.get("b"));
    }

    #[test]
    fn a_too_deep_tree_is_cut_and_reported_where_it_is_cut() {
        let text = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let (value, diagnostics) = parsed(&text);
        assert!(value.is_some());
        let expected = format!("#{}", "/0".repeat(MAX_TREE_DEPTH));
        assert_eq!(pointers(&diagnostics), [expected.as_str()]);
    }

    #[test]
    fn a_json_key_longer_than_yaml_allows_is_read() {
        let key = "k".repeat(2000);
        let (value, diagnostics) = parsed(&format!("{{\"{key}\": 1}}"));
        assert!(diagnostics.0.is_empty(), "{diagnostics}");
        assert_eq!(
            value.and_then(|v| v.get(&key).cloned()),
            Some(Value::from(1))
        );
    }

    #[test]
    fn a_json_surrogate_pair_escape_is_one_character() {
        let (value, diagnostics) = parsed("\u{FEFF} {\"a\": \"\\ud83d\\udea7\"}");
        assert!(diagnostics.0.is_empty(), "{diagnostics}");
        assert_eq!(
            value.and_then(|v| v.get("a").cloned()),
            Some(Value::from("\u{1F6A7}"))
        );
    }

    #[test]
    fn a_duplicate_key_in_json_is_reported_at_its_pointer() {
        let (value, diagnostics) = parsed(r#"{"a": {"b": 1, "b": 2}}"#);
        assert_eq!(pointers(&diagnostics), ["#/a/b"]);
        assert!(diagnostics.has_errors());
        assert_eq!(
            value.and_then(|v| v["a"].get("b").cloned()),
            Some(Value::from(1))
        );
    }

    #[test]
    fn json_numbers_read_as_yaml_reads_them() {
        let (value, diagnostics) =
            parsed(r#"{"a": 0.5, "b": -0, "c": 18446744073709552000, "d": -7}"#);
        assert!(diagnostics.0.is_empty(), "{diagnostics}");
        let (yaml, _) = parsed("{a: 0.5, b: -0, c: 18446744073709552000, d: -7}");
        assert_eq!(value, yaml);
    }

    #[test]
    fn a_too_deep_json_tree_is_cut_and_reported_where_it_is_cut() {
        let text = format!("{{\"a\": {}1{}}}", "[".repeat(200), "]".repeat(200));
        let (value, diagnostics) = parsed(&text);
        assert!(value.is_some());
        let expected = format!("#/a{}", "/0".repeat(MAX_TREE_DEPTH - 1));
        assert_eq!(pointers(&diagnostics), [expected.as_str()]);
    }

    #[test]
    fn text_that_starts_like_json_but_is_not_is_read_as_yaml() {
        let (value, diagnostics) = parsed("{a: [1, 2,], \"b\": \"tab\there\"}");
        assert!(diagnostics.0.is_empty(), "{diagnostics}");
        assert_eq!(
            value.and_then(|v| v.get("b").cloned()),
            Some(Value::from("tab\there"))
        );
    }

    #[test]
    fn text_that_is_neither_gives_the_json_error() {
        let (value, diagnostics) = parsed("{\"a\": [1, 2}");
        assert!(value.is_none());
        assert_eq!(diagnostics.0[0].kind, "not JSON");
    }

    #[test]
    fn text_that_is_not_yaml_has_no_tree() {
        let (value, diagnostics) = parsed("a: [1, 2\n");
        assert!(value.is_none());
        assert_eq!(diagnostics.0[0].kind, "not YAML");
    }
}
