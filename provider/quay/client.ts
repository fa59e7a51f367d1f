/**
 * The one HTTP client for Quay's API v1, free of Pulumi types. It expands paths safely,
 * authenticates, lets the shared dispatcher retry what a route allows, turns every reply a route
 * does not accept into a typed error, and shares list answers among the reads of one operation.
 */
import type { Dispatcher, RetryHandler } from "undici";
import type { z } from "zod";
import { type DispatcherSettings, retryOptionsFor, sharedDispatcher } from "./dispatcher";
import { errorMessage, failureText, isHtml } from "./error-text";
import {
  codeForStatus,
  isAbsent,
  QuayApiError,
  QuayConnectionError,
  type QuayError,
  QuayResponseShapeError,
  QuayTimeoutError,
  type RequestSummary,
} from "./errors";
import { expandPath, type PathParams, withQuery } from "./paths";
import type { Route } from "./routes";

export { closeConnections } from "./dispatcher";

/** Everything needed to talk to one Quay instance. Built by `readConnectionSettings` in `config.ts`. */
export interface ConnectionSettings extends DispatcherSettings {
  /** OAuth access token sent as `Authorization: Bearer`. Never logged, never in an error. */
  token: string;
  /** Time limit for each attempt's headers and body, in milliseconds. */
  timeoutMs: number;
  /** How many times a failed attempt may be repeated. */
  maxRetries: number;
  /** How long a delete waits for Quay to let go of what blocks it, in milliseconds. */
  deleteWaitMs: number;
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
  deleteWaitMs: 180_000,
  retryBaseDelayMs: 500,
  maxRetryDelayMs: 60_000,
} as const;

/** A request's path parameters, query and JSON body. */
export interface RequestOptions {
  /** Values for the route's `{placeholders}`. */
  params?: PathParams;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body; sent with `Content-Type: application/json` (docs/quay-behavior.md §0.19). */
  body?: unknown;
}

/** How long {@link QuayClient.cachedFind} shares an answer when nothing is written meanwhile. */
const answerLifetimeMs = 60_000;

/** Identifies this library to Quay's logs. */
export const userAgent = "pulumi-quay/0.1 (+https://www.npmjs.com/package/pulumi-quay)";

/** {@link QuayClient} calls Quay's API v1 through declared routes. */
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

  /** {@link cachedFind} with the reply checked against `schema`; undefined when absent. */
  async cachedRead<S extends z.ZodType>(
    route: Route,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.output<S> | undefined> {
    const reply = await this.cachedFind(route, options);
    return reply === undefined ? undefined : parseReply(route, schema, reply);
  }

  /** {@link request} with the reply checked against `schema`. */
  async requestParsed<S extends z.ZodType>(
    route: Route,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    return parseReply(route, schema, await this.request(route, options));
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

  /** Reads through `route`; resolves to `undefined` when the reply is one the route declares "absent". */
  async find<T = unknown>(route: Route, options: RequestOptions = {}): Promise<T | undefined> {
    try {
      return await this.request<T>(route, options);
    } catch (error) {
      if (isAbsent(error)) return undefined;
      throw error;
    }
  }

  /**
   * Writes through `route` what may already be done: a delete of what is gone, a sync already running.
   * Resolves to false when the reply is one the route declares "absent" (nothing was left to do), true
   * when Quay did it; any other failure throws.
   */
  async unlessAbsent(route: Route, options: RequestOptions = {}): Promise<boolean> {
    try {
      await this.request(route, options);
      return true;
    } catch (error) {
      if (isAbsent(error)) return false;
      throw error;
    }
  }

  private async send<T>(route: Route, options: RequestOptions): Promise<T> {
    const path = withQuery(expandPath(route.path, options.params), options.query);
    const summary: RequestSummary = { method: route.method, route: route.key, path };
    // No token (the first user of an empty Quay): no authorization at all, not an empty bearer.
    const headers: Record<string, string> = {
      ...(this.settings.token === "" ? {} : { authorization: `Bearer ${this.settings.token}` }),
      accept: "application/json",
      "user-agent": userAgent,
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    let response: Dispatcher.ResponseData;
    let parsed: unknown;
    try {
      const request: Dispatcher.RequestOptions & { retryOptions: RetryHandler.RetryOptions } = {
        origin: this.origin,
        path: this.basePath + path,
        method: route.method,
        headers,
        body,
        headersTimeout: this.settings.timeoutMs,
        bodyTimeout: this.settings.timeoutMs,
        retryOptions: retryOptionsFor({
          retrySafe: route.retrySafe,
          maxRetries: this.settings.maxRetries,
          retryBaseDelayMs: this.settings.retryBaseDelayMs,
          maxRetryDelayMs: this.settings.maxRetryDelayMs,
        }),
      };
      response = await this.dispatcher.request(request);
      parsed = this.redact(parseBody(await response.body.text(), response.headers["content-type"]));
    } catch (error) {
      throw this.transportError(summary, error);
    }
    if (route.ok.includes(response.statusCode)) return parsed as T;
    throw replyError(route, summary, response.statusCode, parsed);
  }

  private transportError(summary: RequestSummary, error: unknown): QuayError {
    const code = (error as { code?: string }).code ?? "";
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return new QuayTimeoutError(summary, this.settings.timeoutMs, error);
    }
    const message = (error as Error).message ?? String(error);
    const tls = tlsAdvice(code || String((error as { cause?: { code?: string } }).cause?.code ?? ""));
    const detail = code ? `${code}: ${message}` : message;
    return new QuayConnectionError(summary, error, this.redactText(tls ? `${detail}. ${tls}` : detail));
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

/** Node's codes for a certificate it could not verify, and what each means. */
const certificateProblems: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "Quay's certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "Quay's certificate chain ends in a CA this machine does not trust",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "Quay's certificate is signed by a CA this machine does not trust",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "Quay's certificate is signed by a CA this machine does not trust",
  UNABLE_TO_GET_ISSUER_CERT: "Quay's certificate is signed by a CA this machine does not trust",
  CERT_HAS_EXPIRED: "Quay's certificate has expired",
  CERT_NOT_YET_VALID: "Quay's certificate is not valid yet",
  ERR_TLS_CERT_ALTNAME_INVALID: "Quay's certificate does not name the host in quay:url",
};

/** What to do about a TLS failure with Node's `code`: the settings that fix it; undefined for other failures. */
function tlsAdvice(code: string): string | undefined {
  const problem = certificateProblems[code];
  if (!problem) return undefined;
  const trust =
    "set quay:caCertificate (PEM text) or quay:caCertificateFile (a PEM file) to the CA that signed it, or, for a " +
    "test instance only, quay:insecureSkipTlsVerify to true";
  return code === "ERR_TLS_CERT_ALTNAME_INVALID" || code.startsWith("CERT_")
    ? `${problem}: use the host name the certificate names in quay:url, or renew it; ${trust}`
    : `${problem}: ${trust}`;
}

/** The typed error for a reply `route` does not accept; `absent` when a declared rule matches a JSON reply. */
export function replyError(route: Route, request: RequestSummary, status: number, body: unknown): QuayApiError {
  const missingRoute = isHtml(body) && [308, 404, 405].includes(status) && route.requires !== undefined;
  const quayMessage = missingRoute
    ? `this Quay does not serve the API route: it needs ${route.requires}`
    : errorMessage(body, status);
  const absent =
    !isHtml(body) &&
    route.absent.some(
      (rule) => rule.status === status && (rule.message === undefined || rule.message.test(quayMessage)),
    );
  const code = absent ? "QUAY_NOT_FOUND" : codeForStatus(status);
  return new QuayApiError(
    code,
    { status, request, body, quayMessage, absent },
    failureText(status, route, request, quayMessage),
  );
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
