/**
 * Finds the handler for a request the way Quay's Werkzeug router does: by the provider's route table
 * and the routes the handler families add, the most specific rule first, with Quay's redirects, 405s
 * and HTML pages for everything else (docs/quay-behavior.md §V.1, §1.9).
 */
import { routeTable } from "../provider/catalog";
import type { Route } from "../provider/quay/routes";
import type { Features, Handler, HandlerFamily } from "./context";
import { families } from "./handlers/index";

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
  handler: Handler;
  enabled: (features: Features) => boolean;
}

function compile(route: Route, handler: Handler, enabled: (features: Features) => boolean): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}|[.*+?^$()|[\]\\]/g, (match, name: string | undefined) => {
    if (!name) return `\\${match}`;
    names.push(name);
    return name === "repository" ? "([^/]+(?:/[^/]+)+)" : "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${source}$`), names, handler, enabled };
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
const compiled: CompiledRoute[] = families
  .flatMap((family) =>
    Object.entries(family.handlers).map(([key, handler]) =>
      compile(servedRoutes[key], handler, family.gates?.[key] ?? (() => true)),
    ),
  )
  .sort((left, right) => staticSegments(right.route.path) - staticSegments(left.route.path));

/** How a request is routed. */
export type RouteMatch =
  | { kind: "found"; route: Route; handler: Handler; params: Record<string, string> }
  /** Quay's 308 to the same path with a trailing slash. */
  | { kind: "redirect" }
  /** An API route exists for the path, but not for the method: Flask-RESTful's JSON 405. */
  | { kind: "method" }
  /** No API route: the web UI's catch-all, an HTML 404 for GET and an HTML 405 otherwise. */
  | { kind: "none" };

/** Routes `method path` (the path below `/api/v1`, already percent-decoded as Quay's WSGI server does). */
export function findRoute(method: string, path: string, features: Features): RouteMatch {
  let pathMatched = false;
  for (const candidate of compiled) {
    if (!candidate.enabled(features)) continue;
    const found = candidate.pattern.exec(path);
    if (!found) continue;
    pathMatched = true;
    if (candidate.route.method !== method) continue;
    const params = Object.fromEntries(candidate.names.map((name, i) => [name, found[i + 1]]));
    return { kind: "found", route: candidate.route, handler: candidate.handler, params };
  }
  // Rules that end in "/" answer the slash-less path with a 308 redirect, whatever the method.
  const slashRule = compiled.some(
    (candidate) =>
      candidate.enabled(features) && candidate.route.path.endsWith("/") && candidate.pattern.test(`${path}/`),
  );
  if (slashRule && !path.endsWith("/")) return { kind: "redirect" };
  if (method === "GET") return path.endsWith("/") ? { kind: "none" } : { kind: "redirect" };
  return pathMatched ? { kind: "method" } : { kind: "none" };
}
