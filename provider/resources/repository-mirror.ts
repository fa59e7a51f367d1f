/**
 * `RepositoryMirror`: pull mirroring of an external repository into a Quay repository.
 * Routes: quay-behavior.md §9 (needs FEATURE_REPO_MIRROR).
 */
import { z } from "zod";
import { parseReply } from "../quay/client";
import { errorCode } from "../quay/errors";
import { routes } from "../quay/routes";
import { defineResource } from "./_shared/define";
import { repositoryReference, robotNamePattern } from "./_shared/names";

const mirrorReply = z.object({
  is_enabled: z.boolean(),
  external_reference: z.string(),
  external_registry_username: z.string().nullish(),
  external_registry_config: z
    .object({
      verify_tls: z.boolean().optional(),
      unsigned_images: z.boolean().optional(),
      proxy: z
        .object({ http_proxy: z.string().nullish(), https_proxy: z.string().nullish(), no_proxy: z.string().nullish() })
        .optional(),
    })
    .passthrough(),
  sync_interval: z.number(),
  sync_start_date: z.string(),
  root_rule: z.object({ rule_value: z.array(z.string()) }),
  robot_username: z.string(),
  skopeo_timeout_interval: z.number().optional(),
});

/** Quay wants exactly `%Y-%m-%dT%H:%M:%SZ`: no milliseconds, no offset (§9). */
function quayDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

const mirrorId = {
  format: "<namespace>/<repository>",
  parse: (id: string) => {
    if (!repositoryReference().safeParse(id).success) {
      throw new Error(`RepositoryMirror id "${id}" is not valid: expected <namespace>/<repository>`);
    }
    return { repository: id };
  },
};

type MirrorInputs = {
  externalReference: string;
  robot: string;
  syncIntervalSeconds: number;
  enabled: boolean;
  tagPatterns: string[];
  username?: string;
  password?: string;
  verifyTls: boolean;
  unsignedImages: boolean;
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
};

/** The registry config, always with all proxy keys: a stored config without `proxy` drops the first one later (§9). */
function registryConfig(inputs: MirrorInputs) {
  return {
    verify_tls: inputs.verifyTls,
    unsigned_images: inputs.unsignedImages,
    proxy: {
      http_proxy: inputs.httpProxy ?? null,
      https_proxy: inputs.httpsProxy ?? null,
      no_proxy: inputs.noProxy ?? null,
    },
  };
}

/** Whether Quay rejected `skopeo_timeout_interval` as unknown: releases before 3.15 (§9, [ver]). */
function rejectsSkopeoTimeout(error: unknown): boolean {
  const message = (error as { quayMessage?: string }).quayMessage ?? "";
  return (error as { status?: number }).status === 400 && message.includes("'skopeo_timeout_interval' was unexpected");
}

/** The `RepositoryMirror` kind. */
export const repositoryMirror = defineResource({
  kind: "RepositoryMirror",
  description:
    "Mirrors tags of an external repository into a Quay repository on a schedule, pulling as a robot. " +
    "Creating it sets the repository's state to MIRROR and gives the robot write access; deleting it " +
    "disables mirroring and returns the repository to NORMAL (Quay cannot delete a mirror configuration).",
  example:
    'new quay.RepositoryMirror("nginx", { repository: nginx.fullName, externalReference: "registry.example.com/library/nginx", robot: puller.fullName, tagPatterns: ["1.*", "latest"], syncIntervalSeconds: 3600 });',
  inputs: z.object({
    repository: repositoryReference().meta({
      description: "The Quay repository to mirror into, `<namespace>/<name>`. Changing it replaces the mirror.",
      replaceOnChange: true,
    }),
    externalReference: z
      .string()
      .regex(/^[^\s/:?#\\%@]+(:\d+)?\/[^\s?#\\%@]+$/, {
        error: "must be <registry host>[:port]/<path> with no scheme, e.g. registry.example.com/library/nginx",
      })
      .meta({
        description:
          "The repository to pull from, `<registry host>[:port]/<path>`, without a scheme. Updated in place.",
      }),
    robot: z
      .string()
      .regex(robotNamePattern, { error: "must be a robot's full name such as acme+puller" })
      .meta({
        description:
          "Robot (`<namespace>+<name>`, of the repository's namespace) that the mirror acts as. Quay gives it write " +
          "access to the repository. Updated in place.",
      }),
    tagPatterns: z
      .array(z.string().min(1, { error: "must not be empty" }))
      .min(1, { error: "must list at least one tag pattern" })
      .meta({ description: "Tags to mirror, as glob patterns such as `latest` or `v1.*`. Updated in place." }),
    syncIntervalSeconds: z
      .int({ error: "must be a whole number of seconds" })
      .min(0, { error: "must be 0 or more" })
      .default(86_400)
      .meta({ description: "Seconds between syncs. Default 86400 (daily). Updated in place." }),
    syncStartDate: z
      .string()
      .refine((value) => !Number.isNaN(Date.parse(value)), {
        error: "must be an ISO 8601 date such as 2026-01-01T00:00:00Z",
      })
      .transform((value) => quayDate(new Date(value)))
      .optional()
      .meta({
        description:
          "When the first sync may start (ISO 8601, sent to Quay in UTC without milliseconds). Unset: now, " +
          "and not managed afterwards. Updated in place.",
      }),
    enabled: z.boolean().default(true).meta({ description: "Whether syncs run. Default true. Updated in place." }),
    username: z.string().optional().meta({ description: "User name for the external registry. Updated in place." }),
    password: z
      .string()
      .optional()
      .meta({
        description:
          "Password or token for the external registry. Write-only in Quay: compared with the last applied " +
          "value, never read back, sent only when it changes. Needs `username`.",
        secret: true,
      }),
    verifyTls: z
      .boolean()
      .default(true)
      .meta({ description: "Verify the external registry's TLS certificate. Default true." }),
    unsignedImages: z.boolean().default(false).meta({ description: "Accept unsigned images. Default false." }),
    httpProxy: z.string().optional().meta({ description: "HTTP proxy for reaching the external registry." }),
    httpsProxy: z.string().optional().meta({ description: "HTTPS proxy for reaching the external registry." }),
    noProxy: z.string().optional().meta({ description: "Hosts to reach without the proxy." }),
    skopeoTimeoutSeconds: z
      .int({ error: "must be a whole number of seconds" })
      .min(300, { error: "must be at least 300" })
      .optional()
      .meta({
        description:
          "Time limit of one sync, in seconds (minimum 300). Requires Quay 3.15 or later; on older Quay, " +
          "leave it unset. Updated in place.",
      }),
    syncTrigger: z
      .string()
      .optional()
      .meta({ description: "Any value; change it to start a sync now (unless one is already running)." }),
  }),
  outputs: z.object({}),
  id: mirrorId,
  deleteBeforeReplace: true,
  notes: [
    "Quay has no DELETE for a mirror: deleting the resource disables it and puts the repository back in state NORMAL.",
    "Creating a mirror sets the repository's state to MIRROR and raises the robot to `write` on it.",
    "The password is write-only: a change made in the Quay UI is not seen; changing it in the program sends it.",
    "`skopeoTimeoutSeconds` exists from Quay 3.15; on create the provider sends 300 and, if Quay is older and refuses it, tries again without.",
  ],
  routes: [
    routes.createMirror,
    routes.getMirror,
    routes.updateMirror,
    routes.syncMirrorNow,
    routes.changeRepositoryState,
  ],

  validate(inputs) {
    return inputs.password !== undefined && inputs.username === undefined
      ? [{ property: "password", reason: "needs username: Quay keeps a password only with a user name" }]
      : [];
  },

  async locate(_context, inputs) {
    return inputs.repository;
  },

  async create({ client }, inputs) {
    const params = { repository: inputs.repository };
    const body: Record<string, unknown> = {
      is_enabled: inputs.enabled,
      external_reference: inputs.externalReference,
      external_registry_username: inputs.username ?? null,
      external_registry_password: inputs.password ?? null,
      sync_interval: inputs.syncIntervalSeconds,
      sync_start_date: inputs.syncStartDate ?? quayDate(new Date()),
      robot_username: inputs.robot,
      root_rule: { rule_kind: "tag_glob_csv", rule_value: inputs.tagPatterns },
      external_registry_config: registryConfig(inputs),
      skopeo_timeout_interval: inputs.skopeoTimeoutSeconds ?? 300,
    };
    const send = async (route: typeof routes.createMirror | typeof routes.updateMirror) => {
      try {
        await client.request(route, { params, body });
      } catch (error) {
        if (!rejectsSkopeoTimeout(error)) throw error;
        if (inputs.skopeoTimeoutSeconds !== undefined) {
          throw new Error("skopeoTimeoutSeconds needs Quay 3.15 or later; this Quay does not know it: leave it unset");
        }
        delete body.skopeo_timeout_interval;
        await client.request(route, { params, body });
      }
    };
    try {
      await send(routes.createMirror);
    } catch (error) {
      // A configuration exists already (a retried create, or mirroring set up by hand): converge it.
      if ((error as { status?: number }).status !== 409) throw error;
      await send(routes.updateMirror);
    }
    return { id: inputs.repository, outputs: {} };
  },

  async read({ client }, id) {
    const { repository } = mirrorId.parse(id);
    const reply = await client.find(routes.getMirror, { params: { repository } });
    if (reply === undefined) return undefined;
    const found = parseReply(routes.getMirror, mirrorReply, reply);
    const config = found.external_registry_config;
    return {
      repository,
      externalReference: found.external_reference,
      robot: found.robot_username,
      tagPatterns: found.root_rule.rule_value,
      syncIntervalSeconds: found.sync_interval,
      syncStartDate: found.sync_start_date,
      enabled: found.is_enabled,
      username: found.external_registry_username ?? undefined,
      verifyTls: config.verify_tls ?? true,
      unsignedImages: config.unsigned_images ?? false,
      httpProxy: config.proxy?.http_proxy ?? undefined,
      httpsProxy: config.proxy?.https_proxy ?? undefined,
      noProxy: config.proxy?.no_proxy ?? undefined,
      skopeoTimeoutSeconds: found.skopeo_timeout_interval,
    };
  },

  async update({ client }, id, olds, news) {
    const params = { repository: id };
    const body: Record<string, unknown> = {};
    const changed = (key: keyof typeof news) =>
      news[key] !== undefined && JSON.stringify(olds[key]) !== JSON.stringify(news[key]);
    if (changed("enabled")) body.is_enabled = news.enabled;
    if (changed("externalReference")) body.external_reference = news.externalReference;
    if (changed("robot")) body.robot_username = news.robot;
    if (changed("tagPatterns")) body.root_rule = { rule_kind: "tag_glob_csv", rule_value: news.tagPatterns };
    if (changed("syncIntervalSeconds")) body.sync_interval = news.syncIntervalSeconds;
    if (changed("syncStartDate")) body.sync_start_date = news.syncStartDate;
    if (changed("skopeoTimeoutSeconds")) body.skopeo_timeout_interval = news.skopeoTimeoutSeconds;
    if (["verifyTls", "unsignedImages", "httpProxy", "httpsProxy", "noProxy"].some((key) => changed(key as never))) {
      body.external_registry_config = registryConfig(news);
    }
    // The password is sent only when it changed, and always with the user name Quay requires beside it.
    if (changed("username") || changed("password")) {
      body.external_registry_username = news.username ?? null;
      if (news.password !== undefined) body.external_registry_password = news.password;
    }
    if (Object.keys(body).length > 0) await client.request(routes.updateMirror, { params, body });
    if (changed("syncTrigger")) {
      // 404 while a sync is already running: nothing more to do.
      await client.find(routes.syncMirrorNow, { params });
    }
    return {};
  },

  async delete({ client }, id) {
    const params = { repository: mirrorId.parse(id).repository };
    // No DELETE in Quay (§0.7): disable, then hand the repository back to pushes.
    try {
      await client.request(routes.updateMirror, { params, body: { is_enabled: false } });
    } catch (error) {
      if (errorCode(error) === "QUAY_NOT_FOUND") return;
      throw error;
    }
    await client.find(routes.changeRepositoryState, { params, body: { state: "NORMAL" } });
  },
});
