//! The error model of the API: its one error schema, or an enum over several, which each
//! operation picks from by status.

use super::{
    Builder, ErrorFields, ErrorVariant, Operation, TypeDef, TypeKind, TypeRef, resolve_alias,
};
use crate::naming::{self, Scope};
use std::collections::{BTreeMap, BTreeSet};

/// The name the enum over the error schemas is claimed under.
const ERRORS_ENUM: &str = "ApiError";

impl Builder<'_> {
    /// The error type of every operation, and the structs that are error bodies.
    ///
    /// One error schema that is an object (or none, or a free-form one) is the error type
    /// itself, as before. Several, or one that is not an object, make an enum with a variant
    /// per schema; each operation then names the variant of each status it documents, and
    /// each envelope the variant of its error. A free-form schema (`{}`, `type: object`)
    /// describes nothing, so beside others it is no schema: its statuses keep the raw body.
    pub(super) fn error_model(
        &mut self,
        operations: &mut [Operation],
    ) -> (TypeRef, BTreeSet<String>) {
        // Two names for one schema (an alias and its target) are one error body.
        let mut distinct: BTreeMap<TypeRef, TypeRef> = BTreeMap::new();
        for ty in self.error_types.keys() {
            let resolved = resolve_alias(&self.aliases, ty).clone();
            distinct.entry(resolved).or_insert_with(|| ty.clone());
        }
        let free_form = |ty: &TypeRef| matches!(ty, TypeRef::Json | TypeRef::JsonMap);
        if distinct.keys().any(|ty| !free_form(ty)) {
            distinct.retain(|resolved, _| !free_form(resolved));
        }
        let single = match distinct.len() {
            0 => Some(TypeRef::Json),
            1 => distinct
                .iter()
                .next()
                .filter(|(resolved, _)| free_form(resolved) || self.struct_def(resolved).is_some())
                .map(|(_, ty)| ty.clone()),
            _ => None,
        };
        if let Some(single) = single {
            let bodies = self
                .struct_def(&single)
                .map(|(name, _)| name.to_owned())
                .into_iter()
                .collect();
            self.infer_error_fields(&bodies);
            return (single, bodies);
        }
        let variants = self.error_variants(&distinct);
        let by_type: BTreeMap<&TypeRef, &str> =
            variants.iter().map(|v| (&v.ty, v.rust.as_str())).collect();
        for op in operations.iter_mut() {
            for case in &mut op.errors {
                let resolved = resolve_alias(&self.aliases, &case.ty);
                case.variant = by_type.get(resolved).map(|v| (*v).to_owned());
            }
        }
        let envelope_variants: Vec<(String, Option<String>)> = self
            .types
            .iter()
            .filter_map(|(name, def)| match &def.kind {
                TypeKind::Struct {
                    envelope: Some(envelope),
                    ..
                } => {
                    let resolved = resolve_alias(&self.aliases, &envelope.error_type);
                    Some((name.clone(), by_type.get(resolved).map(|v| (*v).to_owned())))
                }
                _ => None,
            })
            .collect();
        for (name, variant) in envelope_variants {
            if let Some(TypeDef {
                kind:
                    TypeKind::Struct {
                        envelope: Some(envelope),
                        ..
                    },
                ..
            }) = self.types.get_mut(&name)
            {
                envelope.error_variant = variant;
            }
        }
        let bodies: BTreeSet<String> = variants
            .iter()
            .filter(|v| v.has_fields)
            .filter_map(|v| self.struct_def(&v.ty).map(|(name, _)| name.to_owned()))
            .collect();
        self.infer_error_fields(&bodies);
        let name = self
            .type_names
            .claim(ERRORS_ENUM, "#/paths", "#/paths", &mut self.diagnostics);
        let doc = "An error body the spec documents. Which schema a body has depends on the \
                   operation and the status; each variant is one schema."
            .to_owned();
        self.insert(name.clone(), doc, TypeKind::Errors { variants }, "#/paths");
        (TypeRef::Named(name), bodies)
    }

    /// One variant per error schema, named after its type.
    fn error_variants(&mut self, distinct: &BTreeMap<TypeRef, TypeRef>) -> Vec<ErrorVariant> {
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (resolved, ty) in distinct {
            let base = match ty {
                TypeRef::Named(name) => name.clone(),
                TypeRef::String => "Text".to_owned(),
                TypeRef::Vec(_) => "List".to_owned(),
                TypeRef::Map(_) | TypeRef::JsonMap => "Object".to_owned(),
                _ => "Value".to_owned(),
            };
            let base = naming::variant_name(&base);
            let pointer = self
                .error_types
                .get(ty)
                .cloned()
                .unwrap_or_else(|| "#/paths".to_owned());
            let rust = scope.claim(&base, &base, &pointer, &mut self.diagnostics);
            variants.push(ErrorVariant {
                rust,
                ty: resolved.clone(),
                has_fields: self.struct_def(resolved).is_some(),
            });
        }
        variants
    }

    /// An error body without `x-error-fields` that has a string property named `message`
    /// exposes it as the error's message: that is what the name says on every API seen.
    fn infer_error_fields(&mut self, bodies: &BTreeSet<String>) {
        for name in bodies {
            let Some(TypeDef {
                kind:
                    TypeKind::Struct {
                        fields,
                        error_fields,
                        ..
                    },
                ..
            }) = self.types.get_mut(name)
            else {
                continue;
            };
            if error_fields.is_some() {
                continue;
            }
            let message = fields.iter().find(|f| {
                f.wire == "message"
                    && matches!(resolve_alias(&self.aliases, &f.ty), TypeRef::String)
            });
            if let Some(message) = message {
                *error_fields = Some(ErrorFields {
                    message: Some(message.wire.clone()),
                    ..ErrorFields::default()
                });
            }
        }
    }
}
