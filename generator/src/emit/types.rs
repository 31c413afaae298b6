//! Emits `types.rs`: one item per named schema, plus the serde helpers for vendor date formats.

use super::checks::emit_struct_validate;
use super::outcomes::{emit_errors, emit_responses};
use super::serde_with::SerdeWith;
use super::strings::{emit_constrained, emit_enum, emit_string_rules};
use super::{Context, doc, resolve_alias, rust_type};
use crate::cfg::Gate;
use crate::ir::{Additional, Api, Envelope, ErrorFields, Field, TypeDef, TypeKind, TypeRef};
use crate::naming::ident;
use crate::temporal::{TemporalFormat, TemporalKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The top of `types.rs`; each type follows as a part of its own ([`emit_type`]).
pub(super) fn emit_types_head(api: &Api) -> TokenStream {
    let formats = emit_formats(api);
    let rules = emit_string_rules(api);
    quote! {
        //! The schemas of the spec as Rust types.
        #formats
        #rules
    }
}

pub(super) fn emit_type(api: &Api, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct {
            fields,
            envelope,
            error_fields,
            additional,
        } => emit_struct(
            api,
            def,
            fields,
            additional.as_ref(),
            envelope.as_deref(),
            error_fields.as_ref(),
        ),
        TypeKind::OneOf {
            variants,
            discriminator,
        } => super::compose::emit_one_of(api, def, variants, discriminator.as_deref()),
        TypeKind::Enum { variants } => emit_enum(def, variants),
        TypeKind::NumberEnum { variants, integer } => {
            super::compose::emit_number_enum(def, variants, *integer)
        }
        TypeKind::Constrained { .. } => emit_constrained(def),
        TypeKind::Alias(target) => emit_alias(def, target),
        TypeKind::Wrapper(inner) => emit_wrapper(api, def, inner),
        TypeKind::Responses { variants } => emit_responses(def, variants),
        TypeKind::Errors { variants } => emit_errors(def, variants),
    }
}

/// A `time` serde module per vendor format, named after the format, each compiled with the
/// types that use it.
fn emit_formats(api: &Api) -> TokenStream {
    if api.temporal_formats.is_empty() {
        return quote!();
    }
    let (gates, nullable_gates) = format_gates(api);
    let modules = api.temporal_formats.iter().map(|(format, name)| {
        let name = format_ident!("{}", name);
        let ty = match format.kind {
            TemporalKind::Date => quote!(Date),
            TemporalKind::Time => quote!(Time),
            TemporalKind::DateTime => quote!(PrimitiveDateTime),
        };
        let description = &format.description;
        let gate = gates.get(format).cloned().unwrap_or_default().attribute();
        quote! {
            #gate
            crate::runtime::__private::temporal_format!(#name, #ty, #description);
        }
    });
    let nullable = nullable_gates.iter().map(|(format, gate)| {
        let name = format_ident!("{}", api.temporal_formats[*format]);
        let ty = rust_type(&TypeRef::Temporal((*format).clone()), Context::Types);
        let gate = gate.attribute();
        quote! {
            /// For an optional, nullable field: absent, `null` and a value kept apart.
            #gate
            pub mod #name {
                pub fn serialize<S: serde::Serializer>(
                    value: &Option<Option<#ty>>,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    match value {
                        Some(value) => super::super::#name::option::serialize(value, serializer),
                        None => serializer.serialize_none(),
                    }
                }

                pub fn deserialize<'de, D: serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Option<Option<#ty>>, D::Error> {
                    super::super::#name::option::deserialize(deserializer).map(Some)
                }
            }
        }
    });
    let nullable: Vec<_> = nullable.collect();
    let nullable = (!nullable.is_empty()).then(|| {
        let gate = nullable_gates
            .values()
            .fold(Gate::never(), |all, gate| all.union(gate))
            .attribute();
        quote! {
            /// Three-state helpers (absent, `null`, a value) for optional, nullable fields.
            #gate
            pub mod nullable {
                #(#nullable)*
            }
        }
    });
    quote! {
        /// Serde helpers for the vendor date and time formats.
        mod formats {
            #(#modules)*
            #nullable
        }
    }
}

/// When each vendor format's helper is compiled (with any type that names the format), and
/// the same for the three-state helpers of the formats of optional, nullable fields.
fn format_gates(
    api: &Api,
) -> (
    BTreeMap<&TemporalFormat, Gate>,
    BTreeMap<&TemporalFormat, Gate>,
) {
    let mut gates: BTreeMap<&TemporalFormat, Gate> = BTreeMap::new();
    let mut nullable: BTreeMap<&TemporalFormat, Gate> = BTreeMap::new();
    let add = |map: &mut BTreeMap<_, Gate>, format, gate: &Gate| {
        let entry = map.entry(format).or_insert_with(Gate::never);
        *entry = entry.union(gate);
    };
    for def in api.types.values() {
        let gate = api.features.of_type(&def.name);
        for ty in crate::ir::features::references(def) {
            let mut inner = ty;
            while let TypeRef::Map(next)
            | TypeRef::Vec(next)
            | TypeRef::Nullable(next)
            | TypeRef::Boxed(next) = inner
            {
                inner = next;
            }
            if let TypeRef::Temporal(format) = inner {
                add(&mut gates, format, &gate);
            }
        }
        if let TypeKind::Struct { fields, .. } = &def.kind {
            for field in fields {
                if let (TypeRef::Temporal(format), 2) = option_layers(api, field) {
                    add(&mut nullable, format, &gate);
                }
            }
        }
    }
    (gates, nullable)
}

fn emit_alias(def: &TypeDef, target: &TypeRef) -> TokenStream {
    let docs = doc(&def.doc);
    let name = format_ident!("{}", def.name);
    let target = rust_type(target, Context::Types);
    quote! {
        #docs
        pub type #name = #target;
    }
}

/// A struct wrapping an array or map that holds the struct itself, the same on the wire.
/// Unlike an object's struct it is not `#[non_exhaustive]`: an array or map has no properties
/// that a later spec could add, and the wrapped value is built as `Name(items)`.
fn emit_wrapper(api: &Api, def: &TypeDef, inner: &TypeRef) -> TokenStream {
    let docs = doc(&def.doc);
    let name = format_ident!("{}", def.name);
    let validate = api.checked.contains(&def.name).then(|| {
        quote! {
            impl crate::runtime::Validate for #name {
                fn validate(&self, path: &crate::runtime::Path<'_>, violations: &mut Vec<crate::runtime::Violation>) {
                    crate::runtime::Validate::validate(&self.0, path, violations);
                }
            }
        }
    });
    let inner = rust_type(inner, Context::Types);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #inner);

        #validate
    }
}

fn emit_struct(
    api: &Api,
    def: &TypeDef,
    fields: &[Field],
    additional: Option<&Additional>,
    envelope: Option<&Envelope>,
    error_fields: Option<&ErrorFields>,
) -> TokenStream {
    let docs = doc(&def.doc);
    let name = format_ident!("{}", def.name);
    let all_optional = fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let has_pii = fields.iter().any(|f| f.pii);
    let derive_debug = (!has_pii).then(|| quote!(Debug,));
    let debug = has_pii.then(|| emit_masked_debug(&name, fields, additional));
    let field_items = fields.iter().map(emit_field);
    let additional_item = additional.map(|additional| {
        let member = ident(&additional.rust);
        let ty = rust_type(&additional.ty, Context::Types);
        quote! {
            /// The properties the spec does not name, by name.
            pub #member: std::collections::BTreeMap<String, #ty>,
        }
    });
    // A struct with nothing to check gets no `Validate`, and nothing calls one for it.
    let validate = api
        .checked
        .contains(&def.name)
        .then(|| emit_struct_validate(api, &name, fields, additional));
    let envelope = envelope.map(|e| emit_envelope_impl(api, &name, e, fields));
    let error_body = api
        .error_bodies
        .contains(&def.name)
        .then(|| emit_error_body_impl(api, &name, fields, error_fields));
    let serialize = super::serialize::emit_struct_serialize(api, &name, fields, additional);
    let deserialize = super::deserialize::is_decodable(fields)
        .then(|| super::deserialize::emit_struct_deserialize(api, &name, fields, additional));
    let builders = super::builders::emit_builders(api, &name, fields, additional);
    // The vendor may add a property to any schema: `#[non_exhaustive]` makes the new field a
    // non-breaking change, and `new` with the `with_` setters is how callers build values.
    let setters = if fields.iter().any(|f| !f.required) {
        " and its `with_` setters"
    } else {
        ""
    };
    let how_to_build =
        format!(" Build one with [`{name}::new`]{setters}: the struct is `#[non_exhaustive]`,");
    quote! {
        #docs
        #[doc = ""]
        #[doc = #how_to_build]
        #[doc = " so that a field the spec adds later breaks no caller."]
        #[derive(Clone, #derive_debug #default PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_items)*
            #additional_item
        }

        #serialize
        #deserialize
        #builders
        #debug
        #validate
        #envelope
        #error_body
    }
}

/// `Debug` that shows personal-data fields (`x-pii`) only as present or absent.
fn emit_masked_debug(
    name: &proc_macro2::Ident,
    fields: &[Field],
    additional: Option<&Additional>,
) -> TokenStream {
    let type_name = name.to_string();
    let additional = additional.map(|additional| {
        let member = ident(&additional.rust);
        let label = additional.rust.trim_start_matches("r#");
        quote!(.field(#label, &self.#member))
    });
    let entries = fields.iter().map(|field| {
        let member = ident(&field.rust);
        let label = field.rust.trim_start_matches("r#");
        let value = match (field.pii, field.required) {
            (false, _) => quote!(&self.#member),
            (true, true) => quote!(&crate::runtime::__private::MaskedValue),
            (true, false) => quote!(&crate::runtime::__private::Masked(&self.#member)),
        };
        quote!(.field(#label, #value))
    });
    quote! {
        /// Personal data is masked.
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name) #(#entries)* #additional .finish()
            }
        }
    }
}

fn emit_error_body_impl(
    api: &Api,
    name: &proc_macro2::Ident,
    struct_fields: &[Field],
    error_fields: Option<&ErrorFields>,
) -> TokenStream {
    let fields = error_fields.unwrap_or(&ErrorFields {
        error_type: None,
        message: None,
        request_id: None,
    });
    let slot = |wire: &Option<String>| match wire {
        Some(wire) => quote!(Some(#wire)),
        None => quote!(None),
    };
    let error_type = slot(&fields.error_type);
    let message = slot(&fields.message);
    let request_id = slot(&fields.request_id);
    let texts = error_body_texts(api, struct_fields, fields);
    quote! {
        impl crate::runtime::__private::ErrorBody for #name {
            const FIELDS: crate::runtime::__private::ErrorFields = crate::runtime::__private::ErrorFields {
                error_type: #error_type,
                message: #message,
                request_id: #request_id,
            };
            #texts
        }
    }
}

/// `ErrorBody::texts`: the error's type, message and request id as text, borrowed from the
/// decoded value, so that the runtime need neither read them from the body again nor copy them. Only fields that
/// are strings on the wire (a string, a string enum, a constrained string) are read so, as
/// the body has them; for any other, the method is left out, and the runtime's default reads
/// the body.
fn error_body_texts(api: &Api, struct_fields: &[Field], fields: &ErrorFields) -> TokenStream {
    let text = |wire: &Option<String>| -> Option<TokenStream> {
        let Some(wire) = wire else {
            return Some(quote!(None));
        };
        let field = struct_fields.iter().find(|f| &f.wire == wire)?;
        let (base, layers) = option_layers(api, field);
        let member = ident(&field.rust);
        let value = match base {
            TypeRef::String => match layers {
                0 => quote!(Some(self.#member.as_str())),
                1 => quote!(self.#member.as_deref()),
                _ => quote!(self.#member.as_ref().and_then(Option::as_deref)),
            },
            TypeRef::Named(name)
                if matches!(
                    api.types.get(name).map(|d| &d.kind),
                    Some(TypeKind::Enum { .. } | TypeKind::Constrained { .. })
                ) =>
            {
                // Both are written on the wire as `as_str` gives them (an unlisted enum
                // value as it came), so no serializer is needed to read them as text.
                match layers {
                    0 => quote!(Some(self.#member.as_str())),
                    1 => quote!(self.#member.as_ref().map(|v| v.as_str())),
                    _ => {
                        quote!(self.#member.as_ref().and_then(Option::as_ref).map(|v| v.as_str()))
                    }
                }
            }
            _ => return None,
        };
        Some(value)
    };
    let (Some(error_type), Some(message), Some(request_id)) = (
        text(&fields.error_type),
        text(&fields.message),
        text(&fields.request_id),
    ) else {
        return quote!();
    };
    quote! {
        fn texts(&self) -> Option<crate::runtime::__private::ErrorText<'_>> {
            Some(crate::runtime::__private::ErrorText {
                error_type: #error_type,
                message: #message,
                request_id: #request_id,
            })
        }
    }
}

/// A field's value type without its `Option`s, and how many there are around it: none for a
/// required field, one for an optional or a nullable one, two for an optional nullable one.
pub(super) fn option_layers<'a>(api: &'a Api, field: &'a Field) -> (&'a TypeRef, usize) {
    let layers = usize::from(!field.required);
    match resolve_alias(api, &field.ty) {
        TypeRef::Nullable(inner) => (resolve_alias(api, inner), layers + 1),
        other => (other, layers),
    }
}

/// The serde `with` module a field needs, if any.
pub(super) fn field_serde_with<'a>(api: &'a Api, field: &Field) -> Option<SerdeWith<'a>> {
    let (base, layers) = option_layers(api, field);
    super::serde_with::serde_with(api, base, layers)
}

fn emit_field(field: &Field) -> TokenStream {
    let docs = doc(&field.doc);
    let name = ident(&field.rust);
    let inner = rust_type(&field.ty, Context::Types);
    let ty = if field.required {
        inner
    } else {
        quote!(Option<#inner>)
    };
    // The struct's `Serialize` and `Deserialize` are written out (`serialize.rs`,
    // `deserialize.rs`): a field carries no serde attributes.
    quote! {
        #docs
        pub #name: #ty,
    }
}

/// Whether a field holds a multipart body's files.
pub(super) fn is_file(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::File => true,
        TypeRef::Vec(item) => is_file(item),
        _ => false,
    }
}

fn emit_envelope_impl(
    api: &Api,
    name: &proc_macro2::Ident,
    envelope: &Envelope,
    fields: &[Field],
) -> TokenStream {
    let payload_type = rust_type(&envelope.payload_type, Context::Types);
    // Where the API's error schemas differ, the envelope's error is one variant of its enum.
    let (error_type, error_schema) = match (api.has_error_enum(), &envelope.error_variant) {
        (true, Some(variant)) => (
            rust_type(&api.error_type, Context::Types),
            quote!(const ERROR_SCHEMA: Option<&'static str> = Some(#variant);),
        ),
        (true, None) => (rust_type(&api.error_type, Context::Types), quote!()),
        (false, _) => (rust_type(&envelope.error_type, Context::Types), quote!()),
    };
    let payload = ident(&envelope.payload);
    let payload_value = if envelope.payload_required {
        quote!(Some(self.#payload))
    } else {
        quote!(self.#payload)
    };
    let option = |wire: &Option<String>| match wire {
        Some(wire) => quote!(Some(#wire)),
        None => quote!(None),
    };
    let error = &envelope.error_wire;
    let code = option(&envelope.code_wire);
    let message = option(&envelope.message_wire);
    let success_codes = &envelope.success_codes;
    let reports_failure = envelope_reports_failure(api, envelope, fields);
    let into_error = envelope_into_error(api, envelope, fields);
    let into_report = envelope_into_report(api, envelope, fields);
    quote! {
        impl crate::runtime::__private::Envelope for #name {
            type Payload = #payload_type;
            type Error = #error_type;
            const FIELDS: crate::runtime::__private::EnvelopeFields = crate::runtime::__private::EnvelopeFields {
                error: #error,
                code: #code,
                message: #message,
                success_codes: &[#(#success_codes),*],
            };
            #error_schema
            fn into_payload(self) -> Option<Self::Payload> {
                #payload_value
            }
            fn reports_failure(&self) -> bool {
                #reports_failure
            }
            #into_error
            #into_report
        }
    }
}

/// `Envelope::into_report`: the error, result code and message of an envelope that reports a
/// failure, taken from the decoded value, so that the runtime need not read them from the body
/// again. Left out (the runtime's default reads the body) unless the error field holds the
/// error type (see [`envelope_into_error`]), the code is an integer field and the message a
/// string field, where the envelope has them.
fn envelope_into_report(api: &Api, envelope: &Envelope, fields: &[Field]) -> TokenStream {
    let by_wire = |wire: &str| fields.iter().find(|f| f.wire == wire);
    let Some(error) = envelope_error_value(api, envelope, fields) else {
        return quote!();
    };
    let unwrap = |field: &Field, layers: usize| {
        let name = ident(&field.rust);
        match layers {
            0 => quote!(Some(self.#name)),
            1 => quote!(self.#name),
            _ => quote!(self.#name.flatten()),
        }
    };
    let code = match envelope.code_wire.as_deref() {
        None => quote!(None),
        Some(wire) => {
            let Some(field) = by_wire(wire) else {
                return quote!();
            };
            let (base, layers) = option_layers(api, field);
            let code = unwrap(field, layers);
            match base {
                TypeRef::I32 => super::checks::map_option(code, quote!(i64::from)),
                TypeRef::I64 => code,
                TypeRef::U64 => quote!(#code.and_then(|code| i64::try_from(code).ok())),
                _ => return quote!(),
            }
        }
    };
    let message = match envelope.message_wire.as_deref() {
        None => quote!(None),
        Some(wire) => {
            let Some(field) = by_wire(wire) else {
                return quote!();
            };
            let (base, layers) = option_layers(api, field);
            if *base != TypeRef::String {
                return quote!();
            }
            unwrap(field, layers)
        }
    };
    quote! {
        fn into_report(self) -> Result<crate::runtime::__private::EnvelopeReport<Self::Error>, Self> {
            Ok(crate::runtime::__private::EnvelopeReport {
                error: #error,
                code: #code,
                message: #message,
            })
        }
    }
}

/// `Envelope::into_error`, where the envelope's error field holds the envelope's error type
/// (or a variant of the API's error enum): a failure then needs no second decode of the error.
/// Elsewhere the trait's default (`None`) has the runtime decode the error from the body.
fn envelope_into_error(api: &Api, envelope: &Envelope, fields: &[Field]) -> TokenStream {
    let Some(value) = envelope_error_value(api, envelope, fields) else {
        return quote!();
    };
    quote! {
        fn into_error(self) -> Option<Self::Error> {
            #value
        }
    }
}

/// The envelope's error as `Option<Self::Error>`, moved out of `self`, where the error field
/// holds the envelope's error type (or a variant of the API's error enum).
fn envelope_error_value(api: &Api, envelope: &Envelope, fields: &[Field]) -> Option<TokenStream> {
    let field = fields.iter().find(|f| f.wire == envelope.error_wire)?;
    let (base, layers) = option_layers(api, field);
    if base != resolve_alias(api, &envelope.error_type) {
        return None;
    }
    let wrap = match (api.has_error_enum(), &envelope.error_variant) {
        (false, _) => quote!(),
        (true, Some(variant)) => {
            let errors = rust_type(&api.error_type, Context::Types);
            let variant = format_ident!("{}", variant);
            quote!(.map(#errors::#variant))
        }
        (true, None) => return None,
    };
    let name = ident(&field.rust);
    let value = match layers {
        0 => quote!(Some(self.#name)),
        1 => quote!(self.#name),
        _ => quote!(self.#name.flatten()),
    };
    Some(quote!(#value #wrap))
}

/// Whether a decoded envelope carries an error (present and not `null`) or a failure code, as
/// the runtime reads them from a JSON value when the envelope does not decode whole.
fn envelope_reports_failure(api: &Api, envelope: &Envelope, fields: &[Field]) -> TokenStream {
    let by_wire = |wire: &str| fields.iter().find(|f| f.wire == wire);
    let error = match by_wire(&envelope.error_wire) {
        Some(field) => {
            let name = ident(&field.rust);
            match option_layers(api, field).1 {
                0 => quote!(true),
                1 => quote!(self.#name.is_some()),
                _ => quote!(matches!(self.#name, Some(Some(_)))),
            }
        }
        None => quote!(false),
    };
    // Only an integer code is read (as the lenient reading does, with `as_i64`).
    let code = envelope
        .code_wire
        .as_deref()
        .and_then(by_wire)
        .and_then(|field| {
            let (base, layers) = option_layers(api, field);
            let name = ident(&field.rust);
            let code = match layers {
                0 => quote!(Some(self.#name)),
                1 => quote!(self.#name),
                _ => quote!(self.#name.flatten()),
            };
            let code = match base {
                TypeRef::I32 => super::checks::map_option(code, quote!(i64::from)),
                TypeRef::I64 => code,
                TypeRef::U64 => quote!(#code.and_then(|code| i64::try_from(code).ok())),
                _ => return None,
            };
            Some(quote!(|| crate::runtime::__private::is_failure_code(&Self::FIELDS, #code)))
        });
    match code {
        Some(code) => quote!(#error #code),
        None => error,
    }
}
