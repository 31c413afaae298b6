//! Comparing constraints: which of them accept fewer values now, which more, and which cannot
//! be ordered. "Tightened" is said only when it is proved: bounds are compared as exact
//! decimals, patterns on their DFAs ([`super::language`]).

use super::language::{self, Relation};
use crate::ir::decimal_parts;
use crate::surface::ChecksSurface;
use std::cmp::Ordering;

/// How a constraint moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shift {
    /// Accepts fewer values (and none it refused before).
    Tightened,
    /// Accepts more values (and refuses none it accepted before).
    Loosened,
    /// Accepts some values it refused, and refuses some it accepted.
    Changed,
    /// Changed in a way that cannot be ordered from the documents.
    Unknown,
    /// Written differently, accepting exactly the same values.
    Rewritten,
}

/// One constraint that moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Moved {
    /// As the spec names it: `pattern`, `maxLength`, `minimum`…
    pub(super) name: &'static str,
    pub(super) shift: Shift,
    /// Before → after, e.g. "`50` → `40`".
    pub(super) detail: String,
    /// A value refused now and accepted before (tightened), or the other way round (loosened).
    pub(super) example: Option<String>,
}

pub(super) fn pattern(
    before: Option<&(String, String)>,
    after: Option<&(String, String)>,
) -> Option<Moved> {
    let shown = |p: Option<&(String, String)>| {
        p.map_or_else(|| "none".to_owned(), |(s, _)| format!("`{s}`"))
    };
    let detail = format!("{} → {}", shown(before), shown(after));
    let (shift, example) = match (before, after) {
        (None, None) => return None,
        (Some(b), Some(a)) if b == a => return None,
        (None, Some(_)) => (Shift::Tightened, None),
        (Some(_), None) => (Shift::Loosened, None),
        (Some((_, old)), Some((_, new))) => match language::compare(old, new) {
            Relation::Same => (Shift::Rewritten, None),
            Relation::Narrower { refused } => (Shift::Tightened, Some(refused)),
            Relation::Wider { accepted } => (Shift::Loosened, Some(accepted)),
            Relation::Different { refused, .. } => (Shift::Changed, Some(refused)),
            Relation::Unknown => (Shift::Unknown, None),
        },
    };
    Some(Moved {
        name: "pattern",
        shift,
        detail,
        example,
    })
}

/// `minLength` and `maxLength` of a constrained string.
pub(super) fn lengths(
    before: (Option<usize>, Option<usize>),
    after: (Option<usize>, Option<usize>),
) -> Vec<Moved> {
    [
        count("minLength", Side::Lower, before.0, after.0),
        count("maxLength", Side::Upper, before.1, after.1),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub(super) fn checks(before: &ChecksSurface, after: &ChecksSurface) -> Vec<Moved> {
    let mut moved = vec![
        bound(
            "minimum",
            Side::Lower,
            before.minimum.as_ref(),
            after.minimum.as_ref(),
        ),
        bound(
            "maximum",
            Side::Upper,
            before.maximum.as_ref(),
            after.maximum.as_ref(),
        ),
        count("minItems", Side::Lower, before.min_items, after.min_items),
        count("maxItems", Side::Upper, before.max_items, after.max_items),
        count(
            "minProperties",
            Side::Lower,
            before.min_properties,
            after.min_properties,
        ),
        count(
            "maxProperties",
            Side::Upper,
            before.max_properties,
            after.max_properties,
        ),
        bound(
            "items' minimum",
            Side::Lower,
            before.item_minimum.as_ref(),
            after.item_minimum.as_ref(),
        ),
        bound(
            "items' maximum",
            Side::Upper,
            before.item_maximum.as_ref(),
            after.item_maximum.as_ref(),
        ),
        multiple_of(before.multiple_of.as_deref(), after.multiple_of.as_deref()),
    ];
    if before.unique_items != after.unique_items {
        moved.push(Some(Moved {
            name: "uniqueItems",
            shift: if after.unique_items {
                Shift::Tightened
            } else {
                Shift::Loosened
            },
            detail: format!("`{}` → `{}`", before.unique_items, after.unique_items),
            example: None,
        }));
    }
    moved.into_iter().flatten().collect()
}

#[derive(Clone, Copy)]
enum Side {
    Lower,
    Upper,
}

/// A bound set where there was none tightens; one dropped loosens; otherwise the side says
/// which way is tighter.
fn shift_of(side: Side, order: Option<Ordering>) -> Shift {
    match (side, order) {
        (_, None) => Shift::Unknown,
        (_, Some(Ordering::Equal)) => Shift::Rewritten,
        (Side::Lower, Some(Ordering::Greater)) | (Side::Upper, Some(Ordering::Less)) => {
            Shift::Tightened
        }
        _ => Shift::Loosened,
    }
}

fn count(
    name: &'static str,
    side: Side,
    before: Option<usize>,
    after: Option<usize>,
) -> Option<Moved> {
    let shift = match (before, after) {
        (None, None) => return None,
        (Some(b), Some(a)) if a == b => return None,
        (None, Some(_)) => Shift::Tightened,
        (Some(_), None) => Shift::Loosened,
        (Some(b), Some(a)) => shift_of(side, Some(a.cmp(&b))),
    };
    let shown = |v: Option<usize>| v.map_or_else(|| "none".to_owned(), |v| format!("`{v}`"));
    Some(Moved {
        name,
        shift,
        detail: format!("{} → {}", shown(before), shown(after)),
        example: None,
    })
}

fn bound(
    name: &'static str,
    side: Side,
    before: Option<&(String, bool)>,
    after: Option<&(String, bool)>,
) -> Option<Moved> {
    let shift = match (before, after) {
        (None, None) => return None,
        (None, Some(_)) => Shift::Tightened,
        (Some(_), None) => Shift::Loosened,
        (Some((b, b_exclusive)), Some((a, a_exclusive))) => {
            let order = compare_decimals(a, b).map(|order| {
                // At the same value, an exclusive bound is the tighter one.
                order.then_with(|| match side {
                    Side::Lower => a_exclusive.cmp(b_exclusive),
                    Side::Upper => b_exclusive.cmp(a_exclusive),
                })
            });
            match shift_of(side, order) {
                Shift::Rewritten => return None,
                shift => shift,
            }
        }
    };
    let shown = |v: Option<&(String, bool)>| match v {
        None => "none".to_owned(),
        Some((literal, true)) => format!("`{literal}` (exclusive)"),
        Some((literal, false)) => format!("`{literal}`"),
    };
    Some(Moved {
        name,
        shift,
        detail: format!("{} → {}", shown(before), shown(after)),
        example: None,
    })
}

/// A new `multipleOf` tightens if it is a whole multiple of the old one, and loosens if the
/// old is a whole multiple of it.
fn multiple_of(before: Option<&str>, after: Option<&str>) -> Option<Moved> {
    let shift = match (before, after) {
        (None, None) => return None,
        (Some(b), Some(a)) if a == b => return None,
        (None, Some(_)) => Shift::Tightened,
        (Some(_), None) => Shift::Loosened,
        (Some(b), Some(a)) => match (divides(b, a), divides(a, b)) {
            (Some(true), Some(true)) => return None,
            (Some(true), _) => Shift::Tightened,
            (_, Some(true)) => Shift::Loosened,
            (Some(false), Some(false)) => Shift::Changed,
            _ => Shift::Unknown,
        },
    };
    let shown = |v: Option<&str>| v.map_or_else(|| "none".to_owned(), |v| format!("`{v}`"));
    Some(Moved {
        name: "multipleOf",
        shift,
        detail: format!("{} → {}", shown(before), shown(after)),
        example: None,
    })
}

/// The two decimals as integers at one scale, if they fit.
fn common_scale(a: &str, b: &str) -> Option<(i128, i128)> {
    let (a_mantissa, a_scale) = decimal_parts(a)?;
    let (b_mantissa, b_scale) = decimal_parts(b)?;
    let scale = a_scale.max(b_scale);
    let a = a_mantissa.checked_mul(10i128.checked_pow(scale - a_scale)?)?;
    let b = b_mantissa.checked_mul(10i128.checked_pow(scale - b_scale)?)?;
    Some((a, b))
}

fn compare_decimals(a: &str, b: &str) -> Option<Ordering> {
    common_scale(a, b).map(|(a, b)| a.cmp(&b))
}

/// Whether `multiple` is a whole multiple of `of`.
fn divides(of: &str, multiple: &str) -> Option<bool> {
    let (multiple, of) = common_scale(multiple, of)?;
    (of != 0).then(|| multiple % of == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(before: &str, after: &str, side: Side) -> Option<Shift> {
        let (b, a) = ((before.to_owned(), false), (after.to_owned(), false));
        bound("minimum", side, Some(&b), Some(&a)).map(|m| m.shift)
    }

    #[test]
    fn bounds_compare_as_exact_decimals() {
        assert_eq!(bounds("1", "1.5", Side::Lower), Some(Shift::Tightened));
        assert_eq!(bounds("1", "1.5", Side::Upper), Some(Shift::Loosened));
        assert_eq!(bounds("10", "10.00", Side::Lower), None);
        assert_eq!(
            bounds("0.1", "0.1000000000000000000000000001", Side::Lower),
            Some(Shift::Tightened)
        );
    }

    #[test]
    fn an_exclusive_bound_at_the_same_value_is_tighter() {
        let inclusive = ("5".to_owned(), false);
        let exclusive = ("5".to_owned(), true);
        let moved = bound("maximum", Side::Upper, Some(&inclusive), Some(&exclusive));
        assert_eq!(moved.map(|m| m.shift), Some(Shift::Tightened));
        let moved = bound("minimum", Side::Lower, Some(&exclusive), Some(&inclusive));
        assert_eq!(moved.map(|m| m.shift), Some(Shift::Loosened));
    }

    #[test]
    fn multiple_of_tightens_only_to_a_whole_multiple() {
        let shift = |b, a| multiple_of(Some(b), Some(a)).map(|m| m.shift);
        assert_eq!(shift("0.5", "1.5"), Some(Shift::Tightened));
        assert_eq!(shift("2", "1"), Some(Shift::Loosened));
        assert_eq!(shift("2", "3"), Some(Shift::Changed));
        assert_eq!(shift("0.1", "0.10"), None);
    }

    #[test]
    fn a_length_set_tightens_and_a_length_dropped_loosens() {
        let moved = lengths((None, Some(10)), (Some(1), None));
        let shifts: Vec<_> = moved.iter().map(|m| (m.name, m.shift)).collect();
        assert_eq!(
            shifts,
            [
                ("minLength", Shift::Tightened),
                ("maxLength", Shift::Loosened)
            ]
        );
    }
}
