#!/usr/bin/env node
/**
 * `quay-emulator`: runs the Quay API emulator until interrupted. Prints one JSON line
 * `{"url": ..., "token": ...}` on standard output once it is ready.
 */
import { parseArgs } from "node:util";
import { type FaultKind, faultKinds } from "./faults";
import {
  type Authentication,
  defaultFeatures,
  type Features,
  newestRelease,
  type QuayVersion,
  quayVersions,
  startEmulator,
} from "./index";
import { defaultResolver } from "./ssrf";

const featureNames = Object.keys(defaultFeatures);
const authentications = ["Database", "LDAP", "OIDC", "Keystone"];

const usage = `usage: quay-emulator [options]
  --port N                   TCP port on 127.0.0.1 (default 0: any free port)
  --quay-version V           Quay version to imitate: ${quayVersions.join(", ")} (default ${newestRelease})
  --authentication A         AUTHENTICATION_TYPE: ${authentications.join(", ")} (default Database)
  --gc-delay-seconds N       seconds before deleted names and repositories are purged (default 60)
  --gc-after-requests N      purge them after N further requests instead: the same on any machine (tests)
  --empty                    start with no user, as a fresh Quay: make the first with POST
                             /api/v1/user/initialize (userInitialize on) or npx pulumi-quay bootstrap
  --superuser NAME           the user SUPER_USERS names (default admin)
  --password PASSWORD        the superuser's password, for clients that sign in (default: a random one,
                             printed with the URL and token)
  --unresolvable-host NAME   a registry host name that does not resolve (repeatable)
  --enable-feature NAME      turn a feature flag on (repeatable): ${featureNames.join(", ")}
  --disable-feature NAME     turn a feature flag off (repeatable)
  --latency-ms N             delay every API answer by N ms
  --fault-rate R             probability 0–1 that a request gets a fault
  --fault-kinds K,K          faults to choose from: ${faultKinds.join(", ")} (default 429,503,drop)
  --fault-seed N             seed for reproducible faults (default 1)
  --fault-route KEY          only requests to this route key (e.g. getOrganization) or "METHOD /template"
  --fault-method M           only requests with this method
  --retry-after S            seconds sent in Retry-After with a 429 (default 1)`;

function features(enable: string[], disable: string[]): Partial<Features> {
  const chosen: Partial<Features> = {};
  for (const [names, value] of [
    [enable, true],
    [disable, false],
  ] as const) {
    for (const name of names) {
      if (!featureNames.includes(name)) throw new Error(`unknown feature "${name}"\n${usage}`);
      chosen[name as keyof Features] = value;
    }
  }
  return chosen;
}

function number(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    throw new Error(`--${name} must be a number from ${min} to ${max}, got "${value}"\n${usage}`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      "quay-version": { type: "string" },
      authentication: { type: "string", default: "Database" },
      "gc-delay-seconds": { type: "string" },
      "gc-after-requests": { type: "string" },
      empty: { type: "boolean", default: false },
      superuser: { type: "string" },
      password: { type: "string" },
      "unresolvable-host": { type: "string", multiple: true, default: [] },
      "enable-feature": { type: "string", multiple: true, default: [] },
      "disable-feature": { type: "string", multiple: true, default: [] },
      "latency-ms": { type: "string" },
      "fault-rate": { type: "string" },
      "fault-kinds": { type: "string", default: "429,503,drop" },
      "fault-seed": { type: "string" },
      "fault-route": { type: "string" },
      "fault-method": { type: "string" },
      "retry-after": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const rate = number("fault-rate", values["fault-rate"], 0, 1);
  if (!authentications.includes(values.authentication)) {
    throw new Error(`--authentication must be one of ${authentications.join(", ")}\n${usage}`);
  }
  const unresolvable = new Set(values["unresolvable-host"]);
  const emulator = await startEmulator({
    port: number("port", values.port, 0, 65_535),
    version: values["quay-version"] as QuayVersion | undefined,
    features: features(values["enable-feature"], values["disable-feature"]),
    authentication: values.authentication as Authentication,
    gcDelaySeconds: number("gc-delay-seconds", values["gc-delay-seconds"], 0, 86_400),
    gcAfterRequests: number("gc-after-requests", values["gc-after-requests"], 0, 1_000_000),
    empty: values.empty,
    superuser: values.superuser,
    password: values.password,
    resolveHost: (host) => (unresolvable.has(host) ? undefined : defaultResolver(host)),
    faults: {
      seed: number("fault-seed", values["fault-seed"], 0, 2 ** 32),
      latencyMs: number("latency-ms", values["latency-ms"], 0, 60_000),
      rules:
        rate === undefined
          ? []
          : [
              {
                rate,
                kinds: values["fault-kinds"].split(",") as FaultKind[],
                route: values["fault-route"],
                method: values["fault-method"],
                retryAfterSeconds: number("retry-after", values["retry-after"], 0, 3600),
              },
            ],
    },
  });
  console.log(JSON.stringify({ url: emulator.url, token: emulator.token, password: emulator.password }));
  const stop = () => {
    emulator.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`quay-emulator: ${(error as Error).message}`);
  process.exit(2);
});
