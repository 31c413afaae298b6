//! Mutations of OpenAPI 3.1 constructs: the JSON Schema 2020-12 keywords a 3.1 schema may hold,
//! and the document-level additions of 3.1. Each writes the construct in the shapes real
//! documents use, including the careless ones (a YAML `null` in a type array, `nullable` left
//! over from 3.0), since the generator's translator must account for every one of them
//! (`openapi-31-and-20.md`, §1 and §3).

use super::mutate::{Mutation, schema_at, short, some_schema};
use super::oas31_document;
use super::sites::Sites;
use super::tree::{Node, Rng};
use super::vocabulary::{NASTY, ODD_NAMES};

/// Every 3.1 mutation, by name; a 3.1 seed draws from these.
pub(crate) const MUTATIONS: &[(&str, Mutation)] = &[
    ("type array", type_array),
    ("const", const_value),
    ("examples", examples),
    ("exclusive bounds", exclusive_bounds),
    ("$ref siblings", ref_siblings),
    ("$defs", oas31_document::defs),
    ("prefixItems", prefix_items),
    ("boolean schema", boolean_schema),
    ("content encoding", content_encoding),
    ("null type", null_type),
    ("if/then/else", conditional),
    ("dependentRequired", dependent_required),
    ("dependentSchemas", dependent_schemas),
    ("unevaluated", unevaluated),
    ("patternProperties", pattern_properties),
    ("propertyNames", property_names),
    ("nullable in 3.1", nullable),
    ("identifiers", identifiers),
    ("webhooks", oas31_document::webhooks),
    ("pathItems", oas31_document::path_items),
    ("no paths", oas31_document::no_paths),
    ("info.summary", oas31_document::info_summary),
    ("license.identifier", oas31_document::license_identifier),
    ("jsonSchemaDialect", oas31_document::json_schema_dialect),
    ("openapi version", oas31_document::openapi_version),
    ("mutualTLS", oas31_document::mutual_tls),
];

/// The 3.1 schema keywords that documents of other versions also carry (pydantic writes `const`
/// into 3.0 documents, hand-written 2.0 ones hold type arrays): the cross-version share of a 3.0
/// or 2.0 seed draws from these.
pub(crate) const CROSS_VERSION: &[(&str, Mutation)] = &[
    ("type array", type_array),
    ("const", const_value),
    ("examples", examples),
    ("exclusive bounds", exclusive_bounds),
    ("$ref siblings", ref_siblings),
    ("null type", null_type),
    ("boolean schema", boolean_schema),
    ("prefixItems", prefix_items),
    ("patternProperties", pattern_properties),
];

const TYPES: &[&str] = &["string", "integer", "number", "boolean", "object", "array"];

/// `type` as a list: with `"null"`, with a YAML `null` (which is not the string), with several
/// types, with one repeated, or empty.
fn type_array(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let schema = schema_at(doc, sites, rng)?;
    let current = match schema.get("type") {
        Some(Node::Str(t)) if t != "null" => t.clone(),
        _ => rng.pick(TYPES).to_string(),
    };
    let t = Node::Str(current.clone());
    let other = Node::str(rng.pick(TYPES));
    let list = match rng.below(8) {
        0 | 1 => vec![t, Node::str("null")],
        2 | 3 => vec![t, Node::Null],
        4 => vec![Node::str("null"), t],
        5 => vec![t, other, Node::str("null")],
        6 => vec![t, other],
        _ => match rng.below(3) {
            0 => vec![t.clone(), t],
            1 => vec![Node::Null],
            _ => Vec::new(),
        },
    };
    let value = Node::Seq(list);
    let label = format!("type: {}", short(&value));
    schema.set("type", value);
    Some(label)
}

/// `const`, with the values a truthiness test loses (`false`, `0`, `""`, `null`) as often as the
/// others, with or without a `type`, and sometimes beside an `enum`.
fn const_value(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let schema = schema_at(doc, sites, rng)?;
    let value = match rng.below(10) {
        0 => Node::Bool(false),
        1 => Node::Num("0".into()),
        2 => Node::str(""),
        3 => Node::Null,
        4 => Node::Bool(true),
        5 => Node::Num("1.5".into()),
        6 => Node::Map(Vec::new()),
        7 => Node::Seq(vec![Node::Num("1".into())]),
        8 => Node::str(rng.pick(NASTY)),
        _ => Node::str(rng.pick(ODD_NAMES)),
    };
    match rng.below(4) {
        0 => {
            schema.remove("type");
        }
        1 => schema.set("enum", Node::Seq(vec![Node::str("a"), value.clone()])),
        _ => {}
    }
    let label = format!("const: {}", short(&value));
    schema.set("const", value);
    Some(label)
}

/// `examples` as the 3.1 list of values, empty, or as a mapping (the media type's shape, which
/// authors confuse with it).
fn examples(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let schema = schema_at(doc, sites, rng)?;
    let value = match rng.below(6) {
        0 => Node::Seq(Vec::new()),
        1 => Node::map([("first", Node::map([("value", Node::str("a"))]))]),
        _ => Node::Seq(
            (0..1 + rng.below(3))
                .map(|_| super::mutate::random_scalar(rng))
                .collect(),
        ),
    };
    let label = format!("examples: {}", short(&value));
    schema.set("examples", value);
    Some(label)
}

/// Numeric `exclusiveMinimum`/`exclusiveMaximum` alone, beside a looser or a tighter inclusive
/// bound, crossing each other; and the 3.0 boolean form, which 3.1 documents still carry.
fn exclusive_bounds(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let schema = schema_at(doc, sites, rng)?;
    let num = |n: &str| Node::Num(n.to_owned());
    let n = *rng.pick(&["5", "0", "-1.5", "1e308", "3"]);
    let label = match rng.below(6) {
        0 => {
            schema.set("exclusiveMinimum", num(n));
            format!("exclusiveMinimum: {n}")
        }
        1 => {
            let m = *rng.pick(&["3", "7"]);
            schema.set("minimum", num(m));
            schema.set("exclusiveMinimum", num("5"));
            format!("exclusiveMinimum: 5 beside minimum: {m}")
        }
        2 => {
            schema.set("maximum", num("10"));
            schema.set("exclusiveMaximum", num(n));
            format!("exclusiveMaximum: {n} beside maximum: 10")
        }
        3 => {
            schema.set("exclusiveMinimum", num("10"));
            schema.set("exclusiveMaximum", num("1"));
            "exclusiveMinimum: 10 above exclusiveMaximum: 1".to_owned()
        }
        4 => {
            schema.set("minimum", num(n));
            schema.set("exclusiveMinimum", Node::Bool(true));
            format!("boolean exclusiveMinimum beside minimum: {n}")
        }
        _ => {
            schema.set("exclusiveMaximum", Node::Bool(rng.one_in(2)));
            "boolean exclusiveMaximum without maximum".to_owned()
        }
    };
    schema.set("type", Node::str(*rng.pick(&["integer", "number"])));
    Some(label)
}

/// A `$ref` with sibling keywords: annotations (which 3.1 keeps as docs), assertions (which
/// make an intersection), a type array with `null`; or a Reference Object of a parameter or
/// response with the `summary`/`description` that 3.1 lets it override.
fn ref_siblings(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let refs: Vec<_> = sites
        .parameters
        .iter()
        .chain(&sites.responses)
        .filter(|p| doc.at(p).and_then(|n| n.get("$ref")).is_some())
        .cloned()
        .collect();
    if !refs.is_empty() && rng.one_in(4) {
        let reference = doc.at_mut(rng.pick::<Vec<usize>>(&refs))?;
        let key = *rng.pick(&["summary", "description"]);
        reference.set(key, Node::str(rng.pick(NASTY)));
        return Some(format!("a Reference Object with `{key}`"));
    }
    let target = match some_schema(sites, rng) {
        r @ Node::Map(_) if r.get("$ref").is_some() => r,
        _ => Node::map([("$ref", Node::Str(sites.version.schema_ref("Missing")))]),
    };
    let schema = schema_at(doc, sites, rng)?;
    let siblings: &[(&str, Node)] = &[
        ("description", Node::str("A description beside a $ref.")),
        ("title", Node::str("Title")),
        ("default", Node::Null),
        ("readOnly", Node::Bool(true)),
        ("deprecated", Node::Bool(true)),
        ("nullable", Node::Bool(true)),
        (
            "type",
            Node::Seq(vec![Node::str("object"), Node::str("null")]),
        ),
        (
            "properties",
            Node::map([("extra", Node::map([("type", Node::str("string"))]))]),
        ),
        ("required", Node::Seq(vec![Node::str("extra")])),
        ("examples", Node::Seq(vec![Node::Map(Vec::new())])),
    ];
    if rng.one_in(3) {
        // The schema's own keywords become the siblings, as when an author adds a `$ref` to a
        // schema that already has content.
        schema.set("$ref", target.get("$ref")?.clone());
        if matches!(schema, Node::Map(entries) if entries.len() == 1) {
            schema.set(
                "description",
                Node::str("The schema had no keywords of its own."),
            );
        }
        return Some("$ref added beside a schema's own keywords".to_owned());
    }
    let mut node = target;
    let mut names = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let (key, value) = rng.pick(siblings);
        node.set(key, value.clone());
        names.push(*key);
    }
    *schema = node;
    Some(format!("$ref with siblings {}", names.join(", ")))
}

/// `prefixItems` (a tuple), followed by `items: false`, by a schema, by `true`, or by nothing.
fn prefix_items(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let other = some_schema(sites, rng);
    let schema = schema_at(doc, sites, rng)?;
    let mut prefix = vec![
        Node::map([("type", Node::str("string"))]),
        Node::map([("type", Node::str("integer"))]),
    ];
    match rng.below(3) {
        0 => prefix.push(other),
        1 => prefix.push(Node::Bool(rng.one_in(2))),
        _ => {}
    }
    let n = prefix.len();
    schema.set("type", Node::str("array"));
    schema.set("prefixItems", Node::Seq(prefix));
    let rest = match rng.below(4) {
        0 => {
            schema.set("items", Node::Bool(false));
            "items: false"
        }
        1 => {
            schema.set("items", Node::map([("type", Node::str("boolean"))]));
            "an items schema"
        }
        2 => {
            schema.set("items", Node::Bool(true));
            "items: true"
        }
        _ => {
            schema.remove("items");
            "no items"
        }
    };
    if rng.one_in(3) {
        schema.set("minItems", Node::Num(n.to_string()));
    }
    Some(format!("prefixItems of {n}, {rest}"))
}

/// `true` or `false` where a schema goes: a property, `items`, `additionalProperties`, an `allOf`
/// member, `not`, or the schema itself.
fn boolean_schema(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let value = Node::Bool(rng.one_in(2));
    let shown = short(&value);
    let schema = schema_at(doc, sites, rng)?;
    let place = match rng.below(6) {
        0 => {
            let name = match schema.get("properties") {
                Some(Node::Map(entries)) if !entries.is_empty() => {
                    entries[rng.below(entries.len())].0.clone()
                }
                _ => "flag".to_owned(),
            };
            if !matches!(schema.get("properties"), Some(Node::Map(_))) {
                schema.set("properties", Node::Map(Vec::new()));
            }
            schema.get_mut("properties")?.set(&name, value);
            schema.set("type", Node::str("object"));
            "a property"
        }
        1 => {
            schema.set("type", Node::str("array"));
            schema.set("items", value);
            "items"
        }
        2 => {
            schema.set("additionalProperties", value);
            "additionalProperties"
        }
        3 => {
            let inner = std::mem::replace(schema, Node::Map(Vec::new()));
            schema.set("allOf", Node::Seq(vec![inner, value]));
            "an allOf member"
        }
        4 => {
            schema.set("not", value);
            "not"
        }
        _ => {
            *schema = value;
            "the schema itself"
        }
    };
    Some(format!("boolean schema {shown} as {place}"))
}

/// `contentEncoding` and `contentMediaType` on a string, alone or together, with the encodings
/// the 3.0 model cannot hold (`base64url`, `base16`), a `contentSchema`, or a contradicting
/// `format`.
fn content_encoding(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let inner = some_schema(sites, rng);
    let schema = schema_at(doc, sites, rng)?;
    let encoding = *rng.pick(&[
        "base64",
        "base64url",
        "base16",
        "quoted-printable",
        "7bit",
        "",
        "BASE64",
    ]);
    let media = *rng.pick(&[
        "image/png",
        "application/octet-stream",
        "application/json",
        "text/plain; charset=utf-8",
        "",
    ]);
    schema.set("type", Node::str("string"));
    let mut parts = Vec::new();
    if !rng.one_in(3) {
        schema.set("contentEncoding", Node::str(encoding));
        parts.push(format!("contentEncoding: {encoding:?}"));
    }
    if parts.is_empty() || rng.one_in(2) {
        schema.set("contentMediaType", Node::str(media));
        parts.push(format!("contentMediaType: {media:?}"));
    }
    match rng.below(4) {
        0 => {
            schema.set("contentSchema", inner);
            parts.push("contentSchema".to_owned());
        }
        1 => {
            schema.set("format", Node::str(*rng.pick(&["binary", "byte", "date"])));
            parts.push("a format too".to_owned());
        }
        _ => {}
    }
    Some(parts.join(", "))
}

/// `{type: 'null'}` as a `oneOf`/`anyOf` member beside a schema or a `$ref` (the commonest 3.1
/// idiom), first or last, with the YAML `null` instead of the string, or standing alone.
fn null_type(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let other = some_schema(sites, rng);
    let schema = schema_at(doc, sites, rng)?;
    let null = if rng.one_in(4) {
        Node::map([("type", Node::Null)])
    } else {
        Node::map([("type", Node::str("null"))])
    };
    let label = short(&null);
    if rng.one_in(5) {
        *schema = null;
        return Some(format!("the schema is {label}"));
    }
    let wrapper = *rng.pick(&["oneOf", "anyOf"]);
    let member = if rng.one_in(2) {
        std::mem::replace(schema, Node::Map(Vec::new()))
    } else {
        other
    };
    let list = match rng.below(3) {
        0 => vec![null, member],
        1 => vec![member, Node::map([("type", Node::str("integer"))]), null],
        _ => vec![member, null],
    };
    *schema = Node::map([(wrapper, Node::Seq(list))]);
    Some(format!("{wrapper} with {label}"))
}

/// `if`/`then`/`else`, whole or with parts missing, or with a boolean `if`.
fn conditional(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let schema = schema_at(doc, sites, rng)?;
    let condition = if rng.one_in(4) {
        Node::Bool(rng.one_in(2))
    } else {
        Node::map([
            (
                "properties",
                Node::map([("kind", Node::map([("const", Node::str("a"))]))]),
            ),
            ("required", Node::Seq(vec![Node::str("kind")])),
        ])
    };
    let then = Node::map([("required", Node::Seq(vec![Node::str("a_only")]))]);
    let otherwise = Node::map([("properties", Node::map([("b", Node::Bool(false))]))]);
    let parts = match rng.below(4) {
        0 => vec![("if", condition), ("then", then)],
        1 => vec![("if", condition), ("else", otherwise)],
        2 => vec![("then", then)],
        _ => vec![("if", condition), ("then", then), ("else", otherwise)],
    };
    let names: Vec<&str> = parts.iter().map(|(k, _)| *k).collect();
    for (key, value) in parts {
        schema.set(key, value);
    }
    Some(names.join("/"))
}

/// The names of a schema's properties, or made-up ones when it has none.
fn property_names_of(schema: &Node) -> Vec<String> {
    match schema.get("properties") {
        Some(Node::Map(entries)) if !entries.is_empty() => {
            entries.iter().map(|(k, _)| k.clone()).collect()
        }
        _ => vec!["a".to_owned(), "b".to_owned()],
    }
}

/// `dependentRequired`, naming the schema's own properties, a missing one, or holding a value
/// that is not a list.
fn dependent_required(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let schema = schema_at(doc, sites, rng)?;
    let names = property_names_of(schema);
    let key = rng.pick(&names).clone();
    let value = match rng.below(4) {
        0 => Node::Seq(Vec::new()),
        1 => Node::str(rng.pick(&names)),
        2 => Node::Seq(vec![Node::str("missing")]),
        _ => Node::Seq(names.iter().filter(|n| **n != key).map(Node::str).collect()),
    };
    let label = format!("dependentRequired: {key} → {}", short(&value));
    schema.set("dependentRequired", Node::Map(vec![(key, value)]));
    Some(label)
}

/// `dependentSchemas`, with a schema, a boolean or a reference per property.
fn dependent_schemas(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let other = some_schema(sites, rng);
    let schema = schema_at(doc, sites, rng)?;
    let names = property_names_of(schema);
    let key = rng.pick(&names).clone();
    let value = match rng.below(3) {
        0 => Node::Bool(false),
        1 => other,
        _ => Node::map([
            (
                "properties",
                Node::map([("extra", Node::map([("type", Node::str("string"))]))]),
            ),
            ("required", Node::Seq(vec![Node::str("extra")])),
        ]),
    };
    let label = format!("dependentSchemas: {key} → {}", short(&value));
    schema.set("dependentSchemas", Node::Map(vec![(key, value)]));
    Some(label)
}

/// `unevaluatedProperties` (false, true or a schema) on an object or on an `allOf` that it closes
/// after composition, or `unevaluatedItems` on an array.
fn unevaluated(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let other = some_schema(sites, rng);
    let schema = schema_at(doc, sites, rng)?;
    let value = match rng.below(4) {
        0 => Node::Bool(true),
        1 => Node::map([("type", Node::str("string"))]),
        _ => Node::Bool(false),
    };
    let shown = short(&value);
    let label = match rng.below(4) {
        0 => {
            let inner = std::mem::replace(schema, Node::Map(Vec::new()));
            schema.set("allOf", Node::Seq(vec![inner, other]));
            schema.set("unevaluatedProperties", value);
            format!("unevaluatedProperties: {shown} on an allOf")
        }
        1 => {
            schema.set("unevaluatedItems", value);
            format!("unevaluatedItems: {shown}")
        }
        _ => {
            schema.set("unevaluatedProperties", value);
            format!("unevaluatedProperties: {shown}")
        }
    };
    Some(label)
}

/// `patternProperties` with ordinary, anchored and broken patterns, with or without
/// `properties` and `additionalProperties` beside it.
fn pattern_properties(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let other = some_schema(sites, rng);
    let schema = schema_at(doc, sites, rng)?;
    let pattern = *rng.pick(&["^x-", "^[a-z]+$", "(", "", "\\p{L}", "^S_"]);
    let mut entries = vec![(pattern.to_owned(), other)];
    if rng.one_in(2) {
        entries.push((
            "^[0-9]+$".to_owned(),
            Node::map([("type", Node::str("integer"))]),
        ));
    }
    schema.set("type", Node::str("object"));
    schema.set("patternProperties", Node::Map(entries));
    let beside = match rng.below(3) {
        0 => {
            schema.set("additionalProperties", Node::Bool(false));
            ", additionalProperties: false"
        }
        1 => {
            schema.remove("properties");
            schema.remove("additionalProperties");
            ", alone"
        }
        _ => "",
    };
    Some(format!(
        "patternProperties `{}`{beside}",
        pattern.escape_debug()
    ))
}

/// `propertyNames`: a pattern, an enum of keys, a length bound, `false`, or a reference.
fn property_names(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let other = some_schema(sites, rng);
    let schema = schema_at(doc, sites, rng)?;
    let value = match rng.below(5) {
        0 => Node::map([("pattern", Node::str("^[a-z]+$"))]),
        1 => Node::map([("enum", Node::Seq(vec![Node::str("a"), Node::str("B")]))]),
        2 => Node::map([("maxLength", Node::Num("3".into()))]),
        3 => Node::Bool(false),
        _ => other,
    };
    let label = format!("propertyNames: {}", short(&value));
    schema.set("type", Node::str("object"));
    schema.set("propertyNames", value);
    Some(label)
}

/// `nullable`, which 3.1 dropped but half-migrated documents keep: alone, beside a type array
/// that already allows null, or beside a `$ref`.
fn nullable(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let other = some_schema(sites, rng);
    let schema = schema_at(doc, sites, rng)?;
    let value = Node::Bool(!rng.one_in(4));
    let label = match rng.below(3) {
        0 => {
            schema.set(
                "type",
                Node::Seq(vec![Node::str("string"), Node::str("null")]),
            );
            "beside a type array with null"
        }
        1 if other.get("$ref").is_some() => {
            *schema = other;
            "beside a $ref"
        }
        _ => "alone",
    };
    let shown = short(&value);
    schema.set("nullable", value);
    Some(format!("nullable: {shown} {label}"))
}

/// The 2020-12 keywords that address schemas (`$id`, `$anchor`, `$dynamicAnchor`,
/// `$dynamicRef`, `$schema`), and `$comment` and `contains`, which a translator must at least
/// recognise.
fn identifiers(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let schema = schema_at(doc, sites, rng)?;
    let (key, value) = match rng.below(7) {
        0 => ("$id", Node::str("https://example.com/schemas/thing")),
        1 => ("$anchor", Node::str("thing")),
        2 => ("$dynamicAnchor", Node::str("node")),
        3 => ("$dynamicRef", Node::str("#node")),
        4 => (
            "$schema",
            Node::str("http://json-schema.org/draft-07/schema#"),
        ),
        5 => ("$comment", Node::str(rng.pick(NASTY))),
        _ => ("contains", Node::map([("type", Node::str("integer"))])),
    };
    schema.set(key, value);
    if key == "contains" {
        schema.set("minContains", Node::Num("2".into()));
    }
    Some(format!("`{key}`"))
}
