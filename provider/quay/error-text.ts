/**
 * What a failed reply says, in words that point at the fix: Quay's message from whichever of its five
 * error shapes it used (docs/quay-behavior.md §1.4), an HTML page described as what it is, and for
 * 401/403 the scope and role the route needs.
 */
import type { RequestSummary } from "./errors";
import type { Route, Scope } from "./routes";

/** Who the token's user must be for a route with this scope, besides holding the scope. */
const scopeRoles: Record<Scope, string> = {
  "repo:read": "may read the repository",
  "repo:write": "may push to the repository",
  "repo:admin": "administers the repository (or its organization)",
  "repo:create": "may create repositories in the namespace (a creator or admin team of the organization)",
  "org:admin": "administers the organization (a member of an admin team)",
  "user:read": "is the user the call is about",
  "user:admin": "is the user the call acts for",
  "super:user": "is a Quay superuser (listed in SUPER_USERS)",
};

/**
 * The message in any of Quay's error shapes: `{message}`, the ApiError
 * `{detail, error_message, title, error_type}`, `{error}`, a bare JSON string, or a non-JSON body
 * such as an HTML page.
 */
export function errorMessage(body: unknown, status: number): string {
  if (typeof body === "string") return textMessage(body, status);
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const fields = body as Record<string, unknown>;
    for (const key of ["error_message", "detail", "message", "error", "title", "error_type"]) {
      const value = fields[key];
      if (typeof value === "string" && value.trim() !== "") return oneLine(value);
    }
  }
  return `HTTP ${status} with no error message`;
}

/** Whether a reply body is an HTML page rather than an API answer. */
export function isHtml(body: unknown): boolean {
  return typeof body === "string" && /^\s*<(!doctype|html)/i.test(body);
}

function textMessage(text: string, status: number): string {
  const trimmed = text.trim();
  if (trimmed === "") return `HTTP ${status} with an empty body`;
  if (isHtml(trimmed)) return htmlMessage(status);
  return oneLine(trimmed).slice(0, 500);
}

/** An HTML page where JSON was expected says which part of the stack answered, not Quay's API. */
function htmlMessage(status: number): string {
  if (status === 404) {
    return (
      "Quay answered with its web page, not the API: this Quay has no such API route (the feature it belongs " +
      "to may be switched off, e.g. FEATURE_REPO_MIRROR, or quay:url may not point at Quay's root)"
    );
  }
  if (status === 308) {
    return "Quay redirected the call to the web UI: this Quay has no such API route (the feature it belongs to may be switched off)";
  }
  if (status === 405) return "Quay does not allow this method on this path (an HTML 405 page)";
  if (status === 500) return "Quay failed with an internal error (an HTML 500 page)";
  if (status >= 502 && status <= 504) {
    return `Quay or a proxy in front of it is unavailable (an HTML ${status} page)`;
  }
  return `Quay answered with an HTML page (HTTP ${status})`;
}

/** jsonschema messages are several lines long; the first one says what is wrong. */
function oneLine(text: string): string {
  return text.split("\n")[0].trim();
}

/** The error text for a failed reply: what Quay said, what to check, and the request. */
export function failureText(status: number, route: Route, request: RequestSummary, quayMessage: string): string {
  const where = `(HTTP ${status} ${request.method} ${request.path})`;
  const needs = `it needs a token with the ${route.scope} scope whose user ${scopeRoles[route.scope]}`;
  if (status === 403 && /CSRF token was invalid or missing/.test(quayMessage)) {
    return (
      "Quay did not accept the token: it answers a write with an invalid, expired or missing token as a CSRF " +
      `failure. Check quay:token (or QUAY_TOKEN) ${where}`
    );
  }
  if (status === 401) {
    return `Quay did not accept the token (${quayMessage}): check quay:token; ${needs} ${where}`;
  }
  if (status === 403) {
    return (
      `Quay refused the call (${quayMessage}): ${needs}, or a superuser's token with FEATURE_SUPERUSERS_FULL_ACCESS. ` +
      `Check the token's scopes and its user's role ${where}`
    );
  }
  return `${quayMessage} ${where}`;
}
