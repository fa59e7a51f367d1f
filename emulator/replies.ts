/**
 * Quay's error body shapes (docs/quay-behavior.md §1.4), as the emulator answers them. A handler throws a
 * {@link Reply} to answer early with any status and body.
 */

/** An answer a handler gives by throwing; `body` undefined means no body (204). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType = "application/json",
    readonly headers: Record<string, string> = {},
  ) {}
}

const errorTitles: Record<number, string> = {
  400: "invalid_request",
  401: "invalid_token",
  403: "insufficient_scope",
  404: "not_found",
};

/** Shape 1, ApiError: `{detail, error_message, error_type, title, type, status}`. */
export function apiError(status: number, detail: string, host: string, errorType = errorTitles[status]): Reply {
  // A 401 says whether a session would have helped (§1.4).
  return new Reply(status, {
    ...(status === 401 ? { session_required: false } : {}),
    detail,
    error_message: detail,
    error_type: errorType,
    title: errorType,
    type: `http://${host}/api/v1/error/${errorType}`,
    status,
  });
}

/** Shape 2 and 3, a DataModelException or a werkzeug error: `{"message": ...}`. */
export function messageError(status: number, message: string): Reply {
  return new Reply(status, { message });
}

/** Shape 4, `util.http.abort`: `{"error": ...}` (CSRF, anonymous access); Quay labels the CSRF one text/html. */
export function abortError(status: number, error: string, contentType = "application/json"): Reply {
  return new Reply(status, { error }, contentType);
}

/** `verify_csrf`'s 403, naming the signed-in user when there is one (`util/http.py:abort`, §V.19). */
export function csrfFailure(username: string | undefined): Reply {
  const authorized = username ? ` (authorized: user ${username})` : "";
  return abortError(403, `CSRF token was invalid or missing.${authorized}`, "text/html; charset=utf-8");
}

/** Shape 5, the mirror and repo-state endpoints: `{"detail": ...}` only. */
export function detailError(status: number, detail: string): Reply {
  return new Reply(status, { detail });
}

/** The web UI's catch-all page, which Quay serves for unknown or feature-disabled API paths (§1.9). */
export function htmlNotFound(): Reply {
  return new Reply(
    404,
    '<!DOCTYPE html>\n<html><head><title>Quay</title></head><body><div id="root"></div></body></html>\n',
    "text/html; charset=utf-8",
  );
}

/**
 * One of Quay's own 500s: an exception Quay does not catch (a `KeyError`, a peewee `DoesNotExist`), which
 * gunicorn serves as an HTML page. `cause` names Quay's exception for readers of the emulator. Handlers
 * throw this, never a plain `Error`, so that Quay's 500s stay apart from the emulator's own bugs.
 */
export function quayInternalError(cause: string): Reply {
  return new QuayInternalError(cause);
}

/** The reply {@link quayInternalError} makes, which keeps the name of Quay's exception. */
export class QuayInternalError extends Reply {
  constructor(readonly cause: string) {
    super(500, htmlPage(500, "Internal Server Error").body, "text/html");
  }
}

/** A plain HTML error page, as gunicorn or a proxy serves it. */
export function htmlPage(status: number, title: string): Reply {
  const page = `<html>\n  <head>\n    <title>${title}</title>\n  </head>\n  <body>\n    <h1><p>${title}</p></h1>\n    \n  </body>\n</html>\n`;
  return new Reply(status, page, "text/html");
}
