//! Checks made on a request before anything is sent.

use std::collections::BTreeMap;
use std::fmt;

/// One constraint a request breaks, with the path of the offending field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Where: `limit`, `customerKeyContacts[0].mobile`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl Violation {
    /// A violation at `path` (a [`Path`], or a parameter's name).
    pub fn new(path: &(impl fmt::Display + ?Sized), message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            message: message.into(),
        }
    }

    /// An enum value the client does not know, which a request may not carry.
    pub fn unknown_value(
        path: &(impl fmt::Display + ?Sized),
        type_name: &str,
        value: &super::UnknownValue,
    ) -> Self {
        Self::new(
            path,
            format!(
                "`{}` is not a known {type_name} value and may not be sent",
                value.as_str()
            ),
        )
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every constraint a request breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl From<Vec<Violation>> for Violations {
    fn from(violations: Vec<Violation>) -> Self {
        Self(violations)
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

/// Where a value sits in a request (`customerKeyContacts[0].mobile`), built on the stack as
/// validation walks down: it is written out as text only for a violation, so that checking a
/// valid request allocates nothing.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The request body, or a parameter's value, itself.
    Root,
    /// A field (or a map's key) of the value at the first path.
    Field(&'a Path<'a>, &'a str),
    /// An item of the array at the first path.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path of the field (or map key) `name` under this one.
    pub fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }

    /// The path of the item `index` under this one.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Field(Path::Root, name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// A value that can check the constraints the type system does not hold.
pub trait Validate {
    /// Appends every broken constraint, with paths under `path`.
    fn validate(&self, path: &Path<'_>, violations: &mut Vec<Violation>);

    /// Every broken constraint, with paths from the value itself (`customerKeyContacts[0]`);
    /// empty if the value may be sent.
    fn violations(&self) -> Vec<Violation> {
        let mut violations = Vec::new();
        self.validate(&Path::Root, &mut violations);
        violations
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &Path<'_>, violations: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate(path, violations);
        }
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate(&self, path: &Path<'_>, violations: &mut Vec<Violation>) {
        (**self).validate(path, violations);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, path: &Path<'_>, violations: &mut Vec<Violation>) {
        (**self).validate(path, violations);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &Path<'_>, violations: &mut Vec<Violation>) {
        self.as_slice().validate(path, violations);
    }
}

/// An array argument is passed as a slice (`&[Item]`).
impl<T: Validate> Validate for [T] {
    fn validate(&self, path: &Path<'_>, violations: &mut Vec<Violation>) {
        for (index, item) in self.iter().enumerate() {
            item.validate(&path.index(index), violations);
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, path: &Path<'_>, violations: &mut Vec<Violation>) {
        for (key, value) in self {
            value.validate(&path.field(key), violations);
        }
    }
}

/// Tuples (3.1's `prefixItems`): each position is checked at its index, as a JSON array's.
macro_rules! tuple_validate {
    ($(($($name:ident $index:tt),+)),* $(,)?) => {
        $(impl<$($name: Validate),+> Validate for ($($name,)+) {
            fn validate(&self, path: &Path<'_>, violations: &mut Vec<Violation>) {
                $(self.$index.validate(&path.index($index), violations);)+
            }
        })*
    };
}

tuple_validate!(
    (A 0),
    (A 0, B 1),
    (A 0, B 1, C 2),
    (A 0, B 1, C 2, D 3),
    (A 0, B 1, C 2, D 3, E 4),
    (A 0, B 1, C 2, D 3, E 4, F 5),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11),
);

macro_rules! always_valid {
    ($($ty:ty),* $(,)?) => {
        $(impl Validate for $ty {
            fn validate(&self, _path: &Path<'_>, _violations: &mut Vec<Violation>) {}
        })*
    };
}

always_valid!(
    String,
    str,
    bool,
    i32,
    i64,
    u64,
    f32,
    f64,
    rust_decimal::Decimal,
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>,
    time::OffsetDateTime,
    time::PrimitiveDateTime,
    time::Date,
    time::Time,
);

/// Refuses a path parameter that would not stay one segment of its own: empty, `.` or `..`
/// (URL parsers collapse dot segments, even percent-encoded, which would send the call to
/// another endpoint).
pub fn check_path_segment(value: &dyn fmt::Display, path: &str, violations: &mut Vec<Violation>) {
    let text = value.to_string();
    if text.is_empty() || text == "." || text == ".." {
        violations.push(Violation::new(
            path,
            format!("`{text}` cannot be a path segment: it must be non-empty and not `.` or `..`"),
        ));
    }
}

/// Checks `minimum` and `maximum` (each `(bound, exclusive)`) of a value, if present.
pub fn check_range<T: PartialOrd + fmt::Display>(
    value: Option<T>,
    path: &Path<'_>,
    minimum: Option<(T, bool)>,
    maximum: Option<(T, bool)>,
    violations: &mut Vec<Violation>,
) {
    let Some(value) = value else { return };
    if let Some((min, exclusive)) = minimum
        && (value < min || (exclusive && value == min))
    {
        let rule = if exclusive {
            "greater than"
        } else {
            "at least"
        };
        violations.push(Violation::new(
            path,
            format!("{value} must be {rule} {min}"),
        ));
    }
    if let Some((max, exclusive)) = maximum
        && (value > max || (exclusive && value == max))
    {
        let rule = if exclusive { "less than" } else { "at most" };
        violations.push(Violation::new(
            path,
            format!("{value} must be {rule} {max}"),
        ));
    }
}

/// Checks `minItems` and `maxItems` of an array, if present.
pub fn check_items(
    len: Option<usize>,
    path: &Path<'_>,
    min: Option<usize>,
    max: Option<usize>,
    violations: &mut Vec<Violation>,
) {
    check_count(len, "items", path, min, max, violations);
}

/// Checks `minProperties` and `maxProperties` of a map, if present.
pub fn check_properties(
    len: Option<usize>,
    path: &Path<'_>,
    min: Option<usize>,
    max: Option<usize>,
    violations: &mut Vec<Violation>,
) {
    check_count(len, "properties", path, min, max, violations);
}

/// A count of `what` (items, properties) within its bounds.
fn check_count(
    len: Option<usize>,
    what: &str,
    path: &Path<'_>,
    min: Option<usize>,
    max: Option<usize>,
    violations: &mut Vec<Violation>,
) {
    let Some(len) = len else { return };
    if min.is_some_and(|min| len < min) || max.is_some_and(|max| len > max) {
        let bounds = match (min, max) {
            (Some(min), Some(max)) => format!("between {min} and {max}"),
            (Some(min), None) => format!("at least {min}"),
            (None, Some(max)) => format!("at most {max}"),
            (None, None) => return,
        };
        violations.push(Violation::new(
            path,
            format!("has {len} {what}; it must have {bounds}"),
        ));
    }
}

/// Checks `uniqueItems: true`: no two items of the array are equal.
pub fn check_unique<T: PartialEq>(
    items: Option<&[T]>,
    path: &Path<'_>,
    violations: &mut Vec<Violation>,
) {
    let Some(items) = items else { return };
    let repeated = items.iter().enumerate().find_map(|(i, item)| {
        items[..i]
            .iter()
            .position(|earlier| earlier == item)
            .map(|e| (e, i))
    });
    if let Some((first, second)) = repeated {
        violations.push(Violation::new(
            path,
            format!("items {first} and {second} are equal; the items must be unique"),
        ));
    }
}

/// A number that `multipleOf` can divide exactly: integers and exact decimals.
pub trait MultipleOf: Copy + fmt::Display {
    /// Whether `self` is an integer multiple of `divisor`.
    fn is_multiple_of(self, divisor: Self) -> bool;
}

impl MultipleOf for i64 {
    fn is_multiple_of(self, divisor: Self) -> bool {
        divisor == 0 || self.checked_rem(divisor).is_none_or(|rest| rest == 0)
    }
}

impl MultipleOf for rust_decimal::Decimal {
    fn is_multiple_of(self, divisor: Self) -> bool {
        divisor.is_zero() || self.checked_rem(divisor).is_none_or(|rest| rest.is_zero())
    }
}

impl MultipleOf for f64 {
    /// Binary floating point cannot hold most decimal divisors exactly (0.1), so the quotient
    /// is allowed to miss an integer by rounding error alone.
    fn is_multiple_of(self, divisor: Self) -> bool {
        if divisor == 0.0 {
            return true;
        }
        let quotient = self / divisor;
        (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
    }
}

/// Checks `multipleOf` of a value, if present.
pub fn check_multiple_of<T: MultipleOf>(
    value: Option<T>,
    path: &Path<'_>,
    divisor: Option<T>,
    violations: &mut Vec<Violation>,
) {
    let (Some(value), Some(divisor)) = (value, divisor) else {
        return;
    };
    if !value.is_multiple_of(divisor) {
        violations.push(Violation::new(
            path,
            format!("{value} must be a multiple of {divisor}"),
        ));
    }
}

/// Checks a content type the caller names for a body whose spec gives only a range
/// (`image/*`): it must be a media type in that range, and fit in a header.
pub fn check_content_type(value: &str, range: &'static str, violations: &mut Vec<Violation>) {
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let fits = match essence.split_once('/') {
        Some((top, sub)) if !top.is_empty() && !sub.is_empty() && !essence.contains('*') => {
            match range.split_once('/') {
                Some(("*", _)) | None => true,
                Some((range_top, "*")) => top == range_top,
                Some(_) => essence == range,
            }
        }
        _ => false,
    };
    if !fits || value.contains(['\r', '\n']) {
        violations.push(Violation::new(
            "Content-Type",
            format!("`{value}` is not a media type in `{range}`"),
        ));
    }
}

#[cfg(test)]
mod constraint_tests {
    use super::*;

    #[test]
    fn unique_items_names_the_first_repeat() {
        let order = Path::Root.field("order");
        let ids = order.field("ids");
        let mut violations = Vec::new();
        check_unique(Some(&[1, 2, 3][..]), &ids, &mut violations);
        assert!(violations.is_empty());
        check_unique(Some(&["a", "b", "a"][..]), &ids, &mut violations);
        assert_eq!(violations.len(), 1);
        assert_eq!(
            violations[0].to_string(),
            "order.ids: items 0 and 2 are equal; the items must be unique"
        );
    }

    #[test]
    fn multiple_of_is_exact_for_integers_and_decimals() {
        let (n, d, f) = (
            Path::Root.field("n"),
            Path::Root.field("d"),
            Path::Root.field("f"),
        );
        let mut violations = Vec::new();
        check_multiple_of(Some(10_i64), &n, Some(5), &mut violations);
        check_multiple_of(
            Some(rust_decimal::Decimal::new(30, 2)),
            &d,
            Some(rust_decimal::Decimal::new(1, 2)),
            &mut violations,
        );
        check_multiple_of(Some(0.3_f64), &f, Some(0.1), &mut violations);
        assert!(violations.is_empty(), "{violations:?}");
        check_multiple_of(Some(7_i64), &n, Some(5), &mut violations);
        check_multiple_of(
            Some(rust_decimal::Decimal::new(305, 3)),
            &d,
            Some(rust_decimal::Decimal::new(1, 2)),
            &mut violations,
        );
        check_multiple_of(Some(0.35_f64), &f, Some(0.1), &mut violations);
        let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["n", "d", "f"]);
    }

    #[test]
    fn properties_are_counted() {
        let list = [Path::Root.field("items")];
        let tags = list[0].index(3);
        let tags = tags.field("tags");
        let mut violations = Vec::new();
        check_properties(Some(2), &tags, Some(1), Some(2), &mut violations);
        assert!(violations.is_empty());
        check_properties(Some(3), &tags, Some(1), Some(2), &mut violations);
        assert_eq!(
            violations[0].message,
            "has 3 properties; it must have between 1 and 2"
        );
        assert_eq!(violations[0].path, "items[3].tags");
    }
}
