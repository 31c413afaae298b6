//! A request the mock received, read as the server reads it: its path parameters, query,
//! header and cookie parameters, and body, each into its type, with every problem found
//! reported at its place, as the client's own validation reports them.

use super::text::{self, Values};
use crate::Violation;
use serde::de::DeserializeOwned;

/// Adds `value` to the values of `name` among `properties`.
fn push_value(properties: &mut Vec<(String, Values)>, name: &str, value: &str) {
    match properties.iter_mut().find(|(key, _)| key == name) {
        Some((_, Values::Text(values))) => values.push(value.to_owned()),
        _ => properties.push((name.to_owned(), Values::Text(vec![value.to_owned()]))),
    }
}

/// A request to one operation, with the values of its path parameters cut out of the path.
#[derive(Debug)]
pub struct Incoming<'a> {
    pub(super) request: &'a wiremock::Request,
    /// Each path parameter's text, percent-decoded, in the order of the template.
    pub(super) path: Vec<String>,
}

/// Where a parameter is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamIn {
    /// The query string.
    Query,
    /// A header.
    Header,
    /// A cookie.
    Cookie,
}

/// How a parameter's values are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// One value, or an array as repeated names (`form`, exploded).
    Repeated,
    /// An array as one value, its items separated by this character (`,`, ` `, `|`).
    By(char),
    /// A value as JSON text (`content: application/json`).
    Json,
    /// An object as `name[property]=value` pairs (`deepObject`).
    DeepObject,
    /// An object as one value of alternating properties and values, `x,1,y,2` (`form` and
    /// `simple`, not exploded).
    Pairs,
    /// An object whose properties are names of their own (`form`, exploded): every query
    /// name no other parameter has.
    Rest,
}

/// A parameter of an operation's parameters struct: its key in the struct's serialized form,
/// its name on the wire, where it is sent and how.
#[derive(Clone, Copy, Debug)]
pub struct ParamSpec {
    /// The struct's key for it.
    pub key: &'static str,
    /// Its name on the wire.
    pub wire: &'static str,
    /// Where it is sent.
    pub location: ParamIn,
    /// How its values are laid out.
    pub split: Split,
}

impl Incoming<'_> {
    /// The path parameter at `index`, named `name`, read as `T`; `None` after reporting why
    /// it does not read.
    pub fn path_param<T: DeserializeOwned>(
        &self,
        index: usize,
        name: &str,
        violations: &mut Vec<Violation>,
    ) -> Option<T> {
        let Some(value) = self.path.get(index) else {
            violations.push(Violation::new(name, "missing from the path"));
            return None;
        };
        text::from_values(&Values::Text(vec![value.clone()]))
            .map_err(|message| violations.push(Violation::new(name, message)))
            .ok()
    }

    /// The parameters struct `T`, read from the query, headers and cookies as `specs` say.
    pub fn params<T: DeserializeOwned>(
        &self,
        specs: &[ParamSpec],
        violations: &mut Vec<Violation>,
    ) -> Option<T> {
        let query: Vec<(String, String)> = self
            .request
            .url
            .query_pairs()
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
        let mut entries = Vec::new();
        for spec in specs {
            if let Some(values) = self.values(spec, specs, &query, violations) {
                entries.push((spec.key.to_owned(), values));
            }
        }
        text::from_entries(&entries)
            .map_err(|(path, message)| violations.push(Violation::new(&path, message)))
            .ok()
    }

    /// The values of one parameter, as its layout has them; `None` when it is absent.
    fn values(
        &self,
        spec: &ParamSpec,
        specs: &[ParamSpec],
        query: &[(String, String)],
        violations: &mut Vec<Violation>,
    ) -> Option<Values> {
        if spec.location == ParamIn::Query {
            match spec.split {
                Split::DeepObject => {
                    let prefix = format!("{}[", spec.wire);
                    let mut properties: Vec<(String, Values)> = Vec::new();
                    for (key, value) in query {
                        let Some(property) = key
                            .strip_prefix(&prefix)
                            .and_then(|rest| rest.strip_suffix(']'))
                        else {
                            continue;
                        };
                        push_value(&mut properties, property, value);
                    }
                    return (!properties.is_empty()).then_some(Values::Object(properties));
                }
                Split::Rest => {
                    let mut properties: Vec<(String, Values)> = Vec::new();
                    for (key, value) in query {
                        if specs.iter().any(|other| other.wire == key) {
                            continue;
                        }
                        push_value(&mut properties, key, value);
                    }
                    return (!properties.is_empty()).then_some(Values::Object(properties));
                }
                _ => {}
            }
        }
        let raw: Vec<String> = match spec.location {
            ParamIn::Query => query
                .iter()
                .filter(|(key, _)| key == spec.wire)
                .map(|(_, value)| value.clone())
                .collect(),
            ParamIn::Header => self
                .request
                .headers
                .get_all(spec.wire)
                .iter()
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                .collect(),
            ParamIn::Cookie => self.cookie(spec.wire).into_iter().collect(),
        };
        if raw.is_empty() {
            return None;
        }
        let split = |separator: char| -> Vec<String> {
            raw.iter()
                .flat_map(|value| value.split(separator))
                .map(str::to_owned)
                .collect()
        };
        Some(match spec.split {
            Split::Repeated | Split::DeepObject | Split::Rest => Values::Text(raw),
            Split::By(separator) => Values::Text(split(separator)),
            Split::Pairs => {
                let items = split(',');
                let mut properties: Vec<(String, Values)> = Vec::new();
                for pair in items.chunks(2) {
                    if let [key, value] = pair {
                        push_value(&mut properties, key, value);
                    }
                }
                Values::Object(properties)
            }
            Split::Json => match serde_json::from_str(&raw[0]) {
                Ok(value) => Values::Json(value),
                Err(error) => {
                    violations.push(Violation::new(spec.wire, format!("not JSON: {error}")));
                    return None;
                }
            },
        })
    }

    pub(super) fn cookie(&self, name: &str) -> Option<String> {
        self.request
            .headers
            .get_all("cookie")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_owned())
    }

    /// Whether the request has a body at all; a required one missing is reported.
    fn has_body(&self, required: bool, violations: &mut Vec<Violation>) -> bool {
        if self.request.body.is_empty() {
            if required {
                violations.push(Violation::new("body", "the request body is required"));
            }
            return false;
        }
        true
    }

    /// The JSON body as `T`: `Some(None)` when there is none and it is optional; `None` after
    /// reporting why it does not read (with the path of the field that does not).
    pub fn json_body<T: DeserializeOwned>(
        &self,
        required: bool,
        violations: &mut Vec<Violation>,
    ) -> Option<Option<T>> {
        if !self.has_body(required, violations) {
            return (!required).then_some(None);
        }
        let deserializer = &mut serde_json::Deserializer::from_slice(&self.request.body);
        match serde_path_to_error::deserialize(deserializer) {
            Ok(value) => Some(Some(value)),
            Err(error) => {
                let path = error.path().to_string();
                let path = if path == "." { "body".to_owned() } else { path };
                violations.push(Violation::new(&path, error.inner().to_string()));
                None
            }
        }
    }

    /// The `application/x-www-form-urlencoded` body as `T`, each field read as its type asks.
    pub fn form_body<T: DeserializeOwned>(
        &self,
        required: bool,
        violations: &mut Vec<Violation>,
    ) -> Option<Option<T>> {
        if !self.has_body(required, violations) {
            return (!required).then_some(None);
        }
        let mut entries: Vec<(String, Values)> = Vec::new();
        for (key, value) in form_urlencoded::parse(&self.request.body) {
            push_value(&mut entries, &key, &value);
        }
        text::from_entries(&entries)
            .map_err(|(path, message)| violations.push(Violation::new(&path, message)))
            .ok()
            .map(Some)
    }

    /// The body as text.
    pub fn text_body(
        &self,
        required: bool,
        violations: &mut Vec<Violation>,
    ) -> Option<Option<String>> {
        if !self.has_body(required, violations) {
            return (!required).then_some(None);
        }
        match String::from_utf8(self.request.body.clone()) {
            Ok(text) => Some(Some(text)),
            Err(_) => {
                violations.push(Violation::new("body", "the body is not UTF-8 text"));
                None
            }
        }
    }

    /// The body as bytes, as it came (a file, a multipart body).
    pub fn bytes_body(
        &self,
        required: bool,
        violations: &mut Vec<Violation>,
    ) -> Option<Option<Vec<u8>>> {
        if !self.has_body(required, violations) {
            return (!required).then_some(None);
        }
        Some(Some(self.request.body.clone()))
    }
}
