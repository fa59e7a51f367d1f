/** What a route handler receives, and the permission checks handlers share (quay-behavior.md §1.1–1.2). */
import { apiError, schemaError } from "./replies";
import type { EmulatorState, OrganizationRecord, Scope, UserRecord } from "./state";

/** Quay feature flags the emulator honours (quay-behavior.md §18). */
export interface Features {
  /** `FEATURE_SUPERUSERS_FULL_ACCESS`: superusers pass every namespace permission check. */
  superusersFullAccess: boolean;
  /** `FEATURE_CHANGE_TAG_EXPIRATION`: organizations may change `tag_expiration_s`. */
  changeTagExpiration: boolean;
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
