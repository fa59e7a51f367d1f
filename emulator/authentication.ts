/**
 * Who is calling, as Quay's `process_oauth` decides it (docs/quay-behavior.md §1.1, §V.19): a valid
 * bearer token's user with its scopes, on API routes; else the user the browser session signed in, with
 * every permission, as a login has. An invalid or expired token does not abort: the request runs
 * anonymously.
 */
import type { IncomingMessage } from "node:http";
import type { Caller, ServedRoute } from "./context";
import { allScopes } from "./records";
import type { BrowserSession } from "./sessions";
import type { EmulatorState } from "./state";

/** The caller of a request, and whether it came with a valid OAuth token (which skips the CSRF check). */
export function authenticate(
  state: EmulatorState,
  request: IncomingMessage,
  route: ServedRoute,
  session: BrowserSession,
): { caller: Caller | undefined; oauth: boolean } {
  // The first API request that carries a session marks it, as Flask-Login does.
  if (!route.web && session.received && !session.marked) {
    session.marked = true;
    session.modified = true;
  }
  const token = route.web ? undefined : bearerToken(request.headers.authorization);
  const found = token ? state.tokens.get(token) : undefined;
  const record = found && (found.expiresAt === undefined || found.expiresAt > state.clock()) ? found : undefined;
  const tokenUser = record ? state.users.get(record.username) : undefined;
  if (tokenUser?.enabled && record) return { caller: { user: tokenUser, scopes: record.scopes }, oauth: true };
  const sessionUser = session.username ? state.users.get(session.username) : undefined;
  if (sessionUser?.enabled && session.generation === sessionUser.sessionGeneration) {
    return { caller: { user: sessionUser, scopes: new Set(allScopes), viaSession: true }, oauth: false };
  }
  return { caller: undefined, oauth: false };
}

/** The `X-CSRF-Token` header the request sends, if any. */
export function csrfHeader(request: IncomingMessage): string | undefined {
  const header = request.headers["x-csrf-token"];
  return Array.isArray(header) ? header[0] : header;
}

function bearerToken(header: string | undefined): string | undefined {
  const found = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return found ? found[1] : undefined;
}
