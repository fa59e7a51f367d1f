// Takes about 35 s on the emulator, and 1.6 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi";
import { emulatorOnly, useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

describe("Organization with the real Pulumi CLI", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget();
  let test: TestStack;
  let org: string;
  const orgView = () => target.current.api("GET", `/organization/${org}`).then((reply) => reply.body);

  beforeAll(async () => {
    org = target.current.orgName("e2e-org");
    test = await createTestStack("organization", {
      "quay:url": { value: target.current.url },
      "quay:token": { value: target.current.token, secret: true },
      orgName: { value: org },
      orgEmail: { value: `first-${org}@example.com` },
    });
  }, endToEndTimeout);
  afterAll(async () => {
    await test?.stack.destroy().catch(() => undefined);
    await test?.dispose();
  }, endToEndTimeout);

  it("creates the organization with up", async () => {
    const result = await test.stack.up();
    expect(result.summary.result).toBe("succeeded");
    expect(result.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(result.outputs.organization.value).toBe(org);
    expect(await orgView()).toMatchObject({ name: org, email: `first-${org}@example.com` });
  });

  it("previews no changes", async () => {
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 2 });
  });

  emulatorOnly("calls Quay zero times for a no-change preview", "metrics", async () => {
    const controls = target.current.controls!;
    const before = (await controls.metrics()).total;
    await test.stack.preview();
    expect((await controls.metrics()).total - before).toBe(0);
  });

  it("updates the e-mail in place", async () => {
    await test.stack.setConfig("orgEmail", { value: `second-${org}@example.com` });
    const result = await test.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ update: 1, same: 1 });
    expect(await orgView()).toMatchObject({ email: `second-${org}@example.com` });
  });

  it("keeps the token out of the state at rest, and the stored provider small", async () => {
    const stateFile = join(test.dir, ".state/.pulumi/stacks/e2e-organization/e2e.json");
    const text = readFileSync(stateFile, "utf8");
    expect(text).not.toContain(target.current.token);
    const stackConfig = readFileSync(join(test.dir, "Pulumi.e2e.yaml"), "utf8");
    expect(stackConfig).not.toContain(target.current.token);
    const resources = JSON.parse(text).checkpoint.latest.resources as Record<string, any>[];
    // The engine hands dynamic providers the whole stack config; the secret stays encrypted there.
    const defaultProvider = resources.find((resource) => resource.type === "pulumi:providers:pulumi-nodejs")!;
    expect(defaultProvider.inputs["quay:token"]).toHaveProperty("ciphertext");
    const organization = resources.find((resource) => resource.type === "pulumi-nodejs:dynamic/quay:Organization")!;
    expect(organization.id).toBe(org);
    expect(organization.inputs.__provider.length).toBeLessThan(3 * 1024);
    expect(organization.outputs.__provider.length).toBeLessThan(3 * 1024);
  });

  emulatorOnly(
    "notices an out-of-band deletion on refresh and re-creates it on up",
    "garbage collector (a real Quay keeps a deleted name taken for a while)",
    async () => {
      expect((await target.current.api("DELETE", `/organization/${org}`)).status).toBe(204);
      await target.current.controls!.collectGarbage();
      const refresh = await test.stack.refresh();
      expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
      const result = await test.stack.up();
      expect(result.summary.resourceChanges).toMatchObject({ create: 1 });
      expect(await orgView()).toMatchObject({ email: `second-${org}@example.com` });
    },
  );

  it("reports bad input at preview, naming the field, with no API write", async () => {
    const before = (await orgView()).email;
    await test.stack.setConfig("orgEmail", { value: "not-an-email" });
    await expect(test.stack.preview()).rejects.toThrow(
      /property email value .*not-an-email.* has a problem: must be an e-mail address/,
    );
    expect((await orgView()).email).toBe(before);
    await test.stack.setConfig("orgEmail", { value: `second-${org}@example.com` });
  });

  it("destroys the organization", async () => {
    const result = await test.stack.destroy();
    expect(result.summary.resourceChanges).toMatchObject({ delete: 2 });
    expect((await target.current.api("GET", `/organization/${org}`)).status).toBe(404);
  });
});
