//! Puts the typed schemas back into the typed document, at the pointers `sites` found them.
//!
//! Each function mirrors one function of `sites::Walk`; a pointer built here must be spelt the
//! same way there.

use super::sites::SchemaTable;
use crate::diagnostics::join;
use openapiv3::{
    Header, MediaType, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    RequestBody, Response,
};

pub(super) fn path_item(item: &mut PathItem, pointer: &str, table: &mut SchemaTable) {
    parameters(&mut item.parameters, pointer, table);
}

pub(super) fn operation(operation: &mut Operation, pointer: &str, table: &mut SchemaTable) {
    parameters(&mut operation.parameters, pointer, table);
    if let Some(body) = operation.request_body.as_mut() {
        request_body(body, &join(pointer, "requestBody"), table);
    }
    let at = join(pointer, "responses");
    if let Some(default) = operation.responses.default.as_mut() {
        response(default, &join(&at, "default"), table);
    }
    for (status, each) in operation.responses.responses.iter_mut() {
        response(each, &join(&at, &status.to_string()), table);
    }
}

fn parameters(list: &mut [ReferenceOr<Parameter>], pointer: &str, table: &mut SchemaTable) {
    let at = join(pointer, "parameters");
    for (index, each) in list.iter_mut().enumerate() {
        parameter(each, &join(&at, &index.to_string()), table);
    }
}

pub(super) fn parameter(
    parameter: &mut ReferenceOr<Parameter>,
    pointer: &str,
    table: &mut SchemaTable,
) {
    let ReferenceOr::Item(parameter) = parameter else {
        return;
    };
    let data = match parameter {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    };
    schema_or_content(&mut data.format, pointer, table);
}

pub(super) fn header(header: &mut ReferenceOr<Header>, pointer: &str, table: &mut SchemaTable) {
    if let ReferenceOr::Item(header) = header {
        schema_or_content(&mut header.format, pointer, table);
    }
}

fn schema_or_content(
    format: &mut ParameterSchemaOrContent,
    pointer: &str,
    table: &mut SchemaTable,
) {
    match format {
        ParameterSchemaOrContent::Schema(schema) => table.put(schema, &join(pointer, "schema")),
        ParameterSchemaOrContent::Content(content) => {
            let at = join(pointer, "content");
            for (media, each) in content.iter_mut() {
                media_type(each, &join(&at, media), table);
            }
        }
    }
}

pub(super) fn request_body(
    body: &mut ReferenceOr<RequestBody>,
    pointer: &str,
    table: &mut SchemaTable,
) {
    if let ReferenceOr::Item(body) = body {
        let at = join(pointer, "content");
        for (media, each) in body.content.iter_mut() {
            media_type(each, &join(&at, media), table);
        }
    }
}

pub(super) fn response(
    response: &mut ReferenceOr<Response>,
    pointer: &str,
    table: &mut SchemaTable,
) {
    let ReferenceOr::Item(response) = response else {
        return;
    };
    let headers = join(pointer, "headers");
    for (name, each) in response.headers.iter_mut() {
        header(each, &join(&headers, name), table);
    }
    let at = join(pointer, "content");
    for (media, each) in response.content.iter_mut() {
        media_type(each, &join(&at, media), table);
    }
}

fn media_type(media_type: &mut MediaType, pointer: &str, table: &mut SchemaTable) {
    if let Some(schema) = media_type.schema.as_mut() {
        table.put(schema, &join(pointer, "schema"));
    }
    let encodings = join(pointer, "encoding");
    for (name, encoding) in media_type.encoding.iter_mut() {
        let headers = join(&join(&encodings, name), "headers");
        for (header_name, each) in encoding.headers.iter_mut() {
            header(each, &join(&headers, header_name), table);
        }
    }
}
