//! The surface of named types: their kind and contents, the operations that use them, and the
//! fields that hold them.

use super::operations::body_text;
use super::{FieldSurface, field_surface};
use crate::ir::{
    Additional, Api, Envelope, ErrorFields, ErrorVariant, NumberVariant, OneOfVariant, PatternDef,
    Response, ResponseBody, StatusVariant, SuccessStatus, TypeDef, TypeKind, TypeRef, Variant,
};
use std::collections::{BTreeMap, BTreeSet};

/// A named type, with the operations that send it and that read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypeSurface {
    pub(crate) doc: String,
    pub(crate) kind: KindSurface,
    pub(crate) usage: Usage,
    /// The fields (`Owner.wireName`) and parameters (`method(wireName)`) of this type, so that
    /// a change to a type the generator named (`CustomerCreateRequestPinCode`) is shown where
    /// the spec wrote it.
    pub(crate) holders: BTreeSet<String>,
}

/// The operations (by method name) whose requests hold a type, whose success responses do,
/// and whose documented error bodies do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Usage {
    pub(crate) requests: BTreeSet<String>,
    pub(crate) responses: BTreeSet<String>,
    /// Error bodies are read too, but one the client cannot decode is kept as raw text: the
    /// error still comes back, without its typed form.
    pub(crate) errors: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KindSurface {
    Struct {
        /// By wire name.
        fields: BTreeMap<String, FieldSurface>,
        /// The required fields, by wire name, in the order `new` takes them.
        required_order: Vec<String>,
        /// The type of the other properties (`additionalProperties`), if it keeps them.
        additional: Option<TypeRef>,
        /// `x-envelope`, written out: where the payload and error are, and the success codes.
        envelope: Option<String>,
        /// `x-error-fields`, written out.
        error_fields: Option<String>,
    },
    /// String, integer or number enum values, as the wire writes them.
    Enum {
        /// `string`, `integer` or `number`.
        of: &'static str,
        values: BTreeSet<String>,
    },
    /// `oneOf`/`anyOf`: each variant, by Rust variant name.
    OneOf {
        variants: BTreeMap<String, VariantSurface>,
        /// `discriminator.propertyName`.
        discriminator: Option<String>,
    },
    /// A string checked by pattern and length.
    Constrained {
        /// As the spec writes it, and as the server's dialect reads it (a `regex` source).
        pattern: Option<(String, String)>,
        min_length: Option<usize>,
        max_length: Option<usize>,
        pii: bool,
    },
    Alias(TypeRef),
    /// A struct wrapping a collection that holds itself.
    Wrapper(TypeRef),
    /// The success of an operation by status: each variant's status and body, by Rust name.
    Responses {
        variants: BTreeMap<String, String>,
    },
    /// The crate's enum over error schemas: each variant's type, by Rust name.
    Errors {
        variants: BTreeMap<String, TypeRef>,
    },
}

/// A variant of a `oneOf`: its type, and the discriminator values that select it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VariantSurface {
    pub(crate) ty: TypeRef,
    pub(crate) tags: Vec<String>,
}

pub(super) fn from_api(api: &Api) -> BTreeMap<String, TypeSurface> {
    // Parameters structs are reported with their operations.
    let params_structs: BTreeSet<&str> = api
        .operations
        .iter()
        .filter_map(|op| op.params.as_ref().map(|p| p.type_name.as_str()))
        .collect();
    let usage = usage(api);
    let holders = holders(api);
    api.types
        .values()
        .filter(|def| !params_structs.contains(def.name.as_str()))
        .map(|def| {
            let TypeDef {
                name,
                doc,
                kind,
                // Where the spec defines it, for diagnostics.
                pointer: _,
            } = def;
            let surface = TypeSurface {
                doc: doc.clone(),
                kind: kind_surface(kind),
                usage: usage.get(name).cloned().unwrap_or_default(),
                holders: holders.get(name).cloned().unwrap_or_default(),
            };
            (name.clone(), surface)
        })
        .collect()
}

fn kind_surface(kind: &TypeKind) -> KindSurface {
    match kind {
        TypeKind::Struct {
            fields,
            envelope,
            error_fields,
            additional,
        } => KindSurface::Struct {
            fields: fields
                .iter()
                .map(|field| (field.wire.clone(), field_surface(field, "", None)))
                .collect(),
            required_order: fields
                .iter()
                .filter(|f| f.is_constructor_argument())
                .map(|f| f.wire.clone())
                .collect(),
            additional: additional.as_ref().map(
                |Additional {
                     // The name of the map field, fixed by the generator.
                     rust: _,
                     ty,
                 }| ty.clone(),
            ),
            envelope: envelope.as_deref().map(envelope_text),
            error_fields: error_fields.as_ref().map(error_fields_text),
        },
        TypeKind::Enum { variants } => KindSurface::Enum {
            of: "string",
            values: variants
                .iter()
                .map(
                    |Variant {
                         // Made from the value, which is reported.
                         rust: _,
                         wire,
                     }| wire.clone(),
                )
                .collect(),
        },
        TypeKind::NumberEnum { variants, integer } => KindSurface::Enum {
            of: if *integer { "integer" } else { "number" },
            values: variants
                .iter()
                .map(
                    |NumberVariant {
                         // Made from the value, which is reported.
                         rust: _,
                         literal,
                     }| literal.clone(),
                )
                .collect(),
        },
        TypeKind::OneOf {
            variants,
            discriminator,
        } => KindSurface::OneOf {
            variants: variants
                .iter()
                .map(
                    |OneOfVariant {
                         rust,
                         // Documentation, counted with the type's.
                         doc: _,
                         ty,
                         tags,
                     }| {
                        let variant = VariantSurface {
                            ty: ty.clone(),
                            tags: tags.clone(),
                        };
                        (rust.clone(), variant)
                    },
                )
                .collect(),
            discriminator: discriminator.clone(),
        },
        TypeKind::Constrained {
            pattern,
            min_length,
            max_length,
            pii,
        } => KindSurface::Constrained {
            pattern: pattern
                .as_ref()
                .map(|PatternDef { source, regex }| (source.clone(), regex.clone())),
            min_length: *min_length,
            max_length: *max_length,
            pii: *pii,
        },
        TypeKind::Alias(target) => KindSurface::Alias(target.clone()),
        TypeKind::Wrapper(inner) => KindSurface::Wrapper(inner.clone()),
        TypeKind::Responses { variants } => KindSurface::Responses {
            variants: variants
                .iter()
                .map(
                    |StatusVariant {
                         rust,
                         status,
                         body,
                         // Documentation, counted with the type's.
                         doc: _,
                     }| {
                        let status = match status {
                            SuccessStatus::Code(code) => code.to_string(),
                            SuccessStatus::Range => "2XX".to_owned(),
                        };
                        let body = body.as_ref().map_or_else(|| "()".to_owned(), body_text);
                        (rust.clone(), format!("{status} {body}"))
                    },
                )
                .collect(),
        },
        TypeKind::Errors { variants } => KindSurface::Errors {
            variants: variants
                .iter()
                .map(
                    |ErrorVariant {
                         rust,
                         ty,
                         // Follows from the type: whether it is a struct with fields.
                         has_fields: _,
                     }| (rust.clone(), ty.clone()),
                )
                .collect(),
        },
    }
}

fn envelope_text(envelope: &Envelope) -> String {
    let Envelope {
        payload,
        // The payload field's type, which the struct's fields carry.
        payload_type: _,
        payload_required,
        error_wire,
        code_wire,
        message_wire,
        success_codes,
        // The error field's type, which the struct's fields carry.
        error_type: _,
        // Which variant of the crate's error enum the error is: follows from the crate's error
        // type, which is reported on its own.
        error_variant: _,
    } = envelope;
    let mut text = format!(
        "payload in `{payload}`{}, error in `{error_wire}`",
        if *payload_required { "" } else { " (optional)" }
    );
    if let Some(code) = code_wire {
        let codes: Vec<String> = success_codes.iter().map(i64::to_string).collect();
        text.push_str(&format!(
            ", code in `{code}` (success: {})",
            codes.join(", ")
        ));
    }
    if let Some(message) = message_wire {
        text.push_str(&format!(", message in `{message}`"));
    }
    text
}

fn error_fields_text(fields: &ErrorFields) -> String {
    let ErrorFields {
        error_type,
        message,
        request_id,
    } = fields;
    let shown = |name: &Option<String>| {
        name.as_deref()
            .map_or("none".to_owned(), |n| format!("`{n}`"))
    };
    format!(
        "type in {}, message in {}, request id in {}",
        shown(error_type),
        shown(message),
        shown(request_id)
    )
}

/// The fields and parameters that hold each named type, directly or in a collection.
fn holders(api: &Api) -> BTreeMap<String, BTreeSet<String>> {
    let params: BTreeMap<&str, &str> = api
        .operations
        .iter()
        .filter_map(|op| {
            Some((
                op.params.as_ref()?.type_name.as_str(),
                op.method_name.as_str(),
            ))
        })
        .collect();
    let mut holders: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut hold = |ty: &TypeRef, holder: String| {
        if let Some(name) = named(ty) {
            holders.entry(name.to_owned()).or_default().insert(holder);
        }
    };
    for op in &api.operations {
        for field in &op.path_params {
            hold(&field.ty, format!("{}({})", op.method_name, field.wire));
        }
    }
    for def in api.types.values() {
        let Some(fields) = super::operations::struct_fields(def) else {
            continue;
        };
        for field in fields {
            let holder = match params.get(def.name.as_str()) {
                Some(method) => format!("{method}({})", field.wire),
                None => format!("{}.{}", def.name, field.wire),
            };
            hold(&field.ty, holder);
        }
    }
    holders
}

/// The named type a value is, or is a collection of.
fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Map(inner)
        | TypeRef::Vec(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Boxed(inner) => named(inner),
        _ => None,
    }
}

/// Which operations send each named type and which read it, following fields, variants,
/// aliases and collections. Error bodies count as read.
fn usage(api: &Api) -> BTreeMap<String, Usage> {
    let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
    for op in &api.operations {
        let mut sent = Vec::new();
        let mut read = Vec::new();
        sent.extend(op.path_params.iter().map(|f| f.ty.clone()));
        if let Some(params) = &op.params {
            sent.push(TypeRef::Named(params.type_name.clone()));
        }
        let bodies = std::iter::once(op.body.as_ref())
            .chain(op.alternatives.iter().map(|alt| alt.body.as_ref()))
            .flatten();
        sent.extend(bodies.filter_map(|body| body.value_type().cloned()));
        let responses = std::iter::once(&op.response).chain(
            op.alternatives
                .iter()
                .filter_map(|alt| alt.response.as_ref().map(|(r, _)| r)),
        );
        for response in responses {
            read.extend(response_types(response));
        }
        let errors: Vec<TypeRef> = op.errors.iter().map(|case| case.ty.clone()).collect();
        for name in crate::ir::features::reachable(api, &sent) {
            let entry = usage.entry(name).or_default();
            entry.requests.insert(op.method_name.clone());
        }
        for name in crate::ir::features::reachable(api, &read) {
            let entry = usage.entry(name).or_default();
            entry.responses.insert(op.method_name.clone());
        }
        for name in crate::ir::features::reachable(api, &errors) {
            let entry = usage.entry(name).or_default();
            entry.errors.insert(op.method_name.clone());
        }
    }
    usage
}

fn response_types(response: &Response) -> Vec<TypeRef> {
    let json = |body: &ResponseBody| match body {
        ResponseBody::Json(ty) => Some(ty.clone()),
        ResponseBody::Text | ResponseBody::Bytes => None,
    };
    match response {
        Response::Unit => Vec::new(),
        Response::Body(body) => json(body).into_iter().collect(),
        // The statuses without a body read nothing.
        Response::Optional { body, empty: _ } => json(body).into_iter().collect(),
        // The payload is a field of the envelope, reached through it.
        Response::Enveloped {
            envelope,
            payload: _,
        } => vec![TypeRef::Named(envelope.clone())],
        Response::ByStatus(name) => vec![TypeRef::Named(name.clone())],
    }
}
