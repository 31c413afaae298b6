//! Schemas → named types and type references: structs, enums, constrained strings, aliases.

use super::composition::{Composition, ObjectMembers};
use super::{
    Additional, Bound, Builder, Checks, EXT_ENVELOPE, EXT_ERROR_FIELDS, EXT_PII, Field, Shape,
    TypeDef, TypeKind, TypeRef,
};
use crate::diagnostics::join;
use crate::naming::{self, Scope};
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema, SchemaKind,
    Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Builder<'a> {
    pub(super) fn components(&mut self) {
        let Some(components) = &self.document.components else {
            return;
        };
        // Every component is named before any is lowered, so that references find the name
        // and inline types named after a property never take a component's name.
        for (name, schema) in &components.schemas {
            if let ReferenceOr::Item(schema) = schema
                && is_nullable(schema)
            {
                self.nullable_components.insert(name.clone());
            }
        }
        for name in components.schemas.keys() {
            let pointer = join("#/components/schemas", name);
            let rust = naming::type_name(name);
            let rust = self
                .type_names
                .claim(&rust, name, &pointer, &mut self.diagnostics);
            self.component_names.insert(name.clone(), rust);
        }
        for (name, schema) in &components.schemas {
            let pointer = join("#/components/schemas", name);
            let Some(rust) = self.component_names.get(name).cloned() else {
                continue;
            };
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.reference(reference, &pointer);
                    let doc = format!("Another name for the `{name}` schema.");
                    self.insert(rust, doc, TypeKind::Alias(target), &pointer);
                }
                ReferenceOr::Item(schema) => {
                    let doc = doc_of(schema, &format!("The `{name}` schema."));
                    let kind = match self.shape(schema, &rust, &pointer) {
                        // A nullable struct or enum is defined as itself; references to it
                        // are nullable (see `reference`).
                        Shape::Def(kind) => kind,
                        Shape::Plain(ty) if is_nullable(schema) => {
                            TypeKind::Alias(TypeRef::Nullable(Box::new(ty)))
                        }
                        Shape::Plain(ty) => TypeKind::Alias(ty),
                    };
                    self.insert(rust, doc, kind, &pointer);
                }
            }
        }
    }

    pub(super) fn insert(&mut self, name: String, doc: String, kind: TypeKind, pointer: &str) {
        let pointer = pointer.to_owned();
        let def = TypeDef {
            name: name.clone(),
            doc,
            kind,
            pointer,
        };
        self.types.insert(name, def);
    }

    /// Resolves `#/components/schemas/X` to the Rust type named for X.
    pub(super) fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let name = reference.strip_prefix("#/components/schemas/");
        match name.and_then(|name| self.component_names.get(name).map(|rust| (name, rust))) {
            // A nullable object or enum component is its type, and `null` besides.
            Some((name, rust)) if self.nullable_components.contains(name) => {
                let named = TypeRef::Named(rust.clone());
                match self
                    .document
                    .components
                    .as_ref()
                    .and_then(|c| c.schemas.get(name))
                {
                    Some(ReferenceOr::Item(schema)) if is_definition(schema) => {
                        TypeRef::Nullable(Box::new(named))
                    }
                    _ => named,
                }
            }
            Some((_, rust)) => TypeRef::Named(rust.clone()),
            None if name.is_some_and(|n| n.contains('/'))
                || (name.is_none() && reference.starts_with("#/")) =>
            {
                self.nested_reference(reference, pointer)
            }
            None => {
                self.dangling_schema(
                    reference,
                    pointer,
                    "does not name a schema under #/components/schemas",
                );
                TypeRef::Json
            }
        }
    }

    /// Reports a schema `$ref` that names nothing (`why`): a spec defect, whose value is read
    /// as any JSON value, or an error for a reference into another document, which the
    /// generator does not read.
    pub(super) fn dangling_schema(&mut self, reference: &str, pointer: &str, why: &str) {
        if reference.starts_with('#') {
            self.spec_defect(
                "a `$ref` to nothing, read as any JSON value",
                pointer,
                format!("`$ref: {reference}` {why}; the value is read as any JSON value (`serde_json::Value`)"),
            );
        } else {
            self.diagnostics
                .push(pointer, format!("`$ref: {reference}` {why}"));
        }
    }

    /// Looks up the schema a reference names, for reading its description or checking examples.
    pub(super) fn resolve<'s>(&self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.resolve_ref(reference),
        }
    }

    /// [`Self::resolve`] for a boxed schema (a property or array items).
    pub(super) fn resolve_boxed<'s>(
        &self,
        schema: &'s ReferenceOr<Box<Schema>>,
    ) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.resolve_ref(reference),
        }
    }

    /// The schema a `#/components/schemas/…` reference names, following references to
    /// references to the end (see [`component_schemas`]).
    pub(super) fn resolve_ref(&self, reference: &str) -> Option<&'a Schema> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        self.component_schemas.get(name).copied().flatten()
    }

    /// The type of a schema in field position; inline schemas that need a definition of their
    /// own are defined under `hint`.
    pub(super) fn type_ref(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type_ref(schema, hint, pointer),
        }
    }

    /// [`Self::type_ref`] for a boxed schema (a property or array items).
    pub(super) fn boxed_type_ref(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type_ref(schema, hint, pointer),
        }
    }

    pub(super) fn inline_type_ref(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        // A schema reached twice (a property of an `allOf` member, merged into several
        // structs) is one type.
        if let Some(known) = self.inline_types.get(pointer) {
            return known.clone();
        }
        let ty = match self.shape(schema, hint, pointer) {
            Shape::Plain(ty) => ty,
            Shape::Def(kind) => {
                let name = self
                    .type_names
                    .claim(hint, pointer, pointer, &mut self.diagnostics);
                let doc = doc_of(schema, &format!("The value at `{pointer}`."));
                self.insert(name.clone(), doc, kind, pointer);
                TypeRef::Named(name)
            }
        };
        let ty = if is_nullable(schema) {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        };
        self.inline_types.insert(pointer.to_owned(), ty.clone());
        ty
    }

    pub(super) fn unsupported(&mut self, pointer: &str, feature: &str) {
        let kind = format!("unsupported: {feature}");
        self.diagnostics.error(kind.clone(), pointer, kind);
    }

    pub(super) fn shape(&mut self, schema: &Schema, name: &str, pointer: &str) -> Shape {
        let data = &schema.schema_data;
        let composition = Composition::of(schema);
        let picks_variant = composition
            .as_ref()
            .is_some_and(Composition::has_alternatives);
        if data.discriminator.is_some() && !picks_variant {
            // A base schema that others extend with `allOf` names the property that tells
            // them apart; the schema itself is read as it is.
            self.diagnostics.note(
                "a `discriminator` without `oneOf`/`anyOf`, read as the schema alone",
                join(pointer, "discriminator"),
                "the schema has no `oneOf`/`anyOf` for the discriminator to choose among; it is read as it is",
            );
        }
        if let Some(example) = &data.example {
            self.check_example_against(schema, example, &join(pointer, "example"));
        }
        if let Some(composition) = composition {
            return self.composed_shape(schema, &composition, name, pointer);
        }
        match &schema.schema_kind {
            SchemaKind::Type(ty) => self.typed_shape(schema, ty, name, pointer),
            SchemaKind::Any(any) => self.untyped_shape(schema, any, name, pointer),
            // Compositions were read above.
            _ => Shape::Plain(TypeRef::Json),
        }
    }

    pub(super) fn typed_shape(
        &mut self,
        schema: &Schema,
        ty: &Type,
        name: &str,
        pointer: &str,
    ) -> Shape {
        if !matches!(ty, Type::String(_)) {
            self.misplaced_string_extensions(schema, pointer);
        }
        match ty {
            Type::String(string) => self.string_shape(schema, string, pointer),
            Type::Integer(integer) if integer.enumeration.iter().any(Option::is_some) => {
                let values: Vec<Option<String>> = integer
                    .enumeration
                    .iter()
                    .map(|v| v.map(|v| v.to_string()))
                    .collect();
                Shape::Def(self.number_enum(&values, true, pointer))
            }
            Type::Number(number) if number.enumeration.iter().any(Option::is_some) => {
                let values: Vec<Option<String>> = number
                    .enumeration
                    .iter()
                    .map(|v| v.map(|v| v.to_string()))
                    .collect();
                Shape::Def(self.number_enum(&values, false, pointer))
            }
            Type::Integer(integer) => Shape::Plain(self.integer_type(integer, pointer)),
            Type::Number(number) => Shape::Plain(self.number_type(number, pointer)),
            Type::Boolean(_) => Shape::Plain(TypeRef::Bool),
            Type::Array(array) if schema.schema_data.extensions.contains_key(super::EXT_TUPLE) => {
                Shape::Plain(self.tuple_type(array, name, pointer))
            }
            Type::Array(array) => {
                let item = match &array.items {
                    Some(items) => self.boxed_type_ref(
                        items,
                        &naming::compound_type_name(name, "Item"),
                        &join(pointer, "items"),
                    ),
                    None => {
                        self.unsupported(pointer, "an array without `items`");
                        TypeRef::Json
                    }
                };
                Shape::Plain(TypeRef::Vec(Box::new(item)))
            }
            Type::Object(object) => self.object_shape(schema, object, name, pointer),
        }
    }

    fn integer_type(&mut self, integer: &openapiv3::IntegerType, pointer: &str) -> TypeRef {
        match &integer.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64)
            | VariantOrUnknownOrEmpty::Empty => TypeRef::I64,
            // `uint64` holds values past `i64::MAX`, which `i64` would refuse to decode.
            VariantOrUnknownOrEmpty::Unknown(format) if format == "uint64" => TypeRef::U64,
            // Narrower integers fit `i32` (`uint32` does not).
            VariantOrUnknownOrEmpty::Unknown(format)
                if matches!(format.as_str(), "int8" | "int16" | "uint8" | "uint16") =>
            {
                TypeRef::I32
            }
            // OpenAPI's formats are open: one the generator does not know is read by its type
            // alone (`int8`…`uint32` and vendor formats all fit `i64`).
            VariantOrUnknownOrEmpty::Unknown(format) => {
                self.diagnostics.note(
                    "a `format` the generator reads by its type alone",
                    join(pointer, "format"),
                    format!("the integer format `{format}` is read as an `i64`"),
                );
                TypeRef::I64
            }
        }
    }

    fn number_type(&mut self, number: &openapiv3::NumberType, pointer: &str) -> TypeRef {
        match &number.format {
            VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
            VariantOrUnknownOrEmpty::Item(NumberFormat::Double) => TypeRef::F64,
            // Money must not round: a number without a binary floating-point format is decoded
            // exactly.
            VariantOrUnknownOrEmpty::Empty => TypeRef::Decimal,
            VariantOrUnknownOrEmpty::Unknown(format) if format == "decimal" => TypeRef::Decimal,
            VariantOrUnknownOrEmpty::Unknown(format) => {
                self.diagnostics.note(
                    "a `format` the generator reads by its type alone",
                    join(pointer, "format"),
                    format!("the number format `{format}` is read as an exact decimal"),
                );
                TypeRef::Decimal
            }
        }
    }

    fn object_shape(
        &mut self,
        schema: &Schema,
        object: &openapiv3::ObjectType,
        name: &str,
        pointer: &str,
    ) -> Shape {
        if object.properties.is_empty() {
            return Shape::Plain(match &object.additional_properties {
                Some(AdditionalProperties::Schema(values)) => {
                    let values = self.type_ref(
                        values,
                        &naming::compound_type_name(name, "Value"),
                        &join(pointer, "additionalProperties"),
                    );
                    TypeRef::Map(Box::new(values))
                }
                _ => TypeRef::JsonMap,
            });
        }
        self.struct_shape(schema, object, name, pointer)
    }

    pub(super) fn struct_shape(
        &mut self,
        schema: &Schema,
        object: &openapiv3::ObjectType,
        name: &str,
        pointer: &str,
    ) -> Shape {
        let mut members = ObjectMembers::default();
        self.add_object(&mut members, std::borrow::Cow::Borrowed(object), pointer);
        self.struct_from(schema, members, name, pointer)
    }

    /// A struct from gathered properties: one field per property, and a map of the others
    /// when `additionalProperties` gives them a schema.
    pub(super) fn struct_from(
        &mut self,
        schema: &Schema,
        members: ObjectMembers<'_>,
        name: &str,
        pointer: &str,
    ) -> Shape {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        let required: BTreeSet<&str> = members.required.iter().map(|(r, _)| r.as_str()).collect();
        let mut reported = BTreeSet::new();
        for (required, at) in &members.required {
            if !members.properties.iter().any(|(wire, ..)| wire == required)
                && reported.insert(required.as_str())
            {
                self.spec_defect(
                    "a `required` entry that names no property",
                    at,
                    format!("`{required}` is required but is not among the properties"),
                );
            }
        }
        for (wire, property, field_pointer) in &members.properties {
            let rust = naming::field_name(wire);
            let rust = scope.claim(&rust, wire, field_pointer, &mut self.diagnostics);
            let is_required = required.contains(wire.as_str());
            // A property merged from a component is named after that component.
            let owner = field_pointer
                .strip_prefix("#/components/schemas/")
                .and_then(|rest| rest.split_once("/properties/"))
                .filter(|(component, property)| !component.contains('/') && !property.contains('/'))
                .and_then(|(component, _)| self.component_names.get(component).cloned())
                .unwrap_or_else(|| name.to_owned());
            let field =
                self.property_field(rust, wire, property, is_required, &owner, field_pointer);
            fields.push(field);
        }
        let additional = members.additional.as_ref().map(|(values, at)| {
            let rust = scope.claim(
                "additional_properties",
                "(additional properties)",
                at,
                &mut self.diagnostics,
            );
            let ty = self.type_ref(values, &naming::compound_type_name(name, "Value"), at);
            Additional { rust, ty }
        });
        let extensions = &schema.schema_data.extensions;
        let envelope = extensions
            .get(EXT_ENVELOPE)
            .and_then(|value| self.envelope(value, &fields, &join(pointer, EXT_ENVELOPE)))
            .map(Box::new);
        let error_fields = extensions
            .get(EXT_ERROR_FIELDS)
            .map(|value| self.error_fields(value, &fields, &join(pointer, EXT_ERROR_FIELDS)));
        Shape::Def(TypeKind::Struct {
            fields,
            envelope,
            error_fields,
            additional,
        })
    }

    /// One property of an object schema as a struct field; inline schemas that need a type of
    /// their own are named `<struct><Property>`.
    fn property_field(
        &mut self,
        rust: String,
        wire: &str,
        property: &ReferenceOr<Box<Schema>>,
        required: bool,
        struct_name: &str,
        pointer: &str,
    ) -> Field {
        let hint = naming::compound_type_name(struct_name, &naming::type_name(wire));
        let ty = self.boxed_type_ref(property, &hint, pointer);
        let resolved = self.resolve_boxed(property);
        let fallback = format!("The `{wire}` field.");
        let doc = resolved.map_or(fallback.clone(), |s| doc_of(s, &fallback));
        let mut checks = resolved.map(checks_of).unwrap_or_default();
        if (checks.min_properties.is_some() || checks.max_properties.is_some())
            && !matches!(
                super::resolve_alias(&self.aliases, &ty),
                TypeRef::Map(_) | TypeRef::JsonMap
            )
        {
            // A struct's fields are counted by the server the way it serializes them, which
            // the client cannot know for sure (absent or `null`).
            self.diagnostics.warning(
                "`minProperties`/`maxProperties` on an object with named properties, not checked",
                pointer,
                "`minProperties`/`maxProperties` are checked on maps only; this object's are not checked before sending",
            );
            checks.min_properties = None;
            checks.max_properties = None;
        }
        let items_item = resolved.and_then(|s| match &s.schema_kind {
            SchemaKind::Type(Type::Array(array)) => array.items.as_ref(),
            _ => None,
        });
        let items = items_item.and_then(|i| self.resolve_boxed(i));
        if let Some(item_checks) = items.map(checks_of) {
            checks.item_minimum = item_checks.minimum;
            checks.item_maximum = item_checks.maximum;
        }
        // `x-pii` is read where it is written, which for a `$ref` is the component.
        let property_at = self.written_at(reference_of(property), pointer);
        let items_at =
            items_item.map(|i| self.written_at(reference_of(i), &join(&property_at, "items")));
        let pii = resolved.is_some_and(|s| self.flag(s, EXT_PII, &join(&property_at, EXT_PII)))
            || items
                .zip(items_at)
                .is_some_and(|(s, at)| self.flag(s, EXT_PII, &join(&at, EXT_PII)));
        Field {
            rust,
            wire: wire.to_owned(),
            doc,
            ty,
            required,
            checks,
            pii,
            annotations: resolved.map(super::annotations::of).unwrap_or_default(),
            tag: None,
            pointer: pointer.to_owned(),
        }
    }

    /// A boolean vendor extension of a schema (at `pointer`); anything but a boolean is
    /// another tool's, noted and ignored.
    pub(super) fn flag(&mut self, schema: &Schema, name: &str, pointer: &str) -> bool {
        match schema.schema_data.extensions.get(name) {
            None => false,
            Some(Value::Bool(value)) => *value,
            Some(other) => {
                self.foreign_value(name, other, pointer, "`true` or `false`");
                false
            }
        }
    }

    /// Where the schema at `site` is written: there, or for a `$ref` (`reference`) to a
    /// component, at the component that the chain of references ends at.
    pub(super) fn written_at(&self, reference: Option<&str>, site: &str) -> String {
        let Some(mut reference) = reference else {
            return site.to_owned();
        };
        let schemas = self.document.components.as_ref().map(|c| &c.schemas);
        for _ in 0..=schemas.map_or(0, indexmap::IndexMap::len) {
            let name = reference.strip_prefix("#/components/schemas/");
            match name.and_then(|name| schemas?.get(name)) {
                Some(ReferenceOr::Reference { reference: next }) => reference = next,
                Some(ReferenceOr::Item(_)) => return reference.to_owned(),
                None => break,
            }
        }
        site.to_owned()
    }
}

/// The schema each component stands for, following `$ref`s to `$ref`s to the end once for
/// all, so that each lookup is one step however long the chain; `None` for a chain that ends
/// nowhere or goes round.
pub(super) fn component_schemas(document: &OpenAPI) -> BTreeMap<String, Option<&Schema>> {
    let mut resolved: BTreeMap<String, Option<&Schema>> = BTreeMap::new();
    let Some(components) = &document.components else {
        return resolved;
    };
    for start in components.schemas.keys() {
        let mut chain = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        let mut current = start.as_str();
        let end = loop {
            if let Some(known) = resolved.get(current) {
                break *known;
            }
            if !seen.insert(current) {
                break None;
            }
            match components.schemas.get(current) {
                Some(ReferenceOr::Item(schema)) => {
                    chain.push(current);
                    break Some(schema);
                }
                Some(ReferenceOr::Reference { reference }) => {
                    chain.push(current);
                    match reference.strip_prefix("#/components/schemas/") {
                        Some(next) => current = next,
                        None => break None,
                    }
                }
                None => break None,
            }
        };
        for name in chain {
            resolved.insert(name.to_owned(), end);
        }
    }
    resolved
}

/// Whether `null` is a value of the schema: `nullable: true`, or `null` among a string enum's
/// values. (OpenAPI 3.0 has no `null` type; an enum listing `null` means the same.)
pub(super) fn is_nullable(schema: &Schema) -> bool {
    let null_member =
        |members: &[ReferenceOr<Schema>]| members.iter().any(super::composition::is_null_type);
    schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => string.enumeration.contains(&None),
            SchemaKind::Type(Type::Integer(integer)) => integer.enumeration.contains(&None),
            SchemaKind::Type(Type::Number(number)) => number.enumeration.contains(&None),
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                null_member(members)
            }
            SchemaKind::Any(any) => null_member(&any.one_of) || null_member(&any.any_of),
            _ => false,
        }
}

/// Whether a schema is lowered to a definition of its own (a struct, an enum, a constrained
/// string) rather than an alias of a plain type, mirroring `shape`.
fn is_definition(schema: &Schema) -> bool {
    let read;
    let ty = match &schema.schema_kind {
        SchemaKind::Type(ty) => ty,
        SchemaKind::Any(any) => match super::untyped::read_as(any) {
            Some(ty) => {
                read = ty;
                &read
            }
            None => return composition_is_definition(schema),
        },
        _ => return composition_is_definition(schema),
    };
    let extensions = &schema.schema_data.extensions;
    match ty {
        Type::Object(object) => !object.properties.is_empty(),
        Type::Integer(integer) => integer.enumeration.iter().any(Option::is_some),
        Type::Number(number) => number.enumeration.iter().any(Option::is_some),
        // Mirrors `string_shape`, which reads each extension only in the generator's shape.
        Type::String(string) => {
            extensions.get(super::EXT_SECRET) != Some(&Value::Bool(true))
                && !matches!(
                    extensions.get(super::EXT_DATETIME_PATTERN),
                    Some(Value::String(_))
                )
                && (string.enumeration.iter().any(Option::is_some)
                    || string.pattern.is_some()
                    || string.min_length.is_some()
                    || string.max_length.is_some())
        }
        _ => false,
    }
}

/// Whether a composition is lowered to a definition (an enum or a merged struct) rather than
/// to the type of its one substantial member, mirroring `composed_shape` closely enough for
/// `nullable` references: several alternatives, or several `allOf` members.
fn composition_is_definition(schema: &Schema) -> bool {
    let substantial = |members: &[ReferenceOr<Schema>]| {
        members
            .iter()
            .filter(|m| !super::composition::is_null_type(m))
            .count()
    };
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
            substantial(members) > 1
        }
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::Any(any) => {
            substantial(&any.one_of) > 1
                || substantial(&any.any_of) > 1
                || any.all_of.len() > 1
                || !any.properties.is_empty()
        }
        _ => false,
    }
}

/// The schema's description, else its title, else `fallback`; blank text counts as none.
pub(super) fn doc_of(schema: &Schema, fallback: &str) -> String {
    let data = &schema.schema_data;
    [&data.description, &data.title]
        .into_iter()
        .flatten()
        .find(|text| !text.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| fallback.to_owned())
}

pub(super) fn checks_of(schema: &Schema) -> Checks {
    match &schema.schema_kind {
        SchemaKind::Type(ty) => checks_of_type(ty),
        // Only the constraints of the type the schema is read as; others were ignored with a
        // warning.
        SchemaKind::Any(any) => super::untyped::read_as(any)
            .map(|ty| checks_of_type(&ty))
            .unwrap_or_default(),
        _ => Checks::default(),
    }
}

fn checks_of_type(ty: &Type) -> Checks {
    fn bound(value: Option<impl ToString>, exclusive: bool) -> Option<Bound> {
        value.map(|value| Bound {
            literal: value.to_string(),
            exclusive,
        })
    }
    match ty {
        Type::Integer(integer) => Checks {
            minimum: bound(integer.minimum, integer.exclusive_minimum),
            maximum: bound(integer.maximum, integer.exclusive_maximum),
            multiple_of: bound(integer.multiple_of, false),
            ..Checks::default()
        },
        Type::Number(number) => Checks {
            minimum: bound(number.minimum, number.exclusive_minimum),
            maximum: bound(number.maximum, number.exclusive_maximum),
            multiple_of: bound(number.multiple_of, false),
            ..Checks::default()
        },
        Type::Array(array) => Checks {
            min_items: array.min_items,
            max_items: array.max_items,
            unique_items: array.unique_items,
            ..Checks::default()
        },
        Type::Object(object) => Checks {
            min_properties: object.min_properties,
            max_properties: object.max_properties,
            ..Checks::default()
        },
        _ => Checks::default(),
    }
}

/// The reference a schema is, if it is one.
pub(super) fn reference_of<S>(schema: &ReferenceOr<S>) -> Option<&str> {
    match schema {
        ReferenceOr::Reference { reference } => Some(reference),
        ReferenceOr::Item(_) => None,
    }
}
