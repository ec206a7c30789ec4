#!/usr/bin/env bash
# Entry point of the end-to-end suite (see README.md): installs the pinned npm packages with
# `npm ci`, then runs run.mjs (Basalt servers + `node --test`, on SQLite and on PostgreSQL) against
# target/basalt.jar.
# Maven runs it in the integration-test phase of `./mvnw -B verify`.
#
# Without Node 20+/npm or without a reachable npm registry the suite is skipped with a loud
# message, unless BASALT_REQUIRE_SERVICES=1 (CI), where that is a failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

unavailable() {
  if [[ "${BASALT_REQUIRE_SERVICES:-}" == "1" ]]; then
    printf '\ne2e: FAILED: %s\n(BASALT_REQUIRE_SERVICES=1: the end-to-end suite must run)\n\n' "$1" >&2
    exit 1
  fi
  printf '\n*** SKIPPING THE END-TO-END SUITE (e2e/) ***\n%s\n(set BASALT_REQUIRE_SERVICES=1 to fail instead)\n\n' "$1" >&2
  exit 0
}

command -v node >/dev/null 2>&1 || unavailable "node is not on the PATH (the suite needs Node.js 20 or newer)"
command -v npm >/dev/null 2>&1 || unavailable "npm is not on the PATH"
major="$(node -p 'process.versions.node.split(".")[0]')"
if (( major < 20 )); then
  unavailable "node $(node --version) is too old (the suite needs Node.js 20 or newer)"
fi

if ! npm ci --prefer-offline --no-audit --no-fund --loglevel=error; then
  unavailable "npm ci failed: is the npm registry reachable?"
fi

exec node run.mjs "$@"
