import { beforeAll, describe, expect, it } from "vitest";
import { addUser, useEmulator } from "../helpers/emulator";

describe("emulator: teams (docs/quay-behavior.md §5)", () => {
  const emulator = useEmulator();
  const api = emulator.api;

  beforeAll(async () => {
    await emulator.seed.organization("teams");
    await addUser(emulator.current, "alice");
  });

  it("upserts with PUT: 200 and new_team true, then false (§0.13)", async () => {
    const created = await api("PUT", "/organization/teams/team/devs", { role: "member", description: "Developers" });
    expect(created).toMatchObject({ status: 200, body: { name: "devs", role: "member", new_team: true } });
    const updated = await api("PUT", "/organization/teams/team/devs", { role: "creator" });
    expect(updated.body).toMatchObject({ role: "creator", description: "Developers", new_team: false });
    const view = await api("GET", "/organization/teams");
    expect(view.body.teams.devs).toMatchObject({ role: "creator", description: "Developers", member_count: 0 });
  });

  it("rejects a bad team name with the DataModelException shape and a missing role with a schema error", async () => {
    expect(await api("PUT", "/organization/teams/team/Bad_Team", { role: "member" })).toMatchObject({
      status: 400,
      body: { message: "Invalid team name Bad_Team: Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$" },
    });
    expect((await api("PUT", "/organization/teams/team/devs", {})).body.detail).toMatch(
      /^'role' is a required property/,
    );
  });

  it("invites users from outside the org instead of adding them, and adds org robots directly", async () => {
    const invited = await api("PUT", "/organization/teams/team/devs/members/alice");
    expect(invited.body).toMatchObject({ name: "alice", invited: true });
    await api("PUT", "/organization/teams/robots/builder");
    const robot = await api("PUT", "/organization/teams/team/devs/members/teams+builder");
    expect(robot.body).toMatchObject({ name: "teams+builder", is_robot: true, invited: false });
    const members = await api("GET", "/organization/teams/team/devs/members?includePending=true");
    expect(
      members.body.members.map((member: { name: string; invited: boolean }) => [member.name, member.invited]),
    ).toEqual([
      ["teams+builder", false],
      ["alice", true],
    ]);
    expect((await api("PUT", "/organization/teams/team/devs/members/ghost")).body.detail).toBe("Unknown user");
  });

  it("answers membership mistakes with {message} bodies", async () => {
    expect((await api("PUT", "/organization/teams/team/owners/members/admin")).body).toEqual({
      message: "User admin is already a member of team owners",
    });
    expect((await api("DELETE", "/organization/teams/team/devs/members/admin")).body).toEqual({
      message: "User admin does not belong to team devs",
    });
  });

  it("answers deleting a missing team with 400, not 404 (§0.2), and refuses to delete the caller's last admin team", async () => {
    expect(await api("DELETE", "/organization/teams/team/ghosts")).toMatchObject({
      status: 400,
      body: { message: "Team 'ghosts' is not a team in org 'teams'" },
    });
    expect((await api("DELETE", "/organization/teams/team/owners")).body).toEqual({
      message: "Deleting team 'owners' would remove admin ability for user 'admin' in organization 'teams'",
    });
    expect((await api("DELETE", "/organization/teams/team/devs")).status).toBe(204);
  });
});
