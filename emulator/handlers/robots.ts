/** Robot accounts of organizations and users: `endpoints/api/robot.py` (docs/quay-behavior.md §10, §21). */
import { type Handler, type HandlerFamily, optionalBody, type RequestContext, validatedBody } from "../context";
import { organizationMirrorOf } from "../organization-modes";
import {
  administers,
  hasScope,
  organizationRole,
  requireCaller,
  requireOrganizationAdmin,
  unauthorized,
} from "../permissions";
import { avatar, newToken, type RobotRecord } from "../records";
import { apiError, messageError } from "../replies";
import { mirrorsNaming } from "./mirrors";

const namePattern = /^([a-z0-9]+(?:[._-][a-z0-9]+)*)$/;

/** Quay's `format_date`: RFC 2822 with a `-0000` zone (§1.7). */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace("GMT", "-0000");
}

/** Which namespace a robot route works in. */
type Scope = "organization" | "user";

/** The namespace of a robot route, which the caller must administer (400 for an organization that does not exist). */
function namespaceFor(context: RequestContext, scope: Scope): string {
  const caller = requireCaller(context);
  if (scope === "user") {
    if (!hasScope(context, "user:admin")) throw unauthorized(context);
    return caller.user.username;
  }
  const organization = context.state.organizations.get(context.params.orgname);
  requireOrganizationAdmin(context, organization);
  if (!organization) throw messageError(400, `Organization does not exist: ${context.params.orgname}`);
  return organization.name;
}

/**
 * The namespace of a federation route: Quay looks the robot up by its full name without looking the
 * organization up, so one that does not exist has no such robot (§V.18).
 */
function federationNamespace(context: RequestContext, scope: Scope): string {
  if (scope === "user") return namespaceFor(context, scope);
  requireOrganizationAdmin(context, context.state.organizations.get(context.params.orgname));
  return context.params.orgname;
}

function robotView(robot: RobotRecord, options: { token: boolean; metadata: boolean }) {
  const view: Record<string, unknown> = {
    name: robot.name,
    created: rfc2822(robot.created),
    last_accessed: null,
    description: robot.description,
  };
  if (options.token) view.token = robot.token;
  if (options.metadata) view.unstructured_metadata = robot.metadata;
  return view;
}

function findRobot(context: RequestContext, namespace: string): RobotRecord {
  const robot = context.state.robots.get(`${namespace}+${context.params.robot_shortname}`);
  if (!robot) throw messageError(400, "Could not find robot with specified username");
  return robot;
}

function robotPermissions(context: RequestContext, robot: RobotRecord) {
  return [...context.state.repositories.values()]
    .filter((repository) => repository.userRoles.has(robot.name))
    .map((repository) => ({
      repository: { name: repository.name, is_public: repository.isPublic },
      role: repository.userRoles.get(robot.name),
    }));
}

function list(scope: Scope): Handler {
  return (context) => {
    const caller = requireCaller(context);
    let namespace = caller.user.username;
    let isAdmin = true;
    if (scope === "user") {
      namespaceFor(context, scope);
    } else {
      const organization = context.state.organizations.get(context.params.orgname);
      // The list needs membership (capped by scopes); tokens and permissions are for admins only (§10).
      if (!organization || organizationRole(context, organization) === undefined) throw unauthorized(context);
      isAdmin = administers(context, organization);
      namespace = organization.name;
    }
    const withToken = context.query.get("token") !== "false" && isAdmin;
    const withPermissions = context.query.get("permissions") === "true" && isAdmin;
    const limit = Number(context.query.get("limit") ?? Number.POSITIVE_INFINITY);
    const organization = context.state.organizations.get(namespace);
    const robots = [...context.state.robots.values()]
      .filter((robot) => robot.namespace === namespace)
      .slice(0, Number.isFinite(limit) && limit > 0 ? limit : undefined)
      .map((robot) => {
        const view = robotView(robot, { token: withToken, metadata: false });
        if (withPermissions) {
          view.teams = organization
            ? context.state
                .teamsOf(organization, robot.name)
                .map((team) => ({ name: team.name, avatar: avatar(team.name, "team") }))
            : [];
          view.repositories = robotPermissions(context, robot).map((permission) => permission.repository.name);
        }
        return view;
      });
    return { status: 200, body: { robots } };
  };
}

function create(scope: Scope): Handler {
  return (context) => {
    const namespace = namespaceFor(context, scope);
    const body = optionalBody(context, {
      type: "object",
      properties: { description: { type: "string", maxLength: 255 }, unstructured_metadata: { type: "object" } },
    });
    const shortname = context.params.robot_shortname;
    if (!namePattern.test(shortname) || shortname.length < 2 || shortname.length > 255) {
      throw apiError(
        400,
        `The name for the robot '${shortname}' is invalid: Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$`,
        context.host,
      );
    }
    // PUT only creates: Quay has no way to update a robot (§0.12).
    if (context.state.robots.has(`${namespace}+${shortname}`)) {
      throw apiError(400, `Existing robot with name: ${namespace}+${shortname}`, context.host);
    }
    const metadata = (body.unstructured_metadata as Record<string, unknown> | undefined) ?? null;
    const robot = context.state.createRobot(namespace, shortname, (body.description as string) ?? "", metadata ?? {});
    // The create response echoes the metadata as sent (null when omitted); later reads show {} (§10).
    return {
      status: 201,
      body: { ...robotView(robot, { token: true, metadata: false }), unstructured_metadata: metadata },
    };
  };
}

function get(scope: Scope): Handler {
  return (context) => {
    const robot = findRobot(context, namespaceFor(context, scope));
    return { status: 200, body: robotView(robot, { token: true, metadata: true }) };
  };
}

function remove(scope: Scope): Handler {
  return (context) => {
    const robot = findRobot(context, namespaceFor(context, scope));
    // Deleted repositories keep their mirror configuration until the repository GC purges them (§V.5).
    if (mirrorsNaming(context.state, robot.name)) {
      throw apiError(400, "Robot is being used by a mirror", context.host);
    }
    context.state.robots.delete(robot.name);
    for (const repository of context.state.repositories.values()) repository.userRoles.delete(robot.name);
    for (const organization of context.state.organizations.values()) {
      for (const team of organization.teams.values()) team.members.delete(robot.name);
      // Quay deletes with the robot the default permissions that delegate to it, and the organization mirror
      // that pulls with it (verified on a running Quay; only a repository mirror blocks the delete).
      organization.prototypes = organization.prototypes.filter(
        (prototype) => !(prototype.delegate.kind === "user" && prototype.delegate.name === robot.name),
      );
      const mirror = organizationMirrorOf(context.state, organization);
      if (mirror.current?.robot === robot.name) mirror.current = undefined;
    }
    return { status: 204 };
  };
}

/** A new token; the reply leaves out the metadata (§V.12). */
function regenerate(scope: Scope): Handler {
  return (context) => {
    const robot = findRobot(context, namespaceFor(context, scope));
    robot.token = newToken(64);
    return { status: 200, body: robotView(robot, { token: true, metadata: false }) };
  };
}

function permissions(scope: Scope): Handler {
  return (context) => {
    const robot = findRobot(context, namespaceFor(context, scope));
    return { status: 200, body: { permissions: robotPermissions(context, robot) } };
  };
}

/** A robot's federation: the OIDC issuer and subject pairs whose tokens may act as it (3.13+, users' robots 3.17.2+, §21). */
function federationOf(context: RequestContext, robot: RobotRecord): { entries: { issuer: string; subject: string }[] } {
  return context.state.attached(robot, "federation", () => ({ entries: [] as { issuer: string; subject: string }[] }));
}

function getFederation(scope: Scope): Handler {
  return (context) => {
    const robot = findRobot(context, federationNamespace(context, scope));
    return { status: 200, body: federationOf(context, robot).entries };
  };
}

function setFederation(scope: Scope): Handler {
  return (context) => {
    const robot = findRobot(context, federationNamespace(context, scope));
    const body = validatedBody(context, {
      type: "array",
      items: {
        type: "object",
        properties: { issuer: { type: "string" }, subject: { type: "string" } },
        required: ["issuer", "subject"],
      },
    }) as unknown as { issuer?: string; subject?: string }[];
    const seen = new Set<string>();
    const entries = body.map((item) => {
      if (!item?.issuer || !item.subject) {
        throw apiError(400, "Missing one or more required fields (issuer, subject)", context.host);
      }
      if (!/^https?:\/\//.test(item.issuer)) {
        throw apiError(400, "Issuer must be a URL (http:// or https://)", context.host);
      }
      const key = `${item.issuer} ${item.subject}`;
      if (seen.has(key)) throw apiError(400, "Duplicate federation config entry", context.host);
      seen.add(key);
      return { issuer: item.issuer, subject: item.subject };
    });
    federationOf(context, robot).entries = entries;
    return { status: 200, body: entries };
  };
}

function deleteFederation(scope: Scope): Handler {
  return (context) => {
    const robot = findRobot(context, federationNamespace(context, scope));
    federationOf(context, robot).entries = [];
    return { status: 204 };
  };
}

/** Robot routes of organizations and users; single reads are served for other clients. */
export const family: HandlerFamily = {
  routes: {
    listOrganizationRobots: "GET /organization/{orgname}/robots",
    createOrganizationRobot: "PUT /organization/{orgname}/robots/{robot_shortname}",
    /** 400 `{"message"}` when missing. */
    getOrganizationRobot: "GET /organization/{orgname}/robots/{robot_shortname}",
    deleteOrganizationRobot: "DELETE /organization/{orgname}/robots/{robot_shortname}",
    regenerateOrganizationRobotToken: "POST /organization/{orgname}/robots/{robot_shortname}/regenerate",
    listOrganizationRobotPermissions: "GET /organization/{orgname}/robots/{robot_shortname}/permissions",
    getOrganizationRobotFederation: "GET /organization/{orgname}/robots/{robot_shortname}/federation",
    setOrganizationRobotFederation: "POST /organization/{orgname}/robots/{robot_shortname}/federation",
    deleteOrganizationRobotFederation: "DELETE /organization/{orgname}/robots/{robot_shortname}/federation",
    listUserRobots: "GET /user/robots",
    createUserRobot: "PUT /user/robots/{robot_shortname}",
    /** 400 `{"message"}` when missing. */
    getUserRobot: "GET /user/robots/{robot_shortname}",
    deleteUserRobot: "DELETE /user/robots/{robot_shortname}",
    regenerateUserRobotToken: "POST /user/robots/{robot_shortname}/regenerate",
    listUserRobotPermissions: "GET /user/robots/{robot_shortname}/permissions",
    getUserRobotFederation: "GET /user/robots/{robot_shortname}/federation",
    setUserRobotFederation: "POST /user/robots/{robot_shortname}/federation",
    deleteUserRobotFederation: "DELETE /user/robots/{robot_shortname}/federation",
  },
  handlers: {
    listOrganizationRobots: list("organization"),
    createOrganizationRobot: create("organization"),
    getOrganizationRobot: get("organization"),
    deleteOrganizationRobot: remove("organization"),
    regenerateOrganizationRobotToken: regenerate("organization"),
    listOrganizationRobotPermissions: permissions("organization"),
    getOrganizationRobotFederation: getFederation("organization"),
    setOrganizationRobotFederation: setFederation("organization"),
    deleteOrganizationRobotFederation: deleteFederation("organization"),
    listUserRobots: list("user"),
    createUserRobot: create("user"),
    getUserRobot: get("user"),
    deleteUserRobot: remove("user"),
    regenerateUserRobotToken: regenerate("user"),
    listUserRobotPermissions: permissions("user"),
    getUserRobotFederation: getFederation("user"),
    setUserRobotFederation: setFederation("user"),
    deleteUserRobotFederation: deleteFederation("user"),
  },
  versionGates: {
    getOrganizationRobotFederation: "3.13",
    setOrganizationRobotFederation: "3.13",
    deleteOrganizationRobotFederation: "3.13",
    getUserRobotFederation: "3.17",
    setUserRobotFederation: "3.17",
    deleteUserRobotFederation: "3.17",
  },
};
