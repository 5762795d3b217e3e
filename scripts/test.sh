#!/usr/bin/env bash
# Runs every check tether's CI runs: formatting, vet, staticcheck and the
# race-enabled tests of every Go module in the repository. It installs
# what it needs, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PATH="$PATH:$(go env GOPATH)/bin"

step() { printf '\n== %s\n' "$*"; }

# Every directory holding a go.mod is a module of its own (adapters with
# heavy dependencies live in sub-modules).
mapfile -t modules < <(find . -name go.mod -not -path './node_modules/*' -not -path '*/testdata/*' -printf '%h\n' | sort)

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

step "go vet"
for m in "${modules[@]}"; do (cd "$m" && go vet ./...); done

step "staticcheck"
if ! command -v staticcheck >/dev/null 2>&1; then
  go install honnef.co/go/tools/cmd/staticcheck@v0.8.2 >/dev/null 2>&1 ||
    echo "staticcheck could not be installed; skipping it"
fi
if command -v staticcheck >/dev/null 2>&1; then
  for m in "${modules[@]}"; do (cd "$m" && staticcheck ./...); done
fi

if [ -x scripts/browser-deps.sh ]; then
  step "browser and JS dependencies"
  scripts/browser-deps.sh
fi

step "go test -race"
for m in "${modules[@]}"; do
  (cd "$m" && go test -race -count=1 ./...)
done

if [ -x scripts/js-test.sh ]; then
  step "JS tests and dist freshness"
  scripts/js-test.sh
fi

step "done"
echo "all checks passed"
