/** `RepositoryNotification`: an event on a repository sent by a method. Routes: docs/quay-behavior.md §8. */
import { z } from "zod";
import type { QuayClient } from "../quay/client";
import { defineRoutes } from "../quay/routes";
import { notificationEvents } from "../quay/vocabulary";
import { defineResource, type ListScope } from "./_shared/define";
import { idFormat } from "./_shared/id-format";
import { repositoryPart, repositoryReference } from "./_shared/names";

/** The notification routes; reads share the repository's list. */
export const notificationRoutes = defineRoutes({
  /** GET /repository/{repository}/notification/ — every notification of the repository. */
  listNotifications: {
    method: "GET",
    path: "/repository/{repository}/notification/",
    ok: [200],
    scope: "repo:admin",
  },
  /** POST /repository/{repository}/notification/ — body uses `eventConfig`; answers 201. */
  createNotification: {
    method: "POST",
    path: "/repository/{repository}/notification/",
    ok: [201],
    scope: "repo:admin",
  },
  /** DELETE /repository/{repository}/notification/{uuid} — 400 ApiError when missing. */
  deleteNotification: {
    method: "DELETE",
    path: "/repository/{repository}/notification/{uuid}",
    ok: [204],
    absent: [{ status: 400, message: /^No repository notification found/ }],
    scope: "repo:admin",
  },
});

const events = notificationEvents;
const methods = ["webhook", "slack", "email", "quay_notification", "flowdock", "hipchat"] as const;

const notificationsReply = z.object({
  notifications: z.array(
    z.object({
      uuid: z.string(),
      title: z.string().nullish(),
      event: z.string(),
      method: z.string(),
      config: z.record(z.string(), z.unknown()),
      event_config: z.record(z.string(), z.unknown()),
    }),
  ),
});

type Notification = z.output<typeof notificationsReply>["notifications"][number];

async function listNotifications(client: QuayClient, repository: string): Promise<Notification[] | undefined> {
  const reply = await client.cachedRead(notificationRoutes.listNotifications, notificationsReply, {
    params: { repository },
  });
  return reply?.notifications;
}

const notificationId = idFormat("RepositoryNotification", "{repository}/{uuid}", {
  repository: repositoryPart,
  uuid: /[^/]+/,
});

/** A notification as the kind describes it. */
function describe(repository: string, found: Notification) {
  return {
    id: notificationId.build({ repository, uuid: found.uuid }),
    repository,
    event: found.event as (typeof events)[number],
    method: found.method as (typeof methods)[number],
    config: found.config,
    eventConfig: found.event_config,
    title: found.title ?? undefined,
    notificationId: found.uuid,
  };
}

/** Stable JSON for comparing configs regardless of key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).sort(([left], [right]) => left.localeCompare(right));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const isSet = (value: unknown) => typeof value === "string" && value.trim() !== "";

/** The config each method needs, as Quay checks it at create (§8); failures name `config.<key>`. */
function methodConfigFailures(method: string, config: Record<string, unknown>) {
  const need = (key: string, reason: string) => (isSet(config[key]) ? [] : [{ property: `config.${key}`, reason }]);
  switch (method) {
    case "webhook": {
      if (!isSet(config.url)) return [{ property: "config.url", reason: "is required for a webhook" }];
      try {
        const url = new URL(config.url as string);
        const bad = !["http:", "https:"].includes(url.protocol) || ["localhost", "127.0.0.1"].includes(url.hostname);
        return bad ? [{ property: "config.url", reason: "must be an http(s) URL of a host other than localhost" }] : [];
      } catch {
        return [{ property: "config.url", reason: "must be an absolute http(s) URL" }];
      }
    }
    case "slack":
      return need("url", "is required for slack (the incoming webhook URL)");
    case "email":
      return need("email", "is required for email; the address must already be authorized for the repository in Quay");
    case "quay_notification": {
      const target = config.target as { kind?: unknown; name?: unknown } | undefined;
      const ok = target && ["user", "org", "team"].includes(target.kind as string) && isSet(target.name);
      return ok ? [] : [{ property: "config.target", reason: "must be {kind: user|org|team, name}" }];
    }
    case "flowdock":
      return need("flow_api_token", "is required for flowdock");
    case "hipchat":
      return [...need("notification_token", "is required for hipchat"), ...need("room_id", "is required for hipchat")];
    default:
      return [];
  }
}

/** A notification of the repository identical to the declaration, if any. */
async function findIdentical(
  client: QuayClient,
  inputs: { repository: string; event: string; method: string; title?: string; config: unknown; eventConfig: unknown },
  excludedUuids: ReadonlySet<string> = new Set(),
): Promise<Notification | undefined> {
  return (await listNotifications(client, inputs.repository))?.find(
    (notification) =>
      !excludedUuids.has(notification.uuid) &&
      notification.event === inputs.event &&
      notification.method === inputs.method &&
      (notification.title ?? undefined) === inputs.title &&
      canonical(notification.config) === canonical(inputs.config) &&
      canonical(notification.event_config) === canonical(inputs.eventConfig),
  );
}

/** The `RepositoryNotification` kind. */
export const repositoryNotification = defineResource({
  kind: "RepositoryNotification",
  description:
    "Sends an event on a repository (a push, a vulnerability, a mirror sync, ...) by webhook, Slack, " +
    "e-mail or Quay notification. Quay cannot update a notification: any change replaces it.",
  example:
    'new quay.RepositoryNotification("api-pushes", { repository: api.fullName, event: "repo_push", method: "webhook", config: { url: "https://hooks.example.com/quay" }, title: "API pushes" });',
  inputs: z.object({
    repository: repositoryReference().meta({
      description: "The repository, `<namespace>/<name>`.",
      replaceOnChange: true,
      references: "Repository.fullName",
    }),
    event: z.enum(events, { error: `must be one of ${events.join(", ")}` }).meta({
      description: "The event that triggers the notification.",
      replaceOnChange: true,
    }),
    method: z.enum(methods, { error: `must be one of ${methods.join(", ")}` }).meta({
      description: "How it is sent: `webhook`, `slack`, `email`, `quay_notification`, `flowdock` or `hipchat`.",
      replaceOnChange: true,
    }),
    config: z.record(z.string(), z.unknown()).meta({
      description:
        "The method's settings: `{url}` for webhook (optional `template`) and slack, `{email}` for email (the " +
        "address must already be authorized for the repository), `{target: {kind, name}}` for " +
        "quay_notification. Secret: webhook and Slack URLs often carry credentials.",
      replaceOnChange: true,
      secret: true,
    }),
    eventConfig: z
      .record(z.string(), z.unknown())
      .default({})
      .meta({
        description:
          'The event\'s filter: `{level}` (0 Critical … 5 Unknown) for vulnerability_found, `{"ref-regex"}` for ' +
          "build events, `{days}` for repo_image_expiry. Default `{}`.",
        replaceOnChange: true,
      }),
    title: z.string().optional().meta({ description: "A title shown in Quay.", replaceOnChange: true }),
  }),
  outputs: z.object({ notificationId: z.string().meta({ description: "The UUID Quay gave the notification." }) }),
  id: notificationId,
  naturalKey: [],
  routes: notificationRoutes,
  sample: {
    repository: "kinds/base",
    event: "repo_push",
    method: "webhook",
    config: { url: "https://hooks.example.com/x" },
  },
  notes: [
    "Quay has no update for notifications; every change replaces one (create first, then delete the old).",
    "The `email` method needs the address authorized for the repository first, which only the e-mailed link does.",
    "Quay disables a notification after 3 failed deliveries until its failures are reset.",
    "A create whose answer is lost looks for an identical notification before trying again, so it makes no duplicate.",
  ],

  label: (inputs) =>
    `${inputs.title === undefined ? `${inputs.event} by ${inputs.method}` : inputs.title} on ${inputs.repository}`,

  validate(inputs) {
    if (typeof inputs.method !== "string" || typeof inputs.config !== "object") return [];
    return methodConfigFailures(inputs.method, inputs.config);
  },

  async list({ client }, scope: ListScope) {
    if (!("repository" in scope)) return [];
    return ((await listNotifications(client, scope.repository)) ?? []).map((found) =>
      describe(scope.repository, found),
    );
  },

  async locate({ client }, inputs, excluding) {
    const excluded = new Set([...(excluding ?? [])].map((id) => notificationId.parse(id).uuid));
    const existing = await findIdentical(client, inputs, excluded);
    return existing ? notificationId.build({ repository: inputs.repository, uuid: existing.uuid }) : undefined;
  },

  async create({ client }, inputs) {
    const { uuid } = await client.requestParsed(notificationRoutes.createNotification, z.object({ uuid: z.string() }), {
      params: { repository: inputs.repository },
      // The request says `eventConfig`; replies say `event_config` (§0.4).
      body: {
        event: inputs.event,
        method: inputs.method,
        config: inputs.config,
        eventConfig: inputs.eventConfig,
        title: inputs.title,
      },
    });

    return { id: notificationId.build({ repository: inputs.repository, uuid }), outputs: { notificationId: uuid } };
  },

  async read({ client }, id) {
    const { repository, uuid } = notificationId.parse(id);
    const found = (await listNotifications(client, repository))?.find((notification) => notification.uuid === uuid);
    if (!found) return undefined;
    const { id: _id, ...described } = describe(repository, found);
    return described;
  },

  async delete({ client }, id) {
    const { repository, uuid } = notificationId.parse(id);
    await client.unlessAbsent(notificationRoutes.deleteNotification, { params: { repository, uuid } });
  },
});
