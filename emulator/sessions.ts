/**
 * Quay's browser session, as Flask keeps it: a signed cookie named `_csrf_token` that holds the session's
 * CSRF token and, after `POST /api/v1/signin`, the signed-in user (docs/quay-behavior.md §V.19). Like
 * Flask's, the cookie carries the whole session, so the emulator keeps nothing per session; a user's
 * sign-out ends all of that user's sessions, as Quay's `invalidate_all_sessions` does.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The name of Quay's session cookie (`SESSION_COOKIE_NAME`). */
export const sessionCookieName = "_csrf_token";

/** What a session holds, as a handler reads and changes it. */
export interface BrowserSession {
  /** The session's CSRF token (`generate_csrf_token`), which writes must send as `X-CSRF-Token`. */
  csrfToken?: string;
  /** The signed-in user. */
  username?: string;
  /** The user's session generation at sign-in: a later sign-out of that user ends this session. */
  generation?: number;
  /** When the user signed in, in milliseconds. */
  signedInAt?: number;
  /** Flask's permanent session, made at sign-in: its cookie is sent again with every answer. */
  permanent: boolean;
  /**
   * Flask-Login's `_fresh` mark, which the first API request that carries the session adds to it (so that
   * answer sets the cookie again, §V.19).
   */
  marked: boolean;
  /** Set when a handler changed the session: its cookie goes with the answer. */
  modified: boolean;
  /** Whether the request carried this session. */
  received: boolean;
}

/** A new CSRF token, as `generate_csrf_token` makes one: 48 random bytes, URL-safe base64. */
export function newCsrfToken(): string {
  return randomBytes(48).toString("base64url");
}

/** Whether `sent` (an `X-CSRF-Token` header or a `_csrf_token` form field) is the session's CSRF token (`verify_csrf`). */
export function csrfMatches(session: BrowserSession, sent: string | undefined): boolean {
  return session.csrfToken !== undefined && sent !== undefined && sent === session.csrfToken;
}

/** Signs and reads session cookies with a secret of its own (Flask's `SECRET_KEY`). */
export class SessionCookies {
  private readonly secret = randomBytes(32);

  /** The session a `Cookie` header carries, or an empty one when it carries none or one not signed here. */
  read(cookieHeader: string | undefined): BrowserSession {
    const empty: BrowserSession = { permanent: false, marked: false, modified: false, received: false };
    const value = cookieValue(cookieHeader, sessionCookieName);
    if (!value) return empty;
    const [payload, signature] = value.split(".");
    if (!payload || !signature) return empty;
    const expected = this.sign(payload);
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return empty;
    try {
      const stored = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<BrowserSession>;
      return {
        csrfToken: stored.csrfToken,
        username: stored.username,
        generation: stored.generation,
        signedInAt: stored.signedInAt,
        permanent: stored.permanent === true,
        marked: stored.marked === true,
        modified: false,
        received: true,
      };
    } catch {
      return empty;
    }
  }

  /** The `Set-Cookie` value for `session` when the answer must carry it, as Flask decides; else undefined. */
  setCookie(session: BrowserSession): string | undefined {
    if (!session.modified && !(session.received && session.permanent)) return undefined;
    const { csrfToken, username, generation, signedInAt, permanent, marked } = session;
    const stored = { csrfToken, username, generation, signedInAt, permanent, marked };
    const payload = Buffer.from(JSON.stringify(stored)).toString("base64url");
    return `${sessionCookieName}=${payload}.${this.sign(payload).toString()}; HttpOnly; Path=/; SameSite=Lax`;
  }

  private sign(payload: string): Buffer {
    return Buffer.from(createHmac("sha256", this.secret).update(payload).digest("base64url"));
  }
}

/** The value of cookie `name` in a `Cookie` header. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}
