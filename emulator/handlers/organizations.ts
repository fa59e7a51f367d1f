/** Organizations: `endpoints/api/organization.py` as docs/quay-behavior.md §2 describes it. */
import { randomUUID } from "node:crypto";
import { atLeast, type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import {
  hasScope,
  isSuperuser,
  organizationRole,
  requireAdministeredOrganization,
  requireCaller,
  unauthorized,
} from "../permissions";
import { quotaFields, quotaOf } from "../quota-records";
import { avatar, type OrganizationRecord } from "../records";
import { renameNamespace } from "../rename";
import { apiError, messageError, quayInternalError } from "../replies";

const namespacePattern = /^([a-z0-9]+(?:[._-][a-z0-9]+)*)$/;
/** `util/validation.py:validate_email`, loosely: something@domain.tld. */
const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** The default `TAG_EXPIRATION_OPTIONS` (`0s,1d,1w,2w,4w`) in seconds. */
const tagExpirationOptions = new Set([0, 86_400, 604_800, 1_209_600, 2_419_200]);

/** `validate_username`: what is wrong with a user or organization name, if anything. */
function namespaceNameIssue(name: string): string | undefined {
  if (!namespacePattern.test(name)) return "Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$";
  if (name.length < 2 || name.length > 255) return "Namespace must be between 2 and 255 characters in length";
  return undefined;
}

/** Quay's name check for new users and organizations, with its `Invalid namespace X:` prefix (§V.4). */
export function namespaceNameError(name: string): string | undefined {
  const issue = namespaceNameIssue(name);
  return issue && `Invalid namespace ${name}: ${issue}`;
}

/** How many repositories a team holds a role on (`repo_count`, §V.16). */
function repositoryCount(context: RequestContext, organization: OrganizationRecord, team: string): number {
  return [...context.state.repositories.values()].filter(
    (repository) => repository.namespace === organization.name && repository.teamRoles.has(team),
  ).length;
}

/**
 * `org_view`: what a caller sees depends on its role, capped by its token's scopes. Views that embed an
 * organization with `teams: "none"` show no teams to anyone, as `org_view(o, [])` does.
 */
export function organizationView(
  context: RequestContext,
  organization: OrganizationRecord,
  teams: "members" | "none" = "members",
) {
  const username = context.caller?.user.username;
  const role = organizationRole(context, organization);
  const isAdmin = role === "admin";
  const isMember = role !== undefined;
  // 3.17 and later blank the placeholder UUID; 3.16 and earlier show admins the raw stored value (§2).
  const stored = organization.email;
  const email = isAdmin && (stored.includes("@") || !atLeast(context.version, "3.17")) ? stored : "";
  // An organization's avatar says kind "user" (§V.12).
  const view: Record<string, unknown> = {
    name: organization.name,
    email,
    avatar: avatar(organization.name, "user"),
    is_admin: isAdmin,
    is_member: isMember,
  };
  if (teams === "none") {
    view.teams = {};
    view.ordered_teams = [];
  } else if (isMember || isSuperuser(context)) {
    view.teams = Object.fromEntries(
      [...organization.teams.values()].map((team) => [
        team.name,
        {
          name: team.name,
          description: team.description,
          role: team.role,
          avatar: avatar(team.name, "team"),
          can_view: isAdmin || (username !== undefined && team.members.has(username)),
          repo_count: repositoryCount(context, organization, team.name),
          member_count: team.members.size,
          is_synced: false,
        },
      ]),
    );
    view.ordered_teams = [...organization.teams.keys()];
  }
  if (isAdmin) {
    view.invoice_email = organization.invoiceEmail;
    view.invoice_email_address = organization.invoiceEmailAddress;
    view.tag_expiration_s = organization.tagExpirationSeconds;
    view.is_free_account = true;
  }
  // Members see the quota in its short form and the usage report (§11).
  if ((isAdmin || isMember) && context.features.quotaManagement) {
    Object.assign(view, quotaFields(quotaOf(context.state, organization).current));
  }
  return view;
}

function emailUsedByUser(context: RequestContext, email: string): boolean {
  return [...context.state.users.values()].some((user) => user.email === email);
}

const createOrganization: Handler = (context) => {
  const caller = requireCaller(context);
  if (!hasScope(context, "user:admin")) throw unauthorized(context);
  const body = validatedBody(context, {
    type: "object",
    required: ["name"],
    properties: {
      name: { type: "string" },
      email: { type: "string" },
      contact_email: { type: "string" },
      recaptcha_response: { type: "string" },
    },
  });
  const name = body.name as string;
  const email = (body.contact_email || body.email) as string | undefined;
  const taken = context.state.nameTaken(name);
  if (taken === "live") throw apiError(400, "A user or organization with this name already exists", context.host);
  if (email && !emailPattern.test(email)) throw apiError(400, "Invalid email address", context.host);
  const invalid = namespaceNameError(name);
  if (invalid) throw apiError(400, invalid, context.host);
  if (email && emailUsedByUser(context, email))
    throw apiError(400, `Email has already been used: ${email}`, context.host);
  // The name of a deleted, not yet purged namespace stays taken (docs/quay-behavior.md §0.11).
  if (taken === "deleted") throw apiError(400, "Username is not available", context.host);
  context.state.createOrganization(name, email || undefined, caller.user.username);
  return { status: 201, body: "Created" };
};

const getOrganization: Handler = (context) => {
  const organization = context.state.organizations.get(context.params.orgname);
  if (!organization) throw apiError(404, "Not Found", context.host);
  return { status: 200, body: organizationView(context, organization) };
};

const updateOrganization: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  const body = validatedBody(context, {
    type: "object",
    properties: {
      email: { type: "string" },
      contact_email: { type: ["string", "null"] },
      invoice_email: { type: "boolean" },
      invoice_email_address: { type: ["string", "null"] },
      tag_expiration_s: { type: "integer", minimum: 0 },
    },
  });
  // Fields apply one by one with no transaction, so a later failure keeps earlier changes (§2).
  if ("invoice_email" in body) organization.invoiceEmail = body.invoice_email as boolean;
  if ("invoice_email_address" in body) {
    organization.invoiceEmailAddress = (body.invoice_email_address as string | null) ?? null;
  }
  if ("email" in body || "contact_email" in body) {
    const email = ("contact_email" in body ? body.contact_email : body.email) as string | null;
    if (email === null || email === "") {
      organization.email = randomUUID();
    } else if (email !== organization.email) {
      if (!emailPattern.test(email)) throw apiError(400, "Invalid email address", context.host);
      if (emailUsedByUser(context, email)) throw apiError(400, "E-mail address already used", context.host);
      organization.email = email;
    }
  }
  if ("tag_expiration_s" in body && context.features.changeTagExpiration) {
    if (!tagExpirationOptions.has(body.tag_expiration_s as number)) {
      throw messageError(400, "Invalid tag expiration option");
    }
    organization.tagExpirationSeconds = body.tag_expiration_s as number;
  }
  return { status: 200, body: organizationView(context, organization) };
};

const deleteOrganization: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  context.state.deleteOrganization(organization.name);
  return { status: 204 };
};

/** An organization as the superuser's routes show it: the stored e-mail as is, and the quota fields (§V.18). */
function superuserOrganizationView(context: RequestContext, organization: OrganizationRecord) {
  return {
    name: organization.name,
    email: organization.email,
    avatar: avatar(organization.name, "org"),
    ...(context.features.quotaManagement ? quotaFields(quotaOf(context.state, organization).current) : {}),
  };
}

/**
 * PUT /superuser/organizations/{name} `{"name": new}` — renames an organization in place (§25). A missing
 * organization, and a name a user or organization has, fail in Quay's model uncaught: its 500s (§V.18).
 */
const renameOrganization: Handler = (context) => {
  requireCaller(context);
  if (!isSuperuser(context)) throw unauthorized(context);
  const body = validatedBody(context, { type: "object", properties: { name: { type: "string" } } });
  const organization = context.state.organizations.get(context.params.name);
  if (!organization) throw quayInternalError("InvalidOrganizationException: the organization does not exist");
  if (typeof body.name === "string" && body.name !== organization.name) {
    const issue = namespaceNameIssue(body.name);
    if (issue) throw messageError(400, `Invalid username ${body.name}: ${issue}`);
    if (context.state.nameTaken(body.name) === "live") {
      throw quayInternalError("IntegrityError: UNIQUE constraint failed: user.username");
    }
    renameNamespace(context.state, organization.name, body.name);
  }
  return { status: 200, body: superuserOrganizationView(context, organization) };
};

/** DELETE /superuser/organizations/{name} — like the organization's own delete, for a superuser. */
const superuserDeleteOrganization: Handler = (context) => {
  requireCaller(context);
  if (!isSuperuser(context)) throw unauthorized(context);
  const organization = context.state.organizations.get(context.params.name);
  if (!organization) throw apiError(404, "Not Found", context.host);
  context.state.deleteOrganization(organization.name);
  return { status: 204 };
};

/** GET /superuser/organizations/ — every organization. */
const listAllOrganizations: Handler = (context) => {
  requireCaller(context);
  if (!isSuperuser(context)) throw unauthorized(context);
  const organizations = [...context.state.organizations.values()].map((organization) =>
    superuserOrganizationView(context, organization),
  );
  return { status: 200, body: { organizations } };
};

/** Organization routes; the superuser's organization routes are served for other clients. */
export const family: HandlerFamily = {
  routes: {
    createOrganization: "POST /organization/",
    getOrganization: "GET /organization/{orgname}",
    updateOrganization: "PUT /organization/{orgname}",
    deleteOrganization: "DELETE /organization/{orgname}",
    /** Every organization. */
    listAllOrganizations: "GET /superuser/organizations/",
    /** Renames an organization. */
    renameOrganization: "PUT /superuser/organizations/{name}",
    /** Deletes an organization. */
    superuserDeleteOrganization: "DELETE /superuser/organizations/{name}",
  },
  handlers: {
    createOrganization,
    getOrganization,
    updateOrganization,
    deleteOrganization,
    listAllOrganizations,
    renameOrganization,
    superuserDeleteOrganization,
  },
};
