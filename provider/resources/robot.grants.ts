/**
 * What a robot holds that Quay deletes with it: its team memberships, repository roles and the default
 * permissions that delegate to it. A robot is replaced delete-first (Quay cannot change its description),
 * so the grants that no resource of the stack re-creates (a `Team`'s `members` list, roles given by hand)
 * are read before the delete and given to the new robot of the same name. A default permission comes back
 * under a new id; its `DefaultPermission` resource, if any, follows it (see `default-permission.ts`).
 */
import { z } from "zod";
import { isQuayError, QuayOperationError } from "../quay/errors";
import type { CrudContext } from "./_shared/define";
import { listPrototypes, type Prototype, prototypeRoutes } from "./default-permission";
import { organizationMirrorRoutes } from "./organization-mirror.routes";
import { permissionRoutes } from "./repository-permission";
import { params, pathsFor } from "./robot.routes";
import { teamRoutes } from "./team.routes";

/**
 * What a replaced robot keeps, by each kind whose inputs name a robot. A catalog test holds every such kind
 * to it.
 */
export const robotGrantsKept = {
  Team: "its memberships, given back",
  TeamMember: "its memberships, given back",
  RepositoryPermission: "its repository roles, given back",
  DefaultPermission: "its default permissions, given back under new ids",
  RepositoryMirror: "the mirror: Quay refuses to delete a robot a repository mirror names",
  OrganizationMirror: "the mirror: the delete is refused while the organization's mirror pulls with it",
} as const;

/** A robot's grants: team names, repository roles (repositories of its namespace), default permissions. */
export interface RobotGrants {
  teams: string[];
  repositories: { repository: string; role: string }[];
  defaultPermissions: Pick<Prototype, "role" | "activating_user">[];
}

const listedWithPermissions = z.object({
  robots: z.array(z.object({ name: z.string(), teams: z.array(z.object({ name: z.string() })).default([]) })),
});
const permissionsReply = z.object({
  permissions: z.array(z.object({ repository: z.object({ name: z.string() }), role: z.string() })),
});

/**
 * Refuses, deleting nothing, to delete robot `fullName` while its organization's mirror pulls with it:
 * Quay would delete the mirror configuration with the robot, silently, and the password it holds with it.
 * (A repository mirror makes Quay itself refuse the delete.)
 */
export async function refuseWhileOrganizationMirrorPulls(
  context: CrudContext,
  organization: string | undefined,
  fullName: string,
): Promise<void> {
  if (organization === undefined) return;
  const mirror = (await context.client
    .find(organizationMirrorRoutes.getOrganizationMirror, { params: { orgname: organization } })
    // A Quay without organization mirrors, or a token that cannot see the mirror, leaves nothing to protect
    // here; any other failure (a timeout, a 5xx) stops the delete, since the mirror may be there.
    .catch((error: unknown) => {
      if (isQuayError(error, "QUAY_NOT_FOUND", "QUAY_FORBIDDEN")) return undefined;
      throw error;
    })) as { robot_username?: string | null } | undefined;
  if (mirror?.robot_username !== fullName) return;
  throw new QuayOperationError(
    "QUAY_REFUSED",
    `the mirror of organization ${organization} pulls with robot ${fullName}, and Quay deletes that mirror with ` +
      "the robot; nothing was deleted. Point the mirror at another robot (`robot` of its OrganizationMirror) or " +
      "delete the mirror first (declared in this stack, make it depend on the robot so Pulumi deletes it first).",
  );
}

/**
 * The grants of robot `fullName` (`<namespace>+<name>`) as Quay has them now (none when the robot is
 * gone), logged so that a run that stops before the new robot exists still tells the user what to grant.
 */
export async function readGrants(
  context: CrudContext,
  organization: string | undefined,
  fullName: string,
): Promise<RobotGrants> {
  const { client } = context;
  const [namespace, shortname] = fullName.split("+");
  const paths = pathsFor(organization);
  const [listed, permissions, prototypes] = await Promise.all([
    organization === undefined
      ? undefined
      : client.find(paths.list, { params: params(organization), query: { token: false, permissions: true } }),
    client.find(paths.permissions, { params: params(organization, shortname) }),
    organization === undefined ? undefined : listPrototypes(client, organization),
  ]);
  const teams = listed === undefined ? [] : listedWithPermissions.parse(listed).robots;
  const grants = {
    teams: (teams.find((robot) => robot.name === fullName)?.teams ?? []).map((team) => team.name),
    repositories: (permissions === undefined ? [] : permissionsReply.parse(permissions).permissions).map(
      ({ repository, role }) => ({ repository: `${namespace}/${repository.name}`, role }),
    ),
    defaultPermissions: (prototypes ?? [])
      .filter(({ delegate }) => delegate.kind === "user" && delegate.name === fullName)
      .map(({ role, activating_user }) => ({ role, activating_user })),
  };
  const held = [
    ...grants.teams.map((team) => `team ${team}`),
    ...grants.repositories.map(({ repository, role }) => `${role} on ${repository}`),
    ...grants.defaultPermissions.map(
      ({ role, activating_user }) =>
        `default ${role} on new repositories${activating_user ? ` created by ${activating_user.name}` : ""}`,
    ),
  ];
  if (held.length > 0) {
    context.log(
      `robot ${fullName} is replaced: Quay deletes its grants with it, given back to the new robot: ${held.join(", ")}`,
    );
  }
  return grants;
}

/**
 * Gives robot `fullName` the grants its predecessor had. Tries every one, then fails naming those Quay
 * refused, so the user knows exactly what to give back.
 */
export async function restoreGrants(
  context: CrudContext,
  organization: string | undefined,
  fullName: string,
  grants: RobotGrants,
): Promise<void> {
  const restoring = [
    ...grants.teams.map((team) => ({
      what: `membership of team ${team}`,
      apply: () =>
        context.client.request(teamRoutes.addTeamMember, {
          params: { orgname: organization ?? "", teamname: team, membername: fullName },
        }),
    })),
    ...grants.repositories.map(({ repository, role }) => ({
      what: `${role} role on ${repository}`,
      apply: () =>
        context.client.request(permissionRoutes.setUserPermission, {
          params: { repository, username: fullName },
          body: { role },
        }),
    })),
    ...grants.defaultPermissions.map(({ role, activating_user }) => ({
      what: `default ${role} role on new repositories`,
      apply: () =>
        context.client.request(prototypeRoutes.createPrototype, {
          params: { orgname: organization ?? "" },
          body: {
            role,
            delegate: { kind: "user", name: fullName },
            ...(activating_user ? { activating_user: { name: activating_user.name } } : {}),
          },
        }),
    })),
  ];
  const refused: string[] = [];
  for (const { what, apply } of restoring) {
    await apply().catch((error: Error) => refused.push(`${what} (${error.message})`));
  }
  if (refused.length > 0) {
    throw new QuayOperationError(
      "QUAY_INCOMPLETE",
      `robot ${fullName} was replaced, but Quay refused to give it back its ${refused.join("; ")}: grant them again`,
    );
  }
}
