//! The one table of the document's schemas, keyed by JSON pointer: every schema node the
//! typed document holds (components, parameters, bodies, responses, and every schema nested in
//! them), and every `$ref` met on the way. A `$ref` to any schema, wherever it points (a
//! property of a component, an operation's inline body, as bundlers write them), is one lookup
//! here; nothing is serialized again to follow it.

use crate::diagnostics::join;
use openapiv3::{
    AdditionalProperties, Header, MediaType, OpenAPI, Parameter, ParameterSchemaOrContent,
    PathItem, ReferenceOr, RequestBody, Response, Schema, SchemaKind, Type,
};
use std::borrow::Borrow;
use std::collections::BTreeMap;

/// How many `$ref`s a lookup follows through the middle of a pointer before giving up.
const MAX_REFERENCE_HOPS: usize = 16;

/// What a pointer names.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Found<'a> {
    Schema(&'a Schema),
    /// A `$ref` (to be followed by the caller, who knows components).
    Reference(&'a str),
}

/// Every schema and `$ref` of a typed document, by the pointer of where it is.
#[derive(Debug, Default)]
pub(crate) struct SchemaIndex<'a> {
    schemas: BTreeMap<String, &'a Schema>,
    /// `$ref`s in schema positions, and Reference Objects for parameters, bodies, responses,
    /// headers and path items.
    references: BTreeMap<String, &'a str>,
}

impl<'a> SchemaIndex<'a> {
    /// Indexes `document`.
    pub(crate) fn build(document: &'a OpenAPI) -> Self {
        let mut index = SchemaIndex::default();
        if let Some(components) = &document.components {
            for (name, schema) in &components.schemas {
                index.schema(schema, join("#/components/schemas", name));
            }
            for (name, parameter) in &components.parameters {
                index.parameter(parameter, join("#/components/parameters", name));
            }
            for (name, header) in &components.headers {
                index.header(header, join("#/components/headers", name));
            }
            for (name, response) in &components.responses {
                index.response(response, join("#/components/responses", name));
            }
            for (name, body) in &components.request_bodies {
                index.request_body(body, join("#/components/requestBodies", name));
            }
        }
        for (path, item) in &document.paths.paths {
            let at = join("#/paths", path);
            match item {
                ReferenceOr::Reference { reference } => {
                    index.references.insert(at, reference);
                }
                ReferenceOr::Item(item) => index.path_item(item, &at),
            }
        }
        index
    }

    /// What `pointer` (a plain `#/…` pointer, not percent-encoded) names: a schema, a `$ref`,
    /// or, through `$ref`s met in the middle of the pointer, what the pointer names from
    /// where they lead.
    pub(crate) fn get(&self, pointer: &str) -> Option<Found<'a>> {
        let mut pointer = pointer.to_owned();
        for _ in 0..MAX_REFERENCE_HOPS {
            if let Some(schema) = self.schemas.get(&pointer) {
                return Some(Found::Schema(schema));
            }
            if let Some(reference) = self.references.get(&pointer) {
                return Some(Found::Reference(reference));
            }
            // A `$ref` on the way: go on from where it leads.
            let mut end = pointer.len();
            let (target, rest) = loop {
                end = pointer[..end].rfind('/')?;
                if let Some(reference) = self.references.get(&pointer[..end]) {
                    break (*reference, &pointer[end..]);
                }
            };
            let target = crate::pointer::percent_decode(target)?;
            if !target.starts_with('#') {
                return None;
            }
            pointer = format!("{target}{rest}");
        }
        None
    }

    fn reference_or_schema<S: Borrow<Schema>>(&mut self, item: &'a ReferenceOr<S>, at: String) {
        match item {
            ReferenceOr::Reference { reference } => {
                self.references.insert(at, reference);
            }
            ReferenceOr::Item(schema) => self.node(schema.borrow(), at),
        }
    }

    fn schema(&mut self, item: &'a ReferenceOr<Schema>, at: String) {
        self.reference_or_schema(item, at);
    }

    /// A schema node and every schema under it. The typed document is as deep as the load
    /// stage allowed, which bounds the recursion.
    fn node(&mut self, schema: &'a Schema, at: String) {
        let list = |index: &mut Self, keyword: &str, list: &'a [ReferenceOr<Schema>]| {
            let at = join(&at, keyword);
            for (position, member) in list.iter().enumerate() {
                index.schema(member, join(&at, &position.to_string()));
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                self.properties(&object.properties, &at);
                self.additional(object.additional_properties.as_ref(), &at);
            }
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(items) = &array.items {
                    self.reference_or_schema(items, join(&at, "items"));
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => list(self, "oneOf", one_of),
            SchemaKind::AllOf { all_of } => list(self, "allOf", all_of),
            SchemaKind::AnyOf { any_of } => list(self, "anyOf", any_of),
            SchemaKind::Not { not } => self.schema(not, join(&at, "not")),
            SchemaKind::Any(any) => {
                self.properties(&any.properties, &at);
                self.additional(any.additional_properties.as_ref(), &at);
                if let Some(items) = &any.items {
                    self.reference_or_schema(items, join(&at, "items"));
                }
                list(self, "oneOf", &any.one_of);
                list(self, "allOf", &any.all_of);
                list(self, "anyOf", &any.any_of);
                if let Some(not) = &any.not {
                    self.schema(not, join(&at, "not"));
                }
            }
        }
        self.schemas.insert(at, schema);
    }

    fn properties(
        &mut self,
        properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        at: &str,
    ) {
        let at = join(at, "properties");
        for (name, property) in properties {
            self.reference_or_schema(property, join(&at, name));
        }
    }

    fn additional(&mut self, additional: Option<&'a AdditionalProperties>, at: &str) {
        if let Some(AdditionalProperties::Schema(values)) = additional {
            self.schema(values, join(at, "additionalProperties"));
        }
    }

    fn path_item(&mut self, item: &'a PathItem, at: &str) {
        self.parameters(&item.parameters, at);
        for (method, operation) in item.iter() {
            let at = join(at, method);
            self.parameters(&operation.parameters, &at);
            if let Some(body) = &operation.request_body {
                self.request_body(body, join(&at, "requestBody"));
            }
            let responses = join(&at, "responses");
            if let Some(default) = &operation.responses.default {
                self.response(default, join(&responses, "default"));
            }
            for (status, response) in &operation.responses.responses {
                self.response(response, join(&responses, &status.to_string()));
            }
        }
    }

    fn parameters(&mut self, list: &'a [ReferenceOr<Parameter>], at: &str) {
        let at = join(at, "parameters");
        for (position, parameter) in list.iter().enumerate() {
            self.parameter(parameter, join(&at, &position.to_string()));
        }
    }

    fn parameter(&mut self, parameter: &'a ReferenceOr<Parameter>, at: String) {
        match parameter {
            ReferenceOr::Reference { reference } => {
                self.references.insert(at, reference);
            }
            ReferenceOr::Item(parameter) => {
                self.format(&parameter.parameter_data_ref().format, &at)
            }
        }
    }

    fn header(&mut self, header: &'a ReferenceOr<Header>, at: String) {
        match header {
            ReferenceOr::Reference { reference } => {
                self.references.insert(at, reference);
            }
            ReferenceOr::Item(header) => self.format(&header.format, &at),
        }
    }

    fn format(&mut self, format: &'a ParameterSchemaOrContent, at: &str) {
        match format {
            ParameterSchemaOrContent::Schema(schema) => self.schema(schema, join(at, "schema")),
            ParameterSchemaOrContent::Content(content) => self.content(content, at),
        }
    }

    fn request_body(&mut self, body: &'a ReferenceOr<RequestBody>, at: String) {
        match body {
            ReferenceOr::Reference { reference } => {
                self.references.insert(at, reference);
            }
            ReferenceOr::Item(body) => self.content(&body.content, &at),
        }
    }

    fn response(&mut self, response: &'a ReferenceOr<Response>, at: String) {
        match response {
            ReferenceOr::Reference { reference } => {
                self.references.insert(at, reference);
            }
            ReferenceOr::Item(response) => {
                let headers = join(&at, "headers");
                for (name, header) in &response.headers {
                    self.header(header, join(&headers, name));
                }
                self.content(&response.content, &at);
            }
        }
    }

    fn content(&mut self, content: &'a indexmap::IndexMap<String, MediaType>, at: &str) {
        let at = join(at, "content");
        for (media, media_type) in content {
            if let Some(schema) = &media_type.schema {
                self.schema(schema, join(&join(&at, media), "schema"));
            }
        }
    }
}
