/**
 * Users: the caller's own view (`endpoints/api/user.py`), public user information and user management by
 * superusers (`endpoints/api/superuser.py`). docs/quay-behavior.md §14, §V.11, §V.12, §V.18, §24.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { hasScope, isSuperuser, organizationRole, requireCaller, unauthorized } from "../permissions";
import { quotaFields } from "../quota-records";
import { avatar, type OrganizationRecord, type UserRecord } from "../records";
import { apiError, messageError } from "../replies";
import { namespaceNameError } from "./organizations";

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
      // `get_default_user_prompts`: what a user made with FEATURE_USER_METADATA is asked for.
      prompts: context.features.userMetadata ? ["enter_name", "enter_company"] : [],
      company: null,
      family_name: null,
      given_name: null,
      location: null,
      is_free_account: true,
      has_password_set: true,
    });
    // Users have no quota in the emulator; the report still shows with quota management (§V.18).
    if (context.features.quotaManagement) Object.assign(view, quotaFields(undefined));
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

/** The user view of the superuser API, with the quota fields when quota management is on (§V.18). */
function managedUserView(context: RequestContext, user: UserRecord) {
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
    ...(context.features.quotaManagement ? quotaFields(undefined) : {}),
  };
}

/** `create_user_noverify`'s checks of a new user's name, in its order; undefined when the name may be used. */
export function newUserNameError(context: RequestContext, username: string): string | undefined {
  const invalid = namespaceNameError(username);
  if (invalid) return invalid;
  const taken = context.state.nameTaken(username);
  if (taken === "live" && context.state.organizations.has(username)) {
    return `Username has already been taken by an organization and cannot be reused: ${username}`;
  }
  if (taken === "live") return `Username has already been taken by user cannot be reused: ${username}`;
  if (taken === "deleted") return "Username is not available";
  return undefined;
}

/** The password Quay generates for a user a superuser makes: 32 characters of [A-Z0-9]. */
function generatedPassword(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return Array.from({ length: 32 }, () => alphabet[randomInt(alphabet.length)]).join("");
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

/**
 * POST /superuser/users/ — the body is checked first, then that authentication is by database; answers the generated password once, with
 * which the user can sign in. With mailing off a missing e-mail is stored as a placeholder UUID, and the
 * answer shows the e-mail as sent: `null` (§24, §V.18).
 */
const createUser: Handler = (context) => {
  const body = validatedBody(context, {
    required: ["username"],
    properties: { username: { type: "string" }, email: { type: "string" } },
  });
  if (context.authentication !== "Database") {
    throw apiError(400, "Cannot create a user in a non-database auth system", context.host);
  }
  requireSuperuser(context);
  const username = body.username as string;
  const invalid = newUserNameError(context, username);
  if (invalid) throw messageError(400, invalid);
  const email = (body.email as string | undefined) ?? null;
  const password = generatedPassword();
  context.state.addUser(username, { email: email ?? randomUUID(), password });
  return {
    status: 200,
    body: { username, email, password, encrypted_password: randomBytes(32).toString("base64url") },
  };
};

const listUsers: Handler = (context) => {
  requireSuperuser(context);
  const includeDisabled = context.query.get("disabled") !== "false";
  const users = [...context.state.users.values()].filter((user) => includeDisabled || user.enabled);
  return { status: 200, body: { users: users.map((user) => managedUserView(context, user)) } };
};

const getManagedUser: Handler = (context) => {
  requireSuperuser(context);
  return { status: 200, body: managedUserView(context, managedUser(context)) };
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
  const view: Record<string, unknown> = managedUserView(context, user);
  const database = context.authentication === "Database";
  if (typeof body.password === "string") {
    if (!database) throw apiError(400, "Cannot change password in non-database auth", context.host);
    if (!/^\S{8,}$/.test(body.password)) {
      throw messageError(400, "Invalid password, password must be at least 8 characters and contain no whitespace.");
    }
    user.password = body.password;
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

/** User routes: the caller, public user information, superuser user management. */
export const family: HandlerFamily = {
  routes: {
    getCurrentUser: "GET /user/",
    getUser: "GET /users/{username}",
    createUser: "POST /superuser/users/",
    /** Every user (`disabled=false` leaves disabled ones out). */
    listUsers: "GET /superuser/users/",
    getManagedUser: "GET /superuser/users/{username}",
    updateManagedUser: "PUT /superuser/users/{username}",
    deleteManagedUser: "DELETE /superuser/users/{username}",
  },
  handlers: {
    getCurrentUser,
    getUser,
    createUser,
    listUsers,
    getManagedUser,
    updateManagedUser,
    deleteManagedUser,
  },
};
