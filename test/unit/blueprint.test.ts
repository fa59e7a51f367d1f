import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";

describe("OrganizationBlueprint", () => {
  let OrganizationBlueprint: typeof import("../../sdk/blueprint").OrganizationBlueprint;

  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({
          id: `${args.name}-id`,
          state: { ...args.inputs, fullName: `${args.inputs.organization}+${args.inputs.name}` },
        }),
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
    ({ OrganizationBlueprint } = await import("../../sdk/blueprint"));
  });

  it("stops the program on a robot it does not declare, naming the field, instead of taking it for a user", () => {
    expect(
      () =>
        new OrganizationBlueprint("tenant", {
          name: "tenant",
          robots: { ci: {} },
          teams: { devs: { members: ["alice", "tenant+ci", "ci"], robots: ["cii"] } },
          repositories: { api: { robots: { deploy: "read" } } },
        }),
    ).toThrow(
      'OrganizationBlueprint "tenant": teams.devs.members lists users only: name the robot "tenant+ci" in robots, by ' +
        'short name; teams.devs.members lists users only: name the robot "ci" in robots, by short name; ' +
        'teams.devs.robots names the robot "cii", which is not declared in robots; repositories.api.robots.deploy ' +
        'names the robot "deploy", which is not declared in robots',
    );
  });

  it("puts users and the blueprint's robots in a team's member list", async () => {
    const tenant = new OrganizationBlueprint("shop", {
      name: "shop",
      robots: { ci: {} },
      teams: { devs: { members: ["alice"], robots: ["ci"] } },
    });
    const members = await new Promise((resolve) => tenant.teams.devs.members.apply(resolve));
    expect(members).toEqual(["alice", "shop+ci"]);
  });
});
