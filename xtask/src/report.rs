//! The change report of `cargo xtask codegen`: the spec as it is, against the spec at a git
//! revision (`--base`, by default `HEAD`), compared by their API surfaces.

use anyhow::{Context, Result, bail};
use generator::{Level, Report, Surface};
use std::path::Path;
use std::process::Command;

/// What `--base`, `--report` and `--fail-on` asked for.
#[derive(Debug, Default)]
pub(crate) struct ReportOptions {
    /// The revision to compare against; `None` compares the checked-in specs against `HEAD`
    /// when git has them (and stays quiet when it does not), and `--spec` documents not at all.
    pub(crate) base: Option<String>,
    /// Where to write the reports as Markdown.
    pub(crate) file: Option<std::path::PathBuf>,
    /// `--report-format json`: the reports as JSON rather than Markdown.
    pub(crate) json: bool,
    /// Fail when a change reaches this level.
    pub(crate) fail_on: Option<Level>,
}

/// The report for one spec, whose client (of API `after`) was just generated, with its title; or
/// `None` when there is no base to compare with (no git, the spec is new, or it did not
/// generate there) and none was asked for. `checked_in`: one of the specs whose clients live
/// in this repository, compared against `HEAD` unless told otherwise.
pub(crate) fn spec_report(
    spec_path: &Path,
    spec_name: &str,
    after: &Surface,
    options: &ReportOptions,
    checked_in: bool,
) -> Result<Option<(Report, String)>> {
    let rev = match (&options.base, checked_in) {
        (Some(rev), _) => rev.as_str(),
        (None, true) => "HEAD",
        (None, false) => return Ok(None),
    };
    let base_text = match spec_at(rev, spec_path) {
        Ok(text) => text,
        Err(error) if options.base.is_some() => return Err(error),
        Err(_) => return Ok(None),
    };
    let absolute = std::path::absolute(spec_path)?;
    let (folder, root_name) = crate::spec_files::Folder::of(&absolute);
    let at_rev = crate::spec_files::AtRevision {
        rev: rev.to_owned(),
        dir: folder.0,
    };
    let before = match generator::surface_of(crate::spec_files::spec(
        &base_text, &root_name, &at_rev,
    )) {
        Ok(surface) => surface,
        Err(diagnostics) if diagnostics.count(generator::Severity::Internal) > 0 => {
            eprint!(
                "warning: the generator fails on {spec_name} at {rev}, so there is no API to compare with: {diagnostics}"
            );
            return Ok(None);
        }
        Err(diagnostics) => {
            eprintln!(
                "warning: {spec_name} at {rev} does not generate, so there is no API to compare with ({} errors)",
                diagnostics.count(generator::Severity::Error)
            );
            return Ok(None);
        }
    };
    let report = generator::compare(&before, after);
    let title = format!("`{spec_name}` ({rev} → working tree)");
    Ok(Some((report, title)))
}

/// The text of `spec_path` at `rev`, from git.
fn spec_at(rev: &str, spec_path: &Path) -> Result<String> {
    let absolute = std::path::absolute(spec_path)?;
    let dir = absolute.parent().context("the spec has no folder")?;
    let name = absolute.file_name().context("the spec has no file name")?;
    let output = Command::new("git")
        .arg("show")
        .arg(format!("{rev}:./{}", name.to_string_lossy()))
        .current_dir(dir)
        .output()
        .context("running git")?;
    if !output.status.success() {
        bail!(
            "cannot read {} at {rev}: {}",
            spec_path.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    String::from_utf8(output.stdout)
        .with_context(|| format!("{} at {rev} is not UTF-8", spec_path.display()))
}
