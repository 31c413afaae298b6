//! Mutations of Swagger 2.0 constructs: parameters in the body and in forms, collection formats,
//! media type lists, response examples and files, `definitions` and the names Java frameworks
//! give them. They write what real 2.0 documents hold, the invalid but common shapes included
//! (`openapi-31-and-20.md`, §2 and §3).

use super::mutate::{Mutation, pick_path, schema_at, short, some_schema};
use super::sites::Sites;
use super::swagger20_document as document;
use super::tree::{Node, Path, Rng};
use super::vocabulary::{MEDIA_TYPES, ODD_NAMES};

/// Every 2.0 mutation, by name; a 2.0 seed draws from these.
pub(crate) const MUTATIONS: &[(&str, Mutation)] = &[
    ("definitions ref", definitions_ref),
    ("springfox names", springfox_names),
    ("body parameter", body_parameter),
    ("formData", form_data),
    ("consumes/produces", consumes_produces),
    ("collectionFormat", collection_format),
    ("x-nullable", x_nullable),
    ("allowEmptyValue", allow_empty_value),
    ("response examples", response_examples),
    ("type: file", file_type),
    ("path parameter not required", path_parameter_not_required),
    ("host/basePath/schemes", document::host_base_schemes),
    ("securityDefinitions", document::security_definitions),
    ("global parameters", document::global_parameters),
    ("global responses", document::global_responses),
    ("null values", document::null_values),
    ("swagger version", document::swagger_version),
];

/// The 2.0 habits that 3.x documents keep: `x-nullable` and `#/definitions/` references (a
/// JSON Schema habit too). The cross-version share of a 3.1 seed draws from these.
pub(crate) const CROSS_VERSION: &[(&str, Mutation)] = &[
    ("x-nullable", x_nullable),
    ("definitions ref", definitions_ref),
];

/// One of the document's operations (a mapping), or a new `GET /made` when it has none.
pub(crate) fn operation<'a>(
    doc: &'a mut Node,
    sites: &Sites,
    rng: &mut Rng,
) -> Option<&'a mut Node> {
    let maps: Vec<Path> = sites
        .operations
        .iter()
        .filter(|p| matches!(doc.at(p), Some(Node::Map(_))))
        .cloned()
        .collect();
    if maps.is_empty() {
        let operation = doc.map_at("paths")?.map_at("/made")?.map_at("get")?;
        operation.set(
            "responses",
            Node::map([("200", Node::map([("description", Node::str("ok"))]))]),
        );
        return Some(operation);
    }
    let path = rng.pick(&maps).clone();
    doc.at_mut(&path)
}

/// The `parameters` list of `operation`, made a list first if it is absent or not one.
pub(crate) fn parameters(operation: &mut Node) -> Option<&mut Vec<Node>> {
    if !matches!(operation.get("parameters"), Some(Node::Seq(_))) {
        operation.set("parameters", Node::Seq(Vec::new()));
    }
    match operation.get_mut("parameters")? {
        Node::Seq(items) => Some(items),
        _ => None,
    }
}

/// One of the document's inline parameters (not a `$ref`, not in the body), or a new query
/// parameter on an operation when it has none.
fn plain_parameter<'a>(doc: &'a mut Node, sites: &Sites, rng: &mut Rng) -> Option<&'a mut Node> {
    let plain: Vec<Path> = sites
        .parameters
        .iter()
        .filter(|p| {
            doc.at(p).is_some_and(|n| {
                matches!(n, Node::Map(_))
                    && n.get("$ref").is_none()
                    && n.get("in") != Some(&Node::str("body"))
            })
        })
        .cloned()
        .collect();
    if plain.is_empty() {
        let list = parameters(operation(doc, sites, rng)?)?;
        list.push(Node::map([
            ("name", Node::str("filter")),
            ("in", Node::str("query")),
            ("type", Node::str("string")),
        ]));
        return list.last_mut();
    }
    let path = rng.pick(&plain).clone();
    doc.at_mut(&path)
}

/// A reference into `definitions`: to one that exists, to a missing one, with an escaped or a
/// Springfox name, or to nothing; directly, as array items or in an `allOf`.
fn definitions_ref(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let names: Vec<String> = match doc.get("definitions") {
        Some(Node::Map(entries)) => entries.iter().map(|(k, _)| k.clone()).collect(),
        _ => Vec::new(),
    };
    let target = match rng.below(6) {
        0 => "#/definitions/Missing".to_owned(),
        1 => "#/definitions/".to_owned(),
        2 => "#/definitions/a~1b".to_owned(),
        3 => "#/definitions/Page«User»".to_owned(),
        _ if !names.is_empty() => {
            let name = rng.pick(&names);
            format!(
                "#/definitions/{}",
                name.replace('~', "~0").replace('/', "~1")
            )
        }
        _ => "#/definitions/User".to_owned(),
    };
    let reference = Node::map([("$ref", Node::Str(target.clone()))]);
    let (schema, shape) = match rng.below(3) {
        0 => (
            Node::map([("type", Node::str("array")), ("items", reference)]),
            "as array items",
        ),
        1 => (
            Node::map([
                ("allOf", Node::Seq(vec![reference])),
                ("description", Node::str("Wrapped.")),
            ]),
            "in an allOf",
        ),
        _ => (reference, "directly"),
    };
    *schema_at(doc, sites, rng)? = schema;
    Some(format!("$ref `{target}` {shape}"))
}

/// Replaces every `$ref` to `from` under `node` by one to `to`.
fn rewrite_refs(node: &mut Node, from: &str, to: &str) {
    match node {
        Node::Map(entries) => {
            for (key, value) in entries {
                match value {
                    Node::Str(target) if key == "$ref" && target == from => {
                        *target = to.to_owned();
                    }
                    other => rewrite_refs(other, from, to),
                }
            }
        }
        Node::Seq(items) => items.iter_mut().for_each(|i| rewrite_refs(i, from, to)),
        Node::Anchored(_, inner) => rewrite_refs(inner, from, to),
        _ => {}
    }
}

/// Names as Springfox writes generic types (`Page«User»`, nested, with a comma), as arrays
/// (`User[]`), and a second name that sanitises to the same identifier. A definition is renamed
/// and every reference to it follows, sometimes percent-encoded as some tools write them.
fn springfox_names(doc: &mut Node, _: &Sites, rng: &mut Rng) -> Option<String> {
    let definitions = doc.map_at("definitions")?;
    let Node::Map(entries) = definitions else {
        return None;
    };
    if entries.is_empty() {
        entries.push((
            "Item".to_owned(),
            Node::map([("type", Node::str("object"))]),
        ));
    }
    let i = rng.below(entries.len());
    let old = entries[i].0.clone();
    let new = match rng.below(6) {
        0 => format!("List«{old}»"),
        1 => format!("Map«string,{old}»"),
        2 => format!("ResponseEntity«List«{old}»»"),
        3 => format!("{old}[]"),
        4 => format!("{old}«»"),
        _ => format!("Page«{old}»"),
    };
    let twin = rng
        .one_in(3)
        .then(|| new.replace(['«', '»', '[', ']', ','], "_"));
    entries[i].0 = new.clone();
    if let Some(twin) = &twin {
        let copy = entries[i].1.clone();
        entries.push((twin.clone(), copy));
    }
    let to = if rng.one_in(4) {
        format!(
            "#/definitions/{}",
            new.replace('«', "%C2%AB").replace('»', "%C2%BB")
        )
    } else {
        format!("#/definitions/{new}")
    };
    rewrite_refs(doc, &format!("#/definitions/{old}"), &to);
    Some(match twin {
        Some(twin) => format!("definition `{old}` renamed `{new}`, beside `{twin}`"),
        None => format!("definition `{old}` renamed `{new}`"),
    })
}

/// A body parameter: with an inline or referenced schema, without a schema, twice, or beside a
/// form parameter (which 2.0 forbids).
fn body_parameter(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let schema = if rng.one_in(3) {
        Node::map([
            ("type", Node::str("array")),
            ("items", some_schema(sites, rng)),
        ])
    } else {
        some_schema(sites, rng)
    };
    let name = if rng.one_in(4) {
        rng.pick(ODD_NAMES)
    } else {
        "body"
    };
    let mut body = Node::map([("name", Node::str(name)), ("in", Node::str("body"))]);
    if !rng.one_in(3) {
        body.set("required", Node::Bool(rng.one_in(2)));
    }
    let variant = rng.below(6);
    if variant != 0 {
        body.set("schema", schema);
    }
    let list = parameters(operation(doc, sites, rng)?)?;
    list.push(body.clone());
    let shape = match variant {
        0 => "without a schema",
        1 => {
            list.push(body);
            "twice"
        }
        2 => {
            list.push(Node::map([
                ("name", Node::str("field")),
                ("in", Node::str("formData")),
                ("type", Node::str("string")),
            ]));
            "beside a formData parameter"
        }
        _ => "with a schema",
    };
    Some(format!("body parameter `{}` {shape}", name.escape_debug()))
}

/// One to three form parameters (files, strings, numbers, arrays with a collection format) and
/// the operation's `consumes`: multipart, urlencoded, both, neither, a JSON one that cannot carry
/// a form, or a string instead of a list.
fn form_data(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let operation = operation(doc, sites, rng)?;
    let mut kinds = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let kind = *rng.pick(&["file", "string", "integer", "array", "boolean", "file"]);
        let name = match kind {
            "file" => "file",
            _ if rng.one_in(4) => rng.pick(ODD_NAMES),
            _ => kind,
        };
        let mut parameter = Node::map([
            ("name", Node::str(name)),
            ("in", Node::str("formData")),
            ("type", Node::str(kind)),
        ]);
        if kind == "array" {
            parameter.set("items", Node::map([("type", Node::str("string"))]));
            let format = *rng.pick(&["csv", "multi", "ssv", "pipes", "tsv"]);
            parameter.set("collectionFormat", Node::str(format));
        }
        if rng.one_in(2) {
            parameter.set("required", Node::Bool(true));
        }
        parameters(operation)?.push(parameter);
        kinds.push(kind);
    }
    let multipart = Node::str("multipart/form-data");
    let urlencoded = Node::str("application/x-www-form-urlencoded");
    let consumes = match rng.below(6) {
        0 => Some(Node::Seq(vec![urlencoded])),
        1 => Some(Node::Seq(vec![urlencoded, multipart])),
        2 => None,
        3 => Some(Node::Seq(vec![Node::str("application/json")])),
        4 => Some(multipart),
        _ => Some(Node::Seq(vec![multipart])),
    };
    let shown = consumes.as_ref().map_or("none".to_owned(), short);
    match consumes {
        Some(value) => operation.set("consumes", value),
        None => operation.remove("consumes"),
    }
    Some(format!("formData {}; consumes {shown}", kinds.join(", ")))
}

/// `consumes` or `produces`, at the root or on an operation: one type, a string instead of a
/// list, Swashbuckle's list, duplicates, an empty list, or odd media types.
fn consumes_produces(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let key = *rng.pick(&["consumes", "produces"]);
    let json = || Node::str("application/json");
    let value = match rng.below(7) {
        0 => Node::Seq(vec![json()]),
        1 => json(),
        2 => Node::Seq(
            [
                "application/json-patch+json",
                "application/json",
                "text/json",
                "application/*+json",
            ]
            .map(Node::str)
            .to_vec(),
        ),
        3 => Node::Seq(vec![json(), json(), Node::str("application/xml")]),
        4 => Node::Seq(Vec::new()),
        5 => Node::Seq(vec![Node::str("application/xml"), json()]),
        _ => Node::Seq(
            (0..1 + rng.below(3))
                .map(|_| Node::str(rng.pick(MEDIA_TYPES)))
                .collect(),
        ),
    };
    let shown = short(&value);
    let place = if rng.one_in(2) && matches!(doc, Node::Map(_)) {
        doc.set(key, value);
        "the document"
    } else {
        operation(doc, sites, rng)?.set(key, value);
        "an operation"
    };
    Some(format!("{key}: {shown} on {place}"))
}

/// `collectionFormat`, each value and a bogus one, on a query, path, header or form array, or on
/// nested `items`, which 2.0 allows and converters drop.
fn collection_format(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let format = *rng.pick(&["csv", "ssv", "tsv", "pipes", "multi", "bogus", "", "CSV"]);
    let location = *rng.pick(&["query", "path", "header", "formData"]);
    let nested = rng.one_in(4);
    let parameter = plain_parameter(doc, sites, rng)?;
    parameter.set("in", Node::str(location));
    parameter.set("type", Node::str("array"));
    if location == "path" {
        parameter.set("required", Node::Bool(true));
    }
    if nested {
        parameter.set(
            "items",
            Node::map([
                ("type", Node::str("array")),
                ("items", Node::map([("type", Node::str("integer"))])),
                ("collectionFormat", Node::str(format)),
            ]),
        );
        parameter.set("collectionFormat", Node::str("csv"));
    } else {
        parameter.set("items", Node::map([("type", Node::str("string"))]));
        parameter.set("collectionFormat", Node::str(format));
    }
    let place = if nested { "nested items of " } else { "" };
    Some(format!(
        "collectionFormat {format:?} on {place}a {location} array"
    ))
}

/// `x-nullable` on a schema or a parameter, true, false or a string; or the `nullable` that 2.0
/// lacks and authors write anyway.
fn x_nullable(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let value = match rng.below(4) {
        0 => Node::Bool(false),
        1 => Node::str("true"),
        _ => Node::Bool(true),
    };
    let key = if rng.one_in(5) {
        "nullable"
    } else {
        "x-nullable"
    };
    let on_parameter = !sites.parameters.is_empty() && rng.one_in(4);
    let target = if on_parameter {
        let path = pick_path(&sites.parameters, rng)?;
        doc.at_mut(path).filter(|n| matches!(n, Node::Map(_)))?
    } else {
        schema_at(doc, sites, rng)?
    };
    let shown = short(&value);
    target.set(key, value);
    let place = if on_parameter {
        "a parameter"
    } else {
        "a schema"
    };
    Some(format!("{key}: {shown} on {place}"))
}

/// `allowEmptyValue` on a query or form parameter (where 2.0 allows it) or on a path or header
/// one (where it does not), as a boolean or a string.
fn allow_empty_value(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let value = match rng.below(4) {
        0 => Node::Bool(false),
        1 => Node::str("yes"),
        _ => Node::Bool(true),
    };
    let location = *rng.pick(&["query", "formData", "query", "path", "header"]);
    let parameter = plain_parameter(doc, sites, rng)?;
    parameter.set("in", Node::str(location));
    let shown = short(&value);
    parameter.set("allowEmptyValue", value);
    Some(format!(
        "allowEmptyValue: {shown} on a {location} parameter"
    ))
}

/// One of the document's inline responses, or a new `200` on an operation when it has none.
fn response<'a>(doc: &'a mut Node, sites: &Sites, rng: &mut Rng) -> Option<&'a mut Node> {
    let inline: Vec<Path> = sites
        .responses
        .iter()
        .filter(|p| {
            doc.at(p)
                .is_some_and(|n| matches!(n, Node::Map(_)) && n.get("$ref").is_none())
        })
        .cloned()
        .collect();
    if inline.is_empty() {
        let responses = operation(doc, sites, rng)?.map_at("responses")?;
        let ok = responses.map_at("200")?;
        ok.set("description", Node::str("ok"));
        return Some(ok);
    }
    let path = rng.pick(&inline).clone();
    doc.at_mut(&path)
}

/// Response `examples` keyed by media type: JSON, text, XML, a type the operation does not
/// produce, an empty one; with values of every shape.
fn response_examples(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let mut examples = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let media = *rng.pick(&[
            "application/json",
            "text/plain",
            "application/xml",
            "image/png",
            "",
            "application/json; charset=utf-8",
        ]);
        let value = match rng.below(4) {
            0 => Node::str("<a>1</a>"),
            1 => Node::Null,
            2 => Node::Seq(vec![Node::map([("id", Node::Num("1".into()))])]),
            _ => Node::map([("id", Node::Num("1".into())), ("name", Node::str("x"))]),
        };
        examples.push((media.to_owned(), value));
    }
    let count = examples.len();
    response(doc, sites, rng)?.set("examples", Node::Map(examples));
    Some(format!("response examples for {count} media types"))
}

/// `type: file`: as a response schema (2.0 allows it there), as a named definition, or as a
/// body parameter's schema (where 2.0 does not).
fn file_type(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let file = Node::map([("type", Node::str("file"))]);
    let place = match rng.below(4) {
        0 => {
            doc.map_at("definitions")?.set("Download", file);
            "a definition"
        }
        1 => {
            let list = parameters(operation(doc, sites, rng)?)?;
            list.push(Node::map([
                ("name", Node::str("upload")),
                ("in", Node::str("body")),
                ("schema", file),
            ]));
            "a body parameter's schema"
        }
        _ => {
            let response = response(doc, sites, rng)?;
            response.set("schema", file);
            "a response schema"
        }
    };
    Some(format!("type: file as {place}"))
}

/// A path parameter whose `required` is missing, false or a string: 2.0 requires `true`, and
/// many documents leave it out.
fn path_parameter_not_required(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let parameter = plain_parameter(doc, sites, rng)?;
    parameter.set("in", Node::str("path"));
    let label = match rng.below(3) {
        0 => {
            parameter.remove("required");
            "without required"
        }
        1 => {
            parameter.set("required", Node::Bool(false));
            "with required: false"
        }
        _ => {
            parameter.set("required", Node::str("true"));
            "with required: \"true\""
        }
    };
    Some(format!("a path parameter {label}"))
}
