/** `Repository`: an image repository in an organization or user namespace. Routes: quay-behavior.md §4. */
import { z } from "zod";
import { parseReply, type QuayClient } from "../quay/client";
import { routes } from "../quay/routes";
import { defineResource } from "./_shared/define";
import { namespaceName, repositoryName, repositoryReference, splitRepository } from "./_shared/names";

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

/**
 * A repository as the namespace's list shows it: pages of 100 shared by every repository of the
 * namespace, so a refresh costs one request per hundred repositories instead of one each.
 */
async function findListed(client: QuayClient, namespace: string, name: string) {
  let nextPage: string | undefined;
  do {
    const reply = await client.cachedFind(routes.listRepositories, { query: { namespace, next_page: nextPage } });
    if (reply === undefined) return undefined;
    const page = parseReply(routes.listRepositories, listReply, reply);
    const found = page.repositories.find((entry) => entry.namespace === namespace && entry.name === name);
    if (found) return found;
    nextPage = page.next_page;
  } while (nextPage);
  return undefined;
}

const manageableStates = ["NORMAL", "READ_ONLY", "MIRROR"] as const;

const repositoryId = {
  format: "<namespace>/<name>",
  parse: (id: string) => {
    if (!repositoryReference().safeParse(id).success) {
      throw new Error(`Repository id "${id}" is not valid: expected <namespace>/<name>`);
    }
    return splitRepository(id);
  },
};

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
      }),
  }),
  outputs: z.object({
    fullName: z.string().meta({
      description: "`<namespace>/<name>`: what permissions, notifications and mirrors take as `repository`.",
    }),
  }),
  id: repositoryId,
  deleteBeforeReplace: true,
  notes: [
    "Visibility, description and state change through three different Quay endpoints; only the changed ones are called.",
    "Quay gives the creating user an explicit `admin` permission on the new repository and applies the " +
      "organization's default permissions (prototypes). `RepositoryPermission` resources for other subjects do not fight them.",
    "Deleting a repository frees its name at once (Quay garbage-collects the images later).",
  ],
  routes: [
    routes.createRepository,
    routes.listRepositories,
    routes.updateRepository,
    routes.changeRepositoryVisibility,
    routes.changeRepositoryState,
    routes.deleteRepository,
  ],

  derive: (inputs) => ({ fullName: `${inputs.namespace}/${inputs.name}` }),

  async locate(_context, inputs) {
    return `${inputs.namespace}/${inputs.name}`;
  },

  async create({ client }, inputs) {
    await client.request(routes.createRepository, {
      body: {
        namespace: inputs.namespace,
        repository: inputs.name,
        visibility: inputs.visibility,
        description: inputs.description,
      },
    });
    const id = `${inputs.namespace}/${inputs.name}`;
    if (inputs.state !== undefined && inputs.state !== "NORMAL") {
      await client.request(routes.changeRepositoryState, { params: { repository: id }, body: { state: inputs.state } });
    }
    return { id, outputs: { fullName: id } };
  },

  async read({ client }, id) {
    const { namespace, name } = repositoryId.parse(id);
    const found = await findListed(client, namespace, name);
    if (found === undefined) return undefined;
    // ORG_MIRROR and MARKED_FOR_DELETION are Quay's own states, not ones a program declares.
    const state = (manageableStates as readonly string[]).includes(found.state)
      ? (found.state as (typeof manageableStates)[number])
      : undefined;
    return {
      namespace: found.namespace,
      name: found.name,
      visibility: found.is_public ? ("public" as const) : ("private" as const),
      description: found.description ?? "",
      state,
      fullName: id,
    };
  },

  async update({ client }, id, olds, news) {
    const params = { repository: id };
    if (olds.description !== news.description) {
      await client.request(routes.updateRepository, { params, body: { description: news.description } });
    }
    if (olds.visibility !== news.visibility) {
      await client.request(routes.changeRepositoryVisibility, { params, body: { visibility: news.visibility } });
    }
    if (news.state !== undefined && olds.state !== news.state) {
      await client.request(routes.changeRepositoryState, { params, body: { state: news.state } });
    }
    return { fullName: id };
  },

  async delete({ client }, id) {
    // Quay answers 204 for a repository that is already gone (§4).
    await client.find(routes.deleteRepository, { params: { repository: id } });
  },
});
