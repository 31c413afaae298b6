//! Golden outputs: one fixture spec per feature, one snapshot per fixture and output file; and
//! one fixture per class of spec error, snapshotting the report.
//!
//! Review changes with `cargo insta review`; CI runs with `INSTA_UPDATE=no`.

use generator::{Settings, generate};

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
