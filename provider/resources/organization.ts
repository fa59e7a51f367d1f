/**
 * `Organization`: a Quay organization, the namespace that owns teams, robots and repositories.
 * Routes: quay-behavior.md §2.
 */
import { z } from "zod";
import { parseReply } from "../quay/client";
import { routes } from "../quay/routes";
import { defineResource } from "./_shared/define";
import { namespaceName } from "./_shared/names";

const organizationReply = z.object({
  name: z.string(),
  email: z.string().nullish(),
  is_admin: z.boolean().optional(),
});

/** Quay stores a random UUID when an org has no e-mail and (up to 3.16) shows it to admins: that is "unset". */
function emailFromWire(email: string | null | undefined): string | undefined {
  return email?.includes("@") ? email : undefined;
}

/** Organization ids are the organization name. */
const organizationId = {
  format: "<name>",
  build: (inputs: { name: string }) => inputs.name,
  parse: (id: string) => {
    if (!namespaceName().safeParse(id).success) {
      throw new Error(`Organization id "${id}" is not valid: expected <name>`);
    }
    return { name: id };
  },
};

/** The `Organization` kind. */
export const organization = defineResource({
  kind: "Organization",
  description:
    "A Quay organization: the namespace that owns teams, robot accounts and repositories. " +
    "Quay creates an `owners` team (role admin) holding the creating user; it is not managed here.",
  example: `const org = new quay.Organization("platform", { name: "platform", email: "platform@example.com" });`,
  inputs: z.object({
    name: namespaceName().meta({
      description:
        "Organization name; shared with user names. 2–255 characters of lowercase letters and digits " +
        "joined by single `.`, `_` or `-`. Changing it replaces the organization.",
      replaceOnChange: true,
    }),
    email: z
      .email({ error: "must be an e-mail address such as team@example.com" })
      .optional()
      .meta({
        description:
          "Contact e-mail address. Quay requires it to be unique among users and organizations " +
          "unless `FEATURE_ORG_SHARED_EMAIL` is on. Updated in place.",
      }),
  }),
  outputs: z.object({}),
  id: organizationId,
  deleteBeforeReplace: true,
  notes: [
    "Deleting an organization is asynchronous in Quay: the name stays taken until Quay's garbage " +
      "collector purges it, so re-creating a just-deleted name fails with “Username is not available” for a while.",
    "Quay creates the `owners` team with the creating user as its only member.",
    "An organization without an e-mail reads back as unset (Quay stores a random placeholder).",
  ],
  routes: [routes.createOrganization, routes.getOrganization, routes.updateOrganization, routes.deleteOrganization],

  async create({ client }, inputs) {
    try {
      await client.request(routes.createOrganization, { body: { name: inputs.name, email: inputs.email } });
    } catch (error) {
      const message = (error as { quayMessage?: string }).quayMessage ?? "";
      if (message === "Username is not available") {
        throw new Error(
          `the name "${inputs.name}" belonged to a deleted user or organization that Quay has not purged yet; ` +
            "Quay frees the name when its namespace garbage collector runs. Retry later, or choose another name.",
          { cause: error },
        );
      }
      throw error;
    }
    return { id: inputs.name, outputs: {} };
  },

  async read({ client }, id) {
    const { name } = organizationId.parse(id);
    const reply = await client.find(routes.getOrganization, { params: { orgname: name } });
    if (reply === undefined) return undefined;
    const org = parseReply(routes.getOrganization, organizationReply, reply);
    return { name: org.name, email: emailFromWire(org.email) };
  },

  async update({ client }, id, olds, news) {
    if (olds.email !== news.email) {
      await client.request(routes.updateOrganization, {
        params: { orgname: id },
        body: { email: news.email ?? null },
      });
    }
    return {};
  },

  async delete({ client }, id) {
    try {
      await client.find(routes.deleteOrganization, { params: { orgname: id } });
    } catch (error) {
      // A caller who is not a superuser gets 403 for an org that no longer exists (quay-behavior.md §0.3).
      if ((error as { code?: string }).code !== "QUAY_FORBIDDEN") throw error;
      const current = await client.find(routes.getOrganization, { params: { orgname: id } });
      if (current !== undefined) throw error;
    }
  },
});
