//! Stage 3: IR → token streams: the generated modules, each made of parts that are emitted one
//! at a time (see [`Modules`]), which render prints.
//!
//! Each item kind has a small function named for what it emits. Every public item gets a doc
//! comment, because the client crate denies missing docs.

mod builders;
mod checks;
mod client;
mod compose;
mod deserialize;
mod mock;
mod operation;
mod outcomes;
mod paging;
mod reference;
mod serde_with;
mod serialize;
mod strings;
mod types;

use crate::ir::{Api, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The generated modules of an API: their paths, and their parts in order, each emitted when
/// asked for (render asks on the thread that prints the part; tokens cannot move between
/// threads).
pub(crate) struct Modules<'a> {
    api: &'a Api,
    /// The crate's name as callers write it, for examples in the docs.
    doc_crate: Option<&'a str>,
    /// Every part, with the index (in [`Modules::paths`]) of the module it belongs to, in
    /// output order.
    parts: Vec<(usize, Part<'a>)>,
}

/// The modules `api` generates. `doc_crate`: the crate's name as callers write it, for examples
/// in the docs.
pub(crate) fn modules<'a>(api: &'a Api, doc_crate: Option<&'a str>) -> Modules<'a> {
    let mut parts = vec![(0, Part::Mod), (1, Part::TypesHead)];
    parts.extend(api.types.values().map(|def| (1, Part::Type(def))));
    parts.push((2, Part::Client));
    parts.push((3, Part::Mock));
    Modules {
        api,
        doc_crate,
        parts,
    }
}

impl Modules<'_> {
    /// The generated modules, by path relative to the crate root: each is the concatenation of
    /// its parts, in order.
    pub(crate) fn paths(&self) -> Vec<String> {
        let dir = crate::GENERATED_DIR;
        vec![
            format!("{dir}/mod.rs"),
            format!("{dir}/types.rs"),
            format!("{dir}/client.rs"),
            format!("{dir}/mock.rs"),
        ]
    }

    /// The index (in [`Modules::paths`]) of the module each part belongs to, parts in output
    /// order.
    pub(crate) fn part_modules(&self) -> Vec<usize> {
        self.parts.iter().map(|(module, _)| *module).collect()
    }

    /// The tokens of the part at `index` (an index of [`Modules::part_modules`]); nothing for
    /// an index past the last part.
    pub(crate) fn emit(&self, index: usize) -> TokenStream {
        let Some(&(_, part)) = self.parts.get(index) else {
            return TokenStream::new();
        };
        match part {
            Part::Mod => emit_mod(),
            Part::TypesHead => types::emit_types_head(self.api),
            // Each type is compiled with the features that reach it (see `ir::features`).
            Part::Type(def) => crate::cfg::gated(
                types::emit_type(self.api, def),
                &self.api.features.of_type(&def.name),
            ),
            Part::Client => client::emit_client(self.api, self.doc_crate),
            Part::Mock => mock::emit_mock(self.api),
        }
    }
}

/// A piece of a generated module that is emitted and printed on its own, so that the pieces can
/// be spread over threads: the printed pieces of a module, joined in order, are the module.
#[derive(Clone, Copy, Debug)]
enum Part<'a> {
    /// `mod.rs`.
    Mod,
    /// The top of `types.rs`: its doc comment and the vendor date-format helpers.
    TypesHead,
    /// One type of `types.rs`, with its impls.
    Type(&'a crate::ir::TypeDef),
    /// `client.rs`.
    Client,
    /// `mock.rs`, the typed mock (the `mock` cargo feature).
    Mock,
}

fn emit_mod() -> TokenStream {
    quote! {
        //! Modules generated from the spec.
        pub(crate) mod client;
        #[cfg(feature = "mock")]
        pub mod mock;
        pub mod types;
    }
}

/// `#[doc = "…"]` attributes, one per line, so that multi-line text renders as `///` lines.
/// The text is cleaned and wrapped first (see [`crate::text::doc_text`]); every public item needs a doc, so
/// text with nothing readable left says so.
pub(crate) fn doc(text: &str) -> TokenStream {
    let text = crate::text::doc_text(text)
        .unwrap_or_else(|| "(The spec gives no description.)".to_owned());
    let text = crate::text::wrap_doc(&text, crate::text::DOC_WIDTH);
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.trim_end())
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// `#[non_exhaustive]` on a generated enum, and a paragraph of its docs saying what that asks of
/// a `match`. The vendor may add a value to any enum (or a status, or an error schema); the
/// string and number enums already keep such a value as `Unrecognized` at run time, and
/// `#[non_exhaustive]` makes the *named* variant that the next generation adds a non-breaking
/// change for callers' matches too. `added` says what a later spec may add, as a noun phrase.
pub(crate) fn non_exhaustive_enum(added: &str) -> TokenStream {
    let text = format!(" The enum is `#[non_exhaustive]`: {added} that a later spec lists");
    quote! {
        #[doc = ""]
        #[doc = #text]
        #[doc = " becomes a variant of its own, so a `match` needs a `_` arm."]
        #[non_exhaustive]
    }
}

/// Where a type is named from: inside `types`, or from `client`, which reaches it as `types::X`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    Types,
    Client,
}

/// The Rust type for a type reference.
pub(crate) fn rust_type(ty: &TypeRef, context: Context) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Decimal => quote!(rust_decimal::Decimal),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonMap => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Map(values) => {
            let values = rust_type(values, context);
            quote!(std::collections::BTreeMap<String, #values>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, context);
            quote!(Option<#inner>)
        }
        TypeRef::Vec(items) => {
            let items = rust_type(items, context);
            quote!(Vec<#items>)
        }
        TypeRef::Named(name) => {
            let name = format_ident!("{}", name);
            match context {
                Context::Types => quote!(#name),
                Context::Client => quote!(types::#name),
            }
        }
        TypeRef::DateTime => quote!(time::OffsetDateTime),
        TypeRef::Secret => quote!(crate::runtime::Secret),
        TypeRef::Boxed(inner) => {
            let inner = rust_type(inner, context);
            quote!(Box<#inner>)
        }
        TypeRef::File => quote!(crate::runtime::FilePart),
        TypeRef::Tuple(members) => {
            let members = members.iter().map(|member| rust_type(member, context));
            quote!((#(#members,)*))
        }
        TypeRef::Temporal(format) => match format.kind {
            crate::temporal::TemporalKind::Date => quote!(time::Date),
            crate::temporal::TemporalKind::Time => quote!(time::Time),
            crate::temporal::TemporalKind::DateTime => quote!(time::PrimitiveDateTime),
        },
    }
}

/// A type as a caller writes it inside the crate's `types` (`Vec<Customer>`,
/// `rust_decimal::Decimal`): [`rust_type`]'s tokens, printed as Rust is written. The one
/// spelling of a [`TypeRef`], which the docs and the change report read.
pub(crate) fn type_text(ty: &TypeRef) -> String {
    let mut text = String::new();
    print_compact(rust_type(ty, Context::Types), &mut text);
    text
}

/// Tokens of a type, with a space only after a comma.
fn print_compact(tokens: TokenStream, out: &mut String) {
    use proc_macro2::{Delimiter, TokenTree};
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                print_compact(group.stream(), out);
                // A one-member tuple keeps its comma; a longer one drops the last.
                if close == ")" && out.ends_with(", ") && out.matches(", ").count() > 1 {
                    out.truncate(out.len() - 2);
                } else if out.ends_with(' ') {
                    out.pop();
                }
                out.push_str(close);
            }
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                if punct.as_char() == ',' {
                    out.push(' ');
                }
            }
            TokenTree::Ident(ident) => out.push_str(&ident.to_string()),
            TokenTree::Literal(literal) => out.push_str(&literal.to_string()),
        }
    }
}

/// Follows type aliases to the type they stand for.
pub(crate) fn resolve_alias<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    crate::ir::resolve_alias(&api.aliases, ty)
}
