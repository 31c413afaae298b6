//! Stage 5 (`--out`): the files that make the generated modules a crate of their own, which
//! builds with `cargo build` alone. The runtime is the same hand-written code the workspace's
//! client uses, copied in.

use crate::GeneratedFile;
use crate::ir::Api;
use crate::render::header;

/// The hand-written runtime, shared with `generated-client`.
const RUNTIME: &[(&str, &str)] = &[
    (
        "src/runtime/auth.rs",
        include_str!("../../generated-client/src/runtime/auth.rs"),
    ),
    (
        "src/runtime/compose.rs",
        include_str!("../../generated-client/src/runtime/compose.rs"),
    ),
    (
        "src/runtime/params.rs",
        include_str!("../../generated-client/src/runtime/params.rs"),
    ),
    (
        "src/runtime/wire.rs",
        include_str!("../../generated-client/src/runtime/wire.rs"),
    ),
    (
        "src/runtime/request.rs",
        include_str!("../../generated-client/src/runtime/request.rs"),
    ),
    (
        "src/runtime/secret.rs",
        include_str!("../../generated-client/src/runtime/secret.rs"),
    ),
    (
        "src/runtime/mod.rs",
        include_str!("../../generated-client/src/runtime/mod.rs"),
    ),
    (
        "src/runtime/body.rs",
        include_str!("../../generated-client/src/runtime/body.rs"),
    ),
    (
        "src/runtime/error.rs",
        include_str!("../../generated-client/src/runtime/error.rs"),
    ),
    (
        "src/runtime/transport.rs",
        include_str!("../../generated-client/src/runtime/transport.rs"),
    ),
    (
        "src/runtime/validate.rs",
        include_str!("../../generated-client/src/runtime/validate.rs"),
    ),
];

/// The runtime's dependencies, as the workspace pins them.
const DEPENDENCIES: &str = r#"[dependencies]
form_urlencoded = "1.2"
percent-encoding = "2"
regex = "1.13"
reqwest = { version = "0.13", default-features = false, features = ["rustls", "json", "query"] }
rust_decimal = { version = "1.40", default-features = false, features = ["std", "serde-with-arbitrary-precision"] }
secrecy = "0.10"
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["arbitrary_precision"] }
serde_path_to_error = "0.1"
time = { version = "0.3.41", features = ["serde", "macros", "formatting", "parsing"] }
tokio = { version = "1", features = ["sync", "time"] }
tracing = { version = "0.1", default-features = false, features = ["std", "attributes"] }
"#;

pub(crate) fn files(api: &Api, crate_name: &str, spec_name: &str) -> Vec<GeneratedFile> {
    let description = crate::text::toml_string(&format!(
        "Client for {} (version {}).",
        api.title, api.version
    ));
    let manifest = format!(
        "{}\n[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\ndescription = {description}\npublish = false\n\n# A crate of its own, even when written inside another workspace.\n[workspace]\n\n{DEPENDENCIES}",
        header("#", spec_name),
    );
    let lib = format!(
        "{}\n//! A typed, validating client for {}, generated from its OpenAPI document.\n\n#![deny(missing_docs)]\n\n#[rustfmt::skip]\npub mod generated;\npub mod runtime;\n\npub use generated::client::{{Client, Error}};\npub use generated::types;\n",
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
    files.extend(RUNTIME.iter().map(|(path, source)| GeneratedFile {
        path: (*path).to_owned(),
        contents: format!("{}\n{source}", header("//", spec_name)),
    }));
    files
}

#[cfg(test)]
mod tests {
    /// Every file of the hand-written runtime is copied into standalone crates.
    #[test]
    fn runtime_list_is_complete() -> std::io::Result<()> {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../generated-client/src/runtime"
        );
        let mut on_disk = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            on_disk.push(format!("src/runtime/{name}"));
        }
        on_disk.sort();
        let mut listed: Vec<String> = super::RUNTIME
            .iter()
            .map(|(p, _)| (*p).to_owned())
            .collect();
        listed.sort();
        assert_eq!(listed, on_disk);
        Ok(())
    }
}
