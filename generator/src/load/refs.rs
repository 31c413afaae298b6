//! `$ref`s to a path item, or to a response, parameter or request body inside another operation
//! (`#/paths/~1pets/get/responses/404`), as bundlers write them for a second use: each is
//! replaced by a copy of what it names, so that later stages see the item itself. (A `$ref` to a
//! schema anywhere is resolved by the IR instead, which keeps one type for both uses.)

use super::walk::size;
use crate::diagnostics::{Diagnostics, push_segment};
use yaml_serde::Value;

/// How many rounds of copying: a copy may itself be such a `$ref`.
const MAX_ROUNDS: usize = 8;

/// How many nodes the copies may add in all, per node of the document and besides, so that
/// many references to a large item (or copies of copies) cannot grow the tree without bound.
const COPIES_PER_NODE: usize = 4;
const MIN_COPY_BUDGET: usize = 10_000;

/// Replaces each `$ref` to a response, parameter or request body under `#/paths` by a copy of
/// its target, and gives the pointer of each copy.
pub(super) fn inline_path_refs(root: &mut Value, diagnostics: &mut Diagnostics) -> Vec<String> {
    let mut copies = Vec::new();
    let mut budget = MIN_COPY_BUDGET.saturating_add(size(root).saturating_mul(COPIES_PER_NODE));
    for _ in 0..MAX_ROUNDS {
        let mut found = Vec::new();
        collect(root, &mut String::from("#"), 0, &mut found);
        if found.is_empty() {
            return copies;
        }
        let mut changed = false;
        for (at, reference) in found {
            let target = resolve(root, &reference).cloned();
            match target {
                Some(target) if size(&target) > budget => {
                    diagnostics.push(
                        at,
                        format!("`$ref: {reference}` would copy more than the document can afford; it is left out"),
                    );
                    return copies;
                }
                Some(target) => {
                    budget -= size(&target);
                    if let Some(node) = node_at_mut(root, &at) {
                        *node = target;
                        changed = true;
                        copies.push(at);
                    }
                }
                // Left as it is: the IR reports it where the item is used, as a spec defect
                // it works around (or, in a strict document, an error).
                None => {}
            }
        }
        if !changed {
            return copies;
        }
    }
    copies
}

/// Every `$ref` under `node` that names a response, parameter or request body under `#/paths`,
/// with the pointer of the node holding it.
/// `pointer` is a buffer that holds the node's pointer on entry and on return.
fn collect(node: &Value, pointer: &mut String, depth: usize, found: &mut Vec<(String, String)>) {
    // The tree is at most `tree::MAX_TREE_DEPTH` deep.
    if depth > super::tree::MAX_TREE_DEPTH {
        return;
    }
    let length = pointer.len();
    match node {
        Value::Mapping(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && names_an_operation_item(reference)
            {
                found.push((pointer.clone(), reference.clone()));
                return;
            }
            for (key, value) in map {
                if let Some(key) = key.as_str() {
                    push_segment(pointer, key);
                    collect(value, pointer, depth + 1, found);
                    pointer.truncate(length);
                }
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                push_segment(pointer, &index.to_string());
                collect(item, pointer, depth + 1, found);
                pointer.truncate(length);
            }
        }
        _ => {}
    }
}

/// `#/paths/…/responses/<status>`, `#/paths/…/parameters/<index>` or `#/paths/…/requestBody`.
fn names_an_operation_item(reference: &str) -> bool {
    let Some(path) = reference.strip_prefix("#/paths/") else {
        return false;
    };
    let segments: Vec<&str> = path.split('/').collect();
    match segments.as_slice() {
        // A whole path item.
        [_] => true,
        [.., last] if *last == "requestBody" => true,
        [.., container, _] => matches!(*container, "responses" | "parameters"),
        _ => false,
    }
}

/// The node a `#/…` pointer names (percent-encoded or not).
pub(super) fn resolve<'v>(root: &'v Value, reference: &str) -> Option<&'v Value> {
    let decoded = crate::pointer::percent_decode(reference)?;
    let mut node = root;
    for segment in crate::pointer::segments(&decoded)? {
        node = match node {
            Value::Mapping(map) => map.get(segment.as_str())?,
            Value::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The node at one of our own pointers (as `join` writes them), to replace it.
fn node_at_mut<'v>(root: &'v mut Value, pointer: &str) -> Option<&'v mut Value> {
    let mut node = root;
    for segment in crate::pointer::segments(pointer)? {
        node = match node {
            Value::Mapping(map) => map.get_mut(segment.as_str())?,
            Value::Sequence(items) => items.get_mut(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_operation_items_under_paths_are_copied() {
        assert!(names_an_operation_item("#/paths/~1a/get/responses/404"));
        assert!(names_an_operation_item("#/paths/~1a/parameters/0"));
        assert!(names_an_operation_item("#/paths/~1a/post/requestBody"));
        assert!(names_an_operation_item("#/paths/~1a"));
        assert!(!names_an_operation_item(
            "#/paths/~1a/get/responses/200/content/application~1json/schema"
        ));
        assert!(!names_an_operation_item("#/components/responses/NotFound"));
    }
}
