//! Where the interesting places of a document are, found by walking it with a little knowledge
//! of OpenAPI 3.0, 3.1 and Swagger 2.0: which nodes are schemas, which mappings name Rust items,
//! which are operations, parameters and responses.

use super::tree::{Node, Path};
use super::version::Version;

/// Where in a document the interesting things are; recomputed after every mutation.
#[derive(Debug)]
pub(crate) struct Sites {
    /// The seed's version, which decides where references to named schemas point.
    pub(crate) version: Version,
    pub(crate) all: Vec<Path>,
    pub(crate) maps: Vec<Path>,
    pub(crate) strings: Vec<Path>,
    pub(crate) schemas: Vec<Path>,
    /// `properties` mappings, `components/schemas` and `definitions`: their keys become Rust
    /// names.
    pub(crate) named_maps: Vec<Path>,
    pub(crate) enums: Vec<Path>,
    pub(crate) operations: Vec<Path>,
    /// Parameter objects (or references to them) in operations, path items and the mappings of
    /// shared parameters.
    pub(crate) parameters: Vec<Path>,
    /// Response objects (or references to them), by status or in the mappings of shared ones.
    pub(crate) responses: Vec<Path>,
    /// `content` mappings, keyed by media type.
    pub(crate) contents: Vec<Path>,
    pub(crate) schema_names: Vec<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Other,
    Schema,
    /// A mapping whose values are schemas (`properties`, `components/schemas`, `$defs`…).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`, `prefixItems`).
    SchemaList,
    /// `paths`, `webhooks` and `components/pathItems`: mappings of path items.
    Paths,
    PathItem,
    Operation,
    /// A list or mapping of parameters.
    Parameters,
    Parameter,
    /// An operation's `responses`, or a mapping of shared responses.
    Responses,
    Response,
}

/// Keys under which a schema holds one schema, in 3.0 and in JSON Schema 2020-12.
const SUBSCHEMA: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];

/// Keys under which a schema holds a mapping of named schemas.
const SUBSCHEMA_MAPS: &[&str] = &[
    "properties",
    "$defs",
    "definitions",
    "patternProperties",
    "dependentSchemas",
];

impl Sites {
    pub(crate) fn of(doc: &Node, version: Version) -> Sites {
        let mut sites = Sites {
            version,
            all: Vec::new(),
            maps: Vec::new(),
            strings: Vec::new(),
            schemas: Vec::new(),
            named_maps: Vec::new(),
            enums: Vec::new(),
            operations: Vec::new(),
            parameters: Vec::new(),
            responses: Vec::new(),
            contents: Vec::new(),
            schema_names: Vec::new(),
        };
        if let Some(Node::Map(schemas)) = version.schemas(doc) {
            sites.schema_names = schemas.iter().map(|(k, _)| k.clone()).collect();
        }
        sites.walk(doc, &mut Vec::new(), Role::Other, &[]);
        sites
    }

    fn walk(&mut self, node: &Node, path: &mut Path, role: Role, keys: &[&str]) {
        self.all.push(path.clone());
        match role {
            Role::Schema => self.schemas.push(path.clone()),
            Role::Parameter => self.parameters.push(path.clone()),
            Role::Response => self.responses.push(path.clone()),
            Role::Operation => self.operations.push(path.clone()),
            _ => {}
        }
        match node {
            Node::Str(_) => self.strings.push(path.clone()),
            Node::Map(entries) => {
                self.maps.push(path.clone());
                if role == Role::SchemaMap {
                    self.named_maps.push(path.clone());
                }
                for (i, (key, value)) in entries.iter().enumerate() {
                    path.push(i);
                    let child = self.child_role(role, key, keys, path);
                    let mut child_keys = keys.to_vec();
                    child_keys.push(key);
                    self.walk(value, path, child, &child_keys);
                    path.pop();
                }
            }
            Node::Seq(items) => {
                let child = match role {
                    Role::SchemaList => Role::Schema,
                    Role::Parameters => Role::Parameter,
                    _ => Role::Other,
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

    /// The role of the entry `key` (at `path`) of a mapping whose role is `role`, found under
    /// the keys `keys`; records enums and `content` mappings on the way.
    fn child_role(&mut self, role: Role, key: &str, keys: &[&str], path: &Path) -> Role {
        let top = keys.is_empty();
        let in_components = keys.len() == 1 && keys[0] == "components";
        match (role, key) {
            (Role::SchemaMap, _) => Role::Schema,
            (Role::Schema, k) if SUBSCHEMA.contains(&k) => Role::Schema,
            (Role::Schema, k) if SUBSCHEMA_MAPS.contains(&k) => Role::SchemaMap,
            (Role::Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => Role::SchemaList,
            (Role::Schema, "enum") => {
                self.enums.push(path.clone());
                Role::Other
            }
            (Role::Paths, _) => Role::PathItem,
            (Role::PathItem | Role::Operation, "parameters") => Role::Parameters,
            (Role::PathItem, _) => Role::Operation,
            (Role::Operation, "responses") => Role::Responses,
            (Role::Operation, _) => Role::Other,
            (Role::Parameters, _) => Role::Parameter,
            (Role::Responses, _) => Role::Response,
            (_, "schema") => Role::Schema,
            (Role::Other, "schemas") if in_components => Role::SchemaMap,
            (Role::Other, "definitions") if top => Role::SchemaMap,
            (Role::Other, "paths" | "webhooks") if top => Role::Paths,
            (Role::Other, "pathItems") if in_components => Role::Paths,
            (Role::Other, "parameters") if top || in_components => Role::Parameters,
            (Role::Other, "responses") if top || in_components => Role::Responses,
            (Role::Other | Role::Parameter | Role::Response, "content") => {
                self.contents.push(path.clone());
                Role::Other
            }
            _ => Role::Other,
        }
    }
}
