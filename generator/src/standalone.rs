//! Stage 5 (`--out`): the files that make the generated modules a crate of their own, which
//! builds with `cargo build` alone. The generated crate depends on the hand-written runtime
//! crate (`generated-client/runtime`, package `client-runtime`) by path: either a copy written
//! beside it, in `runtime/` (a small workspace of two packages), or a runtime crate the caller
//! already has, shared by several generated crates so that it is compiled once.

use crate::GeneratedFile;
use crate::header;
use crate::ir::Api;

/// The hand-written runtime's sources, as `generated-client/runtime` holds them.
const RUNTIME_SOURCES: &[(&str, &str)] = &[
    (
        "src/auth.rs",
        include_str!("../../generated-client/runtime/src/auth.rs"),
    ),
    (
        "src/body.rs",
        include_str!("../../generated-client/runtime/src/body.rs"),
    ),
    (
        "src/compose.rs",
        include_str!("../../generated-client/runtime/src/compose.rs"),
    ),
    (
        "src/constrained.rs",
        include_str!("../../generated-client/runtime/src/constrained.rs"),
    ),
    (
        "src/de.rs",
        include_str!("../../generated-client/runtime/src/de.rs"),
    ),
    (
        "src/error.rs",
        include_str!("../../generated-client/runtime/src/error.rs"),
    ),
    (
        "src/json_error.rs",
        include_str!("../../generated-client/runtime/src/json_error.rs"),
    ),
    (
        "src/lib.rs",
        include_str!("../../generated-client/runtime/src/lib.rs"),
    ),
    (
        "src/mock/dispatch.rs",
        include_str!("../../generated-client/runtime/src/mock/dispatch.rs"),
    ),
    (
        "src/mock/incoming.rs",
        include_str!("../../generated-client/runtime/src/mock/incoming.rs"),
    ),
    (
        "src/mock/mod.rs",
        include_str!("../../generated-client/runtime/src/mock/mod.rs"),
    ),
    (
        "src/mock/stub.rs",
        include_str!("../../generated-client/runtime/src/mock/stub.rs"),
    ),
    (
        "src/mock/text.rs",
        include_str!("../../generated-client/runtime/src/mock/text.rs"),
    ),
    (
        "src/nullable.rs",
        include_str!("../../generated-client/runtime/src/nullable.rs"),
    ),
    (
        "src/paging.rs",
        include_str!("../../generated-client/runtime/src/paging.rs"),
    ),
    (
        "src/params.rs",
        include_str!("../../generated-client/runtime/src/params.rs"),
    ),
    (
        "src/request.rs",
        include_str!("../../generated-client/runtime/src/request.rs"),
    ),
    (
        "src/retry.rs",
        include_str!("../../generated-client/runtime/src/retry.rs"),
    ),
    (
        "src/secret.rs",
        include_str!("../../generated-client/runtime/src/secret.rs"),
    ),
    (
        "src/ser.rs",
        include_str!("../../generated-client/runtime/src/ser.rs"),
    ),
    (
        "src/string_enum.rs",
        include_str!("../../generated-client/runtime/src/string_enum.rs"),
    ),
    (
        "src/summary.rs",
        include_str!("../../generated-client/runtime/src/summary.rs"),
    ),
    (
        "src/temporal.rs",
        include_str!("../../generated-client/runtime/src/temporal.rs"),
    ),
    (
        "src/token.rs",
        include_str!("../../generated-client/runtime/src/token.rs"),
    ),
    (
        "src/transport.rs",
        include_str!("../../generated-client/runtime/src/transport.rs"),
    ),
    (
        "src/validate.rs",
        include_str!("../../generated-client/runtime/src/validate.rs"),
    ),
    (
        "src/wire.rs",
        include_str!("../../generated-client/runtime/src/wire.rs"),
    ),
];

/// The runtime's package name, as generated code's crate root imports it.
pub const RUNTIME_PACKAGE: &str = "client-runtime";

// The versions of the runtime's dependencies are written in one place, the workspace's
// `[workspace.dependencies]`, and read from there at build time (as the runtime's sources are):
// a table of our own here would be a third copy, beside the workspace's and the runtime's
// manifest, to keep in step by hand. The runtime's manifest says which of them it uses, and
// with which extra features.

/// The workspace's manifest: where dependency versions and features are written.
const WORKSPACE_MANIFEST: &str = include_str!("../../Cargo.toml");

/// The runtime's manifest: which workspace dependencies it uses.
const RUNTIME_MANIFEST: &str = include_str!("../../generated-client/runtime/Cargo.toml");

/// The `key = value` lines of a manifest's `[section]`, comments and blank lines left out.
fn section_lines<'a>(manifest: &'a str, section: &str) -> Vec<(&'a str, &'a str)> {
    let header = format!("[{section}]");
    manifest
        .lines()
        .skip_while(|line| line.trim() != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter_map(|line| line.split_once(" = "))
        .filter(|(key, _)| !key.trim_start().starts_with('#'))
        .collect()
}

/// The features a dependency's inline table lists (`features = ["a", "b"]`), as written.
fn listed_features(table: &str) -> Option<&str> {
    let start = table.find("features = [")? + "features = [".len();
    let end = start + table[start..].find(']')?;
    Some(&table[start..end])
}

/// The runtime's dependencies, each as `(name, value)` for a `[dependencies]` line: the
/// workspace's value, with the features the runtime adds to it. Sorted by name.
fn runtime_dependencies() -> Vec<(&'static str, String)> {
    let workspace = section_lines(WORKSPACE_MANIFEST, "workspace.dependencies");
    let mut dependencies: Vec<(&str, String)> = section_lines(RUNTIME_MANIFEST, "dependencies")
        .into_iter()
        .filter_map(|(key, value)| {
            let name = key.strip_suffix(".workspace").unwrap_or(key).trim();
            let pinned = workspace.iter().find(|(k, _)| k.trim() == name)?.1.trim();
            let optional = value.contains("optional = true");
            let value = match listed_features(value) {
                None => pinned.to_owned(),
                Some(extra) => match (pinned.strip_prefix('{'), listed_features(pinned)) {
                    // A table with features of its own: the runtime's are added to them.
                    (Some(_), Some(own)) => pinned.replacen(own, &format!("{own}, {extra}"), 1),
                    (Some(table), None) => format!(
                        "{{{}, features = [{extra}] }}",
                        table.trim_end().trim_end_matches('}').trim_end()
                    ),
                    // A bare version.
                    (None, _) => format!("{{ version = {pinned}, features = [{extra}] }}"),
                },
            };
            // A dependency only a feature of the runtime needs stays optional.
            let value = if optional {
                match value.strip_prefix('{') {
                    Some(table) => format!(
                        "{{{}, optional = true }}",
                        table.trim_end().trim_end_matches('}').trim_end()
                    ),
                    None => format!("{{ version = {value}, optional = true }}"),
                }
            } else {
                value
            };
            Some((name, value))
        })
        .collect();
    dependencies.sort();
    dependencies
}

/// A manifest's `[dependencies]` lines for these dependencies.
fn dependency_lines<'a>(
    dependencies: impl IntoIterator<Item = &'a (&'static str, String)>,
) -> String {
    dependencies
        .into_iter()
        .map(|(name, value)| format!("{name} = {value}\n"))
        .collect()
}

/// The runtime's dependencies that `sources` (generated Rust modules) name themselves: in a
/// path (`serde_json::Value`, `::serde::Serialize`) or in a serde `with` attribute's path. Other
/// crates are reached through the runtime (`crate::runtime::__private::reqwest`), so they are
/// not the generated crate's dependencies. Comments and other strings (docs, a spec's
/// patterns) name nothing.
fn named_dependencies(sources: &[&str]) -> Vec<(&'static str, String)> {
    let mut named = std::collections::BTreeSet::new();
    let mut imported = std::collections::BTreeSet::new();
    for source in sources {
        // Rendered by prettyplease, so it lexes; a module that did not would name nothing.
        if let Ok(tokens) = source.parse::<proc_macro2::TokenStream>() {
            crate_roots(tokens, &mut named);
            imported_names(source, &mut imported);
        }
    }
    runtime_dependencies()
        .into_iter()
        .map(|(name, value)| (name, value, name.replace('-', "_")))
        .filter(|(_, _, name)| named.contains(name) && !imported.contains(name))
        .map(|(name, value, _)| (name, value))
        .collect()
}

/// Adds to `imported` the names that `source`'s `use crate::…` items bring in (such as the
/// runtime's `reqwest`, after which `reqwest::Client` is the runtime's, not a dependency).
fn imported_names(source: &str, imported: &mut std::collections::BTreeSet<String>) {
    for item in source.split("use crate::").skip(1) {
        let tree = item.split(';').next().unwrap_or_default();
        let leaves = tree
            .split([',', '{', '}'])
            .filter_map(|part| part.rsplit("::").next());
        imported.extend(
            leaves
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
        );
    }
}

/// Adds to `named` the first segment of each path in `tokens` that starts at a crate (not at
/// `crate`, `self`, `super`, or after another segment), and of each serde `with` path.
fn crate_roots(tokens: proc_macro2::TokenStream, named: &mut std::collections::BTreeSet<String>) {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let is_colon =
        |tree: Option<&TokenTree>| matches!(tree, Some(TokenTree::Punct(p)) if p.as_char() == ':');
    for (index, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(group) => crate_roots(group.stream(), named),
            TokenTree::Ident(ident) => {
                let starts_path = is_colon(trees.get(index + 1)) && is_colon(trees.get(index + 2));
                // `a::b` continues a path at `b`; `::serde` after `<`, `(` or nothing starts one.
                let continues_path = index >= 2
                    && is_colon(trees.get(index - 1))
                    && is_colon(trees.get(index - 2))
                    && index >= 3
                    && match &trees[index - 3] {
                        TokenTree::Ident(_) => true,
                        // `<T>::x`, but not `-> ::x` or `=> ::x`.
                        TokenTree::Punct(p) => {
                            p.as_char() == '>'
                                && !matches!(trees.get(index.wrapping_sub(4)),
                                    Some(TokenTree::Punct(q)) if matches!(q.as_char(), '-' | '='))
                        }
                        _ => false,
                    };
                let name = ident.to_string();
                let relative = matches!(name.as_str(), "crate" | "self" | "super" | "Self");
                if starts_path && !continues_path && !relative {
                    named.insert(name);
                }
            }
            TokenTree::Literal(literal) => {
                let is_with = index >= 2
                    && matches!(&trees[index - 1], TokenTree::Punct(p) if p.as_char() == '=')
                    && matches!(&trees[index - 2], TokenTree::Ident(key)
                        if key == "with" || key == "serialize_with" || key == "deserialize_with");
                let text = literal.to_string();
                if let Some(path) = text.strip_prefix('"').filter(|_| is_with)
                    && let Some((first, _)) = path.split_once("::")
                {
                    named.insert(first.to_owned());
                }
            }
            TokenTree::Punct(_) => {}
        }
    }
}

/// The runtime crate's files (manifest and sources), relative to its directory. They name no
/// spec, so one copy serves every generated crate that points at it.
pub fn runtime_files() -> Vec<GeneratedFile> {
    let origin = "the hand-written runtime (generated-client/runtime)";
    // The runtime's own features (the typed mock), as its manifest declares them.
    let features: String = section_lines(RUNTIME_MANIFEST, "features")
        .iter()
        .map(|(key, value)| format!("{} = {}\n", key.trim(), value.trim()))
        .collect();
    let manifest = format!(
        "{}\n[package]\nname = \"{RUNTIME_PACKAGE}\"\nversion = \"0.1.0\"\nedition = \"2024\"\ndescription = \"The runtime that generated clients call.\"\npublish = false\n\n[dependencies]\n{}\n[features]\n{features}",
        header("#", origin),
        dependency_lines(&runtime_dependencies()),
    );
    let mut files = vec![GeneratedFile {
        path: "Cargo.toml".to_owned(),
        contents: manifest,
    }];
    files.extend(RUNTIME_SOURCES.iter().map(|(path, source)| GeneratedFile {
        path: (*path).to_owned(),
        contents: format!("{}\n{source}", header("//", origin)),
    }));
    files
}

/// The `[features]` table of a crate generated from `api`: each feature of its tags (see
/// `ir::features`), all of them on by default, and `mock`, the typed mock for tests, off.
pub(crate) fn features_table(api: &Api) -> String {
    let features = &api.features.features;
    let mut table = String::from("[features]\n");
    if !features.is_empty() {
        // One line per feature, so that a feature added or removed is a line of the diff.
        table.push_str("default = [\n");
        for name in features.keys() {
            table.push_str(&format!("    \"{name}\",\n"));
        }
        table.push_str("]\n");
        for name in features.keys() {
            table.push_str(&format!("{name} = []\n"));
        }
    }
    table.push_str(&format!("{MOCK_FEATURE} = [\"{RUNTIME_PACKAGE}/mock\"]\n"));
    table
}

/// The feature that compiles a generated crate's typed mock (`src/generated/mock.rs`).
pub(crate) const MOCK_FEATURE: &str = "mock";

/// The manifest and crate root of a standalone crate whose generated modules are `modules`;
/// with `runtime_path` `None`, also a copy of the runtime in `runtime/`. The manifest lists the
/// crates the modules name, besides the runtime.
pub(crate) fn files(
    api: &Api,
    modules: &[GeneratedFile],
    crate_name: &str,
    spec_name: &str,
    runtime_path: Option<&str>,
    recursion_limit: Option<usize>,
) -> Vec<GeneratedFile> {
    let description = crate::text::toml_string(&format!(
        "Client for {} (version {}).",
        api.title, api.version
    ));
    let path = crate::text::toml_string(runtime_path.unwrap_or("runtime"));
    let sources: Vec<&str> = modules.iter().map(|file| file.contents.as_str()).collect();
    // A crate of its own, even when written inside another workspace; a runtime copied into
    // `runtime/` is a member of that workspace, so both share one target directory.
    let manifest = format!(
        "{}\n[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\ndescription = {description}\npublish = false\n\n[workspace]\n\n[dependencies]\n{RUNTIME_PACKAGE} = {{ path = {path} }}\n{}",
        header("#", spec_name),
        dependency_lines(&named_dependencies(&sources)),
    );
    let manifest = format!("{manifest}\n{}", features_table(api));
    // A build with some features off may leave a dependency unused: the lint that keeps the
    // manifest to the crates the code names runs on the default build, which compiles it all.
    let dependency_lint = if api.features.features.is_empty() {
        "#![warn(unused_crate_dependencies)]"
    } else {
        "#![cfg_attr(feature = \"default\", warn(unused_crate_dependencies))]"
    };
    // Types that nest deeper than rustc's default limit allows need a higher one, which only
    // the crate root can declare (see `ir::nesting`).
    let limit = recursion_limit
        .map(|limit| format!("#![recursion_limit = \"{limit}\"]\n"))
        .unwrap_or_default();
    // `Credentials`, when the spec declares what a client authenticates with.
    let client_items = if api.credentials.is_empty() {
        "Client, Error"
    } else {
        "Client, Credentials, Error"
    };
    let lib = format!(
        "{}\n//! A typed, validating client for {}, generated from its OpenAPI document.\n\n#![deny(missing_docs)]\n// The manifest lists only the crates the generated code names.\n{dependency_lint}\n{limit}\n#[rustfmt::skip]\nmod generated;\n/// Generated modules reach the runtime as `crate::runtime`.\nuse client_runtime as runtime;\n\npub use generated::client::{{{client_items}}};\npub use generated::types;\npub use runtime::{{\n    AuthError, BodyError, BuildError, Config, ConstraintError, ErrorDetails, FilePart, FreshToken,\n    Path, RawBody, RetryPolicy, Secret, UnknownJson, UnknownValue, UnknownVariant, Validate,\n    Violation, Violations, decode_json, paging,\n}};\n/// The typed mock, for tests (the `mock` feature).\n#[cfg(feature = \"mock\")]\npub use generated::mock;\n",
        header("//", spec_name),
        crate::text::one_line(&api.title),
    );
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".to_owned(),
            contents: manifest,
        },
        GeneratedFile {
            path: "src/lib.rs".to_owned(),
            contents: lib,
        },
    ];
    if runtime_path.is_none() {
        files.extend(runtime_files().into_iter().map(|file| GeneratedFile {
            path: format!("runtime/{}", file.path),
            contents: file.contents,
        }));
    }
    files
}

#[cfg(test)]
mod tests {
    /// Every source file of the hand-written runtime is copied.
    #[test]
    fn runtime_list_is_complete() -> std::io::Result<()> {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../generated-client/runtime/src"
        );
        let mut on_disk = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type()?.is_dir() {
                for inner in std::fs::read_dir(entry.path())? {
                    let inner = inner?.file_name().to_string_lossy().into_owned();
                    on_disk.push(format!("src/{name}/{inner}"));
                }
            } else {
                on_disk.push(format!("src/{name}"));
            }
        }
        on_disk.sort();
        let listed: Vec<String> = super::RUNTIME_SOURCES
            .iter()
            .map(|(p, _)| (*p).to_owned())
            .collect();
        assert_eq!(listed, on_disk);
        Ok(())
    }

    /// The copy's manifest lists every dependency of the runtime package, each with the
    /// workspace's version and features, and the runtime's own features added.
    #[test]
    fn runtime_dependencies_are_the_workspace_lines_of_the_runtime_crates() {
        let names: Vec<&str> = super::runtime_dependencies()
            .iter()
            .map(|(n, _)| *n)
            .collect();
        let mut listed: Vec<&str> = super::section_lines(super::RUNTIME_MANIFEST, "dependencies")
            .into_iter()
            .map(|(key, _)| key.trim().trim_end_matches(".workspace"))
            .collect();
        listed.sort();
        assert_eq!(names, listed);
        let lines = super::dependency_lines(&super::runtime_dependencies());
        assert!(lines.contains(
            "serde_json = { version = \"1\", features = [\"arbitrary_precision\", \"raw_value\"] }\n"
        ), "{lines}");
        assert!(
            lines.contains("tokio = { version = \"1\", features = [\"sync\", \"time\"] }\n"),
            "{lines}"
        );
    }

    fn named(source: &str) -> Vec<&'static str> {
        super::named_dependencies(&[source])
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    #[test]
    fn a_crate_named_in_a_path_is_a_dependency() {
        assert_eq!(
            named("pub struct A { pub v: serde_json::Value }"),
            ["serde_json"]
        );
        assert_eq!(named("fn f() -> ::time::Date { todo!() }"), ["time"]);
        assert_eq!(named("#[derive(serde::Serialize)] struct A;"), ["serde"]);
    }

    #[test]
    fn a_serde_with_path_names_its_crate() {
        let source = r#"struct A { #[serde(with = "rust_decimal::serde::float")] d: D }"#;
        assert_eq!(named(source), ["rust_decimal"]);
    }

    #[test]
    fn docs_strings_and_inner_segments_name_no_crate() {
        let source = r#"
            /// A `time::Date`, or `regex::Regex`.
            const PATTERN: &str = "serde_json::x";
            type T = crate::runtime::__private::reqwest::Client;
            type U = other::tokio::Thing;
        "#;
        assert_eq!(named(source), Vec::<&str>::new());
    }

    /// EnKash's client names its value types' crates, and reaches the others (reqwest,
    /// regex) through the runtime.
    #[test]
    fn the_enkash_manifest_lists_the_crates_its_code_names() -> Result<(), crate::Diagnostics> {
        let spec = include_str!("../../spec/openapi.yaml");
        let settings = crate::Settings {
            spec_name: "spec/openapi.yaml".to_owned(),
            standalone_crate: Some("enkash".to_owned()),
            runtime_path: Some("../runtime".to_owned()),
            doc_crate: None,
        };
        let generated = crate::generate(spec, &settings)?;
        let manifest = generated
            .files
            .iter()
            .find(|f| f.path == "Cargo.toml")
            .map(|f| f.contents.as_str())
            .unwrap_or_default();
        let names: Vec<&str> = super::section_lines(manifest, "dependencies")
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(
            names,
            [
                "client-runtime",
                "rust_decimal",
                "serde",
                "serde_json",
                "time"
            ]
        );
        Ok(())
    }

    /// What users of a generated client need from the runtime, by name: its errors, its
    /// configuration, secrets, files and validation. A name added to the runtime's root
    /// without being added here is plumbing by mistake (it belongs in `__private`); one
    /// added here on purpose is still at most 20.
    const RUNTIME_FACE: &[&str] = &[
        "AuthError",
        "BodyError",
        "BuildError",
        "Config",
        "ConstraintError",
        "Error",
        "ErrorDetails",
        "FilePart",
        "FreshToken",
        "Path",
        "RawBody",
        "RetryPolicy",
        "Secret",
        "UnknownJson",
        "UnknownValue",
        "UnknownVariant",
        "Validate",
        "Violation",
        "Violations",
        "decode_json",
        "mock",
        "paging",
    ];

    fn is_hidden(attrs: &[syn::Attribute]) -> bool {
        attrs.iter().any(|attr| {
            attr.path().is_ident("doc")
                && attr
                    .parse_args::<syn::Ident>()
                    .is_ok_and(|arg| arg == "hidden")
        })
    }

    fn is_pub(vis: &syn::Visibility) -> bool {
        matches!(vis, syn::Visibility::Public(_))
    }

    /// The names a `use` tree brings in (a glob, which hides what it brings, fails the test).
    fn use_names(tree: &syn::UseTree, names: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(path) => use_names(&path.tree, names),
            syn::UseTree::Name(name) => names.push(name.ident.to_string()),
            syn::UseTree::Rename(rename) => names.push(rename.rename.to_string()),
            syn::UseTree::Group(group) => group.items.iter().for_each(|t| use_names(t, names)),
            syn::UseTree::Glob(_) => panic!("a public glob re-export at the runtime's root"),
        }
    }

    /// The public names at the root of a crate whose root file is `lib` and whose other
    /// files are `others` (their `#[macro_export]` macros land at the root): the documented
    /// ones, and the `#[doc(hidden)]` ones.
    fn root_names(lib: &str, others: &[&str]) -> (Vec<String>, Vec<String>) {
        let (mut shown, mut hidden) = (Vec::new(), Vec::new());
        let mut place = |name: String, attrs: &[syn::Attribute]| {
            if is_hidden(attrs) {
                hidden.push(name);
            } else {
                shown.push(name);
            }
        };
        let file = syn::parse_file(lib).expect("the runtime's lib.rs parses");
        for item in &file.items {
            let (name, attrs) = match item {
                syn::Item::Use(item) if is_pub(&item.vis) => {
                    let mut names = Vec::new();
                    use_names(&item.tree, &mut names);
                    names.into_iter().for_each(|name| place(name, &item.attrs));
                    continue;
                }
                syn::Item::Struct(i) if is_pub(&i.vis) => (i.ident.to_string(), &i.attrs),
                syn::Item::Enum(i) if is_pub(&i.vis) => (i.ident.to_string(), &i.attrs),
                syn::Item::Fn(i) if is_pub(&i.vis) => (i.sig.ident.to_string(), &i.attrs),
                syn::Item::Trait(i) if is_pub(&i.vis) => (i.ident.to_string(), &i.attrs),
                syn::Item::Mod(i) if is_pub(&i.vis) => (i.ident.to_string(), &i.attrs),
                syn::Item::Type(i) if is_pub(&i.vis) => (i.ident.to_string(), &i.attrs),
                syn::Item::Const(i) if is_pub(&i.vis) => (i.ident.to_string(), &i.attrs),
                syn::Item::Static(i) if is_pub(&i.vis) => (i.ident.to_string(), &i.attrs),
                _ => continue,
            };
            place(name, attrs);
        }
        for other in others {
            let file = syn::parse_file(other).expect("a runtime source parses");
            for item in &file.items {
                if let syn::Item::Macro(item) = item
                    && item.attrs.iter().any(|a| a.path().is_ident("macro_export"))
                    && let Some(name) = &item.ident
                {
                    place(name.to_string(), &item.attrs);
                }
            }
        }
        shown.sort();
        hidden.sort();
        (shown, hidden)
    }

    /// The runtime's root shows users what they need and nothing else; the plumbing is in
    /// one hidden module, beside the exported macros that Rust puts at the root.
    #[test]
    fn the_runtime_root_is_its_face_for_users() {
        let lib = super::RUNTIME_SOURCES
            .iter()
            .find(|(path, _)| *path == "src/lib.rs")
            .map(|(_, source)| *source)
            .unwrap_or_default();
        let others: Vec<&str> = super::RUNTIME_SOURCES
            .iter()
            .filter(|(path, _)| *path != "src/lib.rs")
            .map(|(_, source)| *source)
            .collect();
        let (shown, hidden) = root_names(lib, &others);
        assert_eq!(shown, RUNTIME_FACE);
        // A small face: what users name, not plumbing (`paging` and `mock` are modules of their
        // own, so that walking a list, and the typed mock, add one name each).
        assert!(RUNTIME_FACE.len() <= 22, "{} names", RUNTIME_FACE.len());
        assert_eq!(
            hidden,
            [
                "__private",
                "enum_value_doc",
                "string_enum",
                "string_pattern",
                "temporal_format"
            ]
        );
    }

    /// The check above sees what it must: a public item, a re-export, a hidden module.
    #[test]
    fn root_names_finds_items_re_exports_and_hidden_ones() {
        let lib = "pub struct A; struct B; pub use m::{C, D as E}; #[doc(hidden)] pub mod h {}";
        let other = "#[macro_export] macro_rules! m { () => {} }";
        let (shown, hidden) = root_names(lib, &[other]);
        assert_eq!(shown, ["A", "C", "E", "m"]);
        assert_eq!(hidden, ["h"]);
    }

    /// A standalone crate re-exports the runtime's whole face (but `Error`, which it defines
    /// for its own error body, and `mock`, whose typed mock of its own it re-exports), so that
    /// its users need not depend on the runtime.
    #[test]
    fn a_standalone_crate_re_exports_the_runtime_face() -> Result<(), crate::Diagnostics> {
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
        let settings = crate::Settings {
            spec_name: "t.yaml".to_owned(),
            standalone_crate: Some("t".to_owned()),
            runtime_path: Some("../runtime".to_owned()),
            doc_crate: None,
        };
        let generated = crate::generate(spec, &settings)?;
        let lib = generated
            .files
            .iter()
            .find(|f| f.path == "src/lib.rs")
            .map(|f| f.contents.as_str())
            .unwrap_or_default();
        let file = syn::parse_file(lib).expect("the generated lib.rs parses");
        let mut re_exported = Vec::new();
        for item in &file.items {
            if let syn::Item::Use(item) = item
                && is_pub(&item.vis)
                && let syn::UseTree::Path(path) = &item.tree
                && path.ident == "runtime"
            {
                use_names(&path.tree, &mut re_exported);
            }
        }
        re_exported.sort();
        let face: Vec<&str> = RUNTIME_FACE
            .iter()
            .copied()
            .filter(|n| *n != "Error" && *n != "mock")
            .collect();
        assert_eq!(re_exported, face);
        assert!(lib.contains("#[cfg(feature = \"mock\")]\npub use generated::mock;"));
        Ok(())
    }
}
