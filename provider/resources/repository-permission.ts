/** `RepositoryPermission`: one user's, robot's or team's role on one repository. Routes: quay-behavior.md §6. */
import { z } from "zod";
import { parseReply } from "../quay/client";
import type { PathParams } from "../quay/paths";
import { routes } from "../quay/routes";
import { defineResource } from "./_shared/define";
import {
  namespaceName,
  namespacePattern,
  repositoryReference,
  robotNamePattern,
  userOrRobotName,
} from "./_shared/names";

const permissionsReply = z.object({
  permissions: z.record(z.string(), z.object({ role: z.enum(["read", "write", "admin"]) })),
});

const permissionId = {
  format: "<user|team>/<name>/<namespace>/<repository>",
  parse: (id: string) => {
    const [kind, name, ...repositoryParts] = id.split("/");
    const repository = repositoryParts.join("/");
    const nameOk =
      kind === "team"
        ? namespacePattern.test(name ?? "")
        : namespacePattern.test(name ?? "") || robotNamePattern.test(name ?? "");
    if ((kind !== "user" && kind !== "team") || !nameOk || !repositoryReference().safeParse(repository).success) {
      throw new Error(
        `RepositoryPermission id "${id}" is not valid: expected <user|team>/<name>/<namespace>/<repository>`,
      );
    }
    return { kind, name, repository };
  },
};

function subject(inputs: { user?: string; team?: string }) {
  return inputs.team !== undefined
    ? {
        kind: "team" as const,
        name: inputs.team,
        set: routes.setTeamPermission,
        remove: routes.deleteTeamPermission,
      }
    : {
        kind: "user" as const,
        name: inputs.user!,
        set: routes.setUserPermission,
        remove: routes.deleteUserPermission,
      };
}

function params(repository: string, kind: "user" | "team", name: string): PathParams {
  return kind === "team" ? { repository, teamname: name } : { repository, username: name };
}

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
    }),
    user: userOrRobotName().optional().meta({
      description: "A user, or a robot's full name (`org+name`). Changing it replaces the permission.",
      replaceOnChange: true,
    }),
    team: namespaceName().optional().meta({
      description: "A team of the repository's organization. Changing it replaces the permission.",
      replaceOnChange: true,
    }),
    role: z.enum(["read", "write", "admin"], { error: "must be read, write or admin" }).meta({
      description: "`read` (pull), `write` (pull and push) or `admin`. Updated in place.",
    }),
  }),
  outputs: z.object({}),
  id: permissionId,
  deleteBeforeReplace: true,
  notes: [
    "Refresh reads one permission list per repository for all the permissions on it, and drops a permission removed by hand.",
    "Teams with the organization role `admin` administer every repository without any permission row.",
    "A repository mirror raises its robot to `write`; declaring that robot with `read` makes the two fight.",
  ],
  routes: [
    routes.listUserPermissions,
    routes.setUserPermission,
    routes.deleteUserPermission,
    routes.listTeamRepositoryPermissions,
    routes.setTeamPermission,
    routes.deleteTeamPermission,
  ],

  validate(inputs) {
    const given = [inputs.user, inputs.team].filter((value) => value !== undefined).length;
    return given === 1 ? [] : [{ property: "user", reason: "set exactly one of user and team" }];
  },

  async locate(_context, inputs) {
    const who = subject(inputs);
    return `${who.kind}/${who.name}/${inputs.repository}`;
  },

  async create({ client }, inputs) {
    const who = subject(inputs);
    await client.request(who.set, {
      params: params(inputs.repository, who.kind, who.name),
      body: { role: inputs.role },
    });
    return { id: `${who.kind}/${who.name}/${inputs.repository}`, outputs: {} };
  },

  async read({ client }, id) {
    const { kind, name, repository } = permissionId.parse(id);
    // One list per repository and kind, shared by every permission on it (a missing repository lists none).
    const list = kind === "team" ? routes.listTeamRepositoryPermissions : routes.listUserPermissions;
    const reply = await client.cachedFind(list, { params: { repository } });
    const role = reply === undefined ? undefined : parseReply(list, permissionsReply, reply).permissions[name]?.role;
    if (role === undefined) return undefined;
    return { repository, role, ...(kind === "team" ? { team: name } : { user: name }) };
  },

  async update({ client }, _id, _olds, news) {
    const who = subject(news);
    await client.request(who.set, { params: params(news.repository, who.kind, who.name), body: { role: news.role } });
    return {};
  },

  async delete({ client }, id) {
    const { kind, name, repository } = permissionId.parse(id);
    const who = subject(kind === "team" ? { team: name } : { user: name });
    await client.find(who.remove, { params: params(repository, kind as "user" | "team", name) });
  },
});
