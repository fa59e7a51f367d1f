#!/usr/bin/env bash
# Builds what Python and YAML programs of the native provider need into ROOT/bin: the Python language
# host (with its exec shim and dynamic-provider script; scripts/build-langhost.sh puts its launcher in
# front), the YAML language host, and sdkgen, which writes the Python SDK from schema.json.
# usage: build-language-hosts.sh PULUMI_VERSION ROOT [SOURCE_HASH]  (the hash is recorded beside sdkgen)
#
# The Python host's own module is not served by the module proxy this project can reach, so it is
# built from the last sdk/v3 release that still contained it as a package (v3.79.0), like the Node
# host. That host reads its virtualenv from command-line flags only: a wrapper passes the one the
# project's Pulumi.yaml (or PULUMI_PYTHON_VIRTUALENV) names.
set -euo pipefail
version="$1"
root="$2"
host_sdk="v3.79.0"
yaml_version="v1.38.1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v go >/dev/null || { echo "[setup] Go is required to build the Python language host" >&2; exit 1; }

export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$root/bin" "$work/host" "$work/yaml" "$work/sdkgen"

echo "[setup] building pulumi-language-python from sdk $host_sdk" >&2
cd "$work/host"
go mod init local/pulumi-pyhost >/dev/null 2>&1
go get "github.com/pulumi/pulumi/sdk/v3@$host_sdk"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$host_sdk" \
  -o "$root/bin/pulumi-language-python.bin" github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python
sdk="$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "$sdk/python/cmd/pulumi-language-python-exec" "$sdk/python/dist/pulumi-resource-pulumi-python" "$root/bin/"
# Its launcher, which finds the virtualenv, is written by build-langhost.sh, with the proxy in front.

# The YAML host's module builds against the CLI's pkg and sdk versions, which its build cache already holds.
echo "[setup] building pulumi-language-yaml $yaml_version" >&2
cd "$work/yaml"
go mod init local/pulumi-yamlhost >/dev/null 2>&1
go get "github.com/pulumi/pulumi-yaml@$yaml_version"
go get "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$yaml_version" \
  -o "$root/bin/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml

echo "[setup] building sdkgen with pkg v$version" >&2
cd "$work/sdkgen"
go mod init local/pulumi-quay-sdkgen >/dev/null 2>&1
cp "$here/tools/sdkgen/main.go" .
go get "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version" github.com/blang/semver
go build -trimpath -ldflags "-s -w" -o "$root/bin/sdkgen" .
printf '%s\n' "${3:-}" > "$root/bin/sdkgen.source"
