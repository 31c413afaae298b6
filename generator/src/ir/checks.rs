//! Checks made once every type is known: shapes the emitted Rust could not express faithfully.

use super::{Builder, Operation, Response, TypeDef, TypeKind, TypeRef, resolve_alias};
use crate::diagnostics::join;
use std::collections::BTreeSet;

impl Builder<'_> {
    pub(super) fn check_types(&mut self, operations: &[Operation], error_type: &TypeRef) {
        let mut problems = Vec::new();
        for def in self.types.values() {
            match &def.kind {
                TypeKind::Alias(_) if self.alias_cycle(&def.name) => problems.push((
                    def.pointer.clone(),
                    "the schema names itself through `$ref`s only, so it has no type".to_owned(),
                )),
                TypeKind::Struct { fields, .. } => {
                    if let Some(path) = self.containment_cycle(def) {
                        problems.push((
                            def.pointer.clone(),
                            format!(
                                "unsupported: a schema that contains itself ({path}); only arrays and maps may lead back to it"
                            ),
                        ));
                    }
                    for field in fields {
                        if self.holds_encoded_in_collection(&field.ty, false) {
                            problems.push((
                                join(&join(&def.pointer, "properties"), &field.wire),
                                "unsupported: an array or map of exact decimals, dates or times"
                                    .to_owned(),
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        for op in operations {
            let mut top_level = Vec::new();
            if let Some(body) = &op.body {
                top_level.push(("request body", &body.ty));
            }
            match &op.response {
                Response::Plain(ty) => top_level.push(("response body", ty)),
                Response::Enveloped { payload, .. } => {
                    top_level.push(("envelope payload", payload))
                }
                Response::Unit => {}
            }
            for (what, ty) in top_level {
                if self.holds_encoded_in_collection(ty, true) {
                    problems.push((
                        format!("#/paths/{}", op.path.template.replace('~', "~0").replace('/', "~1")),
                        format!(
                            "unsupported: a {what} of `{}` that is, or holds in an array or map, an exact decimal, date or time; wrap it in an object",
                            op.id
                        ),
                    ));
                }
            }
        }
        if !matches!(resolve_alias(&self.types, error_type), TypeRef::Json)
            && !matches!(self.kind_of(error_type), Some(TypeKind::Struct { .. }))
        {
            let pointer = self
                .error_types
                .get(error_type)
                .cloned()
                .unwrap_or_else(|| "#/paths".to_owned());
            problems.push((
                pointer,
                "unsupported: an error body that is not an object schema".to_owned(),
            ));
        }
        for (pointer, message) in problems {
            self.diagnostics.push(pointer, message);
        }
    }

    fn kind_of(&self, ty: &TypeRef) -> Option<&TypeKind> {
        match resolve_alias(&self.types, ty) {
            TypeRef::Named(name) => self.types.get(name).map(|d| &d.kind),
            _ => None,
        }
    }

    fn alias_cycle(&self, start: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut current = start;
        while seen.insert(current) {
            match self.types.get(current).map(|d| &d.kind) {
                Some(TypeKind::Alias(TypeRef::Named(next))) => current = next,
                _ => return false,
            }
        }
        true
    }

    /// A chain of fields by which a struct contains itself directly (not through an array or
    /// map, which allocate), e.g. `next → next`.
    fn containment_cycle(&self, start: &TypeDef) -> Option<String> {
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(&start.name, Vec::new())];
        let mut visited = BTreeSet::new();
        while let Some((name, path)) = stack.pop() {
            let Some(TypeKind::Struct { fields, .. }) = self.types.get(name).map(|d| &d.kind)
            else {
                continue;
            };
            for field in fields {
                let TypeRef::Named(target) = resolve_alias(&self.types, &field.ty) else {
                    continue;
                };
                let mut next_path = path.clone();
                next_path.push(&field.wire);
                if target == &start.name {
                    return Some(next_path.join(" → "));
                }
                if visited.insert(target.as_str()) {
                    stack.push((target, next_path));
                }
            }
        }
        None
    }

    /// Whether `ty` holds an exact decimal, date or time where no field-level serde helper
    /// reaches: inside an array or map, or (with `top_level`) as the whole body.
    fn holds_encoded_in_collection(&self, ty: &TypeRef, top_level: bool) -> bool {
        let mut current = resolve_alias(&self.types, ty);
        let mut inside = top_level;
        for _ in 0..32 {
            match current {
                TypeRef::Decimal | TypeRef::DateTime | TypeRef::Temporal(_) => return inside,
                TypeRef::Vec(item) | TypeRef::Map(item) => {
                    inside = true;
                    current = resolve_alias(&self.types, item);
                }
                _ => return false,
            }
        }
        false
    }
}
