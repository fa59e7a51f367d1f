/** The routes of `Quota` (docs/quay-behavior.md §11); `FEATURE_QUOTA_MANAGEMENT`, Quay 3.7 or later. */
import { defineRoutes, notFound } from "../quay/routes";

const requires = "FEATURE_QUOTA_MANAGEMENT (Quay 3.7 or later)";

/** The quota routes: the organization's own, and the superuser's variants Quay offers for the quota itself. */
export const quotaRoutes = defineRoutes({
  /** GET /organization/{orgname}/quota — a bare array of quotas (at most one real one). */
  listOrganizationQuotas: {
    method: "GET",
    path: "/organization/{orgname}/quota",
    ok: [200],
    absent: [notFound],
    scope: "org:admin",
    requires,
  },
  /** POST /organization/{orgname}/quota — `{limit_bytes}`; 201 "Created". Superuser with full access. */
  createOrganizationQuota: {
    method: "POST",
    path: "/organization/{orgname}/quota",
    ok: [201],
    scope: "super:user",
    requires,
  },
  /** PUT /organization/{orgname}/quota/{quota_id} — `{limit_bytes}`. */
  updateOrganizationQuota: {
    method: "PUT",
    path: "/organization/{orgname}/quota/{quota_id}",
    ok: [200],
    scope: "super:user",
    requires,
  },
  /** DELETE /organization/{orgname}/quota/{quota_id} — removes its limits too. */
  deleteOrganizationQuota: {
    method: "DELETE",
    path: "/organization/{orgname}/quota/{quota_id}",
    ok: [204],
    absent: [notFound],
    scope: "super:user",
    requires,
  },
  /** POST /organization/{orgname}/quota/{quota_id}/limit — `{type, threshold_percent}`; 201 "Created". */
  createQuotaLimit: {
    method: "POST",
    path: "/organization/{orgname}/quota/{quota_id}/limit",
    ok: [201],
    scope: "super:user",
    requires,
  },
  /** DELETE /organization/{orgname}/quota/{quota_id}/limit/{limit_id}. */
  deleteQuotaLimit: {
    method: "DELETE",
    path: "/organization/{orgname}/quota/{quota_id}/limit/{limit_id}",
    ok: [204],
    absent: [notFound],
    scope: "super:user",
    requires,
  },
  /** POST /superuser/organization/{namespace}/quota — for a superuser without full access. */
  createSuperuserQuota: {
    method: "POST",
    path: "/superuser/organization/{namespace}/quota",
    ok: [201],
    scope: "super:user",
    requires,
  },
  /** PUT /superuser/organization/{namespace}/quota/{quota_id}. */
  updateSuperuserQuota: {
    method: "PUT",
    path: "/superuser/organization/{namespace}/quota/{quota_id}",
    ok: [200],
    scope: "super:user",
    requires,
  },
  /** DELETE /superuser/organization/{namespace}/quota/{quota_id}. */
  deleteSuperuserQuota: {
    method: "DELETE",
    path: "/superuser/organization/{namespace}/quota/{quota_id}",
    ok: [204],
    absent: [notFound],
    scope: "super:user",
    requires,
  },
});
