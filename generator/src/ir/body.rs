//! Request bodies: the media types an operation's methods send, and how each is encoded.

use super::media::{self, MediaKind};
use super::operation::Site;
use super::{
    Body, BodyKind, Builder, ContentType, FilePart, Part, TypeKind, TypeRef, component,
    resolve_alias,
};
use crate::diagnostics::join;
use crate::naming;
use openapiv3::{MediaType, QueryStyle, ReferenceOr, Schema, SchemaKind, Type};

/// The kind of the note made when a media type of a request body is left out.
const LEFT_OUT: &str = "a request body media type the client does not send";

impl Builder<'_> {
    /// The body the operation's method sends, then the other media types the operation
    /// accepts, each for a method of its own. Empty if the operation takes no body.
    pub(super) fn request_bodies(&mut self, site: &Site<'_>) -> Vec<Body> {
        let Some(item) = site.operation.request_body.as_ref() else {
            return Vec::new();
        };
        let body_pointer = join(&site.pointer, "requestBody");
        let bodies = self.document.components.as_ref().map(|c| &c.request_bodies);
        // A body shared through `#/components/requestBodies` is lowered where it is defined,
        // once, and its inline schemas are named after it.
        let (body, pointer, prefix) = match component(item, "requestBodies", bodies) {
            Ok((body, Some(reference))) => {
                let name = reference.rsplit('/').next().unwrap_or(reference);
                (body, reference.to_owned(), naming::type_name(name))
            }
            Ok((body, None)) => (body, body_pointer, site.type_prefix.clone()),
            Err(reference) => return self.dangling_body(reference, &body_pointer),
        };
        let mut media: Vec<((&str, &MediaType), MediaKind)> = Vec::new();
        let mut unsupported = Vec::new();
        for (media_type, entry) in &body.content {
            let schema = entry.schema.as_ref().and_then(|s| self.resolve(s));
            match media::kind(media_type, schema) {
                Some(kind) => media.push(((media_type.as_str(), entry), kind)),
                None => unsupported.push(media_type.as_str()),
            }
        }
        media::main_first(&mut media);
        let content_pointer = join(&pointer, "content");
        if body.content.is_empty() {
            self.diagnostics.note(
                "a request body without `content`, which the client does not send",
                pointer.clone(),
                "the request body lists no media type, so the method sends none",
            );
            return Vec::new();
        }
        if media.is_empty() {
            let listed = unsupported.join(", ");
            self.unsupported(
                &content_pointer,
                &format!("a request body of media type {listed}"),
            );
            return Vec::new();
        }
        for media_type in unsupported {
            self.diagnostics.note(
                LEFT_OUT,
                join(&content_pointer, media_type),
                format!("the client cannot encode `{media_type}`, so no method sends it"),
            );
        }
        let mut bodies = Vec::new();
        for (index, ((media_type, entry), kind)) in media.into_iter().enumerate() {
            let media_pointer = join(&content_pointer, media_type);
            let hint = if index == 0 {
                naming::compound_type_name(&prefix, "Body")
            } else {
                let suffix = naming::type_name(&media::method_suffix(media_type));
                naming::compound_type_name(&prefix, &format!("{suffix}Body"))
            };
            match self.media_body(media_type, entry, kind, &hint, &media_pointer) {
                Ok((kind, content_type)) => {
                    bodies.push(Body {
                        required: body.required,
                        media_type: media_type.to_owned(),
                        content_type,
                        kind,
                    });
                }
                // The main body must be sent; another media type can be left out.
                Err(reason) if index == 0 => self.unsupported(&media_pointer, &reason),
                Err(reason) => self.diagnostics.note(
                    LEFT_OUT,
                    media_pointer,
                    format!("{reason}, so no method sends `{media_type}`"),
                ),
            }
        }
        bodies
    }

    /// The body of an operation whose `requestBody` is a `$ref` to nothing: what the body is,
    /// nothing says, so the method takes any JSON value, which it may leave out.
    fn dangling_body(&mut self, reference: &str, pointer: &str) -> Vec<Body> {
        self.dangling_component(
            reference,
            ("requestBodies", "a request body"),
            pointer,
            "the operation takes an optional body of any JSON value (`serde_json::Value`), sent as `application/json`",
        );
        vec![Body {
            required: false,
            media_type: "application/json".to_owned(),
            content_type: ContentType::Fixed("application/json".to_owned()),
            kind: BodyKind::Json(TypeRef::Json),
        }]
    }

    /// How a body of one media type is encoded and sent, or why the client cannot send it.
    fn media_body(
        &mut self,
        media_type: &str,
        media: &MediaType,
        kind: MediaKind,
        hint: &str,
        pointer: &str,
    ) -> Result<(BodyKind, ContentType), String> {
        let fixed_or_caller = || match media::sent_type(media_type, kind) {
            Some(fixed) => ContentType::Fixed(fixed),
            None => ContentType::Caller {
                range: media::essence(media_type),
            },
        };
        // A media type without a schema is valid OpenAPI: nothing says what the body holds,
        // so a JSON body is any JSON value and a form any fields.
        let Some(schema) = &media.schema else {
            return Ok(match kind {
                MediaKind::Bytes => (BodyKind::Bytes, fixed_or_caller()),
                MediaKind::Text => (BodyKind::Text, fixed_or_caller()),
                MediaKind::Json => (BodyKind::Json(TypeRef::Json), fixed_or_caller()),
                MediaKind::Form => {
                    let (ty, fields) = (TypeRef::JsonMap, Vec::new());
                    let content_type = ContentType::Fixed(media_type.to_owned());
                    (BodyKind::Form { ty, fields }, content_type)
                }
                MediaKind::Multipart => self.multipart_bytes(media_type, pointer),
            });
        };
        Ok(match kind {
            MediaKind::Bytes => (BodyKind::Bytes, fixed_or_caller()),
            MediaKind::Text => (BodyKind::Text, fixed_or_caller()),
            MediaKind::Json => {
                let ty = self.shared_type(schema, media, hint, pointer);
                (BodyKind::Json(ty), fixed_or_caller())
            }
            MediaKind::Form => {
                let ty = self.shared_type(schema, media, hint, pointer);
                let ty = self.sent_as_object(ty, pointer);
                let fields = self.form_fields(&ty, media)?;
                (
                    BodyKind::Form { ty, fields },
                    ContentType::Fixed(media_type.to_owned()),
                )
            }
            MediaKind::Multipart => {
                let ty = self.shared_type(schema, media, hint, pointer);
                let ty = self.sent_as_object(ty, pointer);
                // A schema that is not an object with properties (`{type: object}`, a lone
                // `format: binary` string) names no parts either.
                if self.struct_def(&ty).is_none() {
                    return Ok(self.multipart_bytes(media_type, pointer));
                }
                let (ty, parts) = self.multipart(ty, media, hint, pointer)?;
                (BodyKind::Multipart { ty, parts }, ContentType::Multipart)
            }
        })
    }

    /// A `multipart/form-data` body without a schema: no properties say what its parts are,
    /// so the method sends bytes the caller encodes, under the content type (with its
    /// boundary) the caller names.
    fn multipart_bytes(&mut self, media_type: &str, pointer: &str) -> (BodyKind, ContentType) {
        self.diagnostics.note(
            "a multipart body without a schema, sent as bytes the caller encodes",
            pointer,
            format!("`{media_type}` has no schema (or a free-form one) to make its parts from; the method sends the bytes it is given, with the `Content-Type` (and boundary) the caller names"),
        );
        let range = media::essence(media_type);
        (BodyKind::Bytes, ContentType::Caller { range })
    }

    /// The type of a form or multipart body: a nullable object is sent as the object, since
    /// neither encoding has a `null` to send (`nullable` says what the server accepts, not
    /// what the client must send).
    fn sent_as_object(&mut self, ty: TypeRef, pointer: &str) -> TypeRef {
        let TypeRef::Nullable(inner) = resolve_alias(&self.aliases, &ty) else {
            return ty;
        };
        let inner = (**inner).clone();
        self.diagnostics.note(
            "a nullable form or multipart body, sent as its object",
            join(pointer, "schema"),
            "the schema is `nullable`, but a form or multipart body has no `null`; the method takes the object itself",
        );
        inner
    }

    /// The type of the schema of `media` (at `pointer`), lowered once however many operations
    /// share it through a component; its example is checked the first time.
    pub(super) fn shared_type(
        &mut self,
        schema: &ReferenceOr<Schema>,
        media: &MediaType,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        let schema_pointer = join(pointer, "schema");
        if let Some(known) = self.shared_bodies.get(&schema_pointer) {
            return known.clone();
        }
        if let Some(example) = &media.example {
            self.check_example(schema, example, &join(pointer, "example"));
        }
        let ty = self.type_ref(schema, hint, &schema_pointer);
        self.shared_bodies.insert(schema_pointer, ty.clone());
        ty
    }

    /// The fields of a form body, in order. A form body is an object whose properties are
    /// values, arrays of values, or objects of values: OpenAPI's default encoding (`style:
    /// form, explode: true`) says how to send those, and nothing deeper. Other styles are not
    /// supported.
    fn form_fields(&self, ty: &TypeRef, media: &MediaType) -> Result<Vec<String>, String> {
        let Some((_, fields)) = self.struct_def(ty) else {
            let is_map = matches!(
                resolve_alias(&self.aliases, ty),
                TypeRef::Map(_) | TypeRef::JsonMap
            );
            return if is_map || self.one_of_forms(ty) {
                Ok(Vec::new())
            } else {
                Err("a form body (`application/x-www-form-urlencoded`) whose schema is not an object".to_owned())
            };
        };
        for field in fields {
            if !self.form_value(&field.ty, 1) {
                return Err(format!(
                    "a form body whose property `{}` holds objects or arrays inside an array or object, which form encoding does not define",
                    field.wire
                ));
            }
        }
        for (property, encoding) in &media.encoding {
            if encoding
                .style
                .as_ref()
                .is_some_and(|s| !matches!(s, QueryStyle::Form))
            {
                return Err(format!(
                    "a form body whose property `{property}` has an `encoding` style other than `form`"
                ));
            }
        }
        Ok(fields.iter().map(|f| f.wire.clone()).collect())
    }

    /// Whether `ty` is a `oneOf`/`anyOf` of objects that can each be sent as a form: the value
    /// is then sent as the object it holds, every property in order.
    fn one_of_forms(&self, ty: &TypeRef) -> bool {
        let TypeRef::Named(name) = resolve_alias(&self.aliases, ty) else {
            return false;
        };
        let Some(TypeKind::OneOf { variants, .. }) = self.types.get(name).map(|d| &d.kind) else {
            return false;
        };
        !variants.is_empty()
            && variants.iter().all(|variant| {
                self.struct_def(&variant.ty)
                    .is_some_and(|(_, fields)| fields.iter().all(|f| self.form_value(&f.ty, 1)))
            })
    }

    /// Whether a form field of this type can be sent: a value, or (`depth` levels down) an
    /// array or object of values.
    fn form_value(&self, ty: &TypeRef, depth: usize) -> bool {
        match resolve_alias(&self.aliases, ty) {
            TypeRef::Nullable(inner) => self.form_value(inner, depth),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => depth > 0 && self.form_value(inner, 0),
            TypeRef::JsonMap | TypeRef::Json => depth > 0,
            TypeRef::Named(name) => match self.types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Struct { fields, .. }) => {
                    depth > 0 && fields.iter().all(|f| self.form_value(&f.ty, 0))
                }
                Some(TypeKind::Wrapper(_)) => false,
                _ => true,
            },
            _ => true,
        }
    }

    /// A `multipart/form-data` body: the struct of its schema, with each `format: binary`
    /// property (or array of them) a file, and the parts in property order. A struct shared
    /// with JSON bodies keeps its strings; the multipart body gets a struct of its own.
    fn multipart(
        &mut self,
        ty: TypeRef,
        media: &MediaType,
        hint: &str,
        pointer: &str,
    ) -> Result<(TypeRef, Vec<Part>), String> {
        let not_object =
            || "a multipart body (`multipart/form-data`) whose schema is not an object".to_owned();
        let (name, fields) = self.struct_def(&ty).ok_or_else(not_object)?;
        let (name, fields) = (name.to_owned(), fields.to_vec());
        let schema = media.schema.as_ref().and_then(|s| self.resolve(s));
        let properties = schema.and_then(object_properties).ok_or_else(not_object)?;
        let files: Vec<Option<bool>> = fields
            .iter()
            .map(|field| {
                let property = properties.get(&field.wire)?;
                let property = self.resolve_boxed(property)?;
                if media::is_binary(property) {
                    return Some(false);
                }
                match &property.schema_kind {
                    SchemaKind::Type(Type::Array(array)) => {
                        let items = self.resolve_boxed(array.items.as_ref()?)?;
                        media::is_binary(items).then_some(true)
                    }
                    _ => None,
                }
            })
            .collect();
        let mut fields = fields;
        let parts = fields
            .iter_mut()
            .zip(&files)
            .map(|(field, many)| {
                let file = many.map(|many| {
                    field.ty = if many {
                        TypeRef::Vec(Box::new(TypeRef::File))
                    } else {
                        TypeRef::File
                    };
                    FilePart {
                        many,
                        required: field.required,
                        content_type: media
                            .encoding
                            .get(&field.wire)
                            .and_then(|e| e.content_type.as_deref())
                            .and_then(|types| types.split(',').next())
                            .map(str::trim)
                            .filter(|t| !t.is_empty() && !t.contains('*'))
                            .map(str::to_owned),
                    }
                });
                Part {
                    wire: field.wire.clone(),
                    rust: field.rust.clone(),
                    file,
                }
            })
            .collect();
        if files.iter().all(Option::is_none) {
            return Ok((ty, parts));
        }
        let schema_pointer = join(pointer, "schema");
        let inline = matches!(media.schema, Some(ReferenceOr::Item(_)));
        let files_type = if inline {
            // The struct was made for this body alone: its binary properties become files.
            name.clone()
        } else {
            let known = self.shared_bodies.get(&format!("{schema_pointer}#files"));
            if let Some(TypeRef::Named(known)) = known {
                known.clone()
            } else {
                let claimed = self.type_names.claim(
                    hint,
                    &schema_pointer,
                    &schema_pointer,
                    &mut self.diagnostics,
                );
                self.shared_bodies.insert(
                    format!("{schema_pointer}#files"),
                    TypeRef::Named(claimed.clone()),
                );
                claimed
            }
        };
        let doc = match self.types.get(&files_type) {
            Some(def) if inline => def.doc.clone(),
            _ => format!(
                "The `multipart/form-data` body of the `{name}` schema, with its files as `FilePart`s."
            ),
        };
        let kind = TypeKind::Struct {
            fields,
            envelope: None,
            error_fields: None,
            additional: None,
        };
        self.insert(files_type.clone(), doc, kind, &schema_pointer);
        Ok((TypeRef::Named(files_type), parts))
    }
}

/// The properties of an object schema, typed or read as an object for want of a type.
fn object_properties(
    schema: &Schema,
) -> Option<&indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(&object.properties),
        SchemaKind::Any(any) => Some(&any.properties),
        _ => None,
    }
}
