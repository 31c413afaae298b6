//! Where the files of a spec written over several files are read from: the folder of the root
//! document, or that folder at a git revision (for the change report's base).

use generator::{Spec, SpecFiles};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The files beside a root document on disk.
#[derive(Debug)]
pub(crate) struct Folder(pub(crate) PathBuf);

impl Folder {
    /// The folder of the document at `spec_path`, and the document's name in it.
    pub(crate) fn of(spec_path: &Path) -> (Folder, String) {
        let dir = spec_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let name = spec_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (Folder(dir), name)
    }
}

impl SpecFiles for Folder {
    fn read(&self, path: &str) -> Result<String, String> {
        let full = self.0.join(path);
        std::fs::read_to_string(&full).map_err(|error| format!("{}: {error}", full.display()))
    }
}

/// The files beside a root document, as they were at a git revision.
#[derive(Debug)]
pub(crate) struct AtRevision {
    pub(crate) rev: String,
    /// The root document's folder, from which git is run.
    pub(crate) dir: PathBuf,
}

impl SpecFiles for AtRevision {
    fn read(&self, path: &str) -> Result<String, String> {
        let output = Command::new("git")
            .arg("show")
            .arg(format!("{}:./{path}", self.rev))
            .current_dir(&self.dir)
            .output()
            .map_err(|error| format!("running git: {error}"))?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
        }
        String::from_utf8(output.stdout).map_err(|_| format!("{path} at {} is not UTF-8", self.rev))
    }
}

/// The spec whose root document is `text`, read from `spec_path`, the other files beside it.
pub(crate) fn spec<'a>(text: &'a str, name: &'a str, files: &'a dyn SpecFiles) -> Spec<'a> {
    Spec {
        text,
        path: name,
        files: Some(files),
    }
}
