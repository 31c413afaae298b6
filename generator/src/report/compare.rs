//! The walk over two surfaces, and the verdicts of each kind of change.

use super::constraints::{self, Moved, Shift};
use super::{Change, Level, RustImpact};
use crate::surface::{FieldSurface, KindSurface, OperationSurface, Surface, TypeSurface, Usage};
use std::collections::{BTreeMap, BTreeSet};

use Level::{Breaking, Informational as Info, PossiblyBreaking as Possibly};

/// The verdict of a change for one direction: its level and why.
type Verdict = (Level, &'static str);

#[derive(Default)]
pub(super) struct Comparison {
    pub(super) changes: Vec<Change>,
    /// Each documentation edit once (a description shared by a field and the type the
    /// generator made of it is one edit).
    pub(super) doc_edits: BTreeSet<(String, String)>,
}

/// What a change is about, for the report.
struct Subject<'a> {
    text: String,
    usage: &'a Usage,
    on_operation: bool,
}

impl<'a> Subject<'a> {
    fn operation(name: &str, endpoint: &str, usage: &'a Usage) -> Self {
        Subject {
            text: format!("`{name}` ({endpoint})"),
            usage,
            on_operation: true,
        }
    }

    /// A named type, shown with the fields that hold it when there are few: the spec names
    /// those, while the type's name may be the generator's.
    fn named(name: &str, ty: &TypeSurface, usage: &'a Usage) -> Self {
        let mut text = format!("`{name}`");
        if !ty.holders.is_empty() && ty.holders.len() <= 3 && !ty.holders.contains(name) {
            let holders: Vec<String> = ty.holders.iter().map(|h| format!("`{h}`")).collect();
            text = format!("{text} ({})", holders.join(", "));
        }
        Subject {
            text,
            usage,
            on_operation: false,
        }
    }
}

impl Comparison {
    pub(super) fn surfaces(&mut self, before: &Surface, after: &Surface) {
        for (name, side) in pair(&before.operations, &after.operations) {
            match side {
                (Some(b), None) => self.operation_gone(name, b),
                (None, Some(a)) => self.operation_new(name, a),
                (Some(b), Some(a)) => self.operation(name, b, a),
                (None, None) => {}
            }
        }
        for (name, side) in pair(&before.types, &after.types) {
            match side {
                (Some(b), None) => self.type_gone(name, b),
                (None, Some(a)) => self.type_new(name, a),
                (Some(b), Some(a)) => self.type_changed(name, b, a),
                (None, None) => {}
            }
        }
        self.client_setup(before, after);
    }

    /// Security schemes (each a `Client` setter) and the fields of `Credentials` (built with a
    /// struct literal on purpose, so that a new credential does not go unnoticed).
    fn client_setup(&mut self, before: &Surface, after: &Surface) {
        let none = Usage::default();
        for (name, side) in pair(&before.schemes, &after.schemes) {
            let subject = Subject {
                text: format!("security scheme `{name}`"),
                usage: &none,
                on_operation: false,
            };
            match side {
                (Some(setter), None) => self.push(
                    "security-scheme-removed",
                    &subject,
                    "security scheme removed".to_owned(),
                    (
                        Info,
                        "operations that used it are reported on their own".to_owned(),
                    ),
                    (RustImpact::Major, &format!("`Client::{setter}` is gone")),
                ),
                (None, Some(setter)) => self.push(
                    "security-scheme-added",
                    &subject,
                    "security scheme added".to_owned(),
                    (
                        Info,
                        "operations that use it are reported on their own".to_owned(),
                    ),
                    (RustImpact::Minor, &format!("a new `Client::{setter}`")),
                ),
                (Some(b), Some(a)) if a != b => self.push(
                    "security-scheme-renamed",
                    &subject,
                    format!("its setter is now `{a}` (was `{b}`)"),
                    (Info, "what is sent is unchanged".to_owned()),
                    (RustImpact::Major, &format!("`Client::{b}` is gone")),
                ),
                _ => {}
            }
        }
        let credentials =
            |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(", ");
        if before.credentials != after.credentials {
            let subject = Subject {
                text: "`Credentials`".to_owned(),
                usage: &none,
                on_operation: false,
            };
            self.push(
                "credentials-changed",
                &subject,
                format!(
                    "fields now {} (were {})",
                    credentials(&after.credentials),
                    credentials(&before.credentials)
                ),
                (Info, "the operations' security is reported on its own".to_owned()),
                (
                    RustImpact::Major,
                    "`Credentials` is built with a struct literal, so that a credential added or removed is seen",
                ),
            );
        }
    }

    fn doc(&mut self, before: &str, after: &str) {
        if before != after {
            self.doc_edits.insert((before.to_owned(), after.to_owned()));
        }
    }

    fn push(
        &mut self,
        id: &'static str,
        subject: &Subject<'_>,
        message: String,
        (wire, wire_reason): (Level, String),
        (rust, rust_reason): (RustImpact, &str),
    ) {
        let operations = subject
            .usage
            .requests
            .iter()
            .chain(&subject.usage.responses)
            .chain(&subject.usage.errors)
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        self.changes.push(Change {
            id,
            subject: subject.text.clone(),
            on_operation: subject.on_operation,
            message,
            wire,
            wire_reason,
            rust,
            rust_reason: rust_reason.to_owned(),
            operations,
        });
    }

    fn operation_gone(&mut self, name: &str, before: &OperationSurface) {
        let usage = sent_by(name);
        let subject = Subject::operation(name, &before.endpoint, &usage);
        self.push(
            "operation-removed",
            &subject,
            "operation removed".to_owned(),
            (Breaking, "old clients still call it".to_owned()),
            (RustImpact::Major, "the method is gone"),
        );
    }

    fn operation_new(&mut self, name: &str, after: &OperationSurface) {
        let usage = sent_by(name);
        let subject = Subject::operation(name, &after.endpoint, &usage);
        self.push(
            "operation-added",
            &subject,
            "operation added".to_owned(),
            (Info, "nothing that worked before changes".to_owned()),
            (RustImpact::Minor, "a new method"),
        );
    }

    fn operation(&mut self, name: &str, before: &OperationSurface, after: &OperationSurface) {
        let usage = sent_by(name);
        let subject = Subject::operation(name, &after.endpoint, &usage);
        self.doc(&before.doc, &after.doc);
        if before.endpoint != after.endpoint {
            self.push(
                "operation-endpoint-changed",
                &subject,
                format!("now `{}` (was `{}`)", after.endpoint, before.endpoint),
                (
                    Breaking,
                    "old clients call the old method and path".to_owned(),
                ),
                (RustImpact::None, "the method keeps its name"),
            );
        }
        self.parameters(&subject, before, after);
        let same_set = |a: &[String], b: &[String]| {
            let (mut a, mut b) = (a.to_vec(), b.to_vec());
            a.sort();
            b.sort();
            a == b
        };
        if before.path_order != after.path_order && same_set(&before.path_order, &after.path_order)
        {
            self.push(
                "path-parameters-reordered",
                &subject,
                format!(
                    "path parameters now in the order {} (was {})",
                    after.path_order.join(", "),
                    before.path_order.join(", ")
                ),
                (Info, "each is still sent in its place".to_owned()),
                (
                    RustImpact::Major,
                    "the method takes its arguments in another order; two of one type swap silently",
                ),
            );
        }
        self.body(&subject, before, after);
        if before.returns != after.returns {
            self.push(
                "response-type-changed",
                &subject,
                format!("returns `{}` (was `{}`)", after.returns, before.returns),
                (Breaking, "old clients read the old type".to_owned()),
                (RustImpact::Major, "the method's return type changed"),
            );
        }
        self.error_bodies(&subject, before, after);
        self.security(&subject, before, after);
        if before.idempotent != after.idempotent {
            let (message, reason) = if after.idempotent {
                (
                    "now idempotent",
                    "the client now retries it after a transient failure",
                )
            } else {
                ("no longer idempotent", "the client no longer retries it")
            };
            self.push(
                "operation-retry-changed",
                &subject,
                message.to_owned(),
                (Info, "what is sent is unchanged".to_owned()),
                (RustImpact::Runtime, reason),
            );
        }
    }

    /// Documented error statuses and their bodies. The client keeps an error body it cannot
    /// decode as raw text, so a change here never loses an error, only its typed form.
    fn error_bodies(
        &mut self,
        subject: &Subject<'_>,
        before: &OperationSurface,
        after: &OperationSurface,
    ) {
        for (status, side) in pair(&before.errors, &after.errors) {
            let (id, message, wire) = match side {
                (None, Some(ty)) => (
                    "response-error-status-added",
                    format!("error status `{status}` documented, with body `{ty}`"),
                    (Info, "old clients read it as an undocumented error"),
                ),
                (Some(ty), None) => (
                    "response-error-status-removed",
                    format!("error status `{status}` (body `{ty}`) no longer documented"),
                    (Info, "old clients still read it if it comes"),
                ),
                (Some(b), Some(a)) if a != b => (
                    "response-error-body-changed",
                    format!("error status `{status}` now has body `{a}` (was `{b}`)"),
                    (
                        Possibly,
                        "old clients may not decode the new body, and keep it as raw text",
                    ),
                ),
                _ => continue,
            };
            self.push(
                id,
                subject,
                message,
                (wire.0, wire.1.to_owned()),
                (RustImpact::None, "the method's error type is the same"),
            );
        }
    }

    /// Security requirements: any one of them suffices, so one added is an extra way in, and
    /// one removed (or a scheme added to one) may shut old clients out.
    fn security(
        &mut self,
        subject: &Subject<'_>,
        before: &OperationSurface,
        after: &OperationSurface,
    ) {
        if before.security == after.security {
            return;
        }
        let shown = |requirements: &BTreeSet<Vec<String>>| {
            if requirements.is_empty() {
                "none".to_owned()
            } else {
                requirements
                    .iter()
                    .map(|schemes| {
                        if schemes.is_empty() {
                            "anonymous".to_owned()
                        } else {
                            schemes.join(" + ")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" or ")
            }
        };
        let open = |requirements: &BTreeSet<Vec<String>>| {
            requirements.is_empty() || requirements.iter().any(Vec::is_empty)
        };
        // Only additions of whole alternatives, on an operation that needed credentials, let
        // every old way in through.
        let only_added = before.security.is_subset(&after.security) && !open(&before.security);
        let wire = if open(&after.security) || only_added {
            (
                Info,
                "every old way of authenticating still works".to_owned(),
            )
        } else {
            (
                Breaking,
                "the server may refuse the credentials old clients send".to_owned(),
            )
        };
        self.push(
            "security-changed",
            subject,
            format!(
                "security now {} (was {})",
                shown(&after.security),
                shown(&before.security)
            ),
            wire,
            (
                RustImpact::Runtime,
                "the client sends other credentials, set as before (a scheme added or removed is reported on its own)",
            ),
        );
    }

    fn parameters(
        &mut self,
        subject: &Subject<'_>,
        before: &OperationSurface,
        after: &OperationSurface,
    ) {
        let had_params_struct = before.params.values().any(|p| p.location != "path");
        for (key, side) in pair(&before.params, &after.params) {
            let wire = key.split_once(':').map_or(key, |(_, wire)| wire);
            let (b, a) = match side {
                (Some(b), None) => {
                    self.push(
                        "request-parameter-removed",
                        subject,
                        format!("{} parameter `{wire}` removed", b.location),
                        (
                            Possibly,
                            "old clients still send it; the server may refuse it".to_owned(),
                        ),
                        (RustImpact::Major, "the argument or field is gone"),
                    );
                    continue;
                }
                (None, Some(a)) => {
                    let (wire_level, rust, rust_reason) = if a.required {
                        (
                            (Breaking, "the server refuses requests without it"),
                            RustImpact::Major,
                            "a new required argument",
                        )
                    } else if a.location != "path" && had_params_struct {
                        (
                            (Info, "old requests stay valid"),
                            RustImpact::Minor,
                            "a new `with_` setter on the `#[non_exhaustive]` parameters struct",
                        )
                    } else {
                        (
                            (Info, "old requests stay valid"),
                            RustImpact::Major,
                            "the method gains a parameters argument",
                        )
                    };
                    let kind = if a.required { "required" } else { "optional" };
                    self.push(
                        "request-parameter-added",
                        subject,
                        format!("{kind} {} parameter `{wire}` added", a.location),
                        (wire_level.0, wire_level.1.to_owned()),
                        (rust, rust_reason),
                    );
                    continue;
                }
                (Some(b), Some(a)) => (b, a),
                (None, None) => continue,
            };
            let what = format!("{} parameter `{wire}`", a.location);
            self.field(subject, &what, "request-parameter", b, a);
        }
    }

    fn body(&mut self, subject: &Subject<'_>, before: &OperationSurface, after: &OperationSurface) {
        let (id, message, wire, rust): (_, _, Verdict, _) = match (&before.body, &after.body) {
            (None, None) => return,
            (Some(b), Some(a)) if b == a => return,
            (None, Some(a)) => (
                "request-body-added",
                format!("request body `{}` ({}) added", a.ty, a.media_type),
                if a.required {
                    (Breaking, "the server refuses requests without it")
                } else {
                    (Info, "old requests stay valid")
                },
                "the method gains a body argument",
            ),
            (Some(b), None) => (
                "request-body-removed",
                format!("request body `{}` removed", b.ty),
                (
                    Possibly,
                    "old clients still send it; the server may refuse it",
                ),
                "the method loses its body argument",
            ),
            (Some(b), Some(a)) if b.ty != a.ty || b.media_type != a.media_type => (
                "request-body-type-changed",
                format!(
                    "request body `{}` ({}) (was `{}` ({}))",
                    a.ty, a.media_type, b.ty, b.media_type
                ),
                (Breaking, "the server expects another body"),
                "the method's body argument changed type",
            ),
            (Some(_), Some(a)) => (
                if a.required {
                    "request-body-became-required"
                } else {
                    "request-body-became-optional"
                },
                format!(
                    "request body now {}",
                    if a.required { "required" } else { "optional" }
                ),
                if a.required {
                    (Breaking, "the server refuses requests without it")
                } else {
                    (Info, "old requests stay valid")
                },
                "the method's body argument changed type",
            ),
        };
        self.push(
            id,
            subject,
            message,
            (wire.0, wire.1.to_owned()),
            (RustImpact::Major, rust),
        );
    }

    fn type_gone(&mut self, name: &str, before: &TypeSurface) {
        let subject = Subject::named(name, before, &before.usage);
        self.push(
            "type-removed",
            &subject,
            "type removed".to_owned(),
            (Info, "what used it is reported where it changed".to_owned()),
            (RustImpact::Major, "code that names it no longer compiles"),
        );
    }

    fn type_new(&mut self, name: &str, after: &TypeSurface) {
        let subject = Subject::named(name, after, &after.usage);
        self.push(
            "type-added",
            &subject,
            "type added".to_owned(),
            (Info, "what uses it is reported where it changed".to_owned()),
            (RustImpact::Minor, "a new type"),
        );
    }

    fn type_changed(&mut self, name: &str, before: &TypeSurface, after: &TypeSurface) {
        // Judged by how old clients use the type: an operation that starts sending or reading
        // it is reported where it changed.
        let usage = before.usage.clone();
        let subject = Subject::named(name, after, &usage);
        self.doc(&before.doc, &after.doc);
        match (&before.kind, &after.kind) {
            (
                KindSurface::Struct {
                    fields: b,
                    additional: b_more,
                    required_order: b_order,
                },
                KindSurface::Struct {
                    fields: a,
                    additional: a_more,
                    required_order: a_order,
                },
            ) => {
                self.fields(name, &usage, b, a);
                let mut sorted = (b_order.clone(), a_order.clone());
                sorted.0.sort();
                sorted.1.sort();
                if b_order != a_order && sorted.0 == sorted.1 {
                    self.push(
                        "constructor-arguments-reordered",
                        &subject,
                        format!(
                            "`new` now takes {} (was {})",
                            a_order.join(", "),
                            b_order.join(", ")
                        ),
                        (Info, "the fields are sent by name".to_owned()),
                        (
                            RustImpact::Major,
                            "`new` takes its arguments in another order; two of one type swap silently",
                        ),
                    );
                }
                if b_more != a_more {
                    self.reshaped(
                        &subject,
                        "additional properties",
                        b_more.as_deref(),
                        a_more.as_deref(),
                    );
                }
            }
            (KindSurface::Enum { values: b }, KindSurface::Enum { values: a }) => {
                self.enum_values(&subject, b, a);
            }
            (KindSurface::OneOf { variants: b }, KindSurface::OneOf { variants: a }) => {
                self.variants(&subject, b, a);
            }
            (
                KindSurface::Constrained {
                    pattern: b_pattern,
                    min_length: b_min,
                    max_length: b_max,
                },
                KindSurface::Constrained {
                    pattern: a_pattern,
                    min_length: a_min,
                    max_length: a_max,
                },
            ) => {
                let moved = constraints::pattern(b_pattern.as_ref(), a_pattern.as_ref())
                    .into_iter()
                    .chain(constraints::lengths((*b_min, *b_max), (*a_min, *a_max)));
                for moved in moved.collect::<Vec<_>>() {
                    self.constraint(&subject, &moved, true);
                }
            }
            (b, a) if b != a => {
                let shape = |kind: &KindSurface| match kind {
                    KindSurface::Struct { .. } => "a struct".to_owned(),
                    KindSurface::Enum { .. } => "an enum".to_owned(),
                    KindSurface::OneOf { .. } => "a oneOf".to_owned(),
                    KindSurface::Constrained { .. } => "a constrained string".to_owned(),
                    KindSurface::Other { shape } => shape.clone(),
                };
                self.reshaped(&subject, "type", Some(&shape(b)), Some(&shape(a)));
            }
            _ => {}
        }
    }

    fn reshaped(
        &mut self,
        subject: &Subject<'_>,
        what: &str,
        before: Option<&str>,
        after: Option<&str>,
    ) {
        let shown = |v: Option<&str>| v.map_or_else(|| "none".to_owned(), |v| format!("`{v}`"));
        let wire = directional(
            subject.usage,
            (Breaking, "the server reads another shape"),
            (Breaking, "old clients read the old shape"),
        );
        self.push(
            "type-changed",
            subject,
            format!("{what} now {} (was {})", shown(after), shown(before)),
            wire,
            (RustImpact::Major, "the Rust type changed"),
        );
    }

    fn fields(
        &mut self,
        owner: &str,
        usage: &Usage,
        before: &BTreeMap<String, FieldSurface>,
        after: &BTreeMap<String, FieldSurface>,
    ) {
        for (wire, side) in pair(before, after) {
            let subject = Subject {
                text: format!("`{owner}.{wire}`"),
                usage,
                on_operation: false,
            };
            match side {
                (None, Some(a)) if a.required => {
                    let wire_verdict = directional(
                        usage,
                        (Breaking, "the server refuses requests without it"),
                        (Info, "old clients ignore fields they do not know"),
                    );
                    self.push(
                        "property-added",
                        &subject,
                        format!("required field `{}` added", a.rust),
                        wire_verdict,
                        (RustImpact::Major, "a new argument of `new`"),
                    );
                }
                (None, Some(a)) => {
                    let wire_verdict = directional(
                        usage,
                        (Info, "a request without it stays valid"),
                        (Info, "old clients ignore fields they do not know"),
                    );
                    self.push(
                        "property-added",
                        &subject,
                        format!("optional field `{}` added", a.rust),
                        wire_verdict,
                        (
                            RustImpact::Minor,
                            "a new field and `with_` setter; the struct is `#[non_exhaustive]`",
                        ),
                    );
                }
                (Some(b), None) => {
                    let response = if b.required {
                        (
                            Breaking,
                            "old clients require it, and fail to decode without it",
                        )
                    } else {
                        (Possibly, "old clients read it as absent")
                    };
                    let wire_verdict = directional(
                        usage,
                        (
                            Possibly,
                            "old clients still send it; the server may refuse it",
                        ),
                        response,
                    );
                    self.push(
                        "property-removed",
                        &subject,
                        format!("field `{}` removed", b.rust),
                        wire_verdict,
                        (
                            RustImpact::Major,
                            "code that names the field no longer compiles",
                        ),
                    );
                }
                (Some(b), Some(a)) => {
                    self.field(&subject, &format!("field `{}`", a.rust), "property", b, a)
                }
                (None, None) => {}
            }
        }
    }

    /// A field or parameter present before and after. `kind` prefixes the ids.
    fn field(
        &mut self,
        subject: &Subject<'_>,
        what: &str,
        kind: &str,
        before: &FieldSurface,
        after: &FieldSurface,
    ) {
        self.doc(&before.doc, &after.doc);
        let id = |suffix: &str| -> &'static str {
            match (kind, suffix) {
                ("property", "type") => "property-type-changed",
                ("property", "required") => "property-became-required",
                ("property", "optional") => "property-became-optional",
                ("property", "nullable") => "property-became-nullable",
                ("property", "non-null") => "property-became-non-nullable",
                ("property", "renamed") => "property-rust-name-changed",
                (_, "type") => "request-parameter-type-changed",
                (_, "required") => "request-parameter-became-required",
                (_, "optional") => "request-parameter-became-optional",
                (_, "nullable") => "request-parameter-became-nullable",
                (_, "non-null") => "request-parameter-became-non-nullable",
                _ => "request-parameter-rust-name-changed",
            }
        };
        if before.ty != after.ty || before.location != after.location {
            let wire = directional(
                subject.usage,
                (Breaking, "the server expects values of the new type"),
                (Breaking, "old clients read values of the old type"),
            );
            let place = if before.location == after.location {
                String::new()
            } else {
                format!(", in the {} (was the {})", after.location, before.location)
            };
            self.push(
                id("type"),
                subject,
                format!("{what} is now `{}`{place} (was `{}`)", after.ty, before.ty),
                wire,
                (RustImpact::Major, "the field's type changed"),
            );
        }
        if before.rust != after.rust {
            self.push(
                id("renamed"),
                subject,
                format!("Rust name now `{}` (was `{}`)", after.rust, before.rust),
                (Info, "the wire name is unchanged".to_owned()),
                (
                    RustImpact::Major,
                    "code that names the field no longer compiles",
                ),
            );
        }
        if before.required != after.required {
            let (suffix, verdicts) = if after.required {
                (
                    "required",
                    (
                        (Breaking, "the server refuses requests without it"),
                        (Info, "old clients read it as before"),
                    ),
                )
            } else {
                (
                    "optional",
                    (
                        (Info, "old requests stay valid"),
                        (
                            Breaking,
                            "old clients require it, and fail to decode without it",
                        ),
                    ),
                )
            };
            let wire = directional(subject.usage, verdicts.0, verdicts.1);
            let rust = if after.required {
                "the field is no longer an `Option`, and a new argument of `new`"
            } else {
                "the field is now an `Option`, and leaves `new`'s arguments"
            };
            self.push(
                id(suffix),
                subject,
                format!("{what} is now {suffix}"),
                wire,
                (RustImpact::Major, rust),
            );
        }
        if before.nullable != after.nullable {
            let (suffix, verdicts) = if after.nullable {
                (
                    "nullable",
                    (
                        (Info, "old requests stay valid"),
                        (Breaking, "old clients fail to decode `null`"),
                    ),
                )
            } else {
                (
                    "non-null",
                    (
                        (Breaking, "the server refuses `null`"),
                        (Info, "old clients read it as before"),
                    ),
                )
            };
            let wire = directional(subject.usage, verdicts.0, verdicts.1);
            self.push(
                id(suffix),
                subject,
                format!(
                    "{what} is now {}",
                    if after.nullable {
                        "nullable"
                    } else {
                        "never `null`"
                    }
                ),
                wire,
                (RustImpact::Major, "the field's `Option` changed"),
            );
        }
        for moved in constraints::checks(&before.checks, &after.checks) {
            let inner = Subject {
                text: if subject.on_operation {
                    format!("{}, {what}", subject.text)
                } else {
                    subject.text.clone()
                },
                usage: subject.usage,
                on_operation: subject.on_operation,
            };
            self.constraint(&inner, &moved, false);
        }
    }

    fn enum_values(
        &mut self,
        subject: &Subject<'_>,
        before: &BTreeSet<String>,
        after: &BTreeSet<String>,
    ) {
        for added in after.difference(before) {
            let wire = directional(
                subject.usage,
                (Info, "the server accepts one more value"),
                (
                    Possibly,
                    "old clients read it as `Unrecognized`, keeping its text; code that must act on it needs the new version",
                ),
            );
            self.push(
                "enum-value-added",
                subject,
                format!("value `{added}` added"),
                wire,
                (
                    RustImpact::Minor,
                    "a new variant; the enum is `#[non_exhaustive]`",
                ),
            );
        }
        for removed in before.difference(after) {
            let wire = directional(
                subject.usage,
                (Breaking, "the server refuses it"),
                (Info, "old clients read the values that remain"),
            );
            self.push(
                "enum-value-removed",
                subject,
                format!("value `{removed}` removed"),
                wire,
                (
                    RustImpact::Major,
                    "code that names the variant no longer compiles",
                ),
            );
        }
    }

    fn variants(
        &mut self,
        subject: &Subject<'_>,
        before: &BTreeMap<String, String>,
        after: &BTreeMap<String, String>,
    ) {
        for (name, side) in pair(before, after) {
            match side {
                (None, Some(ty)) => {
                    let wire = directional(
                        subject.usage,
                        (Info, "the server accepts one more shape"),
                        (Possibly, "old clients keep it as a value they do not know"),
                    );
                    self.push(
                        "one-of-variant-added",
                        subject,
                        format!("variant `{name}` (`{ty}`) added"),
                        wire,
                        (
                            RustImpact::Minor,
                            "a new variant; the enum is `#[non_exhaustive]`",
                        ),
                    );
                }
                (Some(ty), None) => {
                    let wire = directional(
                        subject.usage,
                        (Breaking, "the server refuses it"),
                        (Info, "old clients read the shapes that remain"),
                    );
                    self.push(
                        "one-of-variant-removed",
                        subject,
                        format!("variant `{name}` (`{ty}`) removed"),
                        wire,
                        (
                            RustImpact::Major,
                            "code that names the variant no longer compiles",
                        ),
                    );
                }
                (Some(b), Some(a)) if a != b => {
                    let wire = directional(
                        subject.usage,
                        (Breaking, "the server expects the new shape"),
                        (Breaking, "old clients read the old shape"),
                    );
                    self.push(
                        "one-of-variant-changed",
                        subject,
                        format!("variant `{name}` is now `{a}` (was `{b}`)"),
                        wire,
                        (RustImpact::Major, "the variant's type changed"),
                    );
                }
                _ => {}
            }
        }
    }

    /// A constraint that moved. `checked_on_decode`: the client refuses a response value that
    /// breaks it (patterns and lengths of constrained strings), so loosening it breaks old
    /// clients' reading; bounds are checked only before sending.
    fn constraint(&mut self, subject: &Subject<'_>, moved: &Moved, checked_on_decode: bool) {
        let example = |verb: &str| {
            moved
                .example
                .as_ref()
                .map(|e| {
                    if e.is_empty() {
                        format!(" (e.g. the empty string is {verb})")
                    } else {
                        format!(" (e.g. `{}` is {verb})", e.escape_debug())
                    }
                })
                .unwrap_or_default()
        };
        let loosened_response: Verdict = if checked_on_decode {
            (
                Breaking,
                "old clients refuse, when they decode, values the server may now send",
            )
        } else {
            (
                Possibly,
                "the server may send values the old bound excluded; code that relied on it may not expect them",
            )
        };
        let (word, id, wire, rust, rust_reason, note) = match moved.shift {
            Shift::Tightened => (
                "tightened",
                "constraint-tightened",
                directional(
                    subject.usage,
                    (Breaking, "the server refuses values it accepted"),
                    (Info, "old clients accept what the server may now send"),
                ),
                RustImpact::Runtime,
                "a value that passed the check before may now fail it",
                example("now refused"),
            ),
            Shift::Loosened => (
                "loosened",
                "constraint-loosened",
                directional(
                    subject.usage,
                    (Info, "the server accepts more values"),
                    loosened_response,
                ),
                RustImpact::None,
                "every value that passed before still passes",
                example("now accepted"),
            ),
            Shift::Changed => (
                "changed",
                "constraint-changed",
                directional(
                    subject.usage,
                    (Breaking, "the server refuses some values it accepted"),
                    loosened_response,
                ),
                RustImpact::Runtime,
                "a value that passed the check before may now fail it",
                example("now refused"),
            ),
            Shift::Unknown => (
                "changed",
                "constraint-changed",
                directional(
                    subject.usage,
                    (
                        Possibly,
                        "cannot be compared: the server may refuse values it accepted",
                    ),
                    (
                        Possibly,
                        "cannot be compared: old clients may refuse values the server sends",
                    ),
                ),
                RustImpact::Runtime,
                "a value that passed the check before may now fail it",
                String::new(),
            ),
            Shift::Rewritten => (
                "rewritten",
                "constraint-rewritten",
                (Info, "it accepts exactly the same values".to_owned()),
                RustImpact::None,
                "it accepts exactly the same values",
                String::new(),
            ),
        };
        self.push(
            id,
            subject,
            format!("{} {word}: {}{note}", moved.name, moved.detail),
            wire,
            (rust, rust_reason),
        );
    }
}

/// The usage of an operation's own parts (its parameters, body and endpoint), which only its
/// requests carry.
fn sent_by(name: &str) -> Usage {
    Usage {
        requests: BTreeSet::from([name.to_owned()]),
        ..Usage::default()
    }
}

/// The wire verdict of a change to something used in `usage`'s requests and responses: the
/// worse of the verdicts of the directions it is used in, with their reasons.
///
/// In an error body, what breaks a response is at most possibly breaking: the client keeps an
/// error body it cannot decode as raw text, so the error still comes back, untyped.
fn directional(usage: &Usage, request: Verdict, response: Verdict) -> (Level, String) {
    let in_errors = || {
        if response.0 == Breaking {
            (
                Possibly,
                format!(
                    "in error bodies, {}; old clients then keep the body as raw text",
                    response.1
                ),
            )
        } else {
            (response.0, format!("in error bodies, {}", response.1))
        }
    };
    let (responses, errors) = (!usage.responses.is_empty(), !usage.errors.is_empty());
    // One verdict for both when an error body fares as a response does.
    let same = responses && errors && response.0 != Breaking;
    let used: Vec<(Level, String)> = [
        (!usage.requests.is_empty()).then(|| (request.0, format!("in requests, {}", request.1))),
        same.then(|| {
            (
                response.0,
                format!("in responses and error bodies, {}", response.1),
            )
        }),
        (responses && !same).then(|| (response.0, format!("in responses, {}", response.1))),
        (errors && !same).then(in_errors),
    ]
    .into_iter()
    .flatten()
    .collect();
    let Some(level) = used.iter().map(|(level, _)| *level).max() else {
        return (Info, "no operation sends or reads it".to_owned());
    };
    let reasons: Vec<String> = used
        .into_iter()
        .filter(|(l, _)| *l == level)
        .map(|(_, reason)| reason)
        .collect();
    (level, reasons.join("; "))
}

/// A key's value before and after, where it has one.
type Sides<'a, V> = (Option<&'a V>, Option<&'a V>);

/// The keys of two maps, in order, with the value each has.
fn pair<'a, V>(
    before: &'a BTreeMap<String, V>,
    after: &'a BTreeMap<String, V>,
) -> Vec<(&'a str, Sides<'a, V>)> {
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    keys.into_iter()
        .map(|key| (key.as_str(), (before.get(key), after.get(key))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used_by(requests: &[&str], responses: &[&str], errors: &[&str]) -> Usage {
        let set = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect();
        Usage {
            requests: set(requests),
            responses: set(responses),
            errors: set(errors),
        }
    }

    const REQUEST: Verdict = (Info, "the server accepts more");
    const RESPONSE: Verdict = (Breaking, "old clients fail to decode it");

    #[test]
    fn the_worse_direction_decides() {
        let (level, reason) = directional(&used_by(&["a"], &["b"], &[]), REQUEST, RESPONSE);
        assert_eq!(level, Breaking);
        assert_eq!(reason, "in responses, old clients fail to decode it");
    }

    #[test]
    fn what_breaks_a_response_only_possibly_breaks_an_error_body() {
        let (level, reason) = directional(&used_by(&[], &[], &["a"]), REQUEST, RESPONSE);
        assert_eq!(level, Possibly);
        assert!(reason.contains("raw text"), "{reason}");
    }

    #[test]
    fn responses_and_error_bodies_that_fare_alike_share_a_reason() {
        let response = (Possibly, "old clients read it as `Unrecognized`");
        let (level, reason) = directional(&used_by(&[], &["a"], &["b"]), REQUEST, response);
        assert_eq!(level, Possibly);
        assert_eq!(
            reason,
            "in responses and error bodies, old clients read it as `Unrecognized`"
        );
    }

    #[test]
    fn what_no_operation_uses_breaks_nothing() {
        let (level, _) = directional(&Usage::default(), (Breaking, "x"), RESPONSE);
        assert_eq!(level, Info);
    }
}
