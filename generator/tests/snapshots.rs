//! Golden outputs: one fixture spec per feature, one snapshot per fixture and output file; and
//! one fixture per class of spec error, snapshotting the report.
//!
//! Review changes with `cargo insta review`; CI runs with `INSTA_UPDATE=no`.

use generator::{Settings, Spec, SpecFiles, generate, generate_spec};

fn settings() -> Settings {
    Settings {
        spec_name: "fixture.yaml".to_owned(),
        standalone_crate: None,
        runtime_path: None,
        // Examples in the docs name the crate; the snapshots show them.
        doc_crate: Some("fixture_client".to_owned()),
    }
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn features() {
    insta::glob!("fixtures/ok/*.yaml", |path| {
        let generated = generate(&read(path), &settings())
            .unwrap_or_else(|diagnostics| panic!("{}: {diagnostics}", path.display()));
        // Warnings and notes are part of the golden output too.
        if !generated.diagnostics.0.is_empty() {
            insta::assert_snapshot!("diagnostics", generated.diagnostics.to_string());
        }
        for file in generated
            .files
            .iter()
            .filter(|f| !f.path.ends_with("mod.rs"))
        {
            let name = file.path.rsplit('/').next().unwrap_or(&file.path);
            insta::assert_snapshot!(name, file.contents);
        }
    });
}

#[test]
fn errors() {
    insta::glob!("fixtures/err/*.yaml", |path| {
        match generate(&read(path), &settings()) {
            Ok(_) => panic!("{} should not generate", path.display()),
            Err(diagnostics) => insta::assert_snapshot!(diagnostics.to_string()),
        }
    });
}

#[test]
fn output_is_deterministic() {
    let spec = read(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/openapi.yaml"
    )));
    let first = generate(&spec, &settings());
    let second = generate(&spec, &settings());
    assert!(first.is_ok());
    assert_eq!(first, second);
}

/// The files of a split fixture, read from its folder.
struct Folder(std::path::PathBuf);

impl SpecFiles for Folder {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(self.0.join(path)).map_err(|e| e.to_string())
    }
}

/// Generates the split fixture whose root document is `path`, reading its other files.
fn generate_split(path: &std::path::Path) -> Result<generator::Generated, generator::Diagnostics> {
    let folder = Folder(
        path.parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default(),
    );
    let text = read(path);
    let spec = Spec {
        text: &text,
        path: "openapi.yaml",
        files: Some(&folder),
    };
    generate_spec(spec, &settings())
}

/// The root document of each split fixture under `tests/fixtures/<folder>`, with the fixture's
/// name (its folder's).
fn split_fixtures(folder: &str) -> Vec<(String, std::path::PathBuf)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder);
    let mut found: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, entry.path().join("openapi.yaml"))
        })
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no fixtures under {}", dir.display());
    found
}

#[test]
fn split_features() {
    for (fixture, path) in split_fixtures("split") {
        let generated = generate_split(&path)
            .unwrap_or_else(|diagnostics| panic!("{}: {diagnostics}", path.display()));
        if !generated.diagnostics.0.is_empty() {
            insta::assert_snapshot!(
                format!("split_{fixture}_diagnostics"),
                generated.diagnostics.to_string()
            );
        }
        for file in generated
            .files
            .iter()
            .filter(|f| !f.path.ends_with("mod.rs"))
        {
            let name = file.path.rsplit('/').next().unwrap_or(&file.path);
            insta::assert_snapshot!(format!("split_{fixture}_{name}"), file.contents);
        }
    }
}

#[test]
fn split_errors() {
    for (fixture, path) in split_fixtures("split_err") {
        match generate_split(&path) {
            Ok(_) => panic!("{} should not generate", path.display()),
            Err(diagnostics) => {
                insta::assert_snapshot!(format!("split_err_{fixture}"), diagnostics.to_string())
            }
        }
    }
}

#[test]
fn a_split_spec_given_as_text_alone_is_refused_naming_the_file() {
    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/split/petstore/openapi.yaml"
    ));
    let Err(diagnostics) = generate(&read(path), &settings()) else {
        panic!("a split spec given as text should not generate");
    };
    assert!(
        diagnostics
            .to_string()
            .contains("`paths/pets.yaml` is another file")
    );
}
