//! The OpenAPI version of a seed document. Mutations are chosen by it, so that a 2.0 construct
//! lands in a 2.0 document and a 3.1 keyword in a 3.1 one, and the run's summary counts cases by
//! it. A case keeps its seed's version even when a mutation deletes or rewrites the version field,
//! since what the mutations aimed at is the seed's dialect.

use super::tree::Node;

/// The dialect a seed is written in. The order is the order of the run's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Version {
    /// OpenAPI 3.0, and any document that declares no version we know (a broken fixture),
    /// since 3.0 is what the generator reads today.
    V30,
    V31,
    /// Swagger 2.0.
    V20,
}

impl Version {
    pub(crate) const ALL: [Version; 3] = [Version::V30, Version::V31, Version::V20];

    /// The version `doc` declares: `swagger` (any value) for 2.0, an `openapi` of `3.1…` (a
    /// string, or a YAML float as careless authors write it) for 3.1, anything else 3.0.
    pub(crate) fn of(doc: &Node) -> Version {
        if doc.get("swagger").is_some() {
            return Version::V20;
        }
        match doc.get("openapi") {
            Some(Node::Str(v) | Node::Num(v)) if v.starts_with("3.1") => Version::V31,
            _ => Version::V30,
        }
    }

    /// The version of a seed that is not YAML at all, read from its first lines, so that even a
    /// text-only seed is counted under the version its author meant.
    pub(crate) fn of_text(text: &str) -> Version {
        let head: String = text.lines().take(5).collect::<Vec<_>>().join("\n");
        if head.contains("swagger") {
            Version::V20
        } else if head.contains("3.1") {
            Version::V31
        } else {
            Version::V30
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Version::V30 => "3.0",
            Version::V31 => "3.1",
            Version::V20 => "2.0",
        }
    }

    /// Where a reference to component schema `name` points in a document of this version.
    pub(crate) fn schema_ref(self, name: &str) -> String {
        let escaped = name.replace('~', "~0").replace('/', "~1");
        match self {
            Version::V20 => format!("#/definitions/{escaped}"),
            _ => format!("#/components/schemas/{escaped}"),
        }
    }

    /// The mapping of named schemas: `definitions` in 2.0, `components/schemas` otherwise.
    pub(crate) fn schemas(self, doc: &Node) -> Option<&Node> {
        match self {
            Version::V20 => doc.get("definitions"),
            _ => doc.get("components")?.get("schemas"),
        }
    }

    pub(crate) fn schemas_mut(self, doc: &mut Node) -> Option<&mut Node> {
        match self {
            Version::V20 => doc.get_mut("definitions"),
            _ => doc.get_mut("components")?.get_mut("schemas"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Node {
        Node::from_yaml(yaml_serde::from_str(text).expect("yaml")).expect("tree")
    }

    /// Each way of declaring a version is read as that version, YAML floats included.
    #[test]
    fn versions_are_read_from_the_declaration() {
        assert_eq!(Version::of(&doc("openapi: 3.0.3")), Version::V30);
        assert_eq!(Version::of(&doc("openapi: 3.1.0")), Version::V31);
        assert_eq!(Version::of(&doc("openapi: 3.1")), Version::V31);
        assert_eq!(Version::of(&doc("swagger: '2.0'")), Version::V20);
        assert_eq!(Version::of(&doc("swagger: 2.0")), Version::V20);
        assert_eq!(Version::of(&doc("info: {}")), Version::V30);
        assert_eq!(Version::of_text("swagger: \"2.0\n{"), Version::V20);
    }
}
