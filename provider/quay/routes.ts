/**
 * How an endpoint of Quay's API is declared: method, path template, the statuses that mean success,
 * the answers that mean "absent", the OAuth scope it needs, and whether a retry is safe. Each resource
 * kind declares the routes it calls beside its CRUD (`provider/resources/<kind>.ts`); the client judges
 * replies by them and the emulator keys its handlers by their keys. Routes no kind owns live here.
 */

/** HTTP methods Quay's API uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** OAuth scopes a Quay token can carry (docs/quay-behavior.md §1.2). */
export type Scope =
  | "repo:read"
  | "repo:write"
  | "repo:admin"
  | "repo:create"
  | "user:read"
  | "user:admin"
  | "org:admin"
  | "super:user";

/**
 * A reply that means "the object does not exist", which Quay often gives as a 400 with a message.
 * Only a JSON reply can match: an HTML page (a route that does not exist, a feature switched off)
 * never means absent.
 */
export interface AbsentRule {
  /** The status Quay answers with. */
  status: number;
  /** When set, the normalised message must match too (for Quay's "400 means not found" answers). */
  message?: RegExp;
}

/** One endpoint of Quay's API. */
export interface Route {
  /** The key of this route, unique across every table, e.g. `getOrganization`. */
  key: string;
  /** HTTP method. */
  method: HttpMethod;
  /** Path template below `/api/v1`, with `{placeholders}`; trailing slashes are significant in Quay. */
  path: string;
  /** Statuses that mean success for this endpoint (Quay's success codes are irregular). */
  ok: readonly number[];
  /** Replies that mean the object is absent: `QuayClient.find` resolves them to undefined. */
  absent: readonly AbsentRule[];
  /** The OAuth scope the call needs; named in 401/403 errors. */
  scope: Scope;
  /** Whether repeating the request after a 5xx or a dropped connection cannot do harm. */
  retrySafe: boolean;
  /**
   * What a Quay must have for the route to exist (a feature flag, a release), named when Quay answers with
   * its web page instead: `FEATURE_QUOTA_MANAGEMENT (Quay 3.7 or later)`.
   */
  requires?: string;
}

/** What a route table entry states; `absent` defaults to none and `retrySafe` to "not a POST". */
export type RouteSpec = Omit<Route, "key" | "absent" | "retrySafe"> & Partial<Pick<Route, "absent" | "retrySafe">>;

/** Builds a route table: each entry gets its key and the defaults. */
export function defineRoutes<T extends Record<string, RouteSpec>>(specs: T): { [K in keyof T]: Route } {
  const table = {} as { [K in keyof T]: Route };
  for (const key of Object.keys(specs) as (keyof T & string)[]) {
    const spec = specs[key];
    table[key] = { key, absent: [], retrySafe: spec.method !== "POST", ...spec };
  }
  return table;
}

/** A JSON 404: Quay's NotFound ApiError. */
export const notFound: AbsentRule = { status: 404 };

/** Routes that belong to no resource kind. */
export const commonRoutes = defineRoutes({
  /** GET /user/ — the caller; `super_user` tells whether it is a superuser. Needs `user:read` (§V.11). */
  getCurrentUser: { method: "GET", path: "/user/", ok: [200], scope: "user:read" },
  /** GET /users/{username} — public information about a user; 404 for organizations and missing names. */
  getUser: { method: "GET", path: "/users/{username}", ok: [200], absent: [notFound], scope: "user:read" },
  /**
   * GET /repository?namespace= — paginated by `next_page`, 100 per page: the Repository kind reads these,
   * and an organization's delete checks that it holds none the stack does not manage.
   */
  listRepositories: { method: "GET", path: "/repository", ok: [200], scope: "repo:read" },
  /**
   * POST /user/initialize — the first user of an empty database, with `access_token: true` an OAuth token
   * with every scope; no token needed. Needs FEATURE_USER_INITIALIZE and database authentication.
   */
  initializeUser: {
    method: "POST",
    path: "/user/initialize",
    ok: [200],
    scope: "user:admin",
    requires: "FEATURE_USER_INITIALIZE with database authentication",
  },
});
