//! Emits string enums (which keep unknown values) and constrained strings (which can only be
//! built through validation).

use super::checks::option_tokens;
use super::doc;
use crate::ir::{PatternDef, TypeDef, Variant};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn emit_enum(def: &TypeDef, variants: &[Variant]) -> TokenStream {
    let docs = doc(&def.doc);
    let name = format_ident!("{}", def.name);
    let type_name = &def.name;
    let idents: Vec<_> = variants
        .iter()
        .map(|v| format_ident!("{}", v.rust))
        .collect();
    let wires: Vec<_> = variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| doc(&format!("`{w}`")));
    let serde = emit_enum_serde(&name, &idents, &wires);
    quote! {
        #docs
        ///
        /// A value the server adds after this client was generated decodes as
        /// `Unrecognized` and encodes back unchanged; requests refuse it before sending.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variant_docs #idents,)*
            /// A value this client does not know, kept exactly as received.
            Unrecognized(crate::runtime::UnknownValue),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #wires,)*
                    Self::Unrecognized(value) => value.as_str(),
                }
            }

            /// Whether the value is one the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unrecognized(_))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Parses only the values the spec lists, so that code cannot make an unknown value.
        impl std::str::FromStr for #name {
            type Err = crate::runtime::UnknownVariant;
            // The error type is named in full: a variant named `Err` would make `Self::Err`
            // ambiguous.
            fn from_str(value: &str) -> Result<Self, crate::runtime::UnknownVariant> {
                match value {
                    #(#wires => Ok(Self::#idents),)*
                    _ => Err(crate::runtime::UnknownVariant::new(#type_name, value)),
                }
            }
        }

        #serde

        impl crate::runtime::Validate for #name {
            fn validate(&self, path: &crate::runtime::Path<'_>, violations: &mut Vec<crate::runtime::Violation>) {
                if let Self::Unrecognized(value) = self {
                    violations.push(crate::runtime::Violation::unknown_value(path, #type_name, value));
                }
            }
        }
    }
}

pub(super) fn emit_constrained(
    def: &TypeDef,
    pattern: Option<&PatternDef>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    pii: bool,
) -> TokenStream {
    let docs = doc(&def.doc);
    let derive_debug = (!pii).then(|| quote!(Debug,));
    let masked_debug = pii.then(|| {
        let type_name = &def.name;
        let name = format_ident!("{}", def.name);
        quote! {
            /// Personal data: `Debug` shows that there is a value, not the value.
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_tuple(#type_name).field(&crate::runtime::MaskedValue).finish()
                }
            }
        }
    });
    let name = format_ident!("{}", def.name);
    let type_name = &def.name;
    let min = option_tokens(min_length);
    let max = option_tokens(max_length);
    let (pattern_const, pattern_check) = match pattern {
        Some(PatternDef { source, regex }) => {
            let const_doc = doc(&format!(
                "The pattern, as the spec writes it. It is matched as the server does:\n`{regex}`."
            ));
            (
                quote! {
                    #const_doc
                    pub const PATTERN: &'static str = #source;
                },
                quote! {
                    static REGEX: std::sync::LazyLock<regex::Regex> =
                        std::sync::LazyLock::new(|| crate::runtime::compile_pattern(#regex));
                    let pattern = Some((&*REGEX, Self::PATTERN));
                },
            )
        }
        None => (quote!(), quote!(let pattern = None;)),
    };
    let conversions = emit_string_conversions(&name);
    quote! {
        #docs
        ///
        /// A value can only be made through validation: [`Self::new`], `TryFrom`, `FromStr`
        /// or deserialization.
        #[derive(Clone, #derive_debug PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
        #[serde(try_from = "String")]
        pub struct #name(String);

        #masked_debug

        impl #name {
            #pattern_const

            /// Checks `value` against the spec's constraints and wraps it.
            pub fn new(value: impl Into<String>) -> Result<Self, crate::runtime::ConstraintError> {
                let value = value.into();
                #pattern_check
                crate::runtime::check_string(#type_name, &value, pattern, #min, #max)?;
                Ok(Self(value))
            }

            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The value, unwrapped.
            pub fn into_inner(self) -> String {
                self.0
            }
        }

        #conversions

        impl crate::runtime::Validate for #name {
            fn validate(&self, _path: &crate::runtime::Path<'_>, _violations: &mut Vec<crate::runtime::Violation>) {}
        }
    }
}

/// The conversions of a constrained string: from text only through validation, to text freely.
fn emit_string_conversions(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl TryFrom<String> for #name {
            type Error = crate::runtime::ConstraintError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for #name {
            type Error = crate::runtime::ConstraintError;
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl std::str::FromStr for #name {
            type Err = crate::runtime::ConstraintError;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> String {
                value.0
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }
    }
}

/// Serde for a string enum: written as its wire value, and read from any string, keeping one
/// the spec does not list.
fn emit_enum_serde(
    name: &proc_macro2::Ident,
    idents: &[proc_macro2::Ident],
    wires: &[&str],
) -> TokenStream {
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(match value.as_str() {
                    #(#wires => Self::#idents,)*
                    _ => Self::Unrecognized(crate::runtime::UnknownValue::new(value)),
                })
            }
        }
    }
}
