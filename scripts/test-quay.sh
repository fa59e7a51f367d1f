#!/usr/bin/env bash
# `npm run test:quay [-- files]`: the end-to-end tests against a Quay of your own, named by QUAY_TEST_URL and
# QUAY_TEST_TOKEN (see README, "Test against your own Quay"). Without them it starts the emulator as a
# separate process and uses it as that Quay: `npm test` does so to keep this path working. With
# QUAY_TEST_LATENCY_MS, that emulator answers every call that much later: a slow Quay (`npm test` uses 1500).
set -euo pipefail
export PQ_PYTHON=1 PQ_TEST=1
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$PQ_ROOT"
npx tsc -p tsconfig.json
if [[ -z "${QUAY_TEST_URL:-}" ]]; then
  started=$(mktemp)
  # With the features the tier expects of a Quay of your own (README, "Test against your own Quay").
  node dist/emulator/cli.js --gc-after-requests 5 --enable-feature superusersFullAccess \
    --latency-ms "${QUAY_TEST_LATENCY_MS:-0}" >"$started" &
  emulator=$!
  trap 'kill "$emulator" 2>/dev/null || true; rm -f "$started"' EXIT
  for _ in $(seq 1 100); do [[ -s "$started" ]] && break; sleep 0.1; done
  QUAY_TEST_URL=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).url)' "$started")
  QUAY_TEST_TOKEN=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).token)' "$started")
fi
export QUAY_TEST_URL QUAY_TEST_TOKEN
echo "[test:quay] end-to-end tests against $QUAY_TEST_URL${QUAY_TEST_LATENCY_MS:+, ${QUAY_TEST_LATENCY_MS} ms per call}" >&2
if [[ $# -eq 0 ]]; then set -- test/e2e; fi
npx vitest run "$@"
