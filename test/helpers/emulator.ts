/** Starts an emulator for a test file and builds configuration sources that point at it. */
import { afterAll, beforeAll } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator";
import type { ConfigSource } from "../../provider/quay/config";

/** Starts an emulator before the file's tests and stops it after; read `.current` inside tests. */
export function useEmulator(options: EmulatorOptions = {}): { current: Emulator } {
  const holder = {} as { current: Emulator };
  beforeAll(async () => {
    holder.current = await startEmulator(options);
  });
  afterAll(async () => {
    await holder.current?.stop();
  });
  return holder;
}

/** Stack configuration (`quay:url`, `quay:token`, ...) for `emulator`, with fast retries for tests. */
export function configFor(emulator: Emulator, extra: Record<string, string> = {}): ConfigSource {
  const values: Record<string, string> = { "quay:url": emulator.url, "quay:token": emulator.token, ...extra };
  return { get: (key) => values[key] };
}

/** Calls the emulator's API directly, outside Pulumi, as a person in the Quay UI would. */
export async function quayApi(
  emulator: Emulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${emulator.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed };
}
