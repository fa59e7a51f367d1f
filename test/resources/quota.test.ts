import { beforeAll, describe, expect, it } from "vitest";
import { parseSize } from "../../provider/resources/_shared/sizes";
import * as runtime from "../../provider/runtime";
import { configFor, control, useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("Quota", () => {
  const emulator = useEmulator({ features: { superusersFullAccess: true } });
  const kind = lifecycle("Quota", emulator);
  const api = emulator.api;
  const quotas = async (org: string) => (await api("GET", `/organization/${org}/quota`)).body;

  beforeAll(async () => {
    for (const org of ["acme", "lean", "moved"]) await emulator.seed.organization(org);
  });

  it("reads sizes as people write them, binary and decimal", () => {
    expect(parseSize("10 GiB")).toBe(10 * 1024 ** 3);
    expect(parseSize("1.5TiB")).toBe(1.5 * 1024 ** 4);
    expect(parseSize("2 TB")).toBe(2 * 1000 ** 4);
    expect(parseSize("500M")).toBe(500 * 1000 ** 2);
    expect(parseSize("1024")).toBe(1024);
    expect(parseSize("0.5 B")).toBeUndefined();
    expect(parseSize("ten GiB")).toBeUndefined();
    expect(parseSize("10 GiBs")).toBeUndefined();
  });

  it("rejects bad input at check, naming the field and the rule", async () => {
    expect(
      await kind.failures({ organization: "acme", limit: "lots", limits: [{ type: "Soft", thresholdPercent: 120 }] }),
    ).toEqual({
      limit: expect.stringMatching(/^must be a size such as 10 GiB/),
      "limits.0.type": "must be Warning or Reject",
      "limits.0.thresholdPercent": "must be between 1 and 100",
    });
    expect(await kind.failures({ organization: "acme", limit: "0 GiB" })).toEqual({
      limit: expect.stringMatching(/^must be a size/),
    });
  });

  it("creates the quota with its limits in bytes, and converges however the size is written", async () => {
    const inputs = {
      organization: "acme",
      limit: "10 GiB",
      limits: [
        { type: "Reject", thresholdPercent: 100 },
        { type: "Warning", thresholdPercent: 80 },
      ],
    };
    const created = await kind.create(inputs);
    expect(created.id).toBe("acme");
    expect(created.outs.limitBytes).toBe(10 * 1024 ** 3);
    const [quota] = await quotas("acme");
    expect(quota).toMatchObject({ limit_bytes: 10 * 1024 ** 3, limit: "10.0 GiB" });
    expect(
      quota.limits.map((limit: { type: string; limit_percent: number }) => [limit.type, limit.limit_percent]),
    ).toEqual([
      ["Reject", 100],
      ["Warning", 80],
    ]);
    await kind.expectConverged(created, inputs);
    // The same size in other words, and the limits in another order: no change.
    await kind.expectConverged(created, { ...inputs, limit: "10240 MiB", limits: [...inputs.limits].reverse() });
  });

  it("updates the size and the limits in place, and shows a size changed by hand as drift", async () => {
    const inputs = { organization: "acme", limit: "10 GiB", limits: [{ type: "Warning", thresholdPercent: 80 }] };
    const created = { id: "acme", outs: (await kind.read({ id: "acme", outs: inputs })).props! };
    const news = { ...inputs, limit: "20 GiB", limits: [{ type: "Warning", thresholdPercent: 90 }] };
    const updated = await kind.update(created, news);
    expect(updated.outs.limitBytes).toBe(20 * 1024 ** 3);
    const [quota] = await quotas("acme");
    expect(quota.limits).toEqual([expect.objectContaining({ type: "Warning", limit_percent: 90 })]);
    await kind.expectConverged(updated, news);
    await api("PUT", `/organization/acme/quota/${quota.id}`, { limit_bytes: 5 * 1024 ** 3 });
    expect((await kind.read(updated)).props?.limit).toBe("5 GiB");
  });

  it("leaves limits alone when the program does not set them", async () => {
    const created = await kind.create({ organization: "lean", limit: "1 TiB" });
    const [quota] = await quotas("lean");
    await api("POST", `/organization/lean/quota/${quota.id}/limit`, { type: "Warning", threshold_percent: 50 });
    await kind.expectConverged(created, { organization: "lean", limit: "1 TiB" });
  });

  it("replaces on another organization, and deletes idempotently", async () => {
    const created = await kind.create({ organization: "moved", limit: "1 GiB" });
    expect((await kind.diff(created, { organization: "acme", limit: "1 GiB" })).replaces).toEqual(["organization"]);
    await kind.delete(created);
    expect(await quotas("moved")).toEqual([]);
    await kind.delete(created);
    expect(await kind.read(created)).toEqual({});
  });
});

describe("Quota with a superuser without full access (Quay 3.16 and later)", () => {
  const emulator = useEmulator();

  it("sets the quota through Quay's superuser routes, and says what limits need", async () => {
    await emulator.seed.organization("acme");
    const config = configFor(emulator.current);
    const created = await runtime.create("Quota", config, { organization: "acme", limit: "1 GiB" });
    expect(created.outs.limitBytes).toBe(1024 ** 3);
    await expect(
      runtime.update("Quota", config, created.id, created.outs, {
        organization: "acme",
        limit: "2 GiB",
        limits: [{ type: "Reject", thresholdPercent: 100 }],
      }),
    ).rejects.toThrow(
      /refused the quota's limits although the token's user is a superuser: .* only superusers with FEATURE_SUPERUSERS_FULL_ACCESS on may write them/,
    );
    await runtime.deleteResource("Quota", config, created.id, created.outs);
    expect((await emulator.api("GET", "/organization/acme/quota")).body).toEqual([]);
  });
});

describe("Quota whose limits a first run could not set", () => {
  const emulator = useEmulator();
  const kind = lifecycle("Quota", emulator);

  it("is recorded with the quota made, and the next run sets the limits once the feature is on", async () => {
    await emulator.seed.organization("acme");
    const inputs = { organization: "acme", limit: "1 GiB", limits: [{ type: "Reject", thresholdPercent: 90 }] };
    const failure = (await kind.create(inputs).catch((error: unknown) => error)) as {
      id?: string;
      properties?: Record<string, unknown>;
    };
    expect(failure.id).toBe("acme");
    expect(failure.properties?.limits).toEqual([]);
    await control(emulator.current, "PUT", "/features", { superusersFullAccess: true });
    const finished = await kind.update({ id: failure.id!, outs: failure.properties! }, inputs);
    expect(finished.outs.limits).toEqual([{ type: "Reject", thresholdPercent: 90 }]);
    await kind.expectConverged(finished, inputs);
  });
});

describe("Quota on a Quay without FEATURE_QUOTA_MANAGEMENT", () => {
  const emulator = useEmulator({ features: { quotaManagement: false } });

  it("names the feature it needs", async () => {
    await emulator.seed.organization("acme");
    await expect(
      runtime.create("Quota", configFor(emulator.current), { organization: "acme", limit: "1 GiB" }),
    ).rejects.toThrow(
      'creating Quota "quota of acme": this Quay does not serve the API route: it needs FEATURE_QUOTA_MANAGEMENT (Quay 3.7 or later)',
    );
  });

  it("stops a refresh with that error instead of dropping the quota from state (a web page is never 'absent')", async () => {
    await expect(
      runtime.read("Quota", configFor(emulator.current), "acme", { organization: "acme", limit: "1 GiB" }),
    ).rejects.toThrow("it needs FEATURE_QUOTA_MANAGEMENT");
  });
});
