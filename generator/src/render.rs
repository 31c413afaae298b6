//! Stage 4: token streams → formatted source text, each file starting with the one header.

use crate::{Diagnostics, GeneratedFile, HEADER_MARKER};
use proc_macro2::TokenStream;

/// The first line of every generated file.
pub(crate) fn header(comment: &str, spec_name: &str) -> String {
    let spec_name = crate::text::one_line(spec_name);
    format!("{comment} {HEADER_MARKER} from {spec_name}. Do not edit by hand.\n")
}

/// Formats `tokens` with prettyplease and prepends the header.
pub(crate) fn render_rust(
    path: String,
    tokens: TokenStream,
    spec_name: &str,
) -> Result<GeneratedFile, Diagnostics> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(
            "#",
            format!("internal error: the code generated for {path} does not parse: {error}"),
        );
        diagnostics
    })?;
    let contents = format!(
        "{}\n{}",
        header("//", spec_name),
        prettyplease::unparse(&file)
    );
    Ok(GeneratedFile { path, contents })
}
