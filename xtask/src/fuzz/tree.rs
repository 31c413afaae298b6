//! The document tree the fuzzer mutates, its PRNG, and the two ways it is written out.
//!
//! The tree is our own rather than `yaml_serde::Value` because a mutation must be able to write
//! what a YAML library would refuse to produce: duplicate mapping keys, `.nan` and `.inf` where
//! JSON has no such number, anchors and aliases.

use anyhow::{Result, bail};
use std::fmt::Write as _;

/// A splitmix64 generator: a few lines, good enough spread, and the same sequence on every
/// machine, so that `--seed` and `--case` replay a case exactly.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    #[cfg(test)]
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The generator for case `case` of run `seed`; cases do not depend on each other.
    pub(crate) fn for_case(seed: u64, case: u64) -> Rng {
        let mut rng = Rng(seed ^ case.wrapping_mul(0xD1B5_4A32_D192_ED03));
        rng.next();
        rng
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; `n` must not be zero.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True once in `n` times.
    pub(crate) fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A YAML/JSON node. Mappings keep their order and may hold the same key twice.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    /// A number as written, which may be YAML-only text such as `.nan` or `-.inf`.
    Num(String),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// `&name node` in YAML; the node itself in JSON.
    Anchored(String, Box<Node>),
    /// `*name` in YAML; JSON has no aliases, so the aliased node is kept to be written out.
    Alias(String, Box<Node>),
}

/// An address in the tree: the index of each entry or item on the way down.
pub(crate) type Path = Vec<usize>;

impl Node {
    /// A mapping of `entries`, in their order: shorthand for the mutations' literals.
    pub(crate) fn map<const N: usize>(entries: [(&str, Node); N]) -> Node {
        Node::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    }

    /// A string node: shorthand for the mutations' literals.
    pub(crate) fn str(text: impl AsRef<str>) -> Node {
        Node::Str(text.as_ref().to_owned())
    }

    pub(crate) fn from_yaml(value: yaml_serde::Value) -> Result<Node> {
        use yaml_serde::Value;
        Ok(match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(b),
            Value::Number(n) => Node::Num(n.to_string()),
            Value::String(s) => Node::Str(s),
            Value::Sequence(items) => Node::Seq(
                items
                    .into_iter()
                    .map(Node::from_yaml)
                    .collect::<Result<_>>()?,
            ),
            Value::Mapping(map) => {
                let mut entries = Vec::with_capacity(map.len());
                for (key, value) in map {
                    let key = match key {
                        Value::String(s) => s,
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => "null".to_owned(),
                        other => bail!("a mapping key that is not a scalar: {other:?}"),
                    };
                    entries.push((key, Node::from_yaml(value)?));
                }
                Node::Map(entries)
            }
            Value::Tagged(tagged) => Node::from_yaml(tagged.value)?,
        })
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match self {
            Node::Map(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets `key` to `value`, replacing the first entry of that key or appending one.
    pub(crate) fn set(&mut self, key: &str, value: Node) {
        if let Node::Map(entries) = self {
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key.to_owned(), value)),
            }
        }
    }

    /// The mapping under `key`, made an empty mapping first if it is absent or not a mapping;
    /// `None` when `self` is not a mapping.
    pub(crate) fn map_at(&mut self, key: &str) -> Option<&mut Node> {
        if !matches!(self, Node::Map(_)) {
            return None;
        }
        if !matches!(self.get(key), Some(Node::Map(_))) {
            self.set(key, Node::Map(Vec::new()));
        }
        self.get_mut(key)
    }

    /// Removes every entry of `key`; does nothing when `self` is not a mapping.
    pub(crate) fn remove(&mut self, key: &str) {
        if let Node::Map(entries) = self {
            entries.retain(|(k, _)| k != key);
        }
    }

    pub(crate) fn at(&self, path: &[usize]) -> Option<&Node> {
        let Some((&first, rest)) = path.split_first() else {
            return Some(self);
        };
        match self {
            Node::Seq(items) => items.get(first)?.at(rest),
            Node::Map(entries) => entries.get(first)?.1.at(rest),
            Node::Anchored(_, inner) => inner.at(path),
            _ => None,
        }
    }

    pub(crate) fn at_mut(&mut self, path: &[usize]) -> Option<&mut Node> {
        let Some((&first, rest)) = path.split_first() else {
            return Some(self);
        };
        match self {
            Node::Seq(items) => items.get_mut(first)?.at_mut(rest),
            Node::Map(entries) => entries.get_mut(first)?.1.at_mut(rest),
            Node::Anchored(_, inner) => inner.at_mut(path),
            _ => None,
        }
    }

    /// The key under which the node at `path` sits, if its parent is a mapping.
    pub(crate) fn key_at_mut(&mut self, path: &[usize]) -> Option<&mut String> {
        let (&last, parent) = path.split_last()?;
        match self.at_mut(parent)? {
            Node::Map(entries) => entries.get_mut(last).map(|(k, _)| k),
            _ => None,
        }
    }

    pub(crate) fn to_yaml(&self) -> String {
        let mut out = String::new();
        match self {
            Node::Map(entries) if !entries.is_empty() => write_block_map(entries, 0, &mut out),
            other => {
                write_flow(other, &mut out);
                out.push('\n');
            }
        }
        out
    }

    /// The node on one line, in YAML flow style: for the labels that describe a case.
    pub(crate) fn to_flow(&self) -> String {
        let mut out = String::new();
        write_flow(self, &mut out);
        out
    }

    pub(crate) fn to_json(&self) -> String {
        let mut out = String::new();
        write_json(self, 0, &mut out);
        out.push('\n');
        out
    }
}

fn is_block(node: &Node) -> bool {
    matches!(node, Node::Map(e) if !e.is_empty()) || matches!(node, Node::Seq(i) if !i.is_empty())
}

fn write_block_map(entries: &[(String, Node)], indent: usize, out: &mut String) {
    for (key, value) in entries {
        out.push_str(&" ".repeat(indent));
        write_key(key, out);
        out.push(':');
        write_block_value(value, indent + 2, out);
    }
}

fn write_block_seq(items: &[Node], indent: usize, out: &mut String) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        write_block_value(item, indent + 2, out);
    }
}

/// Writes what follows `key:` or `-`: a nested block on the next lines, or a flow node.
fn write_block_value(node: &Node, indent: usize, out: &mut String) {
    match node {
        Node::Map(entries) if is_block(node) => {
            out.push('\n');
            write_block_map(entries, indent, out);
        }
        Node::Seq(items) if is_block(node) => {
            out.push('\n');
            write_block_seq(items, indent, out);
        }
        other => {
            out.push(' ');
            write_flow(other, out);
            out.push('\n');
        }
    }
}

/// Keys that read as plain YAML strings are written bare; every other key is quoted.
fn write_key(key: &str, out: &mut String) {
    let plain = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !matches!(
            key.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        out.push_str(key);
    } else {
        write_quoted(key, out);
    }
}

/// YAML flow style, which is also JSON when no YAML-only number, anchor or alias is inside.
fn write_flow(node: &Node, out: &mut String) {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Num(n) => out.push_str(n),
        Node::Str(s) => write_quoted(s, out),
        Node::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_flow(item, out);
            }
            out.push(']');
        }
        Node::Map(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_quoted(key, out);
                out.push_str(": ");
                write_flow(value, out);
            }
            out.push('}');
        }
        Node::Anchored(name, inner) => {
            let _ = write!(out, "&{name} ");
            write_flow(inner, out);
        }
        Node::Alias(name, _) => {
            let _ = write!(out, "*{name}");
        }
    }
}

fn write_json(node: &Node, indent: usize, out: &mut String) {
    let pad = |n: usize, out: &mut String| out.push_str(&" ".repeat(n));
    match node {
        Node::Seq(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                pad(indent + 1, out);
                write_json(item, indent + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            pad(indent, out);
            out.push(']');
        }
        Node::Map(entries) if !entries.is_empty() => {
            out.push_str("{\n");
            for (i, (key, value)) in entries.iter().enumerate() {
                pad(indent + 1, out);
                write_quoted(key, out);
                out.push_str(": ");
                write_json(value, indent + 1, out);
                out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
            }
            pad(indent, out);
            out.push('}');
        }
        Node::Anchored(_, inner) | Node::Alias(_, inner) => write_json(inner, indent, out),
        other => write_flow(other, out),
    }
}

/// A double-quoted string that both JSON and YAML read back unchanged: the characters YAML does
/// not allow raw (controls, C1, line and paragraph separators, BOM, non-characters) are escaped.
fn write_quoted(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(node: &Node, text: &str) -> Node {
        let value: yaml_serde::Value = yaml_serde::from_str(text).expect(text);
        let back = Node::from_yaml(value).expect(text);
        assert_eq!(&back, node, "{text}");
        back
    }

    /// Both writers give text that reads back as the same tree, nasty strings included.
    #[test]
    fn yaml_and_json_round_trip() {
        let nasty = "a\"b\\c\nd\re\u{0}\u{7f}\u{85}\u{202e}\u{2028}\u{feff}*/#[ 日本 \"\"\"";
        let node = Node::Map(vec![
            ("openapi".into(), Node::Str("3.0.3".into())),
            ("200".into(), Node::Num("1".into())),
            ("true".into(), Node::Bool(false)),
            (nasty.into(), Node::Str(nasty.into())),
            (
                "list".into(),
                Node::Seq(vec![
                    Node::Map(vec![("a".into(), Node::Null)]),
                    Node::Seq(vec![Node::Num("-2.5".into())]),
                    Node::Map(vec![]),
                ]),
            ),
        ]);
        round_trip(&node, &node.to_yaml());
        round_trip(&node, &node.to_json());
    }
}
