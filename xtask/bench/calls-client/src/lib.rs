//! Criterion benchmarks of the generated EnKash client's per-call path: validating and encoding
//! a request, decoding an envelope, an error envelope and an error body. The code is in
//! `benches/per_call.rs`; `xtask/bench/calls.sh` runs it next to `bench-calls-plain` and prints
//! the ratios. This library is empty: a package needs a target.
