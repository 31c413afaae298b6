//! Possible renames: something removed and something of the same shape added at the same place
//! (an operation on the same endpoint, a type of the same kind, a field of the same type in the
//! same struct). Each pair is one change that says so, rather than a removal and an addition
//! that read as unrelated. Only pairs that match one to one are paired.

use super::values::Relation;
use super::{Comparison, Subject, directional, sent_by};
use crate::report::Level::{Breaking, Informational as Info, PossiblyBreaking as Possibly};
use crate::report::RustImpact;
use crate::surface::{FieldSurface, OperationSurface, TypeSurface, Usage, type_text};
use std::collections::{BTreeMap, BTreeSet};

/// The keys only one side has, less those paired as renames: `(gone, new)`.
type Unpaired = (BTreeSet<String>, BTreeSet<String>);

impl Comparison {
    pub(super) fn renamed_operations(
        &mut self,
        before: &BTreeMap<String, OperationSurface>,
        after: &BTreeMap<String, OperationSurface>,
    ) -> Unpaired {
        let (pairs, unpaired) = pairs(before, after, |b, a| b.endpoint == a.endpoint);
        for (old, new) in pairs {
            let (b, a) = (&before[&old], &after[&new]);
            let usage = sent_by(&new);
            let subject = Subject::operation(&new, a, &usage);
            self.push(
                "operation-possibly-renamed",
                &subject,
                format!("`operationId` changed, possibly a rename: the method is now `{new}` (was `{old}`)"),
                (Info, "the same endpoint; its own changes are listed on their own".to_owned()),
                (RustImpact::Major, "code that calls the old method no longer compiles"),
            );
            self.operation(&new, b, a);
        }
        unpaired
    }

    pub(super) fn renamed_types(
        &mut self,
        before: &BTreeMap<String, TypeSurface>,
        after: &BTreeMap<String, TypeSurface>,
    ) -> Unpaired {
        let (pairs, unpaired) = pairs(before, after, |b, a| b.kind == a.kind);
        for (old, new) in pairs {
            let a = &after[&new];
            let subject = Subject::named(&new, a, &before[&old].usage);
            self.push(
                "type-possibly-renamed",
                &subject,
                format!("a type of the same shape, possibly a rename: now `{new}` (was `{old}`)"),
                (Info, "the same values on the wire".to_owned()),
                (
                    RustImpact::Major,
                    "code that names the old type no longer compiles",
                ),
            );
        }
        unpaired
    }

    /// Fields of one struct; `owner` names it.
    pub(super) fn renamed_fields(
        &mut self,
        owner: &str,
        usage: &Usage,
        before: &BTreeMap<String, FieldSurface>,
        after: &BTreeMap<String, FieldSurface>,
    ) -> Unpaired {
        // The same values: the same type, or types of other names that hold the same values
        // (a tag enum named after its property).
        let sides = self.sides();
        let same = |b: &FieldSurface, a: &FieldSurface| {
            (b.required, b.nullable, &b.checks, b.location, &b.layout)
                == (a.required, a.nullable, &a.checks, a.location, &a.layout)
                && (b.ty == a.ty || sides.judge(&b.ty, &a.ty).relation == Relation::Same)
        };
        let (pairs, unpaired) = pairs(before, after, same);
        for (old, new) in pairs {
            let (b, a) = (&before[&old], &after[&new]);
            let subject = Subject {
                text: format!("`{owner}.{new}`"),
                usage,
                on_operation: false,
            };
            // As the removal and the addition would be judged, the worse of the two.
            let request = if a.required {
                (
                    Breaking,
                    "the server requires the new name, and old clients send the old one",
                )
            } else {
                (
                    Possibly,
                    "old clients send the old name; the server may refuse it",
                )
            };
            let response = if b.required {
                (
                    Breaking,
                    "old clients require the old name, and fail to decode without it",
                )
            } else {
                (Possibly, "old clients read the old name as absent")
            };
            let wire = directional(usage, request, response);
            self.push(
                "property-possibly-renamed",
                &subject,
                format!(
                    "property `{old}` removed and `{new}` added, {}: possibly a rename; field `{}` is now `{}`",
                    if b.ty == a.ty {
                        format!("of the same type `{}`", type_text(&a.ty))
                    } else {
                        format!(
                            "holding the same values (`{}`, was `{}`)",
                            type_text(&a.ty),
                            type_text(&b.ty)
                        )
                    },
                    b.rust,
                    a.rust
                ),
                wire,
                (RustImpact::Major, "code that names the old field no longer compiles"),
            );
        }
        unpaired
    }
}

/// The keys removed and added, paired where exactly one of each has the same shape.
fn pairs<V>(
    before: &BTreeMap<String, V>,
    after: &BTreeMap<String, V>,
    same: impl Fn(&V, &V) -> bool,
) -> (Vec<(String, String)>, Unpaired) {
    let gone: BTreeSet<String> = before
        .keys()
        .filter(|k| !after.contains_key(*k))
        .cloned()
        .collect();
    let new: BTreeSet<String> = after
        .keys()
        .filter(|k| !before.contains_key(*k))
        .cloned()
        .collect();
    let mut pairs = Vec::new();
    for old in &gone {
        let matching: Vec<&String> = new
            .iter()
            .filter(|n| same(&before[old], &after[*n]))
            .collect();
        let [candidate] = matching[..] else { continue };
        let back = gone
            .iter()
            .filter(|o| same(&before[*o], &after[candidate]))
            .count();
        if back == 1 {
            pairs.push((old.clone(), candidate.clone()));
        }
    }
    let paired_old: BTreeSet<&String> = pairs.iter().map(|(o, _)| o).collect();
    let paired_new: BTreeSet<&String> = pairs.iter().map(|(_, n)| n).collect();
    let unpaired = (
        gone.iter()
            .filter(|k| !paired_old.contains(k))
            .cloned()
            .collect(),
        new.iter()
            .filter(|k| !paired_new.contains(k))
            .cloned()
            .collect(),
    );
    (pairs, unpaired)
}
