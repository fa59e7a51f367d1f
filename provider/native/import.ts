/**
 * `pulumi import` in native mode: the engine asks for an object by id alone, and gets back every input
 * Quay can tell, so a program declaring the same object previews no change. The kind's `list` of the
 * object's scope (found from the id) describes it whole; kinds without one are read with the id's parts.
 */
import { findKind } from "../catalog";
import { contextFor } from "../operations/context";
import { record } from "../operations/create";
import { describeFailure } from "../operations/failure";
import type { PropertyBag } from "../operations/values";
import type { ConfigSource } from "../quay/config";
import { isAbsent } from "../quay/errors";
import { heldByQuay, type ListScope, metaOf } from "../resources/_shared/define";

/** The scopes in which the object of an id may be listed, most likely first. */
function scopesOf(parts: Record<string, string>): ListScope[] {
  if (parts.repository) return [{ repository: parts.repository }];
  if (parts.scope) return [parts.scope.includes("/") ? { repository: parts.scope } : { organization: parts.scope }];
  const namespace = parts.organization ?? parts.namespace;
  return namespace ? [{ organization: namespace }, { user: namespace }] : [];
}

/** The object `id` of `kind` with every input Quay can tell; undefined when it does not exist. */
export async function importById(
  kind: string,
  config: ConfigSource | undefined,
  id: string,
): Promise<{ id: string; props: PropertyBag; inputs: PropertyBag } | undefined> {
  const definition = findKind(kind);
  const parts = definition.id.parse(id);
  return describeFailure("importing", definition, parts, async () => {
    const context = contextFor(config, {});
    let found: PropertyBag | undefined;
    for (const scope of definition.list ? scopesOf(parts) : []) {
      const listed = await definition.list!(context, scope).catch((error: unknown) => {
        if (isAbsent(error)) return [];
        throw error;
      });
      const match = listed.find((entry) => entry.id === id);
      if (match) {
        const { id: _id, ...state } = match;
        found = state;
        break;
      }
    }
    found ??= (await definition.read(context, id, parts as never)) as PropertyBag | undefined;
    if (found === undefined) return undefined;
    // What Quay never returns is not part of the import: the program sets it, and the next up sends it.
    const inputs = Object.fromEntries(
      Object.keys(definition.inputs.shape)
        .filter((key) => key !== "connection" && !metaOf(definition.inputs.shape[key]).writeOnly)
        .flatMap((key) => (found[key] === undefined || found[key] === heldByQuay ? [] : [[key, found[key]]])),
    );
    const outputs = Object.fromEntries(Object.keys(definition.outputs.shape).map((key) => [key, found[key]]));
    return { id, props: record(id, { ...inputs, ...outputs }, context).outs, inputs };
  });
}
