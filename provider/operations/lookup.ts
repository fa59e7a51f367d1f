/**
 * Lookups: what a program reads about an object it uses but does not manage (an organization, a robot and
 * its token), with GET requests only, through the kind's own `locate` and `read`.
 */
import { findKind } from "../catalog";
import type { ConfigSource } from "../quay/config";
import { isQuayError } from "../quay/errors";
import { heldByQuay } from "../resources/_shared/define";
import { contextFor } from "./context";
import { describeFailure } from "./failure";
import { type PropertyBag, withoutUndefined } from "./values";

/** The object of `kind` that `key` (its natural key and `connection`) names, as the kind reads it, with its id. */
export async function lookup(kind: string, key: PropertyBag, config: ConfigSource): Promise<PropertyBag> {
  const definition = findKind(kind);
  if (definition.naturalKey.length === 0) throw new Error(`${kind} has no natural key to look it up by`);
  return describeFailure("looking up", definition, key, async () => {
    const context = contextFor(config, key);
    const id = await definition.locate(context, key as never);
    // `read` refreshes only what a program manages: ask for every input, so a lookup sees them all.
    const wanted = Object.fromEntries(Object.keys(definition.inputs.shape).map((name) => [name, heldByQuay]));
    const missing = `Quay has no ${kind} "${definition.label(key as never)}" (or the token cannot see it)`;
    const found =
      id === undefined
        ? undefined
        : ((await definition.read(context, id, { ...wanted, ...key } as never).catch((error: unknown) => {
            // Quay answers 403 about an organization that does not exist to all but superusers.
            if (!isQuayError(error, "QUAY_FORBIDDEN")) throw error;
            throw new Error(`${missing}: ${(error as Error).message}`, { cause: error });
          })) as PropertyBag | undefined);
    if (id === undefined || found === undefined) throw new Error(missing);
    const known = Object.fromEntries(Object.entries(found).filter(([, value]) => value !== heldByQuay));
    return withoutUndefined({ ...key, ...known, id, quayUrl: context.quayUrl });
  });
}
