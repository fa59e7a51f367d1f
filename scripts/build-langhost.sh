#!/usr/bin/env bash
# Builds tools/langhost (ours) into ROOT/bin and puts it in front of the Node.js language host and, when
# built, the Python one: the hosts built from older SDKs lack GenerateProgram, which `pulumi import --out`
# calls, and cannot run policy packs (`--policy-pack`); the proxy answers both with the CLI's own code and
# passes every other call through.
# usage: build-langhost.sh PULUMI_VERSION ROOT [SOURCE_HASH]  (the hash is recorded beside the binary)
set -euo pipefail
version="$1"
root="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v go >/dev/null || { echo "[setup] Go is required to build the language host proxy" >&2; exit 1; }

export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "[setup] building the language host proxy with pkg v$version" >&2
cd "$work"
go mod init local/pulumi-quay-langhost >/dev/null 2>&1
cp "$here"/tools/langhost/*.go .
go get "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version" >&2
go mod tidy >&2
go build -trimpath -tags osusergo,grpcnotrace -ldflags "-s -w" -o "$root/bin/pulumi-quay-langhost.tmp" .
mv "$root/bin/pulumi-quay-langhost.tmp" "$root/bin/pulumi-quay-langhost"
printf '%s\n' "${3:-}" > "$root/bin/pulumi-quay-langhost.source"

# Each host's binary moves to .bin and a launcher takes its name (once; later builds keep the layout).
bin="$root/bin"
if [ -f "$bin/pulumi-language-nodejs" ] && [ ! -f "$bin/pulumi-language-nodejs.bin" ]; then
  mv "$bin/pulumi-language-nodejs" "$bin/pulumi-language-nodejs.bin"
fi
cat > "$bin/pulumi-language-nodejs" <<'LAUNCHER'
#!/bin/sh
# The Node.js language host, behind pulumi-quay's proxy, which adds GenerateProgram and policy packs (scripts/build-langhost.sh).
exec "$(dirname "$0")/pulumi-quay-langhost" nodejs "$(dirname "$0")/pulumi-language-nodejs.bin" "$@"
LAUNCHER
chmod 0755 "$bin/pulumi-language-nodejs"

# The Python host, when built (the test command builds it): its launcher also finds the project's virtualenv
# (Pulumi.yaml runtime.options.virtualenv, or PULUMI_PYTHON_VIRTUALENV), which that host reads from flags only.
if [ -f "$bin/pulumi-language-python.bin" ]; then
  cat > "$bin/pulumi-language-python" <<'LAUNCHER'
#!/bin/sh
# The Python language host, behind pulumi-quay's proxy, which adds GenerateProgram (scripts/build-langhost.sh).
project="$PWD"
while [ "$project" != / ] && [ ! -f "$project/Pulumi.yaml" ]; do project="$(dirname "$project")"; done
venv="${PULUMI_PYTHON_VIRTUALENV:-}"
if [ -z "$venv" ] && [ -f "$project/Pulumi.yaml" ]; then
  venv="$(sed -n 's/^[[:space:]]*virtualenv:[[:space:]]*["'\'']\{0,1\}\([^"'\''#[:space:]]*\).*$/\1/p' "$project/Pulumi.yaml" | head -n1)"
fi
here="$(dirname "$0")"
if [ -n "$venv" ]; then exec "$here/pulumi-quay-langhost" python "$here/pulumi-language-python.bin" -root "$project" -virtualenv "$venv" "$@"; fi
exec "$here/pulumi-quay-langhost" python "$here/pulumi-language-python.bin" "$@"
LAUNCHER
  chmod 0755 "$bin/pulumi-language-python"
fi
