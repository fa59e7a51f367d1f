import { describe, expect, it } from "vitest";
import type { FaultSettings } from "../../emulator/faults";
import { control, quayApi, useEmulator } from "../helpers/emulator";

describe("emulator: fault injection and metrics", () => {
  const emulator = useEmulator();

  async function statuses(settings: FaultSettings, count: number): Promise<number[]> {
    await control(emulator.current, "PUT", "/faults", settings);
    const seen: number[] = [];
    for (let i = 0; i < count; i += 1) {
      try {
        seen.push((await quayApi(emulator.current, "GET", "/user/")).status);
      } catch {
        seen.push(0);
      }
    }
    await control(emulator.current, "DELETE", "/faults");
    return seen;
  }

  it("injects the same faults in the same order for the same seed", async () => {
    const settings: FaultSettings = { seed: 7, rules: [{ kinds: ["429", "503", "drop"], rate: 0.5 }] };
    const first = await statuses(settings, 40);
    const second = await statuses(settings, 40);
    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 429, 503, 0]));
    expect(await statuses({ ...settings, seed: 8 }, 40)).not.toEqual(first);
  });

  it("sends Retry-After with a 429 and scopes rules by route and method", async () => {
    await control(emulator.current, "PUT", "/faults", {
      rules: [{ route: "getCurrentUser", method: "GET", kinds: ["429"], rate: 1, retryAfterSeconds: 3, limit: 1 }],
    });
    const limited = await quayApi(emulator.current, "GET", "/user/");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect((await quayApi(emulator.current, "GET", "/user/")).status).toBe(200);
    expect((await control(emulator.current, "GET", "/faults")).injected).toEqual({ "429": 1 });
    await control(emulator.current, "DELETE", "/faults");
  });

  it("applies a change whose response it then loses", async () => {
    await control(emulator.current, "PUT", "/faults", {
      rules: [{ route: "createOrganization", kinds: ["lost-response"], rate: 1 }],
    });
    await expect(quayApi(emulator.current, "POST", "/organization/", { name: "lost" })).rejects.toThrow();
    await control(emulator.current, "DELETE", "/faults");
    expect((await quayApi(emulator.current, "GET", "/organization/lost")).status).toBe(200);
  });

  it("rejects bad fault settings with the rule", async () => {
    const reply = await fetch(`${emulator.current.url}/__emulator/faults`, {
      method: "PUT",
      body: JSON.stringify({ rules: [{ kinds: ["teapot"], rate: 0.1 }] }),
    });
    expect(reply.status).toBe(400);
    expect(((await reply.json()) as { message: string }).message).toMatch(/fault kinds must be some of/);
  });

  it("counts requests per route template and the concurrency it saw", async () => {
    await control(emulator.current, "POST", "/metrics/reset");
    await Promise.all(Array.from({ length: 5 }, () => quayApi(emulator.current, "GET", "/organization/lost")));
    const metrics = emulator.current.metrics();
    expect(metrics.requests).toEqual({ "GET /organization/{orgname}": 5 });
    expect(metrics.maxInFlight).toBeGreaterThanOrEqual(1);
    expect(metrics.inFlight).toBe(0);
  });
});
