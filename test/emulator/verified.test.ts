import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { quayApi, useEmulator } from "../helpers/emulator";

const mirrorBody = (robot: string, reference = "docker.io/library/nginx") => ({
  external_reference: reference,
  sync_interval: 3600,
  sync_start_date: "2026-01-02T06:30:00Z",
  root_rule: { rule_kind: "tag_glob_csv", rule_value: ["latest"] },
  robot_username: robot,
  skopeo_timeout_interval: 300,
});

describe("emulator: what a running Quay showed beyond the recorded exchanges (docs/quay-behavior.md §V)", () => {
  const emulator = useEmulator({ version: "master", features: { superusersFullAccess: true }, gcDelaySeconds: 3600 });
  const api = emulator.api;

  it("keeps a deleted repository's mirror until the repository GC runs, so its robot stays in use (§V.5)", async () => {
    await emulator.seed.organization("gc");
    await emulator.seed.robot("gc", "puller");
    await emulator.seed.repository("gc", "mirrored");
    expect((await api("POST", "/repository/gc/mirrored/mirror", mirrorBody("gc+puller"))).status).toBe(201);
    expect((await api("DELETE", "/repository/gc/mirrored")).status).toBe(204);
    // The name is free at once.
    await emulator.seed.repository("gc", "mirrored");
    const blocked = await api("DELETE", "/organization/gc/robots/puller");
    expect(blocked).toMatchObject({ status: 400, body: { detail: "Robot is being used by a mirror" } });
    expect((await fetch(`${emulator.current.url}/__emulator/gc`, { method: "POST" })).status).toBe(200);
    expect((await api("DELETE", "/organization/gc/robots/puller")).status).toBe(204);
  });

  it("routes DELETE …/mirror as deleting the nested repository of that name (§V.6)", async () => {
    await emulator.seed.organization("nest");
    await emulator.seed.repository("nest", "app/mirror");
    expect((await api("DELETE", "/repository/nest/app/mirror")).status).toBe(204);
    expect((await api("GET", "/repository/nest/app/mirror")).status).toBe(404);
  });

  it("decodes an encoded repository path before routing, as Quay's WSGI server does", async () => {
    await emulator.seed.organization("enc");
    await emulator.seed.repository("enc", "app");
    expect((await api("GET", "/repository/enc%2Fapp")).body).toMatchObject({ namespace: "enc", name: "app" });
  });

  it("answers a full-access superuser about namespaces that do not exist (§V.7)", async () => {
    expect((await api("PUT", "/organization/nowhere", { email: "x@example.com" })).status).toBe(404);
    expect((await api("DELETE", "/organization/nowhere")).status).toBe(404);
    expect((await api("GET", "/repository/nowhere/x")).status).toBe(404);
    expect((await api("PUT", "/organization/nowhere/robots/bot")).body).toEqual({
      message: "Organization does not exist: nowhere",
    });
    expect((await api("PUT", "/organization/nowhere/team/t", { role: "member" })).body).toEqual({
      message: "Organization does not exist: nowhere",
    });
    const repository = await api("POST", "/repository", {
      namespace: "nowhere",
      repository: "x",
      visibility: "private",
      description: "",
    });
    expect(repository.status).toBe(500);
    expect(repository.headers.get("content-type")).toMatch(/^text\/html/);
  });

  it("checks mirror references with a resolver the test controls (§V.8)", async () => {
    const quay = await startEmulator({
      version: "master",
      resolveHost: (host) =>
        host === "private.example.org" ? "10.1.2.3" : host === "gone.example.org" ? undefined : "93.184.216.34",
    });
    try {
      await quayApi(quay, "POST", "/organization/", { name: "dns" });
      await quayApi(quay, "PUT", "/organization/dns/robots/puller");
      await quayApi(quay, "POST", "/repository", {
        namespace: "dns",
        repository: "r",
        visibility: "private",
        description: "",
      });
      const create = (reference: string) =>
        quayApi(quay, "POST", "/repository/dns/r/mirror", mirrorBody("dns+puller", reference));
      expect((await create("private.example.org/x/y")).body.detail).toBe(
        "The provided registry location is not allowed",
      );
      expect((await create("gone.example.org/x/y")).body.detail).toBe("Cannot resolve hostname 'gone.example.org'");
      expect((await create("https://public.example.org/x")).body.detail).toBe(
        "External registry reference must not include a URL scheme",
      );
      expect((await create("public.example.org/x/y")).status).toBe(201);
    } finally {
      await quay.stop();
    }
  });

  it("does not check mirror references on 3.18.0, which lacks the check (§9 [ver])", async () => {
    const quay = await startEmulator({ version: "3.18" });
    try {
      await quayApi(quay, "POST", "/organization/", { name: "old" });
      await quayApi(quay, "PUT", "/organization/old/robots/puller");
      await quayApi(quay, "POST", "/repository", {
        namespace: "old",
        repository: "r",
        visibility: "private",
        description: "",
      });
      const reply = await quayApi(quay, "POST", "/repository/old/r/mirror", mirrorBody("old+puller", "localhost/x/y"));
      expect(reply.status).toBe(201);
    } finally {
      await quay.stop();
    }
  });

  it("refuses team syncing with database authentication, and links a group with LDAP (§V.13)", async () => {
    const ldap = await startEmulator({ features: { teamSyncing: true }, authentication: "LDAP" });
    const database = await startEmulator({ features: { teamSyncing: true } });
    try {
      for (const quay of [ldap, database]) {
        await quayApi(quay, "POST", "/organization/", { name: "sync" });
        await quayApi(quay, "PUT", "/organization/sync/team/devs", { role: "member" });
      }
      const refused = await quayApi(database, "POST", "/organization/sync/team/devs/syncing", { group_dn: "cn=x" });
      expect(refused.body.detail).toBe("Could not sync to group: Not supported");
      expect((await quayApi(ldap, "POST", "/organization/sync/team/devs/syncing", {})).body.detail).toBe(
        "Could not sync to group: Missing group_dn",
      );
      expect(
        (await quayApi(ldap, "POST", "/organization/sync/team/devs/syncing", { group_dn: "cn=devs" })).status,
      ).toBe(200);
      const members = await quayApi(ldap, "GET", "/organization/sync/team/devs/members");
      expect(members.body.synced).toMatchObject({ service: "ldap", config: { group_dn: "cn=devs" } });
      await quayApi(ldap, "POST", "/superuser/users/", { username: "carol" });
      expect((await quayApi(ldap, "PUT", "/organization/sync/team/devs/members/carol")).body.detail).toBe(
        "Cannot call this method on an auth-synced team",
      );
      expect((await quayApi(ldap, "DELETE", "/organization/sync/team/devs/syncing")).status).toBe(200);
    } finally {
      await ldap.stop();
      await database.stop();
    }
  });

  it("serves the routes other clients rely on: entities, superuser users and organizations, stars (§V.17)", async () => {
    await emulator.seed.organization("others");
    await emulator.seed.robot("others", "ci");
    await emulator.seed.team("others", "devs");
    const created = await api("POST", "/superuser/users/", { username: "dave", email: "dave@example.com" });
    expect(created.body.password).toMatch(/^[A-Z0-9_-]{32}$/i);
    const entities = await api("GET", "/entities/dave?namespace=others&includeTeams=true");
    expect(entities.body.results).toEqual([
      expect.objectContaining({ name: "dave", kind: "user", is_org_member: false }),
    ]);
    const robots = await api("GET", "/entities/ci?namespace=others");
    expect(robots.body.results).toEqual([expect.objectContaining({ name: "others+ci", is_robot: true })]);
    // Quay builds the reply from the user as it was: it still says enabled (§24).
    expect((await api("PUT", "/superuser/users/dave", { enabled: false })).body).toMatchObject({ enabled: true });
    expect((await api("GET", "/superuser/users/dave")).body).toMatchObject({ username: "dave", enabled: false });
    expect((await api("DELETE", "/superuser/users/dave")).status).toBe(204);
    expect((await api("GET", "/superuser/users/dave")).status).toBe(404);
    await emulator.seed.repository("others", "app");
    expect((await api("POST", "/user/starred", { namespace: "others", repository: "app" })).status).toBe(201);
    expect((await api("GET", "/repository?starred=true")).body.repositories).toEqual([
      expect.objectContaining({ name: "app", is_starred: true }),
    ]);
    expect((await api("PUT", "/superuser/organizations/others", { name: "renamed" })).body.name).toBe("renamed");
    expect((await api("GET", "/repository/renamed/app")).status).toBe(200);
    expect((await api("GET", "/organization/renamed/robots")).body.robots[0].name).toBe("renamed+ci");
  });

  it("keeps robot federation from 3.13, replacing the whole list", async () => {
    await emulator.seed.organization("fed");
    await emulator.seed.robot("fed", "ci");
    const path = "/organization/fed/robots/ci/federation";
    const pair = { issuer: "https://issuer.example.com", subject: "repo:acme/app" };
    expect((await api("POST", path, [pair])).body).toEqual([pair]);
    expect((await api("GET", path)).body).toEqual([pair]);
    expect((await api("POST", path, [pair, pair])).body.detail).toBe("Duplicate federation config entry");
    expect((await api("POST", path, [{ issuer: "ftp://x", subject: "s" }])).body.detail).toBe(
      "Issuer must be a URL (http:// or https://)",
    );
    expect((await api("DELETE", path)).status).toBe(204);
    expect((await api("GET", path)).body).toEqual([]);
    const old = await startEmulator({ version: "3.12" });
    try {
      await quayApi(old, "POST", "/organization/", { name: "fed" });
      await quayApi(old, "PUT", "/organization/fed/robots/ci");
      expect((await quayApi(old, "GET", path)).status).toBe(308);
    } finally {
      await old.stop();
    }
  });
});
