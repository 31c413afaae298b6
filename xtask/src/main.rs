//! Project tasks. `cargo xtask codegen` regenerates the client from the spec; see `--help`.

use anyhow::{Context, Result, bail};
use generator::{GENERATED_DIR, GeneratedFile, HEADER_MARKER, Settings};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod corpus;
#[cfg(test)]
mod crate_checks;
mod crates;
mod fuzz;
mod lean_build;
mod report;
mod spec_files;
mod survey;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec PATH --out DIR [--runtime DIR]]
                           [--base REV] [--report FILE] [--report-format FORMAT]
                           [--fail-on LEVEL]
       cargo xtask survey [FILE|DIR…]
       cargo xtask corpus [FILE|DIR…] [--compile] [--jobs J] [--sample K] [--out FILE]
                          [--require PERCENT]
       cargo xtask lean-build [FILE|DIR…] [--jobs J]
       cargo xtask fuzz [--cases N] [--seed S] [--jobs J] [--corpus DIR] [--compile-sample K]
                        [--out DIR] [--case N] [--from N] [--minimize FILE]

  codegen                 regenerate generated-client/ from spec/openapi.yaml, and the tests'
                          client (tests/src/generated/) from tests/wire.yaml
  codegen --check         write nothing; fail and name each stale file
  codegen --spec PATH --out DIR
                          write a standalone crate for any OpenAPI 3.0 document; the package is
                          named after DIR. It depends on the runtime crate (client-runtime),
                          written into DIR/runtime/, in the crate's workspace
  codegen ... --runtime DIR
                          write (or keep, if it is up to date) the runtime crate in DIR instead,
                          and depend on it there: crates generated side by side share it, and
                          cargo builds it once
  codegen ... --base REV  compare the API with the spec at git revision REV and print what
                          changed, each change judged for the wire and for Rust callers
                          (nothing is printed when nothing changed); without --spec, the
                          default is HEAD, when git has the spec
  codegen ... --report FILE
                          also write the change report to FILE, as Markdown for a PR
  codegen ... --report-format FORMAT
                          `markdown` (the default) or `json`: the same content for bots, a
                          list with one report per spec, written to FILE and printed
  codegen ... --fail-on LEVEL
                          exit non-zero if a change is at least LEVEL: breaking,
                          possibly-breaking or informational
  survey [FILE|DIR…]      generate from each document (default: target/public-specs/, filled by
                          xtask/public-specs.sh) and report time and diagnostic kinds
  corpus [FILE|DIR…]      generate from each document (default: target/corpus/, filled by
                          xtask/corpus.sh) and count documents by what blocks them and untyped
                          `serde_json::Value`s; --compile `cargo check`s each client that
                          generated, warnings denied, in target/corpus-build/; --jobs J
                          generator threads and cargo's -j (default 2); --sample K takes K
                          documents spread over the corpus; --out FILE writes the report with a
                          row per document (Markdown); --require P fails below P% compiled
                          (generated, without --compile)
  lean-build [FILE|DIR…]  for each document (default: target/public-specs/), build the generated
                          crate once, clean it alone, and time a cold `cargo build -j J` of it
                          (default 2), warnings denied, with rustc's peak memory (GNU time);
                          fails unless each generates and builds within 60 s and 2 GiB
  fuzz                    mutate seed documents (fixtures, spec, --corpus, by default
                          target/public-specs/) and report generator panics and slow cases
                          (>2 s); failing specs go to --out (target/fuzz/failures/); defaults:
                          --cases 1000 --seed 1 --jobs 2; --case N replays one case;
                          --from N starts at case N (to resume after a stuck case);
                          --compile-sample K runs `cargo check` on K generated crates;
                          --minimize FILE shrinks a failing spec to the lines that matter";

/// The generator allocates for every token it prints; mimalloc makes that cheap.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    check: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    runtime: Option<PathBuf>,
    report: report::ReportOptions,
}

fn run(args: Vec<String>) -> Result<ExitCode> {
    let mut args = args.into_iter();
    match args.next().as_deref() {
        Some("codegen") => {}
        Some("fuzz") => return fuzz::run(&workspace_root(), &args.collect::<Vec<_>>()),
        Some("survey") => return survey::run(&workspace_root(), &args.collect::<Vec<_>>()),
        Some("corpus") => return corpus::run(&workspace_root(), &args.collect::<Vec<_>>()),
        Some("lean-build") => {
            return lean_build::run(&workspace_root(), &args.collect::<Vec<_>>());
        }
        Some("--help" | "-h") | None => {
            println!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Some(other) => bail!("unknown task `{other}`\n\n{USAGE}"),
    }
    let mut options = Options {
        check: false,
        spec: None,
        out: None,
        runtime: None,
        report: report::ReportOptions::default(),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            "--spec" => options.spec = Some(args.next().context("--spec needs a path")?.into()),
            "--out" => options.out = Some(args.next().context("--out needs a directory")?.into()),
            "--runtime" => {
                options.runtime = Some(args.next().context("--runtime needs a directory")?.into());
            }
            "--base" => options.report.base = Some(args.next().context("--base needs a revision")?),
            "--report" => {
                options.report.file = Some(args.next().context("--report needs a file")?.into());
            }
            "--report-format" => {
                let format = args.next().context("--report-format needs a format")?;
                options.report.json = match format.as_str() {
                    "json" => true,
                    "markdown" => false,
                    _ => bail!("unknown report format `{format}`: expected markdown or json"),
                };
            }
            "--fail-on" => {
                let level = args.next().context("--fail-on needs a level")?;
                options.report.fail_on = Some(generator::Level::parse(&level).with_context(|| {
                    format!("unknown level `{level}`: expected breaking, possibly-breaking or informational")
                })?);
            }
            other => bail!("unknown argument `{other}`\n\n{USAGE}"),
        }
    }
    codegen(&options)
}

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The clients checked in beside their specs: `(spec, crate)`, relative to the workspace root.
/// The tests' client exercises on the wire what EnKash's spec does not use.
const CHECKED_IN: &[(&str, &str, &str)] = &[
    ("spec/openapi.yaml", "generated-client", "enkash_client"),
    ("tests/wire.yaml", "tests", "enkash_client_tests"),
];

/// One generation: a spec, what it is called in headers, where it goes, and whether it is a
/// standalone crate (and of which name).
struct Target {
    spec_path: PathBuf,
    spec_name: String,
    out: PathBuf,
    standalone_crate: Option<String>,
    /// A runtime crate of its own, and its path relative to `out`.
    runtime: Option<(PathBuf, String)>,
    /// The crate's name as its callers write it, for doc examples (`None`: the standalone
    /// crate's).
    doc_crate: Option<String>,
}

fn codegen(options: &Options) -> Result<ExitCode> {
    let root = workspace_root();
    let targets = match (&options.spec, &options.out) {
        (None, None) => CHECKED_IN
            .iter()
            .map(|(spec, out, doc_crate)| Target {
                spec_path: root.join(spec),
                spec_name: (*spec).to_owned(),
                out: root.join(out),
                standalone_crate: None,
                runtime: None,
                doc_crate: Some((*doc_crate).to_owned()),
            })
            .collect(),
        (Some(spec), Some(out)) => vec![Target {
            spec_path: spec.clone(),
            spec_name: spec.file_name().map_or_else(
                || spec.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            out: out.clone(),
            standalone_crate: Some(crate_name(out)?),
            runtime: match &options.runtime {
                Some(runtime) => Some((runtime.clone(), relative_path(out, runtime)?)),
                None => None,
            },
            doc_crate: None,
        }],
        _ => bail!("--spec and --out go together\n\n{USAGE}"),
    };
    if options.runtime.is_some() && options.out.is_none() {
        bail!("--runtime goes with --spec and --out\n\n{USAGE}");
    }
    let mut code = ExitCode::SUCCESS;
    let mut reports = Vec::new();
    for target in targets {
        let text = std::fs::read_to_string(&target.spec_path)
            .with_context(|| format!("reading {}", target.spec_path.display()))?;
        let checked_in = target.standalone_crate.is_none();
        let (spec_path, spec_name) = (target.spec_path.clone(), target.spec_name.clone());
        let (one, surface) = codegen_one(target, &text, options.check)?;
        if one != ExitCode::SUCCESS {
            code = ExitCode::FAILURE;
        }
        // A spec that does not generate has had its problems printed; there is no API to
        // compare.
        let Some(after) = surface else { continue };
        if let Some(found) =
            report::spec_report(&spec_path, &spec_name, &after, &options.report, checked_in)?
        {
            reports.push(found);
        }
    }
    let rendered = if options.report.json {
        let all: Vec<serde_json::Value> = reports
            .iter()
            .map(|(report, title)| report.to_json(title))
            .collect();
        let text = serde_json::to_string_pretty(&all)?;
        if !reports.is_empty() {
            println!("{text}");
        }
        text
    } else {
        let markdown: Vec<String> = reports
            .iter()
            .map(|(report, title)| report.to_markdown(title))
            .collect();
        for ((report, _), markdown) in reports.iter().zip(&markdown) {
            if !report.is_empty() {
                println!("\n{markdown}");
            }
        }
        markdown.join("\n")
    };
    if let Some(file) = &options.report.file {
        std::fs::write(file, rendered).with_context(|| format!("writing {}", file.display()))?;
    }
    if let Some(threshold) = options.report.fail_on {
        let failing = reports
            .iter()
            .filter_map(|(report, _)| report.worst())
            .any(|worst| worst >= threshold);
        if failing {
            eprintln!("the API changes at or above the --fail-on level; see the report");
            code = ExitCode::FAILURE;
        }
    }
    Ok(code)
}

/// Generates one client, writes it (or, with `check`, compares it), and gives back its API
/// surface, unless the spec does not generate.
fn codegen_one(
    target: Target,
    text: &str,
    check: bool,
) -> Result<(ExitCode, Option<generator::Surface>)> {
    let Target {
        spec_path,
        spec_name,
        out,
        standalone_crate,
        runtime,
        doc_crate,
    } = target;
    let settings = Settings {
        spec_name,
        standalone_crate,
        runtime_path: runtime.as_ref().map(|(_, path)| path.clone()),
        doc_crate,
    };
    let (folder, root_name) = spec_files::Folder::of(&spec_path);
    let spec = spec_files::spec(text, &root_name, &folder);
    let checked_in = settings.standalone_crate.is_none();
    let (files, surface) = match generator::generate_spec(spec, &settings) {
        Ok(mut generated) => {
            if !generated.diagnostics.0.is_empty() {
                eprint!("{}: {}", spec_path.display(), generated.diagnostics);
            }
            // A checked-in crate keeps its own manifest; only its `[features]` table, one
            // feature per tag of the spec, is generated.
            if checked_in {
                let path = out.join("Cargo.toml");
                let manifest = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                generated.files.push(GeneratedFile {
                    path: "Cargo.toml".to_owned(),
                    contents: with_features(&manifest, &generated.cargo_features),
                });
            }
            (generated.files, generated.surface)
        }
        Err(diagnostics) => {
            eprint!("{}: {diagnostics}", spec_path.display());
            return Ok((ExitCode::FAILURE, None));
        }
    };
    let mut changes = plan(&out, &files)?;
    if let Some((dir, _)) = &runtime {
        changes.extend(plan(dir, &generator::runtime_files())?);
    }
    if check {
        if changes.is_empty() {
            return Ok((ExitCode::SUCCESS, Some(surface)));
        }
        eprintln!(
            "the client generated from {} is stale; run `cargo xtask codegen`:",
            settings.spec_name
        );
        for change in &changes {
            eprintln!("  {}", change.as_stale());
        }
        return Ok((ExitCode::FAILURE, Some(surface)));
    }
    for change in &changes {
        change.apply()?;
        println!("{change}");
    }
    if changes.is_empty() {
        println!("{} is up to date", out.display());
    }
    Ok((ExitCode::SUCCESS, Some(surface)))
}

/// The line that starts a manifest's generated `[features]` table.
const FEATURES_COMMENT: &str =
    "# One feature per tag of the spec, and `mock`, written by `cargo xtask codegen`; do not edit.";

/// `manifest` with its `[features]` table (and the comment above it) replaced by `table`,
/// which goes last; without one if `table` is empty.
fn with_features(manifest: &str, table: &str) -> String {
    let mut kept = Vec::new();
    let mut in_features = false;
    for line in manifest.lines() {
        if line == FEATURES_COMMENT {
            continue;
        }
        if line.starts_with('[') {
            in_features = line.trim() == "[features]";
        }
        if !in_features {
            kept.push(line);
        }
    }
    while kept.last().is_some_and(|line| line.trim().is_empty()) {
        kept.pop();
    }
    let mut out = kept.join("\n");
    out.push('\n');
    if !table.is_empty() {
        out.push_str(&format!("\n{FEATURES_COMMENT}\n{table}"));
    }
    out
}

/// `to` relative to `from` (both taken from the current directory), with `/` separators, as a
/// path dependency in `from`'s `Cargo.toml` names it.
fn relative_path(from: &Path, to: &Path) -> Result<String> {
    let from = std::path::absolute(from)?;
    let to = std::path::absolute(to)?;
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|part| part.as_os_str().to_string_lossy().into_owned()),
    );
    Ok(if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    })
}

/// The package name for `--out DIR`: DIR's name, which the generator makes a name cargo
/// accepts (`1panel` → `client-1panel`), with a note when it has to.
fn crate_name(out: &Path) -> Result<String> {
    Ok(std::path::absolute(out)?
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default())
}

enum Change {
    Write {
        path: PathBuf,
        contents: String,
        created: bool,
    },
    Remove(PathBuf),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Write {
                path,
                created: true,
                ..
            } => write!(f, "created {}", path.display()),
            Change::Write { path, .. } => write!(f, "updated {}", path.display()),
            Change::Remove(path) => write!(f, "removed {}", path.display()),
        }
    }
}

impl Change {
    /// How `--check` names the change it would make.
    fn as_stale(&self) -> String {
        match self {
            Change::Write {
                path,
                created: true,
                ..
            } => format!("missing: {}", path.display()),
            Change::Write { path, .. } => format!("out of date: {}", path.display()),
            Change::Remove(path) => format!("no longer generated: {}", path.display()),
        }
    }

    fn apply(&self) -> Result<()> {
        match self {
            Change::Write { path, contents, .. } => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(path, contents)
                    .with_context(|| format!("writing {}", path.display()))
            }
            Change::Remove(path) => {
                std::fs::remove_file(path).with_context(|| format!("removing {}", path.display()))
            }
        }
    }
}

/// What must change under `out` for it to hold exactly `files`: files whose bytes differ, and
/// generated files (those with the header) under the generated folder that are no longer made.
fn plan(out: &Path, files: &[GeneratedFile]) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    for file in files {
        let path = out.join(&file.path);
        match std::fs::read(&path) {
            Ok(existing) if existing == file.contents.as_bytes() => {}
            Ok(_) => changes.push(Change::Write {
                path,
                contents: file.contents.clone(),
                created: false,
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                changes.push(Change::Write {
                    path,
                    contents: file.contents.clone(),
                    created: true,
                })
            }
            Err(error) => return Err(error).with_context(|| format!("reading {}", path.display())),
        }
    }
    let generated_dir = out.join(GENERATED_DIR);
    if generated_dir.is_dir() {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(&generated_dir)? {
            entries.push(entry?.path());
        }
        entries.sort();
        for path in entries {
            let produced = files.iter().any(|f| out.join(&f.path) == path);
            let first_line = std::fs::read_to_string(&path)
                .ok()
                .and_then(|text| text.lines().next().map(str::to_owned))
                .unwrap_or_default();
            if !produced && path.is_file() && first_line.contains(HEADER_MARKER) {
                changes.push(Change::Remove(path));
            }
        }
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` fails when a checked-in client and its spec disagree.
    #[test]
    fn generated_client_is_fresh() -> Result<()> {
        let options = Options {
            check: true,
            spec: None,
            out: None,
            runtime: None,
            report: report::ReportOptions::default(),
        };
        assert_eq!(
            codegen(&options)?,
            ExitCode::SUCCESS,
            "run `cargo xtask codegen`"
        );
        Ok(())
    }

    /// Runs git with `args` in the test repository `work`, as a user with a name.
    fn git_in(work: &Path, args: &[&str]) -> Result<()> {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(work)
            .output()?
            .status;
        anyhow::ensure!(status.success(), "git {args:?} failed");
        Ok(())
    }

    /// `--base`, `--report` and `--fail-on` on a spec in a git repository of its own: the spec
    /// committed, then changed in the working tree.
    #[test]
    fn codegen_reports_the_change_against_a_git_revision() -> Result<()> {
        let root = workspace_root();
        let work = root.join("target/report-repo");
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work)?;
        let fixtures = root.join("generator/tests/fixtures/changes");
        let spec = work.join("api.yaml");
        let git = |args: &[&str]| git_in(&work, args);
        git(&["init", "-q"])?;
        std::fs::copy(fixtures.join("before.yaml"), &spec)?;
        git(&["add", "api.yaml"])?;
        git(&["commit", "-q", "-m", "before"])?;
        std::fs::copy(fixtures.join("pattern_tightened.yaml"), &spec)?;
        let report_file = work.join("report.md");
        let options = |fail_on| Options {
            check: false,
            spec: Some(spec.clone()),
            out: Some(work.join("client")),
            runtime: Some(work.join("runtime")),
            report: report::ReportOptions {
                base: Some("HEAD".to_owned()),
                file: Some(report_file.clone()),
                json: false,
                fail_on,
            },
        };
        assert_eq!(codegen(&options(None))?, ExitCode::SUCCESS);
        let report = std::fs::read_to_string(&report_file)?;
        assert!(
            report.contains("## API changes: `api.yaml` (HEAD → working tree)"),
            "{report}"
        );
        assert!(report.contains("pattern tightened"), "{report}");
        // The same report for bots: JSON with the same changes.
        let mut json = options(None);
        json.report.json = true;
        assert_eq!(codegen(&json)?, ExitCode::SUCCESS);
        let read: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report_file)?)?;
        assert_eq!(read[0]["title"], "`api.yaml` (HEAD → working tree)");
        assert_eq!(read[0]["wire"], "breaking");
        assert_eq!(read[0]["changes"][0]["id"], "constraint-tightened");
        // The tightened pattern breaks requests: at `breaking` the run fails.
        let failing = options(Some(generator::Level::Breaking));
        assert_eq!(codegen(&failing)?, ExitCode::FAILURE);
        // A revision git does not have is an error, not a silent pass.
        let mut unknown = options(None);
        unknown.report.base = Some("no-such-revision".to_owned());
        assert!(codegen(&unknown).is_err());
        // A base that does not generate leaves nothing to compare: a warning, no report, and
        // the client is still written.
        std::fs::write(&spec, "openapi: 3.0.3\n")?;
        git(&["commit", "-q", "-am", "broken"])?;
        std::fs::copy(fixtures.join("pattern_tightened.yaml"), &spec)?;
        std::fs::remove_file(&report_file)?;
        assert_eq!(
            codegen(&options(Some(generator::Level::Informational)))?,
            ExitCode::SUCCESS
        );
        assert_eq!(std::fs::read_to_string(&report_file)?, "");
        Ok(())
    }

    /// A spec written over several files: `--check` reads the files beside the root, and the
    /// change report reads the base revision's files (not the working tree's) through git, so
    /// a field added in another file is reported.
    #[test]
    fn codegen_reads_a_split_spec_and_its_base_revision() -> Result<()> {
        let root = workspace_root();
        let work = root.join("target/report-split-repo");
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(work.join("schemas"))?;
        let git = |args: &[&str]| git_in(&work, args);
        let spec = work.join("openapi.yaml");
        std::fs::write(
            &spec,
            "openapi: 3.0.3\ninfo: {title: Split, version: '1'}\npaths:\n  /pets:\n    get:\n      \
             operationId: listPets\n      responses:\n        '200':\n          description: OK\n          \
             content:\n            application/json:\n              schema: {$ref: 'schemas/Pet.yaml'}\n",
        )?;
        let pet = work.join("schemas/Pet.yaml");
        std::fs::write(&pet, "type: object\nproperties:\n  name: {type: string}\n")?;
        git(&["init", "-q"])?;
        git(&["add", "."])?;
        git(&["commit", "-q", "-m", "before"])?;
        std::fs::write(
            &pet,
            "type: object\nproperties:\n  name: {type: string}\n  tag: {type: string}\n",
        )?;
        let report_file = work.join("report.md");
        let options = |check| Options {
            check,
            spec: Some(spec.clone()),
            out: Some(work.join("client")),
            runtime: Some(work.join("runtime")),
            report: report::ReportOptions {
                base: Some("HEAD".to_owned()),
                file: Some(report_file.clone()),
                json: false,
                fail_on: None,
            },
        };
        assert_eq!(codegen(&options(false))?, ExitCode::SUCCESS);
        let report = std::fs::read_to_string(&report_file)?;
        assert!(report.contains("`Pet.tag`"), "{report}");
        assert_eq!(codegen(&options(true))?, ExitCode::SUCCESS);
        // A change to the other file makes the client stale.
        std::fs::write(&pet, "type: object\nproperties:\n  name: {type: string}\n")?;
        assert_eq!(codegen(&options(true))?, ExitCode::FAILURE);
        Ok(())
    }
}
