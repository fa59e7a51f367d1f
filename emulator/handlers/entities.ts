/**
 * Entity search, `GET /entities/{prefix}` (`endpoints/api/search.py:EntitySearch`): how clients resolve
 * users, robots and teams by name (docs/quay-behavior.md §23, §V.18). Users match by prefix (with
 * FEATURE_PARTIAL_USER_AUTOCOMPLETE, Quay's default; else only by their exact name), also for anonymous
 * callers; robots match by their short name's prefix in a namespace the caller belongs to; teams and the
 * organization itself only when asked for.
 */
import { type Handler, type HandlerFamily, queryFlag, type RequestContext } from "../context";
import { hasScope, organizationRole } from "../permissions";
import { avatar, type OrganizationRecord, type RobotRecord, type UserRecord } from "../records";

/** How many users and robots `get_matching_users` returns. */
const matchLimit = 10;

/** A user or robot whose name matches, as `user_view` shows it. */
function userEntry(context: RequestContext, user: UserRecord, organization: OrganizationRecord | undefined) {
  const entry: Record<string, unknown> = {
    name: user.username,
    kind: "user",
    is_robot: false,
    avatar: avatar(user.username, "user"),
  };
  if (organization) entry.is_org_member = context.state.isMember(organization, user.username);
  return entry;
}

function robotEntry(robot: RobotRecord, organization: OrganizationRecord | undefined) {
  const entry: Record<string, unknown> = {
    name: robot.name,
    kind: "user",
    is_robot: true,
    avatar: avatar(robot.name, "robot"),
  };
  if (organization) entry.is_org_member = true;
  return entry;
}

/**
 * `get_matching_users`: users whose name starts with the prefix (or is it, without partial matching) and
 * robots of `robotNamespace` whose name starts with `namespace+prefix`; the exact user first, robots
 * before users when an organization is searched, at most ten.
 */
function matchingUsers(
  context: RequestContext,
  prefix: string,
  robotNamespace: string | undefined,
  organization: OrganizationRecord | undefined,
) {
  const partial = context.features.partialUserAutocomplete;
  const users = [...context.state.users.values()].filter((user) =>
    partial ? user.username.startsWith(prefix) : user.username === prefix,
  );
  const robots = robotNamespace
    ? [...context.state.robots.values()].filter((robot) => robot.name.startsWith(`${robotNamespace}+${prefix}`))
    : [];
  const exact = users.filter((user) => user.username === prefix);
  const others = users.filter((user) => user.username !== prefix);
  const userEntries = (list: UserRecord[]) => list.map((user) => userEntry(context, user, organization));
  const robotEntries = robots.map((robot) => robotEntry(robot, organization));
  const rest = organization ? [...robotEntries, ...userEntries(others)] : [...userEntries(others), ...robotEntries];
  return [...userEntries(exact), ...rest].slice(0, matchLimit);
}

const getEntities: Handler = (context) => {
  const prefix = context.params.prefix.replace(/ /g, "").toLowerCase();
  const namespace = context.query.get("namespace") ?? "";
  const organization = context.state.organizations.get(namespace);
  let robotNamespace: string | undefined;
  const teams: Record<string, unknown>[] = [];
  const organizations: Record<string, unknown>[] = [];
  if (organization && organizationRole(context, organization)) {
    robotNamespace = namespace;
    if (queryFlag(context, "includeTeams")) {
      for (const team of [...organization.teams.values()].filter((candidate) => candidate.name.startsWith(prefix))) {
        teams.push({ name: team.name, kind: "team", is_org_member: true, avatar: avatar(team.name, "team") });
      }
    }
    if (queryFlag(context, "includeOrgs") && namespace.startsWith(prefix)) {
      organizations.push({ name: namespace, kind: "org", is_org_member: true, avatar: avatar(namespace, "org") });
    }
  } else if (!organization && context.caller?.user.username === namespace && hasScope(context, "user:admin")) {
    robotNamespace = namespace;
  }
  const users = matchingUsers(context, prefix, robotNamespace, organization);
  return { status: 200, body: { results: [...teams.slice(0, matchLimit), ...users, ...organizations] } };
};

/** The entity search route; it needs no token. */
export const family: HandlerFamily = {
  routes: { getEntities: "GET /entities/{prefix}" },
  handlers: { getEntities },
};
