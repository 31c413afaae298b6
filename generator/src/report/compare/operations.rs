//! Changes to an operation: whether it is there, its endpoint, parameters, body, result,
//! error bodies, security and retries.

use super::{Comparison, Subject, Verdict, pair, reordered, sent_by};
use crate::report::RustImpact;
use crate::surface::{ErrorSurface, OperationSurface, type_text};
use std::collections::BTreeSet;

use crate::report::Level::{Breaking, Informational as Info, PossiblyBreaking as Possibly};

impl Comparison {
    pub(super) fn operation_gone(&mut self, name: &str, before: &OperationSurface) {
        let usage = sent_by(name);
        let subject = Subject::operation(name, before, &usage);
        self.push(
            "operation-removed",
            &subject,
            "operation removed".to_owned(),
            (Breaking, "old clients still call it".to_owned()),
            (RustImpact::Major, "the method is gone"),
        );
    }

    pub(super) fn operation_new(&mut self, name: &str, after: &OperationSurface) {
        let usage = sent_by(name);
        let subject = Subject::operation(name, after, &usage);
        self.push(
            "operation-added",
            &subject,
            "operation added".to_owned(),
            (Info, "nothing that worked before changes".to_owned()),
            (RustImpact::Minor, "a new method"),
        );
    }

    pub(super) fn operation(
        &mut self,
        name: &str,
        before: &OperationSurface,
        after: &OperationSurface,
    ) {
        let usage = sent_by(name);
        let subject = Subject::operation(name, after, &usage);
        // Every fact is compared: one added to `OperationSurface` does not compile here until
        // it is (the rest are compared in the methods named below).
        let OperationSurface {
            endpoint: _,
            doc,
            params: _,
            path_order: _,
            body: _,
            returns: _,
            accept,
            success_statuses,
            idempotent: _,
            deprecated,
            errors: _,
            security: _,
            // Named in the subject too: which cargo features compile the method.
            features,
            pagination: _,
        } = before;
        self.doc(doc, &after.doc);
        self.features(&subject, features, &after.features);
        self.success_statuses(&subject, success_statuses, &after.success_statuses);
        if *accept != after.accept {
            let shown =
                |a: &Option<String>| a.clone().unwrap_or_else(|| "application/json".to_owned());
            self.push(
                "response-media-type-changed",
                &subject,
                format!(
                    "asks for `{}` (was `{}`)",
                    shown(&after.accept),
                    shown(accept)
                ),
                (
                    Possibly,
                    "the server answers in another media type".to_owned(),
                ),
                (
                    RustImpact::None,
                    "the method's return type is reported on its own",
                ),
            );
        }
        if *deprecated != after.deprecated {
            let message = if after.deprecated {
                "now `deprecated`"
            } else {
                "no longer `deprecated`"
            };
            self.push(
                "operation-deprecated-changed",
                &subject,
                message.to_owned(),
                (
                    Info,
                    "the server still serves it; a later version may remove it".to_owned(),
                ),
                (RustImpact::None, "the method is generated as before"),
            );
        }
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
        if reordered(&before.path_order, &after.path_order) {
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
        self.pagination(
            &subject,
            before.pagination.as_ref(),
            after.pagination.as_ref(),
        );
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

    /// How the operation pages (`x-pagination`): its `_pages` and `_all` methods come and go
    /// with the declaration, and a changed one walks the list another way.
    fn pagination(
        &mut self,
        subject: &Subject<'_>,
        before: Option<&String>,
        after: Option<&String>,
    ) {
        let (message, rust) = match (before, after) {
            (Some(before), Some(after)) if before != after => (
                format!("pages {after} (was {before})"),
                (
                    RustImpact::Runtime,
                    "its `_pages` and `_all` methods walk the list another way",
                ),
            ),
            (None, Some(after)) => (
                format!("now declared to page {after}"),
                (
                    RustImpact::Minor,
                    "new `_pages` and `_all` methods walk the list to its end",
                ),
            ),
            (Some(before), None) => (
                format!("no longer declared to page (was {before})"),
                (
                    RustImpact::Major,
                    "its `_pages` and `_all` methods are gone",
                ),
            ),
            _ => return,
        };
        self.push(
            "operation-pagination-changed",
            subject,
            message,
            (Info, "each call sends what it did".to_owned()),
            rust,
        );
    }

    /// The cargo features that compile the method (from its tags). A caller who builds the
    /// crate with only a feature the method no longer belongs to loses the method.
    fn features(&mut self, subject: &Subject<'_>, before: &[String], after: &[String]) {
        if before == after {
            return;
        }
        let shown = |features: &[String]| {
            if features.is_empty() {
                "always compiled".to_owned()
            } else {
                features
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            }
        };
        // Only a feature taken away (or gating added) can leave a caller without the method.
        let lost = !after.is_empty() && before.iter().any(|f| !after.contains(f))
            || before.is_empty() && !after.is_empty();
        let rust = if lost {
            (
                RustImpact::Major,
                "code built with only a feature the method left no longer finds it",
            )
        } else {
            (
                RustImpact::Minor,
                "the method is compiled by more features than before",
            )
        };
        self.push(
            "operation-feature-changed",
            subject,
            format!(
                "`tags` changed: the method is now compiled by {} (was {})",
                shown(after),
                shown(before)
            ),
            (Info, "what is sent is unchanged".to_owned()),
            rust,
        );
    }

    /// The documented 2XX statuses. The client takes any 2XX as success, but a status the
    /// server stops sending breaks callers (and other clients) that expect it.
    fn success_statuses(&mut self, subject: &Subject<'_>, before: &[String], after: &[String]) {
        if before == after {
            return;
        }
        let removed = before.iter().any(|s| !after.contains(s));
        let wire = if removed {
            (Breaking, "the server no longer answers with a status it documented; clients that check for it fail".to_owned())
        } else {
            (
                Info,
                "every status the server answered with is still documented".to_owned(),
            )
        };
        self.push(
            "response-success-status-changed",
            subject,
            format!(
                "success status now {} (was {})",
                before_after(after),
                before_after(before)
            ),
            wire,
            (
                RustImpact::None,
                "the client takes any 2XX as success; the return type is reported on its own",
            ),
        );
    }

    /// Documented error statuses and their bodies. The client keeps an error body it cannot
    /// decode as raw text, so a change here never loses an error, only its typed form.
    fn error_bodies(
        &mut self,
        subject: &Subject<'_>,
        before: &OperationSurface,
        after: &OperationSurface,
    ) {
        let text = |e: &ErrorSurface| type_text(&e.ty);
        for (status, side) in pair(&before.errors, &after.errors) {
            let side = (side.0.map(text), side.1.map(text));
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
            (Some(b), Some(a))
                if (&b.ty, &b.media_type, b.required) == (&a.ty, &a.media_type, a.required) =>
            {
                self.push(
                    "request-body-encoding-changed",
                    subject,
                    format!(
                        "request body sent as {}, `Content-Type` {} (was {}, {})",
                        a.encoding, a.content_type, b.encoding, b.content_type
                    ),
                    (
                        Breaking,
                        "the server reads the body encoded the new way".to_owned(),
                    ),
                    (
                        RustImpact::Runtime,
                        "the body argument is the same, encoded another way",
                    ),
                );
                return;
            }
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
}

/// Statuses as a list: `200`, `200, 201`.
fn before_after(statuses: &[String]) -> String {
    if statuses.is_empty() {
        "none".to_owned()
    } else {
        statuses
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub(super) fn layout_text(layout: &Option<crate::ir::Layout>) -> String {
    let Some(crate::ir::Layout {
        value,
        style,
        explode,
        allow_reserved,
    }) = layout
    else {
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
