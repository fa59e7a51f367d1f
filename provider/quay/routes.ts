/**
 * Every Quay API v1 endpoint this library calls, declared once: method, path template, the statuses
 * that mean success, the answers that mean "absent", and whether a retry is safe. The client uses
 * these to judge replies; the emulator keys its handlers by the same route keys.
 */

/** HTTP methods Quay's API uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** An answer that means "the object does not exist", which Quay often gives as a 400 with a message. */
export interface AbsentRule {
  /** The status Quay answers with. */
  status: number;
  /** When set, the normalised message must match too (for Quay's "400 means not found" answers). */
  message?: RegExp;
}

/** One endpoint of Quay's API. */
export interface Route {
  /** The key of this route in {@link routes}, e.g. `getOrganization`. */
  key: string;
  /** HTTP method. */
  method: HttpMethod;
  /** Path template below `/api/v1`, with `{placeholders}`; trailing slashes are significant in Quay. */
  path: string;
  /** Statuses that mean success for this endpoint (Quay's success codes are irregular). */
  ok: readonly number[];
  /** Answers that mean the object is absent; the client raises them as `QUAY_NOT_FOUND`. */
  absent: readonly AbsentRule[];
  /** Whether repeating the request after a 5xx or a dropped connection cannot do harm. */
  retrySafe: boolean;
}

type RouteSpec = Omit<Route, "key" | "absent" | "retrySafe"> & Partial<Pick<Route, "absent" | "retrySafe">>;

function defineRoutes<T extends Record<string, RouteSpec>>(specs: T): { [K in keyof T]: Route } {
  const table = {} as { [K in keyof T]: Route };
  for (const key of Object.keys(specs) as (keyof T & string)[]) {
    const spec = specs[key];
    table[key] = { key, absent: [], retrySafe: spec.method !== "POST", ...spec };
  }
  return table;
}

/** The route table. Add a route here, then give the emulator a handler for it. */
export const routes = defineRoutes({
  /** GET /user/ — the caller; `super_user` tells whether it is a superuser. */
  getCurrentUser: { method: "GET", path: "/user/", ok: [200] },
  /** POST /organization/ — answers 201 with the bare JSON string "Created". */
  createOrganization: { method: "POST", path: "/organization/", ok: [201] },
  /** GET /organization/{orgname} — the org view; 404 when missing. */
  getOrganization: { method: "GET", path: "/organization/{orgname}", ok: [200], absent: [{ status: 404 }] },
  /** PUT /organization/{orgname} — partial update of e-mail and tag expiration. */
  updateOrganization: {
    method: "PUT",
    path: "/organization/{orgname}",
    ok: [200],
    absent: [{ status: 404 }],
  },
  /** DELETE /organization/{orgname} — asynchronous in Quay; the name stays taken until purged. */
  deleteOrganization: {
    method: "DELETE",
    path: "/organization/{orgname}",
    ok: [204],
    absent: [{ status: 404 }],
  },
});

/** The key of a route in {@link routes}. */
export type RouteKey = keyof typeof routes;
