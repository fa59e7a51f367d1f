/**
 * Finds the handler for a request the way Quay's Werkzeug router does: by the provider's route table
 * and the routes the handler families add, the most specific rule first, with Quay's redirects, 405s
 * and HTML pages for everything else (docs/quay-behavior.md §V.1, §1.9).
 */
import { routeTable } from "../provider/catalog";
import type { Route } from "../provider/quay/routes";
import { atLeast, type Features, type Handler, type HandlerFamily, type QuayVersion } from "./context";
import { families } from "./handlers/index";

/** Whether a route exists on a Quay of this version with these features. */
type Enabled = (features: Features, version: QuayVersion) => boolean;

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
  handler: Handler;
  enabled: Enabled;
  /** Whether a write without a token reaches the handler (no CSRF check). */
  anonymous: boolean;
}

function compile(route: Route, handler: Handler, enabled: Enabled, anonymous: boolean): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}|[.*+?^$()|[\]\\]/g, (match, name: string | undefined) => {
    if (!name) return `\\${match}`;
    names.push(name);
    return name === "repository" ? "([^/]+(?:/[^/]+)+)" : "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${source}$`), names, handler, enabled, anonymous };
}

function staticSegments(path: string): number {
  return path.split("/").filter((segment) => segment !== "" && !segment.startsWith("{")).length;
}

/** Every route the emulator serves, by key: the provider's and the families' own. */
export const servedRoutes: Readonly<Record<string, Route>> = (() => {
  const table: Record<string, Route> = { ...routeTable };
  for (const family of families) {
    for (const route of Object.values(family.routes ?? {})) {
      if (table[route.key]) throw new Error(`route ${route.key} is declared by a kind and by a handler family`);
      table[route.key] = route;
    }
  }
  return table;
})();

/** Route keys with no handler, and handler keys with no route: both must be empty. */
export function unservedRoutes(): { withoutHandler: string[]; withoutRoute: string[] } {
  const handled = new Set(families.flatMap((family: HandlerFamily) => Object.keys(family.handlers)));
  return {
    withoutHandler: Object.keys(servedRoutes).filter((key) => !handled.has(key)),
    withoutRoute: [...handled].filter((key) => !(key in servedRoutes)),
  };
}

/**
 * Most specific first, as Werkzeug orders rules: more static segments win, so
 * `/repository/{repository}/notification/` is not taken for a nested repository name.
 */
const compiled: CompiledRoute[] = (() => {
  // A family may gate a route another family serves (mirroring gates the repository's changestate).
  const gates = Object.assign({}, ...families.map((family) => family.gates ?? {}));
  const since: Record<string, QuayVersion> = Object.assign({}, ...families.map((family) => family.versionGates ?? {}));
  return families
    .flatMap((family) =>
      Object.entries(family.handlers).map(([key, handler]) =>
        compile(
          servedRoutes[key],
          handler,
          (features, version) => {
            const gate = gates[key] as ((features: Features) => boolean) | undefined;
            return (gate?.(features) ?? true) && (since[key] === undefined || atLeast(version, since[key]));
          },
          family.anonymousWrites?.includes(key) ?? false,
        ),
      ),
    )
    .sort((left, right) => staticSegments(right.route.path) - staticSegments(left.route.path));
})();

/** How a request is routed. */
export type RouteMatch =
  | { kind: "found"; route: Route; handler: Handler; params: Record<string, string>; anonymous: boolean }
  /** Quay's 308 to the same path with a trailing slash. */
  | { kind: "redirect" }
  /** An API route exists for the path, but not for the method: Flask-RESTful's JSON 405. */
  | { kind: "method" }
  /** No API route: the web UI's catch-all, an HTML 404 for GET and an HTML 405 otherwise. */
  | { kind: "none" };

/**
 * Routes `method path` (below `/api/v1`, already percent-decoded as Quay's WSGI server does). Rules are
 * tried most specific first; a rule that ends in "/" and matches the path plus a slash redirects, as
 * Werkzeug's strict slashes do, before a less specific rule can take the path (§V.1).
 */
export function findRoute(method: string, path: string, features: Features, version: QuayVersion): RouteMatch {
  let pathMatched = false;
  for (const candidate of compiled) {
    if (!candidate.enabled(features, version)) continue;
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
    if (!pathMatched && candidate.route.path.endsWith("/") && candidate.pattern.test(`${path}/`)) {
      return { kind: "redirect" };
    }
  }
  if (method === "GET") return path.endsWith("/") ? { kind: "none" } : { kind: "redirect" };
  return pathMatched ? { kind: "method" } : { kind: "none" };
}
