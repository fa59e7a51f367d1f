/** Repositories: `endpoints/api/repository.py` as docs/quay-behavior.md §4 describes it; stars (§V.17). */
import { type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { organizationMirrorOf } from "../organization-modes";
import {
  callerRepositoryRole,
  findRepository,
  hasScope,
  isFullAccessSuperuser,
  organizationRole,
  requireCaller,
  requireRepository,
  unauthorized,
} from "../permissions";
import { type RepositoryRecord, repositoryKey, type UserRecord } from "../records";
import { apiError, quayInternalError } from "../replies";

const simpleName = /^[a-z0-9][.a-z0-9_-]{0,254}$/;
/** With `FEATURE_EXTENDED_REPOSITORY_NAMES` (default on), names may be nested: `team/app` (§1.8). */
const extendedName = /^(?=.{0,255}$)[a-z0-9][.a-z0-9_-]*(?:\/[a-z0-9][.a-z0-9_-]*)*$/;
const pageSize = 100;

/** The repositories a user starred. */
function starsOf(context: RequestContext, user: UserRecord): Set<RepositoryRecord> {
  return context.state.attached(user, "stars", () => new Set<RepositoryRecord>());
}

/** Whether the caller may create repositories in `namespace` (`CreateRepositoryPermission`). */
function canCreateIn(context: RequestContext, namespace: string): boolean {
  const caller = context.caller!;
  const organization = context.state.organizations.get(namespace);
  if (!organization) {
    return (caller.user.username === namespace && hasScope(context, "repo:create")) || isFullAccessSuperuser(context);
  }
  const role = organizationRole(context, organization);
  return role === "creator" || role === "admin";
}

function repositoryView(context: RequestContext, repository: RepositoryRecord) {
  const role = callerRepositoryRole(context, repository);
  const organization = context.state.organizations.get(repository.namespace);
  const writable = repository.state !== "READ_ONLY" && repository.state !== "MIRROR";
  const starred = context.caller ? starsOf(context, context.caller.user).has(repository) : false;
  return {
    namespace: repository.namespace,
    name: repository.name,
    kind: "image",
    description: repository.description,
    is_public: repository.isPublic,
    is_organization: organization !== undefined,
    is_starred: starred,
    status_token: repository.isPublic ? "" : repository.statusToken,
    trust_enabled: false,
    tag_expiration_s: organization?.tagExpirationSeconds ?? 1_209_600,
    is_free_account: true,
    state: repository.state,
    tags: Object.fromEntries(
      [...repository.tags].map(([name, tag]) => [
        name,
        {
          name,
          size: tag.size,
          last_modified: tag.pushed.toUTCString().replace("GMT", "-0000"),
          manifest_digest: tag.manifestDigest,
        },
      ]),
    ),
    // READ_ONLY and MIRROR repositories take no pushes, whatever the role (§V.12).
    can_write: writable && (role === "write" || role === "admin"),
    can_admin: role === "admin",
  };
}

const createRepository: Handler = (context) => {
  const caller = requireCaller(context);
  const body = validatedBody(context, {
    type: "object",
    required: ["repository", "visibility", "description"],
    properties: {
      repository: { type: "string" },
      visibility: { type: "string", enum: ["public", "private"] },
      namespace: { type: "string" },
      description: { type: "string" },
      repo_kind: { type: ["string", "null"], enum: ["image", null] },
    },
  });
  const namespace = (body.namespace as string | undefined) ?? caller.user.username;
  const name = body.repository as string;
  if (!canCreateIn(context, namespace)) throw unauthorized(context);
  if (context.state.repositories.has(repositoryKey(namespace, name))) {
    throw apiError(400, "Repository already exists", context.host);
  }
  const pattern = context.features.extendedRepositoryNames ? extendedName : simpleName;
  if (!pattern.test(name)) throw apiError(400, "Invalid repository name", context.host);
  const organization = context.state.organizations.get(namespace);
  if (context.features.orgMirror && organization && organizationMirrorOf(context.state, organization).current) {
    throw apiError(
      400,
      "Cannot create repository: organization is managed by organization-level mirroring",
      context.host,
    );
  }
  // A superuser passes the permission check for a namespace that does not exist; the model then fails (§V.7).
  if (!context.state.organizations.has(namespace) && !context.state.users.has(namespace)) {
    throw quayInternalError(`namespace ${namespace} does not exist`);
  }
  context.state.createRepository(namespace, name, {
    description: body.description as string,
    isPublic: body.visibility === "public",
    creator: caller.user.username,
  });
  return { status: 201, body: { namespace, name, kind: "image" } };
};

/**
 * `public=true` adds public repositories to what the namespace filter shows the caller; the list is
 * paginated by an opaque `next_page` token (§1.6).
 */
const listRepositories: Handler = (context) => {
  const caller = requireCaller(context);
  const namespace = context.query.get("namespace");
  const publicToo = context.query.get("public") === "true";
  const starred = context.query.get("starred") === "true";
  if (!namespace && !publicToo && !starred) {
    throw apiError(400, "namespace, starred or public are required for this API call", context.host);
  }
  const stars = starsOf(context, caller.user);
  const visible = [...context.state.repositories.values()].filter(
    (repository) =>
      (!namespace || repository.namespace === namespace) &&
      (!starred || stars.has(repository)) &&
      (repository.isPublic || callerRepositoryRole(context, repository) !== undefined),
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
      is_starred: stars.has(repository),
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
  const body = validatedBody(context, {
    type: "object",
    required: ["description"],
    properties: { description: { type: "string" } },
  });
  repository.description = body.description as string;
  return { status: 200, body: { success: true } };
};

/** A namespace admin deleting a missing repository gets 204; a real one is marked for deletion (§4, §V.5). */
const deleteRepository: Handler = (context) => {
  const repository = findRepository(context, "admin");
  if (repository) context.state.deleteRepository(repository);
  return { status: 204 };
};

const changeRepositoryVisibility: Handler = (context) => {
  const body = validatedBody(context, {
    type: "object",
    required: ["visibility"],
    properties: { visibility: { type: "string", enum: ["public", "private"] } },
  });
  const repository = findRepository(context, "admin");
  // The handler falls through for a missing repository: 200 null (§4).
  if (!repository) return { status: 200, body: null };
  repository.isPublic = body.visibility === "public";
  return { status: 200, body: { success: true } };
};

const changeRepositoryState: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  const body = validatedBody(context, {
    type: "object",
    required: ["state"],
    properties: { state: { type: "string", enum: ["NORMAL", "READ_ONLY", "MIRROR"] } },
  });
  repository.state = body.state as RepositoryRecord["state"];
  return { status: 200, body: { success: true } };
};

/** POST /user/starred `{namespace, repository}` — stars a repository the caller can read. */
const starRepository: Handler = (context) => {
  const caller = requireCaller(context);
  const body = validatedBody(context, {
    type: "object",
    required: ["namespace", "repository"],
    properties: { namespace: { type: "string" }, repository: { type: "string" } },
  });
  const repository = context.state.repositories.get(repositoryKey(body.namespace as string, body.repository as string));
  if (!repository || callerRepositoryRole(context, repository) === undefined)
    throw apiError(404, "Not Found", context.host);
  starsOf(context, caller.user).add(repository);
  return { status: 201, body: { namespace: repository.namespace, repository: repository.name } };
};

/** DELETE /user/starred/{repository} — unstars it; 204 whether it was starred or not. */
const unstarRepository: Handler = (context) => {
  const caller = requireCaller(context);
  const repository = context.state.repositories.get(context.params.repository);
  if (repository) starsOf(context, caller.user).delete(repository);
  return { status: 204 };
};

/** Repository routes, and stars for other clients. */
export const family: HandlerFamily = {
  routes: {
    createRepository: "POST /repository",
    listRepositories: "GET /repository",
    getRepository: "GET /repository/{repository}",
    updateRepository: "PUT /repository/{repository}",
    deleteRepository: "DELETE /repository/{repository}",
    changeRepositoryVisibility: "POST /repository/{repository}/changevisibility",
    changeRepositoryState: "PUT /repository/{repository}/changestate",
    /** Stars a repository. */
    starRepository: "POST /user/starred",
    /** Unstars it. */
    unstarRepository: "DELETE /user/starred/{repository}",
  },
  handlers: {
    createRepository,
    listRepositories,
    getRepository,
    updateRepository,
    deleteRepository,
    changeRepositoryVisibility,
    changeRepositoryState,
    starRepository,
    unstarRepository,
  },
};
