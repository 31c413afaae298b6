//! Walks through type aliases and collections: where an alias leads, and whether a type's
//! collection leaves need a wire form of their own.

use super::{TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Where each alias leads, following aliases to the end, computed once so that each lookup
/// is one step however long the chain. An alias on a cycle (reported by the checks) leads to
/// a name on the cycle.
pub(crate) fn alias_targets(types: &BTreeMap<String, TypeDef>) -> BTreeMap<String, TypeRef> {
    let mut targets: BTreeMap<String, TypeRef> = BTreeMap::new();
    for start in types.keys() {
        let mut chain: Vec<&str> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut current = start.as_str();
        let end = loop {
            if let Some(known) = targets.get(current) {
                break known.clone();
            }
            match types.get(current).map(|d| &d.kind) {
                Some(TypeKind::Alias(TypeRef::Named(next))) if seen.insert(current) => {
                    chain.push(current);
                    current = next;
                }
                Some(TypeKind::Alias(target)) if !seen.contains(current) => {
                    chain.push(current);
                    break target.clone();
                }
                _ => break TypeRef::Named(current.to_owned()),
            }
        };
        for name in chain {
            targets.insert(name.to_owned(), end.clone());
        }
    }
    targets
}

/// What an array or map (through options) holds at its leaves, for its wire form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CollectionLeaves {
    /// Not a collection, or one of values whose serde default is their wire form.
    Plain,
    /// Exact decimals, RFC 3339 timestamps or ISO dates, which `runtime::wire` reads and writes.
    Encoded,
    /// Dates or times in a vendor format, which no shared helper knows.
    VendorFormat,
}

/// Whether `ty` is an array or map whose leaves need an encoding (see [`CollectionLeaves`]).
pub(crate) fn collection_leaves(
    aliases: &BTreeMap<String, TypeRef>,
    ty: &TypeRef,
) -> CollectionLeaves {
    let mut current = resolve_alias(aliases, ty);
    let mut inside = false;
    // Each step goes one array, map or option deeper; alias cycles are reported elsewhere.
    for _ in 0..=aliases.len() + 64 {
        match current {
            TypeRef::Decimal | TypeRef::DateTime if inside => return CollectionLeaves::Encoded,
            TypeRef::Temporal(format) if inside => {
                return if format.java == "yyyy-MM-dd" {
                    CollectionLeaves::Encoded
                } else {
                    CollectionLeaves::VendorFormat
                };
            }
            TypeRef::Vec(item) | TypeRef::Map(item) => {
                inside = true;
                current = resolve_alias(aliases, item);
            }
            TypeRef::Nullable(item) => current = resolve_alias(aliases, item),
            _ => return CollectionLeaves::Plain,
        }
    }
    CollectionLeaves::Plain
}

/// Whether a whole body of type `ty` is read through `runtime::wire`: an exact decimal, an RFC
/// 3339 timestamp or an ISO date, alone, in an option, or in arrays and maps.
pub(crate) fn read_through_wire(aliases: &BTreeMap<String, TypeRef>, ty: &TypeRef) -> bool {
    let mut current = resolve_alias(aliases, ty);
    for _ in 0..=aliases.len() + 64 {
        match current {
            TypeRef::Decimal | TypeRef::DateTime => return true,
            TypeRef::Temporal(format) => return format.java == "yyyy-MM-dd",
            TypeRef::Vec(item) | TypeRef::Map(item) | TypeRef::Nullable(item) => {
                current = resolve_alias(aliases, item);
            }
            _ => return false,
        }
    }
    false
}

/// Follows type aliases to the type they stand for, through the table of [`alias_targets`].
pub(crate) fn resolve_alias<'t>(
    aliases: &'t BTreeMap<String, TypeRef>,
    ty: &'t TypeRef,
) -> &'t TypeRef {
    match ty {
        TypeRef::Named(name) => aliases.get(name).unwrap_or(ty),
        _ => ty,
    }
}
