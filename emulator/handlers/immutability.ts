/**
 * Tag immutability policies of organizations and repositories: `endpoints/api/immutability_policy.py` as
 * docs/quay-behavior.md §19 describes it. Quay 3.17 and later, with FEATURE_IMMUTABLE_TAGS.
 */
import { randomUUID } from "node:crypto";
import {
  gateAll,
  type Handler,
  type HandlerFamily,
  type RequestContext,
  sinceVersion,
  validatedBody,
} from "../context";
import {
  type ImmutabilityPolicyRecord,
  immutabilityPoliciesOf,
  immutableTagsOf,
  organizationMirrorOf,
} from "../organization-modes";
import { requireAdministeredOrganization, requireOrganizationAdmin, requireRepository } from "../permissions";
import { pythonPattern, pythonRegexError } from "../python-regex";
import type { RepositoryRecord } from "../records";
import { apiError, messageError } from "../replies";

/** The body of a create or update, checked as Quay checks it (§19). */
function policyBody(context: RequestContext): Omit<ImmutabilityPolicyRecord, "uuid"> {
  const body = validatedBody(context, {
    type: "object",
    required: ["tagPattern"],
    properties: { tagPattern: { type: "string" }, tagPatternMatches: { type: "boolean" } },
  });
  const tagPattern = String(body.tagPattern).trim();
  const invalid = (message: string) => apiError(400, message, context.host);
  if (tagPattern === "") throw invalid("tag_pattern is required and must be a non-empty string");
  if (tagPattern.length > 256) throw invalid("tag_pattern must be 256 characters or less");
  // Quay compiles the pattern with Python's `regex` module, and says why it fails in its words (§V.18).
  const regexError = pythonRegexError(tagPattern);
  if (regexError) throw invalid(`Invalid regex pattern: ${regexError}`);
  return { tagPattern, tagPatternMatches: (body.tagPatternMatches as boolean | undefined) ?? true };
}

/** Marks the matching live tags immutable at once; nothing ever unmarks them (§19). */
function markTags(
  context: RequestContext,
  repositories: RepositoryRecord[],
  policy: Omit<ImmutabilityPolicyRecord, "uuid">,
) {
  const pattern = pythonPattern(policy.tagPattern);
  if (!pattern) return;
  for (const repository of repositories) {
    for (const tag of repository.tags.keys()) {
      if (pattern.test(tag) === policy.tagPatternMatches) immutableTagsOf(context.state, repository).add(tag);
    }
  }
}

function duplicate(context: RequestContext, policies: ImmutabilityPolicyRecord[], pattern: string, except?: string) {
  if (policies.some((policy) => policy.tagPattern === pattern && policy.uuid !== except)) {
    throw apiError(400, "A policy with the same tag_pattern already exists", context.host);
  }
}

function existing(context: RequestContext, policies: ImmutabilityPolicyRecord[]): ImmutabilityPolicyRecord {
  const found = policies.find((policy) => policy.uuid === context.params.policy_uuid);
  if (!found) throw apiError(404, "Not Found", context.host);
  return found;
}

/** What a scope's handlers work on: its policies and the repositories they cover. */
type Scope = (context: RequestContext) => { policies: ImmutabilityPolicyRecord[]; repositories: RepositoryRecord[] };

/**
 * The handlers of one scope. Reads may look policies up their own way (an organization's by its name, so
 * one that does not exist has none); a create checks its body before it looks the scope up (§V.18).
 */
function scopeHandlers(scope: Scope, read: Scope = scope, beforeCreate: (context: RequestContext) => void = () => {}) {
  return {
    list: ((context) => ({ status: 200, body: { policies: read(context).policies } })) as Handler,
    get: ((context) => ({ status: 200, body: existing(context, read(context).policies) })) as Handler,
    create: ((context) => {
      beforeCreate(context);
      const values = policyBody(context);
      const { policies, repositories } = scope(context);
      duplicate(context, policies, values.tagPattern);
      const uuid = randomUUID();
      policies.push({ uuid, ...values });
      markTags(context, repositories, values);
      return { status: 201, body: { uuid } };
    }) as Handler,
    update: ((context) => {
      const { policies, repositories } = scope(context);
      const found = existing(context, policies);
      const values = policyBody(context);
      duplicate(context, policies, values.tagPattern, found.uuid);
      Object.assign(found, values);
      markTags(context, repositories, values);
      return { status: 204 };
    }) as Handler,
    remove: ((context) => {
      const { policies } = scope(context);
      const found = existing(context, policies);
      policies.splice(policies.indexOf(found), 1);
      return { status: 200, body: { uuid: found.uuid } };
    }) as Handler,
  };
}

/** A missing organization is Quay's `_get_namespace` failure, once the body is known to be valid. */
const organizationScope = scopeHandlers(
  (context) => {
    const organization = requireAdministeredOrganization(context, () =>
      messageError(400, `Username does not exist: ${context.params.orgname}`),
    );
    return {
      policies: immutabilityPoliciesOf(context.state, organization),
      repositories: context.state.repositoriesOf(organization.name),
    };
  },
  (context) => {
    const organization = context.state.organizations.get(context.params.orgname);
    requireOrganizationAdmin(context, organization);
    return { policies: organization ? immutabilityPoliciesOf(context.state, organization) : [], repositories: [] };
  },
  (context) => {
    const organization = context.state.organizations.get(context.params.orgname);
    requireOrganizationAdmin(context, organization);
    if (organization && context.features.orgMirror && organizationMirrorOf(context.state, organization).current) {
      throw apiError(
        400,
        "Cannot create immutability policy: organization is managed by organization-level mirroring",
        context.host,
      );
    }
  },
);

const repositoryScope = scopeHandlers((context) => {
  const repository = requireRepository(context, "admin");
  return { policies: immutabilityPoliciesOf(context.state, repository), repositories: [repository] };
});

const handlers = {
  listOrganizationImmutabilityPolicies: organizationScope.list,
  createOrganizationImmutabilityPolicy: organizationScope.create,
  getOrganizationImmutabilityPolicy: organizationScope.get,
  updateOrganizationImmutabilityPolicy: organizationScope.update,
  deleteOrganizationImmutabilityPolicy: organizationScope.remove,
  listRepositoryImmutabilityPolicies: repositoryScope.list,
  createRepositoryImmutabilityPolicy: repositoryScope.create,
  getRepositoryImmutabilityPolicy: repositoryScope.get,
  updateRepositoryImmutabilityPolicy: repositoryScope.update,
  deleteRepositoryImmutabilityPolicy: repositoryScope.remove,
};

/** The policy routes are the TagImmutabilityPolicy kind's. */
export const family: HandlerFamily = {
  routes: {
    listOrganizationImmutabilityPolicies: "GET /organization/{orgname}/immutabilitypolicy/",
    createOrganizationImmutabilityPolicy: "POST /organization/{orgname}/immutabilitypolicy/",
    getOrganizationImmutabilityPolicy: "GET /organization/{orgname}/immutabilitypolicy/{policy_uuid}",
    updateOrganizationImmutabilityPolicy: "PUT /organization/{orgname}/immutabilitypolicy/{policy_uuid}",
    deleteOrganizationImmutabilityPolicy: "DELETE /organization/{orgname}/immutabilitypolicy/{policy_uuid}",
    listRepositoryImmutabilityPolicies: "GET /repository/{repository}/immutabilitypolicy/",
    createRepositoryImmutabilityPolicy: "POST /repository/{repository}/immutabilitypolicy/",
    getRepositoryImmutabilityPolicy: "GET /repository/{repository}/immutabilitypolicy/{policy_uuid}",
    updateRepositoryImmutabilityPolicy: "PUT /repository/{repository}/immutabilitypolicy/{policy_uuid}",
    deleteRepositoryImmutabilityPolicy: "DELETE /repository/{repository}/immutabilitypolicy/{policy_uuid}",
  },
  handlers,
  gates: gateAll(handlers, (features) => features.immutableTags),
  versionGates: sinceVersion(handlers, "3.17"),
};
