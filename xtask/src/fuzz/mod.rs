//! `cargo xtask fuzz`: a mutation fuzzer for the generator that runs on stable Rust.
//!
//! Each case starts from a seed document (a fixture, a 3.1 or 2.0 document of the fuzzer's own,
//! the EnKash spec, or a cut of a public document), applies 1–4 seeded mutations chosen for the
//! seed's OpenAPI version, writes the result as YAML or JSON, and calls `generator::generate` on
//! a fresh thread under `catch_unwind`, watched by a timer. A case is decided by `--seed` and its
//! number alone, so `--case N` replays it exactly. The summary counts cases by seed version.

mod compile;
mod minimize;
mod mutate;
#[cfg(test)]
mod mutation_tests;
mod oas31;
mod oas31_document;
mod seeds;
mod sites;
mod swagger20;
mod swagger20_document;
mod tree;
mod version;
mod vocabulary;

use anyhow::{Context, Result, bail};
use generator::Settings;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};
use tree::Rng;
use version::Version;

/// A case slower than this is reported as slow (a likely hang): 2 s for the optimised
/// generator, as users run it. An unoptimised build (CI's short run, `cargo test`) is about ten
/// times slower on the same case, so it gets ten times the budget.
const SLOW: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(20)
} else {
    Duration::from_secs(2)
};
/// A case still running after this is stuck: the run stops, as a thread cannot be killed.
const STUCK: Duration = Duration::from_secs(30);
/// Cases run on the stack a spawned thread gets by default (2 MiB), the smallest a caller of
/// `generate` is likely to give it: `generate` must not depend on its caller's stack (it runs
/// its work on a stack of its own), and the run would notice, by aborting, if it did.
const CASE_STACK_BYTES: usize = 2 << 20;
/// Case threads are named so; the panic hook records only their panics.
const CASE_THREAD_PREFIX: &str = "fuzz-case-";

#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) cases: u64,
    pub(crate) seed: u64,
    pub(crate) jobs: usize,
    pub(crate) corpus: Option<PathBuf>,
    pub(crate) compile_sample: usize,
    pub(crate) out: PathBuf,
    pub(crate) case: Option<u64>,
    /// The first case number: a run stopped by a stuck case resumes after it.
    pub(crate) from: u64,
    pub(crate) minimize: Option<PathBuf>,
    pub(crate) run_one: Option<PathBuf>,
}

impl Options {
    fn parse(root: &Path, args: &[String]) -> Result<Options> {
        let mut options = Options {
            cases: 1000,
            seed: 1,
            jobs: 2,
            corpus: None,
            compile_sample: 0,
            out: root.join("target/fuzz/failures"),
            case: None,
            from: 0,
            minimize: None,
            run_one: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
            match arg.as_str() {
                "--cases" => options.cases = value()?.parse().context("--cases")?,
                "--seed" => options.seed = value()?.parse().context("--seed")?,
                "--jobs" => options.jobs = value()?.parse::<usize>().context("--jobs")?.max(1),
                "--corpus" => options.corpus = Some(value()?.into()),
                "--compile-sample" => {
                    options.compile_sample = value()?.parse().context("--compile-sample")?
                }
                "--out" => options.out = value()?.into(),
                "--case" => options.case = Some(value()?.parse().context("--case")?),
                "--from" => options.from = value()?.parse().context("--from")?,
                "--minimize" => options.minimize = Some(value()?.into()),
                "--run-one" => options.run_one = Some(value()?.into()),
                other => bail!("unknown argument `{other}`"),
            }
        }
        if options.corpus.is_none() && root.join("target/public-specs").is_dir() {
            options.corpus = Some(root.join("target/public-specs"));
        }
        Ok(options)
    }

    /// The command that replays case `n`.
    fn reproducer(&self, n: u64) -> String {
        let mut command = format!("cargo xtask fuzz --seed {} --case {n}", self.seed);
        if let Some(corpus) = &self.corpus {
            command.push_str(&format!(" --corpus {}", corpus.display()));
        }
        command
    }
}

/// One case, written out.
#[derive(Debug)]
struct Case {
    number: u64,
    seed_name: String,
    /// The seed's version, by which the run's summary counts the case.
    version: Version,
    mutations: Vec<String>,
    json: bool,
    text: String,
}

impl Case {
    fn build(seeds: &[seeds::Seed], run_seed: u64, number: u64) -> Case {
        let mut rng = Rng::for_case(run_seed, number);
        let seed = seeds::pick(seeds, &mut rng);
        let mut doc = seeds::start(seed, &mut rng);
        let mut mutations = mutate::mutate_tree(&mut doc, seed.version, &mut rng);
        let json = rng.one_in(3);
        let mut text = if json { doc.to_json() } else { doc.to_yaml() };
        if rng.one_in(8)
            && let Some(label) = mutate::mutate_text(&mut text, &mut rng)
        {
            mutations.push(label);
        }
        Case {
            number,
            seed_name: seed.name.clone(),
            version: seed.version,
            mutations,
            json,
            text,
        }
    }

    fn file_name(&self, what: &str) -> String {
        let extension = if self.json { "json" } else { "yaml" };
        format!("case-{}-{what}.{extension}", self.number)
    }
}

#[derive(Debug, Clone)]
enum Outcome {
    Generated,
    Refused,
    Panic(String),
}

#[derive(Debug, Default)]
struct Tally {
    generated: Vec<u64>,
    refused: u64,
    panics: u64,
    slow: u64,
    max_time: Duration,
    max_case: u64,
    /// Cases finished (all of them, unless a stuck case stopped the run).
    done: u64,
    /// The sizes of the cases' texts, to show that cuts of large seeds stay small.
    bytes: Vec<usize>,
    /// The case that stopped the run.
    stuck: Option<u64>,
    /// Panic site → (cases that hit it, the smallest case's number and size, the message).
    sites: BTreeMap<String, (u64, u64, usize, String)>,
    /// The same counts, by the version of the case's seed.
    by_version: BTreeMap<Version, VersionTally>,
}

/// What became of the cases of one seed version.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct VersionTally {
    cases: u64,
    generated: u64,
    refused: u64,
    panics: u64,
    slow: u64,
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Case threads record their panic message and place quietly; other threads panic as usual.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let ours = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with(CASE_THREAD_PREFIX));
        if !ours {
            return previous(info);
        }
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic with no message".to_owned());
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{place}: {payload}")));
    }));
}

/// Runs `generate` on `text` on a thread of its own. Returns the outcome and time, `Err` with the
/// time waited if the case is still running after [`STUCK`].
fn run_case(
    number: u64,
    text: String,
    crate_name: Option<String>,
) -> Result<(Outcome, Duration), Duration> {
    let (sender, receiver) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(format!("{CASE_THREAD_PREFIX}{number}"))
        .stack_size(CASE_STACK_BYTES)
        .spawn(move || {
            let settings = Settings {
                spec_name: format!("fuzz case {number}"),
                standalone_crate: crate_name,
                runtime_path: None,
                doc_crate: None,
            };
            let started = Instant::now();
            let result = std::panic::catch_unwind(|| generator::generate(&text, &settings));
            let elapsed = started.elapsed();
            // A panic the generator caught itself (it guards its YAML and OpenAPI readers)
            // counts too: the hook saw it, and "never panics" means never.
            let caught = LAST_PANIC.with(|p| p.borrow_mut().take());
            let outcome = match (result, caught) {
                (Ok(_), Some(message)) => {
                    Outcome::Panic(format!("(caught inside generate) {message}"))
                }
                (Ok(Ok(_)), None) => Outcome::Generated,
                (Ok(Err(_)), None) => Outcome::Refused,
                (Err(_), message) => Outcome::Panic(message.unwrap_or_default()),
            };
            let _ = sender.send((outcome, elapsed));
        });
    let started = Instant::now();
    if let Err(error) = spawned {
        return Ok((
            Outcome::Panic(format!("cannot start a thread: {error}")),
            Duration::ZERO,
        ));
    }
    receiver.recv_timeout(STUCK).map_err(|_| started.elapsed())
}

/// `cargo xtask fuzz`.
pub(crate) fn run(root: &Path, args: &[String]) -> Result<ExitCode> {
    let started = Instant::now();
    let options = Options::parse(root, args)?;
    install_panic_hook();
    if let Some(file) = &options.run_one {
        return minimize::run_one(file);
    }
    if let Some(file) = &options.minimize {
        return minimize::minimize(file);
    }
    let loading = Instant::now();
    let seeds = seeds::load(root, options.corpus.as_deref())?;
    println!(
        "{} seeds loaded in {} ms",
        seeds.len(),
        loading.elapsed().as_millis()
    );
    if let Some(number) = options.case {
        return replay(&options, &seeds, number);
    }
    let tally = fuzz(&options, &seeds, started)?;
    let compiled = if options.compile_sample > 0 && !tally.generated.is_empty() {
        Some(compile::sample(root, &options, &seeds, &tally.generated)?)
    } else {
        None
    };
    Ok(report(
        &options,
        &seeds,
        &tally,
        started.elapsed(),
        compiled,
    ))
}

/// Builds and runs case `number` alone, and saves its text.
fn replay(options: &Options, seeds: &[seeds::Seed], number: u64) -> Result<ExitCode> {
    let case = Case::build(seeds, options.seed, number);
    std::fs::create_dir_all(&options.out)?;
    let path = options.out.join(case.file_name("replay"));
    std::fs::write(&path, &case.text)?;
    println!(
        "case {number}: seed {} + {}",
        case.seed_name,
        case.mutations.join("; ")
    );
    println!("spec written to {}", path.display());
    match run_case(number, case.text, Some("fuzz".to_owned())) {
        Ok((outcome, elapsed)) => {
            println!("{outcome:?} in {} ms", elapsed.as_millis());
            let bad = matches!(outcome, Outcome::Panic(_)) || elapsed > SLOW;
            Ok(if bad {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Err(waited) => {
            println!("stuck: still running after {} s", waited.as_secs());
            std::process::exit(2);
        }
    }
}

fn fuzz(options: &Options, seeds: &[seeds::Seed], started: Instant) -> Result<Tally> {
    std::fs::create_dir_all(&options.out)
        .with_context(|| format!("creating {}", options.out.display()))?;
    let next = AtomicU64::new(options.from);
    let end = options.from + options.cases;
    let tally = Mutex::new(Tally::default());
    let run = Run {
        options,
        seeds,
        started,
        tally: &tally,
        next: &next,
    };
    std::thread::scope(|scope| {
        for _ in 0..options.jobs {
            scope.spawn(|| {
                loop {
                    let number = next.fetch_add(1, Ordering::Relaxed);
                    if number >= end {
                        break;
                    }
                    let case = Case::build(seeds, options.seed, number);
                    let result = run_case(number, case.text.clone(), Some("fuzz".to_owned()));
                    run.record(&case, result);
                    if (number + 1 - options.from).is_multiple_of(1000) {
                        let t = tally.lock().unwrap_or_else(|e| e.into_inner());
                        println!(
                            "… {} cases in {:.0} s: {} generated, {} refused, {} panics, {} slow",
                            number + 1 - options.from,
                            started.elapsed().as_secs_f64(),
                            t.generated.len(),
                            t.refused,
                            t.panics,
                            t.slow
                        );
                    }
                }
            });
        }
    });
    Ok(tally.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// What `record` needs: the run's settings and its running tally.
struct Run<'a> {
    options: &'a Options,
    seeds: &'a [seeds::Seed],
    started: Instant,
    tally: &'a Mutex<Tally>,
    /// The next case to hand out; every case before it has started.
    next: &'a AtomicU64,
}

/// Cases printed per panic site; the rest are only saved and counted.
const PRINTED_PER_SITE: u64 = 3;

impl Run<'_> {
    fn record(&self, case: &Case, result: Result<(Outcome, Duration), Duration>) {
        let options = self.options;
        let (outcome, elapsed) = match result {
            Ok(done) => done,
            Err(waited) => self.stop_stuck(case, waited),
        };
        let mut t = self.tally.lock().unwrap_or_else(|e| e.into_inner());
        t.done += 1;
        t.bytes.push(case.text.len());
        if elapsed > t.max_time {
            t.max_time = elapsed;
            t.max_case = case.number;
        }
        let slow = elapsed > SLOW;
        let mut print = slow;
        // Counted as in the run's totals: a slow case is neither generated nor refused, and a
        // slow panic is both slow and a panic.
        let by_version = t.by_version.entry(case.version).or_default();
        by_version.cases += 1;
        by_version.slow += u64::from(slow);
        match &outcome {
            Outcome::Generated if !slow => by_version.generated += 1,
            Outcome::Refused if !slow => by_version.refused += 1,
            Outcome::Panic(_) => by_version.panics += 1,
            _ => {}
        }
        match &outcome {
            Outcome::Generated if !slow => t.generated.push(case.number),
            Outcome::Refused if !slow => t.refused += 1,
            Outcome::Panic(message) => {
                t.panics += 1;
                let site = message.split(": ").next().unwrap_or_default().to_owned();
                let entry = t.sites.entry(site).or_insert((
                    0,
                    case.number,
                    case.text.len(),
                    message.clone(),
                ));
                entry.0 += 1;
                print = entry.0 <= PRINTED_PER_SITE;
                if case.text.len() < entry.2 {
                    (entry.1, entry.2, entry.3) = (case.number, case.text.len(), message.clone());
                }
            }
            _ => {}
        }
        if slow {
            t.slow += 1;
        }
        drop(t);
        if !slow && !matches!(outcome, Outcome::Panic(_)) {
            return;
        }
        let what = if slow { "slow" } else { "panic" };
        let path = options.out.join(case.file_name(what));
        let _ = std::fs::write(&path, &case.text);
        if !print {
            return;
        }
        let detail = match &outcome {
            Outcome::Panic(message) => message.lines().next().unwrap_or_default().to_owned(),
            other => format!("{other:?}"),
        };
        println!(
            "case {} {what} ({} ms, {} bytes; seed {} ({}); {}): {detail}\n  reproduce: {}",
            case.number,
            elapsed.as_millis(),
            case.text.len(),
            case.seed_name,
            case.version.label(),
            case.mutations.join("; "),
            options.reproducer(case.number)
        );
    }

    /// A stuck case's thread cannot be stopped: save the case, print what the run found so far
    /// and how to resume after it, and leave the process. Resuming skips the cases that were
    /// still running on other workers (at most `--jobs` - 1).
    fn stop_stuck(&self, case: &Case, waited: Duration) -> ! {
        let options = self.options;
        let path = options.out.join(case.file_name("stuck"));
        let _ = std::fs::write(&path, &case.text);
        println!(
            "case {} is stuck (still running after {} s; seed {}; {}); spec in {}\n  reproduce: {}\n  resume: cargo xtask fuzz --seed {} --from {} --cases N",
            case.number,
            waited.as_secs(),
            case.seed_name,
            case.mutations.join("; "),
            path.display(),
            options.reproducer(case.number),
            options.seed,
            self.next.load(Ordering::Relaxed),
        );
        let mut t = self.tally.lock().unwrap_or_else(|e| e.into_inner());
        t.stuck = Some(case.number);
        report(options, self.seeds, &t, self.started.elapsed(), None);
        std::process::exit(2);
    }
}

fn report(
    options: &Options,
    seeds: &[seeds::Seed],
    tally: &Tally,
    elapsed: Duration,
    compiled: Option<compile::Sampled>,
) -> ExitCode {
    if !tally.sites.is_empty() {
        println!("panic sites (smallest case for each):");
        for (site, (count, number, size, message)) in &tally.sites {
            let first = message.lines().next().unwrap_or_default();
            println!("  {count:>5}× {site}\n         case {number} ({size} bytes): {first}");
        }
    }
    let mut bytes = tally.bytes.clone();
    bytes.sort_unstable();
    if let (Some(median), Some(p95), Some(max)) = (
        bytes.get(bytes.len() / 2),
        bytes.get(bytes.len() * 95 / 100),
        bytes.last(),
    ) {
        println!("case sizes: median {median} bytes, 95th percentile {p95}, largest {max}");
    }
    let compile = compiled.map_or_else(
        || "compile-sample: off".to_owned(),
        |c| format!("compile-sample: {}/{} compiled", c.compiled, c.tried),
    );
    println!(
        "fuzz: {} cases{} from {} seeds (--seed {}) in {:.1} s: {} generated, {} refused, {} panics, {} slow{}; max case {} ms (case {}); {compile}",
        tally.done,
        if options.from > 0 {
            format!(" (from case {})", options.from)
        } else {
            String::new()
        },
        seeds.len(),
        options.seed,
        elapsed.as_secs_f64(),
        tally.generated.len(),
        tally.refused,
        tally.panics,
        tally.slow,
        tally
            .stuck
            .map_or_else(String::new, |n| format!(", stopped by stuck case {n}")),
        tally.max_time.as_millis(),
        tally.max_case,
    );
    print_by_version(seeds, tally);
    if tally.panics + tally.slow > 0 {
        println!("failing cases saved under {}", options.out.display());
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// One line per seed version: its seeds, its cases and what became of them.
fn print_by_version(seeds: &[seeds::Seed], tally: &Tally) {
    println!("by seed version:");
    for version in Version::ALL {
        let count = seeds.iter().filter(|s| s.version == version).count();
        let t = tally.by_version.get(&version).copied().unwrap_or_default();
        println!(
            "  {}: {} cases from {count} seeds: {} generated, {} refused, {} panics, {} slow",
            version.label(),
            t.cases,
            t.generated,
            t.refused,
            t.panics,
            t.slow
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(cases: u64) -> Options {
        let root = crate::workspace_root();
        Options {
            cases,
            seed: 1,
            jobs: 2,
            // Fixtures and the EnKash spec only, so the test is the same on every machine.
            corpus: None,
            compile_sample: 0,
            out: root.join("target/fuzz/test-failures"),
            case: None,
            from: 0,
            minimize: None,
            run_one: None,
        }
    }

    /// A case is decided by the run's seed and its number alone.
    #[test]
    fn a_case_replays_exactly() -> Result<()> {
        let seeds = seeds::load(&crate::workspace_root(), None)?;
        for number in [0, 7, 123] {
            let a = Case::build(&seeds, 9, number);
            let b = Case::build(&seeds, 9, number);
            assert_eq!((a.text, a.mutations), (b.text, b.mutations));
        }
        Ok(())
    }

    /// Cases of every seed version replay exactly, and keep their seed's version.
    #[test]
    fn a_case_of_each_version_replays_exactly() -> Result<()> {
        let seeds = seeds::load(&crate::workspace_root(), None)?;
        for version in Version::ALL {
            let numbers: Vec<u64> = (0..200)
                .filter(|n| Case::build(&seeds, 9, *n).version == version)
                .take(5)
                .collect();
            assert_eq!(numbers.len(), 5, "{}", version.label());
            for number in numbers {
                let a = Case::build(&seeds, 9, number);
                let b = Case::build(&seeds, 9, number);
                assert_eq!((a.text, a.mutations), (b.text, b.mutations));
            }
        }
        Ok(())
    }

    /// A bounded run of the fuzzer: the generator neither panics nor takes over two seconds on
    /// any of 50 mutated documents.
    #[test]
    fn fifty_cases_neither_panic_nor_hang() -> Result<()> {
        let options = options(50);
        install_panic_hook();
        let seeds = seeds::load(&crate::workspace_root(), None)?;
        let tally = fuzz(&options, &seeds, Instant::now())?;
        assert_eq!(tally.done, 50);
        let by_version: u64 = tally.by_version.values().map(|t| t.cases).sum();
        assert_eq!(by_version, 50, "{:?}", tally.by_version);
        assert_eq!(tally.by_version.len(), 3, "{:?}", tally.by_version);
        assert_eq!(
            (tally.panics, tally.slow),
            (0, 0),
            "panic sites: {:#?}",
            tally.sites
        );
        Ok(())
    }
}
