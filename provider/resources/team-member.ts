/** `TeamMember`: one member of one team, for teams whose members are managed piecewise. Routes: quay-behavior.md §5. */
import { z } from "zod";
import { parseReply } from "../quay/client";
import { routes } from "../quay/routes";
import { defineResource } from "./_shared/define";
import { namespaceName, namespacePattern, robotNamePattern, userOrRobotName } from "./_shared/names";

const membersReply = z.object({
  members: z.array(z.object({ name: z.string().optional(), invited: z.boolean().optional() })),
});

const teamMemberId = {
  format: "<organization>/<team>/<member>",
  parse: (id: string) => {
    const [organization, team, member, ...rest] = id.split("/");
    const memberOk = namespacePattern.test(member ?? "") || robotNamePattern.test(member ?? "");
    if (
      rest.length > 0 ||
      !namespacePattern.test(organization ?? "") ||
      !namespacePattern.test(team ?? "") ||
      !memberOk
    ) {
      throw new Error(`TeamMember id "${id}" is not valid: expected <organization>/<team>/<member>`);
    }
    return { organization, team, member };
  },
};

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
    }),
    team: namespaceName().meta({
      description: "Team name. Changing it replaces the membership.",
      replaceOnChange: true,
    }),
    member: userOrRobotName().meta({
      description: "User name, or a robot's full name (`org+name`). Changing it replaces the membership.",
      replaceOnChange: true,
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
  deleteBeforeReplace: true,
  notes: [
    "Adding a user who is in no team of the organization sends an e-mail invitation when Quay has mailing on; " +
      "`invited` is true until it is accepted, and deleting the resource cancels the invitation.",
    "Robots must belong to the team's organization.",
  ],
  routes: [routes.addTeamMember, routes.listTeamMembers, routes.removeTeamMember],

  async locate(_context, inputs) {
    return `${inputs.organization}/${inputs.team}/${inputs.member}`;
  },

  async create({ client }, inputs) {
    const reply = await client.request(routes.addTeamMember, {
      params: { orgname: inputs.organization, teamname: inputs.team, membername: inputs.member },
    });
    const invited = (reply as { invited?: boolean } | undefined)?.invited === true;
    return { id: `${inputs.organization}/${inputs.team}/${inputs.member}`, outputs: { invited } };
  },

  async read({ client }, id) {
    const { organization, team, member } = teamMemberId.parse(id);
    const reply = await client.cachedFind(routes.listTeamMembers, {
      params: { orgname: organization, teamname: team },
      query: { includePending: true },
    });
    if (reply === undefined) return undefined;
    const found = parseReply(routes.listTeamMembers, membersReply, reply).members.find(
      (entry) => entry.name === member,
    );
    return found ? { organization, team, member, invited: found.invited === true } : undefined;
  },

  async delete({ client }, id) {
    const { organization, team, member } = teamMemberId.parse(id);
    // A member already gone (400 "does not belong") or a team already gone (404) is done.
    await client.find(routes.removeTeamMember, {
      params: { orgname: organization, teamname: team, membername: member },
    });
  },
});
