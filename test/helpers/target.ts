/**
 * Where the end-to-end tests run: the emulator (the default), or any Quay named by `QUAY_TEST_URL` and
 * `QUAY_TEST_TOKEN` (a superuser's token with every scope, on a Quay with FEATURE_REPO_MIRROR and
 * FEATURE_SUPERUSERS_FULL_ACCESS on). Against a real Quay, objects get a `pq-test-<run>-` prefix so runs
 * never collide (and what a failed test leaves is deleted after the file). Tests that need the emulator's
 * controls (metrics, garbage collection, pushes) use its `/__emulator/` endpoints, so they also run against
 * an emulator started as a separate process; against a Quay without them they are skipped, each naming
 * what it needs.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, it } from "vitest";
import { type EmulatorOptions, startEmulator } from "../../emulator";
import type { Metrics } from "../../emulator/server";
import { type ApiReply, assertNoEmulatorErrors, quayApi } from "./emulator";
import { endToEndTimeout } from "./timeouts";

/** The emulator's control endpoints, over HTTP, whether it runs in this process or not. */
export interface EmulatorControls {
  /** What the emulator counted since it started. */
  metrics(): Promise<Metrics>;
  /** Runs Quay's garbage collectors now: deleted names become free. */
  collectGarbage(): Promise<void>;
  /** Pushes `tag` to `repository` (`namespace/name`), as `docker push` would. */
  pushTag(repository: string, tag: string): Promise<void>;
}

/** The Quay the end-to-end tests run against. */
export interface TestTarget {
  url: string;
  token: string;
  /** The emulator's controls when the target is an emulator; undefined on a real Quay. */
  controls: EmulatorControls | undefined;
  /** The name of the token's user. */
  user: string;
  /**
   * An organization name of this run: `base` on the emulator, `pq-test-<run>-base` on a real Quay, where
   * the organizations so named that a test leaves behind are deleted after the file.
   */
  orgName(base: string): string;
  /** Calls the API directly, as a person in the Quay UI would. */
  api(method: string, path: string, body?: unknown): Promise<ApiReply>;
  /** Like {@link api}, failing the test unless Quay answers with a success. */
  ok(method: string, path: string, body?: unknown): Promise<ApiReply>;
}

/** The real Quay the tests run against, when `QUAY_TEST_URL` is set. */
export const realQuay = process.env.QUAY_TEST_URL
  ? { url: process.env.QUAY_TEST_URL, token: process.env.QUAY_TEST_TOKEN ?? "" }
  : undefined;

const run = randomBytes(3).toString("hex");

/** Whether the current file's target has the emulator's controls; set when the target is reached. */
let controlsReached = false;

/**
 * A test that needs the emulator's controls: it runs on any emulator, in this process or not, and is
 * skipped, with `needs` in its name, on a Quay without them.
 */
export function emulatorOnly(name: string, needs: string, test: () => Promise<void>, timeout?: number): void {
  it(
    `${name} (needs the emulator's ${needs})`,
    async (context) => {
      if (!controlsReached) context.skip();
      await test();
    },
    timeout,
  );
}

/** The control endpoints of the emulator at `url`; undefined when `url` is a Quay without them. */
async function controlsAt(url: string): Promise<EmulatorControls | undefined> {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} /__emulator${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const probe = await fetch(`${url}/__emulator/metrics`).catch(() => undefined);
  if (!probe?.ok || !probe.headers.get("content-type")?.includes("json")) return undefined;
  return {
    metrics: () => call("GET", "/metrics") as Promise<Metrics>,
    collectGarbage: async () => {
      await call("POST", "/gc");
    },
    pushTag: async (repository, tag) => {
      await call("POST", "/tags", { repository, tag });
    },
  };
}

/** Starts the target for a test file (an emulator with `options`, or connects to the real Quay) and stops it after. */
export function useTestTarget(options: EmulatorOptions = {}): { current: TestTarget } {
  const holder = {} as { current: TestTarget };
  const named = new Set<string>();
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
  // An emulator started as a separate process counts errors across files: this file answers for its own.
  let emulatorErrorsBefore = 0;
  beforeAll(async () => {
    emulator = realQuay ? undefined : await startEmulator(options);
    const url = realQuay?.url ?? emulator!.url;
    const token = realQuay?.token ?? emulator!.token;
    const api = (method: string, path: string, body?: unknown) => quayApi({ url, token }, method, path, body);
    const ok = async (method: string, path: string, body?: unknown) => {
      const reply = await api(method, path, body);
      if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply;
    };
    const me = await ok("GET", "/user/");
    const orgName = (base: string) => {
      if (!realQuay) return base;
      const name = `pq-test-${run}-${base}`;
      named.add(name);
      return name;
    };
    const controls = await controlsAt(url);
    // Only a Quay named by QUAY_TEST_URL may lack them: an emulator of this file's own must answer.
    if (!realQuay && !controls) throw new Error(`the emulator at ${url} does not answer its /__emulator/ controls`);
    controlsReached = controls !== undefined;
    if (controls && !emulator) emulatorErrorsBefore = (await controls.metrics()).emulatorErrors ?? 0;
    holder.current = {
      url,
      token,
      controls,
      user: (me.body as { username: string }).username,
      orgName,
      api,
      ok,
    };
  }, endToEndTimeout);
  afterAll(async () => {
    for (const name of named) await holder.current.api("DELETE", `/organization/${name}`);
    const controls = holder.current?.controls;
    const metrics = emulator ? emulator.metrics() : controls ? await controls.metrics() : undefined;
    await emulator?.stop();
    if (metrics) assertNoEmulatorErrors(metrics, emulatorErrorsBefore);
  });
  return holder;
}
