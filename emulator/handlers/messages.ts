/** Global messages: `endpoints/api/globalmessages.py` as docs/quay-behavior.md §22 describes it. */
import { randomUUID } from "node:crypto";
import { type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { isSuperuser } from "../permissions";
import { messageError, quayInternalError, Reply } from "../replies";

/** A message every user sees. */
interface MessageRecord {
  uuid: string;
  content: string;
  mediaType: string;
  severity: string;
}

function messagesOf(context: RequestContext): MessageRecord[] {
  return context.state.attached(context.state, "messages", () => [] as MessageRecord[]);
}

/** GET /messages — needs no token. */
const listMessages: Handler = (context) => ({
  status: 200,
  body: {
    messages: messagesOf(context).map((message) => ({
      uuid: message.uuid,
      content: message.content,
      severity: message.severity,
      media_type: message.mediaType,
    })),
  },
});

/** Superusers only, full access or not; Flask's plain 403 otherwise (§22). */
function requireSuperuserOrAbort(context: RequestContext): void {
  if (!isSuperuser(context)) {
    throw messageError(
      403,
      "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
    );
  }
}

/** POST /messages — 201 with an empty body (§22). */
const createMessage: Handler = (context) => {
  const body = validatedBody(context, {
    type: "object",
    properties: {
      message: {
        type: "object",
        required: ["content", "media_type", "severity"],
        properties: {
          content: { type: "string" },
          media_type: { type: "string", enum: ["text/plain", "text/markdown"] },
          severity: { type: "string", enum: ["info", "warning", "error"] },
        },
      },
    },
  });
  requireSuperuserOrAbort(context);
  // The top-level key is not required by the schema; without it the handler fails (a 500).
  if (!body.message) throw quayInternalError("KeyError: 'message'");
  const message = body.message as { content: string; media_type: string; severity: string };
  messagesOf(context).push({
    uuid: randomUUID(),
    content: message.content,
    mediaType: message.media_type,
    severity: message.severity,
  });
  throw new Reply(201, "", "text/html; charset=utf-8");
};

/** DELETE /message/{uuid} — 204 even when there is no such message, labelled `text/html` (§22, §V.18). */
const deleteMessage: Handler = (context) => {
  requireSuperuserOrAbort(context);
  const messages = messagesOf(context);
  const index = messages.findIndex((message) => message.uuid === context.params.uuid);
  if (index >= 0) messages.splice(index, 1);
  return { status: 204, contentType: "text/html; charset=utf-8" };
};

/** The message routes are the GlobalMessage kind's. */
export const family: HandlerFamily = {
  routes: {
    listMessages: "GET /messages",
    createMessage: "POST /messages",
    deleteMessage: "DELETE /message/{uuid}",
  },
  handlers: { listMessages, createMessage, deleteMessage },
};
