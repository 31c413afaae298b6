//! Schemas that are the same become one type.
//!
//! Specs repeat themselves: every operation's `400` response writes out the same error object,
//! a path item is copied under another path, a component response is `$ref`'d where its schema
//! could have been. Each copy would be a type of its own, with its own serde code, so the
//! copies are found here and all but one are dropped, every reference to them rewritten.
//!
//! Two types are identical when their definitions are equal once each reference to a named type
//! is read as the class of that type: fields with the same wire and Rust names, types,
//! requiredness, constraints, annotations and docs; variants alike. Types that refer to each
//! other (`A.next: A`, a cycle through several types) are compared as DFA states are when a DFA
//! is minimized: start from classes that only the definitions' own contents tell apart, then
//! split each class by the classes its members refer to, until no class splits.
//!
//! What may merge:
//! - A type the generator named (an inline schema) merges into another. The kept one is a
//!   component if the class holds one, else the first by pointer (so a schema written inside
//!   a component is kept over its copy in an operation), then by name.
//! - Components keep their names: the spec named each, and a caller may have written either
//!   name. Two identical components stay two types; an inline copy of them both stays apart
//!   from both, since which of the two it means is not known (copies of it still merge).
//! - Types a method owns (its parameters struct, its enum of responses by status) stay its own.
//!
//! Docs are part of the definition: two schemas described differently are two types, so that no
//! place shows another's description. The doc the generator writes for an undescribed schema
//! (`The value at …`) names its place, and does not count.

use super::{
    Body, BodyKind, Builder, Operation, Response, ResponseBody, TypeDef, TypeKind, TypeRef,
};
use std::collections::{BTreeMap, BTreeSet};

/// The kind of the note that names the places of a merged group.
const MERGED: &str = "identical schemas read as one type";

impl Builder<'_> {
    /// Merges each class of identical types into one (see the module's docs), rewriting every
    /// reference to a merged type, in the types and in `operations`.
    pub(super) fn merge_identical_types(&mut self, operations: &mut [Operation]) {
        let components: BTreeSet<&str> =
            self.component_names.values().map(String::as_str).collect();
        let owned: BTreeSet<&str> = operations
            .iter()
            .filter_map(|op| op.params.as_ref().map(|p| p.type_name.as_str()))
            .chain(self.types.iter().filter_map(|(name, def)| {
                matches!(
                    def.kind,
                    TypeKind::Responses { .. } | TypeKind::Errors { .. }
                )
                .then_some(name.as_str())
            }))
            .collect();
        let groups = identical_groups(&self.types, &components, &owned, &self.component_docs());
        if groups.is_empty() {
            return;
        }
        let mut renames: BTreeMap<String, String> = BTreeMap::new();
        for group in &groups {
            let (keep, merged) = (&group[0], &group[1..]);
            let places: Vec<String> = merged
                .iter()
                .filter_map(|name| self.types.get(name))
                .map(|def| format!("`{}`", def.pointer))
                .collect();
            if let Some(def) = self.types.get_mut(keep) {
                if def.doc == inline_doc(&def.pointer) {
                    let others = match places.len() {
                        1 => "one other place".to_owned(),
                        n => format!("{n} other places"),
                    };
                    def.doc = format!(
                        "The value at `{}`, and at {others} with the same schema.",
                        def.pointer
                    );
                }
                let pointer = def.pointer.clone();
                self.diagnostics.note(
                    MERGED,
                    pointer,
                    format!(
                        "the schemas at {} make the same type as this one, so all of them are `{keep}`",
                        list(&places)
                    ),
                );
            }
            for name in merged {
                self.types.remove(name);
                renames.insert(name.clone(), keep.clone());
            }
        }
        self.rewrite_references(&renames, operations);
        self.join_same_variants();
    }

    /// The doc each component would have without a description, by Rust name: such a doc is
    /// the generator's, and does not tell the component apart from an undescribed copy.
    fn component_docs(&self) -> BTreeMap<String, String> {
        self.component_names
            .iter()
            .map(|(spec, rust)| (rust.clone(), format!("The `{spec}` schema.")))
            .collect()
    }

    /// Points every reference to a merged type (a key of `renames`) at the type kept instead.
    fn rewrite_references(
        &mut self,
        renames: &BTreeMap<String, String>,
        operations: &mut [Operation],
    ) {
        let mut rename = |ty: &mut TypeRef| rename_ref(ty, renames);
        for def in self.types.values_mut() {
            each_ref(&mut def.kind, &mut rename);
        }
        for op in operations.iter_mut() {
            // Every field of an operation that holds a type; the parameters struct is a type.
            for param in &mut op.path_params {
                rename(&mut param.ty);
            }
            if let Some(body) = &mut op.body {
                body_refs(body, &mut rename);
            }
            response_refs(&mut op.response, renames);
            for alternative in &mut op.alternatives {
                if let Some(body) = &mut alternative.body {
                    body_refs(body, &mut rename);
                }
                if let Some((response, _)) = &mut alternative.response {
                    response_refs(response, renames);
                }
            }
            for case in &mut op.errors {
                rename(&mut case.ty);
            }
        }
        self.aliases.retain(|name, _| !renames.contains_key(name));
        for target in self.aliases.values_mut() {
            rename(target);
        }
        for ty in self
            .inline_types
            .values_mut()
            .chain(self.shared_bodies.values_mut())
        {
            rename(ty);
        }
        // Two error types may now be one: it was seen first where the first of them was.
        let seen = std::mem::take(&mut self.error_types);
        for (mut ty, pointer) in seen {
            rename(&mut ty);
            let kept = self
                .error_types
                .entry(ty)
                .or_insert_with(|| pointer.clone());
            if pointer < *kept {
                *kept = pointer;
            }
        }
    }

    /// A `oneOf` whose members were distinct types that are now one joins them into one
    /// variant, as it does for members of one type from the start (see `one_of.rs`).
    fn join_same_variants(&mut self) {
        for def in self.types.values_mut() {
            let TypeKind::OneOf { variants, .. } = &mut def.kind else {
                continue;
            };
            let mut kept: Vec<super::OneOfVariant> = Vec::with_capacity(variants.len());
            for variant in std::mem::take(variants) {
                match kept.iter_mut().find(|v| v.ty == variant.ty) {
                    Some(earlier) => {
                        self.diagnostics.note(
                            "a `oneOf`/`anyOf` member of the same Rust type as an earlier one",
                            def.pointer.clone(),
                            format!(
                                "the variant `{}` is the same schema as the variant `{}`, which it joins",
                                variant.rust, earlier.rust
                            ),
                        );
                        earlier.tags.extend(variant.tags);
                    }
                    None => kept.push(variant),
                }
            }
            *variants = kept;
        }
    }
}

/// The doc the generator writes for an inline schema without a description.
fn inline_doc(pointer: &str) -> String {
    format!("The value at `{pointer}`.")
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The classes of identical types with more than one member, each sorted with the type kept
/// first (see the module's docs); sorted by the kept type's name.
///
/// `components` are the types the spec names; `owned` types never merge with any other.
fn identical_groups(
    types: &BTreeMap<String, TypeDef>,
    components: &BTreeSet<&str>,
    owned: &BTreeSet<&str>,
    component_docs: &BTreeMap<String, String>,
) -> Vec<Vec<String>> {
    let plain = |def: &TypeDef| {
        def.doc == inline_doc(&def.pointer)
            || component_docs
                .get(&def.name)
                .is_some_and(|doc| *doc == def.doc)
    };
    // First, which components are identical to another component: each of those stays apart
    // from every other type, so that no class holds two components.
    let loose = classes(types, owned, &plain);
    let mut components_by_class: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for name in components {
        if let Some(class) = loose.get(name) {
            components_by_class.entry(*class).or_default().push(name);
        }
    }
    let mut apart = owned.clone();
    apart.extend(
        components_by_class
            .into_values()
            .filter(|names| names.len() > 1)
            .flatten(),
    );
    let mut members: BTreeMap<usize, Vec<&TypeDef>> = BTreeMap::new();
    for (name, class) in classes(types, &apart, &plain) {
        if let Some(def) = types.get(name) {
            members.entry(class).or_default().push(def);
        }
    }
    let mut groups: Vec<Vec<String>> = members
        .into_values()
        .filter(|defs| defs.len() > 1)
        .map(|mut defs| {
            defs.sort_by(|a, b| {
                let rank = |def: &TypeDef| !components.contains(def.name.as_str());
                (rank(a), &a.pointer, &a.name).cmp(&(rank(b), &b.pointer, &b.name))
            });
            defs.into_iter().map(|def| def.name.clone()).collect()
        })
        .collect();
    groups.sort();
    groups
}

/// The class of each type: types in one class are identical. `apart` types are each in a
/// class of their own; `plain` says whether a type's doc is the generator's, which is ignored.
///
/// Partition refinement: the first classes ignore what references refer to (each type's
/// shape: its definition with every name left blank); each round then splits a class whose
/// members refer to types of different classes. Classes only split, so a type's class stands
/// for its shape from then on, and a round's key is its class and the classes of the types it
/// refers to, in the order its shape holds them. A round that splits none is the last, and
/// there are at most as many rounds as types.
fn classes<'t>(
    types: &'t BTreeMap<String, TypeDef>,
    apart: &BTreeSet<&str>,
    plain: &dyn Fn(&TypeDef) -> bool,
) -> BTreeMap<&'t str, usize> {
    let refs: BTreeMap<&str, Vec<String>> = types
        .iter()
        .map(|(name, def)| (name.as_str(), references(def)))
        .collect();
    let (mut class, mut count) = number(types, |name, def| {
        let label = if apart.contains(name) { name } else { "" };
        format!("{label:?} {}", shape(def, plain))
    });
    loop {
        let (next, next_count) = number(types, |name, _| {
            let class_of = |target: &str| {
                class
                    .get(target)
                    .map_or_else(|| format!("?{target}"), usize::to_string)
            };
            let mut key = class_of(name);
            for target in refs.get(name).into_iter().flatten() {
                key.push(' ');
                key.push_str(&class_of(target));
            }
            key
        });
        if next_count == count {
            return next;
        }
        (class, count) = (next, next_count);
    }
}

/// The names a type refers to, in the order [`shape`] holds them.
fn references(def: &TypeDef) -> Vec<String> {
    let mut kind = def.kind.clone();
    let mut names = Vec::new();
    each_ref(&mut kind, &mut |ty| {
        each_name(ty, &mut |name| names.push(name.clone()));
    });
    names
}

/// Numbers the distinct keys of the types: the class of each type, and how many classes.
fn number(
    types: &BTreeMap<String, TypeDef>,
    key: impl Fn(&str, &TypeDef) -> String,
) -> (BTreeMap<&str, usize>, usize) {
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let class = types
        .iter()
        .map(|(name, def)| {
            let next = ids.len();
            (name.as_str(), *ids.entry(key(name, def)).or_insert(next))
        })
        .collect();
    (class, ids.len())
}

/// A type's shape, as text that two identical types share: each named type it refers to left
/// blank (see [`references`]), and where it was written left out (a field's pointer, and the
/// doc that names the place, when `plain`).
fn shape(def: &TypeDef, plain: &dyn Fn(&TypeDef) -> bool) -> String {
    let mut kind = def.kind.clone();
    each_ref(&mut kind, &mut |ty| each_name(ty, &mut String::clear));
    if let TypeKind::Struct { fields, .. } = &mut kind {
        for field in fields {
            field.pointer.clear();
        }
    }
    let doc = if plain(def) { "" } else { def.doc.as_str() };
    format!("{doc:?} {kind:?}")
}

/// Points a reference to a merged type at the type kept instead.
fn rename_ref(ty: &mut TypeRef, renames: &BTreeMap<String, String>) {
    each_name(ty, &mut |name| {
        if let Some(kept) = renames.get(name.as_str()) {
            name.clone_from(kept);
        }
    });
}

/// Calls `f` on each type name `ty` holds, at any depth.
fn each_name(ty: &mut TypeRef, f: &mut dyn FnMut(&mut String)) {
    match ty {
        TypeRef::Named(name) => f(name),
        TypeRef::Map(inner)
        | TypeRef::Vec(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Boxed(inner) => each_name(inner, f),
        TypeRef::Tuple(items) => items.iter_mut().for_each(|item| each_name(item, f)),
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
        | TypeRef::Temporal(_)
        | TypeRef::File => {}
    }
}

/// Calls `f` on each type reference a definition holds.
fn each_ref(kind: &mut TypeKind, f: &mut dyn FnMut(&mut TypeRef)) {
    match kind {
        TypeKind::Struct {
            fields,
            envelope,
            error_fields: _,
            additional,
        } => {
            fields.iter_mut().for_each(|field| f(&mut field.ty));
            if let Some(envelope) = envelope {
                f(&mut envelope.payload_type);
                f(&mut envelope.error_type);
            }
            if let Some(additional) = additional {
                f(&mut additional.ty);
            }
        }
        TypeKind::OneOf { variants, .. } => variants.iter_mut().for_each(|v| f(&mut v.ty)),
        TypeKind::Alias(target) | TypeKind::Wrapper(target) => f(target),
        TypeKind::Responses { variants } => {
            for variant in variants {
                if let Some(ResponseBody::Json(ty)) = &mut variant.body {
                    f(ty);
                }
            }
        }
        TypeKind::Errors { variants } => variants.iter_mut().for_each(|v| f(&mut v.ty)),
        TypeKind::Enum { .. } | TypeKind::NumberEnum { .. } | TypeKind::Constrained { .. } => {}
    }
}

fn body_refs(body: &mut Body, f: &mut dyn FnMut(&mut TypeRef)) {
    match &mut body.kind {
        BodyKind::Json(ty) | BodyKind::Form { ty, .. } | BodyKind::Multipart { ty, .. } => f(ty),
        BodyKind::Bytes | BodyKind::Text => {}
    }
}

fn response_refs(response: &mut Response, renames: &BTreeMap<String, String>) {
    let body_ref = |body: &mut ResponseBody| {
        if let ResponseBody::Json(ty) = body {
            rename_ref(ty, renames);
        }
    };
    match response {
        Response::Unit => {}
        Response::Body(body) | Response::Optional { body, .. } => body_ref(body),
        Response::Enveloped { envelope, payload } => {
            if let Some(kept) = renames.get(envelope.as_str()) {
                envelope.clone_from(kept);
            }
            rename_ref(payload, renames);
        }
        // The enum of responses by status is the method's own, and never merged; its
        // variants' bodies are rewritten with the types.
        Response::ByStatus(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Annotations, Checks, Field};

    fn field(wire: &str, ty: TypeRef) -> Field {
        Field {
            rust: wire.to_owned(),
            wire: wire.to_owned(),
            doc: format!("The `{wire}` field."),
            ty,
            required: false,
            checks: Checks::default(),
            pii: false,
            annotations: Annotations::default(),
            tag: None,
            pointer: format!("#/somewhere/{wire}"),
        }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    /// An inline struct (undescribed) at `#/paths/<name>` with the given fields.
    fn inline(name: &str, fields: Vec<Field>) -> (String, TypeDef) {
        let pointer = format!("#/paths/{name}");
        let def = TypeDef {
            name: name.to_owned(),
            doc: inline_doc(&pointer),
            kind: TypeKind::Struct {
                fields,
                envelope: None,
                error_fields: None,
                additional: None,
            },
            pointer,
        };
        (name.to_owned(), def)
    }

    fn groups(types: &BTreeMap<String, TypeDef>) -> Vec<Vec<String>> {
        identical_groups(types, &BTreeSet::new(), &BTreeSet::new(), &BTreeMap::new())
    }

    /// Two lists that each hold themselves, and a third cycle of two types that alternate,
    /// are all the same infinite shape: one class. A list whose `next` is a string is not.
    #[test]
    fn types_that_refer_to_themselves_are_compared_up_to_renaming() {
        let types = BTreeMap::from([
            inline(
                "ListA",
                vec![
                    field("value", TypeRef::I64),
                    field("next", TypeRef::Boxed(Box::new(named("ListA")))),
                ],
            ),
            inline(
                "ListB",
                vec![
                    field("value", TypeRef::I64),
                    field("next", TypeRef::Boxed(Box::new(named("ListB")))),
                ],
            ),
            inline(
                "ListC",
                vec![
                    field("value", TypeRef::I64),
                    field("next", TypeRef::Boxed(Box::new(named("ListD")))),
                ],
            ),
            inline(
                "ListD",
                vec![
                    field("value", TypeRef::I64),
                    field("next", TypeRef::Boxed(Box::new(named("ListC")))),
                ],
            ),
            inline(
                "Ends",
                vec![
                    field("value", TypeRef::I64),
                    field("next", TypeRef::Boxed(Box::new(named("End")))),
                ],
            ),
            inline(
                "End",
                vec![field("value", TypeRef::I64), field("next", TypeRef::String)],
            ),
        ]);
        assert_eq!(
            groups(&types),
            vec![vec!["ListA", "ListB", "ListC", "ListD"]]
        );
    }

    /// Two mutually recursive pairs that differ only deep in the cycle (one field's type) are
    /// told apart, however far the difference is from where the comparison starts.
    #[test]
    fn a_difference_anywhere_on_the_cycle_keeps_types_apart() {
        let types = BTreeMap::from([
            inline(
                "A1",
                vec![field("to", TypeRef::Boxed(Box::new(named("A2"))))],
            ),
            inline(
                "A2",
                vec![
                    field("to", TypeRef::Boxed(Box::new(named("A1")))),
                    field("x", TypeRef::I64),
                ],
            ),
            inline(
                "B1",
                vec![field("to", TypeRef::Boxed(Box::new(named("B2"))))],
            ),
            inline(
                "B2",
                vec![
                    field("to", TypeRef::Boxed(Box::new(named("B1")))),
                    field("x", TypeRef::I32),
                ],
            ),
        ]);
        assert!(groups(&types).is_empty());
    }

    /// Of two identical components, neither merges, nor does an inline copy of them (which
    /// of the two it means is not known); a component alone takes in its inline copy.
    #[test]
    fn components_keep_their_names() {
        let mut types = BTreeMap::from([
            inline("One", vec![field("a", TypeRef::I64)]),
            inline("Two", vec![field("a", TypeRef::I64)]),
            inline("CopyOfBoth", vec![field("a", TypeRef::I64)]),
            inline("Alone", vec![field("b", TypeRef::I64)]),
            inline("CopyOfAlone", vec![field("b", TypeRef::I64)]),
        ]);
        let mut docs = BTreeMap::new();
        for (name, def) in &mut types {
            if ["One", "Two", "Alone"].contains(&name.as_str()) {
                def.pointer = format!("#/components/schemas/{name}");
                def.doc = format!("The `{name}` schema.");
                docs.insert(name.clone(), def.doc.clone());
            }
        }
        let components = BTreeSet::from(["One", "Two", "Alone"]);
        let found = identical_groups(&types, &components, &BTreeSet::new(), &docs);
        assert_eq!(found, vec![vec!["Alone", "CopyOfAlone"]]);
    }

    /// A description the spec gives is part of the type; the generator's doc naming the place
    /// is not.
    #[test]
    fn described_differently_is_different() {
        let mut types = BTreeMap::from([
            inline("A", vec![field("a", TypeRef::I64)]),
            inline("B", vec![field("a", TypeRef::I64)]),
            inline("C", vec![field("a", TypeRef::I64)]),
        ]);
        if let Some(c) = types.get_mut("C") {
            c.doc = "A thing of its own.".to_owned();
        }
        assert_eq!(groups(&types), vec![vec!["A", "B"]]);
    }
}
