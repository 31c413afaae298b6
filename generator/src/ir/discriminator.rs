//! The tag of a `oneOf`/`anyOf` with a `discriminator`: each variant's struct holds the
//! discriminator property as a string enum of that variant's tags alone, so that a value of
//! one variant cannot carry another's tag (`Pet::Cat(Cat::new("dog", …))` was possible while
//! the property was a `String`).
//!
//! Why the tag stays a field of the variant's struct, rather than moving into the enum (serde's
//! `#[serde(tag = …)]`): a member schema is often used on its own as well, as a request body or
//! a property, and there the tag must still be on the wire. One type then serves both uses,
//! the tag has one home, and the wire form is the one the struct always had. The field's type
//! is what makes it safe:
//! - it lists only the tags that choose this variant (several where `discriminator.mapping`
//!   maps several values to it, and the one a value came with is kept for re-encoding);
//! - code can only build a listed value; a value outside them is only ever decoded (the
//!   member read on its own, from a later version of the server), kept as `Unrecognized`, and
//!   refused before a request is sent, as for any string enum.
//!
//! Decoding the union still picks the variant by the tag, and a tag no variant has is still
//! kept whole as the union's `Unrecognized`.

use super::{Builder, Field, TypeDef, TypeKind, TypeRef, Variant, resolve_alias};
use crate::diagnostics::join;
use crate::naming::{self, Scope};
use std::collections::BTreeMap;

/// One variant of a discriminated union, as the narrowing reads it.
struct Tagged {
    union: String,
    /// The variant's name in the union.
    variant: String,
    property: String,
    /// The struct the variant is, through aliases, boxes and `nullable`.
    target: String,
    tags: Vec<String>,
    /// The union's `discriminator`, for diagnostics.
    pointer: String,
}

impl Builder<'_> {
    /// Types the discriminator property of each discriminated variant's struct as an enum of
    /// that variant's tags (see the module documentation). Runs once every type is built, so
    /// that members merged from `allOf` parents carry the property they inherited.
    pub(super) fn narrow_discriminator_tags(&mut self) {
        // The tag enum made for each struct's property, so that a struct chosen by two unions
        // through the same property gets one enum holding the tags of both.
        let mut made: BTreeMap<(String, String), String> = BTreeMap::new();
        for tagged in self.tagged_variants() {
            self.narrow(&tagged, &mut made);
        }
    }

    fn tagged_variants(&self) -> Vec<Tagged> {
        let mut found = Vec::new();
        for def in self.types.values() {
            let TypeKind::OneOf {
                variants,
                discriminator: Some(property),
            } = &def.kind
            else {
                continue;
            };
            for variant in variants.iter().filter(|v| !v.tags.is_empty()) {
                let Some(target) = self.struct_name(&variant.ty) else {
                    continue;
                };
                found.push(Tagged {
                    union: def.name.clone(),
                    variant: variant.rust.clone(),
                    property: property.clone(),
                    target,
                    tags: variant.tags.clone(),
                    pointer: join(&def.pointer, "discriminator"),
                });
            }
        }
        found
    }

    /// The struct a variant's type is, if it is one.
    fn struct_name(&self, ty: &TypeRef) -> Option<String> {
        match resolve_alias(&self.aliases, ty) {
            TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => self.struct_name(inner),
            TypeRef::Named(name) => match self.types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Struct { .. }) => Some(name.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    fn narrow(&mut self, tagged: &Tagged, made: &mut BTreeMap<(String, String), String>) {
        let key = (tagged.target.clone(), tagged.property.clone());
        if let Some(existing) = made.get(&key).cloned() {
            self.add_union(&existing, tagged);
            return;
        }
        let Some(field) = self.tag_field(tagged) else {
            return;
        };
        let Some(name) = self.tag_type(&field, tagged) else {
            return;
        };
        if !field.required {
            self.diagnostics.note(
                "a discriminator property a member does not require",
                field.pointer.clone(),
                format!(
                    "`{}` chooses a variant of `{}`, so every value carries it; the client requires it",
                    tagged.property, tagged.union
                ),
            );
        }
        // The tag is required: without it the union could not tell the value apart.
        let tag_field = Field {
            ty: TypeRef::Named(name.clone()),
            required: true,
            tag: tagged.tags.first().cloned(),
            ..field
        };
        self.replace_field(&tagged.target, tag_field);
        made.insert(key, name);
    }

    /// The enum of the variant's tags that the field becomes: the field's own, if the spec
    /// already gives it exactly these values, or one made for it; `None` (noted) for a
    /// property that is not a string.
    fn tag_type(&mut self, field: &Field, tagged: &Tagged) -> Option<String> {
        if let Some(name) = self.enum_of_exactly(&field.ty, &tagged.tags) {
            return Some(name);
        }
        if !self.is_string_like(&field.ty) {
            self.diagnostics.note(
                "a discriminator property that is not a string",
                field.pointer.clone(),
                format!(
                    "`{}` chooses a variant of `{}` but is not a string; it keeps its type, so any value can be set",
                    tagged.property, tagged.union
                ),
            );
            return None;
        }
        let hint = naming::compound_type_name(&tagged.target, &naming::type_name(&field.wire));
        let name = self
            .type_names
            .claim(&hint, &field.wire, &field.pointer, &mut self.diagnostics);
        let doc = format!(
            "The values of `{}` that choose the `{}` variant of `{}`.",
            field.wire, tagged.variant, tagged.union
        );
        let kind = TypeKind::Enum {
            variants: Vec::new(),
        };
        self.insert(name.clone(), doc, kind, &tagged.pointer);
        self.extend_tags(&name, &tagged.tags, &tagged.pointer);
        Some(name)
    }

    /// A second union choosing a struct already narrowed through the same property: its
    /// tags join the struct's tag enum.
    fn add_union(&mut self, existing: &str, tagged: &Tagged) {
        let same = TypeRef::Named(existing.to_owned());
        if self.enum_of_exactly(&same, &tagged.tags).is_none() {
            self.diagnostics.note(
                "a member that two discriminators tag differently",
                tagged.pointer.clone(),
                format!(
                    "`{}` is chosen by other `{}` values elsewhere; its `{existing}` holds the values of both, and a value tagged for one union reads as unrecognized in the other",
                    tagged.target, tagged.property
                ),
            );
        }
        self.extend_tags(existing, &tagged.tags, &tagged.pointer);
    }

    /// The struct's field for the discriminator property; one the struct does not declare
    /// (OpenAPI requires every member's values to carry it) is made, first, with a note.
    fn tag_field(&mut self, tagged: &Tagged) -> Option<Field> {
        let fields = match self.types.get(&tagged.target).map(|d| &d.kind) {
            Some(TypeKind::Struct { fields, .. }) => fields,
            _ => return None,
        };
        if let Some(field) = fields.iter().find(|f| f.wire == tagged.property) {
            return Some(field.clone());
        }
        let rust = naming::field_name(&tagged.property);
        if fields.iter().any(|f| f.rust == rust) {
            self.diagnostics.note(
                "a discriminator property a member does not declare",
                tagged.pointer.clone(),
                format!(
                    "`{}` does not declare `{}`, and its Rust name is taken; the `{}` variant is written without it",
                    tagged.target, tagged.property, tagged.target
                ),
            );
            return None;
        }
        self.diagnostics.note(
            "a discriminator property a member does not declare",
            tagged.pointer.clone(),
            format!(
                "`{}` does not declare `{}`, which says it is the `{}` variant of `{}`; the client reads and writes it all the same",
                tagged.target, tagged.property, tagged.target, tagged.union
            ),
        );
        Some(Field {
            rust,
            wire: tagged.property.clone(),
            doc: format!("Which variant of `{}` the value is.", tagged.union),
            ty: TypeRef::String,
            required: true,
            checks: super::Checks::default(),
            pii: false,
            annotations: super::Annotations::default(),
            tag: None,
            pointer: tagged.pointer.clone(),
        })
    }

    /// A string, or a string enum: a type the tags can be values of.
    fn is_string_like(&self, ty: &TypeRef) -> bool {
        match resolve_alias(&self.aliases, ty) {
            TypeRef::String => true,
            TypeRef::Named(name) => matches!(
                self.types.get(name).map(|d| &d.kind),
                Some(TypeKind::Enum { .. })
            ),
            _ => false,
        }
    }

    /// The string enum `ty` is, if its values are `tags`, in any order.
    fn enum_of_exactly(&self, ty: &TypeRef, tags: &[String]) -> Option<String> {
        let TypeRef::Named(name) = resolve_alias(&self.aliases, ty) else {
            return None;
        };
        let Some(TypeKind::Enum { variants }) = self.types.get(name).map(|d| &d.kind) else {
            return None;
        };
        let values: std::collections::BTreeSet<&String> =
            variants.iter().map(|v| &v.wire).collect();
        (values == tags.iter().collect()).then(|| name.clone())
    }

    /// Puts `field` in place of the struct's field of the same wire name, or first.
    fn replace_field(&mut self, target: &str, field: Field) {
        let Some(TypeDef {
            kind: TypeKind::Struct { fields, .. },
            ..
        }) = self.types.get_mut(target)
        else {
            return;
        };
        match fields.iter_mut().find(|f| f.wire == field.wire) {
            Some(slot) => *slot = field,
            None => fields.insert(0, field),
        }
    }

    /// Adds the tags an enum does not list yet, each a variant named after it.
    fn extend_tags(&mut self, name: &str, tags: &[String], pointer: &str) {
        let Some(TypeDef {
            kind: TypeKind::Enum { variants },
            ..
        }) = self.types.get_mut(name)
        else {
            return;
        };
        let mut scope = Scope::default();
        scope.reserve("Unrecognized", "(unrecognized values)");
        for variant in variants.iter() {
            scope.reserve(&variant.rust, &variant.wire);
        }
        for tag in tags {
            if variants.iter().any(|v| &v.wire == tag) {
                continue;
            }
            let at = join(&join(pointer, "mapping"), tag);
            let rust = scope.claim(&naming::variant_name(tag), tag, &at, &mut self.diagnostics);
            variants.push(Variant {
                rust,
                wire: tag.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Settings, generate};

    fn types_rs(spec: &str) -> (String, Vec<String>) {
        let settings = Settings {
            spec_name: "spec.yaml".to_owned(),
            standalone_crate: None,
            runtime_path: None,
            doc_crate: None,
        };
        let generated = generate(spec, &settings).unwrap_or_else(|d| panic!("{d}"));
        let types = generated
            .files
            .iter()
            .find(|f| f.path.ends_with("types.rs"))
            .map(|f| f.contents.clone())
            .unwrap_or_default();
        let kinds = generated
            .diagnostics
            .0
            .iter()
            .map(|d| d.kind.clone())
            .collect();
        (types, kinds)
    }

    const HEAD: &str =
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";

    /// A struct that two unions choose through the same property holds one enum with the
    /// tags of both, so that it decodes as either.
    #[test]
    fn a_member_of_two_unions_holds_the_tags_of_both() {
        let spec = format!(
            "{HEAD}    Cat: {{type: object, required: [kind], properties: {{kind: {{type: string}}}}}}
    Dog: {{type: object, required: [kind], properties: {{kind: {{type: string}}}}}}
    Pet: {{oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}], discriminator: {{propertyName: kind}}}}
    Animal:
      oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]
      discriminator: {{propertyName: kind, mapping: {{feline: Cat, canine: Dog}}}}
"
        );
        let (types, kinds) = types_rs(&spec);
        assert_eq!(
            kinds,
            ["a member that two discriminators tag differently"; 2]
        );
        let cat_kind = types
            .split("pub enum CatKind {")
            .nth(1)
            .and_then(|rest| rest.split('}').next())
            .unwrap_or_default();
        let variants: Vec<&str> = cat_kind
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with("///") && !l.is_empty())
            .collect();
        // The runtime's `string_enum!` adds the variant that keeps unknown tags.
        assert_eq!(variants, [r#"Feline = "feline","#, r#"Cat = "Cat","#]);
    }

    /// A tag property that is not a string keeps its type, with a note.
    #[test]
    fn a_tag_property_that_is_not_a_string_keeps_its_type() {
        let spec = format!(
            "{HEAD}    Cat: {{type: object, required: [kind], properties: {{kind: {{type: integer}}}}}}
    Dog: {{type: object, required: [kind], properties: {{kind: {{type: integer}}}}}}
    Pet: {{oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}], discriminator: {{propertyName: kind}}}}
"
        );
        let (types, kinds) = types_rs(&spec);
        assert!(types.contains("pub kind: i64,"), "{types}");
        assert_eq!(
            kinds, ["a discriminator property that is not a string"; 2],
            "{kinds:?}"
        );
    }

    const PET: &str = "    Pet: {oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}], discriminator: {propertyName: kind}}\n    Dog: {type: object, required: [kind], properties: {kind: {type: string}}}\n";

    /// A property the spec already gives exactly the variant's values keeps its own enum.
    #[test]
    fn a_property_of_exactly_the_variants_values_keeps_its_enum() {
        let spec = format!(
            "{HEAD}    Cat: {{type: object, required: [kind], properties: {{kind: {{type: string, enum: [Cat]}}}}}}\n{PET}"
        );
        let (types, _) = types_rs(&spec);
        assert!(
            types.contains("pub kind: CatKind,") && !types.contains("CatKind2"),
            "{types}"
        );
    }

    /// An optional tag property is required: a value of the union always carries it.
    #[test]
    fn an_optional_tag_property_is_required_with_a_note() {
        let spec = format!(
            "{HEAD}    Cat: {{type: object, properties: {{kind: {{type: string}}}}}}\n{PET}"
        );
        let (types, kinds) = types_rs(&spec);
        assert!(types.contains("pub kind: CatKind,"), "{types}");
        assert_eq!(
            kinds,
            ["a discriminator property a member does not require"]
        );
    }
}
