/**
 * Reads what a Quay namespace holds, with GET requests only, into a plain model the program writer
 * turns into code: an organization's settings, teams and members, robots, repositories with their
 * permissions, notifications and mirrors, and default permissions; or the token user's own robots
 * and repositories.
 */
import { z } from "zod";
import { parseReply, type QuayClient } from "../quay/client";
import { errorCode } from "../quay/errors";
import { type Route, routes } from "../quay/routes";

/** A repository and everything attached to it. */
export interface ExportedRepository {
  namespace: string;
  name: string;
  visibility: "public" | "private";
  description: string;
  state: string;
  userPermissions: { name: string; role: string }[];
  teamPermissions: { name: string; role: string }[];
  notifications: {
    event: string;
    method: string;
    config: Record<string, unknown>;
    eventConfig: Record<string, unknown>;
    title?: string;
  }[];
  mirror?: z.output<typeof mirrorReply>;
}

/** A namespace (organization or user) and what it holds. */
export interface ExportedNamespace {
  name: string;
  kind: "organization" | "user";
  email?: string;
  tagExpirationSeconds?: number;
  teams: { name: string; role: string; description: string; members: string[] }[];
  robots: { name: string; shortname: string; description: string }[];
  repositories: ExportedRepository[];
  prototypes: { role: string; delegateKind: "user" | "team"; delegate: string; activatingUser?: string }[];
}

const organizationReply = z.object({
  name: z.string(),
  email: z.string().nullish(),
  tag_expiration_s: z.number().optional(),
  teams: z
    .record(z.string(), z.object({ name: z.string(), role: z.string(), description: z.string().nullish() }))
    .optional(),
});
const membersReply = z.object({ members: z.array(z.object({ name: z.string().optional() })) });
const robotsReply = z.object({ robots: z.array(z.object({ name: z.string(), description: z.string().nullish() })) });
const repositoryListReply = z.object({
  repositories: z.array(z.object({ namespace: z.string(), name: z.string() })),
  next_page: z.string().optional(),
});
const repositoryReply = z.object({
  is_public: z.boolean(),
  description: z.string().nullish(),
  state: z.string(),
});
const permissionsReply = z.object({ permissions: z.record(z.string(), z.object({ role: z.string() })) });
const notificationsReply = z.object({
  notifications: z.array(
    z.object({
      event: z.string(),
      method: z.string(),
      config: z.record(z.string(), z.unknown()),
      event_config: z.record(z.string(), z.unknown()),
      title: z.string().nullish(),
    }),
  ),
});
const mirrorReply = z.object({
  is_enabled: z.boolean(),
  external_reference: z.string(),
  external_registry_username: z.string().nullish(),
  external_registry_config: z.record(z.string(), z.unknown()),
  sync_interval: z.number(),
  sync_start_date: z.string(),
  root_rule: z.object({ rule_value: z.array(z.string()) }),
  robot_username: z.string(),
  skopeo_timeout_interval: z.number().optional(),
});
const prototypesReply = z.object({
  prototypes: z.array(
    z.object({
      role: z.string(),
      activating_user: z.object({ name: z.string() }).nullish(),
      delegate: z.object({ name: z.string(), kind: z.enum(["user", "team"]) }),
    }),
  ),
});
const userReply = z.object({ username: z.string() });

function robotEntry(robot: z.output<typeof robotsReply>["robots"][number]): ExportedNamespace["robots"][number] {
  return {
    name: robot.name,
    shortname: robot.name.slice(robot.name.indexOf("+") + 1),
    description: robot.description ?? "",
  };
}

/** The teams Quay makes itself and a program must not declare (the creator's `owners`). */
export const automaticTeams = new Set(["owners"]);

async function get<S extends z.ZodType>(
  client: QuayClient,
  route: Route,
  schema: S,
  options: Parameters<QuayClient["request"]>[1],
): Promise<z.output<S>> {
  return parseReply(route, schema, await client.request(route, options));
}

async function listRepositories(client: QuayClient, namespace: string): Promise<{ namespace: string; name: string }[]> {
  const found: { namespace: string; name: string }[] = [];
  let nextPage: string | undefined;
  do {
    const page = await get(client, routes.listRepositories, repositoryListReply, {
      query: { namespace, next_page: nextPage },
    });
    found.push(...page.repositories.filter((repository) => repository.namespace === namespace));
    nextPage = page.next_page;
  } while (nextPage);
  return found;
}

async function readRepository(client: QuayClient, namespace: string, name: string): Promise<ExportedRepository> {
  const params = { repository: `${namespace}/${name}` };
  const [repository, users, teams, notifications, mirror] = await Promise.all([
    get(client, routes.getRepository, repositoryReply, { params, query: { includeTags: false } }),
    get(client, routes.listUserPermissions, permissionsReply, { params }),
    get(client, routes.listTeamRepositoryPermissions, permissionsReply, { params }),
    get(client, routes.listNotifications, notificationsReply, { params }),
    client.find(routes.getMirror, { params }).catch((error: unknown) => {
      // Without FEATURE_REPO_MIRROR the path is not a mirror route at all (§1.9).
      if (errorCode(error) === "QUAY_FORBIDDEN") return undefined;
      throw error;
    }),
  ]);
  return {
    namespace,
    name,
    visibility: repository.is_public ? "public" : "private",
    description: repository.description ?? "",
    state: repository.state,
    userPermissions: Object.entries(users.permissions).map(([user, permission]) => ({
      name: user,
      role: permission.role,
    })),
    teamPermissions: Object.entries(teams.permissions).map(([team, permission]) => ({
      name: team,
      role: permission.role,
    })),
    notifications: notifications.notifications.map((notification) => ({
      event: notification.event,
      method: notification.method,
      config: notification.config,
      eventConfig: notification.event_config,
      title: notification.title ?? undefined,
    })),
    mirror: mirror === undefined ? undefined : parseReply(routes.getMirror, mirrorReply, mirror),
  };
}

/** Reads an organization and everything it holds. Makes GET requests only. */
export async function readOrganization(client: QuayClient, name: string): Promise<ExportedNamespace> {
  const params = { orgname: name };
  const organization = await get(client, routes.getOrganization, organizationReply, { params });
  if (organization.teams === undefined) {
    throw new Error(`the token cannot see the teams of organization "${name}": it must belong to an admin of it`);
  }
  const teamNames = Object.keys(organization.teams).filter((team) => !automaticTeams.has(team));
  const [members, robots, repositories, prototypes] = await Promise.all([
    Promise.all(
      teamNames.map((team) =>
        get(client, routes.listTeamMembers, membersReply, {
          params: { ...params, teamname: team },
          query: { includePending: true },
        }),
      ),
    ),
    get(client, routes.listOrganizationRobots, robotsReply, { params, query: { token: false } }),
    listRepositories(client, name),
    get(client, routes.listPrototypes, prototypesReply, { params }),
  ]);
  const email = organization.email ?? "";
  return {
    name,
    kind: "organization",
    email: email.includes("@") ? email : undefined,
    tagExpirationSeconds: organization.tag_expiration_s,
    teams: teamNames.map((team, index) => ({
      name: team,
      role: organization.teams![team].role,
      description: organization.teams![team].description ?? "",
      members: members[index].members.flatMap((member) => (member.name ? [member.name] : [])).sort(),
    })),
    robots: robots.robots.map(robotEntry),
    repositories: await Promise.all(repositories.map((repository) => readRepository(client, name, repository.name))),
    prototypes: prototypes.prototypes.map((prototype) => ({
      role: prototype.role,
      delegateKind: prototype.delegate.kind,
      delegate: prototype.delegate.name,
      activatingUser: prototype.activating_user?.name,
    })),
  };
}

/** Reads the token user's own robots and repositories. Makes GET requests only. */
export async function readUserNamespace(client: QuayClient): Promise<ExportedNamespace> {
  const user = await get(client, routes.getCurrentUser, userReply, {});
  const [robots, repositories] = await Promise.all([
    get(client, routes.listUserRobots, robotsReply, { query: { token: false } }),
    listRepositories(client, user.username),
  ]);
  return {
    name: user.username,
    kind: "user",
    teams: [],
    robots: robots.robots.map(robotEntry),
    repositories: await Promise.all(
      repositories.map((repository) => readRepository(client, user.username, repository.name)),
    ),
    prototypes: [],
  };
}
