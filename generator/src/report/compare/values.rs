//! What values a type stands for on the wire, compared across two surfaces: whether a type
//! change lets the server accept or send fewer values, more, the same (only the Rust type
//! changed), or others. Named types are read through their definitions on each side, so a
//! `$ref` swapped for an identical inline schema is the same on the wire.

use super::Verdict;
use crate::ir::TypeRef;
use crate::report::Level::{Breaking, Informational as Info, PossiblyBreaking as Possibly};
use crate::report::constraints::{self, Shift};
use crate::surface::{KindSurface, TypeSurface, type_text};
use std::collections::{BTreeMap, BTreeSet};

/// How the values of the new type relate to those of the old.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Relation {
    Same,
    /// Fewer values.
    Narrower,
    /// More values.
    Wider,
    /// Some values each way, or values that cannot be ordered.
    Different,
}

impl Relation {
    fn and(self, other: Relation) -> Relation {
        match (self, other) {
            (Relation::Same, other) | (other, Relation::Same) => other,
            (a, b) if a == b => a,
            _ => Relation::Different,
        }
    }
}

/// The types of both sides, by name.
pub(super) struct Sides<'a> {
    pub(super) before: &'a BTreeMap<String, TypeSurface>,
    pub(super) after: &'a BTreeMap<String, TypeSurface>,
}

/// A type change, judged: how the values relate, and the spec edits that made it, as the spec
/// writes them (`maxLength: 40 added`).
pub(super) struct Judged {
    pub(super) relation: Relation,
    pub(super) edits: Vec<String>,
}

impl Sides<'_> {
    pub(super) fn judge(&self, before: &TypeRef, after: &TypeRef) -> Judged {
        let mut edits = Vec::new();
        let mut seen = BTreeSet::new();
        let relation = self.relate(before, after, &mut edits, &mut seen);
        edits.dedup();
        Judged { relation, edits }
    }

    /// Whether a type of the old side is an enum, which keeps a value it does not know.
    pub(super) fn enum_before(&self, ty: &TypeRef) -> bool {
        matches!(
            Self::kind(self.before, ty),
            Resolved::Def(_, KindSurface::Enum { .. })
        )
    }

    fn kind<'k>(types: &'k BTreeMap<String, TypeSurface>, ty: &'k TypeRef) -> Resolved<'k> {
        let mut ty = ty;
        // Aliases lead on; a chain that comes round is left where it is.
        for _ in 0..=types.len() {
            match ty {
                TypeRef::Boxed(inner) => ty = inner,
                TypeRef::Named(name) => match types.get(name).map(|t| &t.kind) {
                    Some(KindSurface::Alias(target)) => ty = target,
                    Some(kind) => return Resolved::Def(name, kind),
                    None => return Resolved::Plain(ty),
                },
                _ => return Resolved::Plain(ty),
            }
        }
        Resolved::Plain(ty)
    }

    fn relate(
        &self,
        before: &TypeRef,
        after: &TypeRef,
        edits: &mut Vec<String>,
        seen: &mut BTreeSet<(String, String)>,
    ) -> Relation {
        let (b, a) = (
            Self::kind(self.before, before),
            Self::kind(self.after, after),
        );
        let differ = |edits: &mut Vec<String>| {
            edits.push(format!("{} → {}", spec_name(&b), spec_name(&a)));
            Relation::Different
        };
        match (&b, &a) {
            // A named type on both sides: its own changes are reported where it is defined.
            (Resolved::Def(x, _), Resolved::Def(y, _)) if x == y => Relation::Same,
            (Resolved::Def(x, kb), Resolved::Def(y, ka)) => {
                if !seen.insert(((*x).clone(), (*y).clone())) {
                    // Compared already, further up: assumed the same until shown otherwise.
                    return Relation::Same;
                }
                let relation = self
                    .definitions(kb, ka, edits, seen)
                    .unwrap_or_else(|| differ(edits));
                if relation == Relation::Same {
                    edits.push(format!(
                        "the schema `{x}` → `{y}`, which holds the same values"
                    ));
                }
                relation
            }
            (Resolved::Plain(pb), Resolved::Plain(pa)) => self
                .plain(pb, pa, edits, seen)
                .unwrap_or_else(|| differ(edits)),
            (Resolved::Plain(plain), Resolved::Def(_, kind)) => {
                match plain_to_def(plain, kind, edits, true) {
                    Some(relation) => relation,
                    None => differ(edits),
                }
            }
            (Resolved::Def(_, kind), Resolved::Plain(plain)) => {
                match plain_to_def(plain, kind, edits, false) {
                    // The same edit read backwards.
                    Some(Relation::Narrower) => Relation::Wider,
                    Some(Relation::Wider) => Relation::Narrower,
                    Some(other) => other,
                    None => differ(edits),
                }
            }
        }
    }

    fn plain(
        &self,
        before: &TypeRef,
        after: &TypeRef,
        edits: &mut Vec<String>,
        seen: &mut BTreeSet<(String, String)>,
    ) -> Option<Relation> {
        use TypeRef as T;
        if before == after {
            return Some(Relation::Same);
        }
        let mut edit = |text: String| edits.push(text);
        Some(match (before, after) {
            (T::Nullable(b), T::Nullable(a)) | (T::Vec(b), T::Vec(a)) | (T::Map(b), T::Map(a)) => {
                self.relate(b, a, edits, seen)
            }
            (T::Nullable(b), a) => {
                edit("no longer nullable".to_owned());
                Relation::Narrower.and(self.relate(b, a, edits, seen))
            }
            (b, T::Nullable(a)) => {
                edit("now nullable".to_owned());
                Relation::Wider.and(self.relate(b, a, edits, seen))
            }
            (T::Tuple(b), T::Tuple(a)) if b.len() == a.len() => {
                b.iter().zip(a).fold(Relation::Same, |r, (b, a)| {
                    r.and(self.relate(b, a, edits, seen))
                })
            }
            (T::Json, _) | (T::JsonMap, T::Map(_)) => {
                edit(format!("any value → {}", plain_name(after)));
                Relation::Narrower
            }
            (_, T::Json) | (T::Map(_), T::JsonMap) => {
                edit(format!("{} → any value", plain_name(before)));
                Relation::Wider
            }
            // A secret is a string the client never prints.
            (T::Secret, T::String) => {
                edit("`x-secret` removed".to_owned());
                Relation::Same
            }
            (T::String, T::Secret) => {
                edit("`x-secret` added".to_owned());
                Relation::Same
            }
            (b, a) => {
                let relation = numbers(b, a)?;
                edit(format!("{} → {}", plain_name(b), plain_name(a)));
                relation
            }
        })
    }

    /// Two named definitions of other names: the same on the wire when they hold the same.
    fn definitions(
        &self,
        before: &KindSurface,
        after: &KindSurface,
        edits: &mut Vec<String>,
        seen: &mut BTreeSet<(String, String)>,
    ) -> Option<Relation> {
        use KindSurface as K;
        Some(match (before, after) {
            (K::Enum { of: ob, values: b }, K::Enum { of: oa, values: a }) if ob == oa => {
                enum_values(b, a, edits)
            }
            (
                K::Constrained {
                    pattern: pb,
                    min_length: nb,
                    max_length: xb,
                    pii: _,
                },
                K::Constrained {
                    pattern: pa,
                    min_length: na,
                    max_length: xa,
                    pii: _,
                },
            ) => {
                let moved = constraints::pattern(pb.as_ref(), pa.as_ref())
                    .into_iter()
                    .chain(constraints::lengths((*nb, *xb), (*na, *xa)));
                let mut relation = Relation::Same;
                for moved in moved {
                    edits.push(format!("`{}` {}", moved.name, moved.detail));
                    relation = relation.and(match moved.shift {
                        Shift::Tightened => Relation::Narrower,
                        Shift::Loosened => Relation::Wider,
                        Shift::Rewritten => Relation::Same,
                        Shift::Changed | Shift::Unknown => Relation::Different,
                    });
                }
                relation
            }
            (
                K::Struct {
                    fields: fb,
                    additional: ab,
                    ..
                },
                K::Struct {
                    fields: fa,
                    additional: aa,
                    ..
                },
            ) => {
                if fb.keys().ne(fa.keys()) || ab.is_some() != aa.is_some() {
                    return None;
                }
                let mut relation = Relation::Same;
                for (b, a) in fb.values().zip(fa.values()) {
                    if (b.required, b.nullable) != (a.required, a.nullable) {
                        return None;
                    }
                    relation = relation.and(self.relate(&b.ty, &a.ty, edits, seen));
                }
                if let (Some(b), Some(a)) = (ab, aa) {
                    relation = relation.and(self.relate(b, a, edits, seen));
                }
                relation
            }
            (
                K::OneOf {
                    variants: vb,
                    discriminator: db,
                },
                K::OneOf {
                    variants: va,
                    discriminator: da,
                },
            ) => {
                if db != da || vb.len() != va.len() {
                    return None;
                }
                let mut relation = Relation::Same;
                for (b, a) in vb.values().zip(va.values()) {
                    if b.tags != a.tags {
                        return None;
                    }
                    relation = relation.and(self.relate(&b.ty, &a.ty, edits, seen));
                }
                relation
            }
            (K::Wrapper(b), K::Wrapper(a)) => self.relate(b, a, edits, seen),
            _ => return None,
        })
    }
}

/// A type reference, aliases followed: a plain type, or a named definition.
enum Resolved<'a> {
    Plain(&'a TypeRef),
    Def(&'a String, &'a KindSurface),
}

/// A plain type that became a named definition (`forward`), or the other way round: a string
/// that gained a pattern, a length or an enum.
fn plain_to_def(
    plain: &TypeRef,
    kind: &KindSurface,
    edits: &mut Vec<String>,
    forward: bool,
) -> Option<Relation> {
    let verb = if forward { "added" } else { "removed" };
    match (plain, kind) {
        (
            TypeRef::String | TypeRef::Secret,
            KindSurface::Constrained {
                pattern,
                min_length,
                max_length,
                pii: _,
            },
        ) => {
            if let Some((source, _)) = pattern {
                edits.push(format!("`pattern: {source}` {verb}"));
            }
            if let Some(min) = min_length {
                edits.push(format!("`minLength: {min}` {verb}"));
            }
            if let Some(max) = max_length {
                edits.push(format!("`maxLength: {max}` {verb}"));
            }
            Some(Relation::Narrower)
        }
        (
            TypeRef::String,
            KindSurface::Enum {
                of: "string",
                values,
            },
        ) => {
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            edits.push(format!("`enum: [{}]` {verb}", values.join(", ")));
            Some(Relation::Narrower)
        }
        (TypeRef::Json, _) => {
            edits.push(format!(
                "any value {} a named type",
                if forward { "→" } else { "←" }
            ));
            Some(Relation::Narrower)
        }
        (TypeRef::JsonMap, KindSurface::Struct { .. }) => {
            edits.push(format!(
                "free-form object {} named properties",
                if forward { "→" } else { "←" }
            ));
            Some(Relation::Narrower)
        }
        (inner, KindSurface::Wrapper(target)) if inner == target => Some(Relation::Same),
        _ => None,
    }
}

fn enum_values(
    before: &BTreeSet<String>,
    after: &BTreeSet<String>,
    edits: &mut Vec<String>,
) -> Relation {
    let added: Vec<&str> = after.difference(before).map(String::as_str).collect();
    let removed: Vec<&str> = before.difference(after).map(String::as_str).collect();
    if !added.is_empty() {
        edits.push(format!("enum values {} added", added.join(", ")));
    }
    if !removed.is_empty() {
        edits.push(format!("enum values {} removed", removed.join(", ")));
    }
    match (added.is_empty(), removed.is_empty()) {
        (true, true) => Relation::Same,
        (false, true) => Relation::Wider,
        (true, false) => Relation::Narrower,
        (false, false) => Relation::Different,
    }
}

/// How two numeric types' values relate, or `None` for types that are not both numbers.
fn numbers(before: &TypeRef, after: &TypeRef) -> Option<Relation> {
    use TypeRef as T;
    // Each type's values, as a set of which the next holds all: i32 ⊂ i64 ⊂ decimal, and
    // f32 ⊂ f64; u64 holds no negative value, and a float not every decimal.
    let holds = |wide: &TypeRef, narrow: &TypeRef| {
        matches!(
            (wide, narrow),
            (T::I64, T::I32) | (T::Decimal, T::I32 | T::I64 | T::U64) | (T::F64, T::F32 | T::I32)
        )
    };
    let number = |t: &TypeRef| matches!(t, T::I32 | T::I64 | T::U64 | T::F32 | T::F64 | T::Decimal);
    if !number(before) || !number(after) {
        return None;
    }
    Some(if holds(after, before) {
        Relation::Wider
    } else if holds(before, after) {
        Relation::Narrower
    } else {
        Relation::Different
    })
}

/// A plain type as the spec writes it.
fn plain_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "`type: string`".to_owned(),
        TypeRef::Bool => "`type: boolean`".to_owned(),
        TypeRef::I32 => "`type: integer, format: int32`".to_owned(),
        TypeRef::I64 => "`type: integer, format: int64`".to_owned(),
        TypeRef::U64 => "`type: integer, format: uint64`".to_owned(),
        TypeRef::F32 => "`type: number, format: float`".to_owned(),
        TypeRef::F64 => "`type: number, format: double`".to_owned(),
        TypeRef::Decimal => "`type: number`".to_owned(),
        TypeRef::DateTime => "`type: string, format: date-time`".to_owned(),
        TypeRef::Temporal(format) => format!("the date format `{}`", format.description),
        TypeRef::Secret => "a secret string".to_owned(),
        TypeRef::File => "a file".to_owned(),
        TypeRef::Json => "any value".to_owned(),
        TypeRef::JsonMap => "a free-form object".to_owned(),
        other => format!("`{}`", type_text(other)),
    }
}

fn spec_name(resolved: &Resolved<'_>) -> String {
    match resolved {
        Resolved::Plain(ty) => plain_name(ty),
        Resolved::Def(name, KindSurface::Enum { .. }) => format!("the enum `{name}`"),
        Resolved::Def(name, _) => format!("`{name}`"),
    }
}

/// The wire verdicts of a type change, for requests and for responses. `kept_by_old`: the old
/// type is an enum, which keeps a value it does not know as `Unrecognized`.
pub(super) fn relation_verdicts(relation: Relation, kept_by_old: bool) -> (Verdict, Verdict) {
    match relation {
        Relation::Same => (
            (Info, "the values on the wire are the same"),
            (Info, "the values on the wire are the same"),
        ),
        Relation::Narrower => (
            (Breaking, "the server refuses values it accepted"),
            (
                Info,
                "old clients accept every value the server may now send",
            ),
        ),
        Relation::Wider if kept_by_old => (
            (Info, "the server accepts every value it accepted"),
            (
                Possibly,
                "old clients read a new value as `Unrecognized`, keeping its text",
            ),
        ),
        Relation::Wider => (
            (Info, "the server accepts every value it accepted"),
            (
                Breaking,
                "old clients may fail to decode values the new type allows",
            ),
        ),
        Relation::Different => (
            (Breaking, "the server expects values of the new type"),
            (Breaking, "old clients read values of the old type"),
        ),
    }
}

/// A message that says the spec's edits first, then what they do to the Rust type.
pub(super) fn edited(edits: &[String], effect: String) -> String {
    if edits.is_empty() {
        effect
    } else {
        format!("{}: {effect}", edits.join("; "))
    }
}
