//! Mutations of Swagger 2.0 constructs that span the document: where the API is served
//! (`host`, `basePath`, `schemes`), `securityDefinitions`, the shared `parameters` and
//! `responses` and references to them, `null` where a value belongs, and the version field.

use super::mutate::{pick_path, short, some_schema};
use super::sites::Sites;
use super::swagger20::{operation, parameters};
use super::tree::{Node, Path, Rng};
use super::vocabulary::ODD_NAMES;

/// `host`, `basePath` or `schemes`: removed, or given the values that converters handle badly
/// (a port, a `{tenant}` template, a scheme or a path inside `host`, a `basePath` without its
/// slash or with a trailing one, `schemes` as a string, empty, or naming WebSockets).
pub(crate) fn host_base_schemes(doc: &mut Node, _: &Sites, rng: &mut Rng) -> Option<String> {
    if !matches!(doc, Node::Map(_)) {
        return None;
    }
    let key = *rng.pick(&["host", "basePath", "schemes"]);
    let value = match key {
        "host" => match rng.below(9) {
            0 => None,
            1 => Some(Node::str("api.example.com:8443")),
            2 => Some(Node::str("{tenant}.example.com")),
            3 => Some(Node::str("{{host}}")),
            4 => Some(Node::str("")),
            5 => Some(Node::str("http://api.example.com")),
            6 => Some(Node::str("api.example.com/v1")),
            7 => Some(Node::Num("8080".into())),
            _ => Some(Node::str("api.example.com")),
        },
        "basePath" => match rng.below(7) {
            0 => None,
            1 => Some(Node::str("/")),
            2 => Some(Node::str("/v1/")),
            3 => Some(Node::str("")),
            4 => Some(Node::str("v1")),
            5 => Some(Node::str("/{version}")),
            _ => Some(Node::str("/a b")),
        },
        _ => match rng.below(7) {
            0 => None,
            1 => Some(Node::Seq(vec![Node::str("http"), Node::str("https")])),
            2 => Some(Node::Seq(Vec::new())),
            3 => Some(Node::str("https")),
            4 => Some(Node::Seq(vec![Node::str("ws"), Node::str("wss")])),
            5 => Some(Node::Seq(vec![Node::str("HTTPS")])),
            _ => Some(Node::Seq(vec![Node::str("ftp")])),
        },
    };
    let label = match value {
        Some(value) => {
            let label = format!("{key}: {}", short(&value));
            doc.set(key, value);
            label
        }
        None => {
            doc.remove(key);
            format!("no {key}")
        }
    };
    Some(label)
}

/// A security definition of each kind, and each OAuth 2 flow, with its URLs, without them, with
/// a query string in them (which some converters strip), or with a flow named as 3.0 names it;
/// required by the document or an operation, sometimes under a name that is not defined.
pub(crate) fn security_definitions(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let oauth = |flow: &str, authorize: bool, token: bool| {
        let mut scheme = Node::map([
            ("type", Node::str("oauth2")),
            ("flow", Node::str(flow)),
            ("scopes", Node::map([("read", Node::str("Read things."))])),
        ]);
        if authorize {
            scheme.set(
                "authorizationUrl",
                Node::str("https://a.example.com/authorize"),
            );
        }
        if token {
            scheme.set("tokenUrl", Node::str("https://a.example.com/token"));
        }
        scheme
    };
    let api_key = |place: &str| {
        Node::map([
            ("type", Node::str("apiKey")),
            ("in", Node::str(place)),
            ("name", Node::str("X-API-Key")),
        ])
    };
    let (name, scheme) = match rng.below(11) {
        0 => ("basic", Node::map([("type", Node::str("basic"))])),
        1 => ("key", api_key("header")),
        2 => ("query_key", api_key("query")),
        3 => ("bad_key", Node::map([("type", Node::str("apiKey"))])),
        4 => ("implicit", oauth("implicit", true, false)),
        5 => ("password", oauth("password", false, true)),
        6 => ("application", oauth("application", false, true)),
        7 => ("accessCode", oauth("accessCode", true, true)),
        8 => {
            let flow = *rng.pick(&["implicit", "accessCode"]);
            ("no_urls", oauth(flow, false, false))
        }
        9 => {
            let mut scheme = oauth("accessCode", true, true);
            scheme.set(
                "authorizationUrl",
                Node::str("https://a.example.com/authorize?tenant=x&api-version=2"),
            );
            ("query_url", scheme)
        }
        _ => ("renamed_flow", oauth("clientCredentials", false, true)),
    };
    let flow = scheme
        .get("flow")
        .map_or(String::new(), |f| format!(" ({})", short(f)));
    doc.map_at("securityDefinitions")?.set(name, scheme);
    let required = if rng.one_in(5) { "undefined" } else { name };
    let requirement = Node::Seq(vec![Node::Map(vec![(
        required.to_owned(),
        Node::Seq(vec![Node::str("read")]),
    )])]);
    if rng.one_in(2) {
        doc.set("security", requirement);
    } else {
        operation(doc, sites, rng)?.set("security", requirement);
    }
    Some(format!(
        "securityDefinitions `{name}`{flow}, `{required}` required"
    ))
}

/// A shared parameter under the root `parameters`, and a reference to it from an operation: a
/// query or header parameter, a body or form parameter (which 3.0 cannot share as parameters),
/// one without `in`, or one with both `type` and `schema`; or a reference to a missing one.
pub(crate) fn global_parameters(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let schema = some_schema(sites, rng);
    let (name, parameter) = match rng.below(6) {
        0 => (
            "Body",
            Node::map([
                ("name", Node::str("body")),
                ("in", Node::str("body")),
                ("schema", schema),
            ]),
        ),
        1 => (
            "Upload",
            Node::map([
                ("name", Node::str("file")),
                ("in", Node::str("formData")),
                ("type", Node::str("file")),
            ]),
        ),
        2 => (
            "NoPlace",
            Node::map([("name", Node::str("x")), ("type", Node::str("string"))]),
        ),
        3 => (
            "Both",
            Node::map([
                ("name", Node::str("both")),
                ("in", Node::str("query")),
                ("type", Node::str("string")),
                ("schema", schema),
            ]),
        ),
        4 => (
            "X-Request-Id",
            Node::map([
                ("name", Node::str("X-Request-Id")),
                ("in", Node::str("header")),
                ("type", Node::str("string")),
            ]),
        ),
        _ => (
            "limit",
            Node::map([
                ("name", Node::str("limit")),
                ("in", Node::str("query")),
                ("type", Node::str("integer")),
            ]),
        ),
    };
    let missing = rng.one_in(6);
    let target = if missing { "Missing" } else { name };
    doc.map_at("parameters")?.set(name, parameter);
    let reference = Node::map([("$ref", Node::Str(format!("#/parameters/{target}")))]);
    parameters(operation(doc, sites, rng)?)?.push(reference);
    Some(format!(
        "shared parameter `{name}`, referred to as `{target}`"
    ))
}

/// A shared response under the root `responses`, with a schema, a file, or a description only,
/// referred to from an operation under a status or `default`; or a reference to a missing one.
pub(crate) fn global_responses(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let mut response = Node::map([("description", Node::str("Shared."))]);
    match rng.below(3) {
        0 => response.set("schema", some_schema(sites, rng)),
        1 => response.set("schema", Node::map([("type", Node::str("file"))])),
        _ => {}
    }
    let name = if rng.one_in(4) {
        rng.pick(ODD_NAMES)
    } else {
        "NotFound"
    };
    let status = *rng.pick(&["404", "default", "200", "4XX"]);
    let target = if rng.one_in(6) {
        "Missing".to_owned()
    } else {
        name.replace('~', "~0").replace('/', "~1")
    };
    doc.map_at("responses")?.set(name, response);
    let reference = Node::map([("$ref", Node::Str(format!("#/responses/{target}")))]);
    operation(doc, sites, rng)?
        .map_at("responses")?
        .set(status, reference);
    Some(format!(
        "shared response `{}` as {status}, referred to as `{}`",
        name.escape_debug(),
        target.escape_debug()
    ))
}

/// `null` where a value belongs, as generators and hand edits leave it: an operation
/// (`post: null`), a `description`, a schema's `required`, an operation's `parameters`, a
/// response's `schema`, or the whole `definitions`.
pub(crate) fn null_values(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let label = match rng.below(6) {
        0 => {
            let method = *rng.pick(&["post", "get", "put", "delete"]);
            let Some(Node::Map(items)) = doc.get_mut("paths") else {
                return None;
            };
            if items.is_empty() {
                return None;
            }
            let i = rng.below(items.len());
            items[i].1.set(method, Node::Null);
            format!("{method}: null")
        }
        1 => {
            let kinds = [
                &sites.operations,
                &sites.responses,
                &sites.parameters,
                &sites.schemas,
            ];
            let kind: &Vec<Path> = rng.pick::<&Vec<Path>>(&kinds);
            let path = pick_path(kind, rng)?;
            doc.at_mut(path)
                .filter(|n| matches!(n, Node::Map(_)))?
                .set("description", Node::Null);
            "description: null".to_owned()
        }
        2 => {
            super::mutate::schema_at(doc, sites, rng)?.set("required", Node::Null);
            "required: null".to_owned()
        }
        3 => {
            operation(doc, sites, rng)?.set("parameters", Node::Null);
            "parameters: null".to_owned()
        }
        4 => {
            let path = pick_path(&sites.responses, rng)?;
            doc.at_mut(path)
                .filter(|n| matches!(n, Node::Map(_)))?
                .set("schema", Node::Null);
            "a response's schema: null".to_owned()
        }
        _ => {
            doc.get("definitions")?;
            doc.set("definitions", Node::Null);
            "definitions: null".to_owned()
        }
    };
    Some(label)
}

/// The `swagger` field: an unquoted YAML float (`2.0`, which YAML reads as a number), other
/// spellings of 2.0, or an `openapi` field beside it.
pub(crate) fn swagger_version(doc: &mut Node, _: &Sites, rng: &mut Rng) -> Option<String> {
    if !matches!(doc, Node::Map(_)) {
        return None;
    }
    let (key, value) = match rng.below(6) {
        0 | 1 => ("swagger", Node::Num("2.0".into())),
        2 => ("swagger", Node::Num("2".into())),
        3 => ("swagger", Node::str("2.0.0")),
        4 => ("swagger", Node::str("2")),
        _ => ("openapi", Node::str("3.0.0")),
    };
    let label = format!("{key}: {}", short(&value));
    doc.set(key, value);
    Some(label)
}
