/**
 * The first user of an empty Quay: `POST /api/v1/user/initialize` (`endpoints/web.py:user_initialize`,
 * FEATURE_USER_INITIALIZE, docs/quay-behavior.md "Verified" 19), which creates it and, when asked, an OAuth
 * token with every scope. Served for other clients and for `pulumi-quay bootstrap`; no kind calls it.
 */
import { randomUUID } from "node:crypto";
import type { Handler, HandlerFamily } from "../context";
import { messageError, quayInternalError } from "../replies";
import { namespaceNameError } from "./organizations";

/** How long the token `POST /user/initialize` makes lasts: two and a half hours. */
const initialTokenLifetimeMs = 9000 * 1000;

const initializeUser: Handler = (context) => {
  if (context.authentication !== "Database") {
    throw messageError(400, "Cannot initialize user in a non-database auth system");
  }
  if (context.state.users.size > 0) throw messageError(400, "Cannot initialize user in a non-empty database");
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(context.rawBody);
  } catch {
    throw messageError(400, "The browser (or proxy) sent a request that this server could not understand.");
  }
  const { username, password, email } = body as { username?: unknown; password?: unknown; email?: unknown };
  // Quay reads both without a schema: a missing one is a KeyError, its HTML 500.
  if (typeof username !== "string" || typeof password !== "string")
    throw quayInternalError(`KeyError: username or password`);
  if (/\s/.test(password) || password.length < 8) {
    throw messageError(
      400,
      "Failed to initialize user: Invalid password, password must be at least 8 characters and contain no whitespace.",
    );
  }
  const invalid = namespaceNameError(username);
  if (invalid) throw messageError(400, `Failed to initialize user: ${invalid}`);
  const mail = typeof email === "string" ? email : undefined;
  // With mailing off Quay stores a placeholder for a missing e-mail, and answers with what was sent.
  context.state.addUser(username, {
    superuser: context.state.superuserNames.has(username),
    email: mail ?? randomUUID(),
  });
  const result: Record<string, unknown> = {
    username,
    email: mail ?? null,
    encrypted_password: Buffer.from(randomUUID()).toString("base64"),
  };
  // `create_user_access_token`'s default lifetime: the first token stops working after 9000 s (§V.19).
  if (body.access_token) result.access_token = context.state.issueToken(username, undefined, initialTokenLifetimeMs);
  return { status: 200, body: result };
};

/** The initialize route, only with FEATURE_USER_INITIALIZE. */
export const family: HandlerFamily = {
  routes: {
    initializeUser: "POST /user/initialize",
  },
  handlers: { initializeUser },
  gates: { initializeUser: (features) => features.userInitialize },
  anonymousWrites: ["initializeUser"],
};
