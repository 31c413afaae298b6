//! Checks made once every type is known: shapes the emitted Rust could not express faithfully.
//!
//! Every walk here is bounded: cycles through aliases, arrays and maps are found with one
//! pass over the type graph (Tarjan's strongly connected components), not by walking from
//! each type, so a document of thousands of schemas is checked in linear time.

use super::{Builder, Operation, Response, ResponseBody, TypeKind, TypeRef, resolve_alias};
use crate::diagnostics::join;
use std::collections::{BTreeMap, BTreeSet};

/// How one named type refers to another.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    /// A struct field holds the other type inline (through aliases only).
    Contains,
    /// An alias stands for the other type, possibly inside arrays and maps.
    Aliases,
}

impl Builder<'_> {
    pub(super) fn check_types(&mut self, operations: &[Operation]) {
        let mut problems = self.cycle_problems();
        for def in self.types.values() {
            let TypeKind::Struct { fields, .. } = &def.kind else {
                continue;
            };
            for field in fields {
                let leaves = super::collection_leaves(&self.aliases, &field.ty);
                if leaves == super::CollectionLeaves::VendorFormat {
                    problems.push((
                        field.pointer.clone(),
                        "unsupported: an array or map of dates or times in a vendor format"
                            .to_owned(),
                    ));
                }
            }
        }
        for def in self.types.values() {
            if let TypeKind::Struct { fields, .. } = &def.kind {
                for field in fields {
                    problems.extend(self.bound_problem(field));
                }
            }
        }
        for op in operations {
            problems.extend(self.top_level_problems(op));
            for param in &op.path_params {
                problems.extend(self.bound_problem(param));
            }
        }
        for (pointer, message) in problems {
            self.diagnostics.push(pointer, message);
        }
    }

    /// Bodies whose exact decimals, dates or times no field-level serde helper reaches.
    fn top_level_problems(&self, op: &Operation) -> Vec<(String, String)> {
        let mut top_level = Vec::new();
        let bodies = op
            .body
            .iter()
            .chain(op.alternatives.iter().filter_map(|a| a.body.as_ref()));
        for ty in bodies.filter_map(|body| body.value_type()) {
            top_level.push(("request body", ty));
        }
        let responses = std::iter::once(&op.response).chain(
            op.alternatives
                .iter()
                .filter_map(|a| a.response.as_ref().map(|(response, _)| response)),
        );
        for response in responses {
            // A plain body of decimals or dates is read through `runtime::wire`.
            if let Response::Body(ResponseBody::Json(ty)) = response
                && super::read_through_wire(&self.aliases, ty)
            {
                continue;
            }
            self.response_types(response, &mut top_level);
        }
        top_level
            .into_iter()
            .filter(|(_, ty)| self.holds_encoded_in_collection(ty, true))
            .map(|(what, _)| {
                (
                    join("#/paths", &op.path.template),
                    format!(
                        "unsupported: a {what} of `{}` that is, or holds in an array or map, an exact decimal, date or time; wrap it in an object",
                        op.id
                    ),
                )
            })
            .collect()
    }

    /// The JSON types a response reads at the top level, for [`Self::top_level_problems`].
    fn response_types<'t>(
        &'t self,
        response: &'t Response,
        top_level: &mut Vec<(&'static str, &'t TypeRef)>,
    ) {
        match response {
            Response::Body(ResponseBody::Json(ty))
            | Response::Optional {
                body: ResponseBody::Json(ty),
                ..
            } => top_level.push(("response body", ty)),
            Response::Enveloped { payload, .. } => top_level.push(("envelope payload", payload)),
            Response::ByStatus(name) => {
                if let Some(TypeKind::Responses { variants }) =
                    self.types.get(name).map(|d| &d.kind)
                {
                    for variant in variants {
                        if let Some(ResponseBody::Json(ty)) = &variant.body {
                            top_level.push(("response body", ty));
                        }
                    }
                }
            }
            Response::Body(_) | Response::Optional { .. } | Response::Unit => {}
        }
    }

    /// A `minimum` or `maximum` of an exact decimal that `rust_decimal` cannot hold, which the
    /// client could not check.
    fn bound_problem(&self, field: &super::Field) -> Option<(String, String)> {
        if !matches!(resolve_alias(&self.aliases, &field.ty), TypeRef::Decimal) {
            return None;
        }
        let bounds = [&field.checks.minimum, &field.checks.maximum];
        let unfit = bounds
            .into_iter()
            .flatten()
            .find(|bound| super::decimal_parts(&bound.literal).is_none())?;
        Some((
            field.pointer.clone(),
            format!(
                "unsupported: the bound `{}` of `{}` has more digits than an exact decimal holds (96 bits, 28 places)",
                unfit.literal, field.wire
            ),
        ))
    }

    /// One of two graphs over the named types. The alias graph links each alias to the type it
    /// stands for, inside arrays and maps too (`type A = Vec<A>` is not Rust). The containment
    /// graph links each struct to the types its fields hold inline, and each alias to the type
    /// it is directly; a type reached through an array or map is behind an allocation, so that
    /// link is left out.
    fn type_graph(&self, aliases: bool) -> BTreeMap<&str, Vec<(&str, Edge, &str)>> {
        let mut graph: BTreeMap<&str, Vec<(&str, Edge, &str)>> = BTreeMap::new();
        for (name, def) in &self.types {
            let edges = graph.entry(name.as_str()).or_default();
            match &def.kind {
                TypeKind::Struct { fields, .. } if !aliases => {
                    for field in fields {
                        // `Option<T>` holds its `T` inline, as a field of type `T` does.
                        let mut ty = &field.ty;
                        while let TypeRef::Nullable(inner) = ty {
                            ty = inner;
                        }
                        if let TypeRef::Named(target) = ty {
                            edges.push((target.as_str(), Edge::Contains, field.wire.as_str()));
                        }
                    }
                }
                TypeKind::OneOf { variants, .. } if !aliases => {
                    for variant in variants {
                        let mut ty = &variant.ty;
                        while let TypeRef::Nullable(inner) = ty {
                            ty = inner;
                        }
                        if let TypeRef::Named(target) = ty {
                            edges.push((target.as_str(), Edge::Contains, variant.rust.as_str()));
                        }
                    }
                }
                TypeKind::Alias(target) => {
                    let mut inner = target;
                    loop {
                        match inner {
                            TypeRef::Nullable(item) => inner = item,
                            TypeRef::Vec(item) | TypeRef::Map(item) if aliases => inner = item,
                            _ => break,
                        }
                    }
                    if let TypeRef::Named(target) = inner {
                        edges.push((target.as_str(), Edge::Aliases, ""));
                    }
                    // An alias of a tuple that leads back to it (its positions boxed) is made a
                    // struct wrapping the tuple, as an array of itself is: an alias cannot name
                    // itself.
                    if let (TypeRef::Tuple(members), true) = (inner, aliases) {
                        let mut named = Vec::new();
                        tuple_names(members, &mut named);
                        for target in named {
                            edges.push((target, Edge::Aliases, ""));
                        }
                    }
                }
                _ => {}
            }
        }
        graph
    }

    /// Puts each struct field and enum variant that leads back to its own type behind a `Box`:
    /// a type that holds itself inline has no size. Every link inside a cycle is boxed, which
    /// breaks it whichever way it is entered.
    pub(super) fn box_recursive_fields(&mut self) {
        let mut boxed: Vec<(String, String)> = Vec::new();
        let containment = self.type_graph(false);
        for component in cycles(&containment) {
            let members: BTreeSet<&str> = component.iter().copied().collect();
            for name in &component {
                let only_aliases = !matches!(
                    self.types[*name].kind,
                    TypeKind::Struct { .. } | TypeKind::OneOf { .. }
                );
                if only_aliases {
                    continue;
                }
                for (target, edge, member) in &containment[name] {
                    if *edge == Edge::Contains && members.contains(target) {
                        boxed.push(((*name).to_owned(), (*member).to_owned()));
                    }
                }
            }
        }
        for (name, member) in boxed {
            let Some(def) = self.types.get_mut(&name) else {
                continue;
            };
            match &mut def.kind {
                TypeKind::Struct { fields, .. } => {
                    for field in fields.iter_mut().filter(|f| f.wire == member) {
                        field.ty = boxed_type(std::mem::replace(&mut field.ty, TypeRef::Json));
                    }
                }
                TypeKind::OneOf { variants, .. } => {
                    for variant in variants.iter_mut().filter(|v| v.rust == member) {
                        variant.ty = boxed_type(std::mem::replace(&mut variant.ty, TypeRef::Json));
                    }
                }
                _ => continue,
            }
            let pointer = def.pointer.clone();
            self.diagnostics.note(
                "a type that holds itself, through a `Box`",
                pointer,
                format!(
                    "`{member}` of `{name}` is on a cycle of types that hold one another, so it is held in a `Box`"
                ),
            );
        }
    }

    /// Makes each alias that leads back to itself through an array or map a struct wrapping
    /// that array or map: `type A = Vec<A>` is not Rust, `struct A(Vec<A>)` is.
    pub(super) fn wrap_recursive_collections(&mut self) {
        let mut wrap = Vec::new();
        for component in cycles(&self.type_graph(true)) {
            // `Option<Self>` holds itself inline too: a nullable `$ref` to itself is still a
            // cycle of references, with no array or map to wrap.
            let only_refs = component.iter().all(|name| match &self.types[*name].kind {
                TypeKind::Alias(target) => names_through_options(target),
                _ => false,
            });
            if !only_refs {
                wrap.extend(component.into_iter().map(str::to_owned));
            }
        }
        for name in wrap {
            let Some(def) = self.types.get_mut(&name) else {
                continue;
            };
            let TypeKind::Alias(target) = &def.kind else {
                continue;
            };
            let tuple = matches!(target, TypeRef::Tuple(_));
            def.kind = TypeKind::Wrapper(target.clone());
            let pointer = def.pointer.clone();
            if tuple {
                self.diagnostics.note(
                    "a tuple that holds itself, made a struct wrapping it",
                    pointer,
                    format!("`{name}` holds itself through a tuple, so it is a struct wrapping that tuple"),
                );
            } else {
                self.diagnostics.note(
                    "an array or map that holds itself, made a struct wrapping it",
                    pointer,
                    format!("`{name}` holds itself through an array or map, so it is a struct wrapping that array or map"),
                );
            }
        }
    }

    /// Types on a cycle that Rust cannot express, each reported at its own schema.
    fn cycle_problems(&self) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        // Cycles through arrays and maps were made wrapper structs; what is left names itself
        // through references alone.
        for component in cycles(&self.type_graph(true)) {
            let message = "the schema names itself through `$ref`s only, so it has no type";
            for name in component {
                problems.push((self.types[name].pointer.clone(), message.to_owned()));
            }
        }
        let containment = self.type_graph(false);
        for component in cycles(&containment) {
            let members: BTreeSet<&str> = component.iter().copied().collect();
            for name in &component {
                if !matches!(self.types[*name].kind, TypeKind::Struct { .. }) {
                    continue;
                }
                let path = cycle_path(&containment, &members, name);
                problems.push((
                    self.types[*name].pointer.clone(),
                    format!(
                        "unsupported: a schema that contains itself ({path}); only arrays and maps may lead back to it"
                    ),
                ));
            }
        }
        problems
    }

    /// Whether `ty` holds an exact decimal, date or time where no field-level serde helper
    /// reaches: inside an array or map, or (with `top_level`) as the whole body.
    fn holds_encoded_in_collection(&self, ty: &TypeRef, top_level: bool) -> bool {
        let mut current = resolve_alias(&self.aliases, ty);
        let mut inside = top_level;
        // Each step goes one array or map deeper; alias cycles are reported elsewhere.
        for _ in 0..=self.types.len() + 64 {
            match current {
                TypeRef::Decimal | TypeRef::DateTime | TypeRef::Temporal(_) => return inside,
                TypeRef::Vec(item) | TypeRef::Map(item) => {
                    inside = true;
                    current = resolve_alias(&self.aliases, item);
                }
                TypeRef::Nullable(item) => current = resolve_alias(&self.aliases, item),
                _ => return false,
            }
        }
        false
    }
}

/// `T` → `Box<T>`, inside any `Option`s: `Option<T>` → `Option<Box<T>>`.
fn boxed_type(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(boxed_type(*inner))),
        named @ TypeRef::Named(_) => TypeRef::Boxed(Box::new(named)),
        other => other,
    }
}

/// The strongly connected components that hold a cycle: several types, or one that links to
/// itself.
fn cycles<'g>(graph: &BTreeMap<&'g str, Vec<(&'g str, Edge, &'g str)>>) -> Vec<Vec<&'g str>> {
    strongly_connected(graph)
        .into_iter()
        .filter(|component| {
            component.len() > 1
                || graph
                    .get(component[0])
                    .is_some_and(|edges| edges.iter().any(|(t, ..)| *t == component[0]))
        })
        .collect()
}

/// The field names by which `start` leads back to itself within its component, e.g.
/// `next → next`, found breadth first.
fn cycle_path(
    graph: &BTreeMap<&str, Vec<(&str, Edge, &str)>>,
    members: &BTreeSet<&str>,
    start: &str,
) -> String {
    let mut came_from: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for (target, edge, field) in graph.get(node).into_iter().flatten() {
            if !members.contains(target) {
                continue;
            }
            let label = if *edge == Edge::Contains {
                *field
            } else {
                "…"
            };
            if *target == start {
                let mut path = vec![label];
                let mut at = node;
                while at != start {
                    let Some((previous, label)) = came_from.get(at) else {
                        break;
                    };
                    path.push(label);
                    at = previous;
                }
                path.reverse();
                return path.join(" → ");
            }
            if !came_from.contains_key(target) {
                came_from.insert(target, (node, label));
                queue.push_back(target);
            }
        }
    }
    String::new()
}

/// Tarjan's algorithm, iterative so that a long chain cannot overflow the stack. Components
/// come out in a deterministic order, each listing its members.
fn strongly_connected<'g>(
    graph: &BTreeMap<&'g str, Vec<(&'g str, Edge, &'g str)>>,
) -> Vec<Vec<&'g str>> {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut low: BTreeMap<&str, usize> = BTreeMap::new();
    let mut on_stack = BTreeSet::new();
    let mut stack = Vec::new();
    let mut components = Vec::new();
    for &root in graph.keys() {
        if index.contains_key(root) {
            continue;
        }
        // Each frame: a node and how many of its edges have been followed.
        let mut frames = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut next)) = frames.last_mut() {
            if *next == 0 && !index.contains_key(node) {
                let n = index.len();
                index.insert(node, n);
                low.insert(node, n);
                stack.push(node);
                on_stack.insert(node);
            }
            let edges = graph.get(node).map_or(&[][..], Vec::as_slice);
            if let Some(&(target, ..)) = edges.get(*next) {
                *next += 1;
                if !graph.contains_key(target) {
                    continue;
                }
                if !index.contains_key(target) {
                    frames.push((target, 0));
                } else if on_stack.contains(target) {
                    let lowest = low[node].min(index[target]);
                    low.insert(node, lowest);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                let lowest = low[parent].min(low[node]);
                low.insert(parent, lowest);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack.remove(member);
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

/// The named types a tuple's positions hold, through options, boxes and inner tuples.
fn tuple_names<'t>(members: &'t [TypeRef], out: &mut Vec<&'t str>) {
    for member in members {
        let mut ty = member;
        while let TypeRef::Nullable(inner) | TypeRef::Boxed(inner) = ty {
            ty = inner;
        }
        match ty {
            TypeRef::Named(name) => out.push(name),
            TypeRef::Tuple(inner) => tuple_names(inner, out),
            _ => {}
        }
    }
}

/// Whether `ty` is a named type, perhaps in options: a reference and nothing else.
fn names_through_options(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Nullable(inner) => names_through_options(inner),
        _ => false,
    }
}
