#!/usr/bin/env bash
# Benchmarks the generated client's per-call path against bare serde_json, and prints the
# ratios "client ÷ plain" as a Markdown table.
#
#   xtask/bench/calls.sh            # full criterion runs
#   xtask/bench/calls.sh --quick    # any arguments go to criterion, for both benches
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

echo "load average before: $(cat /proc/loadavg)"
# The baseline first, then the client; extra arguments (e.g. --quick) go to criterion.
cargo bench -p bench-calls-plain --bench per_call -- "$@"
cargo bench -p bench-calls-client --bench per_call -- "$@"
echo "load average after: $(cat /proc/loadavg)"
echo

# Pairs plain/<function> with client/<function> by name, from each estimates.json (medians,
# in nanoseconds).
python3 - "$target/criterion" <<'PYTHON'
import json
import sys
from pathlib import Path

criterion = Path(sys.argv[1])
functions = [
    "encode_customer_create",
    "build_encode_customer_create",
    "decode_customer_envelope",
    "decode_error_envelope",
    "decode_error_response",
]


def median(group, function):
    """The median estimate of group/function, in nanoseconds."""
    estimates = criterion / group / function / "new" / "estimates.json"
    with estimates.open() as file:
        return json.load(file)["median"]["point_estimate"]


print("| function | plain (ns, median) | client (ns, median) | client ÷ plain |")
print("|---|---:|---:|---:|")
for function in functions:
    plain = median("plain", function)
    client = median("client", function)
    print(f"| `{function}` | {plain:.0f} | {client:.0f} | {client / plain:.2f}× |")
PYTHON
