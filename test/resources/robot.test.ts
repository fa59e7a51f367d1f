import { beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { configFor, useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("Robot", () => {
  const emulator = useEmulator();
  const kind = lifecycle("Robot", emulator);
  const api = emulator.api;

  beforeAll(async () => {
    await emulator.seed.organization("acme");
  });

  it("rejects bad input at check", async () => {
    expect(await kind.failures({ organization: "acme", name: "Bad!", description: "x".repeat(256) })).toEqual({
      name: expect.stringMatching(/^must be lowercase letters and digits/),
      description: "must be at most 255 characters long",
    });
    expect(await kind.failures({ organization: "acme" })).toEqual({ name: "is required and must be a string" });
    expect(await kind.failures({ name: "ok", tokenRotation: 5 })).toEqual({
      tokenRotation: "is required and must be a string",
    });
  });

  it("creates an org robot with its token and a ready .dockerconfigjson", async () => {
    const created = await kind.create({ organization: "acme", name: "deployer", description: "CI" });
    expect(created.id).toBe("acme+deployer");
    expect(created.outs.token).toMatch(/^[A-Z0-9]{64}$/);
    const host = new URL(emulator.current.url).host;
    const auth = Buffer.from(`acme+deployer:${created.outs.token}`).toString("base64");
    expect(JSON.parse(created.outs.dockerConfigJson as string)).toEqual({ auths: { [host]: { auth } } });
    const read = await kind.expectConverged(created, { organization: "acme", name: "deployer", description: "CI" });
    expect(read.props?.token).toBe(created.outs.token);
  });

  it("creates a user robot when no organization is given", async () => {
    const created = await kind.create({ name: "mine" });
    expect(created.outs.fullName).toBe("admin+mine");
    await kind.expectConverged(created, { name: "mine" });
    await kind.delete(created);
    expect((await api("GET", "/user/robots/mine")).status).toBe(400);
  });

  it("replaces on a new description (Quay cannot update robots)", async () => {
    const created = await kind.create({ organization: "acme", name: "describe", description: "one" });
    expect(await kind.diff(created, { organization: "acme", name: "describe", description: "two" })).toEqual({
      changes: true,
      replaces: ["description"],
      deleteBeforeReplace: true,
    });
  });

  it("gives the replacement the team memberships and repository roles Quay deleted with the old robot", async () => {
    const inputs = { organization: "acme", name: "granted", description: "one" };
    const created = await kind.create(inputs);
    await emulator.seed.team("acme", "builders");
    await emulator.seed.repository("acme", "granted-app");
    await api("PUT", "/organization/acme/team/builders/members/acme+granted");
    await api("PUT", "/repository/acme/granted-app/permissions/user/acme+granted", { role: "write" });
    // The engine diffs, deletes, then creates a robot replaced delete-first, all through one provider.
    expect((await kind.diff(created, { ...inputs, description: "two" })).deleteBeforeReplace).toBe(true);
    await kind.delete(created);
    expect((await api("GET", "/organization/acme/team/builders/members")).body.members).toEqual([]);
    const replacement = await kind.create({ ...inputs, description: "two" });
    expect(replacement.outs.token).not.toBe(created.outs.token);
    const members = (await api("GET", "/organization/acme/team/builders/members")).body.members;
    expect(members.map((member: { name: string }) => member.name)).toEqual(["acme+granted"]);
    expect((await api("GET", "/repository/acme/granted-app/permissions/user/acme+granted")).body).toMatchObject({
      role: "write",
    });
    // A plain delete and create, with no replacement noted by a diff, carry nothing over.
    await kind.delete(replacement);
    await kind.create({ ...inputs, description: "two" });
    expect((await api("GET", "/organization/acme/team/builders/members")).body.members).toEqual([]);
  });

  it("records the replacement, with its token, when giving back what the old robot held fails", async () => {
    const inputs = { organization: "acme", name: "regranted", description: "one" };
    const created = await kind.create(inputs);
    await emulator.seed.team("acme", "pushers");
    await api("PUT", "/organization/acme/team/pushers/members/acme+regranted");
    await kind.diff(created, { ...inputs, description: "two" });
    await kind.delete(created);
    emulator.current.server.setFaults({ rules: [{ route: "addTeamMember", kinds: ["500"], rate: 1, limit: 1 }] });
    const failure = await kind
      .create({ ...inputs, description: "two" })
      .catch((error: Error & { id?: string; properties?: Record<string, unknown> }) => error);
    emulator.current.server.setFaults({});
    // The engine records the new robot from the error: its id and its token, not a lost object.
    const made = emulator.current.server.state.robots.get("acme+regranted");
    expect(failure).toMatchObject({ id: "acme+regranted" });
    expect(JSON.stringify((failure as { properties: unknown }).properties)).toContain(made!.token);
  });

  it("gives the replacement its default permissions, which their DefaultPermission resource follows", async () => {
    const inputs = { organization: "acme", name: "delegated", description: "one" };
    const created = await kind.create(inputs);
    const permissions = lifecycle("DefaultPermission", emulator);
    const rule = { organization: "acme", delegateUser: "acme+delegated", role: "write" };
    const managed = await permissions.create(rule);
    await api("POST", "/organization/acme/prototypes", {
      role: "read",
      delegate: { kind: "user", name: "acme+delegated" },
      activating_user: { name: "admin" },
    });
    expect((await kind.diff(created, { ...inputs, description: "two" })).deleteBeforeReplace).toBe(true);
    await kind.delete(created);
    await kind.create({ ...inputs, description: "two" });
    const listed = (await api("GET", "/organization/acme/prototypes")).body.prototypes as {
      id: string;
      role: string;
      delegate: { name: string };
      activating_user: { name: string } | null;
    }[];
    const given = listed.filter((prototype) => prototype.delegate.name === "acme+delegated");
    expect(given.map(({ role, activating_user }) => [role, activating_user?.name ?? null]).sort()).toEqual([
      ["read", "admin"],
      ["write", null],
    ]);
    // Quay gave the write rule a new id; the resource follows it, reads it converged, and deletes it.
    const refreshed = await permissions.read(managed);
    expect(refreshed.props?.prototypeId).toBe(given.find((prototype) => prototype.role === "write")?.id);
    await permissions.delete(managed);
    const left = (await api("GET", "/organization/acme/prototypes")).body.prototypes as { role: string }[];
    expect(left.filter((prototype) => prototype.role === "write")).toEqual([]);
  });

  it("refuses to delete a robot an organization mirror pulls with, which Quay would delete with it", async () => {
    await emulator.seed.organization("pulling");
    const robot = lifecycle("Robot", emulator);
    const created = await robot.create({ organization: "pulling", name: "puller" });
    await api("POST", "/organization/pulling/mirror", {
      external_registry_type: "harbor",
      external_registry_url: "https://harbor.example.com",
      external_namespace: "library",
      robot_username: "pulling+puller",
      visibility: "private",
      sync_interval: 3600,
      sync_start_date: "2026-01-01T00:00:00Z",
    });
    await expect(robot.delete(created)).rejects.toThrow(
      "the mirror of organization pulling pulls with robot pulling+puller, and Quay deletes that mirror with the robot",
    );
    expect((await api("GET", "/organization/pulling/mirror")).status).toBe(200);
    expect((await api("GET", "/organization/pulling/robots/puller")).status).toBe(200);
    await api("DELETE", "/organization/pulling/mirror");
    await robot.delete(created);
  });

  it("replaces a robot deleted by hand meanwhile: nothing to carry over, and nothing fails", async () => {
    const inputs = { organization: "acme", name: "vanished", description: "one" };
    const created = await kind.create(inputs);
    await api("DELETE", "/organization/acme/robots/vanished");
    expect((await kind.diff(created, { ...inputs, description: "two" })).deleteBeforeReplace).toBe(true);
    await kind.delete(created);
    const replacement = await kind.create({ ...inputs, description: "two" });
    expect(replacement.outs.fullName).toBe("acme+vanished");
  });

  it("replaces when the organization goes unset: a user robot is another robot", async () => {
    const created = await kind.create({ organization: "acme", name: "moving" });
    expect(await kind.diff(created, { name: "moving" })).toMatchObject({ replaces: ["organization"] });
  });

  it("rotates the token in place when tokenRotation changes", async () => {
    const created = await kind.create({ organization: "acme", name: "rotating", tokenRotation: "2026-01" });
    const news = { organization: "acme", name: "rotating", tokenRotation: "2026-02" };
    expect(await kind.diff(created, news)).toMatchObject({ changes: true, replaces: [] });
    const rotated = await kind.update(created, news);
    expect(rotated.outs.token).not.toBe(created.outs.token);
    expect((await api("GET", "/organization/acme/robots/rotating")).body.token).toBe(rotated.outs.token);
  });

  it("sees an out-of-band token regeneration and deletion, and deletes idempotently", async () => {
    const created = await kind.create({ organization: "acme", name: "drifting" });
    const regenerated = (await api("POST", "/organization/acme/robots/drifting/regenerate")).body.token;
    expect((await kind.read(created)).props?.token).toBe(regenerated);
    await api("DELETE", "/organization/acme/robots/drifting");
    expect(await kind.read(created)).toEqual({});
    await kind.delete(created);
  });

  it("waits for Quay's repository GC to free a robot that a deleted repository's mirror still names (§V.5)", async () => {
    const waiting = configFor(emulator.current, { "quay:deleteWaitSeconds": "20" });
    const giving = configFor(emulator.current, { "quay:deleteWaitSeconds": "0" });
    for (const name of ["patient", "impatient"]) {
      const robot = await kind.create({ organization: "acme", name });
      await emulator.seed.repository("acme", `${name}-mirror`);
      await api("POST", `/repository/acme/${name}-mirror/mirror`, {
        external_reference: "docker.io/library/nginx",
        sync_interval: 3600,
        sync_start_date: "2026-01-02T06:30:00Z",
        root_rule: { rule_kind: "tag_glob_csv", rule_value: ["latest"] },
        robot_username: robot.id,
        skopeo_timeout_interval: 300,
      });
      await api("DELETE", `/repository/acme/${name}-mirror`);
    }
    emulator.current.server.state.gcDelayMs = 60_000;
    await expect(
      runtime.deleteResource("Robot", giving, "acme+impatient", { organization: "acme", name: "impatient" }),
    ).rejects.toThrow(
      /still counts acme\+impatient as the robot of a repository mirror.*run `pulumi destroy` \(or `up`\) again/,
    );
    // The collectors get to the repositories while the delete waits: after its first refused attempt.
    const deletes = () =>
      emulator.current.server.metrics.requests["DELETE /organization/{orgname}/robots/{robot_shortname}"] ?? 0;
    const before = deletes();
    emulator.current.server.state.collectGarbageAfter(1, "DELETE /organization/{orgname}/robots/{robot_shortname}");
    await runtime.deleteResource("Robot", waiting, "acme+patient", { organization: "acme", name: "patient" });
    expect(emulator.current.server.state.robots.has("acme+patient")).toBe(false);
    expect(deletes() - before).toBeGreaterThanOrEqual(2);
  });
});
