/**
 * The caller's application-specific tokens (`endpoints/api/appspecifictokens.py`, FEATURE_APP_SPECIFIC_TOKENS,
 * on by default): passwords for `docker login` that a user makes and revokes. The list never shows a
 * token's code; the create and a read of one token do (docs/quay-behavior.md §V.19). Each user sees only
 * their own. They sign in to the registry, which the emulator does not serve, so nothing else reads them.
 */
import { randomUUID } from "node:crypto";
import { gateAll, type Handler, type HandlerFamily, queryFlag, type RequestContext, validatedBody } from "../context";
import { requireFreshLogin, requireUserAdmin } from "../permissions";
import { newToken, type UserRecord } from "../records";
import { apiError } from "../replies";
import { rfc2822 } from "./robots";

/** An application-specific token: `token_name` and `token_secret`, 60 characters each, make its code. */
interface AppTokenRecord {
  uuid: string;
  title: string;
  code: string;
  created: Date;
}

function tokensOf(context: RequestContext, user: UserRecord): AppTokenRecord[] {
  return context.state.attached(user, "appTokens", () => [] as AppTokenRecord[]);
}

/** `token_view`; no expiration, as `APP_SPECIFIC_TOKEN_EXPIRATION` is unset by default. */
function tokenView(token: AppTokenRecord, withCode: boolean) {
  return {
    uuid: token.uuid,
    title: token.title,
    last_accessed: null,
    created: rfc2822(token.created),
    expiration: null,
    ...(withCode ? { token_code: token.code } : {}),
  };
}

/** The caller's token named by the path, or 404. */
function ownToken(context: RequestContext, user: UserRecord): AppTokenRecord {
  const found = tokensOf(context, user).find((token) => token.uuid === context.params.token_uuid);
  if (!found) throw apiError(404, "Not Found", context.host);
  return found;
}

/** GET /user/apptoken — `only_expiring` echoes the `expiring` flag, `null` when not sent. */
const listAppTokens: Handler = (context) => {
  const caller = requireUserAdmin(context);
  const expiring = context.query.has("expiring") ? queryFlag(context, "expiring") : null;
  // No token expires, so none is expiring soon.
  const tokens = expiring ? [] : tokensOf(context, caller.user);
  return { status: 200, body: { tokens: tokens.map((token) => tokenView(token, false)), only_expiring: expiring } };
};

const createAppToken: Handler = (context) => {
  const caller = requireUserAdmin(context);
  requireFreshLogin(context);
  const body = validatedBody(context, {
    type: "object",
    required: ["title"],
    properties: { title: { type: "string", description: "The user-defined title for the token" } },
  });
  const token = {
    uuid: randomUUID(),
    title: body.title as string,
    code: newToken(120),
    created: new Date(context.state.clock()),
  };
  tokensOf(context, caller.user).push(token);
  return { status: 200, body: { token: tokenView(token, true) } };
};

const getAppToken: Handler = (context) => {
  const caller = requireUserAdmin(context);
  requireFreshLogin(context);
  return { status: 200, body: { token: tokenView(ownToken(context, caller.user), true) } };
};

const revokeAppToken: Handler = (context) => {
  const caller = requireUserAdmin(context);
  requireFreshLogin(context);
  const tokens = tokensOf(context, caller.user);
  tokens.splice(tokens.indexOf(ownToken(context, caller.user)), 1);
  return { status: 204 };
};

const handlers = { listAppTokens, createAppToken, getAppToken, revokeAppToken };

/** The application-specific token routes. */
export const family: HandlerFamily = {
  routes: {
    listAppTokens: "GET /user/apptoken",
    createAppToken: "POST /user/apptoken",
    getAppToken: "GET /user/apptoken/{token_uuid}",
    revokeAppToken: "DELETE /user/apptoken/{token_uuid}",
  },
  handlers,
  gates: gateAll(handlers, (features) => features.appSpecificTokens),
};
