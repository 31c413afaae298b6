//! Where the interesting places of a document are, found by walking it with a little knowledge
//! of OpenAPI: which nodes are schemas, which mappings name Rust items, which are operations.

use super::tree::{Node, Path};

/// Where in a document the interesting things are; recomputed after every mutation.
#[derive(Debug, Default)]
pub(crate) struct Sites {
    pub(crate) all: Vec<Path>,
    pub(crate) maps: Vec<Path>,
    pub(crate) strings: Vec<Path>,
    pub(crate) schemas: Vec<Path>,
    /// `properties` mappings and `components/schemas`: their keys become Rust names.
    pub(crate) named_maps: Vec<Path>,
    pub(crate) enums: Vec<Path>,
    pub(crate) operations: Vec<Path>,
    /// `content` mappings, keyed by media type.
    pub(crate) contents: Vec<Path>,
    pub(crate) schema_names: Vec<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Other,
    Schema,
    /// A mapping whose values are schemas (`properties`, `components/schemas`).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`).
    SchemaList,
    Paths,
    PathItem,
}

impl Sites {
    pub(crate) fn of(doc: &Node) -> Sites {
        let mut sites = Sites::default();
        if let Some(Node::Map(schemas)) = doc.get("components").and_then(|c| c.get("schemas")) {
            sites.schema_names = schemas.iter().map(|(k, _)| k.clone()).collect();
        }
        sites.walk(doc, &mut Vec::new(), Role::Other, &[]);
        sites
    }

    fn walk(&mut self, node: &Node, path: &mut Path, role: Role, keys: &[&str]) {
        self.all.push(path.clone());
        if role == Role::Schema {
            self.schemas.push(path.clone());
        }
        match node {
            Node::Str(_) => self.strings.push(path.clone()),
            Node::Map(entries) => {
                self.maps.push(path.clone());
                if role == Role::SchemaMap {
                    self.named_maps.push(path.clone());
                }
                for (i, (key, value)) in entries.iter().enumerate() {
                    let child = match (role, key.as_str()) {
                        (Role::SchemaMap, _) => Role::Schema,
                        (Role::Schema, "items" | "additionalProperties" | "not") => Role::Schema,
                        (Role::Schema, "properties") => Role::SchemaMap,
                        (Role::Schema, "allOf" | "oneOf" | "anyOf") => Role::SchemaList,
                        (Role::Schema, "enum") => {
                            let mut p = path.clone();
                            p.push(i);
                            self.enums.push(p);
                            Role::Other
                        }
                        (Role::Paths, _) => Role::PathItem,
                        (Role::PathItem, "parameters") => Role::Other,
                        (Role::PathItem, _) => {
                            let mut p = path.clone();
                            p.push(i);
                            self.operations.push(p);
                            Role::Other
                        }
                        (_, "schema") => Role::Schema,
                        (Role::Other, "schemas") if keys.last() == Some(&"components") => {
                            Role::SchemaMap
                        }
                        (Role::Other, "paths") if keys.is_empty() => Role::Paths,
                        (Role::Other, "content") => {
                            let mut p = path.clone();
                            p.push(i);
                            self.contents.push(p);
                            Role::Other
                        }
                        _ => Role::Other,
                    };
                    let mut child_keys = keys.to_vec();
                    child_keys.push(key);
                    path.push(i);
                    self.walk(value, path, child, &child_keys);
                    path.pop();
                }
            }
            Node::Seq(items) => {
                let child = if role == Role::SchemaList {
                    Role::Schema
                } else {
                    Role::Other
                };
                for (i, item) in items.iter().enumerate() {
                    path.push(i);
                    self.walk(item, path, child, keys);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}
