/**
 * The one HTTP client for Quay's API v1, free of Pulumi types. One keep-alive undici `Agent` per
 * connection setting is shared by every client in the process; its connection count is the
 * concurrency cap (one request per connection), and undici's retry interceptor repeats failed
 * attempts with our decision function: jittered exponential backoff, `Retry-After` honoured.
 */
import { Agent, type Dispatcher, interceptors } from "undici";
import type { z } from "zod";
import {
  apiError,
  QuayConnectionError,
  type QuayError,
  QuayResponseShapeError,
  QuayTimeoutError,
  type RequestSummary,
} from "./errors";
import { expandPath, type PathParams, withQuery } from "./paths";
import type { Route } from "./routes";

/** Everything needed to talk to one Quay instance. Built by `readConnectionSettings` in `config.ts`. */
export interface ConnectionSettings {
  /** Base URL of the Quay instance, e.g. `https://quay.example.com` (without `/api/v1`). */
  url: string;
  /** OAuth access token sent as `Authorization: Bearer`. Never logged, never in an error. */
  token: string;
  /** Extra trusted CA certificates (PEM) for a Quay behind a private CA. */
  caCertificate?: string;
  /** Skips TLS certificate verification. Off unless explicitly turned on. */
  insecureSkipTlsVerify: boolean;
  /** Time limit for each attempt's headers and body, in milliseconds. */
  timeoutMs: number;
  /** How many times a failed attempt may be repeated. */
  maxRetries: number;
  /** The most requests in flight to this Quay at once, for the whole process. */
  maxConcurrency: number;
  /** First backoff delay in milliseconds; doubles per attempt up to {@link maxRetryDelayMs}, with jitter. */
  retryBaseDelayMs: number;
  /** Longest wait between attempts in milliseconds, including a server's `Retry-After`. */
  maxRetryDelayMs: number;
}

/** Default values for the tunable settings, documented in the README. */
export const connectionDefaults = {
  timeoutMs: 30_000,
  maxRetries: 5,
  maxConcurrency: 8,
  retryBaseDelayMs: 500,
  maxRetryDelayMs: 60_000,
} as const;

/** A request's path parameters, query and JSON body. */
export interface RequestOptions {
  /** Values for the route's `{placeholders}`. */
  params?: PathParams;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body; sent with `Content-Type: application/json` (quay-behavior.md §0.19). */
  body?: unknown;
}

/** How long {@link QuayClient.cachedFind} shares an answer when nothing is written meanwhile. */
const answerLifetimeMs = 60_000;

/** Identifies this library to Quay's logs. */
export const userAgent = "pulumi-quay/0.1 (+https://www.npmjs.com/package/pulumi-quay)";

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

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full-jitter exponential backoff: a random delay in [½, 1] of `base · 2^(attempt-1)`, capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

interface RetryState {
  counter: number;
}
interface RetryContext {
  state: RetryState;
  /** The dispatch options; undici passes unknown keys through, so ours travel as `quayRetry`. */
  opts: { quayRetry: QuayRetryOptions };
}
interface QuayRetryOptions {
  retrySafe: boolean;
  maxRetries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
}
type RetryFailure = Error & { statusCode?: number; code?: string; headers?: Record<string, string | string[]> };

/** The decision function handed to undici's RetryHandler. */
function decideRetry(err: RetryFailure, { state, opts }: RetryContext, callback: (err?: Error | null) => void) {
  const options = opts.quayRetry;
  if (state.counter > options.maxRetries || !shouldRetry(err, options.retrySafe)) {
    callback(err);
    return;
  }
  const asked = retryAfterMs(err.headers?.["retry-after"]);
  const delay =
    asked !== undefined
      ? Math.min(asked, options.maxRetryDelayMs)
      : backoffMs(state.counter, options.retryBaseDelayMs, options.maxRetryDelayMs);
  setTimeout(() => callback(null), delay);
}

const dispatchers = new Map<string, Dispatcher>();

/** The shared keep-alive agent (with retries) for these settings; one per distinct TLS and cap setting. */
function sharedDispatcher(settings: ConnectionSettings): Dispatcher {
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
      keepAliveTimeout: 30_000,
      connect: {
        ca: settings.caCertificate,
        rejectUnauthorized: !settings.insecureSkipTlsVerify,
      },
    });
    // maxRetries is ours to enforce in decideRetry; undici's own limit only has to stay out of the way.
    dispatcher = agent.compose(
      interceptors.retry({ retry: decideRetry as never, throwOnError: false, maxRetries: Number.MAX_SAFE_INTEGER }),
    );
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

/** {@link QuayClient} calls Quay's API v1 through the route table. */
export class QuayClient {
  private readonly origin: string;
  private readonly basePath: string;
  private readonly dispatcher: Dispatcher;
  /** Shared answers of {@link cachedFind}, valid while {@link writes} is unchanged, for a minute at most. */
  private readonly answers = new Map<string, { writes: number; at: number; answer: Promise<unknown> }>();
  /** Counts writes begun and finished; any change makes earlier shared answers stale. */
  private writes = 0;

  constructor(private readonly settings: ConnectionSettings) {
    const url = new URL(settings.url);
    this.origin = url.origin;
    this.basePath = `${url.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "")}/api/v1`;
    this.dispatcher = sharedDispatcher(settings);
  }

  /**
   * Like {@link find}, but the answer is shared with every caller asking the same thing until this
   * client next writes (or for a minute). A refresh reads one list per parent (a repository's
   * permissions, an organization's robots) for all the resources in it, instead of one request per
   * resource. A provider process lives for one Pulumi operation, so nothing older is ever served.
   */
  cachedFind<T = unknown>(route: Route, options: RequestOptions = {}): Promise<T | undefined> {
    const key = `${route.key} ${withQuery(expandPath(route.path, options.params), options.query)}`;
    const shared = this.answers.get(key);
    if (shared && shared.writes === this.writes && Date.now() - shared.at < answerLifetimeMs) {
      return shared.answer as Promise<T | undefined>;
    }
    const answer = this.find<T>(route, options);
    this.answers.set(key, { writes: this.writes, at: Date.now(), answer });
    answer.catch(() => this.answers.delete(key));
    return answer;
  }

  /** Calls `route`; resolves to the parsed body on a success status, else throws a typed {@link QuayError}. */
  async request<T = unknown>(route: Route, options: RequestOptions = {}): Promise<T> {
    if (route.method === "GET") return this.send<T>(route, options);
    // A read that overlaps a write may see the state before it: invalidate at both ends.
    this.writes += 1;
    try {
      return await this.send<T>(route, options);
    } finally {
      this.writes += 1;
      this.answers.clear();
    }
  }

  private async send<T>(route: Route, options: RequestOptions): Promise<T> {
    const path = withQuery(expandPath(route.path, options.params), options.query);
    const summary: RequestSummary = { method: route.method, route: route.key, path };
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.settings.token}`,
      accept: "application/json",
      "user-agent": userAgent,
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await this.dispatcher.request({
        origin: this.origin,
        path: this.basePath + path,
        method: route.method,
        headers,
        body,
        headersTimeout: this.settings.timeoutMs,
        bodyTimeout: this.settings.timeoutMs,
        quayRetry: {
          retrySafe: route.retrySafe,
          maxRetries: this.settings.maxRetries,
          retryBaseDelayMs: this.settings.retryBaseDelayMs,
          maxRetryDelayMs: this.settings.maxRetryDelayMs,
        },
      } as Dispatcher.RequestOptions);
    } catch (error) {
      throw this.transportError(summary, error);
    }
    let parsed: unknown;
    try {
      parsed = this.redact(parseBody(await response.body.text(), response.headers["content-type"]));
    } catch (error) {
      throw this.transportError(summary, error);
    }
    if (route.ok.includes(response.statusCode)) return parsed as T;
    const failure = apiError(response.statusCode, summary, parsed);
    const absent = route.absent.some(
      (rule) =>
        rule.status === response.statusCode && (rule.message === undefined || rule.message.test(failure.quayMessage)),
    );
    throw absent ? apiError(response.statusCode, summary, parsed, { notFound: true }) : failure;
  }

  /** Like {@link request}, but resolves to `undefined` when the route says the object is absent. */
  async find<T = unknown>(route: Route, options: RequestOptions = {}): Promise<T | undefined> {
    try {
      return await this.request<T>(route, options);
    } catch (error) {
      if ((error as QuayError).code === "QUAY_NOT_FOUND") return undefined;
      throw error;
    }
  }

  private transportError(summary: RequestSummary, error: unknown): QuayError {
    const code = (error as { code?: string }).code ?? "";
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return new QuayTimeoutError(summary, this.settings.timeoutMs, error);
    }
    const message = (error as Error).message ?? String(error);
    return new QuayConnectionError(summary, error, this.redactText(code ? `${code}: ${message}` : message));
  }

  /** Replaces the token wherever a reply echoes it, so no error or state ever carries it. */
  private redact(value: unknown): unknown {
    if (typeof value === "string") return this.redactText(value);
    if (Array.isArray(value)) return value.map((item) => this.redact(item));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.redact(item)]));
    }
    return value;
  }

  private redactText(text: string): string {
    return this.settings.token.length >= 4 ? text.split(this.settings.token).join("[redacted]") : text;
  }
}

function parseBody(text: string, contentType: string | string[] | undefined): unknown {
  if (text === "") return undefined;
  const type = Array.isArray(contentType) ? contentType[0] : (contentType ?? "");
  if (type.includes("json") || /^\s*[[{"]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Parses a success reply with `schema`; a mismatch is a {@link QuayResponseShapeError} naming the field. */
export function parseReply<S extends z.ZodType>(
  route: Route,
  schema: S,
  body: unknown,
  path = route.path,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length > 0 ? issue.path.join(".") : "body";
  throw new QuayResponseShapeError({ method: route.method, route: route.key, path }, `${where}: ${issue.message}`);
}
