//! String schemas: enums, vendor date formats, secrets, and strings constrained by a pattern
//! or length, which become types that can only be built through validation.

use super::{
    Builder, EXT_DATETIME_PATTERN, EXT_PII, EXT_SECRET, PatternDef, Shape, TypeKind, TypeRef,
    Variant,
};
use crate::diagnostics::join;
use crate::naming::{self, Scope};
use crate::pattern::{self, Dialect};
use crate::temporal;
use openapiv3::{Schema, StringFormat, VariantOrUnknownOrEmpty};
use serde_json::Value;

impl Builder<'_> {
    pub(super) fn string_shape(
        &mut self,
        schema: &Schema,
        string: &openapiv3::StringType,
        pointer: &str,
    ) -> Shape {
        let datetime_pattern = self.datetime_pattern(schema, pointer);
        if self.flag(schema, EXT_SECRET, &join(pointer, EXT_SECRET)) {
            let constrained = !string.enumeration.is_empty()
                || string.pattern.is_some()
                || string.min_length.is_some()
                || string.max_length.is_some()
                || datetime_pattern.is_some();
            if constrained {
                self.unsupported(
                    &join(pointer, EXT_SECRET),
                    "`x-secret` on a string with an enum, pattern, length or date format",
                );
            }
            return Shape::Plain(TypeRef::Secret);
        }
        if string.enumeration.iter().any(Option::is_some) {
            return Shape::Def(self.enum_kind(&string.enumeration, pointer));
        }
        if !string.enumeration.is_empty() {
            // `enum: [null]`: the value is always null, read as an optional string.
            self.spec_defect(
                "an enum whose only value is `null`",
                &join(pointer, "enum"),
                "the enum lists only `null`; the value is read as an optional string".to_owned(),
            );
        }
        if let Some(java) = datetime_pattern {
            let pointer = join(pointer, EXT_DATETIME_PATTERN);
            return match temporal::parse_java(java) {
                Ok(format) => {
                    self.temporal_formats.insert(format.clone());
                    Shape::Plain(TypeRef::Temporal(format))
                }
                Err(reason) => {
                    self.diagnostics.push(pointer, reason);
                    Shape::Plain(TypeRef::String)
                }
            };
        }
        if string.pattern.is_some() || string.min_length.is_some() || string.max_length.is_some() {
            let pattern = string
                .pattern
                .as_ref()
                .and_then(|source| self.pattern(source, &join(pointer, "pattern")));
            if let (Some(min), Some(max)) = (string.min_length, string.max_length)
                && min > max
            {
                self.diagnostics.push(
                    join(pointer, "minLength"),
                    format!("`minLength` {min} is greater than `maxLength` {max}: no value fits"),
                );
            }
            return Shape::Def(TypeKind::Constrained {
                pattern,
                min_length: string.min_length,
                max_length: string.max_length,
                pii: self.flag(schema, EXT_PII, &join(pointer, EXT_PII)),
            });
        }
        Shape::Plain(match &string.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => {
                match temporal::parse_java("yyyy-MM-dd") {
                    Ok(format) => {
                        self.temporal_formats.insert(format.clone());
                        TypeRef::Temporal(format)
                    }
                    Err(_) => TypeRef::String,
                }
            }
            _ => TypeRef::String,
        })
    }

    /// `x-datetime-pattern`, if the schema has it as the generator writes it: a string (a Java
    /// pattern). Another value is another tool's, noted and ignored.
    fn datetime_pattern<'s>(&mut self, schema: &'s Schema, pointer: &str) -> Option<&'s str> {
        match schema.schema_data.extensions.get(EXT_DATETIME_PATTERN)? {
            Value::String(java) => Some(java),
            other => {
                let at = join(pointer, EXT_DATETIME_PATTERN);
                let ours = "a Java date-time pattern such as `yyyy-MM-dd`";
                self.foreign_value(EXT_DATETIME_PATTERN, other, &at, ours);
                None
            }
        }
    }

    /// `x-secret` and `x-datetime-pattern` on a schema that is not a string, where the
    /// generator's never are: another tool's, noted and ignored.
    pub(super) fn misplaced_string_extensions(&mut self, schema: &Schema, pointer: &str) {
        for name in [EXT_SECRET, EXT_DATETIME_PATTERN] {
            if schema.schema_data.extensions.contains_key(name) {
                let why = format!(
                    "`{name}` is on a schema that is not a string, where the generator's always is"
                );
                self.foreign_extension(name, &join(pointer, name), &why);
            }
        }
    }

    /// Translates (once per distinct pattern) and reports problems at `pointer`.
    pub(super) fn pattern(&mut self, source: &str, pointer: &str) -> Option<PatternDef> {
        let dialect = self.dialect;
        let translated = self
            .patterns
            .entry(source.to_owned())
            .or_insert_with(|| pattern::translate(source, dialect))
            .clone();
        match translated {
            Ok(translated) => {
                self.pattern_defects(source, &translated, pointer);
                Some(PatternDef {
                    source: source.to_owned(),
                    regex: translated.regex,
                })
            }
            // A pattern the client cannot check as the server does: a strict document must
            // fix it; any other gets a client that leaves the check to the server.
            Err(reasons) if self.strict => {
                for reason in reasons {
                    self.diagnostics.push(pointer, reason);
                }
                None
            }
            Err(reasons) => {
                for reason in reasons {
                    self.diagnostics.warning(
                        "a pattern the client cannot check as the server does, not checked",
                        pointer,
                        format!("{reason}; the pattern is left to the server"),
                    );
                }
                None
            }
        }
    }

    /// Reports what makes a pattern a defect of the spec although the client can check it:
    /// other tools cannot compile it, or it checks nothing. A pattern too long for these checks
    /// to be cheap is not checked, and a note says so.
    fn pattern_defects(&mut self, source: &str, translated: &pattern::Translated, pointer: &str) {
        if pattern::too_long_to_check(source) {
            self.diagnostics.note(
                "a pattern too long to check for defects, not checked",
                pointer,
                format!(
                    "the pattern is {} bytes long, more than the {} checked for defects; whether it compiles as ECMA-262 with the `u` flag, and whether it accepts every string, is not checked (the client still checks values against it)",
                    source.len(),
                    pattern::MAX_CHECKED_BYTES
                ),
            );
            return;
        }
        if let Some(error) = pattern::ecma_unicode_error(source) {
            self.spec_defect(
                "a pattern that does not compile as ECMA-262 with the `u` flag",
                pointer,
                format!(
                    "the pattern does not compile as ECMA-262 with the `u` flag ({error}), which is how JSON Schema validators and mock servers read it: they skip it or refuse the schema; the client still checks it in this document's dialect"
                ),
            );
        }
        if pattern::accepts_everything(translated) {
            let how = match self.dialect {
                Dialect::Java => "as a whole-value match (Java dialect)",
                Dialect::Ecma262 => {
                    "as an unanchored search (ECMA-262, JSON Schema's default; declare `x-pattern-dialect: java` if the server matches whole values)"
                }
            };
            self.spec_defect(
                "a pattern that accepts every string",
                pointer,
                format!("the pattern accepts every string {how}, so it checks nothing"),
            );
        }
    }

    pub(super) fn enum_kind(&mut self, values: &[Option<String>], pointer: &str) -> TypeKind {
        let variants = self
            .enum_variants(values, pointer, |_| true)
            .into_iter()
            .map(|(rust, wire)| Variant { rust, wire })
            .collect();
        TypeKind::Enum { variants }
    }

    /// An integer or number enum, each value a variant named after it (`V2`, `Minus1`).
    pub(super) fn number_enum(
        &mut self,
        values: &[Option<String>],
        integer: bool,
        pointer: &str,
    ) -> TypeKind {
        let holdable = |literal: &str| integer || super::decimal_parts(literal).is_some();
        let variants = self
            .enum_variants(values, pointer, holdable)
            .into_iter()
            .map(|(rust, literal)| super::NumberVariant { rust, literal })
            .collect();
        TypeKind::NumberEnum { variants, integer }
    }

    /// Each value of an enum once, with its variant name: `null` makes the type nullable (see
    /// `schema::is_nullable`) rather than a variant, a value listed twice is a spec defect, and
    /// one that is not `holdable` (a number an exact decimal cannot hold) is refused.
    fn enum_variants(
        &mut self,
        values: &[Option<String>],
        pointer: &str,
        holdable: impl Fn(&str) -> bool,
    ) -> Vec<(String, String)> {
        let mut scope = Scope::default();
        // The catch-all variant that keeps values this client does not know.
        scope.reserve("Unrecognized", "(unrecognized values)");
        let mut variants = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (index, value) in values.iter().enumerate() {
            let item_pointer = join(&join(pointer, "enum"), &index.to_string());
            let Some(wire) = value else {
                continue;
            };
            if !holdable(wire) {
                self.unsupported(
                    &item_pointer,
                    "a number enum value an exact decimal cannot hold",
                );
                continue;
            }
            if !seen.insert(wire.as_str()) {
                self.spec_defect(
                    "an enum value listed twice",
                    &item_pointer,
                    format!("the enum lists `{wire}` twice; the client knows it once"),
                );
                continue;
            }
            let rust = naming::variant_name(wire);
            let rust = scope.claim(&rust, wire, &item_pointer, &mut self.diagnostics);
            variants.push((rust, wire.clone()));
        }
        variants
    }
}

#[cfg(test)]
mod tests {
    use crate::{Settings, generate};

    fn settings() -> Settings {
        Settings {
            spec_name: "spec.yaml".to_owned(),
            standalone_crate: None,
            runtime_path: None,
            doc_crate: None,
        }
    }

    /// A pattern of 40,000 alternatives once took seconds in the ECMA-262 check alone; it is
    /// still translated for the client, and a note says which checks were left out.
    #[test]
    fn a_pattern_too_long_to_check_is_noted_and_still_checked_by_the_client() {
        let codes: Vec<String> = (1..=40_000).map(|i| format!("a{i}")).collect();
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Code: {{type: string, pattern: '^({})$'}}\n",
            codes.join("|")
        );
        let generated = generate(&spec, &settings()).unwrap_or_else(|d| panic!("{d}"));
        let notes: Vec<(&str, &str)> = generated
            .diagnostics
            .0
            .iter()
            .map(|d| (d.pointer.as_str(), d.kind.as_str()))
            .collect();
        assert_eq!(
            notes,
            [(
                "#/components/schemas/Code/pattern",
                "a pattern too long to check for defects, not checked"
            )]
        );
    }
}
