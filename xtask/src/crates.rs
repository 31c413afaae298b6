//! Generated crates on disk, compiled by cargo: shared by `corpus` and `lean-build`.

use anyhow::{Context, Result};
use generator::GeneratedFile;
use std::path::Path;

/// Writes `files` as the crate in `dir`, replacing whatever was there, with the workspace's lock
/// file, so that the crate builds with the dependency versions the workspace was tested with.
pub(crate) fn write(root: &Path, dir: &Path, files: &[GeneratedFile]) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.contents)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .with_context(|| format!("copying Cargo.lock into {}", dir.display()))?;
    Ok(())
}

/// Where generated crates written side by side under one folder find the runtime crate they
/// share, relative to each crate (see [`write_runtime`]).
pub(crate) const SHARED_RUNTIME: &str = "../runtime";

/// Writes the runtime crate into `dir` (`<folder>/runtime` for crates generated with
/// [`SHARED_RUNTIME`]), leaving files that are already right untouched, so that cargo does not
/// rebuild it for the next crate.
pub(crate) fn write_runtime(dir: &Path) -> Result<()> {
    for file in generator::runtime_files() {
        let path = dir.join(&file.path);
        if std::fs::read(&path).is_ok_and(|existing| existing == file.contents.as_bytes()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.contents)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// A package name for the crate generated from `file`: `prefix`, then the words (runs of ASCII
/// letters and digits) of the file's stem in lower case, joined by dashes.
pub(crate) fn package_name(prefix: &str, file: &Path) -> String {
    let mut stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    // The root of a spec written over several files is often `openapi.yaml`, in a folder named
    // after the API: two such roots would share one crate folder, so the folder names it.
    if matches!(
        stem.as_str(),
        "openapi" | "swagger" | "api" | "index" | "spec" | "main"
    ) {
        let folder = file
            .parent()
            .and_then(Path::file_name)
            .map(|f| f.to_string_lossy().to_lowercase());
        if let Some(folder) = folder {
            stem = format!("{folder}-{stem}");
        }
    }
    // Runs of other characters become one dash: `a__b` would become a crate `a__b`, which
    // rustc's `non_snake_case` lint rejects under `-D warnings`.
    let mut name = prefix.to_owned();
    for word in stem.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !word.is_empty() {
            name.push('-');
            name.push_str(word);
        }
    }
    name
}

/// The first error in the output of cargo run with `--message-format short`, without the
/// location it starts with: `error[E0412]: cannot find type `Foo` in this scope`.
pub(crate) fn first_error(stderr: &str) -> Option<String> {
    stderr.lines().find_map(|line| {
        let start = line.find("error")?;
        // A location (`src/x.rs:1:2: `) may stand before the error; nothing else may.
        let before = &line[..start];
        (before.is_empty() || before.ends_with(": ")).then(|| line[start..].to_owned())
    })
}

/// An error with every quoted name left out, so that errors of one class count together:
/// "cannot find type `Foo`" and "cannot find type `Bar`" both become "cannot find type `…`".
pub(crate) fn error_class(message: &str) -> String {
    let mut class = String::with_capacity(message.len());
    for (i, part) in message.split('`').enumerate() {
        class.push_str(if i % 2 == 1 { "`…`" } else { part });
    }
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dots, runs of underscores and leading digits cannot stand in a crate name as they are.
    #[test]
    fn package_names_are_valid_crate_names() {
        let name = package_name("api", Path::new("target/corpus/1password.com__events.json"));
        assert_eq!(name, "api-1password-com-events");
    }

    #[test]
    fn split_roots_named_alike_get_their_folders_names() {
        let hatchet = package_name("api", Path::new("split/hatchet/openapi.yaml"));
        let lago = package_name("api", Path::new("split/lago-src/openapi.yaml"));
        assert_eq!(hatchet, "api-hatchet-openapi");
        assert_ne!(hatchet, lago);
    }

    /// The location before the first error goes; warnings before it are skipped.
    #[test]
    fn first_error_skips_warnings_and_location() {
        let stderr = "warning: unused import\nsrc/lib.rs:3:5: error[E0412]: cannot find type `Foo`\nerror: could not compile `x`\n";
        assert_eq!(
            first_error(stderr).as_deref(),
            Some("error[E0412]: cannot find type `Foo`")
        );
    }

    /// A line that only mentions an error, in a message, is not an error.
    #[test]
    fn a_mention_of_error_is_not_an_error() {
        assert_eq!(first_error("note: the error type is `Foo`\n"), None);
    }

    /// Names are elided; the text around them stays.
    #[test]
    fn error_classes_elide_names() {
        assert_eq!(
            error_class("error[E0412]: cannot find type `Foo` in `bar`"),
            "error[E0412]: cannot find type `…` in `…`"
        );
    }
}
