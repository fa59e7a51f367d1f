/** Starts an emulator for a test file and builds configuration sources that point at it. */
import { afterAll, beforeAll } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator";
import type { ConfigSource } from "../../provider/quay/config";

/** A test file's emulator, with direct API calls and the setup objects tests build on. */
export interface TestQuay {
  /** The running emulator; set before the file's tests run. */
  current: Emulator;
  /** Calls the API directly, as a person in the Quay UI would (the bootstrap superuser's token by default). */
  api(method: string, path: string, body?: unknown, token?: string): Promise<ApiReply>;
  /** Objects made through the API that a test starts from; each fails the test when Quay refuses it. */
  seed: {
    organization(name: string, email?: string): Promise<void>;
    repository(namespace: string, name: string, options?: { visibility?: string; description?: string }): Promise<void>;
    robot(organization: string, name: string, description?: string): Promise<void>;
    team(organization: string, name: string, role?: string, members?: string[]): Promise<void>;
    /** A pushed tag (through the emulator's control API: Quay's API cannot push images). */
    tag(repository: string, tag: string): Promise<void>;
  };
}

/** Starts an emulator before the file's tests and stops it after; read `.current` inside tests. */
export function useEmulator(options: EmulatorOptions = {}): TestQuay {
  const quay = {} as TestQuay;
  const api = (method: string, path: string, body?: unknown, token?: string) =>
    quayApi(quay.current, method, path, body, token);
  const ok = async (method: string, path: string, body?: unknown) => {
    const reply = await api(method, path, body);
    if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  };
  quay.api = api;
  quay.seed = {
    organization: (name, email) => ok("POST", "/organization/", { name, email }),
    repository: (namespace, name, { visibility = "private", description = "" } = {}) =>
      ok("POST", "/repository", { namespace, repository: name, visibility, description }),
    robot: (organization, name, description = "") =>
      ok("PUT", `/organization/${organization}/robots/${name}`, { description }),
    team: async (organization, name, role = "member", members = []) => {
      await ok("PUT", `/organization/${organization}/team/${name}`, { role });
      for (const member of members) await ok("PUT", `/organization/${organization}/team/${name}/members/${member}`);
    },
    tag: async (repository, tag) => {
      const response = await fetch(`${quay.current.url}/__emulator/tags`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ repository, tag }),
      });
      if (!response.ok) throw new Error(`pushing ${repository}:${tag}: ${response.status} ${await response.text()}`);
    },
  };
  beforeAll(async () => {
    quay.current = await startEmulator(options);
  });
  afterAll(async () => {
    const emulator = quay.current;
    if (!emulator) return;
    const metrics = emulator.metrics();
    await emulator.stop();
    assertNoEmulatorErrors(metrics);
  });
  return quay;
}

/**
 * Fails when the emulator hit errors of its own since `before` (exceptions its handlers did not mean to
 * throw, counted in `emulatorErrors` and logged to stderr with their stacks): a test that saw such a 500
 * saw an emulator bug, not Quay's answer. The helpers that start emulators call it when they stop one.
 */
export function assertNoEmulatorErrors(metrics: { emulatorErrors?: number }, before = 0): void {
  const errors = (metrics.emulatorErrors ?? 0) - before;
  if (errors > 0) {
    throw new Error(
      `the emulator hit ${errors} error(s) of its own (handler exceptions, not Quay's answers); their stacks are on stderr`,
    );
  }
}

/** Stack configuration (`quay:url`, `quay:token`, and `extra`) pointing at `emulator`. */
export function configFor(emulator: Emulator, extra: Record<string, string> = {}): ConfigSource {
  const values: Record<string, string> = { "quay:url": emulator.url, "quay:token": emulator.token, ...extra };
  return { get: (key) => values[key] };
}

/** A reply as the tests see it: status, parsed body (text when not JSON) and headers. */
export interface ApiReply {
  status: number;
  body: any;
  headers: Headers;
}

/** Calls the emulator's API directly, outside Pulumi, as a person in the Quay UI would. */
export async function quayApi(
  emulator: { url: string; token: string },
  method: string,
  path: string,
  body?: unknown,
  token: string = emulator.token,
): Promise<ApiReply> {
  const response = await fetch(`${emulator.url}/api/v1${path}`, {
    method,
    redirect: "manual",
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Creates a user through the control API; returns a token with `scopes` (every scope by default). */
export async function addUser(emulator: Emulator, username: string, scopes?: string[]): Promise<string> {
  const response = await fetch(`${emulator.url}/__emulator/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, scopes }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** Calls a control endpoint under `/__emulator/`. */
export async function control(emulator: Emulator, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return text === "" ? undefined : JSON.parse(text);
}
