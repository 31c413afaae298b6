//! Stage 2: the OpenAPI document → an intermediate representation named after OpenAPI concepts.
//!
//! Every `$ref` is resolved, every type gets a Rust name, every pattern is translated into the
//! server's dialect, and every example is checked against its schema. Problems are collected, not
//! returned at the first one, so that a spec author sees all of them at once.

use crate::diagnostics::{Diagnostics, join};
use crate::naming::{self, Scope};
use crate::pattern::{self, Dialect, Translated};
use crate::temporal::{self, TemporalFormat};
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, Parameter,
    ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StatusCode, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

mod checks;
mod security;

/// Root extension naming the regex dialect of every `pattern` in the document.
pub(crate) const EXT_PATTERN_DIALECT: &str = "x-pattern-dialect";
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
    /// Sorted by method name.
    pub(crate) operations: Vec<Operation>,
    /// Sorted by scheme name.
    pub(crate) security_schemes: Vec<SecurityScheme>,
    /// The body of an error response, shared by every operation.
    pub(crate) error_type: TypeRef,
    /// Every vendor date/time format in use, for the serde helper modules.
    pub(crate) temporal_formats: BTreeSet<TemporalFormat>,
    /// The credentials a client is built from (`x-credentials`), in document order.
    pub(crate) credentials: Vec<CredentialDef>,
}

/// A credential of `x-credentials`.
#[derive(Debug)]
pub(crate) struct CredentialDef {
    pub(crate) rust: String,
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
    /// A type defined in `types`, by Rust name.
    Named(String),
    /// `format: date-time`: an RFC 3339 timestamp.
    DateTime,
    /// A string that is a secret (`x-secret`).
    Secret,
    /// A vendor date/time format.
    Temporal(TemporalFormat),
}

/// A named type.
#[derive(Debug)]
pub(crate) struct TypeDef {
    pub(crate) name: String,
    pub(crate) doc: String,
    pub(crate) kind: TypeKind,
    /// Where the schema is defined, for diagnostics found after building.
    pub(crate) pointer: String,
}

#[derive(Debug)]
pub(crate) enum TypeKind {
    Struct {
        fields: Vec<Field>,
        envelope: Option<Box<Envelope>>,
        /// `x-error-fields`: wire names of the error's type, message and request id.
        error_fields: Option<[Option<String>; 3]>,
    },
    /// A string enum; unknown values are kept when decoding.
    Enum {
        variants: Vec<Variant>,
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
}

#[derive(Debug)]
pub(crate) struct PatternDef {
    /// The pattern as the spec writes it.
    pub(crate) source: String,
    /// The `regex` source with the dialect's meaning.
    pub(crate) regex: String,
}

#[derive(Debug)]
pub(crate) struct Variant {
    pub(crate) rust: String,
    pub(crate) wire: String,
}

/// A struct field, an operation parameter or a query/header parameter.
#[derive(Debug)]
pub(crate) struct Field {
    pub(crate) rust: String,
    pub(crate) wire: String,
    pub(crate) doc: String,
    pub(crate) ty: TypeRef,
    pub(crate) required: bool,
    pub(crate) checks: Checks,
    /// Personal data (`x-pii`), masked in `Debug`.
    pub(crate) pii: bool,
}

/// Numeric and size constraints checked before a request is sent.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Checks {
    pub(crate) minimum: Option<Bound>,
    pub(crate) maximum: Option<Bound>,
    pub(crate) min_items: Option<usize>,
    pub(crate) max_items: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bound {
    /// The bound as written in the spec, e.g. `5000` or `0.5`.
    pub(crate) literal: String,
    pub(crate) exclusive: bool,
}

/// Which fields of an envelope struct hold the payload and the error.
#[derive(Debug)]
pub(crate) struct Envelope {
    pub(crate) payload: String,
    pub(crate) payload_type: TypeRef,
    pub(crate) payload_required: bool,
    pub(crate) error_wire: String,
    pub(crate) code_wire: Option<String>,
    pub(crate) message_wire: Option<String>,
    pub(crate) success_codes: Vec<i64>,
    pub(crate) error_type: TypeRef,
}

#[derive(Debug)]
pub(crate) struct Operation {
    pub(crate) id: String,
    pub(crate) method_name: String,
    /// Upper case, e.g. `POST`.
    pub(crate) http_method: String,
    pub(crate) path_template: String,
    pub(crate) doc: String,
    pub(crate) path_params: Vec<Field>,
    /// The struct bundling query and header parameters, if there are any.
    pub(crate) params: Option<ParamsStruct>,
    pub(crate) body: Option<Body>,
    pub(crate) response: Response,
    /// Security scheme names whose credentials the call carries.
    pub(crate) security: Vec<String>,
    /// GET, HEAD, OPTIONS, or marked `x-idempotent`: safe to send again.
    pub(crate) idempotent: bool,
}

#[derive(Debug)]
pub(crate) struct ParamsStruct {
    pub(crate) type_name: String,
    /// Wire names of header parameters; the others are query parameters.
    pub(crate) headers: BTreeSet<String>,
}

#[derive(Debug)]
pub(crate) struct Body {
    pub(crate) ty: TypeRef,
    pub(crate) required: bool,
}

#[derive(Debug)]
pub(crate) enum Response {
    /// A success with no body.
    Unit,
    /// The body is the result.
    Plain(TypeRef),
    /// The body is an envelope; the result is its payload.
    Enveloped { envelope: String, payload: TypeRef },
}

#[derive(Debug)]
pub(crate) struct SecurityScheme {
    pub(crate) name: String,
    pub(crate) setter: String,
    pub(crate) doc: String,
    pub(crate) kind: SecurityKind,
}

#[derive(Debug)]
pub(crate) enum SecurityKind {
    Bearer {
        token: Option<Box<TokenSource>>,
    },
    ApiKeyHeader {
        header: String,
        /// The `x-credentials` entry (Rust name) it sends, if declared.
        credential: Option<String>,
    },
}

/// How the client obtains a bearer token itself (`x-token`).
#[derive(Debug)]
pub(crate) struct TokenSource {
    /// The token operation's method name.
    pub(crate) method: String,
    /// Its request body type.
    pub(crate) body_type: String,
    /// Body fields (Rust name, required) filled from credentials (Rust name).
    pub(crate) inputs: Vec<(String, bool, String)>,
    /// The response field holding the token (Rust name, required, string or secret type).
    pub(crate) token: (String, bool, TypeRef),
    /// The response field holding the expiry (Rust name, required, integer type), and its unit.
    pub(crate) expiry: Option<(String, bool, TypeRef, String)>,
}

/// Builds the IR, or returns every problem found.
pub(crate) fn build(document: &OpenAPI) -> Result<(Api, Diagnostics), Diagnostics> {
    let mut builder = Builder::new(document);
    builder.components();
    let operations = builder.operations();
    let credentials = builder.credentials();
    let security_schemes = builder.security_schemes(&operations, &credentials);
    let error_type = builder.error_type();
    builder.check_types(&operations, &error_type);
    let Builder {
        types,
        diagnostics,
        temporal_formats,
        ..
    } = builder;
    let diagnostics = diagnostics.into_result()?;
    let mut operations = operations;
    operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    let api = Api {
        title: document.info.title.clone(),
        description: document.info.description.clone(),
        version: document.info.version.clone(),
        default_server: document.servers.first().map(|s| s.url.clone()),
        types,
        operations,
        security_schemes,
        error_type,
        temporal_formats,
        credentials,
    };
    Ok((api, diagnostics))
}

/// What a schema becomes: a named definition of its own, or a plain type reference.
enum Shape {
    Def(TypeKind),
    Plain(TypeRef),
}

struct Builder<'a> {
    document: &'a OpenAPI,
    dialect: Dialect,
    diagnostics: Diagnostics,
    types: BTreeMap<String, TypeDef>,
    type_names: Scope,
    patterns: BTreeMap<String, Result<Translated, Vec<String>>>,
    temporal_formats: BTreeSet<TemporalFormat>,
    /// Error body types seen on error responses and envelopes, with where they were seen.
    error_types: BTreeMap<TypeRef, String>,
}

impl<'a> Builder<'a> {
    fn new(document: &'a OpenAPI) -> Self {
        let mut diagnostics = Diagnostics::default();
        let dialect = match document.extensions.get(EXT_PATTERN_DIALECT) {
            None => Dialect::Ecma262,
            Some(Value::String(name)) => Dialect::parse(name).unwrap_or_else(|| {
                diagnostics.push(
                    join("#", EXT_PATTERN_DIALECT),
                    format!("unknown pattern dialect `{name}`: expected `ecma262` or `java`"),
                );
                Dialect::Ecma262
            }),
            Some(other) => {
                diagnostics.push(
                    join("#", EXT_PATTERN_DIALECT),
                    format!("expected a string (`ecma262` or `java`), found `{other}`"),
                );
                Dialect::Ecma262
            }
        };
        Builder {
            document,
            dialect,
            diagnostics,
            types: BTreeMap::new(),
            type_names: Scope::default(),
            patterns: BTreeMap::new(),
            temporal_formats: BTreeSet::new(),
            error_types: BTreeMap::new(),
        }
    }

    fn components(&mut self) {
        let Some(components) = &self.document.components else {
            return;
        };
        for (name, schema) in &components.schemas {
            let pointer = join("#/components/schemas", name);
            let rust = naming::type_name(name);
            if !self
                .type_names
                .claim(&rust, name, &pointer, &mut self.diagnostics)
            {
                continue;
            }
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.reference(reference, &pointer);
                    let doc = format!("Another name for the `{name}` schema.");
                    self.insert(rust, doc, TypeKind::Alias(target), &pointer);
                }
                ReferenceOr::Item(schema) => {
                    let doc = doc_of(schema, &format!("The `{name}` schema."));
                    let kind = match self.shape(schema, &rust, &pointer) {
                        Shape::Def(kind) => kind,
                        Shape::Plain(ty) => TypeKind::Alias(ty),
                    };
                    self.insert(rust, doc, kind, &pointer);
                }
            }
        }
    }

    fn insert(&mut self, name: String, doc: String, kind: TypeKind, pointer: &str) {
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
    fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let schemas = self.document.components.as_ref().map(|c| &c.schemas);
        match reference.strip_prefix("#/components/schemas/") {
            Some(name) if schemas.is_some_and(|s| s.contains_key(name)) => {
                TypeRef::Named(naming::type_name(name))
            }
            _ => {
                self.diagnostics.push(
                    pointer,
                    format!(
                        "`$ref: {reference}` does not name a schema under #/components/schemas"
                    ),
                );
                TypeRef::Json
            }
        }
    }

    /// Looks up the schema a reference names, for reading its description or checking examples.
    fn resolve<'s>(&self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        let mut current = schema;
        for _ in 0..16 {
            match current {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/schemas/")?;
                    current = self.document.components.as_ref()?.schemas.get(name)?;
                }
            }
        }
        None
    }

    /// The type of a schema in field position; inline schemas that need a definition of their
    /// own are defined under `hint`.
    fn type_ref(&mut self, schema: &ReferenceOr<Schema>, hint: &str, pointer: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => match self.shape(schema, hint, pointer) {
                Shape::Plain(ty) => ty,
                Shape::Def(kind) => {
                    if self
                        .type_names
                        .claim(hint, pointer, pointer, &mut self.diagnostics)
                    {
                        let doc = doc_of(schema, &format!("The value at `{pointer}`."));
                        self.insert(hint.to_owned(), doc, kind, pointer);
                    }
                    TypeRef::Named(hint.to_owned())
                }
            },
        }
    }

    fn boxed_type_ref(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => {
                let schema = ReferenceOr::Item(schema.as_ref().clone());
                self.type_ref(&schema, hint, pointer)
            }
        }
    }

    fn unsupported(&mut self, pointer: &str, feature: &str) {
        self.diagnostics
            .push(pointer, format!("unsupported: {feature}"));
    }

    fn shape(&mut self, schema: &Schema, name: &str, pointer: &str) -> Shape {
        let data = &schema.schema_data;
        if data.nullable {
            self.unsupported(&join(pointer, "nullable"), "`nullable: true`");
        }
        if data.discriminator.is_some() {
            self.unsupported(&join(pointer, "discriminator"), "`discriminator`");
        }
        if let Some(example) = &data.example {
            self.check_example(
                &ReferenceOr::Item(schema.clone()),
                example,
                &join(pointer, "example"),
            );
        }
        let ty = match &schema.schema_kind {
            SchemaKind::Type(ty) => ty,
            SchemaKind::OneOf { .. } => {
                self.unsupported(&join(pointer, "oneOf"), "`oneOf`");
                return Shape::Plain(TypeRef::Json);
            }
            SchemaKind::AllOf { .. } => {
                self.unsupported(&join(pointer, "allOf"), "`allOf`");
                return Shape::Plain(TypeRef::Json);
            }
            SchemaKind::AnyOf { .. } => {
                self.unsupported(&join(pointer, "anyOf"), "`anyOf`");
                return Shape::Plain(TypeRef::Json);
            }
            SchemaKind::Not { .. } => {
                self.unsupported(&join(pointer, "not"), "`not`");
                return Shape::Plain(TypeRef::Json);
            }
            SchemaKind::Any(any) => {
                if any.typ.is_none()
                    && any.properties.is_empty()
                    && any.items.is_none()
                    && any.enumeration.is_empty()
                    && any.pattern.is_none()
                {
                    if any.additional_properties.is_some() {
                        return Shape::Plain(TypeRef::JsonMap);
                    }
                    return Shape::Plain(TypeRef::Json);
                }
                self.unsupported(
                    pointer,
                    "a schema whose keywords do not fit one `type` (give it a single `type`)",
                );
                return Shape::Plain(TypeRef::Json);
            }
        };
        match ty {
            Type::String(string) => self.string_shape(schema, string, pointer),
            Type::Integer(integer) => {
                if !integer.enumeration.is_empty() {
                    self.unsupported(&join(pointer, "enum"), "an integer `enum`");
                }
                Shape::Plain(match &integer.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64)
                    | VariantOrUnknownOrEmpty::Empty => TypeRef::I64,
                    VariantOrUnknownOrEmpty::Unknown(format) => {
                        self.unsupported(
                            &join(pointer, "format"),
                            &format!("integer format `{format}`"),
                        );
                        TypeRef::I64
                    }
                })
            }
            Type::Number(number) => {
                if !number.enumeration.is_empty() {
                    self.unsupported(&join(pointer, "enum"), "a number `enum`");
                }
                Shape::Plain(match &number.format {
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Double) => TypeRef::F64,
                    // Money must not round: a number without a binary floating-point format
                    // is decoded exactly.
                    VariantOrUnknownOrEmpty::Empty => TypeRef::Decimal,
                    VariantOrUnknownOrEmpty::Unknown(format) if format == "decimal" => {
                        TypeRef::Decimal
                    }
                    VariantOrUnknownOrEmpty::Unknown(format) => {
                        self.unsupported(
                            &join(pointer, "format"),
                            &format!("number format `{format}`"),
                        );
                        TypeRef::Decimal
                    }
                })
            }
            Type::Boolean(_) => Shape::Plain(TypeRef::Bool),
            Type::Array(array) => {
                let item = match &array.items {
                    Some(items) => {
                        self.boxed_type_ref(items, &format!("{name}Item"), &join(pointer, "items"))
                    }
                    None => {
                        self.unsupported(pointer, "an array without `items`");
                        TypeRef::Json
                    }
                };
                Shape::Plain(TypeRef::Vec(Box::new(item)))
            }
            Type::Object(object) => {
                if object.properties.is_empty() {
                    return Shape::Plain(match &object.additional_properties {
                        Some(AdditionalProperties::Schema(values)) => {
                            let values = self.type_ref(
                                values,
                                &format!("{name}Value"),
                                &join(pointer, "additionalProperties"),
                            );
                            TypeRef::Map(Box::new(values))
                        }
                        _ => TypeRef::JsonMap,
                    });
                }
                if matches!(
                    object.additional_properties,
                    Some(AdditionalProperties::Schema(_))
                ) {
                    self.unsupported(
                        &join(pointer, "additionalProperties"),
                        "`additionalProperties` with a schema beside `properties`",
                    );
                }
                self.struct_shape(schema, object, name, pointer)
            }
        }
    }

    fn string_shape(
        &mut self,
        schema: &Schema,
        string: &openapiv3::StringType,
        pointer: &str,
    ) -> Shape {
        let datetime_pattern = schema.schema_data.extensions.get(EXT_DATETIME_PATTERN);
        if self.flag(schema, EXT_SECRET, &join(pointer, EXT_SECRET)) {
            let constrained = !string.enumeration.is_empty()
                || string.pattern.is_some()
                || string.min_length.is_some()
                || string.max_length.is_some()
                || datetime_pattern.is_some();
            if constrained {
                self.unsupported(
                    &join(pointer, EXT_SECRET),
                    "`x-secret` on a string with an enum, pattern, length or date format",
                );
            }
            return Shape::Plain(TypeRef::Secret);
        }
        if !string.enumeration.is_empty() {
            return Shape::Def(self.enum_kind(&string.enumeration, pointer));
        }
        if let Some(value) = datetime_pattern {
            let pointer = join(pointer, EXT_DATETIME_PATTERN);
            let Value::String(java) = value else {
                self.diagnostics.push(
                    pointer,
                    "expected a Java date-time pattern such as `yyyy-MM-dd`",
                );
                return Shape::Plain(TypeRef::String);
            };
            return match temporal::parse_java(java) {
                Ok(format) => {
                    self.temporal_formats.insert(format.clone());
                    Shape::Plain(TypeRef::Temporal(format))
                }
                Err(reason) => {
                    self.diagnostics.push(pointer, reason);
                    Shape::Plain(TypeRef::String)
                }
            };
        }
        if string.pattern.is_some() || string.min_length.is_some() || string.max_length.is_some() {
            let pattern = string
                .pattern
                .as_ref()
                .and_then(|source| self.pattern(source, &join(pointer, "pattern")));
            if let (Some(min), Some(max)) = (string.min_length, string.max_length)
                && min > max
            {
                self.diagnostics.push(
                    join(pointer, "minLength"),
                    format!("`minLength` {min} is greater than `maxLength` {max}: no value fits"),
                );
            }
            return Shape::Def(TypeKind::Constrained {
                pattern,
                min_length: string.min_length,
                max_length: string.max_length,
                pii: self.flag(schema, EXT_PII, &join(pointer, EXT_PII)),
            });
        }
        Shape::Plain(match &string.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => {
                match temporal::parse_java("yyyy-MM-dd") {
                    Ok(format) => {
                        self.temporal_formats.insert(format.clone());
                        TypeRef::Temporal(format)
                    }
                    Err(_) => TypeRef::String,
                }
            }
            _ => TypeRef::String,
        })
    }

    /// Translates (once per distinct pattern) and reports problems at `pointer`.
    fn pattern(&mut self, source: &str, pointer: &str) -> Option<PatternDef> {
        let dialect = self.dialect;
        let translated = self
            .patterns
            .entry(source.to_owned())
            .or_insert_with(|| pattern::translate(source, dialect))
            .clone();
        match translated {
            Ok(translated) => {
                if pattern::accepts_everything(&translated) {
                    let how = match dialect {
                        Dialect::Java => "as a whole-value match (Java dialect)",
                        Dialect::Ecma262 => {
                            "as an unanchored search (ECMA-262, JSON Schema's default; declare `x-pattern-dialect: java` if the server matches whole values)"
                        }
                    };
                    self.diagnostics.push(
                        pointer,
                        format!("the pattern accepts every string {how}, so it checks nothing"),
                    );
                }
                Some(PatternDef {
                    source: source.to_owned(),
                    regex: translated.regex,
                })
            }
            Err(reasons) => {
                for reason in reasons {
                    self.diagnostics.push(pointer, reason);
                }
                None
            }
        }
    }

    fn enum_kind(&mut self, values: &[Option<String>], pointer: &str) -> TypeKind {
        let mut scope = Scope::default();
        // The catch-all variant that keeps values this client does not know.
        scope.claim(
            "Unrecognized",
            "(unrecognized values)",
            pointer,
            &mut Diagnostics::default(),
        );
        let mut variants = Vec::new();
        for (index, value) in values.iter().enumerate() {
            let item_pointer = join(&join(pointer, "enum"), &index.to_string());
            let Some(wire) = value else {
                self.unsupported(&item_pointer, "`null` as an enum value");
                continue;
            };
            let rust = naming::variant_name(wire);
            if scope.claim(&rust, wire, &item_pointer, &mut self.diagnostics) {
                variants.push(Variant {
                    rust,
                    wire: wire.clone(),
                });
            }
        }
        TypeKind::Enum { variants }
    }

    fn struct_shape(
        &mut self,
        schema: &Schema,
        object: &openapiv3::ObjectType,
        name: &str,
        pointer: &str,
    ) -> Shape {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for required in &object.required {
            if !object.properties.contains_key(required) {
                self.diagnostics.push(
                    join(pointer, "required"),
                    format!("`{required}` is required but is not among the properties"),
                );
            }
        }
        for (wire, property) in &object.properties {
            let field_pointer = join(&join(pointer, "properties"), wire);
            let rust = naming::field_name(wire);
            if !scope.claim(&rust, wire, &field_pointer, &mut self.diagnostics) {
                continue;
            }
            let hint = format!("{name}{}", naming::type_name(wire));
            let ty = self.boxed_type_ref(property, &hint, &field_pointer);
            let resolved = match property {
                ReferenceOr::Item(schema) => Some(schema.as_ref().clone()),
                ReferenceOr::Reference { reference } => self
                    .resolve(&ReferenceOr::Reference {
                        reference: reference.clone(),
                    })
                    .cloned(),
            };
            let fallback = format!("The `{wire}` field.");
            let doc = resolved
                .as_ref()
                .map_or(fallback.clone(), |s| doc_of(s, &fallback));
            let checks = resolved.as_ref().map(checks_of).unwrap_or_default();
            let items = resolved.as_ref().and_then(|s| match &s.schema_kind {
                SchemaKind::Type(Type::Array(array)) => array.items.as_ref().map(unbox),
                _ => None,
            });
            let items = items.as_ref().and_then(|i| self.resolve(i)).cloned();
            if items.as_ref().is_some_and(|i| {
                let bounds = checks_of(i);
                bounds.minimum.is_some() || bounds.maximum.is_some()
            }) {
                self.unsupported(
                    &join(&field_pointer, "items"),
                    "`minimum`/`maximum` on array items",
                );
            }
            let pii = resolved
                .as_ref()
                .is_some_and(|s| self.flag(s, EXT_PII, &join(&field_pointer, EXT_PII)))
                || items.as_ref().is_some_and(|s| {
                    self.flag(s, EXT_PII, &join(&join(&field_pointer, "items"), EXT_PII))
                });
            fields.push(Field {
                rust,
                wire: wire.clone(),
                doc,
                ty,
                required: object.required.contains(wire),
                checks,
                pii,
            });
        }
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
        })
    }

    /// A boolean vendor extension of a schema; anything but a boolean is reported.
    fn flag(&mut self, schema: &Schema, name: &str, pointer: &str) -> bool {
        match schema.schema_data.extensions.get(name) {
            None => false,
            Some(Value::Bool(value)) => *value,
            Some(other) => {
                self.diagnostics.push(
                    pointer,
                    format!("expected `true` or `false`, found `{other}`"),
                );
                false
            }
        }
    }

    /// `x-error-fields: {type: <property>, message: <property>, requestId: <property>}`.
    fn error_fields(
        &mut self,
        value: &Value,
        fields: &[Field],
        pointer: &str,
    ) -> [Option<String>; 3] {
        let mut names = [None, None, None];
        let Some(map) = value.as_object() else {
            self.diagnostics.push(
                pointer,
                "expected `{type: <property>, message: <property>, requestId: <property>}`",
            );
            return names;
        };
        for (key, named) in map {
            let slot = match key.as_str() {
                "type" => 0,
                "message" => 1,
                "requestId" => 2,
                _ => {
                    self.diagnostics.push(
                        join(pointer, key),
                        format!("unknown key `{key}`: expected `type`, `message` or `requestId`"),
                    );
                    continue;
                }
            };
            match named.as_str() {
                Some(wire) if fields.iter().any(|f| f.wire == wire) => {
                    names[slot] = Some(wire.to_owned());
                }
                _ => self.diagnostics.push(
                    join(pointer, key),
                    format!("`{named}` is not a property of the schema"),
                ),
            }
        }
        names
    }

    /// `x-envelope: {payload, error, code?, message?, successCodes?}`, each naming a property.
    fn envelope(&mut self, value: &Value, fields: &[Field], pointer: &str) -> Option<Envelope> {
        let Some(map) = value.as_object() else {
            self.diagnostics.push(
                pointer,
                "expected `{payload: <property>, error: <property>, code: <property>, message: <property>, successCodes: [<integer>…]}`",
            );
            return None;
        };
        let mut find = |key: &str, required: bool| -> Option<&Field> {
            let at = join(pointer, key);
            match map.get(key) {
                None if required => {
                    self.diagnostics
                        .push(pointer, format!("the envelope needs `{key}`"));
                    None
                }
                None => None,
                Some(Value::String(wire)) => {
                    let found = fields.iter().find(|f| &f.wire == wire);
                    if found.is_none() {
                        self.diagnostics
                            .push(at, format!("`{wire}` is not a property of the schema"));
                    }
                    found
                }
                Some(other) => {
                    self.diagnostics
                        .push(at, format!("expected a property name, found `{other}`"));
                    None
                }
            }
        };
        let payload = find("payload", true);
        let error = find("error", true);
        let code = find("code", false);
        let message = find("message", false);
        for key in map.keys() {
            if !["payload", "error", "code", "message", "successCodes"].contains(&key.as_str()) {
                self.diagnostics
                    .push(join(pointer, key), format!("unknown key `{key}`"));
            }
        }
        let success_codes = match map.get("successCodes") {
            None => Vec::new(),
            Some(Value::Array(codes)) if codes.iter().all(|c| c.as_i64().is_some()) => {
                codes.iter().filter_map(Value::as_i64).collect()
            }
            Some(_) => {
                self.diagnostics
                    .push(join(pointer, "successCodes"), "expected a list of integers");
                Vec::new()
            }
        };
        if !success_codes.is_empty() && code.is_none() {
            self.diagnostics.push(
                join(pointer, "successCodes"),
                "`successCodes` needs `code`, the property that holds the result code",
            );
        }
        let (payload, error) = (payload?, error?);
        self.error_types
            .entry(error.ty.clone())
            .or_insert_with(|| pointer.to_owned());
        Some(Envelope {
            payload: payload.rust.clone(),
            payload_type: payload.ty.clone(),
            payload_required: payload.required,
            error_wire: error.wire.clone(),
            code_wire: code.map(|f| f.wire.clone()),
            message_wire: message.map(|f| f.wire.clone()),
            success_codes,
            error_type: error.ty.clone(),
        })
    }

    /// Checks that an example fits its schema: type, enum, pattern, date-time format, bounds,
    /// required properties. Each mismatch is reported at the example's pointer.
    fn check_example(&mut self, schema: &ReferenceOr<Schema>, value: &Value, pointer: &str) {
        let Some(schema) = self.resolve(schema).cloned() else {
            return;
        };
        let SchemaKind::Type(ty) = &schema.schema_kind else {
            return;
        };
        let problem = |diagnostics: &mut Diagnostics, message: String| {
            diagnostics.push(pointer, format!("the example {message}"));
        };
        match (ty, value) {
            (Type::String(string), Value::String(text)) => {
                if !string.enumeration.is_empty()
                    && !string
                        .enumeration
                        .iter()
                        .any(|v| v.as_deref() == Some(text))
                {
                    problem(
                        &mut self.diagnostics,
                        format!("`{text}` is not one of the enum values"),
                    );
                }
                if let Some(source) = &string.pattern {
                    let dialect = self.dialect;
                    let translated = self
                        .patterns
                        .entry(source.clone())
                        .or_insert_with(|| pattern::translate(source, dialect));
                    if let Ok(translated) = translated
                        && !translated.compiled.is_match(text)
                    {
                        problem(
                            &mut self.diagnostics,
                            format!("`{text}` does not match the pattern `{source}`"),
                        );
                    }
                }
                let length = text.chars().count();
                if string.min_length.is_some_and(|min| length < min)
                    || string.max_length.is_some_and(|max| length > max)
                {
                    problem(
                        &mut self.diagnostics,
                        format!("`{text}` has a length outside `minLength`/`maxLength`"),
                    );
                }
                if let Some(Value::String(java)) =
                    schema.schema_data.extensions.get(EXT_DATETIME_PATTERN)
                    && let Ok(format) = temporal::parse_java(java)
                    && !temporal::looks_like(&format, text)
                {
                    problem(
                        &mut self.diagnostics,
                        format!("`{text}` does not have the date-time form `{java}`"),
                    );
                }
            }
            (Type::Integer(integer), Value::Number(number)) => match number.as_i64() {
                Some(n) => {
                    if integer.minimum.is_some_and(|min| n < min)
                        || integer.maximum.is_some_and(|max| n > max)
                    {
                        problem(
                            &mut self.diagnostics,
                            format!("{n} is outside `minimum`/`maximum`"),
                        );
                    }
                }
                None => problem(&mut self.diagnostics, format!("{number} is not an integer")),
            },
            (Type::Number(number_type), Value::Number(number)) => {
                if let Some(n) = number.as_f64()
                    && (number_type.minimum.is_some_and(|min| n < min)
                        || number_type.maximum.is_some_and(|max| n > max))
                {
                    problem(
                        &mut self.diagnostics,
                        format!("{number} is outside `minimum`/`maximum`"),
                    );
                }
            }
            (Type::Boolean(_), Value::Bool(_)) => {}
            (Type::Array(array), Value::Array(items)) => {
                if let Some(item_schema) = &array.items {
                    let item_schema = unbox(item_schema);
                    for (index, item) in items.iter().enumerate() {
                        self.check_example(&item_schema, item, &join(pointer, &index.to_string()));
                    }
                }
            }
            (Type::Object(object), Value::Object(map)) => {
                for required in &object.required {
                    if object.properties.contains_key(required) && !map.contains_key(required) {
                        problem(
                            &mut self.diagnostics,
                            format!("lacks the required property `{required}`"),
                        );
                    }
                }
                for (key, item) in map {
                    if let Some(property) = object.properties.get(key) {
                        self.check_example(&unbox(property), item, &join(pointer, key));
                    }
                }
            }
            (_, value) => problem(
                &mut self.diagnostics,
                format!("`{value}` does not have the schema's type"),
            ),
        }
    }

    fn operations(&mut self) -> Vec<Operation> {
        let mut operations = Vec::new();
        let mut method_names = Scope::default();
        for (path, item) in self.document.paths.iter() {
            let path_pointer = join("#/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.unsupported(&path_pointer, "a `$ref` path item");
                    continue;
                }
            };
            for (method, operation) in item.iter() {
                let pointer = join(&path_pointer, method);
                let Some(id) = &operation.operation_id else {
                    self.diagnostics.push(
                        &pointer,
                        "the operation has no `operationId`, which names its method",
                    );
                    continue;
                };
                let method_name = naming::field_name(id);
                if naming::CLIENT_METHODS.contains(&method_name.as_str()) {
                    self.diagnostics.push(
                        join(&pointer, "operationId"),
                        format!("`{id}` would be named `{method_name}`, a method every client has; rename the operation"),
                    );
                }
                if !method_names.claim(&method_name, id, &pointer, &mut self.diagnostics) {
                    continue;
                }
                let mut parameters: Vec<(String, &ReferenceOr<Parameter>)> = Vec::new();
                for (i, p) in item.parameters.iter().enumerate() {
                    parameters.push((join(&join(&path_pointer, "parameters"), &i.to_string()), p));
                }
                for (i, p) in operation.parameters.iter().enumerate() {
                    parameters.push((join(&join(&pointer, "parameters"), &i.to_string()), p));
                }
                let op = self.operation(
                    id,
                    method_name,
                    method,
                    path,
                    operation,
                    &parameters,
                    &pointer,
                );
                operations.extend(op);
            }
        }
        operations
    }

    #[allow(clippy::too_many_arguments)] // Each argument is a distinct part of the operation.
    fn operation(
        &mut self,
        id: &str,
        method_name: String,
        method: &str,
        path: &str,
        operation: &openapiv3::Operation,
        parameters: &[(String, &ReferenceOr<Parameter>)],
        pointer: &str,
    ) -> Option<Operation> {
        let type_prefix = naming::type_name(id);
        let mut path_params = Vec::new();
        let mut other_params = Vec::new();
        let mut headers = BTreeSet::new();
        let mut scope = Scope::default();
        // Operation-level parameters override path-level ones of the same name and location.
        let mut by_key: BTreeMap<(String, String), (String, &Parameter)> = BTreeMap::new();
        for (param_pointer, parameter) in parameters {
            let Some(parameter) = component(
                parameter,
                "parameters",
                self.document.components.as_ref().map(|c| &c.parameters),
                param_pointer,
                &mut self.diagnostics,
            ) else {
                continue;
            };
            let location = match parameter {
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Path { .. } => "path",
                Parameter::Cookie { .. } => "cookie",
            };
            let name = parameter.parameter_data_ref().name.clone();
            by_key.insert(
                (location.to_owned(), name),
                (param_pointer.clone(), parameter),
            );
        }
        let mut ordered: Vec<_> = by_key.into_values().collect();
        ordered.sort_by(|a, b| a.0.cmp(&b.0));
        for (param_pointer, parameter) in ordered {
            let data = parameter.parameter_data_ref();
            let rust = match parameter {
                Parameter::Path { .. } => naming::path_parameter_name(&data.name),
                _ => naming::field_name(&data.name),
            };
            if let Parameter::Header { .. } = parameter {
                self.check_header_name(&data.name, &join(&param_pointer, "name"));
            }
            if !scope.claim(&rust, &data.name, &param_pointer, &mut self.diagnostics) {
                continue;
            }
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    self.unsupported(&param_pointer, "a parameter described by `content`");
                    continue;
                }
            };
            let schema_pointer = join(&param_pointer, "schema");
            let hint = format!("{type_prefix}{}", naming::type_name(&data.name));
            let ty = self.type_ref(schema, &hint, &schema_pointer);
            if !self.is_scalar(&ty) {
                self.unsupported(
                    &schema_pointer,
                    "a parameter that is not a single scalar value (string, number, boolean or string enum)",
                );
            }
            if let Some(example) = &data.example {
                self.check_example(schema, example, &join(&param_pointer, "example"));
            }
            let resolved = self.resolve(schema).cloned();
            let checks = resolved.as_ref().map(checks_of).unwrap_or_default();
            let pii = resolved
                .as_ref()
                .is_some_and(|s| self.flag(s, EXT_PII, &join(&schema_pointer, EXT_PII)));
            let fallback = format!("The `{}` parameter.", data.name);
            let doc = data.description.clone().unwrap_or_else(|| {
                self.resolve(schema)
                    .map_or(fallback.clone(), |s| doc_of(s, &fallback))
            });
            let field = Field {
                rust,
                wire: data.name.clone(),
                doc,
                ty,
                required: data.required,
                checks,
                pii,
            };
            match parameter {
                Parameter::Path { .. } => {
                    if !data.required {
                        self.diagnostics.push(
                            join(&param_pointer, "required"),
                            "a path parameter must be `required: true`",
                        );
                    }
                    path_params.push(field);
                }
                Parameter::Query { .. } => other_params.push(field),
                Parameter::Header { .. } => {
                    headers.insert(data.name.clone());
                    other_params.push(field);
                }
                Parameter::Cookie { .. } => {
                    self.unsupported(&param_pointer, "a cookie parameter");
                }
            }
        }
        self.check_template(path, &path_params, pointer);
        let params = if other_params.is_empty() {
            None
        } else {
            let type_name = format!("{type_prefix}Params");
            let params_pointer = join(pointer, "parameters");
            if self.type_names.claim(
                &type_name,
                &type_name,
                &params_pointer,
                &mut self.diagnostics,
            ) {
                let doc = format!(
                    "Query and header parameters of [`Client::{method_name}`](crate::generated::client::Client::{method_name})."
                );
                self.insert(
                    type_name.clone(),
                    doc,
                    TypeKind::Struct {
                        fields: other_params,
                        envelope: None,
                        error_fields: None,
                    },
                    &params_pointer,
                );
            }
            Some(ParamsStruct { type_name, headers })
        };
        let body = self.request_body(operation, &type_prefix, pointer);
        let response = self.responses(operation, &type_prefix, pointer)?;
        let security = self.operation_security(operation, pointer);
        let marked_idempotent = match operation.extensions.get(EXT_IDEMPOTENT) {
            None => false,
            Some(Value::Bool(flag)) => *flag,
            Some(other) => {
                self.diagnostics.push(
                    join(pointer, EXT_IDEMPOTENT),
                    format!("expected `true` or `false`, found `{other}`"),
                );
                false
            }
        };
        let idempotent = matches!(method, "get" | "head" | "options") || marked_idempotent;
        let doc = [&operation.summary, &operation.description]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n");
        Some(Operation {
            id: id.to_owned(),
            method_name,
            http_method: method.to_ascii_uppercase(),
            path_template: path.to_owned(),
            doc: if doc.is_empty() {
                format!("`{} {path}`", method.to_ascii_uppercase())
            } else {
                doc
            },
            path_params,
            params,
            body,
            response,
            security,
            idempotent,
        })
    }

    /// A header parameter's name must be an HTTP token, and not one that OpenAPI reserves.
    fn check_header_name(&mut self, name: &str, pointer: &str) {
        let token = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
        if !token {
            self.diagnostics
                .push(pointer, format!("`{name}` is not a valid HTTP header name"));
        } else if ["accept", "content-type", "authorization"]
            .contains(&name.to_ascii_lowercase().as_str())
        {
            self.diagnostics.push(
                pointer,
                format!(
                    "OpenAPI ignores a header parameter named `{name}`; the client sets it itself"
                ),
            );
        }
    }

    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match resolve_alias(&self.types, ty) {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Decimal => true,
            TypeRef::Named(name) => matches!(
                self.types.get(name).map(|t| &t.kind),
                Some(TypeKind::Enum { .. } | TypeKind::Constrained { .. })
            ),
            _ => false,
        }
    }

    /// Every `{name}` in the path template must be a path parameter, and vice versa.
    fn check_template(&mut self, path: &str, params: &[Field], pointer: &str) {
        let mut in_template = BTreeSet::new();
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                self.diagnostics
                    .push(pointer, format!("unclosed `{{` in the path `{path}`"));
                return;
            };
            in_template.insert(&rest[start + 1..start + len]);
            rest = &rest[start + len + 1..];
        }
        let declared: BTreeSet<&str> = params.iter().map(|p| p.wire.as_str()).collect();
        for missing in in_template.difference(&declared) {
            self.diagnostics.push(
                pointer,
                format!("the path has `{{{missing}}}` but no path parameter `{missing}`"),
            );
        }
        for extra in declared.difference(&in_template) {
            self.diagnostics.push(
                pointer,
                format!("the path parameter `{extra}` does not appear in the path `{path}`"),
            );
        }
    }

    fn request_body(
        &mut self,
        operation: &openapiv3::Operation,
        type_prefix: &str,
        pointer: &str,
    ) -> Option<Body> {
        let body_pointer = join(pointer, "requestBody");
        let components = self.document.components.as_ref();
        let body = component(
            operation.request_body.as_ref()?,
            "requestBodies",
            components.map(|c| &c.request_bodies),
            &body_pointer,
            &mut self.diagnostics,
        )?;
        let (media_type, media) = self.json_media(&body.content, &body_pointer)?;
        let media_pointer = join(&join(&body_pointer, "content"), media_type);
        let Some(schema) = &media.schema else {
            self.unsupported(&media_pointer, "a request body without a `schema`");
            return None;
        };
        if let Some(example) = &media.example {
            self.check_example(schema, example, &join(&media_pointer, "example"));
        }
        let ty = self.type_ref(
            schema,
            &format!("{type_prefix}Body"),
            &join(&media_pointer, "schema"),
        );
        Some(Body {
            ty,
            required: body.required,
        })
    }

    /// Picks the JSON media type of a body, or reports the media types that are not supported.
    fn json_media<'m>(
        &mut self,
        content: &'m indexmap::IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
    ) -> Option<(&'m str, &'m openapiv3::MediaType)> {
        let found = content.iter().find(|(media_type, _)| is_json(media_type));
        if found.is_none() {
            let listed = content.keys().cloned().collect::<Vec<_>>().join(", ");
            self.unsupported(
                &join(pointer, "content"),
                &format!("a body that is not JSON ({listed})"),
            );
        }
        found.map(|(media_type, media)| (media_type.as_str(), media))
    }

    fn responses(
        &mut self,
        operation: &openapiv3::Operation,
        type_prefix: &str,
        pointer: &str,
    ) -> Option<Response> {
        let responses_pointer = join(pointer, "responses");
        let mut success = None;
        for (status, response) in &operation.responses.responses {
            let (code, is_success) = match status {
                StatusCode::Code(code) => (code.to_string(), (200..300).contains(code)),
                StatusCode::Range(range) => (format!("{range}XX"), *range == 2),
            };
            let response_pointer = join(&responses_pointer, &code);
            let Some(response) = component(
                response,
                "responses",
                self.document.components.as_ref().map(|c| &c.responses),
                &response_pointer,
                &mut self.diagnostics,
            ) else {
                continue;
            };
            if is_success {
                if success.is_none() {
                    success = Some((response, response_pointer));
                }
            } else {
                self.error_body(response, type_prefix, &response_pointer);
            }
        }
        if let Some(default) = &operation.responses.default {
            let response_pointer = join(&responses_pointer, "default");
            if let Some(response) = component(
                default,
                "responses",
                self.document.components.as_ref().map(|c| &c.responses),
                &response_pointer,
                &mut self.diagnostics,
            ) {
                self.error_body(response, type_prefix, &response_pointer);
            }
        }
        let Some((response, response_pointer)) = success else {
            self.diagnostics
                .push(responses_pointer, "the operation has no 2XX response");
            return None;
        };
        if response.content.is_empty() {
            return Some(Response::Unit);
        }
        let (media_type, media) = self.json_media(&response.content, &response_pointer)?;
        let media_pointer = join(&join(&response_pointer, "content"), media_type);
        let Some(schema) = &media.schema else {
            return Some(Response::Unit);
        };
        if let Some(example) = &media.example {
            self.check_example(schema, example, &join(&media_pointer, "example"));
        }
        let ty = self.type_ref(
            schema,
            &format!("{type_prefix}Response"),
            &join(&media_pointer, "schema"),
        );
        if let TypeRef::Named(name) = &ty
            && let Some(TypeDef {
                kind:
                    TypeKind::Struct {
                        envelope: Some(envelope),
                        ..
                    },
                ..
            }) = self.types.get(name)
        {
            return Some(Response::Enveloped {
                envelope: name.clone(),
                payload: envelope.payload_type.clone(),
            });
        }
        Some(Response::Plain(ty))
    }

    fn error_body(&mut self, response: &openapiv3::Response, type_prefix: &str, pointer: &str) {
        if response.content.is_empty() {
            return;
        }
        let Some((media_type, media)) = self.json_media(&response.content, pointer) else {
            return;
        };
        let Some(schema) = &media.schema else {
            return;
        };
        let schema_pointer = join(&join(&join(pointer, "content"), media_type), "schema");
        let ty = self.type_ref(schema, &format!("{type_prefix}Error"), &schema_pointer);
        self.error_types.entry(ty).or_insert(schema_pointer);
    }

    /// The one error body type of the API; an API whose errors differ in shape is refused.
    fn error_type(&mut self) -> TypeRef {
        let mut kinds = self.error_types.iter();
        match (kinds.next(), kinds.next()) {
            (None, _) => TypeRef::Json,
            (Some((ty, _)), None) => ty.clone(),
            (Some((_, first)), Some((_, second))) => {
                let message = format!(
                    "error bodies must share one schema, but `{first}` and `{second}` differ"
                );
                self.diagnostics.push(second.clone(), message);
                TypeRef::Json
            }
        }
    }

    fn operation_security(
        &mut self,
        operation: &openapiv3::Operation,
        pointer: &str,
    ) -> Vec<String> {
        let (requirements, requirements_pointer) = match &operation.security {
            Some(requirements) => (requirements, join(pointer, "security")),
            None => match &self.document.security {
                Some(requirements) => (requirements, "#/security".to_owned()),
                None => return Vec::new(),
            },
        };
        let known = self
            .document
            .components
            .as_ref()
            .map(|c| &c.security_schemes);
        let mut names = Vec::new();
        for requirement in requirements {
            for name in requirement.keys() {
                if !known.is_some_and(|k| k.contains_key(name)) {
                    self.diagnostics.push(
                        &requirements_pointer,
                        format!(
                            "`{name}` is not a security scheme under #/components/securitySchemes"
                        ),
                    );
                } else if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        names
    }
}

/// Follows type aliases to the type they stand for. Alias cycles (reported by the checks) end
/// the walk after a bounded number of steps.
pub(crate) fn resolve_alias<'t>(
    types: &'t BTreeMap<String, TypeDef>,
    ty: &'t TypeRef,
) -> &'t TypeRef {
    let mut current = ty;
    for _ in 0..32 {
        match current {
            TypeRef::Named(name) => match types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(target)) => current = target,
                _ => return current,
            },
            _ => return current,
        }
    }
    current
}

/// Resolves an item, or a `$ref` to `#/components/<section>/<name>`; a reference that names
/// nothing there is reported.
fn component<'c, T>(
    item: &'c ReferenceOr<T>,
    section: &str,
    entries: Option<&'c indexmap::IndexMap<String, ReferenceOr<T>>>,
    pointer: &str,
    diagnostics: &mut Diagnostics,
) -> Option<&'c T> {
    match item {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => {
            let prefix = format!("#/components/{section}/");
            let found = reference
                .strip_prefix(&prefix)
                .and_then(|name| entries?.get(name));
            match found {
                Some(ReferenceOr::Item(item)) => Some(item),
                _ => {
                    diagnostics.push(
                        pointer,
                        format!("`$ref: {reference}` does not name an entry under #/components/{section}"),
                    );
                    None
                }
            }
        }
    }
}

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(schema) => ReferenceOr::Item(schema.as_ref().clone()),
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

fn doc_of(schema: &Schema, fallback: &str) -> String {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
        .unwrap_or_else(|| fallback.to_owned())
}

fn checks_of(schema: &Schema) -> Checks {
    let bound = |value: String, exclusive: bool| Bound {
        literal: value,
        exclusive,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) => Checks {
            minimum: integer
                .minimum
                .map(|v| bound(v.to_string(), integer.exclusive_minimum)),
            maximum: integer
                .maximum
                .map(|v| bound(v.to_string(), integer.exclusive_maximum)),
            ..Checks::default()
        },
        SchemaKind::Type(Type::Number(number)) => Checks {
            minimum: number
                .minimum
                .map(|v| bound(v.to_string(), number.exclusive_minimum)),
            maximum: number
                .maximum
                .map(|v| bound(v.to_string(), number.exclusive_maximum)),
            ..Checks::default()
        },
        SchemaKind::Type(Type::Array(array)) => Checks {
            min_items: array.min_items,
            max_items: array.max_items,
            ..Checks::default()
        },
        _ => Checks::default(),
    }
}
