//! Changes to a `oneOf` (its variants, discriminator and tags), to where an envelope keeps its
//! parts, and to what `Debug` masks.

use super::values::{edited, relation_verdicts};
use super::{Comparison, Subject, directional, pair};
use crate::report::RustImpact;
use crate::surface::{VariantSurface, type_text};
use std::collections::BTreeMap;

use crate::report::Level::{Breaking, Informational as Info, PossiblyBreaking as Possibly};

impl Comparison {
    pub(super) fn variants(
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
                            (
                                RustImpact::Runtime,
                                "the same Rust type, read and written another way",
                            )
                        } else {
                            (RustImpact::Major, "the variant's type changed")
                        };
                        self.push(
                            "one-of-variant-changed",
                            subject,
                            edited(
                                &judged.edits,
                                format!("variant `{name}` is now `{at}` (was `{bt}`)"),
                            ),
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
            tags.iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
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
            (
                Breaking,
                "the server no longer reads the old tag as this variant",
            )
        };
        let response = if added.is_empty() {
            (Info, "old clients read the tags that remain")
        } else {
            (
                Breaking,
                "old clients read a value with the new tag as `Unrecognized`, not as this variant",
            )
        };
        let wire = directional(subject.usage, request, response);
        self.push(
            "discriminator-mapping-changed",
            subject,
            format!(
                "discriminator mapping: {} for variant `{variant}`",
                edits.join(", ")
            ),
            wire,
            (
                RustImpact::Runtime,
                "the variant is read and written with another tag",
            ),
        );
    }

    pub(super) fn discriminator(
        &mut self,
        subject: &Subject<'_>,
        before: Option<&str>,
        after: Option<&str>,
    ) {
        if before == after {
            return;
        }
        let shown = |d: Option<&str>| d.map_or_else(|| "none".to_owned(), |d| format!("`{d}`"));
        let wire = directional(
            subject.usage,
            (
                Breaking,
                "the server reads the variant from another property",
            ),
            (
                Breaking,
                "old clients look for the tag in the old property, and read every value as `Unrecognized` or by shape",
            ),
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
            (
                RustImpact::Runtime,
                "the enum is read and written by another property",
            ),
        );
    }

    /// `x-envelope` and `x-error-fields`: where the client finds a payload, an error and the
    /// error's parts.
    pub(super) fn envelope(
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
                (
                    Breaking,
                    "old clients look for the payload, error or code where they were",
                ),
            );
            self.push(
                "envelope-changed",
                subject,
                format!("`x-envelope` now {} (was {})", shown(after), shown(before)),
                wire,
                (
                    RustImpact::Runtime,
                    "the client finds the payload and error elsewhere",
                ),
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
            (
                "`x-pii` added",
                "`Debug` now masks the value, and nothing else changes",
            )
        } else {
            (
                "`x-pii` removed",
                "`Debug` now prints the value, and nothing else changes",
            )
        };
        self.push(
            "pii-changed",
            subject,
            message.to_owned(),
            (Info, "what is sent is unchanged".to_owned()),
            (RustImpact::None, reason),
        );
    }
}
