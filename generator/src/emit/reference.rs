//! The reference part of each method's docs: its parameters with their constraints in words,
//! what it returns, whether the client retries it, and a short example call.

use super::resolve_alias;
use crate::ir::{
    Api, Body, BodyKind, Bound, Checks, Field, Operation, ParamLocation, Response, ResponseBody,
    TypeKind, TypeRef,
};
use proc_macro2::TokenStream;

/// How many enum values are listed before the rest are counted.
const VALUES_SHOWN: usize = 8;

/// `# Parameters`, `# Returns` and the retry note of a method that sends `body`.
pub(super) fn reference(
    api: &Api,
    op: &Operation,
    body: Option<&Body>,
    response: &Response,
) -> String {
    let mut lines = Vec::new();
    for field in &op.path_params {
        lines.push(parameter_line(api, &field.rust, "path", field));
    }
    if let Some(params) = &op.params
        && let Some(TypeKind::Struct { fields, .. }) =
            api.types.get(&params.type_name).map(|def| &def.kind)
    {
        for (sent, field) in params.params.iter().zip(fields) {
            let location = match sent.location {
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            let name = format!("params.{}", field.rust.trim_start_matches("r#"));
            lines.push(parameter_line(api, &name, location, field));
        }
    }
    if let Some(body) = body {
        lines.push(body_line(body));
    }
    let mut text = String::new();
    if !lines.is_empty() {
        text.push_str("# Parameters\n\n");
        text.push_str(&lines.join("\n"));
        text.push_str("\n\n");
    }
    text.push_str("# Returns\n\n");
    text.push_str(&returns(response));
    text.push(' ');
    text.push_str(&errors(op));
    text.push_str("\n\n");
    text.push_str(if op.idempotent {
        "Idempotent: the client sends it again after a transport failure or a 429, 502, 503 or 504, as its `RetryPolicy` allows."
    } else {
        "Not idempotent: the client sends it once and never repeats it on its own; a transient failure comes back as an error whose `is_retry_safe()` says whether sending it again is safe."
    });
    text
}

fn parameter_line(api: &Api, name: &str, location: &str, field: &Field) -> String {
    let requirement = if field.required {
        "required"
    } else {
        "optional"
    };
    let mut line = format!(
        "- `{name}` ({} in the {location}, {requirement})",
        code(&field.wire)
    );
    let said = crate::text::doc_text(&field.doc)
        .map(|doc| doc.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|doc| !doc.is_empty());
    if let Some(doc) = said {
        line.push_str(": ");
        line.push_str(doc.trim_end_matches('.'));
    }
    let constraints = constraints(api, &field.ty, &field.checks);
    if !constraints.is_empty() {
        line.push_str(if line.ends_with(')') { ": " } else { "; " });
        line.push_str(&constraints.join("; "));
    }
    line.push('.');
    line
}

fn body_line(body: &Body) -> String {
    let requirement = if body.required {
        "required"
    } else {
        "optional"
    };
    let what = match &body.kind {
        BodyKind::Json(ty) | BodyKind::Form { ty, .. } | BodyKind::Multipart { ty, .. } => {
            linked(ty)
        }
        BodyKind::Bytes => "bytes".to_owned(),
        BodyKind::Text => "text".to_owned(),
    };
    format!(
        "- `body` ({requirement}): {what}, sent as `{}`; checked against the spec's constraints before it is sent.",
        body.media_type
    )
}

/// The constraints a value is checked against, in words.
fn constraints(api: &Api, ty: &TypeRef, checks: &Checks) -> Vec<String> {
    let mut words = Vec::new();
    let ty = match resolve_alias(api, ty) {
        TypeRef::Nullable(inner) => {
            words.push("may be `null`".to_owned());
            resolve_alias(api, inner)
        }
        other => other,
    };
    if let TypeRef::Named(name) = ty {
        match api.types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Constrained {
                pattern,
                min_length,
                max_length,
                ..
            }) => {
                if let Some(pattern) = pattern {
                    words.push(format!("must match {}", code(&pattern.source)));
                }
                words.extend(length(*min_length, *max_length));
            }
            Some(TypeKind::Enum { variants }) => {
                let values: Vec<String> = variants.iter().map(|v| code(&v.wire)).collect();
                words.push(one_of(&values));
            }
            Some(TypeKind::NumberEnum { variants, .. }) => {
                let values: Vec<String> = variants.iter().map(|v| code(&v.literal)).collect();
                words.push(one_of(&values));
            }
            _ => {}
        }
    }
    words.extend(bound("at least", "more than", checks.minimum.as_ref()));
    words.extend(bound("at most", "less than", checks.maximum.as_ref()));
    if let Some(multiple) = &checks.multiple_of {
        words.push(format!("a multiple of {}", multiple.literal));
    }
    words.extend(count("item", checks.min_items, checks.max_items));
    if checks.unique_items {
        words.push("no item twice".to_owned());
    }
    words.extend(count(
        "property",
        checks.min_properties,
        checks.max_properties,
    ));
    words.extend(bound(
        "each at least",
        "each more than",
        checks.item_minimum.as_ref(),
    ));
    words.extend(bound(
        "each at most",
        "each less than",
        checks.item_maximum.as_ref(),
    ));
    words
}

/// `text` as a Markdown code span, whatever backticks it holds: fenced by one backtick more
/// than its longest run of them, and padded with spaces when it starts or ends with one.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

fn one_of(values: &[String]) -> String {
    if values.len() <= VALUES_SHOWN {
        format!("one of {}", values.join(", "))
    } else {
        format!(
            "one of {}, and {} more",
            values[..VALUES_SHOWN].join(", "),
            values.len() - VALUES_SHOWN
        )
    }
}

fn bound(inclusive: &str, exclusive: &str, bound: Option<&Bound>) -> Option<String> {
    bound.map(|b| {
        let words = if b.exclusive { exclusive } else { inclusive };
        format!("{words} {}", b.literal)
    })
}

fn length(min: Option<usize>, max: Option<usize>) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) if min == max => Some(format!("exactly {min} characters")),
        (Some(min), Some(max)) => Some(format!("{min} to {max} characters")),
        (Some(min), None) => Some(format!("at least {min} characters")),
        (None, Some(max)) => Some(format!("at most {max} characters")),
        (None, None) => None,
    }
}

fn count(what: &str, min: Option<usize>, max: Option<usize>) -> Option<String> {
    let plural = |n: usize| {
        if n == 1 {
            what.to_owned()
        } else if let Some(stem) = what.strip_suffix('y') {
            format!("{stem}ies")
        } else {
            format!("{what}s")
        }
    };
    match (min, max) {
        (Some(min), Some(max)) if min == max => Some(format!("exactly {min} {}", plural(min))),
        (Some(min), Some(max)) => Some(format!("{min} to {max} {}", plural(max))),
        (Some(min), None) => Some(format!("at least {min} {}", plural(min))),
        (None, Some(max)) => Some(format!("at most {max} {}", plural(max))),
        (None, None) => None,
    }
}

/// A type as the docs name it, linked when it is one of the spec's.
fn linked(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => format!("[`types::{name}`]"),
        TypeRef::Vec(inner) => format!("a list of {}", linked(inner)),
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => linked(inner),
        TypeRef::Map(inner) => format!("a map of {}", linked(inner)),
        TypeRef::Tuple(members) => {
            let members: Vec<String> = members.iter().map(linked).collect();
            format!("a tuple of {}", members.join(", "))
        }
        TypeRef::Temporal(format) => {
            format!(
                "`{}` (written `{}`)",
                super::type_text(ty),
                format.description
            )
        }
        other => format!("`{}`", super::type_text(other)),
    }
}

fn returns(response: &Response) -> String {
    let body = |body: &ResponseBody| match body {
        ResponseBody::Json(ty) => linked(ty),
        ResponseBody::Text => "the body as text".to_owned(),
        ResponseBody::Bytes => "the body as bytes".to_owned(),
    };
    match response {
        Response::Unit => "Nothing, on success.".to_owned(),
        Response::Body(b) => format!("{}, on success.", crate::text::capitalized(&body(b))),
        Response::Enveloped { envelope, payload } => format!(
            "{}: the `payload` of the [`types::{envelope}`] envelope, on success.",
            crate::text::capitalized(&linked(payload))
        ),
        Response::Optional { body: b, .. } => format!(
            "{}, or `None` for a documented status without a body, on success.",
            crate::text::capitalized(&body(b))
        ),
        Response::ByStatus(name) => format!("A [`types::{name}`], by success status."),
    }
}

fn errors(op: &Operation) -> String {
    let mut text = "Otherwise an [`Error`]".to_owned();
    // Statuses grouped by their body's type, in the order the types first appear.
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for case in &op.errors {
        let ty = linked(&case.ty);
        let status = format!("`{}`", case.status);
        match grouped.iter_mut().find(|(t, _)| *t == ty) {
            Some((_, statuses)) => statuses.push(status),
            None => grouped.push((ty, vec![status])),
        }
    }
    let documented: Vec<String> = grouped
        .into_iter()
        .map(|(ty, statuses)| format!("{} for {}", ty, statuses.join(", ")))
        .collect();
    if documented.is_empty() {
        text.push('.');
    } else {
        text.push_str(&format!(
            ", whose `Status` variant holds the error body the spec documents: {}.",
            documented.join("; ")
        ));
    }
    if matches!(op.response, Response::Enveloped { .. }) {
        text.push_str(" A success whose envelope reports an error is `Error::Business`.");
    }
    text
}

/// `# Example`: the call, compiled as a doc test against the crate named `crate_path`. The
/// arguments come in as the hidden function's parameters, so the example needs no values the
/// spec does not give. `None` if an argument's type is not nameable from outside the crate.
pub(super) fn example(
    crate_path: &str,
    method: &str,
    arguments: &[TokenStream],
    returns_unit: bool,
) -> Option<String> {
    let texts: Vec<String> = arguments.iter().map(tokens_text).collect();
    // The client's name, unless an argument has it (`/clients/{client}`).
    let client = ["client", "api_client", "the_client"]
        .into_iter()
        .find(|candidate| {
            !texts.iter().any(|text| {
                text.split_once(':')
                    .is_some_and(|(name, _)| name.trim() == *candidate)
            })
        })?;
    let mut parameters = vec![format!("{client}: &{crate_path}::Client")];
    let mut names = Vec::new();
    for text in &texts {
        let (name, ty) = text.split_once(':')?;
        let (name, ty) = (name.trim(), ty.trim());
        if ty.contains("crate::") {
            return None;
        }
        let ty = ty.replace("types::", &format!("{crate_path}::types::"));
        parameters.push(format!("{name}: {ty}"));
        names.push(name.to_owned());
    }
    let call = format!("{client}.{method}({}).await?", names.join(", "));
    let call = if returns_unit {
        format!("{call};")
    } else {
        format!("let answer = {call};\n# let _ = answer;")
    };
    Some(format!(
        "# Example\n\n```no_run\n# async fn example(\n{}\n# ) -> Result<(), {crate_path}::Error> {{\n{call}\n# Ok(())\n# }}\n```",
        parameters
            .iter()
            .map(|p| format!("#     {p},"))
            .collect::<Vec<_>>()
            .join("\n")
    ))
}

/// Tokens as Rust source on one line: `& types :: X` → `&types::X`. Only spaces that Rust does
/// not need go: those around `::`, `&`, `<`, `>`, `[`, `]`, `(`, `)`, `:` and before `,`.
fn tokens_text(tokens: &TokenStream) -> String {
    let mut text = tokens.to_string();
    for (spaced, tight) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        ("& ", "&"),
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        ("[ ", "["),
        (" ]", "]"),
        ("( ", "("),
        (" )", ")"),
        (" ,", ","),
        (" :", ":"),
    ] {
        while text.contains(spaced) {
            text = text.replace(spaced, tight);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code("^a$"), "`^a$`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("``x"), "``` ``x ```");
    }

    #[test]
    fn argument_types_print_as_rust() {
        let argument = quote::quote!(body: Option<&types::Pet>);
        assert_eq!(tokens_text(&argument), "body: Option<&types::Pet>");
        let argument = quote::quote!(tags: &[types::Tag]);
        assert_eq!(tokens_text(&argument), "tags: &[types::Tag]");
    }

    #[test]
    fn the_example_names_the_client_apart_from_an_argument_called_client() {
        let arguments = [quote::quote!(client: &str)];
        let example = example("my_crate", "get_client", &arguments, false).unwrap_or_default();
        assert!(
            example.contains("api_client: &my_crate::Client"),
            "{example}"
        );
        assert!(
            example.contains("api_client.get_client(client)"),
            "{example}"
        );
    }
}
