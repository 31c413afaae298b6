//! Seed documents: the generator's fixtures, the EnKash spec, and a corpus of public documents.
//! A large document is not fuzzed whole; each case cuts a small document out of it.

use super::tree::{Node, Rng};
use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Above this size a seed is cut into small documents, so that a case stays quick to generate
/// and its reproducer stays readable.
const CUT_ABOVE_BYTES: usize = 100_000;

#[derive(Debug)]
pub(crate) struct Seed {
    pub(crate) name: String,
    pub(crate) tree: Node,
    pub(crate) large: bool,
}

/// Every seed, in a fixed order (the order decides which seed a case starts from).
pub(crate) fn load(root: &Path, corpus: Option<&Path>) -> Result<Vec<Seed>> {
    let mut files = Vec::new();
    for dir in [
        "generator/tests/fixtures/ok",
        "generator/tests/fixtures/err",
    ] {
        files.extend(files_in(&root.join(dir), Some("yaml"))?);
    }
    files.push(root.join("spec/openapi.yaml"));
    if let Some(corpus) = corpus {
        files.extend(files_in(corpus, None)?);
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
        let name = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        seeds.push(Seed {
            name,
            tree,
            large: text.len() > CUT_ABOVE_BYTES,
        });
    }
    Ok(seeds)
}

fn files_in(dir: &Path, extension: Option<&str>) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        if path.is_file() && extension.is_none_or(|e| path.extension().is_some_and(|x| x == e)) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The document a case starts from: a small seed whole, or a cut of a large one.
pub(crate) fn start(seed: &Seed, rng: &mut Rng) -> Node {
    if seed.large {
        cut(&seed.tree, rng)
    } else {
        seed.tree.clone()
    }
}

/// A small document cut out of `whole`: its root fields, a handful of its paths (or, when it has
/// few paths, a handful of its schemas), and every component those reference, transitively.
pub(crate) fn cut(whole: &Node, rng: &mut Rng) -> Node {
    let mut doc = Node::Map(Vec::new());
    for key in ["openapi", "info", "servers", "security"] {
        if let Some(value) = whole.get(key) {
            doc.set(key, value.clone());
        }
    }
    let mut wanted = Vec::new();
    let paths = match whole.get("paths") {
        Some(Node::Map(entries)) => entries.as_slice(),
        _ => &[],
    };
    let mut picked = Vec::new();
    if !paths.is_empty() && !rng.one_in(4) {
        for _ in 0..1 + rng.below(4) {
            let entry = rng.pick(paths).clone();
            if !picked.iter().any(|(k, _): &(String, Node)| *k == entry.0) {
                picked.push(entry);
            }
        }
    } else if let Some(Node::Map(schemas)) = whole.get("components").and_then(|c| c.get("schemas"))
        && !schemas.is_empty()
    {
        for _ in 0..1 + rng.below(6) {
            wanted.push(("schemas".to_owned(), rng.pick(schemas).0.clone()));
        }
    }
    for (_, item) in &picked {
        refs_in(item, &mut wanted);
    }
    doc.set("paths", Node::Map(picked));
    if let Some(schemes) = whole
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
    {
        doc.set(
            "components",
            Node::Map(vec![("securitySchemes".to_owned(), schemes.clone())]),
        );
    }
    let mut done = BTreeSet::new();
    while let Some((section, name)) = wanted.pop() {
        if !done.insert((section.clone(), name.clone())) {
            continue;
        }
        let Some(component) = whole
            .get("components")
            .and_then(|c| c.get(&section))
            .and_then(|s| s.get(&name))
        else {
            continue;
        };
        refs_in(component, &mut wanted);
        add_component(&mut doc, &section, &name, component.clone());
    }
    doc
}

fn add_component(doc: &mut Node, section: &str, name: &str, value: Node) {
    if doc.get("components").is_none() {
        doc.set("components", Node::Map(Vec::new()));
    }
    let Some(components) = doc.get_mut("components") else {
        return;
    };
    if components.get(section).is_none() {
        components.set(section, Node::Map(Vec::new()));
    }
    if let Some(section) = components.get_mut(section) {
        section.set(name, value);
    }
}

/// Collects `(section, name)` of every local `#/components/…` reference under `node`.
fn refs_in(node: &Node, out: &mut Vec<(String, String)>) {
    match node {
        Node::Map(entries) => {
            for (key, value) in entries {
                if key == "$ref"
                    && let Node::Str(target) = value
                    && let Some(rest) = target.strip_prefix("#/components/")
                    && let Some((section, name)) = rest.split_once('/')
                {
                    let name = name.replace("~1", "/").replace("~0", "~");
                    out.push((section.to_owned(), name));
                } else {
                    refs_in(value, out);
                }
            }
        }
        Node::Seq(items) => items.iter().for_each(|item| refs_in(item, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
