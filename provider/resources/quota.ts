/**
 * `Quota`: an organization's storage quota and its warning and reject limits. Routes: docs/quay-behavior.md §11.
 * Needs `FEATURE_QUOTA_MANAGEMENT`; writes need a superuser's token.
 */
import { z } from "zod";
import type { QuayClient } from "../quay/client";
import { isQuayError, QuayError, QuayOperationError } from "../quay/errors";
import { commonRoutes, type Route } from "../quay/routes";
import { completing } from "./_shared/completing";
import { defineResource, type ListScope } from "./_shared/define";
import { idFormat } from "./_shared/id-format";
import { namespaceName, namespacePart } from "./_shared/names";
import { formatSize, parseSize, sizeInput } from "./_shared/sizes";
import { quotaRoutes } from "./quota.routes";

const limitTypes = ["Warning", "Reject"] as const;

const quotasReply = z.array(
  z.object({
    id: z.number().nullable(),
    limit_bytes: z.number(),
    limits: z.array(z.object({ id: z.number(), type: z.string(), limit_percent: z.number() })).default([]),
  }),
);

type FoundQuota = z.output<typeof quotasReply>[number] & { id: number };

/** The organization's quota; Quay lists at most one, besides a configured system default (id null). */
async function findQuota(client: QuayClient, organization: string): Promise<FoundQuota | undefined> {
  const quotas = await client.cachedRead(quotaRoutes.listOrganizationQuotas, quotasReply, {
    params: { orgname: organization },
  });
  return quotas?.find((quota): quota is FoundQuota => quota.id !== null);
}

/**
 * Calls the organization's route; when Quay refuses it (a superuser without FEATURE_SUPERUSERS_FULL_ACCESS on
 * 3.16 and later), the superuser's variant, which needs no full access.
 */
async function orSuperuserRoute(
  client: QuayClient,
  routes: { organization: Route; superuser: Route },
  namespace: string,
  options: { params?: Record<string, string>; body?: unknown } = {},
): Promise<void> {
  try {
    await client.unlessAbsent(routes.organization, {
      params: { orgname: namespace, ...options.params },
      body: options.body,
    });
  } catch (error) {
    if (!isQuayError(error, "QUAY_FORBIDDEN")) throw error;
    await client.unlessAbsent(routes.superuser, { params: { namespace, ...options.params }, body: options.body });
  }
}

/** One limit of a quota, as a program declares it. */
export interface Limit {
  type: (typeof limitTypes)[number];
  thresholdPercent: number;
}

const limitKey = (limit: Limit) => `${limit.type}:${limit.thresholdPercent}`;

/** Limits in one order, duplicates removed: the order a program lists them in does not matter. */
function normalized(limits: readonly Limit[]): Limit[] {
  const unique = new Map(limits.map((limit) => [limitKey(limit), limit]));
  return [...unique.values()].sort((a, b) => a.type.localeCompare(b.type) || a.thresholdPercent - b.thresholdPercent);
}

/** A limit Quay lists, as the kind describes it (Quay's type names vary in case). */
function limitOf(limit: FoundQuota["limits"][number]): Limit {
  return { type: limit.type.toLowerCase() === "reject" ? "Reject" : "Warning", thresholdPercent: limit.limit_percent };
}

/** The limits of a found quota, as the kind describes them. */
function limitsOf(quota: FoundQuota): Limit[] {
  return normalized(quota.limits.map(limitOf));
}

/**
 * A refused write of limits, told as what it is: Quay has no superuser route for limits, so a superuser (whose
 * token holds super:user: the quota itself went through the superuser route) still needs
 * FEATURE_SUPERUSERS_FULL_ACCESS on Quay 3.16 and later.
 */
async function limitsRefused(client: QuayClient, error: unknown): Promise<never> {
  if (!isQuayError(error, "QUAY_FORBIDDEN")) throw error;
  const caller = await client
    .cachedRead(commonRoutes.getCurrentUser, z.object({ super_user: z.boolean().optional() }))
    .catch(() => undefined);
  if (caller?.super_user !== true) throw error;
  throw new QuayError(
    "QUAY_FORBIDDEN",
    "Quay refused the quota's limits although the token's user is a superuser: on Quay 3.16 and later, only " +
      "superusers with FEATURE_SUPERUSERS_FULL_ACCESS on may write them (Quay has no superuser route for limits). " +
      "Turn FEATURE_SUPERUSERS_FULL_ACCESS on and run `pulumi up` again (the quota itself is set and recorded), " +
      `or leave \`limits\` unset (${(error as Error).message})`,
    { cause: error },
  );
}

/** Adds and removes limits so the quota has exactly `wanted`. */
async function syncLimits(client: QuayClient, organization: string, quota: FoundQuota, wanted: readonly Limit[]) {
  try {
    await applyLimits(client, organization, quota, wanted);
  } catch (error) {
    await limitsRefused(client, error);
  }
}

async function applyLimits(client: QuayClient, organization: string, quota: FoundQuota, wanted: readonly Limit[]) {
  const params = { orgname: organization, quota_id: String(quota.id) };
  const wantedKeys = new Set(wanted.map(limitKey));
  const present = new Set<string>();
  for (const limit of quota.limits) {
    const key = limitKey(limitOf(limit));
    if (wantedKeys.has(key) && !present.has(key)) {
      present.add(key);
      continue;
    }
    await client.unlessAbsent(quotaRoutes.deleteQuotaLimit, { params: { ...params, limit_id: String(limit.id) } });
  }
  for (const limit of wanted) {
    if (present.has(limitKey(limit))) continue;
    await client.request(quotaRoutes.createQuotaLimit, {
      params,
      body: { type: limit.type, threshold_percent: limit.thresholdPercent },
    });
  }
}

const quotaId = idFormat("Quota", "{organization}", { organization: namespacePart });

/** A found quota as the kind describes it. */
function describe(organization: string, quota: FoundQuota) {
  return {
    organization,
    limit: formatSize(quota.limit_bytes),
    limits: limitsOf(quota),
    quotaId: String(quota.id),
    limitBytes: quota.limit_bytes,
  };
}

/** The `Quota` kind. */
export const quota = defineResource({
  kind: "Quota",
  description:
    "An organization's storage quota, with the limits at which Quay warns or rejects pushes. Needs " +
    "FEATURE_QUOTA_MANAGEMENT and a superuser's token: with FEATURE_SUPERUSERS_FULL_ACCESS on Quay 3.16 and " +
    "later, or through Quay's superuser routes, which pulumi-quay falls back to for the quota itself.",
  example:
    'new quay.Quota("platform", { organization: org.name, limit: "500 GiB", limits: [{ type: "Warning", thresholdPercent: 80 }, { type: "Reject", thresholdPercent: 100 }] });',
  inputs: z.object({
    organization: namespaceName().meta({
      description: "Organization the quota applies to; it has at most one. Changing it replaces the quota.",
      replaceOnChange: true,
      references: "Organization.name",
    }),
    limit: sizeInput().meta({
      description:
        "The quota, such as `500 GiB`, `2 TB` or `750 MiB`: binary units (KiB, MiB, GiB, TiB, PiB) are powers of " +
        "1024, decimal ones (KB, MB, GB, TB, PB) powers of 1000. It is recorded in the largest binary unit that " +
        "divides it (`10240 MiB` as `10 GiB`), so two ways of writing the same size are no change. Updated in place.",
    }),
    limits: z
      .array(
        z.object({
          type: z.enum(limitTypes, { error: "must be Warning or Reject" }).meta({
            description: "`Warning` notifies; `Reject` refuses pushes beyond the threshold.",
          }),
          thresholdPercent: z
            .int({ error: "must be a whole percentage" })
            .min(1, { error: "must be between 1 and 100" })
            .max(100, { error: "must be between 1 and 100" })
            .meta({ description: "Percentage of the quota at which the limit applies, 1–100." }),
        }),
      )
      .transform(normalized)
      .optional()
      .meta({
        description:
          "The complete set of limits; limits not listed are removed. Order does not matter. Leave it unset to " +
          "not manage limits. Updated in place.",
      }),
  }),
  outputs: z.object({
    quotaId: z.string().meta({ description: "The id Quay gave the quota." }),
    limitBytes: z.number().meta({ description: "The quota in bytes, as Quay stores it." }),
  }),
  id: quotaId,
  naturalKey: ["organization"],
  routes: quotaRoutes,
  sample: { organization: "kinds", limit: "10 GiB" },
  requires: "Quay 3.7+ with FEATURE_QUOTA_MANAGEMENT; a superuser's token",
  notes: [
    "An organization has at most one quota. Sizes are sent to Quay in bytes, so every Quay since 3.7 accepts them.",
    "Writing limits on Quay 3.16 and later needs a superuser's token with FEATURE_SUPERUSERS_FULL_ACCESS; without " +
      "it the quota itself still goes through Quay's superuser routes.",
    "Quay computes usage and applies the limits asynchronously, when images are pushed.",
  ],

  label: (inputs) => `quota of ${inputs.organization}`,

  async list({ client }, scope: ListScope) {
    if (!("organization" in scope)) return [];
    const found = await findQuota(client, scope.organization);
    return found
      ? [{ id: quotaId.build({ organization: scope.organization }), ...describe(scope.organization, found) }]
      : [];
  },

  async locate({ client }, inputs) {
    return (await findQuota(client, inputs.organization))
      ? quotaId.build({ organization: inputs.organization })
      : undefined;
  },

  async create({ client }, inputs) {
    const organization = inputs.organization;
    const routes = { organization: quotaRoutes.createOrganizationQuota, superuser: quotaRoutes.createSuperuserQuota };
    await orSuperuserRoute(client, routes, organization, { body: { limit_bytes: parseSize(inputs.limit) } });
    // Quay answers "Created" without the id: read it back.
    const created = await findQuota(client, organization);
    if (!created)
      throw new QuayOperationError(
        "QUAY_UNEXPECTED",
        `Quay accepted the quota of ${organization} but does not list it`,
      );
    const id = quotaId.build({ organization });
    const limits = inputs.limits;
    if (limits !== undefined) {
      await completing(id, ["limits"], () => syncLimits(client, organization, created, limits), {
        quotaId: String(created.id),
        limitBytes: created.limit_bytes,
      });
    }
    return {
      id,
      outputs: { quotaId: String(created.id), limitBytes: created.limit_bytes },
    };
  },

  async read({ client }, id) {
    const { organization } = quotaId.parse(id);
    const found = await findQuota(client, organization);
    return found ? describe(organization, found) : undefined;
  },

  async update({ client }, id, _olds, news, changed) {
    const { organization } = quotaId.parse(id);
    let found = await findQuota(client, organization);
    if (!found)
      throw new QuayOperationError(
        "QUAY_UNEXPECTED",
        `the quota of ${organization} is gone from Quay; run \`pulumi refresh\``,
      );
    if (changed.has("limit")) {
      const routes = { organization: quotaRoutes.updateOrganizationQuota, superuser: quotaRoutes.updateSuperuserQuota };
      await orSuperuserRoute(client, routes, organization, {
        params: { quota_id: String(found.id) },
        body: { limit_bytes: parseSize(news.limit) },
      });
    }
    if (changed.has("limits") && news.limits !== undefined) await syncLimits(client, organization, found, news.limits);
    found = (await findQuota(client, organization)) ?? found;
    return { quotaId: String(found.id), limitBytes: found.limit_bytes };
  },

  async delete({ client }, id) {
    const { organization } = quotaId.parse(id);
    const found = await findQuota(client, organization);
    if (!found) return;
    const routes = { organization: quotaRoutes.deleteOrganizationQuota, superuser: quotaRoutes.deleteSuperuserQuota };
    await orSuperuserRoute(client, routes, organization, { params: { quota_id: String(found.id) } });
  },
});
