//! Cargo-feature gates on generated items: which features compile an item ([`Gate`]), the
//! `#[cfg(…)]` attribute that says so, put on each item of a token stream ([`gated`]), and read
//! back from an item's attributes ([`gate_at`], for the imports pass, which gates each import
//! as the items that use it are gated).
//!
//! Items are found at one level of a token stream the way Rust ends them: at a `;`, or at a
//! `{ … }` block not followed by a `;` (`const _: () = { … };` ends at the `;`). That holds
//! for every item the emitters write.

use proc_macro2::{Delimiter, Literal, TokenStream, TokenTree};
use quote::quote;
use std::collections::BTreeSet;

/// When an item is compiled.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Gate {
    /// Whatever features are on.
    #[default]
    Always,
    /// When any of these features is on; none: never (only as the start of a union).
    Any(BTreeSet<String>),
}

impl Gate {
    /// The gate of no item: the unit of [`Gate::union`].
    pub(crate) fn never() -> Gate {
        Gate::Any(BTreeSet::new())
    }

    /// The gate of one feature.
    pub(crate) fn feature(name: &str) -> Gate {
        Gate::Any(BTreeSet::from([name.to_owned()]))
    }

    /// Compiled when either is.
    pub(crate) fn union(&self, other: &Gate) -> Gate {
        match (self, other) {
            (Gate::Any(a), Gate::Any(b)) => Gate::Any(a.union(b).cloned().collect()),
            _ => Gate::Always,
        }
    }

    /// The `#[cfg(…)]` attribute, or nothing for an item that is always compiled.
    pub(crate) fn attribute(&self) -> TokenStream {
        let Gate::Any(features) = self else {
            return TokenStream::new();
        };
        let each = features.iter().map(|name| quote!(feature = #name));
        match features.len() {
            1 => quote!(#[cfg(#(#each)*)]),
            _ => quote!(#[cfg(any(#(#each),*))]),
        }
    }
}

/// `tokens`, a sequence of items, with `gate`'s attribute before each one.
pub(crate) fn gated(tokens: TokenStream, gate: &Gate) -> TokenStream {
    let attribute = gate.attribute();
    if attribute.is_empty() {
        return tokens;
    }
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = TokenStream::new();
    let mut at_start = true;
    for (index, tree) in trees.iter().enumerate() {
        if at_start {
            out.extend(attribute.clone());
        }
        out.extend(std::iter::once(tree.clone()));
        at_start = ends_item(&trees, index);
    }
    out
}

/// Whether the item at this level ends with the token at `index`.
pub(crate) fn ends_item(trees: &[TokenTree], index: usize) -> bool {
    match &trees[index] {
        TokenTree::Punct(punct) => punct.as_char() == ';',
        TokenTree::Group(group) => {
            group.delimiter() == Delimiter::Brace
                && !matches!(trees.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == ';')
        }
        _ => false,
    }
}

/// The gate the item starting at `index` gives itself with a `#[cfg(feature …)]` among its
/// outer attributes, if it does.
pub(crate) fn gate_at(trees: &[TokenTree], mut index: usize) -> Option<Gate> {
    while let [TokenTree::Punct(hash), TokenTree::Group(group), ..] =
        &trees[index.min(trees.len())..]
        && hash.as_char() == '#'
        && group.delimiter() == Delimiter::Bracket
    {
        if let Some(gate) = cfg_gate(group.stream()) {
            return Some(gate);
        }
        index += 2;
    }
    None
}

/// The features of `cfg(feature = "a")` or `cfg(any(feature = "a", …))`, the forms
/// [`Gate::attribute`] writes; `None` for any other attribute.
fn cfg_gate(attribute: TokenStream) -> Option<Gate> {
    let trees: Vec<TokenTree> = attribute.into_iter().collect();
    let [TokenTree::Ident(cfg), TokenTree::Group(inner)] = trees.as_slice() else {
        return None;
    };
    if cfg != "cfg" {
        return None;
    }
    let mut inner: Vec<TokenTree> = inner.stream().into_iter().collect();
    if let [TokenTree::Ident(any), TokenTree::Group(list)] = inner.as_slice()
        && any == "any"
    {
        inner = list.stream().into_iter().collect();
    }
    let mut features = BTreeSet::new();
    for clause in inner.split(|tree| matches!(tree, TokenTree::Punct(p) if p.as_char() == ',')) {
        match clause {
            [] => {}
            [
                TokenTree::Ident(feature),
                TokenTree::Punct(equals),
                TokenTree::Literal(name),
            ] if feature == "feature" && equals.as_char() == '=' => {
                features.insert(string_literal(name)?);
            }
            _ => return None,
        }
    }
    Some(Gate::Any(features))
}

/// The text of a plain string literal (`"repos"`); feature names need no escapes.
fn string_literal(literal: &Literal) -> Option<String> {
    let text = literal.to_string();
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains('\\')).then(|| inner.to_owned())
}

/// A `;`, for tests that build items by hand.
#[cfg(test)]
fn semicolon() -> TokenTree {
    TokenTree::Punct(proc_macro2::Punct::new(';', proc_macro2::Spacing::Alone))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(names: &[&str]) -> Gate {
        Gate::Any(names.iter().map(|n| (*n).to_owned()).collect())
    }

    #[test]
    fn each_item_gets_the_attribute() {
        let tokens = quote! {
            /// A.
            pub struct A { x: u8 }
            impl A { fn f() {} }
            const _: () = { let _ = 1; };
            pub type B = A;
        };
        let text = gated(tokens, &features(&["repos"])).to_string();
        assert_eq!(
            text.matches("# [cfg (feature = \"repos\")]").count(),
            4,
            "{text}"
        );
        assert!(
            text.starts_with("# [cfg (feature = \"repos\")] # [doc"),
            "{text}"
        );
    }

    #[test]
    fn an_ungated_item_is_left_as_it_is() {
        let tokens = quote! { pub struct A; };
        assert_eq!(
            gated(tokens.clone(), &Gate::Always).to_string(),
            tokens.to_string()
        );
    }

    #[test]
    fn the_attribute_is_read_back() {
        for gate in [features(&["a"]), features(&["a", "b-c"]), Gate::never()] {
            let mut tokens = gated(
                quote!(
                    #[doc = "x"]
                    pub struct A;
                ),
                &gate,
            );
            tokens.extend([semicolon()]);
            let trees: Vec<TokenTree> = tokens.into_iter().collect();
            assert_eq!(gate_at(&trees, 0), Some(gate.clone()));
        }
        let trees: Vec<TokenTree> = quote!(
            #[cfg(test)]
            fn f() {}
        )
        .into_iter()
        .collect();
        assert_eq!(gate_at(&trees, 0), None);
    }

    #[test]
    fn always_absorbs_a_union() {
        assert_eq!(Gate::Always.union(&features(&["a"])), Gate::Always);
        assert_eq!(Gate::never().union(&features(&["a"])), features(&["a"]));
        assert_eq!(
            features(&["b"]).union(&features(&["a"])),
            features(&["a", "b"])
        );
    }
}
