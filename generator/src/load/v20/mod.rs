//! Swagger 2.0 → the OpenAPI 3.0 model, on the tree, before anything is decoded.
//!
//! The 3.0 document is built beside the 2.0 one: `definitions`, `parameters`, `responses` and
//! `securityDefinitions` become components; a body parameter becomes a request body with one
//! media type per `consumes` entry; form parameters become the properties of one form or
//! multipart body; a parameter's type keywords become its `schema`, with `collectionFormat` as
//! `style`/`explode`; a response's `schema` becomes its content per `produces` entry; and
//! `host`, `basePath` and `schemes` become the server URL. Every node that moves is recorded in
//! the source map, so that diagnostics point into the 2.0 document as written.

mod bodies;
mod parameters;
mod security;

use super::keywords::KEYWORDS;
use super::sites::METHODS;
use super::source_map::SourceMap;
use super::walk::{SchemaVisitor, each_ref, entries_of, visit_document};
use crate::diagnostics::{Diagnostics, join};
use yaml_serde::{Mapping, Value};

/// Body media types that Swashbuckle lists beside `application/json` for the same body; with
/// `application/json` present they add nothing but another method per operation.
const JSON_ALIASES: &[&str] = &["text/json", "application/*+json"];

/// Builds the 3.0 form of the 2.0 document `root`, in place.
pub(super) fn read(root: &mut Value, diagnostics: &mut Diagnostics, map: &mut SourceMap) {
    let Value::Mapping(source) = std::mem::take(root) else {
        return;
    };
    let mut reader = Reader {
        source: &source,
        diagnostics,
        map,
    };
    let mut out = Mapping::new();
    out.insert("openapi".into(), "3.0.3".into());
    reader.map.record("#/openapi", "#/swagger");
    for key in ["info", "tags", "externalDocs", "security"] {
        if let Some(value) = source.get(key) {
            out.insert(key.into(), value.clone());
        }
    }
    for (key, value) in &source {
        if key.as_str().is_some_and(|k| k.starts_with("x-")) {
            out.insert(key.clone(), value.clone());
        }
    }
    if let Some(servers) = reader.servers() {
        out.insert("servers".into(), servers);
    }
    out.insert("components".into(), Value::Mapping(reader.components()));
    out.insert("paths".into(), Value::Mapping(reader.paths()));
    let mut value = Value::Mapping(out);
    // Every `$ref` of the converted document goes to its 3.0 place.
    each_ref(&mut value, &mut |reference| {
        *reference = rewrite_ref(reference)
    });
    visit_document(&mut value, &mut Schemas);
    *root = value;
}

struct Reader<'a> {
    source: &'a Mapping,
    diagnostics: &'a mut Diagnostics,
    map: &'a mut SourceMap,
}

/// Where a 2.0 parameter list's entries go in 3.0.
#[derive(Default)]
struct Split {
    /// Query, path and header parameters, converted, with their 2.0 pointers.
    plain: Vec<(Value, String)>,
    /// The body parameter and its pointer.
    body: Option<(Mapping, String)>,
    /// Form parameters and their pointers.
    form: Vec<(Mapping, String)>,
}

impl Reader<'_> {
    /// `host`, `basePath` and `schemes` → one server per scheme (HTTPS first).
    fn servers(&mut self) -> Option<Value> {
        let host = self.source.get("host").and_then(Value::as_str);
        let base = self
            .source
            .get("basePath")
            .and_then(Value::as_str)
            .unwrap_or("");
        let base = base.trim_end_matches('/');
        let mut schemes: Vec<&str> = list_of_strings(self.source.get("schemes"));
        schemes.sort_by_key(|scheme| *scheme != "https");
        let urls: Vec<String> = match host {
            None if base.is_empty() => return None,
            None => vec![base.to_owned()],
            Some(host) => {
                if schemes.is_empty() {
                    schemes.push("https");
                }
                schemes
                    .iter()
                    .map(|scheme| format!("{scheme}://{host}{base}"))
                    .collect()
            }
        };
        let from = if host.is_some() {
            "#/host"
        } else {
            "#/basePath"
        };
        let servers = urls
            .into_iter()
            .enumerate()
            .map(|(index, url)| {
                self.map.record(join("#/servers", &index.to_string()), from);
                let mut server = Mapping::new();
                server.insert("url".into(), url.into());
                Value::Mapping(server)
            })
            .collect();
        Some(Value::Sequence(servers))
    }

    fn components(&mut self) -> Mapping {
        let mut components = Mapping::new();
        if let Some(definitions) = self.source.get("definitions") {
            self.map.record("#/components/schemas", "#/definitions");
            components.insert("schemas".into(), definitions.clone());
        }
        let mut parameters = Mapping::new();
        for (name, parameter) in entries_of(self.source.get("parameters")) {
            let at = join("#/parameters", name);
            let kind = parameter
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if matches!(kind, "body" | "formData") {
                // Inlined into each operation that refers to it.
                continue;
            }
            let target = join("#/components/parameters", name);
            if let Some(converted) = self.parameter(parameter, &at, &target) {
                parameters.insert(name.into(), converted);
            }
        }
        if !parameters.is_empty() {
            components.insert("parameters".into(), Value::Mapping(parameters));
        }
        let produces: Vec<String> = list_of_strings(self.source.get("produces"))
            .into_iter()
            .map(str::to_owned)
            .collect();
        let mut responses = Mapping::new();
        for (name, response) in entries_of(self.source.get("responses")) {
            let at = join("#/responses", name);
            let target = join("#/components/responses", name);
            responses.insert(
                name.into(),
                self.response(response, &at, &target, &produces),
            );
        }
        if !responses.is_empty() {
            components.insert("responses".into(), Value::Mapping(responses));
        }
        let mut schemes = Mapping::new();
        for (name, scheme) in entries_of(self.source.get("securityDefinitions")) {
            let at = join("#/securityDefinitions", name);
            self.map
                .record(join("#/components/securitySchemes", name), at.clone());
            if let Some(converted) = self.security_scheme(scheme, &at) {
                schemes.insert(name.into(), converted);
            }
        }
        if !schemes.is_empty() {
            components.insert("securitySchemes".into(), Value::Mapping(schemes));
        }
        components
    }

    fn paths(&mut self) -> Mapping {
        let mut paths = Mapping::new();
        for (path, item) in entries_of(self.source.get("paths")) {
            let at = join("#/paths", path);
            if path.starts_with("x-") {
                paths.insert(path.into(), item.clone());
                continue;
            }
            let Some(item) = item.as_mapping() else {
                paths.insert(path.into(), item.clone());
                continue;
            };
            paths.insert(path.into(), Value::Mapping(self.path_item(item, &at)));
        }
        paths
    }

    fn path_item(&mut self, item: &Mapping, at: &str) -> Mapping {
        let shared = self.split(item.get("parameters"), &join(at, "parameters"));
        let mut out = Mapping::new();
        for (key, value) in item {
            let Some(name) = key.as_str() else { continue };
            if name.starts_with("x-") || matches!(name, "summary" | "description" | "servers") {
                out.insert(key.clone(), value.clone());
            }
        }
        if !shared.plain.is_empty() {
            let list = self.place(&shared.plain, &join(at, "parameters"));
            out.insert("parameters".into(), Value::Sequence(list));
        }
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let op_at = join(at, method);
            match operation.as_mapping() {
                Some(operation) => {
                    let converted = self.operation(operation, &op_at, &shared);
                    out.insert(method.into(), Value::Mapping(converted));
                }
                None => self.diagnostics.warning(
                    "an operation that is not a mapping, left out",
                    op_at,
                    format!("`{method}` is not an Operation Object; it is left out"),
                ),
            }
        }
        out
    }

    fn operation(&mut self, operation: &Mapping, at: &str, shared: &Split) -> Mapping {
        let mut out = Mapping::new();
        for (key, value) in operation {
            let Some(name) = key.as_str() else { continue };
            let copied = name.starts_with("x-")
                || matches!(
                    name,
                    "tags"
                        | "summary"
                        | "description"
                        | "externalDocs"
                        | "operationId"
                        | "deprecated"
                        | "security"
                );
            if copied {
                out.insert(key.clone(), value.clone());
            }
        }
        let own = self.split(operation.get("parameters"), &join(at, "parameters"));
        if !own.plain.is_empty() {
            let list = self.place(&own.plain, &join(at, "parameters"));
            out.insert("parameters".into(), Value::Sequence(list));
        }
        let consumes = self.media_types(operation, "consumes");
        let body = own.body.as_ref().or(shared.body.as_ref());
        let mut form: Vec<(Mapping, String)> = own.form.clone();
        for (parameter, pointer) in &shared.form {
            let name = parameter.get("name");
            if !form.iter().any(|(own, _)| own.get("name") == name) {
                form.push((parameter.clone(), pointer.clone()));
            }
        }
        let method = at.rsplit('/').next().unwrap_or_default();
        if let Some((parameter, pointer)) = body {
            let request = self.body(
                parameter,
                pointer,
                &join(at, "requestBody"),
                &consumes,
                method,
            );
            out.insert("requestBody".into(), Value::Mapping(request));
            if !form.is_empty() {
                self.diagnostics.warning(
                    "a body parameter beside form parameters",
                    form[0].1.clone(),
                    "an operation has one body: the `in: body` parameter is sent, and the form \
                     parameters are left out",
                );
            }
        } else if !form.is_empty() {
            let request = self.form(&form, &join(at, "requestBody"), &consumes);
            out.insert("requestBody".into(), Value::Mapping(request));
        }
        let produces = self.media_types(operation, "produces");
        let mut responses = Mapping::new();
        for (status, response) in entries_of(operation.get("responses")) {
            let response_at = join(&join(at, "responses"), status);
            if status.starts_with("x-") {
                responses.insert(status.into(), response.clone());
                continue;
            }
            let converted = self.response(response, &response_at, &response_at, &produces);
            responses.insert(status.into(), converted);
        }
        out.insert("responses".into(), Value::Mapping(responses));
        out
    }

    /// The operation's `consumes` or `produces`, or the document's.
    fn media_types(&self, operation: &Mapping, key: &str) -> Vec<String> {
        let listed = match operation.get(key) {
            Some(value) => list_of_strings(Some(value)),
            None => list_of_strings(self.source.get(key)),
        };
        let mut types: Vec<String> = Vec::new();
        for media in listed {
            // Swashbuckle sometimes lists a type twice, or several in one comma-separated entry.
            for media in media.split(',').map(str::trim).filter(|m| !m.is_empty()) {
                if !types.iter().any(|t| t == media) {
                    types.push(media.to_owned());
                }
            }
        }
        types
    }
}

/// A 2.0 reference → its 3.0 place.
fn rewrite_ref(reference: &str) -> String {
    for (from, to) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = reference.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    reference.to_owned()
}

/// `x-nullable` (go-swagger, AutoRest, NSwag) is 3.0's `nullable`; `type: file` is binary.
struct Schemas;

impl SchemaVisitor for Schemas {
    fn schema(&mut self, node: &mut Value, _pointer: &str) {
        let Some(schema) = node.as_mapping_mut() else {
            return;
        };
        if let Some(nullable) = schema.shift_remove("x-nullable") {
            schema.insert("nullable".into(), nullable);
        }
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".into(), "string".into());
            schema.insert("format".into(), "binary".into());
        }
    }
}

/// A list of strings, or one string (a common mistake for a one-entry list).
fn list_of_strings(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Sequence(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}
