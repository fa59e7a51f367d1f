/** The routes of `OrganizationMirror` (docs/quay-behavior.md §20); Quay 3.17 and `FEATURE_ORG_MIRROR`. */
import { defineRoutes, notFound } from "../quay/routes";

const requires = "FEATURE_ORG_MIRROR (Quay 3.17 or later)";

/** The organization mirror routes. */
export const organizationMirrorRoutes = defineRoutes({
  /** GET /organization/{orgname}/mirror — 404 when the organization has no mirror. */
  getOrganizationMirror: {
    method: "GET",
    path: "/organization/{orgname}/mirror",
    ok: [200],
    absent: [notFound],
    scope: "org:admin",
    requires,
  },
  /** POST /organization/{orgname}/mirror — 201 with an empty body; the organization must be empty. */
  createOrganizationMirror: {
    method: "POST",
    path: "/organization/{orgname}/mirror",
    ok: [201],
    scope: "org:admin",
    requires,
  },
  /** PUT /organization/{orgname}/mirror — applies the keys sent; 200 with an empty body. */
  updateOrganizationMirror: {
    method: "PUT",
    path: "/organization/{orgname}/mirror",
    ok: [200],
    scope: "org:admin",
    requires,
  },
  /** DELETE /organization/{orgname}/mirror — 204; the mirrored repositories stay, back in state NORMAL. */
  deleteOrganizationMirror: {
    method: "DELETE",
    path: "/organization/{orgname}/mirror",
    ok: [204],
    absent: [notFound],
    scope: "org:admin",
    requires,
  },
  /** POST /organization/{orgname}/mirror/sync-now — 204; 400 while a sync runs. */
  syncOrganizationMirrorNow: {
    method: "POST",
    path: "/organization/{orgname}/mirror/sync-now",
    ok: [204],
    scope: "org:admin",
    requires,
  },
});
