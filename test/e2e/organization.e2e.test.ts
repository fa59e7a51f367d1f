import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quayApi, useEmulator } from "../helpers/emulator";
import { createTestStack, type TestStack } from "../helpers/pulumi";

describe("Organization with the real Pulumi CLI", { timeout: 180_000 }, () => {
  const emulator = useEmulator();
  let test: TestStack;
  const orgEmail = () => quayApi(emulator.current, "GET", "/organization/e2e-org").then((reply) => reply.body);
  const writes = () => emulator.current.metrics().writes;
  const calls = () => emulator.current.metrics().total;

  beforeAll(async () => {
    test = await createTestStack("organization", {
      "quay:url": { value: emulator.current.url },
      "quay:token": { value: emulator.current.token, secret: true },
      orgName: { value: "e2e-org" },
      orgEmail: { value: "first@example.com" },
    });
  }, 120_000);
  afterAll(() => test?.dispose());

  it("creates the organization with up", async () => {
    const result = await test.stack.up();
    expect(result.summary.result).toBe("succeeded");
    expect(result.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(result.outputs.organization.value).toBe("e2e-org");
    expect(await orgEmail()).toMatchObject({ name: "e2e-org", email: "first@example.com" });
  });

  it("previews no changes and calls Quay zero times", async () => {
    const before = calls();
    const preview = await test.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
    expect(calls() - before).toBe(0);
  });

  it("updates the e-mail in place", async () => {
    await test.stack.setConfig("orgEmail", { value: "second@example.com" });
    const result = await test.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ update: 1, same: 1 });
    expect(await orgEmail()).toMatchObject({ email: "second@example.com" });
  });

  it("keeps the token out of the state at rest, and the stored provider small", async () => {
    const stateFile = join(test.dir, ".state/.pulumi/stacks/e2e-organization/e2e.json");
    const text = readFileSync(stateFile, "utf8");
    expect(text).not.toContain(emulator.current.token);
    const stackConfig = readFileSync(join(test.dir, "Pulumi.e2e.yaml"), "utf8");
    expect(stackConfig).not.toContain(emulator.current.token);
    const resources = JSON.parse(text).checkpoint.latest.resources as Record<string, any>[];
    // The engine hands dynamic providers the whole stack config; the secret stays encrypted there.
    const defaultProvider = resources.find((resource) => resource.type === "pulumi:providers:pulumi-nodejs")!;
    expect(defaultProvider.inputs["quay:token"]).toHaveProperty("ciphertext");
    const org = resources.find((resource) => resource.type === "pulumi-nodejs:dynamic/quay:Organization")!;
    expect(org.id).toBe("e2e-org");
    expect(org.inputs.__provider.length).toBeLessThan(3 * 1024);
    expect(org.outputs.__provider.length).toBeLessThan(3 * 1024);
  });

  it("notices an out-of-band deletion on refresh and re-creates it on up", async () => {
    expect((await quayApi(emulator.current, "DELETE", "/organization/e2e-org")).status).toBe(204);
    emulator.current.server.state.collectGarbage(Number.POSITIVE_INFINITY);
    const refresh = await test.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    const result = await test.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(await orgEmail()).toMatchObject({ email: "second@example.com" });
  });

  it("reports bad input at preview, naming the field, with no API write", async () => {
    const before = writes();
    await test.stack.setConfig("orgEmail", { value: "not-an-email" });
    await expect(test.stack.preview()).rejects.toThrow(
      /property email value .*not-an-email.* has a problem: must be an e-mail address/,
    );
    expect(writes() - before).toBe(0);
    await test.stack.setConfig("orgEmail", { value: "second@example.com" });
  });

  it("destroys the organization", async () => {
    const result = await test.stack.destroy();
    expect(result.summary.resourceChanges).toMatchObject({ delete: 2 });
    expect((await quayApi(emulator.current, "GET", "/organization/e2e-org")).status).toBe(404);
  });
});
