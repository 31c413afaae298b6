//! Swagger 2.0 bodies: the body parameter and form parameters as a request body, and a
//! response's `schema`, `examples` and headers as its content.

use super::parameters::schema_of;
use super::*;

impl Reader<'_> {
    /// The body parameter → a request body with one media type per `consumes` entry.
    pub(super) fn body(
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
    pub(super) fn form(
        &mut self,
        form: &[(Mapping, String)],
        at: &str,
        consumes: &[String],
    ) -> Mapping {
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
    pub(super) fn response(
        &mut self,
        response: &Value,
        at: &str,
        target: &str,
        produces: &[String],
    ) -> Value {
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
    pub(super) fn content(
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
}
