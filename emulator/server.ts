/**
 * The emulator's HTTP server: routes requests as Quay does (`router.ts`), authenticates them like Quay
 * (bearer tokens, browser sessions, CSRF on writes), injects faults, and counts requests per route for
 * tests and benchmarks. Control endpoints live under `/__emulator/` (`control.ts`). An exception a handler
 * did not mean to throw is the emulator's own bug: it is logged with its stack and counted
 * (`emulatorErrors`), never passed off as one of Quay's 500s.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate, csrfHeader } from "./authentication";
import type { Authentication, Features, Handler, QuayVersion, RequestContext } from "./context";
import { control } from "./control";
import { FaultInjector, type FaultSettings } from "./faults";
import { csrfFailure, htmlNotFound, htmlPage, messageError, Reply } from "./replies";
import { findRoute, findWebRoute, type RouteMatch } from "./router";
import { type BrowserSession, csrfMatches, SessionCookies } from "./sessions";
import { defaultResolver } from "./ssrf";
import { EmulatorState } from "./state";

/** The prefix of the emulator's own control endpoints. */
export const controlPrefix = "/__emulator";

/** Request counters, per `METHOD /path/template`, plus concurrency observed and faults injected. */
export interface Metrics {
  requests: Record<string, number>;
  total: number;
  writes: number;
  inFlight: number;
  maxInFlight: number;
  faults: Record<string, number>;
  /**
   * Exceptions the emulator's handlers threw without meaning to: the emulator's own bugs, each logged with
   * its stack to stderr. Resetting the metrics keeps this count, so a test run sees every one.
   */
  emulatorErrors: number;
}

function emptyMetrics(emulatorErrors = 0): Metrics {
  return { requests: {}, total: 0, writes: 0, inFlight: 0, maxInFlight: 0, faults: {}, emulatorErrors };
}

/** Options for {@link EmulatorServer}. */
export interface ServerOptions {
  version: QuayVersion;
  features: Features;
  /** Quay's `AUTHENTICATION_TYPE`. */
  authentication: Authentication;
}

/** A routed request: the route, its handler and what the router took from the path. */
type Found = Extract<RouteMatch, { kind: "found" }>;

/** A running emulator: the state, the metrics and the HTTP server around them. */
export class EmulatorServer {
  readonly state = new EmulatorState();
  metrics: Metrics = emptyMetrics();
  faults = new FaultInjector();
  /** How registry host names resolve for Quay's SSRF checks; replace it to make a name unresolvable or private. */
  resolveHost: (host: string) => string | undefined = defaultResolver;
  private readonly sessions = new SessionCookies();
  private readonly server: Server;

  constructor(readonly options: ServerOptions) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.reportEmulatorError(`${request.method} ${request.url}`, error);
        if (!response.headersSent) send(response, internalServerError());
        else response.destroy();
      });
    });
    this.server.keepAliveTimeout = 60_000;
  }

  /** Starts listening on 127.0.0.1; resolves to the port. */
  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** Stops the server and drops its connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Starts counting again from zero; the count of the emulator's own errors stays. */
  resetMetrics(): void {
    this.metrics = emptyMetrics(this.metrics.emulatorErrors);
  }

  /** Replaces the fault configuration (an empty one turns faults off). */
  setFaults(settings: FaultSettings): void {
    this.faults = new FaultInjector(settings);
  }

  /** An exception no handler meant to throw: logged with its stack to stderr and counted, loudly. */
  private reportEmulatorError(where: string, error: unknown): void {
    this.metrics.emulatorErrors += 1;
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(
      `quay emulator: unexpected error in ${where} (an emulator bug, not Quay's answer):\n${detail}\n`,
    );
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://emulator");
    const raw = await readBody(request);
    if (url.pathname.startsWith(`${controlPrefix}/`)) {
      send(response, control(this, request.method ?? "GET", url.pathname.slice(controlPrefix.length), raw));
      return;
    }
    this.metrics.inFlight += 1;
    this.metrics.maxInFlight = Math.max(this.metrics.maxInFlight, this.metrics.inFlight);
    try {
      const session = this.sessions.read(request.headers.cookie);
      const outcome = await this.dispatch(request, url, raw, session);
      if (outcome.drop) {
        request.socket.destroy();
        return;
      }
      const cookie = this.sessions.setCookie(session);
      send(response, outcome.reply!, cookie);
    } finally {
      this.metrics.inFlight -= 1;
    }
  }

  private count(key: string, method: string): void {
    this.metrics.requests[key] = (this.metrics.requests[key] ?? 0) + 1;
    this.metrics.total += 1;
    this.state.served(key);
    if (method !== "GET" && method !== "HEAD") this.metrics.writes += 1;
  }

  private async dispatch(
    request: IncomingMessage,
    url: URL,
    raw: string,
    session: BrowserSession,
  ): Promise<{ reply?: Reply; drop?: boolean }> {
    const method = request.method ?? "GET";
    const host = request.headers.host ?? "localhost";
    this.state.collectGarbage();
    // Quay's WSGI server hands the router a decoded path: `ns%2Frepo` is `ns/repo` (§V.17).
    const decoded = safeDecode(url.pathname);
    const api = decoded.startsWith("/api/v1/");
    const path = api ? decoded.slice("/api/v1".length) : decoded;
    const { features, version } = this.options;
    const match = api ? findRoute(method, path, features, version) : findWebRoute(method, path, features, version);
    if (match.kind !== "found") {
      this.count("unmatched", method);
      if (!api) return { reply: htmlNotFound() };
      if (match.kind === "redirect") return { reply: redirect(`http://${host}/api/v1${path}/${url.search}`) };
      if (match.kind === "method")
        return { reply: messageError(405, "The method is not allowed for the requested URL.") };
      return { reply: method === "GET" ? htmlNotFound() : methodNotAllowedPage() };
    }
    const { route } = match;
    this.count(`${route.method} ${route.path}`, method);
    if (this.faults.settings.latencyMs > 0) await sleep(this.faults.settings.latencyMs);
    const fault = this.faults.decide(route);
    if (fault) this.metrics.faults[fault.kind] = (this.metrics.faults[fault.kind] ?? 0) + 1;
    if (fault?.kind === "drop") return { drop: true };
    if (fault?.kind === "429") {
      const headers = { "retry-after": String(fault.retryAfterSeconds) };
      return { reply: new Reply(429, { error: "Too Many Requests" }, "application/json", headers) };
    }
    if (fault && fault.kind !== "lost-response") {
      return { reply: htmlPage(Number(fault.kind), `${fault.kind} Service Error`) };
    }
    const reply = await this.apply(request, url, match, raw, session);
    // A lost response: the change is applied, but the client never hears about it.
    return fault?.kind === "lost-response" ? { drop: true } : { reply };
  }

  private async apply(
    request: IncomingMessage,
    url: URL,
    found: Found,
    raw: string,
    session: BrowserSession,
  ): Promise<Reply> {
    const { route, handler, params } = found;
    const { caller, oauth } = authenticate(this.state, request, route, session);
    // Without a valid OAuth token a write must carry the session's CSRF token; else it fails the check,
    // served as text/html (docs/quay-behavior.md §0.17, §V.19).
    const csrfTokenSent = csrfHeader(request);
    if (!oauth && route.method !== "GET" && !found.anonymous && !csrfMatches(session, csrfTokenSent)) {
      return csrfFailure(caller?.user.username);
    }
    const context: RequestContext = {
      method: route.method,
      params,
      query: url.searchParams,
      rawBody: raw,
      contentType: request.headers["content-type"] ?? "",
      caller,
      session,
      csrfTokenSent,
      host: request.headers.host ?? "localhost",
      authentication: this.options.authentication,
      resolveHost: (name) => this.resolveHost(name),
      state: this.state,
      version: this.options.version,
      features: this.options.features,
    };
    try {
      const result = await invoke(handler, context);
      return new Reply(result.status, result.body, result.contentType, result.headers);
    } catch (error) {
      if (error instanceof Reply) return error;
      this.reportEmulatorError(`${route.method} ${route.path}`, error);
      return internalServerError();
    }
  }
}

/** Runs a handler; whatever it throws, synchronously or not, comes back as a rejection. */
async function invoke(handler: Handler, context: RequestContext) {
  return handler(context);
}

/** Werkzeug's 308 to the same path with a trailing slash (docs/quay-behavior.md §V.1). */
function redirect(location: string): Reply {
  const page =
    "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n" +
    `<p>You should be redirected automatically to the target URL: <a href="${location}">${location}</a>. If not, click the link.\n`;
  return new Reply(308, page, "text/html; charset=utf-8", { location });
}

/** Werkzeug's HTML 405 for a method the web UI's catch-all does not take. */
function methodNotAllowedPage(): Reply {
  return htmlPage(405, "Method Not Allowed");
}

/** The page gunicorn serves for an uncaught exception, here one of the emulator's. */
function internalServerError(): Reply {
  return htmlPage(500, "Internal Server Error");
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, reply: Reply, cookie?: string): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (cookie) headers["set-cookie"] = cookie;
  let payload = "";
  if (reply.body !== undefined && reply.status !== 204) {
    payload =
      reply.contentType.includes("json") || typeof reply.body !== "string" ? JSON.stringify(reply.body) : reply.body;
  }
  headers["content-type"] = reply.contentType;
  headers["content-length"] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, headers);
  response.end(payload);
}
