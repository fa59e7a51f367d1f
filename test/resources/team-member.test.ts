import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("TeamMember", () => {
  const emulator = useEmulator({ features: { teamInvites: false } });
  const kind = lifecycle("TeamMember", emulator);
  const api = emulator.api;
  const members = async (team: string) =>
    ((await api("GET", `/organization/acme/team/${team}/members`)).body.members as { name: string }[]).map(
      (member) => member.name,
    );

  beforeAll(async () => {
    await emulator.seed.organization("acme");
    await emulator.seed.robot("acme", "ci");
    await emulator.seed.team("acme", "devs");
  });

  it("rejects bad input at check", async () => {
    expect(await kind.failures({ organization: "acme", team: "devs", member: "Not A User" })).toEqual({
      member: "must be a user name or a robot's full name such as acme+deployer",
    });
  });

  it("adds a member, reads it back, and removes it idempotently", async () => {
    const created = await kind.create({ organization: "acme", team: "devs", member: "acme+ci" });
    expect(created).toMatchObject({ id: "acme/devs/acme+ci", outs: { invited: false } });
    expect(await members("devs")).toEqual(["acme+ci"]);
    await kind.expectConverged(created, { organization: "acme", team: "devs", member: "acme+ci" });
    await kind.delete(created);
    expect(await members("devs")).toEqual([]);
    await kind.delete(created);
    expect(await kind.read(created)).toEqual({});
  });

  it("takes a member who is already in the team as done: Quay answers 400 for robots too (§V.9)", async () => {
    await api("PUT", "/organization/acme/team/devs/members/acme+ci");
    const created = await kind.create({ organization: "acme", team: "devs", member: "acme+ci" });
    expect(created.id).toBe("acme/devs/acme+ci");
    expect(await members("devs")).toEqual(["acme+ci"]);
  });

  it("replaces on a new member, creating the new membership first", async () => {
    const created = await kind.create({ organization: "acme", team: "devs", member: "acme+ci" });
    expect(await kind.diff(created, { organization: "acme", team: "devs", member: "admin" })).toEqual({
      changes: true,
      replaces: ["member"],
      deleteBeforeReplace: false,
    });
  });
});
