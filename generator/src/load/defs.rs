//! `$defs` (JSON Schema 2020-12 local definitions), hoisted into `components/schemas` so that
//! the 3.0 model, which has no place for them, keeps them, and every `$ref` into them is
//! rewritten to its new place.

use super::source_map::SourceMap;
use super::walk::{SchemaVisitor, each_ref, visit_document};
use crate::diagnostics::{Diagnostics, join};
use yaml_serde::{Mapping, Value};

/// Rounds of hoisting: a definition may hold definitions of its own.
const MAX_ROUNDS: usize = 8;

/// Hoists every `$defs` entry of the document `root` into `components/schemas`.
pub(super) fn hoist(root: &mut Value, diagnostics: &mut Diagnostics, map: &mut SourceMap) {
    let mut moved: Vec<(String, String)> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let mut found = Found(Vec::new());
        visit_document(root, &mut found);
        if found.0.is_empty() {
            break;
        }
        let Some(schemas) = schemas_of(root) else {
            return;
        };
        for (owner, name, schema) in found.0 {
            let new_name = free_name(schemas, &owner, &name);
            let source = join(&join(&owner, "$defs"), &name);
            let target = join("#/components/schemas", &new_name);
            if new_name != name {
                diagnostics.note(
                    "a `$defs` entry renamed",
                    source.clone(),
                    format!(
                        "the definition `{name}` is read as the component `{new_name}`, since \
                         a component of its name exists"
                    ),
                );
            }
            map.record(target.clone(), source.clone());
            moved.push((source, target));
            schemas.insert(new_name.into(), schema);
        }
    }
    if !moved.is_empty() {
        rewrite_refs(root, &moved);
    }
}

/// `components/schemas` of `root`, made if it is missing.
fn schemas_of(root: &mut Value) -> Option<&mut Mapping> {
    let doc = root.as_mapping_mut()?;
    let components = doc
        .entry("components".into())
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if !components.is_mapping() {
        return None;
    }
    components
        .as_mapping_mut()?
        .entry("schemas".into())
        .or_insert_with(|| Value::Mapping(Mapping::new()))
        .as_mapping_mut()
}

/// The definition's own name when no component has it; otherwise `<Owner>_<Name>`, then with
/// a number.
fn free_name(schemas: &Mapping, owner: &str, name: &str) -> String {
    if !schemas.contains_key(name) {
        return name.to_owned();
    }
    let owner_name = owner
        .rsplit('/')
        .next()
        .map(crate::pointer::unescape)
        .unwrap_or_default();
    let base = format!("{owner_name}_{name}");
    let mut candidate = base.clone();
    let mut number = 2;
    while schemas.contains_key(candidate.as_str()) {
        candidate = format!("{base}_{number}");
        number += 1;
    }
    candidate
}

/// `(owner pointer, name, schema)` of each `$defs` entry, taken out of its owner.
struct Found(Vec<(String, String, Value)>);

impl SchemaVisitor for Found {
    fn schema(&mut self, node: &mut Value, pointer: &str) {
        let Some(Value::Mapping(defs)) =
            node.as_mapping_mut().and_then(|m| m.shift_remove("$defs"))
        else {
            return;
        };
        for (name, schema) in defs {
            if let Some(name) = name.as_str() {
                self.0.push((pointer.to_owned(), name.to_owned(), schema));
            }
        }
    }
}

/// Rewrites every `$ref` that names a moved definition (or a node inside one).
/// A definition nested in another moves twice, so a `$ref` is rewritten until none applies.
fn rewrite_refs(node: &mut Value, moved: &[(String, String)]) {
    each_ref(node, &mut |reference| {
        let mut current =
            crate::pointer::percent_decode(reference).unwrap_or_else(|| reference.clone());
        let mut changed = false;
        for _ in 0..=moved.len() {
            let next = moved.iter().find_map(|(source, target)| {
                let rest = current.strip_prefix(source.as_str())?;
                (rest.is_empty() || rest.starts_with('/')).then(|| format!("{target}{rest}"))
            });
            match next {
                Some(next) => {
                    current = next;
                    changed = true;
                }
                None => break,
            }
        }
        if changed {
            *reference = current;
        }
    });
}
