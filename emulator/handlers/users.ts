/**
 * Users: the caller's own view (`endpoints/api/user.py`), public user information, user management by
 * superusers (`endpoints/api/superuser.py`) and entity search (`endpoints/api/search.py`).
 * docs/quay-behavior.md §14, §V.11, §V.12, §23, §24.
 */
import { randomBytes } from "node:crypto";
import { defineRoutes } from "../../provider/quay/routes";
import { type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { hasScope, isSuperuser, organizationRole, requireCaller, unauthorized } from "../permissions";
import { avatar, type OrganizationRecord, type UserRecord } from "../records";
import { apiError, messageError } from "../replies";

/** Werkzeug's 404, which `GET /users/{missing}` answers (§V.12). */
const werkzeugNotFound =
  "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";

/** The user's own view; organizations only with `user:read`, the private fields only with `user:admin`. */
function userView(context: RequestContext, user: UserRecord) {
  const view: Record<string, unknown> = {
    anonymous: false,
    username: user.username,
    avatar: avatar(user.username, "user"),
  };
  const admin = hasScope(context, "user:admin");
  if (admin) {
    Object.assign(view, {
      can_create_repo: true,
      is_me: true,
      verified: true,
      email: user.email,
      logins: [],
      invoice_email: false,
      invoice_email_address: null,
      preferred_namespace: false,
      tag_expiration_s: 1_209_600,
      prompts: [],
      company: null,
      family_name: null,
      given_name: null,
      location: null,
      is_free_account: true,
      has_password_set: true,
    });
  }
  const organizations = [...context.state.organizations.values()].filter((organization) =>
    context.state.isMember(organization, user.username),
  );
  view.organizations = organizations.map((organization) => organizationEntry(context, organization, admin));
  if (isSuperuser(context)) view.super_user = true;
  return view;
}

function organizationEntry(context: RequestContext, organization: OrganizationRecord, admin: boolean) {
  const role = organizationRole(context, organization);
  const entry: Record<string, unknown> = {
    name: organization.name,
    avatar: avatar(organization.name, "org"),
    can_create_repo: role === "creator" || role === "admin",
    public: false,
  };
  if (admin) Object.assign(entry, { is_org_admin: role === "admin", preferred_namespace: false });
  return entry;
}

/** GET /user/ needs `user:read` (§V.11). */
const getCurrentUser: Handler = (context) => {
  if (!context.caller || !(hasScope(context, "user:read") || hasScope(context, "user:admin"))) {
    throw apiError(401, "Requires authentication", context.host);
  }
  return { status: 200, body: userView(context, context.caller.user) };
};

const getUser: Handler = (context) => {
  const user = context.state.users.get(context.params.username);
  if (!user) throw messageError(404, werkzeugNotFound);
  return {
    status: 200,
    body: {
      anonymous: false,
      username: user.username,
      avatar: avatar(user.username, "user"),
      super_user: user.superuser,
    },
  };
};

/** The user view of the superuser API. */
function managedUserView(user: UserRecord) {
  return {
    kind: "user",
    name: user.username,
    username: user.username,
    email: user.email,
    verified: true,
    avatar: avatar(user.username, "user"),
    super_user: user.superuser,
    global_readonly_super_user: false,
    enabled: user.enabled,
  };
}

/** Superusers only (`super:user` and listed in SUPER_USERS). */
function requireSuperuser(context: RequestContext): void {
  requireCaller(context);
  if (!isSuperuser(context)) throw unauthorized(context);
}

/** A non-robot user by `params.username`, or 404. */
function managedUser(context: RequestContext): UserRecord {
  const user = context.state.users.get(context.params.username);
  if (!user) throw apiError(404, "Not Found", context.host);
  return user;
}

/** POST /superuser/users/ — database auth only (checked first); answers the generated password once (§24). */
const createUser: Handler = (context) => {
  if (context.authentication !== "Database") {
    throw apiError(400, "Cannot create a user in a non-database auth system", context.host);
  }
  requireSuperuser(context);
  const body = validatedBody(context, {
    required: ["username"],
    properties: { username: { type: "string" }, email: { type: "string" } },
  });
  const username = body.username as string;
  const taken = context.state.nameTaken(username);
  if (taken === "deleted") throw messageError(400, "Username is not available");
  if (taken && context.state.organizations.has(username)) {
    throw messageError(400, `Username has already been taken by an organization and cannot be reused: ${username}`);
  }
  if (taken) throw messageError(400, `Username has already been taken by user cannot be reused: ${username}`);
  const user = context.state.addUser(username, { email: body.email as string | undefined });
  return {
    status: 200,
    body: {
      username,
      email: user.email,
      password: randomBytes(24).toString("base64url").slice(0, 32).toUpperCase(),
      encrypted_password: randomBytes(32).toString("base64url"),
    },
  };
};

const listUsers: Handler = (context) => {
  requireSuperuser(context);
  const includeDisabled = context.query.get("disabled") !== "false";
  const users = [...context.state.users.values()].filter((user) => includeDisabled || user.enabled);
  return { status: 200, body: { users: users.map(managedUserView) } };
};

const getManagedUser: Handler = (context) => {
  requireSuperuser(context);
  return { status: 200, body: managedUserView(managedUser(context)) };
};

const updateManagedUser: Handler = (context) => {
  requireSuperuser(context);
  const user = managedUser(context);
  if (user.superuser) throw apiError(400, "Cannot update a superuser", context.host);
  const body = validatedBody(context, {
    type: "object",
    properties: { password: { type: "string" }, email: { type: "string" }, enabled: { type: "boolean" } },
  });
  // The reply is built from the user as it was, with the new e-mail: `enabled` shows the old value (§24).
  const view: Record<string, unknown> = managedUserView(user);
  const database = context.authentication === "Database";
  if (typeof body.password === "string") {
    if (!database) throw apiError(400, "Cannot change password in non-database auth", context.host);
    if (!/^\S{8,}$/.test(body.password)) {
      throw messageError(400, "Invalid password, password must be at least 8 characters and contain no whitespace.");
    }
    view.encrypted_password = randomBytes(32).toString("base64url");
  }
  if (typeof body.email === "string") {
    if (!database) throw apiError(400, "Cannot change e-mail in non-database auth", context.host);
    const used = [...context.state.users.values()].some((other) => other !== user && other.email === body.email);
    if (used) throw messageError(400, "E-mail address already used");
    user.email = body.email;
    view.email = body.email;
  }
  if ("enabled" in body) user.enabled = body.enabled as boolean;
  return { status: 200, body: view };
};

/** Deleting a user is asynchronous like an organization's: the name stays taken until purged (§14). */
const deleteManagedUser: Handler = (context) => {
  requireSuperuser(context);
  const user = managedUser(context);
  if (user.superuser) throw apiError(400, "Cannot delete a superuser", context.host);
  context.state.deleteUser(user.username);
  return { status: 204 };
};

/** GET /entities/{prefix} — users, robots of the namespace, and with the flags its teams and itself (§23). */
const getEntities: Handler = (context) => {
  const prefix = context.params.prefix.replace(/ /g, "").toLowerCase();
  const namespace = context.query.get("namespace") ?? "";
  const organization = context.state.organizations.get(namespace);
  const role = organization ? organizationRole(context, organization) : undefined;
  const results: Record<string, unknown>[] = [];
  if (organization && role) {
    if (context.query.get("includeTeams") === "true") {
      for (const team of organization.teams.values()) {
        if (team.name.startsWith(prefix)) {
          results.push({ name: team.name, kind: "team", is_org_member: true, avatar: avatar(team.name, "team") });
        }
      }
    }
    if (context.query.get("includeOrgs") === "true" && namespace.startsWith(prefix)) {
      results.push({ name: namespace, kind: "org", is_org_member: true, avatar: avatar(namespace, "org") });
    }
  }
  for (const user of context.state.users.values()) {
    if (user.username !== prefix) continue;
    const entry: Record<string, unknown> = {
      name: user.username,
      kind: "user",
      is_robot: false,
      avatar: avatar(user.username, "user"),
    };
    if (organization) entry.is_org_member = context.state.isMember(organization, user.username);
    results.push(entry);
  }
  const robotNamespace =
    organization && role ? namespace : context.caller?.user.username === namespace ? namespace : "";
  for (const robot of context.state.robots.values()) {
    if (robot.namespace !== robotNamespace || !(robot.name.startsWith(prefix) || robot.shortname.startsWith(prefix))) {
      continue;
    }
    const entry: Record<string, unknown> = {
      name: robot.name,
      kind: "user",
      is_robot: true,
      avatar: avatar(robot.name, "robot"),
    };
    if (organization) entry.is_org_member = true;
    results.push(entry);
  }
  return { status: 200, body: { results } };
};

/** User routes: the caller, public user information, superuser user management, entity search. */
export const family: HandlerFamily = {
  routes: defineRoutes({
    /** GET /superuser/users/ — every user (`disabled=false` leaves disabled ones out). */
    listUsers: { method: "GET", path: "/superuser/users/", ok: [200], scope: "super:user" },
    /** GET /entities/{prefix} — how clients resolve users, robots and teams by name. */
    getEntities: { method: "GET", path: "/entities/{prefix}", ok: [200], scope: "user:read" },
  }),
  handlers: {
    getCurrentUser,
    getUser,
    createUser,
    listUsers,
    getManagedUser,
    updateManagedUser,
    deleteManagedUser,
    getEntities,
  },
};
