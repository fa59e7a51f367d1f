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

/** Quay answers 400 `{"message": …}` for these missing objects instead of 404 (quay-behavior.md §0.2). */
const missingRobot = { status: 400, message: /^Could not find robot with specified username/ };
const missingUserPermission = { status: 400, message: /^User does not have permission for repo/ };
const missingTeamPermission = { status: 400, message: /^Team does not have permission for repo/ };
const missingTeam = { status: 400, message: /^Team '.*' is not a team in org/ };
const missingNotification = { status: 400, message: /^No repository notification found/ };

/** The route table. Add a route here, then give the emulator a handler for it. */
export const routes = defineRoutes({
  // Users (quay-behavior.md §14)
  /** GET /user/ — the caller; `super_user` tells whether it is a superuser. */
  getCurrentUser: { method: "GET", path: "/user/", ok: [200] },
  /** GET /users/{username} — public information about a user. */
  getUser: { method: "GET", path: "/users/{username}", ok: [200], absent: [{ status: 404 }] },
  /** POST /superuser/users/ — creates a user (database auth); answers 200 with a generated password. */
  createUser: { method: "POST", path: "/superuser/users/", ok: [200] },

  // Organizations (§2)
  /** POST /organization/ — answers 201 with the bare JSON string "Created". */
  createOrganization: { method: "POST", path: "/organization/", ok: [201] },
  /** GET /organization/{orgname} — the org view, with its teams for members; 404 when missing. */
  getOrganization: { method: "GET", path: "/organization/{orgname}", ok: [200], absent: [{ status: 404 }] },
  /** PUT /organization/{orgname} — partial update of e-mail and tag expiration. */
  updateOrganization: { method: "PUT", path: "/organization/{orgname}", ok: [200], absent: [{ status: 404 }] },
  /** DELETE /organization/{orgname} — asynchronous in Quay; the name stays taken until purged. */
  deleteOrganization: { method: "DELETE", path: "/organization/{orgname}", ok: [204], absent: [{ status: 404 }] },
  /** GET /organization/{orgname}/members — human members with their teams; not paginated. */
  listOrganizationMembers: { method: "GET", path: "/organization/{orgname}/members", ok: [200] },
  /** GET /organization/{orgname}/members/{membername} — one member (users, or robots of the org). */
  getOrganizationMember: {
    method: "GET",
    path: "/organization/{orgname}/members/{membername}",
    ok: [200],
    absent: [{ status: 404 }],
  },
  /** DELETE /organization/{orgname}/members/{membername} — removes a user from every team and repo. */
  removeOrganizationMember: { method: "DELETE", path: "/organization/{orgname}/members/{membername}", ok: [204] },
  /** GET /organization/{orgname}/collaborators — users with repository permissions who are in no team. */
  listOrganizationCollaborators: { method: "GET", path: "/organization/{orgname}/collaborators", ok: [200] },

  // Repositories (§4)
  /** POST /repository — answers 201 `{namespace, name, kind}`. */
  createRepository: { method: "POST", path: "/repository", ok: [201] },
  /** GET /repository?namespace= — paginated by `next_page`, 100 per page. */
  listRepositories: { method: "GET", path: "/repository", ok: [200] },
  /** GET /repository/{repository} — 404 for admins, 403 for others, when missing. */
  getRepository: { method: "GET", path: "/repository/{repository}", ok: [200], absent: [{ status: 404 }] },
  /** PUT /repository/{repository} — changes the description only. */
  updateRepository: { method: "PUT", path: "/repository/{repository}", ok: [200], absent: [{ status: 404 }] },
  /** DELETE /repository/{repository} — 204, also when the repository is already gone. */
  deleteRepository: { method: "DELETE", path: "/repository/{repository}", ok: [204], absent: [{ status: 404 }] },
  /** POST /repository/{repository}/changevisibility — `{visibility}`; 200 null when the repository is missing. */
  changeRepositoryVisibility: {
    method: "POST",
    path: "/repository/{repository}/changevisibility",
    ok: [200],
    retrySafe: true,
  },
  /** PUT /repository/{repository}/changestate — NORMAL, READ_ONLY or MIRROR; needs FEATURE_REPO_MIRROR. */
  changeRepositoryState: { method: "PUT", path: "/repository/{repository}/changestate", ok: [200] },

  // Teams (§5)
  /** PUT /organization/{orgname}/team/{teamname} — create or update (an upsert); 200 team view. */
  upsertTeam: { method: "PUT", path: "/organization/{orgname}/team/{teamname}", ok: [200] },
  /** DELETE /organization/{orgname}/team/{teamname} — 400 `{"message"}` when the team is missing. */
  deleteTeam: { method: "DELETE", path: "/organization/{orgname}/team/{teamname}", ok: [204], absent: [missingTeam] },
  /** GET /organization/{orgname}/team/{teamname}/members — members and, optionally, pending invites. */
  listTeamMembers: {
    method: "GET",
    path: "/organization/{orgname}/team/{teamname}/members",
    ok: [200],
    absent: [{ status: 404 }],
  },
  /** PUT /organization/{orgname}/team/{teamname}/members/{membername} — adds (or invites) a member. */
  addTeamMember: { method: "PUT", path: "/organization/{orgname}/team/{teamname}/members/{membername}", ok: [200] },
  /** DELETE /organization/{orgname}/team/{teamname}/members/{membername} — removes a member or an invite. */
  removeTeamMember: {
    method: "DELETE",
    path: "/organization/{orgname}/team/{teamname}/members/{membername}",
    ok: [204],
    absent: [{ status: 400, message: /does not belong to team/ }],
  },
  /** GET /organization/{orgname}/team/{teamname}/permissions — the team's repository roles. */
  listTeamPermissions: { method: "GET", path: "/organization/{orgname}/team/{teamname}/permissions", ok: [200] },

  // Repository permissions (§6)
  /** GET /repository/{repository}/permissions/user/ — user and robot roles, keyed by name. */
  listUserPermissions: { method: "GET", path: "/repository/{repository}/permissions/user/", ok: [200] },
  /** GET /repository/{repository}/permissions/user/{username} — 400 when the user has no role. */
  getUserPermission: {
    method: "GET",
    path: "/repository/{repository}/permissions/user/{username}",
    ok: [200],
    absent: [missingUserPermission],
  },
  /** PUT /repository/{repository}/permissions/user/{username} — `{role}`; an upsert. */
  setUserPermission: { method: "PUT", path: "/repository/{repository}/permissions/user/{username}", ok: [200] },
  /** DELETE /repository/{repository}/permissions/user/{username} — 400 when there is none. */
  deleteUserPermission: {
    method: "DELETE",
    path: "/repository/{repository}/permissions/user/{username}",
    ok: [204],
    absent: [missingUserPermission],
  },
  /** GET /repository/{repository}/permissions/user/{username}/transitive — roles direct and through teams. */
  getTransitivePermission: {
    method: "GET",
    path: "/repository/{repository}/permissions/user/{username}/transitive",
    ok: [200],
    absent: [{ status: 404 }],
  },
  /** GET /repository/{repository}/permissions/team/ — team roles, keyed by team name. */
  listTeamRepositoryPermissions: { method: "GET", path: "/repository/{repository}/permissions/team/", ok: [200] },
  /** GET /repository/{repository}/permissions/team/{teamname} — `{role}`; 400 when the team has none. */
  getTeamPermission: {
    method: "GET",
    path: "/repository/{repository}/permissions/team/{teamname}",
    ok: [200],
    absent: [missingTeamPermission],
  },
  /** PUT /repository/{repository}/permissions/team/{teamname} — `{role}`; an upsert. */
  setTeamPermission: { method: "PUT", path: "/repository/{repository}/permissions/team/{teamname}", ok: [200] },
  /** DELETE /repository/{repository}/permissions/team/{teamname} — 400 when there is none. */
  deleteTeamPermission: {
    method: "DELETE",
    path: "/repository/{repository}/permissions/team/{teamname}",
    ok: [204],
    absent: [missingTeamPermission],
  },

  // Default permissions, which Quay calls prototypes (§7)
  /** GET /organization/{orgname}/prototypes — every prototype; there is no GET for one. */
  listPrototypes: { method: "GET", path: "/organization/{orgname}/prototypes", ok: [200] },
  /** POST /organization/{orgname}/prototypes — answers 200 (not 201) with the prototype. */
  createPrototype: { method: "POST", path: "/organization/{orgname}/prototypes", ok: [200] },
  /** PUT /organization/{orgname}/prototypes/{prototypeid} — changes the role only. */
  updatePrototype: {
    method: "PUT",
    path: "/organization/{orgname}/prototypes/{prototypeid}",
    ok: [200],
    absent: [{ status: 404 }],
  },
  /** DELETE /organization/{orgname}/prototypes/{prototypeid} — 404 when missing. */
  deletePrototype: {
    method: "DELETE",
    path: "/organization/{orgname}/prototypes/{prototypeid}",
    ok: [204],
    absent: [{ status: 404 }],
  },

  // Repository notifications (§8)
  /** GET /repository/{repository}/notification/ — every notification of the repository. */
  listNotifications: { method: "GET", path: "/repository/{repository}/notification/", ok: [200] },
  /** POST /repository/{repository}/notification/ — body uses `eventConfig`; answers 201. */
  createNotification: { method: "POST", path: "/repository/{repository}/notification/", ok: [201] },
  /** GET /repository/{repository}/notification/{uuid} — 404 when missing; the response uses `event_config`. */
  getNotification: {
    method: "GET",
    path: "/repository/{repository}/notification/{uuid}",
    ok: [200],
    absent: [{ status: 404 }],
  },
  /** DELETE /repository/{repository}/notification/{uuid} — 400 ApiError when missing. */
  deleteNotification: {
    method: "DELETE",
    path: "/repository/{repository}/notification/{uuid}",
    ok: [204],
    absent: [missingNotification],
  },
  /** POST /repository/{repository}/notification/{uuid} — resets the failure count. */
  resetNotification: {
    method: "POST",
    path: "/repository/{repository}/notification/{uuid}",
    ok: [204],
    retrySafe: true,
  },
  /** POST /repository/{repository}/notification/{uuid}/test — queues a test delivery. */
  testNotification: { method: "POST", path: "/repository/{repository}/notification/{uuid}/test", ok: [200] },

  // Repository mirroring (§9); the routes exist only with FEATURE_REPO_MIRROR
  /** GET /repository/{repository}/mirror — 404 when there is no configuration. */
  getMirror: { method: "GET", path: "/repository/{repository}/mirror", ok: [200], absent: [{ status: 404 }] },
  /** POST /repository/{repository}/mirror — 201 with an empty body; sets the repository state to MIRROR. */
  createMirror: { method: "POST", path: "/repository/{repository}/mirror", ok: [201] },
  /** PUT /repository/{repository}/mirror — partial update; 201 with an empty body. */
  updateMirror: { method: "PUT", path: "/repository/{repository}/mirror", ok: [201] },
  /** POST /repository/{repository}/mirror/sync-now — 404 without a configuration or while syncing. */
  syncMirrorNow: { method: "POST", path: "/repository/{repository}/mirror/sync-now", ok: [204] },
  /** POST /repository/{repository}/mirror/sync-cancel — 404 unless a sync is queued or running. */
  cancelMirrorSync: { method: "POST", path: "/repository/{repository}/mirror/sync-cancel", ok: [204] },

  // Robot accounts (§10)
  /** GET /organization/{orgname}/robots — every robot of the org; tokens only for admins with `token=true`. */
  listOrganizationRobots: { method: "GET", path: "/organization/{orgname}/robots", ok: [200] },
  /** PUT /organization/{orgname}/robots/{robot_shortname} — create-only; answers 201 with the token. */
  createOrganizationRobot: {
    method: "PUT",
    path: "/organization/{orgname}/robots/{robot_shortname}",
    ok: [201],
    retrySafe: false,
  },
  /** GET /organization/{orgname}/robots/{robot_shortname} — 400 `{"message"}` when missing. */
  getOrganizationRobot: {
    method: "GET",
    path: "/organization/{orgname}/robots/{robot_shortname}",
    ok: [200],
    absent: [missingRobot],
  },
  /** DELETE /organization/{orgname}/robots/{robot_shortname} — 400 `{"message"}` when missing. */
  deleteOrganizationRobot: {
    method: "DELETE",
    path: "/organization/{orgname}/robots/{robot_shortname}",
    ok: [204],
    absent: [missingRobot],
  },
  /** POST /organization/{orgname}/robots/{robot_shortname}/regenerate — a new token; the old one stops working. */
  regenerateOrganizationRobotToken: {
    method: "POST",
    path: "/organization/{orgname}/robots/{robot_shortname}/regenerate",
    ok: [200],
    absent: [missingRobot],
  },
  /** GET /organization/{orgname}/robots/{robot_shortname}/permissions — the robot's repository roles. */
  listOrganizationRobotPermissions: {
    method: "GET",
    path: "/organization/{orgname}/robots/{robot_shortname}/permissions",
    ok: [200],
    absent: [missingRobot],
  },
  /** GET /user/robots — the caller's own robots. */
  listUserRobots: { method: "GET", path: "/user/robots", ok: [200] },
  /** PUT /user/robots/{robot_shortname} — create-only; answers 201 with the token. */
  createUserRobot: { method: "PUT", path: "/user/robots/{robot_shortname}", ok: [201], retrySafe: false },
  /** GET /user/robots/{robot_shortname} — 400 `{"message"}` when missing. */
  getUserRobot: { method: "GET", path: "/user/robots/{robot_shortname}", ok: [200], absent: [missingRobot] },
  /** DELETE /user/robots/{robot_shortname} — 400 `{"message"}` when missing. */
  deleteUserRobot: { method: "DELETE", path: "/user/robots/{robot_shortname}", ok: [204], absent: [missingRobot] },
  /** POST /user/robots/{robot_shortname}/regenerate — a new token. */
  regenerateUserRobotToken: {
    method: "POST",
    path: "/user/robots/{robot_shortname}/regenerate",
    ok: [200],
    absent: [missingRobot],
  },
  /** GET /user/robots/{robot_shortname}/permissions — the robot's repository roles. */
  listUserRobotPermissions: {
    method: "GET",
    path: "/user/robots/{robot_shortname}/permissions",
    ok: [200],
    absent: [missingRobot],
  },
});

/** The key of a route in {@link routes}. */
export type RouteKey = keyof typeof routes;
