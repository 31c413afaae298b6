//! Swagger 2.0 security definitions as OpenAPI 3.0 security schemes.

use super::*;

impl Reader<'_> {
    /// A security definition → a 3.0 security scheme: `basic` is HTTP basic, and an OAuth2
    /// `flow` one of the four 3.0 flows, its URLs kept as written.
    pub(super) fn security_scheme(&mut self, scheme: &Value, at: &str) -> Option<Value> {
        let source = scheme.as_mapping()?;
        let mut out = Mapping::new();
        for (key, value) in source {
            let Some(name) = key.as_str() else { continue };
            if name == "description" || name.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        match source.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".into(), "http".into());
                out.insert("scheme".into(), "basic".into());
            }
            Some("apiKey") => {
                out.insert("type".into(), "apiKey".into());
                for key in ["name", "in"] {
                    if let Some(value) = source.get(key) {
                        out.insert(key.into(), value.clone());
                    }
                }
            }
            Some("oauth2") => {
                out.insert("type".into(), "oauth2".into());
                out.insert("flows".into(), Value::Mapping(self.oauth_flows(source, at)));
            }
            _ => {
                self.diagnostics.warning(
                    "a security definition of no known type, left out",
                    join(at, "type"),
                    "the security definition's `type` is not `basic`, `apiKey` or `oauth2`; it \
                     is left out, and operations are sent without it",
                );
                return None;
            }
        }
        Some(Value::Mapping(out))
    }

    pub(super) fn oauth_flows(&mut self, source: &Mapping, at: &str) -> Mapping {
        let flow = source
            .get("flow")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let (name, urls): (&str, &[&str]) = match flow {
            "implicit" => ("implicit", &["authorizationUrl"]),
            "password" => ("password", &["tokenUrl"]),
            "application" => ("clientCredentials", &["tokenUrl"]),
            "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
            _ => {
                self.diagnostics.warning(
                    "an OAuth2 definition of no known flow",
                    join(at, "flow"),
                    "the OAuth2 `flow` is not `implicit`, `password`, `application` or \
                     `accessCode`; it is read as `application` (client credentials)",
                );
                ("clientCredentials", &["tokenUrl"])
            }
        };
        let mut flow_out = Mapping::new();
        for url in urls {
            let value = source.get(*url).cloned().unwrap_or_else(|| "".into());
            flow_out.insert((*url).into(), value);
        }
        let scopes = source
            .get("scopes")
            .cloned()
            .unwrap_or_else(|| Value::Mapping(Mapping::new()));
        flow_out.insert("scopes".into(), scopes);
        let mut flows = Mapping::new();
        flows.insert(name.into(), Value::Mapping(flow_out));
        flows
    }
}
