#!/usr/bin/env bash
# Runs the browser runtime's JS unit tests and checks that the committed
# client/dist is what the sources build to. Installs the JS dependencies
# from package-lock.json when node_modules is missing or older than it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

npm test

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node client/build.mjs "$tmp" >/dev/null
stale=0
for f in tether.js tether.js.gz tether.js.br; do
  if ! cmp -s "$tmp/$f" "client/dist/$f"; then
    echo "client/dist/$f is stale: run 'npm run build' and commit client/dist" >&2
    stale=1
  fi
done
if [ "$stale" -ne 0 ]; then
  exit 1
fi
echo "client/dist is up to date"
