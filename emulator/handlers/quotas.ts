/**
 * Organization quotas and their limits, and the superuser's quota routes: `endpoints/api/namespacequota.py`
 * and `superuser.py` as docs/quay-behavior.md §11 describes them. Needs FEATURE_QUOTA_MANAGEMENT.
 */
import { atLeast, gateAll, type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { isSuperuser, organizationRole, requireCaller, unauthorized } from "../permissions";
import {
  type LimitRecord,
  limitView,
  nextLimitId,
  nextQuotaId,
  type QuotaRecord,
  quotaOf,
  quotaView,
} from "../quota-records";
import type { OrganizationRecord } from "../records";
import { apiError, messageError, quayInternalError } from "../replies";
import { newQuotaSchema, quotaBytes, unparsableLimit, updateQuotaSchema } from "./quotas.bodies";

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

/** Writes through the organization's routes need a superuser, with full access from 3.16 (§11). */
function requireFullAccessSuperuser(context: RequestContext): void {
  requireCaller(context);
  const fullAccessNeeded = atLeast(context.version, "3.16") && !context.features.superusersFullAccess;
  if (!isSuperuser(context) || fullAccessNeeded) throw unauthorized(context);
}

/** The organization of a write through the organization's routes. */
function writableOrganization(context: RequestContext): OrganizationRecord {
  requireFullAccessSuperuser(context);
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

function createQuota(context: RequestContext, organization: OrganizationRecord, bytes: number, existsMessage: string) {
  const holder = quotaOf(context.state, organization);
  if (holder.current) throw apiError(400, existsMessage, context.host);
  holder.current = { id: nextQuotaId(context.state), limitBytes: bytes, limits: [] };
  return { status: 201, body: "Created" };
}

/** The body is checked first, then the caller, then the quota. */
function updateQuota(
  context: RequestContext,
  organizationOfRoute: (context: RequestContext) => OrganizationRecord,
  unparsable: string,
) {
  const body = validatedBody(context, updateQuotaSchema(context));
  const quota = existingQuota(context, organizationOfRoute(context));
  const bytes = quotaBytes(context, body, unparsable);
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

/** The body is checked first, then the caller, then the `limit` string, then the organization (404 when missing). */
const createOrganizationQuota: Handler = (context) => {
  const body = validatedBody(context, newQuotaSchema(context));
  requireFullAccessSuperuser(context);
  const bytes = quotaBytes(context, body, unparsableLimit.organization)!;
  const organization = organizationOf(context, context.params.orgname);
  return createQuota(context, organization, bytes, `Organization quota for '${organization.name}' already exists`);
};

const updateOrganizationQuota: Handler = (context) =>
  updateQuota(context, writableOrganization, unparsableLimit.organization);
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
  quota.limits.push({ id: nextLimitId(context.state), type: type!, percent: percent! });
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

/** A namespace that does not exist fails on a `None` in Quay: its 500 (§V.18). */
const createSuperuserQuota: Handler = (context) => {
  const body = validatedBody(context, newQuotaSchema(context));
  requireCaller(context);
  if (!isSuperuser(context)) throw unauthorized(context);
  const bytes = quotaBytes(context, body, unparsableLimit.superuser)!;
  const organization = context.state.organizations.get(context.params.namespace);
  if (!organization) throw quayInternalError("AttributeError: 'NoneType' object has no attribute 'username'");
  return createQuota(context, organization, bytes, `Quota for '${organization.name}' already exists`);
};

const updateSuperuserQuota: Handler = (context) => updateQuota(context, superuserNamespace, unparsableLimit.superuser);
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
  routes: {
    listOrganizationQuotas: "GET /organization/{orgname}/quota",
    getOrganizationQuota: "GET /organization/{orgname}/quota/{quota_id}",
    createOrganizationQuota: "POST /organization/{orgname}/quota",
    updateOrganizationQuota: "PUT /organization/{orgname}/quota/{quota_id}",
    deleteOrganizationQuota: "DELETE /organization/{orgname}/quota/{quota_id}",
    /** A bare array. */
    listQuotaLimits: "GET /organization/{orgname}/quota/{quota_id}/limit",
    getQuotaLimit: "GET /organization/{orgname}/quota/{quota_id}/limit/{limit_id}",
    createQuotaLimit: "POST /organization/{orgname}/quota/{quota_id}/limit",
    /** Answers with the quota's view. */
    updateQuotaLimit: "PUT /organization/{orgname}/quota/{quota_id}/limit/{limit_id}",
    deleteQuotaLimit: "DELETE /organization/{orgname}/quota/{quota_id}/limit/{limit_id}",
    listSuperuserQuotas: "GET /superuser/organization/{namespace}/quota",
    createSuperuserQuota: "POST /superuser/organization/{namespace}/quota",
    updateSuperuserQuota: "PUT /superuser/organization/{namespace}/quota/{quota_id}",
    deleteSuperuserQuota: "DELETE /superuser/organization/{namespace}/quota/{quota_id}",
  },
  handlers,
  gates: gateAll(handlers, (features) => features.quotaManagement),
};
