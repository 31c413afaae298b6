//! Emits string enums (which keep unknown values) and constrained strings (which can only be
//! built through validation).

use super::doc;
use crate::ir::{Api, PatternDef, TypeDef, TypeKind, Variant};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A string enum: one call of the runtime's `string_enum!`, which writes the enum (with its
/// `Unrecognized` variant, which keeps a value the spec does not list) and its impls. What is
/// particular to this one is its name, docs, and variants with their wire values.
pub(super) fn emit_enum(def: &TypeDef, variants: &[Variant]) -> TokenStream {
    let docs = doc(&def.doc);
    let name = format_ident!("{}", def.name);
    let variants = variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.rust);
        let wire = variant.wire.as_str();
        // The macro shows the wire value as code; one that the doc text would clean (a
        // control or bidirectional character, a line break) gets the cleaned doc here.
        let code = format!("`{wire}`");
        let docs =
            (crate::text::doc_text(&code).as_deref() != Some(code.as_str())).then(|| doc(&code));
        quote!(#docs #ident = #wire,)
    });
    quote! {
        crate::runtime::__private::string_enum! {
            #docs
            pub enum #name {
                #(#variants)*
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
