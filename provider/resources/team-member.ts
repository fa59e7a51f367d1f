/** `TeamMember`: one member of one team, for teams whose members are managed piecewise. Routes: docs/quay-behavior.md §5. */
import { z } from "zod";
import { defineResource } from "./_shared/define";
import { idFormat } from "./_shared/id-format";
import { namespaceName, namespacePart, userOrRobotName, userOrRobotPart } from "./_shared/names";
import { addTeamMember, teamMembers } from "./team";
import { teamRoutes } from "./team.routes";

const teamMemberId = idFormat("TeamMember", "{organization}/{team}/{member}", {
  organization: namespacePart,
  team: namespacePart,
  member: userOrRobotPart,
});

/** The `TeamMember` kind. */
export const teamMember = defineResource({
  kind: "TeamMember",
  description:
    "One user or robot in one team. Use it when a team's members are managed from several places; do " +
    "not combine it with the same team's `members` list on `Team`: the two fight over the membership.",
  example:
    'new quay.TeamMember("alice-in-developers", { organization: org.name, team: developers.name, member: "alice" });',
  inputs: z.object({
    organization: namespaceName().meta({
      description: "Organization of the team. Changing it replaces the membership.",
      replaceOnChange: true,
      references: "Organization.name",
    }),
    team: namespaceName().meta({
      description: "Team name. Changing it replaces the membership.",
      replaceOnChange: true,
      references: "Team.name",
    }),
    member: userOrRobotName().meta({
      description: "User name, or a robot's full name (`org+name`). Changing it replaces the membership.",
      replaceOnChange: true,
      references: "Robot.fullName",
    }),
  }),
  outputs: z.object({
    invited: z.boolean().meta({
      description:
        "True while the member is a user who was invited by e-mail and has not accepted yet (Quay invites " +
        "users who are in no team of the organization when mailing is on).",
    }),
  }),
  id: teamMemberId,
  naturalKey: ["organization", "team", "member"],
  routes: {
    addTeamMember: teamRoutes.addTeamMember,
    listTeamMembers: teamRoutes.listTeamMembers,
    removeTeamMember: teamRoutes.removeTeamMember,
  },
  sample: { organization: "kinds", team: "existing", member: "kinds+puller" },
  notes: [
    "Adding a user who is in no team of the organization sends an e-mail invitation when Quay has mailing on; " +
      "`invited` is true until it is accepted, and deleting the resource cancels the invitation.",
    "Robots must belong to the team's organization.",
  ],

  label: (inputs) => `${inputs.member} in ${inputs.organization}/${inputs.team}`,

  async locate(_context, inputs) {
    return teamMemberId.build({ organization: inputs.organization, team: inputs.team, member: inputs.member });
  },

  async create({ client }, inputs) {
    const { invited } = await addTeamMember(client, {
      orgname: inputs.organization,
      teamname: inputs.team,
      membername: inputs.member,
    });
    return {
      id: teamMemberId.build({ organization: inputs.organization, team: inputs.team, member: inputs.member }),
      outputs: { invited },
    };
  },

  async read({ client }, id) {
    const { organization, team, member } = teamMemberId.parse(id);
    const found = (await teamMembers(client, organization, team))?.find((entry) => entry.name === member);
    return found ? { organization, team, member, invited: found.invited } : undefined;
  },

  async delete({ client }, id) {
    const { organization, team, member } = teamMemberId.parse(id);
    // A member already gone (400 "does not belong") or a team already gone (404) is done.
    await client.unlessAbsent(teamRoutes.removeTeamMember, {
      params: { orgname: organization, teamname: team, membername: member },
    });
  },
});
