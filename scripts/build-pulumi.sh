#!/usr/bin/env bash
# Builds the Pulumi CLI and the Node language host from Go modules into ROOT/bin (the host as
# pulumi-language-nodejs.bin: scripts/build-langhost.sh puts its launcher in front).
# usage: build-pulumi.sh VERSION ROOT
#
# The CLI module (pkg/v3) has replace directives, so `go install pkg@version` refuses it; a throwaway
# module that requires it builds it instead (replace directives of dependencies are ignored). The
# language host's own module is not served by the module proxy this project can reach, so the host
# is built from the last sdk/v3 release that still contained it as a package (v3.68.0); it speaks the
# same language-host protocol to the engine.
set -euo pipefail
version="$1"
root="$2"
langhost_sdk="v3.68.0"
command -v go >/dev/null || { echo "[setup] Go is required to build the Pulumi CLI" >&2; exit 1; }

export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$root/bin" "$work/cli" "$work/langhost"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"

echo "[setup] building pulumi v$version from Go modules (a cold build takes several minutes)" >&2
cd "$work/cli"
go mod init local/pulumi-cli >/dev/null 2>&1
go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$version"
go get "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version"
test "$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3)" = "v$version"
test "$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/sdk/v3)" = "v$version"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$root/bin/pulumi.tmp" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

echo "[setup] building pulumi-language-nodejs from sdk $langhost_sdk" >&2
cd "$work/langhost"
go mod init local/pulumi-langhost >/dev/null 2>&1
go get "github.com/pulumi/pulumi/sdk/v3@$langhost_sdk"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "-s -w" -o "$root/bin/pulumi-language-nodejs.bin" \
  github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs

mv "$root/bin/pulumi.tmp" "$root/bin/pulumi"
"$root/bin/pulumi" version
