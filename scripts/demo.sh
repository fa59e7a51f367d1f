#!/usr/bin/env bash
# `npm run demo`: sets up the toolchain, starts the embedded Quay emulator on 127.0.0.1, runs
# `pulumi up` of examples/quickstart against it with a local state backend, prints the outputs and
# what the emulator now holds, then stops the emulator. Nothing leaves this machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$PQ_ROOT"
npx tsc -p tsconfig.json

# A scratch directory inside the checkout, so the program resolves pulumi-quay from its node_modules.
mkdir -p "$PQ_ROOT/.e2e"
work="$(mktemp -d "$PQ_ROOT/.e2e/demo-XXXXXX")"
emulator_pid=""
cleanup() {
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

node dist/emulator/cli.js --port 0 >"$work/emulator.json" &
emulator_pid=$!
for _ in $(seq 1 50); do [ -s "$work/emulator.json" ] && break; sleep 0.1; done
url="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).url' "$work/emulator.json")"
token="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).token' "$work/emulator.json")"
echo "[demo] Quay emulator listening at $url"

cp -r examples/quickstart "$work/program"
mkdir -p "$work/state"
export PULUMI_BACKEND_URL="file://$work/state" PULUMI_CONFIG_PASSPHRASE="demo" PULUMI_HOME="$work/pulumi-home"
cd "$work/program"
pulumi stack init demo --non-interactive >/dev/null
pulumi config set quay:url "$url"
printf '%s' "$token" | pulumi config set --secret quay:token
pulumi up --yes --non-interactive --skip-preview
echo "[demo] stack outputs:"
pulumi stack output --json
echo "[demo] the emulator now holds:"
QUAY_TOKEN="$token" node -e '
fetch(process.argv[1] + "/api/v1/organization/platform", { headers: { authorization: "Bearer " + process.env.QUAY_TOKEN } })
  .then((reply) => reply.json())
  .then((org) => console.log(JSON.stringify({ name: org.name, email: org.email, teams: org.ordered_teams })));
' "$url"
echo "[demo] a second preview plans no change:"
pulumi preview --non-interactive --json | node -e '
let text = ""; process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
  const summary = JSON.parse(text).changeSummary;
  console.log(Object.entries(summary).map(([step, count]) => `${count} ${step}`).join(", "));
});'
cat <<'NEXT'

[demo] done. The emulator stops now; nothing left this machine. To go on:
  npx quay-emulator --port 8080           # an emulator of your own (prints its URL and token)
  examples/organization, examples/mirror  # teams, robots, permissions, a notification, a mirror
  README.md "Use it"                      # point a program at your Quay
  README.md "Safety"                      # what pulumi-quay guarantees before it deletes anything
NEXT
