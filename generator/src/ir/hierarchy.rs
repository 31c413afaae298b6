//! Class hierarchies in compositions, as Java frameworks write them: a parent lists its
//! subclasses in `oneOf`, and each subclass `allOf`s its parents (valid OpenAPI 3.0, and
//! common). Merging a subclass meets the parent, whose alternatives lead back to the subclass;
//! followed, they would merge without end. Here a parent met so stands for its own parts, and
//! the alternatives of several parents come down to the narrowest list.

use super::composition::{Composition, Part};
use super::{Builder, Shape};
use crate::diagnostics::join;
use openapiv3::{ReferenceOr, Schema};
use std::collections::BTreeSet;

/// The one `oneOf`/`anyOf` that the parts of an `allOf` which are not objects come down to.
pub(super) struct Choice {
    /// The schema whose alternatives are taken (for its `discriminator`).
    pub(super) schema: Schema,
    /// Where it is: its reference, or its pointer.
    pub(super) at: String,
    /// The parts every alternative has: the properties beside each choice's alternatives,
    /// and its own `allOf` members.
    pub(super) own_parts: Vec<Part>,
}

impl Builder<'_> {
    /// Whether a schema met as an `allOf` member has alternatives (`oneOf`/`anyOf`) that lead
    /// back to what is being merged: the schema itself is being composed, or one of its
    /// alternatives is, or was already merged into this `allOf` (`visited`). Inside a
    /// subclass, a parent then stands for its own parts alone, since the alternative it
    /// offers is the subclass itself.
    pub(super) fn leads_back(&self, schema: &Schema, at: &str, visited: &BTreeSet<String>) -> bool {
        let Some(composition) = Composition::of(schema) else {
            return false;
        };
        if !composition.has_alternatives() {
            return false;
        }
        let composing = |reference: &str| self.composing.iter().any(|c| c == reference);
        // `at` itself is among the visited already: it was marked on the way in.
        let being_merged = |reference: &str| visited.contains(reference) || composing(reference);
        let (_, alternatives) = composition.alternatives();
        composing(at)
            || alternatives.iter().any(|member| match member {
                ReferenceOr::Reference { reference } => being_merged(reference),
                ReferenceOr::Item(_) => false,
            })
    }

    /// Adds a schema's own parts to an `allOf`, without its alternatives: the properties beside
    /// them, and its own `allOf` members.
    pub(super) fn flatten_own_parts(
        &mut self,
        schema: &Schema,
        at: &str,
        depth: usize,
        visited: &mut BTreeSet<String>,
        parts: &mut Vec<Part>,
    ) {
        let Some(composition) = Composition::of(schema) else {
            return;
        };
        if let Some(object) = composition.sibling_object() {
            parts.push(Part::Object(Box::new(object.clone()), at.to_owned()));
        }
        for (i, member) in composition.all_of.iter().enumerate() {
            let pointer = join(&join(at, "allOf"), &i.to_string());
            self.flatten_all_of(member, &pointer, depth + 1, visited, parts);
        }
    }

    /// The choice that the parts of an `allOf` which are not objects (`others`) come down to:
    /// each has alternatives, and one's are among every other's. That is an intermediate class:
    /// its parent lists every subclass, the class itself only its own, and a value of both is
    /// one of the narrower list. `None` otherwise, or when a list is not all references.
    pub(super) fn combined_choice(
        &mut self,
        others: &[(ReferenceOr<Schema>, String)],
    ) -> Option<Choice> {
        let mut choices = Vec::new();
        for (member, at) in others {
            let schema = self.schema_of(member)?;
            if !Composition::of(&schema).is_some_and(|c| c.has_alternatives()) {
                return None;
            }
            choices.push((schema, at.clone()));
        }
        let narrowest = match choices.as_slice() {
            [_] => 0,
            _ => {
                let lists: Vec<BTreeSet<String>> = choices
                    .iter()
                    .map(|(schema, _)| alternative_references(schema))
                    .collect::<Option<_>>()?;
                lists
                    .iter()
                    .position(|list| lists.iter().all(|other| list.is_subset(other)))?
            }
        };
        let mut own_parts = Vec::new();
        for (schema, at) in &choices {
            let mut visited = BTreeSet::from([at.clone()]);
            self.flatten_own_parts(schema, at, 0, &mut visited, &mut own_parts);
        }
        let (schema, at) = choices.swap_remove(narrowest);
        Some(Choice {
            schema,
            at,
            own_parts,
        })
    }

    /// The enum of `choice`'s alternatives, each merged with `common`. While they are
    /// expanded, the choice is being composed: an alternative that leads back to it is read
    /// without it.
    pub(super) fn choice_with_common(
        &mut self,
        choice: &Schema,
        at: &str,
        common: Vec<Part>,
        name: &str,
    ) -> Shape {
        let Some(composition) = Composition::of(choice) else {
            return self.shape(choice, name, at);
        };
        let (keyword, members) = composition.alternatives();
        let members = members.to_vec();
        self.composing.push(at.to_owned());
        let shape = self.variants_with_common(choice, keyword, &members, common, name, at);
        self.composing.pop();
        shape
    }
}

impl Builder<'_> {
    /// Whether the alternative `member` of a choice already has every part in `common`: each
    /// comes from a schema that the member `allOf`s (it is a subclass of the class that lists
    /// it, and of that class's parents), or from the member itself. The variant is then the
    /// member's own type, not a copy of it merged again.
    pub(super) fn member_has_common(
        &mut self,
        member: &ReferenceOr<Schema>,
        common: &[Part],
    ) -> bool {
        let ReferenceOr::Reference { reference } = member else {
            return false;
        };
        let mut sources = self.all_of_closure(reference);
        sources.insert(reference.clone());
        let within = |at: &str, source: &str| {
            at.strip_prefix(source)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        common
            .iter()
            .all(|part| sources.iter().any(|source| within(part.pointer(), source)))
    }

    /// The references a schema `allOf`s, directly or through the schemas it `allOf`s.
    fn all_of_closure(&mut self, reference: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut pending = vec![reference.to_owned()];
        while let Some(next) = pending.pop() {
            let member = ReferenceOr::Reference { reference: next };
            let Some(schema) = self.schema_of(&member) else {
                continue;
            };
            let mut inline = vec![schema];
            while let Some(schema) = inline.pop() {
                let Some(composition) = Composition::of(&schema) else {
                    continue;
                };
                for member in composition.all_of {
                    match member {
                        ReferenceOr::Reference { reference } => {
                            if found.insert(reference.clone()) {
                                pending.push(reference.clone());
                            }
                        }
                        ReferenceOr::Item(schema) => inline.push(schema.clone()),
                    }
                }
            }
        }
        found
    }
}

/// The references a schema's alternatives are; `None` if one is written inline.
fn alternative_references(schema: &Schema) -> Option<BTreeSet<String>> {
    let composition = Composition::of(schema)?;
    let (_, alternatives) = composition.alternatives();
    alternatives
        .iter()
        .map(|member| match member {
            ReferenceOr::Reference { reference } => Some(reference.clone()),
            ReferenceOr::Item(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::{Settings, generate};

    fn types_of(spec: &str) -> Result<String, String> {
        let settings = Settings {
            spec_name: "spec.yaml".to_owned(),
            standalone_crate: None,
            runtime_path: None,
            doc_crate: None,
        };
        let generated = generate(spec, &settings).map_err(|d| d.to_string())?;
        let types = generated
            .files
            .iter()
            .find(|f| f.path.ends_with("types.rs"));
        Ok(types.map(|f| f.contents.clone()).unwrap_or_default())
    }

    const HEAD: &str =
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";

    fn one_of(children: impl Iterator<Item = usize>) -> String {
        let refs: Vec<String> = children
            .map(|i| format!("{{$ref: '#/components/schemas/C{i}'}}"))
            .collect();
        refs.join(", ")
    }

    /// A class hierarchy as Java frameworks write it, 49 schemas: `Base` lists its 47
    /// subclasses in `oneOf` and each `allOf`s it; the last 24 also `allOf` `Mid`, which lists
    /// them too. Merging once followed every subclass again inside every subclass, without end.
    #[test]
    fn a_hierarchy_whose_parents_list_their_subclasses_generates() {
        let mut spec = format!(
            "{HEAD}    Base: {{type: object, properties: {{id: {{type: string}}}}, oneOf: [{}]}}\n    \
             Mid: {{type: object, properties: {{mid: {{type: string}}}}, oneOf: [{}]}}\n",
            one_of(1..48),
            one_of(24..48)
        );
        for i in 1..48 {
            let mid = if i >= 24 {
                "{$ref: '#/components/schemas/Mid'}, "
            } else {
                ""
            };
            spec.push_str(&format!(
                "    C{i}: {{allOf: [{{$ref: '#/components/schemas/Base'}}, {mid}{{type: object, \
                 properties: {{p{i}: {{type: string}}}}}}]}}\n"
            ));
        }
        let types = types_of(&spec).unwrap_or_else(|e| panic!("{e}"));
        let fields_of = |name: &str| -> Vec<&str> {
            let start = types
                .find(&format!("pub struct {name} {{"))
                .unwrap_or(types.len());
            types[start..]
                .lines()
                .skip(1)
                .take_while(|line| !line.starts_with('}'))
                .filter_map(|line| line.trim().strip_prefix("pub "))
                .filter_map(|field| field.split(':').next())
                .collect()
        };
        assert_eq!(fields_of("C1"), ["id", "p1"]);
        assert_eq!(fields_of("C30"), ["id", "mid", "p30"]);
        // Each variant is the subclass itself: a subclass already has its parents' properties.
        assert!(types.contains("    C47(C47),\n"), "{types}");
        assert_eq!(types.matches("pub struct ").count(), 47);
    }

    /// Choices that are no cycle but branch at every level (each of two members holding the
    /// next choice) would merge 2^20 times; the budget stops them, with an error.
    #[test]
    fn merges_that_branch_at_every_level_are_cut_short() {
        let mut spec = HEAD.to_owned();
        for k in 0..20 {
            let next = format!("{{$ref: '#/components/schemas/Choice{}'}}", k + 1);
            spec.push_str(&format!(
                "    Choice{k}: {{oneOf: [{{$ref: '#/components/schemas/A{k}'}}, {{$ref: \
                 '#/components/schemas/B{k}'}}]}}\n    A{k}: {{allOf: [{{type: object, \
                 properties: {{a{k}: {{type: string}}}}}}, {next}]}}\n    B{k}: {{allOf: \
                 [{{type: object, properties: {{b{k}: {{type: string}}}}}}, {next}]}}\n"
            ));
        }
        spec.push_str("    Choice20: {type: object, properties: {end: {type: string}}}\n");
        let error = types_of(&spec).err().unwrap_or_default();
        assert!(
            error.contains(
                "unsupported: compositions that expand into more than 10,000 merged types"
            ),
            "{error}"
        );
    }
}
