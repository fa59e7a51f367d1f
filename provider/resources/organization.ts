/**
 * `Organization`: a Quay organization, the namespace that owns teams, robots and repositories.
 * Routes: docs/quay-behavior.md §2.
 */
import { z } from "zod";
import type { QuayClient } from "../quay/client";
import { hasQuayMessage, isQuayError, QuayOperationError } from "../quay/errors";
import { commonRoutes, defineRoutes, notFound } from "../quay/routes";
import { completing } from "./_shared/completing";
import { defineResource } from "./_shared/define";
import { forceDeleteInput, refuseUnlessForced, repositoriesHeld } from "./_shared/force-delete";
import { idFormat } from "./_shared/id-format";
import { namespaceName, namespacePart } from "./_shared/names";

import { applicationRoutes } from "./oauth-application";
import { robotRoutes } from "./robot.routes";

/** The organization routes; teams are read from the organization view too. */
export const organizationRoutes = defineRoutes({
  /** POST /organization/ — answers 201 with the bare JSON string "Created". */
  createOrganization: { method: "POST", path: "/organization/", ok: [201], scope: "user:admin" },
  /** GET /organization/{orgname} — the org view, with its teams for members; 404 when missing. */
  getOrganization: {
    method: "GET",
    path: "/organization/{orgname}",
    ok: [200],
    absent: [notFound],
    scope: "org:admin",
  },
  /** PUT /organization/{orgname} — partial update of e-mail and tag expiration. */
  updateOrganization: { method: "PUT", path: "/organization/{orgname}", ok: [200], scope: "org:admin" },
  /** DELETE /organization/{orgname} — asynchronous in Quay; the name stays taken until purged. */
  deleteOrganization: {
    method: "DELETE",
    path: "/organization/{orgname}",
    ok: [204],
    absent: [notFound],
    scope: "org:admin",
  },
});

const organizationReply = z.object({
  name: z.string(),
  teams: z.record(z.string(), z.unknown()).optional(),
  email: z.string().nullish(),
  tag_expiration_s: z.number().optional(),
  invoice_email: z.boolean().optional(),
  invoice_email_address: z.string().nullish(),
});

/** Quay stores a random UUID when an org has no e-mail and (up to 3.16) shows it to admins: that is "unset". */
function emailFromWire(email: string | null | undefined): string | undefined {
  return email?.includes("@") ? email : undefined;
}

const organizationId = idFormat("Organization", "{name}", { name: namespacePart });

/** Quay's default tag expiration for new namespaces (`DEFAULT_TAG_EXPIRATION`, two weeks). */
const defaultTagExpirationSeconds = 1_209_600;

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
        serverDefault: defaultTagExpirationSeconds,
      }),
    invoiceEmail: z.boolean().optional().meta({
      description: "Whether Quay e-mails invoices to the organization (billing-enabled Quay only). Updated in place.",
      serverDefault: false,
    }),
    invoiceEmailAddress: z
      .email({ error: "must be an e-mail address such as billing@example.com" })
      .optional()
      .meta({ description: "Where invoices go when `invoiceEmail` is on. Updated in place." }),
    forceDelete: forceDeleteInput(
      "Whether deleting the organization may also delete the repositories, robots, OAuth applications and teams " +
        "(other than `owners`) it still holds once this stack's own are gone. Default false: the delete is refused, naming " +
        "what it found, and nothing is deleted.",
    ),
  }),
  outputs: z.object({}),
  id: organizationId,
  naturalKey: ["name"],
  routes: {
    ...organizationRoutes,
    listOrganizationRobots: robotRoutes.listOrganizationRobots,
    listRepositories: commonRoutes.listRepositories,
    listApplications: applicationRoutes.listApplications,
  },
  sample: { name: "contract-org", email: "c@example.com" },
  notes: [
    "Deleting an organization is asynchronous in Quay: the name stays taken until Quay's garbage " +
      "collector purges it, so re-creating a just-deleted name fails with “Username is not available” for a while.",
    "Quay creates the `owners` team with the creating user as its only member.",
    "An organization that still holds repositories, robots, OAuth applications or teams other than `owners` once " +
      "this stack's own " +
      "are deleted is not deleted (nor replaced) unless `forceDelete` is true: the delete fails, naming them, and " +
      "deletes nothing. Declare the objects with references to the organization (`namespace: org.name`) so Pulumi " +
      "deletes them first.",
    "An organization without an e-mail reads back as unset (Quay stores a random placeholder).",
    "Optional settings left unset are not managed: Quay keeps whatever value it has, and removing one " +
      "from the program leaves Quay's value in place.",
  ],

  label: (inputs) => String(inputs.name),

  async locate(_context, inputs) {
    return organizationId.build({ name: inputs.name });
  },

  async create({ client }, inputs) {
    try {
      await client.request(organizationRoutes.createOrganization, { body: { name: inputs.name, email: inputs.email } });
    } catch (error) {
      if (hasQuayMessage(error, "Username is not available")) {
        throw new QuayOperationError(
          "QUAY_CONFLICT",
          `the name "${inputs.name}" belonged to a deleted user or organization that Quay has not purged yet; ` +
            "Quay frees the name when its namespace garbage collector runs. Retry later, or choose another name.",
          { cause: error },
        );
      }
      throw error;
    }
    const settings = settingsBody(inputs, new Set(["tagExpirationSeconds", "invoiceEmail", "invoiceEmailAddress"]));
    // Creation takes only name and e-mail; the other settings need a second call.
    const id = organizationId.build({ name: inputs.name });
    if (Object.keys(settings).length > 0) {
      await completing(id, ["tagExpirationSeconds", "invoiceEmail", "invoiceEmailAddress"], () =>
        client.request(organizationRoutes.updateOrganization, { params: { orgname: inputs.name }, body: settings }),
      );
    }
    return { id, outputs: {} };
  },

  async read({ client }, id) {
    const { name } = organizationId.parse(id);
    const org = await client.cachedRead(organizationRoutes.getOrganization, organizationReply, {
      params: { orgname: name },
    });
    if (org === undefined) return undefined;
    return {
      name: org.name,
      email: emailFromWire(org.email),
      tagExpirationSeconds: org.tag_expiration_s,
      invoiceEmail: org.invoice_email,
      invoiceEmailAddress: org.invoice_email_address ?? undefined,
    };
  },

  async update({ client }, id, _olds, news, changed) {
    // One PUT with the managed fields that changed; Quay applies them one by one (§2).
    const body = settingsBody(news, changed);
    if (Object.keys(body).length > 0) {
      await client.request(organizationRoutes.updateOrganization, { params: { orgname: id }, body });
    }
    return {};
  },

  async delete({ client }, id, state) {
    if (!state.forceDelete) {
      refuseUnlessForced(
        await unmanagedContents(client, id),
        "Objects this stack declares are deleted before the organization only when they depend on it " +
          "(`namespace: org.name`, not the name as text).",
      );
    }
    try {
      await client.unlessAbsent(organizationRoutes.deleteOrganization, { params: { orgname: id } });
    } catch (error) {
      // A caller who is not a superuser gets 403 for an org that no longer exists (§0.3).
      if (!isQuayError(error, "QUAY_FORBIDDEN")) throw error;
      const current = await client.find(organizationRoutes.getOrganization, { params: { orgname: id } });
      if (current !== undefined) throw error;
    }
  },
});

/** The update body for the settings in `keys` that the program sets. */
function settingsBody(
  inputs: { email?: string; tagExpirationSeconds?: number; invoiceEmail?: boolean; invoiceEmailAddress?: string },
  keys: ReadonlySet<string>,
): Record<string, unknown> {
  const wire: Record<string, [string, unknown]> = {
    email: ["email", inputs.email],
    tagExpirationSeconds: ["tag_expiration_s", inputs.tagExpirationSeconds],
    invoiceEmail: ["invoice_email", inputs.invoiceEmail],
    invoiceEmailAddress: ["invoice_email_address", inputs.invoiceEmailAddress],
  };
  return Object.fromEntries(
    Object.entries(wire)
      .filter(([key, [, value]]) => keys.has(key) && value !== undefined)
      .map(([, entry]) => entry),
  );
}

/**
 * What an organization's delete does to the objects of each kind that lives in it: `guarded` when the
 * delete is refused while the organization holds one the stack does not manage ({@link unmanagedContents}
 * lists them), otherwise why not. A catalog test holds every kind that lives in an organization to it.
 */
export const organizationHolds = {
  Repository: "guarded",
  Robot: "guarded",
  OAuthApplication: "guarded",
  Team: "guarded",
  TeamMember: "goes with its team, which is guarded",
  RepositoryPermission: "goes with its repository, which is guarded",
  RepositoryNotification: "goes with its repository, which is guarded",
  RepositoryMirror: "goes with its repository, which is guarded",
  DefaultPermission: "a setting of the organization, which holds no data",
  Quota: "a setting of the organization, which holds no data",
  AutoPrunePolicy: "a setting of the organization or repository, which holds no data",
  TagImmutabilityPolicy: "a setting of the organization or repository, which holds no data",
  ProxyCache: "a setting of the organization; the cached repositories are guarded",
  OrganizationMirror: "a setting of the organization; the mirrored repositories are guarded",
} as const;

/**
 * What the organization still holds that deleting it would take along: repositories, robots, OAuth
 * applications (their tokens stop working), and teams other than `owners`. One request per kind of
 * content; empty when the organization is already gone.
 */
async function unmanagedContents(client: QuayClient, name: string): Promise<string[]> {
  const view = await client.find(organizationRoutes.getOrganization, { params: { orgname: name } });
  if (view === undefined) return [];
  const [robots, repositories, applications] = await Promise.all([
    client.request(robotRoutes.listOrganizationRobots, { params: { orgname: name }, query: { token: false } }),
    repositoriesHeld(client, name),
    client.request(applicationRoutes.listApplications, { params: { orgname: name } }),
  ]);
  const teams = Object.keys(organizationReply.parse(view).teams ?? {}).filter((team) => team !== "owners");
  const names = (reply: unknown, key: string) =>
    ((reply as Record<string, { name: string }[]> | undefined)?.[key] ?? []).map((entry) => entry.name);
  return [
    ...repositories,
    ...names(robots, "robots").map((robot) => `robot ${robot}`),
    ...names(applications, "applications").map((application) => `OAuth application ${application}`),
    ...teams.map((team) => `team ${team}`),
  ];
}
