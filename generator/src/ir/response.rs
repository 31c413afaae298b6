//! Responses: what a successful call returns (one body, an optional one, or an enum over the
//! 2XX statuses), how each body is read, and the error body of each error status.

use super::media::{self, MediaKind};
use super::operation::Site;
use super::{
    Builder, ErrorCase, Response, ResponseBody, StatusVariant, SuccessStatus, TypeDef, TypeKind,
    TypeRef, component, resolve_alias,
};
use crate::diagnostics::join;
use crate::naming::{self, Scope};
use openapiv3::{ReferenceOr, StatusCode};

/// What an operation's responses lower to.
pub(super) struct Lowered {
    pub(super) response: Response,
    /// The `Accept` header, when it is not `application/json`.
    pub(super) accept: Option<String>,
    /// The other media types the one 2XX response lists, each what a method of its own reads.
    pub(super) others: Vec<(String, Response)>,
    pub(super) errors: Vec<ErrorCase>,
    /// The documented 2XX statuses, as written.
    pub(super) success_statuses: Vec<String>,
}

/// A documented 2XX response, lowered.
struct Success {
    status: SuccessStatus,
    /// `None`: no body is read.
    body: Option<ResponseBody>,
    /// The media type read, for `Accept`.
    media_type: Option<String>,
    /// The other media types the response lists, and how each is read.
    others: Vec<(String, Option<ResponseBody>)>,
    pointer: String,
    description: String,
}

impl<'a> Builder<'a> {
    pub(super) fn responses(&mut self, site: &Site<'_>) -> Lowered {
        let operation = site.operation;
        let responses_pointer = join(&site.pointer, "responses");
        let success_count = operation
            .responses
            .responses
            .keys()
            .filter(|status| is_success(status))
            .count();
        let mut successes: Vec<Success> = Vec::new();
        let mut errors = Vec::new();
        let statuses = operation.responses.responses.iter();
        let default = operation.responses.default.as_ref();
        let all = statuses
            .map(|(status, response)| (Some(status), response))
            .chain(default.map(|response| (None, response)));
        for (status, item) in all {
            let code = match status {
                Some(StatusCode::Code(code)) => code.to_string(),
                Some(StatusCode::Range(range)) => format!("{range}XX"),
                None => "default".to_owned(),
            };
            let Some((response, pointer, shared)) =
                self.response_component(item, &join(&responses_pointer, &code))
            else {
                continue;
            };
            let prefix = &site.type_prefix;
            match status.filter(|s| is_success(s)) {
                Some(status) => {
                    let status = match status {
                        StatusCode::Code(code) => SuccessStatus::Code(*code),
                        StatusCode::Range(_) => SuccessStatus::Range,
                    };
                    let hint = match shared {
                        Some(shared) => shared,
                        None if success_count == 1 => {
                            naming::compound_type_name(prefix, "Response")
                        }
                        None => naming::compound_type_name(prefix, &status_variant(status)),
                    };
                    let mut bodies = self.success_bodies(response, &hint, &pointer).into_iter();
                    let (media_type, body) = bodies.next().unzip();
                    successes.push(Success {
                        status,
                        body: body.flatten(),
                        media_type,
                        others: bodies.collect(),
                        pointer,
                        description: response.description.clone(),
                    });
                }
                None => {
                    let suffix = match status {
                        Some(_) => naming::type_name(&format!("Error{code}")),
                        None => "ErrorDefault".to_owned(),
                    };
                    let hint =
                        shared.unwrap_or_else(|| naming::compound_type_name(prefix, &suffix));
                    if let Some(ty) = self.error_body(response, &hint, &pointer) {
                        errors.push(ErrorCase {
                            status: code,
                            ty,
                            variant: None,
                        });
                    }
                }
            }
        }
        let accept = accept(&successes);
        let success_statuses = operation
            .responses
            .responses
            .keys()
            .filter(|status| is_success(status))
            .map(|status| match status {
                StatusCode::Code(code) => code.to_string(),
                StatusCode::Range(range) => format!("{range}XX"),
            })
            .collect();
        let others = self.other_media(&mut successes);
        let response = self.success(site, successes, &responses_pointer);
        Lowered {
            response,
            accept,
            others,
            errors,
            success_statuses,
        }
    }

    /// The other media types a response lists, read by methods of their own when the
    /// operation has one 2XX response; beside several, they are noted and left out.
    fn other_media(&mut self, successes: &mut [Success]) -> Vec<(String, Response)> {
        if let [success] = successes {
            return std::mem::take(&mut success.others)
                .into_iter()
                .map(|(media_type, body)| {
                    let response = body.map_or(Response::Unit, |body| self.single(body));
                    (media_type, response)
                })
                .collect();
        }
        for success in successes.iter() {
            let (Some(media_type), false) = (&success.media_type, success.others.is_empty()) else {
                continue;
            };
            let others: Vec<String> = success
                .others
                .iter()
                .map(|(m, _)| format!("`{m}`"))
                .collect();
            self.diagnostics.note(
                "a response media type the client does not ask for",
                join(&success.pointer, "content"),
                format!(
                    "beside other 2XX statuses, the client asks for `{media_type}` only, not {}",
                    others.join(", ")
                ),
            );
        }
        Vec::new()
    }

    /// Resolves a response, or a `$ref` to one under `#/components/responses`, with the
    /// pointer it is lowered at. A shared response is lowered where it is defined, and its
    /// inline schema is named after it (`#/components/responses/NotFound` →
    /// `NotFoundResponse`, `…/400` → `Response400`): the name is the last item.
    fn response_component<'r>(
        &mut self,
        item: &'r ReferenceOr<openapiv3::Response>,
        pointer: &str,
    ) -> Option<(&'r openapiv3::Response, String, Option<String>)>
    where
        'a: 'r,
    {
        let responses = self.document.components.as_ref().map(|c| &c.responses);
        let (response, reference) = match component(item, "responses", responses) {
            Ok(found) => found,
            Err(reference) => {
                self.dangling_component(
                    reference,
                    ("responses", "a response"),
                    pointer,
                    "the status is read as one the spec does not document",
                );
                return None;
            }
        };
        Some(match reference {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap_or(reference);
                // `400` reads `Response400`, not `T400Response`.
                let hint = if name.starts_with(|c: char| c.is_ascii_digit()) {
                    naming::type_name(&format!("response {name}"))
                } else {
                    naming::compound_type_name(&naming::type_name(name), "Response")
                };
                (response, reference.to_owned(), Some(hint))
            }
            None => (response, pointer.to_owned(), None),
        })
    }

    /// How a 2XX response's body is read in each media type it lists, the one the operation's
    /// method reads first: the JSON one if there is one, else the first listed. The list is
    /// empty if the response has no body. Types the other media types need are named `hint`
    /// and the media type (`GetCommitResponseXml`).
    fn success_bodies(
        &mut self,
        response: &openapiv3::Response,
        hint: &str,
        pointer: &str,
    ) -> Vec<(String, Option<ResponseBody>)> {
        let mut media = Vec::new();
        for (media_type, entry) in &response.content {
            let schema = entry.schema.as_ref().and_then(|s| self.resolve(s));
            // Every media type can be read as bytes.
            let kind = media::kind(media_type, schema).unwrap_or(MediaKind::Bytes);
            media.push(((media_type.as_str(), entry), kind));
        }
        media::main_first(&mut media);
        let content_pointer = join(pointer, "content");
        let mut bodies = Vec::new();
        for (index, ((media_type, entry), kind)) in media.into_iter().enumerate() {
            let hint = if index == 0 {
                hint.to_owned()
            } else {
                let suffix = naming::type_name(&media::method_suffix(media_type));
                naming::compound_type_name(hint, &suffix)
            };
            let media_pointer = join(&content_pointer, media_type);
            let body = match kind {
                MediaKind::Text => Some(ResponseBody::Text),
                // Without a schema, nothing says what the JSON holds: any JSON value.
                MediaKind::Json => Some(ResponseBody::Json(match &entry.schema {
                    Some(schema) => self.shared_type(schema, entry, &hint, &media_pointer),
                    None => TypeRef::Json,
                })),
                // A form or multipart response is rare; its bytes are what the client can give.
                MediaKind::Bytes | MediaKind::Form | MediaKind::Multipart => {
                    Some(ResponseBody::Bytes)
                }
            };
            bodies.push((media::essence(media_type), body));
        }
        bodies
    }

    /// What a successful call returns, from its documented 2XX responses.
    fn success(
        &mut self,
        site: &Site<'_>,
        successes: Vec<Success>,
        responses_pointer: &str,
    ) -> Response {
        // With no 2XX response documented, success carries nothing the spec describes: the
        // call returns `()` on any 2XX, and the documented statuses are errors.
        if successes.is_empty() {
            self.diagnostics.note(
                "an operation without a 2XX response, whose success is `()`",
                responses_pointer,
                "the operation documents no 2XX response, so its success is `()`",
            );
            return Response::Unit;
        }
        let mut bodies: Vec<&ResponseBody> = Vec::new();
        for body in successes.iter().filter_map(|s| s.body.as_ref()) {
            if !bodies.iter().any(|known| self.same_body(known, body)) {
                bodies.push(body);
            }
        }
        let empty: Vec<SuccessStatus> = successes
            .iter()
            .filter(|s| s.body.is_none())
            .map(|s| s.status)
            .collect();
        let empty_codes: Option<Vec<u16>> = empty
            .iter()
            .map(|status| match status {
                SuccessStatus::Code(code) => Some(*code),
                SuccessStatus::Range => None,
            })
            .collect();
        match (bodies.as_slice(), empty_codes) {
            ([], _) => Response::Unit,
            ([body], Some(empty)) if empty.is_empty() => self.single((*body).clone()),
            // Statuses without a body beside one body type: `None` for those.
            ([body], Some(empty)) => Response::Optional {
                body: (*body).clone(),
                empty,
            },
            _ => self.by_status(site, successes, responses_pointer),
        }
    }

    /// One body type for every 2XX status: the body, or an envelope's payload.
    fn single(&self, body: ResponseBody) -> Response {
        if let ResponseBody::Json(TypeRef::Named(name)) = &body
            && let Some(TypeDef {
                kind:
                    TypeKind::Struct {
                        envelope: Some(envelope),
                        ..
                    },
                ..
            }) = self.types.get(name)
        {
            return Response::Enveloped {
                envelope: name.clone(),
                payload: envelope.payload_type.clone(),
            };
        }
        Response::Body(body)
    }

    /// Whether two bodies are read as the same type (through aliases).
    fn same_body(&self, a: &ResponseBody, b: &ResponseBody) -> bool {
        match (a, b) {
            (ResponseBody::Json(a), ResponseBody::Json(b)) => {
                resolve_alias(&self.aliases, a) == resolve_alias(&self.aliases, b)
            }
            _ => a == b,
        }
    }

    /// The enum over an operation's 2XX statuses, one variant per status, defined among the
    /// types.
    fn by_status(
        &mut self,
        site: &Site<'_>,
        successes: Vec<Success>,
        responses_pointer: &str,
    ) -> Response {
        let hint = naming::compound_type_name(&site.type_prefix, "Response");
        let name = self.type_names.claim(
            &hint,
            responses_pointer,
            responses_pointer,
            &mut self.diagnostics,
        );
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for success in successes {
            let rust = scope.claim(
                &status_variant(success.status),
                &status_text(success.status),
                responses_pointer,
                &mut self.diagnostics,
            );
            variants.push(StatusVariant {
                rust,
                status: success.status,
                body: success.body,
                doc: success.description,
            });
        }
        let method_name = naming::ident(&site.method_name).to_string();
        let doc = format!(
            "What [`Client::{method_name}`](crate::generated::client::Client::{method_name}) returns: one variant per 2XX status the spec documents, since their bodies differ."
        );
        self.insert(
            name.clone(),
            doc,
            TypeKind::Responses { variants },
            responses_pointer,
        );
        Response::ByStatus(name)
    }

    /// An error response's body type, if it has a JSON body; an inline schema that needs a
    /// type is named `hint`. Other bodies are kept raw in the error.
    fn error_body(
        &mut self,
        response: &openapiv3::Response,
        hint: &str,
        pointer: &str,
    ) -> Option<TypeRef> {
        let (media_type, media) = response.content.iter().find(|(media_type, media)| {
            let schema = media.schema.as_ref().and_then(|s| self.resolve(s));
            media::kind(media_type, schema) == Some(MediaKind::Json)
        })?;
        let schema = media.schema.as_ref()?;
        let media_pointer = join(&join(pointer, "content"), media_type);
        let ty = self.shared_type(schema, media, hint, &media_pointer);
        self.error_types
            .entry(ty.clone())
            .or_insert_with(|| join(&media_pointer, "schema"));
        Some(ty)
    }
}

fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    }
}

/// The `Accept` header for the media types read: `None` when it is JSON alone.
fn accept(successes: &[Success]) -> Option<String> {
    let mut types: Vec<&str> = Vec::new();
    for media_type in successes.iter().filter_map(|s| s.media_type.as_deref()) {
        if !types.contains(&media_type) {
            types.push(media_type);
        }
    }
    match types.as_slice() {
        [] | ["application/json"] => None,
        _ => Some(types.join(", ")),
    }
}

/// A variant name for a 2XX status, from its reason phrase.
pub(super) fn status_variant(status: SuccessStatus) -> String {
    let SuccessStatus::Code(code) = status else {
        return "Other".to_owned();
    };
    let name = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "ImUsed",
        _ => return format!("Status{code}"),
    };
    name.to_owned()
}

/// The status as the spec writes it.
pub(super) fn status_text(status: SuccessStatus) -> String {
    match status {
        SuccessStatus::Code(code) => code.to_string(),
        SuccessStatus::Range => "2XX".to_owned(),
    }
}
