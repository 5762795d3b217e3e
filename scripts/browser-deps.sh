#!/usr/bin/env bash
# Installs what the browser-side checks need: Chromium from Debian (for
# headless page tests) when /usr/bin/chromium is absent, and the JS
# dependencies from package-lock.json when node_modules is missing or
# older than it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
