import { beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { configFor, control, useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("Team syncing with LDAP", () => {
  const emulator = useEmulator({ authentication: "LDAP", features: { teamSyncing: true } });
  const kind = lifecycle("Team", emulator);
  const synced = async (team: string) =>
    (await emulator.api("GET", `/organization/acme/team/${team}/members`)).body.synced;

  beforeAll(async () => {
    await emulator.seed.organization("acme");
  });

  it("refuses members beside a group: a synced team's members come from the group", async () => {
    expect(
      await kind.failures({ organization: "acme", name: "devs", members: ["admin"], syncGroup: "cn=devs" }),
    ).toEqual({
      members: "cannot be set with syncGroup: a synced team's members come from the group",
    });
  });

  it("links the team to the LDAP group, changes the group in place, and unlinks with an empty group", async () => {
    const inputs = { organization: "acme", name: "devs", syncGroup: "cn=devs,ou=groups" };
    const created = await kind.create(inputs);
    expect(await synced("devs")).toMatchObject({ service: "ldap", config: { group_dn: "cn=devs,ou=groups" } });
    await kind.expectConverged(created, inputs);
    const moved = await kind.update(created, { ...inputs, syncGroup: "cn=platform,ou=groups" });
    expect(await synced("devs")).toMatchObject({ config: { group_dn: "cn=platform,ou=groups" } });
    // A lookup sees the group (and the members Quay lists, which come from it).
    const looked = await runtime.lookup("Team", { organization: "acme", name: "devs" }, configFor(emulator.current));
    expect(looked).toMatchObject({ syncGroup: "cn=platform,ou=groups", members: [] });
    const unlinked = await kind.update(moved, { ...inputs, syncGroup: "" });
    expect(await synced("devs")).toBeUndefined();
    await kind.expectConverged(unlinked, { ...inputs, syncGroup: "" });
  });

  it("sees a sync removed by hand as drift, and leaves syncing alone when the program does not set it", async () => {
    const created = await kind.create({ organization: "acme", name: "ops", syncGroup: "cn=ops" });
    await emulator.api("DELETE", "/organization/acme/team/ops/syncing");
    expect((await kind.read(created)).props?.syncGroup).toBe("");
    const plain = await kind.create({ organization: "acme", name: "plain" });
    await emulator.api("POST", "/organization/acme/team/plain/syncing", { group_dn: "cn=x" });
    await kind.expectConverged(plain, { organization: "acme", name: "plain" });
  });

  it("follows the old group again when Quay refuses the new one", async () => {
    const inputs = { organization: "acme", name: "kept", syncGroup: "cn=kept" };
    const created = await kind.create(inputs);
    await control(emulator.current, "PUT", "/faults", {
      rules: [{ route: "enableTeamSync", method: "POST", kinds: ["500"], rate: 1, limit: 1 }],
    });
    const failure = await kind.update(created, { ...inputs, syncGroup: "cn=typo" }).catch((error: Error) => error);
    await control(emulator.current, "DELETE", "/faults");
    expect((failure as Error).message).toContain("acme/kept follows cn=kept again, as before");
    expect(await synced("kept")).toMatchObject({ config: { group_dn: "cn=kept" } });
  });
});

describe("Team syncing on a Quay with database authentication", () => {
  const emulator = useEmulator({ features: { teamSyncing: true } });

  it("says what syncing needs, and keeps the team it made for the next run", async () => {
    await emulator.seed.organization("acme");
    const failure = (await runtime
      .create("Team", configFor(emulator.current), {
        organization: "acme",
        name: "devs",
        role: "member",
        description: "",
        syncGroup: "cn=devs",
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      )) as Error & { id?: string; properties?: Record<string, unknown> };
    expect(failure.message).toMatch(/Quay offers no team syncing for acme\/devs: it needs FEATURE_TEAM_SYNCING, LDAP/);
    expect(failure.id).toBe("acme/devs");
    expect(failure.properties?.syncGroup).toBeUndefined();
  });
});
