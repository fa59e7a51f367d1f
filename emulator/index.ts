/**
 * A Quay API v1 emulator for tests, benchmarks and offline demos: a real HTTP server on 127.0.0.1
 * that behaves like Quay as described in docs/quay-behavior.md. Import it from `pulumi-quay/emulator`.
 */
import { type Authentication, type Features, type QuayVersion, quayVersions } from "./context";
import type { FaultSettings } from "./faults";
import { newToken } from "./records";
import { controlPrefix, EmulatorServer, type Metrics } from "./server";

export type { Authentication, Features, QuayVersion } from "./context";
export { quayVersions } from "./context";
export type { FaultKind, FaultRule, FaultSettings } from "./faults";
export type { Metrics } from "./server";
export { defaultResolver } from "./ssrf";

/** Options for {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The Quay version to imitate where versions differ. Default: the newest release, 3.18. */
  version?: QuayVersion;
  /** Feature flags; unset ones take Quay's defaults. */
  features?: Partial<Features>;
  /** Name of the bootstrap superuser (Quay's `SUPER_USERS`). Default `admin`. */
  superuser?: string;
  /**
   * The bootstrap superuser's password, for clients that sign in (`POST /api/v1/signin`). Default: a random
   * one, in {@link Emulator.password}.
   */
  password?: string;
  /**
   * Start with no user at all, as a fresh Quay: the first user is made with `POST /api/v1/user/initialize`
   * (FEATURE_USER_INITIALIZE, then on unless `features` says otherwise), and `token` is empty.
   */
  empty?: boolean;
  /** Latency and faults to inject from the start; change them later with `server.setFaults`. */
  faults?: FaultSettings;
  /** Quay's `AUTHENTICATION_TYPE`: `Database` (the default), `LDAP`, `OIDC` or `Keystone`. */
  authentication?: Authentication;
  /**
   * Seconds before Quay's garbage collectors purge a deleted organization's name and a deleted
   * repository (with its mirror configuration). Default 60, as often as Quay's workers poll; tests
   * can run them at once with `server.state.collectGarbage(Infinity)` or `POST /__emulator/gc`.
   */
  gcDelaySeconds?: number;
  /**
   * Purge deleted names and repositories after this many further requests instead of after a delay: the
   * same outcome whatever the machine's speed, for tests whose runs wait on Quay's collectors.
   */
  gcAfterRequests?: number;
  /**
   * How registry host names resolve for Quay's SSRF checks (mirrors, proxy caches). Default: names
   * under `.invalid` and `.test` do not resolve, `localhost` is loopback, every other name is public.
   */
  resolveHost?: (host: string) => string | undefined;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL to use as `quay:url`, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /** A token of the bootstrap superuser with every scope; empty for an emulator started `empty`. */
  token: string;
  /** The bootstrap superuser's password; empty for an emulator started `empty`. */
  password: string;
  /** The server, for tests that read or change state and metrics directly. */
  server: EmulatorServer;
  /** Request counts so far. */
  metrics(): Metrics;
  /** Stops the server. */
  stop(): Promise<void>;
}

/** The version the emulator imitates unless told otherwise: the newest release. */
export const newestRelease: QuayVersion = "3.18";

/**
 * Quay's defaults, except that mirroring, quotas, auto-pruning, proxy caching, tag immutability and
 * organization mirroring are on: the emulator exists to exercise them.
 */
export const defaultFeatures: Features = {
  superusersFullAccess: false,
  changeTagExpiration: true,
  extendedRepositoryNames: true,
  repoMirror: true,
  teamInvites: true,
  teamSyncing: false,
  sparseIndex: false,
  nonSuperuserTeamSyncingSetup: false,
  quotaManagement: true,
  autoPrune: true,
  proxyCache: true,
  immutableTags: true,
  orgMirror: true,
  userInitialize: false,
  userMetadata: false,
  partialUserAutocomplete: true,
  appSpecificTokens: true,
  superuserConfigDump: false,
};

/** Starts an emulator with a bootstrap superuser and its token (or, `empty`, with no user yet). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const version = options.version ?? newestRelease;
  if (!quayVersions.includes(version)) {
    throw new Error(`unsupported Quay version "${version}"; choose one of ${quayVersions.join(", ")}`);
  }
  const server = new EmulatorServer({
    version,
    features: { ...defaultFeatures, ...(options.empty ? { userInitialize: true } : {}), ...options.features },
    authentication: options.authentication ?? "Database",
  });
  if (options.gcDelaySeconds !== undefined) server.state.gcDelayMs = options.gcDelaySeconds * 1000;
  server.state.gcAfterRequests = options.gcAfterRequests;
  if (options.resolveHost) server.resolveHost = options.resolveHost;
  const superuser = options.superuser ?? "admin";
  server.state.superuserNames.add(superuser);
  const password = options.empty ? "" : (options.password ?? newToken(24));
  if (!options.empty) server.state.addUser(superuser, { superuser: true, password });
  const token = options.empty ? "" : server.state.issueToken(superuser);
  if (options.faults) server.setFaults(options.faults);
  const port = await server.listen(options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    password,
    server,
    metrics: () => structuredClone(server.metrics),
    stop: () => server.close(),
  };
}

export { controlPrefix };
