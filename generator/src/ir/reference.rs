//! `$ref`s to a schema that is not a whole component: inside one
//! (`#/components/schemas/Pet/properties/tags`) or anywhere else in the document
//! (`#/paths/~1pets/get/…/schema`, as bundlers write them). Each target is lowered once, as the
//! inline schema it is, and named after where it is.

use super::{Builder, TypeRef};
use crate::load::Found;
use crate::naming;
use openapiv3::{ReferenceOr, Schema};

impl<'a> Builder<'a> {
    /// A `$ref` to a schema inside a component (`#/components/schemas/Pet/properties/tags`):
    /// the schema there, lowered once and named after the component and the path.
    pub(super) fn nested_reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        // A URI fragment may be percent-encoded; the schema it names is known by its plain
        // pointer, as every inline schema is.
        let decoded = crate::pointer::percent_decode(reference);
        let reference = decoded.as_deref().unwrap_or(reference);
        if let Some(known) = self.inline_types.get(reference) {
            return known.clone();
        }
        let found = match self.resolve_nested(reference) {
            Some(schema) => Some(ReferenceOr::Item(schema.clone())),
            None => self.schema_at_pointer(reference),
        };
        let Some(found) = found else {
            self.dangling_schema(
                reference,
                pointer,
                "does not name a schema in this document",
            );
            return TypeRef::Json;
        };
        if !self.nested_in_progress.insert(reference.to_owned()) {
            self.diagnostics.push(
                pointer,
                format!("`$ref: {reference}` leads back to itself, so it has no type"),
            );
            return TypeRef::Json;
        }
        let ty = match &found {
            // A reference to a reference: where it leads.
            ReferenceOr::Reference { reference: next } => self.reference(next, reference),
            ReferenceOr::Item(schema) => {
                let hint = self.nested_hint(reference);
                self.inline_type_ref(schema, &hint, reference)
            }
        };
        self.nested_in_progress.remove(reference);
        self.inline_types.insert(reference.to_owned(), ty.clone());
        ty
    }

    /// A type name for the schema at a pointer: the component (or path and method) it is in,
    /// then the properties on the way (`Pet/properties/tags/items` → `PetTagsItem`).
    fn nested_hint(&self, reference: &str) -> String {
        let segments: Vec<String> = reference
            .trim_start_matches('#')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(crate::pointer::unescape)
            .collect();
        let mut hint = String::new();
        let mut rest = segments.as_slice();
        if let [components, schemas, component, tail @ ..] = segments.as_slice()
            && components == "components"
            && schemas == "schemas"
        {
            hint = self
                .component_names
                .get(component.as_str())
                .cloned()
                .unwrap_or_else(|| naming::type_name(component));
            rest = tail;
        } else if let [paths, path, method, tail @ ..] = segments.as_slice()
            && paths == "paths"
        {
            hint = naming::type_name(&naming::derived_operation_name(method, path));
            rest = tail;
        }
        for segment in rest {
            let part = match segment.as_str() {
                "properties" | "allOf" | "oneOf" | "anyOf" | "components" | "content"
                | "schema" | "responses" | "parameters" | "schemas" => continue,
                "requestBody" => "Request".to_owned(),
                status if status == "default" || status.bytes().all(|b| b.is_ascii_digit()) => {
                    "Response".to_owned()
                }
                "items" => "Item".to_owned(),
                "additionalProperties" => "Value".to_owned(),
                other if other.contains('/') => continue,
                other => naming::type_name(other),
            };
            hint = naming::compound_type_name(&hint, &part);
        }
        if hint.is_empty() {
            "Shared".to_owned()
        } else {
            hint
        }
    }

    /// The schema a member is or names, wherever in the document the `$ref` points.
    pub(super) fn schema_of(&mut self, member: &ReferenceOr<Schema>) -> Option<Schema> {
        let reference = match member {
            ReferenceOr::Item(schema) => return Some(schema.clone()),
            ReferenceOr::Reference { reference } => reference,
        };
        if let Some(schema) = self.resolve_ref(reference) {
            return Some(schema.clone());
        }
        let decoded = crate::pointer::percent_decode(reference)?;
        if let Some(schema) = self.resolve_nested(&decoded) {
            return Some(schema.clone());
        }
        match self.schema_at_pointer(&decoded)? {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.resolve_ref(&reference).cloned(),
        }
    }

    /// The schema at any JSON pointer into the document (`#/paths/~1pets/get/…/schema`), as
    /// bundlers write references to a schema's first appearance: looked up in the load
    /// stage's table, through `$ref`s met on the way. The pointer is plain (not
    /// percent-encoded).
    fn schema_at_pointer(&self, reference: &str) -> Option<ReferenceOr<Schema>> {
        Some(match self.index.get(reference)? {
            Found::Schema(schema) => ReferenceOr::Item(schema.clone()),
            Found::Reference(reference) => ReferenceOr::Reference {
                reference: reference.to_owned(),
            },
        })
    }

    /// The schema a JSON pointer under `#/components/schemas/` names, through `properties`,
    /// `items`, `additionalProperties`, `allOf`/`oneOf`/`anyOf` entries and `not`, following
    /// whole-component references on the way.
    pub(super) fn resolve_nested(&self, reference: &str) -> Option<&'a Schema> {
        reference.strip_prefix("#/components/schemas/")?;
        match self.index.get(reference)? {
            Found::Schema(schema) => Some(schema),
            Found::Reference(reference) => self.resolve_ref(reference),
        }
    }
}
