//! Turns an OpenAPI 3.0 document into the source of a typed, validating Rust client.
//!
//! The entry point, [`generate`], is a pure function: spec text in, a list of files out (with
//! warnings and notes), or every problem found in the spec. It never panics and never hangs on
//! any input. Only `xtask` touches the disk. It runs these stages, one module each, in this
//! order (see `generate_here`):
//!
//! 1. [`load`]: YAML text → a guarded tree (no duplicate keys, non-finite numbers, alias bombs
//!    or runaway nesting) → `openapiv3::OpenAPI`, decoded piece by piece so that one bad piece
//!    is reported where it is and the rest is still checked.
//! 2. [`ir`]: resolve `$ref`s, name every type, translate patterns and check constraints.
//!    Its modules follow OpenAPI's concepts: schemas, strings, operations, parameters,
//!    responses, examples, extensions, security and tokens, then whole-API checks.
//! 3. [`emit`]: IR → `TokenStream`, one small function per kind of item. It gives the
//!    generated modules as parts, each emitted when asked for.
//! 4. [`render`]: each part's `TokenStream`, asked of emit on the thread that prints it (parts
//!    are spread over threads, and tokens cannot move between them) → its runtime paths
//!    imported once per module ([`imports`]) → formatted text, joined per module under the
//!    generated-file header.
//! 5. [`standalone`]: the extra files of a self-contained crate (`--out`).
//! 6. [`surface`](mod@surface): the client's public API, read from the IR, returned beside the
//!    files; [`compare`] ([`report`]) compares two of them.
//!
//! A problem in the spec is a diagnostic at a pointer into it. A bug in the generator (its own
//! code does not parse, or a stage stops without saying why) is an internal error, which says
//! so and points nowhere in the spec.

// The stage list above links the private stage modules: these docs are for the generator's
// developers, built with `--document-private-items`.
#![allow(rustdoc::private_intra_doc_links)]

mod cfg;
mod diagnostics;
mod emit;
mod imports;
mod ir;
mod load;
mod naming;
mod pattern;
mod pointer;
mod render;
mod report;
mod standalone;
mod surface;
mod temporal;
mod text;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use report::{Change, Level, Report, RustImpact, compare};
pub use standalone::{RUNTIME_PACKAGE, runtime_files};
pub use surface::Surface;

/// One file of output, with a path relative to the root of the client crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators, e.g. `src/generated/types.rs`.
    pub path: String,
    /// The complete contents of the file.
    pub contents: String,
}

/// A generated client, with the warnings and notes found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The files, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Warnings (spec defects worked around) and notes (decisions the generator made).
    pub diagnostics: Diagnostics,
    /// The client's public API, for [`compare`] with another version of the spec.
    pub surface: Surface,
    /// The `[features]` table the crate's manifest needs (one feature per tag of the spec);
    /// empty when the spec tags no operation. A standalone crate's `Cargo.toml` has it
    /// already; a crate that keeps its own manifest carries it there.
    pub cargo_features: String,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How the spec is named in each file's header, e.g. `spec/openapi.yaml`.
    pub spec_name: String,
    /// `None` generates only the modules under `src/generated/` of an existing crate that
    /// depends on the runtime crate itself. `Some(name)` generates a whole standalone crate of
    /// that package name, made one cargo accepts (`1panel` → `client-1panel`, with a note).
    pub standalone_crate: Option<String>,
    /// For a standalone crate: the path (as written in its `Cargo.toml`, relative to the crate)
    /// of an existing runtime crate to depend on, shared by several generated crates. `None`
    /// writes a copy of the runtime into the crate's `runtime/` folder (see [`runtime_files`]).
    pub runtime_path: Option<String>,
    /// The crate's name as its callers write it (`enkash_client`), for the example call in each
    /// operation's docs, which runs as a doc test. `None`: the standalone crate's name, if it is
    /// one; otherwise the docs have no examples.
    pub doc_crate: Option<String>,
}

/// Where the files of a spec written over several files are read from: a folder, a git
/// revision. Paths are relative to the folder of the root document, with `/` separators.
pub trait SpecFiles: Sync {
    /// The text of the file at `path`, or why it cannot be read.
    fn read(&self, path: &str) -> Result<String, String>;
}

/// A spec to generate from: the root document's text, and, for a spec written over several
/// files, its path and where the others are read from.
#[derive(Clone, Copy)]
pub struct Spec<'a> {
    /// The root document's text.
    pub text: &'a str,
    /// The root document's path as `files` knows it (e.g. `openapi.yaml`).
    pub path: &'a str,
    /// Where the files named by `$ref`s are read; `None` refuses such a `$ref`.
    pub files: Option<&'a dyn SpecFiles>,
}

impl std::fmt::Debug for Spec<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spec")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl<'a> Spec<'a> {
    /// A spec given as text alone: a `$ref` to another file is an error.
    pub fn text(text: &'a str) -> Self {
        Spec {
            text,
            path: "",
            files: None,
        }
    }
}

/// The folder, relative to the crate root, that holds generated modules and nothing else.
pub const GENERATED_DIR: &str = "src/generated";

/// Whether `path` is the generated module of the typed mock (the crate's `mock` feature): test
/// tooling, compiled only when asked for, which figures of the client itself leave out.
pub fn is_mock_module(path: &str) -> bool {
    path.strip_prefix(GENERATED_DIR) == Some("/mock.rs")
}

/// The first line of every generated file starts with this marker.
pub const HEADER_MARKER: &str = "@generated by `cargo xtask codegen`";

/// The first line of every generated file, written as a `comment` of the file's language (`//`,
/// `#`): the one place the header is made.
pub(crate) fn header(comment: &str, spec_name: &str) -> String {
    let spec_name = text::one_line(spec_name);
    format!("{comment} {HEADER_MARKER} from {spec_name}. Do not edit by hand.\n")
}

/// Generates the client for the OpenAPI document `spec_text`.
///
/// Files come back sorted by path, and the same input always gives the same bytes. On failure,
/// every problem found is returned (errors, and the warnings and notes beside them).
pub fn generate(spec_text: &str, settings: &Settings) -> Result<Generated, Diagnostics> {
    generate_spec(Spec::text(spec_text), settings)
}

/// Generates the client for `spec`, which may be written over several files.
pub fn generate_spec(spec: Spec<'_>, settings: &Settings) -> Result<Generated, Diagnostics> {
    // Lowering follows the document's nesting (compositions inside properties inside
    // compositions…), bounded by the load stage's depth limits. It runs on a stack of its own
    // that those limits fit, whatever stack the caller has (a spawned thread gets 2 MiB).
    on_generator_stack(|| refusal_names_a_problem(generate_here(spec, settings)))
}

/// Runs `work` on a thread with [`GENERATE_STACK_BYTES`] of stack.
fn on_generator_stack<T: Send>(work: impl FnOnce() -> T + Send + Copy) -> T {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("generate".to_owned())
            .stack_size(GENERATE_STACK_BYTES)
            .spawn_scoped(scope, work);
        match worker {
            Ok(worker) => worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: the caller's stack will have to do.
            Err(_) => work(),
        }
    })
}

/// The stack `generate` runs on: ample for the deepest document the load stage accepts.
const GENERATE_STACK_BYTES: usize = 64 * 1024 * 1024;

/// The public API surface of the client `spec_text` gives, for [`compare`]: built from the
/// generator's IR, so it names what the generated crate names.
pub fn surface(spec_text: &str) -> Result<Surface, Diagnostics> {
    surface_of(Spec::text(spec_text))
}

/// The public API surface of the client `spec` gives (see [`surface()`]).
pub fn surface_of(spec: Spec<'_>) -> Result<Surface, Diagnostics> {
    on_generator_stack(|| {
        refusal_names_a_problem(build_api(spec)).map(|(api, _, _)| surface::from_api(&api))
    })
}

/// `result`, unless it is a refusal that names no error: a stage stopped without saying why,
/// which is a bug in the generator, and is then reported as one.
fn refusal_names_a_problem<T>(result: Result<T, Diagnostics>) -> Result<T, Diagnostics> {
    result.map_err(|mut diagnostics| {
        if !diagnostics.has_errors() {
            diagnostics.internal(
                "the generator stopped without naming an error in the spec or in its own work.",
            );
            diagnostics.normalize();
        }
        diagnostics
    })
}

fn generate_here(spec: Spec<'_>, settings: &Settings) -> Result<Generated, Diagnostics> {
    // 1 and 2: load and IR.
    let (api, mut diagnostics, pointers) = build_api(spec)?;
    let standalone_crate = settings
        .standalone_crate
        .as_deref()
        .map(|raw| valid_package_name(raw, &mut diagnostics));
    let doc_crate = settings
        .doc_crate
        .clone()
        .or_else(|| standalone_crate.as_ref().map(|name| name.replace('-', "_")));
    let recursion_limit = recursion_limit(&api, standalone_crate.is_some(), &mut diagnostics);
    // Every diagnostic, those just added included, names the document as written.
    pointers.apply(&mut diagnostics);
    // 3 and 4: emit gives the modules' parts, render asks for each one's tokens and prints them.
    let modules = emit::modules(&api, doc_crate.as_deref());
    let source = render::Source {
        paths: &modules.paths(),
        parts: &modules.part_modules(),
        tokens: &|part| modules.emit(part),
    };
    let mut files = match render::render(source, &settings.spec_name) {
        Ok(files) => files,
        Err(mut internal) => {
            internal.extend(diagnostics);
            internal.normalize();
            return Err(internal);
        }
    };
    // 5: a standalone crate's own files.
    if let Some(crate_name) = &standalone_crate {
        let crate_files = standalone::files(
            &api,
            &files,
            crate_name,
            &settings.spec_name,
            settings.runtime_path.as_deref(),
            recursion_limit,
        );
        files.extend(crate_files);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // 6: the API surface.
    let surface = surface::from_api(&api);
    let cargo_features = standalone::features_table(&api);
    Ok(Generated {
        cargo_features,
        files,
        diagnostics,
        surface,
    })
}

/// The `recursion_limit` the crate needs for its deepest chain of types, if rustc's default is
/// not enough. A standalone crate's root declares it (a note says so); modules generated into
/// a crate of the caller's cannot, so a warning names the line its root needs.
fn recursion_limit(
    api: &ir::Api,
    standalone: bool,
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let nesting = ir::deepest_nesting(api);
    let limit = nesting.recursion_limit()?;
    let deep = format!(
        "the types nest {} levels deep from here (each named type, `Option`, `Vec` and map is a level), more than rustc's default `recursion_limit` of 128 allows",
        nesting.levels
    );
    if standalone {
        diagnostics.note(
            "types nested too deep for rustc's default recursion limit, limit raised",
            nesting.pointer,
            format!("{deep}; the crate root raises it to {limit}"),
        );
    } else {
        diagnostics.warning(
            "types nested too deep for rustc's default recursion limit",
            nesting.pointer,
            format!(
                "{deep}; the root of the crate these modules are part of needs `#![recursion_limit = \"{limit}\"]`, or rustc stops with E0320 (overflow while adding drop-check rules)"
            ),
        );
    }
    diagnostics.normalize();
    Some(limit)
}

/// `raw` as a package name cargo accepts, with a note when it had to change (a folder named
/// after an API such as `1panel` cannot name a crate as it is).
fn valid_package_name(raw: &str, diagnostics: &mut Diagnostics) -> String {
    let name = naming::package_name(raw);
    if name != raw {
        diagnostics.note(
            "a crate name that cargo would refuse, changed",
            "#",
            format!("`{raw}` is not a package name cargo accepts as it is, so the crate is named `{name}`"),
        );
        diagnostics.normalize();
    }
    name
}

/// Loads the document and builds its IR, or returns every problem found.
fn build_api(spec: Spec<'_>) -> Result<(ir::Api, Diagnostics, load::Pointers), Diagnostics> {
    let loaded = load::load_files(spec.text, spec.path, spec.files);
    let mut diagnostics = loaded.diagnostics;
    let pointers = loaded.pointers;
    let Some(document) = loaded.document else {
        pointers.apply(&mut diagnostics);
        return Err(diagnostics);
    };
    // In a strict document, the load stage's warnings (a duplicate key with equal values) are
    // errors too; the load stage could not know before the document was read.
    if ir::is_strict(&document) {
        diagnostics.make_warnings_errors();
    }
    // The IR is built even when loading found problems, so that one report names them all.
    let index = load::SchemaIndex::build(&document);
    let (api, found) = match ir::build(&document, &index) {
        Ok((api, found)) => (Some(api), found),
        Err(found) => (None, found),
    };
    diagnostics.extend(found);
    // The IR read the document in the 3.0 model, with copies for `$ref`s; on failure its
    // pointers are mapped back here to the document as written (a Swagger 2.0 `definitions`,
    // a 3.1 `$defs`, another file), and on success by the caller, once it has added its own.
    let diagnostics = match diagnostics.into_result() {
        Ok(diagnostics) => diagnostics,
        Err(mut diagnostics) => {
            pointers.apply(&mut diagnostics);
            return Err(diagnostics);
        }
    };
    match api {
        Some(api) => Ok((api, diagnostics, pointers)),
        None => {
            let mut diagnostics = diagnostics;
            pointers.apply(&mut diagnostics);
            Err(diagnostics)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Diagnostics, Settings, Severity, generate, refusal_names_a_problem};

    /// A stage that refuses without naming an error is the generator's bug, reported as one.
    #[test]
    fn a_refusal_without_an_error_is_an_internal_error() {
        let mut found = Diagnostics::default();
        found.warning("a warning", "#/paths", "a warning, not an error");
        let Err(refused) = refusal_names_a_problem::<()>(Err(found)) else {
            panic!("the refusal became a success");
        };
        let severities: Vec<Severity> = refused.0.iter().map(|d| d.severity).collect();
        assert_eq!(severities, [Severity::Internal, Severity::Warning]);
    }

    /// A folder named after an API whose name starts with a digit still makes a crate: one
    /// whose name cargo accepts, with a note.
    #[test]
    fn a_crate_name_that_starts_with_a_digit_is_prefixed_with_a_note() {
        let spec = "openapi: 3.0.3\ninfo: {title: 1panel, version: '1'}\npaths: {}\n";
        let settings = Settings {
            spec_name: "1panel.yaml".to_owned(),
            standalone_crate: Some("1panel".to_owned()),
            runtime_path: Some("../runtime".to_owned()),
            doc_crate: None,
        };
        let generated = generate(spec, &settings).unwrap_or_else(|d| panic!("{d}"));
        let manifest = generated
            .files
            .iter()
            .find(|f| f.path == "Cargo.toml")
            .map(|f| f.contents.as_str())
            .unwrap_or_default();
        assert!(
            manifest.contains("\nname = \"client-1panel\"\n"),
            "{manifest}"
        );
        let notes: Vec<&str> = generated
            .diagnostics
            .0
            .iter()
            .map(|d| d.kind.as_str())
            .collect();
        assert_eq!(notes, ["a crate name that cargo would refuse, changed"]);
    }
}
