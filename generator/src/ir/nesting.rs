//! How deep the generated types hold one another, which decides whether rustc's default
//! recursion limit suffices for the crate.
//!
//! rustc follows a type's fields to their ends when it checks what dropping it takes (E0320),
//! when it lays out an async body that holds it, and when it proves it `Send`; each `Option`,
//! `Vec`, map and named type on the way is a level or more. A chain of a few dozen schemas,
//! each holding the next in a map, passes the default limit of 128, and the crate does not
//! compile. The limit is raised in the crate root to fit the deepest chain instead: boxing
//! would not help, since rustc follows a `Box` to its contents all the same.

use super::{Api, ResponseBody, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Chains shallower than this many levels fit rustc's default limit with room to spare, so
/// the crate root of an ordinary API stays as it is.
const DEFAULT_LIMIT_FITS: usize = 32;

/// rustc's levels per level counted here, with a margin: on chains of 250 schemas, each
/// holding the next through a property, an array or a map, rustc took less than 1.3.
const RUSTC_LEVELS_PER_LEVEL: usize = 2;

/// rustc's default `recursion_limit`.
const DEFAULT_LIMIT: usize = 128;

/// The deepest chain of types holding one another.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Nesting {
    /// Named types, `Option`s, `Vec`s and maps on the chain.
    pub(crate) levels: usize,
    /// Where the chain starts: the pointer of its outermost type.
    pub(crate) pointer: String,
}

impl Nesting {
    /// The `recursion_limit` the crate needs, if rustc's default is not enough.
    pub(crate) fn recursion_limit(&self) -> Option<usize> {
        (self.levels >= DEFAULT_LIMIT_FITS)
            .then(|| DEFAULT_LIMIT + RUSTC_LEVELS_PER_LEVEL * self.levels)
    }
}

/// The deepest chain of the API's types.
pub(crate) fn deepest(api: &Api) -> Nesting {
    let mut walk = Walk {
        types: &api.types,
        known: BTreeMap::new(),
        open: BTreeSet::new(),
    };
    let mut deepest = Nesting {
        levels: 0,
        pointer: "#".to_owned(),
    };
    for (name, def) in &api.types {
        let levels = walk.named(name);
        if levels > deepest.levels {
            deepest = Nesting {
                levels,
                pointer: def.pointer.clone(),
            };
        }
    }
    deepest
}

/// The levels of each named type, found once; `open` holds the types whose levels are being
/// found, so that a type which holds itself (behind a `Box`, or as a wrapper of a `Vec`) is
/// counted once.
struct Walk<'a> {
    types: &'a BTreeMap<String, TypeDef>,
    known: BTreeMap<&'a str, usize>,
    open: BTreeSet<&'a str>,
}

impl<'a> Walk<'a> {
    fn named(&mut self, name: &'a str) -> usize {
        if let Some(levels) = self.known.get(name) {
            return *levels;
        }
        let Some((name, def)) = self.types.get_key_value(name) else {
            return 0;
        };
        if !self.open.insert(name) {
            return 0;
        }
        let inner = contents(&def.kind)
            .into_iter()
            .map(|(ty, wrappers)| wrappers + self.type_ref(ty))
            .max()
            .unwrap_or(0);
        self.open.remove(name.as_str());
        self.known.insert(name, inner + 1);
        inner + 1
    }

    fn type_ref(&mut self, ty: &'a TypeRef) -> usize {
        match ty {
            TypeRef::Named(name) => self.named(name),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Boxed(inner) => 1 + self.type_ref(inner),
            TypeRef::Tuple(members) => {
                1 + members.iter().map(|m| self.type_ref(m)).max().unwrap_or(0)
            }
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Decimal
            | TypeRef::Json
            | TypeRef::JsonMap
            | TypeRef::DateTime
            | TypeRef::Secret
            | TypeRef::Temporal(_)
            | TypeRef::File => 0,
        }
    }
}

/// The types a type holds, each with the levels around it that its type does not show: an
/// optional field's `Option`.
fn contents(kind: &TypeKind) -> Vec<(&TypeRef, usize)> {
    match kind {
        TypeKind::Struct {
            fields,
            envelope: _,
            error_fields: _,
            additional,
        } => fields
            .iter()
            .map(|field| (&field.ty, usize::from(!field.required)))
            .chain(additional.iter().map(|additional| (&additional.ty, 1)))
            .collect(),
        TypeKind::OneOf { variants, .. } => variants.iter().map(|v| (&v.ty, 0)).collect(),
        TypeKind::Alias(ty) | TypeKind::Wrapper(ty) => vec![(ty, 0)],
        TypeKind::Responses { variants } => variants
            .iter()
            .filter_map(|v| match &v.body {
                Some(ResponseBody::Json(ty)) => Some((ty, 0)),
                Some(ResponseBody::Text | ResponseBody::Bytes) | None => None,
            })
            .collect(),
        TypeKind::Errors { variants } => variants.iter().map(|v| (&v.ty, 0)).collect(),
        TypeKind::Enum { .. } | TypeKind::NumberEnum { .. } | TypeKind::Constrained { .. } => {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Settings, generate};

    /// `S0 → S1 → … → S(n-1)`, each holding the next through a property, an array or a map, in
    /// turn.
    fn chain(n: usize) -> String {
        let mut spec = String::from(
            "openapi: 3.0.3\ninfo: {title: Chain, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
        );
        for i in 0..n {
            let next = format!("{{$ref: '#/components/schemas/S{}'}}", i + 1);
            let holds = match i % 3 {
                _ if i + 1 == n => "{type: string}".to_owned(),
                0 => next,
                1 => format!("{{type: array, items: {next}}}"),
                _ => format!("{{type: object, additionalProperties: {next}}}"),
            };
            spec.push_str(&format!(
                "    S{i}: {{type: object, properties: {{next: {holds}}}}}\n"
            ));
        }
        spec
    }

    fn settings(standalone: bool) -> Settings {
        Settings {
            spec_name: "chain.yaml".to_owned(),
            standalone_crate: standalone.then(|| "chain".to_owned()),
            runtime_path: Some("../runtime".to_owned()),
            doc_crate: None,
        }
    }

    fn crate_root(spec: &str) -> String {
        let generated = generate(spec, &settings(true)).unwrap_or_else(|d| panic!("{d}"));
        let root = generated.files.iter().find(|f| f.path == "src/lib.rs");
        root.map(|f| f.contents.clone()).unwrap_or_default()
    }

    #[test]
    fn a_deep_chain_raises_the_recursion_limit_of_the_crate() {
        // Over 500 levels: each link is the type and its `Option`, and the array or map of
        // two links in three. (xtask's crate checks compile such a crate.)
        let root = crate_root(&chain(210));
        let limit = root
            .split_once("\n#![recursion_limit = \"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .and_then(|(limit, _)| limit.parse::<usize>().ok());
        assert!(limit.is_some_and(|limit| limit > 1000), "{root}");
    }

    #[test]
    fn a_shallow_api_keeps_the_default_limit() {
        assert!(!crate_root(&chain(8)).contains("recursion_limit"));
    }

    #[test]
    fn modules_of_a_deep_chain_are_warned_about() {
        let generated = generate(&chain(210), &settings(false)).unwrap_or_else(|d| panic!("{d}"));
        let kinds: Vec<(&str, &str)> = generated
            .diagnostics
            .0
            .iter()
            .map(|d| (d.pointer.as_str(), d.kind.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [(
                "#/components/schemas/S0",
                "types nested too deep for rustc's default recursion limit"
            )]
        );
    }
}
