//! Swagger 2.0 → the OpenAPI 3.0 model, on the tree, before anything is decoded.
//!
//! The 3.0 document is built beside the 2.0 one: `definitions`, `parameters`, `responses` and
//! `securityDefinitions` become components; a body parameter becomes a request body with one
//! media type per `consumes` entry; form parameters become the properties of one form or
//! multipart body; a parameter's type keywords become its `schema`, with `collectionFormat` as
//! `style`/`explode`; a response's `schema` becomes its content per `produces` entry; and
//! `host`, `basePath` and `schemes` become the server URL. Every node that moves is recorded in
//! the source map, so that diagnostics point into the 2.0 document as written.

use super::keywords::KEYWORDS;
use super::sites::METHODS;
use super::source_map::SourceMap;
use super::walk::{SchemaVisitor, entries_of, visit_document};
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
    rewrite_refs(&mut value);
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

    /// Sorts a parameter list into plain parameters, the body and form parameters, following
    /// `$ref`s to the document's `parameters`.
    fn split(&mut self, list: Option<&Value>, at: &str) -> Split {
        let mut split = Split::default();
        let Some(Value::Sequence(list)) = list else {
            return split;
        };
        for (index, parameter) in list.iter().enumerate() {
            let pointer = join(at, &index.to_string());
            let (resolved, source) = match parameter.get("$ref").and_then(Value::as_str) {
                Some(reference) => match self.global_parameter(reference) {
                    Some((value, source)) => (value, source),
                    None => {
                        // A reference to a plain parameter stays a reference; one to nothing is
                        // reported by the IR where it is written.
                        let mut kept = parameter.clone();
                        if let Some(map) = kept.as_mapping_mut() {
                            map.insert("$ref".into(), rewrite_ref(reference).into());
                        }
                        split.plain.push((kept, pointer));
                        continue;
                    }
                },
                None => (parameter.clone(), pointer.clone()),
            };
            let Some(resolved) = resolved.as_mapping() else {
                continue;
            };
            match resolved.get("in").and_then(Value::as_str) {
                Some("body") => {
                    if split.body.is_some() {
                        self.diagnostics.warning(
                            "a second body parameter, left out",
                            pointer,
                            "an operation has at most one `in: body` parameter; this one is left out",
                        );
                    } else {
                        split.body = Some((resolved.clone(), source));
                    }
                }
                Some("formData") => split.form.push((resolved.clone(), source)),
                _ if parameter.get("$ref").is_some() => {
                    split.plain.push((parameter_ref(parameter), pointer))
                }
                _ => {
                    let resolved = Value::Mapping(resolved.clone());
                    if let Some(converted) = self.parameter(&resolved, &source, "") {
                        split.plain.push((converted, source));
                    }
                }
            }
        }
        split
    }

    /// The document-level body or form parameter a `$ref` names, with its pointer; `None` for
    /// any other `$ref`.
    fn global_parameter(&self, reference: &str) -> Option<(Value, String)> {
        let name = crate::pointer::unescape(reference.strip_prefix("#/parameters/")?);
        let parameter = self.source.get("parameters")?.get(name.as_str())?;
        let kind = parameter.get("in").and_then(Value::as_str)?;
        matches!(kind, "body" | "formData")
            .then(|| (parameter.clone(), join("#/parameters", &name)))
    }

    /// Places converted parameters in a 3.0 list at `at`, recording where each came from.
    fn place(&mut self, plain: &[(Value, String)], at: &str) -> Vec<Value> {
        let mut list = Vec::new();
        for (index, (parameter, source)) in plain.iter().enumerate() {
            let target = join(at, &index.to_string());
            if parameter.get("$ref").is_none() {
                self.map.record(join(&target, "schema"), source.clone());
            }
            self.map.record(target, source.clone());
            list.push(parameter.clone());
        }
        list
    }

    /// A query, path or header parameter: its type keywords become its `schema`, and its
    /// `collectionFormat` its `style` and `explode`. `target` is its 3.0 pointer when known now.
    fn parameter(&mut self, parameter: &Value, at: &str, target: &str) -> Option<Value> {
        let Some(parameter) = parameter.as_mapping() else {
            return Some(parameter.clone());
        };
        let location = parameter
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let mut out = Mapping::new();
        for (key, value) in parameter {
            let Some(name) = key.as_str() else { continue };
            match name {
                "name" | "in" | "description" | "required" | "deprecated" | "allowEmptyValue" => {
                    out.insert(key.clone(), value.clone());
                }
                "x-example" => {
                    out.insert("example".into(), value.clone());
                }
                name if name.starts_with("x-") && name != "x-nullable" => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        let mut schema = schema_of(parameter);
        if let Some(items) = schema.get_mut("items").and_then(Value::as_mapping_mut)
            && items.shift_remove("collectionFormat").is_some()
        {
            self.diagnostics.warning(
                "a nested `collectionFormat`, not supported",
                join(&join(at, "items"), "collectionFormat"),
                "arrays of arrays in a parameter are sent with the outer `collectionFormat` \
                 only; the inner one is not applied",
            );
        }
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            self.collection_format(parameter, at, &location, &mut out);
        }
        if location == "formData" || location == "body" {
            return None;
        }
        if !target.is_empty() {
            self.map.record(target.to_owned(), at.to_owned());
            self.map.record(join(target, "schema"), at.to_owned());
        }
        out.insert("schema".into(), Value::Mapping(schema));
        Some(Value::Mapping(out))
    }

    /// `collectionFormat` (default `csv`) → `style` and `explode`.
    fn collection_format(
        &mut self,
        parameter: &Mapping,
        at: &str,
        location: &str,
        out: &mut Mapping,
    ) {
        let format = parameter
            .get("collectionFormat")
            .and_then(Value::as_str)
            .unwrap_or("csv");
        let (style, explode) = match (format, location) {
            ("csv", "query" | "cookie") => ("form", false),
            ("csv", _) => ("simple", false),
            ("multi", "query") => ("form", true),
            ("ssv", "query") => ("spaceDelimited", false),
            ("pipes", "query") => ("pipeDelimited", false),
            (other, _) => {
                self.diagnostics.warning(
                    "a `collectionFormat` that OpenAPI 3.0 cannot express here",
                    join(at, "collectionFormat"),
                    format!(
                        "`collectionFormat: {other}` has no OpenAPI 3.0 style for a {location} \
                         parameter; the values are sent comma-separated instead"
                    ),
                );
                if location == "query" {
                    ("form", false)
                } else {
                    ("simple", false)
                }
            }
        };
        out.insert("style".into(), style.into());
        out.insert("explode".into(), explode.into());
    }

    /// The body parameter → a request body with one media type per `consumes` entry.
    fn body(
        &mut self,
        parameter: &Mapping,
        source: &str,
        at: &str,
        consumes: &[String],
        method: &str,
    ) -> Mapping {
        let mut types: Vec<String> = consumes
            .iter()
            .filter(|media| {
                !media.contains("form-data") && !media.contains("x-www-form-urlencoded")
            })
            .cloned()
            .collect();
        if types.iter().any(|t| t == "application/json") {
            types.retain(|t| {
                let alias = JSON_ALIASES.contains(&t.as_str());
                let patch = t == "application/json-patch+json" && method != "patch";
                !(alias || patch)
            });
        }
        if types.is_empty() {
            types.push("application/json".to_owned());
        }
        let schema = parameter
            .get("schema")
            .cloned()
            .unwrap_or_else(|| Value::Mapping(Mapping::new()));
        let mut content = Mapping::new();
        for media in &types {
            let media_at = join(&join(at, "content"), media);
            self.map
                .record(join(&media_at, "schema"), join(source, "schema"));
            self.map.record(media_at, source.to_owned());
            let mut media_type = Mapping::new();
            media_type.insert("schema".into(), schema.clone());
            content.insert(media.as_str().into(), Value::Mapping(media_type));
        }
        self.map.record(at.to_owned(), source.to_owned());
        let mut out = Mapping::new();
        for key in ["description", "required"] {
            if let Some(value) = parameter.get(key) {
                out.insert(key.into(), value.clone());
            }
        }
        if let Some(name) = parameter.get("name") {
            out.insert("x-codegen-request-body-name".into(), name.clone());
        }
        out.insert("content".into(), Value::Mapping(content));
        out
    }

    /// Form parameters → one object schema under a form or multipart media type: multipart
    /// when `consumes` lists it, or lists nothing and a parameter is a file.
    fn form(&mut self, form: &[(Mapping, String)], at: &str, consumes: &[String]) -> Mapping {
        let has_file = form
            .iter()
            .any(|(p, _)| p.get("type").and_then(Value::as_str) == Some("file"));
        let multipart = consumes.iter().any(|m| m == "multipart/form-data")
            || (has_file
                && !consumes
                    .iter()
                    .any(|m| m == "application/x-www-form-urlencoded"));
        let media = if multipart {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let schema_at = join(&join(&join(at, "content"), media), "schema");
        let mut properties = Mapping::new();
        let mut required = Vec::new();
        let mut encoding = Mapping::new();
        for (parameter, source) in form {
            let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                continue;
            };
            let mut schema = schema_of(parameter);
            if let Some(description) = parameter.get("description") {
                schema.insert("description".into(), description.clone());
            }
            if schema.get("type").and_then(Value::as_str) == Some("file") {
                schema.insert("type".into(), "string".into());
                schema.insert("format".into(), "binary".into());
            }
            if schema.get("type").and_then(Value::as_str) == Some("array") {
                let format = parameter
                    .get("collectionFormat")
                    .and_then(Value::as_str)
                    .unwrap_or("csv");
                if format != "multi" {
                    let mut style = Mapping::new();
                    style.insert("style".into(), "form".into());
                    style.insert("explode".into(), false.into());
                    encoding.insert(name.into(), Value::Mapping(style));
                }
            }
            if parameter.get("required") == Some(&Value::Bool(true)) {
                required.push(Value::from(name));
            }
            self.map
                .record(join(&join(&schema_at, "properties"), name), source.clone());
            properties.insert(name.into(), Value::Mapping(schema));
        }
        let first = form
            .first()
            .map(|(_, source)| source.clone())
            .unwrap_or_default();
        self.map.record(at.to_owned(), first.clone());
        self.map.record(schema_at, first);
        let mut schema = Mapping::new();
        schema.insert("type".into(), "object".into());
        schema.insert("properties".into(), Value::Mapping(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".into(), Value::Sequence(required));
        }
        let mut media_type = Mapping::new();
        media_type.insert("schema".into(), Value::Mapping(schema));
        if !encoding.is_empty() {
            media_type.insert("encoding".into(), Value::Mapping(encoding));
        }
        let mut content = Mapping::new();
        content.insert(media.into(), Value::Mapping(media_type));
        let mut out = Mapping::new();
        out.insert("required".into(), any_required.into());
        out.insert("content".into(), Value::Mapping(content));
        out
    }

    /// A response: its `schema` under each `produces` type, its `examples` by media type, its
    /// headers' type keywords as their schemas.
    fn response(&mut self, response: &Value, at: &str, target: &str, produces: &[String]) -> Value {
        let Some(response) = response.as_mapping() else {
            return response.clone();
        };
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            let mut out = Mapping::new();
            out.insert("$ref".into(), rewrite_ref(reference).into());
            return Value::Mapping(out);
        }
        self.map.record(target.to_owned(), at.to_owned());
        let mut out = Mapping::new();
        let description = response
            .get("description")
            .cloned()
            .unwrap_or_else(|| "".into());
        out.insert("description".into(), description);
        for (key, value) in response {
            if key.as_str().is_some_and(|k| k.starts_with("x-")) {
                out.insert(key.clone(), value.clone());
            }
        }
        let mut headers = Mapping::new();
        for (name, header) in entries_of(response.get("headers")) {
            let Some(header) = header.as_mapping() else {
                continue;
            };
            let header_at = join(&join(at, "headers"), name);
            let mut converted = Mapping::new();
            if let Some(description) = header.get("description") {
                converted.insert("description".into(), description.clone());
            }
            converted.insert("schema".into(), Value::Mapping(schema_of(header)));
            let header_target = join(&join(target, "headers"), name);
            self.map
                .record(join(&header_target, "schema"), header_at.clone());
            self.map.record(header_target, header_at);
            headers.insert(name.into(), Value::Mapping(converted));
        }
        if !headers.is_empty() {
            out.insert("headers".into(), Value::Mapping(headers));
        }
        if let Some(content) = self.content(response, at, target, produces) {
            out.insert("content".into(), Value::Mapping(content));
        }
        Value::Mapping(out)
    }

    /// A response's schema under each `produces` type (`application/json` when none is given),
    /// and its examples by media type.
    fn content(
        &mut self,
        response: &Mapping,
        at: &str,
        target: &str,
        produces: &[String],
    ) -> Option<Mapping> {
        let examples = response.get("examples").and_then(Value::as_mapping);
        let schema = response.get("schema")?;
        let is_file = schema.get("type").and_then(Value::as_str) == Some("file");
        let mut types: Vec<String> = produces.to_vec();
        if types.iter().any(|t| t == "application/json") {
            types.retain(|t| !JSON_ALIASES.contains(&t.as_str()));
        }
        if types.is_empty() {
            types.push(
                if is_file {
                    "application/octet-stream"
                } else {
                    "application/json"
                }
                .to_owned(),
            );
        }
        let mut schema = schema.clone();
        if is_file && let Some(map) = schema.as_mapping_mut() {
            map.insert("type".into(), "string".into());
            map.insert("format".into(), "binary".into());
        }
        let mut content = Mapping::new();
        for media in &types {
            let media_target = join(&join(target, "content"), media);
            self.map
                .record(join(&media_target, "schema"), join(at, "schema"));
            self.map.record(media_target.clone(), at.to_owned());
            let mut media_type = Mapping::new();
            media_type.insert("schema".into(), schema.clone());
            if let Some(example) = examples.and_then(|e| e.get(media.as_str())) {
                self.map.record(
                    join(&media_target, "example"),
                    join(&join(at, "examples"), media),
                );
                media_type.insert("example".into(), example.clone());
            }
            content.insert(media.as_str().into(), Value::Mapping(media_type));
        }
        Some(content)
    }

    /// A security definition → a 3.0 security scheme: `basic` is HTTP basic, and an OAuth2
    /// `flow` one of the four 3.0 flows, its URLs kept as written.
    fn security_scheme(&mut self, scheme: &Value, at: &str) -> Option<Value> {
        let source = scheme.as_mapping()?;
        let mut out = Mapping::new();
        for (key, value) in source {
            let Some(name) = key.as_str() else { continue };
            if name == "description" || name.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        match source.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".into(), "http".into());
                out.insert("scheme".into(), "basic".into());
            }
            Some("apiKey") => {
                out.insert("type".into(), "apiKey".into());
                for key in ["name", "in"] {
                    if let Some(value) = source.get(key) {
                        out.insert(key.into(), value.clone());
                    }
                }
            }
            Some("oauth2") => {
                out.insert("type".into(), "oauth2".into());
                out.insert("flows".into(), Value::Mapping(self.oauth_flows(source, at)));
            }
            _ => {
                self.diagnostics.warning(
                    "a security definition of no known type, left out",
                    join(at, "type"),
                    "the security definition's `type` is not `basic`, `apiKey` or `oauth2`; it \
                     is left out, and operations are sent without it",
                );
                return None;
            }
        }
        Some(Value::Mapping(out))
    }

    fn oauth_flows(&mut self, source: &Mapping, at: &str) -> Mapping {
        let flow = source
            .get("flow")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let (name, urls): (&str, &[&str]) = match flow {
            "implicit" => ("implicit", &["authorizationUrl"]),
            "password" => ("password", &["tokenUrl"]),
            "application" => ("clientCredentials", &["tokenUrl"]),
            "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
            _ => {
                self.diagnostics.warning(
                    "an OAuth2 definition of no known flow",
                    join(at, "flow"),
                    "the OAuth2 `flow` is not `implicit`, `password`, `application` or \
                     `accessCode`; it is read as `application` (client credentials)",
                );
                ("clientCredentials", &["tokenUrl"])
            }
        };
        let mut flow_out = Mapping::new();
        for url in urls {
            let value = source.get(*url).cloned().unwrap_or_else(|| "".into());
            flow_out.insert((*url).into(), value);
        }
        let scopes = source
            .get("scopes")
            .cloned()
            .unwrap_or_else(|| Value::Mapping(Mapping::new()));
        flow_out.insert("scopes".into(), scopes);
        let mut flows = Mapping::new();
        flows.insert(name.into(), Value::Mapping(flow_out));
        flows
    }
}

/// A `$ref` to a plain parameter, rewritten to the components.
fn parameter_ref(parameter: &Value) -> Value {
    let mut kept = parameter.clone();
    if let Some(map) = kept.as_mapping_mut()
        && let Some(reference) = map.get("$ref").and_then(Value::as_str).map(rewrite_ref)
    {
        map.insert("$ref".into(), reference.into());
    }
    kept
}

/// A parameter's or header's type keywords, as a schema.
fn schema_of(parameter: &Mapping) -> Mapping {
    let mut schema = Mapping::new();
    // The keywords 2.0 writes on a parameter (or header, or `items`) itself.
    for keyword in KEYWORDS.iter().filter(|k| k.on_parameter) {
        if let Some(value) = parameter.get(keyword.name) {
            schema.insert(keyword.name.into(), value.clone());
        }
    }
    if let Some(items) = schema.get_mut("items").and_then(Value::as_mapping_mut) {
        let inner = schema_of(items);
        *items = inner;
    }
    if parameter.get("x-nullable") == Some(&Value::Bool(true)) {
        schema.insert("nullable".into(), true.into());
    }
    if !schema.contains_key("type") && !schema.is_empty() {
        schema.insert("type".into(), "string".into());
    }
    schema
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

/// Rewrites every `$ref` of the converted document to its 3.0 place.
fn rewrite_refs(node: &mut Value) {
    match node {
        Value::Mapping(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                *reference = rewrite_ref(reference);
            }
            for value in map.values_mut() {
                rewrite_refs(value);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
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
