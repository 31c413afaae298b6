#!/usr/bin/env bash
# Benchmark: our generator side by side with two peers, on the same OpenAPI documents, in one run.
#
#   xtask/bench.sh [--runs N] [--no-build] [--build-large] [--timeout S] [SPEC…]
#
# Peers (installed on first use, pinned, under target/bench-tools/):
#   cargo-progenitor 0.15.1   cargo install --locked           (target/bench-tools/cargo/)
#   openapi-generator 7.26.0  `rust` target, PyPI's openapi-generator-cli (bundles the jar and
#                             runs it with the machine's java)  (target/bench-tools/venv/)
# Ours is built once with `cargo build --release -p xtask` and run as the binary itself
# (`xtask codegen --spec SPEC --out DIR`), never through `cargo run`, which would time cargo.
#
# Measured, for each SPEC (default: spec/openapi.yaml and every file in target/public-specs/,
# which xtask/public-specs.sh fills):
#   1. generation: N runs; in each run the three tools take turns (interleaved, so that machine
#      noise hits all of them alike), each into a fresh directory. Wall time from bash's
#      $EPOCHREALTIME around the command (no fork of `date` inside the measured span), peak RSS
#      from GNU time (%M, KiB; for openapi-generator that is the largest process of the tree,
#      i.e. the JVM). Reported: median wall time, max peak RSS.
#   2. cold build of the generated crate alone (unless --no-build): each tool's output is built
#      in place with its own CARGO_TARGET_DIR (target/bench/build/<tool>-<spec>/) so no tool
#      shares artefacts; one `cargo build -j 2` compiles the dependencies (a path-dependency
#      crate written beside ours, such as a separate runtime, counts as one), then N times
#      `cargo clean -p <package>` and a timed `cargo build -j 2` (debug). The timed build must
#      compile exactly one crate; the report flags it otherwise. Specs over 2 MiB are left out
#      of this part unless --build-large (a 10 MB document takes many minutes and GBs to build).
#   3. the machine: nproc, CPU model, load average at start and end, rustc, git commit, date.
#
# Output: target/bench/report.md (Markdown, also printed); raw logs under target/bench/.
# BENCH_OURS_ARGS adds arguments to ours' command line. Every tool's output directory is treated
# as a cargo project root and built as it is.
# This is a benchmark, not a test: CI does not run it. Run it on a quiet machine, e.g.
#   nice -n 10 xtask/bench.sh --runs 3 spec/openapi.yaml target/public-specs/petstore.yaml
set -euo pipefail
shopt -s inherit_errexit nullglob
cd "$(dirname "$0")/.."
root=$PWD
command_line="xtask/bench.sh${*:+ $*}"

PROGENITOR_VERSION=0.15.1
OPENAPI_GENERATOR_VERSION=7.26.0
LARGE_BYTES=$((2 * 1024 * 1024))
TOOLS=(ours progenitor openapi_generator)

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
}

runs=5 build=1 build_large=0 timeout_s=900
specs=()
while (($#)); do
  case $1 in
    --runs)
      runs=${2:?--runs needs a number}
      [[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "--runs needs a positive number" >&2; exit 2; }
      shift 2 ;;
    --no-build) build=0; shift ;;
    --build-large) build_large=1; shift ;;
    --timeout)
      timeout_s=${2:?--timeout needs seconds}
      shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    *) specs+=("$1"); shift ;;
  esac
done
if ((${#specs[@]} == 0)); then
  specs=(spec/openapi.yaml)
  if [[ -d target/public-specs ]]; then
    specs+=(target/public-specs/*)
  fi
fi
for spec in "${specs[@]}"; do
  [[ -f $spec ]] || { echo "no such spec: $spec" >&2; exit 2; }
done

# ---------------------------------------------------------------------------------------------
# Tools: installed when missing, pinned.
tools=$root/target/bench-tools
bench=$root/target/bench
progenitor_bin=$tools/cargo/bin/cargo-progenitor
oag_bin=$tools/venv/bin/openapi-generator-cli
# Ours: where cargo puts the release binary (CARGO_TARGET_DIR is honoured for this build only;
# every other cargo command below gets its own CARGO_TARGET_DIR).
ours_target=${CARGO_TARGET_DIR:-$root/target}
ours_bin=$ours_target/release/xtask
unset CARGO_TARGET_DIR

mkdir -p "$tools" "$bench"
log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

if [[ ! -x $progenitor_bin ]] ||
  ! grep -q "cargo-progenitor $PROGENITOR_VERSION" "$tools/cargo/.crates.toml" 2>/dev/null; then
  log "installing cargo-progenitor $PROGENITOR_VERSION (one-time build, several minutes)"
  # No CARGO_TARGET_DIR: cargo install then builds in a temporary directory it removes.
  cargo install cargo-progenitor --version "$PROGENITOR_VERSION" --locked \
    --root "$tools/cargo" >"$tools/progenitor-install.log" 2>&1 ||
    { echo "cargo install cargo-progenitor failed; see $tools/progenitor-install.log" >&2; exit 1; }
fi
if [[ ! -x $oag_bin ]] ||
  [[ $("$oag_bin" version 2>/dev/null) != "$OPENAPI_GENERATOR_VERSION" ]]; then
  log "installing openapi-generator-cli $OPENAPI_GENERATOR_VERSION into $tools/venv"
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install -q "openapi-generator-cli==$OPENAPI_GENERATOR_VERSION"
fi
log "building ours: cargo build --release -p xtask"
CARGO_TARGET_DIR=$ours_target cargo build --release -q -p xtask

# ---------------------------------------------------------------------------------------------
# Machine facts, at the start (the load average again at the end).
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
cpu_model=$(lscpu | sed -n 's/^Model name: *//p' | head -n1)
commit=$(git rev-parse --short HEAD)
if [[ -n $(git status --porcelain --untracked-files=no) ]]; then commit+=-dirty; fi
started=$(date -u '+%Y-%m-%d %H:%M UTC')
start_s=$SECONDS

# ---------------------------------------------------------------------------------------------
# Helpers.

# now_us: microseconds since the epoch, from bash itself (no fork).
now_us() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }

# median: the median of the numbers on stdin, one a line.
median() {
  sort -g | awk '{ a[NR] = $1 } END {
    if (NR == 0) exit 1
    if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# short REASON: one line, at most 60 characters, no table-breaking pipes.
short() {
  local s=${1//|/\/}
  s=$(printf '%s' "$s" | tr -s '\t\r\n ' ' ' | sed 's/^ //;s/ $//')
  ((${#s} > 60)) && s="${s:0:57}..."
  printf '%s' "$s"
}

# first_error LOG: the line most likely to say why a tool failed: a panic's message, the Java
# exception that ended the program, the first error (ours prints "N × error: …"; rustc
# "error[E…]: …"), or else the last line.
first_error() {
  local line
  line=$(grep -m1 -A1 'panicked at' "$1" | sed -n '2s/^/panic: /p') || true
  [[ -n $line ]] || line=$(grep -m1 '^Exception in thread' "$1" |
    sed -E 's/^Exception in thread "[^"]*" *([a-z]+\.)*//') || true
  [[ -n $line ]] || line=$(grep -v -E '^\[[^]]*\] *(WARN|INFO)' "$1" |
    grep -m1 -E '^error(\[E[0-9]+\])?:| × error:|^Error|gen fail|[Ee]rror:' |
    sed -E 's/^ *([0-9]+ × )?(error|Error)(\[E[0-9]+\])?: *//') || true
  [[ -n $line ]] || line=$(grep -v '^\s*$' "$1" | tail -n1) || true
  printf '%s' "${line:-no output}"
}

# package_name DIR: the [package] name in DIR/Cargo.toml.
package_name() {
  awk '/^\[/ { in_pkg = ($0 == "[package]") }
       in_pkg && /^name *=/ { gsub(/^name *= *"|".*$/, ""); print; exit }' "$1/Cargo.toml"
}

# slug SPEC: a crate-name-friendly name for SPEC (file name less extension, lower-case).
declare -A seen_slug
slug() {
  local s
  s=$(basename "$1")
  s=${s%.*}
  s=$(printf '%s' "$s" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9_\n' '_')
  [[ $s =~ ^[a-z] ]] || s=s_$s
  printf '%s' "$s"
}

# generator_command TOOL SPEC OUT: sets `cmd` to the command with which TOOL writes a crate for
# SPEC into OUT (a directory that does not exist yet), its package named after OUT's last part.
generator_command() {
  local tool=$1 spec=$2 out=$3 name
  name=$(basename "$out")
  case $tool in
    ours)
      # BENCH_OURS_ARGS: extra arguments for ours (e.g. a future `--runtime PATH`), word-split.
      # shellcheck disable=SC2206
      cmd=("$ours_bin" codegen --spec "$spec" --out "$out" ${BENCH_OURS_ARGS:-}) ;;
    progenitor) cmd=("$progenitor_bin" progenitor -i "$spec" -o "$out" -n "$name" -v 0.1.0) ;;
    openapi_generator)
      cmd=("$oag_bin" generate -g rust -i "$spec" -o "$out" --package-name "$name"
        --skip-validate-spec) ;;
  esac
}

# measure LOG CMD…: runs CMD (stdout and stderr to LOG) under GNU time and `timeout`; sets
# m_us (wall microseconds), m_kib (peak RSS) and returns CMD's status (124: timed out).
measure() {
  local logf=$1 t0 t1 rc=0
  shift
  t0=$(now_us)
  timeout "$timeout_s" /usr/bin/time -f '%M' -o "$logf.rss" "$@" >"$logf" 2>&1 || rc=$?
  t1=$(now_us)
  m_us=$((t1 - t0))
  m_kib=$(tail -n1 "$logf.rss" 2>/dev/null | grep -E '^[0-9]+$' || echo 0)
  return "$rc"
}

# ---------------------------------------------------------------------------------------------
# 1. Generation.
declare -A spec_slug spec_kib gen_us gen_kib gen_fail gen_why last_out
slugs=()
for spec in "${specs[@]}"; do
  s=$(slug "$spec")
  n=2
  base=$s
  while [[ -n ${seen_slug[$s]:-} ]]; do s=${base}_$n; n=$((n + 1)); done
  seen_slug[$s]=1
  spec_slug[$spec]=$s
  spec_kib[$s]=$((($(wc -c <"$spec") + 512) / 1024))
  slugs+=("$s")
done

rm -rf "$bench/gen" "$bench/logs"
mkdir -p "$bench/gen" "$bench/logs"
for spec in "${specs[@]}"; do
  s=${spec_slug[$spec]}
  for ((run = 1; run <= runs; run++)); do
    for tool in "${TOOLS[@]}"; do
      key=$s/$tool
      # A tool that failed on a spec is not tried again on it.
      [[ -n ${gen_fail[$key]:-} ]] && continue
      # Each tool and run in a directory of its own, so that anything written beside the crate
      # (a runtime crate, say) is fresh too.
      out=$bench/gen/$s/run$run/$tool/${tool}_$s
      mkdir -p "$(dirname "$out")"
      logf=$bench/logs/gen-$s-$tool-run$run.log
      log "generate $s with $tool (run $run/$runs)"
      rc=0
      generator_command "$tool" "$spec" "$out"
      measure "$logf" "${cmd[@]}" || rc=$?
      if ((rc == 0)) && [[ -f $out/Cargo.toml ]]; then
        gen_us[$key]+="$m_us "
        if ((m_kib > ${gen_kib[$key]:-0})); then gen_kib[$key]=$m_kib; fi
        last_out[$key]=$out
      elif ((rc == 124)); then
        gen_fail[$key]="fails: timeout (${timeout_s} s)"
      elif [[ $tool == ours ]] && ((rc == 1)) && ! grep -q panicked "$logf"; then
        gen_fail[$key]=refused
        gen_why[$key]=$(first_error "$logf")
      elif ((rc == 0)); then
        gen_fail[$key]="fails: no Cargo.toml written"
      else
        gen_fail[$key]="fails: $(short "$(first_error "$logf")")"
      fi
    done
  done
done

# ---------------------------------------------------------------------------------------------
# 2. Cold build of the generated crate alone, dependencies built.
declare -A build_s build_fail build_note build_warn
notes=()
if ((build)); then
  for spec in "${specs[@]}"; do
    s=${spec_slug[$spec]}
    if ((!build_large)) && (($(wc -c <"$spec") > LARGE_BYTES)); then
      for tool in "${TOOLS[@]}"; do build_fail[$s/$tool]="skipped: > 2 MiB"; done
      continue
    fi
    for tool in "${TOOLS[@]}"; do
      key=$s/$tool
      if [[ -n ${gen_fail[$key]:-} ]]; then
        build_fail[$key]="not generated"
        continue
      fi
      dir=${last_out[$key]}
      pkg=$(package_name "$dir")
      if ! grep -q '^\[workspace\]' "$dir/Cargo.toml"; then
        # Written inside this repository's workspace, cargo would refuse a crate that is not a
        # member; an empty [workspace] makes it a workspace of its own (as ours already is).
        printf '\n[workspace]\n' >>"$dir/Cargo.toml"
        build_note[$tool]="an empty \`[workspace]\` table was appended to its Cargo.toml (it is built inside this repository's workspace)"
      fi
      export CARGO_TARGET_DIR=$bench/build/$tool-$s
      logf=$bench/logs/build-$s-$tool
      log "build $s/$tool: dependencies (warm-up)"
      if ! (cd "$dir" && cargo build -j 2 >"$logf-warmup.log" 2>&1); then
        build_fail[$key]="does not build: $(short "$(first_error "$logf-warmup.log")")"
        unset CARGO_TARGET_DIR
        continue
      fi
      times=()
      for ((run = 1; run <= runs; run++)); do
        log "build $s/$tool: cold build of $pkg alone (run $run/$runs)"
        (cd "$dir" && cargo clean -q -p "$pkg")
        rc=0
        t0=$(now_us)
        (cd "$dir" && cargo build -j 2 --offline >"$logf-run$run.log" 2>&1) || rc=$?
        t1=$(now_us)
        if ((rc != 0)); then
          build_fail[$key]="does not build: $(short "$(first_error "$logf-run$run.log")")"
          break
        fi
        times+=("$((t1 - t0))")
        # Sanity check: the timed build compiled the generated crate and nothing else.
        compiled=$(grep -cE '^ *Compiling ' "$logf-run$run.log" || true)
        if ((compiled != 1)) || ! grep -qE "^ *Compiling $pkg v" "$logf-run$run.log"; then
          build_warn[$key]="timed build compiled $compiled crates, not just $pkg"
        fi
      done
      unset CARGO_TARGET_DIR
      if [[ -z ${build_fail[$key]:-} ]]; then
        build_s[$key]=$(printf '%s\n' "${times[@]}" | median)
        if [[ -n ${build_warn[$key]:-} ]]; then
          notes+=("$s, $tool: ${build_warn[$key]} (see $logf-run*.log)")
        fi
        # Ours: say when a path dependency (a separate runtime crate) came from the output.
        if [[ $tool != ours ]]; then
          :
        elif grep -qE '^[^#]*path *= *"' "$dir/Cargo.toml"; then
          build_note[ours]="its output has path dependencies (a separate runtime crate): built with the dependencies, not timed"
        else
          build_note[ours]="its crate includes its runtime, so the timed build compiles the runtime too (progenitor's, progenitor-client, is a dependency and not timed)"
        fi
      fi
    done
  done
fi

# ---------------------------------------------------------------------------------------------
# Report.
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed=$((SECONDS - start_s))

# ms US: microseconds as milliseconds, one decimal below 10 ms.
ms() { awk -v u="$1" 'BEGIN { m = u / 1000; printf (m < 10 ? "%.1f ms" : "%.0f ms"), m }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }
secs() { awk -v u="$1" 'BEGIN { printf "%.2f s", u / 1e6 }'; }
# ratio A B: A ÷ B with 2 decimals (2 significant digits below 0.1, so that 0.004 is not 0.00).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { r = a / b; printf (r < 0.1 ? "%.2g×" : "%.2f×"), r }'; }

# shellcheck disable=SC2086 # the run times are a space-separated list
gen_median() { printf '%s\n' ${gen_us[$1]} | median; }

gen_cell() {
  local key=$1
  if [[ -n ${gen_fail[$key]:-} ]]; then printf '%s' "${gen_fail[$key]}"; return; fi
  printf '%s, %s' "$(ms "$(gen_median "$key")")" "$(mib "${gen_kib[$key]}")"
}
gen_ratio() {
  local a=$1/ours b=$1/$2
  if [[ -n ${gen_fail[$a]:-} || -n ${gen_fail[$b]:-} ]]; then printf '–'; return; fi
  ratio "$(gen_median "$a")" "$(gen_median "$b")"
}
build_cell() {
  local key=$1
  if [[ -n ${build_fail[$key]:-} ]]; then printf '%s' "${build_fail[$key]}"; return; fi
  secs "${build_s[$key]}"
}
build_ratio() {
  local a=$1/ours b=$1/$2
  if [[ -z ${build_s[$a]:-} || -z ${build_s[$b]:-} ]]; then printf '–'; return; fi
  ratio "${build_s[$a]}" "${build_s[$b]}"
}

report=$bench/report.md
{
  echo "# Generator benchmark: ours vs cargo-progenitor $PROGENITOR_VERSION vs openapi-generator $OPENAPI_GENERATOR_VERSION (rust)"
  echo
  echo "- command: \`$command_line\` ($runs runs; took $((elapsed / 60)) min $((elapsed % 60)) s)"
  echo "- date: $started; commit: \`$commit\`"
  echo "- machine: $(nproc) CPUs, $cpu_model; load average $load_start at start, $load_end at end"
  echo "- $(rustc --version); $(cargo --version); java: $(java -version 2>&1 | head -n1)"
  echo "- ours: \`$(realpath --relative-to="$root" "$ours_bin") codegen --spec SPEC --out DIR\`;" \
    "progenitor: \`cargo-progenitor progenitor -i SPEC -o DIR -n NAME -v 0.1.0\` (reads YAML itself," \
    "no conversion; it runs rustfmt on its output);" \
    "openapi-generator: \`openapi-generator-cli generate -g rust -i SPEC -o DIR --package-name NAME --skip-validate-spec\`"
  echo
  echo "## Generation (median wall time over $runs runs, max peak RSS)"
  echo
  echo "| spec | size (KiB) | ours | progenitor | openapi-generator | ours÷progenitor | ours÷openapi-generator |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  for s in "${slugs[@]}"; do
    echo "| $s | ${spec_kib[$s]} | $(gen_cell "$s/ours") | $(gen_cell "$s/progenitor") |" \
      "$(gen_cell "$s/openapi_generator") | $(gen_ratio "$s" progenitor) |" \
      "$(gen_ratio "$s" openapi_generator) |"
  done
  for s in "${slugs[@]}"; do
    if [[ -n ${gen_why[$s/ours]:-} ]]; then
      echo
      echo "- ours refused $s: $(short "${gen_why[$s/ours]}")"
    fi
  done
  echo
  echo "## Cold build of the generated crate alone (dependencies built; median of $runs \`cargo build -j 2\`, debug)"
  echo
  if ((build)); then
    echo "| spec | size (KiB) | ours | progenitor | openapi-generator | ours÷progenitor | ours÷openapi-generator |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    for s in "${slugs[@]}"; do
      echo "| $s | ${spec_kib[$s]} | $(build_cell "$s/ours") | $(build_cell "$s/progenitor") |" \
        "$(build_cell "$s/openapi_generator") | $(build_ratio "$s" progenitor) |" \
        "$(build_ratio "$s" openapi_generator) |"
    done
    echo
    for tool in "${TOOLS[@]}"; do
      if [[ -n ${build_note[$tool]:-} ]]; then echo "- $tool: ${build_note[$tool]}"; fi
    done
    for note in "${notes[@]}"; do echo "- warning: $note"; done
    echo "- each timed build compiled exactly one crate unless a warning above says otherwise;" \
      "specs over 2 MiB are built only with \`--build-large\`."
  else
    echo "Skipped (\`--no-build\`)."
  fi
  echo
  echo "Logs: \`target/bench/logs/\`; outputs: \`target/bench/gen/<spec>/run<N>/<tool>/\`."
} >"$report"
cat "$report"
