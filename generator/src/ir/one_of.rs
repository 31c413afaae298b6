//! `oneOf`/`anyOf`: an enum with a variant per member (merged with the properties every variant
//! has), chosen by a `discriminator` or, without one, by trying the members in order.

use super::composition::{Composition, Part, is_null_type};
use super::untyped;
use super::{Builder, OneOfVariant, Shape, TypeKind, TypeRef};
use crate::diagnostics::join;
use crate::naming::{self, Scope};
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeSet;

impl Builder<'_> {
    pub(super) fn one_of_shape(
        &mut self,
        schema: &Schema,
        composition: &Composition<'_>,
        keyword: &str,
        members: &[ReferenceOr<Schema>],
        name: &str,
        pointer: &str,
    ) -> Shape {
        let list_pointer = join(pointer, keyword);
        // `oneOf: [{required: [a]}, {required: [b]}]`: which properties go together, a rule
        // the client does not check.
        if members.iter().all(|m| self.is_constraints_only(m)) {
            self.diagnostics.warning(
                "a `oneOf`/`anyOf` of constraints only, which the client does not check",
                list_pointer.clone(),
                format!("the `{keyword}` members only constrain the value; they are not checked before sending"),
            );
            return self.sibling_shape(schema, composition, name, pointer);
        }
        // What every variant has besides its own member: the properties beside the `oneOf`,
        // and the members of an `allOf` beside it.
        let mut common = Vec::new();
        if let Some(object) = composition.sibling_object() {
            common.push(Part::Object(Box::new(object.clone()), pointer.to_owned()));
        }
        let mut visited = BTreeSet::new();
        for (i, member) in composition.all_of.iter().enumerate() {
            let at = join(&join(pointer, "allOf"), &i.to_string());
            self.flatten_all_of(member, &at, 0, &mut visited, &mut common);
        }
        self.variants_with_common(schema, keyword, members, common, name, pointer)
    }

    /// The enum of a `oneOf`/`anyOf`'s members, each merged with the `common` parts (the
    /// properties every variant has).
    pub(super) fn variants_with_common(
        &mut self,
        schema: &Schema,
        keyword: &str,
        members: &[ReferenceOr<Schema>],
        common: Vec<Part>,
        name: &str,
        pointer: &str,
    ) -> Shape {
        let list_pointer = join(pointer, keyword);
        let member_pointer = |i: usize| join(&list_pointer, &i.to_string());
        // A `type: 'null'` member (OpenAPI 3.1's way, met in 3.0 documents) makes the value
        // nullable (see `schema::is_nullable`) rather than a variant; a member no value can
        // satisfy is dropped.
        let kept = self.satisfiable_members(schema, members, !common.is_empty(), &list_pointer);
        match (kept.as_slice(), common.is_empty()) {
            ([(i, member)], true) => return self.member_shape(member, name, &member_pointer(*i)),
            // Every member was dropped (reported): nothing says what the value is.
            ([], _) if members.iter().any(|m| !is_null_type(m)) => {
                return Shape::Plain(TypeRef::Json);
            }
            _ => {}
        }
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut scope = Scope::default();
        scope.reserve("Unrecognized", "(unrecognized values)");
        let mut variants: Vec<OneOfVariant> = Vec::new();
        for (i, member) in kept {
            let at = member_pointer(i);
            let resolved = self.resolve(member);
            let component = match member {
                ReferenceOr::Reference { reference } => {
                    reference.strip_prefix("#/components/schemas/")
                }
                ReferenceOr::Item(_) => None,
            };
            let raw = match (component, resolved) {
                (Some(component), _) => naming::type_name(component),
                (None, Some(s)) => variant_word(s, i),
                (None, None) => format!("Variant{}", i + 1),
            };
            let rust = scope.claim(&raw, &raw, &at, &mut self.diagnostics);
            let hint = naming::compound_type_name(name, &rust);
            let ty = match common.is_empty() || self.member_has_common(member, &common) {
                false => {
                    let mut parts = common.clone();
                    let mut visited = BTreeSet::new();
                    self.flatten_all_of(member, &at, 0, &mut visited, &mut parts);
                    match self.merged_struct(schema_without_extensions(), parts, &hint, &at) {
                        Shape::Plain(ty) => ty,
                        Shape::Def(kind) => {
                            let type_name =
                                self.type_names
                                    .claim(&hint, &at, &at, &mut self.diagnostics);
                            let doc = resolved.map_or_else(
                                || format!("The `{rust}` variant."),
                                |s| super::schema::doc_of(s, &format!("The `{rust}` variant.")),
                            );
                            self.insert(type_name.clone(), doc, kind, &at);
                            TypeRef::Named(type_name)
                        }
                    }
                }
                true => self.type_ref(member, &hint, &at),
            };
            if let Some(earlier) = variants.iter().find(|v| v.ty == ty) {
                self.diagnostics.note(
                    "a `oneOf`/`anyOf` member of the same Rust type as an earlier one",
                    at,
                    format!(
                        "the member is read as the same Rust type as the variant `{}`, which it joins",
                        earlier.rust
                    ),
                );
                continue;
            }
            let fallback = format!("The `{raw}` variant.");
            let doc =
                resolved.map_or_else(|| fallback.clone(), |s| super::schema::doc_of(s, &fallback));
            let tags = match (discriminator, component, member) {
                (Some(d), Some(component), ReferenceOr::Reference { reference }) => {
                    let mapped: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || target.as_str() == component)
                        .map(|(tag, _)| tag.clone())
                        .collect();
                    if mapped.is_empty() {
                        vec![component.to_owned()]
                    } else {
                        mapped
                    }
                }
                (Some(_), _, _) => {
                    self.spec_defect(
                        "a `oneOf` member that a discriminator cannot name",
                        &at,
                        "the member is not a `$ref`, so no discriminator value names it; it is never chosen".to_owned(),
                    );
                    Vec::new()
                }
                (None, ..) => Vec::new(),
            };
            variants.push(OneOfVariant {
                rust,
                doc,
                ty,
                tags,
            });
        }
        if let Some(d) = discriminator {
            self.check_mapping(d, members, &join(pointer, "discriminator"));
        }
        if let [only] = variants.as_slice() {
            return Shape::Plain(only.ty.clone());
        }
        Shape::Def(TypeKind::OneOf {
            variants,
            discriminator: discriminator.map(|d| d.property_name.clone()),
        })
    }

    /// A mapping entry that names no member is a spec defect: that value is never chosen.
    fn check_mapping(
        &mut self,
        discriminator: &openapiv3::Discriminator,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
    ) {
        for (tag, target) in &discriminator.mapping {
            let named = members.iter().any(|m| match m {
                ReferenceOr::Reference { reference } => {
                    reference == target
                        || reference.strip_prefix("#/components/schemas/") == Some(target.as_str())
                }
                ReferenceOr::Item(_) => false,
            });
            if !named {
                self.spec_defect(
                    "a discriminator mapping to no member",
                    &join(&join(pointer, "mapping"), tag),
                    format!("`{tag}` maps to `{target}`, which is not a member; the value is read as unrecognized"),
                );
            }
        }
    }
}

/// A schema with nothing but defaults, for structs made from parts whose own schema's
/// extensions (`x-envelope`…) do not apply.
fn schema_without_extensions() -> &'static Schema {
    static EMPTY: std::sync::OnceLock<Schema> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Schema {
        schema_data: openapiv3::SchemaData::default(),
        schema_kind: SchemaKind::Any(openapiv3::AnySchema::default()),
    })
}

/// A variant name for an inline member: its title, else what kind of value it is.
fn variant_word(schema: &Schema, index: usize) -> String {
    if let Some(title) = schema
        .schema_data
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        return naming::type_name(title);
    }
    let ty = match &schema.schema_kind {
        SchemaKind::Type(ty) => Some(ty.clone()),
        SchemaKind::Any(any) => untyped::read_as(any),
        _ => None,
    };
    match ty {
        Some(Type::String(_)) => "String",
        Some(Type::Integer(_)) => "Integer",
        Some(Type::Number(_)) => "Number",
        Some(Type::Boolean(_)) => "Boolean",
        Some(Type::Array(_)) => "Array",
        Some(Type::Object(_)) => "Object",
        None => return format!("Variant{}", index + 1),
    }
    .to_owned()
}
