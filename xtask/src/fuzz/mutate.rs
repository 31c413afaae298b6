//! Mutations: structural ones on the tree, aimed at what an OpenAPI generator must get right
//! (schemas, references, names, text that lands in generated source), and text-level ones on the
//! written document. Each takes the case's PRNG, so a case replays exactly.

use super::sites::Sites;
use super::tree::{Node, Path, Rng};
use super::version::Version;
use super::vocabulary::{FORMATS, MEDIA_TYPES, NASTY, ODD_NAMES};
use super::{oas31, swagger20};

/// A mutation of the document tree: it returns a label for the case's summary, or `None` when
/// the document has no place it fits.
pub(crate) type Mutation = fn(&mut Node, &Sites, &mut Rng) -> Option<String>;

/// Applies 1–4 mutations to `doc`, a document of version `version`, and returns a label for each.
pub(crate) fn mutate_tree(doc: &mut Node, version: Version, rng: &mut Rng) -> Vec<String> {
    let mut applied = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let sites = Sites::of(doc, version);
        if sites.all.len() <= 1 {
            break;
        }
        if let Some(label) = mutate_once(doc, &sites, rng) {
            applied.push(label);
        }
    }
    applied
}

/// Half the mutations of a 3.1 or 2.0 document are of that version's constructs, the rest are
/// the version-blind ones below. One in sixteen mutations of any document is of a construct of
/// another version, as real documents mix them: 3.1 schema keywords in 3.0 and 2.0 documents
/// (`const`, type arrays), 2.0 leftovers in 3.1 ones (`x-nullable`, `#/definitions/` refs).
fn mutate_once(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let own: &[(&str, Mutation)] = match sites.version {
        Version::V30 => &[],
        Version::V31 => oas31::MUTATIONS,
        Version::V20 => swagger20::MUTATIONS,
    };
    if !own.is_empty() && rng.one_in(2) {
        let (_, mutation) = rng.pick(own);
        return mutation(doc, sites, rng);
    }
    if rng.one_in(16) {
        let other = match sites.version {
            Version::V30 | Version::V20 => oas31::CROSS_VERSION,
            Version::V31 => swagger20::CROSS_VERSION,
        };
        let (_, mutation) = rng.pick(other);
        return mutation(doc, sites, rng).map(|label| format!("cross-version: {label}"));
    }
    match rng.below(16) {
        0 => delete_key(doc, sites, rng),
        1 => copy_subtree(doc, sites, rng),
        2 => change_type(doc, sites, rng),
        3 | 4 => schema_keyword(doc, sites, rng),
        5 | 6 => reference(doc, sites, rng),
        7 => operation_id(doc, sites, rng),
        8 | 9 => colliding_name(doc, sites, rng),
        10 | 11 => nasty_text(doc, sites, rng),
        12 => nest(doc, sites, rng),
        13 => media_type(doc, sites, rng),
        14 => anchor_alias(doc, sites, rng),
        _ => odd_number(doc, sites, rng),
    }
}

pub(crate) fn pick_path<'a>(paths: &'a [Path], rng: &mut Rng) -> Option<&'a Path> {
    (!paths.is_empty()).then(|| rng.pick(paths))
}

/// A schema of the document, made a mapping if it was not one (a boolean schema, or a value an
/// earlier mutation changed), so that a keyword can be set on it.
pub(crate) fn schema_at<'a>(
    doc: &'a mut Node,
    sites: &Sites,
    rng: &mut Rng,
) -> Option<&'a mut Node> {
    let path = pick_path(&sites.schemas, rng)?;
    let schema = doc.at_mut(path)?;
    if !matches!(schema, Node::Map(_)) {
        *schema = Node::Map(Vec::new());
    }
    Some(schema)
}

/// A schema to put somewhere: a reference to one of the document's named schemas when it has
/// some, else a small inline one.
pub(crate) fn some_schema(sites: &Sites, rng: &mut Rng) -> Node {
    if sites.schema_names.is_empty() || rng.one_in(3) {
        let ty = *rng.pick(&["string", "integer", "number", "boolean", "object", "array"]);
        let mut schema = Node::map([("type", Node::str(ty))]);
        if ty == "array" {
            schema.set("items", Node::map([("type", Node::str("string"))]));
        }
        schema
    } else {
        schema_ref(sites.version, rng.pick::<String>(&sites.schema_names))
    }
}

fn delete_key(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let path = pick_path(&sites.maps, rng)?;
    let Some(Node::Map(entries)) = doc.at_mut(path) else {
        return None;
    };
    if entries.is_empty() {
        return None;
    }
    let (key, _) = entries.remove(rng.below(entries.len()));
    Some(format!("delete key `{key}`"))
}

fn copy_subtree(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let from = pick_path(&sites.all, rng)?.clone();
    let to = pick_path(&sites.maps, rng)?.clone();
    let value = doc.at(&from)?.clone();
    let Some(Node::Map(entries)) = doc.at_mut(&to) else {
        return None;
    };
    // Half the time the copy lands on an existing key: a duplicate key in the written text.
    let key = if !entries.is_empty() && rng.one_in(2) {
        entries[rng.below(entries.len())].0.clone()
    } else {
        rng.pick(ODD_NAMES).to_string()
    };
    entries.push((key.clone(), value));
    Some(format!("copy a subtree to key `{key}`"))
}

pub(crate) fn random_scalar(rng: &mut Rng) -> Node {
    match rng.below(9) {
        0 => Node::Null,
        1 => Node::Bool(rng.one_in(2)),
        2 => Node::Num("0".into()),
        3 => Node::Num("-1".into()),
        4 => Node::Num("1e400".into()),
        5 => Node::Num("18446744073709551616".into()),
        6 => Node::Str(rng.pick(ODD_NAMES).to_string()),
        7 => Node::Seq(Vec::new()),
        _ => Node::Map(Vec::new()),
    }
}

fn change_type(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let path = pick_path(&sites.all[1..], rng)?;
    let value = random_scalar(rng);
    *doc.at_mut(path)? = value.clone();
    Some(format!("change a value to {}", short(&value)))
}

pub(crate) fn short(node: &Node) -> String {
    node.to_flow().chars().take(60).collect()
}

fn schema_keyword(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let path = pick_path(&sites.schemas, rng)?;
    let other = if sites.schema_names.is_empty() {
        Node::Map(vec![("type".into(), Node::Str("string".into()))])
    } else {
        schema_ref(sites.version, rng.pick::<String>(&sites.schema_names))
    };
    let schema = doc.at_mut(path)?;
    if !matches!(schema, Node::Map(_)) {
        *schema = Node::Map(Vec::new());
    }
    let label = match rng.below(12) {
        0 => {
            schema.set("nullable", Node::Bool(true));
            "nullable: true".to_owned()
        }
        1..=3 => {
            let wrapper = *rng.pick(&["oneOf", "allOf", "anyOf"]);
            let inner = schema.clone();
            let mut list = vec![inner];
            if rng.one_in(2) {
                list.push(other);
            }
            *schema = Node::Map(vec![(wrapper.to_owned(), Node::Seq(list))]);
            format!("wrap in {wrapper}")
        }
        4 => {
            let name = rng.pick(ODD_NAMES).to_string();
            let mut mapping = vec![(name.clone(), Node::Str("#/components/schemas/Nope".into()))];
            if rng.one_in(2) {
                mapping.push((name, Node::Str("NotARef".into())));
            }
            schema.set(
                "discriminator",
                Node::Map(vec![
                    (
                        "propertyName".into(),
                        Node::Str(rng.pick(ODD_NAMES).to_string()),
                    ),
                    ("mapping".into(), Node::Map(mapping)),
                ]),
            );
            "add a discriminator".to_owned()
        }
        5 => {
            schema.set("not", other);
            "add `not`".to_owned()
        }
        6 => {
            let format = *rng.pick(FORMATS);
            schema.set("format", Node::Str(format.to_owned()));
            format!("format: {format}")
        }
        7 => {
            let ty = *rng.pick(&[
                "string", "integer", "number", "boolean", "array", "object", "null", "file",
            ]);
            schema.set("type", Node::Str(ty.to_owned()));
            format!("type: {ty}")
        }
        8 => {
            let values: Vec<Node> = (0..1 + rng.below(4))
                .map(|_| {
                    if rng.one_in(4) {
                        random_scalar(rng)
                    } else {
                        Node::Str(rng.pick(ODD_NAMES).to_string())
                    }
                })
                .collect();
            schema.set("enum", Node::Seq(values));
            "add an odd enum".to_owned()
        }
        9 => {
            let (key, value) = *rng.pick(&[
                ("minLength", "10"),
                ("maxLength", "-1"),
                ("minimum", "1e308"),
                ("maximum", "-9223372036854775809"),
                ("multipleOf", "0"),
                ("minItems", "3"),
                ("maxItems", "0"),
                ("exclusiveMinimum", "5"),
            ]);
            schema.set(key, Node::Num(value.to_owned()));
            format!("{key}: {value}")
        }
        10 => {
            let pattern = *rng.pick(&[
                "(",
                "^\\d+$",
                "\\p{L}",
                "(?i)a",
                "a{99999}",
                "\\",
                "",
                "[[:alpha:]]",
                "(a)\\1",
                "(?<=a)b",
            ]);
            schema.set("pattern", Node::Str(pattern.to_owned()));
            format!("pattern: {pattern}")
        }
        _ => {
            schema.set(
                "default",
                if rng.one_in(2) {
                    random_scalar(rng)
                } else {
                    Node::Str(rng.pick(NASTY).to_string())
                },
            );
            "add an odd default".to_owned()
        }
    };
    Some(label)
}

/// A reference to the named schema `name`, where `version` keeps its named schemas.
pub(crate) fn schema_ref(version: Version, name: &str) -> Node {
    Node::Map(vec![("$ref".into(), Node::Str(version.schema_ref(name)))])
}

/// Makes a component schema refer to itself (directly, through an array or a map, or through a
/// required property), or points a schema at another schema or at nothing.
fn reference(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    if sites.schema_names.is_empty() || rng.one_in(3) {
        let path = pick_path(&sites.schemas, rng)?;
        let target = *rng.pick(&[
            "#/components/schemas/",
            "#/components/schemas/Missing",
            "#",
            "#/paths",
            "other.yaml#/X",
            "#/components/parameters/X",
            "#/components/schemas/a~1b",
            "http://example.com/s.json",
        ]);
        *doc.at_mut(path)? = Node::Map(vec![("$ref".into(), Node::Str(target.to_owned()))]);
        return Some(format!("$ref to `{target}`"));
    }
    let name = rng.pick(&sites.schema_names).clone();
    let target = if rng.one_in(2) {
        name.clone()
    } else {
        rng.pick(&sites.schema_names).clone()
    };
    let r = schema_ref(sites.version, &target);
    let (shape, schema) = match rng.below(5) {
        0 => ("directly", r),
        1 => (
            "through array items",
            Node::Map(vec![
                ("type".into(), Node::Str("array".into())),
                ("items".into(), r),
            ]),
        ),
        2 => (
            "through additionalProperties",
            Node::Map(vec![
                ("type".into(), Node::Str("object".into())),
                ("additionalProperties".into(), r),
            ]),
        ),
        3 => (
            "through a required property",
            Node::Map(vec![
                ("type".into(), Node::Str("object".into())),
                ("properties".into(), Node::Map(vec![("next".into(), r)])),
                ("required".into(), Node::Seq(vec![Node::Str("next".into())])),
            ]),
        ),
        _ => (
            "through allOf",
            Node::Map(vec![("allOf".into(), Node::Seq(vec![r]))]),
        ),
    };
    sites.version.schemas_mut(doc)?.set(&name, schema);
    Some(format!("schema `{name}` refers to `{target}` {shape}"))
}

fn operation_id(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let path = pick_path(&sites.operations, rng)?.clone();
    let existing: Vec<String> = sites
        .operations
        .iter()
        .filter_map(|p| match doc.at(p)?.get("operationId")? {
            Node::Str(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let operation = doc.at_mut(&path)?;
    if !matches!(operation, Node::Map(_)) {
        return None;
    }
    let label = match rng.below(4) {
        0 => {
            if let Node::Map(entries) = operation {
                entries.retain(|(k, _)| k != "operationId");
            }
            "drop operationId".to_owned()
        }
        1 if !existing.is_empty() => {
            let id = rng.pick(&existing).clone();
            let id = match rng.below(3) {
                0 => id,
                1 => heck_like_snake(&id),
                _ => id.to_uppercase(),
            };
            operation.set("operationId", Node::Str(id.clone()));
            format!("operationId collides: `{id}`")
        }
        _ => {
            let id = format!("{}{}", rng.pick(ODD_NAMES), rng.pick(NASTY));
            operation.set("operationId", Node::Str(id.clone()));
            format!("operationId `{}`", id.escape_debug())
        }
    };
    Some(label)
}

/// `fooBar` → `foo_bar`, enough to make names that fold together.
fn heck_like_snake(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_uppercase() && !out.is_empty() {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Adds a property, schema or enum value whose name folds onto an existing one after case
/// conversion, or is a keyword, a digit, empty, or non-ASCII.
fn colliding_name(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let variant = |name: &str, rng: &mut Rng| match rng.below(6) {
        0 => heck_like_snake(name),
        1 => name.to_uppercase(),
        2 => format!("{name}_"),
        3 => name.replace(['_', '-'], ""),
        4 => format!("-{name}"),
        _ => rng.pick(ODD_NAMES).to_string(),
    };
    if !sites.enums.is_empty() && rng.one_in(2) {
        let path = rng.pick(&sites.enums);
        let Some(Node::Seq(values)) = doc.at_mut(path) else {
            return None;
        };
        let base = match values.first() {
            Some(Node::Str(s)) => s.clone(),
            _ => "value".to_owned(),
        };
        let new = variant(&base, rng);
        values.push(Node::Str(new.clone()));
        return Some(format!(
            "enum value `{}` beside `{base}`",
            new.escape_debug()
        ));
    }
    let path = pick_path(&sites.named_maps, rng)?;
    let Some(Node::Map(entries)) = doc.at_mut(path) else {
        return None;
    };
    let (base, value) = match entries.is_empty() {
        true => ("x".to_owned(), Node::Map(Vec::new())),
        false => entries[rng.below(entries.len())].clone(),
    };
    let new = variant(&base, rng);
    entries.push((new.clone(), value));
    Some(format!("name `{}` beside `{base}`", new.escape_debug()))
}

/// Puts hostile text into a string or a key: titles, versions, descriptions, enum values,
/// property and header names, paths all end up in generated source.
fn nasty_text(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let mut text = rng.pick(NASTY).to_string();
    if rng.one_in(8) {
        text = text.repeat(1 + rng.below(20_000));
    }
    let at_key = rng.one_in(3);
    let path = if at_key {
        pick_path(&sites.all[1..], rng)?
    } else {
        pick_path(&sites.strings, rng)?
    };
    let target: &mut String = if at_key {
        doc.key_at_mut(path)?
    } else {
        match doc.at_mut(path)? {
            Node::Str(s) => s,
            _ => return None,
        }
    };
    let place = match rng.below(4) {
        0 => {
            *target = text.clone();
            "replace"
        }
        1 => {
            target.insert_str(0, &text);
            "prepend"
        }
        2 => {
            target.push_str(&text);
            "append"
        }
        _ => {
            let middle = (0..=target.len())
                .filter(|&i| target.is_char_boundary(i))
                .nth(target.chars().count() / 2)
                .unwrap_or(0);
            target.insert_str(middle, &text);
            "insert"
        }
    };
    let shown: String = text.chars().take(12).collect();
    Some(format!(
        "{place} {} `{}` ({} bytes)",
        if at_key { "key" } else { "text" },
        shown.escape_debug(),
        text.len()
    ))
}

fn nest(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let path = pick_path(&sites.schemas, rng)?;
    let depth = if rng.one_in(8) {
        50 + rng.below(150)
    } else {
        1 + rng.below(12)
    };
    let schema = doc.at_mut(path)?;
    let mut node = schema.clone();
    for _ in 0..depth {
        node = match rng.below(4) {
            0 => Node::Map(vec![
                ("type".into(), Node::Str("array".into())),
                ("items".into(), node),
            ]),
            1 => Node::Map(vec![
                ("type".into(), Node::Str("object".into())),
                ("additionalProperties".into(), node),
            ]),
            2 => Node::Map(vec![("allOf".into(), Node::Seq(vec![node]))]),
            _ => Node::Map(vec![
                ("type".into(), Node::Str("object".into())),
                ("properties".into(), Node::Map(vec![("inner".into(), node)])),
            ]),
        };
    }
    *schema = node;
    Some(format!("nest a schema {depth} levels deep"))
}

fn media_type(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let path = pick_path(&sites.contents, rng)?;
    let Some(Node::Map(entries)) = doc.at_mut(path) else {
        return None;
    };
    let media = rng.pick(MEDIA_TYPES).to_string();
    if entries.is_empty() || rng.one_in(3) {
        entries.push((media.clone(), Node::Map(Vec::new())));
        return Some(format!("add media type `{media}`"));
    }
    let i = rng.below(entries.len());
    entries[i].0 = media.clone();
    Some(format!("swap a media type for `{media}`"))
}

/// Anchors a value and aliases it from a later sibling: YAML text only.
fn anchor_alias(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let path = pick_path(&sites.maps, rng)?;
    let Some(Node::Map(entries)) = doc.at_mut(path) else {
        return None;
    };
    if entries.is_empty() {
        return None;
    }
    let i = rng.below(entries.len());
    let name = format!("a{}", rng.below(1000));
    let value = std::mem::replace(&mut entries[i].1, Node::Null);
    if matches!(value, Node::Anchored(..) | Node::Alias(..)) {
        entries[i].1 = value;
        return None;
    }
    entries[i].1 = Node::Anchored(name.clone(), Box::new(value.clone()));
    let alias = Node::Alias(name, Box::new(value));
    let j = i + 1 + rng.below(entries.len() - i);
    if j < entries.len() && !matches!(entries[j].1, Node::Anchored(..)) {
        entries[j].1 = alias;
    } else {
        let key = format!("{}Alias", entries[i].0);
        entries.push((key, alias));
    }
    Some("anchor and alias a value".to_owned())
}

/// Numbers JSON cannot hold and Rust types cannot either.
fn odd_number(doc: &mut Node, sites: &Sites, rng: &mut Rng) -> Option<String> {
    let path = pick_path(&sites.all[1..], rng)?;
    let n = *rng.pick(&[
        ".nan",
        ".inf",
        "-.inf",
        "1e400",
        "-0",
        "0x1F",
        "1_000",
        "9223372036854775808",
    ]);
    *doc.at_mut(path)? = Node::Num(n.to_owned());
    Some(format!("number `{n}`"))
}

/// Damages the written text: truncation, a flipped byte (kept valid UTF-8, as `generate` takes
/// `&str`), a duplicated line, or stray indentation.
pub(crate) fn mutate_text(text: &mut String, rng: &mut Rng) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    let at = {
        let i = rng.below(text.len());
        (i..=text.len())
            .find(|&j| text.is_char_boundary(j))
            .unwrap_or(0)
    };
    let label = match rng.below(4) {
        0 => {
            text.truncate(at);
            format!("truncate at byte {at}")
        }
        1 => {
            let c = *rng.pick(b"\0\"'{}[:-#&*!|>\t \n") as char;
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            text.replace_range(at..end, &c.to_string());
            format!("replace byte {at} with {c:?}")
        }
        2 => {
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
            let line = text[start..end].to_owned();
            text.insert_str(end, &line);
            "duplicate a line".to_owned()
        }
        _ => {
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            text.insert(start, ' ');
            "indent a line".to_owned()
        }
    };
    Some(label)
}
