/** The caller's own account: `endpoints/api/user.py` (docs/quay-behavior.md §14). */

import { randomBytes } from "node:crypto";
import { defineRoutes } from "../../provider/quay/routes";
import type { HandlerFamily } from "../context";
import { avatar, type Handler, objectBody, requireCaller, unauthorized, validateFields } from "../context";
import { apiError } from "../replies";

const getCurrentUser: Handler = (context) => {
  const caller = requireCaller(context);
  const user = caller.user;
  return {
    status: 200,
    body: {
      anonymous: false,
      username: user.username,
      email: user.email,
      verified: true,
      super_user: user.superuser,
      organizations: [...context.state.organizations.values()]
        .filter((organization) => context.state.isMember(organization, user.username))
        .map((organization) => ({
          name: organization.name,
          is_org_admin: context.state.isAdmin(organization, user.username),
        })),
    },
  };
};

const getUser: Handler = (context) => {
  const user = context.state.users.get(context.params.username);
  if (!user) throw apiError(404, "Not Found", context.host);
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

/** Superusers only (`super:user` scope and listed in SUPER_USERS); database auth (§14). */
const createUser: Handler = (context) => {
  const caller = requireCaller(context);
  if (!caller.user.superuser || !caller.scopes.has("super:user")) throw unauthorized(context);
  const body = objectBody(context);
  validateFields(context, body, { username: { type: "string", required: true }, email: { type: "string" } });
  const username = body.username as string;
  if (context.state.nameTaken(username)) {
    throw apiError(400, "A user or organization with this name already exists", context.host);
  }
  const user = context.state.addUser(username, { email: body.email as string | undefined });
  return {
    status: 200,
    body: {
      username,
      email: user.email,
      password: randomBytes(24).toString("base64url").slice(0, 32),
      encrypted_password: randomBytes(32).toString("base64url"),
    },
  };
};

/** User routes: the caller, public user information, and superuser user creation. */
export const family: HandlerFamily = {
  routes: defineRoutes({
    /** GET /users/{username} — public information about a user. */
    getUser: { method: "GET", path: "/users/{username}", ok: [200], scope: "user:read" },
    /** POST /superuser/users/ — creates a user (database auth); answers 200 with a generated password. */
    createUser: { method: "POST", path: "/superuser/users/", ok: [200], scope: "super:user" },
  }),
  handlers: { getCurrentUser, getUser, createUser },
};
