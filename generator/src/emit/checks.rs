//! Emits the checks a request's values get before sending (`Validate`): nested types,
//! numeric bounds (also on array items), `multipleOf`, item and property counts, uniqueness.

use super::resolve_alias;
use super::types::option_layers;
use crate::ir::{Additional, Api, Checks, Field, TypeRef};
use crate::naming::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// Whether values of this type can fail `Validate` (enums refuse unknown values in requests;
/// structs hold such fields or numeric bounds): only those are checked, and only those
/// implement it.
pub(super) fn can_fail(api: &Api, ty: &TypeRef) -> bool {
    api.can_fail(ty)
}

pub(super) fn emit_struct_validate(
    api: &Api,
    name: &proc_macro2::Ident,
    fields: &[Field],
    additional: Option<&Additional>,
) -> TokenStream {
    let mut checks: Vec<TokenStream> = fields
        .iter()
        .filter_map(|field| emit_field_checks(api, field, quote!(self.)))
        .collect();
    if let Some(additional) = additional.filter(|a| can_fail(api, &a.ty)) {
        let member = ident(&additional.rust);
        checks.push(quote! {
            crate::runtime::Validate::validate(&self.#member, path, violations);
        });
    }
    let (path, violations) = if checks.is_empty() {
        (quote!(_path), quote!(_violations))
    } else {
        (quote!(path), quote!(violations))
    };
    quote! {
        impl crate::runtime::Validate for #name {
            fn validate(&self, #path: &crate::runtime::Path<'_>, #violations: &mut Vec<crate::runtime::Violation>) {
                #(#checks)*
            }
        }
    }
}

/// The checks of one field (or parameter, with `owner` empty), or `None` if it has none.
pub(super) fn emit_field_checks(
    api: &Api,
    field: &Field,
    owner: TokenStream,
) -> Option<TokenStream> {
    let member = ident(&field.rust);
    let wire = &field.wire;
    let value = quote!(#owner #member);
    let mut checks = Vec::new();
    if can_fail(api, &field.ty) {
        checks.push(quote! {
            crate::runtime::Validate::validate(&#value, &field_path, violations);
        });
    }
    if let Some(range) = emit_range_check(api, field, &value) {
        checks.push(range);
    }
    if let Some(multiple) = emit_multiple_of_check(api, field, &value) {
        checks.push(multiple);
    }
    if let Some(items) = emit_item_range_check(api, field, &value) {
        checks.push(items);
    }
    let Checks {
        min_items,
        max_items,
        unique_items,
        min_properties,
        max_properties,
        ..
    } = &field.checks;
    let (base, layers) = option_layers(api, field);
    let is_array = matches!(base, TypeRef::Vec(_));
    let len_method = if is_array {
        quote!(Vec::len)
    } else {
        quote!(|map| map.len())
    };
    let len = match layers {
        0 => quote!(Some(#value.len())),
        1 => quote!(#value.as_ref().map(#len_method)),
        _ => quote!(#value.as_ref().and_then(Option::as_ref).map(#len_method)),
    };
    if is_array && (min_items.is_some() || max_items.is_some()) {
        let min = option_tokens(*min_items);
        let max = option_tokens(*max_items);
        checks.push(quote! {
            crate::runtime::__private::check_items(#len, &field_path, #min, #max, violations);
        });
    }
    if is_array && *unique_items {
        let items = match layers {
            0 => quote!(Some(&#value[..])),
            1 => quote!(#value.as_deref()),
            _ => quote!(#value.as_ref().and_then(Option::as_deref)),
        };
        checks.push(quote! {
            crate::runtime::__private::check_unique(#items, &field_path, violations);
        });
    }
    let is_map = matches!(base, TypeRef::Map(_) | TypeRef::JsonMap);
    if is_map && (min_properties.is_some() || max_properties.is_some()) {
        let min = option_tokens(*min_properties);
        let max = option_tokens(*max_properties);
        checks.push(quote! {
            crate::runtime::__private::check_properties(#len, &field_path, #min, #max, violations);
        });
    }
    if checks.is_empty() {
        return None;
    }
    Some(quote! {
        {
            let field_path = path.field(#wire);
            #(#checks)*
        }
    })
}

pub(super) fn option_tokens(value: Option<usize>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// `minimum`/`maximum` as a call to `check_range`, comparing integers as `i64`, floats as `f64`
/// and decimals exactly.
fn emit_range_check(api: &Api, field: &Field, value: &TokenStream) -> Option<TokenStream> {
    let Checks {
        minimum, maximum, ..
    } = &field.checks;
    if minimum.is_none() && maximum.is_none() {
        return None;
    }
    let (ty, layers) = option_layers(api, field);
    // Bounds on a value the spec made something other than a number (an integer schema whose
    // `enum` lists strings becomes a string enum) have nothing to compare.
    if !is_numeric(ty) {
        return None;
    }
    let option = match layers {
        0 => quote!(Some(#value)),
        1 => quote!(#value),
        _ => quote!(#value.flatten()),
    };
    Some(range_call(
        ty,
        option,
        minimum,
        maximum,
        quote!(&field_path),
    ))
}

/// `minimum`/`maximum` on the items of an array field, each checked at `field[index]`.
fn emit_item_range_check(api: &Api, field: &Field, value: &TokenStream) -> Option<TokenStream> {
    let Checks {
        item_minimum,
        item_maximum,
        ..
    } = &field.checks;
    if item_minimum.is_none() && item_maximum.is_none() {
        return None;
    }
    let (base, layers) = option_layers(api, field);
    let TypeRef::Vec(item) = base else {
        return None;
    };
    let (item, item_option) = match resolve_alias(api, item) {
        TypeRef::Nullable(inner) => (resolve_alias(api, inner), quote!(*item)),
        other => (other, quote!(Some(*item))),
    };
    let items = match layers {
        0 => quote!(Some(&#value[..])),
        1 => quote!(#value.as_deref()),
        _ => quote!(#value.as_ref().and_then(Option::as_deref)),
    };
    let check = range_call(
        item,
        item_option,
        item_minimum,
        item_maximum,
        quote!(&field_path.index(index)),
    );
    Some(quote! {
        if let Some(items) = #items {
            for (index, item) in items.iter().enumerate() {
                #check
            }
        }
    })
}

/// A call to `check_range` on `option` (an `Option` of a value of type `ty`): integers are
/// compared as `i64` (or `u64`), floats as `f64` and decimals exactly.
fn range_call(
    ty: &TypeRef,
    option: TokenStream,
    minimum: &Option<crate::ir::Bound>,
    maximum: &Option<crate::ir::Bound>,
    path: TokenStream,
) -> TokenStream {
    let bound_tokens = |bound: &Option<crate::ir::Bound>| -> TokenStream {
        let Some(bound) = bound else {
            return quote!(None);
        };
        let exclusive = bound.exclusive;
        let literal = match ty {
            TypeRef::I32 | TypeRef::I64 => {
                let n: i64 = bound.literal.parse().unwrap_or_default();
                quote!(#n)
            }
            TypeRef::U64 => {
                // A negative bound on an unsigned value is no bound.
                let n: u64 = bound.literal.parse().unwrap_or_default();
                quote!(#n)
            }
            TypeRef::Decimal => {
                // The IR refuses bounds an exact decimal cannot hold.
                let (mantissa, scale) = crate::ir::decimal_parts(&bound.literal).unwrap_or((0, 0));
                return quote! {
                    rust_decimal::Decimal::try_from_i128_with_scale(#mantissa, #scale)
                        .ok()
                        .map(|bound| (bound, #exclusive))
                };
            }
            _ => {
                let n: f64 = bound.literal.parse().unwrap_or_default();
                quote!(#n)
            }
        };
        quote!(Some((#literal, #exclusive)))
    };
    let min = bound_tokens(minimum);
    let max = bound_tokens(maximum);
    let option = match ty {
        TypeRef::I32 => map_option(option, quote!(i64::from)),
        TypeRef::F32 => map_option(option, quote!(f64::from)),
        _ => option,
    };
    quote! {
        crate::runtime::__private::check_range(#option, #path, #min, #max, violations);
    }
}

/// `multipleOf` as a call to `check_multiple_of`: integers as `i64`, decimals exactly, and
/// floats as `f64` within rounding error.
fn emit_multiple_of_check(api: &Api, field: &Field, value: &TokenStream) -> Option<TokenStream> {
    let bound = field.checks.multiple_of.as_ref()?;
    let (ty, layers) = option_layers(api, field);
    let (divisor, widen) = match ty {
        TypeRef::I32 | TypeRef::I64 => {
            let n: i64 = bound.literal.parse().ok()?;
            let widen = (ty == &TypeRef::I32).then(|| quote!(i64::from));
            (quote!(Some(#n)), widen)
        }
        TypeRef::Decimal => {
            let (mantissa, scale) = crate::ir::decimal_parts(&bound.literal)?;
            (
                quote!(rust_decimal::Decimal::try_from_i128_with_scale(#mantissa, #scale).ok()),
                None,
            )
        }
        TypeRef::F32 | TypeRef::F64 => {
            let n: f64 = bound.literal.parse().ok()?;
            let widen = (ty == &TypeRef::F32).then(|| quote!(f64::from));
            (quote!(Some(#n)), widen)
        }
        _ => return None,
    };
    let option = match layers {
        0 => quote!(Some(#value)),
        1 => quote!(#value),
        _ => quote!(#value.flatten()),
    };
    let option = match widen {
        Some(widen) => map_option(option, widen),
        None => option,
    };
    Some(quote! {
        crate::runtime::__private::check_multiple_of(#option, &field_path, #divisor, violations);
    })
}

/// `option.map(function)`, written `Some(function(value))` when `option` is `Some(value)`,
/// so that the generated code needs no clippy allowance.
pub(super) fn map_option(option: TokenStream, function: TokenStream) -> TokenStream {
    let trees: Vec<proc_macro2::TokenTree> = option.clone().into_iter().collect();
    if let [
        proc_macro2::TokenTree::Ident(some),
        proc_macro2::TokenTree::Group(group),
    ] = trees.as_slice()
        && some == "Some"
        && group.delimiter() == proc_macro2::Delimiter::Parenthesis
    {
        let value = group.stream();
        return quote!(Some(#function(#value)));
    }
    quote!(#option.map(#function))
}

/// Whether values of `ty` are numbers that `check_range` can compare.
fn is_numeric(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::I32 | TypeRef::I64 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64 | TypeRef::Decimal
    )
}
