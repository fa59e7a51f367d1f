#!/usr/bin/env bash
# `npm run gen:python [-- --check]`: writes the Python SDK (sdk/python) from schema.json with sdkgen, or
# with --check fails when the committed one differs from what schema.json gives.
set -euo pipefail
export PQ_PYTHON=1
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$PQ_ROOT"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
sdkgen python schema.json "$out"
if [ "${1:-}" = "--check" ]; then
    diff -r -x build -x '*.egg-info' -x __pycache__ "$out" sdk/python >&2 || { echo "[gen] sdk/python is stale: run npm run gen:python" >&2; exit 1; }
  exit 0
fi
rm -rf sdk/python
mkdir -p sdk/python
cp -r "$out/." sdk/python/
echo "[gen] wrote sdk/python" >&2
