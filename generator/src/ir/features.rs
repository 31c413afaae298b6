//! The cargo features of the generated crate: one per tag of the spec, so that a caller who
//! uses a few tags compiles only their operations and the types those reach.
//!
//! - An operation is compiled when any of its tags' features is on; operations without a tag
//!   share [`UNTAGGED`].
//! - A type is compiled when any feature whose operations reach it is on (through fields,
//!   variants, aliases, collections).
//! - What every client needs is always compiled: the error type and error bodies, and the token
//!   operation of `x-token` with what it reaches, since any secured call may fetch a token.
//! - A type no operation reaches (a component kept for callers) is behind [`UNREFERENCED`], in
//!   the default set: a caller who picks features does not pay for it, and one who wants it
//!   names it.
//!
//! A spec that tags no operation gets no features, and nothing is gated.

use super::{Api, Response, ResponseBody, SecurityKind, TypeDef, TypeKind, TypeRef};
use crate::cfg::Gate;
use crate::diagnostics::Diagnostics;
use std::collections::{BTreeMap, BTreeSet};

/// The feature of the operations without a tag. Tag features are kebab case, so a name with an
/// underscore is never one of them.
pub(crate) const UNTAGGED: &str = "untagged_operations";
/// The feature of the types no operation reaches.
pub(crate) const UNREFERENCED: &str = "unreferenced_types";
/// The kind of the note made when two tags fold to one feature name.
const COLLISION: &str = "two tags that become one cargo feature name, told apart by a suffix";

/// The crate's features, and the gate of each operation and type.
#[derive(Debug, Default)]
pub(crate) struct Features {
    /// Each feature by name. Empty: nothing is gated.
    pub(crate) features: BTreeMap<String, Feature>,
    /// The gate of each gated operation, by method name; the others are always compiled.
    operations: BTreeMap<String, Gate>,
    /// The gate of each gated type, by name; the others are always compiled.
    types: BTreeMap<String, Gate>,
}

/// One cargo feature.
#[derive(Debug, Default)]
pub(crate) struct Feature {
    /// The tag it stands for, as the spec writes it; `None` for [`UNTAGGED`] and
    /// [`UNREFERENCED`].
    pub(crate) tag: Option<String>,
    /// The method names of its operations, sorted.
    pub(crate) operations: Vec<String>,
}

impl Features {
    /// When the operation with this method name is compiled.
    pub(crate) fn operation(&self, method_name: &str) -> Gate {
        self.operations
            .get(method_name)
            .cloned()
            .unwrap_or_default()
    }

    /// When the type of this name is compiled.
    pub(crate) fn of_type(&self, name: &str) -> Gate {
        self.types.get(name).cloned().unwrap_or_default()
    }

    /// The features of an operation, sorted; none if it is always compiled.
    pub(crate) fn names_of_operation(&self, method_name: &str) -> Vec<String> {
        match self.operation(method_name) {
            Gate::Always => Vec::new(),
            Gate::Any(names) => names.into_iter().collect(),
        }
    }
}

/// The features of `api`. `tag_pointers`: where the document declares each tag (`#/tags/3`),
/// for the note on a renamed one.
pub(crate) fn features(
    api: &Api,
    tag_pointers: &BTreeMap<String, String>,
    diagnostics: &mut Diagnostics,
) -> Features {
    if api.operations.iter().all(|op| op.tags.is_empty()) {
        return Features::default();
    }
    let names = feature_names(api, tag_pointers, diagnostics);
    let tag_of: BTreeMap<&String, &String> = names.iter().map(|(tag, name)| (name, tag)).collect();
    let token_methods: BTreeSet<&str> = api
        .security_schemes
        .iter()
        .filter_map(|scheme| match &scheme.kind {
            SecurityKind::Bearer {
                token: Some(token), ..
            } => Some(token.method.as_str()),
            _ => None,
        })
        .collect();
    let mut features: BTreeMap<String, Feature> = BTreeMap::new();
    let mut operations = BTreeMap::new();
    // The roots each feature's operations give, and those every client needs.
    let mut roots: BTreeMap<String, Vec<TypeRef>> = BTreeMap::new();
    let mut always: Vec<TypeRef> = vec![api.error_type.clone()];
    always.extend(api.error_bodies.iter().cloned().map(TypeRef::Named));
    for op in &api.operations {
        let reached = operation_roots(op);
        if token_methods.contains(op.method_name.as_str()) {
            always.extend(reached);
            continue;
        }
        let mut own: BTreeSet<String> = op.tags.iter().map(|tag| names[tag].clone()).collect();
        if own.is_empty() {
            own.insert(UNTAGGED.to_owned());
        }
        for name in &own {
            let feature = features.entry(name.clone()).or_default();
            feature.tag = tag_of.get(name).map(|tag| (*tag).clone());
            feature.operations.push(op.method_name.clone());
            roots
                .entry(name.clone())
                .or_default()
                .extend(reached.iter().cloned());
        }
        operations.insert(op.method_name.clone(), Gate::Any(own));
    }
    let mut reach: BTreeMap<String, Gate> = BTreeMap::new();
    let mark = |roots: &[TypeRef], gate: &Gate, reach: &mut BTreeMap<String, Gate>| {
        for name in reachable(api, roots) {
            let entry = reach.entry(name).or_insert_with(Gate::never);
            *entry = entry.union(gate);
        }
    };
    mark(&always, &Gate::Always, &mut reach);
    for (name, roots) in &roots {
        mark(roots, &Gate::feature(name), &mut reach);
    }
    let unreferenced: Vec<TypeRef> = api
        .types
        .keys()
        .filter(|name| !reach.contains_key(*name))
        .cloned()
        .map(TypeRef::Named)
        .collect();
    if !unreferenced.is_empty() {
        features.insert(UNREFERENCED.to_owned(), Feature::default());
        mark(&unreferenced, &Gate::feature(UNREFERENCED), &mut reach);
    }
    let types = reach
        .into_iter()
        .filter(|(_, gate)| *gate != Gate::Always)
        .collect();
    for feature in features.values_mut() {
        feature.operations.sort();
    }
    Features {
        features,
        operations,
        types,
    }
}

/// A cargo feature name for each tag: kebab case, ASCII letters, digits and `-`. Two tags that
/// fold to one name (or a tag named `default`, which cargo keeps for itself) are told apart by
/// a suffix, with a note; tags are claimed in sorted order, so the names are deterministic.
fn feature_names(
    api: &Api,
    tag_pointers: &BTreeMap<String, String>,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let tags: BTreeSet<&String> = api.operations.iter().flat_map(|op| &op.tags).collect();
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    claimed.insert("default".to_owned(), "cargo's default set".to_owned());
    let mut names = BTreeMap::new();
    for tag in tags {
        let base = crate::naming::feature_name(tag);
        let mut name = base.clone();
        let mut suffix = 2;
        while claimed.contains_key(&name) {
            name = format!("{base}_{suffix}");
            suffix += 1;
        }
        if name != base {
            let pointer = tag_pointers.get(tag).map_or("", String::as_str);
            diagnostics.note(
                COLLISION,
                pointer,
                format!(
                    "the tag `{tag}` and {} both become the cargo feature `{base}`, so `{tag}`'s feature is `{name}`",
                    claimed[&base]
                ),
            );
        }
        claimed.insert(name.clone(), format!("the tag `{tag}`"));
        names.insert(tag.clone(), name);
    }
    names
}

/// The types an operation (with its alternatives) names itself: parameters, bodies, responses,
/// error bodies.
fn operation_roots(op: &super::Operation) -> Vec<TypeRef> {
    let mut roots: Vec<TypeRef> = op.path_params.iter().map(|f| f.ty.clone()).collect();
    if let Some(params) = &op.params {
        roots.push(TypeRef::Named(params.type_name.clone()));
    }
    let bodies = std::iter::once(op.body.as_ref())
        .chain(op.alternatives.iter().map(|alt| alt.body.as_ref()))
        .flatten();
    roots.extend(bodies.filter_map(|body| body.value_type().cloned()));
    let responses = std::iter::once(&op.response).chain(
        op.alternatives
            .iter()
            .filter_map(|alt| alt.response.as_ref().map(|(r, _)| r)),
    );
    for response in responses {
        let json = |body: &ResponseBody| match body {
            ResponseBody::Json(ty) => Some(ty.clone()),
            ResponseBody::Text | ResponseBody::Bytes => None,
        };
        match response {
            Response::Unit => {}
            Response::Body(body) | Response::Optional { body, empty: _ } => {
                roots.extend(json(body));
            }
            Response::Enveloped { envelope, payload } => {
                roots.push(TypeRef::Named(envelope.clone()));
                roots.push(payload.clone());
            }
            Response::ByStatus(name) => roots.push(TypeRef::Named(name.clone())),
        }
    }
    roots.extend(op.errors.iter().map(|case| case.ty.clone()));
    roots
}

/// The named types reachable from `roots`, aliases and all.
pub(crate) fn reachable(api: &Api, roots: &[TypeRef]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&TypeRef> = roots.iter().collect();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Map(inner)
            | TypeRef::Vec(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Boxed(inner) => stack.push(inner),
            TypeRef::Tuple(members) => stack.extend(members),
            TypeRef::Named(name) => {
                if seen.insert(name.clone())
                    && let Some(def) = api.types.get(name)
                {
                    stack.extend(references(def));
                }
            }
            _ => {}
        }
    }
    seen
}

/// The types a definition's items name.
pub(crate) fn references(def: &TypeDef) -> Vec<&TypeRef> {
    match &def.kind {
        TypeKind::Struct {
            fields,
            additional,
            // The envelope's payload and error are among the fields.
            envelope: _,
            // Names of fields.
            error_fields: _,
        } => fields
            .iter()
            .map(|f| &f.ty)
            .chain(additional.as_ref().map(|a| &a.ty))
            .collect(),
        TypeKind::OneOf {
            variants,
            // A property of the variants.
            discriminator: _,
        } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(target) | TypeKind::Wrapper(target) => vec![target],
        TypeKind::Responses { variants } => variants
            .iter()
            .filter_map(|v| match &v.body {
                Some(ResponseBody::Json(ty)) => Some(ty),
                _ => None,
            })
            .collect(),
        TypeKind::Errors { variants } => variants.iter().map(|v| &v.ty).collect(),
        // Values of their own, which hold no other type.
        TypeKind::Enum { variants: _ }
        | TypeKind::NumberEnum {
            variants: _,
            integer: _,
        }
        | TypeKind::Constrained {
            pattern: _,
            min_length: _,
            max_length: _,
            pii: _,
        } => Vec::new(),
    }
}
