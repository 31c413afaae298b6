//! Changes to a named type: whether it is there, its kind, and its fields, enum values,
//! variants and constraints.

use super::{Comparison, Subject, Verdict, directional, pair, reordered};
use crate::report::RustImpact;
use crate::report::constraints::{self, Moved, Shift};
use crate::ir::TypeRef;
use crate::surface::{FieldSurface, KindSurface, TypeSurface, Usage, VariantSurface, type_text};
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
                self.envelope(&subject, b_envelope, a_envelope, b_error_fields, a_error_fields);
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
                (RustImpact::Runtime, "the same Rust type, read and written another way")
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
        self.annotations(subject, what, &before.annotations, &after.annotations, before.ty == after.ty);
        if before.layout != after.layout {
            self.push(
                "request-parameter-layout-changed",
                subject,
                format!("{what} is now laid out {} (was {})", layout_text(&after.layout), layout_text(&before.layout)),
                (Breaking, "the server reads the value laid out the new way".to_owned()),
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
        before: &BTreeMap<String, VariantSurface>,
        after: &BTreeMap<String, VariantSurface>,
    ) {
        for (name, side) in pair(before, after) {
            match side {
                (None, Some(a)) => {
                    let wire = directional(
                        subject.usage,
                        (Info, "the server accepts one more shape"),
                        (Possibly, "old clients keep it as a value they do not know"),
                    );
                    self.push(
                        "one-of-variant-added",
                        subject,
                        format!("variant `{name}` (`{}`) added", type_text(&a.ty)),
                        wire,
                        (
                            RustImpact::Minor,
                            "a new variant; the enum is `#[non_exhaustive]`",
                        ),
                    );
                }
                (Some(b), None) => {
                    let wire = directional(
                        subject.usage,
                        (Breaking, "the server refuses it"),
                        (Info, "old clients read the shapes that remain"),
                    );
                    self.push(
                        "one-of-variant-removed",
                        subject,
                        format!("variant `{name}` (`{}`) removed", type_text(&b.ty)),
                        wire,
                        (
                            RustImpact::Major,
                            "code that names the variant no longer compiles",
                        ),
                    );
                }
                (Some(b), Some(a)) => {
                    if b.ty != a.ty {
                        let judged = self.sides().judge(&b.ty, &a.ty);
                        let kept = self.sides().enum_before(&b.ty);
                        let (request, response) = relation_verdicts(judged.relation, kept);
                        let wire = directional(subject.usage, request, response);
                        let (bt, at) = (type_text(&b.ty), type_text(&a.ty));
                        let rust = if bt == at {
                            (RustImpact::Runtime, "the same Rust type, read and written another way")
                        } else {
                            (RustImpact::Major, "the variant's type changed")
                        };
                        self.push(
                            "one-of-variant-changed",
                            subject,
                            edited(&judged.edits, format!("variant `{name}` is now `{at}` (was `{bt}`)")),
                            wire,
                            rust,
                        );
                    }
                    if b.tags != a.tags {
                        self.tags(subject, name, &b.tags, &a.tags);
                    }
                }
                (None, None) => {}
            }
        }
    }

    /// The discriminator values that select a variant (`mapping` keys, or the schema's name).
    fn tags(&mut self, subject: &Subject<'_>, variant: &str, before: &[String], after: &[String]) {
        let added: Vec<&String> = after.iter().filter(|t| !before.contains(t)).collect();
        let removed: Vec<&String> = before.iter().filter(|t| !after.contains(t)).collect();
        let list = |tags: &[&String]| {
            tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        };
        let mut edits = Vec::new();
        if !added.is_empty() {
            edits.push(format!("tag {} added", list(&added)));
        }
        if !removed.is_empty() {
            edits.push(format!("tag {} removed", list(&removed)));
        }
        let request = if removed.is_empty() {
            (Info, "the server reads every tag it read")
        } else {
            (Breaking, "the server no longer reads the old tag as this variant")
        };
        let response = if added.is_empty() {
            (Info, "old clients read the tags that remain")
        } else {
            (Breaking, "old clients read a value with the new tag as `Unrecognized`, not as this variant")
        };
        let wire = directional(subject.usage, request, response);
        self.push(
            "discriminator-mapping-changed",
            subject,
            format!("discriminator mapping: {} for variant `{variant}`", edits.join(", ")),
            wire,
            (RustImpact::Runtime, "the variant is read and written with another tag"),
        );
    }

    fn discriminator(&mut self, subject: &Subject<'_>, before: Option<&str>, after: Option<&str>) {
        if before == after {
            return;
        }
        let shown = |d: Option<&str>| d.map_or_else(|| "none".to_owned(), |d| format!("`{d}`"));
        let wire = directional(
            subject.usage,
            (Breaking, "the server reads the variant from another property"),
            (Breaking, "old clients look for the tag in the old property, and read every value as `Unrecognized` or by shape"),
        );
        self.push(
            "discriminator-changed",
            subject,
            format!(
                "`discriminator.propertyName` now {} (was {})",
                shown(after),
                shown(before)
            ),
            wire,
            (RustImpact::Runtime, "the enum is read and written by another property"),
        );
    }

    /// `x-envelope` and `x-error-fields`: where the client finds a payload, an error and the
    /// error's parts.
    fn envelope(
        &mut self,
        subject: &Subject<'_>,
        before: &Option<String>,
        after: &Option<String>,
        before_fields: &Option<String>,
        after_fields: &Option<String>,
    ) {
        let shown = |d: &Option<String>| d.clone().unwrap_or_else(|| "none".to_owned());
        if before != after {
            let wire = directional(
                subject.usage,
                (Info, "what is sent is unchanged"),
                (Breaking, "old clients look for the payload, error or code where they were"),
            );
            self.push(
                "envelope-changed",
                subject,
                format!("`x-envelope` now {} (was {})", shown(after), shown(before)),
                wire,
                (RustImpact::Runtime, "the client finds the payload and error elsewhere"),
            );
        }
        if before_fields != after_fields {
            self.push(
                "error-fields-changed",
                subject,
                format!(
                    "`x-error-fields` now {} (was {})",
                    shown(after_fields),
                    shown(before_fields)
                ),
                (Info, "what is sent is unchanged".to_owned()),
                (
                    RustImpact::Runtime,
                    "`error_type()`, `message()` and `request_id()` read other fields",
                ),
            );
        }
    }

    /// `x-pii`: whether `Debug` masks the value.
    pub(super) fn pii(&mut self, subject: &Subject<'_>, before: bool, after: bool) {
        if before == after {
            return;
        }
        // `Debug` output is not part of a Rust API (its format is not a promise), so masking
        // changes nothing callers' code can rely on; the entry is still listed, for review.
        let (message, reason) = if after {
            ("`x-pii` added", "`Debug` now masks the value, and nothing else changes")
        } else {
            ("`x-pii` removed", "`Debug` now prints the value, and nothing else changes")
        };
        self.push(
            "pii-changed",
            subject,
            message.to_owned(),
            (Info, "what is sent is unchanged".to_owned()),
            (RustImpact::None, reason),
        );
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

/// The wire verdicts of a type change, for requests and for responses. `kept_by_old`: the old
/// type is an enum, which keeps a value it does not know as `Unrecognized`.
fn relation_verdicts(relation: super::values::Relation, kept_by_old: bool) -> (Verdict, Verdict) {
    use super::values::Relation;
    match relation {
        Relation::Same => (
            (Info, "the values on the wire are the same"),
            (Info, "the values on the wire are the same"),
        ),
        Relation::Narrower => (
            (Breaking, "the server refuses values it accepted"),
            (Info, "old clients accept every value the server may now send"),
        ),
        Relation::Wider if kept_by_old => (
            (Info, "the server accepts every value it accepted"),
            (Possibly, "old clients read a new value as `Unrecognized`, keeping its text"),
        ),
        Relation::Wider => (
            (Info, "the server accepts every value it accepted"),
            (Breaking, "old clients may fail to decode values the new type allows"),
        ),
        Relation::Different => (
            (Breaking, "the server expects values of the new type"),
            (Breaking, "old clients read values of the old type"),
        ),
    }
}

/// A message that says the spec's edits first, then what they do to the Rust type.
fn edited(edits: &[String], effect: String) -> String {
    if edits.is_empty() {
        effect
    } else {
        format!("{}: {effect}", edits.join("; "))
    }
}

fn layout_text(layout: &Option<crate::ir::Layout>) -> String {
    let Some(crate::ir::Layout { value, style, explode, allow_reserved }) = layout else {
        return "as a struct field".to_owned();
    };
    let mut text = format!("`style: {}`, `explode: {explode}`", style_name(*style));
    if *allow_reserved {
        text.push_str(", `allowReserved: true`");
    }
    let value = match value {
        crate::ir::ParamValue::Display => "a single value",
        crate::ir::ParamValue::DateTime => "a date-time",
        crate::ir::ParamValue::Temporal(_) => "a vendor date or time",
        crate::ir::ParamValue::Array => "an array",
        crate::ir::ParamValue::Object => "an object",
        crate::ir::ParamValue::Json => "JSON text",
        crate::ir::ParamValue::Any => "any value",
    };
    format!("{text}, as {value}")
}

fn style_name(style: crate::ir::Style) -> &'static str {
    use crate::ir::Style;
    match style {
        Style::Form => "form",
        Style::SpaceDelimited => "spaceDelimited",
        Style::PipeDelimited => "pipeDelimited",
        Style::DeepObject => "deepObject",
        Style::Simple => "simple",
        Style::Label => "label",
        Style::Matrix => "matrix",
    }
}
