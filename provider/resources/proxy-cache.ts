/**
 * `ProxyCache`: makes an organization a pull-through cache of an upstream registry. Routes:
 * docs/quay-behavior.md §13. Needs `FEATURE_PROXY_CACHE`.
 */
import { z } from "zod";
import type { QuayClient } from "../quay/client";
import { defineRoutes, notFound } from "../quay/routes";
import { defineResource, type ListScope } from "./_shared/define";
import { idFormat } from "./_shared/id-format";
import { namespaceName, namespacePart } from "./_shared/names";

const requires = "FEATURE_PROXY_CACHE (Quay 3.7 or later)";

/** The proxy cache routes; Quay has no update: a change deletes and creates again. */
export const proxyCacheRoutes = defineRoutes({
  /** GET /organization/{orgname}/proxycache — 200 always; an organization without one shows empty values. */
  getProxyCache: {
    method: "GET",
    path: "/organization/{orgname}/proxycache",
    ok: [200],
    absent: [notFound],
    scope: "org:admin",
    requires,
  },
  /** POST /organization/{orgname}/proxycache — 201 "Created"; 400 when one exists. */
  createProxyCache: {
    method: "POST",
    path: "/organization/{orgname}/proxycache",
    ok: [201],
    scope: "org:admin",
    requires,
  },
  /** DELETE /organization/{orgname}/proxycache — 201 "Deleted"; 404 when there is none. */
  deleteProxyCache: {
    method: "DELETE",
    path: "/organization/{orgname}/proxycache",
    ok: [201],
    absent: [notFound],
    scope: "org:admin",
    requires,
  },
});

const proxyCacheReply = z.object({
  upstream_registry: z.string(),
  expiration_s: z.union([z.number(), z.string()]),
  insecure: z.union([z.boolean(), z.string()]),
});

const proxyCacheId = idFormat("ProxyCache", "{organization}", { organization: namespacePart });

/** The organization's configuration, or undefined when it has none (Quay shows empty strings then). */
async function readProxyCache(client: QuayClient, organization: string) {
  const found = await client.cachedRead(proxyCacheRoutes.getProxyCache, proxyCacheReply, {
    params: { orgname: organization },
  });
  if (!found || found.upstream_registry === "") return undefined;
  return {
    organization,
    upstreamRegistry: found.upstream_registry,
    expirationSeconds: Number(found.expiration_s),
    insecure: found.insecure === true,
  };
}

/** The `ProxyCache` kind. */
export const proxyCache = defineResource({
  kind: "ProxyCache",
  description:
    "Makes an organization a pull-through cache of an upstream registry: pulling `<org>/<image>` from Quay " +
    "fetches `<upstream>/<image>` and keeps it for `expirationSeconds`. Quay cannot update the configuration, " +
    "so any change replaces it (the cached images stay). Needs FEATURE_PROXY_CACHE.",
  example:
    'new quay.ProxyCache("dockerhub", { organization: cache.name, upstreamRegistry: "docker.io", username: "puller", password: config.requireSecret("dockerHubToken") });',
  inputs: z.object({
    organization: namespaceName().meta({
      description: "Organization that becomes the cache. Changing it replaces the configuration.",
      replaceOnChange: true,
      references: "Organization.name",
    }),
    upstreamRegistry: z
      .string()
      .regex(/^[a-zA-Z0-9.-]+(:\d+)?(\/[a-z0-9._/-]+)?$/, {
        error: "must be a registry host, optionally with a namespace, such as docker.io or quay.io/library",
      })
      .meta({
        description:
          "Upstream registry host, optionally followed by a namespace (`docker.io`, `quay.io/prometheus`), with no " +
          "URL scheme. Quay checks that the host resolves to a public address. Changing it replaces the configuration.",
        replaceOnChange: true,
      }),
    username: z
      .string()
      .optional()
      .meta({
        description:
          "User name for the upstream registry; Quay never returns it. Leave it unset for anonymous pulls. " +
          "Changing it replaces the configuration.",
        replaceOnChange: true,
        writeOnly: true,
      }),
    password: z
      .string()
      .optional()
      .meta({
        description:
          "Password or token for the upstream registry. Write-only in Quay: kept encrypted in state and compared " +
          "with the last value applied, never read back. Changing it replaces the configuration.",
        replaceOnChange: true,
        writeOnly: true,
        secret: true,
      }),
    insecure: z.boolean().default(false).meta({
      description:
        "Pull from the upstream over plain HTTP, without TLS. Default false. Changing it replaces the configuration.",
      replaceOnChange: true,
    }),
    expirationSeconds: z
      .int({ error: "must be a whole number of seconds" })
      .min(1, { error: "must be 1 or more" })
      .default(86_400)
      .meta({
        description:
          "How long Quay keeps a cached image before checking the upstream again, in seconds. Default 86400 (a day). " +
          "Changing it replaces the configuration.",
        replaceOnChange: true,
      }),
  }),
  outputs: z.object({}),
  id: proxyCacheId,
  naturalKey: ["organization"],
  routes: proxyCacheRoutes,
  sample: { organization: "kinds", upstreamRegistry: "docker.io" },
  requires: "Quay 3.7+ with FEATURE_PROXY_CACHE",
  notes: [
    "Quay never returns the credentials; they are compared with the values last applied, so they cause no " +
      "perpetual diff, and a change made outside the program is not seen.",
    "An organization with a proxy cache should hold no repositories of its own: Quay creates them as it caches.",
  ],

  label: (inputs) => `proxy cache of ${inputs.upstreamRegistry} in ${inputs.organization}`,

  validate(inputs) {
    return inputs.password !== undefined && inputs.username === undefined
      ? [{ property: "password", reason: "needs username: Quay logs in to the upstream with both" }]
      : [];
  },

  async list({ client }, scope: ListScope) {
    if (!("organization" in scope)) return [];
    const found = await readProxyCache(client, scope.organization);
    return found ? [{ id: proxyCacheId.build({ organization: scope.organization }), ...found }] : [];
  },

  async locate({ client }, inputs) {
    return (await readProxyCache(client, inputs.organization))
      ? proxyCacheId.build({ organization: inputs.organization })
      : undefined;
  },

  async create({ client }, inputs) {
    await client.request(proxyCacheRoutes.createProxyCache, {
      params: { orgname: inputs.organization },
      body: {
        org_name: inputs.organization,
        upstream_registry: inputs.upstreamRegistry,
        expiration_s: inputs.expirationSeconds,
        insecure: inputs.insecure,
        ...(inputs.username === undefined
          ? {}
          : { upstream_registry_username: inputs.username, upstream_registry_password: inputs.password ?? "" }),
      },
    });
    return { id: proxyCacheId.build({ organization: inputs.organization }), outputs: {} };
  },

  async read({ client }, id) {
    return readProxyCache(client, proxyCacheId.parse(id).organization);
  },

  async delete({ client }, id) {
    await client.unlessAbsent(proxyCacheRoutes.deleteProxyCache, {
      params: { orgname: proxyCacheId.parse(id).organization },
    });
  },
});
