//! Stage 4: token streams → formatted source text, each file starting with the one header.

use crate::emit;
use crate::imports::{self, Imports, Resolved, Scanned};
use crate::ir::Api;
use crate::{Diagnostics, GeneratedFile, HEADER_MARKER};
use proc_macro2::TokenStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

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
///
/// Two phases, since a module imports the runtime names its parts use (see
/// [`crate::imports`]): each thread emits parts and scans them, keeping their tokens (which
/// cannot move between threads); once every part is scanned, the first thread merges the scans
/// per module and hands the result to the others; then each rewrites and prints its own parts.
pub(crate) fn render_modules(
    api: &Api,
    spec_name: &str,
    doc_crate: Option<&str>,
) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let paths = emit::files();
    let parts = emit::parts(api);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, MAX_THREADS)
        .min(parts.len());
    let next = AtomicUsize::new(0);
    let (scanned_tx, scanned_rx) = mpsc::channel::<Vec<(usize, Imports)>>();
    // Phase one: emit and scan parts as they come; the tokens stay on this thread.
    let emit_and_scan = || {
        let mut kept = Vec::new();
        let mut scans = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(_, part)) = parts.get(index) else {
                return (kept, scans);
            };
            let mut imports = Imports::default();
            let tokens = imports.scan(emit::emit_part(api, part, doc_crate));
            kept.push((index, tokens));
            scans.push((index, imports));
        }
    };
    // Phase two: rewrite with the module's imports and print.
    let print_kept = |kept: Vec<(usize, Scanned)>, modules: &[Resolved]| {
        kept.into_iter()
            .map(|(index, tokens)| {
                let file = parts[index].0;
                let imports = &modules[file];
                let mut tokens = imports.rewrite(tokens);
                // Parts come in module order: a module's first part carries its imports.
                if index == 0 || parts[index - 1].0 != file {
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
                    let (kept, scans) = emit_and_scan();
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
        let (kept, scans) = emit_and_scan();
        let mut modules: Vec<Imports> = paths.iter().map(|_| Imports::default()).collect();
        let mut merge = |scans: Vec<(usize, Imports)>| {
            for (index, imports) in scans {
                modules[parts[index].0].merge(imports);
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
