/**
 * Where the end-to-end tests run: the emulator (the default), or any Quay named by `QUAY_TEST_URL` and
 * `QUAY_TEST_TOKEN` (a superuser's token with every scope, on a Quay with FEATURE_REPO_MIRROR and
 * FEATURE_SUPERUSERS_FULL_ACCESS on). Against a real Quay, objects get a `pq-test-<run>-` prefix so runs
 * never collide (and what a failed test leaves is deleted after the file), and tests that need the emulator's controls (fault injection, metrics, its state) are
 * skipped, each naming what it needs.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, it } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator";
import { type ApiReply, quayApi } from "./emulator";

/** The Quay the end-to-end tests run against. */
export interface TestTarget {
  url: string;
  token: string;
  /** The emulator when the tests run against it; undefined against a real Quay. */
  emulator: Emulator | undefined;
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

/**
 * A test that needs the emulator's controls: it runs on the emulator and is skipped, with `needs` in its
 * name, against a real Quay.
 */
export function emulatorOnly(name: string, needs: string, test: () => Promise<void>, timeout?: number): void {
  it.skipIf(realQuay !== undefined)(`${name} (needs the emulator's ${needs})`, test, timeout);
}

/** Starts the target for a test file (an emulator with `options`, or connects to the real Quay) and stops it after. */
export function useTestTarget(options: EmulatorOptions = {}): { current: TestTarget } {
  const holder = {} as { current: TestTarget };
  const named = new Set<string>();
  beforeAll(async () => {
    const emulator = realQuay ? undefined : await startEmulator(options);
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
    holder.current = {
      url,
      token,
      emulator,
      user: (me.body as { username: string }).username,
      orgName,
      api,
      ok,
    };
  }, 60_000);
  afterAll(async () => {
    for (const name of named) await holder.current.api("DELETE", `/organization/${name}`);
    await holder.current?.emulator?.stop();
  });
  return holder;
}
