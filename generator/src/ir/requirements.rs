//! Security requirements: which schemes each operation sends credentials for.
//!
//! A requirement may name a scheme that `#/components/securitySchemes` never declares (vendors
//! rename a scheme and forget its uses, sometimes hundreds of them). The client cannot send a
//! credential it knows nothing about, so the scheme is left out of every requirement, and
//! reported once, with how often it is named.

use super::Builder;
use crate::diagnostics::join;
use indexmap::IndexMap;
use std::collections::BTreeSet;

/// How many operations a warning names before it only counts the rest.
const NAMED_OPERATIONS: usize = 3;

/// The uses of undeclared security schemes, gathered over every operation, by scheme name in
/// the order they are first met.
#[derive(Default)]
pub(super) struct Undeclared {
    schemes: IndexMap<String, Uses>,
}

#[derive(Default)]
struct Uses {
    /// Each place the name is written (a requirement the root and many operations share
    /// counts once); the first is where it was first met.
    pointers: Vec<String>,
    seen: BTreeSet<String>,
    /// The operations left without any requirement once the scheme is dropped.
    stranded: Vec<String>,
}

impl Undeclared {
    fn record(&mut self, scheme: &str, pointer: String) {
        let uses = self.schemes.entry(scheme.to_owned()).or_default();
        if uses.seen.insert(pointer.clone()) {
            uses.pointers.push(pointer);
        }
    }

    fn strand(&mut self, scheme: &str, operation: &str) {
        if let Some(uses) = self.schemes.get_mut(scheme)
            && !uses.stranded.iter().any(|o| o == operation)
        {
            uses.stranded.push(operation.to_owned());
        }
    }
}

impl Builder<'_> {
    /// The operation's security requirements (its own, else the document's), in the spec's
    /// order, each with its schemes in order. A scheme the document does not declare is left
    /// out and recorded in `undeclared`; a requirement that named only such schemes is left
    /// out whole, since keeping it empty would make authentication optional.
    pub(super) fn operation_security(
        &self,
        operation: &openapiv3::Operation,
        (pointer, id): (&str, &str),
        undeclared: &mut Undeclared,
    ) -> Vec<Vec<String>> {
        let (requirements, requirements_pointer) = match &operation.security {
            Some(requirements) => (requirements, join(pointer, "security")),
            None => match &self.document.security {
                Some(requirements) => (requirements, "#/security".to_owned()),
                None => return Vec::new(),
            },
        };
        let mut alternatives: Vec<Vec<String>> = Vec::new();
        let mut dropped = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let at = join(&requirements_pointer, &i.to_string());
            let mut names = Vec::new();
            for name in requirement.keys() {
                if self.declares_scheme(name) {
                    names.push(name.clone());
                } else {
                    undeclared.record(name, join(&at, name));
                    dropped.push(name.as_str());
                }
            }
            let only_undeclared = names.is_empty() && !requirement.is_empty();
            if !only_undeclared && !alternatives.contains(&names) {
                alternatives.push(names);
            }
        }
        if alternatives.is_empty() {
            for name in dropped {
                undeclared.strand(name, id);
            }
        }
        // Only optional authentication: the same as none.
        if alternatives.iter().all(Vec::is_empty) {
            alternatives.clear();
        }
        alternatives
    }

    fn declares_scheme(&self, name: &str) -> bool {
        self.document
            .components
            .as_ref()
            .is_some_and(|c| c.security_schemes.contains_key(name))
    }

    /// One warning per undeclared scheme, at its first use, with how many requirements name
    /// it and which operations are left without authentication. The document's own
    /// requirements count even when every operation replaces them.
    pub(super) fn report_undeclared(&mut self, mut undeclared: Undeclared) {
        for (i, requirement) in self.document.security.iter().flatten().enumerate() {
            for name in requirement.keys() {
                if !self.declares_scheme(name) {
                    let at = join(&join("#/security", &i.to_string()), name);
                    undeclared.record(name, at);
                }
            }
        }
        for (name, uses) in undeclared.schemes {
            let Some(first) = uses.pointers.first() else {
                continue;
            };
            let count = match uses.pointers.len() {
                1 => "one security requirement names it".to_owned(),
                n => format!("{n} security requirements name it, this one first"),
            };
            let mut message = format!(
                "`{name}` is not a security scheme under #/components/securitySchemes; {count}; the client sends those requests without it"
            );
            if !uses.stranded.is_empty() {
                message.push_str(&stranded_clause(&uses.stranded));
            }
            self.spec_defect(
                "a security requirement naming a scheme the document does not declare, left out",
                first,
                message,
            );
        }
    }
}

/// "; 5 operations have no other requirement, so they have no security and are sent without
/// credentials: `a`, `b`, `c` and 2 more".
fn stranded_clause(operations: &[String]) -> String {
    let named: Vec<String> = operations
        .iter()
        .take(NAMED_OPERATIONS)
        .map(|id| format!("`{id}`"))
        .collect();
    let rest = operations.len().saturating_sub(NAMED_OPERATIONS);
    let list = match rest {
        0 => named.join(", "),
        rest => format!("{} and {rest} more", named.join(", ")),
    };
    match operations.len() {
        1 => format!(
            "; the operation {list} has no other requirement, so it has no security and is sent without credentials"
        ),
        n => format!(
            "; {n} operations have no other requirement, so they have no security and are sent without credentials: {list}"
        ),
    }
}
