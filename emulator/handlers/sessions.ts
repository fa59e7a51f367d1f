/**
 * Signing in with a password, as Quay's web UI and other clients do (docs/quay-behavior.md §V.19):
 * `GET /csrf_token` makes the session and its CSRF token, `POST /api/v1/signin` (which needs that token)
 * signs the user in and answers a new one in `X-Next-CSRF-Token`, and `POST /api/v1/signout` ends every
 * session of the user. A failed sign-in throttles the user's next ones (`verify_user`'s exponential
 * backoff). `POST /oauth/authorizeapp` turns a session into an OAuth token of one of the user's
 * applications (`endpoints/web.py:authorize_application`).
 */
import { type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { allScopes, type Scope, type UserRecord } from "../records";
import { csrfFailure, messageError, Reply } from "../replies";
import { csrfMatches, newCsrfToken } from "../sessions";
import { applicationsOf } from "./applications";

/** How often a user failed to sign in, and when last: `invalid_login_attempts`, `last_invalid_login`. */
interface LoginAttempts {
  failures: number;
  lastFailure: number;
}

function attemptsOf(context: RequestContext, user: UserRecord): LoginAttempts {
  return context.state.attached(user, "loginAttempts", () => ({ failures: 0, lastFailure: 0 }));
}

/** `exponential_backoff` with a one-second scale: 0.5 s after one failure, 1.5 s after two, 3.5 s after three. */
function retryAt(attempts: LoginAttempts): number {
  return attempts.lastFailure + ((5 * (2 ** attempts.failures - 1)) / 10) * 1000;
}

/** `conduct_signin`'s 403. */
function signInFailed(message: string): Reply {
  return new Reply(403, { needsEmailVerification: false, invalidCredentials: true, message });
}

/** GET /csrf_token — the session's CSRF token, made (with the session) when it has none. */
const getCsrfToken: Handler = (context) => {
  if (!context.session.csrfToken) {
    context.session.csrfToken = newCsrfToken();
    context.session.modified = true;
  }
  return { status: 200, body: { csrf_token: context.session.csrfToken } };
};

/** POST /api/v1/signin `{username, password}`: by name or a user's e-mail; throttled after a failure. */
const signIn: Handler = (context) => {
  const body = validateSignIn(context);
  const name = body.username as string;
  const users = [...context.state.users.values()];
  const user =
    users.find((candidate) => candidate.username === name) ?? users.find((candidate) => candidate.email === name);
  if (!user) throw signInFailed("Invalid Username or Password");
  const attempts = attemptsOf(context, user);
  const now = context.state.clock();
  if (attempts.failures > 0 && retryAt(attempts) > now) {
    const page = "Too many login attempts. \nPlease reset your Quay password and try again.";
    const seconds = String(Math.floor((retryAt(attempts) - now) / 1000));
    throw new Reply(429, page, "text/html; charset=utf-8", { "retry-after": seconds });
  }
  if (user.password === null || body.password !== user.password) {
    attempts.failures += 1;
    attempts.lastFailure = now;
    throw signInFailed("Invalid Username or Password");
  }
  attempts.failures = 0;
  if (!user.enabled) throw signInFailed("This user has been disabled. Please contact your administrator.");
  Object.assign(context.session, {
    username: user.username,
    generation: user.sessionGeneration,
    signedInAt: now,
    permanent: true,
    csrfToken: newCsrfToken(),
    modified: true,
  });
  return { status: 200, body: { success: true }, headers: { "x-next-csrf-token": context.session.csrfToken! } };
};

/** Quay's `SigninUser` schema. */
function validateSignIn(context: RequestContext): Record<string, unknown> {
  const field = (description: string) => ({ type: "string", description });
  return validatedBody(context, {
    type: "object",
    description: "Information required to sign in a user.",
    required: ["username", "password"],
    properties: {
      username: field("The user's username"),
      password: field("The user's password"),
      invite_code: field("The optional invite code"),
    },
  });
}

/** POST /api/v1/signout — ends every session of the caller (`invalidate_all_sessions`) and this one's sign-in. */
const signOut: Handler = (context) => {
  const user = context.caller?.user;
  if (user) user.sessionGeneration += 1;
  Object.assign(context.session, { username: undefined, generation: undefined, signedInAt: undefined, modified: true });
  return { status: 200, body: { success: true } };
};

/** Werkzeug's 401 page, which `authorize_application` answers without a signed-in user. */
function unauthorizedPage(): Reply {
  return new Reply(
    401,
    "<!doctype html>\n<html lang=en>\n<title>401 Unauthorized</title>\n<h1>Unauthorized</h1>\n<p>The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn&#39;t understand how to supply the credentials required.</p>\n",
    "text/html; charset=utf-8",
  );
}

/** A 302 to `location`, with Flask's empty body. */
function found(location: string) {
  return { status: 302, body: "", contentType: "text/html; charset=utf-8", headers: { location } };
}

/** `build_url`: `base` with `params` added to its query (those undefined left out), encoded as Python's `urlencode`. */
function withQuery(base: string, params: Record<string, string | undefined>): string {
  const [withoutFragment, fragment] = base.split("#", 2);
  const [path, query] = withoutFragment.split("?", 2);
  const merged = new URLSearchParams(query ?? "");
  for (const [name, value] of Object.entries(params)) if (value !== undefined) merged.set(name, value);
  const encoded = merged.toString();
  return `${path}${encoded ? `?${encoded}` : ""}${fragment === undefined ? "" : `#${fragment}`}`;
}

/**
 * `validate_redirect_uri`: the server's own `/oauth/localapp`, or a URL under the application's redirect
 * URI (same scheme and host, its path as a prefix, no credentials, `..`, `@` or `%` after the prefix).
 */
function redirectAllowed(context: RequestContext, configured: string, redirect: string): boolean {
  if (redirect === `http://${context.host}/oauth/localapp`) return true;
  let expected: URL;
  let given: URL;
  try {
    expected = new URL(configured);
    given = new URL(redirect);
  } catch {
    return false;
  }
  if (expected.protocol !== given.protocol || expected.host !== given.host) return false;
  if (given.username || given.password || decodeURIComponent(given.pathname).includes("..")) return false;
  if (given.pathname.includes("@") || !given.pathname.startsWith(expected.pathname)) return false;
  return !given.pathname.slice(expected.pathname.length).includes("%");
}

/** `scopes_from_scope_string`: space- or comma-separated scopes, every one known; else none. */
function parseScopes(text: string): Scope[] {
  const names = text.split(/[ ,]/);
  return names.every((name) => (allScopes as readonly string[]).includes(name)) ? (names as Scope[]) : [];
}

/** Seconds an OAuth token lives (`DEFAULT_TOKEN_EXPIRATION_SECONDS`, ten years). */
const tokenLifetime = 315_576_000;

/**
 * POST /oauth/authorizeapp (a form) — with `response_type=token`, mints a token of the application for the
 * signed-in user, who must administer its organization, and redirects to `redirect_uri` with it in the
 * fragment. The emulator issues no authorization codes: another response type is its own 501.
 */
const authorizeApplication: Handler = (context) => {
  const user = context.caller?.user;
  if (!user) throw unauthorizedPage();
  const form = new URLSearchParams(context.rawBody);
  if (!csrfMatches(context.session, form.get("_csrf_token") ?? context.csrfTokenSent)) {
    throw csrfFailure(user.username);
  }
  const clientId = form.get("client_id") ?? "";
  const redirect = form.get("redirect_uri") ?? "";
  const scope = form.get("scope") ?? "";
  const state = form.get("state") ?? undefined;
  if ((form.get("response_type") ?? "code") !== "token") {
    throw messageError(501, "The emulator issues OAuth tokens only directly (response_type=token)");
  }
  const owner = [...context.state.organizations.values()].find((organization) =>
    applicationsOf(context, organization).some((application) => application.clientId === clientId),
  );
  const application = owner && applicationsOf(context, owner).find((entry) => entry.clientId === clientId)!;
  const errorRedirect = (error: string) => {
    const { status, body, contentType, headers } = found(withQuery(redirect, { error }));
    return new Reply(status, body, contentType, headers);
  };
  if (!owner || !application || !context.state.isAdmin(owner, user.username)) {
    throw errorRedirect("unauthorized_client");
  }
  if (!redirectAllowed(context, application.redirectUri, redirect)) {
    throw new Reply(400, { error: "invalid_request" }, "application/json;charset=UTF-8", {
      "cache-control": "no-store",
      pragma: "no-cache",
    });
  }
  const scopes = parseScopes(scope);
  if (scopes.length === 0) throw errorRedirect("invalid_scope");
  const token = context.state.issueToken(user.username, scopes);
  const fragment = `#access_token=${token}&token_type=Bearer&expires_in=${tokenLifetime}`;
  return found(`${withQuery(redirect, { scope, state })}${fragment}`);
};

/** The session routes, for clients that sign in with a password. */
export const family: HandlerFamily = {
  routes: { signIn: "POST /signin", signOut: "POST /signout" },
  webRoutes: { getCsrfToken: "GET /csrf_token", authorizeApplication: "POST /oauth/authorizeapp" },
  handlers: { getCsrfToken, signIn, signOut, authorizeApplication },
  // The authorization checks the CSRF token itself, after the sign-in.
  anonymousWrites: ["authorizeApplication"],
};
