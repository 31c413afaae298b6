//! Which types have anything to check before a request is sent (`Validate`): an enum (which
//! refuses a value it does not know), a `oneOf` (which refuses one that is none of its
//! variants), a struct with a constrained field (a range, a size, `multipleOf`, uniqueness), and
//! a struct or wrapper that holds any of these. The others get no `Validate` impl, and nothing
//! calls one for them: checking them would do nothing.
//!
//! One pass over the type graph: each type that has a check of its own marks every type that
//! holds it, through reverse edges, so a document of thousands of schemas takes linear time.

use super::{Checks, TypeDef, TypeKind, TypeRef, resolve_alias};
use std::collections::{BTreeMap, BTreeSet};

/// The names of the types whose values can fail `Validate`.
pub(super) fn checked_types(
    types: &BTreeMap<String, TypeDef>,
    aliases: &BTreeMap<String, TypeRef>,
) -> BTreeSet<String> {
    // For each type, the types that hold it (and are checked when it is).
    let mut holders: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut pending: Vec<&str> = Vec::new();
    for (name, def) in types {
        let mut held = Vec::new();
        let own = match &def.kind {
            TypeKind::Enum { .. } | TypeKind::NumberEnum { .. } | TypeKind::OneOf { .. } => true,
            TypeKind::Struct {
                fields, additional, ..
            } => {
                for field in fields {
                    named_leaves(aliases, &field.ty, &mut held);
                }
                if let Some(additional) = additional {
                    named_leaves(aliases, &additional.ty, &mut held);
                }
                fields.iter().any(|field| !is_empty(&field.checks))
            }
            TypeKind::Wrapper(inner) => {
                named_leaves(aliases, inner, &mut held);
                false
            }
            // A constrained string is checked when it is made; an alias is checked as what it
            // stands for; responses and errors are only ever received.
            TypeKind::Constrained { .. }
            | TypeKind::Alias(_)
            | TypeKind::Responses { .. }
            | TypeKind::Errors { .. } => false,
        };
        if own {
            pending.push(name);
        }
        for leaf in held {
            holders.entry(leaf).or_default().push(name);
        }
    }
    let mut checked = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !checked.insert(name.to_owned()) {
            continue;
        }
        if let Some(holders) = holders.get(name) {
            pending.extend(holders.iter().filter(|holder| !checked.contains(**holder)));
        }
    }
    checked
}

/// Whether values of `ty` can fail `Validate`, given the checked types.
pub(crate) fn can_fail(
    checked: &BTreeSet<String>,
    aliases: &BTreeMap<String, TypeRef>,
    ty: &TypeRef,
) -> bool {
    let mut leaves = Vec::new();
    named_leaves(aliases, ty, &mut leaves);
    leaves.iter().any(|name| checked.contains(*name))
}

/// The named types a value of `ty` holds, through aliases, arrays, maps, options, boxes and
/// tuples.
fn named_leaves<'a>(
    aliases: &'a BTreeMap<String, TypeRef>,
    ty: &'a TypeRef,
    out: &mut Vec<&'a str>,
) {
    match resolve_alias(aliases, ty) {
        TypeRef::Named(name) => out.push(name),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Boxed(inner) => named_leaves(aliases, inner, out),
        TypeRef::Tuple(members) => {
            for member in members {
                named_leaves(aliases, member, out);
            }
        }
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Decimal
        | TypeRef::Json
        | TypeRef::JsonMap
        | TypeRef::DateTime
        | TypeRef::Secret
        | TypeRef::File
        | TypeRef::Temporal(_) => {}
    }
}

/// Whether a field has no constraint of its own to check. Every constraint counts, even one
/// the emitted checks skip (bounds on a value that is not a number): a struct that is wrongly
/// counted as checked gets an empty `Validate`, which is harmless, while the converse would
/// drop a check.
fn is_empty(checks: &Checks) -> bool {
    let Checks {
        minimum,
        maximum,
        min_items,
        max_items,
        unique_items,
        min_properties,
        max_properties,
        multiple_of,
        item_minimum,
        item_maximum,
    } = checks;
    minimum.is_none()
        && maximum.is_none()
        && min_items.is_none()
        && max_items.is_none()
        && !unique_items
        && min_properties.is_none()
        && max_properties.is_none()
        && multiple_of.is_none()
        && item_minimum.is_none()
        && item_maximum.is_none()
}

#[cfg(test)]
mod tests {
    use crate::{Settings, generate};

    /// The types of a document's components that implement `Validate`.
    fn validated(schemas: &str) -> Vec<String> {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let settings = Settings {
            spec_name: "spec.yaml".to_owned(),
            standalone_crate: None,
            runtime_path: None,
            doc_crate: None,
        };
        let generated = generate(&spec, &settings).unwrap_or_else(|d| panic!("{d}"));
        let types = generated
            .files
            .iter()
            .find(|f| f.path.ends_with("types.rs"))
            .map(|f| f.contents.clone())
            .unwrap_or_default();
        let impls: Vec<String> = types
            .lines()
            .filter_map(|line| line.strip_prefix("impl Validate for "))
            .map(|rest| rest.trim_end_matches(" {").to_owned())
            .collect();
        impls
    }

    #[test]
    fn a_struct_of_plain_fields_has_nothing_to_check() {
        let schemas = "    Plain: {type: object, properties: {name: {type: string}}}\n";
        assert_eq!(validated(schemas), Vec::<String>::new());
    }

    /// The enum's own impl comes from the runtime's macro, not as a line of its own.
    #[test]
    fn a_struct_holding_an_enum_through_an_array_is_checked() {
        let schemas = "    Colour: {type: string, enum: [RED]}\n    Crate: {type: object, properties: {colours: {type: array, items: {$ref: '#/components/schemas/Colour'}}}}\n";
        assert_eq!(validated(schemas), ["Crate"]);
    }

    #[test]
    fn a_bound_makes_a_struct_checked_and_its_holders_too() {
        let schemas = "    Inner: {type: object, properties: {n: {type: integer, maximum: 5}}}\n    Outer: {type: object, properties: {inner: {$ref: '#/components/schemas/Inner'}}}\n    Other: {type: object, properties: {s: {type: string}}}\n";
        assert_eq!(validated(schemas), ["Inner", "Outer"]);
    }

    #[test]
    fn a_cycle_without_checks_is_not_checked() {
        let schemas = "    Node: {type: object, properties: {next: {$ref: '#/components/schemas/Node'}, name: {type: string}}}\n";
        assert_eq!(validated(schemas), Vec::<String>::new());
    }
}
