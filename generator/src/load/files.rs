//! Specs written over several files: every `$ref` to another file is followed, and the files
//! become one document before anything else reads it.
//!
//! A `$ref` in a schema position names a schema, which becomes a component (named after the
//! fragment's last segment, or the file's stem), so that two uses share one type and a cycle
//! across files is a recursive type. Any other `$ref` (a path item, a parameter, a response) is
//! replaced by a copy of what it names. Each file is read once, relative to the file holding
//! the `$ref`. A `$ref` to a URL is never fetched. Every node that comes from another file is
//! recorded in the source map as `file#pointer`, so diagnostics name the file and the pointer.

use super::keywords::SCHEMA_MAP;
use super::source_map::SourceMap;
use super::walk::size;
use crate::SpecFiles;
use crate::diagnostics::{Diagnostics, join};
use std::collections::{BTreeMap, BTreeSet};
use yaml_serde::{Mapping, Value};

/// Keys of a schema whose values are data: a `$ref` inside them is text.
const LITERAL_KEYS: &[&str] = &["example", "examples", "enum", "default", "const"];

/// How many nodes the files may add, per node of each file read (the root's included) and
/// besides.
const COPIES_PER_NODE: usize = 8;
const MIN_COPY_BUDGET: usize = 100_000;

/// Brings every file `root` refers to into it. `root_name` is the root document's path as the
/// caller's `files` know it; `None` for `files` means the spec was given as text alone.
pub(super) fn bundle(
    root: &mut Value,
    root_name: &str,
    files: Option<&dyn SpecFiles>,
    diagnostics: &mut Diagnostics,
    map: &mut SourceMap,
) {
    if !has_external_ref(root, 0) {
        return;
    }
    let swagger = root.get("swagger").is_some();
    let mut bundler = Bundler {
        files,
        root_name: normalize("", root_name),
        trees: BTreeMap::new(),
        names: BTreeMap::new(),
        taken: BTreeSet::new(),
        pending: Vec::new(),
        section: if swagger {
            "#/definitions"
        } else {
            "#/components/schemas"
        },
        inlining: Vec::new(),
        budget: MIN_COPY_BUDGET.saturating_add(size(root).saturating_mul(COPIES_PER_NODE)),
        diagnostics,
        map,
    };
    bundler.claim_components(root);
    let root_name = bundler.root_name.clone();
    bundler.walk(root, &root_name, false, &mut String::from("#"), 0);
    bundler.hoist_pending(root);
}

struct Bundler<'a> {
    files: Option<&'a dyn SpecFiles>,
    root_name: String,
    /// Each file read so far, `None` when it could not be read (already reported).
    trees: BTreeMap<String, Option<Value>>,
    /// The component name given to each `(file, fragment)` schema.
    names: BTreeMap<(String, String), String>,
    taken: BTreeSet<String>,
    /// Schemas named but not yet copied into the components: `(file, fragment, name)`.
    pending: Vec<(String, String, String)>,
    section: &'static str,
    /// The non-schema targets being copied, to stop a cycle of them.
    inlining: Vec<(String, String)>,
    budget: usize,
    diagnostics: &'a mut Diagnostics,
    map: &'a mut SourceMap,
}

impl Bundler<'_> {
    /// Components of the root that are only a `$ref` to another file (`Pet: {$ref:
    /// schemas/Pet.yaml}`) keep their name for what they name.
    fn claim_components(&mut self, root: &Value) {
        let section = self.section_map(root).cloned().unwrap_or_default();
        for (name, schema) in &section {
            let Some(name) = name.as_str() else { continue };
            self.taken.insert(name.to_owned());
            let reference = schema.get("$ref").and_then(Value::as_str);
            let only_ref = schema.as_mapping().is_some_and(|m| m.len() == 1);
            if let (Some(reference), true) = (reference, only_ref)
                && let Some((file, fragment)) = split_ref(reference)
                && !file.is_empty()
                && !is_url(file)
            {
                let file = normalize(&self.root_name, file);
                self.names
                    .entry((file.clone(), fragment.to_owned()))
                    .or_insert_with(|| name.to_owned());
            }
        }
    }

    fn section_map<'v>(&self, root: &'v Value) -> Option<&'v Mapping> {
        let mut node = root;
        for segment in crate::pointer::segments(self.section)? {
            node = node.get(segment.as_str())?;
        }
        node.as_mapping()
    }

    /// Walks `node`, from `file`, now at `pointer` in the bundled document.
    fn walk(
        &mut self,
        node: &mut Value,
        file: &str,
        in_schema: bool,
        pointer: &mut String,
        depth: usize,
    ) {
        if depth > super::tree::MAX_TREE_DEPTH * 2 {
            return;
        }
        match node {
            Value::Mapping(map) => {
                if let Some(Value::String(reference)) = map.get("$ref").cloned().as_ref()
                    && self.follow(node, reference, file, in_schema, pointer, depth)
                {
                    return;
                }
                let Value::Mapping(map) = node else { return };
                let here_is_schema_map = pointer == self.section
                    || pointer.ends_with("/components/schemas")
                    || (in_schema && ends_in_schema_map(pointer));
                let length = pointer.len();
                for (key, value) in map.iter_mut() {
                    let Some(key) = key.as_str() else { continue };
                    // Inside a schema, `default`, `enum`… hold data; outside, `default` is a
                    // response and only `example` holds data.
                    let literal = if in_schema {
                        LITERAL_KEYS.contains(&key)
                    } else {
                        key == "example"
                    };
                    // Text, and the root's objects that hold no `$ref` OpenAPI follows (a tag's
                    // description written as a `$ref` is a defect, repaired later).
                    let text = matches!(key, "description" | "summary")
                        || (depth == 0
                            && matches!(key, "info" | "tags" | "externalDocs" | "servers"));
                    if !here_is_schema_map && (literal || text || key.starts_with("x-")) {
                        continue;
                    }
                    let child_in_schema = in_schema || here_is_schema_map || key == "schema";
                    crate::diagnostics::push_segment(pointer, key);
                    self.walk(value, file, child_in_schema, pointer, depth + 1);
                    pointer.truncate(length);
                }
            }
            Value::Sequence(items) => {
                let length = pointer.len();
                for (index, item) in items.iter_mut().enumerate() {
                    crate::diagnostics::push_segment(pointer, &index.to_string());
                    self.walk(item, file, in_schema, pointer, depth + 1);
                    pointer.truncate(length);
                }
            }
            _ => {}
        }
    }

    /// Follows the `$ref` of `node`, if it leads to another file (or is local to a file other
    /// than the root). Returns whether `node` was dealt with.
    fn follow(
        &mut self,
        node: &mut Value,
        reference: &str,
        file: &str,
        in_schema: bool,
        pointer: &mut String,
        depth: usize,
    ) -> bool {
        // A `#…` reference inside another file names a node of that file.
        let (path, fragment) = match split_ref(reference) {
            Some(split) => split,
            None if file != self.root_name => ("", &reference[1..]),
            None => return false,
        };
        if is_url(path) {
            self.diagnostics.push(
                join(pointer, "$ref"),
                format!(
                    "`$ref: {reference}` names a URL, which the generator does not fetch; bundle \
                     the spec into one file first (e.g. `npx @redocly/cli bundle`), or save the \
                     document and refer to it by a relative path"
                ),
            );
            set_ref(node, String::new());
            return true;
        }
        let target_file = if path.is_empty() {
            file.to_owned()
        } else {
            normalize(file, path)
        };
        let fragment =
            crate::pointer::percent_decode(fragment).unwrap_or_else(|| fragment.to_owned());
        if target_file == self.root_name {
            if !path.is_empty() {
                set_ref(node, format!("#{fragment}"));
            }
            return false;
        }
        if self.tree(&target_file, pointer).is_none() {
            set_ref(node, String::new());
            return true;
        }
        // A `$ref` standing for a whole map of schemas (`properties: {$ref: attributes.yml#/x}`,
        // as some split specs write it) is copied in place, its entries walked as schemas.
        let schema_map = in_schema && ends_in_schema_map(pointer);
        if in_schema && !schema_map {
            let exists = self
                .trees
                .get(&target_file)
                .and_then(Option::as_ref)
                .is_some_and(|tree| super::refs::resolve(tree, &format!("#{fragment}")).is_some());
            if !exists {
                self.diagnostics.push(
                    join(pointer, "$ref"),
                    format!("`$ref: {reference}` names nothing in `{target_file}`"),
                );
                set_ref(node, String::new());
                return true;
            }
            let name = self.name_for(&target_file, &fragment);
            set_ref(node, join(self.section, &name));
            return true;
        }
        self.inline(
            node,
            (&target_file, &fragment),
            reference,
            in_schema,
            pointer,
            depth,
        );
        true
    }

    /// Replaces `node` by a copy of what `file#fragment` names, itself walked from that file.
    fn inline(
        &mut self,
        node: &mut Value,
        (file, fragment): (&str, &str),
        reference: &str,
        in_schema: bool,
        pointer: &mut String,
        depth: usize,
    ) {
        let key = (file.to_owned(), fragment.to_owned());
        if self.inlining.contains(&key) {
            self.diagnostics.push(
                join(pointer, "$ref"),
                format!("`$ref: {reference}` leads back to itself across files; it is left out"),
            );
            *node = Value::Mapping(Mapping::new());
            return;
        }
        let Some(mut copy) = self.target(file, fragment, reference, pointer) else {
            *node = Value::Mapping(Mapping::new());
            return;
        };
        self.map
            .record(pointer.clone(), format!("{file}#{fragment}"));
        self.inlining.push(key);
        self.walk(&mut copy, file, in_schema, pointer, depth + 1);
        self.inlining.pop();
        *node = copy;
    }

    /// A copy of the node `file#fragment`, within the copy budget; reported at `pointer` if
    /// it does not exist.
    fn target(
        &mut self,
        file: &str,
        fragment: &str,
        reference: &str,
        pointer: &str,
    ) -> Option<Value> {
        let tree = self.trees.get(file)?.as_ref()?;
        let Some(found) = super::refs::resolve(tree, &format!("#{fragment}")) else {
            self.diagnostics.push(
                join(pointer, "$ref"),
                format!("`$ref: {reference}` names nothing in `{file}`"),
            );
            return None;
        };
        let cost = size(found);
        if cost > self.budget {
            self.diagnostics.push(
                join(pointer, "$ref"),
                format!(
                    "`$ref: {reference}` would copy more than the spec can afford; it is left out"
                ),
            );
            return None;
        }
        self.budget -= cost;
        Some(found.clone())
    }

    /// The component name of the schema `file#fragment`, given now if it has none.
    fn name_for(&mut self, file: &str, fragment: &str) -> String {
        let key = (file.to_owned(), fragment.to_owned());
        if let Some(name) = self.names.get(&key) {
            return name.clone();
        }
        let stem = fragment
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .map(crate::pointer::unescape)
            .unwrap_or_else(|| {
                let base = file.rsplit('/').next().unwrap_or(file);
                base.split('.').next().unwrap_or(base).to_owned()
            });
        let mut name = stem.clone();
        let mut number = 2;
        while self.taken.contains(&name) {
            name = format!("{stem}_{number}");
            number += 1;
        }
        self.taken.insert(name.clone());
        self.names.insert(key, name.clone());
        self.pending
            .push((file.to_owned(), fragment.to_owned(), name.clone()));
        name
    }

    /// Copies each named schema into the components, each walked from its own file (which may
    /// name more), and fills the root's components that were only a `$ref` to a file.
    fn hoist_pending(&mut self, root: &mut Value) {
        let claimed: Vec<((String, String), String)> = self
            .names
            .iter()
            .filter(|(_, name)| !self.pending.iter().any(|(_, _, n)| n == *name))
            .map(|(key, name)| (key.clone(), name.clone()))
            .collect();
        for ((file, fragment), name) in claimed {
            self.pending.push((file, fragment, name));
        }
        let mut done = BTreeSet::new();
        while let Some((file, fragment, name)) = self.pending.pop() {
            if !done.insert(name.clone()) {
                continue;
            }
            let mut at = join(self.section, &name);
            let reference = format!("{file}#{fragment}");
            if self.tree(&file, &at).is_none() {
                continue;
            }
            let Some(mut copy) = self.target(&file, &fragment, &reference, &at) else {
                continue;
            };
            self.map.record(at.clone(), reference);
            self.walk(&mut copy, &file, true, &mut at, 0);
            if let Some(section) = section_mut(root, self.section) {
                section.insert(name.into(), copy);
            }
        }
    }

    /// The tree of `file`, read and parsed once; a failure is reported at `pointer`.
    fn tree(&mut self, file: &str, pointer: &str) -> Option<&Value> {
        if !self.trees.contains_key(file) {
            let tree = self.read(file, pointer);
            self.trees.insert(file.to_owned(), tree);
        }
        self.trees.get(file)?.as_ref()
    }

    fn read(&mut self, file: &str, pointer: &str) -> Option<Value> {
        let Some(files) = self.files else {
            self.diagnostics.push(
                join(pointer, "$ref"),
                format!(
                    "`{file}` is another file, and this spec was given as text alone; generate \
                     it from its path so that the files beside it can be read"
                ),
            );
            return None;
        };
        let text = match files.read(file) {
            Ok(text) => text,
            Err(error) => {
                self.diagnostics.push(
                    join(pointer, "$ref"),
                    format!("`{file}` cannot be read: {error}"),
                );
                return None;
            }
        };
        let mut found = Diagnostics::default();
        let tree = super::tree::parse(&text, &mut found);
        // Each file may be copied a few times over, as the root may.
        if let Some(tree) = &tree {
            self.budget = self
                .budget
                .saturating_add(size(tree).saturating_mul(COPIES_PER_NODE));
        }
        for mut diagnostic in found.0 {
            diagnostic.pointer = format!("{file}{}", diagnostic.pointer);
            self.diagnostics.0.push(diagnostic);
        }
        tree
    }
}

/// `path#fragment` → `(path, fragment)`; `None` for a `$ref` to the same document (`#/…`).
fn split_ref(reference: &str) -> Option<(&str, &str)> {
    if reference.starts_with('#') {
        return None;
    }
    Some(match reference.split_once('#') {
        Some((path, fragment)) => (path, fragment),
        None => (reference, ""),
    })
}

fn is_url(path: &str) -> bool {
    path.contains("://") || path.starts_with("//")
}

/// `relative`, read from the folder of the file `from`, as a path with `/` separators and no
/// `.` or inner `..` segments.
fn normalize(from: &str, relative: &str) -> String {
    let relative = crate::pointer::percent_decode(relative).unwrap_or_else(|| relative.to_owned());
    let relative = relative.replace('\\', "/");
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    if relative.starts_with('/') {
        parts.clear();
    }
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            segment => parts.push(segment),
        }
    }
    let mut joined = parts.join("/");
    if relative.starts_with('/') {
        joined.insert(0, '/');
    }
    joined
}

fn set_ref(node: &mut Value, reference: String) {
    if let Some(map) = node.as_mapping_mut() {
        if reference.is_empty() {
            map.shift_remove("$ref");
        } else {
            map.insert("$ref".into(), reference.into());
        }
    }
}

fn section_mut<'v>(root: &'v mut Value, section: &str) -> Option<&'v mut Mapping> {
    let mut node = root;
    for segment in crate::pointer::segments(section)? {
        let map = node.as_mapping_mut()?;
        node = map
            .entry(segment.as_str().into())
            .or_insert_with(|| Value::Mapping(Mapping::new()));
    }
    node.as_mapping_mut()
}

/// Whether any `$ref` under `node` names another file.
fn has_external_ref(node: &Value, depth: usize) -> bool {
    if depth > super::tree::MAX_TREE_DEPTH {
        return false;
    }
    match node {
        Value::Mapping(map) => map.iter().any(|(key, value)| match (key.as_str(), value) {
            (Some("$ref"), Value::String(reference)) => !reference.starts_with('#'),
            _ => has_external_ref(value, depth + 1),
        }),
        Value::Sequence(items) => items.iter().any(|item| has_external_ref(item, depth + 1)),
        _ => false,
    }
}

/// Whether the node at `pointer` is a map of schemas by name (`…/properties`).
fn ends_in_schema_map(pointer: &str) -> bool {
    pointer
        .rsplit_once('/')
        .is_some_and(|(_, last)| SCHEMA_MAP.contains(&last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_read_from_the_folder_of_the_file_that_names_them() {
        assert_eq!(
            normalize("openapi.yaml", "schemas/Pet.yaml"),
            "schemas/Pet.yaml"
        );
        assert_eq!(
            normalize("paths/pets.yaml", "../schemas/Pet.yaml"),
            "schemas/Pet.yaml"
        );
        assert_eq!(normalize("a/b.yaml", "./c.yaml"), "a/c.yaml");
        assert_eq!(
            normalize("openapi.yaml", "../common/x.yaml"),
            "../common/x.yaml"
        );
    }

    #[test]
    fn a_reference_splits_into_file_and_fragment() {
        assert_eq!(split_ref("pet.yaml#/Pet"), Some(("pet.yaml", "/Pet")));
        assert_eq!(split_ref("pet.yaml"), Some(("pet.yaml", "")));
        assert_eq!(split_ref("#/components/schemas/Pet"), None);
    }
}
