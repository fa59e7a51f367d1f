#!/usr/bin/env bash
# Runs a command with the project's toolchain (scripts/toolchain.sh) after a build: `bash scripts/run.sh CMD...`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$PQ_ROOT"
npx tsc -p tsconfig.json
exec "$@"
