//! Changes to a named type: whether it is there, its kind, and its fields, enum values,
//! variants and constraints.

use super::operations::layout_text;
use super::values::{edited, relation_verdicts};
use super::{Comparison, Subject, Verdict, directional, pair, reordered};
use crate::ir::TypeRef;
use crate::report::RustImpact;
use crate::report::constraints::{self, Moved, Shift};
use crate::surface::{FieldSurface, KindSurface, TypeSurface, Usage, type_text};
use std::collections::{BTreeMap, BTreeSet};

use crate::report::Level::{Breaking, Informational as Info, PossiblyBreaking as Possibly};

impl Comparison {
    pub(super) fn type_gone(&mut self, name: &str, before: &TypeSurface) {
        let subject = Subject::named(name, before, &before.usage);
        self.push(
            "type-removed",
            &subject,
            "type removed".to_owned(),
            (Info, "what used it is reported where it changed".to_owned()),
            (RustImpact::Major, "code that names it no longer compiles"),
        );
    }

    pub(super) fn type_new(&mut self, name: &str, after: &TypeSurface) {
        let subject = Subject::named(name, after, &after.usage);
        self.push(
            "type-added",
            &subject,
            "type added".to_owned(),
            (Info, "what uses it is reported where it changed".to_owned()),
            (RustImpact::Minor, "a new type"),
        );
    }

    pub(super) fn type_changed(&mut self, name: &str, before: &TypeSurface, after: &TypeSurface) {
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
                    envelope: b_envelope,
                    error_fields: b_error_fields,
                },
                KindSurface::Struct {
                    fields: a,
                    additional: a_more,
                    required_order: a_order,
                    envelope: a_envelope,
                    error_fields: a_error_fields,
                },
            ) => {
                self.envelope(
                    &subject,
                    b_envelope,
                    a_envelope,
                    b_error_fields,
                    a_error_fields,
                );
                self.fields(name, &usage, b, a);
                if reordered(b_order, a_order) {
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
                    let text = |t: &Option<TypeRef>| t.as_ref().map(type_text);
                    self.reshaped(
                        &subject,
                        "additional properties",
                        text(b_more).as_deref(),
                        text(a_more).as_deref(),
                    );
                }
            }
            (
                KindSurface::Enum {
                    of: b_of,
                    values: b,
                },
                KindSurface::Enum {
                    of: a_of,
                    values: a,
                },
            ) if b_of == a_of => {
                self.enum_values(&subject, b, a);
            }
            (
                KindSurface::OneOf {
                    variants: b,
                    discriminator: b_tag,
                },
                KindSurface::OneOf {
                    variants: a,
                    discriminator: a_tag,
                },
            ) => {
                self.discriminator(&subject, b_tag.as_deref(), a_tag.as_deref());
                self.variants(&subject, b, a);
            }
            (
                KindSurface::Constrained {
                    pattern: b_pattern,
                    min_length: b_min,
                    max_length: b_max,
                    pii: b_pii,
                },
                KindSurface::Constrained {
                    pattern: a_pattern,
                    min_length: a_min,
                    max_length: a_max,
                    pii: a_pii,
                },
            ) => {
                self.pii(&subject, *b_pii, *a_pii);
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
                    KindSurface::Enum { of, .. } => format!("an enum of {of} values"),
                    KindSurface::OneOf { .. } => "a oneOf".to_owned(),
                    KindSurface::Constrained { .. } => "a constrained string".to_owned(),
                    KindSurface::Alias(target) => format!("alias of {}", type_text(target)),
                    KindSurface::Wrapper(inner) => format!("wrapper of {}", type_text(inner)),
                    KindSurface::Responses { variants } => variants
                        .iter()
                        .map(|(rust, status)| format!("{rust}: {status}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    KindSurface::Errors { variants } => variants
                        .iter()
                        .map(|(rust, ty)| format!("{rust}({})", type_text(ty)))
                        .collect::<Vec<_>>()
                        .join(", "),
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
        let (gone, new) = self.renamed_fields(owner, usage, before, after);
        for (wire, side) in pair(before, after) {
            let subject = Subject {
                text: format!("`{owner}.{wire}`"),
                usage,
                on_operation: false,
            };
            let side = match side {
                (Some(_), None) if !gone.contains(wire) => continue,
                (None, Some(_)) if !new.contains(wire) => continue,
                side => side,
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
                        format!("required property `{wire}` added: a new field `{}`", a.rust),
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
                        format!("optional property `{wire}` added: a new field `{}`", a.rust),
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
                        format!("property `{wire}` removed: field `{}` gone", b.rust),
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
    pub(super) fn field(
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
            let judged = self.sides().judge(&before.ty, &after.ty);
            let kept = self.sides().enum_before(&before.ty);
            let (request, response) = if before.location == after.location {
                relation_verdicts(judged.relation, kept)
            } else {
                relation_verdicts(super::values::Relation::Different, kept)
            };
            let wire = directional(subject.usage, request, response);
            let place = if before.location == after.location {
                String::new()
            } else {
                format!(", in the {} (was the {})", after.location, before.location)
            };
            let (bt, at) = (type_text(&before.ty), type_text(&after.ty));
            let rust = if bt == at {
                (
                    RustImpact::Runtime,
                    "the same Rust type, read and written another way",
                )
            } else {
                (RustImpact::Major, "the field's type changed")
            };
            self.push(
                id("type"),
                subject,
                edited(
                    &judged.edits,
                    format!("{what} is now `{at}`{place} (was `{bt}`)"),
                ),
                wire,
                rust,
            );
        }
        self.pii(subject, before.pii, after.pii);
        if before.tag != after.tag {
            let shown = |t: &Option<String>| {
                t.as_ref()
                    .map_or_else(|| "none".to_owned(), |t| format!("`{t}`"))
            };
            self.push(
                "discriminator-tag-changed",
                subject,
                format!(
                    "{what} is the tag of a `oneOf` variant: `new` now writes {} (was {})",
                    shown(&after.tag),
                    shown(&before.tag)
                ),
                (
                    Info,
                    "the union's tags are reported with the union".to_owned(),
                ),
                (RustImpact::Runtime, "`new` fills in another tag"),
            );
        }
        self.annotations(
            subject,
            what,
            &before.annotations,
            &after.annotations,
            before.ty == after.ty,
        );
        if before.layout != after.layout {
            self.push(
                "request-parameter-layout-changed",
                subject,
                format!(
                    "{what} is now laid out {} (was {})",
                    layout_text(&after.layout),
                    layout_text(&before.layout)
                ),
                (
                    Breaking,
                    "the server reads the value laid out the new way".to_owned(),
                ),
                (RustImpact::None, "the argument is the same"),
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
                format!(
                    "{}: {what} is now {suffix}",
                    match (kind == "property", after.required) {
                        (true, true) => "added to `required`",
                        (true, false) => "removed from `required`",
                        (false, true) => "`required: true`",
                        (false, false) => "`required: true` removed",
                    }
                ),
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
                if after.nullable {
                    format!("`nullable: true` added: {what} is now an `Option`")
                } else {
                    format!("`nullable: true` removed: {what} is never `null`")
                },
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
                format!("enum value `{added}` added: a new variant"),
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
                format!("enum value `{removed}` removed: its variant gone"),
                wire,
                (
                    RustImpact::Major,
                    "code that names the variant no longer compiles",
                ),
            );
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
