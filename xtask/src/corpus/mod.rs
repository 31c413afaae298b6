//! `cargo xtask corpus`: how many real public documents generate, and compile, and what blocks
//! the rest. Each document in the corpus (by default `target/corpus/`, filled by
//! `xtask/corpus.sh`) goes through the generator in-process; with `--compile`, each client that
//! generated is written as a standalone crate and checked by cargo with warnings denied. The
//! report counts documents per blocking construct (a document may have several), and the
//! untyped `serde_json::Value`s that the clients that generated fall back to.

use crate::crates;
use anyhow::{Context, Result, bail};
use generator::{Diagnostics, Settings, Severity};
use report::{Report, construct};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

mod report;

struct Options {
    inputs: Vec<PathBuf>,
    compile: bool,
    jobs: usize,
    sample: Option<usize>,
    out: Option<PathBuf>,
    /// The share of documents, in percent, that must compile (with `--compile`) or generate.
    require: Option<f64>,
}

impl Options {
    fn parse(root: &Path, args: &[String]) -> Result<Options> {
        let mut options = Options {
            inputs: Vec::new(),
            compile: false,
            jobs: 2,
            sample: None,
            out: None,
            require: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |what: &str| args.next().with_context(|| format!("{arg} needs {what}"));
            match arg.as_str() {
                "--compile" => options.compile = true,
                "--jobs" => options.jobs = value("a number")?.parse().context("--jobs")?,
                "--sample" => {
                    options.sample = Some(value("a number")?.parse().context("--sample")?)
                }
                "--out" => options.out = Some(value("a file")?.into()),
                "--require" => {
                    options.require = Some(value("a percentage")?.parse().context("--require")?);
                }
                flag if flag.starts_with("--") => bail!("unknown argument `{flag}`"),
                path => options.inputs.push(path.into()),
            }
        }
        if options.inputs.is_empty() {
            options.inputs.push(root.join("target/corpus"));
        }
        options.jobs = options.jobs.max(1);
        Ok(options)
    }
}

/// What became of one document.
#[derive(Debug)]
struct Document {
    name: String,
    bytes: usize,
    millis: u128,
    outcome: Outcome,
    /// Warning kind → how many, whether or not the document generated.
    warnings: BTreeMap<String, usize>,
    /// Note kind → how many: a fallback the generator counts as its own decision is a note.
    notes: BTreeMap<String, usize>,
    /// Untyped values in the generated modules (zero for a document that did not generate).
    untyped: Untyped,
}

#[derive(Debug)]
enum Outcome {
    Unreadable(String),
    Panicked(String),
    /// Error kind → how many.
    Refused(BTreeMap<String, usize>),
    Generated {
        lines: usize,
        compiled: Compiled,
    },
}

#[derive(Debug)]
enum Compiled {
    NotTried,
    Yes,
    /// The first error, with its location left out.
    No(String),
}

/// How often the generated modules spell an untyped JSON value: `serde_json::Value` alone (any
/// value), and `serde_json::Map<String, serde_json::Value>` (an object of any values).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Untyped {
    values: usize,
    maps: usize,
}

impl Untyped {
    /// Counts types in the text with whitespace removed, so that line breaks the printer puts
    /// inside a type do not hide one; a path through `Value` to a function is no type.
    fn count(source: &str) -> Untyped {
        let compact: String = source.chars().filter(|c| !c.is_whitespace()).collect();
        let compact = without_builder_signatures(&compact);
        // A generic list broken over lines gets a trailing comma.
        let maps = [
            "serde_json::Map<String,serde_json::Value>",
            "serde_json::Map<String,serde_json::Value,>",
        ]
        .iter()
        .map(|map| compact.matches(map).count())
        .sum();
        // `serde_json::Value::deserialize(…)` is code that reads a value, not a type.
        let all = compact
            .match_indices("serde_json::Value")
            .filter(|(at, found)| !compact[at + found.len()..].starts_with("::"))
            .count();
        Untyped {
            values: all.saturating_sub(maps),
            maps,
        }
    }

    fn total(self) -> usize {
        self.values + self.maps
    }
}

/// Compact source without the signatures of the structs' `new` and `with_…` methods, which
/// spell each field's type once more: what is counted is the places the API holds an untyped
/// value, not how often the builders name them.
fn without_builder_signatures(compact: &str) -> String {
    let mut kept = String::with_capacity(compact.len());
    let mut rest = compact;
    loop {
        let next = ["pubfnnew(", "pubfnwith_"]
            .iter()
            .filter_map(|start| rest.find(start))
            .min();
        let Some(start) = next else { break };
        let Some(length) = rest[start..].find(")->Self") else {
            break;
        };
        kept.push_str(&rest[..start]);
        rest = &rest[start + length..];
    }
    kept.push_str(rest);
    kept
}

/// Whether a warning's kind says that a schema was read as untyped JSON for want of support.
/// Today the generator refuses what it cannot type, with an error, and no warning kind says
/// this; the words are those a fallback warning would use, and the report lists every warning
/// kind besides, so that a fallback under another name is still seen.
fn is_fallback(kind: &str) -> bool {
    let kind = kind.to_lowercase();
    ["serde_json::value", "any json value", "untyped", "fallback"]
        .iter()
        .any(|word| kind.contains(word))
}

/// Whether a warning's kind says that part of the document is ignored or not checked: a client
/// that generates by leaving out what it cannot do is weaker than the document, if typed.
fn is_weakening(kind: &str) -> bool {
    let kind = kind.to_lowercase();
    ["ignored", "not checked", "does not check", "left out"]
        .iter()
        .any(|word| kind.contains(word))
}

pub(crate) fn run(root: &Path, args: &[String]) -> Result<ExitCode> {
    let options = Options::parse(root, args)?;
    let mut files = Vec::new();
    for input in &options.inputs {
        files.extend(crate::survey::expand(input)?.into_iter().filter(|f| {
            f.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        }));
    }
    if let Some(k) = options.sample {
        files = spread(files, k);
    }
    if files.is_empty() {
        bail!("no documents; run xtask/corpus.sh, or name files or folders");
    }
    let build = root.join("target/corpus-build");
    let crates_dir = options.compile.then_some(build.as_path());
    if options.compile {
        // The clients share one runtime crate, compiled once.
        crates::write_runtime(&build.join("runtime"))?;
    }
    let started = Instant::now();
    let mut documents = generate_all(root, &files, options.jobs, crates_dir);
    let generate_seconds = started.elapsed().as_secs();
    if options.compile {
        compile_all(&build, &files, &mut documents, options.jobs)?;
    }
    let report = Report {
        documents: &documents,
        compiled: options.compile,
        seconds: started.elapsed().as_secs(),
        generate_seconds,
    };
    print!("{}", report.summary());
    if let Some(out) = &options.out {
        let text = format!("{}\n{}", report.summary(), report.per_document());
        std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?;
        println!("\nwrote {}", out.display());
    }
    if let Some(required) = options.require {
        let share = report.passed() as f64 * 100.0 / documents.len() as f64;
        if share < required {
            println!(
                "\n{share:.1}% of the documents {}, short of the {required}% required",
                if options.compile {
                    "compiled"
                } else {
                    "generated"
                }
            );
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `k` of `files`, spread evenly over the sorted list.
fn spread(files: Vec<PathBuf>, k: usize) -> Vec<PathBuf> {
    let n = files.len();
    if k >= n {
        return files;
    }
    (0..k).map(|i| files[i * n / k].clone()).collect()
}

/// Generates every document on `jobs` threads, in-process; with `crates_dir`, writes each client
/// that generated there as a crate for [`compile_all`].
fn generate_all(
    root: &Path,
    files: &[PathBuf],
    jobs: usize,
    crates_dir: Option<&Path>,
) -> Vec<Document> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Document>>> = Mutex::new(files.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(files.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    let document = generate_one(root, file, crates_dir);
                    let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                    eprintln!(
                        "[{finished}/{}] {}: {} ({} ms)",
                        files.len(),
                        document.name,
                        document.outcome.label(),
                        document.millis
                    );
                    if let Ok(mut results) = results.lock() {
                        results[i] = Some(document);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

fn generate_one(root: &Path, file: &Path, crates_dir: Option<&Path>) -> Document {
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut document = Document {
        name: name.clone(),
        bytes: 0,
        millis: 0,
        outcome: Outcome::Unreadable(String::new()),
        warnings: BTreeMap::new(),
        notes: BTreeMap::new(),
        untyped: Untyped::default(),
    };
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            document.outcome = Outcome::Unreadable(error.to_string());
            return document;
        }
    };
    document.bytes = text.len();
    let package = crates::package_name("api", file);
    let settings = Settings {
        spec_name: name,
        standalone_crate: Some(package.clone()),
        runtime_path: Some(crates::SHARED_RUNTIME.to_owned()),
        doc_crate: None,
    };
    let started = Instant::now();
    let (folder, root_name) = crate::spec_files::Folder::of(file);
    let spec = crate::spec_files::spec(&text, &root_name, &folder);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        generator::generate_spec(spec, &settings)
    }));
    document.millis = started.elapsed().as_millis();
    document.outcome = match result {
        Err(payload) => Outcome::Panicked(
            payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default(),
        ),
        Ok(Err(diagnostics)) => {
            document.warnings = kinds(&diagnostics, Severity::Warning);
            document.notes = kinds(&diagnostics, Severity::Note);
            // A bug in the generator refuses too, and is counted beside the spec's errors.
            let mut errors = kinds(&diagnostics, Severity::Error);
            errors.extend(
                kinds(&diagnostics, Severity::Internal)
                    .into_iter()
                    .map(|(kind, count)| (format!("internal error: {kind}"), count)),
            );
            Outcome::Refused(errors)
        }
        Ok(Ok(generated)) => {
            document.warnings = kinds(&generated.diagnostics, Severity::Warning);
            document.notes = kinds(&generated.diagnostics, Severity::Note);
            let mut lines = 0;
            for file in &generated.files {
                // The client's own modules: not the typed mock, which is test tooling.
                if file.path.starts_with(generator::GENERATED_DIR)
                    && !generator::is_mock_module(&file.path)
                {
                    lines += file.contents.lines().count();
                    let counted = Untyped::count(&file.contents);
                    document.untyped.values += counted.values;
                    document.untyped.maps += counted.maps;
                }
            }
            let mut compiled = Compiled::NotTried;
            if let Some(dir) = crates_dir
                && let Err(error) = crates::write(root, &dir.join(&package), &generated.files)
            {
                compiled = Compiled::No(format!("could not write the crate: {error:#}"));
            }
            Outcome::Generated { lines, compiled }
        }
    };
    document
}

fn kinds(diagnostics: &Diagnostics, severity: Severity) -> BTreeMap<String, usize> {
    diagnostics
        .by_kind()
        .into_iter()
        .filter(|((s, _), _)| *s == severity)
        .map(|((_, kind), count)| (kind.to_owned(), count))
        .collect()
}

/// `cargo check`s each crate that generated, one after another, all in one target folder so
/// that the dependencies compile once; `jobs` is cargo's `-j`.
fn compile_all(
    build: &Path,
    files: &[PathBuf],
    documents: &mut [Document],
    jobs: usize,
) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let to_compile = documents
        .iter()
        .filter(|d| {
            matches!(
                d.outcome,
                Outcome::Generated {
                    compiled: Compiled::NotTried,
                    ..
                }
            )
        })
        .count();
    let mut done = 0;
    for (document, file) in documents.iter_mut().zip(files) {
        let Outcome::Generated { compiled, .. } = &mut document.outcome else {
            continue;
        };
        if !matches!(compiled, Compiled::NotTried) {
            continue;
        }
        let dir = build.join(crates::package_name("api", file));
        let started = Instant::now();
        let output = std::process::Command::new(&cargo)
            .args(["check", "--quiet", "--message-format", "short", "-j"])
            .arg(jobs.to_string())
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", build.join("target"))
            .env("RUSTFLAGS", "-D warnings")
            // Hundreds of one-off crates: incremental data (tens of megabytes each) would
            // only fill the disk.
            .env("CARGO_INCREMENTAL", "0")
            .output()
            .with_context(|| format!("running cargo check in {}", dir.display()))?;
        *compiled = if output.status.success() {
            Compiled::Yes
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            Compiled::No(
                crates::first_error(&stderr)
                    .unwrap_or_else(|| stderr.lines().next().unwrap_or("cargo failed").to_owned()),
            )
        };
        done += 1;
        eprintln!(
            "[check {done}/{to_compile}] {}: {} ({} s)",
            document.name,
            match compiled {
                Compiled::Yes => "compiles".to_owned(),
                Compiled::No(error) => error.clone(),
                Compiled::NotTried => String::new(),
            },
            started.elapsed().as_secs()
        );
    }
    Ok(())
}

impl Document {
    /// How many of the document's warnings and notes say a schema was read as untyped JSON.
    fn fallback_warnings(&self) -> usize {
        self.warnings_and_notes(is_fallback)
    }

    /// How many of the document's warnings and notes say a keyword is ignored or not checked.
    fn weakenings(&self) -> usize {
        self.warnings_and_notes(is_weakening)
    }

    fn warnings_and_notes(&self, matches: fn(&str) -> bool) -> usize {
        self.warnings
            .iter()
            .chain(&self.notes)
            .filter(|(kind, _)| matches(kind))
            .map(|(_, count)| count)
            .sum()
    }
}

impl Outcome {
    fn label(&self) -> String {
        match self {
            Outcome::Unreadable(error) => format!("unreadable: {error}"),
            Outcome::Panicked(message) => format!("PANIC: {message}"),
            Outcome::Refused(errors) => {
                format!("refused, {} errors", errors.values().sum::<usize>())
            }
            Outcome::Generated { compiled, .. } => match compiled {
                Compiled::NotTried => "generated".to_owned(),
                Compiled::Yes => "generated, compiles".to_owned(),
                Compiled::No(error) => format!("generated, does not compile: {error}"),
            },
        }
    }

    /// What keeps the document from a client that compiles, by construct, each with how many
    /// times it occurs: the generator's error kinds, or the class of the first compile error.
    fn blockers(&self) -> BTreeMap<String, usize> {
        match self {
            Outcome::Unreadable(_) => BTreeMap::from([("unreadable file".to_owned(), 1)]),
            Outcome::Panicked(_) => BTreeMap::from([("generator panic".to_owned(), 1)]),
            Outcome::Refused(errors) => {
                let mut constructs = BTreeMap::new();
                for (kind, count) in errors {
                    *constructs.entry(construct(kind)).or_insert(0) += count;
                }
                constructs
            }
            Outcome::Generated {
                compiled: Compiled::No(error),
                ..
            } => BTreeMap::from([(
                format!("does not compile: {}", crates::error_class(error)),
                1,
            )]),
            Outcome::Generated { .. } => BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The count reads what the generator really prints: a schema of any value, a free-form
    /// object, and the error body of a spec that describes none. If the emitter came to import
    /// `Value` and spell it bare, this fails and the count must follow.
    #[test]
    fn untyped_values_are_counted_in_real_output() {
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /thing:\n    get:\n      operationId: getThing\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      required: [anything, free]\n      properties:\n        anything: {}\n        free: {type: object}\n";
        let settings = Settings {
            spec_name: "t.yaml".to_owned(),
            standalone_crate: None,
            runtime_path: None,
            doc_crate: None,
        };
        let generated = generator::generate(spec, &settings).map_err(|d| d.to_string());
        let Ok(generated) = generated else {
            panic!("the spec does not generate: {generated:?}");
        };
        let mut untyped = Untyped::default();
        for file in generated
            .files
            .iter()
            .filter(|file| !generator::is_mock_module(&file.path))
        {
            let counted = Untyped::count(&file.contents);
            untyped.values += counted.values;
            untyped.maps += counted.maps;
        }
        assert_eq!(untyped, Untyped { values: 2, maps: 1 });
    }

    /// A map of values is one map, not also a value; a type the printer broke over lines counts;
    /// calling a function of `Value` is not a use of the type.
    #[test]
    fn untyped_values_and_maps_are_told_apart() {
        let source = "pub a: serde_json::Value,\npub b: serde_json::Map<\n    String,\n    serde_json::Value,\n>,\npub c: Option<serde_json::Value>,\nlet v = serde_json::Value::deserialize(d)?;\nv.get(\"k\").and_then(serde_json::Value::as_str)";
        assert_eq!(Untyped::count(source), Untyped { values: 2, maps: 1 });
    }

    /// A field is counted once, not again as the argument of its constructor or setter.
    #[test]
    fn builder_arguments_are_not_counted_again() {
        let source = "pub a: serde_json::Value,\npub b: Option<serde_json::Map<String, serde_json::Value>>,\npub fn new(a: serde_json::Value) -> Self {\npub fn with_b(mut self, value: serde_json::Map<String, serde_json::Value>) -> Self {";
        assert_eq!(Untyped::count(source), Untyped { values: 1, maps: 1 });
    }

    /// The sample keeps the first document and spreads the rest; a sample as large as the
    /// corpus is the corpus.
    #[test]
    fn samples_spread_over_the_corpus() {
        let files: Vec<PathBuf> = (0..10).map(|i| PathBuf::from(i.to_string())).collect();
        let names = |files: Vec<PathBuf>| -> Vec<String> {
            files.iter().map(|f| f.display().to_string()).collect()
        };
        assert_eq!(names(spread(files.clone(), 3)), ["0", "3", "6"]);
        assert_eq!(spread(files, 20).len(), 10);
    }

    /// A compile failure is a blocker of its error's class; a client that compiles has none.
    #[test]
    fn a_compile_error_is_a_blocker() {
        let failed = Outcome::Generated {
            lines: 1,
            compiled: Compiled::No("error[E0412]: cannot find type `Foo`".to_owned()),
        };
        assert_eq!(
            failed.blockers().into_keys().collect::<Vec<_>>(),
            ["does not compile: error[E0412]: cannot find type `…`"]
        );
        let passed = Outcome::Generated {
            lines: 1,
            compiled: Compiled::Yes,
        };
        assert!(passed.blockers().is_empty());
    }

    /// Fallback warnings are found by their words; other warnings are not fallbacks.
    #[test]
    fn fallback_warnings_are_recognised() {
        assert!(is_fallback("a `oneOf` read as any JSON value"));
        assert!(!is_fallback("an example that does not fit its schema"));
    }

    /// Fallbacks are counted in notes as well as warnings, and weakenings apart from them.
    #[test]
    fn fallbacks_and_weakenings_count_warnings_and_notes() {
        let document = Document {
            name: "d.json".to_owned(),
            bytes: 0,
            millis: 0,
            outcome: Outcome::Refused(BTreeMap::new()),
            warnings: BTreeMap::from([
                ("a `oneOf` read as any JSON value".to_owned(), 2),
                (
                    "keywords beside a `type` they do not apply to, ignored".to_owned(),
                    5,
                ),
            ]),
            notes: BTreeMap::from([("a `not` read as untyped JSON".to_owned(), 3)]),
            untyped: Untyped::default(),
        };
        assert_eq!(
            (document.fallback_warnings(), document.weakenings()),
            (5, 5)
        );
    }
}
