/**
 * An organization's proxy cache configuration: `endpoints/api/organization.py` as docs/quay-behavior.md
 * §13 describes it. Needs FEATURE_PROXY_CACHE. There is no update: delete and create again.
 */
import { atLeast, gateAll, type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { hasImmutableTags, organizationMirrorOf, proxyCacheOf } from "../organization-modes";
import {
  isFullAccessSuperuser,
  organizationRole,
  requireAdministeredOrganization,
  requireCaller,
  requireOrganizationAdmin,
  unauthorized,
} from "../permissions";
import type { OrganizationRecord } from "../records";
import { apiError, messageError } from "../replies";
import { BlockedLocation, validateRegistryHost } from "../ssrf";

/** Reads need membership (a full-access superuser has it even in an organization that does not exist). */
function memberOrganization(context: RequestContext): OrganizationRecord | undefined {
  requireCaller(context);
  const organization = context.state.organizations.get(context.params.orgname);
  if (organization ? !organizationRole(context, organization) : !isFullAccessSuperuser(context)) {
    throw unauthorized(context);
  }
  return organization;
}

/** 200 always: an organization without a configuration, or that does not exist, shows empty strings (§13, §V.18). */
const getProxyCache: Handler = (context) => {
  const organization = memberOrganization(context);
  const config = organization && proxyCacheOf(context.state, organization).current;
  return {
    status: 200,
    body: config
      ? {
          upstream_registry: config.upstreamRegistry,
          expiration_s: config.expirationSeconds,
          insecure: config.insecure,
        }
      : { upstream_registry: "", expiration_s: "", insecure: "" },
  };
};

/**
 * The registry host is checked for SSRF in 3.18 and later (§13); other releases take any host. Quay takes
 * what comes before the first `/` for the host, so a URL's scheme is taken for one: `https://docker.io`
 * is the host `https` (§V.18).
 */
function checkUpstream(context: RequestContext, upstream: string): void {
  if (!atLeast(context.version, "3.18")) return;
  const host = upstream.split("/")[0].split(":")[0];
  try {
    validateRegistryHost(host, context.resolveHost);
  } catch (error) {
    const message =
      error instanceof BlockedLocation ? "The provided registry URL is not allowed" : (error as Error).message;
    throw apiError(400, message, context.host);
  }
}

/**
 * The checks run in Quay's order. An organization that does not exist fails where Quay first looks it up:
 * the immutable-tag check, or with that feature off the model's create (§V.18).
 */
const createProxyCache: Handler = (context) => {
  const body = validatedBody(context, {
    type: "object",
    description: "Proxy cache configuration for an organization",
    required: ["upstream_registry"],
    properties: {
      upstream_registry: { type: "string", description: "Name of the upstream registry that is to be cached" },
    },
  });
  const organization = context.state.organizations.get(context.params.orgname);
  requireOrganizationAdmin(context, organization);
  if (!organization) {
    if (context.features.immutableTags) {
      throw messageError(400, `Organization does not exist: ${context.params.orgname}`);
    }
    checkUpstream(context, body.upstream_registry as string);
    throw apiError(400, "Error while creating Proxy cache configuration", context.host);
  }
  const holder = proxyCacheOf(context.state, organization);
  if (holder.current) throw apiError(400, "Proxy Cache Configuration already exists", context.host);
  if (context.features.orgMirror && organizationMirrorOf(context.state, organization).current) {
    throw apiError(
      400,
      "Cannot create proxy cache: organization is managed by organization-level mirroring",
      context.host,
    );
  }
  if (context.features.immutableTags && hasImmutableTags(context.state, organization)) {
    throw apiError(400, "Cannot convert organization to proxy cache: immutable tags exist", context.host);
  }
  const upstream = body.upstream_registry as string;
  checkUpstream(context, upstream);
  // Read without type checks (§13).
  holder.current = {
    upstreamRegistry: upstream,
    username: (body.upstream_registry_username as string | undefined) ?? null,
    password: (body.upstream_registry_password as string | undefined) ?? null,
    expirationSeconds: (body.expiration_s as number | undefined) ?? 86_400,
    insecure: (body.insecure as boolean | undefined) ?? false,
  };
  return { status: 201, body: "Created" };
};

/** 201 "Deleted" (sic), 404 when there is none (§13). */
const deleteProxyCache: Handler = (context) => {
  const holder = proxyCacheOf(context.state, requireAdministeredOrganization(context));
  if (!holder.current) throw apiError(404, "Not Found", context.host);
  holder.current = undefined;
  return { status: 201, body: "Deleted" };
};

/** Quay logs in to the upstream here; the emulator cannot, so credentials count as valid. */
const validateProxyCache: Handler = (context) => {
  requireAdministeredOrganization(context);
  const body = validatedBody(context, {
    type: "object",
    required: ["upstream_registry"],
    properties: { upstream_registry: { type: "string" } },
  });
  if (!body.upstream_registry) throw messageError(400, "Missing upstream registry");
  return { status: 202, body: body.upstream_registry_username ? "Valid" : "Anonymous" };
};

const handlers = { getProxyCache, createProxyCache, deleteProxyCache, validateProxyCache };

/** The proxy cache routes; validation is served for other clients. */
export const family: HandlerFamily = {
  routes: {
    getProxyCache: "GET /organization/{orgname}/proxycache",
    createProxyCache: "POST /organization/{orgname}/proxycache",
    deleteProxyCache: "DELETE /organization/{orgname}/proxycache",
    /** 202 "Valid" or "Anonymous". */
    validateProxyCache: "POST /organization/{orgname}/validateproxycache",
  },
  handlers,
  gates: gateAll(handlers, (features) => features.proxyCache),
};
