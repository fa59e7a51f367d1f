/** Organizations: `endpoints/api/organization.py` as docs/quay-behavior.md §2 describes it. */
import { defineRoutes } from "../../provider/quay/routes";
import type { HandlerFamily } from "../context";
import {
  atLeast,
  avatar,
  type Handler,
  isFullAccessSuperuser,
  objectBody,
  type RequestContext,
  requireAdministeredOrganization,
  requireCaller,
  requireOrganizationAdmin,
  unauthorized,
  validateFields,
} from "../context";
import { apiError, messageError } from "../replies";
import type { OrganizationRecord } from "../state";

const namespacePattern = /^([a-z0-9]+(?:[._-][a-z0-9]+)*)$/;
/** `util/validation.py:validate_email`, loosely: something@domain.tld. */
const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** The default `TAG_EXPIRATION_OPTIONS` (`0s,1d,1w,2w,4w`) in seconds. */
const tagExpirationOptions = new Set([0, 86_400, 604_800, 1_209_600, 2_419_200]);

/** `org_view`: what a caller sees depends on whether it is a member and an admin. */
function organizationView(context: RequestContext, organization: OrganizationRecord) {
  const username = context.caller?.user.username;
  const fullAccess = isFullAccessSuperuser(context);
  const superuser = !!context.caller?.user.superuser && !!context.caller?.scopes.has("super:user");
  const isAdmin = fullAccess || (username !== undefined && context.state.isAdmin(organization, username));
  const isMember = isAdmin || superuser || (username !== undefined && context.state.isMember(organization, username));
  // 3.17 and later blank the placeholder UUID; 3.16 and earlier show admins the raw stored value (§2).
  const stored = organization.email;
  const email = isAdmin && (stored.includes("@") || !atLeast(context.version, "3.17")) ? stored : "";
  const view: Record<string, unknown> = {
    name: organization.name,
    email,
    avatar: avatar(organization.name, "org"),
    is_admin: isAdmin,
    is_member: isMember,
  };
  if (isMember) {
    view.teams = Object.fromEntries(
      [...organization.teams.values()].map((team) => [
        team.name,
        {
          name: team.name,
          description: team.description,
          role: team.role,
          avatar: avatar(team.name, "team"),
          can_view: isAdmin || (username !== undefined && team.members.has(username)),
          repo_count: 0,
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
  return view;
}

function emailUsedByUser(context: RequestContext, email: string): boolean {
  return [...context.state.users.values()].some((user) => user.email === email);
}

const createOrganization: Handler = (context) => {
  const caller = requireCaller(context);
  if (!caller.scopes.has("user:admin")) throw unauthorized(context);
  const body = objectBody(context);
  validateFields(context, body, {
    name: { type: "string", required: true },
    email: { type: "string" },
    contact_email: { type: "string" },
  });
  const name = body.name as string;
  const email = (body.contact_email ?? body.email) as string | undefined;
  const taken = context.state.nameTaken(name);
  if (taken === "live") throw apiError(400, "A user or organization with this name already exists", context.host);
  if (email !== undefined && email !== "" && !emailPattern.test(email)) {
    throw apiError(400, "Invalid email address", context.host);
  }
  if (!namespacePattern.test(name)) {
    throw apiError(
      400,
      `Invalid namespace ${name}: Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$`,
      context.host,
    );
  }
  if (name.length < 2 || name.length > 255) {
    throw apiError(400, "Namespace must be between 2 and 255 characters in length", context.host);
  }
  if (email && emailUsedByUser(context, email)) {
    throw apiError(400, `Email has already been used: ${email}`, context.host);
  }
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
  const organization = context.state.organizations.get(context.params.orgname);
  requireOrganizationAdmin(context, organization);
  if (!organization) throw apiError(404, "Not Found", context.host);
  const body = objectBody(context);
  validateFields(context, body, {
    email: { type: ["string", "null"] },
    contact_email: { type: ["string", "null"] },
    invoice_email: { type: "boolean" },
    invoice_email_address: { type: ["string", "null"] },
    tag_expiration_s: { type: "integer" },
  });
  // Fields apply one by one with no transaction, so a later failure keeps earlier changes (§2).
  if ("invoice_email" in body) organization.invoiceEmail = body.invoice_email as boolean;
  if ("invoice_email_address" in body) {
    organization.invoiceEmailAddress = (body.invoice_email_address as string | null) ?? null;
  }
  const email = "contact_email" in body ? body.contact_email : body.email;
  if ("email" in body || "contact_email" in body) {
    if (email === null || email === "") {
      organization.email = crypto.randomUUID();
    } else if (email !== organization.email) {
      if (!emailPattern.test(email as string)) throw apiError(400, "Invalid email address", context.host);
      if (emailUsedByUser(context, email as string)) throw apiError(400, "E-mail address already used", context.host);
      organization.email = email as string;
    }
  }
  if ("tag_expiration_s" in body && context.features.changeTagExpiration) {
    const seconds = body.tag_expiration_s as number;
    if (seconds < 0) throw apiError(400, `${seconds} is less than the minimum of 0`, context.host);
    if (!tagExpirationOptions.has(seconds)) throw messageError(400, "Invalid tag expiration option");
    organization.tagExpirationSeconds = seconds;
  }
  return { status: 200, body: organizationView(context, organization) };
};

const deleteOrganization: Handler = (context) => {
  const organization = context.state.organizations.get(context.params.orgname);
  // The permission check runs first: a missing org is 403 for everyone but a full-access superuser (§0.3).
  requireOrganizationAdmin(context, organization);
  if (!organization) throw apiError(404, "Not Found", context.host);
  context.state.deleteOrganization(organization.name);
  return { status: 204 };
};

/** Names of the organization's repositories on which `username` has a direct role. */
function directRepositories(context: RequestContext, organization: OrganizationRecord, username: string): string[] {
  return [...context.state.repositories.values()]
    .filter((repository) => repository.namespace === organization.name && repository.userRoles.has(username))
    .map((repository) => repository.name);
}

function memberView(context: RequestContext, organization: OrganizationRecord, name: string) {
  return {
    name,
    kind: context.state.robots.has(name) ? "robot" : "user",
    avatar: avatar(name, "user"),
    teams: context.state
      .teamsOf(organization, name)
      .map((team) => ({ name: team.name, avatar: avatar(team.name, "team") })),
    repositories: directRepositories(context, organization, name),
  };
}

/** Human members of any team; robots are left out (§2). */
function humanMembers(context: RequestContext, organization: OrganizationRecord): string[] {
  const names = new Set<string>();
  for (const team of organization.teams.values()) {
    for (const member of team.members) if (!context.state.robots.has(member)) names.add(member);
  }
  return [...names].sort();
}

const listOrganizationMembers: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  return {
    status: 200,
    body: { members: humanMembers(context, organization).map((name) => memberView(context, organization, name)) },
  };
};

const getOrganizationMember: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  const name = context.params.membername;
  const robot = context.state.robots.get(name);
  const found = robot ? robot.namespace === organization.name : context.state.isMember(organization, name);
  if (!found) throw apiError(404, "Not Found", context.host);
  return { status: 200, body: memberView(context, organization, name) };
};

const removeOrganizationMember: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  const name = context.params.membername;
  if (!context.state.users.has(name)) throw apiError(404, "Not Found", context.host);
  const adminTeams = [...organization.teams.values()].filter((team) => team.role === "admin");
  const admins = new Set(adminTeams.flatMap((team) => [...team.members]));
  if (admins.size === 1 && admins.has(name)) {
    throw messageError(400, "Cannot remove user as they are the only organization admin");
  }
  for (const team of organization.teams.values()) team.members.delete(name);
  for (const repository of context.state.repositories.values()) {
    if (repository.namespace === organization.name) repository.userRoles.delete(name);
  }
  return { status: 204 };
};

const listOrganizationCollaborators: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  const names = new Set<string>();
  for (const repository of context.state.repositories.values()) {
    if (repository.namespace !== organization.name) continue;
    for (const name of repository.userRoles.keys()) {
      if (!context.state.robots.has(name) && !context.state.isMember(organization, name)) names.add(name);
    }
  }
  return {
    status: 200,
    body: {
      collaborators: [...names].sort().map((name) => ({
        name,
        kind: "user",
        avatar: avatar(name, "user"),
        repositories: directRepositories(context, organization, name),
      })),
    },
  };
};

/** Organization routes; members and collaborators are served for other clients. */
export const family: HandlerFamily = {
  routes: defineRoutes({
    /** GET /organization/{orgname}/members — human members with their teams; not paginated. */
    listOrganizationMembers: { method: "GET", path: "/organization/{orgname}/members", ok: [200], scope: "org:admin" },
    /** GET /organization/{orgname}/members/{membername} — one member (users, or robots of the org). */
    getOrganizationMember: {
      method: "GET",
      path: "/organization/{orgname}/members/{membername}",
      ok: [200],
      scope: "org:admin",
    },
    /** DELETE /organization/{orgname}/members/{membername} — removes a user from every team and repository. */
    removeOrganizationMember: {
      method: "DELETE",
      path: "/organization/{orgname}/members/{membername}",
      ok: [204],
      scope: "org:admin",
    },
    /** GET /organization/{orgname}/collaborators — users with repository roles who are in no team. */
    listOrganizationCollaborators: {
      method: "GET",
      path: "/organization/{orgname}/collaborators",
      ok: [200],
      scope: "org:admin",
    },
  }),
  handlers: {
    createOrganization,
    getOrganization,
    updateOrganization,
    deleteOrganization,
    listOrganizationMembers,
    getOrganizationMember,
    removeOrganizationMember,
    listOrganizationCollaborators,
  },
};
