//! Every Rust identifier the generator emits is made here.
//!
//! Names come from wire names through heck, then keyword escaping and a fallback for characters
//! that cannot start or appear in an identifier. [`Scope`] reports two wire names that fold to one
//! Rust name, instead of emitting code that does not compile.

use crate::diagnostics::Diagnostics;
use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::BTreeMap;

/// Keywords of Rust 2024 (strict and reserved), which need `r#` in identifier position.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Prelude names that generated code uses unqualified; a schema of that name would shadow
/// them, so its type gets a `Schema` suffix.
const PRELUDE: &[&str] = &[
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Vec",
];

/// Local variables of generated operation methods, which a path parameter must not shadow.
const METHOD_LOCALS: &[&str] = &[
    "body",
    "incoming",
    "content_type",
    "field_path",
    "params",
    "path",
    "request",
    "values",
    "violations",
];

/// Methods every generated client has, which an operation must not be named.
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "base_url",
    "new",
    "with_base_url",
    "with_config",
    "with_credentials",
    "with_http_client",
    "with_request_timeout",
];

/// Replaces characters that cannot appear in an identifier, so that heck sees word breaks. A
/// sign before a number is spelt out, so that `+1` and `-1` (reaction counts, ratings) read
/// `plus_1` and `minus_1` rather than both `1`.
fn clean(raw: &str) -> String {
    let mut chars = raw.chars().peekable();
    let mut out = String::with_capacity(raw.len());
    while let Some(c) = chars.next() {
        let before_digit = chars.peek().is_some_and(char::is_ascii_digit);
        let starts_word = out.is_empty() || out.ends_with('_');
        match c {
            '+' if before_digit && starts_word => out.push_str("plus_"),
            '-' if before_digit && starts_word => out.push_str("minus_"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push('_'),
        }
    }
    out
}

/// `CustomerKeyContactCreateDTO` → `CustomerKeyContactCreateDto`; `1st` → `T1st`.
pub(crate) fn type_name(raw: &str) -> String {
    let mut name = clean(raw).to_upper_camel_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'T');
    }
    reserved_type_name(name)
}

/// A type name made of two type names, e.g. a struct's and a property's: `As` + `Ref` →
/// `AsRefSchema`, since the joined name must not shadow a prelude trait either, and `Self_` +
/// `Params` → `SelfParams`, without the escape that only the single word needed.
pub(crate) fn compound_type_name(prefix: &str, suffix: &str) -> String {
    reserved_type_name(format!(
        "{}{}",
        prefix.trim_end_matches('_'),
        suffix.trim_end_matches('_')
    ))
}

/// Escapes a whole type name that would be a keyword or shadow a prelude name.
fn reserved_type_name(mut name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    if PRELUDE.contains(&name.as_str()) {
        name.push_str("Schema");
    }
    name
}

/// A path parameter's argument name: a field name that does not shadow a local of the method.
pub(crate) fn path_parameter_name(raw: &str) -> String {
    let name = field_name(raw);
    if is_method_local(&name) {
        format!("{name}_value")
    } else {
        name
    }
}

/// Whether `name` is a local variable of generated operation methods: one of a fixed few, or
/// `segment_<n>`, an encoded path segment.
pub(crate) fn is_method_local(name: &str) -> bool {
    let segment = name
        .strip_prefix("segment_")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    segment || METHOD_LOCALS.contains(&name)
}

/// `CLIENT_REQUEST_ABORT` → `ClientRequestAbort`; `""` → `Empty`; `5` → `V5`.
pub(crate) fn variant_name(raw: &str) -> String {
    let name = clean(raw).to_upper_camel_case();
    if name.is_empty() {
        return "Empty".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("V{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    name
}

/// `accountNumber` → `account_number`; `type` → `r#type`; `self` → `self_`.
pub(crate) fn field_name(raw: &str) -> String {
    let mut name = clean(raw).to_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'f');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A module-level name for a serde helper module: `yyyy-MM-dd HH:mm` → `yyyy_mm_dd_hh_mm`.
pub(crate) fn module_name(raw: &str) -> String {
    let name = field_name(raw);
    name.trim_start_matches("r#").to_owned()
}

/// A method name for an operation without `operationId`: the HTTP method, then each literal
/// path segment, then `by_<parameter>` for each path parameter, in path order.
/// `GET /pets/{petId}/toys` → `get_pets_by_pet_id_toys`; `GET /` → `get_root`.
pub(crate) fn derived_operation_name(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            words.push(format!("by_{name}"));
        } else {
            words.push(segment.to_owned());
        }
    }
    if words.len() == 1 {
        words.push("root".to_owned());
    }
    field_name(&words.join("_"))
}

/// A unique module name for each vendor date/time format, from its pattern: `dd-MM-yyyy` and
/// `dd/MM/yyyy` both read `dd_mm_yyyy`, so the second one gets a number.
pub(crate) fn format_module_names(
    formats: std::collections::BTreeSet<crate::temporal::TemporalFormat>,
) -> BTreeMap<crate::temporal::TemporalFormat, String> {
    let mut names = BTreeMap::new();
    let mut taken = std::collections::BTreeSet::new();
    for format in formats {
        let base = module_name(&format.java);
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        names.insert(format, name);
    }
    names
}

/// The cargo feature of a tag: kebab case, ASCII letters, digits and `-` (`Code Scanning` →
/// `code-scanning`), or `tag` if nothing of it is left. Never holds an `_`, which the
/// generator's own features use.
pub(crate) fn feature_name(tag: &str) -> String {
    use heck::ToKebabCase;
    let spaced: String = tag
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let words = spaced.to_kebab_case();
    let name: String = words
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() {
        "tag".to_owned()
    } else {
        name
    }
}

/// Builds an identifier, as a raw identifier where the name is a keyword.
pub(crate) fn ident(name: &str) -> Ident {
    if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Names claimed in one namespace (a module's types, a struct's fields, an enum's variants).
#[derive(Debug, Default)]
pub(crate) struct Scope {
    claimed: BTreeMap<String, String>,
    /// The next suffix to try for each name already taken, so that a thousand names folding
    /// to one cost a thousand steps, not a million.
    next_suffix: BTreeMap<String, usize>,
}

/// The kind of the note made when a name is changed to keep it apart from another.
pub(crate) const COLLISION: &str = "two names that become one Rust name, told apart by a suffix";

impl Scope {
    /// Reserves `rust` for something the generator makes itself, described by `what`.
    pub(crate) fn reserve(&mut self, rust: &str, what: &str) {
        self.claimed.insert(rust.to_owned(), what.to_owned());
    }

    /// Claims `rust` for the element at `pointer`, described by its wire name, and returns the
    /// name it gets. If another element already has `rust`, the element gets the first free
    /// `rust2`, `rust3`, … (`rust_2`, … for snake-case names) and a note names both originals.
    /// Claims are made in document order (name order inside an extension, whose maps are read
    /// sorted), so the same spec always gives the same names.
    pub(crate) fn claim(
        &mut self,
        rust: &str,
        wire: &str,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> String {
        let Some(previous) = self.claimed.get(rust).cloned() else {
            self.claimed.insert(rust.to_owned(), wire.to_owned());
            return rust.to_owned();
        };
        // `Kind` → `Kind2`, but `V1` → `V1_2` and `name` → `name_2`, so the suffix reads apart.
        // An escape for a keyword is not needed once there is a suffix: `self_` → `self_2`,
        // `Self_` → `Self2` (and `Self_2` would break the naming lints).
        let base = rust.trim_end_matches('_');
        let camel = base.starts_with(|c: char| c.is_ascii_uppercase());
        let separator = if camel && !base.ends_with(|c: char| c.is_ascii_digit()) {
            ""
        } else {
            "_"
        };
        let counter = self.next_suffix.entry(rust.to_owned()).or_insert(2);
        let name = loop {
            let candidate = format!("{base}{separator}{counter}");
            *counter += 1;
            if !self.claimed.contains_key(&candidate) {
                break candidate;
            }
        };
        diagnostics.note(
            COLLISION,
            pointer,
            format!(
                "`{wire}` and `{previous}` both become the Rust name `{rust}`, so `{wire}` is named `{name}`"
            ),
        );
        self.claimed.insert(name.clone(), wire.to_owned());
        name
    }
}

/// Names cargo refuses for a package besides keywords: the crates every Rust program can name.
const RESERVED_PACKAGES: &[&str] = &["alloc", "core", "proc_macro", "std", "test"];

/// A package name cargo accepts, made from `raw` (the name of the folder a crate is written
/// to): lower case, each run of characters other than ASCII letters, digits, `-` and `_`
/// (which cargo refuses) or of separators (`__`, which rustc's naming lint refuses in a crate
/// name under `-D warnings`, as it does upper case) one separator, none at either end. A name
/// cargo would still refuse (empty, starting with a digit, a keyword, a crate of the standard
/// library) gets a `client-` prefix.
pub(crate) fn package_name(raw: &str) -> String {
    let mut name = String::with_capacity(raw.len());
    let mut separator = None;
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            if let Some(separator) = separator.take()
                && !name.is_empty()
            {
                name.push(separator);
            }
            name.push(c.to_ascii_lowercase());
        } else if separator.is_none() {
            separator = Some(if c == '_' { '_' } else { '-' });
        }
    }
    let as_ident = name.replace('-', "_");
    let refused = name.is_empty()
        || name.starts_with(|c: char| c.is_ascii_digit())
        || KEYWORDS.contains(&as_ident.as_str())
        || NOT_RAW.contains(&as_ident.as_str())
        || RESERVED_PACKAGES.contains(&as_ident.as_str());
    match (refused, name.is_empty()) {
        (true, true) => "client".to_owned(),
        (true, false) => format!("client-{name}"),
        (false, _) => name,
    }
}

/// The `with_<field>` setter of each named field, in order: the field's name without its `r#`
/// (`r#type` → `with_type`). Field names are unique within a struct, but a name written both with
/// and without `r#` would read the same once the prefix is gone; the later one then gets `_2`,
/// `_3`, …, so that the methods always compile.
pub(crate) fn setter_names<'a>(fields: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::BTreeSet::new();
    fields
        .into_iter()
        .map(|field| {
            let base = format!("with_{}", field.trim_start_matches("r#"));
            let mut name = base.clone();
            let mut suffix = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{suffix}");
                suffix += 1;
            }
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{package_name, setter_names};

    #[test]
    fn a_package_name_that_starts_with_a_digit_gets_a_prefix() {
        assert_eq!(package_name("1panel"), "client-1panel");
    }

    #[test]
    fn package_names_are_lower_case_words_joined_by_one_separator() {
        assert_eq!(package_name("My API__v2.client"), "my-api_v2-client");
        assert_eq!(package_name("pet-store"), "pet-store");
        assert_eq!(package_name("pet_store"), "pet_store");
    }

    #[test]
    fn package_names_cargo_reserves_get_a_prefix() {
        assert_eq!(package_name("test"), "client-test");
        assert_eq!(package_name("Self"), "client-self");
        assert_eq!(package_name("_"), "client");
    }

    #[test]
    fn setters_are_named_after_fields_without_their_raw_prefix() {
        assert_eq!(setter_names(["r#type", "new"]), ["with_type", "with_new"]);
    }

    #[test]
    fn setters_of_fields_that_read_the_same_are_told_apart() {
        assert_eq!(
            setter_names(["type", "r#type", "type_2"]),
            ["with_type", "with_type_2", "with_type_2_2"]
        );
    }
}
