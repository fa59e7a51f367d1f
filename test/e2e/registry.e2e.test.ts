import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationsOf } from "../../emulator/handlers/notifications";
import { useEmulator } from "../helpers/emulator";
import { createTestStack, type TestStack } from "../helpers/pulumi";

const mirrorPassword = "MIRROR-PASSWORD-42";

describe("a realistic organization with every kind, through the real Pulumi CLI", { timeout: 300_000 }, () => {
  const emulator = useEmulator();
  let test: TestStack;
  const api = emulator.api;
  const metrics = () => emulator.current.metrics();

  beforeAll(async () => {
    test = await createTestStack("registry", {
      "quay:url": { value: emulator.current.url },
      "quay:token": { value: emulator.current.token, secret: true },
      mirrorPassword: { value: mirrorPassword, secret: true },
    });
  }, 120_000);
  afterAll(() => test?.dispose());

  it("creates everything with up", async () => {
    const result = await test.stack.up();
    expect(result.summary.resourceChanges).toEqual({ create: 15 });
    const state = emulator.current.server.state;
    expect([...state.repositories.keys()].sort()).toEqual(["platform/api", "platform/frontend/web", "platform/nginx"]);
    expect(state.repositories.get("platform/api")?.teamRoles.get("developers")).toBe("write");
    expect(state.repositories.get("platform/nginx")).toMatchObject({ state: "MIRROR" });
    expect(state.organizations.get("platform")?.teams.get("developers")?.members).toEqual(
      new Set(["platform+deployer"]),
    );
    const pullSecret = JSON.parse(result.outputs.pullSecret.value);
    expect(result.outputs.pullSecret.secret).toBe(true);
    const token = state.robots.get("platform+deployer")?.token;
    expect(
      Buffer.from(Object.values(pullSecret.auths as Record<string, { auth: string }>)[0].auth, "base64").toString(),
    ).toBe(`platform+deployer:${token}`);
  });

  it("previews zero changes with zero API calls", async () => {
    const before = metrics().total;
    const preview = await test.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 15 });
    expect(metrics().total - before).toBe(0);
  });

  it("keeps every secret out of the state at rest", async () => {
    const text = readFileSync(join(test.dir, ".state/.pulumi/stacks/e2e-registry/e2e.json"), "utf8");
    const robotToken = emulator.current.server.state.robots.get("platform+deployer")!.token;
    for (const secret of [emulator.current.token, robotToken, mirrorPassword, "SECRET-HOOK-PATH"]) {
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
    expect(emulator.current.server.state.organizations.get("platform")?.teams.get("developers")?.description).toBe(
      "Product developers",
    );
  });

  it("refresh sees out-of-band edits, and up puts the declaration back", async () => {
    await api("POST", "/repository/platform/api/changevisibility", { visibility: "public" });
    await api("DELETE", "/organization/platform/team/developers/members/platform+deployer");
    const notification = (await api("GET", "/repository/platform/api/notification/")).body.notifications[0];
    await api("DELETE", `/repository/platform/api/notification/${notification.uuid}`);
    await api("PUT", "/repository/platform/frontend/web/permissions/user/platform+deployer", { role: "read" });

    const refresh = await test.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 3, delete: 1 });
    const result = await test.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 1, update: 3 });
    const state = emulator.current.server.state;
    expect(state.repositories.get("platform/api")?.isPublic).toBe(false);
    expect(state.organizations.get("platform")?.teams.get("developers")?.members.has("platform+deployer")).toBe(true);
    expect(notificationsOf(state, state.repositories.get("platform/api")!).size).toBe(1);
    expect(state.repositories.get("platform/frontend/web")?.userRoles.get("platform+deployer")).toBe("write");
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 15 });
  });

  it("destroys everything, leaving nothing behind", async () => {
    const result = await test.stack.destroy();
    expect(result.summary.resourceChanges).toEqual({ delete: 15 });
    const state = emulator.current.server.state;
    expect(state.organizations.has("platform")).toBe(false);
    expect([...state.repositories.keys()]).toEqual([]);
    expect([...state.robots.keys()]).toEqual([]);
  });
});
