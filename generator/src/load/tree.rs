//! Text → a generic YAML tree, guarded against what would hurt the later stages.
//!
//! The YAML reader hands every node to our own visitor, which builds the tree and, on the way:
//! reports duplicate mapping keys (keeping the first), replaces non-finite numbers, stops at a
//! nesting depth the later stages can afford, and refuses alias expansion beyond a budget tied to
//! the size of the text, so a "billion laughs" document is refused after a few thousand nodes.

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
    let mut guard = Guard {
        nodes: 0,
        budget: MIN_NODE_BUDGET.saturating_add(text.len().saturating_mul(NODES_PER_BYTE)),
        aborted: false,
        quiet: false,
        diagnostics,
    };
    let seed = NodeSeed {
        guard: &mut guard,
        pointer: "#",
        depth: 0,
    };
    match seed.deserialize(yaml_serde::Deserializer::from_str(text)) {
        Ok(value) => Some(value),
        Err(_) if guard.aborted => None,
        Err(error) => {
            guard.diagnostics.error(
                "not YAML",
                "#",
                format!("The document is not valid YAML or JSON: {error}."),
            );
            None
        }
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
        self.guard.count(self.pointer)?;
        if self.depth >= MAX_TREE_DEPTH {
            self.too_deep();
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(Value::Null);
        }
        let mut mapping = Mapping::new();
        while let Some(key) = map.next_key::<String>()? {
            self.guard.count(self.pointer)?;
            let pointer = join(self.pointer, &key);
            if mapping.contains_key(key.as_str()) {
                let was_quiet = std::mem::replace(&mut self.guard.quiet, true);
                let value = map.next_value_seed(self.child(&pointer))?;
                self.guard.quiet = was_quiet;
                self.duplicate(&mapping, &key, &value, &pointer);
                continue;
            }
            let value = map.next_value_seed(self.child(&pointer))?;
            mapping.insert(Value::String(key), value);
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

impl NodeSeed<'_, '_, '_> {
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
    fn text_that_is_not_yaml_has_no_tree() {
        let (value, diagnostics) = parsed("a: [1, 2\n");
        assert!(value.is_none());
        assert_eq!(diagnostics.0[0].kind, "not YAML");
    }
}
