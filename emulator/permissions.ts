/**
 * Quay's permission checks, capped by the token's scopes as `auth/permissions.py` caps them
 * (docs/quay-behavior.md §1.2): a team role is at most `creator` with `repo:create` and `admin` with
 * `org:admin`, a repository role at most what the `repo:*` scopes allow, a user role at most `read`
 * with `user:read` and `admin` with `user:admin`. Superusers with `super:user` pass namespace checks
 * when `FEATURE_SUPERUSERS_FULL_ACCESS` is on.
 */
import type { Caller, RequestContext } from "./context";
import type { OrganizationRecord, RepositoryRecord, Role, Scope } from "./records";
import { apiError, Reply } from "./replies";

const teamRoles = ["member", "creator", "admin"] as const;
/** An organization role, as a team gives it. */
export type TeamRole = (typeof teamRoles)[number];
const repoRanks: Record<Role, number> = { read: 1, write: 2, admin: 3 };

/** The caller, or 401 `invalid_token` "Requires authentication". */
export function requireCaller(context: RequestContext): Caller {
  if (!context.caller) throw apiError(401, "Requires authentication", context.host);
  return context.caller;
}

/** 403 `insufficient_scope` "Unauthorized" when authenticated, else 401 "Requires authentication". */
export function unauthorized(context: RequestContext) {
  return context.caller
    ? apiError(403, "Unauthorized", context.host)
    : apiError(401, "Requires authentication", context.host);
}

/** How long a browser sign-in counts as fresh (`FRESH_LOGIN_TIMEOUT`, ten minutes). */
const freshLoginMs = 10 * 60 * 1000;

/**
 * `require_fresh_login`: a caller (401 without one) who signed in less than ten minutes ago, or who holds
 * an OAuth token; else 401 `fresh_login_required`.
 */
export function requireFreshLogin(context: RequestContext): Caller {
  const caller = requireCaller(context);
  const signedInAt = context.session.signedInAt ?? Number.NEGATIVE_INFINITY;
  if (caller.viaSession && context.state.clock() - signedInAt > freshLoginMs) {
    throw new Reply(401, {
      detail: "Requires fresh login",
      error_message: "Requires fresh login",
      error_type: "fresh_login_required",
      title: "fresh_login_required",
      type: `http://${context.host}/api/v1/error/fresh_login_required`,
      status: 401,
    });
  }
  return caller;
}

/** `UserAdminPermission` for the caller's own namespace: `user:admin` (403, or 401 when anonymous). */
export function requireUserAdmin(context: RequestContext): Caller {
  const caller = requireCaller(context);
  if (!hasScope(context, "user:admin")) throw unauthorized(context);
  return caller;
}

/** Whether the caller's token carries `scope`. */
export function hasScope(context: RequestContext, scope: Scope): boolean {
  return !!context.caller?.scopes.has(scope);
}

/** A superuser whose token has `super:user` (`SuperUserPermission`). */
export function isSuperuser(context: RequestContext): boolean {
  return !!context.caller?.user.superuser && hasScope(context, "super:user");
}

/** A superuser who passes namespace checks under `FEATURE_SUPERUSERS_FULL_ACCESS`. */
export function isFullAccessSuperuser(context: RequestContext): boolean {
  return isSuperuser(context) && context.features.superusersFullAccess;
}

/** The highest organization role the token's scopes allow. */
function teamRoleCap(caller: Caller): number {
  if (caller.scopes.has("org:admin")) return 3;
  return caller.scopes.has("repo:create") ? 2 : 0;
}

/** The highest repository role the token's scopes allow. */
function repoRoleCap(caller: Caller): number {
  if (caller.scopes.has("repo:admin")) return 3;
  if (caller.scopes.has("repo:write")) return 2;
  return caller.scopes.has("repo:read") ? 1 : 0;
}

/** The caller's role in `organization` through its teams, capped by its scopes; full-access superusers are admins. */
export function organizationRole(context: RequestContext, organization: OrganizationRecord): TeamRole | undefined {
  if (isFullAccessSuperuser(context)) return "admin";
  const caller = context.caller;
  if (!caller) return undefined;
  const held = context.state
    .teamsOf(organization, caller.user.username)
    .reduce((best, team) => Math.max(best, teamRoles.indexOf(team.role) + 1), 0);
  const role = Math.min(held, teamRoleCap(caller));
  return role === 0 ? undefined : teamRoles[role - 1];
}

/** Whether the caller administers `organization` (`AdministerOrganizationPermission`). */
export function administers(context: RequestContext, organization: OrganizationRecord | undefined): boolean {
  return organization !== undefined
    ? organizationRole(context, organization) === "admin"
    : isFullAccessSuperuser(context);
}

/** `AdministerOrganizationPermission`; else 403 (or 401 when anonymous). */
export function requireOrganizationAdmin(context: RequestContext, organization: OrganizationRecord | undefined): void {
  requireCaller(context);
  if (!administers(context, organization)) throw unauthorized(context);
}

/**
 * The organization at `context.params.orgname`, which the caller must administer: 403 before 404
 * (§0.3). A full-access superuser learns that it is missing: 404, or Quay's 400 for `missing` when given.
 */
export function requireAdministeredOrganization(
  context: RequestContext,
  missing: () => unknown = () => apiError(404, "Not Found", context.host),
): OrganizationRecord {
  const organization = context.state.organizations.get(context.params.orgname);
  requireOrganizationAdmin(context, organization);
  if (!organization) throw missing();
  return organization;
}

/** Whether the caller administers `namespace`: its organization's admin, or the user of that name. */
export function isNamespaceAdmin(context: RequestContext, namespace: string): boolean {
  const caller = context.caller;
  if (!caller) return false;
  const organization = context.state.organizations.get(namespace);
  if (organization || isFullAccessSuperuser(context)) return administers(context, organization);
  return caller.user.username === namespace && caller.scopes.has("user:admin");
}

/** The stronger of two roles. */
export function strongerRole(left: Role | undefined, right: Role | undefined): Role | undefined {
  if (!left) return right;
  if (!right) return left;
  return repoRanks[left] >= repoRanks[right] ? left : right;
}

/** Whether `role` is at least `needed`. */
export function roleAtLeast(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && repoRanks[role] >= repoRanks[needed];
}

/** The role `username` holds on `repository`, scopes aside: direct, through a team, or as namespace admin. */
export function effectiveRole(
  context: RequestContext,
  repository: RepositoryRecord,
  username: string,
): Role | undefined {
  const organization = context.state.organizations.get(repository.namespace);
  if (username === repository.namespace) return "admin";
  if (organization && context.state.isAdmin(organization, username)) return "admin";
  let role = repository.userRoles.get(username);
  if (organization) {
    for (const team of context.state.teamsOf(organization, username)) {
      role = strongerRole(role, repository.teamRoles.get(team.name));
    }
  }
  return role;
}

/** The caller's role on `repository`, capped by its `repo:*` scopes; full-access superusers are admins. */
export function callerRepositoryRole(context: RequestContext, repository: RepositoryRecord): Role | undefined {
  const caller = context.caller;
  if (!caller) return repository.isPublic ? "read" : undefined;
  const cap = repoRoleCap(caller);
  const held = isFullAccessSuperuser(context) ? "admin" : effectiveRole(context, repository, caller.user.username);
  const rank = Math.min(held ? repoRanks[held] : 0, cap);
  const role = (Object.keys(repoRanks) as Role[]).find((name) => repoRanks[name] === rank);
  return repository.isPublic ? strongerRole(role, "read") : role;
}

/**
 * The repository at `context.params.repository` if the caller holds `needed` on it. A missing
 * repository is 404 for its namespace's admins and 403 for others (§4).
 */
export function requireRepository(context: RequestContext, needed: Role): RepositoryRecord {
  const repository = findRepository(context, needed);
  if (!repository) throw apiError(404, "Not Found", context.host);
  return repository;
}

/**
 * Like {@link requireRepository}, but a missing repository is `undefined` for its namespace's
 * admins (and full-access superusers), for the handlers that answer that case without an error.
 */
export function findRepository(context: RequestContext, needed: Role): RepositoryRecord | undefined {
  const path = context.params.repository;
  const namespace = path.slice(0, path.indexOf("/"));
  const repository = context.state.repositories.get(path);
  if (needed === "read" && repository?.isPublic) return repository;
  requireCaller(context);
  if (!repository) {
    const scoped = repoRoleCap(context.caller!) >= repoRanks[needed];
    if (scoped && (isNamespaceAdmin(context, namespace) || isFullAccessSuperuser(context))) return undefined;
    throw unauthorized(context);
  }
  if (!roleAtLeast(callerRepositoryRole(context, repository), needed)) throw unauthorized(context);
  return repository;
}
