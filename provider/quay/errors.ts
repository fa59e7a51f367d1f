/**
 * Typed errors for every way a Quay call can fail. Match them by `code`, never by `instanceof`:
 * the runtime may be loaded twice in one process (once by a serialized provider, once by the program).
 */

/** {@link QuayError} is the base of every error this library raises; `code` is stable across versions. */
export class QuayError extends Error {
  /** A stable, machine-readable code such as `QUAY_NOT_FOUND`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Where a failed API call went: enough to reproduce it, never the token. */
export interface RequestSummary {
  /** HTTP method. */
  method: string;
  /** Route key from `routes.ts`, e.g. `getOrganization`. */
  route: string;
  /** Expanded path below the API root, e.g. `/organization/acme`. */
  path: string;
}

/** {@link QuayApiError} is a reply from Quay with a status the route does not accept. */
export class QuayApiError extends QuayError {
  /** HTTP status code. */
  readonly status: number;
  /** The request that failed. */
  readonly request: RequestSummary;
  /** The raw reply body (parsed JSON when it was JSON, else text), redacted. */
  readonly body: unknown;
  /** The message Quay gave, normalised from whichever of its error shapes it used. */
  readonly quayMessage: string;

  constructor(code: string, status: number, request: RequestSummary, body: unknown, quayMessage: string) {
    super(code, `${quayMessage} (HTTP ${status} ${request.method} ${request.path})`);
    this.status = status;
    this.request = request;
    this.body = body;
    this.quayMessage = quayMessage;
  }
}

/** 400: Quay rejected the request (bad input, a conflict Quay reports as 400, ...). */
export class QuayBadRequestError extends QuayApiError {}
/** 401: no valid authentication. */
export class QuayUnauthorizedError extends QuayApiError {}
/** 403: authenticated but not allowed, or a write with an invalid token (Quay answers a CSRF error). */
export class QuayForbiddenError extends QuayApiError {}
/** 404, or one of Quay's "400 means not found" answers declared on the route. */
export class QuayNotFoundError extends QuayApiError {}
/** 409: the object exists already. */
export class QuayConflictError extends QuayApiError {}
/** 429: rate limited, after every retry was used. */
export class QuayRateLimitError extends QuayApiError {}
/** 5xx: Quay failed, after every retry was used (where the route is retry-safe). */
export class QuayServerError extends QuayApiError {}

/** {@link QuayConnectionError} is a network failure: refused, reset, TLS, DNS. `cause` is the undici error. */
export class QuayConnectionError extends QuayError {
  constructor(request: RequestSummary, cause: unknown, detail: string) {
    super("QUAY_CONNECTION", `cannot reach Quay: ${detail} (${request.method} ${request.path})`, { cause });
  }
}

/** {@link QuayTimeoutError} is a request that got no complete answer within the configured timeout. */
export class QuayTimeoutError extends QuayError {
  constructor(request: RequestSummary, timeoutMs: number, cause: unknown) {
    super("QUAY_TIMEOUT", `Quay did not answer within ${timeoutMs} ms (${request.method} ${request.path})`, {
      cause,
    });
  }
}

/** {@link QuayResponseShapeError} is a success reply whose body is not what the route promises. */
export class QuayResponseShapeError extends QuayError {
  constructor(request: RequestSummary, detail: string) {
    super("QUAY_RESPONSE_SHAPE", `unexpected reply from Quay: ${detail} (${request.method} ${request.path})`);
  }
}

/** {@link QuayConfigError} is a missing or invalid connection setting, named in the message. */
export class QuayConfigError extends QuayError {
  constructor(message: string) {
    super("QUAY_CONFIG", message);
  }
}

/** The error class and code for each status; anything else at or above 500 is a server error. */
const byStatus: Record<number, [typeof QuayApiError, string]> = {
  400: [QuayBadRequestError, "QUAY_BAD_REQUEST"],
  401: [QuayUnauthorizedError, "QUAY_UNAUTHORIZED"],
  403: [QuayForbiddenError, "QUAY_FORBIDDEN"],
  404: [QuayNotFoundError, "QUAY_NOT_FOUND"],
  409: [QuayConflictError, "QUAY_CONFLICT"],
  429: [QuayRateLimitError, "QUAY_RATE_LIMITED"],
};

/** Builds the right {@link QuayApiError} subclass for a status; `notFound` forces the not-found class. */
export function apiError(
  status: number,
  request: RequestSummary,
  body: unknown,
  options: { notFound?: boolean } = {},
): QuayApiError {
  const message = errorMessage(body, status);
  if (options.notFound) return new QuayNotFoundError("QUAY_NOT_FOUND", status, request, body, message);
  const entry = byStatus[status];
  if (entry) return new entry[0](entry[1], status, request, body, message);
  if (status >= 500) return new QuayServerError("QUAY_SERVER_ERROR", status, request, body, message);
  return new QuayApiError("QUAY_API_ERROR", status, request, body, message);
}

/**
 * The message in any of Quay's five error shapes (quay-behavior.md §1.4): `{message}`,
 * the ApiError `{detail, error_message, title, error_type}`, `{error}`, a bare JSON string, or a
 * non-JSON body such as the HTML page Quay serves for unknown API paths.
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

function textMessage(text: string, status: number): string {
  const trimmed = text.trim();
  if (trimmed === "") return `HTTP ${status} with an empty body`;
  if (/^<(!doctype|html)/i.test(trimmed)) {
    return `HTTP ${status} with an HTML page (the API path does not exist, or its feature is disabled on this Quay)`;
  }
  return oneLine(trimmed).slice(0, 500);
}

/** jsonschema messages are several lines long; the first one says what is wrong. */
function oneLine(text: string): string {
  return text.split("\n")[0].trim();
}

/** Returns `error.code` when `error` carries one of ours, so callers can branch without `instanceof`. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("QUAY_") ? code : undefined;
}
