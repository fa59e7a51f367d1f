/**
 * Auto-prune policies of organizations and repositories: `endpoints/api/policy.py` as
 * docs/quay-behavior.md §12 describes it. Needs FEATURE_AUTO_PRUNE; organizations from 3.10,
 * repositories from 3.11, several policies and tag patterns from 3.13.
 */
import { randomUUID } from "node:crypto";
import {
  atLeast,
  gateAll,
  type Handler,
  type HandlerFamily,
  type RequestContext,
  sinceVersion,
  validatedBody,
} from "../context";
import { requireAdministeredOrganization, requireOrganizationAdmin, requireRepository } from "../permissions";
import { apiError } from "../replies";

/** One policy as Quay stores it. */
interface PolicyRecord {
  uuid: string;
  method: "number_of_tags" | "creation_date";
  value: number | string;
  tagPattern: string | null;
  tagPatternMatches: boolean;
}

/** The policies on an organization or repository record. */
function policiesOn(context: RequestContext, owner: object): PolicyRecord[] {
  return context.state.attached(owner, "prunePolicies", () => [] as PolicyRecord[]);
}

function policyView(policy: PolicyRecord) {
  return {
    uuid: policy.uuid,
    method: policy.method,
    value: policy.value,
    tagPattern: policy.tagPattern,
    tagPatternMatches: policy.tagPatternMatches,
  };
}

/** The body of a create or update, checked as Quay checks it (§12). */
function policyBody(context: RequestContext): Omit<PolicyRecord, "uuid"> {
  const patterns = atLeast(context.version, "3.13");
  const body = validatedBody(context, {
    type: "object",
    required: ["method", "value"],
    properties: {
      method: { type: "string" },
      value: { type: ["integer", "string"] },
      ...(patterns ? { tagPattern: { type: "string" }, tagPatternMatches: { type: "boolean" } } : {}),
    },
  });
  const invalid = (message: string) => apiError(400, message, context.host);
  if (body.method !== "number_of_tags" && body.method !== "creation_date") throw invalid("Invalid method provided");
  const valid =
    body.method === "number_of_tags"
      ? Number.isInteger(body.value) && (body.value as number) > 0
      : typeof body.value === "string" && /^\d+[smhdwy]$/.test(body.value);
  if (!valid) throw invalid("Invalid value given for method type");
  let tagPattern: string | null = null;
  if (patterns && body.tagPattern !== undefined) {
    tagPattern = String(body.tagPattern).trim();
    if (tagPattern === "") throw invalid("tag_pattern cannot be empty");
  }
  return {
    method: body.method,
    value: body.value as number | string,
    tagPattern,
    tagPatternMatches: patterns ? ((body.tagPatternMatches as boolean | undefined) ?? true) : true,
  };
}

const sameValues = (left: Omit<PolicyRecord, "uuid">, right: Omit<PolicyRecord, "uuid">) =>
  left.method === right.method &&
  left.value === right.value &&
  left.tagPattern === right.tagPattern &&
  left.tagPatternMatches === right.tagPatternMatches;

function createPolicy(context: RequestContext, policies: PolicyRecord[], scope: "namespace" | "repository") {
  const values = policyBody(context);
  if (!atLeast(context.version, "3.13") && policies.length > 0) {
    throw apiError(400, "Policy for this namespace already exists, delete existing to create new policy", context.host);
  }
  if (policies.some((policy) => sameValues(policy, values))) {
    throw apiError(
      400,
      `Existing policy with same values for this ${scope}, duplicate policies are not permitted`,
      context.host,
    );
  }
  const uuid = randomUUID();
  policies.push({ uuid, ...values });
  return { status: 201, body: { uuid } };
}

function existing(context: RequestContext, policies: PolicyRecord[]): PolicyRecord {
  const found = policies.find((policy) => policy.uuid === context.params.policy_uuid);
  if (!found) throw apiError(404, "Not Found", context.host);
  return found;
}

/** A full replace: an omitted pattern is cleared (§12); 204 with no body. */
function updatePolicy(context: RequestContext, policies: PolicyRecord[]) {
  const found = existing(context, policies);
  Object.assign(found, policyBody(context));
  return { status: 204 };
}

function deletePolicy(context: RequestContext, policies: PolicyRecord[]) {
  const found = existing(context, policies);
  policies.splice(policies.indexOf(found), 1);
  return { status: 200, body: { uuid: found.uuid } };
}

const ofOrganization = (context: RequestContext) => policiesOn(context, requireAdministeredOrganization(context));
const ofRepository = (context: RequestContext) => policiesOn(context, requireRepository(context, "admin"));

/** Reads look the policies up by the organization's name: one that does not exist has none (§V.18). */
function readOrganizationPolicies(context: RequestContext): PolicyRecord[] {
  const organization = context.state.organizations.get(context.params.orgname);
  requireOrganizationAdmin(context, organization);
  return organization ? policiesOn(context, organization) : [];
}

const getPolicy = (context: RequestContext, policies: PolicyRecord[]) => ({
  status: 200,
  body: policyView(existing(context, policies)),
});

const organizationHandlers: Record<string, Handler> = {
  listOrganizationPrunePolicies: (context) => ({
    status: 200,
    body: { policies: readOrganizationPolicies(context).map(policyView) },
  }),
  createOrganizationPrunePolicy: (context) => createPolicy(context, ofOrganization(context), "namespace"),
  getOrganizationPrunePolicy: (context) => getPolicy(context, readOrganizationPolicies(context)),
  updateOrganizationPrunePolicy: (context) => updatePolicy(context, ofOrganization(context)),
  deleteOrganizationPrunePolicy: (context) => deletePolicy(context, ofOrganization(context)),
};

const repositoryHandlers: Record<string, Handler> = {
  listRepositoryPrunePolicies: (context) => ({
    status: 200,
    body: { policies: ofRepository(context).map(policyView) },
  }),
  createRepositoryPrunePolicy: (context) => createPolicy(context, ofRepository(context), "repository"),
  getRepositoryPrunePolicy: (context) => getPolicy(context, ofRepository(context)),
  updateRepositoryPrunePolicy: (context) => updatePolicy(context, ofRepository(context)),
  deleteRepositoryPrunePolicy: (context) => deletePolicy(context, ofRepository(context)),
};

const handlers = { ...organizationHandlers, ...repositoryHandlers };

/** Organization and repository policies. */
export const family: HandlerFamily = {
  routes: {
    listOrganizationPrunePolicies: "GET /organization/{orgname}/autoprunepolicy/",
    createOrganizationPrunePolicy: "POST /organization/{orgname}/autoprunepolicy/",
    getOrganizationPrunePolicy: "GET /organization/{orgname}/autoprunepolicy/{policy_uuid}",
    updateOrganizationPrunePolicy: "PUT /organization/{orgname}/autoprunepolicy/{policy_uuid}",
    deleteOrganizationPrunePolicy: "DELETE /organization/{orgname}/autoprunepolicy/{policy_uuid}",
    listRepositoryPrunePolicies: "GET /repository/{repository}/autoprunepolicy/",
    createRepositoryPrunePolicy: "POST /repository/{repository}/autoprunepolicy/",
    getRepositoryPrunePolicy: "GET /repository/{repository}/autoprunepolicy/{policy_uuid}",
    updateRepositoryPrunePolicy: "PUT /repository/{repository}/autoprunepolicy/{policy_uuid}",
    deleteRepositoryPrunePolicy: "DELETE /repository/{repository}/autoprunepolicy/{policy_uuid}",
  },
  handlers,
  gates: gateAll(handlers, (features) => features.autoPrune),
  versionGates: { ...sinceVersion(organizationHandlers, "3.10"), ...sinceVersion(repositoryHandlers, "3.11") },
};
