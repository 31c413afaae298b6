//! Stage 4: token streams → formatted source text, each file starting with the one header.

use crate::emit;
use crate::ir::Api;
use crate::{Diagnostics, GeneratedFile, HEADER_MARKER};
use proc_macro2::TokenStream;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The first line of every generated file.
pub(crate) fn header(comment: &str, spec_name: &str) -> String {
    let spec_name = crate::text::one_line(spec_name);
    format!("{comment} {HEADER_MARKER} from {spec_name}. Do not edit by hand.\n")
}

/// The most threads that emit and print modules. Printing is most of the generator's time, and
/// a part of a module prints the same on any thread, so the parts are spread over the cores.
const MAX_THREADS: usize = 4;

/// Each thread's stack: token trees and syn's parser recurse with the nesting of the code.
const THREAD_STACK_BYTES: usize = 16 * 1024 * 1024;

/// Emits and prints every module of `api`, the header first, spreading the parts over threads.
/// Which thread prints a part does not change its text, and the parts are joined in order, so
/// the output is the same bytes on any machine.
pub(crate) fn render_modules(
    api: &Api,
    spec_name: &str,
) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let paths = emit::files();
    let parts = emit::parts(api);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, MAX_THREADS)
        .min(parts.len());
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(file, part)) = parts.get(index) else {
                return done;
            };
            let text = print(emit::emit_part(api, part), &paths[file]);
            done.push((index, text));
        }
    };
    let mut printed: Vec<(usize, Result<String, String>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("render".to_owned())
                    .stack_size(THREAD_STACK_BYTES)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut printed = work();
        for helper in helpers {
            match helper.join() {
                Ok(done) => printed.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        printed
    });
    printed.sort_by_key(|(index, _)| *index);
    let mut contents: Vec<String> = paths
        .iter()
        .map(|_| header("//", spec_name) + "\n")
        .collect();
    let mut diagnostics = Diagnostics::default();
    for (index, text) in printed {
        match text {
            Ok(text) => contents[parts[index].0].push_str(&text),
            Err(error) => diagnostics.push("#", error),
        }
    }
    if !diagnostics.0.is_empty() {
        return Err(diagnostics);
    }
    Ok(paths
        .into_iter()
        .zip(contents)
        .map(|(path, contents)| GeneratedFile { path, contents })
        .collect())
}

/// Formats `tokens` (a part of the module at `path`) with prettyplease.
fn print(tokens: TokenStream, path: &str) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        format!("internal error: the code generated for {path} does not parse: {error}")
    })?;
    Ok(prettyplease::unparse(&file))
}
