import { describe, expect, it } from "vitest";
import { resourceViolations, rule, stackViolations, stopsOnUnknown, unknownStringValue } from "../helpers/policy";

describe("the registry policy, on grants", () => {
  describe("robot-not-admin", () => {
    it("flags a robot's admin role, admin default permission and admin team, in programs and Tenants", () => {
      expect(
        resourceViolations("robot-not-admin", "RepositoryPermission", {
          repository: "acme/app",
          user: "acme+ci",
          role: "admin",
        }),
      ).toHaveLength(1);
      expect(
        resourceViolations("robot-not-admin", "RepositoryPermission", {
          repository: "acme/app",
          user: "acme+ci",
          role: "write",
        }),
      ).toEqual([]);
      expect(
        resourceViolations("robot-not-admin", "DefaultPermission", {
          organization: "acme",
          delegateUser: "acme+ci",
          role: "admin",
        }),
      ).toHaveLength(1);
      expect(
        resourceViolations("robot-not-admin", "Team", {
          organization: "acme",
          name: "ops",
          role: "admin",
          members: ["alice", "acme+ci"],
        }),
      ).toEqual(["robot acme+ci is a member of team ops, which administers acme"]);
      const tenant = {
        name: "acme",
        robots: { ci: {} },
        teams: { ops: { role: "admin", robots: ["ci"] } },
        repositories: { app: { robots: { ci: "admin" } } },
      };
      expect(resourceViolations("robot-not-admin", "Tenant", tenant)).toHaveLength(2);
    });
    it("joins a TeamMember to its team across the stack", () => {
      const team: [string, Record<string, unknown>] = ["Team", { organization: "acme", name: "ops", role: "admin" }];
      expect(
        stackViolations("robot-not-admin", [
          team,
          ["TeamMember", { organization: "acme", team: "ops", member: "acme+ci" }],
        ]),
      ).toEqual(["robot acme+ci is a member of team ops, which administers acme"]);
      expect(
        stackViolations("robot-not-admin", [
          team,
          ["TeamMember", { organization: "acme", team: "ops", member: "alice" }],
        ]),
      ).toEqual([]);
    });
    it("does not guess a role or member unknown at preview", () => {
      const unknownRole = { repository: "acme/app", user: "acme+ci", role: unknownStringValue };
      expect(stopsOnUnknown(() => resourceViolations("robot-not-admin", "RepositoryPermission", unknownRole))).toBe(
        true,
      );
      const unknownMember = { organization: "acme", team: "ops", member: unknownStringValue };
      expect(
        stopsOnUnknown(() =>
          stackViolations("robot-not-admin", [
            ["Team", { organization: "acme", name: "ops", role: "admin" }],
            ["TeamMember", unknownMember],
          ]),
        ),
      ).toBe(true);
    });
  });

  describe("grants-to-teams", () => {
    it("is advisory, flags a user's own grant, and lets robots, teams and allowed users through", () => {
      expect(rule("grants-to-teams").enforcementLevel).toBe("advisory");
      const grant = { repository: "acme/app", user: "alice", role: "write" };
      expect(resourceViolations("grants-to-teams", "RepositoryPermission", grant)).toHaveLength(1);
      expect(resourceViolations("grants-to-teams", "RepositoryPermission", grant, { allowUsers: ["alice"] })).toEqual(
        [],
      );
      expect(resourceViolations("grants-to-teams", "RepositoryPermission", { ...grant, user: "acme+ci" })).toEqual([]);
      expect(
        resourceViolations("grants-to-teams", "RepositoryPermission", {
          repository: "acme/app",
          team: "devs",
          role: "write",
        }),
      ).toEqual([]);
      expect(
        resourceViolations("grants-to-teams", "Tenant", {
          name: "acme",
          repositories: { app: { users: { bob: "read" } } },
        }),
      ).toHaveLength(1);
    });
    it("does not guess a user unknown at preview", () => {
      const unknownUser = { repository: "acme/app", user: unknownStringValue, role: "write" };
      expect(stopsOnUnknown(() => resourceViolations("grants-to-teams", "RepositoryPermission", unknownUser))).toBe(
        true,
      );
    });
  });
});
