//! The public API surface of a generated client, derived from the IR (never from Rust text):
//! what a caller of the crate can name, and what the server receives and sends. Two surfaces
//! are compared by [`crate::report`].
//!
//! The IR is read whole: every IR struct is taken apart with a pattern that names each of its
//! fields, and every enum with a match that names each variant, so that a fact added to the IR
//! does not compile until the surface carries it, or says here why it is not API (`_` bindings
//! with a comment).
//!
//! Everything is keyed by the names the spec gives (operations by method name, types by Rust
//! name, fields and parameters by wire name) in `BTreeMap`s, so comparing is a walk of sorted
//! keys and the report's order never depends on the document's.

mod operations;
mod types;

use crate::ir::{Annotations, Api, Bound, Checks, CredentialDef, Field, Layout, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) use operations::{ErrorSurface, OperationSurface, SchemeSurface};
pub(crate) use types::{KindSurface, TypeSurface, Usage, VariantSurface};

/// What a client offers: its operations and its named types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surface {
    /// Every method, an operation's other media types included, by method name.
    pub(crate) operations: BTreeMap<String, OperationSurface>,
    pub(crate) types: BTreeMap<String, TypeSurface>,
    /// Security schemes, by name.
    pub(crate) schemes: BTreeMap<String, SchemeSurface>,
    /// The fields of `Credentials` (which callers build with a struct literal), by Rust name,
    /// with the environment variable each is read from, if any.
    pub(crate) credentials: BTreeMap<String, Option<String>>,
    /// The crate's error type, `Error<…>`, which every method returns on failure.
    pub(crate) error_type: TypeRef,
    /// The structs that are error bodies (implement the runtime's `ErrorBody`).
    pub(crate) error_bodies: BTreeSet<String>,
    /// The types that implement `Validate` (those whose values a check can refuse).
    pub(crate) validated: BTreeSet<String>,
    /// The base URL `Client::new` uses when given none.
    pub(crate) default_server: Option<String>,
    /// The title, description and version of the document: documentation.
    pub(crate) doc: String,
}

pub(crate) fn from_api(api: &Api) -> Surface {
    let Api {
        title,
        description,
        version,
        default_server,
        // Read by `types::from_api` and `operations::from_api`.
        types: _,
        // Derived from `types`: where each alias leads.
        aliases: _,
        operations: _,
        security_schemes,
        error_type,
        error_bodies,
        // Derived from the types' formats, which the fields carry: the names of private serde
        // helper modules.
        temporal_formats: _,
        credentials,
        // Derived from the operations' pagination, which `operations::from_api` reads.
        paged_types: _,
        // Each operation's features are part of its surface.
        features: _,
        // Which types implement `Validate`: callers may call it.
        checked,
    } = api;
    Surface {
        operations: operations::from_api(api),
        types: types::from_api(api),
        schemes: security_schemes
            .iter()
            .map(|scheme| (scheme.name.clone(), operations::scheme(scheme)))
            .collect(),
        credentials: credentials
            .iter()
            .map(|credential| {
                let CredentialDef {
                    rust,
                    // The key `x-credentials` gives it, which only the spec names.
                    wire: _,
                    env,
                    // Documentation.
                    doc: _,
                } = credential;
                (rust.clone(), env.clone())
            })
            .collect(),
        error_type: error_type.clone(),
        error_bodies: error_bodies.clone(),
        validated: checked.clone(),
        default_server: default_server.clone(),
        doc: [Some(title), description.as_ref(), Some(version)]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// A struct field or a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldSurface {
    /// The Rust name of the field (or argument).
    pub(crate) rust: String,
    /// The value's type, without the `Option` that nullability adds.
    pub(crate) ty: TypeRef,
    pub(crate) required: bool,
    pub(crate) nullable: bool,
    pub(crate) checks: ChecksSurface,
    pub(crate) doc: String,
    /// `path`, `query`, `header`, `cookie`; empty for a struct field.
    pub(crate) location: &'static str,
    /// How a parameter is laid out on the wire; `None` for a struct field.
    pub(crate) layout: Option<Layout>,
    /// Masked in `Debug` (`x-pii`).
    pub(crate) pii: bool,
    pub(crate) annotations: Annotations,
    /// For the discriminator property of a `oneOf` variant's struct: the tag `new` fills in.
    pub(crate) tag: Option<String>,
}

/// Numeric, size and count bounds, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ChecksSurface {
    pub(crate) minimum: Option<(String, bool)>,
    pub(crate) maximum: Option<(String, bool)>,
    pub(crate) min_items: Option<usize>,
    pub(crate) max_items: Option<usize>,
    pub(crate) unique_items: bool,
    pub(crate) min_properties: Option<usize>,
    pub(crate) max_properties: Option<usize>,
    pub(crate) multiple_of: Option<String>,
    pub(crate) item_minimum: Option<(String, bool)>,
    pub(crate) item_maximum: Option<(String, bool)>,
}

fn field_surface(field: &Field, location: &'static str, layout: Option<&Layout>) -> FieldSurface {
    let Field {
        rust,
        // The key of the surface's map.
        wire: _,
        doc,
        ty,
        required,
        checks,
        pii,
        annotations,
        tag,
        // Where the spec defines it, for diagnostics.
        pointer: _,
    } = field;
    let (ty, nullable) = match ty {
        TypeRef::Nullable(inner) => ((**inner).clone(), true),
        other => (other.clone(), false),
    };
    FieldSurface {
        rust: rust.trim_start_matches("r#").to_owned(),
        ty,
        required: *required,
        nullable,
        checks: checks_surface(checks),
        doc: doc.clone(),
        location,
        layout: layout.cloned(),
        pii: *pii,
        annotations: annotations.clone(),
        tag: tag.clone(),
    }
}

fn checks_surface(checks: &Checks) -> ChecksSurface {
    let Checks {
        minimum,
        maximum,
        min_items,
        max_items,
        unique_items,
        min_properties,
        max_properties,
        multiple_of,
        item_minimum,
        item_maximum,
    } = checks;
    let bound = |b: &Option<Bound>| {
        b.as_ref()
            .map(|Bound { literal, exclusive }| (literal.clone(), *exclusive))
    };
    ChecksSurface {
        minimum: bound(minimum),
        maximum: bound(maximum),
        min_items: *min_items,
        max_items: *max_items,
        unique_items: *unique_items,
        min_properties: *min_properties,
        max_properties: *max_properties,
        multiple_of: bound(multiple_of).map(|(literal, _)| literal),
        item_minimum: bound(item_minimum),
        item_maximum: bound(item_maximum),
    }
}

/// A type as a caller writes it (`Vec<Customer>`, `Option<i64>`): the generated code's own
/// spelling (see [`crate::emit::type_text`]).
pub(crate) fn type_text(ty: &TypeRef) -> String {
    crate::emit::type_text(ty)
}
