//! Stage 5 (`--out`): the files that make the generated modules a crate of their own, which
//! builds with `cargo build` alone. The generated crate depends on the hand-written runtime
//! crate (`generated-client/runtime`, package `client-runtime`) by path: either a copy written
//! beside it, in `runtime/` (a small workspace of two packages), or a runtime crate the caller
//! already has, shared by several generated crates so that it is compiled once.

use crate::GeneratedFile;
use crate::ir::Api;
use crate::render::header;

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
        "src/error.rs",
        include_str!("../../generated-client/runtime/src/error.rs"),
    ),
    (
        "src/lib.rs",
        include_str!("../../generated-client/runtime/src/lib.rs"),
    ),
    (
        "src/nullable.rs",
        include_str!("../../generated-client/runtime/src/nullable.rs"),
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
        "src/secret.rs",
        include_str!("../../generated-client/runtime/src/secret.rs"),
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

/// The runtime's dependencies, as the workspace pins them.
const RUNTIME_DEPENDENCIES: &str = r#"[dependencies]
form_urlencoded = "1.2"
percent-encoding = "2"
regex = "1.13"
reqwest = { version = "0.13", default-features = false, features = ["rustls", "json", "query"] }
rust_decimal = { version = "1.40", default-features = false, features = ["std", "serde-with-arbitrary-precision"] }
secrecy = "0.10"
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["arbitrary_precision", "raw_value"] }
serde_path_to_error = "0.1"
time = { version = "0.3.41", features = ["serde", "macros", "formatting", "parsing"] }
tokio = { version = "1", features = ["sync", "time"] }
tracing = { version = "0.1", default-features = false, features = ["std", "attributes"] }
"#;

/// The crates generated code names itself (derives, `with` modules, field types), besides the
/// runtime; their lines are taken from the runtime's, so the versions and features agree.
const GENERATED_CRATES: &[&str] = &[
    "regex",
    "reqwest",
    "rust_decimal",
    "serde",
    "serde_json",
    "time",
];

/// The `[dependencies]` lines of the generated crate's own dependencies.
fn generated_dependencies() -> String {
    RUNTIME_DEPENDENCIES
        .lines()
        .filter(|line| {
            line.split_once(' ')
                .is_some_and(|(name, _)| GENERATED_CRATES.contains(&name))
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The runtime crate's files (manifest and sources), relative to its directory. They name no
/// spec, so one copy serves every generated crate that points at it.
pub fn runtime_files() -> Vec<GeneratedFile> {
    let origin = "the hand-written runtime (generated-client/runtime)";
    let manifest = format!(
        "{}\n[package]\nname = \"{RUNTIME_PACKAGE}\"\nversion = \"0.1.0\"\nedition = \"2024\"\ndescription = \"The runtime that generated clients call.\"\npublish = false\n\n{RUNTIME_DEPENDENCIES}",
        header("#", origin),
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

/// The manifest and crate root of a standalone crate; with `runtime_path` `None`, also a copy
/// of the runtime in `runtime/`.
pub(crate) fn files(
    api: &Api,
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
    // A crate of its own, even when written inside another workspace; a runtime copied into
    // `runtime/` is a member of that workspace, so both share one target directory.
    let manifest = format!(
        "{}\n[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\ndescription = {description}\npublish = false\n\n[workspace]\n\n[dependencies]\n{RUNTIME_PACKAGE} = {{ path = {path} }}\n{}",
        header("#", spec_name),
        generated_dependencies(),
    );
    // Types that nest deeper than rustc's default limit allows need a higher one, which only
    // the crate root can declare (see `ir::nesting`).
    let limit = recursion_limit
        .map(|limit| format!("#![recursion_limit = \"{limit}\"]\n"))
        .unwrap_or_default();
    let lib = format!(
        "{}\n//! A typed, validating client for {}, generated from its OpenAPI document.\n\n#![deny(missing_docs)]\n{limit}\n#[rustfmt::skip]\nmod generated;\n/// Generated modules reach the runtime as `crate::runtime`.\nuse client_runtime as runtime;\n\npub use generated::client::{{Client, Error}};\npub use generated::types;\npub use runtime::{{\n    AuthError, BodyError, BuildError, Config, ConstraintError, ErrorDetails, FilePart, FreshToken,\n    Path, RawBody, RetryPolicy, Secret, UnknownJson, UnknownValue, UnknownVariant, Validate,\n    Violation, Violations, decode_json,\n}};\n",
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
            let name = entry?.file_name().to_string_lossy().into_owned();
            on_disk.push(format!("src/{name}"));
        }
        on_disk.sort();
        let listed: Vec<String> = super::RUNTIME_SOURCES
            .iter()
            .map(|(p, _)| (*p).to_owned())
            .collect();
        assert_eq!(listed, on_disk);
        Ok(())
    }

    /// The copy's manifest lists the dependencies of the workspace's runtime package, by name.
    #[test]
    fn runtime_manifest_lists_the_runtime_dependencies() -> std::io::Result<()> {
        let manifest = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../generated-client/runtime/Cargo.toml"
        ))?;
        let section = |text: &str, name: &str| -> Vec<String> {
            let start = text
                .find(&format!("[{name}]"))
                .map_or(text.len(), |i| i + name.len() + 2);
            text[start..]
                .lines()
                .take_while(|line| !line.starts_with('['))
                .filter_map(|line| line.split([' ', '.', '=']).next())
                .filter(|name| !name.is_empty() && !name.starts_with('#'))
                .map(str::to_owned)
                .collect()
        };
        let mut workspace = section(&manifest, "dependencies");
        workspace.sort();
        let mut copied = section(super::RUNTIME_DEPENDENCIES, "dependencies");
        copied.sort();
        assert_eq!(copied, workspace);
        Ok(())
    }

    /// Every crate the generated code names has its line, from the runtime's.
    #[test]
    fn generated_dependencies_are_the_runtime_lines_of_those_crates() {
        let lines = super::generated_dependencies();
        let names: Vec<&str> = lines.lines().filter_map(|l| l.split(' ').next()).collect();
        assert_eq!(names, super::GENERATED_CRATES);
        assert!(lines.contains(
            r#"serde_json = { version = "1", features = ["arbitrary_precision", "raw_value"] }"#
        ));
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
        assert!(RUNTIME_FACE.len() <= 20, "{} names", RUNTIME_FACE.len());
        assert_eq!(hidden, ["__private", "string_pattern", "temporal_format"]);
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
    /// for its own error body), so that its users need not depend on the runtime.
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
            .filter(|n| *n != "Error")
            .collect();
        assert_eq!(re_exported, face);
        Ok(())
    }
}
