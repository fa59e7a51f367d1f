/** What a route handler receives, and the permission checks handlers share (docs/quay-behavior.md §1.1–1.2). */
import type { Route } from "../provider/quay/routes";
import { apiError, messageError, schemaError } from "./replies";
import type { EmulatorState, OrganizationRecord, RepositoryRecord, Role, Scope, UserRecord } from "./state";

/** Quay feature flags the emulator honours (docs/quay-behavior.md §18). */
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
  /** The request body as sent; read it with {@link objectBody} or {@link optionalBody}, as Quay parses it. */
  rawBody: string;
  /** The request's Content-Type, or "" when it sent none. */
  contentType: string;
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

/**
 * One family of Quay endpoints as a handler module declares it (`emulator/handlers/<family>.ts`):
 * handlers by route key, the routes it serves that no resource kind declares, and the feature flags
 * its routes need. `emulator/handlers/index.ts` (generated) lists every family.
 */
export interface HandlerFamily {
  /** Routes only this family serves (the kinds' routes come from the provider's catalog). */
  routes?: Readonly<Record<string, Route>>;
  /** Handlers by route key. */
  handlers: Readonly<Record<string, Handler>>;
  /** Routes that exist only when a feature flag is on, by route key (docs/quay-behavior.md §18). */
  gates?: Readonly<Record<string, (features: Features) => boolean>>;
}

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

/**
 * The JSON body as Flask parses it: 415 when the request does not say `application/json` (a missing
 * body included), 400 when the JSON is empty or malformed (docs/quay-behavior.md §V.2).
 */
function parsedBody(context: RequestContext): unknown {
  if (!context.contentType.includes("application/json")) {
    throw messageError(
      415,
      "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.",
    );
  }
  try {
    return JSON.parse(context.rawBody);
  } catch {
    throw messageError(400, "The browser (or proxy) sent a request that this server could not understand.");
  }
}

/** The body as an object, as a route with a required JSON schema reads it; a non-object is a schema 400. */
export function objectBody(context: RequestContext): Record<string, unknown> {
  const body = parsedBody(context);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw schemaError(context.host, `${JSON.stringify(body)} is not of type 'object'`, "type");
  }
  return body as Record<string, unknown>;
}

/** The body of a route whose schema is optional (robot create): nothing sent is an empty object. */
export function optionalBody(context: RequestContext): Record<string, unknown> {
  return context.rawBody === "" ? {} : objectBody(context);
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
