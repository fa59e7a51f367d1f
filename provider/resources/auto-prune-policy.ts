/**
 * `AutoPrunePolicy`: a rule by which Quay deletes old tags of an organization's or a repository's
 * repositories. Routes: docs/quay-behavior.md §12. Needs `FEATURE_AUTO_PRUNE`.
 */
import { z } from "zod";
import { defineRoutes, notFound } from "../quay/routes";
import { defineResource, type ListScope } from "./_shared/define";
import { compiles } from "./_shared/patterns";
import { scopedPolicies, scopeFailures, scopeFields, scopeInputs, scopeOf } from "./_shared/policy-scope";

const organizationRequires = "FEATURE_AUTO_PRUNE (Quay 3.10 or later)";
const repositoryRequires = "FEATURE_AUTO_PRUNE (Quay 3.11 or later)";

/** The policy routes of organizations and of repositories. */
export const autoPruneRoutes = defineRoutes({
  /** GET /organization/{orgname}/autoprunepolicy/ — `{policies: [...]}`. */
  listOrganizationPrunePolicies: {
    method: "GET",
    path: "/organization/{orgname}/autoprunepolicy/",
    ok: [200],
    absent: [notFound],
    scope: "org:admin",
    requires: organizationRequires,
  },
  /** POST /organization/{orgname}/autoprunepolicy/ — 201 `{uuid}`. */
  createOrganizationPrunePolicy: {
    method: "POST",
    path: "/organization/{orgname}/autoprunepolicy/",
    ok: [201],
    scope: "org:admin",
    requires: organizationRequires,
  },
  /** PUT /organization/{orgname}/autoprunepolicy/{policy_uuid} — replaces the whole policy; 204. */
  updateOrganizationPrunePolicy: {
    method: "PUT",
    path: "/organization/{orgname}/autoprunepolicy/{policy_uuid}",
    ok: [204],
    scope: "org:admin",
    requires: organizationRequires,
  },
  /** DELETE /organization/{orgname}/autoprunepolicy/{policy_uuid} — 200 `{uuid}`. */
  deleteOrganizationPrunePolicy: {
    method: "DELETE",
    path: "/organization/{orgname}/autoprunepolicy/{policy_uuid}",
    ok: [200],
    absent: [notFound],
    scope: "org:admin",
    requires: organizationRequires,
  },
  /** GET /repository/{repository}/autoprunepolicy/. */
  listRepositoryPrunePolicies: {
    method: "GET",
    path: "/repository/{repository}/autoprunepolicy/",
    ok: [200],
    absent: [notFound],
    scope: "repo:admin",
    requires: repositoryRequires,
  },
  /** POST /repository/{repository}/autoprunepolicy/ — 201 `{uuid}`. */
  createRepositoryPrunePolicy: {
    method: "POST",
    path: "/repository/{repository}/autoprunepolicy/",
    ok: [201],
    scope: "repo:admin",
    requires: repositoryRequires,
  },
  /** PUT /repository/{repository}/autoprunepolicy/{policy_uuid} — 204. */
  updateRepositoryPrunePolicy: {
    method: "PUT",
    path: "/repository/{repository}/autoprunepolicy/{policy_uuid}",
    ok: [204],
    scope: "repo:admin",
    requires: repositoryRequires,
  },
  /** DELETE /repository/{repository}/autoprunepolicy/{policy_uuid} — 200 `{uuid}`. */
  deleteRepositoryPrunePolicy: {
    method: "DELETE",
    path: "/repository/{repository}/autoprunepolicy/{policy_uuid}",
    ok: [200],
    absent: [notFound],
    scope: "repo:admin",
    requires: repositoryRequires,
  },
});

const policiesReply = z.object({
  policies: z.array(
    z.object({
      uuid: z.string(),
      method: z.string(),
      value: z.union([z.number(), z.string()]),
      tagPattern: z.string().nullish(),
      tagPatternMatches: z.boolean().optional(),
    }),
  ),
});

type Policy = z.output<typeof policiesReply>["policies"][number];

const scopes = {
  organization: {
    list: autoPruneRoutes.listOrganizationPrunePolicies,
    create: autoPruneRoutes.createOrganizationPrunePolicy,
    update: autoPruneRoutes.updateOrganizationPrunePolicy,
    remove: autoPruneRoutes.deleteOrganizationPrunePolicy,
  },
  repository: {
    list: autoPruneRoutes.listRepositoryPrunePolicies,
    create: autoPruneRoutes.createRepositoryPrunePolicy,
    update: autoPruneRoutes.updateRepositoryPrunePolicy,
    remove: autoPruneRoutes.deleteRepositoryPrunePolicy,
  },
};

interface Rule {
  keepNewest?: number;
  olderThan?: string;
  tagPattern?: string;
  tagPatternMatches: boolean;
}

/** The request body of a rule. */
function wire(rule: Rule) {
  return {
    method: rule.keepNewest !== undefined ? "number_of_tags" : "creation_date",
    value: rule.keepNewest ?? rule.olderThan,
    ...(rule.tagPattern === undefined
      ? {}
      : { tagPattern: rule.tagPattern, tagPatternMatches: rule.tagPatternMatches }),
  };
}

/** A listed policy as the kind describes it. */
function describe(scope: string, found: Policy) {
  return {
    id: autoPruneId.build({ scope, uuid: found.uuid }),
    ...scopeFields(scope),
    keepNewest: found.method === "number_of_tags" ? Number(found.value) : undefined,
    olderThan: found.method === "creation_date" ? String(found.value) : undefined,
    tagPattern: found.tagPattern ?? undefined,
    tagPatternMatches: found.tagPatternMatches ?? true,
    policyUuid: found.uuid,
  };
}

/** Whether a listed policy is this rule (Quay refuses a second policy with the same values). */
function sameRule(found: Policy, rule: Rule): boolean {
  const wanted = wire(rule);
  return (
    found.method === wanted.method &&
    String(found.value) === String(wanted.value) &&
    (found.tagPattern ?? undefined) === rule.tagPattern &&
    (rule.tagPattern === undefined || (found.tagPatternMatches ?? true) === rule.tagPatternMatches)
  );
}

const policies = scopedPolicies("AutoPrunePolicy", scopes, policiesReply);
const autoPruneId = policies.id;

/** The `AutoPrunePolicy` kind. */
export const autoPrunePolicy = defineResource({
  kind: "AutoPrunePolicy",
  description:
    "A rule by which Quay prunes tags on its own: keep only the newest N tags, or delete tags older than an " +
    "age, optionally only those whose names match (or do not match) a pattern. Set it on an organization (all " +
    "its repositories) or on one repository, and exactly one of `keepNewest` and `olderThan`. Needs " +
    "FEATURE_AUTO_PRUNE.",
  example:
    'new quay.AutoPrunePolicy("keep-50", { organization: org.name, keepNewest: 50 });\n' +
    'new quay.AutoPrunePolicy("old-dev-tags", { repository: api.fullName, olderThan: "30d", tagPattern: "^dev-" });',
  inputs: z.object({
    ...scopeInputs("prunes"),
    keepNewest: z
      .int({ error: "must be a whole number of tags" })
      .min(1, { error: "must be 1 or more" })
      .optional()
      .meta({ description: "Keep only this many of the newest tags. Updated in place." }),
    olderThan: z
      .string()
      .regex(/^\d+[smhdwy]$/, { error: "must be a number followed by s, m, h, d, w or y, such as 30d" })
      .optional()
      .meta({
        description: "Delete tags older than this age: `30d`, `12w`, `1y` (s, m, h, d, w, y). Updated in place.",
      }),
    tagPattern: z
      .string()
      .trim()
      .min(1, { error: "must not be empty" })
      .refine(compiles, { error: "must be a valid regular expression" })
      .optional()
      .meta({
        description:
          "A regular expression: the rule applies only to tags whose names match it (or, with " +
          "`tagPatternMatches: false`, do not match it). Needs Quay 3.13 or later. Updated in place.",
      }),
    tagPatternMatches: z.boolean().default(true).meta({
      description: "With `tagPattern`: `true` (default) prunes matching tags, `false` the others. Updated in place.",
    }),
  }),
  outputs: z.object({ policyUuid: z.string().meta({ description: "The id Quay gave the rule." }) }),
  id: autoPruneId,
  naturalKey: [],
  routes: autoPruneRoutes,
  sample: { organization: "kinds", keepNewest: 20 },
  requires: "FEATURE_AUTO_PRUNE; Quay 3.10+ (repositories 3.11+, several rules and patterns 3.13+)",
  notes: [
    "Quay prunes asynchronously, in its auto-prune worker. A registry-wide default policy from Quay's " +
      "configuration never appears here.",
    "Several rules may apply to one organization or repository (Quay 3.13 and later; earlier releases allow one), " +
      "but Quay refuses two with the same values.",
    "Organization rules need Quay 3.10, repository rules 3.11.",
  ],

  label: (inputs) =>
    `${inputs.keepNewest !== undefined ? `keep ${inputs.keepNewest} newest tags` : `prune tags older than ${inputs.olderThan}`}` +
    `${inputs.tagPattern === undefined ? "" : ` ${inputs.tagPatternMatches === false ? "not " : ""}matching ${inputs.tagPattern}`}` +
    ` in ${inputs.repository ?? inputs.organization}`,

  validate(inputs) {
    const failures = scopeFailures(inputs);
    if ([inputs.keepNewest, inputs.olderThan].filter((value) => value !== undefined).length !== 1) {
      failures.push({ property: "keepNewest", reason: "set exactly one of keepNewest and olderThan" });
    }
    return failures;
  },

  async list({ client }, scope: ListScope) {
    const where = "organization" in scope ? scope.organization : "repository" in scope ? scope.repository : undefined;
    if (where === undefined) return [];
    return ((await policies.list(client, where)) ?? []).map((found) => describe(where, found));
  },

  async locate({ client }, inputs, excluding) {
    const scope = scopeOf(inputs);
    const ids = ((await policies.list(client, scope)) ?? [])
      .filter((policy) => sameRule(policy, inputs))
      .map((policy) => autoPruneId.build({ scope, uuid: policy.uuid }));
    return ids.find((id) => !excluding?.has(id));
  },

  async create({ client }, inputs) {
    const { id, uuid } = await policies.create(client, scopeOf(inputs), wire(inputs));
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
    return { policyUuid: await policies.update(client, id, wire(news)) };
  },

  async delete({ client }, id) {
    await policies.remove(client, id);
  },
});
