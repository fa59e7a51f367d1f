/**
 * `GlobalMessage`: a banner Quay shows every user, managed with a superuser's token. Routes:
 * docs/quay-behavior.md §22. Quay has no update: any change replaces the message.
 */
import { z } from "zod";
import type { QuayClient } from "../quay/client";
import { QuayOperationError } from "../quay/errors";
import { defineRoutes } from "../quay/routes";
import { defineResource } from "./_shared/define";
import { idFormat } from "./_shared/id-format";

/** The message routes; note the singular `message` of the delete. */
export const messageRoutes = defineRoutes({
  /** GET /messages — every message; no authentication needed. */
  listMessages: { method: "GET", path: "/messages", ok: [200], scope: "user:read" },
  /** POST /messages — `{message: {content, media_type, severity}}`; 201 with an empty body. */
  createMessage: { method: "POST", path: "/messages", ok: [201], scope: "super:user" },
  /** DELETE /message/{uuid} — 204, also when the message is already gone. */
  deleteMessage: { method: "DELETE", path: "/message/{uuid}", ok: [204], scope: "super:user" },
});

const messagesReply = z.object({
  messages: z.array(z.object({ uuid: z.string(), content: z.string(), severity: z.string(), media_type: z.string() })),
});

type Message = z.output<typeof messagesReply>["messages"][number];

async function listMessages(client: QuayClient): Promise<Message[]> {
  return (await client.cachedRead(messageRoutes.listMessages, messagesReply))?.messages ?? [];
}

const severities = ["info", "warning", "error"] as const;
const mediaTypes = ["text/markdown", "text/plain"] as const;

const messageId = idFormat("GlobalMessage", "{uuid}", { uuid: /[0-9a-f-]{36}/ });

/** A message with these values, other than the ones in `taken`. */
function findMessage(
  messages: readonly Message[],
  inputs: { content: string; severity: string; mediaType: string },
  taken: ReadonlySet<string> = new Set(),
) {
  return messages.find(
    (message) =>
      !taken.has(message.uuid) &&
      message.content === inputs.content &&
      message.severity === inputs.severity &&
      message.media_type === inputs.mediaType,
  );
}

/** The `GlobalMessage` kind. */
export const globalMessage = defineResource({
  kind: "GlobalMessage",
  description:
    "A message Quay shows every user in a banner: maintenance windows, policy notices. Needs a superuser's " +
    "token. Quay cannot update a message, so any change replaces it (the new one appears first).",
  example:
    'new quay.GlobalMessage("maintenance", { content: "Quay is read-only on Saturday 06:00–08:00 UTC.", severity: "warning" });',
  inputs: z.object({
    content: z
      .string()
      .min(1, { error: "must not be empty" })
      .meta({ description: "The text of the message. Changing it replaces the message.", replaceOnChange: true }),
    severity: z.enum(severities, { error: "must be info, warning or error" }).default("info").meta({
      description: "`info` (default), `warning` or `error`. Changing it replaces the message.",
      replaceOnChange: true,
    }),
    mediaType: z.enum(mediaTypes, { error: "must be text/markdown or text/plain" }).default("text/markdown").meta({
      description:
        "How Quay renders `content`: `text/markdown` (default) or `text/plain`. Changing it replaces the message.",
      replaceOnChange: true,
    }),
  }),
  outputs: z.object({ messageUuid: z.string().meta({ description: "The id Quay gave the message." }) }),
  id: messageId,
  naturalKey: [],
  routes: messageRoutes,
  sample: { content: "Contract message", severity: "info" },
  requires: "a superuser's token",
  notes: [
    "Quay answers a create with an empty body; the new message is found by its values in the list. Identical " +
      "messages are allowed by Quay; each resource keeps the one it made.",
  ],

  label: (inputs) => `${inputs.severity} message "${String(inputs.content).slice(0, 40)}"`,

  async locate({ client }, inputs, excluding) {
    const excluded = new Set([...(excluding ?? [])].map((id) => messageId.parse(id).uuid));
    const found = findMessage(await listMessages(client), inputs, excluded);
    return found ? messageId.build({ uuid: found.uuid }) : undefined;
  },

  async create({ client }, inputs) {
    const before = new Set((await listMessages(client)).map((message) => message.uuid));
    await client.request(messageRoutes.createMessage, {
      body: { message: { content: inputs.content, media_type: inputs.mediaType, severity: inputs.severity } },
    });
    // The new one: the message with these values that was not there before.
    const created = findMessage(await listMessages(client), inputs, before);
    if (!created) throw new QuayOperationError("QUAY_UNEXPECTED", "Quay accepted the message but does not list it");
    return { id: messageId.build({ uuid: created.uuid }), outputs: { messageUuid: created.uuid } };
  },

  async read({ client }, id) {
    const { uuid } = messageId.parse(id);
    const found = (await listMessages(client)).find((message) => message.uuid === uuid);
    if (!found) return undefined;
    return {
      content: found.content,
      severity: found.severity as (typeof severities)[number],
      mediaType: found.media_type as (typeof mediaTypes)[number],
      messageUuid: found.uuid,
    };
  },

  async delete({ client }, id) {
    await client.request(messageRoutes.deleteMessage, { params: { uuid: messageId.parse(id).uuid } });
  },
});
