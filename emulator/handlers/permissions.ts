/** Repository permissions of users, robots and teams: `endpoints/api/permission.py` (docs/quay-behavior.md §6). */
import { type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { effectiveRole, findRepository, requireRepository } from "../permissions";
import { avatar, type RepositoryRecord, type Role } from "../records";
import { apiError, messageError, quayInternalError } from "../replies";

function requestedRole(context: RequestContext): Role {
  const body = validatedBody(context, {
    type: "object",
    required: ["role"],
    properties: { role: { type: "string", enum: ["read", "write", "admin"] } },
  });
  return body.role as Role;
}

function userPermissionView(context: RequestContext, repository: RepositoryRecord, name: string, role: Role) {
  const robot = context.state.robots.get(name);
  const view: Record<string, unknown> = {
    role,
    name,
    is_robot: !!robot,
    avatar: avatar(name, robot ? "robot" : "user"),
  };
  const organization = context.state.organizations.get(repository.namespace);
  // `is_org_member` appears only for organization repositories; robots always count as members.
  if (organization) view.is_org_member = !!robot || context.state.isMember(organization, name);
  return view;
}

const listUserPermissions: Handler = (context) => {
  // Lists answer `{"permissions": {}}` for a missing repository instead of an error (§6).
  const repository = findRepository(context, "admin");
  const permissions = repository
    ? Object.fromEntries(
        [...repository.userRoles].map(([name, role]) => [name, userPermissionView(context, repository, name, role)]),
      )
    : {};
  return { status: 200, body: { permissions } };
};

const getUserPermission: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  const role = repository.userRoles.get(context.params.username);
  if (!role) throw messageError(400, "User does not have permission for repo.");
  return { status: 200, body: userPermissionView(context, repository, context.params.username, role) };
};

const setUserPermission: Handler = (context) => {
  const repository = findRepository(context, "admin");
  // The model looks the repository up without a check: peewee DoesNotExist, a 500 (§6).
  if (!repository) throw quayInternalError("Repository matching query does not exist.");
  const role = requestedRole(context);
  const username = context.params.username;
  if (username === repository.namespace) throw apiError(400, "Namespace owner must always be admin.", context.host);
  const robot = context.state.robots.get(username);
  if (!robot && !context.state.users.has(username)) throw apiError(400, `Invalid username: ${username}`, context.host);
  if (robot && robot.namespace !== repository.namespace) {
    throw apiError(400, `Cannot add robot ${username} under namespace ${repository.namespace}`, context.host);
  }
  repository.userRoles.set(username, role);
  return { status: 200, body: userPermissionView(context, repository, username, role) };
};

const deleteUserPermission: Handler = (context) => {
  // A missing repository has no roles to delete: the same 400 as a missing role (verified on Quay).
  const repository = findRepository(context, "admin");
  if (!repository?.userRoles.delete(context.params.username)) {
    throw apiError(400, "User does not have permission for repo.", context.host);
  }
  return { status: 204 };
};

const getTransitivePermission: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  const username = context.params.username;
  if (!context.state.users.has(username) && !context.state.robots.has(username)) {
    throw apiError(404, "Not Found", context.host);
  }
  const roles: Role[] = [];
  const direct = repository.userRoles.get(username);
  if (direct) roles.push(direct);
  const organization = context.state.organizations.get(repository.namespace);
  if (organization) {
    for (const team of context.state.teamsOf(organization, username)) {
      const role = repository.teamRoles.get(team.name);
      if (role) roles.push(role);
    }
  }
  if (roles.length === 0 && !effectiveRole(context, repository, username))
    throw apiError(404, "Not Found", context.host);
  return { status: 200, body: { permissions: roles.map((role) => ({ role })) } };
};

const listTeamRepositoryPermissions: Handler = (context) => {
  // Lists answer `{"permissions": {}}` for a missing repository instead of an error (§6).
  const repository = findRepository(context, "admin");
  const permissions = repository
    ? Object.fromEntries(
        [...repository.teamRoles].map(([name, role]) => [name, { role, name, avatar: avatar(name, "team") }]),
      )
    : {};
  return { status: 200, body: { permissions } };
};

const getTeamPermission: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  const role = repository.teamRoles.get(context.params.teamname);
  if (!role) throw messageError(400, "Team does not have permission for repo.");
  return { status: 200, body: { role } };
};

const setTeamPermission: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  const role = requestedRole(context);
  const teamname = context.params.teamname;
  const organization = context.state.organizations.get(repository.namespace);
  if (!organization?.teams.has(teamname)) {
    throw apiError(400, `No team ${teamname} in organization ${repository.namespace}`, context.host);
  }
  repository.teamRoles.set(teamname, role);
  return { status: 200, body: { role, name: teamname, avatar: avatar(teamname, "team") } };
};

const deleteTeamPermission: Handler = (context) => {
  // A missing repository has no roles to delete: the same 400 as a missing role (verified on Quay).
  const repository = findRepository(context, "admin");
  if (!repository?.teamRoles.delete(context.params.teamname)) {
    throw apiError(400, "Team does not have permission for repo.", context.host);
  }
  return { status: 204 };
};

/** Permission routes; single reads and the transitive view are served for other clients. */
export const family: HandlerFamily = {
  routes: {
    listUserPermissions: "GET /repository/{repository}/permissions/user/",
    /** 400 when the user has no role. */
    getUserPermission: "GET /repository/{repository}/permissions/user/{username}",
    setUserPermission: "PUT /repository/{repository}/permissions/user/{username}",
    deleteUserPermission: "DELETE /repository/{repository}/permissions/user/{username}",
    /** Roles direct and through teams. */
    getTransitivePermission: "GET /repository/{repository}/permissions/user/{username}/transitive",
    listTeamRepositoryPermissions: "GET /repository/{repository}/permissions/team/",
    /** `{role}`; 400 when the team has none. */
    getTeamPermission: "GET /repository/{repository}/permissions/team/{teamname}",
    setTeamPermission: "PUT /repository/{repository}/permissions/team/{teamname}",
    deleteTeamPermission: "DELETE /repository/{repository}/permissions/team/{teamname}",
  },
  handlers: {
    listUserPermissions,
    getUserPermission,
    setUserPermission,
    deleteUserPermission,
    getTransitivePermission,
    listTeamRepositoryPermissions,
    getTeamPermission,
    setTeamPermission,
    deleteTeamPermission,
  },
};
