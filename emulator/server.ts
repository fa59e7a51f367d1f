/**
 * The emulator's HTTP server: routes requests by the provider's own route table, authenticates them
 * like Quay (bearer tokens, CSRF on writes), answers unknown paths with Quay's HTML page, and counts
 * requests per route for tests and benchmarks. Control endpoints live under `/__emulator/`, a prefix
 * real Quay does not use.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Route, routes } from "../provider/quay/routes";
import type { Features, Handler, QuayVersion, RequestContext } from "./context";
import { FaultInjector, type FaultSettings } from "./faults";
import { mirrorHandlers, mirrorRouteKeys } from "./handlers/mirrors";
import { notificationHandlers } from "./handlers/notifications";
import { organizationHandlers } from "./handlers/organizations";
import { permissionHandlers } from "./handlers/permissions";
import { prototypeHandlers } from "./handlers/prototypes";
import { repositoryHandlers } from "./handlers/repositories";
import { robotHandlers } from "./handlers/robots";
import { teamHandlers } from "./handlers/teams";
import { userHandlers } from "./handlers/users";
import { abortError, htmlNotFound, messageError, Reply } from "./replies";
import { EmulatorState } from "./state";

/** The prefix of the emulator's own control endpoints. */
export const controlPrefix = "/__emulator";

/** Every route handler, by route key. A consistency test checks that each route has one. */
export const handlers: Partial<Record<string, Handler>> = {
  ...userHandlers,
  ...organizationHandlers,
  ...repositoryHandlers,
  ...teamHandlers,
  ...permissionHandlers,
  ...prototypeHandlers,
  ...notificationHandlers,
  ...mirrorHandlers,
  ...robotHandlers,
};

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}|[.*+?^$()|[\]\\]/g, (match, name: string | undefined) => {
    if (!name) return `\\${match}`;
    names.push(name);
    return name === "repository" ? "([^/]+(?:/[^/]+)+)" : "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

/**
 * Most specific first, as Werkzeug orders rules: more static segments win, so
 * `/repository/{repository}/notification/` is not taken for a nested repository name.
 */
const compiled = Object.values(routes)
  .map(compile)
  .sort((left, right) => staticSegments(right.route.path) - staticSegments(left.route.path));

function staticSegments(path: string): number {
  return path.split("/").filter((segment) => segment !== "" && !segment.startsWith("{")).length;
}

/** Request counters, per `METHOD /path/template`, plus concurrency observed and faults injected. */
export interface Metrics {
  requests: Record<string, number>;
  total: number;
  writes: number;
  inFlight: number;
  maxInFlight: number;
  faults: Record<string, number>;
}

function emptyMetrics(): Metrics {
  return { requests: {}, total: 0, writes: 0, inFlight: 0, maxInFlight: 0, faults: {} };
}

/** Options for {@link EmulatorServer}. */
export interface ServerOptions {
  version: QuayVersion;
  features: Features;
}

/** A running emulator: the state, the metrics and the HTTP server around them. */
export class EmulatorServer {
  readonly state = new EmulatorState();
  metrics: Metrics = emptyMetrics();
  faults = new FaultInjector();
  private readonly server: Server;

  constructor(readonly options: ServerOptions) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        // An uncaught exception in Quay is a 500 with a non-JSON body (quay-behavior.md §1.4).
        send(response, new Reply(500, `Internal Server Error: ${(error as Error).message}`, "text/plain"));
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

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://emulator");
    const raw = await readBody(request);
    if (url.pathname.startsWith(`${controlPrefix}/`)) {
      send(response, this.control(request.method ?? "GET", url.pathname.slice(controlPrefix.length), raw));
      return;
    }
    this.metrics.inFlight += 1;
    this.metrics.maxInFlight = Math.max(this.metrics.maxInFlight, this.metrics.inFlight);
    try {
      const outcome = await this.dispatch(request, url, raw);
      if (outcome.drop) {
        request.socket.destroy();
      } else {
        send(response, outcome.reply!);
      }
    } finally {
      this.metrics.inFlight -= 1;
    }
  }

  /** Starts counting again from zero. */
  resetMetrics(): void {
    this.metrics = emptyMetrics();
  }

  /** Replaces the fault configuration (an empty one turns faults off). */
  setFaults(settings: FaultSettings): void {
    this.faults = new FaultInjector(settings);
  }

  private count(key: string, method: string): void {
    this.metrics.requests[key] = (this.metrics.requests[key] ?? 0) + 1;
    this.metrics.total += 1;
    if (method !== "GET" && method !== "HEAD") this.metrics.writes += 1;
  }

  private async dispatch(request: IncomingMessage, url: URL, raw: string): Promise<{ reply?: Reply; drop?: boolean }> {
    const method = request.method ?? "GET";
    if (!url.pathname.startsWith("/api/v1/")) {
      this.count("unmatched", method);
      return { reply: htmlNotFound() };
    }
    const path = url.pathname.slice("/api/v1".length);
    const match = findRoute(method, path, this.options.features);
    if (match.kind !== "found") {
      this.count("unmatched", method);
      if (match.kind === "redirect") {
        return { reply: new Reply(308, undefined, "text/html", { location: `/api/v1${path}/${url.search}` }) };
      }
      return {
        reply:
          match.kind === "method"
            ? messageError(405, "The method is not allowed for the requested URL.")
            : htmlNotFound(),
      };
    }
    const { route, params } = match;
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
      const text = `<html><body><h1>${fault.kind} Service Error</h1></body></html>`;
      return { reply: new Reply(Number(fault.kind), text, "text/html") };
    }
    const reply = await this.apply(request, url, route, params, raw);
    // A lost response: the change is applied, but the client never hears about it.
    return fault?.kind === "lost-response" ? { drop: true } : { reply };
  }

  private async apply(
    request: IncomingMessage,
    url: URL,
    route: Route,
    params: Record<string, string>,
    raw: string,
  ): Promise<Reply> {
    const method = route.method;
    const host = request.headers.host ?? "localhost";
    const handler = handlers[route.key];
    if (!handler) return htmlNotFound();
    const token = bearerToken(request.headers.authorization);
    const record = token ? this.state.tokens.get(token) : undefined;
    const user = record ? this.state.users.get(record.username) : undefined;
    // An invalid or missing token does not abort: the request runs anonymously, and writes then
    // fail the CSRF check (quay-behavior.md §0.17).
    if (!user && method !== "GET") return abortError(403, "CSRF token was invalid or missing.");
    let body: unknown;
    if (raw !== "") {
      const type = request.headers["content-type"] ?? "";
      if (!type.includes("application/json")) {
        return messageError(
          415,
          "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.",
        );
      }
      try {
        body = JSON.parse(raw);
      } catch (error) {
        return messageError(400, `Failed to decode JSON object: ${(error as Error).message}`);
      }
    }
    const context: RequestContext = {
      method,
      params,
      query: url.searchParams,
      body,
      caller: user && record ? { user, scopes: record.scopes } : undefined,
      host,
      state: this.state,
      version: this.options.version,
      features: this.options.features,
    };
    try {
      const result = await handler(context);
      return new Reply(result.status, result.body);
    } catch (error) {
      if (error instanceof Reply) return error;
      throw error;
    }
  }

  /** `/__emulator/...`: metrics, state, users and tokens, garbage collection, faults and feature flags. */
  private control(method: string, path: string, raw: string): Reply {
    let body: Record<string, unknown>;
    try {
      body = raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
    } catch (error) {
      return messageError(400, `control body is not JSON: ${(error as Error).message}`);
    }
    const key = `${method} ${path}`;
    switch (key) {
      case "GET /faults":
        return new Reply(200, { ...this.faults.settings, injected: this.faults.injected });
      case "PUT /faults":
        try {
          this.setFaults(body as FaultSettings);
        } catch (error) {
          return messageError(400, (error as Error).message);
        }
        return new Reply(200, this.faults.settings);
      case "DELETE /faults":
        this.setFaults({});
        return new Reply(204, undefined);
      case "GET /features":
        return new Reply(200, this.options.features);
      case "PUT /features":
        Object.assign(this.options.features, body);
        return new Reply(200, this.options.features);
      case "GET /metrics":
        return new Reply(200, this.metrics);
      case "POST /metrics/reset":
        this.resetMetrics();
        return new Reply(200, this.metrics);
      case "GET /state":
        return new Reply(200, this.state.dump());
      case "POST /purge":
        return new Reply(200, { purged: this.state.purgeDeletedNamespaces() });
      case "POST /users": {
        const username = String(body.username);
        this.state.addUser(username, { superuser: body.superuser === true, email: body.email as string | undefined });
        return new Reply(200, { username, token: this.state.issueToken(username, body.scopes as never) });
      }
      default:
        return messageError(404, `no control endpoint ${key}`);
    }
  }
}

type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "redirect" }
  | { kind: "method" }
  | { kind: "none" };

/** Routes of a feature that is off do not exist: Quay serves its HTML page instead (§1.9). */
function routeEnabled(route: Route, features: Features): boolean {
  return features.repoMirror || !mirrorRouteKeys.includes(route.key as never);
}

function findRoute(method: string, path: string, features: Features): RouteMatch {
  let pathMatched = false;
  for (const candidate of compiled) {
    if (!routeEnabled(candidate.route, features)) continue;
    const found = candidate.pattern.exec(path);
    if (!found) continue;
    pathMatched = true;
    if (candidate.route.method !== method) continue;
    const params = Object.fromEntries(candidate.names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
    return { kind: "found", route: candidate.route, params };
  }
  // A GET falls through to the web UI's catch-all, which serves its HTML page; other methods get 405 (§1.9).
  if (pathMatched) return method === "GET" ? { kind: "none" } : { kind: "method" };
  // Rules that end in "/" answer the slash-less path with a 308 redirect (quay-behavior.md §1.9).
  if (compiled.some((candidate) => candidate.route.path.endsWith("/") && candidate.pattern.test(`${path}/`))) {
    return { kind: "redirect" };
  }
  return { kind: "none" };
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

function bearerToken(header: string | undefined): string | undefined {
  const found = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return found ? found[1] : undefined;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = "";
  if (reply.body !== undefined && reply.status !== 204) {
    payload = reply.contentType.includes("json") ? JSON.stringify(reply.body) : String(reply.body);
    headers["content-type"] = reply.contentType;
  }
  headers["content-length"] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, headers);
  response.end(payload);
}
