//! Tests that generated crates compile: every feature fixture and the EnKash spec as a
//! standalone crate (with clippy, warnings denied), and the evolution fixtures, whose caller
//! must compile against both releases while struct literals and exhaustive matches must not.

use super::{Options, codegen, report, workspace_root};
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The dev-dependency a behaviour test of a fixture's typed mock needs: the runtime its
/// `#[tokio::test]`s run on.
const TOKIO_DEV_DEPENDENCY: &str = "[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\"] }\n";

/// Golden output that is not compiled goes stale: every feature fixture of the generator,
/// and the EnKash spec, becomes a standalone crate (`--spec --out`) that must compile on its
/// own. They share one target folder, so the dependencies compile once.
#[test]
fn standalone_crates_compile() -> Result<()> {
    let root = workspace_root();
    let work = root.join("target/standalone-crates");
    let fixtures = root.join("generator/tests/fixtures/ok");
    let mut specs = Vec::new();
    for entry in std::fs::read_dir(&fixtures)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            specs.push(path);
        }
    }
    specs.sort();
    // Specs written over several files: the root document of each folder under `split/`.
    let mut split = Vec::new();
    for entry in std::fs::read_dir(root.join("generator/tests/fixtures/split"))? {
        split.push(entry?.path().join("openapi.yaml"));
    }
    split.sort();
    specs.extend(split);
    specs.push(root.join("spec/openapi.yaml"));
    for spec in specs {
        let stem = if spec.ends_with("openapi.yaml") && !spec.ends_with("spec/openapi.yaml") {
            // A split fixture is named by its folder.
            let folder = spec.parent().and_then(Path::file_name);
            folder.map(|f| format!("split-{}", f.to_string_lossy().replace('_', "-")))
        } else {
            spec.file_stem()
                .map(|s| s.to_string_lossy().replace('_', "-"))
        };
        let stem = stem.unwrap_or_default();
        // A fixture named like an API whose name starts with a digit (`1panel`) is written
        // to a folder of that very name, as a user would name it, so that the crate name
        // made from the folder's is checked too.
        let folder = if stem.starts_with(|c: char| c.is_ascii_digit()) {
            stem
        } else {
            format!("client-{stem}")
        };
        let out = work.join(folder);
        // The fixtures' crates share one runtime crate, built once; EnKash's spec gets a
        // copy of its own in its `runtime/` folder, as `--out` alone writes it.
        let shared = !spec.ends_with("spec/openapi.yaml");
        generate_crate(&root, &spec, &out, shared.then(|| work.join("runtime")))?;
        // A fixture may come with a test of what its types do (`<fixture>.rs` beside it),
        // which runs against the generated crate.
        let behaviour = spec.with_extension("rs");
        // Otherwise clippy, where the toolchain has it: users run it on their crates, and
        // generated code must give it nothing to say (warnings are denied). Either way with
        // the typed mock, which is compiled only when asked for.
        let mut args = vec!["--features", "mock"];
        let command = if behaviour.is_file() {
            std::fs::create_dir_all(out.join("tests"))?;
            std::fs::copy(&behaviour, out.join("tests/behaviour.rs"))?;
            // A test of the typed mock runs on tokio, as users' tests of it do: a dependency
            // of that test alone (the library's own test target would find it unused).
            let test = std::fs::read_to_string(&behaviour)?;
            if test.contains("tokio::") {
                let manifest = std::fs::read_to_string(out.join("Cargo.toml"))?;
                std::fs::write(
                    out.join("Cargo.toml"),
                    format!("{manifest}\n{TOKIO_DEV_DEPENDENCY}"),
                )?;
                args.extend(["--test", "behaviour"]);
            }
            "test"
        } else if has_clippy() {
            "clippy"
        } else {
            "check"
        };
        args.insert(0, command);
        let output = cargo_in(&out, &work, &args)?;
        assert!(
            output.status.success(),
            "the crate generated from {} does not {command}:\n{}",
            spec.display(),
            output_text(&output)
        );
    }
    // In the same test, so that they share the target folder and the runtime without
    // waiting on another test's lock.
    a_deep_chain_compiles(&root, &work)?;
    for crate_dir in ["client-features-per-tag", "client-openapi"] {
        each_feature_compiles_alone(&work.join(crate_dir), &work)?;
    }
    additive_changes_break_no_caller(&root, &work)
}

/// A crate with a cargo feature per tag builds with each feature alone, and with none, without
/// a warning: what a feature leaves out takes its imports, helpers and rules with it.
fn each_feature_compiles_alone(out: &Path, work: &Path) -> Result<()> {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml"))?;
    let features = cargo_features(&manifest);
    assert!(
        features.len() >= 2,
        "{} has no features to check: {features:?}",
        out.display()
    );
    let alone = features
        .iter()
        .map(|feature| vec!["--features", feature.as_str()]);
    for extra in std::iter::once(Vec::new()).chain(alone) {
        let mut args = vec!["check", "--no-default-features"];
        args.extend(extra.iter().copied());
        let output = cargo_in(out, work, &args)?;
        assert!(
            output.status.success(),
            "{} does not build with {args:?}:\n{}",
            out.display(),
            output_text(&output)
        );
    }
    Ok(())
}

/// The features a generated manifest declares, `default` aside.
fn cargo_features(manifest: &str) -> Vec<String> {
    manifest
        .split_once("[features]")
        .map(|(_, rest)| rest.split("\n[").next().unwrap_or(rest))
        .into_iter()
        .flat_map(str::lines)
        .filter_map(|line| line.split_once('=').map(|(name, _)| name.trim().to_owned()))
        .filter(|name| !name.is_empty() && name != "default" && !name.starts_with('#'))
        .collect()
}

/// A chain of 210 schemas, each holding the next through a property, an array or a map in
/// turn, nests deeper than rustc's default recursion limit allows (E0320 while checking drops,
/// and the layout of the operation's async body); the crate generated from it compiles all
/// the same.
fn a_deep_chain_compiles(root: &Path, work: &Path) -> Result<()> {
    let links = 210;
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: Deep chain, version: '1'}\npaths:\n  /chain:\n    get:\n      \
         operationId: getChain\n      responses:\n        '200':\n          description: The \
         chain.\n          content:\n            application/json:\n              schema: {$ref: \
         '#/components/schemas/S0'}\ncomponents:\n  schemas:\n",
    );
    for i in 0..links {
        let next = format!("{{$ref: '#/components/schemas/S{}'}}", i + 1);
        let holds = match i % 3 {
            _ if i + 1 == links => "{type: string}".to_owned(),
            0 => next,
            1 => format!("{{type: array, items: {next}}}"),
            _ => format!("{{type: object, additionalProperties: {next}}}"),
        };
        spec.push_str(&format!(
            "    S{i}: {{type: object, properties: {{next: {holds}}}}}\n"
        ));
    }
    let path = work.join("deep-chain.yaml");
    std::fs::write(&path, spec)?;
    let out = work.join("client-deep-chain");
    generate_crate(root, &path, &out, Some(work.join("runtime")))?;
    let command = if has_clippy() { "clippy" } else { "check" };
    let output = cargo_in(&out, work, &[command])?;
    assert!(
        output.status.success(),
        "the crate of a chain of {links} schemas does not {command}:\n{}",
        output_text(&output)
    );
    Ok(())
}

/// The generated API survives additive changes: `caller.rs`, written against the crate of
/// `evolution/before.yaml`, compiles and passes against it and against the crate of
/// `after.yaml`, which only adds a field, a parameter, enum values and a oneOf schema. What
/// makes that so is `#[non_exhaustive]`, so its effect is checked too: outside the crate,
/// struct literals and matches without `_` of the generated types must not compile.
fn additive_changes_break_no_caller(root: &Path, work: &Path) -> Result<()> {
    let fixtures = root.join("generator/tests/fixtures/evolution");
    // One crate name in two folders, so that the one caller names either crate.
    let crate_of = |release: &str| work.join(format!("evolution-{release}/client-evolution"));
    for release in ["before", "after"] {
        let out = crate_of(release);
        let spec = fixtures.join(format!("{release}.yaml"));
        generate_crate(root, &spec, &out, Some(work.join("runtime")))?;
        let tests = out.join("tests");
        if tests.exists() {
            std::fs::remove_dir_all(&tests)?;
        }
        std::fs::create_dir_all(&tests)?;
        std::fs::copy(fixtures.join("caller.rs"), tests.join("caller.rs"))?;
        let output = cargo_in(&out, work, &["test"])?;
        assert!(
            output.status.success(),
            "caller.rs, written against before.yaml, fails against {release}.yaml:\n{}",
            output_text(&output)
        );
    }
    let before = crate_of("before");
    for (name, code, expected) in [
        ("struct_literals", "E0639", 3),
        ("exhaustive_matches", "E0004", 4),
    ] {
        let test = before.join(format!("tests/{name}.rs"));
        std::fs::copy(fixtures.join(format!("{name}.rs")), &test)?;
        let output = cargo_in(&before, work, &["check", "--test", name]);
        std::fs::remove_file(&test)?;
        let output = output?;
        let text = output_text(&output);
        let refused = text.matches(&format!("error[{code}]")).count();
        assert!(
            !output.status.success() && refused == expected,
            "{name}.rs should be refused {expected} times with {code} (is a generated type \
             missing #[non_exhaustive]?), but was refused {refused} times:\n{text}"
        );
    }
    Ok(())
}

/// Generates `spec` as a standalone crate at `out`, with the shared runtime crate at
/// `runtime` or a copy of its own, pinned to the workspace's lock file.
fn generate_crate(root: &Path, spec: &Path, out: &Path, runtime: Option<PathBuf>) -> Result<()> {
    let options = Options {
        check: false,
        spec: Some(spec.to_owned()),
        out: Some(out.to_owned()),
        runtime,
        report: report::ReportOptions::default(),
    };
    assert_eq!(codegen(&options)?, ExitCode::SUCCESS, "{}", spec.display());
    // The workspace's lock file pins the same versions the workspace was tested with.
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))?;
    Ok(())
}

/// Whether `cargo clippy` is installed (CI installs it; a bare toolchain may lack it).
fn has_clippy() -> bool {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    std::process::Command::new(cargo)
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Runs `cargo <args>` in a generated crate, offline, with warnings as errors, in the
/// target folder that all generated crates share.
fn cargo_in(dir: &Path, work: &Path, args: &[&str]) -> Result<std::process::Output> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    Ok(std::process::Command::new(cargo)
        .args(args)
        .args(["--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()?)
}

fn output_text(output: &std::process::Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
