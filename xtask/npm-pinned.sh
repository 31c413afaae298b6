# Sourced by xtask/public-specs.sh and xtask/corpus.sh (from the workspace root): fetches npm
# package tarballs pinned by version and by sha256. A verified tarball is kept in target/npm/,
# so a second run downloads nothing; a tarball whose digest differs is deleted and the run stops.

npm_cache="target/npm"

# npm_pinned PACKAGE@VERSION SHA256 DIR: unpacks the verified tarball of PACKAGE@VERSION into DIR
# and prints DIR/package, the package's root.
npm_pinned() {
  local spec=$1 want=$2 into=$3 tarball got
  tarball="$npm_cache/$(echo "$spec" | tr '/@' '__').tgz"
  if [[ ! -f $tarball ]]; then
    mkdir -p "$npm_cache"
    local packed
    packed=$(cd "$npm_cache" && npm pack --silent "$spec" | tail -n1)
    mv "$npm_cache/$packed" "$tarball"
  fi
  got=$(sha256sum "$tarball" | cut -d' ' -f1)
  if [[ $got != "$want" ]]; then
    rm -f "$tarball"
    echo "error: $spec: the tarball's sha256 is $got, but $want is pinned; it was deleted." >&2
    echo "       If the package was republished on purpose, review it and update the pin." >&2
    return 1
  fi
  mkdir -p "$into"
  tar -xzf "$tarball" -C "$into"
  echo "$into/package"
}
