/** Repositories: `endpoints/api/repository.py` as docs/quay-behavior.md §4 describes it. */

import type { HandlerFamily } from "../context";
import {
  effectiveRole,
  findRepository,
  type Handler,
  isNamespaceAdmin,
  objectBody,
  type RequestContext,
  requireCaller,
  requireRepository,
  unauthorized,
  validateFields,
} from "../context";
import { apiError, detailError, schemaError } from "../replies";
import { type RepositoryRecord, repositoryKey } from "../state";

const simpleName = /^[a-z0-9][.a-z0-9_-]{0,254}$/;
/** With `FEATURE_EXTENDED_REPOSITORY_NAMES` (default on), names may be nested: `team/app` (§1.8). */
const extendedName = /^(?=.{0,255}$)[a-z0-9][.a-z0-9_-]*(?:\/[a-z0-9][.a-z0-9_-]*)*$/;
const pageSize = 100;

/** Whether the caller may create repositories in `namespace` (`CreateRepositoryPermission`). */
function canCreateIn(context: RequestContext, namespace: string): boolean {
  const caller = context.caller!;
  const organization = context.state.organizations.get(namespace);
  if (!organization) return caller.user.username === namespace && caller.scopes.has("repo:create");
  if (!caller.scopes.has("repo:create") && !caller.scopes.has("org:admin")) return false;
  if (isNamespaceAdmin(context, namespace)) return true;
  return context.state
    .teamsOf(organization, caller.user.username)
    .some((team) => team.role === "creator" || team.role === "admin");
}

function repositoryView(context: RequestContext, repository: RepositoryRecord) {
  const username = context.caller?.user.username;
  const role = username ? effectiveRole(context, repository, username) : undefined;
  const organization = context.state.organizations.get(repository.namespace);
  return {
    namespace: repository.namespace,
    name: repository.name,
    kind: "image",
    description: repository.description,
    is_public: repository.isPublic,
    is_organization: organization !== undefined,
    is_starred: false,
    status_token: repository.isPublic ? "" : "0".repeat(40),
    trust_enabled: false,
    tag_expiration_s: organization?.tagExpirationSeconds ?? 1_209_600,
    is_free_account: true,
    state: repository.state,
    can_write: role === "write" || role === "admin",
    can_admin: role === "admin",
    tags: {},
  };
}

const createRepository: Handler = (context) => {
  const caller = requireCaller(context);
  const body = objectBody(context);
  validateFields(context, body, {
    repository: { type: "string", required: true },
    visibility: { type: "string", required: true },
    description: { type: "string", required: true },
    namespace: { type: "string" },
    repo_kind: { type: ["string", "null"] },
  });
  if (body.visibility !== "public" && body.visibility !== "private") {
    throw schemaError(context.host, `'${body.visibility}' is not one of ['public', 'private']`, "enum");
  }
  const namespace = (body.namespace as string | undefined) ?? caller.user.username;
  const name = body.repository as string;
  if (!canCreateIn(context, namespace)) throw unauthorized(context);
  if (context.state.repositories.has(repositoryKey(namespace, name))) {
    throw apiError(400, "Repository already exists", context.host);
  }
  const pattern = context.features.extendedRepositoryNames ? extendedName : simpleName;
  if (!pattern.test(name)) throw apiError(400, "Invalid repository name", context.host);
  context.state.createRepository(namespace, name, {
    description: body.description as string,
    isPublic: body.visibility === "public",
    creator: caller.user.username,
  });
  return { status: 201, body: { namespace, name, kind: "image" } };
};

const listRepositories: Handler = (context) => {
  const caller = requireCaller(context);
  const namespace = context.query.get("namespace");
  const publicOnly = context.query.get("public") === "true";
  if (!namespace && !publicOnly && context.query.get("starred") !== "true") {
    throw apiError(400, "namespace, starred or public are required for this API call", context.host);
  }
  const visible = [...context.state.repositories.values()].filter(
    (repository) =>
      (!namespace || repository.namespace === namespace) &&
      (repository.isPublic || (!publicOnly && effectiveRole(context, repository, caller.user.username))),
  );
  // The real token is a Fernet string; an unreadable one silently restarts at page 1 (§1.6).
  const start = decodePageToken(context.query.get("next_page"));
  const page = visible.slice(start, start + pageSize);
  const body: Record<string, unknown> = {
    repositories: page.map((repository) => ({
      namespace: repository.namespace,
      name: repository.name,
      description: repository.description,
      is_public: repository.isPublic,
      kind: "image",
      state: repository.state,
    })),
  };
  if (start + pageSize < visible.length) body.next_page = encodePageToken(start + pageSize);
  return { status: 200, body };
};

function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ start_index: offset, page_number: offset / pageSize + 1 })).toString("base64url");
}

function decodePageToken(token: string | null): number {
  if (!token) return 0;
  try {
    const offset = JSON.parse(Buffer.from(token, "base64url").toString("utf8")).start_index;
    return Number.isInteger(offset) && offset >= 0 ? offset : 0;
  } catch {
    return 0;
  }
}

const getRepository: Handler = (context) => ({
  status: 200,
  body: repositoryView(context, requireRepository(context, "read")),
});

const updateRepository: Handler = (context) => {
  const repository = requireRepository(context, "write");
  const body = objectBody(context);
  validateFields(context, body, { description: { type: "string", required: true } });
  repository.description = body.description as string;
  return { status: 200, body: { success: true } };
};

const deleteRepository: Handler = (context) => {
  // A namespace admin deleting a missing repository gets 204 (§4).
  const repository = findRepository(context, "admin");
  if (repository) context.state.repositories.delete(context.params.repository);
  return { status: 204 };
};

const changeRepositoryVisibility: Handler = (context) => {
  const body = objectBody(context);
  validateFields(context, body, { visibility: { type: "string", required: true } });
  if (body.visibility !== "public" && body.visibility !== "private") {
    throw schemaError(context.host, `'${body.visibility}' is not one of ['public', 'private']`, "enum");
  }
  const repository = findRepository(context, "admin");
  // The handler falls through for a missing repository: 200 null (§4).
  if (!repository) return { status: 200, body: null };
  repository.isPublic = body.visibility === "public";
  return { status: 200, body: { success: true } };
};

const changeRepositoryState: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  const body = objectBody(context);
  validateFields(context, body, { state: { type: "string", required: true } });
  const state = body.state as string;
  if (state === "ORG_MIRROR") throw detailError(400, "ORG_MIRROR state is managed by organization-level mirroring");
  if (state !== "NORMAL" && state !== "READ_ONLY" && state !== "MIRROR") {
    throw detailError(400, `${state} is not a valid Repository state.`);
  }
  repository.state = state;
  return { status: 200, body: { success: true } };
};

/** Repository routes. */
export const family: HandlerFamily = {
  handlers: {
    createRepository,
    listRepositories,
    getRepository,
    updateRepository,
    deleteRepository,
    changeRepositoryVisibility,
    changeRepositoryState,
  },
};
