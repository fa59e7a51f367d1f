/**
 * `OAuthApplication`: an OAuth application of an organization, whose client id and secret other systems
 * use to obtain tokens. Routes: docs/quay-behavior.md §3.
 */
import { z } from "zod";
import type { QuayClient } from "../quay/client";
import { defineRoutes, notFound } from "../quay/routes";
import { defineResource, type ListScope } from "./_shared/define";
import { idFormat } from "./_shared/id-format";
import { namespaceName, namespacePart } from "./_shared/names";

/** The application routes of an organization. */
export const applicationRoutes = defineRoutes({
  /** GET /organization/{orgname}/applications — every application; secrets only for admins. */
  listApplications: {
    method: "GET",
    path: "/organization/{orgname}/applications",
    ok: [200],
    absent: [notFound],
    scope: "org:admin",
  },
  /** POST /organization/{orgname}/applications — answers 200 with the application, secret included. */
  createApplication: { method: "POST", path: "/organization/{orgname}/applications", ok: [200], scope: "org:admin" },
  /** GET /organization/{orgname}/applications/{client_id}. */
  getApplication: {
    method: "GET",
    path: "/organization/{orgname}/applications/{client_id}",
    ok: [200],
    absent: [notFound],
    scope: "org:admin",
  },
  /** PUT /organization/{orgname}/applications/{client_id} — a full replace: an omitted field is reset. */
  updateApplication: {
    method: "PUT",
    path: "/organization/{orgname}/applications/{client_id}",
    ok: [200],
    scope: "org:admin",
  },
  /** DELETE /organization/{orgname}/applications/{client_id} — revokes its tokens too. */
  deleteApplication: {
    method: "DELETE",
    path: "/organization/{orgname}/applications/{client_id}",
    ok: [204],
    absent: [notFound],
    scope: "org:admin",
  },
  /** POST /organization/{orgname}/applications/{client_id}/resetclientsecret — a new secret. */
  resetClientSecret: {
    method: "POST",
    path: "/organization/{orgname}/applications/{client_id}/resetclientsecret",
    ok: [200],
    scope: "org:admin",
  },
});

const applicationReply = z.object({
  name: z.string(),
  description: z.string().nullish(),
  application_uri: z.string().nullish(),
  client_id: z.string(),
  client_secret: z.string().nullish(),
  redirect_uri: z.string().nullish(),
  avatar_email: z.string().nullish(),
});

type Application = z.output<typeof applicationReply>;

const applicationId = idFormat("OAuthApplication", "{organization}/{clientId}", {
  organization: namespacePart,
  clientId: /[A-Za-z0-9]+/,
});

async function listApplications(client: QuayClient, organization: string): Promise<Application[] | undefined> {
  const reply = await client.cachedRead(
    applicationRoutes.listApplications,
    z.object({ applications: z.array(applicationReply) }),
    { params: { orgname: organization } },
  );
  return reply?.applications;
}

/** An application as the kind describes it. */
function describe(organization: string, found: Application) {
  return {
    id: applicationId.build({ organization, clientId: found.client_id }),
    organization,
    name: found.name,
    description: found.description ?? "",
    applicationUri: found.application_uri ?? "",
    redirectUri: found.redirect_uri ?? "",
    avatarEmail: found.avatar_email ?? undefined,
    clientId: found.client_id,
    clientSecret: found.client_secret ?? "",
  };
}

interface ApplicationInputs {
  name: string;
  description: string;
  applicationUri: string;
  redirectUri: string;
  avatarEmail?: string;
}

/** The request body: the same for create and for Quay's full-replace update. */
function wire(inputs: ApplicationInputs) {
  return {
    name: inputs.name,
    description: inputs.description,
    application_uri: inputs.applicationUri,
    redirect_uri: inputs.redirectUri,
    ...(inputs.avatarEmail === undefined ? {} : { avatar_email: inputs.avatarEmail }),
  };
}

/** The `OAuthApplication` kind. */
export const oauthApplication = defineResource({
  kind: "OAuthApplication",
  description:
    "An OAuth application of an organization: its client id and client secret let another system (a CI " +
    "service, a portal) obtain tokens for Quay's API. The secret is a secret output; change `secretRotation` " +
    "to have Quay issue a new one.",
  example:
    'const portal = new quay.OAuthApplication("portal", { organization: org.name, name: "Developer portal", redirectUri: "https://portal.example.com/callback" });\n' +
    "export const portalSecret = portal.clientSecret; // secret",
  inputs: z.object({
    organization: namespaceName().meta({
      description: "Organization that owns the application. Changing it replaces the application (new client id).",
      replaceOnChange: true,
      references: "Organization.name",
    }),
    name: z
      .string()
      .min(1, { error: "must not be empty" })
      .refine((name) => name !== "__quay_bootstrap_app", { error: "is reserved by Quay" })
      .meta({ description: "Display name. Quay does not require it to be unique. Updated in place." }),
    description: z.string().default("").meta({ description: "Description. Default empty. Updated in place." }),
    applicationUri: z
      .string()
      .default("")
      .meta({ description: "The application's home page. Default empty. Updated in place." }),
    redirectUri: z
      .string()
      .default("")
      .meta({ description: "Where Quay sends the user back after authorising. Default empty. Updated in place." }),
    avatarEmail: z
      .email({ error: "must be an e-mail address" })
      .optional()
      .meta({ description: "E-mail address whose avatar the application shows. Updated in place." }),
    secretRotation: z.string().optional().meta({
      description:
        "Any value; change it to have Quay issue a new client secret in place. The old secret stops working at once.",
      writeOnly: true,
    }),
  }),
  outputs: z.object({
    clientId: z.string().meta({ description: "The client id Quay gave the application." }),
    clientSecret: z.string().meta({ description: "The client secret.", secret: true }),
  }),
  id: applicationId,
  naturalKey: [],
  routes: applicationRoutes,
  sample: { organization: "kinds", name: "Contract app" },
  notes: [
    "Quay does not require application names to be unique; a create whose answer is lost looks for the " +
      "application by name before trying again, so it makes no duplicate.",
    "Quay's update replaces every field: the provider sends them all, an unset avatar e-mail as Quay has it.",
    "Deleting the application revokes the tokens it issued.",
  ],

  label: (inputs) => `${inputs.name} of ${inputs.organization}`,

  async list({ client }, scope: ListScope) {
    if (!("organization" in scope)) return [];
    return ((await listApplications(client, scope.organization)) ?? []).map((found) =>
      describe(scope.organization, found),
    );
  },

  async locate({ client }, inputs, excluding) {
    const ids = ((await listApplications(client, inputs.organization)) ?? [])
      .filter((entry) => entry.name === inputs.name)
      .map((entry) => applicationId.build({ organization: inputs.organization, clientId: entry.client_id }));
    return ids.find((id) => !excluding?.has(id));
  },

  async create({ client }, inputs) {
    const created = await client.requestParsed(applicationRoutes.createApplication, applicationReply, {
      params: { orgname: inputs.organization },
      body: wire(inputs),
    });
    return {
      id: applicationId.build({ organization: inputs.organization, clientId: created.client_id }),
      outputs: { clientId: created.client_id, clientSecret: created.client_secret ?? "" },
    };
  },

  async read({ client }, id, state) {
    const { organization, clientId } = applicationId.parse(id);
    const found = await client.cachedRead(applicationRoutes.getApplication, applicationReply, {
      params: { orgname: organization, client_id: clientId },
    });
    if (!found) return undefined;
    const { id: _id, ...described } = describe(organization, found);
    // Quay shows the secret only to admins: keep the known one when it is left out.
    return { ...described, clientSecret: described.clientSecret || String(state.clientSecret ?? "") };
  },

  async update({ client }, id, olds, news, changed) {
    const { organization, clientId } = applicationId.parse(id);
    const params = { orgname: organization, client_id: clientId };
    let secret = olds.clientSecret;
    if ([...changed].some((key) => key !== "secretRotation")) {
      // Quay's update replaces every field: an avatar e-mail the program leaves unset is sent as Quay has it.
      const avatarEmail =
        news.avatarEmail ??
        (await client.cachedRead(applicationRoutes.getApplication, applicationReply, { params }))?.avatar_email ??
        undefined;
      await client.request(applicationRoutes.updateApplication, { params, body: wire({ ...news, avatarEmail }) });
    }
    if (changed.has("secretRotation")) {
      const reset = await client.requestParsed(applicationRoutes.resetClientSecret, applicationReply, { params });
      secret = reset.client_secret ?? "";
    }
    return { clientId, clientSecret: secret };
  },

  async delete({ client }, id) {
    const { organization, clientId } = applicationId.parse(id);
    await client.unlessAbsent(applicationRoutes.deleteApplication, {
      params: { orgname: organization, client_id: clientId },
    });
  },
});
