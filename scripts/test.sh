#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Installs the toolchain when missing (Node 22+, npm
# dependencies, the Pulumi CLI), builds, lints, checks generated files, then runs every tier:
# unit, contract (the real dynamic-provider server) and end-to-end (the real Pulumi CLI).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$PQ_ROOT"
echo "[test] node $(node --version), $(pulumi version) from $PULUMI_ROOT" >&2
npx tsc -p tsconfig.json
npx tsc -p test/tsconfig.json
npx biome check .
node dist/scripts/gen.js --check
npx vitest run "$@"
