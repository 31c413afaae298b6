//! The walk over two surfaces, and the verdicts of each kind of change: what belongs to an
//! operation in [`operations`], what belongs to a type in [`types`], and here the walk itself,
//! the client's setup (security schemes, credentials) and how a verdict depends on direction.

mod annotations;
mod operations;
mod renames;
mod types;
mod unions;
mod values;

use super::{Change, Level, RustImpact};
use crate::surface::{OperationSurface, Surface, TypeSurface, Usage, type_text};
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
    /// The named types before and after, for judging what a type change does to values.
    types: (BTreeMap<String, TypeSurface>, BTreeMap<String, TypeSurface>),
}

/// What a change is about, for the report.
struct Subject<'a> {
    text: String,
    usage: &'a Usage,
    on_operation: bool,
}

impl<'a> Subject<'a> {
    /// An operation, with its endpoint and the cargo features that compile its method (none
    /// when the crate has no features, or the method is always compiled).
    fn operation(name: &str, operation: &OperationSurface, usage: &'a Usage) -> Self {
        let endpoint = &operation.endpoint;
        let features: Vec<String> = operation
            .features
            .iter()
            .map(|feature| format!("`{feature}`"))
            .collect();
        let text = match features.as_slice() {
            [] => format!("`{name}` ({endpoint})"),
            [one] => format!("`{name}` ({endpoint}, feature {one})"),
            many => format!("`{name}` ({endpoint}, features {})", many.join(", ")),
        };
        Subject {
            text,
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
        // Every fact of a surface is compared: a fact added to `Surface` does not compile here
        // until it is.
        let Surface {
            operations: b_operations,
            types: b_types,
            schemes: _,
            credentials: _,
            error_type: b_error_type,
            error_bodies: b_error_bodies,
            validated: b_validated,
            default_server: b_server,
            doc: b_doc,
        } = before;
        let Surface {
            operations: a_operations,
            types: a_types,
            // Compared with the credentials, in `client_setup`.
            schemes: _,
            credentials: _,
            error_type: a_error_type,
            error_bodies: a_error_bodies,
            validated: a_validated,
            default_server: a_server,
            doc: a_doc,
        } = after;
        self.types = (b_types.clone(), a_types.clone());
        self.doc(b_doc, a_doc);
        let (gone, new) = self.renamed_operations(b_operations, a_operations);
        for (name, side) in pair(b_operations, a_operations) {
            match side {
                (Some(b), None) if gone.contains(name) => self.operation_gone(name, b),
                (None, Some(a)) if new.contains(name) => self.operation_new(name, a),
                (Some(b), Some(a)) => self.operation(name, b, a),
                _ => {}
            }
        }
        let (gone, new) = self.renamed_types(b_types, a_types);
        for (name, side) in pair(b_types, a_types) {
            match side {
                (Some(b), None) if gone.contains(name) => self.type_gone(name, b),
                (None, Some(a)) if new.contains(name) => self.type_new(name, a),
                (Some(b), Some(a)) => self.type_changed(name, b, a),
                _ => {}
            }
        }
        self.client_setup(before, after);
        self.validated(b_validated, a_validated, a_types);
        self.error_model(
            before,
            after,
            (b_error_type, a_error_type),
            (b_error_bodies, a_error_bodies),
        );
        if b_server != a_server {
            let none = Usage::default();
            let subject = Subject {
                text: "`Client::new`".to_owned(),
                usage: &none,
                on_operation: false,
            };
            let shown = |s: &Option<String>| {
                s.as_ref()
                    .map_or_else(|| "none".to_owned(), |s| format!("`{s}`"))
            };
            self.push(
                "default-server-changed",
                &subject,
                format!(
                    "first `servers` URL now {} (was {})",
                    shown(a_server),
                    shown(b_server)
                ),
                (
                    Possibly,
                    "clients built without a base URL call the new server".to_owned(),
                ),
                (
                    RustImpact::Runtime,
                    "`Client::new` uses another base URL by default",
                ),
            );
        }
    }

    /// The crate's error type (`Error<…>`, which every method returns) and the structs that
    /// are error bodies.
    fn error_model(
        &mut self,
        before: &Surface,
        after: &Surface,
        (b_type, a_type): (&crate::ir::TypeRef, &crate::ir::TypeRef),
        (b_bodies, a_bodies): (&BTreeSet<String>, &BTreeSet<String>),
    ) {
        let every = Usage {
            requests: before
                .operations
                .keys()
                .filter(|name| after.operations.contains_key(*name))
                .cloned()
                .collect(),
            ..Usage::default()
        };
        if type_text(b_type) != type_text(a_type) {
            let subject = Subject {
                text: "`Error` (the crate's error type)".to_owned(),
                usage: &every,
                on_operation: false,
            };
            let reason = "every method's error type changed: code that reads `api_error()` sees another type";
            self.push(
                "crate-error-type-changed",
                &subject,
                format!(
                    "the error schemas now give `Error<{}>` (was `Error<{}>`)",
                    type_text(a_type),
                    type_text(b_type)
                ),
                (
                    Info,
                    "each error status's body is reported on its own".to_owned(),
                ),
                (RustImpact::Major, reason),
            );
        }
        let none = Usage::default();
        for name in a_bodies.symmetric_difference(b_bodies) {
            let subject = Subject {
                text: format!("`{name}`"),
                usage: &none,
                on_operation: false,
            };
            let (message, rust) = if a_bodies.contains(name) {
                (
                    "now an error body (implements `ErrorBody`)",
                    (RustImpact::Minor, "a new trait impl"),
                )
            } else {
                (
                    "no longer an error body (`ErrorBody` gone)",
                    (
                        RustImpact::Major,
                        "code that uses the trait impl no longer compiles",
                    ),
                )
            };
            self.push(
                "error-body-changed",
                &subject,
                message.to_owned(),
                (
                    Info,
                    "each error status's body is reported on its own".to_owned(),
                ),
                rust,
            );
        }
    }

    /// Which types implement `Validate`: a type gains it when a constraint is added to what it
    /// holds, and loses it when nothing it holds can be refused any more. Types that come or
    /// go are reported on their own.
    fn validated(
        &mut self,
        before: &BTreeSet<String>,
        after: &BTreeSet<String>,
        after_types: &BTreeMap<String, TypeSurface>,
    ) {
        let none = Usage::default();
        for name in before.symmetric_difference(after) {
            let (Some(ty), true) = (after_types.get(name), self.types.0.contains_key(name)) else {
                continue;
            };
            let subject = Subject::named(name, ty, &none);
            let (message, rust) = if after.contains(name) {
                (
                    "now implements `Validate`: something it holds can be refused",
                    (RustImpact::Minor, "a new trait impl"),
                )
            } else {
                (
                    "no longer implements `Validate`: nothing it holds can be refused",
                    (
                        RustImpact::Major,
                        "code that calls `validate()` or `violations()` on it no longer compiles",
                    ),
                )
            };
            self.push(
                "validate-impl-changed",
                &subject,
                message.to_owned(),
                (Info, "what is sent is unchanged".to_owned()),
                rust,
            );
        }
    }

    /// The types of both sides, for [`values::Sides::judge`].
    fn sides(&self) -> values::Sides<'_> {
        values::Sides {
            before: &self.types.0,
            after: &self.types.1,
        }
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
                (Some(scheme), None) => self.push(
                    "security-scheme-removed",
                    &subject,
                    "security scheme removed".to_owned(),
                    (
                        Info,
                        "operations that used it are reported on their own".to_owned(),
                    ),
                    (
                        RustImpact::Major,
                        &format!("`Client::{}` is gone", scheme.setter),
                    ),
                ),
                (None, Some(scheme)) => self.push(
                    "security-scheme-added",
                    &subject,
                    "security scheme added".to_owned(),
                    (
                        Info,
                        "operations that use it are reported on their own".to_owned(),
                    ),
                    (
                        RustImpact::Minor,
                        &format!("a new `Client::{}`", scheme.setter),
                    ),
                ),
                (Some(b), Some(a)) => {
                    self.doc(&b.doc, &a.doc);
                    if a.setter != b.setter {
                        self.push(
                            "security-scheme-renamed",
                            &subject,
                            format!("its setter is now `{}` (was `{}`)", a.setter, b.setter),
                            (Info, "what is sent is unchanged".to_owned()),
                            (
                                RustImpact::Major,
                                &format!("`Client::{}` is gone", b.setter),
                            ),
                        );
                    }
                    if a.sends != b.sends {
                        self.push(
                            "security-scheme-changed",
                            &subject,
                            format!("now sends {} (was {})", a.sends, b.sends),
                            (
                                Breaking,
                                "the server expects the credential as the new scheme says"
                                    .to_owned(),
                            ),
                            (
                                RustImpact::Runtime,
                                "the client sends its credential the new way",
                            ),
                        );
                    }
                }
                (None, None) => {}
            }
        }
        let credentials = |map: &BTreeMap<String, Option<String>>| {
            map.keys().cloned().collect::<Vec<_>>().join(", ")
        };
        let subject = Subject {
            text: "`Credentials`".to_owned(),
            usage: &none,
            on_operation: false,
        };
        if before.credentials.keys().ne(after.credentials.keys()) {
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
        for (name, side) in pair(&before.credentials, &after.credentials) {
            let (Some(b), Some(a)) = side else { continue };
            if a != b {
                let shown = |e: &Option<String>| {
                    e.as_ref()
                        .map_or_else(|| "none".to_owned(), |e| format!("`{e}`"))
                };
                self.push(
                    "credential-environment-changed",
                    &subject,
                    format!(
                        "`{name}` is now read from the environment variable {} (was {})",
                        shown(a),
                        shown(b)
                    ),
                    (Info, "what is sent is unchanged".to_owned()),
                    (
                        RustImpact::Runtime,
                        "`Credentials::from_env` reads another variable",
                    ),
                );
            }
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

/// Whether `after` holds the same names as `before`, in another order: arguments that swap.
fn reordered(before: &[String], after: &[String]) -> bool {
    let sorted = |names: &[String]| {
        let mut names = names.to_vec();
        names.sort();
        names
    };
    before != after && sorted(before) == sorted(after)
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
