//! Composition: `allOf` merged into one struct, `oneOf`/`anyOf` as an enum of their members.
//!
//! OpenAPI 3.0 takes these from JSON Schema: `allOf` means every member holds, so the members'
//! properties become one struct (two members that define a property differently are an
//! error naming both); `oneOf`/`anyOf` mean one member holds, so each member becomes a variant.
//! With a `discriminator`, the named property picks the variant; without one, the members are
//! tried in the order the spec lists them. A value that is none of them is kept as it came.
//! This module reads compositions and merges `allOf`; `one_of.rs` builds the enums.

use super::untyped;
use super::{Builder, Shape, TypeRef};
use crate::diagnostics::join;
use openapiv3::{ObjectType, ReferenceOr, Schema, SchemaKind, Type};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// The member (its pointer or reference) each keyword of a merged schema was taken from.
type Origins = std::collections::BTreeMap<String, String>;

/// How deep `allOf` members may nest (through references too) before the rest is reported.
const MAX_ALL_OF_DEPTH: usize = 32;

/// How many merges may be under way at once, through `$ref`s included.
const MAX_COMPOSITION_DEPTH: usize = 32;

/// How many `allOf` merges one document may take in all: a document merges each of its
/// compositions a few times, so only one whose merges branch at every level comes near.
const MAX_MERGES: usize = 10_000;

/// The composition keywords of a schema, and the schema's own keywords beside them.
pub(super) struct Composition<'s> {
    pub(super) all_of: &'s [ReferenceOr<Schema>],
    one_of: &'s [ReferenceOr<Schema>],
    any_of: &'s [ReferenceOr<Schema>],
    not: bool,
    /// The keywords beside the composition, read as a type (`properties` → an object).
    siblings: Option<Type>,
}

impl<'s> Composition<'s> {
    /// The schema's composition, if it has one.
    pub(super) fn of(schema: &'s Schema) -> Option<Self> {
        let none: &[ReferenceOr<Schema>] = &[];
        let composition = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => Self::plain(all_of, none, none),
            SchemaKind::OneOf { one_of } => Self::plain(none, one_of, none),
            SchemaKind::AnyOf { any_of } => Self::plain(none, none, any_of),
            SchemaKind::Not { .. } => Composition {
                not: true,
                ..Self::plain(none, none, none)
            },
            SchemaKind::Any(any) => {
                let has = !any.all_of.is_empty()
                    || !any.one_of.is_empty()
                    || !any.any_of.is_empty()
                    || any.not.is_some();
                if !has {
                    return None;
                }
                Composition {
                    all_of: &any.all_of,
                    one_of: &any.one_of,
                    any_of: &any.any_of,
                    not: any.not.is_some(),
                    siblings: untyped::siblings(any),
                }
            }
            SchemaKind::Type(_) => return None,
        };
        Some(composition)
    }

    fn plain(
        all_of: &'s [ReferenceOr<Schema>],
        one_of: &'s [ReferenceOr<Schema>],
        any_of: &'s [ReferenceOr<Schema>],
    ) -> Self {
        Composition {
            all_of,
            one_of,
            any_of,
            not: false,
            siblings: None,
        }
    }

    /// Whether the schema is one of several alternatives (`oneOf`/`anyOf`).
    pub(super) fn has_alternatives(&self) -> bool {
        !self.one_of.is_empty() || !self.any_of.is_empty()
    }

    /// The alternatives, `oneOf` before `anyOf`, with the keyword that lists them.
    pub(super) fn alternatives(&self) -> (&'static str, &'s [ReferenceOr<Schema>]) {
        if self.one_of.is_empty() {
            ("anyOf", self.any_of)
        } else {
            ("oneOf", self.one_of)
        }
    }

    /// The sibling keywords as an object with properties, if they are one.
    pub(super) fn sibling_object(&self) -> Option<&ObjectType> {
        match &self.siblings {
            Some(Type::Object(object)) if !object.properties.is_empty() => Some(object),
            _ => None,
        }
    }
}

/// The properties of an object under construction, gathered from one or more schemas.
#[derive(Default)]
pub(super) struct ObjectMembers<'s> {
    /// Wire name, schema and pointer of each property, in order.
    pub(super) properties: Vec<Property<'s>>,
    /// Each required name, with the pointer of the `required` list naming it.
    pub(super) required: Vec<(String, String)>,
    /// `additionalProperties` with a schema, and its pointer.
    pub(super) additional: Option<(ReferenceOr<Schema>, String)>,
}

/// A property of an object under construction: its wire name, its schema (borrowed from the
/// document, or owned when read from an untyped schema) and its pointer.
pub(super) type Property<'s> = (String, Cow<'s, ReferenceOr<Box<Schema>>>, String);

/// One piece of an `allOf`, flattened.
#[derive(Clone)]
pub(super) enum Part {
    /// An object: its properties join the struct.
    Object(Box<ObjectType>, String),
    /// Only constraints on an object (`required`, and the like): they join the struct.
    Constraints(Vec<String>, String),
    /// Anything else: a string, an array, a `oneOf`…
    Other(Box<ReferenceOr<Schema>>, String),
}

impl Part {
    /// Where the part is: its reference, or its pointer.
    pub(super) fn pointer(&self) -> &str {
        match self {
            Part::Object(_, at) | Part::Constraints(_, at) | Part::Other(_, at) => at,
        }
    }
}

impl<'a> Builder<'a> {
    /// The shape of a schema with `allOf`, `oneOf`, `anyOf` or `not`. While it is lowered, the
    /// schema is among those being composed, so that a member whose alternatives lead back to
    /// it is read without them (see [`Self::leads_back`]).
    pub(super) fn composed_shape(
        &mut self,
        schema: &Schema,
        composition: &Composition<'_>,
        name: &str,
        pointer: &str,
    ) -> Shape {
        self.composing.push(pointer.to_owned());
        let shape = self.composed_shape_within(schema, composition, name, pointer);
        self.composing.pop();
        shape
    }

    fn composed_shape_within(
        &mut self,
        schema: &Schema,
        composition: &Composition<'_>,
        name: &str,
        pointer: &str,
    ) -> Shape {
        if composition.not {
            self.diagnostics.warning(
                "a `not` constraint, which the client does not check",
                join(pointer, "not"),
                "`not` is not checked before sending; the schema is read without it",
            );
        }
        if !composition.all_of.is_empty() && !composition.has_alternatives() {
            return self.all_of_shape(schema, composition, name, pointer);
        }
        let (keyword, members) = if !composition.one_of.is_empty() {
            ("oneOf", composition.one_of)
        } else if !composition.any_of.is_empty() {
            ("anyOf", composition.any_of)
        } else {
            return self.sibling_shape(schema, composition, name, pointer);
        };
        self.one_of_shape(schema, composition, keyword, members, name, pointer)
    }

    /// The shape of the one member a composition comes down to: the type a `$ref` names, or
    /// an inline schema's own shape (a definition of its own under `name`).
    pub(super) fn member_shape(
        &mut self,
        member: &ReferenceOr<Schema>,
        name: &str,
        pointer: &str,
    ) -> Shape {
        match member {
            ReferenceOr::Reference { reference } => {
                Shape::Plain(self.reference(reference, pointer))
            }
            ReferenceOr::Item(inner) => self.shape(inner, name, pointer),
        }
    }

    /// The schema read by its keywords beside the composition alone.
    pub(super) fn sibling_shape(
        &mut self,
        schema: &Schema,
        composition: &Composition<'_>,
        name: &str,
        pointer: &str,
    ) -> Shape {
        match &composition.siblings {
            Some(ty) => {
                let ty = ty.clone();
                self.typed_shape(schema, &ty, name, pointer)
            }
            None => Shape::Plain(TypeRef::Json),
        }
    }

    fn all_of_shape(
        &mut self,
        schema: &Schema,
        composition: &Composition<'_>,
        name: &str,
        pointer: &str,
    ) -> Shape {
        let members = composition.all_of;
        let member_pointer = |i: usize| join(&join(pointer, "allOf"), &i.to_string());
        let sibling_object = composition.sibling_object().cloned();
        // `allOf: [{$ref: X}]`, perhaps beside a description or `nullable`: X itself.
        let substantial: Vec<usize> = (0..members.len())
            .filter(|&i| !self.is_constraints_only(&members[i]))
            .collect();
        let constraints_required = members.iter().any(|m| {
            self.is_constraints_only(m)
                && matches!(self.resolve(m), Some(s) if !object_required(s).is_empty())
        });
        if let ([only], None, false) = (
            substantial.as_slice(),
            &sibling_object,
            constraints_required,
        ) {
            let only = *only;
            return self.member_shape(&members[only], name, &member_pointer(only));
        }
        let mut parts = Vec::new();
        if let Some(object) = sibling_object {
            parts.push(Part::Object(Box::new(object), pointer.to_owned()));
        }
        let mut visited = BTreeSet::new();
        for (i, member) in members.iter().enumerate() {
            self.flatten_all_of(member, &member_pointer(i), 0, &mut visited, &mut parts);
        }
        self.merged_struct(schema, parts, name, pointer)
    }

    /// Adds an `allOf` member to `parts`, flattening nested `allOf`s (through references too).
    pub(super) fn flatten_all_of(
        &mut self,
        member: &ReferenceOr<Schema>,
        pointer: &str,
        depth: usize,
        visited: &mut BTreeSet<String>,
        parts: &mut Vec<Part>,
    ) {
        if depth > MAX_ALL_OF_DEPTH {
            self.unsupported(pointer, "`allOf` members nested more than 32 deep");
            return;
        }
        let Some((schema, at)) = self.member_schema(member, pointer, visited) else {
            return;
        };
        let schema: &Schema = &schema;
        if self.leads_back(schema, &at, visited) {
            self.flatten_own_parts(schema, &at, depth, visited, parts);
            return;
        }
        let nested = |list: &[ReferenceOr<Schema>]| -> Vec<(ReferenceOr<Schema>, String)> {
            list.iter()
                .enumerate()
                .map(|(i, m)| (m.clone(), join(&join(&at, "allOf"), &i.to_string())))
                .collect()
        };
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => {
                for (m, p) in nested(all_of) {
                    self.flatten_all_of(&m, &p, depth + 1, visited, parts);
                }
            }
            // A `oneOf`/`anyOf` of `required` lists: a rule the client does not check.
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list }
                if list.iter().all(|m| self.is_constraints_only(m)) =>
            {
                self.diagnostics.warning(
                    "a `oneOf`/`anyOf` of constraints only, which the client does not check",
                    at.clone(),
                    "the members only constrain the value; they are not checked before sending",
                );
                parts.push(Part::Constraints(Vec::new(), at));
            }
            SchemaKind::Type(Type::Object(object)) => {
                parts.push(Part::Object(Box::new(object.clone()), at))
            }
            SchemaKind::Any(any)
                if !any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() =>
            {
                if let Some(Type::Object(object)) = untyped::siblings(any) {
                    parts.push(Part::Object(Box::new(object), at.clone()));
                }
                for (m, p) in nested(&any.all_of) {
                    self.flatten_all_of(&m, &p, depth + 1, visited, parts);
                }
            }
            SchemaKind::Any(any) => match untyped::read_as(any) {
                Some(Type::Object(object)) => parts.push(Part::Object(Box::new(object), at)),
                None if untyped::constraints_only(any) => {
                    parts.push(Part::Constraints(any.required.clone(), at));
                }
                // Object keywords alone (`additionalProperties`, say), without `type`.
                None if let Some(object) = untyped::object_keywords_only(any) => {
                    parts.push(Part::Object(Box::new(object), at));
                }
                _ => parts.push(Part::Other(Box::new(member.clone()), at)),
            },
            _ => parts.push(Part::Other(Box::new(member.clone()), at)),
        }
    }

    /// The schema of an `allOf` member, and where it is (its reference, or `pointer`); `None`
    /// for a reference met before in this `allOf` (it adds nothing new, and one that leads
    /// back to itself names no more properties) or to nothing (reported).
    fn member_schema<'s>(
        &mut self,
        member: &'s ReferenceOr<Schema>,
        pointer: &str,
        visited: &mut BTreeSet<String>,
    ) -> Option<(Cow<'s, Schema>, String)>
    where
        'a: 's,
    {
        let reference = match member {
            ReferenceOr::Item(schema) => return Some((Cow::Borrowed(schema), pointer.to_owned())),
            ReferenceOr::Reference { reference } => reference,
        };
        if !visited.insert(reference.clone()) {
            return None;
        }
        if let Some(schema) = self.resolve_ref(reference) {
            return Some((Cow::Borrowed(schema), reference.clone()));
        }
        // A schema inside a component or an operation: a copy of it.
        match self.schema_of(member) {
            Some(schema) => Some((Cow::Owned(schema), reference.clone())),
            None => {
                self.reference(reference, pointer);
                None
            }
        }
    }

    /// One struct from the object parts of an `allOf`; a part that is not an object is
    /// reported, naming it and an object part.
    pub(super) fn merged_struct(
        &mut self,
        schema: &Schema,
        parts: Vec<Part>,
        name: &str,
        pointer: &str,
    ) -> Shape {
        // Merging follows `$ref`s, so a composition that contains itself (`A: allOf: [{$ref:
        // B}]`, `B: oneOf: [{$ref: A}]`) would merge without end.
        if self.composition_depth >= MAX_COMPOSITION_DEPTH {
            self.unsupported(
                pointer,
                "a composition that contains itself, or compositions nested more than 32 deep",
            );
            return Shape::Plain(TypeRef::Json);
        }
        // Members that are not cycles may still branch at every level (each of two choices
        // holding the next two), which makes merges grow exponentially with the number of
        // schemas: past a budget, the rest is reported once and not merged.
        self.merges += 1;
        if self.merges > MAX_MERGES {
            if self.merges == MAX_MERGES + 1 {
                self.unsupported(
                    pointer,
                    "compositions that expand into more than 10,000 merged types",
                );
            }
            return Shape::Plain(TypeRef::Json);
        }
        self.composition_depth += 1;
        let shape = self.merged_struct_within(schema, parts, name, pointer);
        self.composition_depth -= 1;
        shape
    }

    /// Whether `member` (or the schema it names) is a `oneOf` or `anyOf`.
    fn is_choice(&mut self, member: &ReferenceOr<Schema>) -> bool {
        self.schema_of(member)
            .is_some_and(|schema| Composition::of(&schema).is_some_and(|c| c.has_alternatives()))
    }

    fn merged_struct_within(
        &mut self,
        schema: &Schema,
        parts: Vec<Part>,
        name: &str,
        pointer: &str,
    ) -> Shape {
        let first_object = parts.iter().find_map(|p| match p {
            Part::Object(_, at) => Some(at.clone()),
            _ => None,
        });
        let others: Vec<(ReferenceOr<Schema>, String)> = parts
            .iter()
            .filter_map(|p| match p {
                Part::Other(member, at) => Some(((**member).clone(), at.clone())),
                _ => None,
            })
            .collect();
        let all_of = all_of_pointer(schema, pointer);
        match (&first_object, others.as_slice()) {
            // Constraints alone: any object.
            (None, []) => {
                self.diagnostics.note(
                    "a schema of constraints only, read as any JSON value (serde_json::Value)",
                    all_of,
                    "the `allOf` members only constrain an object; it is read as any JSON object",
                );
                return Shape::Plain(TypeRef::JsonMap);
            }
            (None, [(member, at)]) => {
                return self.member_shape(member, name, at);
            }
            (None, [_, _, ..]) if let Some((merged, origins)) = self.merge_keywords(&others) => {
                let first_new = self.diagnostics.0.len();
                let shape = self.shape(&merged, name, pointer);
                self.point_at_origins(first_new, pointer, &origins);
                return shape;
            }
            // An object and a `oneOf`/`anyOf` (or several that come down to one): each
            // alternative with the object's properties.
            (_, [_, ..]) if let Some(choice) = self.combined_choice(&others) => {
                let mut common: Vec<Part> = parts
                    .iter()
                    .filter(|p| !matches!(p, Part::Other(..)))
                    .cloned()
                    .collect();
                common.extend(choice.own_parts);
                return self.choice_with_common(&choice.schema, &choice.at, common, name);
            }
            // Values that no merge of keywords describes (a string beside an `anyOf` of
            // string enums): the value is read as the member that says most, a choice if there
            // is one, and the others are not checked.
            (None, [(_, first), (_, second), ..]) => {
                let chosen = others
                    .iter()
                    .find(|(member, _)| self.is_choice(member))
                    .unwrap_or(&others[0]);
                self.diagnostics.warning(
                    "an `allOf` of schemas that are not objects, read as one of them",
                    all_of,
                    format!("the members (`{first}`, `{second}`…) cannot be merged into one type; the value is read as `{}`, and the other members are not checked", chosen.1),
                );
                let (member, at) = chosen.clone();
                return self.member_shape(&member, name, &at);
            }
            (Some(object), [(_, other), ..]) => {
                self.diagnostics.error(
                    "`allOf` members of different types",
                    all_of,
                    format!("`{object}` is an object but `{other}` is not: no value is both"),
                );
                return Shape::Plain(TypeRef::Json);
            }
            (Some(_), []) => {}
        }
        let mut members = ObjectMembers::default();
        for part in parts {
            match part {
                Part::Object(object, at) => self.add_object(&mut members, Cow::Owned(*object), &at),
                Part::Constraints(required, at) => {
                    let at = join(&at, "required");
                    members
                        .required
                        .extend(required.into_iter().map(|r| (r, at.clone())));
                }
                Part::Other(..) => {}
            }
        }
        self.struct_from(schema, members, name, pointer)
    }

    /// Points each diagnostic from `first_new` on that names a keyword of a merged schema at
    /// `pointer` (`…/enum/2`) at the member the keyword came from, where it is written.
    fn point_at_origins(&mut self, first_new: usize, pointer: &str, origins: &Origins) {
        for d in self.diagnostics.0.iter_mut().skip(first_new) {
            for (key, member) in origins {
                let at = join(pointer, key);
                if let Some(rest) = d.pointer.strip_prefix(at.as_str())
                    && (rest.is_empty() || rest.starts_with('/'))
                {
                    d.pointer = format!("{}{rest}", join(member, key));
                    break;
                }
            }
        }
    }

    /// `allOf` members that are not objects (`{type: string}` and `{maxLength: 16}`) as one
    /// schema: their keywords together, the stricter bound where two give one, with the member
    /// each keyword was taken from. `None` if two declare different types, or one composes
    /// others.
    fn merge_keywords(
        &mut self,
        members: &[(ReferenceOr<Schema>, String)],
    ) -> Option<(Schema, Origins)> {
        let mut merged = serde_json::Map::new();
        let mut origins = Origins::new();
        for (member, at) in members {
            let schema = self.schema_of(member)?;
            let serde_json::Value::Object(map) = serde_json::to_value(&schema).ok()? else {
                return None;
            };
            for (key, value) in map {
                if matches!(key.as_str(), "allOf" | "oneOf" | "anyOf" | "not") {
                    return None;
                }
                let Some(earlier) = merged.get(&key) else {
                    origins.insert(key.clone(), at.clone());
                    merged.insert(key, value);
                    continue;
                };
                let number = |v: &serde_json::Value| v.as_f64();
                let stricter = match key.as_str() {
                    "type" | "format" if *earlier != value => return None,
                    "maxLength" | "maxItems" | "maximum" | "maxProperties" => number(&value)
                        .zip(number(earlier))
                        .is_some_and(|(v, e)| v < e),
                    "minLength" | "minItems" | "minimum" | "minProperties" => number(&value)
                        .zip(number(earlier))
                        .is_some_and(|(v, e)| v > e),
                    _ => false,
                };
                if stricter {
                    origins.insert(key.clone(), at.clone());
                    merged.insert(key, value);
                }
            }
        }
        let merged = serde_json::from_value(serde_json::Value::Object(merged)).ok()?;
        Some((merged, origins))
    }

    /// Adds an object's properties to `members`; a property defined again differently is
    /// reported, naming both definitions.
    pub(super) fn add_object<'s>(
        &mut self,
        members: &mut ObjectMembers<'s>,
        object: Cow<'s, ObjectType>,
        pointer: &str,
    ) {
        let required_at = join(pointer, "required");
        members.required.extend(
            object
                .required
                .iter()
                .map(|r| (r.clone(), required_at.clone())),
        );
        let (properties, additional): (Vec<(String, Cow<'s, _>)>, _) = match object {
            Cow::Borrowed(object) => (
                object
                    .properties
                    .iter()
                    .map(|(wire, p)| (wire.clone(), Cow::Borrowed(p)))
                    .collect(),
                object.additional_properties.clone(),
            ),
            Cow::Owned(object) => (
                object
                    .properties
                    .into_iter()
                    .map(|(wire, p)| (wire, Cow::Owned(p)))
                    .collect(),
                object.additional_properties,
            ),
        };
        for (wire, property) in properties {
            let at = join(&join(pointer, "properties"), &wire);
            if let Some((_, earlier, earlier_at)) =
                members.properties.iter().find(|(w, ..)| *w == wire)
            {
                if !self.same_schema(earlier, &property) {
                    self.diagnostics.error(
                        "a property that `allOf` members define differently",
                        at.clone(),
                        format!(
                            "`{wire}` is defined at `{earlier_at}` and as another type at `{at}`: no value fits both"
                        ),
                    );
                }
                continue;
            }
            members.properties.push((wire, property, at));
        }
        let values = match additional {
            Some(openapiv3::AdditionalProperties::Schema(values)) => Some(*values),
            // `additionalProperties: true` beside `properties`: the others are kept, whatever
            // they are.
            Some(openapiv3::AdditionalProperties::Any(true)) => Some(ReferenceOr::Item(Schema {
                schema_data: openapiv3::SchemaData::default(),
                schema_kind: SchemaKind::Any(openapiv3::AnySchema::default()),
            })),
            _ => None,
        };
        if let Some(values) = values
            && members.additional.is_none()
        {
            members
                .additional
                .replace((values, join(pointer, "additionalProperties")));
        }
    }

    /// Whether two definitions of one property leave values that fit both: their types agree
    /// (an integer is a number; a schema without a type fits any). The first definition is
    /// kept; a second that narrows it (a `format`, a bound) is not checked.
    fn same_schema(&self, a: &ReferenceOr<Box<Schema>>, b: &ReferenceOr<Box<Schema>>) -> bool {
        fn json_type(schema: &Schema) -> Option<&str> {
            match &schema.schema_kind {
                SchemaKind::Type(Type::String(_)) => Some("string"),
                SchemaKind::Type(Type::Integer(_) | Type::Number(_)) => Some("number"),
                SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
                SchemaKind::Type(Type::Array(_)) => Some("array"),
                SchemaKind::Type(Type::Object(_)) => Some("object"),
                SchemaKind::Any(any) => match any.typ.as_deref() {
                    Some("integer") => Some("number"),
                    other => other,
                },
                _ => None,
            }
        }
        let (Some(x), Some(y)) = (self.resolve_boxed(a), self.resolve_boxed(b)) else {
            return true;
        };
        match (json_type(x), json_type(y)) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        }
    }

    /// Whether a schema only constrains an object (`required` and the like) without saying
    /// what the value is.
    pub(super) fn is_constraints_only(&self, member: &ReferenceOr<Schema>) -> bool {
        match self.resolve(member) {
            Some(Schema {
                schema_kind: SchemaKind::Any(any),
                ..
            }) => untyped::read_as(any).is_none() && untyped::constraints_only(any),
            _ => false,
        }
    }
}

/// Where the `allOf` being merged is: `pointer/allOf` when the schema there has one;
/// otherwise `pointer` itself, a `oneOf` member (a `$ref`, say) merged with what every variant
/// has.
fn all_of_pointer(schema: &Schema, pointer: &str) -> String {
    match Composition::of(schema) {
        Some(composition) if !composition.all_of.is_empty() => join(pointer, "allOf"),
        _ => pointer.to_owned(),
    }
}

/// Whether a member is `{type: 'null'}`.
pub(super) fn is_null_type(member: &ReferenceOr<Schema>) -> bool {
    matches!(
        member,
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Any(any),
            ..
        }) if any.typ.as_deref() == Some("null")
    )
}

/// The `required` list of an object schema (typed or not).
fn object_required(schema: &Schema) -> &[String] {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => &object.required,
        SchemaKind::Any(any) => &any.required,
        _ => &[],
    }
}
