//! Changes to what the spec says of a field or parameter that the client does not act on:
//! `default`, `deprecated`, `readOnly`, `writeOnly`, and a `format` that leaves the Rust type
//! as it was. Each changes what the server does, not what compiles.

use super::{Comparison, Subject, directional};
use crate::ir::Annotations;
use crate::report::RustImpact;

use crate::report::Level::{Informational as Info, PossiblyBreaking as Possibly};

impl Comparison {
    /// `same_type`: the Rust type did not change, so a `format` change is reported here (one
    /// that changed the type is part of the type change).
    pub(super) fn annotations(
        &mut self,
        subject: &Subject<'_>,
        what: &str,
        before: &Annotations,
        after: &Annotations,
        same_type: bool,
    ) {
        let Annotations {
            default: b_default,
            deprecated: b_deprecated,
            read_only: b_read_only,
            write_only: b_write_only,
            format: b_format,
        } = before;
        let Annotations {
            default: a_default,
            deprecated: a_deprecated,
            read_only: a_read_only,
            write_only: a_write_only,
            format: a_format,
        } = after;
        let shown = |v: &Option<String>| {
            v.as_ref()
                .map_or_else(|| "none".to_owned(), |v| format!("`{v}`"))
        };
        if b_default != a_default {
            let wire = directional(
                subject.usage,
                (
                    Possibly,
                    "a request without it now means something else to the server",
                ),
                (Info, "old clients read the value the server sends"),
            );
            self.push(
                "default-changed",
                subject,
                format!(
                    "`default` of {what} now {} (was {})",
                    shown(a_default),
                    shown(b_default)
                ),
                wire,
                (
                    RustImpact::None,
                    "the field is generated as before; the client sends no default",
                ),
            );
        }
        if b_deprecated != a_deprecated {
            let message = if *a_deprecated {
                format!("{what} is now `deprecated`")
            } else {
                format!("{what} is no longer `deprecated`")
            };
            self.push(
                "deprecated-changed",
                subject,
                message,
                (
                    Info,
                    "the server still reads and sends it; a later version may remove it".to_owned(),
                ),
                (RustImpact::None, "the field is generated as before"),
            );
        }
        for (flag, b, a, request, response) in [
            (
                "readOnly",
                b_read_only,
                a_read_only,
                (Possibly, "the server now ignores or refuses it in requests"),
                (Info, "the server still sends it"),
            ),
            (
                "writeOnly",
                b_write_only,
                a_write_only,
                (Info, "the server still reads it"),
                (
                    Possibly,
                    "the server no longer sends it; old clients that need it read it as absent",
                ),
            ),
        ] {
            if b == a {
                continue;
            }
            let (message, wire) = if *a {
                (
                    format!("`{flag}: true` added to {what}"),
                    directional(subject.usage, request, response),
                )
            } else {
                (
                    format!("`{flag}: true` removed from {what}"),
                    (Info, "the server reads and sends it both ways".to_owned()),
                )
            };
            self.push(
                "read-write-changed",
                subject,
                message,
                wire,
                (RustImpact::None, "the field is generated as before"),
            );
        }
        if same_type && b_format != a_format {
            let wire = directional(
                subject.usage,
                (Possibly, "the server may check values by the new format"),
                (Possibly, "the server may send values of the new format"),
            );
            self.push(
                "format-changed",
                subject,
                format!(
                    "`format` of {what} now {} (was {})",
                    shown(a_format),
                    shown(b_format)
                ),
                wire,
                (RustImpact::None, "the Rust type is the same"),
            );
        }
    }
}
