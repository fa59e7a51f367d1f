// Takes about 47 s on the emulator, and 2.6 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi";
import { emulatorOnly, useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

const mirrorPassword = "MIRROR-PASSWORD-42";

describe("a realistic organization with every kind, through the real Pulumi CLI", { timeout: endToEndTimeout }, () => {
  // Quay frees a deleted mirror's robot when its garbage collector runs; here, a few requests later.
  const target = useTestTarget({ gcAfterRequests: 5 });
  let test: TestStack;
  let org: string;
  const api = (method: string, path: string, body?: unknown) => target.current.api(method, path, body);
  const get = async (path: string) => (await target.current.ok("GET", path)).body;

  beforeAll(async () => {
    org = target.current.orgName("platform");
    test = await createTestStack("registry", {
      "quay:url": { value: target.current.url },
      "quay:token": { value: target.current.token, secret: true },
      orgName: { value: org },
      adminUser: { value: target.current.user },
      mirrorPassword: { value: mirrorPassword, secret: true },
    });
  }, endToEndTimeout);
  afterAll(async () => {
    await test?.stack.destroy().catch(() => undefined);
    await test?.dispose();
  }, endToEndTimeout);

  it("creates everything with up", async () => {
    const result = await test.stack.up();
    expect(result.summary.resourceChanges).toEqual({ create: 15 });
    const listed = (await get(`/repository?namespace=${org}`)).repositories.map(
      (entry: { name: string }) => entry.name,
    );
    expect(listed.sort()).toEqual(["api", "frontend/web", "nginx"]);
    expect((await get(`/repository/${org}/api/permissions/team/`)).permissions.developers.role).toBe("write");
    expect((await get(`/repository/${org}/nginx`)).state).toBe("MIRROR");
    const members = (await get(`/organization/${org}/team/developers/members`)).members;
    expect(members.map((member: { name: string }) => member.name)).toEqual([`${org}+deployer`]);
    const pullSecret = JSON.parse(result.outputs.pullSecret.value);
    expect(result.outputs.pullSecret.secret).toBe(true);
    const token = (await get(`/organization/${org}/robots/deployer`)).token;
    expect(
      Buffer.from(Object.values(pullSecret.auths as Record<string, { auth: string }>)[0].auth, "base64").toString(),
    ).toBe(`${org}+deployer:${token}`);
  });

  it("previews zero changes", async () => {
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 15 });
  });

  emulatorOnly("makes one GET for a no-change preview: the check of the one user it names", "metrics", async () => {
    const controls = target.current.controls!;
    const before = await controls.metrics();
    await test.stack.preview();
    const after = await controls.metrics();
    expect(after.total - before.total).toBe(1);
    expect(after.writes - before.writes).toBe(0);
    await test.stack.setConfig("quay:previewChecks", { value: "false" });
    const unchecked = (await controls.metrics()).total;
    await test.stack.preview();
    expect((await controls.metrics()).total - unchecked).toBe(0);
    await test.stack.removeConfig("quay:previewChecks");
  });

  it("keeps every secret out of the state at rest", async () => {
    const text = readFileSync(join(test.dir, ".state/.pulumi/stacks/e2e-registry/e2e.json"), "utf8");
    const robotToken = (await get(`/organization/${org}/robots/deployer`)).token;
    for (const secret of [target.current.token, robotToken, mirrorPassword, "SECRET-HOOK-PATH"]) {
      expect(text).not.toContain(secret);
    }
    const resources = JSON.parse(text).checkpoint.latest.resources as {
      type: string;
      inputs?: { __provider?: string };
    }[];
    for (const resource of resources.filter((entry) => entry.type.startsWith("pulumi-nodejs:dynamic/"))) {
      expect(resource.inputs?.__provider?.length).toBeLessThan(2.5 * 1024);
    }
  });

  it("applies an edit as exactly that change", async () => {
    await test.stack.setConfig("teamDescription", { value: "Product developers" });
    const preview = await test.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 14, update: 1 });
    const result = await test.stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: 14, update: 1 });
    expect((await get(`/organization/${org}`)).teams.developers.description).toBe("Product developers");
  });

  it("refresh sees out-of-band edits, and up puts the declaration back", async () => {
    await api("POST", `/repository/${org}/api/changevisibility`, { visibility: "public" });
    await api("DELETE", `/organization/${org}/team/developers/members/${org}+deployer`);
    const notification = (await get(`/repository/${org}/api/notification/`)).notifications[0];
    await api("DELETE", `/repository/${org}/api/notification/${notification.uuid}`);
    await api("PUT", `/repository/${org}/frontend/web/permissions/user/${org}+deployer`, { role: "read" });

    const refresh = await test.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 3, delete: 1 });
    const result = await test.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 1, update: 3 });
    expect((await get(`/repository/${org}/api`)).is_public).toBe(false);
    const members = (await get(`/organization/${org}/team/developers/members`)).members;
    expect(members.map((member: { name: string }) => member.name)).toEqual([`${org}+deployer`]);
    expect((await get(`/repository/${org}/api/notification/`)).notifications).toHaveLength(1);
    expect((await get(`/repository/${org}/frontend/web/permissions/user/${org}+deployer`)).role).toBe("write");
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 15 });
  });

  it("destroys everything, leaving nothing behind", async () => {
    const result = await test.stack.destroy();
    expect(result.summary.resourceChanges).toEqual({ delete: 15 });
    expect((await api("GET", `/organization/${org}`)).status).toBe(404);
    expect((await get(`/repository?namespace=${org}`)).repositories).toEqual([]);
  });
});
