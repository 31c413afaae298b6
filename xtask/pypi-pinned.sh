# Sourced by xtask/vendor-corpus.sh (from the workspace root): fetches PyPI wheels pinned by
# version and by sha256, the way npm-pinned.sh fetches npm tarballs. A verified wheel is kept in
# target/pypi/, so a second run downloads nothing; a wheel whose digest differs is deleted and the
# call fails.

pypi_cache="target/pypi"

# pypi_pinned PACKAGE==VERSION SHA256: prints the path of the verified wheel.
pypi_pinned() {
  local spec=$1 want=$2 wheel got tmp
  wheel="$pypi_cache/$(echo "$spec" | sed 's/==/-/').whl"
  if [[ ! -f $wheel ]]; then
    mkdir -p "$pypi_cache"
    tmp=$(mktemp -d)
    if ! pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "$spec" >&2; then
      rm -rf "$tmp"
      echo "error: $spec: pip could not download the wheel." >&2
      return 1
    fi
    mv "$tmp"/*.whl "$wheel"
    rm -rf "$tmp"
  fi
  got=$(sha256sum "$wheel" | cut -d' ' -f1)
  if [[ $got != "$want" ]]; then
    rm -f "$wheel"
    echo "error: $spec: the wheel's sha256 is $got, but $want is pinned; it was deleted." >&2
    echo "       If the package was republished on purpose, review it and update the pin." >&2
    return 1
  fi
  echo "$wheel"
}
