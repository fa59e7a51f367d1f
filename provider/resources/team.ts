/** `Team`: a team of an organization, optionally with an authoritative member set. Routes: quay-behavior.md §5. */
import { z } from "zod";
import { parseReply, type QuayClient } from "../quay/client";
import { routes } from "../quay/routes";
import { defineResource } from "./_shared/define";
import { namespaceName, namespacePattern, userOrRobotName } from "./_shared/names";

const organizationTeams = z.object({
  teams: z
    .record(z.string(), z.object({ name: z.string(), role: z.string(), description: z.string().nullish() }))
    .optional(),
});

const teamMembersReply = z.object({ members: z.array(z.object({ name: z.string().optional() })) });

/** Names of the team's members, pending invitations included (an invited user is on the way in). */
export async function teamMemberNames(client: QuayClient, organization: string, team: string) {
  const reply = await client.cachedFind(routes.listTeamMembers, {
    params: { orgname: organization, teamname: team },
    query: { includePending: true },
  });
  if (reply === undefined) return undefined;
  const members = parseReply(routes.listTeamMembers, teamMembersReply, reply).members;
  return members.flatMap((member) => (member.name ? [member.name] : []));
}

const teamId = {
  format: "<organization>/<team>",
  parse: (id: string) => {
    const [organization, team, ...rest] = id.split("/");
    if (rest.length > 0 || !namespacePattern.test(organization ?? "") || !namespacePattern.test(team ?? "")) {
      throw new Error(`Team id "${id}" is not valid: expected <organization>/<team>`);
    }
    return { organization, team };
  },
};

const roles = ["member", "creator", "admin"] as const;

/** The `Team` kind. */
export const team = defineResource({
  kind: "Team",
  description:
    "A team of an organization: a role in the organization (member, creator or admin) and, optionally, an " +
    "authoritative set of members. Do not also manage the same team's members with `TeamMember`: the two fight.",
  example:
    'const developers = new quay.Team("developers", { organization: org.name, name: "developers", role: "creator", members: ["alice", deployer.fullName] });',
  inputs: z.object({
    organization: namespaceName().meta({
      description: "Organization the team belongs to. Changing it replaces the team.",
      replaceOnChange: true,
    }),
    name: namespaceName().meta({
      description:
        "Team name: lowercase letters and digits joined by single `.`, `_` or `-`. Changing it replaces the team.",
      replaceOnChange: true,
    }),
    role: z
      .enum(roles, { error: "must be member, creator or admin" })
      .default("member")
      .meta({
        description:
          "`member` (default) sees what it is granted, `creator` may also create repositories, `admin` " +
          "administers the organization. Updated in place.",
      }),
    description: z.string().default("").meta({ description: "Markdown description. Default empty. Updated in place." }),
    members: z
      .array(userOrRobotName())
      .transform((names) => [...new Set(names)].sort())
      .optional()
      .meta({
        description:
          "The complete member list, users and robots (`org+name`); members not listed are removed. Order " +
          "does not matter. Leave it unset to not manage membership. Users outside the organization are " +
          "invited by e-mail (when Quay has mailing on) and count as members while invited.",
      }),
  }),
  outputs: z.object({}),
  id: teamId,
  deleteBeforeReplace: true,
  notes: [
    "Quay has no read for one team; the team is read from the organization (one call), its members from the member list.",
    "`PUT` on a team is an upsert in Quay, so declaring an existing team (such as `owners`) takes it over.",
    "Quay refuses to delete or demote the caller's last admin team (`owners` for the organization's creator).",
    "With mailing on, adding a user who is in no team of the organization sends an invitation instead.",
  ],
  routes: [
    routes.upsertTeam,
    routes.getOrganization,
    routes.deleteTeam,
    routes.listTeamMembers,
    routes.addTeamMember,
    routes.removeTeamMember,
  ],

  async locate(_context, inputs) {
    return `${inputs.organization}/${inputs.name}`;
  },

  async create({ client }, inputs) {
    const params = { orgname: inputs.organization, teamname: inputs.name };
    await client.request(routes.upsertTeam, { params, body: { role: inputs.role, description: inputs.description } });
    if (inputs.members !== undefined) {
      const current = (await teamMemberNames(client, inputs.organization, inputs.name)) ?? [];
      await syncMembers(client, params, current, inputs.members);
    }
    return { id: `${inputs.organization}/${inputs.name}`, outputs: {} };
  },

  async read({ client }, id, state) {
    const { organization, team: name } = teamId.parse(id);
    const reply = await client.cachedFind(routes.getOrganization, { params: { orgname: organization } });
    const found =
      reply === undefined ? undefined : parseReply(routes.getOrganization, organizationTeams, reply).teams?.[name];
    if (!found) return undefined;
    const role = (roles as readonly string[]).includes(found.role) ? (found.role as (typeof roles)[number]) : undefined;
    const members = state.members === undefined ? undefined : await teamMemberNames(client, organization, name);
    return {
      organization,
      name,
      role,
      description: found.description ?? "",
      members: members?.sort(),
    };
  },

  async update({ client }, _id, olds, news) {
    const params = { orgname: news.organization, teamname: news.name };
    if (olds.role !== news.role || olds.description !== news.description) {
      await client.request(routes.upsertTeam, { params, body: { role: news.role, description: news.description } });
    }
    if (news.members !== undefined) await syncMembers(client, params, olds.members ?? [], news.members);
    return {};
  },

  async delete({ client }, id) {
    const { organization, team: name } = teamId.parse(id);
    await client.find(routes.deleteTeam, { params: { orgname: organization, teamname: name } });
  },
});

/** Adds the missing members and removes the extra ones. */
async function syncMembers(
  client: QuayClient,
  params: { orgname: string; teamname: string },
  current: readonly string[],
  wanted: readonly string[],
): Promise<void> {
  const adds = wanted.filter((name) => !current.includes(name));
  const removes = current.filter((name) => !wanted.includes(name));
  await Promise.all([
    ...adds.map((membername) => client.request(routes.addTeamMember, { params: { ...params, membername } })),
    ...removes.map((membername) => client.find(routes.removeTeamMember, { params: { ...params, membername } })),
  ]);
}
