//! Emits string enums (which keep unknown values) and constrained strings (which can only be
//! built through validation).

use super::{doc, non_exhaustive_enum};
use crate::ir::{Api, PatternDef, TypeDef, TypeKind, Variant};
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
    let non_exhaustive = non_exhaustive_enum("a value");
    quote! {
        #docs
        ///
        /// A value the server adds after this client was generated decodes as
        /// `Unrecognized` and encodes back unchanged; requests refuse it before sending.
        #non_exhaustive
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

/// A constrained string: an alias of the runtime's `Constrained` for a rule of its own, in
/// `types::rules` (see [`emit_string_rules`]). What a constrained string does is written once,
/// in the runtime; what is particular to this one is its rule.
pub(super) fn emit_constrained(def: &TypeDef) -> TokenStream {
    let docs = doc(&def.doc);
    let name = format_ident!("{}", def.name);
    quote! {
        #docs
        ///
        /// Made only through validation: `new`, `parse`, `TryFrom`, deserialization.
        pub type #name = crate::runtime::__private::Constrained<rules::#name>;
    }
}

/// The module of the rules of every constrained string type, if there are any.
pub(super) fn emit_string_rules(api: &Api) -> TokenStream {
    let rules: Vec<TokenStream> = api
        .types
        .values()
        .filter_map(|def| match &def.kind {
            TypeKind::Constrained {
                pattern,
                min_length,
                max_length,
                pii,
            } => Some(crate::cfg::gated(
                emit_rule(def, pattern.as_ref(), *min_length, *max_length, *pii),
                // A rule is compiled with its type.
                &api.features.of_type(&def.name),
            )),
            _ => None,
        })
        .collect();
    if rules.is_empty() {
        return quote!();
    }
    quote! {
        /// The constraints of each constrained string type, as a rule of its own.
        pub mod rules {
            #(#rules)*
        }
    }
}

/// The rule of one constrained string type: its name, pattern, lengths and whether it is
/// personal data. Only what differs from the trait's defaults is written.
fn emit_rule(
    def: &TypeDef,
    pattern: Option<&PatternDef>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    pii: bool,
) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let type_name = &def.name;
    let mut text = format!("The constraints of [`super::{type_name}`].");
    // The pattern's items (the pattern, and its regex compiled once) come from a runtime
    // macro: one line per rule.
    let pattern = pattern.map(|PatternDef { source, regex }| {
        text.push_str(&format!(" Matched as the server matches: `{regex}`."));
        quote! {
            crate::runtime::__private::string_pattern!(#source, #regex);
        }
    });
    let min = min_length.map(|min| quote!(const MIN_LENGTH: Option<usize> = Some(#min);));
    let max = max_length.map(|max| quote!(const MAX_LENGTH: Option<usize> = Some(#max);));
    let personal = pii.then(|| {
        quote!(
            const PERSONAL: bool = true;
        )
    });
    let docs = doc(&text);
    quote! {
        #docs
        #[derive(Debug)]
        pub struct #name;

        impl crate::runtime::__private::StringRule for #name {
            const NAME: &'static str = #type_name;
            #min
            #max
            #personal
            #pattern
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
