/**
 * Finds the handler for a request the way Quay's Werkzeug router does: by the routes the handler
 * families declare, in their own terms, the most specific rule first, with Quay's redirects, 405s and
 * HTML pages for everything else (docs/quay-behavior.md §V.1, §1.9). The emulator does not read the
 * provider's route table: `test/routes.test.ts` checks the two against each other and against real Quay.
 */
import {
  atLeast,
  type Features,
  type Handler,
  type HandlerFamily,
  type HttpMethod,
  type QuayVersion,
  type RouteRule,
  type ServedRoute,
} from "./context";
import { families } from "./handlers/index";

/** Whether a route exists on a Quay of this version with these features. */
type Enabled = (features: Features, version: QuayVersion) => boolean;

interface CompiledRoute {
  route: ServedRoute;
  pattern: RegExp;
  names: string[];
  handler: Handler;
  enabled: Enabled;
  /** Whether a write reaches the handler without the CSRF check (Quay's web routes that skip it). */
  anonymous: boolean;
}

/** `METHOD /path` split into a route; throws for a rule that is not one. */
function parseRule(key: string, rule: RouteRule, web: boolean): ServedRoute {
  const found = /^(GET|POST|PUT|DELETE) (\/\S*)$/.exec(rule);
  if (!found) throw new Error(`route ${key}: "${rule}" is not "METHOD /path"`);
  return { key, method: found[1] as HttpMethod, path: found[2], web };
}

/** A regular expression for a path template: `{repository}` spans `namespace/name` and nested names. */
function templatePattern(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path.replace(/\{(\w+)\}|[.*+?^$()|[\]\\]/g, (match, name: string | undefined) => {
    if (!name) return `\\${match}`;
    names.push(name);
    return name === "repository" ? "([^/]+(?:/[^/]+)+)" : "([^/]+)";
  });
  return { pattern: new RegExp(`^${source}$`), names };
}

function staticSegments(path: string): number {
  return path.split("/").filter((segment) => segment !== "" && !segment.startsWith("{")).length;
}

/** Every route of every family, each with its handler; a family's handler without a route (or the reverse) is an error. */
function familyRoutes(family: HandlerFamily, index: number): { route: ServedRoute; handler: Handler }[] {
  const rules = [
    ...Object.entries(family.routes).map(([key, rule]) => parseRule(key, rule, false)),
    ...Object.entries(family.webRoutes ?? {}).map(([key, rule]) => parseRule(key, rule, true)),
  ];
  const declared = new Set(rules.map((route) => route.key));
  const unrouted = Object.keys(family.handlers).filter((key) => !declared.has(key));
  const unhandled = rules.filter((route) => !family.handlers[route.key]).map((route) => route.key);
  if (unrouted.length > 0 || unhandled.length > 0) {
    throw new Error(
      `handler family ${index}: handlers without a route: [${unrouted.join(", ")}]; routes without a handler: [${unhandled.join(", ")}]`,
    );
  }
  return rules.map((route) => ({ route, handler: family.handlers[route.key] }));
}

/** Every route the emulator serves, by key. */
export const servedRoutes: Readonly<Record<string, ServedRoute>> = (() => {
  const table: Record<string, ServedRoute> = {};
  for (const [index, family] of families.entries()) {
    for (const { route } of familyRoutes(family, index)) {
      if (table[route.key]) throw new Error(`route ${route.key} is declared by two handler families`);
      table[route.key] = route;
    }
  }
  return table;
})();

/**
 * Most specific first, as Werkzeug orders rules: more static segments win, so
 * `/repository/{repository}/notification/` is not taken for a nested repository name.
 */
const compiled: CompiledRoute[] = (() => {
  // A family may gate a route another family serves (mirroring gates the repository's changestate).
  const gates = Object.assign({}, ...families.map((family) => family.gates ?? {}));
  const since: Record<string, QuayVersion> = Object.assign({}, ...families.map((family) => family.versionGates ?? {}));
  return families
    .flatMap((family, index) =>
      familyRoutes(family, index).map(({ route, handler }) => {
        const gate = gates[route.key] as ((features: Features) => boolean) | undefined;
        const enabled: Enabled = (features, version) =>
          (gate?.(features) ?? true) && (since[route.key] === undefined || atLeast(version, since[route.key]));
        const anonymous = family.anonymousWrites?.includes(route.key) ?? false;
        return { route, ...templatePattern(route.path), handler, enabled, anonymous };
      }),
    )
    .sort((left, right) => staticSegments(right.route.path) - staticSegments(left.route.path));
})();

/** How a request is routed. */
export type RouteMatch =
  | { kind: "found"; route: ServedRoute; handler: Handler; params: Record<string, string>; anonymous: boolean }
  /** Quay's 308 to the same path with a trailing slash. */
  | { kind: "redirect" }
  /** An API route exists for the path, but not for the method: Flask-RESTful's JSON 405. */
  | { kind: "method" }
  /** No route: the web UI's catch-all, an HTML 404 for GET and an HTML 405 otherwise. */
  | { kind: "none" };

function match(method: string, path: string, web: boolean, enabled: (route: CompiledRoute) => boolean): RouteMatch {
  let pathMatched = false;
  for (const candidate of compiled) {
    if (candidate.route.web !== web || !enabled(candidate)) continue;
    const found = candidate.pattern.exec(path);
    if (found) {
      pathMatched = true;
      if (candidate.route.method !== method) continue;
      const params = Object.fromEntries(candidate.names.map((name, i) => [name, found[i + 1]]));
      return {
        kind: "found",
        route: candidate.route,
        handler: candidate.handler,
        params,
        anonymous: candidate.anonymous,
      };
    }
    if (!web && !pathMatched && candidate.route.path.endsWith("/") && candidate.pattern.test(`${path}/`)) {
      return { kind: "redirect" };
    }
  }
  if (web) return { kind: "none" };
  if (method === "GET") return path.endsWith("/") ? { kind: "none" } : { kind: "redirect" };
  return pathMatched ? { kind: "method" } : { kind: "none" };
}

/**
 * Routes `method path` (below `/api/v1`, already percent-decoded as Quay's WSGI server does). Rules are
 * tried most specific first; a rule that ends in "/" and matches the path plus a slash redirects, as
 * Werkzeug's strict slashes do, before a less specific rule can take the path (§V.1).
 */
export function findRoute(method: string, path: string, features: Features, version: QuayVersion): RouteMatch {
  return match(method, path, false, (candidate) => candidate.enabled(features, version));
}

/** Routes a request outside `/api/v1` to one of Quay's web routes the families serve, or to none. */
export function findWebRoute(method: string, path: string, features: Features, version: QuayVersion): RouteMatch {
  return match(method, path, true, (candidate) => candidate.enabled(features, version));
}

/** A route another table declares: `method` and `path` below `/api/v1`. */
export interface DeclaredRoute {
  key: string;
  method: string;
  path: string;
}

/** A path that a template matches: each placeholder filled with a value no static segment has. */
function samplePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => (name === "repository" ? "sample-ns/sample-repo" : "x0"));
}

/** A template with its placeholders' names dropped: two rules with the same shape route the same requests. */
function shape(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => (name === "repository" ? "{repository}" : "{}"));
}

/**
 * What does not line up between `declared` (the provider's route table) and the routes the emulator
 * serves, whatever the features and version: declared routes no emulator rule of the same method and path
 * serves, and emulator routes no request can reach (a more specific rule takes their requests). Both
 * must be empty.
 */
export function unservedRoutes(declared: readonly DeclaredRoute[]): {
  withoutHandler: string[];
  withoutRoute: string[];
} {
  const open = () => true;
  const servedAs = (method: string, path: string) => {
    const found = match(method, samplePath(path), false, open);
    return found.kind === "found" ? found.route : undefined;
  };
  const withoutHandler = declared
    .filter((route) => {
      const served = servedAs(route.method, route.path);
      return served === undefined || shape(served.path) !== shape(route.path);
    })
    .map((route) => `${route.key} (${route.method} ${route.path})`);
  const withoutRoute = compiled
    .filter(({ route }) => {
      const found = match(route.method, samplePath(route.path), route.web, open);
      return found.kind !== "found" || found.route !== route;
    })
    .map(({ route }) => `${route.key} (${route.method} ${route.path})`);
  return { withoutHandler, withoutRoute };
}
