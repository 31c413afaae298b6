//! Tuples: an array the load stage read from 3.1's `prefixItems` and marked (its `items` an
//! `anyOf` of the positions), as a Rust tuple whose positions are each their own type.

use super::{Builder, TypeRef};
use crate::diagnostics::join;
use crate::naming;
use openapiv3::{ReferenceOr, SchemaKind};

impl Builder<'_> {
    /// A tuple marked by the load stage: each member of `items`' `anyOf` is a position.
    pub(super) fn tuple_type(
        &mut self,
        array: &openapiv3::ArrayType,
        name: &str,
        pointer: &str,
    ) -> TypeRef {
        let items_pointer = join(pointer, "items");
        let members = match array.items.as_ref() {
            Some(ReferenceOr::Item(items)) => match &items.schema_kind {
                SchemaKind::AnyOf { any_of } => any_of.clone(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let members_pointer = join(&items_pointer, "anyOf");
        let types: Vec<TypeRef> = members
            .iter()
            .enumerate()
            .map(|(index, member)| {
                let hint = naming::compound_type_name(name, &format!("Item{index}"));
                self.type_ref(member, &hint, &join(&members_pointer, &index.to_string()))
            })
            .collect();
        if types.is_empty() || types.len() > super::MAX_TUPLE || types.contains(&TypeRef::File) {
            self.unsupported(
                pointer,
                "a tuple of no positions, of files, or of more than 12",
            );
            return TypeRef::Json;
        }
        let types = types
            .into_iter()
            .enumerate()
            .map(|(index, ty)| {
                let ty = self.tuple_member(ty, &join(&members_pointer, &index.to_string()));
                boxed_inline(ty)
            })
            .collect();
        TypeRef::Tuple(types)
    }

    /// A tuple position takes no serde helper, so a value that needs one (an exact decimal, a
    /// timestamp, a vendor date, or a collection of them) is read otherwise, with a note.
    fn tuple_member(&mut self, ty: TypeRef, pointer: &str) -> TypeRef {
        let (read_as, how) = match &ty {
            TypeRef::Decimal => (TypeRef::F64, "`f64`"),
            TypeRef::DateTime | TypeRef::Temporal(_) => (TypeRef::String, "its text"),
            TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Nullable(_) | TypeRef::Tuple(_)
                if self.needs_helper(&ty) =>
            {
                (TypeRef::Json, "untyped JSON")
            }
            _ => return ty,
        };
        self.diagnostics.note(
            "a tuple position read without its serde helper",
            pointer,
            format!(
                "a tuple position cannot take the serde helper its type needs; it is read as {how}"
            ),
        );
        read_as
    }

    /// Whether `ty` holds a value that needs a serde helper (an exact decimal, a date).
    fn needs_helper(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Decimal | TypeRef::DateTime | TypeRef::Temporal(_) => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                self.needs_helper(inner)
            }
            TypeRef::Tuple(members) => members.iter().any(|m| self.needs_helper(m)),
            _ => false,
        }
    }
}

/// A tuple position holds its value inline, so a named type in it is boxed: a tuple that
/// leads back to its own type (`T: {prefixItems: [{$ref: T}]}`) then has a size.
fn boxed_inline(ty: TypeRef) -> TypeRef {
    match ty {
        named @ TypeRef::Named(_) => TypeRef::Boxed(Box::new(named)),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(boxed_inline(*inner))),
        TypeRef::Tuple(members) => TypeRef::Tuple(members.into_iter().map(boxed_inline).collect()),
        other => other,
    }
}
