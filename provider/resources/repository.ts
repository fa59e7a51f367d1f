/** `Repository`: an image repository in an organization or user namespace. Routes: docs/quay-behavior.md §4. */
import { z } from "zod";
import type { QuayClient } from "../quay/client";
import { isQuayError, QuayOperationError } from "../quay/errors";
import { commonRoutes, defineRoutes, notFound } from "../quay/routes";
import { completing } from "./_shared/completing";
import { defineResource, type ListScope } from "./_shared/define";
import { forceDeleteInput, refuseUnlessForced } from "./_shared/force-delete";
import { idFormat } from "./_shared/id-format";
import { namespaceName, namespacePart, repositoryName, repositoryNamePart } from "./_shared/names";
import { organizationRoutes } from "./organization";

/** The repository routes, with the common ones the kind calls. */
export const repositoryRoutes = {
  listRepositories: commonRoutes.listRepositories,
  getUser: commonRoutes.getUser,
  ...defineRoutes({
    /** POST /repository — answers 201 `{namespace, name, kind}`. */
    createRepository: { method: "POST", path: "/repository", ok: [201], scope: "repo:create" },
    /** GET /repository/{repository} — 404 for admins, 403 for others, when missing. */
    getRepository: {
      method: "GET",
      path: "/repository/{repository}",
      ok: [200],
      absent: [notFound],
      scope: "repo:read",
    },
    /** PUT /repository/{repository} — changes the description only. */
    updateRepository: { method: "PUT", path: "/repository/{repository}", ok: [200], scope: "repo:write" },
    /** DELETE /repository/{repository} — 204, also when the repository is already gone. */
    deleteRepository: {
      method: "DELETE",
      path: "/repository/{repository}",
      ok: [204],
      absent: [notFound],
      scope: "repo:admin",
    },
    /** POST /repository/{repository}/changevisibility — `{visibility}`; 200 null when the repository is missing. */
    changeRepositoryVisibility: {
      method: "POST",
      path: "/repository/{repository}/changevisibility",
      ok: [200],
      retrySafe: true,
      scope: "repo:admin",
    },
    /** PUT /repository/{repository}/changestate — NORMAL, READ_ONLY or MIRROR; needs FEATURE_REPO_MIRROR. */
    changeRepositoryState: {
      method: "PUT",
      path: "/repository/{repository}/changestate",
      ok: [200],
      scope: "repo:admin",
      requires: "FEATURE_REPO_MIRROR",
    },
  }),
};

const listReply = z.object({
  repositories: z.array(
    z.object({
      namespace: z.string(),
      name: z.string(),
      description: z.string().nullish(),
      is_public: z.boolean(),
      state: z.string(),
    }),
  ),
  next_page: z.string().optional(),
});

/** The tags of a repository view: Quay includes up to 500 by name. */
const tagsReply = z.object({ tags: z.record(z.string(), z.unknown()).optional() });

type ListedRepository = z.output<typeof listReply>["repositories"][number];

/**
 * Every repository of `namespace`, in pages of 100 shared by all the reads of a run, so a refresh costs
 * one request per hundred repositories instead of one each.
 */
async function listNamespace(client: QuayClient, namespace: string): Promise<ListedRepository[]> {
  const found: ListedRepository[] = [];
  let nextPage: string | undefined;
  do {
    const page = await client.cachedRead(repositoryRoutes.listRepositories, listReply, {
      query: { namespace, next_page: nextPage },
    });
    if (page === undefined) break;
    found.push(...page.repositories.filter((entry) => entry.namespace === namespace));
    nextPage = page.next_page;
  } while (nextPage);
  return found;
}

const manageableStates = ["NORMAL", "READ_ONLY", "MIRROR"] as const;

const repositoryId = idFormat("Repository", "{namespace}/{name}", {
  namespace: namespacePart,
  name: repositoryNamePart,
});

/** A listed repository as the kind describes it. */
function describe(found: ListedRepository) {
  // ORG_MIRROR and MARKED_FOR_DELETION are Quay's own states, not ones a program declares.
  const state = (manageableStates as readonly string[]).includes(found.state)
    ? (found.state as (typeof manageableStates)[number])
    : undefined;
  const id = repositoryId.build({ namespace: found.namespace, name: found.name });
  return {
    id,
    namespace: found.namespace,
    name: found.name,
    visibility: found.is_public ? ("public" as const) : ("private" as const),
    description: found.description ?? "",
    state,
    fullName: id,
  };
}

/** The `Repository` kind. */
export const repository = defineResource({
  kind: "Repository",
  description:
    "An image repository. Quay gives the user who creates it an explicit admin permission and applies " +
    "the organization's default permissions to it; those permissions are not managed by this resource.",
  example:
    'const api = new quay.Repository("api", { namespace: org.name, name: "api", visibility: "private", description: "The API image" });',
  inputs: z.object({
    namespace: namespaceName().meta({
      description: "Organization or user that owns the repository. Changing it replaces the repository.",
      replaceOnChange: true,
      references: "Organization.name",
    }),
    name: repositoryName().meta({
      description:
        "Repository name; may be nested, like `team/app`, when Quay's extended repository names are on (the " +
        "default). Changing it replaces the repository.",
      replaceOnChange: true,
    }),
    visibility: z
      .enum(["public", "private"], { error: "must be public or private" })
      .default("private")
      .meta({ description: "Who can pull: `public` or `private` (default). Updated in place." }),
    description: z
      .string()
      .default("")
      .meta({ description: "Markdown description shown in Quay. Default empty. Updated in place." }),
    state: z
      .enum(manageableStates, { error: "must be NORMAL, READ_ONLY or MIRROR" })
      .optional()
      .meta({
        description:
          "`NORMAL`, `READ_ONLY` (no pushes) or `MIRROR`. Needs `FEATURE_REPO_MIRROR`. Leave it unset for " +
          "repositories a `RepositoryMirror` manages: the mirror sets it. Updated in place.",
        serverDefault: "NORMAL",
      }),
    forceDelete: forceDeleteInput(
      "Whether deleting the repository may also delete the tags it holds, and with them their images. " +
        "Default false: the delete (or a replacement's) is refused while the repository holds tags, naming " +
        "them, and nothing is deleted.",
    ),
  }),
  outputs: z.object({
    fullName: z.string().meta({
      description: "`<namespace>/<name>`: what permissions, notifications and mirrors take as `repository`.",
    }),
  }),
  id: repositoryId,
  naturalKey: ["namespace", "name"],
  routes: repositoryRoutes,
  sample: { namespace: "kinds", name: "nested/app", visibility: "public" },
  notes: [
    "Visibility, description and state change through three different Quay endpoints; only the changed ones are called.",
    "Quay gives the creating user an explicit `admin` permission on the new repository and applies the " +
      "organization's default permissions (prototypes). `RepositoryPermission` resources for other subjects do not fight them.",
    "Deleting a repository frees its name at once (Quay garbage-collects the images later).",
    "A repository that holds tags is not deleted (nor replaced) unless `forceDelete` is true: the delete fails, " +
      "naming the tags, and deletes nothing.",
  ],

  label: (inputs) => `${inputs.namespace}/${inputs.name}`,
  derive: (inputs) => ({ fullName: repositoryId.build({ namespace: inputs.namespace, name: inputs.name }) }),

  async list({ client }, scope: ListScope) {
    const namespace = "organization" in scope ? scope.organization : "user" in scope ? scope.user : undefined;
    return namespace === undefined ? [] : (await listNamespace(client, namespace)).map(describe);
  },

  async locate(_context, inputs) {
    return repositoryId.build({ namespace: inputs.namespace, name: inputs.name });
  },

  async create({ client }, inputs) {
    try {
      await client.request(repositoryRoutes.createRepository, {
        body: {
          namespace: inputs.namespace,
          repository: inputs.name,
          visibility: inputs.visibility,
          description: inputs.description,
        },
      });
    } catch (error) {
      // Quay answers a missing namespace with 403, or an HTML 500 to a superuser (§V.7): name the real cause.
      const refused = isQuayError(error, "QUAY_FORBIDDEN") || isQuayError(error, "QUAY_SERVER_ERROR");
      if (refused && !(await namespaceExists(client, inputs.namespace))) {
        throw new QuayOperationError(
          "QUAY_NOT_FOUND",
          `the namespace "${inputs.namespace}" does not exist in this Quay. Create the organization first: declare ` +
            "it and pass `namespace: org.name`, so Pulumi creates it before the repository.",
          { cause: error },
        );
      }
      throw error;
    }
    const id = repositoryId.build({ namespace: inputs.namespace, name: inputs.name });
    if (inputs.state !== undefined && inputs.state !== "NORMAL") {
      const state = inputs.state;
      await completing(id, ["state"], () =>
        client.request(repositoryRoutes.changeRepositoryState, { params: { repository: id }, body: { state } }),
      );
    }
    return { id, outputs: { fullName: id } };
  },

  async read({ client }, id) {
    const { namespace, name } = repositoryId.parse(id);
    const found = (await listNamespace(client, namespace)).find((entry) => entry.name === name);
    if (found === undefined) return undefined;
    const { id: _id, ...described } = describe(found);
    return described;
  },

  async update({ client }, id, _olds, news, changed) {
    const params = { repository: id };
    if (changed.has("description")) {
      await client.request(repositoryRoutes.updateRepository, { params, body: { description: news.description } });
    }
    if (changed.has("visibility")) {
      await client.request(repositoryRoutes.changeRepositoryVisibility, {
        params,
        body: { visibility: news.visibility },
      });
    }
    if (changed.has("state")) {
      await client.request(repositoryRoutes.changeRepositoryState, { params, body: { state: news.state } });
    }
    return { fullName: id };
  },

  async delete({ client }, id, state) {
    if (!state.forceDelete) {
      const current = await client.find(repositoryRoutes.getRepository, { params: { repository: id } });
      const tags = Object.keys(tagsReply.parse(current ?? {}).tags ?? {});
      refuseUnlessForced(tags.map((tag) => `tag ${tag}`));
    }
    // Quay answers 204 for a repository that is already gone (§4).
    await client.unlessAbsent(repositoryRoutes.deleteRepository, { params: { repository: id } });
  },
});

/** Whether an organization or user of that name exists; true when Quay will not say (so the first error stands). */
async function namespaceExists(client: QuayClient, namespace: string): Promise<boolean> {
  try {
    const [organization, user] = await Promise.all([
      client.find(organizationRoutes.getOrganization, { params: { orgname: namespace } }),
      client.find(repositoryRoutes.getUser, { params: { username: namespace } }),
    ]);
    return organization !== undefined || user !== undefined;
  } catch {
    return true;
  }
}
