/**
 * Reads what a Quay namespace holds, with GET requests only, by walking the kinds: each kind lists its
 * objects in an organization, in the token user's namespace, or in each repository found there.
 * Objects Quay makes itself (the `owners` team) are left out.
 */
import { z } from "zod";
import { kinds } from "../catalog";
import { QuayOperationError } from "../quay/errors";
import { commonRoutes } from "../quay/routes";
import type { AnyResourceDefinition, CrudContext, ListScope } from "../resources/_shared/define";

/** One object found in Quay: its kind, id, and state (observable inputs and outputs). */
export interface FoundObject {
  kind: AnyResourceDefinition;
  id: string;
  state: Record<string, unknown>;
}

/** A namespace and everything found in it, in kind order. */
export interface FoundNamespace {
  name: string;
  type: "organization" | "user";
  objects: FoundObject[];
  /** The user whose token read it: Quay gives the creator of a repository its admin role by itself. */
  reader: string;
}

/** The token's user, read once per run. */
async function reader(context: CrudContext): Promise<string> {
  const reply = await context.client.cachedRead(commonRoutes.getCurrentUser, z.object({ username: z.string() }));
  return reply?.username ?? "";
}

/** Every object of every kind in `scope`, Quay's automatic ones left out. */
async function listAll(context: CrudContext, scope: ListScope): Promise<FoundObject[]> {
  const found = await Promise.all(
    kinds.map(async (kind) => {
      const listed = kind.list ? await kind.list(context, scope) : [];
      return listed
        .filter((entry) => !kind.automatic?.(entry as never))
        .map(({ id, ...state }) => ({ kind, id, state: state as Record<string, unknown> }));
    }),
  );
  return found.flat();
}

/** The objects in a namespace, then those in each of its repositories. */
async function walk(context: CrudContext, scope: ListScope): Promise<FoundObject[]> {
  const top = await listAll(context, scope);
  const repositories = top.filter((object) => object.kind.kind === "Repository");
  const inside = await Promise.all(
    repositories.map((repository) => listAll(context, { repository: String(repository.state.fullName) })),
  );
  return [...top, ...inside.flat()];
}

/** Reads organization `name` and everything it holds. */
export async function collectOrganization(context: CrudContext, name: string): Promise<FoundNamespace> {
  const organization = kinds.find((kind) => kind.kind === "Organization")!;
  const state = await organization.read(context, organization.id.build({ name }), {});
  if (state === undefined) {
    throw new QuayOperationError("QUAY_NOT_FOUND", `organization "${name}" does not exist, or the token cannot see it`);
  }
  const root: FoundObject = { kind: organization, id: name, state: state as Record<string, unknown> };
  const objects = [root, ...(await walk(context, { organization: name }))];
  return { name, type: "organization", objects, reader: await reader(context) };
}

/** Reads the token user's own robots and repositories. */
export async function collectUserNamespace(context: CrudContext): Promise<FoundNamespace> {
  const username = await reader(context);
  return { name: username, type: "user", objects: await walk(context, { user: username }), reader: username };
}
