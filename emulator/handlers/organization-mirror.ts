/**
 * Organization mirroring: `endpoints/api/org_mirror.py` as docs/quay-behavior.md §20 describes it. Quay
 * 3.17 and later, with FEATURE_ORG_MIRROR. The emulator keeps the configuration; it discovers and syncs
 * no repositories.
 */
import {
  gateAll,
  type Handler,
  type HandlerFamily,
  type RequestContext,
  sinceVersion,
  validatedBody,
} from "../context";
import {
  immutabilityPoliciesOf,
  type OrganizationMirrorRecord,
  organizationMirrorOf,
  proxyCacheOf,
} from "../organization-modes";
import { requireAdministeredOrganization } from "../permissions";
import { type OrganizationRecord, pythonIsoformat } from "../records";
import { apiError } from "../replies";
import type { BodySchema } from "../schema";
import { BlockedLocation, validateRegistryHost } from "../ssrf";

const properties: Record<string, BodySchema> = {
  external_registry_url: { type: "string" },
  external_namespace: { type: "string", maxLength: 255 },
  robot_username: { type: "string" },
  visibility: { type: "string", enum: ["public", "private"] },
  sync_interval: { type: "integer", minimum: 60 },
  sync_start_date: { type: "string" },
  is_enabled: { type: "boolean" },
  external_registry_username: { type: ["string", "null"] },
  external_registry_password: { type: ["string", "null"] },
  external_registry_config: { type: "object" },
  repository_filters: { type: "array", items: { type: "string" } },
  skopeo_timeout: { type: "integer", minimum: 30, maximum: 3600 },
};

const datePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function configuredOrganization(context: RequestContext): {
  organization: OrganizationRecord;
  mirror: OrganizationMirrorRecord;
} {
  const organization = requireAdministeredOrganization(context);
  const mirror = organizationMirrorOf(context.state, organization).current;
  if (!mirror) throw apiError(404, "Not Found", context.host);
  return { organization, mirror };
}

/** The checks a create and an update share, on the fields present (§20). */
function checkFields(context: RequestContext, organization: OrganizationRecord, body: Record<string, unknown>): void {
  const invalid = (message: string) => apiError(400, message, context.host);
  if (typeof body.robot_username === "string") {
    const robot = context.state.robots.get(body.robot_username);
    if (!robot) throw invalid(`Invalid robot account: ${body.robot_username}`);
    if (robot.namespace !== organization.name) throw invalid("Robot account must belong to the organization");
  }
  if (typeof body.sync_start_date === "string" && !datePattern.test(body.sync_start_date)) {
    throw invalid("Invalid sync_start_date format. Use ISO 8601: YYYY-MM-DDTHH:MM:SSZ");
  }
  if (typeof body.external_registry_url === "string") checkUrl(context, body.external_registry_url);
}

/**
 * A URL split as Python's `urlparse` splits it, which takes anything: `quay.io` is a URL with the scheme
 * `''` and no host (§V.18). Undefined when it fails, as for an unclosed IPv6 bracket.
 */
function pythonUrl(text: string): { scheme: string; credentials: boolean; hostname: string } | undefined {
  const schemed = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(text);
  const scheme = schemed ? schemed[1].toLowerCase() : "";
  const rest = schemed ? schemed[2] : text;
  const netloc = rest.startsWith("//") ? (/^\/\/([^/?#]*)/.exec(rest)?.[1] ?? "") : "";
  const credentials = netloc.includes("@");
  const hostPort = netloc.slice(netloc.lastIndexOf("@") + 1);
  if (hostPort.includes("[") !== hostPort.includes("]")) return undefined;
  const bracketed = /^\[([^\]]*)\]/.exec(hostPort);
  const hostname = (bracketed ? bracketed[1] : hostPort.split(":")[0]).toLowerCase();
  return { scheme, credentials, hostname };
}

/** The registry URL: http(s), a host, no credentials, and a public address (§20). */
function checkUrl(context: RequestContext, text: string): void {
  const invalid = (message: string) => apiError(400, message, context.host);
  if (text.trim() === "") throw invalid("External registry URL is required");
  const url = pythonUrl(text.trim());
  if (!url) throw invalid("Invalid URL format");
  if (url.scheme !== "http" && url.scheme !== "https") {
    throw invalid(`Invalid URL scheme '${url.scheme}': only HTTP and HTTPS are allowed`);
  }
  if (url.credentials) throw invalid("URLs with embedded credentials are not allowed");
  if (!url.hostname) throw invalid("URL must include a hostname");
  try {
    validateRegistryHost(url.hostname, context.resolveHost);
  } catch (error) {
    throw invalid(
      error instanceof BlockedLocation ? "The provided registry URL is not allowed" : (error as Error).message,
    );
  }
}

const getOrganizationMirror: Handler = (context) => {
  const { mirror } = configuredOrganization(context);
  const counts = Object.fromEntries(
    ["CANCEL", "FAIL", "NEVER_RUN", "SUCCESS", "SYNCING", "SYNC_NOW", "SKIP"].map((status) => [status, 0]),
  );
  return {
    status: 200,
    body: {
      is_enabled: mirror.isEnabled,
      external_registry_type: mirror.registryType,
      external_registry_url: mirror.registryUrl,
      external_namespace: mirror.namespace,
      external_registry_username: mirror.username,
      has_external_registry_password: mirror.password !== null,
      external_registry_config: mirror.config,
      repository_filters: mirror.repositoryFilters,
      robot_username: mirror.robot,
      visibility: mirror.visibility,
      sync_interval: mirror.syncInterval,
      sync_start_date: mirror.syncStartDate,
      sync_expiration_date: null,
      sync_status: mirror.syncStatus,
      sync_retries_remaining: mirror.syncRetriesRemaining,
      repo_sync_status_counts: counts,
      skopeo_timeout: mirror.skopeoTimeout,
      // Python's `isoformat()` with its microseconds (§V.18).
      creation_date: pythonIsoformat(mirror.created),
    },
  };
};

const createOrganizationMirror: Handler = (context) => {
  const body = validatedBody(context, {
    type: "object",
    required: [
      "external_registry_type",
      "external_registry_url",
      "external_namespace",
      "robot_username",
      "visibility",
      "sync_interval",
      "sync_start_date",
    ],
    properties: { ...properties, external_registry_type: { type: "string", enum: ["harbor", "quay"] } },
  });
  const organization = requireAdministeredOrganization(context);
  checkFields(context, organization, body);
  const invalid = (message: string) => apiError(400, message, context.host);
  if (context.state.repositoriesOf(organization.name).length > 0) {
    throw invalid(
      "Cannot create organization mirror: the organization already contains repositories. Organization mirroring " +
        "requires an empty organization.",
    );
  }
  if (context.features.immutableTags && immutabilityPoliciesOf(context.state, organization).length > 0) {
    throw invalid(
      "Cannot create organization mirror: the organization has immutability policies configured. Remove all " +
        "namespace immutability policies first.",
    );
  }
  if (context.features.proxyCache && proxyCacheOf(context.state, organization).current) {
    throw invalid(
      "Cannot create organization mirror: the organization has a proxy cache configuration. Remove the proxy " +
        "cache configuration first.",
    );
  }
  const holder = organizationMirrorOf(context.state, organization);
  if (holder.current) throw invalid("Mirror configuration already exists for this organization");
  holder.current = {
    isEnabled: (body.is_enabled as boolean | undefined) ?? true,
    registryType: body.external_registry_type as "harbor" | "quay",
    registryUrl: body.external_registry_url as string,
    namespace: body.external_namespace as string,
    username: (body.external_registry_username as string | null | undefined) || null,
    password: (body.external_registry_password as string | null | undefined) || null,
    config: (body.external_registry_config as Record<string, unknown> | undefined) ?? {},
    repositoryFilters: (body.repository_filters as string[] | undefined) ?? [],
    robot: body.robot_username as string,
    visibility: body.visibility as "public" | "private",
    syncInterval: body.sync_interval as number,
    syncStartDate: body.sync_start_date as string,
    syncStatus: "NEVER_RUN",
    syncRetriesRemaining: 3,
    skopeoTimeout: (body.skopeo_timeout as number | undefined) ?? 300,
    created: new Date(),
  };
  return { status: 201, body: "" };
};

/** Applies the keys sent; `""` or null clears a credential (§20). */
const updateOrganizationMirror: Handler = (context) => {
  const body = validatedBody(context, { type: "object", properties });
  const { organization, mirror } = configuredOrganization(context);
  checkFields(context, organization, body);
  const fields: [string, keyof OrganizationMirrorRecord][] = [
    ["is_enabled", "isEnabled"],
    ["external_registry_url", "registryUrl"],
    ["external_namespace", "namespace"],
    ["external_registry_config", "config"],
    ["repository_filters", "repositoryFilters"],
    ["robot_username", "robot"],
    ["visibility", "visibility"],
    ["sync_interval", "syncInterval"],
    ["sync_start_date", "syncStartDate"],
    ["skopeo_timeout", "skopeoTimeout"],
  ];
  for (const [wire, field] of fields) if (wire in body) Object.assign(mirror, { [field]: body[wire] });
  if ("external_registry_username" in body)
    mirror.username = (body.external_registry_username as string | null) || null;
  if ("external_registry_password" in body)
    mirror.password = (body.external_registry_password as string | null) || null;
  return { status: 200, body: "" };
};

const deleteOrganizationMirror: Handler = (context) => {
  const { organization } = configuredOrganization(context);
  organizationMirrorOf(context.state, organization).current = undefined;
  return { status: 204 };
};

const syncOrganizationMirrorNow: Handler = (context) => {
  const { mirror } = configuredOrganization(context);
  if (mirror.syncStatus === "SYNCING")
    throw apiError(400, "Cannot trigger sync: discovery is currently in progress.", context.host);
  mirror.syncStatus = "SYNC_NOW";
  mirror.syncRetriesRemaining = Math.max(mirror.syncRetriesRemaining, 1);
  return { status: 204 };
};

const cancelOrganizationMirrorSync: Handler = (context) => {
  const { mirror } = configuredOrganization(context);
  if (mirror.syncStatus === "CANCEL") throw apiError(400, "Cannot cancel: mirror is already cancelled", context.host);
  mirror.syncStatus = "CANCEL";
  mirror.syncRetriesRemaining = 0;
  return { status: 204 };
};

/** 200 always; the emulator cannot reach the registry, so the connection counts as good. */
const verifyOrganizationMirror: Handler = (context) => {
  configuredOrganization(context);
  return { status: 200, body: { success: true, message: "Connection successful" } };
};

/** The discovered repositories: none, since the emulator runs no discovery. */
const listOrganizationMirrorRepositories: Handler = (context) => {
  configuredOrganization(context);
  const limit = Math.min(Number(context.query.get("limit") ?? 100) || 100, 500);
  const page = Math.max(Number(context.query.get("page") ?? 1) || 1, 1);
  return { status: 200, body: { repositories: [], page, limit, total: 0, has_next: false } };
};

const handlers = {
  getOrganizationMirror,
  createOrganizationMirror,
  updateOrganizationMirror,
  deleteOrganizationMirror,
  syncOrganizationMirrorNow,
  cancelOrganizationMirrorSync,
  verifyOrganizationMirror,
  listOrganizationMirrorRepositories,
};

/** The kind's routes, and those served for other clients. */
export const family: HandlerFamily = {
  routes: {
    getOrganizationMirror: "GET /organization/{orgname}/mirror",
    createOrganizationMirror: "POST /organization/{orgname}/mirror",
    updateOrganizationMirror: "PUT /organization/{orgname}/mirror",
    deleteOrganizationMirror: "DELETE /organization/{orgname}/mirror",
    syncOrganizationMirrorNow: "POST /organization/{orgname}/mirror/sync-now",
    /** 204; 400 when already cancelled. */
    cancelOrganizationMirrorSync: "POST /organization/{orgname}/mirror/sync-cancel",
    /** 200 `{success, message}` always. */
    verifyOrganizationMirror: "POST /organization/{orgname}/mirror/verify",
    /** The discovered repositories, paged. */
    listOrganizationMirrorRepositories: "GET /organization/{orgname}/mirror/repositories",
  },
  handlers,
  gates: gateAll(handlers, (features) => features.orgMirror),
  versionGates: sinceVersion(handlers, "3.17"),
};
