/**
 * The shared keep-alive undici `Agent` per Quay origin and TLS setting. Its connection count is the
 * concurrency cap (one request per connection), and undici's retry interceptor repeats failed
 * attempts with the decision function each request brings: jittered backoff from `backoff.ts`,
 * `Retry-After` honoured, and only where the route says a retry cannot do harm.
 */
import { Agent, type Dispatcher, interceptors, type RetryHandler } from "undici";
import { backoffMs, retryAfterMs } from "./backoff";

/** TLS and concurrency settings that decide which agent a client shares. */
export interface DispatcherSettings {
  /** Base URL of the Quay instance. */
  url: string;
  /** Extra trusted CA certificates (PEM). */
  caCertificate?: string;
  /** Skips TLS certificate verification. */
  insecureSkipTlsVerify: boolean;
  /** The most requests in flight to this Quay at once, for the whole process. */
  maxConcurrency: number;
}

/** How one request may be retried. */
export interface QuayRetryOptions {
  /** Whether the route is safe to repeat after a 5xx or a dropped connection. */
  retrySafe: boolean;
  /** How many times a failed attempt may be repeated. */
  maxRetries: number;
  /** First backoff delay in milliseconds. */
  retryBaseDelayMs: number;
  /** Longest wait between attempts, including a server's `Retry-After`. */
  maxRetryDelayMs: number;
}

/** Statuses worth another attempt on a retry-safe route. 500 is left out: in Quay it is an uncaught bug. */
const retryStatuses = new Set([429, 502, 503, 504]);
/** Network failures worth another attempt on a retry-safe route. */
const retryErrorCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

/**
 * Whether a failed attempt may be repeated. A request that is not retry-safe (a create) is repeated
 * only when Quay cannot have acted on it: a 429, or a connection that was refused.
 */
export function shouldRetry(failure: { statusCode?: number; code?: string }, retrySafe: boolean): boolean {
  if (failure.statusCode !== undefined) {
    return failure.statusCode === 429 || (retrySafe && retryStatuses.has(failure.statusCode));
  }
  if (failure.code === "ECONNREFUSED") return true;
  return retrySafe && failure.code !== undefined && retryErrorCodes.has(failure.code);
}

type RetryFailure = Error & { statusCode?: number; code?: string; headers?: Record<string, string | string[]> };

/**
 * The retry options of one request, as undici's retry interceptor takes them per request (`retryOptions`):
 * our decision function, with jittered backoff from `backoff.ts` and `Retry-After` honoured.
 */
export function retryOptionsFor(options: QuayRetryOptions): RetryHandler.RetryOptions {
  return {
    throwOnError: false,
    // The decision function enforces maxRetries; undici's own limit only has to stay out of the way.
    maxRetries: Number.MAX_SAFE_INTEGER,
    retry(error, { state }, callback) {
      const failure = error as RetryFailure;
      if (state.counter > options.maxRetries || !shouldRetry(failure, options.retrySafe)) {
        callback(error);
        return;
      }
      const asked = retryAfterMs(failure.headers?.["retry-after"]);
      const delay =
        asked !== undefined
          ? Math.min(asked, options.maxRetryDelayMs)
          : backoffMs(state.counter, options.retryBaseDelayMs, options.maxRetryDelayMs);
      setTimeout(() => callback(null), delay);
    },
  };
}

/**
 * How long an idle connection is kept for reuse. A server closes idle connections on its own clock (Quay's
 * gunicorn after 2 s, proxies after their own timeout), and a request written as its close crosses the
 * wire fails with "other side closed" before the server sees it. So the agent lets a connection go first:
 * after 1 s when the server announces nothing, 1 s before a `Keep-Alive: timeout=N` it announces, and
 * never after more than 4 s, so that a busy event loop, late to its own timer, still lets go well before
 * a server that announces a long timeout.
 */
export const idleConnections = {
  keepAliveTimeout: 1_000,
  keepAliveTimeoutThreshold: 1_000,
  keepAliveMaxTimeout: 4_000,
};

const dispatchers = new Map<string, Dispatcher>();

/** The shared keep-alive agent (with retries) for these settings; one per distinct TLS and cap setting. */
export function sharedDispatcher(settings: DispatcherSettings): Dispatcher {
  const key = JSON.stringify([
    new URL(settings.url).origin,
    settings.caCertificate ?? "",
    settings.insecureSkipTlsVerify,
    settings.maxConcurrency,
  ]);
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    const agent = new Agent({
      connections: settings.maxConcurrency,
      pipelining: 1,
      ...idleConnections,
      connect: {
        ca: settings.caCertificate,
        rejectUnauthorized: !settings.insecureSkipTlsVerify,
      },
    });
    // Each request brings its own retry options (retryOptionsFor); without them, no retries at all.
    dispatcher = agent.compose(interceptors.retry({ maxRetries: 0, throwOnError: false }));
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

/** Closes every shared connection pool; for programs and tests that want to exit promptly. */
export async function closeConnections(): Promise<void> {
  const all = [...dispatchers.values()];
  dispatchers.clear();
  await Promise.all(all.map((dispatcher) => dispatcher.close()));
}
