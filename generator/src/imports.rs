//! Runtime paths imported once per module: the emitters write `crate::runtime::Validate`
//! wherever they need the runtime, and this pass turns each into `Validate` under one
//! `use crate::runtime::{…};` at the top of the module (and of each inline `mod` in it, which
//! is a scope of its own).
//!
//! A name is imported only if the module uses it in no other way: not as one of its own items,
//! a field, a variable, a macro argument or another crate's item. A name that appears anywhere
//! else keeps its full path, so importing never changes what a name means.

use proc_macro2::{Delimiter, Group, Ident, Spacing, Span, TokenStream, TokenTree};
use std::collections::BTreeSet;

/// The runtime names one module may import.
#[derive(Debug, Default, Clone)]
pub(crate) struct Imports {
    used: BTreeSet<String>,
    taken: BTreeSet<String>,
}

impl Imports {
    /// Adds what `tokens`, part of the module, uses: runtime names through the full path, and
    /// every other identifier. Inline modules are left out; they import for themselves.
    pub(crate) fn scan(&mut self, tokens: &TokenStream) {
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let mut index = 0;
        while index < trees.len() {
            if let Some(name) = runtime_path_at(&trees, index) {
                self.used.insert(name.to_string());
                index += RUNTIME_PATH_LEN;
                continue;
            }
            match &trees[index] {
                TokenTree::Ident(ident) => {
                    self.taken.insert(ident.to_string());
                }
                TokenTree::Group(group) if !is_inline_module(&trees, index) => {
                    self.scan(&group.stream());
                }
                _ => {}
            }
            index += 1;
        }
    }

    /// Adds what another part of the same module uses.
    pub(crate) fn merge(&mut self, other: Imports) {
        self.used.extend(other.used);
        self.taken.extend(other.taken);
    }

    /// The names to import: used through the runtime path, and in no other way.
    fn names(&self) -> Vec<&str> {
        self.used
            .iter()
            .filter(|name| !self.taken.contains(*name))
            .map(String::as_str)
            .collect()
    }

    /// `use crate::runtime::{…};`, or nothing if there is nothing to import.
    pub(crate) fn use_item(&self) -> TokenStream {
        let names: Vec<Ident> = self
            .names()
            .into_iter()
            .map(|name| Ident::new(name, Span::call_site()))
            .collect();
        match names.as_slice() {
            [] => TokenStream::new(),
            [one] => quote::quote! { use crate::runtime::#one; },
            many => quote::quote! { use crate::runtime::{#(#many),*}; },
        }
    }

    /// `tokens` with the imported names' runtime paths shortened; each inline module gets
    /// imports of its own.
    pub(crate) fn rewrite(&self, tokens: TokenStream) -> TokenStream {
        let names: BTreeSet<&str> = self.names().into_iter().collect();
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = Vec::with_capacity(trees.len());
        let mut index = 0;
        while index < trees.len() {
            if let Some(name) = runtime_path_at(&trees, index)
                && names.contains(name.to_string().as_str())
            {
                out.push(TokenTree::Ident(name.clone()));
                index += RUNTIME_PATH_LEN;
                continue;
            }
            let tree = match &trees[index] {
                TokenTree::Group(group) if is_inline_module(&trees, index) => {
                    regroup(group, own_scope(group.stream()))
                }
                TokenTree::Group(group) => regroup(group, self.rewrite(group.stream())),
                other => other.clone(),
            };
            out.push(tree);
            index += 1;
        }
        out.into_iter().collect()
    }
}

/// A module's tokens with its own imports, placed after its inner attributes.
pub(crate) fn own_scope(tokens: TokenStream) -> TokenStream {
    let mut imports = Imports::default();
    imports.scan(&tokens);
    with_use_item(imports.rewrite(tokens), imports.use_item())
}

/// `use_item` placed in `tokens` after the inner attributes (`#![…]`, `//!`) they start with.
pub(crate) fn with_use_item(tokens: TokenStream, use_item: TokenStream) -> TokenStream {
    if use_item.is_empty() {
        return tokens;
    }
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut split = 0;
    while is_inner_attribute(&trees[split..]) {
        split += 3;
    }
    let mut out: TokenStream = trees[..split].iter().cloned().collect();
    out.extend(use_item);
    out.extend(trees[split..].iter().cloned());
    out
}

fn is_inner_attribute(trees: &[TokenTree]) -> bool {
    matches!(
        trees,
        [TokenTree::Punct(hash), TokenTree::Punct(bang), TokenTree::Group(group), ..]
            if hash.as_char() == '#' && bang.as_char() == '!'
                && group.delimiter() == Delimiter::Bracket
    )
}

fn regroup(group: &Group, stream: TokenStream) -> TokenTree {
    let mut regrouped = Group::new(group.delimiter(), stream);
    regrouped.set_span(group.span());
    TokenTree::Group(regrouped)
}

/// `crate :: runtime :: Name`: two identifiers and two `::`s before the name.
const RUNTIME_PATH_LEN: usize = 7;

/// The name after `crate::runtime::` at `index`, if a runtime path starts there (and is not
/// itself the tail of a longer path such as `other::crate::…`, which Rust does not allow).
fn runtime_path_at(trees: &[TokenTree], index: usize) -> Option<&Ident> {
    let window = trees.get(index..index + RUNTIME_PATH_LEN)?;
    let [
        TokenTree::Ident(krate),
        TokenTree::Punct(c1),
        TokenTree::Punct(c2),
        TokenTree::Ident(runtime),
        TokenTree::Punct(c3),
        TokenTree::Punct(c4),
        TokenTree::Ident(name),
    ] = window
    else {
        return None;
    };
    let colons = [c1, c2, c3, c4].iter().all(|p| p.as_char() == ':')
        && c1.spacing() == Spacing::Joint
        && c3.spacing() == Spacing::Joint;
    let preceded_by_path = index >= 2
        && matches!(&trees[index - 2], TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
        && matches!(&trees[index - 1], TokenTree::Punct(p) if p.as_char() == ':');
    (krate == "crate" && runtime == "runtime" && colons && !preceded_by_path).then_some(name)
}

/// Whether the group at `index` is the body of `mod name { … }`.
fn is_inline_module(trees: &[TokenTree], index: usize) -> bool {
    index >= 2
        && matches!(&trees[index], TokenTree::Group(g) if g.delimiter() == Delimiter::Brace)
        && matches!(&trees[index - 1], TokenTree::Ident(_))
        && matches!(&trees[index - 2], TokenTree::Ident(m) if m == "mod")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn module(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(own_scope(tokens)).expect("parses");
        prettyplease::unparse(&file)
    }

    #[test]
    fn runtime_paths_are_imported_once() {
        let text = module(quote! {
            //! A module.
            impl crate::runtime::Validate for A {
                fn validate(&self, path: &crate::runtime::Path<'_>) {}
            }
            impl crate::runtime::Validate for B {}
        });
        assert!(
            text.starts_with("//! A module.\nuse crate::runtime::{Path, Validate};\n"),
            "{text}"
        );
        assert!(text.contains("impl Validate for A"), "{text}");
        assert!(!text.contains("crate::runtime::Validate for"), "{text}");
    }

    #[test]
    fn a_name_the_module_uses_otherwise_keeps_its_path() {
        // The module defines its own `Error`; the runtime's stays spelled out.
        let text = module(quote! {
            pub type Error = crate::runtime::Error<Body>;
            fn f(secret: crate::runtime::Secret) {}
        });
        assert!(
            text.contains("pub type Error = crate::runtime::Error<Body>;"),
            "{text}"
        );
        assert!(text.contains("use crate::runtime::Secret;"), "{text}");
        assert!(text.contains("fn f(secret: Secret)"), "{text}");
    }

    #[test]
    fn an_inline_module_imports_for_itself() {
        let text = module(quote! {
            pub mod rules {
                impl crate::runtime::StringRule for A {}
            }
            impl crate::runtime::Validate for A {}
        });
        assert!(
            text.contains("pub mod rules {\n    use crate::runtime::StringRule;"),
            "{text}"
        );
        assert!(text.contains("use crate::runtime::Validate;\n"), "{text}");
        assert!(!text.contains("crate::runtime::{StringRule"), "{text}");
    }

    #[test]
    fn a_module_without_runtime_paths_is_unchanged() {
        let tokens = quote! { pub struct A; };
        assert_eq!(own_scope(tokens.clone()).to_string(), tokens.to_string());
    }
}
