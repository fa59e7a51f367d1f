/**
 * `RepositoryMirror`: pull mirroring of an external repository into a Quay repository.
 * Routes: docs/quay-behavior.md §9 (needs FEATURE_REPO_MIRROR).
 */
import { z } from "zod";
import { isAbsent, statusOf } from "../quay/errors";
import { defineRoutes, notFound } from "../quay/routes";
import { defineResource, heldByQuay, type ListScope } from "./_shared/define";
import { idFormat } from "./_shared/id-format";
import { mirrorReply, proxyUrl, quayDate, registryConfig, registrySettingKeys } from "./_shared/mirror-wire";
import { repositoryPart, repositoryReference, robotName } from "./_shared/names";
import { repositoryRoutes } from "./repository";

/** The mirror routes; they exist only with FEATURE_REPO_MIRROR. Quay has no DELETE for a mirror (§0.7). */
export const mirrorRoutes = {
  ...defineRoutes({
    /** GET /repository/{repository}/mirror — 404 when there is no configuration. */
    getMirror: {
      method: "GET",
      path: "/repository/{repository}/mirror",
      ok: [200],
      absent: [notFound],
      scope: "repo:admin",
      requires: "FEATURE_REPO_MIRROR",
    },
    /** POST /repository/{repository}/mirror — 201 with an empty body; sets the repository state to MIRROR. */
    createMirror: {
      method: "POST",
      path: "/repository/{repository}/mirror",
      ok: [201],
      scope: "repo:admin",
      requires: "FEATURE_REPO_MIRROR",
    },
    /** PUT /repository/{repository}/mirror — partial update; 201 with an empty body. */
    updateMirror: {
      method: "PUT",
      path: "/repository/{repository}/mirror",
      ok: [201],
      absent: [notFound],
      scope: "repo:admin",
      requires: "FEATURE_REPO_MIRROR",
    },
    /** POST /repository/{repository}/mirror/sync-now — 404 without a configuration or while syncing. */
    syncMirrorNow: {
      method: "POST",
      path: "/repository/{repository}/mirror/sync-now",
      ok: [204],
      absent: [notFound],
      scope: "repo:admin",
      requires: "FEATURE_REPO_MIRROR",
    },
  }),
  /** The repository's state; a mirror's delete puts back NORMAL. */
  changeRepositoryState: repositoryRoutes.changeRepositoryState,
};

const mirrorId = idFormat("RepositoryMirror", "{repository}", { repository: repositoryPart });

/** A mirror configuration as the kind describes it. */
function describe(repository: string, found: z.output<typeof mirrorReply>) {
  const config = found.external_registry_config;
  return {
    id: mirrorId.build({ repository }),
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
}

/** The `RepositoryMirror` kind. */
export const repositoryMirror = defineResource({
  kind: "RepositoryMirror",
  description:
    "Mirrors tags of an external repository into a Quay repository on a schedule, pulling as a robot. " +
    "Creating it sets the repository's state to MIRROR and gives the robot write access; deleting it " +
    "disables mirroring and returns the repository to NORMAL (Quay cannot delete a mirror configuration).",
  example:
    'new quay.RepositoryMirror("nginx", { repository: nginx.fullName, externalReference: "docker.io/library/nginx", robot: puller.fullName, tagPatterns: ["1.*", "latest"], syncIntervalSeconds: 3600 });',
  inputs: z.object({
    repository: repositoryReference().meta({
      description: "The Quay repository to mirror into, `<namespace>/<name>`. Changing it replaces the mirror.",
      replaceOnChange: true,
      references: "Repository.fullName",
    }),
    externalReference: z
      .string()
      .regex(/^[^\s/:?#\\%@]+(:\d+)?\/[^\s?#\\%@]+$/, {
        error: "must be <registry host>[:port]/<path> with no scheme, e.g. docker.io/library/nginx",
      })
      .meta({
        description:
          "The repository to pull from, `<registry host>[:port]/<path>`, without a scheme. Updated in place.",
      }),
    robot: robotName().meta({
      description:
        "Robot (`<namespace>+<name>`, of the repository's namespace) that the mirror acts as. Quay gives it write " +
        "access to the repository. Updated in place.",
      references: "Robot.fullName",
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
        writeOnly: true,
      }),
    verifyTls: z
      .boolean()
      .default(true)
      .meta({ description: "Verify the external registry's TLS certificate. Default true." }),
    unsignedImages: z.boolean().default(false).meta({ description: "Accept unsigned images. Default false." }),
    httpProxy: proxyUrl("HTTP proxy for reaching the external registry, without credentials."),
    httpsProxy: proxyUrl("HTTPS proxy for reaching the external registry, without credentials."),
    noProxy: z.string().optional().meta({ description: "Hosts to reach without the proxy." }),
    skopeoTimeoutSeconds: z
      .int({ error: "must be a whole number of seconds" })
      .min(300, { error: "must be at least 300" })
      .optional()
      .meta({
        description:
          "Time limit of one sync, in seconds (minimum 300). Requires Quay 3.15 or later (older Quay ignores it). " +
          "Updated in place.",
        serverDefault: 300,
      }),
    syncTrigger: z.string().optional().meta({
      description: "Any value; change it to start a sync now (unless one is already running).",
      writeOnly: true,
    }),
  }),
  outputs: z.object({}),
  id: mirrorId,
  naturalKey: ["repository"],
  routes: mirrorRoutes,
  sample: {
    repository: "kinds/base",
    externalReference: "docker.io/library/nginx",
    robot: "kinds+puller",
    tagPatterns: ["latest"],
    username: "reader",
    password: "hunter2",
  },
  requires: "FEATURE_REPO_MIRROR",
  notes: [
    "Quay has no DELETE for a mirror: deleting the resource disables it and puts the repository back in state NORMAL.",
    "Quay does not let a mirror's robot go until the repository is deleted (and purged): make the repository depend " +
      "on the robot (`dependsOn: [robot]`) so a destroy deletes the repository first. Otherwise each robot waits for " +
      "its repository, and with many mirrors the waits can hold all of Pulumi's parallel steps.",
    "Creating a mirror sets the repository's state to MIRROR and raises the robot to `write` on it.",
    "The password is write-only: a change made in the Quay UI is not seen; changing it in the program sends it.",
    "`skopeoTimeoutSeconds` exists from Quay 3.15; older Quay ignores it and shows none, so the provider keeps the " +
      "declared value and says on refresh that it has no effect there.",
  ],

  label: (inputs) => `mirror into ${inputs.repository}`,

  validate(inputs) {
    return inputs.password !== undefined && inputs.username === undefined
      ? [{ property: "password", reason: "needs username: Quay keeps a password only with a user name" }]
      : [];
  },

  async list({ client }, scope: ListScope) {
    if (!("repository" in scope)) return [];
    const reply = await client.cachedRead(mirrorRoutes.getMirror, mirrorReply, {
      params: { repository: scope.repository },
    });
    if (reply === undefined) return [];
    const found = describe(scope.repository, reply);
    // Quay keeps a password beside a user name and never returns it.
    return [{ ...found, password: found.username === undefined ? undefined : heldByQuay }];
  },

  async locate(_context, inputs) {
    return mirrorId.build({ repository: inputs.repository });
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
    try {
      await client.request(mirrorRoutes.createMirror, { params, body });
    } catch (error) {
      // A configuration exists already (a retried create, or mirroring set up by hand): converge it.
      if (statusOf(error) !== 409) throw error;
      await client.request(mirrorRoutes.updateMirror, { params, body });
    }
    return { id: mirrorId.build({ repository: inputs.repository }), outputs: {} };
  },

  async read(context, id, state) {
    const { repository } = mirrorId.parse(id);
    const reply = await context.client.cachedRead(mirrorRoutes.getMirror, mirrorReply, { params: { repository } });
    if (reply === undefined) return undefined;
    const { id: _id, ...described } = describe(repository, reply);
    if (reply.skopeo_timeout_interval === undefined && state.skopeoTimeoutSeconds !== undefined) {
      // Quay before 3.15 ignores the setting and shows none: keep the declared value, and say so.
      context.log(`skopeoTimeoutSeconds of the mirror of ${repository} has no effect: this Quay is older than 3.15`);
      return { ...described, skopeoTimeoutSeconds: state.skopeoTimeoutSeconds as number };
    }
    return described;
  },

  async update({ client }, id, _olds, news, changed) {
    const params = { repository: id };
    const body: Record<string, unknown> = {};
    const wire: Record<string, [string, unknown]> = {
      enabled: ["is_enabled", news.enabled],
      externalReference: ["external_reference", news.externalReference],
      robot: ["robot_username", news.robot],
      tagPatterns: ["root_rule", { rule_kind: "tag_glob_csv", rule_value: news.tagPatterns }],
      syncIntervalSeconds: ["sync_interval", news.syncIntervalSeconds],
      syncStartDate: ["sync_start_date", news.syncStartDate],
      skopeoTimeoutSeconds: ["skopeo_timeout_interval", news.skopeoTimeoutSeconds],
    };
    for (const [key, [field, value]] of Object.entries(wire)) if (changed.has(key)) body[field] = value;
    if (registrySettingKeys.some((key) => changed.has(key))) {
      const stored = await client.cachedRead(mirrorRoutes.getMirror, mirrorReply, { params });
      body.external_registry_config = registryConfig(news, stored?.external_registry_config);
    }
    // The password is sent only when it changed, and always with the user name Quay requires beside it.
    if (changed.has("username") || changed.has("password")) {
      body.external_registry_username = news.username ?? null;
      if (news.password !== undefined) body.external_registry_password = news.password;
    }
    if (Object.keys(body).length > 0) await client.request(mirrorRoutes.updateMirror, { params, body });
    // A sync already running (404) leaves nothing more to do.
    if (changed.has("syncTrigger")) await client.unlessAbsent(mirrorRoutes.syncMirrorNow, { params });
    return {};
  },

  async delete({ client }, id) {
    const params = { repository: mirrorId.parse(id).repository };
    // No DELETE in Quay (§0.7): disable, then hand the repository back to pushes.
    try {
      await client.request(mirrorRoutes.updateMirror, { params, body: { is_enabled: false } });
    } catch (error) {
      if (isAbsent(error)) return;
      throw error;
    }
    await client.unlessAbsent(mirrorRoutes.changeRepositoryState, { params, body: { state: "NORMAL" } });
  },
});
