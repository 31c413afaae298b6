//! Seed documents: the generator's fixtures, the fuzzer's own 3.1 and 2.0 documents, the EnKash
//! spec, and a corpus of public documents. A large document is not fuzzed whole; each case cuts a
//! small document out of it.

use super::tree::{Node, Rng};
use super::version::Version;
use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Above this size a seed is cut into small documents, so that a case stays quick to generate
/// and its reproducer stays readable.
const CUT_ABOVE_BYTES: usize = 100_000;

/// Folders whose every document is a seed, subfolders included, so that a fixture added there
/// (such as the `oas31_*.yaml` and `swagger20_*.yaml` the generator's tests are to get) is fuzzed
/// without a change here.
const SEED_DIRS: &[&str] = &[
    "generator/tests/fixtures/ok",
    "generator/tests/fixtures/err",
    "xtask/src/fuzz/seeds",
];

/// The extensions of seed documents; the fixture folders also hold expected Rust output.
const SEED_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

#[derive(Debug)]
pub(crate) struct Seed {
    pub(crate) name: String,
    pub(crate) tree: Node,
    pub(crate) large: bool,
    /// The version the seed declares; its cases keep it, whatever their mutations do.
    pub(crate) version: Version,
}

/// Every seed, in a fixed order (the order decides which seed a case starts from).
pub(crate) fn load(root: &Path, corpus: Option<&Path>) -> Result<Vec<Seed>> {
    let mut files = Vec::new();
    for dir in SEED_DIRS {
        files.extend(documents_in(&root.join(dir))?);
    }
    files.push(root.join("spec/openapi.yaml"));
    if let Some(corpus) = corpus {
        files.extend(files_in(corpus)?);
    }
    let mut seeds = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        // A seed that is not YAML at all (a fixture of a broken document) still seeds the
        // text-level mutations, as one string.
        let tree = match yaml_serde::from_str::<yaml_serde::Value>(&text) {
            Ok(value) => Node::from_yaml(value).unwrap_or(Node::Str(text.clone())),
            Err(_) => Node::Str(text.clone()),
        };
        let version = match &tree {
            Node::Str(_) => Version::of_text(&text),
            doc => Version::of(doc),
        };
        let name = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        seeds.push(Seed {
            name,
            tree,
            large: text.len() > CUT_ABOVE_BYTES,
            version,
        });
    }
    Ok(seeds)
}

/// The seed documents under `dir` and its subfolders, sorted by path.
fn documents_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|x| SEED_EXTENSIONS.iter().any(|e| x == *e))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The files directly in `dir`, sorted by path.
fn files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The seed case `rng` starts from. The versions present share the cases, 3.0 taking two shares
/// and 3.1 and 2.0 one each: with seeds picked evenly, the few 3.1 and 2.0 seeds among fifty-odd
/// 3.0 fixtures would get one case in twenty-five, too few to exercise their mutations.
pub(crate) fn pick<'a>(seeds: &'a [Seed], rng: &mut Rng) -> &'a Seed {
    let shares: Vec<Version> = Version::ALL
        .iter()
        .flat_map(|v| std::iter::repeat_n(*v, if *v == Version::V30 { 2 } else { 1 }))
        .filter(|v| seeds.iter().any(|s| s.version == *v))
        .collect();
    if shares.is_empty() {
        return rng.pick(seeds);
    }
    let version = *rng.pick(&shares);
    let of_version: Vec<&Seed> = seeds.iter().filter(|s| s.version == version).collect();
    rng.pick::<&Seed>(&of_version)
}

/// The document a case starts from: a small seed whole, or a cut of a large one.
pub(crate) fn start(seed: &Seed, rng: &mut Rng) -> Node {
    if seed.large {
        cut(&seed.tree, rng)
    } else {
        seed.tree.clone()
    }
}

/// The root fields a cut keeps: those that say what the document is and where and how it is
/// served, for each version.
const CUT_KEEPS: &[&str] = &[
    "openapi",
    "swagger",
    "info",
    "servers",
    "security",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "securityDefinitions",
    "jsonSchemaDialect",
];

/// A small document cut out of `whole`: its root fields, a handful of its paths (or, when it has
/// few paths, a handful of its schemas), and every component those reference, transitively.
/// Components are found where the document's version keeps them: under `components` in 3.x,
/// under `definitions`, `parameters` and `responses` in 2.0.
pub(crate) fn cut(whole: &Node, rng: &mut Rng) -> Node {
    let mut doc = Node::Map(Vec::new());
    for key in CUT_KEEPS {
        if let Some(value) = whole.get(key) {
            doc.set(key, value.clone());
        }
    }
    let mut wanted = Vec::new();
    let paths = match whole.get("paths") {
        Some(Node::Map(entries)) => entries.as_slice(),
        _ => &[],
    };
    let schemas_at = match Version::of(whole) {
        Version::V20 => "definitions",
        _ => "components/schemas",
    };
    let mut picked = Vec::new();
    if !paths.is_empty() && !rng.one_in(4) {
        for _ in 0..1 + rng.below(4) {
            let entry = rng.pick(paths).clone();
            if !picked.iter().any(|(k, _): &(String, Node)| *k == entry.0) {
                picked.push(entry);
            }
        }
    } else if let Some(Node::Map(schemas)) = section(whole, schemas_at)
        && !schemas.is_empty()
    {
        for _ in 0..1 + rng.below(6) {
            wanted.push((schemas_at.to_owned(), rng.pick(schemas).0.clone()));
        }
    }
    for (_, item) in &picked {
        refs_in(item, &mut wanted);
    }
    doc.set("paths", Node::Map(picked));
    if let Some(schemes) = section(whole, "components/securitySchemes") {
        add_component(&mut doc, "components", "securitySchemes", schemes.clone());
    }
    let mut done = BTreeSet::new();
    while let Some((at, name)) = wanted.pop() {
        if !done.insert((at.clone(), name.clone())) {
            continue;
        }
        let Some(component) = section(whole, &at).and_then(|s| s.get(&name)) else {
            continue;
        };
        refs_in(component, &mut wanted);
        add_component(&mut doc, &at, &name, component.clone());
    }
    doc
}

/// The node at `at`, a `/`-separated path of keys from the root.
fn section<'a>(doc: &'a Node, at: &str) -> Option<&'a Node> {
    at.split('/').try_fold(doc, |node, key| node.get(key))
}

fn add_component(doc: &mut Node, at: &str, name: &str, value: Node) {
    let mut node = Some(doc);
    for key in at.split('/') {
        node = node.and_then(|n| n.map_at(key));
    }
    if let Some(section) = node {
        section.set(name, value);
    }
}

/// Collects `(section, name)` of every local reference to a component under `node`: to
/// `#/components/<section>/<name>` in 3.x, to `#/definitions/<name>`, `#/parameters/<name>` and
/// `#/responses/<name>` in 2.0. A reference into a component (`…/X/$defs/Y`) wants the whole
/// component.
fn refs_in(node: &Node, out: &mut Vec<(String, String)>) {
    match node {
        Node::Map(entries) => {
            for (key, value) in entries {
                if key == "$ref"
                    && let Node::Str(target) = value
                    && let Some(found) = component_of(target)
                {
                    out.push(found);
                } else {
                    refs_in(value, out);
                }
            }
        }
        Node::Seq(items) => items.iter().for_each(|item| refs_in(item, out)),
        _ => {}
    }
}

/// The section and name of the component a local reference points into.
fn component_of(target: &str) -> Option<(String, String)> {
    let (at, rest) = if let Some(rest) = target.strip_prefix("#/components/") {
        let (section, rest) = rest.split_once('/')?;
        (format!("components/{section}"), rest)
    } else {
        let rest = target.strip_prefix("#/")?;
        let (section, rest) = rest.split_once('/')?;
        if !matches!(section, "definitions" | "parameters" | "responses") {
            return None;
        }
        (section.to_owned(), rest)
    };
    let name = rest.split('/').next()?;
    Some((at, name.replace("~1", "/").replace("~0", "~")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each version has seeds, and every seed named for a version (the fuzzer's own and any
    /// fixture named `oas31_*` or `swagger20_*`) is read as that version.
    #[test]
    fn seeds_of_each_version_are_loaded_as_that_version() -> Result<()> {
        let seeds = load(&crate::workspace_root(), None)?;
        for version in Version::ALL {
            assert!(
                seeds.iter().any(|s| s.version == version),
                "no {} seed",
                version.label()
            );
        }
        let mut named = 0;
        for seed in &seeds {
            let file = seed.name.rsplit('/').next().unwrap_or_default();
            let declared = if file.starts_with("oas31_") {
                Version::V31
            } else if file.starts_with("swagger20_") {
                Version::V20
            } else {
                continue;
            };
            assert_eq!(seed.version, declared, "{}", seed.name);
            named += 1;
        }
        assert!(named >= 5, "only {named} seeds named for a version");
        Ok(())
    }

    /// Documents in subfolders are seeds too, in YAML or JSON; other files are not.
    #[test]
    fn documents_are_found_in_subfolders() -> Result<()> {
        let dir = crate::workspace_root().join("target/fuzz/test-documents-in");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("split"))?;
        for file in ["b.yaml", "a.json", "c.rs", "split/d.yml", "split/e.txt"] {
            std::fs::write(dir.join(file), "openapi: 3.1.0\n")?;
        }
        let found: Vec<String> = documents_in(&dir)?
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap_or(p).display().to_string())
            .collect();
        assert_eq!(found, ["a.json", "b.yaml", "split/d.yml"]);
        Ok(())
    }

    /// Seeds are picked by version first, so that the few 3.1 and 2.0 seeds get their share.
    #[test]
    fn each_version_gets_its_share_of_cases() -> Result<()> {
        let seeds = load(&crate::workspace_root(), None)?;
        let mut counts = std::collections::BTreeMap::new();
        for case in 0..400 {
            let seed = pick(&seeds, &mut Rng::for_case(1, case));
            *counts.entry(seed.version).or_insert(0) += 1;
        }
        for version in Version::ALL {
            let count = counts.get(&version).copied().unwrap_or(0);
            assert!(count >= 60, "{}: {count} of 400", version.label());
        }
        Ok(())
    }

    /// A cut of a 2.0 document keeps its root fields and follows references into `definitions`,
    /// `parameters` and `responses`; a reference into a component's `$defs` keeps the component.
    #[test]
    fn a_cut_of_a_20_document_follows_its_references() {
        let text = r##"
swagger: "2.0"
info: {title: t, version: "1"}
host: a.example.com
paths:
  /a:
    get:
      parameters: [{$ref: "#/parameters/P"}]
      responses:
        "200": {$ref: "#/responses/R"}
parameters:
  P: {name: p, in: body, schema: {$ref: "#/definitions/A"}}
responses:
  R: {description: r, schema: {$ref: "#/definitions/B/$defs/C"}}
definitions:
  A: {type: string}
  B: {type: object, $defs: {C: {type: string}}}
  Unused: {type: string}
"##;
        let whole = Node::from_yaml(yaml_serde::from_str(text).expect("yaml")).expect("tree");
        let mut checked = 0;
        for seed in 0..16 {
            let doc = cut(&whole, &mut Rng::new(seed));
            if doc.get("paths").and_then(|p| p.get("/a")).is_none() {
                continue;
            }
            assert!(doc.get("swagger").is_some() && doc.get("host").is_some());
            assert!(doc.get("parameters").and_then(|p| p.get("P")).is_some());
            assert!(doc.get("responses").and_then(|r| r.get("R")).is_some());
            let definitions = doc.get("definitions").expect("definitions");
            assert!(definitions.get("A").is_some() && definitions.get("B").is_some());
            assert!(definitions.get("Unused").is_none());
            checked += 1;
        }
        assert!(checked > 0);
    }

    /// A cut keeps what its paths reference, through other components, and nothing else.
    #[test]
    fn a_cut_follows_references_transitively() {
        let text = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200": {$ref: "#/components/responses/R"}
components:
  responses:
    R:
      description: r
      content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}
  schemas:
    A: {type: array, items: {$ref: "#/components/schemas/B"}}
    B: {type: string}
    Unused: {type: string}
"##;
        let whole = Node::from_yaml(yaml_serde::from_str(text).expect("yaml")).expect("tree");
        // Some cuts take schemas instead of paths; check those that took the path.
        let mut checked = 0;
        for seed in 0..16 {
            let doc = cut(&whole, &mut Rng::new(seed));
            if doc.get("paths").and_then(|p| p.get("/a")).is_none() {
                continue;
            }
            let schemas = doc
                .get("components")
                .and_then(|c| c.get("schemas"))
                .expect("schemas");
            assert!(schemas.get("A").is_some() && schemas.get("B").is_some());
            assert!(schemas.get("Unused").is_none());
            checked += 1;
        }
        assert!(checked > 0);
    }
}
