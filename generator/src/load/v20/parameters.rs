//! Swagger 2.0 parameters: sorted into plain parameters (their type keywords made a
//! `schema`, `collectionFormat` made `style`/`explode`), the body and form parameters.

use super::*;

impl Reader<'_> {
    /// Sorts a parameter list into plain parameters, the body and form parameters, following
    /// `$ref`s to the document's `parameters`.
    pub(super) fn split(&mut self, list: Option<&Value>, at: &str) -> Split {
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
    pub(super) fn global_parameter(&self, reference: &str) -> Option<(Value, String)> {
        let name = crate::pointer::unescape(reference.strip_prefix("#/parameters/")?);
        let parameter = self.source.get("parameters")?.get(name.as_str())?;
        let kind = parameter.get("in").and_then(Value::as_str)?;
        matches!(kind, "body" | "formData")
            .then(|| (parameter.clone(), join("#/parameters", &name)))
    }

    /// Places converted parameters in a 3.0 list at `at`, recording where each came from.
    pub(super) fn place(&mut self, plain: &[(Value, String)], at: &str) -> Vec<Value> {
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
    pub(super) fn parameter(&mut self, parameter: &Value, at: &str, target: &str) -> Option<Value> {
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
    pub(super) fn collection_format(
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
}

/// A `$ref` to a plain parameter, rewritten to the components.
pub(super) fn parameter_ref(parameter: &Value) -> Value {
    let mut kept = parameter.clone();
    if let Some(map) = kept.as_mapping_mut()
        && let Some(reference) = map.get("$ref").and_then(Value::as_str).map(rewrite_ref)
    {
        map.insert("$ref".into(), reference.into());
    }
    kept
}

/// A parameter's or header's type keywords, as a schema.
pub(super) fn schema_of(parameter: &Mapping) -> Mapping {
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
