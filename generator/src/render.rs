//! Stage 4: token streams → formatted source text, each module under the one header.
//!
//! Render prints what emit gives, through a narrow interface ([`Source`]): the modules' paths,
//! the module each part belongs to, and a function that gives a part's tokens. It knows nothing
//! of the IR or of how the tokens are made. On the way, runtime paths are imported once per
//! module (see [`crate::imports`]).
//!
//! Emitted code that does not parse is a bug in the generator, not a problem in the spec: it is
//! reported as an internal error.

use crate::imports::{self, Imports, Resolved, Scanned};
use crate::{Diagnostics, GeneratedFile};
use proc_macro2::TokenStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

/// What render prints: modules made of parts, whose tokens are made when asked for. Tokens
/// cannot move between threads, so each part's are made on the thread that prints it.
#[derive(Clone, Copy)]
pub(crate) struct Source<'a> {
    /// Each module's path, relative to the crate root.
    pub(crate) paths: &'a [String],
    /// The index (in `paths`) of the module each part belongs to, parts in output order; a
    /// module's parts come together.
    pub(crate) parts: &'a [usize],
    /// The tokens of the part at an index of `parts`.
    pub(crate) tokens: &'a (dyn Fn(usize) -> TokenStream + Sync),
}

/// The most threads that make and print parts. Printing is most of the generator's time, and
/// a part of a module prints the same on any thread, so the parts are spread over the cores.
const MAX_THREADS: usize = 4;

/// Each thread's stack: token trees and syn's parser recurse with the nesting of the code.
const THREAD_STACK_BYTES: usize = 16 * 1024 * 1024;

/// Prints every module of `source`, the header first, spreading the parts over threads.
/// Which thread prints a part does not change its text, and the parts are joined in order, so
/// the output is the same bytes on any machine.
///
/// Two phases, since a module imports the runtime names its parts use (see
/// [`crate::imports`]): each thread takes parts' tokens and scans them, keeping the tokens
/// (which cannot move between threads); once every part is scanned, the first thread merges
/// the scans per module and hands the result to the others; then each rewrites and prints its
/// own parts.
pub(crate) fn render(
    source: Source<'_>,
    spec_name: &str,
) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let Source {
        paths,
        parts,
        tokens: part_tokens,
    } = source;
    if let Some(module) = parts.iter().find(|module| **module >= paths.len()) {
        let mut diagnostics = Diagnostics::default();
        diagnostics.internal(format!(
            "a part of the generated code belongs to module {module}, but there are only {}.",
            paths.len()
        ));
        return Err(diagnostics);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, MAX_THREADS)
        .min(parts.len());
    let next = AtomicUsize::new(0);
    let (scanned_tx, scanned_rx) = mpsc::channel::<Vec<(usize, Imports)>>();
    // Phase one: take and scan parts as they come; the tokens stay on this thread.
    let take_and_scan = || {
        let mut kept = Vec::new();
        let mut scans = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= parts.len() {
                return (kept, scans);
            }
            let mut imports = Imports::default();
            let tokens = imports.scan(part_tokens(index));
            kept.push((index, tokens));
            scans.push((index, imports));
        }
    };
    // Phase two: rewrite with the module's imports and print.
    let print_kept = |kept: Vec<(usize, Scanned)>, modules: &[Resolved]| {
        kept.into_iter()
            .map(|(index, tokens)| {
                let file = parts[index];
                let imports = &modules[file];
                let mut tokens = imports.rewrite(tokens);
                // Parts come in module order: a module's first part carries its imports.
                if index == 0 || parts[index - 1] != file {
                    tokens = imports::with_use_item(tokens, imports.use_item());
                }
                (index, print(tokens, &paths[file]))
            })
            .collect::<Vec<_>>()
    };
    let mut printed: Vec<(usize, Result<String, String>)> = std::thread::scope(|scope| {
        let mut helpers = Vec::new();
        for _ in 1..threads {
            let (modules_tx, modules_rx) = mpsc::channel::<Arc<Vec<Resolved>>>();
            let scanned_tx = scanned_tx.clone();
            let spawned = std::thread::Builder::new()
                .name("render".to_owned())
                .stack_size(THREAD_STACK_BYTES)
                .spawn_scoped(scope, move || {
                    let (kept, scans) = take_and_scan();
                    // The first thread reads scans until every sender is gone: drop this one
                    // as soon as it has sent (or, on a panic, when it unwinds).
                    let _ = scanned_tx.send(scans);
                    drop(scanned_tx);
                    match modules_rx.recv() {
                        Ok(modules) => print_kept(kept, &modules),
                        Err(_) => Vec::new(),
                    }
                });
            if let Ok(helper) = spawned {
                helpers.push((helper, modules_tx));
            }
        }
        drop(scanned_tx);
        let (kept, scans) = take_and_scan();
        let mut modules: Vec<Imports> = paths.iter().map(|_| Imports::default()).collect();
        let mut merge = |scans: Vec<(usize, Imports)>| {
            for (index, imports) in scans {
                modules[parts[index]].merge(imports);
            }
        };
        merge(scans);
        // Every helper sends once and drops its sender, then waits: the channel closes when all
        // have sent.
        for scans in scanned_rx.iter() {
            merge(scans);
        }
        let modules: Arc<Vec<Resolved>> = Arc::new(modules.iter().map(Imports::resolve).collect());
        for (_, modules_tx) in &helpers {
            let _ = modules_tx.send(Arc::clone(&modules));
        }
        let mut printed = print_kept(kept, &modules);
        for (helper, _) in helpers {
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
        .map(|_| crate::header("//", spec_name) + "\n")
        .collect();
    let mut diagnostics = Diagnostics::default();
    if printed.len() != parts.len()
        || printed
            .iter()
            .enumerate()
            .any(|(i, (index, _))| i != *index)
    {
        diagnostics.internal(format!(
            "the generated modules have {} parts, but printing gave back {}, not each part once.",
            parts.len(),
            printed.len()
        ));
    }
    for (index, text) in printed {
        match text {
            Ok(text) => contents[parts[index]].push_str(&text),
            Err(error) => diagnostics.internal(error),
        }
    }
    if !diagnostics.0.is_empty() {
        diagnostics.normalize();
        return Err(diagnostics);
    }
    Ok(paths
        .iter()
        .cloned()
        .zip(contents)
        .map(|(path, contents)| GeneratedFile { path, contents })
        .collect())
}

/// Formats `tokens` (a part of the module at `path`) with prettyplease.
///
/// prettyplease prints a macro call's tokens as they come, breaking lines anywhere. A call in
/// braces whose body is an item (the runtime's `string_enum! { pub enum … }`) is printed as
/// that item would be, indented in the call, so that it reads as Rust does.
fn print(tokens: TokenStream, path: &str) -> Result<String, String> {
    let mut file: syn::File = syn::parse2(tokens)
        .map_err(|error| format!("the code generated for {path} does not parse: {error}."))?;
    let items = std::mem::take(&mut file.items);
    // The items not in such calls, printed together as they come (the first run with the
    // module's inner attributes).
    let mut run = file;
    let mut text = String::new();
    for item in items {
        let Some((name, body)) = item_macro(&item) else {
            run.items.push(item);
            continue;
        };
        if !run.attrs.is_empty() || !run.items.is_empty() {
            text.push_str(&prettyplease::unparse(&run));
            run.attrs.clear();
            run.items.clear();
        }
        let mut alone = empty_file()?;
        alone.items.push(body);
        let body = prettyplease::unparse(&alone);
        text.push_str(&format!("{name}! {{\n"));
        for line in body.lines() {
            if !line.is_empty() {
                text.push_str("    ");
            }
            text.push_str(line);
            text.push('\n');
        }
        text.push_str("}\n");
    }
    if !run.attrs.is_empty() || !run.items.is_empty() {
        text.push_str(&prettyplease::unparse(&run));
    }
    Ok(text)
}

/// A file with nothing in it, to print items in.
fn empty_file() -> Result<syn::File, String> {
    syn::parse2(TokenStream::new())
        .map_err(|error| format!("an empty file does not parse: {error}."))
}

/// A macro call in braces whose body is one item: the macro's path as written, and the item.
fn item_macro(item: &syn::Item) -> Option<(String, syn::Item)> {
    let syn::Item::Macro(call) = item else {
        return None;
    };
    if !matches!(call.mac.delimiter, syn::MacroDelimiter::Brace(_)) || !call.attrs.is_empty() {
        return None;
    }
    let body: syn::Item = syn::parse2(call.mac.tokens.clone()).ok()?;
    let path = &call.mac.path;
    let mut name = String::new();
    if path.leading_colon.is_some() {
        name.push_str("::");
    }
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    name.push_str(&segments.join("::"));
    Some((name, body))
}

#[cfg(test)]
mod tests {
    use super::{Source, render};
    use crate::Severity;
    use quote::quote;

    /// Emitted tokens that do not parse are the generator's bug: an internal error, which names
    /// no place in the spec.
    #[test]
    fn tokens_that_do_not_parse_are_an_internal_error() {
        let paths = ["src/generated/types.rs".to_owned()];
        let tokens = |_: usize| quote!(pub struct);
        let source = Source {
            paths: &paths,
            parts: &[0],
            tokens: &tokens,
        };
        let Err(diagnostics) = render(source, "spec.yaml") else {
            panic!("code that does not parse was printed");
        };
        let found: Vec<(Severity, &str)> = diagnostics
            .0
            .iter()
            .map(|d| (d.severity, d.pointer.as_str()))
            .collect();
        assert_eq!(found, [(Severity::Internal, "")]);
        let text = diagnostics.to_string();
        assert!(text.starts_with("1 internal error (a bug in the generator, not a problem in the spec: please report it, with the spec)\n"), "{text}");
        assert!(
            text.contains("internal error in the generator: the code generated for src/generated/types.rs does not parse"),
            "{text}"
        );
        assert!(!text.contains('#'), "{text}");
    }
}
