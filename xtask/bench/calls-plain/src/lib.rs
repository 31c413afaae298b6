//! The baseline of `bench-calls-client`: the same JSON encoded and decoded by bare `serde_json`
//! (without `arbitrary_precision`) into plain structs, with no validation. The code is in
//! `benches/per_call.rs`; `xtask/bench/calls.sh` runs it alone and prints the ratios. This
//! library is empty: a package needs a target.
