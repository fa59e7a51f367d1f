/**
 * An object described whole, every input Quay can tell, as `pulumi import` needs it: the kind's `list` of
 * the object's scope (found from its id) describes it as the exporter sees it; otherwise it is read with
 * the id's parts, reading every input.
 */
import { isAbsent } from "../quay/errors";
import type { AnyResourceDefinition, CrudContext, ListScope } from "../resources/_shared/define";
import type { PropertyBag } from "./values";

/** The scopes in which the object of an id may be listed, most likely first. */
function scopesOf(parts: Record<string, string>): ListScope[] {
  if (parts.repository) return [{ repository: parts.repository }];
  if (parts.scope) return [parts.scope.includes("/") ? { repository: parts.scope } : { organization: parts.scope }];
  const namespace = parts.organization ?? parts.namespace;
  return namespace ? [{ organization: namespace }, { user: namespace }] : [];
}

/** The object `id` with every input and output Quay can tell; undefined when it does not exist. */
export async function describeWhole(
  definition: AnyResourceDefinition,
  context: CrudContext,
  id: string,
): Promise<PropertyBag | undefined> {
  const parts = definition.id.parse(id);
  for (const scope of definition.list ? scopesOf(parts) : []) {
    const listed = await definition.list!(context, scope).catch((error: unknown) => {
      if (isAbsent(error)) return [];
      throw error;
    });
    const match = listed.find((entry) => entry.id === id);
    if (match) {
      const { id: _id, ...state } = match;
      return state;
    }
  }
  return (await definition.read(context, id, parts as never, "everything")) as PropertyBag | undefined;
}
