/**
 * `TagImmutabilityPolicy`: makes the tags whose names match a pattern immutable, in an organization or one
 * repository. Routes: docs/quay-behavior.md §19. Needs Quay 3.17 and `FEATURE_IMMUTABLE_TAGS`.
 */
import { z } from "zod";
import { defineRoutes, notFound } from "../quay/routes";
import { defineResource, type ListScope } from "./_shared/define";
import { compiles } from "./_shared/patterns";
import { scopedPolicies, scopeFailures, scopeFields, scopeInputs, scopeOf } from "./_shared/policy-scope";

const requires = "FEATURE_IMMUTABLE_TAGS (Quay 3.17 or later)";

/** The policy routes of organizations and of repositories. */
export const immutabilityRoutes = defineRoutes({
  /** GET /organization/{orgname}/immutabilitypolicy/ — `{policies: [...]}`. */
  listOrganizationImmutabilityPolicies: {
    method: "GET",
    path: "/organization/{orgname}/immutabilitypolicy/",
    ok: [200],
    absent: [notFound],
    scope: "org:admin",
    requires,
  },
  /** POST /organization/{orgname}/immutabilitypolicy/ — 201 `{uuid}`. */
  createOrganizationImmutabilityPolicy: {
    method: "POST",
    path: "/organization/{orgname}/immutabilitypolicy/",
    ok: [201],
    scope: "org:admin",
    requires,
  },
  /** PUT /organization/{orgname}/immutabilitypolicy/{policy_uuid} — 204. */
  updateOrganizationImmutabilityPolicy: {
    method: "PUT",
    path: "/organization/{orgname}/immutabilitypolicy/{policy_uuid}",
    ok: [204],
    scope: "org:admin",
    requires,
  },
  /** DELETE /organization/{orgname}/immutabilitypolicy/{policy_uuid} — 200 `{uuid}`. */
  deleteOrganizationImmutabilityPolicy: {
    method: "DELETE",
    path: "/organization/{orgname}/immutabilitypolicy/{policy_uuid}",
    ok: [200],
    absent: [notFound],
    scope: "org:admin",
    requires,
  },
  /** GET /repository/{repository}/immutabilitypolicy/. */
  listRepositoryImmutabilityPolicies: {
    method: "GET",
    path: "/repository/{repository}/immutabilitypolicy/",
    ok: [200],
    absent: [notFound],
    scope: "repo:admin",
    requires,
  },
  /** POST /repository/{repository}/immutabilitypolicy/ — 201 `{uuid}`. */
  createRepositoryImmutabilityPolicy: {
    method: "POST",
    path: "/repository/{repository}/immutabilitypolicy/",
    ok: [201],
    scope: "repo:admin",
    requires,
  },
  /** PUT /repository/{repository}/immutabilitypolicy/{policy_uuid} — 204. */
  updateRepositoryImmutabilityPolicy: {
    method: "PUT",
    path: "/repository/{repository}/immutabilitypolicy/{policy_uuid}",
    ok: [204],
    scope: "repo:admin",
    requires,
  },
  /** DELETE /repository/{repository}/immutabilitypolicy/{policy_uuid} — 200 `{uuid}`. */
  deleteRepositoryImmutabilityPolicy: {
    method: "DELETE",
    path: "/repository/{repository}/immutabilitypolicy/{policy_uuid}",
    ok: [200],
    absent: [notFound],
    scope: "repo:admin",
    requires,
  },
});

const scopes = {
  organization: {
    list: immutabilityRoutes.listOrganizationImmutabilityPolicies,
    create: immutabilityRoutes.createOrganizationImmutabilityPolicy,
    update: immutabilityRoutes.updateOrganizationImmutabilityPolicy,
    remove: immutabilityRoutes.deleteOrganizationImmutabilityPolicy,
  },
  repository: {
    list: immutabilityRoutes.listRepositoryImmutabilityPolicies,
    create: immutabilityRoutes.createRepositoryImmutabilityPolicy,
    update: immutabilityRoutes.updateRepositoryImmutabilityPolicy,
    remove: immutabilityRoutes.deleteRepositoryImmutabilityPolicy,
  },
};

const policiesReply = z.object({
  policies: z.array(
    z.object({ uuid: z.string(), tagPattern: z.string().nullish(), tagPatternMatches: z.boolean().nullish() }),
  ),
});

type Policy = z.output<typeof policiesReply>["policies"][number];

const policies = scopedPolicies("TagImmutabilityPolicy", scopes, policiesReply);
const immutabilityId = policies.id;

/** A listed policy as the kind describes it. */
function describe(scope: string, found: Policy) {
  return {
    id: immutabilityId.build({ scope, uuid: found.uuid }),
    ...scopeFields(scope),
    tagPattern: found.tagPattern ?? "",
    tagPatternMatches: found.tagPatternMatches ?? true,
    policyUuid: found.uuid,
  };
}

/** The `TagImmutabilityPolicy` kind. */
export const tagImmutabilityPolicy = defineResource({
  kind: "TagImmutabilityPolicy",
  description:
    "Makes tags immutable (they cannot be overwritten, moved, expired or deleted) when their whole name matches " +
    "a regular expression, in an organization or one repository. Quay applies it at once to the existing tags " +
    "too, and deleting the policy does not make them mutable again. Needs Quay 3.17 and FEATURE_IMMUTABLE_TAGS.",
  example:
    'new quay.TagImmutabilityPolicy("releases", { organization: org.name, tagPattern: "v[0-9]+\\\\.[0-9]+\\\\.[0-9]+" });',
  inputs: z.object({
    ...scopeInputs("protects"),
    tagPattern: z
      .string()
      .trim()
      .min(1, { error: "must not be empty" })
      .max(256, { error: "must be at most 256 characters long" })
      .refine(compiles, { error: "must be a valid regular expression" })
      .meta({
        description:
          "A regular expression that must match the whole tag name (`v[0-9]+` matches `v12`, not `v12-rc`). Two " +
          "policies of one organization or repository cannot have the same pattern. Updated in place.",
      }),
    tagPatternMatches: z.boolean().default(true).meta({
      description: "`true` (default) protects the matching tags, `false` every other tag. Updated in place.",
    }),
  }),
  outputs: z.object({ policyUuid: z.string().meta({ description: "The id Quay gave the policy." }) }),
  id: immutabilityId,
  naturalKey: [],
  routes: immutabilityRoutes,
  sample: { organization: "kinds", tagPattern: "v[0-9]+" },
  requires: "Quay 3.17+ with FEATURE_IMMUTABLE_TAGS",
  notes: [
    "Creating or widening a policy marks the existing matching tags immutable right away; deleting or narrowing " +
      "it leaves them immutable.",
    "An organization with tag immutability policies cannot become an organization mirror; one with immutable " +
      "tags cannot become a proxy cache.",
  ],

  label: (inputs) =>
    `tags ${inputs.tagPatternMatches === false ? "not " : ""}matching ${inputs.tagPattern} in ${inputs.repository ?? inputs.organization}`,

  validate: scopeFailures,

  async list({ client }, scope: ListScope) {
    const where = "organization" in scope ? scope.organization : "repository" in scope ? scope.repository : undefined;
    if (where === undefined) return [];
    return ((await policies.list(client, where)) ?? []).map((found) => describe(where, found));
  },

  async locate({ client }, inputs, excluding) {
    const scope = scopeOf(inputs);
    const ids = ((await policies.list(client, scope)) ?? [])
      .filter((policy) => policy.tagPattern === inputs.tagPattern)
      .map((policy) => immutabilityId.build({ scope, uuid: policy.uuid }));
    return ids.find((id) => !excluding?.has(id));
  },

  async create({ client }, inputs) {
    const { id, uuid } = await policies.create(client, scopeOf(inputs), {
      tagPattern: inputs.tagPattern,
      tagPatternMatches: inputs.tagPatternMatches,
    });
    return { id, outputs: { policyUuid: uuid } };
  },

  async read({ client }, id) {
    const policy = await policies.find(client, id);
    if (!policy) return undefined;
    const { id: _id, ...described } = describe(policy.scope, policy.found);
    return described;
  },

  async update({ client }, id, _olds, news) {
    // Quay replaces the whole policy on update.
    return {
      policyUuid: await policies.update(client, id, {
        tagPattern: news.tagPattern,
        tagPatternMatches: news.tagPatternMatches,
      }),
    };
  },

  async delete({ client }, id) {
    await policies.remove(client, id);
  },
});
