import { beforeEach, describe, expect, it } from "vitest";
import { routeTable as routes } from "../../provider/catalog";
import { type ConnectionSettings, QuayClient } from "../../provider/quay/client";
import { quayApi, useEmulator } from "../helpers/emulator";

describe("QuayClient against the emulator's fault injection", () => {
  const emulator = useEmulator();
  const client = (overrides: Partial<ConnectionSettings> = {}) =>
    new QuayClient({
      url: emulator.current.url,
      token: emulator.current.token,
      insecureSkipTlsVerify: false,
      timeoutMs: 5_000,
      maxRetries: 5,
      maxConcurrency: 4,
      retryBaseDelayMs: 1,
      maxRetryDelayMs: 20,
      deleteWaitMs: 0,
      ...overrides,
    });
  const server = () => emulator.current.server;

  beforeEach(async () => {
    server().setFaults({});
    server().resetMetrics();
    if (!server().state.organizations.has("faulty"))
      await quayApi(emulator.current, "POST", "/organization/", { name: "faulty" });
  });

  it.each([["429"], ["503"], ["502"], ["drop"]] as const)("recovers from %s on a read", async (kind) => {
    server().setFaults({
      rules: [{ route: "getOrganization", kinds: [kind], rate: 1, limit: 2, retryAfterSeconds: 0 }],
    });
    await expect(client().request(routes.getOrganization, { params: { orgname: "faulty" } })).resolves.toMatchObject({
      name: "faulty",
    });
    expect(server().metrics.requests["GET /organization/{orgname}"]).toBe(3);
  });

  it("does not repeat a create after a 503, and the rerun converges", async () => {
    server().setFaults({ rules: [{ route: "createOrganization", kinds: ["503"], rate: 1, limit: 1 }] });
    const create = () => client().request(routes.createOrganization, { body: { name: "once" } });
    await expect(create()).rejects.toMatchObject({ code: "QUAY_SERVER_ERROR" });
    expect(server().metrics.requests["POST /organization/"]).toBe(1);
    await expect(create()).resolves.toBe("Created");
  });

  it("reports a create whose response was lost as a connection error; Quay applied it", async () => {
    server().setFaults({ rules: [{ route: "createOrganization", kinds: ["lost-response"], rate: 1, limit: 1 }] });
    await expect(client().request(routes.createOrganization, { body: { name: "applied" } })).rejects.toMatchObject({
      code: "QUAY_CONNECTION",
    });
    expect(server().state.organizations.has("applied")).toBe(true);
  });

  it("converges through 10 % mixed faults on 100 reads", async () => {
    server().setFaults({ seed: 42, rules: [{ kinds: ["429", "503", "drop"], rate: 0.1, retryAfterSeconds: 0 }] });
    const quay = client();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => quay.request(routes.getOrganization, { params: { orgname: "faulty" } })),
    );
    expect(results).toHaveLength(100);
    expect(Object.values(server().metrics.faults).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
  });

  it("never has more requests in flight than maxConcurrency", async () => {
    server().setFaults({ latencyMs: 20 });
    const quay = client({ maxConcurrency: 3 });
    await Promise.all(
      Array.from({ length: 30 }, () => quay.request(routes.getOrganization, { params: { orgname: "faulty" } })),
    );
    expect(server().metrics.maxInFlight).toBe(3);
  });
});

describe("QuayClient.cachedFind", () => {
  const emulator = useEmulator();
  const client = () =>
    new QuayClient({
      url: emulator.current.url,
      token: emulator.current.token,
      insecureSkipTlsVerify: false,
      timeoutMs: 5_000,
      maxRetries: 0,
      maxConcurrency: 4,
      retryBaseDelayMs: 1,
      maxRetryDelayMs: 20,
      deleteWaitMs: 0,
    });
  const count = () => emulator.current.metrics().requests["GET /organization/{orgname}"] ?? 0;

  it("shares one answer among concurrent and later readers until the client writes", async () => {
    const quay = client();
    await quay.request(routes.createOrganization, { body: { name: "shared" } });
    const before = count();
    const params = { orgname: "shared" };
    await Promise.all(Array.from({ length: 10 }, () => quay.cachedFind(routes.getOrganization, { params })));
    await quay.cachedFind(routes.getOrganization, { params });
    expect(count() - before).toBe(1);
    await quay.request(routes.updateOrganization, { params, body: { email: "shared@example.com" } });
    const after = (await quay.cachedFind(routes.getOrganization, { params })) as { email: string };
    expect(after.email).toBe("shared@example.com");
    expect(count() - before).toBe(2);
  });

  it("answers undefined for an absent object and does not keep failures", async () => {
    const quay = client();
    await expect(quay.cachedFind(routes.getOrganization, { params: { orgname: "never" } })).resolves.toBeUndefined();
    emulator.current.server.setFaults({ rules: [{ route: "getOrganization", kinds: ["500"], rate: 1, limit: 1 }] });
    await expect(quay.cachedFind(routes.getOrganization, { params: { orgname: "shared" } })).rejects.toMatchObject({
      code: "QUAY_SERVER_ERROR",
    });
    await expect(quay.cachedFind(routes.getOrganization, { params: { orgname: "shared" } })).resolves.toMatchObject({
      name: "shared",
    });
  });
});
