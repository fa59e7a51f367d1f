/**
 * A repository's tags: `endpoints/api/tag.py` as docs/quay-behavior.md §15 and §V.19 describe it. The
 * list shows live tags and, unless `onlyActiveTags`, the versions that ended, newest first, a page at a
 * time; a `PUT` moves a tag to a manifest the repository has (or sets its expiration or immutability), a
 * `DELETE` ends it. Tags pushed through the emulator's control API are the same tags.
 */
import { type Handler, type HandlerFamily, queryFlag, type RequestContext, validatedBody } from "../context";
import { immutableTagsOf } from "../organization-modes";
import { callerRepositoryRole, requireRepository, roleAtLeast, unauthorized } from "../permissions";
import type { RepositoryRecord } from "../records";
import { apiError, messageError, Reply } from "../replies";
import { endedTagsOf, endTag, hasManifest, pointTag } from "../tag-history";
import { rfc2822 } from "./robots";

/** `util/names.py:TAG_REGEX`, and the message of a name that fails it. */
const tagPattern = /^[\w][\w.-]{0,127}$/;
const tagError = 'Invalid tag: must match [A-Za-z0-9_.-], NOT start with "." or "-", and can contain 1-128 characters';

/** The numbers Quay's `RepositoryState` stores, which its 503 prints. */
const stateNumbers: Record<RepositoryRecord["state"], number> = {
  NORMAL: 0,
  READ_ONLY: 1,
  MIRROR: 2,
  MARKED_FOR_DELETION: 3,
};

/** One version of a tag, live or ended, as the list shows it. */
interface TagVersion {
  name: string;
  manifestDigest: string;
  size: number;
  start: Date;
  end: Date | undefined;
}

/** `_tag_dict`. */
function tagView(context: RequestContext, repository: RepositoryRecord, version: TagVersion) {
  const live = repository.tags.get(version.name);
  const current = live !== undefined && live.pushed === version.start;
  const view: Record<string, unknown> = { name: version.name, reversion: false };
  if (context.features.immutableTags) {
    view.immutable = current && immutableTagsOf(context.state, repository).has(version.name);
  }
  view.start_ts = Math.floor(version.start.getTime() / 1000);
  if (version.end) view.end_ts = Math.floor(version.end.getTime() / 1000);
  Object.assign(view, {
    manifest_digest: version.manifestDigest,
    is_manifest_list: false,
    size: version.size,
    last_modified: rfc2822(version.start),
  });
  if (version.end) view.expiration = rfc2822(version.end);
  return view;
}

/** Every version of the repository's tags, newest first, then by name (`list_repository_tag_history`). */
function tagVersions(context: RequestContext, repository: RepositoryRecord): TagVersion[] {
  const live = [...repository.tags].map(([name, tag]) => ({
    name,
    manifestDigest: tag.manifestDigest,
    size: tag.size,
    start: tag.pushed,
    end: tag.expires,
  }));
  return [...live, ...endedTagsOf(context.state, repository)].sort(
    (left, right) => right.start.getTime() - left.start.getTime() || left.name.localeCompare(right.name),
  );
}

/** A whole-number query parameter as Flask-RESTful's `reqparse` reads it: 400 with its help text otherwise. */
function intParameter(context: RequestContext, name: string, fallback: number, help: string): number {
  const value = context.query.get(name);
  if (value === null) return fallback;
  if (!/^[-+]?\d+$/.test(value.trim())) throw new Reply(400, { message: { [name]: help } });
  return Number(value);
}

/** GET /repository/{repository}/tag/ — `page` from 1, `limit` 1–100 (50), `onlyActiveTags`, `specificTag`, `filter_tag_name`. */
const listTags: Handler = (context) => {
  const repository = requireRepository(context, "read");
  const page = Math.max(1, intParameter(context, "page", 1, "Page index for the results. Default 1."));
  const limit = Math.min(
    100,
    Math.max(1, intParameter(context, "limit", 50, "Limit to the number of results to return per page. Max 100.")),
  );
  const now = context.state.clock();
  let versions = tagVersions(context, repository);
  const filter = context.query.get("filter_tag_name");
  if (filter) {
    const [operation, value] = filter.includes(":")
      ? [filter.slice(0, filter.indexOf(":")), filter.slice(filter.indexOf(":") + 1)]
      : ["", ""];
    if (operation !== "like" && operation !== "eq") {
      throw messageError(
        400,
        "Unsupported syntax for filter_tag_name. Expected <operation>:<tag_name> where <operation>can be 'like' or 'eq'.",
      );
    }
    versions = versions.filter((version) =>
      operation === "eq" ? version.name === value : version.name.includes(value),
    );
  }
  const specific = context.query.get("specificTag");
  if (specific) versions = versions.filter((version) => version.name === specific);
  if (queryFlag(context, "onlyActiveTags")) {
    versions = versions.filter((version) => version.end === undefined || version.end.getTime() > now);
  }
  const shown = versions.slice(limit * (page - 1), limit * page);
  return {
    status: 200,
    body: {
      tags: shown.map((version) => tagView(context, repository, version)),
      page,
      has_additional: versions.length > limit * page,
    },
  };
};

/** Write access, and a repository in the NORMAL state (`disallow_for_non_normal_repositories`). */
function writableRepository(context: RequestContext): RepositoryRecord {
  const repository = requireRepository(context, "write");
  if (repository.state !== "NORMAL") {
    throw messageError(503, `Repository is in read only or mirror mode: ${stateNumbers[repository.state]}`);
  }
  return repository;
}

/** Quay's 409 for a change an immutable tag refuses. */
function immutable(context: RequestContext, operation: string) {
  return apiError(409, `Cannot ${operation} immutable tag '${context.params.tag}'`, context.host, "tag_immutable");
}

/** PUT /repository/{repository}/tag/{tag} `{manifest_digest?, expiration?, immutable?}` — 201 "Updated". */
const changeTag: Handler = (context) => {
  const repository = writableRepository(context);
  const body = validatedBody(context, {
    type: "object",
    description: "Makes changes to a specific tag",
    properties: {
      manifest_digest: { type: ["string", "null"] },
      expiration: { type: ["number", "null"] },
      immutable: { type: "boolean" },
    },
  });
  const name = context.params.tag;
  if (!tagPattern.test(name)) throw messageError(400, tagError);
  const frozen = immutableTagsOf(context.state, repository);
  if ("expiration" in body) {
    const tag = repository.tags.get(name);
    if (!tag) throw apiError(404, "Not Found", context.host);
    if (frozen.has(name)) throw immutable(context, "set expiration on");
    const seconds = body.expiration as number | null;
    if (seconds !== null && seconds * 1000 <= context.state.clock())
      throw messageError(400, "The browser (or proxy) sent a request that this server could not understand.");
    tag.expires = seconds === null ? undefined : new Date(seconds * 1000);
  }
  if ("immutable" in body && context.features.immutableTags) {
    if (!repository.tags.has(name)) throw apiError(404, "Not Found", context.host);
    // Making a tag mutable again needs admin.
    if (!body.immutable && frozen.has(name) && !roleAtLeast(callerRepositoryRole(context, repository), "admin")) {
      throw unauthorized(context);
    }
    if (body.immutable) frozen.add(name);
    else frozen.delete(name);
  }
  if ("manifest_digest" in body) {
    const digest = body.manifest_digest as string | null;
    if (digest === null || !hasManifest(context.state, repository, digest))
      throw apiError(404, "Not Found", context.host);
    if (frozen.has(name)) throw immutable(context, "overwrite");
    const source = [...repository.tags.values(), ...endedTagsOf(context.state, repository)].find(
      (tag) => tag.manifestDigest === digest,
    )!;
    pointTag(context.state, repository, name, { manifestDigest: digest, size: source.size });
  }
  return { status: 201, body: "Updated" };
};

/** DELETE /repository/{repository}/tag/{tag} — ends the live tag; 404 when there is none, 409 when immutable. */
const deleteTag: Handler = (context) => {
  const repository = writableRepository(context);
  const name = context.params.tag;
  const live = repository.tags.get(name);
  if (!live || (live.expires && live.expires.getTime() <= context.state.clock())) {
    throw apiError(404, "Not Found", context.host);
  }
  if (immutableTagsOf(context.state, repository).has(name)) throw immutable(context, "delete");
  endTag(context.state, repository, name);
  return { status: 204 };
};

/** The tag routes. */
export const family: HandlerFamily = {
  routes: {
    listTags: "GET /repository/{repository}/tag/",
    changeTag: "PUT /repository/{repository}/tag/{tag}",
    deleteTag: "DELETE /repository/{repository}/tag/{tag}",
  },
  handlers: { listTags, changeTag, deleteTag },
};
