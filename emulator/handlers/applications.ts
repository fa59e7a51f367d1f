/**
 * OAuth applications of organizations and the API tokens they mint (3.18+): `endpoints/api/organization.py`
 * and `organization_application_tokens.py` (docs/quay-behavior.md §3).
 */
import { randomUUID } from "node:crypto";
import { atLeast, type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { administers, isSuperuser, requireAdministeredOrganization } from "../permissions";
import { allScopes, avatar, newToken, type OrganizationRecord, pythonIsoformat, type Scope } from "../records";
import { apiError, messageError } from "../replies";
import type { BodySchema } from "../schema";
import { organizationView } from "./organizations";

/** An OAuth application of an organization. */
export interface ApplicationRecord {
  clientId: string;
  clientSecret: string;
  name: string;
  description: string;
  applicationUri: string;
  redirectUri: string;
  avatarEmail: string | null;
  tokens: {
    uuid: string;
    name: string;
    scope: string;
    token: string;
    created: Date;
    expires: Date;
    createdBy: string;
  }[];
}

/** The organization's applications, in creation order. */
export function applicationsOf(context: RequestContext, organization: OrganizationRecord): ApplicationRecord[] {
  return context.state.attached(organization, "applications", () => [] as ApplicationRecord[]);
}

/** The name Quay keeps for the bootstrap token's application (3.18+, §3). */
const reservedName = "__quay_bootstrap_app";

function applicationView(context: RequestContext, organization: OrganizationRecord, application: ApplicationRecord) {
  const admin = administers(context, organization);
  return {
    name: application.name,
    description: application.description,
    application_uri: application.applicationUri,
    client_id: application.clientId,
    client_secret: admin ? application.clientSecret : null,
    redirect_uri: admin ? application.redirectUri : null,
    avatar_email: admin ? application.avatarEmail : null,
  };
}

function checkName(context: RequestContext, name: string): void {
  if (name === reservedName && atLeast(context.version, "3.18")) {
    throw apiError(400, "Application name is reserved for bootstrap token provisioning", context.host);
  }
}

function application(context: RequestContext): { organization: OrganizationRecord; found: ApplicationRecord } {
  const organization = requireAdministeredOrganization(context);
  const found = applicationsOf(context, organization).find((entry) => entry.clientId === context.params.client_id);
  if (!found) throw apiError(404, "Not Found", context.host);
  return { organization, found };
}

const listApplications: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  const applications = applicationsOf(context, organization).map((entry) =>
    applicationView(context, organization, entry),
  );
  return { status: 200, body: { applications } };
};

/** The fields of Quay's `NewApp` and `UpdateApp` schemas; they differ in which are required. */
const applicationProperties: Record<string, BodySchema> = {
  name: { type: "string" },
  redirect_uri: { type: "string" },
  application_uri: { type: "string" },
  description: { type: "string" },
  avatar_email: { type: "string" },
};

const createApplication: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  const body = validatedBody(context, {
    type: "object",
    required: ["name"],
    properties: applicationProperties,
  });
  checkName(context, body.name as string);
  const created: ApplicationRecord = {
    clientId: newToken(20),
    clientSecret: newToken(40),
    name: body.name as string,
    description: (body.description as string | undefined) ?? "",
    applicationUri: (body.application_uri as string | undefined) ?? "",
    redirectUri: (body.redirect_uri as string | undefined) ?? "",
    avatarEmail: (body.avatar_email as string | undefined) ?? null,
    tokens: [],
  };
  applicationsOf(context, organization).push(created);
  return { status: 200, body: applicationView(context, organization, created) };
};

const getApplication: Handler = (context) => {
  const { organization, found } = application(context);
  return { status: 200, body: applicationView(context, organization, found) };
};

/** A full replace: an omitted description or avatar e-mail is reset (§0.15). */
const updateApplication: Handler = (context) => {
  const { organization, found } = application(context);
  const body = validatedBody(context, {
    type: "object",
    required: ["name", "redirect_uri", "application_uri"],
    properties: applicationProperties,
  });
  checkName(context, body.name as string);
  found.name = body.name as string;
  found.applicationUri = body.application_uri as string;
  found.redirectUri = body.redirect_uri as string;
  found.description = (body.description as string | undefined) ?? "";
  found.avatarEmail = (body.avatar_email as string | undefined) ?? null;
  return { status: 200, body: applicationView(context, organization, found) };
};

const deleteApplication: Handler = (context) => {
  const { organization, found } = application(context);
  const list = applicationsOf(context, organization);
  list.splice(list.indexOf(found), 1);
  for (const token of found.tokens) context.state.tokens.delete(token.token);
  return { status: 204 };
};

/** GET /app/{client_id} — an application's public information, found in any organization, for anyone (§V.18). */
const getApplicationInformation: Handler = (context) => {
  for (const organization of context.state.organizations.values()) {
    const found = applicationsOf(context, organization).find((entry) => entry.clientId === context.params.client_id);
    if (!found) continue;
    return {
      status: 200,
      body: {
        name: found.name,
        description: found.description,
        uri: found.applicationUri,
        avatar: avatar(found.name, "app"),
        organization: organizationView(context, organization, "none"),
      },
    };
  }
  throw apiError(404, "Not Found", context.host);
};

const resetClientSecret: Handler = (context) => {
  const { organization, found } = application(context);
  found.clientSecret = newToken(40);
  return { status: 200, body: applicationView(context, organization, found) };
};

function tokenView(token: ApplicationRecord["tokens"][number], secret: boolean) {
  return {
    uuid: token.uuid,
    name: token.name,
    scope: token.scope,
    expires_at: pythonIsoformat(token.expires),
    created: pythonIsoformat(token.created),
    created_by: token.createdBy,
    last_accessed: null,
    ...(secret ? { token: token.token } : {}),
  };
}

const listApplicationTokens: Handler = (context) => {
  const { found } = application(context);
  return { status: 200, body: { tokens: found.tokens.map((token) => tokenView(token, false)) } };
};

/** Mints a bearer token for the caller with scopes it holds itself (3.18+, §3). */
const createApplicationToken: Handler = (context) => {
  const { found } = application(context);
  const body = validatedBody(context, {
    type: "object",
    required: ["name", "scope"],
    properties: { name: { type: "string" }, scope: { type: "string" }, expiration: { type: "number", minimum: 1 } },
  });
  const scopes = (body.scope as string).split(/[\s,]+/).filter(Boolean);
  if (scopes.length === 0 || scopes.some((scope) => !(allScopes as readonly string[]).includes(scope))) {
    throw messageError(400, `Invalid scope: ${body.scope}`);
  }
  const caller = context.caller!;
  if (scopes.some((scope) => !caller.scopes.has(scope as Scope) || (scope === "super:user" && !isSuperuser(context)))) {
    throw apiError(403, "Unauthorized", context.host);
  }
  const seconds = (body.expiration as number | undefined) ?? 10 * 365 * 86_400;
  const token = context.state.issueToken(caller.user.username, scopes as Scope[], seconds * 1000);
  const record = {
    uuid: randomUUID(),
    name: body.name as string,
    scope: scopes.join(" "),
    token,
    created: new Date(context.state.clock()),
    expires: new Date(context.state.clock() + seconds * 1000),
    createdBy: caller.user.username,
  };
  found.tokens.push(record);
  return { status: 200, body: tokenView(record, true) };
};

const deleteApplicationToken: Handler = (context) => {
  const { found } = application(context);
  const index = found.tokens.findIndex((token) => token.uuid === context.params.token_uuid);
  if (index < 0) throw apiError(404, "Not Found", context.host);
  context.state.tokens.delete(found.tokens[index].token);
  found.tokens.splice(index, 1);
  return { status: 204 };
};

/** OAuth applications (the routes are the OAuthApplication kind's) and their tokens, which exist from 3.18. */
export const family: HandlerFamily = {
  routes: {
    listApplications: "GET /organization/{orgname}/applications",
    createApplication: "POST /organization/{orgname}/applications",
    getApplication: "GET /organization/{orgname}/applications/{client_id}",
    updateApplication: "PUT /organization/{orgname}/applications/{client_id}",
    deleteApplication: "DELETE /organization/{orgname}/applications/{client_id}",
    resetClientSecret: "POST /organization/{orgname}/applications/{client_id}/resetclientsecret",
    getApplicationInformation: "GET /app/{client_id}",
    /** The tokens it minted, no secrets. */
    listApplicationTokens: "GET /organization/{orgname}/applications/{client_id}/tokens",
    /** Mints a token; its secret shows only here. */
    createApplicationToken: "POST /organization/{orgname}/applications/{client_id}/tokens",
    /** Revokes a token. */
    deleteApplicationToken: "DELETE /organization/{orgname}/applications/{client_id}/tokens/{token_uuid}",
  },
  handlers: {
    listApplications,
    createApplication,
    getApplication,
    updateApplication,
    deleteApplication,
    resetClientSecret,
    getApplicationInformation,
    listApplicationTokens,
    createApplicationToken,
    deleteApplicationToken,
  },
  versionGates: { listApplicationTokens: "3.18", createApplicationToken: "3.18", deleteApplicationToken: "3.18" },
};
