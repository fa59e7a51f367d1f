/**
 * The Robot kind's routes (docs/quay-behavior.md §10): organization robots and the token user's own have
 * the same operations under two paths, so the table is long enough to live beside the kind.
 */
import type { PathParams } from "../quay/paths";
import { defineRoutes, type Route } from "../quay/routes";

/** Quay answers 400 `{"message": …}` for a missing robot instead of 404 (§0.2). */
const missingRobot = { status: 400, message: /^Could not find robot with specified username/ };

/** The robot routes, for organization robots and for the token user's own. */
export const robotRoutes = defineRoutes({
  /** GET /organization/{orgname}/robots — every robot of the org; tokens only for admins with `token=true`. */
  listOrganizationRobots: { method: "GET", path: "/organization/{orgname}/robots", ok: [200], scope: "org:admin" },
  /** PUT /organization/{orgname}/robots/{robot_shortname} — create-only; answers 201 with the token. */
  createOrganizationRobot: {
    method: "PUT",
    path: "/organization/{orgname}/robots/{robot_shortname}",
    ok: [201],
    retrySafe: false,
    scope: "org:admin",
  },
  /** DELETE /organization/{orgname}/robots/{robot_shortname} — 400 `{"message"}` when missing. */
  deleteOrganizationRobot: {
    method: "DELETE",
    path: "/organization/{orgname}/robots/{robot_shortname}",
    ok: [204],
    absent: [missingRobot],
    scope: "org:admin",
  },
  /** POST /organization/{orgname}/robots/{robot_shortname}/regenerate — a new token; the old one stops working. */
  regenerateOrganizationRobotToken: {
    method: "POST",
    path: "/organization/{orgname}/robots/{robot_shortname}/regenerate",
    ok: [200],
    absent: [missingRobot],
    scope: "org:admin",
  },
  /** GET /organization/{orgname}/robots/{robot_shortname}/federation — the issuer and subject pairs (3.13+). */
  getOrganizationRobotFederation: {
    method: "GET",
    path: "/organization/{orgname}/robots/{robot_shortname}/federation",
    ok: [200],
    absent: [missingRobot],
    scope: "org:admin",
    requires: "Quay 3.13 or later",
  },
  /** POST /organization/{orgname}/robots/{robot_shortname}/federation — replaces the pairs. */
  setOrganizationRobotFederation: {
    method: "POST",
    path: "/organization/{orgname}/robots/{robot_shortname}/federation",
    ok: [200],
    retrySafe: true,
    scope: "org:admin",
    requires: "Quay 3.13 or later",
  },
  /** DELETE /organization/{orgname}/robots/{robot_shortname}/federation — removes every pair. */
  deleteOrganizationRobotFederation: {
    method: "DELETE",
    path: "/organization/{orgname}/robots/{robot_shortname}/federation",
    ok: [204],
    absent: [missingRobot],
    scope: "org:admin",
    requires: "Quay 3.13 or later",
  },
  /** GET /user/robots — the caller's own robots. */
  listUserRobots: { method: "GET", path: "/user/robots", ok: [200], scope: "user:admin" },
  /** PUT /user/robots/{robot_shortname} — create-only; answers 201 with the token. */
  createUserRobot: {
    method: "PUT",
    path: "/user/robots/{robot_shortname}",
    ok: [201],
    retrySafe: false,
    scope: "user:admin",
  },
  /** DELETE /user/robots/{robot_shortname} — 400 `{"message"}` when missing. */
  deleteUserRobot: {
    method: "DELETE",
    path: "/user/robots/{robot_shortname}",
    ok: [204],
    absent: [missingRobot],
    scope: "user:admin",
  },
  /** GET /user/robots/{robot_shortname}/federation — the issuer and subject pairs (3.17.2+). */
  getUserRobotFederation: {
    method: "GET",
    path: "/user/robots/{robot_shortname}/federation",
    ok: [200],
    absent: [missingRobot],
    scope: "user:admin",
    requires: "Quay 3.17.2 or later",
  },
  /** POST /user/robots/{robot_shortname}/federation — replaces the pairs. */
  setUserRobotFederation: {
    method: "POST",
    path: "/user/robots/{robot_shortname}/federation",
    ok: [200],
    retrySafe: true,
    scope: "user:admin",
    requires: "Quay 3.17.2 or later",
  },
  /** DELETE /user/robots/{robot_shortname}/federation — removes every pair. */
  deleteUserRobotFederation: {
    method: "DELETE",
    path: "/user/robots/{robot_shortname}/federation",
    ok: [204],
    absent: [missingRobot],
    scope: "user:admin",
    requires: "Quay 3.17.2 or later",
  },
  /** GET /organization/{orgname}/robots/{robot_shortname}/permissions — the robot's repository roles. */
  listOrganizationRobotPermissions: {
    method: "GET",
    path: "/organization/{orgname}/robots/{robot_shortname}/permissions",
    ok: [200],
    absent: [missingRobot],
    scope: "org:admin",
  },
  /** GET /user/robots/{robot_shortname}/permissions — the robot's repository roles. */
  listUserRobotPermissions: {
    method: "GET",
    path: "/user/robots/{robot_shortname}/permissions",
    ok: [200],
    absent: [missingRobot],
    scope: "user:admin",
  },
  /** POST /user/robots/{robot_shortname}/regenerate — a new token. */
  regenerateUserRobotToken: {
    method: "POST",
    path: "/user/robots/{robot_shortname}/regenerate",
    ok: [200],
    absent: [missingRobot],
    scope: "user:admin",
  },
});

/** Org robots and user robots have the same operations under different paths. */
export function pathsFor(
  organization: string | undefined,
): Record<"list" | "create" | "remove" | "regenerate" | "getFederation" | "setFederation" | "permissions", Route> {
  return organization === undefined
    ? {
        list: robotRoutes.listUserRobots,
        create: robotRoutes.createUserRobot,
        remove: robotRoutes.deleteUserRobot,
        regenerate: robotRoutes.regenerateUserRobotToken,
        getFederation: robotRoutes.getUserRobotFederation,
        setFederation: robotRoutes.setUserRobotFederation,
        permissions: robotRoutes.listUserRobotPermissions,
      }
    : {
        list: robotRoutes.listOrganizationRobots,
        create: robotRoutes.createOrganizationRobot,
        remove: robotRoutes.deleteOrganizationRobot,
        regenerate: robotRoutes.regenerateOrganizationRobotToken,
        getFederation: robotRoutes.getOrganizationRobotFederation,
        setFederation: robotRoutes.setOrganizationRobotFederation,
        permissions: robotRoutes.listOrganizationRobotPermissions,
      };
}

/** The path parameters of a robot route: the organization (none for a user robot) and the short name. */
export function params(organization: string | undefined, shortname?: string): PathParams {
  return {
    ...(organization === undefined ? {} : { orgname: organization }),
    ...(shortname === undefined ? {} : { robot_shortname: shortname }),
  };
}
