#!/usr/bin/env bash
# Installs the npm dependencies when package-lock.json changed since the last install (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.glue-kernel-lock.sha
# Hashed with node (always here) rather than sha256sum, which macOS does not ship.
want=$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync("package-lock.json")).digest("hex"))')
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # A checkout whose node_modules links to another checkout's must not reinstall that one.
  if [ -L node_modules ]; then
    echo "note: node_modules links to another checkout; install package-lock.json's changes there" >&2
    exit 0
  fi
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
