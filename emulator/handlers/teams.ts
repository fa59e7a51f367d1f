/** Teams and their members: `endpoints/api/team.py` as docs/quay-behavior.md §5 describes it. */
import { type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import {
  administers,
  isSuperuser,
  organizationRole,
  requireAdministeredOrganization,
  requireCaller,
  unauthorized,
} from "../permissions";
import { avatar, type OrganizationRecord, type TeamRecord } from "../records";
import { apiError, messageError, quayInternalError } from "../replies";

const teamPattern = /^([a-z0-9]+(?:[._-][a-z0-9]+)*)$/;

/** A team's link to a group of the authentication backend (`FEATURE_TEAM_SYNCING`). */
export interface TeamSync {
  service: string;
  config: Record<string, unknown>;
  lastUpdated: Date | null;
}

/** The sync configuration of `team`, if it is synced. */
export function teamSync(context: RequestContext, team: TeamRecord): { current?: TeamSync } {
  return context.state.attached(team, "sync", () => ({}) as { current?: TeamSync });
}

/** The backend a synced team follows: none with database authentication. */
export function federatedService(context: RequestContext): string | undefined {
  const backend = context.authentication;
  return backend === "Database" ? undefined : backend.toLowerCase();
}

/** Superusers set syncing up; organization admins only with `FEATURE_NONSUPERUSER_TEAM_SYNCING_SETUP`. */
export function syncSetupAllowed(context: RequestContext, organization: OrganizationRecord): boolean {
  if (isSuperuser(context)) return true;
  return context.features.nonSuperuserTeamSyncingSetup && administers(context, organization);
}

/** The organization at `params.orgname` for an admin; a full-access superuser hears that a missing one does not exist. */
function administeredOrganization(context: RequestContext): OrganizationRecord {
  return requireAdministeredOrganization(context, () =>
    messageError(400, `Organization does not exist: ${context.params.orgname}`),
  );
}

/** The team view of Quay's team endpoints. */
export function teamView(
  context: RequestContext,
  organization: OrganizationRecord,
  team: TeamRecord,
  created: boolean,
) {
  const username = context.caller?.user.username;
  return {
    name: team.name,
    description: team.description,
    can_view: administers(context, organization) || (!!username && team.members.has(username)),
    role: team.role,
    avatar: avatar(team.name, "team"),
    new_team: created,
  };
}

/** Whether `team` is the only admin team holding the caller, so losing it would lock the caller out. */
function isCallersLastAdminTeam(context: RequestContext, organization: OrganizationRecord, team: TeamRecord): boolean {
  const username = context.caller!.user.username;
  const adminTeams = context.state.teamsOf(organization, username).filter((candidate) => candidate.role === "admin");
  return adminTeams.length === 1 && adminTeams[0] === team;
}

const upsertTeam: Handler = (context) => {
  const organization = administeredOrganization(context);
  const body = validatedBody(context, {
    type: "object",
    required: ["role"],
    properties: {
      role: { type: "string", enum: ["member", "creator", "admin"] },
      description: { type: "string" },
    },
  });
  const role = body.role as TeamRecord["role"];
  const name = context.params.teamname;
  const existing = organization.teams.get(name);
  if (!existing) {
    if (!teamPattern.test(name) || name.length < 2 || name.length > 255) {
      throw messageError(
        400,
        `Invalid team name ${name}: Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$`,
      );
    }
    const team: TeamRecord = { name, role, description: (body.description as string) ?? "", members: new Set() };
    organization.teams.set(name, team);
    return { status: 200, body: teamView(context, organization, team, true) };
  }
  if (existing.role === "admin" && role !== "admin" && isCallersLastAdminTeam(context, organization, existing)) {
    throw messageError(
      400,
      `Cannot remove admin from team '${name}' because calling user would no longer have admin on org '${organization.name}'`,
    );
  }
  if (typeof body.description === "string") existing.description = body.description;
  existing.role = role;
  return { status: 200, body: teamView(context, organization, existing, false) };
};

const deleteTeam: Handler = (context) => {
  const organization = administeredOrganization(context);
  const name = context.params.teamname;
  const team = organization.teams.get(name);
  if (!team) throw messageError(400, `Team '${name}' is not a team in org '${organization.name}'`);
  if (team.role === "admin") {
    const username = context.caller!.user.username;
    const adminTeams = context.state.teamsOf(organization, username).filter((candidate) => candidate.role === "admin");
    // remove_team indexes the caller's admin teams; a superuser in none of them hits a 500 (§5).
    if (adminTeams.length === 0) throw quayInternalError("list index out of range");
    if (adminTeams.length === 1 && adminTeams[0] === team) {
      throw messageError(
        400,
        `Deleting team '${name}' would remove admin ability for user '${username}' in organization '${organization.name}'`,
      );
    }
  }
  organization.teams.delete(name);
  // Team roles and prototypes naming the team go with it (database cascades).
  for (const repository of context.state.repositories.values()) {
    if (repository.namespace === organization.name) repository.teamRoles.delete(name);
  }
  organization.prototypes = organization.prototypes.filter(
    (prototype) => !(prototype.delegate.kind === "team" && prototype.delegate.name === name),
  );
  for (const teams of organization.invites.values()) teams.delete(name);
  return { status: 204 };
};

function memberView(context: RequestContext, name: string, invited: boolean) {
  const robot = context.state.robots.has(name);
  return { name, kind: "user", is_robot: robot, avatar: avatar(name, robot ? "robot" : "user"), invited };
}

/** The team, for callers who may view it: its members, org admins and full-access superusers (§5). */
function viewableTeam(context: RequestContext): { organization: OrganizationRecord; team: TeamRecord } {
  const caller = requireCaller(context);
  const organization = context.state.organizations.get(context.params.orgname);
  const team = organization?.teams.get(context.params.teamname);
  const member = !!team?.members.has(caller.user.username) && organization && organizationRole(context, organization);
  if (!organization || !(administers(context, organization) || member)) throw unauthorized(context);
  if (!team) throw apiError(404, "Not Found", context.host);
  return { organization, team };
}

const listTeamMembers: Handler = (context) => {
  const { organization, team } = viewableTeam(context);
  const canEdit = administers(context, organization);
  const members = [...team.members].map((name) => memberView(context, name, false));
  if (canEdit && context.query.get("includePending") === "true") {
    for (const [username, teams] of organization.invites) {
      if (teams.has(team.name)) members.push(memberView(context, username, true));
    }
  }
  const body: Record<string, unknown> = { name: team.name, members, can_edit: canEdit };
  const service = federatedService(context);
  if (context.features.teamSyncing && service) {
    if (syncSetupAllowed(context, organization)) body.can_sync = { service };
    const sync = teamSync(context, team).current;
    // The group and the last sync only for those who may set syncing up (§5).
    if (sync) {
      body.synced =
        isSuperuser(context) || context.features.nonSuperuserTeamSyncingSetup
          ? { service: sync.service, last_updated: null, config: sync.config }
          : { service: sync.service };
    }
  }
  return { status: 200, body };
};

/** Adding or removing a user of a synced team is the backend's job (§5). */
function refuseForSyncedTeam(context: RequestContext, team: TeamRecord, member: string): void {
  if (context.features.teamSyncing && teamSync(context, team).current && !context.state.robots.has(member)) {
    throw apiError(400, "Cannot call this method on an auth-synced team", context.host);
  }
}

const addTeamMember: Handler = (context) => {
  const organization = administeredOrganization(context);
  const team = organization.teams.get(context.params.teamname);
  if (!team) throw apiError(404, "Not Found", context.host);
  const member = context.params.membername;
  refuseForSyncedTeam(context, team, member);
  const robot = context.state.robots.get(member);
  if (!robot && !context.state.users.has(member)) throw apiError(400, "Unknown user", context.host);
  if (team.members.has(member)) throw messageError(400, `User ${member} is already a member of team ${team.name}`);
  if (robot) {
    if (context.features.teamInvites && robot.namespace !== organization.name) {
      throw messageError(400, "Cannot add the specified robot to this team, as it is not a member of the organization");
    }
    team.members.add(member);
    return { status: 200, body: memberView(context, member, false) };
  }
  if (!context.features.teamInvites || context.state.isMember(organization, member)) {
    team.members.add(member);
    return { status: 200, body: memberView(context, member, false) };
  }
  // A user outside the organization gets an e-mail invitation and is not a member until accepting it.
  const invited = organization.invites.get(member) ?? new Set<string>();
  invited.add(team.name);
  organization.invites.set(member, invited);
  return { status: 200, body: memberView(context, member, true) };
};

const removeTeamMember: Handler = (context) => {
  const organization = administeredOrganization(context);
  const team = organization.teams.get(context.params.teamname);
  if (!team) throw apiError(404, "Not Found", context.host);
  const member = context.params.membername;
  if (!context.state.users.has(member) && !context.state.robots.has(member)) {
    throw apiError(404, "Not Found", context.host);
  }
  refuseForSyncedTeam(context, team, member);
  const invited = organization.invites.get(member);
  if (invited?.delete(team.name)) return { status: 204 };
  if (!team.members.has(member)) throw messageError(400, `User ${member} does not belong to team ${team.name}`);
  if (member === context.caller!.user.username && isCallersLastAdminTeam(context, organization, team)) {
    throw messageError(400, `Cannot remove user ${member} from team ${team.name}: it would remove their admin role`);
  }
  team.members.delete(member);
  return { status: 204 };
};

const listTeamPermissions: Handler = (context) => {
  const organization = administeredOrganization(context);
  const team = organization.teams.get(context.params.teamname);
  if (!team) throw apiError(404, "Not Found", context.host);
  const permissions = [...context.state.repositories.values()]
    .filter((repository) => repository.namespace === organization.name && repository.teamRoles.has(team.name))
    .map((repository) => ({
      repository: { name: repository.name, is_public: repository.isPublic },
      role: repository.teamRoles.get(team.name),
    }));
  return { status: 200, body: { permissions } };
};

/** Team routes; a team's repository permissions are served for other clients. */
export const family: HandlerFamily = {
  routes: {
    upsertTeam: "PUT /organization/{orgname}/team/{teamname}",
    deleteTeam: "DELETE /organization/{orgname}/team/{teamname}",
    listTeamMembers: "GET /organization/{orgname}/team/{teamname}/members",
    addTeamMember: "PUT /organization/{orgname}/team/{teamname}/members/{membername}",
    removeTeamMember: "DELETE /organization/{orgname}/team/{teamname}/members/{membername}",
    /** The team's repository roles. */
    listTeamPermissions: "GET /organization/{orgname}/team/{teamname}/permissions",
  },
  handlers: {
    upsertTeam,
    deleteTeam,
    listTeamMembers,
    addTeamMember,
    removeTeamMember,
    listTeamPermissions,
  },
};
