/** `RepositoryPermission`: one user's, robot's or team's role on one repository. Routes: docs/quay-behavior.md §6. */
import { z } from "zod";
import type { PathParams } from "../quay/paths";
import { defineRoutes } from "../quay/routes";
import { defineResource, type ListScope } from "./_shared/define";
import { idFormat } from "./_shared/id-format";
import { namespaceName, repositoryPart, repositoryReference, userOrRobotName, userOrRobotPart } from "./_shared/names";

const missingUserPermission = { status: 400, message: /^User does not have permission for repo/ };
const missingTeamPermission = { status: 400, message: /^Team does not have permission for repo/ };

/** The permission routes: lists per repository, and an upsert and a delete per subject. */
export const permissionRoutes = defineRoutes({
  /** GET /repository/{repository}/permissions/user/ — user and robot roles, keyed by name. */
  listUserPermissions: {
    method: "GET",
    path: "/repository/{repository}/permissions/user/",
    ok: [200],
    scope: "repo:admin",
  },
  /** PUT /repository/{repository}/permissions/user/{username} — `{role}`; an upsert. */
  setUserPermission: {
    method: "PUT",
    path: "/repository/{repository}/permissions/user/{username}",
    ok: [200],
    scope: "repo:admin",
  },
  /** DELETE /repository/{repository}/permissions/user/{username} — 400 when there is none. */
  deleteUserPermission: {
    method: "DELETE",
    path: "/repository/{repository}/permissions/user/{username}",
    ok: [204],
    absent: [missingUserPermission],
    scope: "repo:admin",
  },
  /** GET /repository/{repository}/permissions/team/ — team roles, keyed by team name. */
  listTeamRepositoryPermissions: {
    method: "GET",
    path: "/repository/{repository}/permissions/team/",
    ok: [200],
    scope: "repo:admin",
  },
  /** PUT /repository/{repository}/permissions/team/{teamname} — `{role}`; an upsert. */
  setTeamPermission: {
    method: "PUT",
    path: "/repository/{repository}/permissions/team/{teamname}",
    ok: [200],
    scope: "repo:admin",
  },
  /** DELETE /repository/{repository}/permissions/team/{teamname} — 400 when there is none. */
  deleteTeamPermission: {
    method: "DELETE",
    path: "/repository/{repository}/permissions/team/{teamname}",
    ok: [204],
    absent: [missingTeamPermission],
    scope: "repo:admin",
  },
});

const permissionsReply = z.object({
  permissions: z.record(z.string(), z.object({ role: z.enum(["read", "write", "admin"]) })),
});

const permissionId = idFormat("RepositoryPermission", "{kind}/{name}/{repository}", {
  kind: /user|team/,
  name: userOrRobotPart,
  repository: repositoryPart,
});

type SubjectKind = "user" | "team";

/** The routes and path parameters for a user's or a team's permission. */
function subject(kind: SubjectKind, repository: string, name: string) {
  const params: PathParams = kind === "team" ? { repository, teamname: name } : { repository, username: name };
  return kind === "team"
    ? {
        list: permissionRoutes.listTeamRepositoryPermissions,
        set: permissionRoutes.setTeamPermission,
        remove: permissionRoutes.deleteTeamPermission,
        params,
      }
    : {
        list: permissionRoutes.listUserPermissions,
        set: permissionRoutes.setUserPermission,
        remove: permissionRoutes.deleteUserPermission,
        params,
      };
}

/** The subject the inputs name: exactly one of `user` and `team` (checked at preview). */
function subjectOf(inputs: { user?: string; team?: string }): { kind: SubjectKind; name: string } {
  return inputs.team !== undefined ? { kind: "team", name: inputs.team } : { kind: "user", name: inputs.user! };
}

const roleSchema = z.enum(["read", "write", "admin"], { error: "must be read, write or admin" });

/** The `RepositoryPermission` kind. */
export const repositoryPermission = defineResource({
  kind: "RepositoryPermission",
  description:
    "One user's, robot's or team's role on one repository. Set exactly one of `user` and `team`. Quay's own " +
    "grants (the creator's admin role, a mirror robot's write role) are not fought unless you declare the same subject.",
  example:
    'new quay.RepositoryPermission("developers-write-api", { repository: api.fullName, team: developers.name, role: "write" });',
  inputs: z.object({
    repository: repositoryReference().meta({
      description: "The repository, `<namespace>/<name>`. Changing it replaces the permission.",
      replaceOnChange: true,
      references: "Repository.fullName",
    }),
    user: userOrRobotName().optional().meta({
      description: "A user, or a robot's full name (`org+name`). Changing it replaces the permission.",
      replaceOnChange: true,
      references: "Robot.fullName",
    }),
    team: namespaceName().optional().meta({
      description: "A team of the repository's organization. Changing it replaces the permission.",
      replaceOnChange: true,
      references: "Team.name",
    }),
    role: roleSchema.meta({ description: "`read` (pull), `write` (pull and push) or `admin`. Updated in place." }),
  }),
  outputs: z.object({}),
  id: permissionId,
  naturalKey: ["repository", "user", "team"],
  routes: permissionRoutes,
  sample: { repository: "kinds/base", user: "kinds+puller", role: "write" },
  notes: [
    "Refresh reads one permission list per repository for all the permissions on it, and drops a permission removed by hand.",
    "Teams with the organization role `admin` administer every repository without any permission row.",
    "A repository mirror raises its robot to `write`; declaring that robot with `read` makes the two fight.",
  ],

  label: (inputs) => `${inputs.team === undefined ? inputs.user : `team ${inputs.team}`} on ${inputs.repository}`,

  validate(inputs) {
    const given = [inputs.user, inputs.team].filter((value) => value !== undefined).length;
    return given === 1 ? [] : [{ property: "user", reason: "set exactly one of user and team" }];
  },

  async list({ client }, scope: ListScope) {
    if (!("repository" in scope)) return [];
    const repository = scope.repository;
    const entries = await Promise.all(
      (["user", "team"] as const).map(async (kind) => {
        const routes = subject(kind, repository, "");
        const reply = await client.cachedRead(routes.list, permissionsReply, { params: { repository } });
        return Object.entries(reply?.permissions ?? {}).map(([name, { role }]) => ({
          id: permissionId.build({ kind, name, repository }),
          repository,
          ...(kind === "team" ? { team: name } : { user: name }),
          role,
        }));
      }),
    );
    return entries.flat();
  },

  async locate(_context, inputs) {
    const { kind, name } = subjectOf(inputs);
    return permissionId.build({ kind, name, repository: inputs.repository });
  },

  async create({ client }, inputs) {
    const { kind, name } = subjectOf(inputs);
    const routes = subject(kind, inputs.repository, name);
    await client.request(routes.set, { params: routes.params, body: { role: inputs.role } });
    return { id: permissionId.build({ kind, name, repository: inputs.repository }), outputs: {} };
  },

  async read({ client }, id) {
    const { kind, name, repository } = permissionId.parse(id);
    // One list per repository and kind, shared by every permission on it (a missing repository lists none).
    const routes = subject(kind as SubjectKind, repository, name);
    const reply = await client.cachedRead(routes.list, permissionsReply, { params: { repository } });
    const role = reply?.permissions[name]?.role;
    if (role === undefined) return undefined;
    return { repository, role, ...(kind === "team" ? { team: name } : { user: name }) };
  },

  async update({ client }, _id, _olds, news) {
    const { kind, name } = subjectOf(news);
    const routes = subject(kind, news.repository, name);
    await client.request(routes.set, { params: routes.params, body: { role: news.role } });
    return {};
  },

  async delete({ client }, id) {
    const { kind, name, repository } = permissionId.parse(id);
    const routes = subject(kind as SubjectKind, repository, name);
    await client.unlessAbsent(routes.remove, { params: routes.params });
  },
});
