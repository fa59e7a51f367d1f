/**
 * Typed errors for every way a Quay call can fail. Match them with {@link isQuayError} and a
 * {@link QuayErrorCode}, never with `instanceof`: the runtime may be loaded twice in one process
 * (once by a serialized provider, once by the program).
 */

/** The codes of errors that carry a reply from Quay ({@link QuayApiError}). */
export type QuayApiErrorCode =
  | "QUAY_BAD_REQUEST"
  | "QUAY_UNAUTHORIZED"
  | "QUAY_FORBIDDEN"
  | "QUAY_NOT_FOUND"
  | "QUAY_CONFLICT"
  | "QUAY_RATE_LIMITED"
  | "QUAY_SERVER_ERROR"
  | "QUAY_API_ERROR";

/** The codes of what an operation refuses or cannot finish, beyond the failure of one call. */
export type QuayOperationErrorCode =
  /** A change or delete that would lose data or orphan an object: nothing was done, the message says what to do. */
  | "QUAY_REFUSED"
  /** An object Quay created although a later step failed: it is recorded, and the next `up` finishes it. */
  | "QUAY_INCOMPLETE"
  /** An id, name or path that cannot name a Quay object. */
  | "QUAY_INVALID_INPUT"
  /** Quay answered, but what it holds does not fit: accepted yet not listed, gone since the last refresh. */
  | "QUAY_UNEXPECTED";

/** Every error code this library raises. Stable across versions. */
export type QuayErrorCode =
  | QuayApiErrorCode
  | QuayOperationErrorCode
  | "QUAY_CONNECTION"
  | "QUAY_TIMEOUT"
  | "QUAY_RESPONSE_SHAPE"
  | "QUAY_CONFIG";

/** {@link QuayError} is the base of every error this library raises; `code` is stable across versions. */
export class QuayError extends Error {
  /** A stable, machine-readable code such as `QUAY_NOT_FOUND`. */
  readonly code: QuayErrorCode;

  constructor(code: QuayErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Where a failed API call went: enough to reproduce it, never the token. */
export interface RequestSummary {
  /** HTTP method. */
  method: string;
  /** Route key, e.g. `getOrganization`. */
  route: string;
  /** Expanded path below the API root, e.g. `/organization/acme`. */
  path: string;
}

/** {@link QuayApiError} is a reply from Quay with a status the route does not accept. */
export class QuayApiError extends QuayError {
  declare readonly code: QuayApiErrorCode;
  /** HTTP status code. */
  readonly status: number;
  /** The request that failed. */
  readonly request: RequestSummary;
  /** The raw reply body (parsed JSON when it was JSON, else text), redacted. */
  readonly body: unknown;
  /** The message Quay gave, normalised from whichever of its error shapes it used. */
  readonly quayMessage: string;
  /** Whether the reply is one the route declares as "the object does not exist". */
  readonly absent: boolean;

  constructor(
    code: QuayApiErrorCode,
    reply: { status: number; request: RequestSummary; body: unknown; quayMessage: string; absent: boolean },
    message: string,
  ) {
    super(code, message);
    this.status = reply.status;
    this.request = reply.request;
    this.body = reply.body;
    this.quayMessage = reply.quayMessage;
    this.absent = reply.absent;
  }
}

/** {@link QuayConnectionError} is a network failure: refused, reset, TLS, DNS. `cause` is the undici error. */
export class QuayConnectionError extends QuayError {
  constructor(request: RequestSummary, cause: unknown, detail: string) {
    super("QUAY_CONNECTION", `cannot reach Quay: ${detail} (${request.method} ${request.path})`, { cause });
  }
}

/** {@link QuayTimeoutError} is a request that got no complete answer within the configured timeout. */
export class QuayTimeoutError extends QuayError {
  constructor(request: RequestSummary, timeoutMs: number, cause: unknown) {
    super(
      "QUAY_TIMEOUT",
      `Quay did not answer within ${timeoutMs} ms (${request.method} ${request.path}); raise quay:timeoutSeconds if Quay is slow`,
      { cause },
    );
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

/** What a failed create knows about the object it made before a later step failed. */
export interface CreatedObject {
  /** The object's id. */
  id: string;
  /** Output values known before the failing step (a robot's token). */
  outputs: Record<string, unknown>;
  /** The inputs the failed steps were to apply: Quay does not have them yet. */
  pending: string[];
}

/**
 * {@link QuayOperationError} is the failure of an operation (a create, a diff, a delete) rather than of one
 * call: a refusal, an object left half-made, or a failed call with what was being done to which object in
 * front. Its code is the call's when it wraps one.
 */
export class QuayOperationError extends QuayError {
  /**
   * For an object created but not finished: its id, the state Quay has, and why. Pulumi's engine reads
   * these three fields from a provider's error to record the object instead of forgetting it.
   */
  readonly id?: string;
  /** See {@link id}. */
  properties?: Record<string, unknown>;
  /** See {@link id}. */
  readonly reasons?: string[];
  /** What a create made before a later step failed, for the operation to record (see {@link id}). */
  readonly created?: CreatedObject;

  constructor(
    code: QuayErrorCode,
    message: string,
    options: {
      cause?: unknown;
      created?: CreatedObject;
      recorded?: { id: string; properties: Record<string, unknown> };
    } = {},
  ) {
    super(code, message, { cause: options.cause });
    if (options.created) this.created = options.created;
    if (options.recorded) {
      this.id = options.recorded.id;
      this.properties = options.recorded.properties;
      this.reasons = [message];
    }
  }

  /**
   * `cause` with `message` in front of its own, keeping its code (`fallback` when it has none) and what it
   * carries of a half-made object.
   */
  static wrapping(
    message: string,
    cause: unknown,
    fallback: QuayErrorCode,
    options: { created?: CreatedObject; recorded?: { id: string; properties: Record<string, unknown> } } = {},
  ): QuayOperationError {
    const code = isQuayError(cause) ? (cause as QuayError).code : fallback;
    return new QuayOperationError(code, message, { cause, ...options });
  }
}

const codesByStatus: Record<number, QuayApiErrorCode> = {
  400: "QUAY_BAD_REQUEST",
  401: "QUAY_UNAUTHORIZED",
  403: "QUAY_FORBIDDEN",
  404: "QUAY_NOT_FOUND",
  409: "QUAY_CONFLICT",
  429: "QUAY_RATE_LIMITED",
};

/** The code of an API error with `status`. */
export function codeForStatus(status: number): QuayApiErrorCode {
  return codesByStatus[status] ?? (status >= 500 ? "QUAY_SERVER_ERROR" : "QUAY_API_ERROR");
}

/**
 * Whether `error` is one of ours, optionally with one of `codes`. Narrows to {@link QuayApiError}
 * when every code given is an API code.
 */
export function isQuayError<C extends QuayErrorCode>(
  error: unknown,
  ...codes: C[]
): error is C extends QuayApiErrorCode ? QuayApiError : QuayError {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("QUAY_")) return false;
  return codes.length === 0 || (codes as string[]).includes(code);
}

/** Whether `error` is a reply from Quay whose normalised message matches `message`. */
export function hasQuayMessage(error: unknown, message: RegExp | string): error is QuayApiError {
  const text = (error as { quayMessage?: unknown } | null)?.quayMessage;
  if (typeof text !== "string") return false;
  return typeof message === "string" ? text === message : message.test(text);
}

/** Whether `error` is a reply the route declares as "the object does not exist". */
export function isAbsent(error: unknown): boolean {
  return isQuayError(error) && (error as Partial<QuayApiError>).absent === true;
}

/** The status of a reply from Quay, or undefined for any other error. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return isQuayError(error) && typeof status === "number" ? status : undefined;
}
