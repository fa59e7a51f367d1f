/** What a route handler receives: the request, the caller, the state, the version and the feature flags. */
import type { Scope, UserRecord } from "./records";
import { messageError } from "./replies";
import { type BodySchema, validateBody } from "./schema";
import type { BrowserSession } from "./sessions";
import type { EmulatorState } from "./state";

/** Quay's authentication backends (`AUTHENTICATION_TYPE`). */
export type Authentication = "Database" | "LDAP" | "OIDC" | "Keystone";

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
  /** `FEATURE_TEAM_SYNCING`: the team syncing routes exist. */
  teamSyncing: boolean;
  /** `FEATURE_SPARSE_INDEX`: mirrors may filter architectures. */
  sparseIndex: boolean;
  /** `FEATURE_NONSUPERUSER_TEAM_SYNCING_SETUP`: organization admins may set team syncing up. */
  nonSuperuserTeamSyncingSetup: boolean;
  /** `FEATURE_QUOTA_MANAGEMENT` (with `FEATURE_EDIT_QUOTA`): the quota routes exist. */
  quotaManagement: boolean;
  /** `FEATURE_AUTO_PRUNE`: the auto-prune policy routes exist. */
  autoPrune: boolean;
  /** `FEATURE_PROXY_CACHE`: the proxy cache routes exist. */
  proxyCache: boolean;
  /** `FEATURE_IMMUTABLE_TAGS`: the tag immutability policy routes exist (3.17 and later). */
  immutableTags: boolean;
  /** `FEATURE_ORG_MIRROR`: the organization mirror routes exist (3.17 and later). */
  orgMirror: boolean;
  /** `FEATURE_USER_INITIALIZE`: `POST /api/v1/user/initialize` creates the first user of an empty database. */
  userInitialize: boolean;
  /** `FEATURE_USER_METADATA`: new users are prompted for their name and company (`prompts` in `GET /user/`). */
  userMetadata: boolean;
  /** `FEATURE_PARTIAL_USER_AUTOCOMPLETE` (on by default): entity search matches users by a prefix of their name. */
  partialUserAutocomplete: boolean;
  /** `FEATURE_APP_SPECIFIC_TOKENS` (on by default): the `/user/apptoken` routes exist. */
  appSpecificTokens: boolean;
  /** `FEATURE_SUPERUSER_CONFIGDUMP`: `GET /superuser/config` answers with the configuration. */
  superuserConfigDump: boolean;
}

/**
 * The Quay release the emulator imitates where releases differ; `master` is the development tree after
 * 3.18 that docs/quay-behavior.md was read from and the recorded exchanges came from.
 */
export type QuayVersion =
  | "3.9"
  | "3.10"
  | "3.11"
  | "3.12"
  | "3.13"
  | "3.14"
  | "3.15"
  | "3.16"
  | "3.17"
  | "3.18"
  | "master";

/** The Quay versions the emulator can imitate, oldest first. */
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
  "master",
];

/** Whether `version` is `minimum` or newer. */
export function atLeast(version: QuayVersion, minimum: QuayVersion): boolean {
  return quayVersions.indexOf(version) >= quayVersions.indexOf(minimum);
}

/** The authenticated caller. */
export interface Caller {
  user: UserRecord;
  scopes: ReadonlySet<Scope>;
  /** Signed in through a browser session, not an OAuth token: some routes then need a fresh sign-in. */
  viaSession?: boolean;
}

/** One API request, parsed. */
export interface RequestContext {
  method: string;
  /** Values of the route's `{placeholders}`, decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The request body as sent; read it with {@link validatedBody} or {@link optionalBody}, as Quay parses it. */
  rawBody: string;
  /** The request's Content-Type, or "" when it sent none. */
  contentType: string;
  /** Undefined for anonymous requests and for requests with an invalid token. */
  caller: Caller | undefined;
  /** The browser session the request's cookie carries (an empty one without a cookie); handlers may change it. */
  session: BrowserSession;
  /** The `X-CSRF-Token` header the request sent, if any. */
  csrfTokenSent: string | undefined;
  /** The Host header, for the `type` URL of ApiError bodies. */
  host: string;
  /** Quay's `AUTHENTICATION_TYPE`: what team syncing and user creation can do. */
  authentication: Authentication;
  /** Looks a registry host name up, as Quay's SSRF checks do; undefined when it does not resolve. */
  resolveHost(host: string): string | undefined;
  state: EmulatorState;
  version: QuayVersion;
  features: Features;
}

/** A handler's answer: status and JSON body (undefined for none), and what Quay adds to some answers. */
export interface HandlerResult {
  status: number;
  body?: unknown;
  /** Quay's content type when it is not JSON's (a 204 Flask labels `text/html`). */
  contentType?: string;
  /** Headers Quay sends with this answer (`X-Next-CSRF-Token`). */
  headers?: Record<string, string>;
}

/** Handles one route. Throws a `Reply` to answer with an error. */
export type Handler = (context: RequestContext) => HandlerResult | Promise<HandlerResult>;

/** An HTTP method Quay's API uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/**
 * A route as a handler family declares it, in Quay's terms: `METHOD /path`, the path as Quay's rule
 * writes it, with its `{placeholders}` and its trailing slash or not (docs/quay-behavior.md §1.9).
 */
export type RouteRule = `${HttpMethod} /${string}`;

/** A route the emulator serves: its key and its rule, split. */
export interface ServedRoute {
  /** The family's name for the route, e.g. `getOrganization`; fault rules and handlers use it. */
  key: string;
  method: HttpMethod;
  /** The path template: below `/api/v1` for an API route, from the server's root for a web route. */
  path: string;
  /** A route of Quay's web blueprint, outside `/api/v1` (`GET /csrf_token`). */
  web: boolean;
}

/**
 * One family of Quay endpoints as a handler module declares it (`emulator/handlers/<family>.ts`): the
 * routes it serves, in its own terms, a handler for each, and the feature flags and releases its routes
 * need. `emulator/handlers/index.ts` (generated) lists every family.
 */
export interface HandlerFamily {
  /** Every API route the family serves, by key: `METHOD /path` below `/api/v1`. */
  routes: Readonly<Record<string, RouteRule>>;
  /** Routes of Quay's web blueprint the family serves, by key: `METHOD /path` from the server's root. */
  webRoutes?: Readonly<Record<string, RouteRule>>;
  /** A handler for each route, by route key. */
  handlers: Readonly<Record<string, Handler>>;
  /** Routes that exist only when a feature flag is on, by route key (docs/quay-behavior.md §18). */
  gates?: Readonly<Record<string, (features: Features) => boolean>>;
  /** Routes that exist only from a Quay version on, by route key. */
  versionGates?: Readonly<Record<string, QuayVersion>>;
  /**
   * Routes that take a write without a token, by route key: Quay's web routes outside the API's CSRF check
   * (`POST /api/v1/user/initialize`, the session login).
   */
  anonymousWrites?: readonly string[];
}

/** A boolean query parameter as Quay's `truthy_bool` reads it: present and not one of its false spellings. */
export function queryFlag(context: RequestContext, name: string): boolean {
  const value = context.query.get(name);
  return value !== null && !["false", "False", "FALSE", "0", "", "null"].includes(value);
}

/** Every handler of a family behind one gate: the routes of a feature that is off do not exist. */
export function gateAll(
  handlers: Readonly<Record<string, Handler>>,
  gate: (features: Features) => boolean,
): Record<string, (features: Features) => boolean> {
  return Object.fromEntries(Object.keys(handlers).map((key) => [key, gate]));
}

/** Every handler of a family from one Quay version on. */
export function sinceVersion(
  handlers: Readonly<Record<string, Handler>>,
  version: QuayVersion,
): Record<string, QuayVersion> {
  return Object.fromEntries(Object.keys(handlers).map((key) => [key, version]));
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

/** The body of a route with a required JSON schema, validated against it as Quay does (§1.5). */
export function validatedBody(context: RequestContext, schema: BodySchema): Record<string, unknown> {
  const body = parsedBody(context);
  validateBody(context.host, body, schema);
  return body as Record<string, unknown>;
}

/** The body of a route whose schema is optional (robot create): nothing sent is an empty object. */
export function optionalBody(context: RequestContext, schema: BodySchema): Record<string, unknown> {
  return context.rawBody === "" ? {} : validatedBody(context, schema);
}
