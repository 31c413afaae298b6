//! Emits one client method per operation (and per other media type its body may be sent as):
//! its arguments and checks, the request it builds, and how the answer is read.

use super::checks::emit_field_checks;
use super::{Context, doc, resolve_alias, rust_type};
use crate::ir::{
    Alternative, Api, Body, BodyKind, ContentType, Layout, Operation, ParamLocation, ParamValue,
    Part, PathParam, PathSegment, Response, ResponseBody, SentParam, Style, TypeRef,
};
use crate::naming::ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// How a parameter is passed to the method: `&str` for strings, by value for numbers and
/// booleans, by reference otherwise.
fn argument_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match resolve_alias(api, ty) {
        TypeRef::String => quote!(&str),
        TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Decimal => rust_type(ty, Context::Client),
        TypeRef::Vec(item) => {
            let item = rust_type(item, Context::Client);
            quote!(&[#item])
        }
        _ => {
            let ty = rust_type(ty, Context::Client);
            quote!(&#ty)
        }
    }
}

/// What one method of an operation sends and reads.
struct Call<'a> {
    method_name: &'a str,
    body: Option<&'a Body>,
    response: &'a Response,
    /// `None`: `application/json`.
    accept: Option<&'a str>,
}

/// The operation's method, and one more for each other media type it sends or reads.
/// `doc_crate`: the crate's name as callers write it, for an example call in the docs.
pub(super) fn emit_operation(api: &Api, op: &Operation, doc_crate: Option<&str>) -> TokenStream {
    let request_line = format!("`{} {}`", op.http_method, op.path.template);
    let head = if op.doc.is_empty() {
        request_line
    } else {
        format!("{}\n\n{request_line}", op.doc)
    };
    let main = Call {
        method_name: &op.method_name,
        body: op.body.as_ref(),
        response: &op.response,
        accept: op.accept.as_deref(),
    };
    let mut main_doc = call_doc(api, op, &head, &main);
    if !op.alternatives.is_empty() {
        let others: Vec<String> = op
            .alternatives
            .iter()
            .map(|alt| {
                let method = ident(&alt.method_name);
                format!("[`Self::{method}`] {}", what_differs(alt))
            })
            .collect();
        main_doc.push_str(&format!(
            "\n\nThe operation also takes other media types: {}.",
            others.join("; ")
        ));
    }
    let main_method = ident(&op.method_name);
    let alternatives = op.alternatives.iter().map(|alt| {
        let call = Call {
            method_name: &alt.method_name,
            body: alt.body.as_ref().or(op.body.as_ref()),
            response: alt.response.as_ref().map_or(&op.response, |(r, _)| r),
            accept: match &alt.response {
                Some((_, accept)) => Some(accept.as_str()),
                None => op.accept.as_deref(),
            },
        };
        let head = format!(
            "{head}\n\nThe same operation as [`Self::{main_method}`], but this method {}.",
            what_differs(alt)
        );
        emit_method(api, op, &call, &call_doc(api, op, &head, &call), None)
    });
    let main = emit_method(api, op, &main, &main_doc, doc_crate);
    let paging = super::paging::emit_paging_methods(api, op);
    quote! {
        #main
        #paging
        #(#alternatives)*
    }
}

/// The docs of one method: the operation's, then what its body and result are, then its
/// parameters, result and retries for reference.
fn call_doc(api: &Api, op: &Operation, head: &str, call: &Call<'_>) -> String {
    let mut text = head.to_owned();
    for more in [call.body.and_then(body_doc), response_doc(call.response)]
        .into_iter()
        .flatten()
    {
        text.push_str(&format!("\n\n{more}"));
    }
    text.push_str("\n\n");
    text.push_str(&super::reference::reference(
        api,
        op,
        call.body,
        call.response,
    ));
    text
}

/// `sends `application/xml``, `reads …`, or `sends and reads …`.
fn what_differs(alt: &Alternative) -> String {
    let what = match (&alt.body, &alt.response) {
        (Some(_), Some(_)) => "sends and reads",
        (Some(_), None) => "sends",
        (None, _) => "reads",
    };
    format!("{what} `{}`", alt.media_type)
}

/// What the method's docs say about a body that is not a value the client encodes.
fn body_doc(body: &Body) -> Option<String> {
    let what = match &body.kind {
        BodyKind::Bytes => "bytes",
        BodyKind::Text => "text",
        BodyKind::Multipart { .. } => {
            return Some(format!(
                "The body is sent as `{}`: each file (a `FilePart`) and each other property is a part of its own.",
                body.media_type
            ));
        }
        BodyKind::Json(_) | BodyKind::Form { .. } => return None,
    };
    Some(match &body.content_type {
        ContentType::Caller { range } => format!(
            "`body` is sent as it is ({what}) as `content_type`, which must be a media type within `{range}`."
        ),
        _ => format!(
            "`body` is sent as it is ({what}), as `{}`.",
            body.media_type
        ),
    })
}

/// What the method's docs say about a result that is not simply the body.
fn response_doc(response: &Response) -> Option<String> {
    match response {
        Response::Optional { empty, .. } => {
            let statuses: Vec<String> = empty.iter().map(u16::to_string).collect();
            Some(format!(
                "Returns `None` when the server answers {}, which the spec documents without a body.",
                statuses.join(" or ")
            ))
        }
        Response::ByStatus(_) => {
            Some("The result tells the documented 2XX statuses apart.".to_owned())
        }
        _ => None,
    }
}

/// One method: checks, the request, and the call that sends it; with an example call in its
/// docs when the crate's name is known.
fn emit_method(
    api: &Api,
    op: &Operation,
    call: &Call<'_>,
    text: &str,
    doc_crate: Option<&str>,
) -> TokenStream {
    let method = ident(call.method_name);
    let mut arguments = Vec::new();
    let mut checks = Vec::new();
    emit_path_arguments(api, op, &mut arguments, &mut checks);
    // Statements before the request (the parameters' values), the calls that build it, and
    // statements after (an optional body).
    let mut setup = Vec::new();
    let mut chain = Vec::new();
    let mut after = None;
    if let Some(params) = &op.params {
        let ty = format_ident!("{}", params.type_name);
        arguments.push(quote!(params: &types::#ty));
        if api.can_fail(&TypeRef::Named(params.type_name.clone())) {
            checks.push(quote! {
                crate::runtime::Validate::validate(params, &crate::runtime::Path::Root, violations);
            });
        }
        if params
            .params
            .iter()
            .any(|p| !matches!(p.layout.value, ParamValue::Display))
        {
            setup.push(quote! {
                let mut values = crate::runtime::__private::ParamValues::new(params)
                    .map_err(crate::runtime::Error::Encode)?;
            });
        }
        chain.extend(params.params.iter().map(emit_sent_param));
    }
    if let Some(body) = call.body {
        let attach = emit_body(api, body, &mut arguments, &mut checks);
        if body.required {
            chain.push(attach);
        } else {
            after = Some(quote! {
                if let Some(body) = body {
                    request = request #attach;
                }
            });
        }
    }
    if let Some(accept) = call.accept.filter(|a| *a != "application/json") {
        chain.push(quote!(.accept(#accept)));
    }
    let error_schemas: Vec<TokenStream> = op
        .errors
        .iter()
        .filter_map(|case| {
            let status = &case.status;
            let variant = case.variant.as_ref()?;
            Some(quote!((#status, #variant)))
        })
        .collect();
    if !error_schemas.is_empty() {
        chain.push(quote!(.error_schemas(&[#(#error_schemas),*])));
    }
    let (encodings, path) = emit_path(op);
    let id = &op.id;
    let template = &op.path.template;
    let idempotent = op.idempotent.then(|| quote!(.idempotent()));
    let constructor = format_ident!("{}", op.http_method.to_ascii_lowercase());
    let security = emit_security(&op.security);
    let result = result_type(call.response);
    let send = emit_send(api, call.response);
    let example = doc_crate.and_then(|crate_path| {
        let returns_unit = matches!(call.response, Response::Unit);
        super::reference::example(crate_path, &method.to_string(), &arguments, returns_unit)
    });
    let docs = doc(text);
    // Our own text, kept as it is: `doc` would make its code block plain text.
    let example = example.map(|example| {
        let lines = std::iter::once(String::new()).chain(example.lines().map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        }));
        quote!(#(#[doc = #lines])*)
    });
    let docs = quote!(#docs #example);
    let refuse_invalid = (!checks.is_empty()).then(|| {
        quote! {
            let violations = &mut Vec::new();
            #(#checks)*
            Error::refuse_invalid(violations)?;
        }
    });
    let request_var = if after.is_some() {
        quote!(mut request)
    } else {
        quote!(request)
    };
    quote! {
        #docs
        pub async fn #method(&self, #(#arguments),*) -> Result<#result, Error> {
            #refuse_invalid
            #(#encodings)*
            #(#setup)*
            let #request_var = crate::runtime::__private::Request::#constructor(#id, #template)
                #path
                #security
                #idempotent
                #(#chain)*;
            #after
            #send
        }
    }
}

/// Path parameters as method arguments, each checked before sending.
pub(super) fn emit_path_arguments(
    api: &Api,
    op: &Operation,
    arguments: &mut Vec<TokenStream>,
    checks: &mut Vec<TokenStream>,
) {
    for param in &op.path_params {
        let name = ident(&param.rust);
        let ty = argument_type(api, &param.ty);
        arguments.push(quote!(#name: #ty));
        let wire = &param.wire;
        // A single value in `simple` style is the whole segment: it must be one.
        let plain = op.path.segments.iter().any(|segment| {
            matches!(segment, PathSegment::Param(p) if p.rust == param.rust && p.layout.is_plain())
        });
        if plain {
            checks.push(quote! {
                crate::runtime::__private::check_path_segment(&#name, #wire, violations);
            });
        }
        if let Some(check) = emit_field_checks(api, param, quote!()) {
            checks.push(quote! {
                let path = &crate::runtime::Path::Root;
                #check
            });
        }
    }
}

/// The body argument (and the content type the caller names, for a range), its checks, and
/// the call that attaches it to the request.
pub(super) fn emit_body(
    api: &Api,
    body: &Body,
    arguments: &mut Vec<TokenStream>,
    checks: &mut Vec<TokenStream>,
) -> TokenStream {
    let argument = match &body.kind {
        BodyKind::Bytes => quote!(&[u8]),
        BodyKind::Text => quote!(&str),
        BodyKind::Json(ty) | BodyKind::Form { ty, .. } | BodyKind::Multipart { ty, .. } => {
            let can_fail = api.can_fail(ty);
            let ty = rust_type(ty, Context::Client);
            let validated = if body.required {
                quote!(body)
            } else {
                quote!(&body)
            };
            if can_fail {
                checks.push(quote! {
                    crate::runtime::Validate::validate(#validated, &crate::runtime::Path::Root, violations);
                });
            }
            quote!(&#ty)
        }
    };
    let content_type = match &body.content_type {
        ContentType::Fixed(fixed) => quote!(#fixed),
        ContentType::Caller { range } => {
            arguments.push(quote!(content_type: &str));
            checks.push(quote! {
                crate::runtime::__private::check_content_type(content_type, #range, violations);
            });
            quote!(content_type)
        }
        ContentType::Multipart => quote!(),
    };
    let plain_json = matches!(&body.content_type, ContentType::Fixed(t) if t == "application/json");
    if body.required {
        arguments.push(quote!(body: #argument));
    } else {
        arguments.push(quote!(body: Option<#argument>));
    }
    match &body.kind {
        BodyKind::Json(_) if plain_json => quote!(.json(body)),
        BodyKind::Json(_) => quote!(.json_as(#content_type, body)),
        BodyKind::Form { fields, .. } => quote!(.form(#content_type, body, &[#(#fields),*])),
        BodyKind::Multipart { parts, .. } => {
            let parts = parts.iter().map(emit_part);
            quote!(.multipart(body, &[#(#parts),*]))
        }
        BodyKind::Bytes | BodyKind::Text => quote!(.raw(#content_type, body)),
    }
}

/// One part of a multipart body: a property by name, or its files.
fn emit_part(part: &Part) -> TokenStream {
    let wire = &part.wire;
    let Some(file) = &part.file else {
        return quote!(crate::runtime::__private::Part::Value(#wire));
    };
    let member = ident(&part.rust);
    let files = match (file.many, file.required) {
        (false, true) => quote!(std::slice::from_ref(&body.#member)),
        (false, false) => quote!(body.#member.as_slice()),
        (true, true) => quote!(&body.#member),
        (true, false) => quote!(body.#member.as_deref().unwrap_or_default()),
    };
    let content_type = match &file.content_type {
        Some(content_type) => quote!(Some(#content_type)),
        None => quote!(None),
    };
    quote! {
        crate::runtime::__private::Part::Files { name: #wire, files: #files, content_type: #content_type }
    }
}

/// What a method returns on success: the payload of an envelope, a body read as its media
/// type says, an `Option` for statuses without a body, or the enum over 2XX statuses.
pub(super) fn result_type(response: &Response) -> TokenStream {
    match response {
        Response::Unit => quote!(()),
        Response::Body(body) => read_body(body, Context::Client).0,
        Response::Enveloped { payload, .. } => rust_type(payload, Context::Client),
        Response::Optional { body, .. } => {
            let ty = read_body(body, Context::Client).0;
            quote!(Option<#ty>)
        }
        Response::ByStatus(name) => {
            let name = format_ident!("{}", name);
            quote!(types::#name)
        }
    }
}

/// The call that sends the request and reads the answer as [`result_type`].
fn emit_send(api: &Api, response: &Response) -> TokenStream {
    match response {
        Response::Unit => quote!(self.core.send_unit(request).await),
        // Decimals and dates keep their exact wire form.
        Response::Body(ResponseBody::Json(ty))
            if crate::ir::read_through_wire(&api.aliases, ty) =>
        {
            let ty = rust_type(ty, Context::Client);
            quote! {
                self.core
                    .send_plain::<crate::runtime::__private::wire::Exact<#ty>, _>(request)
                    .await
                    .map(|exact| exact.0)
            }
        }
        Response::Body(ResponseBody::Json(_)) => quote!(self.core.send_plain(request).await),
        Response::Body(ResponseBody::Text) => quote!(self.core.send_text(request).await),
        Response::Body(ResponseBody::Bytes) => quote!(self.core.send_bytes(request).await),
        Response::Enveloped { envelope, .. } => {
            let envelope = format_ident!("{}", envelope);
            quote!(self.core.send_enveloped::<types::#envelope>(request).await)
        }
        Response::Optional { body, empty } => {
            let (_, read) = read_body(body, Context::Client);
            let empty = empty
                .iter()
                .map(|code| proc_macro2::Literal::u16_unsuffixed(*code));
            quote!(self.core.send_optional(request, &[#(#empty),*], #read).await)
        }
        Response::ByStatus(_) => quote!(self.core.send_by_status(request).await),
    }
}

/// The Rust type of a success body, and the runtime function that reads it.
pub(super) fn read_body(body: &ResponseBody, context: Context) -> (TokenStream, TokenStream) {
    match body {
        ResponseBody::Json(ty) => {
            let ty = rust_type(ty, context);
            (
                ty.clone(),
                quote!(crate::runtime::__private::read_json::<#ty>),
            )
        }
        ResponseBody::Text => (quote!(String), quote!(crate::runtime::__private::read_text)),
        ResponseBody::Bytes => (
            quote!(Vec<u8>),
            quote!(crate::runtime::__private::read_bytes),
        ),
    }
}

/// The call that sets the request path, with each path parameter percent-encoded so that it
/// stays within its segment (none without parameters), plus the statements that encode them.
fn emit_path(op: &Operation) -> (Vec<TokenStream>, Option<TokenStream>) {
    let mut template = String::new();
    let mut encodings = Vec::new();
    for segment in &op.path.segments {
        match segment {
            PathSegment::Literal(text) => template.push_str(&escape_braces(text)),
            PathSegment::Param(param) => {
                // No path parameter is named `segment_<n>` (see `naming::is_method_local`).
                let segment = format_ident!("segment_{}", encodings.len());
                template.push_str(&format!("{{{segment}}}"));
                let encoded = emit_path_param(param);
                encodings.push(quote! {
                    let #segment = #encoded;
                });
            }
        }
    }
    // Without parameters, the path sent is the template itself.
    let path = (!encodings.is_empty()).then(|| quote!(.path(format!(#template))));
    (encodings, path)
}

/// One path parameter, styled and percent-encoded.
fn emit_path_param(param: &PathParam) -> TokenStream {
    let name = ident(&param.rust);
    if param.layout.is_plain() {
        return quote!(crate::runtime::__private::encode_path_segment(&#name));
    }
    let encode_error = quote!(.map_err(crate::runtime::Error::Encode)?);
    let value = match &param.layout.value {
        ParamValue::Display => quote!(crate::runtime::__private::ParamValue::display(&#name)),
        ParamValue::DateTime => quote! {
            crate::runtime::__private::ParamValue::formatted(crate::runtime::__private::temporal::rfc3339::format(#name))
                #encode_error
        },
        ParamValue::Temporal(format) => {
            let description = &format.description;
            quote! {
                crate::runtime::__private::ParamValue::formatted(
                    crate::runtime::__private::temporal::Temporal::format_as(
                        #name,
                        time::macros::format_description!(#description),
                    ),
                )
                #encode_error
            }
        }
        ParamValue::Array | ParamValue::Object | ParamValue::Any => {
            quote!(crate::runtime::__private::ParamValue::of(#name) #encode_error)
        }
        ParamValue::Json => {
            quote!(crate::runtime::__private::ParamValue::json(#name) #encode_error)
        }
    };
    let wire = &param.wire;
    let style = emit_style(param.layout.style);
    let explode = param.layout.explode;
    quote!(crate::runtime::__private::path_param(#wire, &#value, #style, #explode))
}

fn emit_style(style: Style) -> TokenStream {
    let variant = match style {
        Style::Form => quote!(Form),
        Style::SpaceDelimited => quote!(SpaceDelimited),
        Style::PipeDelimited => quote!(PipeDelimited),
        Style::DeepObject => quote!(DeepObject),
        Style::Simple => quote!(Simple),
        Style::Label => quote!(Label),
        Style::Matrix => quote!(Matrix),
    };
    quote!(crate::runtime::__private::Style::#variant)
}

fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// The call that names the request's security schemes: those of the operation's one
/// requirement, or its alternatives; none if it needs no credentials.
fn emit_security(alternatives: &[Vec<String>]) -> Option<TokenStream> {
    match alternatives {
        [] => None,
        [one] if one.is_empty() => None,
        [one] => Some(quote!(.security(&[#(#one),*]))),
        many => {
            let many = many.iter().map(|schemes| quote!(&[#(#schemes),*]));
            Some(quote!(.security_alternatives(&[#(#many),*])))
        }
    }
}

/// The call that adds a query, header or cookie parameter to the request.
fn emit_sent_param(param: &SentParam) -> TokenStream {
    let member = ident(&param.rust);
    let wire = &param.wire;
    let Layout {
        value,
        style,
        explode,
        allow_reserved,
    } = &param.layout;
    if param.layout.is_plain() && param.location != ParamLocation::Cookie {
        let value = if param.required {
            quote!(Some(&params.#member))
        } else {
            quote!(params.#member.as_ref())
        };
        return match param.location {
            ParamLocation::Header => quote!(.header(#wire, #value)),
            _ => quote!(.query(#wire, #value)),
        };
    }
    let value = match value {
        ParamValue::Display if param.required => {
            quote!(Some(crate::runtime::__private::ParamValue::display(&params.#member)))
        }
        ParamValue::Display => {
            quote!(params.#member.as_ref().map(crate::runtime::__private::ParamValue::display))
        }
        ParamValue::Json => {
            let key = &param.key;
            quote!(values.take_json(#key))
        }
        _ => {
            let key = &param.key;
            quote!(values.take(#key))
        }
    };
    match param.location {
        ParamLocation::Query => {
            let style = emit_style(*style);
            quote!(.query_param(#wire, #value, #style, #explode, #allow_reserved))
        }
        ParamLocation::Header => quote!(.header_param(#wire, #value, #explode)),
        ParamLocation::Cookie => quote!(.cookie_param(#wire, #value)),
    }
}
