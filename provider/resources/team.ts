/** `Team`: a team of an organization, optionally with an authoritative member set. Routes: docs/quay-behavior.md §5. */
import { z } from "zod";
import type { QuayClient } from "../quay/client";
import { hasQuayMessage, isQuayError, QuayError, QuayOperationError } from "../quay/errors";
import { completing } from "./_shared/completing";
import { defineResource, type ListScope, readsInput } from "./_shared/define";
import { idFormat } from "./_shared/id-format";
import { namespaceName, namespacePart, userOrRobotName } from "./_shared/names";
import { organizationRoutes } from "./organization";
import { teamRoutes } from "./team.routes";
import { applySyncGroup, readSyncGroup, syncState } from "./team.sync";

const organizationTeams = z.object({
  teams: z
    .record(z.string(), z.object({ name: z.string(), role: z.string(), description: z.string().nullish() }))
    .optional(),
});

const teamMembersReply = z.object({
  members: z.array(z.object({ name: z.string().optional(), invited: z.boolean().optional() })),
});

/** The team's members, pending invitations included (an invited user is on the way in); one call per team and run. */
export async function teamMembers(client: QuayClient, organization: string, team: string) {
  const reply = await client.cachedRead(teamRoutes.listTeamMembers, teamMembersReply, {
    params: { orgname: organization, teamname: team },
    query: { includePending: true },
  });
  return reply?.members.flatMap((member) =>
    member.name ? [{ name: member.name, invited: member.invited === true }] : [],
  );
}

/**
 * The organization's view with its teams (one call per organization and run); `teams` is missing when
 * the token's user is no member, and the whole view when the organization is.
 */
async function organizationTeamView(client: QuayClient, organization: string) {
  return client.cachedRead(organizationRoutes.getOrganization, organizationTeams, {
    params: { orgname: organization },
  });
}

const teamId = idFormat("Team", "{organization}/{team}", { organization: namespacePart, team: namespacePart });

const roles = ["member", "creator", "admin"] as const;
type Role = (typeof roles)[number];

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
      references: "Organization.name",
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
      .array(userOrRobotName().meta({ references: "Robot.fullName" }))
      .transform((names) => [...new Set(names)].sort())
      .optional()
      .meta({
        description:
          "The complete member list, users and robots (`org+name`); members not listed are removed. Order " +
          "does not matter. Leave it unset to not manage membership. Users outside the organization are " +
          "invited by e-mail (when Quay has mailing on) and count as members while invited.",
      }),
    syncGroup: z
      .string()
      .optional()
      .meta({
        description:
          "The group of Quay's authentication backend whose members the team follows: an LDAP group DN relative " +
          'to the base DN, a Keystone group id, or an OIDC group name (Quay reads which backend it has). `""` ' +
          "keeps the team unsynced. Needs FEATURE_TEAM_SYNCING and a superuser's token; not with `members`. " +
          "Leave it unset to not manage syncing. Updated in place; with OIDC, Quay empties the team when syncing starts.",
      }),
  }),
  outputs: z.object({}),
  id: teamId,
  naturalKey: ["organization", "name"],
  routes: teamRoutes,
  sample: { organization: "kinds", name: "devs", role: "creator", members: ["kinds+puller"] },
  requires: "any Quay (`syncGroup`: FEATURE_TEAM_SYNCING with LDAP, Keystone or OIDC)",
  notes: [
    "Quay has no read for one team; the team is read from the organization (one call), its members from the member list.",
    "Quay's team create is an upsert; pulumi-quay refuses to create a team whose name is taken instead of silently " +
      "taking it over (adopt it with `quay:adopt`).",
    "Quay refuses to delete or demote the caller's last admin team (`owners` for the organization's creator).",
    "With mailing on, adding a user who is in no team of the organization sends an invitation instead.",
  ],

  label: (inputs) => `${inputs.organization}/${inputs.name}`,

  validate(inputs) {
    return inputs.members !== undefined && inputs.syncGroup
      ? [{ property: "members", reason: "cannot be set with syncGroup: a synced team's members come from the group" }]
      : [];
  },
  automatic: (state) => state.name === "owners",

  async list({ client }, scope: ListScope) {
    if (!("organization" in scope)) return [];
    const organization = scope.organization;
    const view = (await organizationTeamView(client, organization)) ?? {};
    if (view.teams === undefined) {
      throw new QuayOperationError(
        "QUAY_FORBIDDEN",
        `the token cannot see the teams of organization "${organization}": it must belong to an admin of it`,
      );
    }
    const teams = Object.values(view.teams);
    return Promise.all(
      teams.map(async (found) => {
        // One member list per team says both: a synced team's members come from its group, not the program.
        const members = ((await teamMembers(client, organization, found.name)) ?? []).map((member) => member.name);
        const sync = await syncState(client, organization, found.name);
        return {
          id: teamId.build({ organization, team: found.name }),
          organization,
          name: found.name,
          role: (roles as readonly string[]).includes(found.role) ? (found.role as Role) : undefined,
          description: found.description ?? "",
          members: sync.synced ? undefined : members.sort(),
          syncGroup: sync.synced ? sync.group : undefined,
        };
      }),
    );
  },

  async locate(_context, inputs) {
    return teamId.build({ organization: inputs.organization, team: inputs.name });
  },

  async create({ client }, inputs) {
    const params = { orgname: inputs.organization, teamname: inputs.name };
    // Quay's create is an upsert: it would silently take over a team someone else made (and the stack would
    // delete it on destroy). A create only creates; taking over is what adoption is for.
    if ((await organizationTeamView(client, inputs.organization))?.teams?.[inputs.name]) {
      throw new QuayOperationError(
        "QUAY_REFUSED",
        `a team named "${inputs.name}" already exists in organization "${inputs.organization}"; nothing was ` +
          "changed. Choose another name, or bring that team under this stack by running once with " +
          "`pulumi config set quay:adopt true` (or QUAY_ADOPT=true).",
      );
    }
    await client.request(teamRoutes.upsertTeam, {
      params,
      body: { role: inputs.role, description: inputs.description },
    });
    const id = teamId.build({ organization: inputs.organization, team: inputs.name });
    const members = inputs.members;
    if (members !== undefined) {
      await completing(id, ["members"], async () => {
        const current = ((await teamMembers(client, inputs.organization, inputs.name)) ?? []).map(
          (member) => member.name,
        );
        await syncMembers(client, params, current, members);
      });
    }
    const group = inputs.syncGroup;
    if (group)
      await completing(id, ["syncGroup"], () => applySyncGroup(client, inputs.organization, inputs.name, group));
    return { id, outputs: {} };
  },

  async read({ client }, id, state, scope) {
    const { organization, team: name } = teamId.parse(id);
    const found = (await organizationTeamView(client, organization))?.teams?.[name];
    if (!found) return undefined;
    const members = readsInput(state, "members", scope)
      ? await teamMembers(client, organization, name).then((list) => list ?? [])
      : undefined;
    return {
      organization,
      name,
      role: (roles as readonly string[]).includes(found.role) ? (found.role as Role) : undefined,
      description: found.description ?? "",
      members: members?.map((member) => member.name).sort(),
      syncGroup: readsInput(state, "syncGroup", scope)
        ? await readSyncGroup(client, organization, name, state.syncGroup)
        : undefined,
    };
  },

  async update({ client }, _id, olds, news, changed) {
    const params = { orgname: news.organization, teamname: news.name };
    if (changed.has("role") || changed.has("description")) {
      await client.request(teamRoutes.upsertTeam, { params, body: { role: news.role, description: news.description } });
    }
    if (changed.has("members")) {
      // Against the members Quay has, not the state: a robot replaced since, or a hand edit, is seen.
      const current = await teamMembers(client, news.organization, news.name);
      await syncMembers(
        client,
        params,
        current?.map((member) => member.name) ?? olds.members ?? [],
        news.members ?? [],
      );
    }
    if (changed.has("syncGroup") && news.syncGroup !== undefined) {
      await applySyncGroup(client, news.organization, news.name, news.syncGroup);
    }
    return {};
  },

  async delete({ client }, id) {
    const { organization, team: name } = teamId.parse(id);
    await client.unlessAbsent(teamRoutes.deleteTeam, { params: { orgname: organization, teamname: name } });
  },
});

/**
 * Adds a member; resolves to whether Quay only invited them. A member already in the team is done:
 * Quay answers 400 "is already a member" for robots and users alike (docs/quay-behavior.md §V.9).
 */
export async function addTeamMember(
  client: QuayClient,
  params: { orgname: string; teamname: string; membername: string },
): Promise<{ invited: boolean }> {
  try {
    const reply = await client.request(teamRoutes.addTeamMember, { params });
    return { invited: (reply as { invited?: boolean } | undefined)?.invited === true };
  } catch (error) {
    if (hasQuayMessage(error, /is already a member of team/)) return { invited: false };
    // Quay's message ("Unknown user") does not say whom: the member is named here.
    if (!isQuayError(error)) throw error;
    throw new QuayError(error.code, `adding "${params.membername}" to team ${params.teamname}: ${error.message}`, {
      cause: error,
    });
  }
}

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
    ...adds.map((membername) => addTeamMember(client, { ...params, membername })),
    ...removes.map((membername) =>
      client.unlessAbsent(teamRoutes.removeTeamMember, { params: { ...params, membername } }),
    ),
  ]);
}
