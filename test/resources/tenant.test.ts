import { beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { addUser, configFor, useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

/** A tenant of every part, as a platform team declares one. */
const checkout = (overrides: Record<string, unknown> = {}) => ({
  name: "checkout",
  email: "checkout@example.com",
  teams: {
    developers: { role: "creator", members: ["alice"], robots: ["ci"] },
    auditors: { description: "Read-only access" },
  },
  robots: { ci: { description: "Pushes from CI" }, cluster: {}, mirror: {} },
  repositories: {
    api: {
      teams: { developers: "write", auditors: "read" },
      robots: { cluster: "read" },
      users: { bob: "read" },
      prunePolicies: { "keep-50": { keepNewest: 50 } },
      notifications: {
        deploy: { event: "repo_push", method: "webhook", config: { url: "https://hooks.example.com/t0ken" } },
      },
    },
    "team/web": { visibility: "public", description: "The shop front" },
    "upstream/nginx": {
      mirror: { externalReference: "docker.io/library/nginx", robot: "mirror", tagPatterns: ["1.*"] },
    },
  },
  defaultPermissions: { "auditors-read": { team: "auditors", role: "read" } },
  quota: { limit: "500 GiB", limits: [{ type: "Reject", thresholdPercent: 100 }] },
  prunePolicies: { "older-than-90d": { olderThan: "90d" } },
  immutabilityPolicies: { releases: { tagPattern: "v[0-9]+.*" } },
  ...overrides,
});

describe("Tenant", () => {
  const emulator = useEmulator({ features: { superusersFullAccess: true } });
  const tenant = lifecycle("Tenant", emulator);
  const api = emulator.api;

  beforeAll(async () => {
    await addUser(emulator.current, "alice");
    await addUser(emulator.current, "bob");
  });

  it("names the path of each bad value at check, before any API call", async () => {
    const before = emulator.current.metrics().total;
    expect(
      await tenant.failures(
        checkout({
          teams: { developers: { role: "owner", robots: ["cii"] } },
          repositories: { api: { teams: { ghosts: "read" }, robots: { ci: "push" } } },
        }),
      ),
    ).toEqual({
      "teams.developers.role": "must be member, creator or admin",
      "repositories.api.robots.ci": expect.stringMatching(/read, write or admin/),
    });
    expect(await tenant.failures(checkout({ teams: { developers: { robots: ["cii"] } } }))).toMatchObject({
      "teams.developers.robots": 'names the robot "cii", which is not declared in robots',
    });
    expect(emulator.current.metrics().total).toBe(before);
  });

  it("never prints a secret at check", async () => {
    const failures = await tenant.failures(
      checkout({
        repositories: {
          api: { notifications: { deploy: { event: "repo_push", method: "webhook", config: "https://t0ken" } } },
        },
      }),
    );
    expect(JSON.stringify(failures)).not.toContain("t0ken");
    expect(Object.keys(failures)).toEqual([""]);
  });

  it("creates every object in one call, and a second run changes nothing", async () => {
    const created = await tenant.create(checkout());
    expect(created.id).toBe("checkout");
    const objects = created.outs.objects as Record<string, { kind: string; id: string }>;
    expect(Object.keys(objects).sort()).toEqual(
      [
        "Organization",
        "Robot robots.ci",
        "Robot robots.cluster",
        "Robot robots.mirror",
        "Team teams.developers",
        "Team teams.auditors",
        "Repository repositories.api",
        'Repository repositories["team/web"]',
        'Repository repositories["upstream/nginx"]',
        "RepositoryPermission repositories.api.teams.developers",
        "RepositoryPermission repositories.api.teams.auditors",
        "RepositoryPermission repositories.api.robots.cluster",
        "RepositoryPermission repositories.api.users.bob",
        'AutoPrunePolicy repositories.api.prunePolicies["keep-50"]',
        'AutoPrunePolicy prunePolicies["older-than-90d"]',
        "TagImmutabilityPolicy immutabilityPolicies.releases",
        "RepositoryNotification repositories.api.notifications.deploy",
        'RepositoryMirror repositories["upstream/nginx"].mirror',
        'DefaultPermission defaultPermissions["auditors-read"]',
        "Quota quota",
      ].sort(),
    );
    const members = await api("GET", "/organization/checkout/team/developers/members?includePending=true");
    expect(members.body.members.map((member: { name: string }) => member.name).sort()).toEqual([
      "alice",
      "checkout+ci",
    ]);
    const permissions = await api("GET", "/repository/checkout/api/permissions/team/");
    expect(permissions.body.permissions).toMatchObject({ developers: { role: "write" }, auditors: { role: "read" } });
    const credentials = created.outs.robotCredentials as Record<string, { fullName: string; token: string }>;
    expect(credentials.ci.fullName).toBe("checkout+ci");
    expect(credentials.ci.token.length).toBeGreaterThan(10);
    await tenant.expectConverged(created, checkout());
  });
});

describe("Tenant changes", () => {
  const emulator = useEmulator({ features: { superusersFullAccess: true } });
  const tenant = lifecycle("Tenant", emulator);
  const api = emulator.api;
  const small = (overrides: Record<string, unknown> = {}) => ({
    name: "shop",
    teams: { developers: { members: ["alice"], robots: ["ci"] }, auditors: {} },
    robots: { ci: { description: "CI" }, cluster: {} },
    repositories: { api: { teams: { developers: "write", auditors: "read" }, robots: { cluster: "read" } } },
    ...overrides,
  });

  beforeAll(async () => {
    await addUser(emulator.current, "alice");
  });

  it("diffs object by object, naming each path, and applies only that", async () => {
    const created = await tenant.create(small());
    const changed = small({
      teams: { developers: { members: ["alice"], robots: ["ci", "cluster"] } },
      robots: { ci: { description: "CI" }, cluster: {}, deployer: {} },
      repositories: { api: { teams: { developers: "admin" }, robots: { cluster: "read" } } },
    });
    const diff = await runtime.diff("Tenant", created.id, created.outs, await tenant.checked(changed));
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const detailed = await tenant.paths(created, changed);
    expect(detailed).toEqual({
      "teams.developers.robots": "update",
      "teams.auditors": "delete",
      "robots.deployer": "add",
      "repositories.api.teams.developers": "update",
      "repositories.api.teams.auditors": "delete",
    });
    const before = emulator.current.metrics().writes;
    const token = (created.outs.robotCredentials as Record<string, { token: string }>).ci.token;
    const updated = await tenant.update(created, changed);
    // One robot, one member, one role, two deletes: nothing else is written.
    expect(emulator.current.metrics().writes - before).toBe(5);
    expect((updated.outs.robotCredentials as Record<string, { token: string }>).ci.token).toBe(token);
    expect((await api("GET", "/organization/shop/team/auditors/members")).status).toBe(404);
    await tenant.expectConverged(updated, changed);
  });

  it("shows hand-made changes at refresh, at their paths, and drops what was deleted by hand", async () => {
    const created = await tenant.create(small({ name: "drift" }));
    await api("PUT", "/repository/drift/api/permissions/team/auditors", { role: "admin" });
    await api("DELETE", "/organization/drift/robots/cluster");
    const read = await tenant.read(created);
    expect(read.inputs).toMatchObject({
      repositories: { api: { teams: { developers: "write", auditors: "admin" } } },
    });
    expect(read.inputs?.robots).not.toHaveProperty("cluster");
    const objects = read.props?.objects as Record<string, unknown>;
    expect(objects["Robot robots.cluster"]).toBeUndefined();
    // The next up puts back what the program declares.
    const diff = await tenant.paths({ id: created.id, outs: read.props! }, small({ name: "drift" }));
    expect(diff).toEqual({
      "robots.cluster": "add",
      "repositories.api.teams.auditors": "update",
      "repositories.api.robots.cluster": "add",
    });
  });

  it("records what a failed run made, and the next run finishes the rest", async () => {
    const declared = small({ name: "halfway", teams: { developers: { members: ["nobody-like-this"] }, auditors: {} } });
    const failure = await tenant.create(declared).catch((error: Error & { id?: string; properties?: any }) => error);
    expect(failure).toBeInstanceOf(Error);
    const { id, properties, message } = failure as Error & { id: string; properties: Record<string, any> };
    expect(message).toContain("teams.developers");
    expect(id).toBe("halfway");
    expect(Object.keys(properties.objects)).toContain("Robot robots.ci");
    // The program is fixed, and the next run creates only what is missing.
    const fixed = small({ name: "halfway" });
    const before = emulator.current.metrics().writes;
    const finished = await tenant.update({ id, outs: properties }, fixed);
    expect(emulator.current.metrics().writes - before).toBeLessThan(8);
    await tenant.expectConverged(finished, fixed);
  });

  it("keeps the dynamic provider's text in what a failed run records, so refresh and destroy can load it", async () => {
    const declared = small({ name: "halfway-text", teams: { developers: { members: ["nobody-like-this"] } } });
    const checked = await runtime.check("Tenant", {}, declared);
    const failure = await runtime
      .create("Tenant", configFor(emulator.current), { ...checked.inputs, __provider: "provider text" })
      .catch((error: Error & { code?: string; properties?: Record<string, unknown> }) => error);
    expect(failure).toMatchObject({ code: "QUAY_INCOMPLETE", id: "halfway-text" });
    expect((failure as { properties: Record<string, unknown> }).properties.__provider).toBe("provider text");
  });

  it("deletes everything it made, and refuses to take along what it did not make", async () => {
    const created = await tenant.create(small({ name: "leaving" }));
    await api("PUT", "/organization/leaving/robots/handmade");
    const refused = await tenant.delete(created).catch((error: Error) => error);
    expect(String(refused)).toMatch(/robot leaving\+handmade/);
    // Everything the tenant made went first; the organization and the hand-made robot stay.
    expect((await api("GET", "/organization/leaving")).status).toBe(200);
    expect((await api("GET", "/organization/leaving/robots/ci")).status).toBe(400);
    // As the refusal says: set forceDelete, run up to record it, then delete.
    const forced = await tenant.update(created, small({ name: "leaving", forceDelete: true }));
    await tenant.delete(forced);
    expect((await api("GET", "/organization/leaving")).status).toBe(404);
  });

  it("with authoritative, deletes what the organization holds that it does not declare, named in the diff", async () => {
    const declared = small({ name: "strict" });
    const created = await tenant.create(declared);
    await api("PUT", "/organization/strict/team/strangers", { role: "member" });
    await api("PUT", "/repository/strict/api/permissions/user/alice", { role: "admin" });
    const strict = small({ name: "strict", authoritative: true });
    expect(await tenant.paths(created, strict)).toEqual({
      authoritative: "update",
      "teams.strangers": "delete",
      "repositories.api.users.alice": "delete",
    });
    const updated = await tenant.update(created, strict);
    expect((await api("GET", "/organization/strict")).body.teams.strangers).toBeUndefined();
    expect((await api("GET", "/repository/strict/api/permissions/user/alice")).status).toBe(400);
    expect(await tenant.paths(updated, strict)).toEqual({});
  });

  it("imports an organization whole, with no write, so the same program previews no change", async () => {
    const declared = small({ name: "existing" });
    await tenant.create(declared);
    const before = emulator.current.metrics().writes;
    const { importById } = await import("../../provider/native/import");
    const imported = await importById("Tenant", configFor(emulator.current), "existing");
    expect(emulator.current.metrics().writes).toBe(before);
    expect(imported?.inputs).toMatchObject({
      teams: { developers: { members: ["alice"], robots: ["ci"] }, auditors: {} },
      repositories: { api: { teams: { developers: "write", auditors: "read" }, robots: { cluster: "read" } } },
    });
    expect(await tenant.paths({ id: "existing", outs: imported!.props }, declared)).toEqual({});
  });
});
