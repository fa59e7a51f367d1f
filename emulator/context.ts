/** What a route handler receives, and the permission checks handlers share (quay-behavior.md §1.1–1.2). */
import { apiError, schemaError } from "./replies";
import type { EmulatorState, OrganizationRecord, RepositoryRecord, Role, Scope, UserRecord } from "./state";

/** Quay feature flags the emulator honours (quay-behavior.md §18). */
export interface Features {
  /** `FEATURE_SUPERUSERS_FULL_ACCESS`: superusers pass every namespace permission check. */
  superusersFullAccess: boolean;
  /** `FEATURE_CHANGE_TAG_EXPIRATION`: organizations may change `tag_expiration_s`. */
  changeTagExpiration: boolean;
  /** `FEATURE_EXTENDED_REPOSITORY_NAMES`: nested repository names such as `team/app`. */
  extendedRepositoryNames: boolean;
  /** `FEATURE_REPO_MIRROR`: the mirror and changestate routes exist. */
  repoMirror: boolean;
  /** `FEATURE_MAILING` with `FEATURE_REQUIRE_TEAM_INVITE`: users outside the org are invited, not added. */
  teamInvites: boolean;
}

/** The Quay release the emulator imitates where releases differ. */
export type QuayVersion = "3.9" | "3.10" | "3.11" | "3.12" | "3.13" | "3.14" | "3.15" | "3.16" | "3.17" | "3.18";

/** The Quay releases the emulator can imitate, oldest first. */
export const quayVersions: readonly QuayVersion[] = [
  "3.9",
  "3.10",
  "3.11",
  "3.12",
  "3.13",
  "3.14",
  "3.15",
  "3.16",
  "3.17",
  "3.18",
];

/** Whether `version` is `minimum` or newer. */
export function atLeast(version: QuayVersion, minimum: QuayVersion): boolean {
  return quayVersions.indexOf(version) >= quayVersions.indexOf(minimum);
}

/** The authenticated caller. */
export interface Caller {
  user: UserRecord;
  scopes: ReadonlySet<Scope>;
}

/** One API request, parsed. */
export interface RequestContext {
  method: string;
  /** Values of the route's `{placeholders}`, decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
  /** Undefined for anonymous requests and for requests with an invalid token. */
  caller: Caller | undefined;
  /** The Host header, for the `type` URL of ApiError bodies. */
  host: string;
  state: EmulatorState;
  version: QuayVersion;
  features: Features;
}

/** A handler's answer: status and JSON body (undefined for none). */
export interface HandlerResult {
  status: number;
  body?: unknown;
}

/** Handles one route. Throws a `Reply` to answer with an error. */
export type Handler = (context: RequestContext) => HandlerResult | Promise<HandlerResult>;

/** The caller, or 401 `invalid_token` "Requires authentication". */
export function requireCaller(context: RequestContext): Caller {
  if (!context.caller) throw apiError(401, "Requires authentication", context.host);
  return context.caller;
}

/** 403 `insufficient_scope` "Unauthorized": authenticated but not allowed. */
export function unauthorized(context: RequestContext) {
  return context.caller
    ? apiError(403, "Unauthorized", context.host)
    : apiError(401, "Requires authentication", context.host);
}

/** A superuser whose token has `super:user` and who passes namespace checks under full access. */
export function isFullAccessSuperuser(context: RequestContext): boolean {
  const caller = context.caller;
  return !!caller && caller.user.superuser && caller.scopes.has("super:user") && context.features.superusersFullAccess;
}

/** `AdministerOrganizationPermission` capped by the `org:admin` scope; else 403 (or 401 when anonymous). */
export function requireOrganizationAdmin(context: RequestContext, organization: OrganizationRecord | undefined): void {
  const caller = requireCaller(context);
  if (isFullAccessSuperuser(context)) return;
  if (organization && caller.scopes.has("org:admin") && context.state.isAdmin(organization, caller.user.username)) {
    return;
  }
  throw unauthorized(context);
}

/** The organization at `context.params.orgname`, which the caller must administer; 403 before 404 (§0.3). */
export function requireAdministeredOrganization(context: RequestContext): OrganizationRecord {
  const organization = context.state.organizations.get(context.params.orgname);
  requireOrganizationAdmin(context, organization);
  if (!organization) throw apiError(404, "Not Found", context.host);
  return organization;
}

/** The body as an object, or the jsonschema 400 Quay gives for a missing or non-object body. */
export function objectBody(context: RequestContext): Record<string, unknown> {
  if (context.body === undefined) throw apiError(400, "Missing JSON body", context.host);
  if (typeof context.body !== "object" || context.body === null || Array.isArray(context.body)) {
    throw schemaError(context.host, `${JSON.stringify(context.body)} is not of type 'object'`, "type");
  }
  return context.body as Record<string, unknown>;
}

/** A JSON Schema type name. */
export type JsonType = "string" | "integer" | "number" | "boolean" | "object" | "array" | "null";

/** Checks required keys and JSON types the way Quay's jsonschema validation reports them. */
export function validateFields(
  context: RequestContext,
  body: Record<string, unknown>,
  spec: Record<string, { type: JsonType | JsonType[]; required?: boolean }>,
): void {
  for (const [key, rule] of Object.entries(spec)) {
    if (rule.required && !(key in body)) throw schemaError(context.host, `'${key}' is a required property`, "required");
  }
  for (const [key, rule] of Object.entries(spec)) {
    if (!(key in body)) continue;
    const value = body[key];
    const types = Array.isArray(rule.type) ? rule.type : [rule.type];
    const actual = jsonType(value);
    const ok = types.some((type) => actual === type || (type === "number" && actual === "integer"));
    if (!ok) throw schemaError(context.host, `${JSON.stringify(value)} is not of type '${types.join("', '")}'`, "type");
  }
}

function jsonType(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as JsonType;
}

const roleRank = { read: 1, write: 2, admin: 3 } as const;

/** The stronger of two roles. */
export function strongerRole(left: Role | undefined, right: Role | undefined): Role | undefined {
  if (!left) return right;
  if (!right) return left;
  return roleRank[left] >= roleRank[right] ? left : right;
}

/** Whether `role` is at least `needed`. */
export function roleAtLeast(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && roleRank[role] >= roleRank[needed];
}

/** Whether the caller administers `namespace`: its organization's admin, or the user of that name. */
export function isNamespaceAdmin(context: RequestContext, namespace: string): boolean {
  const caller = context.caller;
  if (!caller) return false;
  if (isFullAccessSuperuser(context)) return true;
  const organization = context.state.organizations.get(namespace);
  if (organization) return context.state.isAdmin(organization, caller.user.username);
  return caller.user.username === namespace;
}

/** The role `username` holds on `repository`: direct, through a team, or as namespace admin. */
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

const scopeForRole: Record<Role, Scope> = { read: "repo:read", write: "repo:write", admin: "repo:admin" };

/**
 * The repository at `context.params.repository` if the caller holds `needed` on it (capped by the
 * token's `repo:*` scope). A missing repository is 404 for its namespace's admins and 403 for others (§4).
 */
export function requireRepository(context: RequestContext, needed: Role): RepositoryRecord {
  const repository = findRepository(context, needed);
  if (!repository) throw apiError(404, "Not Found", context.host);
  return repository;
}

/**
 * Like {@link requireRepository}, but a missing repository is `undefined` for its namespace's
 * admins, for the handlers that answer that case without an error (deletes, lists, §4 and §6).
 */
export function findRepository(context: RequestContext, needed: Role): RepositoryRecord | undefined {
  const path = context.params.repository;
  const namespace = path.slice(0, path.indexOf("/"));
  const repository = context.state.repositories.get(path);
  if (needed === "read" && repository?.isPublic) return repository;
  const caller = requireCaller(context);
  const scoped = caller.scopes.has(scopeForRole[needed]) || (needed === "read" && caller.scopes.has("repo:write"));
  if (!repository) {
    if (scoped && isNamespaceAdmin(context, namespace)) return undefined;
    throw unauthorized(context);
  }
  if (!scoped) throw unauthorized(context);
  if (isFullAccessSuperuser(context)) return repository;
  if (!roleAtLeast(effectiveRole(context, repository, caller.user.username), needed)) throw unauthorized(context);
  return repository;
}

/** The avatar object Quay attaches to users, teams and organizations. */
export function avatar(name: string, kind: string) {
  return { name, hash: "0".repeat(32), color: "#969696", kind };
}
