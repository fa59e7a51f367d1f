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
import { requireAdministeredOrganization, requireRepository } from "../permissions";
import type { RepositoryRecord } from "../records";
import { apiError } from "../replies";

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
  try {
    new RegExp(tagPattern);
  } catch (error) {
    throw invalid(`Invalid regex pattern: ${(error as Error).message}`);
  }
  return { tagPattern, tagPatternMatches: (body.tagPatternMatches as boolean | undefined) ?? true };
}

/** Marks the matching live tags immutable at once; nothing ever unmarks them (§19). */
function markTags(
  context: RequestContext,
  repositories: RepositoryRecord[],
  policy: Omit<ImmutabilityPolicyRecord, "uuid">,
) {
  const pattern = new RegExp(`^(?:${policy.tagPattern})$`);
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

/** The handlers of one scope: its policies and the repositories they cover. */
function scopeHandlers(
  scope: (context: RequestContext) => { policies: ImmutabilityPolicyRecord[]; repositories: RepositoryRecord[] },
  beforeCreate: (context: RequestContext) => void = () => undefined,
) {
  return {
    list: ((context) => ({ status: 200, body: { policies: scope(context).policies } })) as Handler,
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

const organizationScope = scopeHandlers(
  (context) => {
    const organization = requireAdministeredOrganization(context);
    return {
      policies: immutabilityPoliciesOf(context.state, organization),
      repositories: context.state.repositoriesOf(organization.name),
    };
  },
  (context) => {
    const organization = requireAdministeredOrganization(context);
    if (context.features.orgMirror && organizationMirrorOf(context.state, organization).current) {
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
  updateOrganizationImmutabilityPolicy: organizationScope.update,
  deleteOrganizationImmutabilityPolicy: organizationScope.remove,
  listRepositoryImmutabilityPolicies: repositoryScope.list,
  createRepositoryImmutabilityPolicy: repositoryScope.create,
  updateRepositoryImmutabilityPolicy: repositoryScope.update,
  deleteRepositoryImmutabilityPolicy: repositoryScope.remove,
};

/** The policy routes are the TagImmutabilityPolicy kind's. */
export const family: HandlerFamily = {
  handlers,
  gates: gateAll(handlers, (features) => features.immutableTags),
  versionGates: sinceVersion(handlers, "3.17"),
};
