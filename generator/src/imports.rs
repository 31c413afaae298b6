//! Runtime paths imported once per module: the emitters write `crate::runtime::Validate`
//! (or `crate::runtime::__private::ClientCore`, for the runtime's plumbing) wherever they need
//! the runtime, and this pass turns each into `Validate` under one `use crate::runtime::{…};`
//! (and one `use crate::runtime::__private::{…};`) at the top of the module (and of each inline
//! `mod` in it, which is a scope of its own).
//!
//! An import is compiled when an item that uses it is: items gated by a cargo feature
//! (`#[cfg(feature = "repos")]`, see [`crate::cfg`]) gate the imports only they use alike, so
//! that a build with few features has no unused import.
//!
//! A name is imported only if the module uses it in no other way: not as one of its own items,
//! a field, a variable, a macro argument or another crate's item. A name that appears anywhere
//! else keeps its full path, so importing never changes what a name means.

use crate::cfg::{Gate, ends_item, gate_at};
use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// What the parts of one module use: runtime names through their full path, and every other
/// identifier (kept as hashes, so that scanning allocates nothing per identifier; a collision
/// only leaves a name unimported).
#[derive(Debug, Default)]
pub(crate) struct Imports {
    /// Each runtime name used, and when the items that use it are compiled.
    used: BTreeMap<(Home, String), Gate>,
    taken: HashSet<u64, BuildHasherDefault<Spread>>,
}

/// Where in the runtime a name is: at its root (what users need), or in its hidden plumbing
/// module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Home {
    Root,
    Private,
}

impl Home {
    /// The tokens of `crate::runtime::…::Name` before the name.
    fn path_len(self) -> usize {
        match self {
            Home::Root => 6,
            Home::Private => 9,
        }
    }
}

/// The names a module imports.
#[derive(Debug)]
pub(crate) struct Resolved {
    names: Vec<(Home, String, Gate)>,
}

/// A scanned part: its tokens, and for each group in them (depth first, inline modules left
/// out) whether a runtime path is inside it and how many groups it holds, so that the rewrite
/// goes only into the groups it changes.
#[derive(Debug)]
pub(crate) struct Scanned {
    tokens: TokenStream,
    marks: Vec<Mark>,
    has_path: bool,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    has_path: bool,
    /// The groups inside this one, at every depth.
    inner: usize,
}

impl Imports {
    /// Records what `tokens`, a part of the module, uses, and gives them back. Inline modules
    /// are scopes of their own: they get their imports here, and add nothing to this one.
    pub(crate) fn scan(&mut self, tokens: TokenStream) -> Scanned {
        let mut marks = Vec::new();
        let (tokens, has_path) = self.scan_level(tokens, &mut marks, &Gate::Always);
        Scanned {
            tokens,
            marks,
            has_path,
        }
    }

    /// Scans one level, whose items are compiled under `outer` unless they carry a gate of
    /// their own; returns its tokens and whether a runtime path is in them.
    fn scan_level(
        &mut self,
        tokens: TokenStream,
        marks: &mut Vec<Mark>,
        outer: &Gate,
    ) -> (TokenStream, bool) {
        let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut has_path = false;
        let mut skip = 0;
        let mut gate = outer.clone();
        let mut at_start = true;
        for index in 0..trees.len() {
            if at_start {
                gate = gate_at(&trees, index).unwrap_or_else(|| outer.clone());
            }
            at_start = ends_item(&trees, index);
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if let Some((home, name)) = runtime_path_at(&trees, index) {
                let entry = self
                    .used
                    .entry((home, name.to_string()))
                    .or_insert_with(Gate::never);
                *entry = entry.union(&gate);
                has_path = true;
                skip = home.path_len();
                continue;
            }
            let inline_module = is_inline_module(&trees, index);
            match &mut trees[index] {
                TokenTree::Ident(ident) => {
                    self.taken.insert(hash_of(ident));
                }
                TokenTree::Group(group) if inline_module => {
                    let stream = take_stream(group);
                    put_stream(group, own_scope(stream));
                }
                TokenTree::Group(group) => {
                    let slot = marks.len();
                    marks.push(Mark {
                        has_path: false,
                        inner: 0,
                    });
                    let (stream, inside) = self.scan_level(take_stream(group), marks, &gate);
                    put_stream(group, stream);
                    marks[slot] = Mark {
                        has_path: inside,
                        inner: marks.len() - slot - 1,
                    };
                    has_path |= inside;
                }
                _ => {}
            }
        }
        (trees.into_iter().collect(), has_path)
    }

    /// Adds what another part of the same module uses.
    pub(crate) fn merge(&mut self, other: Imports) {
        for (name, gate) in other.used {
            let entry = self.used.entry(name).or_insert_with(Gate::never);
            *entry = entry.union(&gate);
        }
        self.taken.extend(other.taken);
    }

    /// The names to import: used through the runtime path, and in no other way.
    pub(crate) fn resolve(&self) -> Resolved {
        let names = self
            .used
            .iter()
            .filter(|((_, name), _)| !self.taken.contains(&hash_of(name)))
            .map(|((home, name), gate)| (*home, name.clone(), gate.clone()))
            .collect();
        Resolved { names }
    }
}

impl Resolved {
    /// `use crate::runtime::{…};` and `use crate::runtime::__private::{…};`, each only if it
    /// has names to import, and one of each per gate of the names (the ungated first).
    pub(crate) fn use_item(&self) -> TokenStream {
        let mut out = TokenStream::new();
        for home in [Home::Root, Home::Private] {
            let mut by_gate: BTreeMap<&Gate, Vec<Ident>> = BTreeMap::new();
            for (_, name, gate) in self.names.iter().filter(|(h, _, _)| *h == home) {
                by_gate
                    .entry(gate)
                    .or_default()
                    .push(Ident::new(name, Span::call_site()));
            }
            for (gate, names) in by_gate {
                let attribute = gate.attribute();
                let path = match home {
                    Home::Root => quote::quote!(crate::runtime),
                    Home::Private => quote::quote!(crate::runtime::__private),
                };
                out.extend(match names.as_slice() {
                    [one] => quote::quote! { #attribute use #path::#one; },
                    many => quote::quote! { #attribute use #path::{#(#many),*}; },
                });
            }
        }
        out
    }

    /// The scanned part's tokens with the runtime paths of the imported names shortened.
    pub(crate) fn rewrite(&self, scanned: Scanned) -> TokenStream {
        if self.names.is_empty() || !scanned.has_path {
            return scanned.tokens;
        }
        let mut cursor = 0;
        self.rewrite_level(scanned.tokens, &scanned.marks, &mut cursor)
    }

    fn rewrite_level(
        &self,
        tokens: TokenStream,
        marks: &[Mark],
        cursor: &mut usize,
    ) -> TokenStream {
        let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut keep = vec![true; trees.len()];
        for index in 0..trees.len() {
            if !keep[index] {
                continue;
            }
            if let Some((home, name)) = runtime_path_at(&trees, index) {
                if self
                    .names
                    .iter()
                    .any(|(imported_home, imported, _)| home == *imported_home && name == imported)
                {
                    // Keep only the name.
                    keep[index..index + home.path_len()].fill(false);
                }
                continue;
            }
            let inline_module = is_inline_module(&trees, index);
            if let TokenTree::Group(group) = &mut trees[index]
                && !inline_module
            {
                let mark = marks[*cursor];
                *cursor += 1;
                if mark.has_path {
                    let stream = self.rewrite_level(take_stream(group), marks, cursor);
                    put_stream(group, stream);
                } else {
                    *cursor += mark.inner;
                }
            }
        }
        trees
            .into_iter()
            .zip(keep)
            .filter_map(|(tree, keep)| keep.then_some(tree))
            .collect()
    }
}

/// A group's tokens, taken out (so that they are not shared, and iterating them moves rather
/// than copies); [`put_stream`] puts them back.
fn take_stream(group: &mut Group) -> TokenStream {
    let stream = group.stream();
    let mut emptied = Group::new(group.delimiter(), TokenStream::new());
    emptied.set_span(group.span());
    *group = emptied;
    stream
}

fn put_stream(group: &mut Group, stream: TokenStream) {
    let mut filled = Group::new(group.delimiter(), stream);
    filled.set_span(group.span());
    *group = filled;
}

/// A hash of an identifier's text (64-bit FNV-1a, fed by its `Display`), made without
/// allocating.
fn hash_of(text: &(impl std::fmt::Display + ?Sized)) -> u64 {
    struct Fnv(u64);
    impl std::fmt::Write for Fnv {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            for byte in s.bytes() {
                self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
            Ok(())
        }
    }
    let mut fnv = Fnv(0xcbf2_9ce4_8422_2325);
    let _ = std::fmt::write(&mut fnv, format_args!("{text}"));
    fnv.0
}

/// The hasher of the set of hashes: they are hashes already, so it only spreads their bits.
#[derive(Default)]
struct Spread(u64);

impl Hasher for Spread {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A module's tokens with its own imports, placed after its inner attributes.
pub(crate) fn own_scope(tokens: TokenStream) -> TokenStream {
    let mut imports = Imports::default();
    let scanned = imports.scan(tokens);
    let resolved = imports.resolve();
    with_use_item(resolved.rewrite(scanned), resolved.use_item())
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

/// The name after `crate::runtime::` (or `crate::runtime::__private::`) at `index`, and where
/// it is, if a runtime path starts there (and is not itself the tail of a longer path such as
/// `other::crate::…`, which Rust does not allow).
fn runtime_path_at(trees: &[TokenTree], index: usize) -> Option<(Home, &Ident)> {
    let [
        TokenTree::Ident(krate),
        TokenTree::Punct(c1),
        TokenTree::Punct(c2),
        TokenTree::Ident(runtime),
        TokenTree::Punct(c3),
        TokenTree::Punct(c4),
        TokenTree::Ident(name),
    ] = trees.get(index..index + 7)?
    else {
        return None;
    };
    let is_path_separator = |first: &Punct, second: &Punct| {
        first.as_char() == ':' && first.spacing() == Spacing::Joint && second.as_char() == ':'
    };
    let colons = is_path_separator(c1, c2) && is_path_separator(c3, c4);
    let preceded_by_path = index >= 2
        && matches!(&trees[index - 2], TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
        && matches!(&trees[index - 1], TokenTree::Punct(p) if p.as_char() == ':');
    // `$crate::runtime::…` in a macro, or the path of a `use` item: not a path to shorten.
    let after_dollar_or_use = index >= 1
        && match &trees[index - 1] {
            TokenTree::Punct(p) => p.as_char() == '$',
            TokenTree::Ident(i) => i == "use",
            _ => false,
        };
    if krate != "crate"
        || runtime != "runtime"
        || !colons
        || preceded_by_path
        || after_dollar_or_use
    {
        return None;
    }
    if name != "__private" {
        return Some((Home::Root, name));
    }
    match trees.get(index + 7..index + 10)? {
        [
            TokenTree::Punct(c5),
            TokenTree::Punct(c6),
            TokenTree::Ident(name),
        ] if is_path_separator(c5, c6) => Some((Home::Private, name)),
        _ => None,
    }
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
    fn use_items_are_left_as_they_are() {
        let text = module(quote! {
            use crate::runtime::Secret;
            fn f(secret: Secret, other: crate::runtime::Config) {}
        });
        assert!(text.contains("use crate::runtime::Secret;"), "{text}");
        assert!(text.contains("other: Config"), "{text}");
    }

    #[test]
    fn plumbing_is_imported_from_the_hidden_module() {
        let text = module(quote! {
            fn f(core: crate::runtime::__private::ClientCore, secret: crate::runtime::Secret) {}
        });
        assert!(
            text.contains(
                "use crate::runtime::Secret;\nuse crate::runtime::__private::ClientCore;\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("fn f(core: ClientCore, secret: Secret)"),
            "{text}"
        );
    }

    #[test]
    fn a_module_without_runtime_paths_is_unchanged() {
        let tokens = quote! { pub struct A; };
        assert_eq!(own_scope(tokens.clone()).to_string(), tokens.to_string());
    }
}
