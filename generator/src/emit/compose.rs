//! Emits `oneOf`/`anyOf` types: an enum with a variant per member and one for values that are
//! none of them.

use super::serde_with::SerdeWith;
use super::{Context, doc, non_exhaustive_enum, resolve_alias, rust_type};
use crate::ir::{Api, OneOfVariant, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn emit_one_of(
    api: &Api,
    def: &TypeDef,
    variants: &[OneOfVariant],
    discriminator: Option<&str>,
) -> TokenStream {
    let docs = doc(&def.doc);
    let name = format_ident!("{}", def.name);
    let items = variants.iter().map(|variant| {
        let docs = doc(&variant.doc);
        let ident = format_ident!("{}", variant.rust);
        let ty = rust_type(&variant.ty, Context::Types);
        let with = serde_helper(api, &variant.ty).map(|helper| {
            let helper = helper.attribute();
            quote!(#[serde(with = #helper)])
        });
        quote! {
            #docs
            #ident(#with #ty),
        }
    });
    let non_exhaustive = non_exhaustive_enum("a schema");
    let decode = match discriminator {
        Some(property) => emit_tagged_decode(api, variants, property),
        None => emit_untagged_decode(api, variants),
    };
    // A variant whose type has nothing to check (and so no `Validate`) passes as it is.
    let validate = variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.rust);
        if api.can_fail(&variant.ty) {
            quote!(Self::#ident(value) => crate::runtime::Validate::validate(value, path, violations),)
        } else {
            quote!(Self::#ident(_) => {})
        }
    });
    let how = match discriminator {
        Some(property) => format!(
            " The `{property}` property says which variant a value is; a value it names no variant for is kept as [`{}::Unrecognized`].",
            def.name
        ),
        None => format!(
            " A value is read as the first variant, in the order the spec lists them, that it fits; one that fits none is kept as [`{}::Unrecognized`].",
            def.name
        ),
    };
    quote! {
        #docs
        #[doc = ""]
        #[doc = #how]
        #non_exhaustive
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#items)*
            /// A value that is none of the variants the spec lists, kept as it came. A request
            /// that carries one is refused before it is sent.
            Unrecognized(crate::runtime::UnknownJson),
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Through a `Value`, which keeps exact numbers (see `crate::runtime::__private::via_value`).
                let value = serde_json::Value::deserialize(deserializer)?;
                #decode
            }
        }

        impl crate::runtime::Validate for #name {
            fn validate(&self, path: &crate::runtime::Path<'_>, violations: &mut Vec<crate::runtime::Violation>) {
                match self {
                    #(#validate)*
                    Self::Unrecognized(value) => crate::runtime::Validate::validate(value, path, violations),
                }
            }
        }
    }
}

/// Decoding a variant's type from `&value`, through its serde helper if it has one.
fn decode_variant(api: &Api, variant: &OneOfVariant) -> TokenStream {
    match serde_helper(api, &variant.ty) {
        Some(helper) => {
            let path = helper.path();
            quote!(#path::deserialize(&value))
        }
        None => {
            let ty = rust_type(&variant.ty, Context::Types);
            quote!(<#ty as serde::Deserialize>::deserialize(&value))
        }
    }
}

fn emit_untagged_decode(api: &Api, variants: &[OneOfVariant]) -> TokenStream {
    let attempts = variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.rust);
        let decode = decode_variant(api, variant);
        quote! {
            if let Ok(decoded) = #decode {
                return Ok(Self::#ident(decoded));
            }
        }
    });
    quote! {
        #(#attempts)*
        Ok(Self::Unrecognized(crate::runtime::UnknownJson::new(value)))
    }
}

fn emit_tagged_decode(api: &Api, variants: &[OneOfVariant], property: &str) -> TokenStream {
    let arms = variants
        .iter()
        .filter(|v| !v.tags.is_empty())
        .map(|variant| {
            let ident = format_ident!("{}", variant.rust);
            let tags = &variant.tags;
            let decode = decode_variant(api, variant);
            quote! {
                Some(#(#tags)|*) => #decode.map(Self::#ident).map_err(serde::de::Error::custom),
            }
        });
    quote! {
        match value.get(#property).and_then(serde_json::Value::as_str) {
            #(#arms)*
            _ => Ok(Self::Unrecognized(crate::runtime::UnknownJson::new(value))),
        }
    }
}

/// The serde module a variant of this type needs, as for a required field.
fn serde_helper<'a>(api: &'a Api, ty: &TypeRef) -> Option<SerdeWith<'a>> {
    super::serde_with::serde_with(api, resolve_alias(api, ty), 0)
}

/// An integer or number enum: a variant per value, and one that keeps values the spec does not
/// list. Number values are compared exactly, as decimals (`1.50` is `1.5`).
pub(super) fn emit_number_enum(
    def: &TypeDef,
    variants: &[crate::ir::NumberVariant],
    integer: bool,
) -> TokenStream {
    let docs = doc(&def.doc);
    let name = format_ident!("{}", def.name);
    let type_name = &def.name;
    let idents: Vec<_> = variants
        .iter()
        .map(|v| format_ident!("{}", v.rust))
        .collect();
    let literals: Vec<&str> = variants.iter().map(|v| v.literal.as_str()).collect();
    let item_docs = literals.iter().map(|literal| format!(" `{literal}`"));
    let (serialize_arms, decode): (Vec<TokenStream>, TokenStream) = if integer {
        let values: Vec<i64> = literals
            .iter()
            .map(|l| l.parse().unwrap_or_default())
            .collect();
        (
            idents
                .iter()
                .zip(&values)
                .map(|(ident, value)| quote!(Self::#ident => serializer.serialize_i64(#value),))
                .collect(),
            quote! {
                match value.as_i64() {
                    #(Some(#values) => Ok(Self::#idents),)*
                    _ if value.is_number() => Ok(Self::Unrecognized(crate::runtime::UnknownJson::new(value))),
                    _ => Err(serde::de::Error::custom(format!("expected a {} value, found {value}", #type_name))),
                }
            },
        )
    } else {
        let parts: Vec<(i128, u32)> = literals
            .iter()
            .map(|l| crate::ir::decimal_parts(l).unwrap_or((0, 0)))
            .collect();
        let decimals: Vec<TokenStream> = parts
            .iter()
            .map(|(mantissa, scale)| quote!(rust_decimal::Decimal::from_i128_with_scale(#mantissa, #scale)))
            .collect();
        (
            idents
                .iter()
                .zip(&decimals)
                .map(|(ident, decimal)| {
                    quote!(Self::#ident => rust_decimal::serde::arbitrary_precision::serialize(&#decimal, serializer),)
                })
                .collect(),
            quote! {
                let Ok(number) = rust_decimal::serde::arbitrary_precision::deserialize(&value) else {
                    return Err(serde::de::Error::custom(format!("expected a {} value, found {value}", #type_name)));
                };
                let number: rust_decimal::Decimal = number;
                #(if number == #decimals {
                    return Ok(Self::#idents);
                })*
                Ok(Self::Unrecognized(crate::runtime::UnknownJson::new(value)))
            },
        )
    };
    let non_exhaustive = non_exhaustive_enum("a value");
    quote! {
        #docs
        #non_exhaustive
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#[doc = #item_docs] #idents,)*
            /// A value the spec does not list, kept as it came. A request that carries one is
            /// refused before it is sent.
            Unrecognized(crate::runtime::UnknownJson),
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(Self::#idents => f.write_str(#literals),)*
                    Self::Unrecognized(value) => write!(f, "{}", value.as_value()),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Unrecognized(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                #decode
            }
        }

        impl crate::runtime::Validate for #name {
            fn validate(&self, path: &crate::runtime::Path<'_>, violations: &mut Vec<crate::runtime::Violation>) {
                if let Self::Unrecognized(value) = self {
                    crate::runtime::Validate::validate(value, path, violations);
                }
            }
        }
    }
}
