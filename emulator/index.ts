/**
 * A Quay API v1 emulator for tests, benchmarks and offline demos: a real HTTP server on 127.0.0.1
 * that behaves like Quay as described in docs/quay-behavior.md. Import it from `pulumi-quay/emulator`.
 */
import { type Features, type QuayVersion, quayVersions } from "./context";
import type { FaultSettings } from "./faults";
import { controlPrefix, EmulatorServer, type Metrics } from "./server";

export type { Features, QuayVersion } from "./context";
export { quayVersions } from "./context";
export type { FaultKind, FaultRule, FaultSettings } from "./faults";
export type { Metrics } from "./server";

/** Options for {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The Quay release to imitate where releases differ. Default: the newest. */
  version?: QuayVersion;
  /** Feature flags; unset ones take Quay's defaults. */
  features?: Partial<Features>;
  /** Name of the bootstrap superuser. Default `admin`. */
  superuser?: string;
  /** Latency and faults to inject from the start; change them later with `server.setFaults`. */
  faults?: FaultSettings;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL to use as `quay:url`, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /** A token of the bootstrap superuser with every scope. */
  token: string;
  /** The server, for tests that read or change state and metrics directly. */
  server: EmulatorServer;
  /** Request counts so far. */
  metrics(): Metrics;
  /** Stops the server. */
  stop(): Promise<void>;
}

/** Quay's defaults, except that mirroring is on: the emulator exists to exercise it. */
const defaultFeatures: Features = {
  superusersFullAccess: false,
  changeTagExpiration: true,
  extendedRepositoryNames: true,
  repoMirror: true,
  teamInvites: true,
};

/** Starts an emulator with a bootstrap superuser and its token. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const version = options.version ?? quayVersions[quayVersions.length - 1];
  if (!quayVersions.includes(version)) {
    throw new Error(`unsupported Quay version "${version}"; choose one of ${quayVersions.join(", ")}`);
  }
  const server = new EmulatorServer({ version, features: { ...defaultFeatures, ...options.features } });
  const superuser = options.superuser ?? "admin";
  server.state.addUser(superuser, { superuser: true });
  const token = server.state.issueToken(superuser);
  if (options.faults) server.setFaults(options.faults);
  const port = await server.listen(options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    server,
    metrics: () => structuredClone(server.metrics),
    stop: () => server.close(),
  };
}

export { controlPrefix };
