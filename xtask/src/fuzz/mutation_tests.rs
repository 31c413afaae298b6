//! Tests of the version-specific mutations: each writes its construct into a document that lacked
//! it (checked on the document as written out and read back, since that is what the generator
//! sees), each covers the shapes it promises, and each replays exactly from the same seed and
//! PRNG state.

use super::mutate::Mutation;
use super::sites::Sites;
use super::tree::{Node, Rng};
use super::version::Version;
use super::{oas31, swagger20};
use std::collections::BTreeMap;

/// A 3.1 document with none of the 3.1 constructs the mutations write.
const PLAIN_31: &str = r##"
openapi: 3.1.0
info: {title: Plain, version: "1"}
paths:
  /users/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      operationId: getUser
      parameters:
        - {$ref: "#/components/parameters/Limit"}
      responses:
        "200":
          description: A user.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
        "404": {$ref: "#/components/responses/NotFound"}
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer}}
  responses:
    NotFound: {description: Not found.}
  schemas:
    User:
      type: object
      required: [name]
      properties:
        name: {type: string}
        age: {type: integer, minimum: 0}
        tags: {type: array, items: {type: string}}
    Group:
      type: object
      properties:
        members: {type: array, items: {$ref: "#/components/schemas/User"}}
"##;

/// A 2.0 document with none of the constructs the 2.0 mutations write, except what every 2.0
/// document has (`host`, `basePath`, `schemes`, `definitions` and references to them).
const PLAIN_20: &str = r##"
swagger: "2.0"
info: {title: Plain, version: "1"}
host: plain.example.com
basePath: /v1
schemes: [https]
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters:
        - {name: id, in: path, required: true, type: string}
        - {name: limit, in: query, type: integer}
      responses:
        "200":
          description: A user.
          schema: {$ref: "#/definitions/User"}
    put:
      operationId: putUser
      parameters:
        - {name: id, in: path, required: true, type: string}
      responses:
        "204": {description: Done.}
definitions:
  User:
    type: object
    required: [name]
    properties:
      name: {type: string}
      age: {type: integer, minimum: 0}
"##;

/// PRNG states each mutation is tried from.
const TRIES: u64 = 24;

fn parse(text: &str) -> Node {
    Node::from_yaml(yaml_serde::from_str(text).expect("yaml")).expect("tree")
}

/// The document as the generator would read it: written as YAML and parsed again. A document
/// holding a number the YAML reader refuses (the fuzzer writes `18446744073709551616` on
/// purpose) is checked as it is.
fn reread(doc: &Node) -> Node {
    yaml_serde::from_str(&doc.to_yaml())
        .ok()
        .and_then(|value| Node::from_yaml(value).ok())
        .unwrap_or_else(|| doc.clone())
}

fn plain(version: Version) -> Node {
    match version {
        Version::V20 => parse(PLAIN_20),
        Version::V31 => parse(PLAIN_31),
        Version::V30 => parse(&PLAIN_31.replace("openapi: 3.1.0", "openapi: 3.0.3")),
    }
}

/// Applies `mutation` to a copy of `seed` from PRNG state `k`; the label and the document
/// written out and read back, or `None` when the mutation found no place.
fn apply(mutation: Mutation, seed: &Node, version: Version, k: u64) -> Option<(String, Node)> {
    let mut doc = seed.clone();
    let sites = Sites::of(&doc, version);
    let label = mutation(&mut doc, &sites, &mut Rng::new(k))?;
    Some((label, reread(&doc)))
}

/// Every node of `node` with the keys (or list indexes) on the way to it.
fn nodes<'a>(node: &'a Node, keys: &mut Vec<String>, out: &mut Vec<(Vec<String>, &'a Node)>) {
    out.push((keys.clone(), node));
    let children: Vec<(String, &Node)> = match node {
        Node::Map(entries) => entries.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Node::Seq(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    };
    for (key, child) in children {
        keys.push(key);
        nodes(child, keys, out);
        keys.pop();
    }
}

/// How many nodes of `after` satisfy `wanted` and are not in `before`, at the same place with
/// the same value.
fn new_nodes(before: &Node, after: &Node, wanted: impl Fn(&[String], &Node) -> bool) -> usize {
    let mut old = Vec::new();
    nodes(before, &mut Vec::new(), &mut old);
    let mut seen: BTreeMap<(Vec<String>, String), usize> = BTreeMap::new();
    for (keys, node) in old {
        *seen.entry((keys, node.to_json())).or_default() += 1;
    }
    let mut new = Vec::new();
    nodes(after, &mut Vec::new(), &mut new);
    new.into_iter()
        .filter(|(keys, node)| wanted(keys, node))
        .filter(
            |(keys, node)| match seen.get_mut(&(keys.clone(), node.to_json())) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            },
        )
        .count()
}

fn has(node: &Node, keys: &[&str]) -> bool {
    keys.iter().any(|k| node.get(k).is_some())
}

fn is_str(node: Option<&Node>, text: &str) -> bool {
    matches!(node, Some(Node::Str(s)) if s == text)
}

fn ref_starts(node: &Node, prefix: &str) -> bool {
    matches!(node.get("$ref"), Some(Node::Str(s)) if s.starts_with(prefix))
}

fn last_is(keys: &[String], wanted: &[&str]) -> bool {
    keys.last().is_some_and(|k| wanted.contains(&k.as_str()))
}

/// Boolean schemas, found where the fuzzer itself finds schemas.
fn boolean_schemas(doc: &Node, version: Version) -> usize {
    Sites::of(doc, version)
        .schemas
        .iter()
        .filter(|p| matches!(doc.at(p), Some(Node::Bool(_))))
        .count()
}

fn has_paths(doc: &Node) -> bool {
    matches!(doc.get("paths"), Some(Node::Map(entries)) if !entries.is_empty())
}

/// Whether `after` holds the construct that the 3.1 mutation `name` writes and `before` lacks.
fn shows_31(name: &str, before: &Node, after: &Node) -> Option<bool> {
    let n = |wanted: &dyn Fn(&[String], &Node) -> bool| new_nodes(before, after, wanted) > 0;
    Some(match name {
        "type array" => n(&|_, x| matches!(x.get("type"), Some(Node::Seq(_)))),
        "const" => n(&|_, x| has(x, &["const"])),
        "examples" => n(&|_, x| has(x, &["examples"])),
        "exclusive bounds" => n(&|_, x| has(x, &["exclusiveMinimum", "exclusiveMaximum"])),
        "$ref siblings" => n(&|_, x| matches!(x, Node::Map(e) if e.len() > 1) && has(x, &["$ref"])),
        "$defs" => {
            n(&|_, x| has(x, &["$defs"])) && n(&|_, x| ref_starts(x, "#/") && is_defs_ref(x))
        }
        "prefixItems" => n(&|_, x| has(x, &["prefixItems"])),
        "boolean schema" => {
            boolean_schemas(after, Version::V31) > boolean_schemas(before, Version::V31)
        }
        "content encoding" => n(&|_, x| has(x, &["contentEncoding", "contentMediaType"])),
        "null type" => {
            n(&|_, x| is_str(x.get("type"), "null") || x.get("type") == Some(&Node::Null))
        }
        "if/then/else" => n(&|_, x| has(x, &["if", "then", "else"])),
        "dependentRequired" => n(&|_, x| has(x, &["dependentRequired"])),
        "dependentSchemas" => n(&|_, x| has(x, &["dependentSchemas"])),
        "unevaluated" => n(&|_, x| has(x, &["unevaluatedProperties", "unevaluatedItems"])),
        "patternProperties" => n(&|_, x| has(x, &["patternProperties"])),
        "propertyNames" => n(&|_, x| has(x, &["propertyNames"])),
        "nullable in 3.1" => n(&|_, x| has(x, &["nullable"])),
        "identifiers" => n(&|_, x| {
            has(
                x,
                &[
                    "$id",
                    "$anchor",
                    "$dynamicAnchor",
                    "$dynamicRef",
                    "$schema",
                    "$comment",
                    "contains",
                ],
            )
        }),
        "webhooks" => n(&|k, _| k.len() == 2 && k[0] == "webhooks"),
        "pathItems" => {
            n(&|k, x| k.len() == 2 && k[0] == "paths" && ref_starts(x, "#/components/pathItems/"))
        }
        "no paths" => has_paths(before) && !has_paths(after),
        "info.summary" => n(&|k, _| k == ["info", "summary"]),
        "license.identifier" => n(&|k, _| k == ["info", "license", "identifier"]),
        "jsonSchemaDialect" => n(&|k, _| k == ["jsonSchemaDialect"]),
        "openapi version" => before.get("openapi") != after.get("openapi"),
        "mutualTLS" => {
            n(&|_, x| is_str(x.get("type"), "mutualTLS"))
                && n(&|k, x| last_is(k, &["security"]) && x.to_json().contains("mtls"))
        }
        _ => return None,
    })
}

fn is_defs_ref(node: &Node) -> bool {
    matches!(node.get("$ref"), Some(Node::Str(s)) if s.contains("$defs/"))
}

/// Whether `after` holds the construct that the 2.0 mutation `name` writes and `before` lacks.
fn shows_20(name: &str, before: &Node, after: &Node) -> Option<bool> {
    let n = |wanted: &dyn Fn(&[String], &Node) -> bool| new_nodes(before, after, wanted) > 0;
    let root_changed = |keys: &[&str]| keys.iter().any(|k| before.get(k) != after.get(k));
    Some(match name {
        "definitions ref" => n(&|_, x| ref_starts(x, "#/definitions/")),
        "springfox names" => {
            n(&|k, _| k.len() == 2 && k[0] == "definitions" && k[1].contains(['«', '[']))
        }
        "body parameter" => n(&|_, x| is_str(x.get("in"), "body")),
        "formData" => n(&|_, x| is_str(x.get("in"), "formData")),
        "consumes/produces" => n(&|k, _| last_is(k, &["consumes", "produces"])),
        "collectionFormat" => n(&|_, x| has(x, &["collectionFormat"])),
        "x-nullable" => n(&|_, x| has(x, &["x-nullable", "nullable"])),
        "allowEmptyValue" => n(&|_, x| has(x, &["allowEmptyValue"])),
        "response examples" => n(&|k, x| last_is(k, &["examples"]) && matches!(x, Node::Map(_))),
        "type: file" => n(&|_, x| is_str(x.get("type"), "file")),
        "path parameter not required" => {
            n(&|_, x| is_str(x.get("in"), "path") && x.get("required") != Some(&Node::Bool(true)))
        }
        "host/basePath/schemes" => root_changed(&["host", "basePath", "schemes"]),
        "securityDefinitions" => n(&|k, _| k.len() == 2 && k[0] == "securityDefinitions"),
        "global parameters" => n(&|_, x| ref_starts(x, "#/parameters/")),
        "global responses" => n(&|_, x| ref_starts(x, "#/responses/")),
        "null values" => n(&|k, x| {
            *x == Node::Null
                && last_is(
                    k,
                    &[
                        "post",
                        "get",
                        "put",
                        "delete",
                        "description",
                        "required",
                        "parameters",
                        "schema",
                        "definitions",
                    ],
                )
        }),
        "swagger version" => root_changed(&["swagger", "openapi"]),
        _ => return None,
    })
}

/// Tries every mutation of `list` on `seed` from each PRNG state: every time one applies, the
/// document shows its construct, and each applies from most states.
fn check_constructs(list: &[(&str, Mutation)], version: Version, seed: &Node) {
    let before = reread(seed);
    for (name, mutation) in list {
        let mut applied = 0;
        for k in 0..TRIES {
            let Some((label, after)) = apply(*mutation, seed, version, k) else {
                continue;
            };
            applied += 1;
            let shown = shows_31(name, &before, &after)
                .or_else(|| shows_20(name, &before, &after))
                .unwrap_or_else(|| panic!("no check for the mutation `{name}`"));
            assert!(
                shown,
                "`{name}` from state {k} ({label}) wrote no construct into {}:\n{}",
                version.label(),
                after.to_yaml()
            );
        }
        assert!(
            applied >= TRIES / 2,
            "`{name}` applied from only {applied} of {TRIES} states"
        );
    }
}

#[test]
fn each_31_mutation_writes_its_construct_into_a_31_document() {
    check_constructs(oas31::MUTATIONS, Version::V31, &plain(Version::V31));
}

#[test]
fn each_20_mutation_writes_its_construct_into_a_20_document() {
    check_constructs(swagger20::MUTATIONS, Version::V20, &plain(Version::V20));
}

/// The cross-version mutations write their constructs into documents of the other versions.
#[test]
fn cross_version_mutations_write_their_constructs() {
    check_constructs(oas31::CROSS_VERSION, Version::V30, &plain(Version::V30));
    check_constructs(oas31::CROSS_VERSION, Version::V20, &plain(Version::V20));
    check_constructs(swagger20::CROSS_VERSION, Version::V31, &plain(Version::V31));
}

/// The same seed and PRNG state give the same document and label, for every mutation.
#[test]
fn each_mutation_replays_exactly() {
    let lists = [
        (oas31::MUTATIONS, Version::V31),
        (swagger20::MUTATIONS, Version::V20),
        (oas31::CROSS_VERSION, Version::V30),
        (swagger20::CROSS_VERSION, Version::V31),
    ];
    for (list, version) in lists {
        let seed = plain(version);
        for (name, mutation) in list {
            for k in 0..8 {
                let a = apply(*mutation, &seed, version, k);
                let b = apply(*mutation, &seed, version, k);
                assert_eq!(a, b, "`{name}` from state {k}");
            }
        }
    }
}

/// The documents the mutation `name` of `list` writes from the first 64 PRNG states.
fn outcomes(list: &[(&str, Mutation)], name: &str, version: Version) -> Vec<Node> {
    let (_, mutation) = list
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no mutation `{name}`"));
    let seed = plain(version);
    (0..64)
        .filter_map(|k| apply(*mutation, &seed, version, k).map(|(_, doc)| doc))
        .collect()
}

/// Whether some node of some document in `docs` satisfies `wanted`.
fn any_node(docs: &[Node], wanted: impl Fn(&[String], &Node) -> bool) -> bool {
    docs.iter().any(|doc| {
        let mut all = Vec::new();
        nodes(doc, &mut Vec::new(), &mut all);
        all.iter().any(|(keys, node)| wanted(keys, node))
    })
}

/// Type arrays come with the string `"null"`, with a YAML `null`, and with several types.
#[test]
fn type_arrays_cover_their_shapes() {
    let docs = outcomes(oas31::MUTATIONS, "type array", Version::V31);
    let types = |wanted: &dyn Fn(&[Node]) -> bool| {
        any_node(
            &docs,
            |_, x| matches!(x.get("type"), Some(Node::Seq(t)) if wanted(t)),
        )
    };
    let typed = |t: &[Node]| t.iter().any(|x| matches!(x, Node::Str(s) if s != "null"));
    assert!(types(&|t| typed(t) && t.contains(&Node::str("null"))));
    assert!(types(&|t| typed(t) && t.contains(&Node::Null)));
    assert!(types(&|t| t
        .iter()
        .filter(|x| matches!(x, Node::Str(s) if s != "null"))
        .count()
        >= 2));
}

/// `const` takes the values a truthiness test loses: `false`, `0`, `""` and `null`.
#[test]
fn const_covers_falsy_values() {
    let docs = outcomes(oas31::MUTATIONS, "const", Version::V31);
    for value in [
        Node::Bool(false),
        Node::Num("0".into()),
        Node::str(""),
        Node::Null,
    ] {
        assert!(
            any_node(&docs, |_, x| x.get("const") == Some(&value)),
            "no const: {}",
            value.to_json()
        );
    }
}

/// Exclusive bounds come as numbers (3.1) and as booleans (3.0 leftovers).
#[test]
fn exclusive_bounds_come_numeric_and_boolean() {
    let docs = outcomes(oas31::MUTATIONS, "exclusive bounds", Version::V31);
    let bound = |x: &Node| {
        x.get("exclusiveMinimum")
            .or_else(|| x.get("exclusiveMaximum"))
            .cloned()
    };
    assert!(any_node(&docs, |_, x| matches!(
        bound(x),
        Some(Node::Num(_))
    )));
    assert!(any_node(&docs, |_, x| matches!(
        bound(x),
        Some(Node::Bool(_))
    )));
}

/// Boolean schemas land in properties, `items`, `additionalProperties` and `allOf`.
#[test]
fn boolean_schemas_land_everywhere_a_schema_goes() {
    let docs = outcomes(oas31::MUTATIONS, "boolean schema", Version::V31);
    let at = |parent: &str, by_index: bool| {
        any_node(&docs, |k, x| {
            let n = k.len();
            let place = if by_index {
                n.checked_sub(2)
            } else {
                n.checked_sub(1)
            };
            matches!(x, Node::Bool(_)) && place.is_some_and(|i| k[i] == parent)
        })
    };
    assert!(at("properties", true), "in properties");
    assert!(at("items", false), "as items");
    assert!(at("additionalProperties", false), "as additionalProperties");
    assert!(at("allOf", true), "in allOf");
}

/// `collectionFormat` takes each 2.0 value and a bogus one, on each location and on nested items.
#[test]
fn collection_formats_cover_values_and_places() {
    let docs = outcomes(swagger20::MUTATIONS, "collectionFormat", Version::V20);
    for format in ["csv", "ssv", "tsv", "pipes", "multi", "bogus"] {
        assert!(
            any_node(&docs, |_, x| is_str(x.get("collectionFormat"), format)),
            "{format}"
        );
    }
    for location in ["query", "path", "header", "formData"] {
        assert!(
            any_node(&docs, |_, x| has(x, &["collectionFormat"])
                && is_str(x.get("in"), location)),
            "{location}"
        );
    }
    assert!(any_node(&docs, |k, x| last_is(k, &["items"])
        && has(x, &["collectionFormat"])));
}

/// Security definitions cover basic, API keys, each OAuth 2 flow, and OAuth 2 without URLs.
#[test]
fn security_definitions_cover_each_kind_and_flow() {
    let docs = outcomes(swagger20::MUTATIONS, "securityDefinitions", Version::V20);
    let scheme = |wanted: &dyn Fn(&Node) -> bool| {
        any_node(&docs, |k, x| {
            k.len() == 2 && k[0] == "securityDefinitions" && wanted(x)
        })
    };
    assert!(scheme(&|x| is_str(x.get("type"), "basic")));
    assert!(scheme(&|x| is_str(x.get("type"), "apiKey")));
    for flow in ["implicit", "password", "application", "accessCode"] {
        assert!(scheme(&|x| is_str(x.get("flow"), flow)), "{flow}");
    }
    assert!(scheme(
        &|x| is_str(x.get("type"), "oauth2") && !has(x, &["authorizationUrl", "tokenUrl"])
    ));
}

/// The 2.0 shapes the brief names beside the constructs: `consumes` as a string and with
/// duplicates, `{x}` in `host`, `swagger: 2.0` as a YAML float, file parameters, `post: null`.
#[test]
fn swagger_20_mutations_cover_named_shapes() {
    let v = Version::V20;
    let media = outcomes(swagger20::MUTATIONS, "consumes/produces", v);
    let media_list = |wanted: &dyn Fn(&Node) -> bool| {
        any_node(&media, |k, x| {
            last_is(k, &["consumes", "produces"]) && wanted(x)
        })
    };
    let repeats = |items: &[Node]| (1..items.len()).any(|i| items[..i].contains(&items[i]));
    assert!(media_list(&|x| matches!(x, Node::Str(_))), "a string");
    assert!(
        media_list(&|x| matches!(x, Node::Seq(items) if repeats(items))),
        "duplicates"
    );
    let root = outcomes(swagger20::MUTATIONS, "host/basePath/schemes", v);
    assert!(
        root.iter()
            .any(|d| is_str(d.get("host"), "{tenant}.example.com"))
    );
    assert!(root.iter().any(|d| d.get("host").is_none()));
    let version = outcomes(swagger20::MUTATIONS, "swagger version", v);
    assert!(
        version
            .iter()
            .any(|d| d.get("swagger") == Some(&Node::Num("2.0".into())))
    );
    let forms = outcomes(swagger20::MUTATIONS, "formData", v);
    assert!(any_node(&forms, |_, x| is_str(x.get("in"), "formData")
        && is_str(x.get("type"), "file")));
    let nulls = outcomes(swagger20::MUTATIONS, "null values", v);
    assert!(any_node(&nulls, |k, x| last_is(k, &["post"]) && *x == Node::Null));
    assert!(any_node(&nulls, |k, x| last_is(k, &["description"])
        && *x == Node::Null));
}
