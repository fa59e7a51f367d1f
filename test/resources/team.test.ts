import { beforeAll, describe, expect, it } from "vitest";
import { addUser, useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("Team", () => {
  const emulator = useEmulator();
  const kind = lifecycle("Team", emulator);
  const member = lifecycle("TeamMember", emulator);
  const api = emulator.api;
  const memberNames = async (team: string) =>
    (await api("GET", `/organization/acme/team/${team}/members?includePending=true`)).body.members
      .map((entry: { name: string }) => entry.name)
      .sort();

  beforeAll(async () => {
    await emulator.seed.organization("acme");
    await api("PUT", "/organization/acme/robots/ci");
    await addUser(emulator.current, "alice");
    await addUser(emulator.current, "bob");
  });

  it("rejects bad input at check", async () => {
    expect(await kind.failures({ organization: "acme", name: "Devs", role: "owner", members: ["Not A User"] })).toEqual(
      {
        name: expect.stringMatching(/^must be lowercase letters and digits/),
        role: "must be member, creator or admin",
        "members.0": "must be a user name or a robot's full name such as acme+deployer",
      },
    );
    expect(await kind.failures({ name: "devs" })).toEqual({ organization: "is required and must be a string" });
    expect(await member.failures({ organization: "acme", team: "devs", member: "bad name" })).toEqual({
      member: "must be a user name or a robot's full name such as acme+deployer",
    });
  });

  it("creates with an authoritative member set whose order does not matter", async () => {
    const inputs = { organization: "acme", name: "devs", role: "creator", members: ["acme+ci", "admin"] };
    const created = await kind.create(inputs);
    expect(created.id).toBe("acme/devs");
    expect(await memberNames("devs")).toEqual(["acme+ci", "admin"]);
    await kind.expectConverged(created, { ...inputs, members: ["admin", "acme+ci", "admin"] });
    expect((await api("GET", "/organization/acme")).body.teams.devs).toMatchObject({ role: "creator" });
  });

  it("refuses to create a team that already exists, which Quay's upsert would silently take over", async () => {
    await emulator.seed.team("acme", "someone-elses", "admin", ["bob"]);
    await expect(kind.create({ organization: "acme", name: "someone-elses", members: [] })).rejects.toThrow(
      'creating Team "acme/someone-elses": a team named "someone-elses" already exists in organization "acme"; nothing was changed.',
    );
    expect(await memberNames("someone-elses")).toEqual(["bob"]);
    expect((await api("GET", "/organization/acme")).body.teams["someone-elses"]).toMatchObject({ role: "admin" });
  });

  it("updates role, description and members in place", async () => {
    const created = await kind.create({ organization: "acme", name: "ops", members: ["admin"] });
    const news = { organization: "acme", name: "ops", role: "admin", description: "Operators", members: ["acme+ci"] };
    expect(await kind.diff(created, news)).toMatchObject({ changes: true, replaces: [] });
    const updated = await kind.update(created, news);
    expect(await memberNames("ops")).toEqual(["acme+ci"]);
    expect((await api("GET", "/organization/acme")).body.teams.ops).toMatchObject({
      role: "admin",
      description: "Operators",
    });
    await kind.expectConverged(updated, news);
    expect(await kind.diff(updated, { ...news, name: "operators" })).toMatchObject({
      replaces: ["name"],
      deleteBeforeReplace: false,
    });
  });

  it("counts an invited user as a member, so there is no endless diff", async () => {
    const inputs = { organization: "acme", name: "invitees", members: ["alice"] };
    const created = await kind.create(inputs);
    expect(
      (await api("GET", "/organization/acme/team/invitees/members?includePending=true")).body.members[0],
    ).toMatchObject({
      name: "alice",
      invited: true,
    });
    await kind.expectConverged(created, inputs);
  });

  it("leaves membership alone when members is unset", async () => {
    const created = await kind.create({ organization: "acme", name: "loose" });
    await api("PUT", "/organization/acme/team/loose/members/acme+ci");
    await kind.expectConverged(created, { organization: "acme", name: "loose" });
  });

  it("sees out-of-band member and role changes and deletion, and deletes idempotently", async () => {
    const inputs = { organization: "acme", name: "drift", members: ["admin"] };
    const created = await kind.create(inputs);
    await api("PUT", "/organization/acme/team/drift/members/acme+ci");
    await api("PUT", "/organization/acme/team/drift", { role: "admin" });
    const read = await kind.read(created);
    expect(read.props).toMatchObject({ role: "admin", members: ["acme+ci", "admin"] });
    expect((await kind.diff({ id: created.id, outs: read.props! }, inputs)).changes).toBe(true);
    await api("DELETE", "/organization/acme/team/drift");
    expect(await kind.read(created)).toEqual({});
    await kind.delete(created);
  });

  it("TeamMember adds one member, reports invitations, and is removed idempotently", async () => {
    await kind.create({ organization: "acme", name: "piecewise" });
    const robot = await member.create({ organization: "acme", team: "piecewise", member: "acme+ci" });
    expect(robot).toMatchObject({ id: "acme/piecewise/acme+ci", outs: { invited: false } });
    const invited = await member.create({ organization: "acme", team: "piecewise", member: "bob" });
    expect(invited.outs.invited).toBe(true);
    await member.expectConverged(robot, { organization: "acme", team: "piecewise", member: "acme+ci" });
    expect(await member.diff(robot, { organization: "acme", team: "piecewise", member: "admin" })).toMatchObject({
      replaces: ["member"],
    });
    await api("DELETE", "/organization/acme/team/piecewise/members/acme+ci");
    expect(await member.read(robot)).toEqual({});
    await member.delete(robot);
    await member.delete(invited);
    expect(await memberNames("piecewise")).toEqual([]);
  });

  it("names the member a create could not add, and records the team it made", async () => {
    const failure = (await kind
      .create({ organization: "acme", name: "strangers", members: ["alice", "nobody-at-all"] })
      .catch((error: unknown) => error)) as Error & { id?: string };
    expect(failure.message).toContain('adding "nobody-at-all" to team strangers');
    expect(failure.id).toBe("acme/strangers");
  });
});
