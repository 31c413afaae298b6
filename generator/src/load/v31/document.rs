//! OpenAPI 3.1 at the document level: `webhooks`, `jsonSchemaDialect`, optional `paths`,
//! `info.summary`, `license.identifier`, `components/pathItems` and `mutualTLS` schemes.

use super::super::source_map::SourceMap;
use super::super::walk::entries;
use crate::diagnostics::{Diagnostics, join};
use yaml_serde::{Mapping, Value};

/// The dialects a 3.1 document may declare that mean what the generator reads.
const KNOWN_DIALECTS: &[&str] = &[
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://spec.openapis.org/oas/3.1/dialect/2024-10-25",
    "https://json-schema.org/draft/2020-12/schema",
];

/// The fields of the OpenAPI Object that 3.1 adds or makes optional.
pub(super) fn document_level(root: &mut Value, diagnostics: &mut Diagnostics, map: &mut SourceMap) {
    let Some(doc) = root.as_mapping_mut() else {
        return;
    };
    doc.insert("openapi".into(), "3.0.3".into());
    if let Some(Value::Mapping(webhooks)) = doc.shift_remove("webhooks") {
        diagnostics.note(
            "webhooks, not generated",
            "#/webhooks",
            format!(
                "the document describes {} webhook{} (requests the API sends to you); a client \
                 only makes calls, so none is generated. Their payload schemas that are \
                 components are still generated as types.",
                webhooks.len(),
                if webhooks.len() == 1 { "" } else { "s" }
            ),
        );
    }
    if let Some(dialect) = doc.shift_remove("jsonSchemaDialect") {
        let dialect = dialect.as_str().unwrap_or_default().to_owned();
        if !KNOWN_DIALECTS.contains(&dialect.as_str()) {
            diagnostics.warning(
                "a schema dialect other than OpenAPI 3.1's",
                "#/jsonSchemaDialect",
                format!(
                    "the schemas are declared in the dialect `{dialect}`; they are read as \
                     OpenAPI 3.1's own dialect (JSON Schema 2020-12), which may mean otherwise"
                ),
            );
        }
    }
    if !doc.contains_key("paths") {
        doc.insert("paths".into(), Value::Mapping(Mapping::new()));
    }
    move_to_extension(doc, "info", "summary", "x-summary");
    if let Some(info) = doc.get_mut("info").and_then(Value::as_mapping_mut) {
        move_to_extension(info, "license", "identifier", "x-identifier");
    }
    path_item_components(doc, diagnostics, map);
    mutual_tls(doc, diagnostics);
}

/// Moves `holder[object][key]`, a 3.1 field the 3.0 model has no place for, to an extension
/// of the same object, where it is kept.
fn move_to_extension(holder: &mut Mapping, object: &str, key: &str, extension: &str) {
    if let Some(object) = holder.get_mut(object).and_then(Value::as_mapping_mut)
        && let Some(value) = object.shift_remove(key)
    {
        object.insert(extension.into(), value);
    }
}

/// `components/pathItems`: each path that is a `$ref` to one is replaced by a copy of it;
/// local fields beside the `$ref` win (3.1 leaves their meaning undefined).
fn path_item_components(doc: &mut Mapping, diagnostics: &mut Diagnostics, map: &mut SourceMap) {
    let items = doc
        .get_mut("components")
        .and_then(Value::as_mapping_mut)
        .and_then(|components| components.shift_remove("pathItems"));
    let Some(Value::Mapping(items)) = items else {
        return;
    };
    for (path, item) in entries(doc.get_mut("paths")) {
        let Some(reference) = item.get("$ref").and_then(Value::as_str).map(str::to_owned) else {
            continue;
        };
        let Some(name) = reference.strip_prefix("#/components/pathItems/") else {
            continue;
        };
        let name = crate::pointer::unescape(name);
        let at = join("#/paths", &path);
        let Some(Value::Mapping(target)) = items.get(name.as_str()) else {
            diagnostics.push(
                join(&at, "$ref"),
                format!("`$ref: {reference}` does not name a path item of this document"),
            );
            continue;
        };
        let mut copy = target.clone();
        if let Value::Mapping(local) = std::mem::take(item) {
            for (key, value) in local {
                if key.as_str() != Some("$ref") {
                    copy.insert(key, value);
                }
            }
        }
        for (method, _) in &copy {
            if let Some(method) = method.as_str() {
                map.record(
                    join(&at, method),
                    join(&join("#/components/pathItems", &name), method),
                );
            }
        }
        *item = Value::Mapping(copy);
    }
}

/// `mutualTLS` security schemes: the client has no certificate setting, so each is removed,
/// with every requirement alternative that needs it (an alternative left empty would read as
/// "no credentials needed").
fn mutual_tls(doc: &mut Mapping, diagnostics: &mut Diagnostics) {
    let Some(schemes) = doc
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
        .and_then(Value::as_mapping_mut)
    else {
        return;
    };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .filter_map(|(name, _)| name.as_str().map(str::to_owned))
        .collect();
    for name in &names {
        schemes.shift_remove(name.as_str());
        diagnostics.warning(
            "a mutual TLS security scheme, not supported",
            join("#/components/securitySchemes", name),
            format!(
                "`{name}` authenticates with a client certificate, which the generated client \
                 cannot present; requirements that need it are left out, and an operation that \
                 needs it in every alternative is sent without credentials"
            ),
        );
    }
    if names.is_empty() {
        return;
    }
    let needs = |requirement: &Value| {
        requirement
            .as_mapping()
            .is_some_and(|r| names.iter().any(|n| r.contains_key(n.as_str())))
    };
    if let Some(Value::Sequence(list)) = doc.get_mut("security") {
        list.retain(|requirement| !needs(requirement));
    }
    for (_, item) in entries(doc.get_mut("paths")) {
        for (_, operation) in entries(Some(item)) {
            if let Some(Value::Sequence(list)) = operation.get_mut("security") {
                list.retain(|requirement| !needs(requirement));
            }
        }
    }
}
