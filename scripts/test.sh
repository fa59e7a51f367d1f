#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Installs the toolchain when missing (Node 22+, npm
# dependencies, the Pulumi CLI), builds, lints, checks generated files, then runs every tier:
# unit, contract (the real dynamic-provider server) and end-to-end (the real Pulumi CLI), then two
# end-to-end files again against the emulator as a separate process, the way they run against a real Quay,
# and as slow as one can be (1.5 s per call).
set -euo pipefail
# With the Python language host and SDK generator, for the Python program of the native provider, and the
# oldest Node.js the package supports.
export PQ_PYTHON=1 PQ_TEST=1
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$PQ_ROOT"
echo "[test] node $(node --version), $(pulumi version) from $PULUMI_ROOT" >&2
npx tsc -p tsconfig.json
npx tsc -p test/tsconfig.json
npx biome check .
# The linter sees hand-written SDK files (Biome fails when a path it is given is ignored) and generated ones.
npx biome check sdk/blueprint.ts sdk/claims.ts sdk/robot.ts >/dev/null
node dist/scripts/gen.js --check
bash scripts/gen-python.sh --check
unset QUAY_TEST_URL QUAY_TEST_TOKEN
npx vitest run "$@"
if [[ $# -eq 0 ]]; then
  QUAY_TEST_LATENCY_MS=1500 bash scripts/test-quay.sh test/e2e/organization.e2e.test.ts test/e2e/registry.e2e.test.ts
fi
