/**
 * `User`: a Quay user account, managed with a superuser's token. Routes: docs/quay-behavior.md §14, §24.
 * Needs database authentication for creation and passwords.
 */
import { z } from "zod";
import { commonRoutes, defineRoutes, notFound } from "../quay/routes";
import { completing } from "./_shared/completing";
import { defineResource } from "./_shared/define";
import { forceDeleteInput, refuseUnlessForced, repositoriesHeld } from "./_shared/force-delete";
import { idFormat } from "./_shared/id-format";
import { namespaceName, namespacePart } from "./_shared/names";

/** The superuser's user routes. */
export const userRoutes = defineRoutes({
  /** POST /superuser/users/ — database auth only; answers 200 with a generated password, once. */
  createUser: { method: "POST", path: "/superuser/users/", ok: [200], scope: "super:user" },
  /** GET /superuser/users/{username} — the user view; 404 when missing. */
  getManagedUser: {
    method: "GET",
    path: "/superuser/users/{username}",
    ok: [200],
    absent: [notFound],
    scope: "super:user",
  },
  /** PUT /superuser/users/{username} — e-mail, password, enabled; superusers cannot be changed. */
  updateManagedUser: { method: "PUT", path: "/superuser/users/{username}", ok: [200], scope: "super:user" },
  /** DELETE /superuser/users/{username} — asynchronous: the name stays taken until Quay purges it. */
  deleteManagedUser: {
    method: "DELETE",
    path: "/superuser/users/{username}",
    ok: [204],
    absent: [notFound],
    scope: "super:user",
  },
});

const userReply = z.object({
  username: z.string(),
  email: z.string().nullish(),
  enabled: z.boolean(),
  super_user: z.boolean().optional(),
});

const userId = idFormat("User", "{username}", { username: namespacePart });

/** Quay stores a random placeholder when a user has no e-mail: that is "unset". */
const emailFromWire = (email: string | null | undefined) => (email?.includes("@") ? email : undefined);

/** The `User` kind. */
export const user = defineResource({
  kind: "User",
  description:
    "A user account, created and managed by a superuser: its e-mail, whether it may log in, and its password. " +
    "Needs a superuser's token and, to create users or set passwords, Quay's database authentication. Quay " +
    "refuses to change or delete another superuser.",
  example:
    'const alice = new quay.User("alice", { username: "alice", email: "alice@example.com", password: config.requireSecret("alicePassword") });',
  inputs: z.object({
    username: namespaceName().meta({
      description: "User name; shared with organization names. Changing it replaces the user.",
      replaceOnChange: true,
    }),
    email: z.email({ error: "must be an e-mail address such as alice@example.com" }).optional().meta({
      description: "E-mail address; Quay marks it verified. Left unset, it is not managed. Updated in place.",
    }),
    enabled: z.boolean().default(true).meta({
      description: "Whether the user may log in and use tokens. Default true. Updated in place.",
    }),
    password: z
      .string()
      .regex(/^\S{8,}$/, { error: "must be at least 8 characters with no whitespace" })
      .optional()
      .meta({
        description:
          "The user's password. Write-only in Quay: kept encrypted in state and compared with the last value applied, " +
          "never read back. Left unset, Quay's generated password stands (see `generatedPassword`). Updated in place.",
        secret: true,
        writeOnly: true,
      }),
    forceDelete: forceDeleteInput(
      "Deleting a user deletes its namespace: its repositories and their images. By default (false) the delete is " +
        "refused while the namespace holds repositories the token can see; true deletes them with it.",
    ),
  }),
  outputs: z.object({
    generatedPassword: z.string().meta({
      description:
        "The password Quay generated at creation, when `password` was not given (empty otherwise); hand it to the user.",
      secret: true,
    }),
  }),
  id: userId,
  naturalKey: ["username"],
  routes: { ...userRoutes, listRepositories: commonRoutes.listRepositories },
  sample: { username: "contract-user", email: "contract-user@example.com" },
  requires: "a superuser's token; database authentication to create users or set passwords",
  notes: [
    "Deleting a user is asynchronous in Quay: the name stays taken until its garbage collector purges it.",
    "Deleting a user deletes its repositories too; without `forceDelete` it is refused while it holds any. A " +
      "superuser sees private repositories only with FEATURE_SUPERUSERS_FULL_ACCESS.",
    "Creating users and setting passwords need Quay's database authentication; with LDAP, OIDC or Keystone the " +
      "accounts come from that system.",
  ],

  label: (inputs) => String(inputs.username),

  async locate({ client }, inputs) {
    const found = await client.find(userRoutes.getManagedUser, { params: { username: inputs.username } });
    return found === undefined ? undefined : userId.build({ username: inputs.username });
  },

  async create({ client }, inputs) {
    const created = await client.requestParsed(userRoutes.createUser, z.object({ password: z.string() }), {
      body: { username: inputs.username, ...(inputs.email === undefined ? {} : { email: inputs.email }) },
    });
    const id = userId.build({ username: inputs.username });
    const generatedPassword = inputs.password === undefined ? created.password : "";
    const settings = {
      ...(inputs.password === undefined ? {} : { password: inputs.password }),
      ...(inputs.enabled ? {} : { enabled: false }),
    };
    if (Object.keys(settings).length > 0) {
      await completing(
        id,
        Object.keys(settings),
        () => client.request(userRoutes.updateManagedUser, { params: { username: inputs.username }, body: settings }),
        { generatedPassword: created.password },
      );
    }
    return { id, outputs: { generatedPassword } };
  },

  async read({ client }, id, state) {
    const { username } = userId.parse(id);
    const found = await client.cachedRead(userRoutes.getManagedUser, userReply, { params: { username } });
    if (!found) return undefined;
    return {
      username,
      email: emailFromWire(found.email),
      enabled: found.enabled,
      generatedPassword: String(state.generatedPassword ?? ""),
    };
  },

  async update({ client }, id, olds, news, changed) {
    const body = {
      ...(changed.has("email") && news.email !== undefined ? { email: news.email } : {}),
      ...(changed.has("enabled") ? { enabled: news.enabled } : {}),
      ...(changed.has("password") && news.password !== undefined ? { password: news.password } : {}),
    };
    if (Object.keys(body).length > 0) {
      await client.request(userRoutes.updateManagedUser, { params: { username: userId.parse(id).username }, body });
    }
    return { generatedPassword: olds.generatedPassword };
  },

  async delete({ client }, id, state) {
    const { username } = userId.parse(id);
    if (!state.forceDelete) refuseUnlessForced(await repositoriesHeld(client, username));
    await client.unlessAbsent(userRoutes.deleteManagedUser, { params: { username } });
  },
});
