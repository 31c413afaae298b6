#!/usr/bin/env bash
# Benchmarks the generated client's per-call path against bare serde_json, and prints the
# ratios "client ÷ plain" as a Markdown table.
#
#   xtask/bench/calls.sh            # full criterion runs
#   xtask/bench/calls.sh --quick    # any arguments go to criterion, for both benches
#   ROUNDS=5 xtask/bench/calls.sh   # alternating rounds (default 3); the best median is kept
#
# The two benches run one after the other, each alone (`-p`): built together, Cargo would
# unify serde_json's features and give the plain baseline the client's `arbitrary_precision`
# (the plain bench refuses to run if that happens).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# Criterion writes its estimates under the target directory.
target="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TARGET_DIR="$target"

# The machine is shared and its load drifts within minutes, which moves a ratio of two runs made
# one after the other. So the two benches alternate, ROUNDS times (default 3), and each side's
# best median per function is kept: the run least disturbed by other processes.
rounds="${ROUNDS:-3}"
runs="$target/criterion-rounds"
rm -rf "$runs"
echo "load average before: $(cat /proc/loadavg)"
for ((round = 1; round <= rounds; round++)); do
  for side in plain client; do
    # Extra arguments (e.g. --quick) go to criterion.
    cargo bench -p "bench-calls-$side" --bench per_call -- "$@"
    mkdir -p "$runs/$round"
    cp -r "$target/criterion/$side" "$runs/$round/"
  done
  echo "load average after round $round: $(cat /proc/loadavg)"
done
echo

# Pairs plain/<function> with client/<function> by name, from each round's estimates.json
# (medians, in nanoseconds).
python3 - "$runs" <<'PYTHON'
import json
import sys
from pathlib import Path

rounds = sorted(Path(sys.argv[1]).iterdir())
functions = [
    "encode_customer_create",
    "build_encode_customer_create",
    "decode_customer_envelope",
    "decode_error_envelope",
    "decode_error_response",
]


def median(group, function):
    """The lowest of the rounds' median estimates of group/function, in nanoseconds."""
    medians = []
    for round_dir in rounds:
        estimates = round_dir / group / function / "new" / "estimates.json"
        with estimates.open() as file:
            medians.append(json.load(file)["median"]["point_estimate"])
    return min(medians)


print(f"best median of {len(rounds)} alternating rounds")
print()
print("| function | plain (ns, median) | client (ns, median) | client ÷ plain |")
print("|---|---:|---:|---:|")
for function in functions:
    plain = median("plain", function)
    client = median("client", function)
    print(f"| `{function}` | {plain:.0f} | {client:.0f} | {client / plain:.2f}× |")
PYTHON
