import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerText as fixedProviderText } from "../../sdk/provider";
import {
  type DynamicProviderServer,
  diffChanges,
  serializeProvider,
  startDynamicProvider,
} from "../helpers/dynamic-provider";
import { quayApi, useEmulator } from "../helpers/emulator";

const urn = "urn:pulumi:test::contract::pulumi-nodejs:dynamic/quay:Organization::org";

describe("Organization through the real dynamic-provider server", () => {
  const emulator = useEmulator();
  let server: DynamicProviderServer;
  let providerText: string;

  beforeAll(async () => {
    providerText = fixedProviderText("Organization");
    server = await startDynamicProvider(join(__dirname, "../.."));
    await server.configure({ "quay:url": emulator.current.url, "quay:token": emulator.current.token });
  });
  afterAll(() => server?.stop());

  it("stores a small provider text that carries no credentials", () => {
    expect(providerText.length).toBeLessThan(640);
    expect(providerText).toContain('require("pulumi-quay/runtime")');
    expect(providerText).not.toContain(emulator.current.token);
  });

  it("reports check failures per field", async () => {
    const result = await server.check(urn, {}, { __provider: providerText, name: "NOPE" });
    expect(result.failures).toEqual([
      {
        property: "name",
        reason:
          "must be lowercase letters and digits, with single '.', '_' or '-' between them (^([a-z0-9]+(?:[._-][a-z0-9]+)*)$)",
      },
    ]);
  });

  it("runs the lifecycle with the configured secret token", async () => {
    const news = { __provider: providerText, name: "contract", email: "c@example.com" };
    const checked = await server.check(urn, {}, news);
    expect(checked.failures).toEqual([]);
    const created = await server.create(urn, checked.inputs);
    expect(created.id).toBe("contract");
    expect(created.properties).toMatchObject({ name: "contract", email: "c@example.com" });
    expect(created.properties.__provider).toBe(providerText);

    const same = await server.diff(urn, created.id, created.properties, checked.inputs);
    expect(same.changes).toBe(diffChanges.DIFF_NONE);
    const renamed = await server.diff(urn, created.id, created.properties, { ...checked.inputs, name: "other" });
    expect(renamed).toEqual({ changes: diffChanges.DIFF_SOME, replaces: ["name"], deleteBeforeReplace: false });

    const updated = await server.update(urn, created.id, created.properties, {
      ...checked.inputs,
      email: "d@example.com",
    });
    expect(updated.properties.email).toBe("d@example.com");

    const read = await server.read(urn, created.id, updated.properties);
    expect(read.id).toBe("contract");
    expect(read.inputs).toMatchObject({ name: "contract", email: "d@example.com" });

    await quayApi(emulator.current, "DELETE", "/organization/contract");
    // A refresh is a new provider process (this one shares the answers it read until it writes).
    const refresh = await startDynamicProvider(join(__dirname, "../.."));
    try {
      await refresh.configure({ "quay:url": emulator.current.url, "quay:token": emulator.current.token });
      expect((await refresh.read(urn, created.id, updated.properties)).id).toBe("");
    } finally {
      await refresh.stop();
    }
    await server.delete(urn, created.id, updated.properties);
  });

  it("keeps running state written by 0.1, whose provider Pulumi serialized from a closure", async () => {
    // The provider object 0.1 handed to pulumi.dynamic.Resource; its serialized text is in those stacks.
    const legacy = {
      kind: "Organization",
      config: undefined as unknown,
      async configure(r: { config: unknown }) {
        this.config = r.config;
      },
      async check(o: unknown, n: unknown) {
        return require("pulumi-quay/runtime").check(this.kind, o, n, this.config);
      },
      async diff(id: string, o: unknown, n: unknown) {
        return require("pulumi-quay/runtime").diff(this.kind, id, o, n, this.config);
      },
      async create(n: unknown) {
        return require("pulumi-quay/runtime").create(this.kind, this.config, n);
      },
      async read(id: string, p: unknown) {
        return require("pulumi-quay/runtime").read(this.kind, this.config, id, p);
      },
      async update(id: string, o: unknown, n: unknown) {
        return require("pulumi-quay/runtime").update(this.kind, this.config, id, o, n);
      },
      async delete(id: string, p: unknown) {
        return require("pulumi-quay/runtime").deleteResource(this.kind, this.config, id, p);
      },
    };
    const legacyText = await serializeProvider(legacy);
    const checked = await server.check(urn, {}, { __provider: legacyText, name: "legacy-state" });
    const created = await server.create(urn, checked.inputs);
    // The next up hands the new text; nothing changes because the provider did.
    const news = { ...checked.inputs, __provider: providerText };
    expect((await server.diff(urn, created.id, created.properties, news)).changes).toBe(diffChanges.DIFF_NONE);
    await server.delete(urn, created.id, created.properties);
  });

  it("reads without __provider fail, as `pulumi import` does for every dynamic provider", async () => {
    await expect(server.read(urn, "contract", {})).rejects.toThrow();
  });
});
