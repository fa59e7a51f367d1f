/**
 * Organization quotas and their limits, and the superuser's quota routes: `endpoints/api/namespacequota.py`
 * and `superuser.py` as docs/quay-behavior.md §11 describes them. Needs FEATURE_QUOTA_MANAGEMENT.
 */
import { defineRoutes } from "../../provider/quay/routes";
import { atLeast, gateAll, type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { isSuperuser, organizationRole, requireCaller, unauthorized } from "../permissions";
import { type LimitRecord, limitView, type QuotaRecord, quotaOf, quotaView } from "../quota-records";
import type { OrganizationRecord } from "../records";
import { apiError, messageError } from "../replies";

let lastId = 0;

const units: Record<string, number> = { "": 1, B: 1 };
for (const [index, prefix] of ["K", "M", "G", "T", "P", "E", "Z", "Y"].entries()) {
  units[prefix] = 1000 ** (index + 1);
  units[`${prefix}B`] = 1000 ** (index + 1);
  units[`${prefix}i`] = 1024 ** (index + 1);
  units[`${prefix}iB`] = 1024 ** (index + 1);
}

/** The bytes of a `limit` string (3.12 and later); Quay cannot parse a bare `B` (§11). */
function limitBytesOf(context: RequestContext, body: Record<string, unknown>): number {
  if (typeof body.limit_bytes === "number") return body.limit_bytes;
  const match = /^(\d+)\s?([A-Za-z]*)$/.exec(String(body.limit));
  const factor = match ? units[match[2]] : undefined;
  if (!match || factor === undefined || match[2] === "B") {
    throw apiError(400, "Invalid limit format, use a number followed by a unit (e.g. 1GiB)", context.host);
  }
  return Number(match[1]) * factor;
}

/** The body of a quota write: `limit_bytes`, or from 3.12 a `limit` string; not both (§11). */
function quotaBody(context: RequestContext, required: boolean): number | undefined {
  const body = validatedBody(context, {
    type: "object",
    properties: {
      limit_bytes: { type: "integer" },
      ...(atLeast(context.version, "3.12") ? { limit: { type: "string" } } : {}),
    },
    additionalProperties: false,
  });
  const given = ["limit_bytes", "limit"].filter((key) => key in body).length;
  if (given > 1 || (required && given === 0)) {
    throw apiError(400, `${JSON.stringify(body)} is not valid under any of the given schemas`, context.host);
  }
  if (given === 0) return undefined;
  const bytes = limitBytesOf(context, body);
  if (bytes <= 0) throw apiError(400, `Invalid quota size limit value: '${bytes}'`, context.host);
  return bytes;
}

/** The organization of an organization quota route; 404 when it does not exist. */
function organizationOf(context: RequestContext, name: string): OrganizationRecord {
  const organization = context.state.organizations.get(name);
  if (!organization) throw apiError(404, "Not Found", context.host);
  return organization;
}

/** Reads: a member of the organization, or a superuser. */
function readableOrganization(context: RequestContext): OrganizationRecord {
  requireCaller(context);
  const organization = context.state.organizations.get(context.params.orgname);
  if (!isSuperuser(context) && !(organization && organizationRole(context, organization))) throw unauthorized(context);
  return organizationOf(context, context.params.orgname);
}

/** Writes through the organization's routes: a superuser, with full access from 3.16 (§11). */
function writableOrganization(context: RequestContext): OrganizationRecord {
  requireCaller(context);
  const fullAccessNeeded = atLeast(context.version, "3.16") && !context.features.superusersFullAccess;
  if (!isSuperuser(context) || fullAccessNeeded) throw unauthorized(context);
  return organizationOf(context, context.params.orgname);
}

/** Writes through the superuser's routes: a superuser, full access or not. */
function superuserNamespace(context: RequestContext): OrganizationRecord {
  requireCaller(context);
  if (!isSuperuser(context)) throw unauthorized(context);
  return organizationOf(context, context.params.namespace);
}

function existingQuota(context: RequestContext, organization: OrganizationRecord): QuotaRecord {
  const quota = quotaOf(context.state, organization).current;
  if (!quota || String(quota.id) !== context.params.quota_id) throw apiError(404, "Not Found", context.host);
  return quota;
}

function existingLimit(context: RequestContext, quota: QuotaRecord): LimitRecord {
  const limit = quota.limits.find((candidate) => String(candidate.id) === context.params.limit_id);
  if (!limit) throw apiError(404, "Not Found", context.host);
  return limit;
}

function createQuota(context: RequestContext, organization: OrganizationRecord, existsMessage: string) {
  const bytes = quotaBody(context, true)!;
  const holder = quotaOf(context.state, organization);
  if (holder.current) throw apiError(400, existsMessage, context.host);
  lastId += 1;
  holder.current = { id: lastId, limitBytes: bytes, limits: [] };
  return { status: 201, body: "Created" };
}

function updateQuota(context: RequestContext, organization: OrganizationRecord) {
  const quota = existingQuota(context, organization);
  const bytes = quotaBody(context, false);
  if (bytes !== undefined) quota.limitBytes = bytes;
  return { status: 200, body: quotaView(quota) };
}

function deleteQuota(context: RequestContext, organization: OrganizationRecord) {
  existingQuota(context, organization);
  quotaOf(context.state, organization).current = undefined;
  return { status: 204 };
}

/** The limit body: `type` compared without case, `threshold_percent` 1–100 (§11). */
function limitBody(context: RequestContext, required: boolean): { type?: "Warning" | "Reject"; percent?: number } {
  const body = validatedBody(context, {
    type: "object",
    ...(required ? { required: ["type", "threshold_percent"] } : {}),
    properties: { type: { type: "string" }, threshold_percent: { type: "integer" } },
  });
  const typed = body.type === undefined ? undefined : String(body.type).toLowerCase();
  if (typed !== undefined && typed !== "warning" && typed !== "reject") {
    throw messageError(400, "Quota type must be one of [Warning, Reject]");
  }
  const percent = body.threshold_percent as number | undefined;
  if (percent !== undefined && percent > 100)
    throw messageError(400, "Quota limit threshold must be between 1 and 100");
  if (percent !== undefined && percent < 1) {
    throw apiError(400, "Quota limit threshold must be between 1 and 100", context.host);
  }
  return { type: typed === undefined ? undefined : typed === "warning" ? "Warning" : "Reject", percent };
}

const listOrganizationQuotas: Handler = (context) => {
  const quota = quotaOf(context.state, readableOrganization(context)).current;
  return { status: 200, body: quota ? [quotaView(quota)] : [] };
};

const getOrganizationQuota: Handler = (context) => ({
  status: 200,
  body: quotaView(existingQuota(context, readableOrganization(context))),
});

const createOrganizationQuota: Handler = (context) => {
  const organization = writableOrganization(context);
  return createQuota(context, organization, `Organization quota for '${organization.name}' already exists`);
};

const updateOrganizationQuota: Handler = (context) => updateQuota(context, writableOrganization(context));
const deleteOrganizationQuota: Handler = (context) => deleteQuota(context, writableOrganization(context));

const listQuotaLimits: Handler = (context) => ({
  status: 200,
  body: existingQuota(context, readableOrganization(context)).limits.map(limitView),
});

const getQuotaLimit: Handler = (context) => ({
  status: 200,
  body: limitView(existingLimit(context, existingQuota(context, readableOrganization(context)))),
});

const createQuotaLimit: Handler = (context) => {
  const quota = existingQuota(context, writableOrganization(context));
  const { type, percent } = limitBody(context, true);
  if (quota.limits.some((limit) => limit.type === type && limit.percent === percent)) {
    throw apiError(400, "Quota limit already exists", context.host);
  }
  lastId += 1;
  quota.limits.push({ id: lastId, type: type!, percent: percent! });
  return { status: 201, body: "Created" };
};

/** Answers with the parent quota's view, not the limit's (§11). */
const updateQuotaLimit: Handler = (context) => {
  const quota = existingQuota(context, writableOrganization(context));
  const limit = existingLimit(context, quota);
  const { type, percent } = limitBody(context, false);
  if (type !== undefined) limit.type = type;
  if (percent !== undefined) limit.percent = percent;
  return { status: 200, body: quotaView(quota) };
};

const deleteQuotaLimit: Handler = (context) => {
  const quota = existingQuota(context, writableOrganization(context));
  const limit = existingLimit(context, quota);
  quota.limits = quota.limits.filter((candidate) => candidate !== limit);
  return { status: 204 };
};

const listSuperuserQuotas: Handler = (context) => {
  const quota = quotaOf(context.state, superuserNamespace(context)).current;
  return { status: 200, body: quota ? [quotaView(quota)] : [] };
};

const createSuperuserQuota: Handler = (context) => {
  const organization = superuserNamespace(context);
  return createQuota(context, organization, `Quota for '${organization.name}' already exists`);
};

const updateSuperuserQuota: Handler = (context) => updateQuota(context, superuserNamespace(context));
const deleteSuperuserQuota: Handler = (context) => deleteQuota(context, superuserNamespace(context));

const handlers = {
  listOrganizationQuotas,
  getOrganizationQuota,
  createOrganizationQuota,
  updateOrganizationQuota,
  deleteOrganizationQuota,
  listQuotaLimits,
  getQuotaLimit,
  createQuotaLimit,
  updateQuotaLimit,
  deleteQuotaLimit,
  listSuperuserQuotas,
  createSuperuserQuota,
  updateSuperuserQuota,
  deleteSuperuserQuota,
};

/** Quota routes; reads of one quota or limit and the limit update are served for other clients. */
export const family: HandlerFamily = {
  routes: defineRoutes({
    /** GET /organization/{orgname}/quota/{quota_id}. */
    getOrganizationQuota: {
      method: "GET",
      path: "/organization/{orgname}/quota/{quota_id}",
      ok: [200],
      scope: "org:admin",
    },
    /** GET /organization/{orgname}/quota/{quota_id}/limit — a bare array. */
    listQuotaLimits: {
      method: "GET",
      path: "/organization/{orgname}/quota/{quota_id}/limit",
      ok: [200],
      scope: "org:admin",
    },
    /** GET /organization/{orgname}/quota/{quota_id}/limit/{limit_id}. */
    getQuotaLimit: {
      method: "GET",
      path: "/organization/{orgname}/quota/{quota_id}/limit/{limit_id}",
      ok: [200],
      scope: "org:admin",
    },
    /** PUT /organization/{orgname}/quota/{quota_id}/limit/{limit_id} — answers with the quota's view. */
    updateQuotaLimit: {
      method: "PUT",
      path: "/organization/{orgname}/quota/{quota_id}/limit/{limit_id}",
      ok: [200],
      scope: "super:user",
    },
    /** GET /superuser/organization/{namespace}/quota. */
    listSuperuserQuotas: {
      method: "GET",
      path: "/superuser/organization/{namespace}/quota",
      ok: [200],
      scope: "super:user",
    },
  }),
  handlers,
  gates: gateAll(handlers, (features) => features.quotaManagement),
};
