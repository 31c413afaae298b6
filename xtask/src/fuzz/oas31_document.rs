//! Mutations of OpenAPI 3.1 constructs that span the document: `$defs` and the references into
//! them, `webhooks`, `components/pathItems`, a document without `paths`, and the new fields of
//! `info`, the root and security schemes.

use super::mutate::{pick_path, some_schema};
use super::sites::Sites;
use super::tree::{Node, Rng};
use super::vocabulary::{NASTY, ODD_NAMES};

/// A JSON pointer token for `name`.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// `$defs` in a component schema, and a schema elsewhere that refers into it: by the full
/// pointer `#/components/schemas/X/$defs/Y` (also into a nested `$defs`), by `#/$defs/Y` (which
/// resolves nowhere in a whole document), or to a definition that is missing. The definition may
/// share its name with a component, or refer back to its owner.
pub(crate) fn defs(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let site = pick_path(&sites.schemas, rng).cloned();
    let owner = if sites.schema_names.is_empty() {
        "Owner".to_owned()
    } else {
        rng.pick(&sites.schema_names).clone()
    };
    let name = match rng.below(4) {
        0 if !sites.schema_names.is_empty() => rng.pick(&sites.schema_names).clone(),
        1 => rng.pick(ODD_NAMES).to_string(),
        _ => "Inner".to_owned(),
    };
    let mut definition = some_schema(sites, rng);
    let base = format!(
        "#/components/schemas/{}/$defs/{}",
        escape(&owner),
        escape(&name)
    );
    let target = match rng.below(6) {
        0 => {
            definition = Node::map([
                ("type", Node::str("object")),
                (
                    "$defs",
                    Node::map([("Deep", Node::map([("type", Node::str("string"))]))]),
                ),
            ]);
            format!("{base}/$defs/Deep")
        }
        1 => format!("#/$defs/{}", escape(&name)),
        2 => format!("#/components/schemas/{}/$defs/Missing", escape(&owner)),
        _ => base,
    };
    // The reference goes in first: when it lands on the owner itself, the owner then holds both
    // the `$ref` and the `$defs` it points into.
    let reference = Node::map([("$ref", Node::Str(target.clone()))]);
    match site.and_then(|p| doc.at_mut(&p)) {
        Some(schema) => *schema = reference,
        None => doc
            .map_at("components")?
            .map_at("schemas")?
            .set("User", reference),
    }
    let owner_schema = doc
        .map_at("components")?
        .map_at("schemas")?
        .map_at(&owner)?;
    owner_schema.map_at("$defs")?.set(&name, definition);
    Some(format!(
        "$defs `{}` in `{}`, referred to as `{}`",
        name.escape_debug(),
        owner.escape_debug(),
        target.escape_debug()
    ))
}

/// A path item small enough to add anywhere: one `post` whose body is a schema of the document.
fn small_path_item(sites: &Sites, rng: &mut Rng) -> Node {
    let body = Node::map([(
        "content",
        Node::map([(
            "application/json",
            Node::map([("schema", some_schema(sites, rng))]),
        )]),
    )]);
    Node::map([(
        "post",
        Node::map([
            ("requestBody", body),
            (
                "responses",
                Node::map([("200", Node::map([("description", Node::str("ok"))]))]),
            ),
        ]),
    )])
}

/// A webhook: a copy of one of the document's path items or a small one, a reference to a
/// component path item, or `null`; sometimes in a document that has no `paths` left.
pub(crate) fn webhooks(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let item = match doc.get("paths") {
        Some(Node::Map(entries)) if !entries.is_empty() && rng.one_in(2) => {
            entries[rng.below(entries.len())].1.clone()
        }
        _ => small_path_item(sites, rng),
    };
    let name = *rng.pick(&["newPet", "order.created", "", "a/b", "fooBar", "foo_bar"]);
    let (value, shape) = match rng.below(5) {
        0 => {
            doc.map_at("components")?
                .map_at("pathItems")?
                .set("Hook", item);
            (
                Node::map([("$ref", Node::str("#/components/pathItems/Hook"))]),
                "a reference to a component path item",
            )
        }
        1 => (Node::Null, "null"),
        _ => (item, "a path item"),
    };
    doc.map_at("webhooks")?.set(name, value);
    let alone = rng.one_in(4);
    if alone {
        doc.remove("paths");
    }
    Some(format!(
        "webhook `{name}` as {shape}{}",
        if alone { ", and no paths" } else { "" }
    ))
}

/// Moves a path item to `components/pathItems` and refers to it from `paths`: plainly, with
/// sibling fields beside the `$ref` (whose meaning 3.1 leaves undefined), through a second
/// reference, or to a component that does not exist.
pub(crate) fn path_items(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let fresh = small_path_item(sites, rng);
    let paths = doc.map_at("paths")?;
    let Node::Map(entries) = paths else {
        return None;
    };
    if entries.is_empty() {
        entries.push(("/hook".to_owned(), fresh));
    }
    let i = rng.below(entries.len());
    let name = if rng.one_in(4) {
        rng.pick(ODD_NAMES).to_string()
    } else {
        format!("Item{i}")
    };
    let pointer = |n: &str| format!("#/components/pathItems/{}", escape(n));
    let mut reference = Node::map([("$ref", Node::Str(pointer(&name)))]);
    let item = std::mem::replace(&mut entries[i].1, Node::Null);
    let mut stored = vec![(name.clone(), item.clone())];
    let shape = match rng.below(5) {
        0 => {
            reference.set("summary", Node::str("A summary beside the $ref."));
            "with a sibling summary"
        }
        1 => {
            reference.set("get", item.get("post").cloned().unwrap_or(Node::Null));
            "with a sibling operation"
        }
        2 => {
            reference = Node::map([("$ref", Node::Str(pointer("Missing")))]);
            stored.clear();
            "to a missing component"
        }
        3 => {
            stored = vec![
                (
                    name.clone(),
                    Node::map([("$ref", Node::Str(pointer("Second")))]),
                ),
                ("Second".to_owned(), item),
            ];
            "through a second reference"
        }
        _ => "plainly",
    };
    entries[i].1 = reference;
    let components = doc.map_at("components")?.map_at("pathItems")?;
    for (key, value) in stored {
        components.set(&key, value);
    }
    Some(format!(
        "path item `{}` referred to {shape}",
        name.escape_debug()
    ))
}

/// A document without `paths` (3.1 makes them optional), with empty ones, or with `null`;
/// sometimes with webhooks in their place.
pub(crate) fn no_paths(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    if !matches!(doc, Node::Map(_)) {
        return None;
    }
    let label = match rng.below(4) {
        0 => {
            doc.set("paths", Node::Map(Vec::new()));
            "empty paths"
        }
        1 => {
            doc.set("paths", Node::Null);
            "paths: null"
        }
        2 => {
            let item = small_path_item(sites, rng);
            doc.map_at("webhooks")?.set("event", item);
            doc.remove("paths");
            "no paths, a webhook instead"
        }
        _ => {
            doc.remove("paths");
            "no paths"
        }
    };
    Some(label.to_owned())
}

/// `info.summary`: plain, hostile, or not a string.
pub(crate) fn info_summary(doc: &mut Node, _: &Sites, rng: &mut Rng) -> Option<String> {
    let value = match rng.below(4) {
        0 => Node::str(rng.pick(NASTY)),
        1 => Node::Num("1".into()),
        _ => Node::str("A one-line summary of the API."),
    };
    doc.map_at("info")?.set("summary", value);
    Some("info.summary".to_owned())
}

/// `license.identifier` (SPDX): alone, beside the `url` it excludes, without a `name`, as an
/// SPDX expression, empty, or a number.
pub(crate) fn license_identifier(doc: &mut Node, _: &Sites, rng: &mut Rng) -> Option<String> {
    let identifier = match rng.below(5) {
        0 => Node::str("GPL-3.0-or-later WITH Classpath-exception-2.0"),
        1 => Node::str(""),
        2 => Node::Num("2".into()),
        _ => Node::str("Apache-2.0"),
    };
    let shown = super::mutate::short(&identifier);
    let license = doc.map_at("info")?.map_at("license")?;
    license.set("identifier", identifier);
    match rng.below(3) {
        0 => license.set(
            "url",
            Node::str("https://www.apache.org/licenses/LICENSE-2.0"),
        ),
        1 => license.remove("name"),
        _ => license.set("name", Node::str("Apache 2.0")),
    }
    Some(format!("license.identifier: {shown}"))
}

/// `jsonSchemaDialect`: the OAS dialect, plain 2020-12, draft-07 (under which `items` may be a
/// list), or values that are no dialect.
pub(crate) fn json_schema_dialect(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let dialect = *rng.pick(&[
        "https://spec.openapis.org/oas/3.1/dialect/base",
        "https://json-schema.org/draft/2020-12/schema",
        "http://json-schema.org/draft-07/schema#",
        "",
        "not a URI",
    ]);
    if !matches!(doc, Node::Map(_)) {
        return None;
    }
    doc.set("jsonSchemaDialect", Node::str(dialect));
    if dialect.contains("draft-07")
        && let Some(path) = pick_path(&sites.schemas, rng)
        && let Some(schema) = doc.at_mut(path)
    {
        // Draft-07 spells a tuple as a list under `items`.
        *schema = Node::map([
            ("type", Node::str("array")),
            (
                "items",
                Node::Seq(vec![
                    Node::map([("type", Node::str("string"))]),
                    Node::map([("type", Node::str("integer"))]),
                ]),
            ),
        ]);
    }
    Some(format!("jsonSchemaDialect: {dialect:?}"))
}

/// The `openapi` field: the later 3.1 patch releases (the seeds declare 3.1.0 or 3.1.1), an
/// unquoted YAML float, a string without a patch number or with a placeholder, and a later
/// minor version that the generator must refuse by name.
pub(crate) fn openapi_version(doc: &mut Node, _: &Sites, rng: &mut Rng) -> Option<String> {
    let value = match rng.below(6) {
        0 => Node::Num("3.1".into()),
        1 => Node::str("3.1.2"),
        2 => Node::str("3.1.x"),
        3 => Node::str("3.2.0"),
        4 => Node::str("3.1"),
        _ => Node::str("3.1.1"),
    };
    if !matches!(doc, Node::Map(_)) {
        return None;
    }
    let label = format!("openapi: {}", super::mutate::short(&value));
    doc.set("openapi", value);
    Some(label)
}

/// A `mutualTLS` security scheme, required alone, as one of two alternatives, or together with
/// an API key, at the root or on an operation.
pub(crate) fn mutual_tls(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let schemes = doc.map_at("components")?.map_at("securitySchemes")?;
    schemes.set("mtls", Node::map([("type", Node::str("mutualTLS"))]));
    schemes.set(
        "key",
        Node::map([
            ("type", Node::str("apiKey")),
            ("in", Node::str("header")),
            ("name", Node::str("X-Key")),
        ]),
    );
    let mtls = || Node::map([("mtls", Node::Seq(Vec::new()))]);
    let key = || Node::map([("key", Node::Seq(Vec::new()))]);
    let (requirement, shape) = match rng.below(3) {
        0 => (vec![mtls()], "alone"),
        1 => (vec![mtls(), key()], "or an API key"),
        _ => {
            let mut both = mtls();
            both.set("key", Node::Seq(Vec::new()));
            (vec![both], "and an API key")
        }
    };
    let place = match pick_path(&sites.operations, rng).and_then(|p| doc.at_mut(p)) {
        Some(operation @ Node::Map(_)) if rng.one_in(2) => {
            operation.set("security", Node::Seq(requirement));
            "an operation"
        }
        _ => {
            doc.set("security", Node::Seq(requirement));
            "the document"
        }
    };
    Some(format!("mutualTLS {shape} on {place}"))
}
