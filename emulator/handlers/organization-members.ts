/**
 * An organization's members and outside collaborators: `endpoints/api/organization.py` as
 * docs/quay-behavior.md §2 describes it. Served for other clients; no kind calls these.
 */
import type { Handler, HandlerFamily, RequestContext } from "../context";
import { requireAdministeredOrganization } from "../permissions";
import { avatar, type OrganizationRecord } from "../records";
import { apiError, messageError } from "../replies";

/** Names of the organization's repositories, live or marked for deletion, on which `username` has a direct role. */
function directRepositories(context: RequestContext, organization: OrganizationRecord, username: string): string[] {
  return context.state
    .repositoriesOf(organization.name)
    .filter((repository) => repository.userRoles.has(username))
    .map((repository) => repository.name);
}

function memberView(context: RequestContext, organization: OrganizationRecord, name: string) {
  const robot = context.state.robots.has(name);
  return {
    name,
    kind: robot ? "robot" : "user",
    avatar: avatar(name, robot ? "robot" : "user"),
    teams: context.state
      .teamsOf(organization, name)
      .map((team) => ({ name: team.name, avatar: avatar(team.name, "team") })),
    repositories: directRepositories(context, organization, name),
  };
}

/** Human members of any team, in the order Quay's ids give them; robots are left out (§2). */
function humanMembers(context: RequestContext, organization: OrganizationRecord): string[] {
  const names = new Set<string>();
  for (const team of organization.teams.values()) {
    for (const member of team.members) if (context.state.users.has(member)) names.add(member);
  }
  return [...names].sort((left, right) => context.state.users.get(left)!.id - context.state.users.get(right)!.id);
}

const listOrganizationMembers: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  return {
    status: 200,
    body: { members: humanMembers(context, organization).map((name) => memberView(context, organization, name)) },
  };
};

const getOrganizationMember: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  const name = context.params.membername;
  const robot = context.state.robots.get(name);
  const found = robot ? robot.namespace === organization.name : context.state.isMember(organization, name);
  if (!found) throw apiError(404, "Not Found", context.host);
  return { status: 200, body: memberView(context, organization, name) };
};

const removeOrganizationMember: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  const name = context.params.membername;
  if (!context.state.users.has(name)) throw apiError(404, "Not Found", context.host);
  const admins = new Set(
    [...organization.teams.values()].filter((team) => team.role === "admin").flatMap((team) => [...team.members]),
  );
  if (admins.size === 1 && admins.has(name)) {
    throw messageError(400, "Cannot remove user as they are the only organization admin");
  }
  for (const team of organization.teams.values()) team.members.delete(name);
  for (const repository of context.state.repositories.values()) {
    if (repository.namespace === organization.name) repository.userRoles.delete(name);
  }
  return { status: 204 };
};

const listOrganizationCollaborators: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  const names = new Set<string>();
  for (const repository of context.state.repositoriesOf(organization.name)) {
    for (const name of repository.userRoles.keys()) {
      if (context.state.users.has(name) && !context.state.isMember(organization, name)) names.add(name);
    }
  }
  return {
    status: 200,
    body: {
      collaborators: [...names].map((name) => ({
        name,
        kind: "user",
        avatar: avatar(name, "user"),
        repositories: directRepositories(context, organization, name),
      })),
    },
  };
};

/** Members and collaborators. */
export const family: HandlerFamily = {
  routes: {
    /** Human members with their teams; not paginated. */
    listOrganizationMembers: "GET /organization/{orgname}/members",
    /** One member (users, or robots of the org). */
    getOrganizationMember: "GET /organization/{orgname}/members/{membername}",
    /** Removes a user from every team and repository. */
    removeOrganizationMember: "DELETE /organization/{orgname}/members/{membername}",
    /** Users with repository roles who are in no team. */
    listOrganizationCollaborators: "GET /organization/{orgname}/collaborators",
  },
  handlers: {
    listOrganizationMembers,
    getOrganizationMember,
    removeOrganizationMember,
    listOrganizationCollaborators,
  },
};
