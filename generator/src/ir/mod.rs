//! Stage 2: the OpenAPI document → an intermediate representation named after OpenAPI concepts.
//!
//! Every `$ref` is resolved, every type gets a Rust name, every pattern is translated into the
//! server's dialect, and every example is checked against its schema. Problems are collected, not
//! returned at the first one, so that a spec author sees all of them at once.

use crate::diagnostics::{Diagnostics, join};
use crate::load::SchemaIndex;
use crate::naming::Scope;
use crate::pattern::{Dialect, Translated};
use crate::temporal::TemporalFormat;
use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) use aliases::{
    CollectionLeaves, alias_targets, collection_leaves, read_through_wire, resolve_alias,
};
pub(crate) use exchange::{
    Alternative, Body, BodyKind, ContentType, ErrorCase, ErrorVariant, FilePart, Part, Response,
    ResponseBody, StatusVariant, SuccessStatus,
};
pub(crate) use nesting::deepest as deepest_nesting;
pub(crate) use operations::*;
pub(crate) use pagination::{PageField, PageParam, PageStyle, Pagination};
pub(crate) use satisfiable::EMPTY_ENUM;

mod aliases;
mod annotations;
mod body;
mod checks;
mod composition;
mod discriminator;
mod errors;
mod example;
mod exchange;
mod extensions;
pub(crate) mod features;
mod hierarchy;
mod identical;
mod media;
mod nesting;
mod one_of;
mod operation;
mod operations;
mod pagination;
mod parameter;
mod reference;
mod requirements;
mod response;
mod satisfiable;
mod schema;
mod security;
mod string;
mod token;
mod tuple;
mod untyped;
mod validated;

/// Root extension naming the regex dialect of every `pattern` in the document.
pub(crate) const EXT_PATTERN_DIALECT: &str = "x-pattern-dialect";
/// Root extension: `true` makes spec defects (examples that do not fit their schema, `required`
/// entries that name no property, reserved header parameters) errors instead of warnings.
pub(crate) const EXT_STRICT: &str = "x-strict";
/// Schema extension marking a response envelope: `{payload: <property>, error: <property>}`.
pub(crate) const EXT_ENVELOPE: &str = "x-envelope";
/// String-schema extension giving a vendor date/time format in Java `DateTimeFormatter` notation.
pub(crate) const EXT_DATETIME_PATTERN: &str = "x-datetime-pattern";
/// Property extension: the value is a secret (a key or token), never printed.
pub(crate) const EXT_SECRET: &str = "x-secret";
/// Property (or schema) extension: the value is personal data, masked in `Debug`.
pub(crate) const EXT_PII: &str = "x-pii";
/// Operation extension: sending the operation twice has the effect of sending it once.
pub(crate) const EXT_IDEMPOTENT: &str = "x-idempotent";
/// Error-schema extension naming its type, message and request-id properties.
pub(crate) const EXT_ERROR_FIELDS: &str = "x-error-fields";
/// Root extension declaring the credentials a client is built from.
pub(crate) const EXT_CREDENTIALS: &str = "x-credentials";
/// API-key security-scheme extension naming the credential it sends.
pub(crate) const EXT_CREDENTIAL: &str = "x-credential";
/// Bearer security-scheme extension describing how the client obtains its token.
pub(crate) const EXT_TOKEN: &str = "x-token";

/// The whole API, ready to emit.
#[derive(Debug)]
pub(crate) struct Api {
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) version: String,
    pub(crate) default_server: Option<String>,
    /// Every named type, keyed (and so emitted) by Rust name.
    pub(crate) types: BTreeMap<String, TypeDef>,
    /// Where each alias among the types leads (see [`alias_targets`]).
    pub(crate) aliases: BTreeMap<String, TypeRef>,
    /// Sorted by method name.
    pub(crate) operations: Vec<Operation>,
    /// Sorted by scheme name.
    pub(crate) security_schemes: Vec<SecurityScheme>,
    /// The body of an error response: the spec's one error schema, or an enum over its error
    /// schemas (`TypeKind::Errors`), which each operation picks from by status.
    pub(crate) error_type: TypeRef,
    /// The structs that are error bodies, which implement the runtime's `ErrorBody`.
    pub(crate) error_bodies: BTreeSet<String>,
    /// Every vendor date/time format in use, with the name of its serde helper module.
    pub(crate) temporal_formats: BTreeMap<TemporalFormat, String>,
    /// The credentials a client is built from (`x-credentials`), sorted by name (an
    /// extension's maps are read sorted, so document order is not known).
    pub(crate) credentials: Vec<CredentialDef>,
    /// Each result type that operations page through (`x-pagination`), with what their
    /// declarations say of it, merged: its `Paged` impl reads it.
    pub(crate) paged_types: BTreeMap<String, Pagination>,
    /// The crate's cargo features, one per tag, and what each compiles.
    pub(crate) features: features::Features,
    /// The types whose values `Validate` can refuse (see `validated.rs`); the others get no
    /// `Validate` impl, and nothing calls one for them.
    pub(crate) checked: BTreeSet<String>,
}

impl Api {
    /// Whether values of `ty` can fail `Validate`: whether generated code checks them.
    pub(crate) fn can_fail(&self, ty: &TypeRef) -> bool {
        validated::can_fail(&self.checked, &self.aliases, ty)
    }

    /// Whether the error type is an enum over several error schemas ([`TypeKind::Errors`]).
    pub(crate) fn has_error_enum(&self) -> bool {
        matches!(
            &self.error_type,
            TypeRef::Named(name)
                if matches!(self.types.get(name).map(|d| &d.kind), Some(TypeKind::Errors { .. }))
        )
    }
}

/// A credential of `x-credentials`.
#[derive(Debug)]
pub(crate) struct CredentialDef {
    pub(crate) rust: String,
    /// The name `x-credentials` gives it.
    pub(crate) wire: String,
    pub(crate) env: Option<String>,
    pub(crate) doc: String,
}

/// A reference to a Rust type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    /// `format: uint64`, which holds values past `i64::MAX`.
    U64,
    F32,
    F64,
    /// An exact decimal (`type: number` without `float`/`double` format).
    Decimal,
    /// Any JSON value (a schema with no type).
    Json,
    /// A free-form JSON object.
    JsonMap,
    /// A JSON object whose values follow one schema.
    Map(Box<TypeRef>),
    Vec(Box<TypeRef>),
    /// `nullable: true` (or `null` among the enum values): the value may be `null`.
    Nullable(Box<TypeRef>),
    /// A type defined in `types`, by Rust name.
    Named(String),
    /// A named type behind a pointer, where a struct or enum would otherwise hold itself.
    Boxed(Box<TypeRef>),
    /// `format: date-time`: an RFC 3339 timestamp.
    DateTime,
    /// A string that is a secret (`x-secret`).
    Secret,
    /// A vendor date/time format.
    Temporal(TemporalFormat),
    /// A file of a `multipart/form-data` body (`type: string, format: binary`): bytes with a
    /// file name and a content type.
    File,
    /// A JSON array of fixed length whose positions have types of their own (3.1's
    /// `prefixItems`): a Rust tuple, which serde reads and writes as such an array.
    Tuple(Vec<TypeRef>),
}

/// The extension by which the load stage marks an array read from `prefixItems` as a tuple:
/// its `items` is an `anyOf` of the positions' schemas, in order.
pub(crate) const EXT_TUPLE: &str = "x-codegen-tuple";

/// The longest tuple the generated code can hold (the standard library's trait impls stop at
/// 12 elements).
pub(crate) const MAX_TUPLE: usize = 12;

/// A named type.
#[derive(Debug)]
pub(crate) struct TypeDef {
    pub(crate) name: String,
    pub(crate) doc: String,
    pub(crate) kind: TypeKind,
    /// Where the schema is defined, for diagnostics found after building.
    pub(crate) pointer: String,
}

#[derive(Debug, Clone)]
pub(crate) enum TypeKind {
    Struct {
        fields: Vec<Field>,
        envelope: Option<Box<Envelope>>,
        /// `x-error-fields`: which properties hold the error's type, message and request id.
        error_fields: Option<ErrorFields>,
        /// `additionalProperties` with a schema beside `properties`: the other properties.
        additional: Option<Additional>,
    },
    /// `oneOf`/`anyOf`: a value of one of several types. A value that is none of them is kept
    /// as it came (and refused in a request).
    OneOf {
        variants: Vec<OneOfVariant>,
        /// `discriminator.propertyName`: the property whose value says which variant it is.
        discriminator: Option<String>,
    },
    /// A string enum; unknown values are kept when decoding.
    Enum {
        variants: Vec<Variant>,
    },
    /// An integer or number enum; unknown values are kept when decoding.
    NumberEnum {
        variants: Vec<NumberVariant>,
        /// `type: integer`: the values are `i64`; otherwise exact decimals.
        integer: bool,
    },
    /// A string that can only be built through validation.
    Constrained {
        pattern: Option<PatternDef>,
        min_length: Option<usize>,
        max_length: Option<usize>,
        /// Personal data (`x-pii`), masked in `Debug`.
        pii: bool,
    },
    Alias(TypeRef),
    /// An array or map that holds itself (`A: {type: array, items: {$ref: A}}`): a struct
    /// wrapping it, since a type alias cannot name itself.
    Wrapper(TypeRef),
    /// The success of an operation whose 2XX statuses have bodies of different types: one
    /// variant per documented status.
    Responses {
        variants: Vec<StatusVariant>,
    },
    /// The error bodies of an API whose error schemas differ: one variant per schema.
    Errors {
        variants: Vec<ErrorVariant>,
    },
}

/// `x-error-fields`: wire names of the properties of an error body that hold its parts.
#[derive(Debug, Default, Clone)]
pub(crate) struct ErrorFields {
    pub(crate) error_type: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
}

/// A value of an integer or number enum.
#[derive(Debug, Clone)]
pub(crate) struct NumberVariant {
    pub(crate) rust: String,
    /// The value as the spec writes it, e.g. `2` or `0.5`.
    pub(crate) literal: String,
}

/// The map of a struct's other properties (`additionalProperties` beside `properties`).
#[derive(Debug, Clone)]
pub(crate) struct Additional {
    pub(crate) rust: String,
    /// The type of each value.
    pub(crate) ty: TypeRef,
}

/// A variant of a `oneOf`/`anyOf` type.
#[derive(Debug, Clone)]
pub(crate) struct OneOfVariant {
    pub(crate) rust: String,
    pub(crate) doc: String,
    pub(crate) ty: TypeRef,
    /// The discriminator values that select this variant (empty without a discriminator).
    pub(crate) tags: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct PatternDef {
    /// The pattern as the spec writes it.
    pub(crate) source: String,
    /// The `regex` source with the dialect's meaning.
    pub(crate) regex: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub(crate) rust: String,
    pub(crate) wire: String,
}

/// A struct field, an operation parameter or a query/header parameter.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) rust: String,
    pub(crate) wire: String,
    pub(crate) doc: String,
    pub(crate) ty: TypeRef,
    pub(crate) required: bool,
    pub(crate) checks: Checks,
    /// Personal data (`x-pii`), masked in `Debug`.
    pub(crate) pii: bool,
    /// What the spec says of the value that the client does not act on.
    pub(crate) annotations: Annotations,
    /// The discriminator property of a `oneOf` variant's struct (see `discriminator.rs`): the
    /// tag that `new` fills it with, the first that chooses the variant. Its type, an enum of
    /// that variant's tags, holds any other; `None` for every other field.
    pub(crate) tag: Option<String>,
    /// Where it is defined: the property or parameter (for a struct merged from `allOf`
    /// members, in the member that defines it).
    pub(crate) pointer: String,
}

/// What the spec says of a property or parameter that the client does not act on, but the
/// server does (see `annotations.rs`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Annotations {
    /// `default`, as compact JSON with sorted keys: what the server assumes when the value is
    /// absent.
    pub(crate) default: Option<String>,
    /// `deprecated: true` (on the schema, or on the parameter).
    pub(crate) deprecated: bool,
    /// `readOnly: true`: only the server sends it.
    pub(crate) read_only: bool,
    /// `writeOnly: true`: only the client sends it.
    pub(crate) write_only: bool,
    /// `format`, as written (`int64`, `email`, a vendor's own).
    pub(crate) format: Option<String>,
}

impl Field {
    /// Whether a struct's `new` takes the field as an argument: every required field but a
    /// discriminator tag, which `new` fills in (see [`Field::tag`]).
    pub(crate) fn is_constructor_argument(&self) -> bool {
        self.required && self.tag.is_none()
    }
}

/// Numeric and size constraints checked before a request is sent.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Checks {
    pub(crate) minimum: Option<Bound>,
    pub(crate) maximum: Option<Bound>,
    pub(crate) min_items: Option<usize>,
    pub(crate) max_items: Option<usize>,
    /// `uniqueItems: true`.
    pub(crate) unique_items: bool,
    pub(crate) min_properties: Option<usize>,
    pub(crate) max_properties: Option<usize>,
    /// `multipleOf`, as written (never exclusive).
    pub(crate) multiple_of: Option<Bound>,
    /// `minimum`/`maximum` of an array's items.
    pub(crate) item_minimum: Option<Bound>,
    pub(crate) item_maximum: Option<Bound>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bound {
    /// The bound as written in the spec, e.g. `5000` or `0.5`.
    pub(crate) literal: String,
    pub(crate) exclusive: bool,
}

/// Which fields of an envelope struct hold the payload and the error.
#[derive(Debug, Clone)]
pub(crate) struct Envelope {
    pub(crate) payload: String,
    pub(crate) payload_type: TypeRef,
    pub(crate) payload_required: bool,
    pub(crate) error_wire: String,
    pub(crate) code_wire: Option<String>,
    pub(crate) message_wire: Option<String>,
    pub(crate) success_codes: Vec<i64>,
    pub(crate) error_type: TypeRef,
    /// The variant of the API's [`TypeKind::Errors`] enum that the error is, if the API has
    /// one and the error has a schema of its own.
    pub(crate) error_variant: Option<String>,
}

/// `"-12.345"` → `(-12345, 3)`, the parts of an exact decimal; `None` if `rust_decimal` cannot
/// hold it (a mantissa of more than 96 bits, or more than 28 decimal places).
pub(crate) fn decimal_parts(literal: &str) -> Option<(i128, u32)> {
    let (whole, fraction) = literal.split_once('.').unwrap_or((literal, ""));
    let mantissa: i128 = format!("{whole}{fraction}").parse().ok()?;
    let scale = u32::try_from(fraction.len()).ok()?;
    (scale <= 28 && mantissa.unsigned_abs() < 1u128 << 96).then_some((mantissa, scale))
}

/// Whether the document declares `x-strict: true`.
pub(crate) fn is_strict(document: &OpenAPI) -> bool {
    document.extensions.get(EXT_STRICT) == Some(&Value::Bool(true))
}

/// Builds the IR, or returns every problem found.
pub(crate) fn build(
    document: &OpenAPI,
    index: &SchemaIndex<'_>,
) -> Result<(Api, Diagnostics), Diagnostics> {
    let mut builder = Builder::new(document, index);
    builder.components();
    builder.wrap_recursive_collections();
    // Operations add types, but never aliases: aliases come from components only.
    builder.aliases = alias_targets(&builder.types);
    let mut operations = builder.operations();
    builder.narrow_discriminator_tags();
    // Before boxing, so that a type held through a `Box` is boxed once, where it is kept.
    builder.merge_identical_types(&mut operations);
    builder.box_recursive_fields();
    let credentials = builder.credentials();
    let security_schemes = builder.security_schemes(&operations, &credentials);
    let (error_type, error_bodies) = builder.error_model(&mut operations);
    builder.check_types(&operations);
    let paged_types = builder.pagination(&mut operations);
    let Builder {
        types,
        aliases,
        diagnostics,
        temporal_formats,
        ..
    } = builder;
    let mut diagnostics = diagnostics.into_result()?;
    operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    let checked = validated::checked_types(&types, &aliases);
    let mut api = Api {
        title: document.info.title.clone(),
        description: document.info.description.clone(),
        version: document.info.version.clone(),
        default_server: document.servers.first().map(|s| s.url.clone()),
        types,
        aliases,
        operations,
        security_schemes,
        error_type,
        error_bodies,
        temporal_formats: crate::naming::format_module_names(temporal_formats),
        credentials,
        paged_types,
        features: features::Features::default(),
        checked,
    };
    let tag_pointers = document
        .tags
        .iter()
        .enumerate()
        .map(|(index, tag)| (tag.name.clone(), format!("#/tags/{index}")))
        .collect();
    api.features = features::features(&api, &tag_pointers, &mut diagnostics);
    Ok((api, diagnostics))
}

/// What a schema becomes: a named definition of its own, or a plain type reference.
enum Shape {
    Def(TypeKind),
    Plain(TypeRef),
}

struct Builder<'a> {
    document: &'a OpenAPI,
    /// Every schema of the document by pointer (the load stage's table).
    index: &'a SchemaIndex<'a>,
    dialect: Dialect,
    diagnostics: Diagnostics,
    types: BTreeMap<String, TypeDef>,
    type_names: Scope,
    aliases: BTreeMap<String, TypeRef>,
    /// Components that are `nullable` (or list `null` among their enum values).
    nullable_components: BTreeSet<String>,
    /// The schema each component stands for, references followed.
    component_schemas: BTreeMap<String, Option<&'a openapiv3::Schema>>,
    /// The Rust name of each component schema, by component name.
    component_names: BTreeMap<String, String>,
    patterns: BTreeMap<String, Result<Translated, Vec<String>>>,
    /// The type of each inline schema lowered so far, by pointer.
    inline_types: BTreeMap<String, TypeRef>,
    /// Nested `$ref`s being lowered, to catch one that leads back to itself.
    nested_in_progress: BTreeSet<String>,
    /// How many `allOf` merges are under way, one inside another (see `composition.rs`).
    composition_depth: usize,
    /// The pointers (or references) of the compositions being lowered or expanded, innermost
    /// last (see `composition.rs`).
    composing: Vec<String>,
    /// How many `allOf` merges the document has taken so far (see `composition.rs`).
    merges: usize,
    temporal_formats: BTreeSet<TemporalFormat>,
    /// Error body types seen on error responses and envelopes, with where they were seen.
    error_types: BTreeMap<TypeRef, String>,
    /// The type of each component response's or request body's schema, lowered once, by the
    /// pointer of the schema.
    shared_bodies: BTreeMap<String, TypeRef>,
    /// `x-strict: true`: spec defects are errors.
    strict: bool,
}

impl<'a> Builder<'a> {
    fn new(document: &'a OpenAPI, index: &'a SchemaIndex<'a>) -> Self {
        let mut builder = Builder {
            document,
            index,
            dialect: Dialect::Ecma262,
            diagnostics: Diagnostics::default(),
            strict: false,
            types: BTreeMap::new(),
            type_names: Scope::default(),
            component_names: BTreeMap::new(),
            nullable_components: BTreeSet::new(),
            component_schemas: schema::component_schemas(document),
            aliases: BTreeMap::new(),
            patterns: BTreeMap::new(),
            inline_types: BTreeMap::new(),
            nested_in_progress: BTreeSet::new(),
            composition_depth: 0,
            composing: Vec::new(),
            merges: 0,
            temporal_formats: BTreeSet::new(),
            error_types: BTreeMap::new(),
            shared_bodies: BTreeMap::new(),
        };
        builder.dialect = builder.pattern_dialect();
        builder.strict = builder.strictness();
        builder
    }

    /// `x-pattern-dialect`: a dialect's name. One the generator does not know is refused,
    /// since reading patterns in the wrong dialect checks values wrongly; a value that is not
    /// a string is another tool's.
    fn pattern_dialect(&mut self) -> Dialect {
        match self.document.extensions.get(EXT_PATTERN_DIALECT) {
            None => Dialect::Ecma262,
            Some(Value::String(name)) => Dialect::parse(name).unwrap_or_else(|| {
                self.diagnostics.push(
                    join("#", EXT_PATTERN_DIALECT),
                    format!("unknown pattern dialect `{name}`: expected `ecma262` or `java`"),
                );
                Dialect::Ecma262
            }),
            Some(other) => {
                let ours = "`ecma262` or `java`";
                self.foreign_value(EXT_PATTERN_DIALECT, other, "#/x-pattern-dialect", ours);
                Dialect::Ecma262
            }
        }
    }

    /// `x-strict: true` (see [`is_strict`]); a value that is not a boolean is another tool's.
    fn strictness(&mut self) -> bool {
        match self.document.extensions.get(EXT_STRICT) {
            None => false,
            Some(Value::Bool(strict)) => *strict,
            Some(other) => {
                self.foreign_value(EXT_STRICT, other, "#/x-strict", "`true` or `false`");
                false
            }
        }
    }

    /// The name and fields of the struct a type is, through aliases.
    fn struct_def(&self, ty: &TypeRef) -> Option<(&str, &[Field])> {
        let TypeRef::Named(name) = resolve_alias(&self.aliases, ty) else {
            return None;
        };
        let def = self.types.get(name)?;
        match &def.kind {
            TypeKind::Struct { fields, .. } => Some((&def.name, fields)),
            _ => None,
        }
    }

    /// A defect of the spec that the generator can work around: a warning, or an error in a
    /// strict document.
    fn spec_defect(&mut self, kind: &str, pointer: &str, message: String) {
        let severity = if self.strict {
            crate::diagnostics::Severity::Error
        } else {
            crate::diagnostics::Severity::Warning
        };
        self.diagnostics.add(severity, kind, pointer, message);
    }
}

/// Resolves an item, or a `$ref` to `#/components/<section>/<name>` (through references to
/// references, as far as there are entries), with the last reference followed, which is where
/// the item is; `Err` with the reference if it names nothing there.
fn component<'c, T>(
    item: &'c ReferenceOr<T>,
    section: &str,
    entries: Option<&'c indexmap::IndexMap<String, ReferenceOr<T>>>,
) -> Result<(&'c T, Option<&'c str>), &'c str> {
    let prefix = format!("#/components/{section}/");
    let mut current = item;
    let mut last = None;
    for _ in 0..=entries.map_or(0, indexmap::IndexMap::len) {
        match current {
            ReferenceOr::Item(item) => return Ok((item, last)),
            ReferenceOr::Reference { reference } => {
                current = reference
                    .strip_prefix(&prefix)
                    .and_then(|name| entries?.get(name))
                    .ok_or(reference.as_str())?;
                last = Some(reference.as_str());
            }
        }
    }
    // A chain longer than the entries goes round: it names nothing.
    Err(last.unwrap_or_default())
}

impl Builder<'_> {
    /// Reports a `$ref` to a parameter, request body or response (`what`) that names nothing
    /// under `#/components/<section>`: a spec defect, which the element is left out for
    /// (`instead` says what the client does), or an error for a reference into another
    /// document, which the generator does not read.
    fn dangling_component(
        &mut self,
        reference: &str,
        (section, what): (&str, &str),
        pointer: &str,
        instead: &str,
    ) {
        if !reference.starts_with('#') {
            self.diagnostics.push(
                pointer,
                format!("`$ref: {reference}` does not name an entry under #/components/{section}"),
            );
            return;
        }
        // A reference into an operation names a place, not a component: where it was
        // looked for is the whole document.
        let place = if reference.starts_with("#/paths/") {
            "in this document".to_owned()
        } else {
            format!("under #/components/{section}")
        };
        self.spec_defect(
            "a `$ref` to a parameter, request body or response that does not exist",
            pointer,
            format!("`$ref: {reference}` does not name {what} {place}; {instead}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::component;
    use indexmap::IndexMap;
    use openapiv3::ReferenceOr;

    fn to(name: &str) -> ReferenceOr<u8> {
        ReferenceOr::Reference {
            reference: format!("#/components/things/{name}"),
        }
    }

    fn entries() -> IndexMap<String, ReferenceOr<u8>> {
        IndexMap::from([
            ("A".to_owned(), to("B")),
            ("B".to_owned(), ReferenceOr::Item(7)),
            ("Loop".to_owned(), to("Loop")),
        ])
    }

    /// A reference to a reference is followed to the item, and the item is where the last
    /// reference points.
    #[test]
    fn a_chain_of_references_leads_to_the_item() {
        let entries = entries();
        let start = to("A");
        let found = component(&start, "things", Some(&entries));
        assert_eq!(found, Ok((&7, Some("#/components/things/B"))));
    }

    #[test]
    fn a_reference_to_nothing_or_round_in_a_circle_names_nothing() {
        let entries = entries();
        let missing = to("Missing");
        assert_eq!(
            component(&missing, "things", Some(&entries)),
            Err("#/components/things/Missing")
        );
        assert!(component(&to("Loop"), "things", Some(&entries)).is_err());
        assert!(component(&to("B"), "others", Some(&entries)).is_err());
    }
}
