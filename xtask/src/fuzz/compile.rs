//! `--compile-sample K`: generated code that does not compile is a bug as surely as a panic.
//! K of the cases that generated, spread evenly over the run, are written as standalone crates
//! and checked with `cargo check`, warnings denied, as the `standalone_crates_compile` test does
//! for the fixtures.

use super::{Case, Options, seeds::Seed};
use anyhow::{Context, Result};
use generator::Settings;
use std::path::Path;

/// How many of the sampled crates compiled.
#[derive(Debug)]
pub(crate) struct Sampled {
    pub(crate) tried: usize,
    pub(crate) compiled: usize,
}

/// Lines of compiler output kept beside a failing case.
const ERROR_LINES: usize = 40;

pub(crate) fn sample(
    root: &Path,
    options: &Options,
    seeds: &[Seed],
    generated: &[u64],
) -> Result<Sampled> {
    let mut generated = generated.to_vec();
    generated.sort_unstable();
    let k = options.compile_sample.min(generated.len());
    let picks: Vec<u64> = (0..k).map(|i| generated[i * generated.len() / k]).collect();
    let work = root.join("target/fuzz/check");
    let target = root.join("target/fuzz/check-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut compiled = 0;
    crate::crates::write_runtime(&work.join("runtime"))?;
    for number in &picks {
        let case = Case::build(seeds, options.seed, *number);
        let crate_name = format!("fuzz-case-{number}");
        let settings = Settings {
            spec_name: format!("fuzz case {number}"),
            standalone_crate: Some(crate_name.clone()),
            runtime_path: Some(crate::crates::SHARED_RUNTIME.to_owned()),
            doc_crate: None,
        };
        // These cases generated once already, on a case thread; run again here, they do the same.
        let Ok(files) = generator::generate(&case.text, &settings).map(|g| g.files) else {
            continue;
        };
        let dir = work.join(&crate_name);
        crate::crates::write(root, &dir, &files)?;
        let output = std::process::Command::new(&cargo)
            .args(["check", "--offline", "--quiet"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .with_context(|| format!("running cargo check in {}", dir.display()))?;
        if output.status.success() {
            compiled += 1;
            println!("case {number}: the generated crate compiles");
            continue;
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let head: Vec<&str> = stderr.lines().take(ERROR_LINES).collect();
        let spec = options.out.join(case.file_name("compile"));
        std::fs::write(&spec, &case.text)?;
        std::fs::write(spec.with_extension("txt"), head.join("\n") + "\n")?;
        println!(
            "case {number}: the generated crate does not compile (spec and errors in {}):\n  {}\n  reproduce: {}",
            spec.display(),
            head.iter().find(|l| l.starts_with("error")).unwrap_or(&""),
            options.reproducer(*number)
        );
    }
    Ok(Sampled {
        tried: picks.len(),
        compiled,
    })
}
