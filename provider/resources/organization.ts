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
  tag_expiration_s: z.number().optional(),
  invoice_email: z.boolean().optional(),
  invoice_email_address: z.string().nullish(),
});

/** Quay stores a random UUID when an org has no e-mail and (up to 3.16) shows it to admins: that is "unset". */
function emailFromWire(email: string | null | undefined): string | undefined {
  return email?.includes("@") ? email : undefined;
}

/** Organization ids are the organization name. */
const organizationId = {
  format: "<name>",
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
          "unless `FEATURE_ORG_SHARED_EMAIL` is on. Updated in place. Left unset, it is not managed.",
      }),
    tagExpirationSeconds: z
      .int({ error: "must be a whole number of seconds" })
      .min(0, { error: "must be 0 or more" })
      .optional()
      .meta({
        description:
          "How long deleted or overwritten tags stay recoverable (Quay's time machine), in seconds. Quay " +
          "accepts only its configured `TAG_EXPIRATION_OPTIONS` (by default 0, 86400, 604800, 1209600, " +
          "2419200); the default for new organizations is 1209600 (two weeks). Updated in place.",
      }),
    invoiceEmail: z.boolean().optional().meta({
      description: "Whether Quay e-mails invoices to the organization (billing-enabled Quay only). Updated in place.",
    }),
    invoiceEmailAddress: z
      .email({ error: "must be an e-mail address such as billing@example.com" })
      .optional()
      .meta({ description: "Where invoices go when `invoiceEmail` is on. Updated in place." }),
  }),
  outputs: z.object({}),
  id: organizationId,
  deleteBeforeReplace: true,
  notes: [
    "Deleting an organization is asynchronous in Quay: the name stays taken until Quay's garbage " +
      "collector purges it, so re-creating a just-deleted name fails with “Username is not available” for a while.",
    "Quay creates the `owners` team with the creating user as its only member.",
    "An organization without an e-mail reads back as unset (Quay stores a random placeholder).",
    "Optional settings left unset are not managed: Quay keeps whatever value it has, and removing one " +
      "from the program leaves Quay's value in place.",
  ],
  routes: [routes.createOrganization, routes.getOrganization, routes.updateOrganization, routes.deleteOrganization],

  async locate(_context, inputs) {
    return inputs.name;
  },

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
    const settings: Record<string, unknown> = {};
    if (inputs.tagExpirationSeconds !== undefined) settings.tag_expiration_s = inputs.tagExpirationSeconds;
    if (inputs.invoiceEmail !== undefined) settings.invoice_email = inputs.invoiceEmail;
    if (inputs.invoiceEmailAddress !== undefined) settings.invoice_email_address = inputs.invoiceEmailAddress;
    // Creation takes only name and e-mail; the other settings need a second call.
    if (Object.keys(settings).length > 0) {
      await client.request(routes.updateOrganization, { params: { orgname: inputs.name }, body: settings });
    }
    return { id: inputs.name, outputs: {} };
  },

  async read({ client }, id) {
    const { name } = organizationId.parse(id);
    const reply = await client.cachedFind(routes.getOrganization, { params: { orgname: name } });
    if (reply === undefined) return undefined;
    const org = parseReply(routes.getOrganization, organizationReply, reply);
    return {
      name: org.name,
      email: emailFromWire(org.email),
      tagExpirationSeconds: org.tag_expiration_s,
      invoiceEmail: org.invoice_email,
      invoiceEmailAddress: org.invoice_email_address ?? undefined,
    };
  },

  async update({ client }, id, olds, news) {
    // One PUT with just the managed fields that changed; Quay applies them one by one (§2).
    const body: Record<string, unknown> = {};
    if (news.email !== undefined && olds.email !== news.email) body.email = news.email;
    if (news.tagExpirationSeconds !== undefined && olds.tagExpirationSeconds !== news.tagExpirationSeconds) {
      body.tag_expiration_s = news.tagExpirationSeconds;
    }
    if (news.invoiceEmail !== undefined && olds.invoiceEmail !== news.invoiceEmail)
      body.invoice_email = news.invoiceEmail;
    if (news.invoiceEmailAddress !== undefined && olds.invoiceEmailAddress !== news.invoiceEmailAddress) {
      body.invoice_email_address = news.invoiceEmailAddress;
    }
    if (Object.keys(body).length > 0) {
      await client.request(routes.updateOrganization, { params: { orgname: id }, body });
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
