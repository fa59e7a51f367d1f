/**
 * `OrganizationMirror`: mirrors every repository of a Harbor project or Quay organization into an empty
 * Quay organization. Routes: docs/quay-behavior.md §20. Needs Quay 3.17 and `FEATURE_ORG_MIRROR`.
 */
import { z } from "zod";

import { defineResource, heldByQuay, type ListScope, unknownValue } from "./_shared/define";
import { idFormat } from "./_shared/id-format";
import { proxyUrl, quayDate, registryConfig, registrySettingKeys } from "./_shared/mirror-wire";
import { namespaceName, namespacePart, robotName } from "./_shared/names";
import { organizationMirrorRoutes } from "./organization-mirror.routes";

const mirrorReply = z.object({
  is_enabled: z.boolean(),
  external_registry_type: z.enum(["harbor", "quay"]),
  external_registry_url: z.string(),
  external_namespace: z.string(),
  external_registry_username: z.string().nullish(),

  external_registry_config: z
    .object({
      verify_tls: z.boolean().optional(),
      proxy: z
        .object({ http_proxy: z.string().nullish(), https_proxy: z.string().nullish(), no_proxy: z.string().nullish() })
        .optional(),
    })
    .passthrough(),
  repository_filters: z.array(z.string()).default([]),
  robot_username: z.string().nullish(),
  visibility: z.enum(["public", "private"]),
  sync_interval: z.number(),
  sync_start_date: z.string().nullish(),
  skopeo_timeout: z.number(),
});

const mirrorId = idFormat("OrganizationMirror", "{organization}", { organization: namespacePart });

/** A configuration as the kind describes it. */
function describe(organization: string, found: z.output<typeof mirrorReply>) {
  const config = found.external_registry_config;
  return {
    organization,
    registryType: found.external_registry_type,
    registryUrl: found.external_registry_url,
    namespace: found.external_namespace,
    robot: found.robot_username ?? "",
    visibility: found.visibility,
    repositoryFilters: found.repository_filters,
    syncIntervalSeconds: found.sync_interval,
    enabled: found.is_enabled,
    username: found.external_registry_username ?? undefined,

    verifyTls: config.verify_tls ?? true,
    httpProxy: config.proxy?.http_proxy ?? undefined,
    httpsProxy: config.proxy?.https_proxy ?? undefined,
    noProxy: config.proxy?.no_proxy ?? undefined,
    skopeoTimeoutSeconds: found.skopeo_timeout,
  };
}

type Inputs = {
  registryUrl: string;
  namespace: string;
  robot: string;
  visibility: "public" | "private";
  repositoryFilters: string[];
  syncIntervalSeconds: number;
  enabled: boolean;
  username?: string;
  password?: string;
  verifyTls: boolean;
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
  skopeoTimeoutSeconds: number;
};

/** The wire field of each input an update may send. */
function wire(inputs: Inputs): Record<string, [string, unknown]> {
  return {
    registryUrl: ["external_registry_url", inputs.registryUrl],
    namespace: ["external_namespace", inputs.namespace],
    robot: ["robot_username", inputs.robot],
    visibility: ["visibility", inputs.visibility],
    repositoryFilters: ["repository_filters", inputs.repositoryFilters],
    syncIntervalSeconds: ["sync_interval", inputs.syncIntervalSeconds],
    enabled: ["is_enabled", inputs.enabled],
    skopeoTimeoutSeconds: ["skopeo_timeout", inputs.skopeoTimeoutSeconds],
  };
}

/** The `OrganizationMirror` kind. */
export const organizationMirror = defineResource({
  kind: "OrganizationMirror",
  description:
    "Mirrors every repository of a Harbor project or a Quay organization (optionally filtered by name) into an " +
    "empty Quay organization, on a schedule, pulling as a robot of that organization. Quay creates the mirrored " +
    "repositories itself. Needs Quay 3.17 and FEATURE_ORG_MIRROR.",
  example:
    'new quay.OrganizationMirror("upstream", { organization: mirror.name, registryType: "quay", registryUrl: "https://quay.io", namespace: "prometheus", robot: puller.fullName, repositoryFilters: ["node-*"] });',
  inputs: z.object({
    organization: namespaceName().meta({
      description:
        "The Quay organization to mirror into; it must hold no repositories when the mirror is created. Changing it " +
        "replaces the mirror.",
      replaceOnChange: true,
      references: "Organization.name",
    }),
    registryType: z.enum(["harbor", "quay"], { error: "must be harbor or quay" }).meta({
      description:
        "The kind of registry to mirror from: `harbor` or `quay`. Cannot change: a change stops the preview.",
      fixed:
        "Quay cannot change the registry type of a mirror, and a new mirror would need the organization empty " +
        "while the mirrored repositories stay. Remove the mirror from the program and run `pulumi up`, delete the " +
        "mirrored repositories, then declare the new mirror.",
    }),
    registryUrl: z
      .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL with a host and no credentials" })
      .refine((url) => !/\/\/[^/]*@/.test(url), { error: "must not include credentials; use username and password" })
      .meta({ description: "The registry's URL, such as `https://quay.io`. Updated in place." }),
    namespace: z
      .string()
      .min(1, { error: "must not be empty" })
      .max(255, { error: "must be at most 255 characters long" })
      .meta({ description: "The Harbor project or Quay organization to mirror. Updated in place." }),
    robot: robotName().meta({
      description:
        "Robot of the organization (`<organization>+<name>`) that the mirror acts as and owns the repositories. " +
        "Updated in place.",
      references: "Robot.fullName",
    }),
    visibility: z.enum(["public", "private"], { error: "must be public or private" }).default("private").meta({
      description: "Visibility of the repositories Quay creates: `private` (default) or `public`. Updated in place.",
    }),
    repositoryFilters: z
      .array(z.string().min(1, { error: "must not be empty" }))
      .default([])
      .meta({
        description:
          "Glob patterns of repository names to mirror (`node-*`); empty (the default) mirrors all. Updated in place.",
      }),
    syncIntervalSeconds: z
      .int({ error: "must be a whole number of seconds" })
      .min(60, { error: "must be at least 60" })
      .default(86_400)
      .meta({ description: "Seconds between syncs, at least 60. Default 86400 (daily). Updated in place." }),
    enabled: z.boolean().default(true).meta({ description: "Whether syncs run. Default true. Updated in place." }),
    username: z.string().optional().meta({ description: "User name for the registry. Updated in place." }),
    password: z
      .string()
      .optional()
      .meta({
        description:
          "Password or token for the registry. Write-only in Quay: compared with the last applied value and sent " +
          "only when it changes; a change made in Quay is not seen. Needs `username`.",
        secret: true,
        writeOnly: true,
      }),
    verifyTls: z.boolean().default(true).meta({ description: "Verify the registry's TLS certificate. Default true." }),
    httpProxy: proxyUrl("HTTP proxy for reaching the registry, without credentials."),
    httpsProxy: proxyUrl("HTTPS proxy for reaching the registry, without credentials."),
    noProxy: z.string().optional().meta({ description: "Hosts to reach without the proxy." }),
    skopeoTimeoutSeconds: z
      .int({ error: "must be a whole number of seconds" })
      .min(30, { error: "must be between 30 and 3600" })
      .max(3600, { error: "must be between 30 and 3600" })
      .default(300)
      .meta({ description: "Time limit of one repository's sync, 30–3600 seconds. Default 300. Updated in place." }),
    syncTrigger: z.string().optional().meta({
      description: "Any value; change it to start a sync now (Quay refuses while one is running).",
      writeOnly: true,
    }),
  }),
  outputs: z.object({}),
  id: mirrorId,
  naturalKey: ["organization"],
  routes: organizationMirrorRoutes,
  sample: {
    organization: "kinds-mirror",
    registryType: "quay",
    registryUrl: "https://quay.io",
    namespace: "prometheus",
    robot: "kinds-mirror+puller",
  },
  requires: "Quay 3.17+ with FEATURE_ORG_MIRROR",
  notes: [
    "Quay refuses the mirror of an organization that holds repositories, has a proxy cache, or has tag " +
      "immutability policies; while mirrored, nobody can create repositories in it.",
    "Deleting the mirror keeps the mirrored repositories and returns them to state NORMAL.",
    "Quay never returns the password, so a change made in Quay is not seen; changing it in the program sends it.",
  ],

  label: (inputs) => `mirror of ${inputs.registryUrl} ${inputs.namespace} into ${inputs.organization}`,

  validate(inputs) {
    const failures: { property: string; reason: string }[] = [];
    if (inputs.password !== undefined && inputs.username === undefined) {
      failures.push({ property: "password", reason: "needs username: Quay logs in to the registry with both" });
    }
    const known = ![inputs.robot, inputs.organization].some((value) => value.includes(unknownValue));
    if (known && !inputs.robot.startsWith(`${inputs.organization}+`)) {
      failures.push({ property: "robot", reason: `must be a robot of ${inputs.organization}, as Quay requires` });
    }
    return failures;
  },

  async list({ client }, scope: ListScope) {
    if (!("organization" in scope)) return [];
    const found = await client.cachedRead(organizationMirrorRoutes.getOrganizationMirror, mirrorReply, {
      params: { orgname: scope.organization },
    });
    if (!found) return [];
    const described = describe(scope.organization, found);
    // Quay keeps a password beside a user name and never returns it.
    const password = described.username === undefined ? undefined : heldByQuay;
    return [{ id: mirrorId.build({ organization: scope.organization }), ...described, password }];
  },

  async locate(_context, inputs) {
    return mirrorId.build({ organization: inputs.organization });
  },

  async create({ client }, inputs) {
    const body = Object.fromEntries(Object.values(wire(inputs)));
    await client.request(organizationMirrorRoutes.createOrganizationMirror, {
      params: { orgname: inputs.organization },
      body: {
        ...body,
        external_registry_type: inputs.registryType,
        external_registry_username: inputs.username ?? null,
        external_registry_password: inputs.password ?? null,
        external_registry_config: registryConfig(inputs),
        sync_start_date: quayDate(new Date()),
      },
    });
    return { id: mirrorId.build({ organization: inputs.organization }), outputs: {} };
  },

  async read({ client }, id) {
    const { organization } = mirrorId.parse(id);
    const found = await client.cachedRead(organizationMirrorRoutes.getOrganizationMirror, mirrorReply, {
      params: { orgname: organization },
    });
    return found ? describe(organization, found) : undefined;
  },

  async update({ client }, id, _olds, news, changed) {
    const params = { orgname: mirrorId.parse(id).organization };
    const body = Object.fromEntries(
      Object.entries(wire(news)).flatMap(([key, entry]) => (changed.has(key) ? [entry] : [])),
    );
    if (registrySettingKeys.some((key) => changed.has(key))) {
      // Quay replaces the whole config: keep the settings the program leaves unset as Quay has them.
      const stored = await client.cachedRead(organizationMirrorRoutes.getOrganizationMirror, mirrorReply, { params });
      body.external_registry_config = registryConfig(news, stored?.external_registry_config);
    }
    // The password is sent only when the program sets it, always with the user name Quay keeps beside it.
    if (changed.has("username") || changed.has("password")) {
      body.external_registry_username = news.username ?? null;
      if (news.password !== undefined) body.external_registry_password = news.password;
    }
    if (Object.keys(body).length > 0) {
      await client.request(organizationMirrorRoutes.updateOrganizationMirror, { params, body });
    }
    if (changed.has("syncTrigger"))
      await client.request(organizationMirrorRoutes.syncOrganizationMirrorNow, { params });
    return {};
  },

  async delete({ client }, id) {
    await client.unlessAbsent(organizationMirrorRoutes.deleteOrganizationMirror, {
      params: { orgname: mirrorId.parse(id).organization },
    });
  },
});
