/**
 * What a robot holds that Quay deletes with it: its team memberships and repository roles. A robot is
 * replaced delete-first (Quay cannot change its description), so the grants that no resource of the stack
 * re-creates (a `Team`'s `members` list, roles given by hand) are read before the delete and given to the
 * new robot of the same name.
 */
import { z } from "zod";
import type { CrudContext } from "./_shared/define";
import { permissionRoutes } from "./repository-permission";
import { params, pathsFor } from "./robot.routes";
import { teamRoutes } from "./team.routes";

/** A robot's grants: team names and repository roles (repositories of its namespace). */
export interface RobotGrants {
  teams: string[];
  repositories: { repository: string; role: string }[];
}

const listedWithPermissions = z.object({
  robots: z.array(z.object({ name: z.string(), teams: z.array(z.object({ name: z.string() })).default([]) })),
});
const permissionsReply = z.object({
  permissions: z.array(z.object({ repository: z.object({ name: z.string() }), role: z.string() })),
});

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
  const [listed, permissions] = await Promise.all([
    organization === undefined
      ? undefined
      : client.find(paths.list, { params: params(organization), query: { token: false, permissions: true } }),
    client.find(paths.permissions, { params: params(organization, shortname) }),
  ]);
  const teams = listed === undefined ? [] : listedWithPermissions.parse(listed).robots;
  const grants = {
    teams: (teams.find((robot) => robot.name === fullName)?.teams ?? []).map((team) => team.name),
    repositories: (permissions === undefined ? [] : permissionsReply.parse(permissions).permissions).map(
      ({ repository, role }) => ({ repository: `${namespace}/${repository.name}`, role }),
    ),
  };
  const held = [
    ...grants.teams.map((team) => `team ${team}`),
    ...grants.repositories.map(({ repository, role }) => `${role} on ${repository}`),
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
  ];
  const refused: string[] = [];
  for (const { what, apply } of restoring) {
    await apply().catch((error: Error) => refused.push(`${what} (${error.message})`));
  }
  if (refused.length > 0) {
    throw new Error(
      `robot ${fullName} was replaced, but Quay refused to give it back its ${refused.join("; ")}: grant them again`,
    );
  }
}
