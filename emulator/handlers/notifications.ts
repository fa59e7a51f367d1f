/** Repository notifications: `endpoints/api/repositorynotification.py` (docs/quay-behavior.md §8). */
import { randomUUID } from "node:crypto";
import { notificationEvents, quotaNotificationEvents } from "../../provider/quay/vocabulary";
import { atLeast, type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { findRepository, requireRepository } from "../permissions";
import type { RepositoryRecord } from "../records";
import { apiError, messageError, quayInternalError } from "../replies";
import type { EmulatorState } from "../state";

/** A repository notification. */
export interface NotificationRecord {
  uuid: string;
  title: string | null;
  event: string;
  method: string;
  config: Record<string, unknown>;
  eventConfig: Record<string, unknown>;
  failures: number;
}

/** The notifications of `repository`, by uuid. */
export function notificationsOf(state: EmulatorState, repository: RepositoryRecord): Map<string, NotificationRecord> {
  return state.attached(repository, "notifications", () => new Map<string, NotificationRecord>());
}

function notificationView(notification: NotificationRecord) {
  return {
    uuid: notification.uuid,
    title: notification.title,
    event: notification.event,
    method: notification.method,
    config: notification.config,
    // The request says `eventConfig`; the reply says `event_config` (§0.4).
    event_config: notification.eventConfig,
    number_of_failures: notification.failures,
  };
}

function nonEmpty(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}

/** `NotificationMethod.validate` for each method; an unknown method is an uncaught exception, a 500. */
function validateMethod(
  context: RequestContext,
  repository: RepositoryRecord,
  method: string,
  config: Record<string, unknown>,
) {
  const fail = (message: string) => apiError(400, message, context.host);
  switch (method) {
    case "webhook": {
      if (!nonEmpty(config.url)) throw fail("Missing webhook URL");
      let url: URL | undefined;
      try {
        url = new URL(config.url as string);
      } catch {
        // Not a URL at all (§V.10).
      }
      if (!url || !["http:", "https:"].includes(url.protocol) || ["localhost", "127.0.0.1"].includes(url.hostname)) {
        throw fail("Invalid webhook URL");
      }
      return;
    }
    case "slack":
      if (!nonEmpty(config.url)) throw fail("Missing Slack Callback URL");
      return;
    case "email":
      if (!nonEmpty(config.email)) throw fail("Missing e-mail address");
      // The address must have been authorized by clicking an e-mailed link, which no API call can do.
      throw fail("The specified e-mail address is not authorized to receive notifications for this repository");
    case "quay_notification": {
      const target = config.target as { kind?: string; name?: string } | undefined;
      if (!target || !nonEmpty(target.name)) throw fail("Missing target");
      const name = target.name as string;
      if (target.kind === "user" && !context.state.users.has(name)) throw fail(`Unknown user ${name}`);
      if (target.kind === "org") {
        if (!context.state.organizations.has(name)) throw fail(`Unknown organization ${name}`);
        if (name !== repository.namespace) throw quayInternalError("buggy 2-tuple in quay_notification org target");
      }
      if (target.kind === "team" && !context.state.organizations.get(repository.namespace)?.teams.has(name)) {
        throw fail(`Unknown team ${name}`);
      }
      return;
    }
    case "flowdock":
      if (!nonEmpty(config.flow_api_token)) throw fail("Missing Flowdock API Token");
      return;
    case "hipchat":
      if (!nonEmpty(config.notification_token)) throw fail("Missing Hipchat Room Notification Token");
      if (!nonEmpty(config.room_id)) throw fail("Missing Hipchat Room ID");
      return;
    default:
      throw quayInternalError(`InvalidNotificationMethodException: Unable to find method: ${method}`);
  }
}

/** A repository that does not exist lists no notifications (§V.14). */
const listNotifications: Handler = (context) => {
  const repository = findRepository(context, "admin");
  const notifications = repository ? [...notificationsOf(context.state, repository).values()] : [];
  return { status: 200, body: { notifications: notifications.map(notificationView) } };
};

const createNotification: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  const body = validatedBody(context, {
    type: "object",
    required: ["event", "method", "config", "eventConfig"],
    properties: {
      event: { type: "string" },
      method: { type: "string" },
      config: { type: "object" },
      eventConfig: { type: "object" },
      title: { type: "string" },
    },
  });
  const event = body.event as string;
  const known: readonly string[] = atLeast(context.version, "3.18")
    ? [...notificationEvents, ...quotaNotificationEvents]
    : notificationEvents;
  validateMethod(context, repository, body.method as string, body.config as Record<string, unknown>);
  // An unknown event is a peewee DoesNotExist: a 500 (§8).
  if (!known.includes(event)) throw quayInternalError("ExternalNotificationEvent matching query does not exist.");
  const notification: NotificationRecord = {
    uuid: randomUUID(),
    title: (body.title as string | null | undefined) ?? null,
    event,
    method: body.method as string,
    config: body.config as Record<string, unknown>,
    eventConfig: body.eventConfig as Record<string, unknown>,
    failures: 0,
  };
  notificationsOf(context.state, repository).set(notification.uuid, notification);
  return { status: 201, body: notificationView(notification) };
};

function notFoundFor(context: RequestContext) {
  const [namespace, ...name] = context.params.repository.split("/");
  return apiError(
    400,
    `No repository notification found for: ${namespace}, ${name.join("/")}, ${context.params.uuid}`,
    context.host,
  );
}

/** Finds a notification anywhere: GET and test look the uuid up globally (§8). */
function findAnywhere(context: RequestContext): NotificationRecord | undefined {
  for (const repository of context.state.repositories.values()) {
    const notification = notificationsOf(context.state, repository).get(context.params.uuid);
    if (notification) return notification;
  }
  return undefined;
}

const getNotification: Handler = (context) => {
  requireRepository(context, "admin");
  const notification = findAnywhere(context);
  if (!notification) throw apiError(404, "Not Found", context.host);
  return { status: 200, body: notificationView(notification) };
};

const deleteNotification: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  if (!notificationsOf(context.state, repository).delete(context.params.uuid)) throw notFoundFor(context);
  return { status: 204 };
};

const resetNotification: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  const notification = notificationsOf(context.state, repository).get(context.params.uuid);
  if (!notification) {
    if (findAnywhere(context))
      throw messageError(400, `No repository notification found with uuid: ${context.params.uuid}`);
    throw notFoundFor(context);
  }
  notification.failures = 0;
  return { status: 204 };
};

const testNotification: Handler = (context) => {
  requireRepository(context, "admin");
  if (!findAnywhere(context)) throw notFoundFor(context);
  return { status: 200, body: {} };
};

/** Notification routes; reading, resetting and testing one are served for other clients. */
export const family: HandlerFamily = {
  routes: {
    listNotifications: "GET /repository/{repository}/notification/",
    createNotification: "POST /repository/{repository}/notification/",
    /** Looked up globally; 404 when missing. */
    getNotification: "GET /repository/{repository}/notification/{uuid}",
    deleteNotification: "DELETE /repository/{repository}/notification/{uuid}",
    /** Resets the failure count. */
    resetNotification: "POST /repository/{repository}/notification/{uuid}",
    /** Queues a test delivery. */
    testNotification: "POST /repository/{repository}/notification/{uuid}/test",
  },
  handlers: {
    listNotifications,
    createNotification,
    getNotification,
    deleteNotification,
    resetNotification,
    testNotification,
  },
};
